# SPDX-License-Identifier: GPL-2.0
"""`make demo`: the main job, end to end, inside the VM.

Loads the module with modprobe, enables one cgroup, runs a reader (a
stand-in for a compositor) in it, records while a uinput keyboard types and
a uinput mouse moves, then prints the dump and the status.
Usage: demo.py INPUTTRACE_BINARY WORKDIR
"""
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evdev_helpers import (BTN_LEFT, EV_KEY, EV_REL, EV_SYN,  # noqa: E402
                           REL_X, REL_Y, SYN_REPORT, UinputDevice, key_taps)

IT, WORK = os.path.abspath(sys.argv[1]), sys.argv[2]
HELPERS = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "evdev_helpers.py")
APP_CG = "/demo.slice/app"


def run(cmd):
    print("\n$ " + cmd, flush=True)
    subprocess.run(cmd, shell=True, check=True)


def reader(node, count, comm):
    def join():
        with open("/sys/fs/cgroup" + APP_CG + "/cgroup.procs", "w") as f:
            f.write(str(os.getpid()))
    p = subprocess.Popen([sys.executable, HELPERS, "read", node, str(count),
                          comm], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True, preexec_fn=join)
    p.stdout.readline()
    return p


def main():
    run("modprobe evdev && modprobe uinput && modprobe inputtrace")
    run("mkdir -p /sys/fs/cgroup" + APP_CG)
    run("echo +%s > /sys/kernel/inputtrace/cgroups" % APP_CG)
    run("echo 1 > /sys/kernel/inputtrace/enabled")
    run("dmesg | grep 'inputtrace:' | tail -n 3")
    run(IT + " status")

    kbd = UinputDevice("Demo Keyboard", keys=list(range(1, 128)))
    mouse = UinputDevice("Demo Mouse", keys=[BTN_LEFT],
                         rels=[REL_X, REL_Y], product=0x5678)
    typing = key_taps([35, 18, 38, 38, 24, 28])  # h e l l o Enter
    moving = [(EV_REL, REL_X, 10), (EV_REL, REL_Y, 4), (EV_SYN, SYN_REPORT, 0),
              (EV_KEY, BTN_LEFT, 1), (EV_SYN, SYN_REPORT, 0),
              (EV_KEY, BTN_LEFT, 0), (EV_SYN, SYN_REPORT, 0)]

    trace = WORK + "/demo.itr"
    print("\n$ %s record -o %s &   # the app's reads are traced" % (IT, trace))
    # --plaintext: the demo dumps without a key, whatever /etc configures
    rec = subprocess.Popen([IT, "record", "-o", trace, "--plaintext"])
    time.sleep(0.5)
    while rec.poll() is None and not os.path.exists(trace):
        time.sleep(0.1)
    time.sleep(0.5)
    readers = [reader(kbd.node, len(typing), "compositor"),
               reader(mouse.node, len(moving), "compositor")]
    kbd.emit(typing)
    mouse.emit(moving)
    for r in readers:
        r.stdout.read()  # ends with DONE once it has read everything
        r.wait()
    time.sleep(0.3)
    rec.send_signal(signal.SIGINT)
    rec.wait()
    kbd.close()
    mouse.close()

    run("%s dump %s" % (IT, trace))
    run("%s dump --format json %s | head -n 4" % (IT, trace))
    run(IT + " status")
    print("\nlevel is 'redacted' by default: key codes never left the kernel "
          "(only their class), pointer data is exact.")


if __name__ == "__main__":
    main()

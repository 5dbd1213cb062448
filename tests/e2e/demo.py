# SPDX-License-Identifier: GPL-2.0
"""`make demo`: the main job, end to end, inside the VM.

Loads the module with modprobe, enables one cgroup, runs a reader (a
stand-in for a compositor) in it, records while a uinput keyboard types and
a uinput mouse moves, then prints the dump and the status.  Then a few
seconds of paced, realistic input (a 1 kHz mouse, a two-finger touchpad
at 125 Hz, typing) read by the compositor and a second client: `report`,
`report --plot WORKDIR/report-vm.png` (the README's picture) and `export`.
Usage: demo.py INPUTTRACE_BINARY WORKDIR
"""
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_stream import (ABS_MT_POSITION_X, ABS_MT_POSITION_Y,  # noqa: E402
                          ABS_MT_SLOT, ABS_MT_TRACKING_ID, ABS_X, ABS_Y,
                          BTN_TOOL_DOUBLETAP, BTN_TOUCH, EV_ABS, Touchpad)
from evdev_helpers import (BTN_LEFT, EV_KEY, EV_REL, EV_SYN,  # noqa: E402
                           EVENT, REL_X, REL_Y, SYN_REPORT, UinputDevice,
                           key_taps)

IT, WORK = os.path.abspath(sys.argv[1]), sys.argv[2]
HELPERS = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "evdev_helpers.py")
APP_CG = "/demo.slice/app"


def run(cmd):
    print("\n$ " + cmd, flush=True)
    subprocess.run(cmd, shell=True, check=True)


def reader(node, count, comm, *opts):
    def join():
        with open("/sys/fs/cgroup" + APP_CG + "/cgroup.procs", "w") as f:
            f.write(str(os.getpid()))
    p = subprocess.Popen([sys.executable, HELPERS, "read", node, str(count),
                          comm] + list(opts), stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True, preexec_fn=join)
    p.stdout.readline()
    return p


def frames(ms):
    """What each device sends at millisecond @ms of the paced session:
    (device index, events) for the mouse (every 1 ms), the touchpad (two
    fingers moving, every 8 ms, lifted now and then) and the keyboard (a
    key every 150 ms, held 40 ms)."""
    out = [(0, [(EV_REL, REL_X, 1 + ms % 3), (EV_REL, REL_Y, -1 - ms % 2),
                (EV_SYN, SYN_REPORT, 0)])]
    phase = ms % 800
    if ms % 8 == 0 and phase < 600:
        tp = []
        for slot in (0, 1):
            tp.append((EV_ABS, ABS_MT_SLOT, slot))
            if phase == 0:
                tp.append((EV_ABS, ABS_MT_TRACKING_ID, ms // 800 * 2 + slot + 1))
            tp += [(EV_ABS, ABS_MT_POSITION_X, 1000 + slot * 800 + phase),
                   (EV_ABS, ABS_MT_POSITION_Y, 900 + phase // 2)]
        if phase == 0:
            tp += [(EV_KEY, BTN_TOUCH, 1), (EV_KEY, BTN_TOOL_DOUBLETAP, 1)]
        tp += [(EV_ABS, ABS_X, 1000 + phase), (EV_ABS, ABS_Y, 900 + phase // 2),
               (EV_SYN, SYN_REPORT, 0)]
        out.append((1, tp))
    elif ms % 800 == 600:
        out.append((1, [(EV_ABS, ABS_MT_SLOT, 0), (EV_ABS, ABS_MT_TRACKING_ID, -1),
                        (EV_ABS, ABS_MT_SLOT, 1), (EV_ABS, ABS_MT_TRACKING_ID, -1),
                        (EV_KEY, BTN_TOUCH, 0), (EV_KEY, BTN_TOOL_DOUBLETAP, 0),
                        (EV_SYN, SYN_REPORT, 0)]))
    if ms % 150 in (0, 40):
        out.append((2, [(EV_KEY, 30 + ms // 150 % 20, ms % 150 == 0),
                        (EV_SYN, SYN_REPORT, 0)]))
    return out


def realistic_session(seconds=4):
    """Record the paced session, then report, plot and export it."""
    devs = [UinputDevice("Demo Mouse 1kHz", keys=[BTN_LEFT], rels=[REL_X, REL_Y],
                         product=0x5679),
            Touchpad("Demo Touchpad"),
            UinputDevice("Demo Keyboard 2", keys=list(range(1, 128)))]
    trace = WORK + "/session.itr"
    print("\n$ %s record -o %s --plaintext &   # %d s of paced input"
          % (IT, trace, seconds), flush=True)
    rec = subprocess.Popen([IT, "record", "-o", trace, "--plaintext"],
                           stderr=subprocess.DEVNULL)
    while rec.poll() is None and not os.path.exists(trace):
        time.sleep(0.1)
    time.sleep(0.5)
    readers = [reader(d.node, 1 << 30, "compositor", "quiet") for d in devs]
    readers.append(reader(devs[0].node, 1 << 30, "game", "quiet"))  # a second client
    start = time.monotonic()
    for ms in range(seconds * 1000):
        for dev, evs in frames(ms):
            os.write(devs[dev].fd, b"".join(EVENT.pack(0, 0, *e) for e in evs))
        late = start + (ms + 1) / 1000 - time.monotonic()
        if late > 0:
            time.sleep(late)
    time.sleep(0.5)
    for r in readers:
        r.stdin.close()
        print("reader %d: %s" % (r.pid, r.stdout.readline().strip()))
        r.stdout.read()
        r.wait()
    rec.send_signal(signal.SIGINT)
    rec.wait()
    for d in devs:
        d.close()
    run("%s report %s" % (IT, trace))
    run("%s report --plot %s/report-vm.png %s" % (IT, WORK, trace))
    out = subprocess.run([IT, "dump", "--format", "json", trace], check=True,
                         capture_output=True, text=True).stdout
    mouse = [json.loads(ln)["dev_id"] for ln in out.splitlines()
             if '"kind":"device"' in ln and devs[0].name in ln][0]
    run("%s export --format evemu --device %d --reader %d %s | grep -v '^B: .. 00 00 00 00 00 00 00 00$' | head -n 16"
        % (IT, mouse, readers[0].pid, trace))


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
    realistic_session()


if __name__ == "__main__":
    main()

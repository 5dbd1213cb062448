# SPDX-License-Identifier: GPL-2.0
"""Worker processes of test_churn.py, each run in the cgroup under test.

  churn_helpers.py devices N PREFIX FRAMES [hold]
      N uinput devices PREFIX-0000...; for each: open its evdev node, let a
      reader thread read it, write FRAMES (REL_X i, SYN) frames and destroy
      the device at once, so reads race the unregistration.  Prints one
      line "DEV NAME DELIVERED" per device (events its reads returned),
      then DONE.  With `hold`, all N stay, each read to the end before the
      next is made; READY is printed, and they are destroyed when stdin
      closes.
  churn_helpers.py read NODE COMM LOG
      read NODE until an event REL_Y 1 (the end mark) or 600 s; print READY
      first and finally one JSON line: {"events": N, "ended": BOOL}.  LOG
      gets every read() that returned events as one JSON line
      [BEFORE, AFTER, [TYPE, CODE, VALUE, ...]]: CLOCK_MONOTONIC (what
      bpf_ktime_get_ns() reads) right before and after the call.
  churn_helpers.py policy LOG N SEED CGROUP...
      N random policy writes (enabled, paused, level, time_quantum_ns,
      adding/removing the CGROUPs with random options); each state the
      policy had is appended to LOG as one JSON line, with "t0" and "t1",
      CLOCK_MONOTONIC right before and after the write that made it (0 for
      the state found at the start).
"""
import json
import os
import random
import select
import sys
import threading
import time

from evdev_helpers import (EV_REL, EV_SYN, EVENT, REL_X, REL_Y, SYN_REPORT,
                           UinputDevice, set_comm)

SYSFS = "/sys/kernel/inputtrace/"


def _frames(n):
    out = []
    for i in range(n):
        out += [(EV_REL, REL_X, i + 1), (EV_SYN, SYN_REPORT, 0)]
    return out


def _read_until_gone(fd, counts, slot):
    """Count the events this fd's reads return until the device is gone."""
    n = 0
    while True:
        try:
            data = os.read(fd, EVENT.size * 64)
        except OSError:  # ENODEV: the device was unregistered
            break
        if not data:
            break
        n += len(data) // EVENT.size
    counts[slot] = n
    os.close(fd)


def devices_main(argv):
    n, prefix, frames = int(argv[0]), argv[1], int(argv[2])
    hold = len(argv) > 3 and argv[3] == "hold"
    set_comm("churn-rd")
    seq = _frames(frames)
    held = []
    for i in range(n):
        name = "%s-%04d" % (prefix, i)
        dev = UinputDevice(name, rels=[REL_X, REL_Y])
        fd = os.open(dev.node, os.O_RDONLY)
        if hold:  # read everything, keep the device
            dev.emit(seq, frame_gap=0)
            got = 0
            while got < len(seq):
                got += len(os.read(fd, EVENT.size * 64)) // EVENT.size
            held.append((dev, fd))
            print("DEV %s %d" % (name, got), flush=True)
            continue
        counts = [0]
        t = threading.Thread(target=_read_until_gone, args=(fd, counts, 0))
        t.start()
        dev.emit(seq, frame_gap=0)
        dev.close()  # while the thread may still be reading
        t.join()
        print("DEV %s %d" % (name, counts[0]), flush=True)
    if hold:
        print("READY", flush=True)
        sys.stdin.read()
        for dev, fd in held:
            dev.close()
            os.close(fd)
    print("DONE", flush=True)


def read_main(argv):
    node, comm, log_path = argv
    set_comm(comm)
    fd = os.open(node, os.O_RDONLY | os.O_NONBLOCK)
    print("READY %d" % os.getpid(), flush=True)
    events, calls = 0, []
    deadline = time.monotonic() + 600
    done = False
    while not done and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        before = time.monotonic_ns()
        try:
            data = os.read(fd, EVENT.size * 64)
        except BlockingIOError:
            continue
        after = time.monotonic_ns()
        got = []
        for i in range(0, len(data), EVENT.size):
            _, _, typ, code, value = EVENT.unpack_from(data, i)
            got += (typ, code, value)
            done = done or (typ, code, value) == (EV_REL, REL_Y, 1)
        events += len(data) // EVENT.size
        calls.append((before, after, got))
    with open(log_path, "w") as log:  # after the reads: not slowing them
        for call in calls:
            log.write(json.dumps(call) + "\n")
    print(json.dumps({"events": events, "ended": done}), flush=True)


def policy_main(argv):
    """The writer: each write is one of the policy's knobs, chosen at
    random; the state after every write that succeeded is logged (a write
    that fails changes nothing, so the state stays logged as it was)."""
    log_path, n, seed, cgroups = argv[0], int(argv[1]), int(argv[2]), argv[3:]
    r = random.Random(seed)
    fds = {a: os.open(SYSFS + a, os.O_WRONLY) for a in
           ("enabled", "paused", "level", "time_quantum_ns", "cgroups")}
    quanta = [0, 1000, 250000, 1000000, 7777777]
    state = {"enabled": int(open(SYSFS + "enabled").read()),
             "paused": int(open(SYSFS + "paused").read()),
             "level": open(SYSFS + "level").read().strip(),
             "quantum": int(open(SYSFS + "time_quantum_ns").read()),
             "entries": {}}
    for line in open(SYSFS + "cgroups").read().splitlines():
        path, *opts = line.split()
        opt = dict(o.split("=") for o in opts)
        state["entries"][path] = [opt.get("level"),
                                  int(opt["time_quantum_ns"])
                                  if "time_quantum_ns" in opt else None]
    failed = 0
    with open(log_path, "w") as log:
        log.write(json.dumps(dict(state, t0=0, t1=0)) + "\n")
        for _ in range(n):
            what = r.randrange(6)
            if what == 0:
                attr, v = "enabled", r.choice((0, 1, 1))
                text, key = str(v), "enabled"
            elif what == 1:
                attr, v = "paused", r.choice((0, 0, 1))
                text, key = str(v), "paused"
            elif what == 2:
                attr, v = "level", r.choice(("redacted", "full"))
                text, key = v, "level"
            elif what == 3:
                attr, v = "time_quantum_ns", r.choice(quanta)
                text, key = str(v), "quantum"
            else:
                attr, key = "cgroups", None
                path = r.choice(cgroups)
                if path in state["entries"] and r.random() < 0.5:
                    text, v = "-" + path, None
                else:
                    lv = r.choice((None, "redacted", "full"))
                    q = r.choice([None] + quanta)
                    text = "+" + path
                    text += " level=" + lv if lv else ""
                    text += " time_quantum_ns=%d" % q if q is not None else ""
                    v = [lv, q]
            t0 = time.monotonic_ns()
            try:
                os.write(fds[attr], text.encode())
            except OSError:
                failed += 1
                continue
            t1 = time.monotonic_ns()
            if key:
                state[key] = v
            elif v is None:
                del state["entries"][path]
            else:
                state["entries"][path] = v
            log.write(json.dumps(dict(state, t0=t0, t1=t1)) + "\n")
    print("WROTE %d FAILED %d" % (n - failed, failed), flush=True)


if __name__ == "__main__":
    modes = {"devices": devices_main, "read": read_main,
             "policy": policy_main}
    if len(sys.argv) < 2 or sys.argv[1] not in modes:
        sys.exit(__doc__)
    modes[sys.argv[1]](sys.argv[2:])

# SPDX-License-Identifier: GPL-2.0
"""Real uinput devices and real evdev readers for the VM end-to-end tests.

Stdlib only (the guest runs the host's python3 over 9p).  A UinputDevice
creates a virtual keyboard or mouse through /dev/uinput; run `python3
evdev_helpers.py read NODE COUNT` as a separate process (in the cgroup
under test) to be the consumer whose reads inputtrace must attribute.
"""
import ctypes
import os
import select
import struct
import sys
import time

EV_SYN, EV_KEY, EV_REL, EV_MSC = 0x00, 0x01, 0x02, 0x04
EV_LED, EV_REP = 0x11, 0x14
REP_DELAY, REP_PERIOD = 0, 1
SYN_REPORT = 0
REL_X, REL_Y, REL_WHEEL = 0x00, 0x01, 0x08
MSC_SCAN = 0x04
BTN_LEFT, BTN_RIGHT = 0x110, 0x111

EVENT = struct.Struct("qqHHi")  # struct input_event on x86_64


def _ioc(direction, typ, nr, size):
    return direction << 30 | size << 16 | ord(typ) << 8 | nr


_IOW = 1
_IOR = 2
UI_SET_EVBIT = _ioc(_IOW, "U", 100, 4)
UI_SET_KEYBIT = _ioc(_IOW, "U", 101, 4)
UI_SET_RELBIT = _ioc(_IOW, "U", 102, 4)
UI_SET_MSCBIT = _ioc(_IOW, "U", 104, 4)
UI_SET_LEDBIT = _ioc(_IOW, "U", 105, 4)
UI_DEV_SETUP = _ioc(_IOW, "U", 3, 92)
UI_DEV_CREATE = _ioc(0, "U", 1, 0)
UI_DEV_DESTROY = _ioc(0, "U", 2, 0)
EVIOCSCLOCKID = _ioc(_IOW, "E", 0xA0, 4)
EVIOCGRAB = _ioc(_IOW, "E", 0x90, 4)


def UI_GET_SYSNAME(length):
    return _ioc(_IOR, "U", 44, length)


def _ioctl(fd, request, arg=0):
    import fcntl
    return fcntl.ioctl(fd, request, arg)


class UinputDevice:
    """A virtual input device; events written here enter input_event()."""

    def __init__(self, name, keys=(), rels=(), mscs=(), product=0x1234,
                 leds=(), repeat=None):
        """repeat: (delay ms, period ms) of the kernel's autorepeat."""
        self.fd = os.open("/dev/uinput", os.O_WRONLY | os.O_NONBLOCK)
        if keys:
            _ioctl(self.fd, UI_SET_EVBIT, EV_KEY)
            for k in keys:
                _ioctl(self.fd, UI_SET_KEYBIT, k)
        if rels:
            _ioctl(self.fd, UI_SET_EVBIT, EV_REL)
            for r in rels:
                _ioctl(self.fd, UI_SET_RELBIT, r)
        if mscs:
            _ioctl(self.fd, UI_SET_EVBIT, EV_MSC)
            for m in mscs:
                _ioctl(self.fd, UI_SET_MSCBIT, m)
        if leds:
            _ioctl(self.fd, UI_SET_EVBIT, EV_LED)
            for led in leds:
                _ioctl(self.fd, UI_SET_LEDBIT, led)
        if repeat:
            _ioctl(self.fd, UI_SET_EVBIT, EV_REP)
        setup = struct.pack("HHHH80sI", 0x06, 0x1d6b, product, 1,
                            name.encode(), 0)
        _ioctl(self.fd, UI_DEV_SETUP, setup)
        _ioctl(self.fd, UI_DEV_CREATE)
        self.name = name
        sysname = _ioctl(self.fd, UI_GET_SYSNAME(64), bytes(64))
        self.sysname = sysname.split(b"\0", 1)[0].decode()
        self.node = self._wait_node()
        if repeat:
            # input_register_device() set 250/33; an EV_REP written to
            # uinput sets dev->rep[] (input_handle_event()); the SYN
            # sends them to nobody now, not to the first reader's frame
            self.emit([(EV_REP, REP_DELAY, repeat[0]),
                       (EV_REP, REP_PERIOD, repeat[1]),
                       (EV_SYN, SYN_REPORT, 0)], 0)

    def _wait_node(self):
        base = "/sys/devices/virtual/input/" + self.sysname
        for _ in range(500):
            try:
                for entry in os.listdir(base):
                    if entry.startswith("event"):
                        node = "/dev/input/" + entry
                        if os.path.exists(node):
                            return node
            except FileNotFoundError:
                pass
            time.sleep(0.01)
        raise RuntimeError("no evdev node for " + self.sysname)

    def emit(self, events, frame_gap=0.002):
        """Write (type, code, value) triples; pause after each SYN_REPORT."""
        for typ, code, value in events:
            os.write(self.fd, EVENT.pack(0, 0, typ, code, value))
            if typ == EV_SYN:
                time.sleep(frame_gap)

    def close(self):
        _ioctl(self.fd, UI_DEV_DESTROY)
        os.close(self.fd)


def key_taps(codes):
    """Press and release each key, a SYN_REPORT after each."""
    out = []
    for c in codes:
        out += [(EV_KEY, c, 1), (EV_SYN, SYN_REPORT, 0),
                (EV_KEY, c, 0), (EV_SYN, SYN_REPORT, 0)]
    return out


def set_comm(name):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(15, name.encode()[:15], 0, 0, 0)  # PR_SET_NAME


def read_main(argv):
    """read NODE COUNT COMM [CLOCKID|grab|quiet]...: print READY, then read
    COUNT events (SYN included) or until stdin closes/60 s pass, printing
    each event as soon as it has been read, then DONE.  `grab` takes the
    device for this reader alone (EVIOCGRAB, as keyd does) before READY;
    `quiet` prints only READ N at the end (a reader that keeps up)."""
    node, count, comm = argv[0], int(argv[1]), argv[2]
    set_comm(comm)
    fd = os.open(node, os.O_RDONLY | os.O_NONBLOCK)
    quiet = False
    for opt in argv[3:]:
        if opt == "grab":
            _ioctl(fd, EVIOCGRAB, 1)
        elif opt == "quiet":
            quiet = True
        else:
            _ioctl(fd, EVIOCSCLOCKID, struct.pack("i", int(opt)))
    print("READY %d" % os.getpid(), flush=True)
    got = []
    deadline = time.monotonic() + 60
    while len(got) < count and time.monotonic() < deadline:
        ready, _, _ = select.select([fd, sys.stdin], [], [], 0.2)
        if sys.stdin in ready and not sys.stdin.readline():
            break
        if fd in ready:
            data = os.read(fd, EVENT.size * 64)
            for i in range(0, len(data), EVENT.size):
                _, _, typ, code, value = EVENT.unpack_from(data, i)
                got.append((typ, code, value))
                if not quiet:
                    print("%d %d %d" % (typ, code, value), flush=True)
    if quiet:
        print("READ %d" % len(got), flush=True)
    print("DONE", flush=True)


BURST_BATCH = 32  # 8 key taps; well within evdev's buffer (64 or more)


def burst_main(argv):
    """burst COMM TOTAL [HOLD]: create a keyboard and be its reader: write
    TOTAL events (a multiple of BURST_BATCH) to it, BURST_BATCH per write(),
    reading each batch back before the next one, so evdev drops nothing.
    Print READY PID first; with HOLD, print HELD after HOLD events and wait
    for a line on stdin; at the end, READ N: the input_event structs read()
    returned (SYN_DROPPED included, were there any)."""
    comm, total = argv[0], int(argv[1])
    hold = int(argv[2]) if len(argv) > 2 else -1
    set_comm(comm)
    keys = list(range(16, 16 + BURST_BATCH // 4))
    dev = UinputDevice("it-kbd-burst", keys=keys)
    fd = os.open(dev.node, os.O_RDONLY | os.O_NONBLOCK)
    payload = b"".join(EVENT.pack(0, 0, t, c, v) for t, c, v in key_taps(keys))
    print("READY %d" % os.getpid(), flush=True)
    read = 0
    for sent in range(0, total, BURST_BATCH):
        if sent == hold:
            print("HELD", flush=True)
            sys.stdin.readline()
        os.write(dev.fd, payload)  # delivered to evdev before it returns
        want = read + BURST_BATCH
        while read < want:
            try:
                read += len(os.read(fd, len(payload))) // EVENT.size
            except BlockingIOError:
                break  # evdev dropped some: count what was delivered
    os.close(fd)
    dev.close()
    print("READ %d" % read, flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "read":
        read_main(sys.argv[2:])
    elif len(sys.argv) > 1 and sys.argv[1] == "burst":
        burst_main(sys.argv[2:])
    else:
        sys.exit("usage: evdev_helpers.py read NODE COUNT COMM [CLOCKID]\n"
                 "       evdev_helpers.py burst COMM TOTAL [HOLD]")

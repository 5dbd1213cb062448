# SPDX-License-Identifier: GPL-2.0
"""`make bench`'s input: three uinput devices and one realistic stream.

The mix is bench-host's (tests/bench/stream_mix.c), made deliverable: a
1 ms step drives
  mouse     REL_X, REL_Y, SYN_REPORT every 1 ms (a 1 kHz mouse)
  touchpad  two fingers every 8 ms: per slot ABS_MT_SLOT,
            ABS_MT_POSITION_X/Y, then ABS_X, ABS_Y, MSC_TIMESTAMP, SYN;
            fingers lift (ABS_MT_TRACKING_ID -1, BTN_TOUCH 0) after each
            gesture and land again with new tracking ids
  keyboard  MSC_SCAN, KEY, SYN per key, in bursts of ~12 keys; one key in
            twenty is held and autorepeats (value 2) at 33 Hz
Every value is one the input core passes on (it drops a REL of 0, an ABS
or KEY equal to its state, an empty frame), so what is written is what
readers get.  The stream is cut into chunks of 16 ms per device (what a
compositor finds waiting at each of its 60 Hz frames): one write() to a
device, one read() of its node; every chunk fits the node's buffer.
"""
import os
import struct

from evdev_helpers import (EV_KEY, EV_MSC, EV_REL, EV_SYN, EVENT, MSC_SCAN,
                           REL_X, REL_Y, SYN_REPORT, _ioc, _ioctl,
                           UI_DEV_CREATE, UI_DEV_DESTROY, UI_DEV_SETUP,
                           UI_GET_SYSNAME, UI_SET_EVBIT, UI_SET_KEYBIT,
                           UI_SET_MSCBIT, UI_SET_RELBIT, UinputDevice)

EV_ABS = 0x03
ABS_X, ABS_Y = 0x00, 0x01
ABS_MT_SLOT, ABS_MT_POSITION_X, ABS_MT_POSITION_Y = 0x2F, 0x35, 0x36
ABS_MT_TRACKING_ID = 0x39
MSC_TIMESTAMP = 0x05
BTN_LEFT, BTN_RIGHT = 0x110, 0x111
BTN_TOOL_FINGER, BTN_TOUCH, BTN_TOOL_DOUBLETAP = 0x145, 0x14A, 0x14D
KEY_A = 30
INPUT_PROP_POINTER, INPUT_PROP_BUTTONPAD = 0x00, 0x02
UI_SET_ABSBIT = _ioc(1, "U", 103, 4)
UI_SET_PROPBIT = _ioc(1, "U", 110, 4)
UI_ABS_SETUP = _ioc(1, "U", 4, 28)
CHUNK_MS = 16
TP_MAX_X, TP_MAX_Y = 4000, 2600


class Touchpad(UinputDevice):
    """A clickpad with two MT slots (UinputDevice has no ABS axes);
    @axes: {code: (minimum, maximum, fuzz, flat, resolution)}."""

    def __init__(self, name, axes=None):
        self.fd = os.open("/dev/uinput", os.O_WRONLY | os.O_NONBLOCK)
        for ev in (EV_KEY, EV_ABS, EV_MSC):
            _ioctl(self.fd, UI_SET_EVBIT, ev)
        for k in (BTN_LEFT, BTN_TOOL_FINGER, BTN_TOUCH, BTN_TOOL_DOUBLETAP):
            _ioctl(self.fd, UI_SET_KEYBIT, k)
        _ioctl(self.fd, UI_SET_MSCBIT, MSC_TIMESTAMP)
        for p in (INPUT_PROP_POINTER, INPUT_PROP_BUTTONPAD):
            _ioctl(self.fd, UI_SET_PROPBIT, p)
        if axes is None:
            axes = {ABS_X: (0, TP_MAX_X, 0, 0, 40), ABS_Y: (0, TP_MAX_Y, 0, 0, 40),
                    ABS_MT_SLOT: (0, 1, 0, 0, 0),
                    ABS_MT_POSITION_X: (0, TP_MAX_X, 0, 0, 40),
                    ABS_MT_POSITION_Y: (0, TP_MAX_Y, 0, 0, 40),
                    ABS_MT_TRACKING_ID: (0, 65535, 0, 0, 0)}
        for code, (low, top, fuzz, flat, res) in axes.items():
            _ioctl(self.fd, UI_SET_ABSBIT, code)
            _ioctl(self.fd, UI_ABS_SETUP,
                   struct.pack("H2x6i", code, 0, low, top, fuzz, flat, res))
        _ioctl(self.fd, UI_DEV_SETUP, struct.pack(
            "HHHH80sI", 0x18, 0x06CB, 0xCD8B, 1, name.encode(), 0))
        _ioctl(self.fd, UI_DEV_CREATE)
        self.name = name
        sysname = _ioctl(self.fd, UI_GET_SYSNAME(64), bytes(64))
        self.sysname = sysname.split(b"\0", 1)[0].decode()
        self.node = self._wait_node()

    def close(self):
        _ioctl(self.fd, UI_DEV_DESTROY)
        os.close(self.fd)


def make_devices():
    """mouse, touchpad, keyboard: the order of stream()'s device index."""
    mouse = UinputDevice("bench-mouse", keys=[BTN_LEFT, BTN_RIGHT],
                         rels=[REL_X, REL_Y], product=0xC088)
    touchpad = Touchpad("bench-touchpad")
    keyboard = UinputDevice("bench-keyboard", keys=list(range(1, 128)),
                            mscs=[MSC_SCAN], product=0x0001)
    return [mouse, touchpad, keyboard]


class _Rng:
    """xorshift64*, as stream_mix.c: the same stream on every run."""

    def __init__(self, seed):
        self.s = seed | 1

    def __call__(self, bound):
        s = self.s
        s ^= s >> 12
        s ^= (s << 25) & 0xFFFFFFFFFFFFFFFF
        s ^= s >> 27
        self.s = s
        return (((s * 2685821657736338717) & 0xFFFFFFFFFFFFFFFF) >> 32) % bound


def _step(rnd, span):
    """A nonzero move in -span..span (a zero REL or ABS is not delivered)."""
    v = rnd(span) + 1
    return v if rnd(2) else -v


def stream(total, seed=0x5EED):
    """Chunks (device index, bytes, events) of at least @total events."""
    rnd = _Rng(seed)
    pend = [[], [], []]
    chunks = []
    n = 0
    x, y = [1200, 2400], [800, 900]
    tracking, touching, frames = 1, False, 0
    key, key_down, key_up, repeat, typed = KEY_A, 50, -1, 0, 0
    ms = 0
    while n < total:
        m = pend[0]
        m += [(EV_REL, REL_X, _step(rnd, 4)), (EV_REL, REL_Y, _step(rnd, 3)),
              (EV_SYN, SYN_REPORT, 0)]
        if ms % 8 == 0:
            t = pend[1]
            if not touching and frames == 0:
                touching, frames = True, 48
                for slot in (0, 1):
                    t += [(EV_ABS, ABS_MT_SLOT, slot),
                          (EV_ABS, ABS_MT_TRACKING_ID, tracking)]
                    tracking += 1
                t += [(EV_KEY, BTN_TOUCH, 1), (EV_KEY, BTN_TOOL_DOUBLETAP, 1)]
            if touching:
                for slot in (0, 1):
                    x[slot] = min(max(x[slot] + _step(rnd, 10), 20), TP_MAX_X - 20)
                    y[slot] = min(max(y[slot] + _step(rnd, 10), 20), TP_MAX_Y - 20)
                    t += [(EV_ABS, ABS_MT_SLOT, slot),
                          (EV_ABS, ABS_MT_POSITION_X, x[slot]),
                          (EV_ABS, ABS_MT_POSITION_Y, y[slot])]
                t += [(EV_ABS, ABS_X, x[0]), (EV_ABS, ABS_Y, y[0])]
                frames -= 1
                if frames == 0:  # lift both fingers; rest for 8 frames
                    for slot in (0, 1):
                        t += [(EV_ABS, ABS_MT_SLOT, slot),
                              (EV_ABS, ABS_MT_TRACKING_ID, -1)]
                    t += [(EV_KEY, BTN_TOUCH, 0), (EV_KEY, BTN_TOOL_DOUBLETAP, 0)]
                    touching, frames = False, 8
            else:
                frames -= 1
            if t and t[-1][0] != EV_SYN:
                t += [(EV_MSC, MSC_TIMESTAMP, (ms * 1000) & 0x7FFFFFFF),
                      (EV_SYN, SYN_REPORT, 0)]
        k = pend[2]
        if ms == key_down:
            key = KEY_A + rnd(26)
            k += [(EV_MSC, MSC_SCAN, 0x70000 + key), (EV_KEY, key, 1),
                  (EV_SYN, SYN_REPORT, 0)]
            key_up = ms + (40 + rnd(50) if rnd(20) else 600)
            repeat = ms + 250
        elif ms == key_up:
            k += [(EV_MSC, MSC_SCAN, 0x70000 + key), (EV_KEY, key, 0),
                  (EV_SYN, SYN_REPORT, 0)]
            typed += 1
            key_down = ms + (60 + rnd(140) if typed % 12 else 1000 + rnd(2000))
        elif key_up > ms >= repeat:
            k += [(EV_MSC, MSC_SCAN, 0x70000 + key), (EV_KEY, key, 2),
                  (EV_SYN, SYN_REPORT, 0)]
            repeat = ms + 30
        ms += 1
        if ms % CHUNK_MS == 0:
            for dev, evs in enumerate(pend):
                if evs:
                    chunks.append((dev, b"".join(EVENT.pack(0, 0, *e)
                                                 for e in evs), len(evs)))
                    n += len(evs)
            pend = [[], [], []]
    if touching:  # lift: the next run's first touch starts from no contact
        lift = []
        for slot in (0, 1):
            lift += [(EV_ABS, ABS_MT_SLOT, slot), (EV_ABS, ABS_MT_TRACKING_ID, -1)]
        lift += [(EV_KEY, BTN_TOUCH, 0), (EV_KEY, BTN_TOOL_DOUBLETAP, 0),
                 (EV_SYN, SYN_REPORT, 0)]
        chunks.append((1, b"".join(EVENT.pack(0, 0, *e) for e in lift), len(lift)))
    return chunks, ms

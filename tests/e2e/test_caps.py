# SPDX-License-Identifier: GPL-2.0
"""Device capabilities in the trace: the CAPS record the BPF program reads
from struct input_dev when it first sees a device, for a keyboard with
LEDs and its own autorepeat, a mouse and a multitouch clickpad with axes of
distinct ranges.  Checked against what the test configured through uinput
and, independently, against what the kernel shows in sysfs; and present at
the start of every file of a rotated run."""
import glob
import os
import signal
import shutil
import tempfile

from bench_stream import (ABS_MT_POSITION_X, ABS_MT_POSITION_Y, ABS_MT_SLOT,
                          ABS_MT_TRACKING_ID, ABS_X, ABS_Y, BTN_TOUCH,
                          EV_ABS, INPUT_PROP_BUTTONPAD, INPUT_PROP_POINTER,
                          Touchpad)
from evdev_helpers import (EV_KEY, EV_LED, EV_MSC, EV_REL, EV_REP, EV_SYN,
                           MSC_SCAN, REL_WHEEL, REL_X, REL_Y, SYN_REPORT,
                           UinputDevice, key_taps)
from fixtures import (E2ETest, Reader, Recorder, cfg, dump, guest_tmpfs,
                      set_policy, wait_stderr)

KEYS = list(range(1, 128))
LEDS = [0, 1, 2]  # LED_NUML, LED_CAPSL, LED_SCROLLL
REPEAT = (400, 50)  # not the kernel's default 250/33
MOUSE_KEYS = [0x110, 0x111, 0x112]  # BTN_LEFT, BTN_RIGHT, BTN_MIDDLE
MOUSE_RELS = [REL_X, REL_Y, REL_WHEEL]
TP_KEYS = [0x110, 0x145, BTN_TOUCH, 0x14D]  # as Touchpad sets them
AXES = {ABS_X: (-20, 3999, 4, 1, 31), ABS_Y: (5, 2599, 2, 0, 29),
        ABS_MT_SLOT: (0, 3, 0, 0, 0),
        ABS_MT_POSITION_X: (-20, 3999, 0, 0, 31),
        ABS_MT_POSITION_Y: (5, 2599, 0, 0, 29),
        ABS_MT_TRACKING_ID: (0, 65535, 0, 0, 0)}


def sysfs_bits(dev, name):
    """A capability bitmap as the kernel shows it in sysfs (hex longs, the
    most significant first): the set bit numbers."""
    with open("/sys/devices/virtual/input/%s/%s" % (dev.sysname, name)) as f:
        words = f.read().split()
    bits = []
    for i, w in enumerate(reversed(words)):
        v = int(w, 16)
        bits += [i * 64 + b for b in range(64) if v >> b & 1]
    return bits


def devices_and_caps(recs):
    """{device name: (its DEVICE record, the CAPS record right after it)}."""
    out = {}
    for i, r in enumerate(recs):
        if r["kind"] == "device":
            nxt = recs[i + 1] if i + 1 < len(recs) else {}
            assert nxt.get("kind") == "caps" and nxt["dev_id"] == r["dev_id"], \
                "DEVICE %r not followed by its CAPS: %r" % (r["name"], nxt)
            out[r["name"]] = (r, nxt)
    assert sum(r["kind"] == "caps" for r in recs) == len(out), "stray CAPS"
    return out


def check_against_sysfs(dev, caps):
    """Every bitmap of the CAPS record equals the kernel's own view."""
    ev = sysfs_bits(dev, "capabilities/ev")
    assert caps["types"] == ev, (caps["types"], ev)
    for typ, name in ((EV_KEY, "key"), (EV_REL, "rel"), (EV_ABS, "abs"),
                      (EV_MSC, "msc"), (EV_LED, "led")):
        if typ in ev:
            want = sysfs_bits(dev, "capabilities/" + name)
            assert caps["codes"][str(typ)] == want, (name, want)
    assert caps["properties"] == sysfs_bits(dev, "properties")


class CapsTest(E2ETest):
    def setUp(self):
        super().setUp()
        set_policy(True, "full", ["/a"])
        self.kbd = UinputDevice("it-caps-kbd", keys=KEYS, mscs=[MSC_SCAN],
                                leds=LEDS, repeat=REPEAT, product=0x0101)
        self.mouse = UinputDevice("it-caps-mouse", keys=MOUSE_KEYS,
                                  rels=MOUSE_RELS, product=0x0102)
        self.tp = Touchpad("it-caps-touchpad", axes=AXES)

    def tearDown(self):
        for d in (self.kbd, self.mouse, self.tp):
            d.close()
        super().tearDown()

    def type_on_all(self):
        """One short sequence per device, each read by a reader in /a."""
        plans = [(self.kbd, key_taps([30, 48])),
                 (self.mouse, [(EV_REL, REL_X, 5), (EV_REL, REL_Y, -3),
                               (EV_SYN, SYN_REPORT, 0)]),
                 (self.tp, [(EV_ABS, ABS_MT_TRACKING_ID, 7),
                            (EV_ABS, ABS_MT_POSITION_X, 1000),
                            (EV_ABS, ABS_MT_POSITION_Y, 700),
                            (EV_KEY, BTN_TOUCH, 1), (EV_ABS, ABS_X, 1000),
                            (EV_ABS, ABS_Y, 700), (EV_SYN, SYN_REPORT, 0)])]
        readers = [Reader(d.node, len(seq), "rd-caps", "/a") for d, seq in plans]
        for (d, seq), rd in zip(plans, readers):
            d.emit(seq)
            got = rd.finish()
            assert got == seq, (d.name, got, seq)

    def test_caps_equal_configured_and_sysfs(self):
        """A keyboard, a mouse and a touchpad: each DEVICE record is
        followed by a CAPS record whose bitmaps are sysfs's, whose repeat
        is what the test set, and whose axes have the configured ranges."""
        path = cfg.work + "/caps.itr"
        rec = Recorder(path)
        try:
            self.type_on_all()
        finally:
            rec.stop()
        got = devices_and_caps(dump(path))
        _, kbd = got["it-caps-kbd"]
        _, mouse = got["it-caps-mouse"]
        _, tp = got["it-caps-touchpad"]
        for dev, caps in ((self.kbd, kbd), (self.mouse, mouse), (self.tp, tp)):
            check_against_sysfs(dev, caps)
        assert kbd["types"] == [EV_SYN, EV_KEY, EV_MSC, EV_LED, EV_REP]
        assert kbd["codes"][str(EV_KEY)] == KEYS
        assert kbd["codes"][str(EV_LED)] == LEDS
        assert (kbd["rep_delay"], kbd["rep_period"]) == REPEAT
        assert kbd["absinfo"] == {}
        assert mouse["codes"][str(EV_KEY)] == MOUSE_KEYS
        assert mouse["codes"][str(EV_REL)] == MOUSE_RELS
        # input_register_device() gives every device 250/33, EV_REP or not
        assert (mouse["rep_delay"], mouse["rep_period"]) == (250, 33)
        assert tp["codes"][str(EV_KEY)] == TP_KEYS
        assert tp["codes"][str(EV_ABS)] == sorted(AXES)
        assert tp["properties"] == [INPUT_PROP_POINTER, INPUT_PROP_BUTTONPAD]
        for code, (low, top, fuzz, flat, res) in AXES.items():
            a = tp["absinfo"][str(code)]
            assert (a["minimum"], a["maximum"], a["fuzz"], a["flat"],
                    a["resolution"]) == (low, top, fuzz, flat, res), (code, a)
        assert sorted(int(c) for c in tp["absinfo"]) == sorted(AXES)
        # the ABS_MT_SLOT axis of a 4-slot device, as input_mt_init_slots()
        # left it; the value is the state when first seen, not checked
        print("caps: 3 devices, %d keys, %d axes; sysfs and configured agree"
              % (len(kbd["codes"][str(EV_KEY)]), len(tp["absinfo"])))

    def test_caps_in_every_rotated_file(self):
        """After a rotation (SIGHUP) the new file starts with each device
        seen so far and its CAPS, equal to the first file's."""
        d = tempfile.mkdtemp(prefix="inputtrace-caps.", dir=guest_tmpfs())
        try:
            rec = Recorder(d)
            try:
                self.type_on_all()
                rec.p.send_signal(signal.SIGHUP)
                wait_stderr(rec, "rotated (SIGHUP)")
                rd = Reader(self.kbd.node, 4, "rd-caps2", "/a")
                self.kbd.emit(key_taps([31]))
                rd.finish()
            finally:
                rec.stop()
            files = sorted(glob.glob(os.path.join(d, "inputtrace-*.itr")))
            assert len(files) == 2, files
            first, second = (devices_and_caps(dump(p)) for p in files)
            assert sorted(first) == sorted(second) == \
                ["it-caps-kbd", "it-caps-mouse", "it-caps-touchpad"]
            for name in first:
                a, b = first[name][1], second[name][1]
                assert a == b, (name, a, b)
        finally:
            shutil.rmtree(d)

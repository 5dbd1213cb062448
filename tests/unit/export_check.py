#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# export_check.py YAML - test_export.c's check of `export --format libinput`:
# the file parses as YAML and holds, field by field, what libinput replay
# (libinput-replay) reads, with the values of test_export.c's touchpad.
import sys
import yaml

EV_SYN, EV_KEY, EV_ABS = 0, 1, 3

with open(sys.argv[1]) as f:
    rec = yaml.safe_load(f)

assert rec["version"] == 1, rec["version"]
assert rec["ndevices"] == 1 == len(rec["devices"])
d = rec["devices"][0]
assert d["node"] == "/dev/input/event7", d["node"]
ev = d["evdev"]
assert ev["name"] == 'Test "Touchpad": x', ev["name"]
assert ev["id"] == [0x18, 0x6CB, 0xCE44, 0x100], ev["id"]
assert ev["codes"][EV_SYN] == list(range(16)), ev["codes"][EV_SYN]
assert ev["codes"][EV_KEY] == [272, 325, 330], ev["codes"][EV_KEY]
assert ev["codes"][EV_ABS] == [0, 1, 47, 53, 54, 57], ev["codes"][EV_ABS]
assert sorted(ev["codes"]) == [EV_SYN, EV_KEY, EV_ABS], ev["codes"]
assert ev["absinfo"] == {
    0: [0, 1216, 0, 0, 12],
    1: [0, 680, 0, 0, 12],
    47: [0, 4, 0, 0, 0],
    53: [0, 1216, 0, 0, 12],
    54: [0, 680, 0, 0, 12],
    57: [0, 65535, 0, 0, 0],
}, ev["absinfo"]
assert ev["properties"] == [0, 2], ev["properties"]
assert d["udev"]["properties"] == []
frames = [e["evdev"] for e in d["events"]]
assert frames == [
    [[0, 0, EV_ABS, 57, 5], [0, 0, EV_ABS, 0, 100], [0, 0, EV_ABS, 1, 200],
     [0, 0, EV_KEY, 330, 1], [0, 0, EV_SYN, 0, 0]],
    [[1, 12000, EV_ABS, 0, 110], [1, 12000, EV_SYN, 0, 0]],
    [[1, 20500, EV_ABS, 57, -1], [1, 20500, EV_KEY, 330, 0], [1, 20500, EV_SYN, 0, 0]],
], frames
for frame in frames:
    assert frame[-1][2:4] == [EV_SYN, 0], frame

# What libinput replay's create() does with it, short of the uinput
# device: every code and axis must be one python3-libevdev knows.  Only
# where python3 has it (Debian's does; a pyenv python may not).
try:
    import libevdev
except ImportError:
    print("export_check.py: no python3-libevdev here, replay's part skipped",
          file=sys.stderr)
    sys.exit(0)

dev = libevdev.Device()
dev.name = ev["name"]
dev.id = dict(zip(["bustype", "vendor", "product", "version"], ev["id"]))
for evtype, evcodes in ev["codes"].items():
    for code in evcodes:
        data = None
        if evtype == libevdev.EV_ABS.value:
            a = ev["absinfo"][code]
            data = libevdev.InputAbsInfo(minimum=a[0], maximum=a[1], fuzz=a[2],
                                         flat=a[3], resolution=a[4])
        dev.enable(libevdev.evbit(evtype, code), data=data)
for prop in ev["properties"]:
    dev.enable(libevdev.propbit(prop))
assert dev.has_property(libevdev.INPUT_PROP_BUTTONPAD)
assert dev.absinfo[libevdev.EV_ABS.ABS_MT_TRACKING_ID].maximum == 65535
for frame in frames:
    for (sec, usec, evtype, code, value) in frame:
        libevdev.InputEvent(libevdev.evbit(evtype, code), value=value, sec=sec, usec=usec)

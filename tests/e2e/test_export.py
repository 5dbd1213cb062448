# SPDX-License-Identifier: GPL-2.0
"""`inputtrace export` proven by the real tools: a keyboard, a mouse and a
multitouch clickpad recorded at level full; each device's evemu export is
recreated by evemu-device, replayed by evemu-play and re-recorded by
evemu-record (the same events, and the same description as evemu-describe
gives of the original device and of the copy); each libinput export is
replayed by `libinput replay` and re-recorded by evemu-record."""
import os
import shutil
import subprocess
import time

from bench_stream import (ABS_MT_POSITION_X, ABS_MT_POSITION_Y,
                          ABS_MT_TRACKING_ID, ABS_X, ABS_Y, BTN_TOUCH,
                          EV_ABS, Touchpad)
from evdev_helpers import (EV_KEY, EV_REL, EV_SYN, REL_X, REL_Y, SYN_REPORT,
                           UinputDevice, key_taps)
from fixtures import (E2ETest, Reader, Recorder, cfg, dump, events_of,
                      set_policy, tvc)

TOOLS = ("evemu-device", "evemu-play", "evemu-record", "evemu-describe",
         "libinput")


def description(text):
    """The device lines of an evemu file (no comments, no events)."""
    return [ln for ln in text.splitlines()
            if ln[:2] in ("N:", "I:", "P:", "B:", "A:", "L:", "S:")]


def evemu_events(text):
    """(type, code, value) of each E: line."""
    out = []
    for ln in text.splitlines():
        if ln.startswith("E: "):
            _, typ, code, value = ln.split()[1:5]
            out.append((int(typ, 16), int(code, 16), int(value)))
    return out


class Rerecord:
    """evemu-record of @node in the background, line-buffered so that what
    it printed survives the SIGTERM that ends it."""

    def __init__(self, node):
        self.p = subprocess.Popen(["stdbuf", "-oL", "evemu-record", node],
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True)
        time.sleep(1)  # it prints the description, then waits for events

    def stop(self):
        time.sleep(0.5)
        self.p.terminate()
        return self.p.communicate(timeout=30)[0]


def node_of(line):
    """'/dev/input/event7: NAME' (libinput) or 'NAME: /dev/input/event7'."""
    for word in line.replace(":", " ").split():
        if word.startswith("/dev/input/event"):
            return word
    raise AssertionError("no device node in %r" % line)


class ExportTest(E2ETest):
    def setUp(self):
        super().setUp()
        missing = [t for t in TOOLS if not shutil.which(t)]
        assert not missing, "scripts/install-deps installs %s" % missing
        set_policy(True, "full", ["/a"])
        self.devs = [
            UinputDevice("it-exp-kbd", keys=list(range(1, 128)),
                         repeat=(600, 40), product=0x0201),
            UinputDevice("it-exp-mouse", keys=[0x110, 0x111],
                         rels=[REL_X, REL_Y], product=0x0202),
            Touchpad("it-exp-touchpad"),
        ]
        # presses far shorter than any repeat delay: no autorepeat
        self.seqs = [
            key_taps([30, 48, 46, 57]),
            [(EV_REL, REL_X, 3), (EV_REL, REL_Y, -2), (EV_SYN, SYN_REPORT, 0),
             (EV_KEY, 0x110, 1), (EV_SYN, SYN_REPORT, 0),
             (EV_KEY, 0x110, 0), (EV_SYN, SYN_REPORT, 0),
             (EV_REL, REL_X, -7), (EV_SYN, SYN_REPORT, 0)],
            [(EV_ABS, ABS_MT_TRACKING_ID, 11), (EV_ABS, ABS_MT_POSITION_X, 1500),
             (EV_ABS, ABS_MT_POSITION_Y, 900), (EV_KEY, BTN_TOUCH, 1),
             (EV_ABS, ABS_X, 1500), (EV_ABS, ABS_Y, 900), (EV_SYN, SYN_REPORT, 0),
             (EV_ABS, ABS_MT_POSITION_X, 1530), (EV_ABS, ABS_X, 1530),
             (EV_SYN, SYN_REPORT, 0),
             (EV_ABS, ABS_MT_TRACKING_ID, -1), (EV_KEY, BTN_TOUCH, 0),
             (EV_SYN, SYN_REPORT, 0)],
        ]
        self.path = "%s/%s.itr" % (cfg.work, self._testMethodName)
        rec = Recorder(self.path)
        try:
            readers = [Reader(d.node, len(s), "rd-export", "/a")
                       for d, s in zip(self.devs, self.seqs)]
            self.described = [subprocess.run(
                ["evemu-describe", d.node], capture_output=True, text=True,
                timeout=30).stdout for d in self.devs]
            for d, s, rd in zip(self.devs, self.seqs, readers):
                d.emit(s)
                assert rd.finish() == s, d.name
        finally:
            rec.stop()
        recs = dump(self.path)
        self.ids = {r["name"]: r["dev_id"] for r in recs if r["kind"] == "device"}
        for d, s, rd in zip(self.devs, self.seqs, readers):
            assert tvc(events_of(recs, rd.pid, d.name)) == s, d.name
        self.readers = readers

    def tearDown(self):
        for d in self.devs:
            d.close()
        super().tearDown()

    def export(self, fmt, i):
        out = "%s/export-%s-%d" % (cfg.work, fmt, i)
        r = subprocess.run([cfg.it, "export", "--format", fmt, "--device",
                            str(self.ids[self.devs[i].name]), "--reader",
                            str(self.readers[i].pid), "-o", out, self.path],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, (r.returncode, r.stderr)
        with open(out) as f:
            return out, f.read()

    def test_export_evemu_replays_with_evemu(self):
        """evemu-device + evemu-play of each export, re-recorded by
        evemu-record: the recorded events, and the original device's
        description (from the trace's CAPS record, not from the device)."""
        for i, dev in enumerate(self.devs):
            path, text = self.export("evemu", i)
            assert description(text) == description(self.described[i]), \
                (dev.name, text, self.described[i])
            assert evemu_events(text) == self.seqs[i], dev.name
            made = subprocess.Popen(["evemu-device", path], text=True,
                                    stdout=subprocess.PIPE)
            try:
                node = node_of(made.stdout.readline())
                copy = subprocess.run(["evemu-describe", node], text=True,
                                      capture_output=True, timeout=30).stdout
                again = Rerecord(node)
                with open(path) as f:
                    subprocess.run(["evemu-play", node], stdin=f, check=True,
                                   timeout=60)
                out = again.stop()
            finally:
                made.terminate()
                made.wait(timeout=30)
            assert evemu_events(out) == self.seqs[i], (dev.name, out)
            assert description(copy)[1:] == description(text)[1:], \
                (dev.name, copy, text)  # but N: the copy's own name
        print("export: evemu replay of 3 devices, %d events, as recorded"
              % sum(len(s) for s in self.seqs))

    def test_export_libinput_replays_with_libinput(self):
        """`libinput replay` accepts each libinput export and replays it
        through a device of its own; evemu-record of that device gets the
        recorded events."""
        for i, dev in enumerate(self.devs):
            path, _ = self.export("libinput", i)
            rp = subprocess.Popen(["libinput", "replay", path], text=True,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
            try:
                node = node_of(rp.stdout.readline())
                again = Rerecord(node)
                # "Hit enter to start replaying"; at EOF it quits
                rp.stdin.write("\n")
                rp.stdin.close()
                rc = rp.wait(timeout=60)
                out = again.stop()
            finally:
                if rp.poll() is None:
                    rp.kill()
                    rp.wait()
            err = rp.stderr.read()
            assert rc == 0 or "EOFError" in err, (rc, err)
            assert evemu_events(out) == self.seqs[i], (dev.name, out, err)
        print("export: libinput replay of 3 devices, events as recorded")

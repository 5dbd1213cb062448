# SPDX-License-Identifier: GPL-2.0
"""Kernel-side filters (--types, --device, --codes), their counter, and
--count."""
import subprocess

from evdev_helpers import BTN_LEFT, EV_KEY, EV_REL, REL_X, key_taps
from fixtures import (E2ETest, MOUSE_SEQ, Reader, Recorder, cfg, dump,
                      events_of, keyboard, mouse, set_policy, tvc)


class FilterTest(E2ETest):
    def test_kernel_filters_and_count(self):
        """--types/--device/--codes are applied by the BPF program and
        counted there, for readers in scope only; --count stops the recorder
        by itself."""
        set_policy(True, "full", ["/a"])
        kbd, ms = keyboard("it-kbd-filter"), mouse("it-mouse-filter")
        path = cfg.work + "/filtered.itr"
        rec = Recorder(path, "--types", "rel,key", "--device", ms.node,
                       "--codes", "REL_X,BTN_LEFT")
        try:
            rk = Reader(kbd.node, 4, "rd-fk", "/a")
            rm = Reader(ms.node, len(MOUSE_SEQ), "rd-fm", "/a")
            out = Reader(kbd.node, 4, "rd-fout", "/b")  # not in scope
            kbd.emit(key_taps([30]))
            ms.emit(MOUSE_SEQ)
            for r in (rk, rm, out):
                r.finish()
            status = subprocess.run([cfg.it, "status"], capture_output=True,
                                    text=True).stdout
        finally:
            rec.stop()
        recs = dump(path)
        assert events_of(recs, rk.pid) == [], "--device let the keyboard in"
        want = [e for e in MOUSE_SEQ if (e[0], e[1]) in
                ((EV_REL, REL_X), (EV_KEY, BTN_LEFT))]
        assert tvc(events_of(recs, rm.pid)) == want, \
            tvc(events_of(recs, rm.pid))
        # /a: 4 keyboard events (--device) + 4 SYN (--types) + REL_Y, REL_WHEEL
        # (--codes); the /b reader's 4 events must not show up anywhere
        assert "filtered 10," in status, status

        path = cfg.work + "/count.itr"
        p = subprocess.Popen([cfg.it, "record", "-o", path, "--count", "5"],
                             stderr=subprocess.PIPE, text=True)
        try:
            line = p.stderr.readline()  # printed once attached
            assert "recording to" in line, line
            rm = Reader(ms.node, len(MOUSE_SEQ), "rd-count", "/a")
            ms.emit(MOUSE_SEQ)
            rm.finish()
            assert p.wait(timeout=30) == 0, p.stderr.read()
        finally:
            if p.poll() is None:
                p.kill()
            kbd.close()
            ms.close()
        assert tvc(events_of(dump(path), rm.pid)) == MOUSE_SEQ[:5]

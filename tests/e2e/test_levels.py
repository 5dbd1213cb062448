# SPDX-License-Identifier: GPL-2.0
"""Capture levels: redacted hides key codes and scan codes in the file
itself, a per-cgroup level overrides the global one."""
from evdev_helpers import (EV_KEY, EV_MSC, EV_SYN, MSC_SCAN, SYN_REPORT,
                           key_taps)
from fixtures import (E2ETest, MOUSE_SEQ, Reader, Recorder, SCAN_VALUE,
                      TEXT_KEYS, cfg, dump, events_of, keyboard, mouse,
                      record_while_typing, set_policy, sysfs_read, sysfs_write,
                      tvc)
from rawscan import raw_events


class LevelTest(E2ETest):
    def test_redacted_level_hides_key_codes(self):
        """Global level redacted: no key code of the typed text and no scan
        code anywhere in the (uncompressed) file; pointer data stays
        exact."""
        set_policy(True, "redacted", ["/a"])
        kbd, ms = keyboard("it-kbd-red"), mouse("it-mouse-red")
        seq = []
        for k in TEXT_KEYS:
            seq += [(EV_MSC, MSC_SCAN, SCAN_VALUE), (EV_KEY, k, 1),
                    (EV_SYN, SYN_REPORT, 0), (EV_KEY, k, 0),
                    (EV_SYN, SYN_REPORT, 0)]
        path = cfg.work + "/redacted.itr"
        rec = Recorder(path, "--no-compress")
        try:
            rk = Reader(kbd.node, len(seq), "rd-red", "/a")
            rm = Reader(ms.node, len(MOUSE_SEQ), "rd-red-mouse", "/a")
            kbd.emit(seq)
            ms.emit(MOUSE_SEQ)
            assert rk.finish() == seq
            assert rm.finish() == MOUSE_SEQ
        finally:
            rec.stop()
            kbd.close()
            ms.close()
        raw = raw_events(path)  # the file's bytes, not dump's decoder
        assert len(raw) >= len(seq) + len(MOUSE_SEQ), len(raw)
        for k in set(TEXT_KEYS):
            assert not [e for e in raw if e[:2] == (EV_KEY, k)], \
                "key code %d found in the file" % k
        assert not [e for e in raw if e[2] == SCAN_VALUE], "scan code in file"
        recs = dump(path)
        k = events_of(recs, rk.pid)
        assert len(k) == len(seq), len(k)
        for r, (typ, code, value) in zip(k, seq):
            assert r["type"] == typ and r["value"] == (0 if typ == EV_MSC
                                                       else value), r
            if typ == EV_KEY:
                assert r["redacted"] and r["level"] == "redacted", r
                assert r["code"] <= 9 and r.get("key_class"), r
            if typ == EV_MSC:
                assert r["value_cleared"], r
        classes = [r["key_class"] for r in k if r["type"] == EV_KEY][::2]
        assert classes[0] == "letter" and classes[5] == "whitespace" and \
            classes[11] == "punctuation", classes
        assert tvc(events_of(recs, rm.pid)) == MOUSE_SEQ

    def test_cgroup_level_override_and_codes_never_match_redacted(self):
        """Global redacted, +/a level=full, +/b: /a gets exact codes, /b
        classes only, and no key code /b typed is anywhere in the file; a
        --codes KEY_A filter never lets a redacted key through."""
        set_policy(True, "redacted", [])
        assert sysfs_write("cgroups", "+/a level=full") == 0
        assert sysfs_write("cgroups", "+/b") == 0
        assert "/a level=full\n/b\n" == sysfs_read("cgroups")
        kbd_a, kbd_b = keyboard("it-kbd-level-a"), keyboard("it-kbd-level-b")
        typed_a = key_taps([30, 48])  # KEY_A, KEY_B: not in TEXT_KEYS
        typed_b = key_taps(TEXT_KEYS)

        def record_a_and_b(path, *extra):
            return record_while_typing(path, extra,
                                       (kbd_a, typed_a, "rd-a", "/a"),
                                       (kbd_b, typed_b, "rd-b", "/b"))[1]

        try:
            path = cfg.work + "/levels.itr"
            ra, rb = record_a_and_b(path, "--no-compress")
            recs = dump(path)
            assert tvc(events_of(recs, ra.pid)) == typed_a
            b = events_of(recs, rb.pid)
            assert [(r["type"], r["value"]) for r in b] == \
                [(t, v) for t, c, v in typed_b]
            assert all(r["redacted"] and r["level"] == "redacted"
                       for r in b if r["type"] == EV_KEY), b
            keys = [e[1] for e in raw_events(path) if e[0] == EV_KEY]
            # /a's exact KEY_A is in the file (so the scan can see codes) ...
            # press + release
            assert keys.count(30) == 2, keys
            # ... but none of the codes /b typed
            for k in set(TEXT_KEYS):
                assert k not in keys, "/b's key code %d is in the file" % k

            path = cfg.work + "/codes.itr"
            ra, rb = record_a_and_b(path, "--codes", "KEY_A")
        finally:
            kbd_a.close()
            kbd_b.close()
        recs = dump(path)
        assert [e for e in tvc(events_of(recs, ra.pid)) if e[0] == EV_KEY] == \
            [(EV_KEY, 30, 1), (EV_KEY, 30, 0)]
        assert [r for r in events_of(recs, rb.pid)
                if r["type"] == EV_KEY] == [], \
            "a codes filter matched a redacted key"

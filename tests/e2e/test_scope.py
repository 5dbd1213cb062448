# SPDX-License-Identifier: GPL-2.0
"""Scope: which readers are traced (the enabled cgroup and its subtree,
not its siblings), exactly what they read, and that recording stops the
moment the policy says so."""
from evdev_helpers import (EV_KEY, EV_MSC, EV_SYN, MSC_SCAN, SYN_REPORT,
                           key_taps)
from fixtures import (CG, E2ETest, MOUSE_SEQ, Reader, Recorder, SCAN_VALUE,
                      bpf_prog_stats, cfg, cgroup_id, dump, events_of,
                      keyboard, mouse, set_policy, sysfs_write, tvc)


def _midrun_stop(change, restore):
    set_policy(True, "full", ["/a"])
    kbd = keyboard("it-kbd-midrun")
    first, second = key_taps([30, 31]), key_taps([32, 33])
    path = cfg.work + "/midrun-%s.itr" % change[0]
    rec = Recorder(path)
    try:
        r = Reader(kbd.node, len(first) + len(second), "rd-mid", "/a")
        kbd.emit(first)
        r.wait_for(len(first))  # batch one has been read (and recorded)
        assert sysfs_write(*change) == 0
        kbd.emit(second)
        got = r.finish()
    finally:
        rec.stop()
        kbd.close()
        sysfs_write(*restore)
    assert got == first + second, got
    evs = tvc(events_of(dump(path), r.pid))
    assert evs == first, "after %s: %r" % (change, evs)


class ScopeTest(E2ETest):
    def test_scope_and_exact_sequence_full(self):
        """Enabled /a, level full: readers in /a and /a/child are traced
        with the exact sequence; a reader of the same device in sibling /b
        is not."""
        set_policy(True, "full", ["/a"])
        kbd, ms = keyboard("it-kbd-full"), mouse("it-mouse-full")
        seq = key_taps([30, 48, 46]) + [
            (EV_MSC, MSC_SCAN, SCAN_VALUE),
            (EV_KEY, 42, 1), (EV_SYN, SYN_REPORT, 0),
            (EV_KEY, 42, 2), (EV_SYN, SYN_REPORT, 0),
            (EV_KEY, 42, 0), (EV_SYN, SYN_REPORT, 0)]
        path = cfg.work + "/full.itr"
        with open("/proc/sys/kernel/bpf_stats_enabled", "w") as f:
            f.write("1")
        rec = Recorder(path)
        try:
            ra = Reader(kbd.node, len(seq), "rd-a", "/a")
            rm = Reader(ms.node, len(MOUSE_SEQ), "rd-a-mouse", "/a", clock=1)
            rb = Reader(kbd.node, len(seq), "rd-b", "/b")
            rc = Reader(kbd.node, len(seq), "rd-child", "/a/child", clock=7)
            kbd.emit(seq)
            ms.emit(MOUSE_SEQ)
            got = {r.comm: r.finish() for r in (ra, rm, rb, rc)}
            stats = bpf_prog_stats("event_to_user")
        finally:
            rec.stop()
            kbd.close()
            ms.close()
        for comm, evs in got.items():
            assert evs == (MOUSE_SEQ if "mouse" in comm else seq), \
                "reader %s itself got %r" % (comm, evs)

        recs = dump(path)
        a = events_of(recs, ra.pid)
        assert tvc(a) == seq, "trace of /a reader: %r" % tvc(a)
        for r in a:
            assert r["device"] == "it-kbd-full", r
            assert r["comm"] == "rd-a" and r["tid"] == ra.pid, r
            assert r["cgroup_id"] == cgroup_id("/a"), r
            assert r["read_ns"] >= r["time_ns"], r
            assert r["level"] == "full" and not r["redacted"], r
        m = events_of(recs, rm.pid)
        assert tvc(m) == MOUSE_SEQ, "mouse trace: %r" % tvc(m)
        assert all(r["device"] == "it-mouse-full" and
                   r["read_ns"] >= r["time_ns"] for r in m)
        assert events_of(recs, rb.pid) == [], "sibling /b reader was recorded"
        c = events_of(recs, rc.pid)
        assert tvc(c) == seq, "child reader: %r" % tvc(c)
        assert all(r["cgroup_id"] == cgroup_id("/a/child") and
                   r["read_ns"] >= r["time_ns"] for r in c)
        devs = {d["name"] for d in recs if d["kind"] == "device"}
        assert {"it-kbd-full", "it-mouse-full"} <= devs, devs
        if stats:
            print("bench: event_to_user %.0f ns/run over %d runs "
                  "(kernel.bpf_stats_enabled, TCG VM)" %
                  (stats[0] / stats[1], stats[1]))

    def test_records_stop_when_disabled(self):
        _midrun_stop(("enabled", "0"), ("enabled", "1"))

    def test_records_stop_when_cgroup_removed(self):
        _midrun_stop(("cgroups", "-/a"), ("cgroups", "+/a"))

    def test_one_reader_follows_every_change(self):
        """One reader process types the same key in every phase: a policy
        change, or moving the reader to another cgroup, applies from the
        next event on, however often that type and code came before (the
        program remembers the module's answers per policy and cgroup)."""
        set_policy(True, "full", ["/a"])
        kbd = keyboard("it-kbd-follow")
        tap = key_taps([30])

        def move(cg):
            with open(CG + cg + "/cgroup.procs", "w") as f:
                f.write(str(r.pid))

        phases = [  # (change before typing, level recorded at or None)
            (lambda: 0, "full"),
            (lambda: sysfs_write("level", "redacted"), "redacted"),
            (lambda: sysfs_write("level", "full"), "full"),
            (lambda: move("/b"), None),
            (lambda: move("/a"), "full"),
            (lambda: sysfs_write("paused", "1"), None),
            (lambda: sysfs_write("paused", "0"), "full"),
            (lambda: sysfs_write("cgroups", "-/a"), None),
            (lambda: sysfs_write("cgroups", "+/a"), "full"),
            (lambda: sysfs_write("enabled", "0"), None),
        ]
        path = cfg.work + "/follow.itr"
        rec = Recorder(path)
        try:
            r = Reader(kbd.node, len(tap) * len(phases), "rd-follow", "/a")
            for i, (change, _) in enumerate(phases):
                assert not change(), "phase %d: the change failed" % i
                kbd.emit(tap)
                assert r.wait_for(len(tap) * (i + 1)) == tap * (i + 1)
            r.finish()
        finally:
            rec.stop()
            kbd.close()
            sysfs_write("paused", "0")
            sysfs_write("enabled", "1")
        evs = events_of(dump(path), r.pid)
        want = [level for _, level in phases if level]
        assert len(evs) == len(tap) * len(want), \
            "%d events recorded, want %d: %r" % (len(evs), len(tap) * len(want),
                                                 tvc(evs))
        for i, level in enumerate(want):
            chunk = evs[i * len(tap):(i + 1) * len(tap)]
            assert [e["level"] for e in chunk] == [level] * len(tap), \
                (i, level, chunk)
            if level == "full":
                assert tvc(chunk) == tap, (i, tvc(chunk))
            else:
                keys = [e for e in chunk if e["type"] == EV_KEY]
                assert keys and all(e["redacted"] and e["code"] != 30
                                    for e in keys), (i, keys)

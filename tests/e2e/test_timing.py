# SPDX-License-Identifier: GPL-2.0
"""Timing: time_quantum_ns rounds every timestamp in the file, globally
and per cgroup."""
import time

from evdev_helpers import key_taps
from fixtures import (E2ETest, Reader, Recorder, TEXT_KEYS, cfg, dump,
                      events_of, keyboard, set_policy, sysfs_read, sysfs_write,
                      tvc)


class QuantumTest(E2ETest):
    def test_time_quantum_rounds_every_timestamp(self):
        """time_quantum_ns=1000000: every timestamp in the file is a
        multiple of 1 ms, for readers on the REALTIME and MONOTONIC clocks;
        a per-cgroup override (/b: 10 ms) wins for its subtree."""
        set_policy(True, "full", ["/a"])
        assert sysfs_write("cgroups", "+/b time_quantum_ns=10000000") == 0
        assert sysfs_write("time_quantum_ns", "1000000") == 0
        assert sysfs_read("time_quantum_ns") == "1000000\n"
        kbd = keyboard("it-kbd-quantum")
        typed = key_taps(TEXT_KEYS)
        path = cfg.work + "/quantum.itr"
        rec = Recorder(path)
        try:
            readers = [Reader(kbd.node, len(typed), "rd-q-rt", "/a"),
                       Reader(kbd.node, len(typed), "rd-q-mono", "/a",
                              clock=1),
                       Reader(kbd.node, len(typed), "rd-q-b", "/b", clock=1)]
            for k in TEXT_KEYS:  # spread over time: exact times would show
                kbd.emit(key_taps([k]))
                time.sleep(0.003)
            for r in readers:
                assert r.finish() == typed
        finally:
            rec.stop()
            kbd.close()
            sysfs_write("time_quantum_ns", "0")
        recs = dump(path)
        times = 0
        for r in recs:
            for key in ("time_ns", "read_ns", "since_ns"):
                if r.get(key):
                    q = 10000000 if r.get("pid") == readers[2].pid else 1000000
                    assert r[key] % q == 0, "%s not rounded to %d: %r" % (
                        key, q, r)
                    times += 1
        for rd in readers:
            evs = events_of(recs, rd.pid)
            assert tvc(evs) == typed, rd.comm
            want = 10000000 if rd is readers[2] else 1000000
            assert all(e["quantum_ns"] == want for e in evs), evs[0]
        assert times >= 3 * 2 * len(typed), times

# SPDX-License-Identifier: GPL-2.0
"""Losses and module lifetime: what an overflowing ring drops is counted
in the stream, and rmmod is refused while a recorder holds the module."""
import os
import signal
import subprocess

from evdev_helpers import key_taps
from fixtures import (E2ETest, Reader, Recorder, SYSFS, cfg, dump, events_of,
                      keyboard, set_policy)


class LossTest(E2ETest):
    def test_ring_overflow_is_counted_in_stream(self):
        """With a tiny ring and a stalled recorder, what the rings cannot
        hold shows up as LOSS records: events recorded + lost == events
        delivered."""
        set_policy(True, "full", ["/a"])
        kbd = keyboard("it-kbd-flood")
        seq = key_taps(list(range(16, 26))) * 20  # 800 events
        path = cfg.work + "/flood.itr"
        rec = Recorder(path, "--ring-size", "4096")
        try:
            r = Reader(kbd.node, len(seq), "rd-flood", "/a")
            rec.p.send_signal(signal.SIGSTOP)
            # chunks the reader surely keeps up with (evdev holds 64 events):
            # only the stalled recorder's 4 KiB ring may overflow
            for i in range(0, len(seq), 40):
                kbd.emit(seq[i:i + 40], frame_gap=0)
                r.wait_for(min(i + 40, len(seq)))
            got = r.finish()
            rec.p.send_signal(signal.SIGCONT)
        finally:
            rec.stop()
            kbd.close()
        assert got == seq, "the reader itself lost events"
        recs = dump(path)
        recorded = len(events_of(recs, r.pid))
        lost = sum(x["count"] for x in recs
                   if x["kind"] == "loss" and x["source"] == "ring_full")
        assert lost > 0, "no overflow happened: test did not test anything"
        assert recorded + lost == len(seq), (recorded, lost, len(seq))

    def test_rmmod_refused_while_recording(self):
        set_policy(True, "full", ["/a"])
        rec = Recorder(cfg.work + "/rmmod.itr")
        try:
            r = subprocess.run(["rmmod", "inputtrace"], capture_output=True,
                               text=True)
            assert r.returncode != 0, \
                "rmmod succeeded under a running recorder"
            # EBUSY: the BPF program's reference
            assert "in use" in r.stderr, r.stderr
            assert os.path.isdir(SYSFS), "module gone"
        finally:
            rec.stop()
        # once the recorder is gone the module unloads, and loads again
        subprocess.run(["rmmod", "inputtrace"], check=True)
        assert not os.path.exists(SYSFS)
        subprocess.run(["modprobe", "inputtrace"], check=True)

# SPDX-License-Identifier: GPL-2.0
"""The secure-input pause: nothing recorded while paused, and what was
suppressed is counted in one PAUSE record."""
import subprocess
import time

from evdev_helpers import key_taps
from fixtures import (E2ETest, Reader, Recorder, TEXT_KEYS, cfg, dump,
                      events_of, keyboard, set_policy, sysfs_read, sysfs_write,
                      tvc)


def pause_or_resume(command, paused):
    """`inputtrace pause|resume`: exit 0, nothing on stderr, and `paused`
    reads @paused afterwards."""
    r = subprocess.run([cfg.it, command], capture_output=True, text=True)
    assert (r.returncode, r.stderr) == (0, ""), r.stderr
    assert sysfs_read("paused") == paused


class PauseTest(E2ETest):
    def test_pause_suppresses_and_counts(self):
        """paused=1: no event record for anyone while paused, and the PAUSE
        record written on resume holds exactly the number of events readers in
        scope were given meanwhile; out-of-scope readers are not counted."""
        set_policy(True, "full", ["/a"])
        kbd = keyboard("it-kbd-pause")
        before, during = key_taps([30]), key_taps(TEXT_KEYS)
        after = key_taps([31])
        total = len(before) + len(during) + len(after)
        path = cfg.work + "/pause.itr"
        rec = Recorder(path)
        try:
            r = Reader(kbd.node, total, "rd-pause", "/a")
            rc = Reader(kbd.node, total, "rd-pause-c", "/a/child")
            out = Reader(kbd.node, total, "rd-pause-out", "/b")
            kbd.emit(before)
            for x in (r, rc, out):
                x.wait_for(len(before))
            time.sleep(0.3)
            pause_or_resume("pause", "1\n")
            time.sleep(0.3)  # the recorder notices the pause
            status = subprocess.run([cfg.it, "status"], capture_output=True,
                                    text=True).stdout
            kbd.emit(during)
            r.wait_for(len(before) + len(during))
            rc.wait_for(len(before) + len(during))
            out.wait_for(len(before) + len(during))
            time.sleep(0.3)
            pause_or_resume("resume", "0\n")
            time.sleep(0.3)
            kbd.emit(after)
            for x in (r, rc, out):
                assert x.finish() == before + during + after
        finally:
            sysfs_write("paused", "0")
            rec.stop()
            kbd.close()
        assert "paused:    1" in status, status
        recs = dump(path)
        for x in (r, rc):
            assert tvc(events_of(recs, x.pid)) == before + after, x.comm
        pauses = [p for p in recs if p["kind"] == "pause"]
        assert len(pauses) == 1, pauses
        # two readers in scope were each given every event typed while paused
        assert pauses[0]["count"] == 2 * len(during), pauses
        assert 0 < pauses[0]["since_ns"] < pauses[0]["time_ns"], pauses
        assert "suppressed while paused" in rec.stderr(), rec.stderr()

# SPDX-License-Identifier: GPL-2.0
"""A reader that grabs its device (EVIOCGRAB, as keyd and the interception
tools do) is traced like any other: inputtrace sits on the reader's side of
evdev, so the grab that hides the device from every other client (evtest,
evemu-record, libinput record) does not hide it from the trace."""
import shutil
import subprocess
import time

from evdev_helpers import key_taps
from fixtures import (E2ETest, Reader, Recorder, cfg, dump, events_of,
                      keyboard, set_policy, tvc)


class GrabTest(E2ETest):
    def test_grabbing_reader_is_recorded(self):
        """The grabbing reader in /a gets every event and the trace has
        them all; a second reader of the same node (in /a too) gets none,
        and neither does evemu-record when it is installed."""
        set_policy(True, "full", ["/a"])
        kbd = keyboard("it-kbd-grab")
        seq = key_taps([30, 31, 32, 33])
        path = cfg.work + "/grab.itr"
        rec = Recorder(path)
        evemu = None
        try:
            grabber = Reader(kbd.node, len(seq), "rd-grab", "/a", grab=True)
            other = Reader(kbd.node, 1, "rd-other", "/a")
            if shutil.which("evemu-record"):
                # line-buffered: what it printed survives the SIGTERM
                evemu = subprocess.Popen(["stdbuf", "-oL", "-eL",
                                          "evemu-record", kbd.node],
                                         stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, text=True)
                time.sleep(1)  # its description first, then events
            kbd.emit(seq)
            got = grabber.finish()
            other.p.stdin.close()  # it would wait 60 s for its one event
            other.p.wait(timeout=30)
        finally:
            rec.stop()
            kbd.close()
            if evemu:
                evemu.terminate()
        assert got == seq, got
        assert other.wait_for(1) == [], "the grab let another reader see it"
        recs = dump(path)
        assert tvc(events_of(recs, grabber.pid)) == seq
        assert events_of(recs, other.pid) == []
        if evemu:
            out = evemu.communicate(timeout=30)[0]
            evs = [ln for ln in out.splitlines() if ln.startswith("E: ")]
            assert evs == [], "evemu-record saw a grabbed device: %r" % evs
            said = [ln for ln in out.splitlines() if not ln.startswith("#")
                    and ln[:2] not in ("N:", "I:", "P:", "B:", "A:", "L:", "S:")]
            print("grab: evemu-record of the grabbed device: 0 events; it said %r"
                  % said[:3])

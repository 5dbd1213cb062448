# SPDX-License-Identifier: GPL-2.0
"""The live view: `record -o - | dump --follow --format json -` shows events
while recording runs, in order, and the stream is record for record what a
parallel `record -o FILE` wrote; -o - refuses what makes no sense."""
import json
import os
import select
import signal
import subprocess
import time

from evdev_helpers import key_taps
from fixtures import (E2ETest, Reader, Recorder, cfg, dump, events_of,
                      keyboard, set_policy, stderr_dir, tvc)

# only a guard against a hang; nothing below is measured against it
HANG_GUARD_S = 60


class JsonLines:
    """The stdout of `dump --follow --format json`, read as it comes."""

    def __init__(self, f):
        self.f, self.buf, self.records = f, b"", []

    def read_until(self, want):
        """Read lines until want(records) holds; False if dump ended first."""
        deadline = time.monotonic() + HANG_GUARD_S
        while not want(self.records):
            if time.monotonic() > deadline:
                return False
            ready, _, _ = select.select([self.f], [], [], 1)
            if not ready:
                continue
            data = os.read(self.f.fileno(), 65536)
            if not data:
                return want(self.records)
            self.buf += data
            *lines, self.buf = self.buf.split(b"\n")
            # every line is one JSON object: json.loads() is the parser
            self.records += [json.loads(ln) for ln in lines]
        return True


def without(rec, fields):
    return {k: v for k, v in rec.items() if k not in fields}


class LiveTest(E2ETest):
    def test_live_pipe_to_dump_follow_equals_a_file(self):
        """Events typed while `record -o - | tee | dump --follow -f json -`
        runs appear on dump's stdout before recording stops, in order, batch
        by batch; the stream (tee'd to a file) dumps record for record like
        the file a parallel `record -o FILE` wrote."""
        set_policy(True, "full", ["/a"])
        kbd = keyboard("it-kbd-live")
        filepath = cfg.work + "/live-file.itr"
        teepath = cfg.work + "/live-pipe.itr"
        errpath = os.path.join(stderr_dir(), "live-pipe.stderr")
        batches = [key_taps([30, 31, 32]), key_taps([33, 34]),
                   key_taps([35, 36, 37, 38])]
        total = sum(len(b) for b in batches)
        filerec = Recorder(filepath, "--sync", "none")
        with open(errpath, "w") as err:
            rec = subprocess.Popen([cfg.it, "record", "-o", "-"],
                                   stdout=subprocess.PIPE, stderr=err)
        tee = subprocess.Popen(["tee", teepath], stdin=rec.stdout,
                               stdout=subprocess.PIPE)
        rec.stdout.close()
        dump_p = subprocess.Popen([cfg.it, "dump", "--follow", "--format",
                                   "json", "-"], stdin=tee.stdout,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        tee.stdout.close()
        out = JsonLines(dump_p.stdout)
        try:
            deadline = time.monotonic() + 90
            while "recording to stdout" not in open(errpath).read():
                assert rec.poll() is None, open(errpath).read()
                assert time.monotonic() < deadline, open(errpath).read()
                time.sleep(0.05)
            r = Reader(kbd.node, total, "rd-live", "/a")
            done = []
            for b in batches:
                kbd.emit(b)
                done += b
                got = out.read_until(
                    lambda recs: len(events_of(recs, r.pid)) >= len(done))
                # shown while recording still runs: that is the live view
                assert rec.poll() is None, open(errpath).read()
                assert got, (done, out.records)
                assert tvc(events_of(out.records, r.pid)) == done
            assert r.finish() == done
        finally:
            rec.send_signal(signal.SIGINT)
            rc = rec.wait(timeout=60)
            filerec.stop()
            kbd.close()
        assert rc == 0, open(errpath).read()
        assert tee.wait(timeout=60) == 0
        out.read_until(lambda recs: False)  # to dump's end
        assert dump_p.wait(timeout=60) == 0, dump_p.stderr.read()
        live = out.records
        assert tvc(events_of(live, r.pid)) == done

        piped, filed = dump(teepath), dump(filepath)
        # what each recorder measures itself: its BPF program stamps the
        # delivery (read_ns) when it runs, it converts the reader's clock
        # (realtime here) to CLOCK_MONOTONIC with an offset of its own
        # (time_ns, sub-microsecond apart), so latency_ns too; a DEVICE
        # record and its CAPS are stamped when that recorder first saw
        # the device
        own = {"device": ("time_ns",), "caps": ("time_ns",),
               "event": ("time_ns", "read_ns", "latency_ns")}
        assert [without(x, own.get(x["kind"], ())) for x in piped] == \
            [without(x, own.get(x["kind"], ())) for x in filed], \
            (piped, filed)
        # the live view is one pass: the same records, in the same order
        assert [x["kind"] for x in live] == [x["kind"] for x in piped]
        # (an event before its DEVICE record has "device": null live)
        assert [without(x, ("device",)) for x in events_of(live, r.pid)] == \
            [without(x, ("device",)) for x in events_of(piped, r.pid)]
        # the stream's header was never rewritten; the END block closed it
        with open(teepath, "rb") as f:
            assert f.read(11)[10] == 0x01
        assert subprocess.run([cfg.it, "verify", teepath]).returncode == 0

    def test_live_reader_gone_stops_recording_cleanly(self):
        """A reader that goes away (EPIPE) ends `record -o -` with exit 0
        and one note, whether or not events were coming."""
        set_policy(True, "full", ["/a"])
        errpath = os.path.join(stderr_dir(), "live-gone.stderr")
        with open(errpath, "w") as err:
            rec = subprocess.Popen([cfg.it, "record", "-o", "-"],
                                   stdout=subprocess.PIPE, stderr=err)
        deadline = time.monotonic() + 90
        while "recording to stdout" not in open(errpath).read():
            assert rec.poll() is None and time.monotonic() < deadline, \
                open(errpath).read()
            time.sleep(0.05)
        assert rec.stdout.read(8) == b"ITRACE\x1a\n"
        rec.stdout.close()
        assert rec.wait(timeout=60) == 0, open(errpath).read()
        assert "the reader went away" in open(errpath).read()

    def test_live_stdout_usage_errors_create_nothing(self):
        """-o - with a directory option or a terminal for stdout: one line,
        exit 2, no file; dump --follow of a terminal: one line, exit 1."""
        before = sorted(os.listdir(cfg.work))
        r = subprocess.run([cfg.it, "record", "-o", "-", "--rotate-size",
                            "1M"], capture_output=True, text=True)
        assert r.returncode == 2, r
        assert r.stderr == "inputtrace: record: rotation and retention " \
            "need -o DIR (an existing directory), not stdout\n", r.stderr
        assert r.stdout == ""
        r = subprocess.run([cfg.it, "record", "-o", "-", "--max-age", "9"],
                           capture_output=True, text=True)
        assert r.returncode == 2 and r.stderr.count("\n") == 1, r
        r = subprocess.run(["script", "-qec", "%s record -o -" % cfg.it,
                            "/dev/null"], capture_output=True, text=True,
                           timeout=60)
        assert r.returncode == 2, r
        assert "stdout is a terminal" in r.stdout, r.stdout
        assert r.stdout.strip().count("\n") == 0, r.stdout
        r = subprocess.run(["script", "-qec",
                            "%s dump --follow -" % cfg.it, "/dev/null"],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 1 and "a terminal" in r.stdout, r
        assert sorted(os.listdir(cfg.work)) == before

# SPDX-License-Identifier: GPL-2.0
"""Faults of the recorder's output: a filesystem that fills (each
--on-disk-full policy, on a size-limited tmpfs), a recorder killed with
SIGKILL, and one killed by the OOM killer of its memory cgroup.  Real
uinput keyboards, real evdev readers in an enabled cgroup; what was
delivered is always accounted for: recorded + LOSS counts == delivered."""
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import time

from evdev_helpers import EVENT, key_taps
from fixtures import (CG, E2ETest, Reader, Recorder, SyslogListener, cfg,
                      events_of, guest_tmpfs, join_cgroup, keyboard,
                      set_policy, stderr_dir, tvc, wait_stderr)

CHUNK = 40  # evdev holds 64 events: a reader surely keeps up with 40
# The amounts below (events that overflow what memory holds, files of
# ~23 KiB, a disk the trace files fill) count version 1's 76 bytes per
# event; version 2's ~8 would need ten times the typing under TCG.  The
# writer's disk-full paths in version 2 are test_diskfull.c's, on a tmpfs.
BLOCK = ["--block-size", "4K", "--no-compress", "--sync", "none",
         "--format-version", "1"]


def small_fs(size):
    """A new directory with a tmpfs of @size mounted on it."""
    d = tempfile.mkdtemp(prefix="inputtrace-fault.", dir=guest_tmpfs())
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%s,mode=0700" % size,
                    "tmpfs", d], check=True)
    return d


def drop_fs(d):
    subprocess.run(["umount", d], check=True)
    os.rmdir(d)


def fill(path):
    """Take every free byte of @path's filesystem."""
    with open(path, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:
            pass
        try:
            while True:
                f.write(b"\0")
        except OSError:
            pass


def type_(kbd, rd, seq):
    """Type @seq in chunks the reader keeps up with; wait until read."""
    base = len(rd.got)
    for i in range(0, len(seq), CHUNK):
        kbd.emit(seq[i:i + CHUNK], frame_gap=0)
        rd.wait_for(base + min(i + CHUNK, len(seq)))
    assert len(rd.got) == base + len(seq), "the reader itself lost events"


def type_at_once(kbd, rd, seq):
    """Type @seq (at most CHUNK events) with one write(): read in one go."""
    assert len(seq) <= CHUNK
    os.write(kbd.fd, b"".join(EVENT.pack(0, 0, *e) for e in seq))
    rd.wait_for(len(rd.got) + len(seq))


def end_reader(rd):
    rd.p.stdin.close()
    rd.p.wait(timeout=30)


def dump_any(path):
    """dump --format json without judging its exit status."""
    import json
    r = subprocess.run([cfg.it, "dump", "--format", "json", path],
                       capture_output=True, text=True, timeout=60)
    return r.returncode, [json.loads(ln) for ln in r.stdout.splitlines()]


def verify(path):
    return subprocess.run([cfg.it, "verify", path], capture_output=True,
                          text=True, timeout=60)


def trace_files(d):
    return sorted(os.path.join(d, n) for n in os.listdir(d)
                  if n.startswith("inputtrace-") and n.endswith(".itr"))


def tally(paths, pid):
    """Events of reader @pid and the sum of all LOSS counts (by source)."""
    events, losses = [], {}
    for p in paths:
        _, recs = dump_any(p)
        events += events_of(recs, pid)
        for x in recs:
            if x["kind"] == "loss":
                losses[x["source"]] = losses.get(x["source"], 0) + x["count"]
    return events, losses


def taps(n, first=16):
    """n events: key taps over codes first.. (4 events a tap)."""
    codes = [first + (i % 30) for i in range(n // 4)]
    return key_taps(codes)


class DiskFullTest(E2ETest):
    def setUp(self):
        super().setUp()
        set_policy(True, "full", ["/a"])
        self.fs = None

    def tearDown(self):
        if self.fs:
            drop_fs(self.fs)

    def test_fault_disk_full_wait_counts_then_resumes(self):
        """--on-disk-full=wait: while the disk is full the recorder keeps
        reading and counts what it cannot write; once space is freed it
        writes again and a LOSS record (source write) says how much is
        missing; the trigger and the resume are in syslog."""
        self.fs = small_fs("256k")
        log = SyslogListener()
        kbd = keyboard("it-kbd-full-wait")
        a, b, c = taps(40), taps(800, 20), taps(40, 40)
        more = taps(400, 24)
        rec = Recorder(self.fs, "--on-disk-full", "wait", *BLOCK)
        try:
            rd = Reader(kbd.node, len(a) + len(b) + len(more) + len(c),
                        "rd-full", "/a")
            type_(kbd, rd, a)
            time.sleep(0.6)  # in a sealed block
            fill(self.fs + "/filler")
            type_(kbd, rd, b)
            wait_stderr(rec, "disk full writing")
            # the first failed write may come before the ordering window
            # let most of b go: these, many blocks' worth and drained
            # while the disk is surely full, cannot all be kept
            type_(kbd, rd, more)
            time.sleep(0.6)  # a flush round tries to write them
            os.unlink(self.fs + "/filler")
            wait_stderr(rec, "again after")
            type_(kbd, rd, c)
            got = rd.finish()
        finally:
            rec.stop()
            kbd.close()
            lines = log.close()
        assert got == a + b + more + c
        (path,) = trace_files(self.fs)
        events, losses = tally([path], rd.pid)
        assert losses.get("write", 0) > 0, "the disk never filled"
        assert len(events) + sum(losses.values()) == len(got), \
            (len(events), losses, len(got))
        assert tvc(events[:len(a)]) == a and tvc(events[-len(c):]) == c
        assert verify(path).returncode == 0
        assert any("disk full writing" in ln and "wait" in ln for ln in lines)
        assert any("again after" in ln for ln in lines), lines

    def test_fault_disk_full_stop_exits_with_count(self):
        """--on-disk-full=stop: the recorder stops at the first full write,
        exits 1 saying how many records it could not write; the file holds
        every block sealed before (verify: truncated)."""
        self.fs = small_fs("256k")
        log = SyslogListener()
        kbd = keyboard("it-kbd-full-stop")
        a = taps(40)
        rec = Recorder(self.fs, "--on-disk-full", "stop", *BLOCK)
        try:
            rd = Reader(kbd.node, 1 << 20, "rd-stop", "/a")
            type_(kbd, rd, a)
            time.sleep(0.6)
            fill(self.fs + "/filler")
            # one write() at a time, each read in one go; the next only if
            # the recorder did not start stopping (the first chunk may
            # still fit in the last page of the trace file): what arrives
            # after it stopped reading was never in its rings
            for i in range(4):
                type_at_once(kbd, rd, taps(CHUNK, 20 + i))
                deadline = time.monotonic() + 3
                while "stopping" not in rec.stderr() and \
                        time.monotonic() < deadline:
                    time.sleep(0.05)
                if "stopping" in rec.stderr():
                    break
            rc = rec.p.wait(timeout=60)
            end_reader(rd)
            got = rd.got
        finally:
            if rec.p.poll() is None:
                rec.p.kill()
                rec.p.wait()
            rec.err.close()
            kbd.close()
            lines = log.close()
        err = rec.stderr()
        assert rc == 1, (rc, err)
        assert "stopped as --on-disk-full=stop asks" in err, err
        unwritten = int(err.split("stop asks; ")[1].split()[0])
        (path,) = trace_files(self.fs)
        events, losses = tally([path], rd.pid)
        assert len(events) >= len(a), "the sealed block lost events"
        assert tvc(events) == got[:len(events)]
        assert len(events) + sum(losses.values()) + unwritten == len(got), \
            (len(events), losses, unwritten, len(got))
        assert unwritten > 0
        assert verify(path).returncode == 2
        assert any("disk full writing" in ln and "stopping" in ln
                   for ln in lines), lines

    def test_fault_disk_full_rotate_lets_retention_free_space(self):
        """--on-disk-full=rotate: the trace files fill the disk; retention
        (--max-total-size) deletes the oldest archive of an earlier run,
        writing resumes and the full file is rotated; everything delivered
        is in this run's files or in a LOSS record."""
        self.fs = small_fs("96k")
        kbd = keyboard("it-kbd-full-rot")
        # an earlier run: two files of ~23 KiB (one archived, one clean)
        old = Recorder(self.fs, *BLOCK)
        try:
            rd = Reader(kbd.node, 600, "rd-old", "/a")
            type_(kbd, rd, taps(300))
            time.sleep(0.6)
            old.p.send_signal(signal.SIGHUP)
            wait_stderr(old, "rotated (SIGHUP)")
            type_(kbd, rd, taps(300))
            rd.finish()
        finally:
            old.stop()
        earlier = trace_files(self.fs)
        assert len(earlier) == 2
        log = SyslogListener()
        rec = Recorder(self.fs, "--on-disk-full", "rotate",
                       "--max-total-size", "64K", *BLOCK)
        try:
            rd = Reader(kbd.node, 1 << 20, "rd-rot", "/a")
            for _ in range(60):  # ~2400 events at most
                type_(kbd, rd, taps(CHUNK, 30))
                time.sleep(0.25)  # a flush round
                if "disk full writing" in rec.stderr():
                    break
            wait_stderr(rec, "disk full writing", 1)
            # retention frees space at the next flush round: what memory
            # holds meanwhile is not lost, more would be counted
            type_(kbd, rd, taps(80, 50))
            wait_stderr(rec, "rotated (disk full)")
            type_(kbd, rd, taps(CHUNK, 60))
            time.sleep(0.3)
            end_reader(rd)
        finally:
            rec.stop()
            kbd.close()
            lines = log.close()
        got = rd.got
        assert got, "nothing was typed"
        mine = [p for p in trace_files(self.fs) if p not in earlier]
        assert len(mine) == 2, mine
        assert not all(os.path.exists(p) for p in earlier), \
            "retention deleted no archive of the earlier run"
        events, losses = tally(mine, rd.pid)
        assert len(events) + sum(losses.values()) == len(got), \
            (len(events), losses, len(got))
        for p in mine:
            assert verify(p).returncode == 0, p
        assert any("retention: deleted" in ln for ln in lines), lines
        assert any("again after" in ln for ln in lines), lines


class KilledTest(E2ETest):
    """A recorder that dies without closing its file keeps every sealed
    block; the next recorder leaves that file alone and says so."""

    def setUp(self):
        super().setUp()
        set_policy(True, "full", ["/a"])
        self.dir = tempfile.mkdtemp(prefix="inputtrace-kill.",
                                    dir=guest_tmpfs())

    def tearDown(self):
        shutil.rmtree(self.dir)

    def check_sealed_kept(self, path, rd, sealed):
        """dump: a prefix of what was delivered, at least @sealed events;
        verify: truncated (exit 2)."""
        rc, recs = dump_any(path)
        assert rc == 2, rc  # no END block
        events = tvc(events_of(recs, rd.pid))
        assert len(events) >= sealed, (len(events), sealed)
        assert events == rd.got[:len(events)]
        r = verify(path)
        assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
        assert "truncated" in (r.stdout + r.stderr).lower(), r.stdout

    def test_fault_sigkill_keeps_sealed_blocks_next_record_leaves_it(self):
        kbd = keyboard("it-kbd-kill")
        a, b = taps(200), taps(CHUNK, 20)
        rec = Recorder(self.dir, "--block-size", "4K")
        try:
            rd = Reader(kbd.node, len(a) + len(b), "rd-kill", "/a")
            type_(kbd, rd, a)
            time.sleep(0.6)  # sealed (and fdatasync'ed: --sync block)
            type_(kbd, rd, b)  # may still be in memory
            rec.p.send_signal(signal.SIGKILL)
            assert rec.p.wait(timeout=30) == -signal.SIGKILL
            rd.finish()
        finally:
            rec.err.close()
            kbd.close()
        (path,) = trace_files(self.dir)
        self.check_sealed_kept(path, rd, len(a))
        with open(path, "rb") as f:
            before = hashlib.sha256(f.read()).hexdigest()

        log = SyslogListener()
        try:
            nxt = Recorder(self.dir)
            nxt.stop()
        finally:
            lines = log.close()
        assert len(trace_files(self.dir)) == 2
        with open(path, "rb") as f:
            assert hashlib.sha256(f.read()).hexdigest() == before, \
                "the crashed file was changed"
        said = [ln for ln in lines if os.path.basename(path) in ln and
                "left unfinished" in ln]
        assert said and "pid %d" % rec.p.pid in said[0], lines
        assert "left unfinished" in nxt.stderr()

    def test_fault_oom_kill_keeps_sealed_blocks(self):
        """The recorder in a memory cgroup whose memory.max is lowered under
        its usage: the OOM killer ends it; nothing sealed is lost."""
        with open(CG + "/cgroup.controllers") as f:
            assert "memory" in f.read().split()
        with open(CG + "/cgroup.subtree_control", "w") as f:
            f.write("+memory")
        cg = "/it-oom"
        os.makedirs(CG + cg, exist_ok=True)
        kbd = keyboard("it-kbd-oom")
        a, b = taps(200), taps(CHUNK, 20)
        errpath = os.path.join(stderr_dir(), "oom.stderr")
        with open(errpath, "w") as err:
            p = subprocess.Popen([cfg.it, "record", "-o", self.dir,
                                  "--block-size", "4K"],
                                 stdout=subprocess.DEVNULL, stderr=err,
                                 preexec_fn=lambda: join_cgroup(cg))
        try:
            deadline = time.monotonic() + 90
            while "recording to" not in open(errpath).read():
                assert p.poll() is None and time.monotonic() < deadline, \
                    open(errpath).read()
                time.sleep(0.05)
            rd = Reader(kbd.node, len(a) + len(b), "rd-oom", "/a")
            type_(kbd, rd, a)
            time.sleep(0.6)
            type_(kbd, rd, b)
            with open(CG + cg + "/memory.max", "w") as f:
                f.write("64K")
            assert p.wait(timeout=30) == -signal.SIGKILL
            rd.finish()
            with open(CG + cg + "/memory.events") as f:
                events = dict(ln.split() for ln in f)
            assert int(events["oom_kill"]) >= 1, events
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
            kbd.close()
            os.rmdir(CG + cg)
        (path,) = trace_files(self.dir)
        self.check_sealed_kept(path, rd, len(a))

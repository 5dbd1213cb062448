# SPDX-License-Identifier: GPL-2.0
"""Trace files and retention: rotation, deletion of old archives and the
syslog trail, who may read a trace, and a clean end on SIGTERM."""
import os
import signal
import subprocess
import sys
import time

from evdev_helpers import key_taps
from fixtures import (E2ETest, Reader, Recorder, SYSFS, SyslogListener,
                      as_nobody, cfg, dump, events_of, keyboard, set_policy,
                      sysfs_read, tvc)


def header_state(path):
    with open(path, "rb") as f:
        return f.read(11)[10]


class FilesTest(E2ETest):
    def test_rotation_retention_and_syslog(self):
        """-o DIR with SIGHUP rotations: each file holds its own batch and the
        device description, closed files are ARCHIVED and the last one CLEAN;
        --max-total-size deletes the oldest archives first, never the newest,
        and start, rotations, deletions and stop are all in the system log."""
        set_policy(True, "full", ["/a"])
        outdir = cfg.work + "/rotated"
        os.makedirs(outdir, mode=0o700, exist_ok=True)
        log = SyslogListener()
        kbd = keyboard("it-kbd-rotate")
        batches = [key_taps([k]) for k in (30, 31, 32, 33, 34, 35, 36, 37, 38)]
        total = sum(len(b) for b in batches)
        # format 1: its ~1 KiB files make nine well over the smallest
        # limit (4K); format 2's ~500 bytes would be a near thing
        rec = Recorder(outdir, "--max-total-size", "4K", "--sync", "none",
                       "--no-compress", "--format-version", "1")
        try:
            r = Reader(kbd.node, total, "rd-rot", "/a")
            done = 0
            for i, b in enumerate(batches):
                kbd.emit(b)
                done += len(b)
                r.wait_for(done)
                time.sleep(0.5)  # recorded and in a sealed block
                if i < len(batches) - 1:
                    rec.p.send_signal(signal.SIGHUP)
                    deadline = time.monotonic() + 10
                    while rec.stderr().count("rotated (SIGHUP)") <= i and \
                            time.monotonic() < deadline:
                        time.sleep(0.05)
                    assert rec.stderr().count("rotated (SIGHUP)") == i + 1, \
                        rec.stderr()
            r.finish()
        finally:
            rec.stop()
            kbd.close()
            lines = log.close()
        files = sorted(os.listdir(outdir),
                       key=lambda n: int(n[:-4].split("-")[4])
                       if n.count("-") == 4 else 0)
        seqs = [int(n[:-4].split("-")[4]) if n.count("-") == 4 else 0
                for n in files]
        # the newest files survive, oldest first deleted: a contiguous tail
        assert seqs == list(range(seqs[0], len(batches))), seqs
        assert seqs[0] > 0, "nothing was deleted: the limit was not exercised"
        sizes = [os.path.getsize(os.path.join(outdir, n)) for n in files]
        assert sum(sizes) <= 4096 or len(files) <= 2, sizes
        for n, seq in zip(files, seqs):
            f = os.path.join(outdir, n)
            assert header_state(f) == (0x02 if seq == len(batches) - 1
                                       else 0x04)
            recs = dump(f)
            assert tvc(events_of(recs, r.pid)) == batches[seq], (n, recs)
            assert any(d["kind"] == "device" and d["name"] == "it-kbd-rotate"
                       for d in recs), "%s has no device record" % n
        text = "\n".join(lines)
        assert "recording started by uid 0" in text and outdir in text, text
        assert text.count("rotated (SIGHUP)") == len(batches) - 1, text
        deleted = [ln.split("deleted ")[1].split(" ")[0] for ln in lines
                   if "retention: deleted" in ln]
        assert len(deleted) == seqs[0], deleted
        for i, name in enumerate(deleted):
            # deleted oldest first: seq 0 (no suffix), then 1, 2, ...
            assert name.endswith("-%d.itr" % i if i else ".itr"), deleted
        assert "recording stopped" in text and \
            "%d events" % total in text, text

    def test_nobody_cannot_read_traces_or_write_sysfs(self):
        """Trace files are 0600 root; a non-root user can read no trace and
        write no attribute (sysfs 0644), and changes nothing trying."""
        set_policy(True, "full", ["/a"])
        path = cfg.work + "/private.itr"
        rec = Recorder(path, "--duration", "0.5")
        rec.p.wait(timeout=60)
        assert os.stat(path).st_mode & 0o777 == 0o600
        assert os.stat(path).st_uid == 0
        attrs = ("enabled", "paused", "level", "time_quantum_ns", "cgroups")
        before = {a: sysfs_read(a) for a in attrs}
        script = ("import os, sys\n"
                  "fails = 0\n"
                  "try:\n    open(sys.argv[1], 'rb')\n"
                  "except PermissionError:\n"
                  "    fails += 1\n"
                  "for a, v in (('enabled', '0'), ('paused', '1'),"
                  " ('level', 'full'),"
                  " ('time_quantum_ns', '5'), ('cgroups', '-/a')):\n"
                  "    try:\n"
                  "        open('/sys/kernel/inputtrace/' + a, 'w').write(v)\n"
                  "    except PermissionError:\n        fails += 1\n"
                  "print(fails)\n")
        drop = as_nobody()
        r = subprocess.run([sys.executable, "-c", script, path],
                           capture_output=True, text=True, preexec_fn=drop)
        assert r.stdout.strip() == "6", (r.stdout, r.stderr)
        r = subprocess.run([cfg.it_anyone, "dump", path], capture_output=True,
                           text=True, preexec_fn=drop)
        assert r.returncode != 0 and "Permission denied" in r.stderr, r.stderr
        r = subprocess.run([cfg.it_anyone, "pause"], capture_output=True,
                           text=True, preexec_fn=drop)
        assert r.returncode == 1 and "only root may write" in r.stderr, \
            r.stderr
        r = subprocess.run([cfg.it, "pause", "now"], capture_output=True,
                           text=True)
        assert r.returncode == 2 and "unexpected argument 'now'" in r.stderr
        assert before == {a: sysfs_read(a) for a in attrs}
        for a in attrs:
            assert os.stat(SYSFS + a).st_mode & 0o777 == 0o644, a

    def test_sigterm_flushes_and_tty_gets_status_line(self):
        """SIGTERM ends a recording as cleanly as SIGINT (dump exits 0 only for
        a file with its END block); on a terminal a status line is shown."""
        set_policy(True, "full", ["/a"])
        kbd = keyboard("it-kbd-term")
        path = cfg.work + "/term.itr"
        rec = Recorder(path)
        try:
            r = Reader(kbd.node, 8, "rd-term", "/a")
            kbd.emit(key_taps([30, 31]))
            r.finish()
        finally:
            rec.stop(signal.SIGTERM)
            kbd.close()
        assert tvc(events_of(dump(path), r.pid)) == key_taps([30, 31])

        path = cfg.work + "/tty.itr"
        out = subprocess.run(["script", "-qec",
                              "%s record -o %s --duration 3" % (cfg.it, path),
                              "/dev/null"], capture_output=True, text=True,
                             timeout=120).stdout
        assert "events, 0 lost" in out and path in out, out

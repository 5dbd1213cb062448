# SPDX-License-Identifier: GPL-2.0
"""End-to-end tests, run as root inside the VM (tests/vm/vm-run).

Everything is real: inputtrace.ko loaded with modprobe, the BPF program on
Debian's 6.1 kernel, uinput devices, evdev readers in real cgroups, trace
files on disk.  Usage: test_e2e.py INPUTTRACE_BINARY WORKDIR [NAME-PART]
Prints one line per test and finally `e2e: N passed, N failed`.
"""
import errno
import json
import os
import signal
import subprocess
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evdev_helpers import (BTN_LEFT, EV_KEY, EV_MSC, EV_REL, EV_SYN,  # noqa: E402
                           MSC_SCAN, REL_WHEEL, REL_X, REL_Y, SYN_REPORT,
                           UinputDevice, key_taps)

IT = os.path.abspath(sys.argv[1])
WORK = sys.argv[2]
HELPERS = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "evdev_helpers.py")
SYSFS = "/sys/kernel/inputtrace/"
CG = "/sys/fs/cgroup"

# KEY_H E L L O SPACE W O R L D DOT ENTER: all codes > 9, so no redacted
# class number (1..9) can be mistaken for one of them in a byte scan.
TEXT_KEYS = [35, 18, 38, 38, 24, 57, 17, 24, 19, 38, 32, 52, 28]
SCAN_VALUE = 0x7A5C3E  # a distinctive MSC_SCAN value


def sysfs_write(attr, value):
    """Write like `echo VALUE > attr`; return 0 or the errno."""
    fd = os.open(SYSFS + attr, os.O_WRONLY)
    try:
        os.write(fd, value.encode() if isinstance(value, str) else value)
        return 0
    except OSError as e:
        return e.errno
    finally:
        os.close(fd)


def sysfs_read(attr):
    with open(SYSFS + attr) as f:
        return f.read()


def set_policy(enabled, level, cgroups):
    sysfs_write("enabled", "0")
    for line in sysfs_read("cgroups").splitlines():
        assert sysfs_write("cgroups", "-" + line.split()[0]) == 0
    assert sysfs_write("level", level) == 0
    for cg in cgroups:
        assert sysfs_write("cgroups", "+" + cg) == 0, cg
    assert sysfs_write("enabled", "1" if enabled else "0") == 0


def cgroup_id(path):
    return os.stat(CG + path).st_ino


def join_cgroup(cg):
    """Move the calling process into cgroup @cg (a preexec_fn)."""
    with open(CG + cg + "/cgroup.procs", "w") as f:
        f.write(str(os.getpid()))


class Reader:
    """A real evdev consumer in cgroup `cg`, in its own process."""

    def __init__(self, node, count, comm, cg, clock=None):
        args = [sys.executable, HELPERS, "read", node, str(count), comm]
        if clock is not None:
            args.append(str(clock))
        self.p = subprocess.Popen(args, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True,
                                  preexec_fn=lambda: join_cgroup(cg))
        line = self.p.stdout.readline()
        assert line.startswith("READY"), "reader did not start: %r" % line
        self.pid = int(line.split()[1])
        self.comm, self.cg = comm, cg
        self.got = []

    def wait_for(self, n):
        """Block until the reader has read n events (or it ended)."""
        while len(self.got) < n:
            line = self.p.stdout.readline()
            if not line or line.startswith("DONE"):
                break
            self.got.append(tuple(int(x) for x in line.split()))
        return self.got

    def finish(self):
        """All events read: the reader stops by itself after its count (or
        its 60 s deadline), never because we closed its stdin early."""
        self.wait_for(1 << 30)
        self.p.stdin.close()
        self.p.wait(timeout=30)
        return self.got


class Recorder:
    """`inputtrace record` in the background, stopped with SIGINT."""

    def __init__(self, path, *extra):
        self.path = path
        self.errpath = path + ".stderr"
        self.err = open(self.errpath, "w")
        self.p = subprocess.Popen([IT, "record", "-o", path] + list(extra),
                                  stdout=subprocess.DEVNULL, stderr=self.err)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if "recording to" in self.stderr():
                return
            if self.p.poll() is not None:
                raise AssertionError("record exited %d: %s" %
                                     (self.p.returncode, self.stderr()))
            time.sleep(0.05)
        raise AssertionError("record did not start: " + self.stderr())

    def stderr(self):
        with open(self.errpath) as f:
            return f.read()

    def stop(self, sig=signal.SIGINT):
        self.p.send_signal(sig)
        rc = self.p.wait(timeout=60)
        self.err.close()
        assert rc == 0, "record exited %d: %s" % (rc, self.stderr())


def record_while_typing(path, extra, *plans):
    """Record into @path (record options @extra) while, for each plan
    (device, typed, comm, cg), a reader @comm in @cg reads what is typed on
    the device; every reader must get exactly its typing.  The Recorder (now
    stopped) and the Readers."""
    rec = Recorder(path, *extra)
    try:
        readers = [Reader(dev.node, len(typed), comm, cg)
                   for dev, typed, comm, cg in plans]
        for dev, typed, _, _ in plans:
            dev.emit(typed)
        for rd, (_, typed, comm, _) in zip(readers, plans):
            assert rd.finish() == typed, comm
    finally:
        rec.stop()
    return rec, readers


def dump(path):
    r = subprocess.run([IT, "dump", "--format", "json", path],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, "dump failed %d: %s" % (r.returncode, r.stderr)
    return [json.loads(ln) for ln in r.stdout.splitlines()]


def events_of(records, pid, device=None):
    return [r for r in records if r["kind"] == "event" and r["pid"] == pid
            and (device is None or r["device"] == device)]


def tvc(records):
    return [(r["type"], r["code"], r["value"]) for r in records]


def keyboard(name):
    return UinputDevice(name, keys=list(range(1, 128)), mscs=[MSC_SCAN])


def mouse(name):
    return UinputDevice(name, keys=[BTN_LEFT, BTN_LEFT + 1],
                        rels=[REL_X, REL_Y, REL_WHEEL], product=0x5678)


MOUSE_SEQ = [(EV_REL, REL_X, 5), (EV_REL, REL_Y, -3), (EV_SYN, SYN_REPORT, 0),
             (EV_KEY, BTN_LEFT, 1), (EV_SYN, SYN_REPORT, 0),
             (EV_REL, REL_WHEEL, -1), (EV_SYN, SYN_REPORT, 0),
             (EV_KEY, BTN_LEFT, 0), (EV_SYN, SYN_REPORT, 0)]


def bpf_prog_stats(name):
    out = subprocess.run(["bpftool", "prog", "show", "name", name, "--json"],
                         capture_output=True, text=True).stdout
    try:
        progs = json.loads(out)
    except ValueError:
        return None
    if isinstance(progs, dict):
        progs = [progs]
    for p in progs:
        if p.get("run_cnt"):
            return p["run_time_ns"], p["run_cnt"]
    return None


# ---------------------------------------------------------------- tests

def test_scope_and_exact_sequence_full():
    """Enabled /a, level full: readers in /a and /a/child are traced with
    the exact sequence; a reader of the same device in sibling /b is not."""
    set_policy(True, "full", ["/a"])
    kbd, ms = keyboard("it-kbd-full"), mouse("it-mouse-full")
    seq = key_taps([30, 48, 46]) + [(EV_MSC, MSC_SCAN, SCAN_VALUE),
                                    (EV_KEY, 42, 1), (EV_SYN, SYN_REPORT, 0),
                                    (EV_KEY, 42, 2), (EV_SYN, SYN_REPORT, 0),
                                    (EV_KEY, 42, 0), (EV_SYN, SYN_REPORT, 0)]
    path = WORK + "/full.itr"
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
    assert all(r["device"] == "it-mouse-full" and r["read_ns"] >= r["time_ns"]
               for r in m)
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


def _midrun_stop(change, restore):
    set_policy(True, "full", ["/a"])
    kbd = keyboard("it-kbd-midrun")
    first, second = key_taps([30, 31]), key_taps([32, 33])
    path = WORK + "/midrun-%s.itr" % change[0]
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


def test_records_stop_when_disabled():
    _midrun_stop(("enabled", "0"), ("enabled", "1"))


def test_records_stop_when_cgroup_removed():
    _midrun_stop(("cgroups", "-/a"), ("cgroups", "+/a"))


def test_redacted_level_hides_key_codes():
    """Global level redacted: no key code of the typed text and no scan code
    anywhere in the (uncompressed) file; pointer data stays exact."""
    set_policy(True, "redacted", ["/a"])
    kbd, ms = keyboard("it-kbd-red"), mouse("it-mouse-red")
    seq = []
    for k in TEXT_KEYS:
        seq += [(EV_MSC, MSC_SCAN, SCAN_VALUE), (EV_KEY, k, 1),
                (EV_SYN, SYN_REPORT, 0), (EV_KEY, k, 0),
                (EV_SYN, SYN_REPORT, 0)]
    path = WORK + "/redacted.itr"
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
    with open(path, "rb") as f:
        data = f.read()
    for k in set(TEXT_KEYS):
        pattern = bytes([EV_KEY, 0, k & 0xff, k >> 8])
        assert pattern not in data, "key code %d found in the file" % k
    assert SCAN_VALUE.to_bytes(4, "little") not in data, "scan code in file"
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


def test_rmmod_refused_while_recording():
    set_policy(True, "full", ["/a"])
    rec = Recorder(WORK + "/rmmod.itr")
    try:
        r = subprocess.run(["rmmod", "inputtrace"], capture_output=True,
                           text=True)
        assert r.returncode != 0, "rmmod succeeded under a running recorder"
        assert "in use" in r.stderr, r.stderr  # EBUSY: the BPF program's ref
        assert os.path.isdir(SYSFS), "module gone"
    finally:
        rec.stop()
    # once the recorder is gone the module unloads, and loads again
    subprocess.run(["rmmod", "inputtrace"], check=True)
    assert not os.path.exists(SYSFS)
    subprocess.run(["modprobe", "inputtrace"], check=True)


def test_sysfs_rejects_malformed_writes():
    set_policy(True, "full", ["/a"])
    before = {a: sysfs_read(a) for a in ("enabled", "level", "cgroups")}
    E, L = errno.EINVAL, errno.ENAMETOOLONG
    # (an empty write never reaches the attribute: sysfs drops it)
    bad = {
        "enabled": [(v, E) for v in
                    ("2", "1garbage", "yes", "1\n\n", " 1", "-1", "\n")],
        "level": [(v, E) for v in
                  ("FULL", "full\n\n", "secret", " full", "full redacted")],
        "cgroups": [(v, E) for v in
                    ("/a", "+a", "+/a/", "+//a", "+/a/../b", "+/a/./b",
                     "+/a b", "+/a level=", "+/a level=max",
                     "-/a level=full", "+/a\tb", "+", "\n", b"+/a\0b",
                     "+/caf\u00e9")] + [("+/" + "x" * 300, L)],
    }
    for attr, cases in bad.items():
        for v, want in cases:
            err = sysfs_write(attr, v)
            assert err == want, "%s <- %r gave %s, not %s" % (attr, v, err,
                                                             want)
    assert sysfs_write("cgroups", "+/does-not-exist") == errno.ENOENT
    assert sysfs_write("cgroups", "-/b") == errno.ENOENT  # not enabled
    assert sysfs_write("cgroups", "+/a/cgroup.procs") == errno.ENOTDIR
    after = {a: sysfs_read(a) for a in ("enabled", "level", "cgroups")}
    assert before == after, (before, after)
    assert os.stat(SYSFS + "enabled").st_mode & 0o777 == 0o644


def test_status_works_unprivileged():
    set_policy(True, "redacted", ["/a"])

    def drop():
        join_cgroup("/a")
        os.setgid(65534)
        os.setuid(65534)
    r = subprocess.run([IT, "status"], capture_output=True, text=True,
                       preexec_fn=drop)
    assert r.returncode == 0, r.stderr
    assert "enabled:   1" in r.stdout and "/a" in r.stdout, r.stdout
    assert "IS TRACED" in r.stdout and "redacted" in r.stdout, r.stdout
    assert "exact timestamps" in r.stdout and "PAUSED" not in r.stdout
    # the caller's own level and quantum (a per-cgroup override), paused
    assert sysfs_write("cgroups", "+/a level=full time_quantum_ns=2000000") == 0
    assert sysfs_write("paused", "1") == 0
    try:
        r = subprocess.run([IT, "status"], capture_output=True, text=True,
                           preexec_fn=drop)
    finally:
        sysfs_write("paused", "0")
    assert r.returncode == 0, r.stderr
    assert "IS TRACED (subtree /a, level full, timestamps rounded down to " \
        "2000000 ns)" in r.stdout, r.stdout
    assert "tracing is PAUSED now" in r.stdout, r.stdout
    r = subprocess.run([IT, "record", "-o", WORK + "/nobody.itr",
                        "--duration", "1"], capture_output=True, text=True,
                       preexec_fn=drop)
    assert r.returncode != 0 and "root" in r.stderr, r.stderr
    assert not os.path.exists(WORK + "/nobody.itr")


def in_cgroup(cg, args):
    """Run @args as a process of cgroup @cg; its stdout."""
    r = subprocess.run(args, capture_output=True, text=True,
                       preexec_fn=lambda: join_cgroup(cg))
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_status_is_the_kernels_answer():
    """self/ answers for the task that reads it, as the kfunc decides; so
    `status` is right where the caller's cgroup path misleads: inside a
    cgroup namespace (the path reads "/") and in a cgroup recreated under a
    listed path (a new id, which the module does not trace)."""
    set_policy(True, "redacted", ["/a time_quantum_ns=1000"])
    self_attrs = ["cat"] + [SYSFS + "self/" + a for a in
                            ("subtree", "level", "time_quantum_ns")]
    assert in_cgroup("/a", self_attrs) == "/a\nredacted\n1000\n"
    assert in_cgroup("/a/child", self_attrs) == "/a\nredacted\n1000\n"
    assert in_cgroup("/b", self_attrs) == "none\nnone\nnone\n"
    assert in_cgroup("/", self_attrs) == "none\nnone\nnone\n"
    assert sysfs_write("cgroups", "+/a/child level=full") == 0
    assert in_cgroup("/a/child", self_attrs) == "/a/child\nfull\n0\n"
    assert sysfs_write("paused", "1") == 0
    try:
        assert in_cgroup("/a", self_attrs) == "/a\nredacted\n1000\n"
    finally:
        assert sysfs_write("paused", "0") == 0
    try:
        os.close(os.open(SYSFS + "self/level", os.O_WRONLY))
        assert False, "self/level opened for writing"
    except PermissionError:
        pass

    out = in_cgroup("/a", ["unshare", "--cgroup", IT, "status"])
    assert "you:       cgroup / IS TRACED (subtree /a, level redacted, " \
        "timestamps rounded down to 1000 ns)" in out, out
    out = in_cgroup("/b", ["unshare", "--cgroup", IT, "status"])
    assert "you:       cgroup / is NOT traced" in out, out

    os.mkdir(CG + "/st")
    try:
        assert sysfs_write("cgroups", "+/st level=full") == 0
        assert "IS TRACED (subtree /st, level full" in \
            in_cgroup("/st", [IT, "status"])
        os.rmdir(CG + "/st")
        os.mkdir(CG + "/st")
        assert "/st level=full" in sysfs_read("cgroups")
        out = in_cgroup("/st", [IT, "status"])
        assert "you:       cgroup /st is NOT traced" in out, out
        assert in_cgroup("/st", self_attrs) == "none\nnone\nnone\n"
        assert sysfs_write("enabled", "0") == 0
        out = in_cgroup("/a", [IT, "status"])
        assert "cgroup /a is NOT traced (tracing is switched off)" in out, out
    finally:
        os.rmdir(CG + "/st")


def test_record_without_module_fails_cleanly():
    set_policy(False, "redacted", [])
    r = subprocess.run(["rmmod", "inputtrace"], capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr
    out = WORK + "/nomodule.itr"
    r = subprocess.run([IT, "record", "-o", out, "--duration", "1"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode != 0
    assert "not loaded" in r.stderr and len(r.stderr.splitlines()) == 1, \
        r.stderr
    assert not os.path.exists(out), "half-written file left behind"
    r = subprocess.run([IT, "status"], capture_output=True, text=True)
    assert r.returncode == 0 and "not loaded" in r.stdout, r.stdout
    r = subprocess.run([IT, "pause"], capture_output=True, text=True)
    assert r.returncode == 1 and "not loaded" in r.stderr, r.stderr
    subprocess.run(["modprobe", "inputtrace"], check=True)


def test_kernel_filters_and_count():
    """--types/--device/--codes are applied by the BPF program and counted
    there, for readers in scope only; --count stops the recorder by itself."""
    set_policy(True, "full", ["/a"])
    kbd, ms = keyboard("it-kbd-filter"), mouse("it-mouse-filter")
    path = WORK + "/filtered.itr"
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
        status = subprocess.run([IT, "status"], capture_output=True,
                                text=True).stdout
    finally:
        rec.stop()
    recs = dump(path)
    assert events_of(recs, rk.pid) == [], "--device let the keyboard in"
    want = [e for e in MOUSE_SEQ if (e[0], e[1]) in
            ((EV_REL, REL_X), (EV_KEY, BTN_LEFT))]
    assert tvc(events_of(recs, rm.pid)) == want, tvc(events_of(recs, rm.pid))
    # /a: 4 keyboard events (--device) + 4 SYN (--types) + REL_Y, REL_WHEEL
    # (--codes); the /b reader's 4 events must not show up anywhere
    assert "filtered 10," in status, status

    path = WORK + "/count.itr"
    p = subprocess.Popen([IT, "record", "-o", path, "--count", "5"],
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


def test_record_bad_input_fails_cleanly():
    """Each bad input: one line on stderr, non-zero exit, no file."""
    set_policy(True, "full", ["/a"])
    ww = WORK + "/world-writable"
    os.makedirs(ww, exist_ok=True)
    os.chmod(ww, 0o777)
    cases = [(["-o", "/nonexistent/x.itr"], "/nonexistent/x.itr"),
             (["-o", ww + "/x.itr"], ww + "/x.itr"),
             (["-o", WORK + "/flag.itr", "--bogus"], WORK + "/flag.itr"),
             (["-o", WORK + "/dur.itr", "--duration", "1s"],
              WORK + "/dur.itr"),
             (["-o", WORK + "/ty.itr", "--types", "nosuch"],
              WORK + "/ty.itr"),
             (["-o", WORK + "/link/x.itr"], WORK + "/real/x.itr"),
             (["-o", WORK + "/k.itr", "--encrypt-to", WORK + "/bad.pub"],
              WORK + "/k.itr"),
             (["-o", WORK + "/k.itr", "--encrypt-to", WORK + "/none.pub"],
              WORK + "/k.itr"),
             (["-o", WORK + "/r.itr", "--rotate-size", "1M"],
              WORK + "/r.itr")]
    os.makedirs(WORK + "/real", mode=0o700, exist_ok=True)
    if not os.path.islink(WORK + "/link"):
        os.symlink(WORK + "/real", WORK + "/link")
    with open(WORK + "/bad.pub", "w") as f:
        f.write("inputtrace-x25519-public AAAA\n")
    for args, out in cases:
        r = subprocess.run([IT, "record"] + args, capture_output=True,
                           text=True, timeout=60)
        assert r.returncode != 0, args
        assert len(r.stderr.strip().splitlines()) == 1, (args, r.stderr)
        assert r.stderr.startswith("inputtrace: record: "), r.stderr
        assert not os.path.exists(out), "left %s behind" % out


def test_ring_overflow_is_counted_in_stream():
    """With a tiny ring and a stalled recorder, what the rings cannot hold
    shows up as LOSS records: events recorded + lost == events delivered."""
    set_policy(True, "full", ["/a"])
    kbd = keyboard("it-kbd-flood")
    seq = key_taps(list(range(16, 26))) * 20  # 800 events
    path = WORK + "/flood.itr"
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


def test_sigterm_flushes_and_tty_gets_status_line():
    """SIGTERM ends a recording as cleanly as SIGINT (dump exits 0 only for
    a file with its END block); on a terminal a status line is shown."""
    set_policy(True, "full", ["/a"])
    kbd = keyboard("it-kbd-term")
    path = WORK + "/term.itr"
    rec = Recorder(path)
    try:
        r = Reader(kbd.node, 8, "rd-term", "/a")
        kbd.emit(key_taps([30, 31]))
        r.finish()
    finally:
        rec.stop(signal.SIGTERM)
        kbd.close()
    assert tvc(events_of(dump(path), r.pid)) == key_taps([30, 31])

    path = WORK + "/tty.itr"
    out = subprocess.run(["script", "-qec", "%s record -o %s --duration 3" %
                          (IT, path), "/dev/null"], capture_output=True,
                         text=True, timeout=120).stdout
    assert "events, 0 lost" in out and path in out, out


def test_cgroup_level_override_and_codes_never_match_redacted():
    """Global redacted, +/a level=full, +/b: /a gets exact codes, /b classes
    only, and no key code /b typed is anywhere in the file; a --codes KEY_A
    filter never lets a redacted key through."""
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
        path = WORK + "/levels.itr"
        ra, rb = record_a_and_b(path, "--no-compress")
        recs = dump(path)
        assert tvc(events_of(recs, ra.pid)) == typed_a
        b = events_of(recs, rb.pid)
        assert [(r["type"], r["value"]) for r in b] == \
            [(t, v) for t, c, v in typed_b]
        assert all(r["redacted"] and r["level"] == "redacted"
                   for r in b if r["type"] == EV_KEY), b
        with open(path, "rb") as f:
            data = f.read()
        # /a's exact KEY_A is in the file (so the scan can see codes) ...
        assert data.count(bytes([EV_KEY, 0, 30, 0])) == 2  # press + release
        # ... but none of the codes /b typed
        for k in set(TEXT_KEYS):
            assert bytes([EV_KEY, 0, k, 0]) not in data, \
                "/b's key code %d is in the file" % k

        path = WORK + "/codes.itr"
        ra, rb = record_a_and_b(path, "--codes", "KEY_A")
    finally:
        kbd_a.close()
        kbd_b.close()
    recs = dump(path)
    assert [e for e in tvc(events_of(recs, ra.pid)) if e[0] == EV_KEY] == \
        [(EV_KEY, 30, 1), (EV_KEY, 30, 0)]
    assert [r for r in events_of(recs, rb.pid) if r["type"] == EV_KEY] == [], \
        "a codes filter matched a redacted key"


def test_time_quantum_rounds_every_timestamp():
    """time_quantum_ns=1000000: every timestamp in the file is a multiple of
    1 ms, for readers on the REALTIME and MONOTONIC clocks; a per-cgroup
    override (/b: 10 ms) wins for its subtree."""
    set_policy(True, "full", ["/a"])
    assert sysfs_write("cgroups", "+/b time_quantum_ns=10000000") == 0
    assert sysfs_write("time_quantum_ns", "1000000") == 0
    assert sysfs_read("time_quantum_ns") == "1000000\n"
    kbd = keyboard("it-kbd-quantum")
    typed = key_taps(TEXT_KEYS)
    path = WORK + "/quantum.itr"
    rec = Recorder(path)
    try:
        readers = [Reader(kbd.node, len(typed), "rd-q-rt", "/a"),
                   Reader(kbd.node, len(typed), "rd-q-mono", "/a", clock=1),
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


def test_pause_suppresses_and_counts():
    """paused=1: no event record for anyone while paused, and the PAUSE
    record written on resume holds exactly the number of events readers in
    scope were given meanwhile; out-of-scope readers are not counted."""
    set_policy(True, "full", ["/a"])
    kbd = keyboard("it-kbd-pause")
    before, during, after = key_taps([30]), key_taps(TEXT_KEYS), key_taps([31])
    total = len(before) + len(during) + len(after)
    path = WORK + "/pause.itr"
    rec = Recorder(path)
    try:
        r = Reader(kbd.node, total, "rd-pause", "/a")
        rc = Reader(kbd.node, total, "rd-pause-c", "/a/child")
        out = Reader(kbd.node, total, "rd-pause-out", "/b")
        kbd.emit(before)
        for x in (r, rc, out):
            x.wait_for(len(before))
        time.sleep(0.3)
        r_pause = subprocess.run([IT, "pause"], capture_output=True, text=True)
        assert (r_pause.returncode, r_pause.stderr) == (0, ""), r_pause.stderr
        assert sysfs_read("paused") == "1\n"
        time.sleep(0.3)  # the recorder notices the pause
        status = subprocess.run([IT, "status"], capture_output=True,
                                text=True).stdout
        kbd.emit(during)
        r.wait_for(len(before) + len(during))
        rc.wait_for(len(before) + len(during))
        out.wait_for(len(before) + len(during))
        time.sleep(0.3)
        r_resume = subprocess.run([IT, "resume"], capture_output=True,
                                  text=True)
        assert (r_resume.returncode, r_resume.stderr) == (0, ""), \
            r_resume.stderr
        assert sysfs_read("paused") == "0\n"
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


def test_nobody_cannot_read_traces_or_write_sysfs():
    """Trace files are 0600 root; a non-root user can read no trace and
    write no attribute (sysfs 0644), and changes nothing trying."""
    set_policy(True, "full", ["/a"])
    path = WORK + "/private.itr"
    rec = Recorder(path, "--duration", "0.5")
    rec.p.wait(timeout=60)
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert os.stat(path).st_uid == 0
    attrs = ("enabled", "paused", "level", "time_quantum_ns", "cgroups")
    before = {a: sysfs_read(a) for a in attrs}
    script = ("import os, sys\n"
              "fails = 0\n"
              "try:\n    open(sys.argv[1], 'rb')\nexcept PermissionError:\n"
              "    fails += 1\n"
              "for a, v in (('enabled', '0'), ('paused', '1'), ('level', 'full'),"
              " ('time_quantum_ns', '5'), ('cgroups', '-/a')):\n"
              "    try:\n        open('/sys/kernel/inputtrace/' + a, 'w').write(v)\n"
              "    except PermissionError:\n        fails += 1\n"
              "print(fails)\n")

    def drop():
        os.setgid(65534)
        os.setuid(65534)
    r = subprocess.run([sys.executable, "-c", script, path],
                       capture_output=True, text=True, preexec_fn=drop)
    assert r.stdout.strip() == "6", (r.stdout, r.stderr)
    r = subprocess.run([IT, "dump", path], capture_output=True, text=True,
                       preexec_fn=drop)
    assert r.returncode != 0 and "Permission denied" in r.stderr, r.stderr
    r = subprocess.run([IT, "pause"], capture_output=True, text=True,
                       preexec_fn=drop)
    assert r.returncode == 1 and "only root may write" in r.stderr, r.stderr
    r = subprocess.run([IT, "pause", "now"], capture_output=True, text=True)
    assert r.returncode == 1 and "unexpected argument 'now'" in r.stderr
    assert before == {a: sysfs_read(a) for a in attrs}
    for a in attrs:
        assert os.stat(SYSFS + a).st_mode & 0o777 == 0o644, a


class SyslogListener:
    """A real /dev/log: collects what syslog(3) sends, in a thread."""

    def __init__(self):
        import socket
        import threading
        if os.path.exists("/dev/log"):
            os.unlink("/dev/log")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind("/dev/log")
        self.sock.settimeout(0.2)
        self.lines, self.done = [], False
        self.t = threading.Thread(target=self._run, daemon=True)
        self.t.start()

    def _run(self):
        while not self.done:
            try:
                self.lines.append(self.sock.recv(65536).decode())
            except OSError:
                continue

    def close(self):
        time.sleep(0.3)
        self.done = True
        self.t.join()
        self.sock.close()
        os.unlink("/dev/log")
        return self.lines


def header_state(path):
    with open(path, "rb") as f:
        return f.read(11)[10]


def test_rotation_retention_and_syslog():
    """-o DIR with SIGHUP rotations: each file holds its own batch and the
    device description, closed files are ARCHIVED and the last one CLEAN;
    --max-total-size deletes the oldest archives first, never the newest,
    and start, rotations, deletions and stop are all in the system log."""
    set_policy(True, "full", ["/a"])
    outdir = WORK + "/rotated"
    os.makedirs(outdir, mode=0o700, exist_ok=True)
    log = SyslogListener()
    kbd = keyboard("it-kbd-rotate")
    batches = [key_taps([k]) for k in (30, 31, 32, 33, 34, 35, 36, 37, 38)]
    total = sum(len(b) for b in batches)
    rec = Recorder(outdir, "--max-total-size", "4K", "--sync", "none",
                   "--no-compress")
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
        assert header_state(f) == (0x02 if seq == len(batches) - 1 else 0x04)
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
    assert "recording stopped" in text and "%d events" % total in text, text


def test_encrypted_by_default_recipient():
    """With /etc/inputtrace/recipient.pub, record encrypts by default: the
    file has none of the typed codes or the reader's name, dump needs the
    secret key, verify with it says clean; --plaintext overrides."""
    set_policy(True, "full", ["/a"])
    keys = WORK + "/ops"
    r = subprocess.run([IT, "keygen", "-o", keys], capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr
    assert os.stat(keys + ".key").st_mode & 0o777 == 0o600
    os.makedirs("/etc/inputtrace", exist_ok=True)
    with open(keys + ".pub") as src, \
            open("/etc/inputtrace/recipient.pub", "w") as dst:
        dst.write(src.read())
    kbd = keyboard("it-kbd-crypt")
    typed = key_taps(TEXT_KEYS)

    def record_typing(path, comm, *extra):
        rec, (rd,) = record_while_typing(path, ("--no-compress",) + extra,
                                         (kbd, typed, comm, "/a"))
        return rec, rd

    try:
        path = WORK + "/sealed.itr"
        rec, rd = record_typing(path, "rd-SECRETCOMM")
        assert "encrypted" in rec.stderr(), rec.stderr()
        with open(path, "rb") as f:
            data = f.read()
        assert b"SECRETCOMM" not in data and b"it-kbd-crypt" not in data
        for k in set(TEXT_KEYS):
            assert bytes([EV_KEY, 0, k, 0]) not in data, k
        r = subprocess.run([IT, "dump", path], capture_output=True,
                           text=True)
        assert r.returncode != 0 and "--key" in r.stderr, r.stderr
        r = subprocess.run([IT, "dump", "--format", "json", "--key",
                            keys + ".key", path], capture_output=True,
                           text=True)
        assert r.returncode == 0, r.stderr
        recs = [json.loads(ln) for ln in r.stdout.splitlines()]
        assert tvc(events_of(recs, rd.pid)) == typed
        r = subprocess.run([IT, "verify", "--key", keys + ".key", path],
                           capture_output=True, text=True)
        assert r.returncode == 0, (r.stdout, r.stderr)

        path = WORK + "/plain.itr"
        record_typing(path, "rd-PLAINCOMM", "--plaintext")
        with open(path, "rb") as f:
            assert b"PLAINCOMM" in f.read()
    finally:
        kbd.close()
        os.unlink("/etc/inputtrace/recipient.pub")


TESTS = [test_sysfs_rejects_malformed_writes,
         test_scope_and_exact_sequence_full,
         test_records_stop_when_disabled,
         test_records_stop_when_cgroup_removed,
         test_redacted_level_hides_key_codes,
         test_cgroup_level_override_and_codes_never_match_redacted,
         test_time_quantum_rounds_every_timestamp,
         test_pause_suppresses_and_counts,
         test_nobody_cannot_read_traces_or_write_sysfs,
         test_rotation_retention_and_syslog,
         test_encrypted_by_default_recipient,
         test_kernel_filters_and_count,
         test_ring_overflow_is_counted_in_stream,
         test_sigterm_flushes_and_tty_gets_status_line,
         test_rmmod_refused_while_recording,
         test_record_bad_input_fails_cleanly,
         test_status_works_unprivileged,
         test_status_is_the_kernels_answer,
         test_record_without_module_fails_cleanly]


def main():
    for mod in ("evdev", "uinput", "inputtrace"):
        subprocess.run(["modprobe", mod], check=True)
    for cg in ("/a", "/a/child", "/b"):
        os.makedirs(CG + cg, exist_ok=True)
    # the guest's / is the host's under a tmpfs overlay: a recipient the
    # host may have configured would silently encrypt every test's file
    if os.path.exists("/etc/inputtrace/recipient.pub"):
        os.unlink("/etc/inputtrace/recipient.pub")
    only = sys.argv[3] if len(sys.argv) > 3 else None
    passed = failed = 0
    # the order above is deliberate; a test left out of it must not be
    # silently skipped
    unlisted = sorted(n for n, f in globals().items()
                      if n.startswith("test_") and callable(f)
                      and f not in TESTS)
    if unlisted:
        print("not ok - tests missing from TESTS: " + ", ".join(unlisted))
        failed += 1
    for t in TESTS:
        if only and only not in t.__name__:
            continue
        start = time.monotonic()
        try:
            t()
            passed += 1
            print("ok - %s (%.1f s)" % (t.__name__, time.monotonic() - start),
                  flush=True)
        except Exception as e:  # noqa: BLE001 - report every failure
            failed += 1
            print("not ok - %s: %s" % (t.__name__, e), flush=True)
            traceback.print_exc(file=sys.stdout)
    print("e2e: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

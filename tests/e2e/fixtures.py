# SPDX-License-Identifier: GPL-2.0
"""Fixtures shared by the end-to-end tests (test_*.py beside this file).

The tests run as root inside the VM (tests/vm/vm-run, through run.py):
the real inputtrace.ko, uinput devices, evdev readers in real cgroups.
This module holds what they share: the paths under test (`cfg`), sysfs
and cgroup helpers, reader processes, the recorder, a syslog listener,
and E2ETest, the TestCase every test class derives from, which starts
each test from a clean policy.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import types
import unittest

from evdev_helpers import (BTN_LEFT, EV_KEY, EV_REL, EV_SYN, MSC_SCAN,
                           REL_WHEEL, REL_X, REL_Y, SYN_REPORT, UinputDevice)

HELPERS = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "evdev_helpers.py")
SYSFS = "/sys/kernel/inputtrace/"
CG = "/sys/fs/cgroup"
RECIPIENT = "/etc/inputtrace/recipient.pub"
NOBODY = 65534

# it: the inputtrace binary under test (root runs it where it was built);
# it_anyone: a copy any user can execute (see install_for_anyone);
# work: where trace files go.  Set by configure() and setup_suite().
cfg = types.SimpleNamespace(it=None, it_anyone=None, work=None,
                            stderr_dir=None)

# KEY_H E L L O SPACE W O R L D DOT ENTER: all codes > 9, so no redacted
# class number (1..9) can be mistaken for one of them in a byte scan.
TEXT_KEYS = [35, 18, 38, 38, 24, 57, 17, 24, 19, 38, 32, 52, 28]
SCAN_VALUE = 0x7A5C3E  # a distinctive MSC_SCAN value

MOUSE_SEQ = [(EV_REL, REL_X, 5), (EV_REL, REL_Y, -3), (EV_SYN, SYN_REPORT, 0),
             (EV_KEY, BTN_LEFT, 1), (EV_SYN, SYN_REPORT, 0),
             (EV_REL, REL_WHEEL, -1), (EV_SYN, SYN_REPORT, 0),
             (EV_KEY, BTN_LEFT, 0), (EV_SYN, SYN_REPORT, 0)]


# ------------------------------------------------------------ sysfs, cgroups

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


def clear_cgroups():
    for line in sysfs_read("cgroups").splitlines():
        assert sysfs_write("cgroups", "-" + line.split()[0]) == 0


def set_policy(enabled, level, cgroups):
    sysfs_write("enabled", "0")
    clear_cgroups()
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


def as_nobody(cg=None):
    """A preexec_fn: move into cgroup @cg (if given), then become nobody."""
    def drop():
        if cg is not None:
            join_cgroup(cg)
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
    return drop


def in_cgroup(cg, args):
    """Run @args as a process of cgroup @cg; its stdout."""
    r = subprocess.run(args, capture_output=True, text=True,
                       preexec_fn=lambda: join_cgroup(cg))
    assert r.returncode == 0, r.stderr
    return r.stdout


# ------------------------------------------------ readers, recorder, files

class Reader:
    """A real evdev consumer in cgroup `cg`, in its own process."""

    def __init__(self, node, count, comm, cg, clock=None, grab=False):
        args = [sys.executable, HELPERS, "read", node, str(count), comm]
        if clock is not None:
            args.append(str(clock))
        if grab:
            args.append("grab")
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
        # stderr is read while record writes it: keep it off 9p, whose
        # 6.12 (netfs) client was seen returning zeroed or stale ranges of
        # a file another guest process is appending to
        self.errpath = os.path.join(stderr_dir(),
                                    os.path.basename(path) + ".stderr")
        self.err = open(self.errpath, "w")
        self.p = subprocess.Popen([cfg.it, "record", "-o", path] + list(extra),
                                  stdout=subprocess.DEVNULL, stderr=self.err)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if "recording to" in self.stderr():
                return
            if self.p.poll() is not None:
                raise AssertionError("record exited %d: %s" %
                                     (self.p.returncode, self.stderr()))
            time.sleep(0.05)
        # never leave it running: it would hold the module for later tests
        self.p.kill()
        self.p.wait()
        raise AssertionError("record did not start: " + self.stderr())

    def stderr(self):
        with open(self.errpath) as f:
            return f.read()

    def stop(self, sig=signal.SIGINT):
        self.p.send_signal(sig)
        rc = self.p.wait(timeout=60)
        self.err.close()
        assert rc == 0, "record exited %d: %s" % (rc, self.stderr())


def wait_stderr(rec, text, timeout=30):
    """Until the Recorder @rec has said @text on stderr (or exited)."""
    deadline = time.monotonic() + timeout
    while text not in rec.stderr() and time.monotonic() < deadline:
        if rec.p.poll() is not None:
            break
        time.sleep(0.05)
    assert text in rec.stderr(), rec.stderr()


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
    r = subprocess.run([cfg.it, "dump", "--format", "json", path],
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


# ------------------------------------------------------------ suite, TestCase

def configure(binary, workdir):
    cfg.it, cfg.work = os.path.abspath(binary), workdir


def mount_type(path):
    """The type of the filesystem mounted exactly at @path, or None."""
    kind = None
    with open("/proc/self/mountinfo") as f:
        for line in f:  # the last mount on @path is the one in effect
            fields = line.split()
            if fields[4] == path:
                kind = fields[fields.index("-") + 1]
    return kind


def stderr_dir():
    """A directory on the guest's own tmpfs for the recorders' stderr."""
    if cfg.stderr_dir is None:
        cfg.stderr_dir = tempfile.mkdtemp(prefix="inputtrace-stderr.",
                                          dir=guest_tmpfs())
    return cfg.stderr_dir


def guest_tmpfs():
    """/run or /tmp, whichever really is a tmpfs mount point in the guest."""
    bases = [b for b in ("/run", "/tmp") if mount_type(b) == "tmpfs"]
    assert bases, "neither /run nor /tmp is a tmpfs of the guest's own"
    return bases[0]


def install_for_anyone(binary):
    """Copy @binary into a new root-owned 0755 directory on a tmpfs of the
    guest's own; return the copy's path.  Unprivileged users run that copy,
    so the tests do not depend on where the clone lives: the guest sees the
    host's paths with the host's modes, and nobody cannot reach a binary
    under a 0700 directory (a clone in `mktemp -d`, /root).  vm-run mounts
    a tmpfs on /run and /tmp unless the cwd is below one of them (that one
    is then the host's directory under the overlay), so only a directory
    that really is a tmpfs mount point in the guest qualifies."""
    d = tempfile.mkdtemp(prefix="inputtrace-e2e.", dir=guest_tmpfs())
    os.chmod(d, 0o755)
    copy = os.path.join(d, "inputtrace")
    shutil.copyfile(binary, copy)
    os.chmod(copy, 0o755)
    part = copy
    while True:  # the copy and every directory above it
        st = os.stat(part)
        assert st.st_uid == 0 and st.st_mode & 0o001, \
            "%s: not root's, or not executable by others" % part
        if part == "/":
            return copy
        part = os.path.dirname(part)


def setup_suite():
    """Once per run: modules, the test cgroups, the unprivileged binary."""
    if cfg.it_anyone is not None:
        return
    assert cfg.it, "fixtures.configure() was not called (use run.py)"
    for mod in ("evdev", "uinput", "inputtrace"):
        subprocess.run(["modprobe", mod], check=True)
    for cg in ("/a", "/a/child", "/b"):
        os.makedirs(CG + cg, exist_ok=True)
    cfg.it_anyone = install_for_anyone(cfg.it)


def reset():
    """The state every test starts from, whatever the one before it left:
    the module loaded (a test may rmmod it), tracing off and unpaused, no
    cgroup listed, global level and quantum at their defaults, and no
    default recipient (the guest's / is the host's under a tmpfs overlay:
    a recipient the host has, or a test left, would encrypt every file)."""
    if not os.path.isdir(SYSFS):
        subprocess.run(["modprobe", "inputtrace"], check=True)
    for attr, value in (("enabled", "0"), ("paused", "0"),
                        ("level", "redacted"), ("time_quantum_ns", "0")):
        assert sysfs_write(attr, value) == 0, attr
    clear_cgroups()
    if os.path.exists(RECIPIENT):
        os.unlink(RECIPIENT)


class E2ETest(unittest.TestCase):
    """Base of every e2e test class: suite setup once, reset() per test."""

    @classmethod
    def setUpClass(cls):
        setup_suite()

    def setUp(self):
        reset()

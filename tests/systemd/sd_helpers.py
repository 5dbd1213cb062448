# SPDX-License-Identifier: GPL-2.0
"""What the guests under systemd share (tests/systemd/guest.py and
tests/deb/lifecycle/guest.py): running commands, unit properties, the
recorder's state directory and an evdev reader placed in a slice the way
systemd places real processes."""
import glob
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "e2e"))
from evdev_helpers import key_taps  # noqa: E402
from fixtures import HELPERS, Reader  # noqa: E402

STATE = "/var/lib/inputtrace"
REC = "inputtrace-record.service"
POL = "inputtrace-policy.service"
ONLINE, CLEAN, ARCHIVED = 0x01, 0x02, 0x04


def sh(*args, check=True, timeout=300):
    r = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    if check:
        assert r.returncode == 0, "%s: exit %d: %s%s" % (
            " ".join(args), r.returncode, r.stdout, r.stderr)
    return r


def prop(unit, name):
    return sh("systemctl", "show", "-P", name, unit).stdout.strip()


def wait(cond, what, secs=90, unit=None):
    """Poll COND until true; on a timeout, fail with UNIT's status."""
    deadline = time.monotonic() + secs
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.2)
    raise AssertionError("timed out waiting for " + what +
                         ("\n" + unit_log(unit) if unit else ""))


def unit_log(unit):
    """UNIT's status and journal of this boot, for a failure message."""
    return sh("systemctl", "status", "--no-pager", "-n", "30", unit,
              check=False).stdout


def traces():
    return sorted(glob.glob(STATE + "/inputtrace-*.itr"))


class ScopeReader(Reader):
    """An evdev reader in a transient scope of SLICE (systemd-run --scope:
    the real way a process lands in a slice)."""

    def __init__(self, node, count, comm, slice_):
        self.p = subprocess.Popen(
            ["systemd-run", "--quiet", "--scope", "--slice=" + slice_,
             sys.executable, HELPERS, "read", node, str(count), comm],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.p.stdout.readline()
        assert line.startswith("READY"), "reader did not start: %r" % line
        self.pid = int(line.split()[1])
        self.comm, self.got = comm, []
        with open("/proc/%d/cgroup" % self.pid) as f:
            self.cg = f.read().strip().split("::", 1)[1]


def type_into_both(kbd, keys, comm="sd"):
    """Type KEYS on KBD while one reader in user.slice and one in
    system.slice read them; returns (user reader, system reader, events)."""
    typed = key_taps(keys)
    a = ScopeReader(kbd.node, len(typed), comm + "-traced", "user.slice")
    b = ScopeReader(kbd.node, len(typed), comm + "-untraced", "system.slice")
    assert a.cg.startswith("/user.slice/"), a.cg
    assert b.cg.startswith("/system.slice/"), b.cg
    kbd.emit(typed)
    assert a.finish() == typed and b.finish() == typed
    return a, b, typed


def run_checks(checks, suite):
    """Run CHECKS in order (each on what the earlier left), print one
    ok/not ok line each and "SUITE: N passed, N failed"; exit status."""
    r = subprocess.run(["systemctl", "is-system-running", "--wait"],
                       capture_output=True, text=True, timeout=300)
    print("# system: %s%s" % (r.stdout.strip(), sh(
        "systemctl", "--failed", "--no-legend", check=False).stdout), flush=True)
    passed = failed = 0
    for check in checks:
        name = check.__name__[len("check_"):]
        start = time.monotonic()
        try:
            check()
        except Exception as e:  # noqa: BLE001 - report any failure, go on
            failed += 1
            print("not ok - %s: %r" % (name, e), flush=True)
            continue
        passed += 1
        print("ok - %s (%.1f s)" % (name, time.monotonic() - start), flush=True)
    print("%s: %d passed, %d failed" % (suite, passed, failed))
    return 1 if failed else 0

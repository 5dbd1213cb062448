# SPDX-License-Identifier: GPL-2.0
"""The systemd tests, in the guest, under systemd as PID 1 (run by
tests/systemd/run through `vm-run --systemd`).

Usage: guest.py TESTDIR RESULTS.  The installed units were enabled and
booted with TESTDIR/policy-good.conf as /etc/inputtrace/policy.conf.  The
checks run in order, each on what the earlier ones left (one boot):
the boot applied the policy, the recorder records a real evdev reader in
the enabled slice (and not one outside it), reload rotates, stop leaves a
CLEAN file, a bad policy changes nothing and fails the unit with its line,
every capability the unit keeps is needed, and the exposure score.  Ends
with `systemd: N passed, N failed`.
"""
import os
import re
import sys
import time

TESTDIR = os.path.abspath(sys.argv[1])
RESULTS = sys.argv[2]
sys.path.insert(0, TESTDIR)
from sd_helpers import (ARCHIVED, CLEAN, ONLINE, POL, REC, STATE,  # noqa: E402
                        prop, run_checks, sh, traces, type_into_both, wait)
from fixtures import configure, dump, events_of, keyboard, sysfs_read, tvc  # noqa: E402
from test_files import header_state  # noqa: E402

IT = "/usr/bin/inputtrace"
POLICY = "/etc/inputtrace/policy.conf"


class State:
    kbd = None
    typed = []  # (traced reader, untraced reader, what was typed)
    files = []  # the trace file each entry of typed went to


def check_policy_applied_at_boot():
    """The boot applied policy.conf: sysfs reads back what it says, and
    the policy unit finished before the recorder started."""
    assert prop(POL, "ActiveState") == "active", prop(POL, "ActiveState")
    assert prop(POL, "Result") == "success"
    got = {a: sysfs_read(a).strip()
           for a in ("enabled", "paused", "level", "time_quantum_ns")}
    assert got == {"enabled": "1", "paused": "0", "level": "redacted",
                   "time_quantum_ns": "1000"}, got
    assert sysfs_read("cgroups") == "/user.slice level=full\n", \
        sysfs_read("cgroups")
    done = int(prop(POL, "ExecMainExitTimestampMonotonic"))
    started = int(prop(REC, "ExecMainStartTimestampMonotonic"))
    assert 0 < done < started, (done, started)


def check_record_service_records_enabled_cgroup():
    """The recorder runs from boot into /var/lib/inputtrace (0700) with one
    ONLINE file, and the module loaded through modules-load.d."""
    assert prop(REC, "ActiveState") == "active", sh(
        "systemctl", "status", "--no-pager", REC, check=False).stdout
    st = os.stat(STATE)
    assert st.st_mode & 0o777 == 0o700 and st.st_uid == 0, oct(st.st_mode)
    files = traces()
    assert len(files) == 1 and header_state(files[0]) == ONLINE, files
    State.files = files
    State.kbd = keyboard("it-sd-kbd")
    # KEY_A S D F: full level in /user.slice (policy), exact codes
    State.typed.append(type_into_both(State.kbd, [30, 31, 32, 33]))


def check_reload_rotates():
    """`systemctl reload` (SIGHUP) starts a new file and archives the old."""
    before = traces()
    sh("systemctl", "reload", REC)
    wait(lambda: len(traces()) == len(before) + 1, "a new trace file")
    new = [f for f in traces() if f not in before]
    wait(lambda: header_state(before[0]) == ARCHIVED, "the old file ARCHIVED")
    assert header_state(new[0]) == ONLINE, hex(header_state(new[0]))
    State.files += new
    assert prop(REC, "ActiveState") == "active"
    # KEY_G H J, into the new file
    State.typed.append(type_into_both(State.kbd, [34, 35, 36]))


def check_stop_leaves_clean_file_with_events():
    """`systemctl stop` (SIGTERM) closes the last file CLEAN; dump of the
    files returns every event of the traced reader, exact (level=full),
    and none of the reader outside the enabled slice."""
    sh("systemctl", "stop", REC)
    assert prop(REC, "Result") == "success", prop(REC, "Result")
    files = State.files
    assert sorted(traces()) == sorted(files), (traces(), files)
    assert [header_state(f) for f in files] == [ARCHIVED, CLEAN]
    for f, (a, b, typed) in zip(files, State.typed):
        recs = dump(f)
        assert tvc(events_of(recs, a.pid)) == typed, f
        assert not events_of(recs, b.pid), f
        assert all(r["time_ns"] % 1000 == 0
                   for r in events_of(recs, a.pid)), "quantum not applied"
    log = sh("journalctl", "-b", "-u", REC, "-o", "cat").stdout
    assert "SIGHUP" in log or "rotat" in log, log[-2000:]


def check_bad_policy_changes_nothing_and_fails():
    """A policy.conf with a bad line 3, applied as at boot (module fresh,
    `systemctl restart`): the unit fails, its status names FILE:3, and the
    module stays disabled with no cgroup."""
    sh("modprobe", "-r", "inputtrace")
    with open(os.path.join(TESTDIR, "policy-bad.conf")) as src, \
            open(POLICY, "w") as dst:
        dst.write(src.read())
    r = sh("systemctl", "restart", POL, check=False)
    assert r.returncode != 0, "restart with a bad policy succeeded"
    assert prop(POL, "ActiveState") == "failed", prop(POL, "ActiveState")
    status = sh("systemctl", "status", "--no-pager", "-n", "20", POL,
                check=False).stdout
    assert "inputtrace: policy: %s:3:" % POLICY in status, status
    assert sysfs_read("enabled").strip() == "0"
    assert sysfs_read("cgroups") == ""


def check_security_exposure():
    """systemd-analyze security: print the score, keep it low."""
    out = sh("systemd-analyze", "security", "--no-pager", REC).stdout
    with open(os.path.join(RESULTS, "security.txt"), "w") as f:
        f.write(out)
    m = re.search(r"Overall exposure level for \S+: ([0-9.]+)", out)
    assert m, out[-500:]
    print("# systemd-analyze security %s: %s" % (REC, m.group(1)), flush=True)
    assert float(m.group(1)) <= 2.0, out


def caps_work(caps):
    """Does the recorder start and keep running with only @caps?"""
    d = "/run/systemd/system/%s.d" % REC
    os.makedirs(d, exist_ok=True)
    try:
        with open(d + "/cap.conf", "w") as f:
            f.write("[Service]\nRestart=no\nCapabilityBoundingSet=\n"
                    "CapabilityBoundingSet=%s\n" % " ".join(caps))
        sh("systemctl", "daemon-reload")
        sh("systemctl", "start", REC, check=False)
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline:
            if prop(REC, "ActiveState") in ("failed", "inactive"):
                sh("systemctl", "reset-failed", REC, check=False)
                return False
            time.sleep(1)
        sh("systemctl", "stop", REC, check=False)
        return True
    finally:
        os.unlink(d + "/cap.conf")
        sh("systemctl", "daemon-reload")


def check_capabilities_are_the_minimum():
    """With one of the unit's capabilities less the recorder cannot start
    (the set works: see the checks above), and CAP_BPF + CAP_PERFMON
    without CAP_SYS_ADMIN are not enough (module BTF lookup by id)."""
    sh("inputtrace", "policy", "apply", os.path.join(TESTDIR, "policy-good.conf"))
    kept = prop(REC, "CapabilityBoundingSet").split()
    assert kept == ["cap_sys_admin"], kept
    for caps in [[c for c in kept if c != cap] for cap in kept] + \
            [["CAP_BPF", "CAP_PERFMON"]]:
        assert not caps_work(caps), "the recorder runs with only %s" % caps



CHECKS = [check_policy_applied_at_boot,
          check_record_service_records_enabled_cgroup,
          check_reload_rotates,
          check_stop_leaves_clean_file_with_events,
          check_bad_policy_changes_nothing_and_fails,
          check_capabilities_are_the_minimum,
          check_security_exposure]


def main():
    configure(IT, RESULTS)
    return run_checks(CHECKS, "systemd")


if __name__ == "__main__":
    sys.exit(main())

# SPDX-License-Identifier: GPL-2.0
"""The Debian packages' whole life on one machine, in the guest under
systemd as PID 1 (run by tests/deb/lifecycle/run through `vm-run
--systemd`): dpkg -i, DKMS builds the module with BTF for the running
kernel, the policy unit applies an edited policy.conf, the admin starts the
recorder, an upgrade restarts it without losing what it recorded, removal
stops it (file CLEAN), purge keeps the traces, and purging the DKMS package
takes the module away.

Usage: guest.py MODE HEADERS_DEBS_DIR UPGRADE_DEB RESULTS DEB...
MODE is how the module gets built, as on a real machine:
  headers-first  the kernel's headers are installed, then the packages:
                 inputtrace-dkms's postinst builds for the running kernel
                 (6.1: vmlinux from /boot/vmlinuz-*, resolve_btfids from
                 linux-source-6.1)
  kernel-later   the packages first (no headers: nothing to build), then
                 the headers arrive and their DKMS hook builds
                 (AUTOINSTALL, as for a new kernel on an upgrade)
Ends with `packages: N passed, N failed`.
"""
import glob
import hashlib
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "systemd"))
from sd_helpers import (ARCHIVED, CLEAN, ONLINE, POL, REC, STATE,  # noqa: E402
                        prop, run_checks, sh, traces, type_into_both, wait)
from fixtures import (configure, dump, events_of, keyboard,  # noqa: E402
                      sysfs_read, tvc)
from test_files import header_state  # noqa: E402

MODE, HDEBS, UPGRADE, RESULTS = sys.argv[1:5]
DEBS = sys.argv[5:]
ABI = os.uname().release
# dump after the package is gone: the same binary, kept aside
DUMP = "/run/inputtrace-dump"
POLICY = "/etc/inputtrace/policy.conf"


class State:
    kbd = None
    batches = []  # (trace file, user reader, system reader, typed)
    sums = {}  # trace file -> sha256 before the purge


def headers():
    """What linux-headers-ABI puts on disk (dpkg-deb, not dpkg -i: for
    6.12 their postinst needs a newer linux-base than Debian 12's; the
    DKMS hook they would run is run by hand in kernel-later mode)."""
    for d in sorted(glob.glob(HDEBS + "/linux-headers-*.deb") +
                    glob.glob(HDEBS + "/linux-kbuild-*.deb")):
        # not dpkg -x: its tar would replace the /lib symlink of a
        # merged-/usr root with a directory
        deb = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", d],
                               stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "--keep-directory-symlink", "-C", "/"],
                       stdin=deb.stdout, check=True, timeout=600)
        assert deb.wait() == 0, d
    assert os.path.isfile("/lib/modules/%s/build/Makefile" % ABI)


def dpkg(*args):
    return sh("dpkg", *args, timeout=1500)


def check_install_builds_module_with_dkms():
    """dpkg -i of both packages; DKMS builds inputtrace.ko for the running
    kernel (from the package's postinst, or from the headers' hook)."""
    start = time.monotonic()
    if MODE == "headers-first":
        headers()
        start = time.monotonic()
        dpkg("-i", *DEBS)
    else:
        dpkg("-i", *DEBS)
        assert not glob.glob("/lib/modules/%s/updates/**/inputtrace.ko*" % ABI,
                             recursive=True), "a module without headers?"
        headers()
        start = time.monotonic()
        sh("/etc/kernel/header_postinst.d/dkms", ABI, timeout=1500)
    print("# dkms build for %s took %.0f s in the guest" %
          (ABI, time.monotonic() - start), flush=True)
    st = sh("dkms", "status", "inputtrace").stdout
    print("# " + st.strip(), flush=True)
    assert ", %s, " % ABI in st and st.rstrip().endswith(": installed"), st
    ko = sh("modinfo", "-n", "inputtrace").stdout.strip()
    assert "/updates/dkms/inputtrace.ko" in ko, ko
    shutil.copy("/usr/bin/inputtrace", DUMP)


def check_module_loads_with_btf():
    """modprobe loads the DKMS module with its BTF and the kfunc."""
    sh("modprobe", "inputtrace")
    assert os.path.exists("/sys/kernel/btf/inputtrace")
    btf = sh("bpftool", "btf", "dump", "file", "/sys/kernel/btf/inputtrace").stdout
    assert "FUNC 'inputtrace_decide'" in btf
    assert sysfs_read("enabled").strip() == "0", "enabled without a policy"
    out = sh("inputtrace", "status").stdout
    assert "module:    inputtrace loaded" in out, out


def check_policy_unit_applies_edited_conf():
    """The admin edits policy.conf and restarts the policy unit: sysfs
    reads back what the file says."""
    with open(POLICY, "w") as f:
        f.write("enabled = 1\nlevel = redacted\ncgroup /user.slice level=full\n")
    sh("systemctl", "restart", POL)
    assert sysfs_read("enabled").strip() == "1"
    assert sysfs_read("cgroups") == "/user.slice level=full\n", \
        sysfs_read("cgroups")


def check_recorder_not_started_by_package_then_started():
    """The package neither enables nor starts the recorder; the admin
    does, and it records the reader in user.slice, not in system.slice."""
    assert prop(REC, "UnitFileState") == "disabled", prop(REC, "UnitFileState")
    assert prop(REC, "ActiveState") == "inactive", prop(REC, "ActiveState")
    sh("systemctl", "enable", "--now", REC)
    wait(lambda: len(traces()) == 1, "the recorder's first file", unit=REC)
    assert header_state(traces()[0]) == ONLINE
    State.kbd = keyboard("it-deb-kbd")
    State.batches.append((traces()[0],) +
                         type_into_both(State.kbd, [30, 31, 32], "deb"))


def upgraded_version():
    out = sh("dpkg-deb", "-f", UPGRADE, "Version").stdout.strip()
    assert out, UPGRADE
    return out


def check_upgrade_restarts_recorder_and_keeps_events():
    """dpkg -i of a newer inputtrace: the running recorder is restarted
    (a new process, a new file), the old file was closed cleanly and holds
    every event it recorded (checked at removal); the new one records."""
    pid = prop(REC, "MainPID")
    before = traces()
    dpkg("-i", UPGRADE)
    assert sh("dpkg-query", "-W", "-f=${Version}", "inputtrace").stdout == \
        upgraded_version()
    wait(lambda: prop(REC, "ActiveState") == "active" and
         prop(REC, "MainPID") not in ("0", pid), "the recorder restarted")
    wait(lambda: len(traces()) == len(before) + 1, "the new recorder's file",
         unit=REC)
    # closed CLEAN by the stop, then ARCHIVED by the new recorder's start
    # (a crashed, ONLINE file would have been left alone)
    assert header_state(before[-1]) == ARCHIVED, hex(header_state(before[-1]))
    new = [f for f in traces() if f not in before]
    State.batches.append((new[0],) +
                         type_into_both(State.kbd, [33, 34, 35], "deb"))


def check_remove_stops_recorder_clean():
    """dpkg -r inputtrace stops the recorder: its file is CLEAN; the
    binary is gone, the traces are not."""
    dpkg("-r", "inputtrace")
    assert not os.path.exists("/usr/bin/inputtrace")
    assert prop(REC, "ActiveState") in ("inactive", ""), prop(REC, "ActiveState")
    files = [b[0] for b in State.batches]
    assert [header_state(f) for f in files] == [ARCHIVED, CLEAN], files
    for f, a, b, typed in State.batches:
        recs = dump(f)
        assert tvc(events_of(recs, a.pid)) == typed, f
        assert not events_of(recs, b.pid), f
    State.sums = {f: sha256(f) for f in traces()}


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def check_purge_keeps_traces():
    """dpkg -P inputtrace removes its configuration, never the traces
    (as auditd's purge keeps its logs): every file, byte for byte."""
    dpkg("-P", "inputtrace")
    assert not os.path.exists(POLICY)
    st = os.stat(STATE)
    assert st.st_mode & 0o777 == 0o700, oct(st.st_mode)
    assert {f: sha256(f) for f in traces()} == State.sums
    assert all(header_state(f) in (CLEAN, ARCHIVED) for f in traces())


def check_dkms_purge_removes_module():
    """dpkg -P inputtrace-dkms: the module is gone for the kernel, DKMS
    knows nothing of it, and the build cache is gone."""
    sh("rmmod", "inputtrace")
    dpkg("-P", "inputtrace-dkms")
    assert sh("modinfo", "-n", "inputtrace", check=False).returncode != 0
    assert "inputtrace" not in sh("dkms", "status").stdout
    assert not os.path.exists("/var/cache/inputtrace-dkms")


CHECKS = [check_install_builds_module_with_dkms,
          check_module_loads_with_btf,
          check_policy_unit_applies_edited_conf,
          check_recorder_not_started_by_package_then_started,
          check_upgrade_restarts_recorder_and_keeps_events,
          check_remove_stops_recorder_clean,
          check_purge_keeps_traces,
          check_dkms_purge_removes_module]


def main():
    # man-db's trigger would index every page of the host's root: minutes
    # under TCG, and nothing this test looks at
    if os.path.exists("/var/lib/man-db/auto-update"):
        os.unlink("/var/lib/man-db/auto-update")
    # The build host is a container image whose policy-rc.d (exit 101)
    # forbids maintainer scripts to touch services; a Debian machine has
    # none, and the guest's root is the host's: remove it there (overlay)
    if os.path.exists("/usr/sbin/policy-rc.d"):
        os.unlink("/usr/sbin/policy-rc.d")
        print("# removed the host's /usr/sbin/policy-rc.d in the guest",
              flush=True)
    configure(DUMP, RESULTS)
    rc = run_checks(CHECKS, "packages")
    with open(os.path.join(RESULTS, "journal.txt"), "w") as f:
        f.write(sh("journalctl", "-b", "--no-pager", check=False).stdout)
    return rc


if __name__ == "__main__":
    sys.exit(main())

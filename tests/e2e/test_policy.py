# SPDX-License-Identifier: GPL-2.0
"""`inputtrace policy`: a policy file applied to the real module.

The malformed files are tests/policy/bad/*.conf, each with its expected
"# expect: LINE: reason" first line, the same files the unit test parses;
the valid ones are tests/policy/good/*.conf with the `policy show` output
they must read back as (*.show)."""
import glob
import os
import re
import shutil
import subprocess
import tempfile

from fixtures import (CG, E2ETest, SyslogListener, as_nobody, cfg,
                      guest_tmpfs, sysfs_read, sysfs_write)

HERE = os.path.dirname(os.path.abspath(__file__))
POLICY = os.path.join(HERE, "..", "policy")
ATTRS = ("enabled", "paused", "level", "time_quantum_ns", "cgroups")


def snapshot():
    return {a: sysfs_read(a) for a in ATTRS}


def policy(*args, **kw):
    return subprocess.run([cfg.it, "policy"] + list(args), capture_output=True,
                          text=True, timeout=60, **kw)


def set_live(enabled, paused, level, quantum, cgroups):
    """The policy straight through sysfs, not through the code under test."""
    assert sysfs_write("enabled", "0") == 0
    for line in sysfs_read("cgroups").splitlines():
        assert sysfs_write("cgroups", "-" + line.split()[0]) == 0
    for attr, value in (("paused", paused), ("level", level),
                        ("time_quantum_ns", quantum)):
        assert sysfs_write(attr, value) == 0, attr
    for cg in cgroups:
        assert sysfs_write("cgroups", "+" + cg) == 0, cg
    assert sysfs_write("enabled", enabled) == 0


def some_policy():
    """A live policy unlike every file's, so a change would show."""
    set_live("1", "0", "full", "1000", ["/a level=redacted", "/a/child"])


def expected_sysfs(show):
    """What each attribute reads after applying a file whose `policy show`
    is @show (KEY = VALUE lines, then cgroup lines)."""
    want = {"cgroups": ""}
    for line in show.splitlines():
        if line.startswith("cgroup "):
            want["cgroups"] += line[len("cgroup "):] + "\n"
        else:
            key, value = line.split(" = ")
            want[key] = value + "\n"
    return want


def readable_copy(path):
    """@path in a 0755 directory of the guest's tmpfs, for nobody."""
    d = tempfile.mkdtemp(prefix="inputtrace-policy.", dir=guest_tmpfs())
    os.chmod(d, 0o755)
    copy = os.path.join(d, os.path.basename(path))
    shutil.copyfile(path, copy)
    os.chmod(copy, 0o644)
    return copy


class PolicyTest(E2ETest):
    def test_policy_bad_files_refused(self):
        """Every malformed file: exit 1, one line naming FILE:LINE and the
        reason, and every attribute reads back as before."""
        files = sorted(glob.glob(os.path.join(POLICY, "bad", "*.conf")))
        assert len(files) >= 20, files
        some_policy()
        before = snapshot()
        for path in files:
            with open(path, "rb") as f:
                first = f.readline().decode()
            assert first.startswith("# expect: "), path
            expect = first[len("# expect: "):].rstrip("\n")
            r = policy("apply", path)
            assert r.returncode == 1, (path, r.returncode, r.stderr)
            assert r.stderr == "inputtrace: policy: %s:%s\n" % (path, expect), \
                (path, r.stderr)
            assert r.stdout == "", r.stdout
            assert snapshot() == before, path

    def test_policy_valid_apply_reads_back(self):
        """Each valid file (from a policy unlike it): exit 0, silent, and
        the attributes and `policy show` read back exactly the file."""
        files = sorted(glob.glob(os.path.join(POLICY, "good", "*.conf")))
        assert len(files) >= 4, files
        for path in files:
            some_policy()
            with open(path[:-len("conf")] + "show") as f:
                show = f.read()
            r = policy("apply", path)
            assert (r.returncode, r.stdout, r.stderr) == (0, "", ""), (path, r)
            assert snapshot() == expected_sysfs(show), (path, snapshot())
            r = policy("show")
            assert (r.returncode, r.stderr) == (0, ""), r.stderr
            assert r.stdout == show, (path, r.stdout)
            # applying it again changes nothing
            r = policy("apply", path)
            assert r.returncode == 0, r.stderr
            assert snapshot() == expected_sysfs(show), path

    def test_policy_write_order(self):
        """The kernel's own log of the writes apply made, in order: with
        tracing on, enabled=0 first and enabled=1 last, so no moment traces
        more than the old or the new policy; only what differs written."""
        some_policy()  # enabled, full, 1000, /a level=redacted, /a/child
        f = os.path.join(cfg.work, "policy-order.conf")
        with open(f, "w") as out:
            out.write("enabled = 1\nlevel = full\ntime_quantum_ns = 5000\n"
                      "cgroup /a/child\ncgroup /b level=redacted\n")
        p = subprocess.Popen([cfg.it, "policy", "apply", f],
                             stderr=subprocess.PIPE, text=True)
        err = p.communicate(timeout=60)[1]
        assert (p.returncode, err) == (0, ""), err
        log = subprocess.run(["dmesg"], capture_output=True, text=True,
                             check=True).stdout
        writes = [re.sub(r" \(id \d+\)", "", m.group(1)) for m in
                  re.finditer(r"inputtrace: (.*) by uid=0 pid=%d comm=" % p.pid, log)]
        assert writes == [
            "enabled: 0", "time_quantum_ns: 5000",
            "cgroups: -/a", "cgroups: -/a/child",
            "cgroups: +/a/child level=inherit time_quantum_ns=inherit",
            "cgroups: +/b level=redacted time_quantum_ns=inherit",
            "enabled: 1"], writes

    def test_policy_show_apply_round_trip(self):
        """show > f from one policy, apply f over another: the first back."""
        set_live("1", "1", "full", "250000",
                 ["/a time_quantum_ns=5 level=redacted", "/b level=full",
                  "/a/child"])
        before = snapshot()
        f = os.path.join(cfg.work, "policy-roundtrip.conf")
        with open(f, "w") as out:
            r = subprocess.run([cfg.it, "policy", "show"], stdout=out,
                               stderr=subprocess.PIPE, text=True)
        assert (r.returncode, r.stderr) == (0, ""), r.stderr
        set_live("0", "0", "redacted", "0", ["/b"])
        r = policy("apply", f)
        assert (r.returncode, r.stderr) == (0, ""), r.stderr
        assert snapshot() == before, (snapshot(), before)

    def test_policy_failed_write_rolled_back(self):
        """A cgroup that validation saw but the module no longer finds when
        apply writes it (as when it is removed in between): the write
        fails midway, after others took, and the old policy is restored.
        Made deterministic with a private mount namespace in which /b/child
        (what the file names) is a bind mount of /a/child: apply's check
        finds a cgroup directory there, the module's lookup in the cgroup
        hierarchy finds none."""
        some_policy()
        before = snapshot()
        f = os.path.join(cfg.work, "policy-vanishing.conf")
        with open(f, "w") as out:
            out.write("enabled = 1\nlevel = redacted\ntime_quantum_ns = 5000\n"
                      "cgroup /b\ncgroup /b/child level=full\n")
        assert not os.path.exists(CG + "/b/child")
        script = 'mount --bind %s/a %s/b && exec "$0" policy apply "$1"' % (CG, CG)
        r = subprocess.run(["unshare", "-m", "--propagation", "private",
                            "sh", "-c", script, cfg.it, f],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 1, (r.returncode, r.stderr)
        assert r.stderr == ("inputtrace: policy: %s: writing 'cgroups "
                            "+/b/child level=full': No such file or directory "
                            "(changed since it was checked?); the previous "
                            "policy is restored\n" % f), r.stderr
        assert snapshot() == before, (snapshot(), before)

    def test_policy_edits(self):
        """add/remove/enable/disable change exactly one thing; bad input
        is one clear line, and changes nothing."""
        r = policy("add", "/a", "level=full", "time_quantum_ns=1000")
        assert (r.returncode, r.stderr) == (0, ""), r.stderr
        r = policy("add", "/b")
        assert (r.returncode, r.stderr) == (0, ""), r.stderr
        assert sysfs_read("cgroups") == "/a level=full time_quantum_ns=1000\n/b\n"
        assert policy("enable").returncode == 0
        assert sysfs_read("enabled") == "1\n"
        r = policy("remove", "/a")
        assert (r.returncode, r.stderr) == (0, ""), r.stderr
        assert sysfs_read("cgroups") == "/b\n"
        assert policy("disable").returncode == 0
        assert sysfs_read("enabled") == "0\n"
        assert policy("enable").returncode == 0
        before = snapshot()
        refused = [
            (["add", "/no-such-cgroup"], 1, "cgroups '+/no-such-cgroup': no such cgroup"),
            (["add", "/cgroup.procs"], 1, "cgroups '+/cgroup.procs': not a cgroup directory"),
            (["add", "/a", "level=secret"], 1, "cgroups '+/a level=secret': malformed: "
             "an absolute path, then level=redacted|full or time_quantum_ns=N, each at "
             "most once (inputtrace-sysfs(7))"),
            (["add", "/a", "time_quantum_ns=2000000000"], 1,
             "cgroups '+/a time_quantum_ns=2000000000': time_quantum_ns is above "
             "1000000000 (1 s)"),
            (["add", "a"], 1, "cgroups '+a': malformed: an absolute path, then "
             "level=redacted|full or time_quantum_ns=N, each at most once "
             "(inputtrace-sysfs(7))"),
            (["remove", "/a"], 1, "cgroups '-/a': that cgroup is not in the policy"),
            (["add"], 2, "add: missing argument (see --help)"),
            (["remove", "/a", "/b"], 2, "remove: unexpected argument '/b' (see --help)"),
            (["enable", "now"], 2, "enable: unexpected argument 'now' (see --help)"),
            (["apply", "x", "y"], 2, "apply: unexpected argument 'y' (see --help)"),
            (["frobnicate"], 2, "unknown action 'frobnicate': apply, show, add, remove, "
             "enable or disable (see --help)"),
            ([], 2, "missing action: apply, show, add, remove, enable or disable "
             "(see --help)"),
            (["apply", "/nonexistent/policy.conf"], 1,
             "/nonexistent/policy.conf: No such file or directory"),
        ]
        for args, rc, msg in refused:
            r = policy(*args)
            assert (r.returncode, r.stderr) == (rc, "inputtrace: policy: %s\n" % msg), \
                (args, r.returncode, r.stderr)
            assert snapshot() == before, args

    def test_policy_logged(self):
        """apply and each edit are logged to syslog as LOG_AUTHPRIV with
        the uid and the file (PRI 85: authpriv.notice)."""
        path = os.path.join(POLICY, "good", "full.conf")
        log = SyslogListener()
        try:
            assert policy("apply", path).returncode == 0
            assert policy("disable").returncode == 0
        finally:
            lines = log.close()
        applied = [ln for ln in lines if "policy from %s applied by uid 0: " % path in ln]
        assert len(applied) == 1, lines
        assert applied[0].startswith("<85>"), applied
        assert ("enabled=1 paused=0 level=redacted time_quantum_ns=1000000 cgroups=3: "
                "/a level=full time_quantum_ns=5000000; /a/child time_quantum_ns=0; "
                "/b level=redacted") in applied[0], applied
        assert any(ln.startswith("<85>") and "policy changed by uid 0: enabled 0" in ln
                   for ln in lines), lines

    def test_policy_non_root_refused(self):
        """nobody may show the policy, not apply or edit it: one clear line,
        exit 1, nothing changed."""
        some_policy()
        before = snapshot()
        f = readable_copy(os.path.join(POLICY, "good", "full.conf"))
        msg = "inputtrace: policy: only root may change the policy (it writes " \
              "/sys/kernel/inputtrace)\n"
        for args in (["apply", f], ["add", "/b"], ["remove", "/a"], ["disable"]):
            r = subprocess.run([cfg.it_anyone, "policy"] + args, capture_output=True,
                               text=True, preexec_fn=as_nobody(), timeout=60)
            assert (r.returncode, r.stderr) == (1, msg), (args, r)
            assert snapshot() == before, args
        r = subprocess.run([cfg.it_anyone, "policy", "show"], capture_output=True,
                           text=True, preexec_fn=as_nobody(), timeout=60)
        assert (r.returncode, r.stderr) == (0, ""), r.stderr
        assert "enabled = 1\n" in r.stdout and "cgroup /a/child\n" in r.stdout, r.stdout

    def test_policy_module_not_loaded(self):
        """Without the module: one clear line, exit 1 (reset() loads it again)."""
        subprocess.run(["rmmod", "inputtrace"], check=True)
        path = os.path.join(POLICY, "good", "full.conf")
        for args in (["apply", path], ["show"], ["enable"]):
            r = policy(*args)
            assert (r.returncode, r.stderr) == (
                1, "inputtrace: policy: inputtrace.ko is not loaded (modprobe inputtrace)\n"), \
                (args, r.stderr)

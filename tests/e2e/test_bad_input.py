# SPDX-License-Identifier: GPL-2.0
"""Bad input: malformed sysfs writes change nothing, a bad `record`
command line fails with one line and no file, and so does a missing
module."""
import errno
import os
import subprocess

from fixtures import E2ETest, SYSFS, cfg, set_policy, sysfs_read, sysfs_write


class BadInputTest(E2ETest):
    def test_sysfs_rejects_malformed_writes(self):
        set_policy(True, "full", ["/a"])
        before = {a: sysfs_read(a) for a in ("enabled", "level", "cgroups")}
        E, L = errno.EINVAL, errno.ENAMETOOLONG
        # (an empty write never reaches the attribute: sysfs drops it)
        bad = {
            "enabled": [(v, E) for v in
                        ("2", "1garbage", "yes", "1\n\n", " 1", "-1", "\n")],
            "level": [(v, E) for v in
                      ("FULL", "full\n\n", "secret", " full",
                       "full redacted")],
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

    def test_record_bad_input_fails_cleanly(self):
        """Each bad input: one line on stderr, non-zero exit, no file."""
        set_policy(True, "full", ["/a"])
        ww = cfg.work + "/world-writable"
        os.makedirs(ww, exist_ok=True)
        os.chmod(ww, 0o777)
        cases = [(["-o", "/nonexistent/x.itr"], "/nonexistent/x.itr"),
                 (["-o", ww + "/x.itr"], ww + "/x.itr"),
                 (["-o", cfg.work + "/flag.itr", "--bogus"],
                  cfg.work + "/flag.itr"),
                 (["-o", cfg.work + "/dur.itr", "--duration", "1s"],
                  cfg.work + "/dur.itr"),
                 (["-o", cfg.work + "/ty.itr", "--types", "nosuch"],
                  cfg.work + "/ty.itr"),
                 (["-o", cfg.work + "/link/x.itr"], cfg.work + "/real/x.itr"),
                 (["-o", cfg.work + "/k.itr",
                   "--encrypt-to", cfg.work + "/bad.pub"],
                  cfg.work + "/k.itr"),
                 (["-o", cfg.work + "/k.itr",
                   "--encrypt-to", cfg.work + "/none.pub"],
                  cfg.work + "/k.itr"),
                 (["-o", cfg.work + "/r.itr", "--rotate-size", "1M"],
                  cfg.work + "/r.itr")]
        os.makedirs(cfg.work + "/real", mode=0o700, exist_ok=True)
        if not os.path.islink(cfg.work + "/link"):
            os.symlink(cfg.work + "/real", cfg.work + "/link")
        with open(cfg.work + "/bad.pub", "w") as f:
            f.write("inputtrace-x25519-public AAAA\n")
        for args, out in cases:
            r = subprocess.run([cfg.it, "record"] + args, capture_output=True,
                               text=True, timeout=60)
            assert r.returncode != 0, args
            assert len(r.stderr.strip().splitlines()) == 1, (args, r.stderr)
            assert r.stderr.startswith("inputtrace: record: "), r.stderr
            assert not os.path.exists(out), "left %s behind" % out

    def test_record_without_module_fails_cleanly(self):
        set_policy(False, "redacted", [])
        r = subprocess.run(["rmmod", "inputtrace"], capture_output=True,
                           text=True)
        assert r.returncode == 0, r.stderr
        out = cfg.work + "/nomodule.itr"
        r = subprocess.run([cfg.it, "record", "-o", out, "--duration", "1"],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode != 0
        assert "not loaded" in r.stderr and len(r.stderr.splitlines()) == 1, \
            r.stderr
        assert not os.path.exists(out), "half-written file left behind"
        r = subprocess.run([cfg.it, "status"], capture_output=True, text=True)
        assert r.returncode == 0 and "not loaded" in r.stdout, r.stdout
        r = subprocess.run([cfg.it, "pause"], capture_output=True, text=True)
        assert r.returncode == 1 and "not loaded" in r.stderr, r.stderr
        subprocess.run(["modprobe", "inputtrace"], check=True)

# SPDX-License-Identifier: GPL-2.0
"""Transparency: `inputtrace status` for an unprivileged user, and self/
as the kernel's own answer for the task that asks."""
import os
import subprocess

from fixtures import (CG, E2ETest, SYSFS, as_nobody, cfg, in_cgroup,
                      set_policy, sysfs_read, sysfs_write)


class StatusTest(E2ETest):
    def test_status_works_unprivileged(self):
        set_policy(True, "redacted", ["/a"])
        drop = as_nobody("/a")
        r = subprocess.run([cfg.it_anyone, "status"], capture_output=True,
                           text=True, preexec_fn=drop)
        assert r.returncode == 0, r.stderr
        assert "enabled:   1" in r.stdout and "/a" in r.stdout, r.stdout
        assert "IS TRACED" in r.stdout and "redacted" in r.stdout, r.stdout
        assert "exact timestamps" in r.stdout and "PAUSED" not in r.stdout
        # the caller's own level and quantum (a per-cgroup override), paused
        assert sysfs_write("cgroups",
                           "+/a level=full time_quantum_ns=2000000") == 0
        assert sysfs_write("paused", "1") == 0
        try:
            r = subprocess.run([cfg.it_anyone, "status"], capture_output=True,
                               text=True, preexec_fn=drop)
        finally:
            sysfs_write("paused", "0")
        assert r.returncode == 0, r.stderr
        assert "IS TRACED (subtree /a, level full, timestamps rounded down " \
            "to 2000000 ns)" in r.stdout, r.stdout
        assert "tracing is PAUSED now" in r.stdout, r.stdout
        r = subprocess.run([cfg.it_anyone, "record", "-o",
                            cfg.work + "/nobody.itr", "--duration", "1"],
                           capture_output=True, text=True, preexec_fn=drop)
        assert r.returncode != 0 and "root" in r.stderr, r.stderr
        assert not os.path.exists(cfg.work + "/nobody.itr")

    def test_status_is_the_kernels_answer(self):
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

        out = in_cgroup("/a", ["unshare", "--cgroup", cfg.it, "status"])
        assert "you:       cgroup / IS TRACED (subtree /a, level redacted, " \
            "timestamps rounded down to 1000 ns)" in out, out
        out = in_cgroup("/b", ["unshare", "--cgroup", cfg.it, "status"])
        assert "you:       cgroup / is NOT traced" in out, out

        os.mkdir(CG + "/st")
        try:
            assert sysfs_write("cgroups", "+/st level=full") == 0
            assert "IS TRACED (subtree /st, level full" in \
                in_cgroup("/st", [cfg.it, "status"])
            os.rmdir(CG + "/st")
            os.mkdir(CG + "/st")
            assert "/st level=full" in sysfs_read("cgroups")
            out = in_cgroup("/st", [cfg.it, "status"])
            assert "you:       cgroup /st is NOT traced" in out, out
            assert in_cgroup("/st", self_attrs) == "none\nnone\nnone\n"
            assert sysfs_write("enabled", "0") == 0
            out = in_cgroup("/a", [cfg.it, "status"])
            assert "cgroup /a is NOT traced (tracing is switched off)" in \
                out, out
        finally:
            os.rmdir(CG + "/st")

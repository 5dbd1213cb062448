# SPDX-License-Identifier: GPL-2.0
"""What the running kernel must have: `status` names the kernel and each
feature `record` needs, and `record` refuses, naming exactly what is
missing, before anything is loaded.  Each missing piece is made real in a
private mount namespace (tmpfs over /sys/kernel/btf with a chosen subset of
BTF files, cgroup2 unmounted), so the rest of the guest is untouched."""
import os
import shlex
import subprocess

from fixtures import E2ETest, as_nobody, cfg, set_policy

FEATURES = ["kernel BTF", "cgroup v2", "inputtrace.ko", "module BTF", "evdev",
            "hooked functions", "BPF ring buffer", "BPF task storage",
            "fentry programs"]
BTF = "/sys/kernel/btf"


def btf_subset(files):
    """Shell lines: replace /sys/kernel/btf by a tmpfs holding @files, a
    dict of name -> the real BTF file to copy there."""
    lines = ["set -e", "mkdir -p /tmp/btf-keep"]
    lines += ["cp %s/%s /tmp/btf-keep/" % (BTF, src)
              for src in sorted(set(files.values()))]
    lines += ["mount -t tmpfs none %s" % BTF]
    lines += ["cp /tmp/btf-keep/%s %s/%s" % (src, BTF, name)
              for name, src in files.items()]
    return lines


class KernelSupportTest(E2ETest):
    def record_in_namespace(self, setup, name):
        out = "%s/ks-%s.itr" % (cfg.work, name)
        script = "\n".join(setup + ["exec %s record -o %s --duration 1" % (
            shlex.quote(cfg.it), shlex.quote(out))])
        r = subprocess.run(["unshare", "-m", "sh", "-c", script],
                           capture_output=True, text=True, timeout=60)
        return r, out

    def test_status_names_kernel_and_every_feature(self):
        set_policy(True, "redacted", ["/a"])
        r = subprocess.run([cfg.it, "status"], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert "kernel:    Linux %s" % os.uname().release in r.stdout, r.stdout
        assert "record:    this kernel has everything record needs" \
            in r.stdout, r.stdout
        for f in FEATURES:
            assert "ok       %s: " % f in r.stdout, (f, r.stdout)
        r = subprocess.run([cfg.it_anyone, "status"], capture_output=True,
                           text=True, preexec_fn=as_nobody())
        assert r.returncode == 0, r.stderr
        assert "ok       hooked functions: " in r.stdout, r.stdout
        assert "-        fentry programs: checked by root only" in r.stdout, \
            r.stdout

    def test_record_names_what_the_kernel_lacks(self):
        set_policy(True, "redacted", ["/a"])
        cases = [
            ("no-btf", btf_subset({}), "kernel BTF", BTF + "/vmlinux"),
            ("no-module-btf",
             btf_subset({"vmlinux": "vmlinux", "evdev": "evdev"}),
             "module BTF", BTF + "/inputtrace"),
            ("no-evdev",
             btf_subset({"vmlinux": "vmlinux", "inputtrace": "inputtrace"}),
             "evdev", "modprobe evdev"),
            # an "evdev" BTF without evdev_read: a kernel that renamed it
            ("no-hook",
             btf_subset({"vmlinux": "vmlinux", "inputtrace": "inputtrace",
                         "evdev": "inputtrace"}),
             "hooked functions", "evdev_read()"),
            ("no-cgroup2", ["set -e", "umount -l /sys/fs/cgroup"],
             "cgroup v2", "mount -t cgroup2"),
        ]
        for name, setup, feature, detail in cases:
            r, out = self.record_in_namespace(setup, name)
            assert not os.path.exists(out), "%s: left %s behind" % (name, out)
            assert r.returncode == 1, (name, r.returncode, r.stderr)
            lines = r.stderr.strip().splitlines()
            assert len(lines) == 1, (name, r.stderr)
            assert lines[0].startswith(
                "inputtrace: record: cannot trace on this kernel (%s): %s: "
                % (os.uname().release, feature)), (name, lines[0])
            assert detail in lines[0], (name, lines[0])
        # the namespaces changed nothing outside: record works again
        r, out = self.record_in_namespace([], "after")
        assert r.returncode == 0 and os.path.exists(out), r.stderr

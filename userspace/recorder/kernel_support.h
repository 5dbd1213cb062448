/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel_support.h - does the running kernel have what `inputtrace record`
 * needs?  Each check names exactly what is missing, so `record` can refuse
 * with that line before anything is loaded or attached, and `status` can
 * show the same list to any user.
 */
#ifndef __KERNEL_SUPPORT_H
#define __KERNEL_SUPPORT_H

#include <stdbool.h>
#include <sys/utsname.h>

enum ks_check {
	KS_VMLINUX_BTF,		/* /sys/kernel/btf/vmlinux (CO-RE) */
	KS_CGROUP2,		/* cgroup v2 mounted: scopes are v2 paths */
	KS_MODULE,		/* inputtrace.ko loaded */
	KS_MODULE_BTF,		/* ... with BTF and the kfunc in it */
	KS_EVDEV,		/* evdev loaded, with BTF */
	KS_HOOKS,		/* every hooked function in BTF */
	KS_RINGBUF,		/* BPF_MAP_TYPE_RINGBUF (5.8) */
	KS_TASK_STORAGE,	/* BPF_MAP_TYPE_TASK_STORAGE (5.11) */
	KS_FENTRY,		/* an fentry program loads and attaches */
	KS_COUNT
};

enum ks_state { KS_OK, KS_MISSING, KS_UNCHECKED };

struct ks_result {
	enum ks_state state;
	char detail[200];	/* what is missing, or why unchecked */
};

struct kernel_support {
	struct utsname uts;
	struct ks_result res[KS_COUNT];
};

/*
 * Run every check.  The BPF probes (ring buffer, task storage, fentry) need
 * the privileges `record` needs; with @privileged false they are reported
 * KS_UNCHECKED.  Returns the number of KS_MISSING checks.
 */
int kernel_support_probe(struct kernel_support *ks, bool privileged);

/* "vmlinux BTF", "cgroup v2", ...: what a check is about, for listings. */
const char *kernel_support_name(enum ks_check c);

/* The first KS_MISSING check, or KS_COUNT when nothing is missing. */
enum ks_check kernel_support_first_missing(const struct kernel_support *ks);

#endif /* __KERNEL_SUPPORT_H */

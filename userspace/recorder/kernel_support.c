// SPDX-License-Identifier: GPL-2.0
/*
 * kernel_support.c - the running kernel's features, checked one by one.
 *
 * A libbpf load failure says "Invalid argument" whatever is missing; these
 * checks run first and name the missing piece (and how to get it).  They
 * read what the kernel advertises (sysfs BTF, mountinfo) and, with
 * privileges, try the real thing: create a ring buffer and a task storage
 * map, load and attach an empty fentry program on a hooked function.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "commands.h"
#include "kernel_support.h"
#include "sysfs.h"

#define BTF_DIR		"/sys/kernel/btf"
#define MODULE_NAME	"inputtrace"
#define KFUNC_NAME	"inputtrace_decide"
#define KFUNC_GEN_NAME	"inputtrace_policy_generation"
#define FENTRY_PROBE_TARGET	"input_event_to_user"

/* The functions the BPF program hooks, where their BTF is, how many args. */
static const struct hook {
	const char *func;
	const char *module;	/* NULL: vmlinux; else this module or vmlinux */
	unsigned int nargs;
} hooks[] = {
	{ "evdev_read", "evdev", 4 },
	{ "input_event_to_user", NULL, 2 },
	{ "evdev_free", "evdev", 1 },
};

static const char *const names[KS_COUNT] = {
	[KS_VMLINUX_BTF] = "kernel BTF",
	[KS_CGROUP2] = "cgroup v2",
	[KS_MODULE] = "inputtrace.ko",
	[KS_MODULE_BTF] = "module BTF",
	[KS_EVDEV] = "evdev",
	[KS_HOOKS] = "hooked functions",
	[KS_RINGBUF] = "BPF ring buffer",
	[KS_TASK_STORAGE] = "BPF task storage",
	[KS_FENTRY] = "fentry programs",
};

const char *kernel_support_name(enum ks_check c)
{
	return c < KS_COUNT ? names[c] : "?";
}

static void set(struct ks_result *r, enum ks_state st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set(struct ks_result *r, enum ks_state st, const char *fmt, ...)
{
	va_list ap;

	r->state = st;
	va_start(ap, fmt);
	vsnprintf(r->detail, sizeof(r->detail), fmt, ap);
	va_end(ap);
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* Is a cgroup2 filesystem mounted anywhere in this mount namespace? */
static bool cgroup2_mounted(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096];
	bool found = false;

	if (!f)
		return false;
	/* "... - cgroup2 cgroup2 rw,...": the type follows the separator */
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, " - cgroup2 ") != NULL;
	fclose(f);
	return found;
}

/* The function @name in @btf: its BTF id and its number of parameters. */
static int find_func(const struct btf *btf, const char *name, int *nargs)
{
	const struct btf_type *t, *proto;
	int id = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);

	if (id < 0)
		return id;
	t = btf__type_by_id(btf, id);
	proto = t ? btf__type_by_id(btf, t->type) : NULL;
	if (!proto || !btf_is_func_proto(proto))
		return -EINVAL;
	*nargs = btf_vlen(proto);
	return id;
}

static void check_hooks(struct ks_result *r, struct btf *vmlinux,
			struct btf *evdev)
{
	unsigned int i;

	for (i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++) {
		const struct hook *h = &hooks[i];
		int nargs = 0, id = -ENOENT;

		if (h->module && evdev)
			id = find_func(evdev, h->func, &nargs);
		if (id < 0)
			id = find_func(vmlinux, h->func, &nargs);
		if (id < 0) {
			set(r, KS_MISSING, "%s() is not in the kernel's BTF (renamed, inlined or removed in this kernel)",
			    h->func);
			return;
		}
		if ((unsigned int)nargs != h->nargs) {
			set(r, KS_MISSING, "%s() takes %d arguments here, inputtrace expects %u",
			    h->func, nargs, h->nargs);
			return;
		}
	}
	set(r, KS_OK, "evdev_read, input_event_to_user, evdev_free");
}

/* Is the module loaded?  Asked with or without kernel BTF. */
static bool check_module_loaded(struct kernel_support *ks)
{
	if (!sysfs_present()) {
		set(&ks->res[KS_MODULE], KS_MISSING,
		    "not loaded (modprobe inputtrace): without it nothing can be traced");
		return false;
	}
	set(&ks->res[KS_MODULE], KS_OK, "loaded");
	return true;
}

static void check_module_btf(struct kernel_support *ks, struct btf *vmlinux)
{
	struct ks_result *r = &ks->res[KS_MODULE_BTF];
	struct btf *mod;
	int nargs;

	if (!check_module_loaded(ks)) {
		set(r, KS_UNCHECKED, "the module is not loaded");
		return;
	}
	if (!exists(BTF_DIR "/" MODULE_NAME)) {
		set(r, KS_MISSING, "no " BTF_DIR "/" MODULE_NAME ": the module was built without BTF (vmlinux and resolve_btfids are needed at build time), so its kfunc cannot be found");
		return;
	}
	mod = btf__load_module_btf(MODULE_NAME, vmlinux);
	if (!mod) {
		set(r, KS_MISSING, "cannot read " BTF_DIR "/" MODULE_NAME ": %s",
		    strerror(errno));
		return;
	}
	if (find_func(mod, KFUNC_NAME, &nargs) < 0)
		set(r, KS_MISSING, "the module's BTF has no kfunc " KFUNC_NAME "(): a module of another version?");
	else if (find_func(mod, KFUNC_GEN_NAME, &nargs) < 0)
		set(r, KS_MISSING, "the module's BTF has no kfunc " KFUNC_GEN_NAME "(): a module of an older version?");
	else
		set(r, KS_OK, "kfuncs " KFUNC_NAME "(), " KFUNC_GEN_NAME "()");
	btf__free(mod);
}

/* Load and attach an empty fentry program: the real test of trampolines. */
static void check_fentry(struct ks_result *r, struct btf *vmlinux)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts,
		    .expected_attach_type = BPF_TRACE_FENTRY);
	int nargs, id, prog, link;

	id = find_func(vmlinux, FENTRY_PROBE_TARGET, &nargs);
	if (id < 0) {
		set(r, KS_UNCHECKED, FENTRY_PROBE_TARGET "() is missing");
		return;
	}
	opts.attach_btf_id = id;
	prog = bpf_prog_load(BPF_PROG_TYPE_TRACING, "it_probe", "GPL", insns,
			     sizeof(insns) / sizeof(insns[0]), &opts);
	if (prog < 0) {
		set(r, KS_MISSING, "the kernel refuses to load fentry programs (%s): they need CONFIG_BPF_JIT and CONFIG_FUNCTION_TRACER, and no lockdown",
		    strerror(errno));
		return;
	}
	link = bpf_link_create(prog, 0, BPF_TRACE_FENTRY, NULL);
	if (link < 0)
		set(r, KS_MISSING, "the kernel refuses to attach fentry programs (%s): BPF trampolines are needed (CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS)",
		    strerror(errno));
	else
		set(r, KS_OK, "load and attach");
	if (link >= 0)
		close(link);
	close(prog);
}

static void check_map(struct ks_result *r, enum bpf_map_type type,
		      const char *since)
{
	int ret = libbpf_probe_bpf_map_type(type, NULL);

	if (ret == 1)
		set(r, KS_OK, "supported");
	else if (ret == 0)
		set(r, KS_MISSING, "not supported by this kernel (Linux %s or later)",
		    since);
	else
		set(r, KS_MISSING, "cannot be probed: %s", strerror(-ret));
}

int kernel_support_probe(struct kernel_support *ks, bool privileged)
{
	struct btf *vmlinux = NULL, *evdev = NULL;
	int i, missing = 0;

	memset(ks, 0, sizeof(*ks));
	if (uname(&ks->uts))
		memset(&ks->uts, 0, sizeof(ks->uts));

	if (cgroup2_mounted())
		set(&ks->res[KS_CGROUP2], KS_OK, "mounted");
	else
		set(&ks->res[KS_CGROUP2], KS_MISSING, "not mounted (mount -t cgroup2 none /sys/fs/cgroup): scopes are cgroup v2 paths");

	if (exists(BTF_DIR "/vmlinux"))
		vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux) {
		set(&ks->res[KS_VMLINUX_BTF], KS_MISSING, "no readable " BTF_DIR "/vmlinux: the kernel needs CONFIG_DEBUG_INFO_BTF");
		for (i = KS_MODULE; i < KS_COUNT; i++)
			set(&ks->res[i], KS_UNCHECKED, "needs kernel BTF");
		check_module_loaded(ks);
		goto count;
	}
	set(&ks->res[KS_VMLINUX_BTF], KS_OK, BTF_DIR "/vmlinux");

	check_module_btf(ks, vmlinux);
	if (exists(BTF_DIR "/evdev")) {
		evdev = btf__load_module_btf("evdev", vmlinux);
		set(&ks->res[KS_EVDEV], evdev ? KS_OK : KS_MISSING,
		    evdev ? "loaded" : "cannot read " BTF_DIR "/evdev");
	} else if (btf__find_by_name_kind(vmlinux, "evdev_read",
					  BTF_KIND_FUNC) >= 0) {
		set(&ks->res[KS_EVDEV], KS_OK, "built in");
	} else {
		set(&ks->res[KS_EVDEV], KS_MISSING, "not loaded (modprobe evdev): inputtrace traces evdev readers");
	}
	if (ks->res[KS_EVDEV].state == KS_OK)
		check_hooks(&ks->res[KS_HOOKS], vmlinux, evdev);
	else
		set(&ks->res[KS_HOOKS], KS_UNCHECKED, "needs evdev");

	if (privileged) {
		check_map(&ks->res[KS_RINGBUF], BPF_MAP_TYPE_RINGBUF, "5.8");
		check_map(&ks->res[KS_TASK_STORAGE], BPF_MAP_TYPE_TASK_STORAGE,
			  "5.11");
		check_fentry(&ks->res[KS_FENTRY], vmlinux);
	} else {
		for (i = KS_RINGBUF; i <= KS_FENTRY; i++)
			set(&ks->res[i], KS_UNCHECKED, "checked by root only");
	}
	btf__free(evdev);
	btf__free(vmlinux);
count:
	for (i = 0; i < KS_COUNT; i++)
		missing += ks->res[i].state == KS_MISSING;
	return missing;
}

enum ks_check kernel_support_first_missing(const struct kernel_support *ks)
{
	int i;

	for (i = 0; i < KS_COUNT; i++)
		if (ks->res[i].state == KS_MISSING)
			return i;
	return KS_COUNT;
}

/*
 * `status`: the kernel, and whether `record` can run on it.  Any user sees
 * it; the BPF probes need root and are marked unchecked otherwise.
 */
void recorder_print_kernel_support(void)
{
	static const char *const state[] = {
		[KS_OK] = "ok", [KS_MISSING] = "MISSING", [KS_UNCHECKED] = "-",
	};
	struct kernel_support ks;
	enum ks_check c;
	int missing;

	missing = kernel_support_probe(&ks, geteuid() == 0);
	printf("kernel:    %s %s (%s)\n", ks.uts.sysname, ks.uts.release,
	       ks.uts.machine);
	c = kernel_support_first_missing(&ks);
	if (missing)
		printf("record:    cannot run here: %s is missing\n",
		       kernel_support_name(c));
	else if (geteuid() == 0)
		printf("record:    this kernel has everything record needs\n");
	else
		printf("record:    no feature missing so far (root checks the BPF features)\n");
	for (c = 0; c < KS_COUNT; c++)
		printf("           %-8s %s: %s\n", state[ks.res[c].state],
		       kernel_support_name(c), ks.res[c].detail);
}

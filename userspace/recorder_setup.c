// SPDX-License-Identifier: GPL-2.0
/*
 * recorder_setup.c - preflight checks, BPF setup and teardown, output file
 * for `inputtrace record`.  Every failure prints one line saying what
 * failed and why; the caller jumps to recorder_cleanup().
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <sodium.h>

#include "cli.h"
#include "inputtrace.skel.h"
#include "keyfile.h"
#include "recorder.h"
#include "reorder.h"
#include "tracefile.h"

#define SYSFS_MODULE	"/sys/kernel/inputtrace"

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int fail(const char *fmt, ...)
{
	va_list ap;

	fputs("inputtrace: record: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* The checks that turn a cryptic libbpf failure into an actionable line. */
int recorder_preflight(void)
{
	if (geteuid() != 0)
		return fail("must run as root: loading and attaching BPF programs needs CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN");
	if (!exists(SYSFS_MODULE))
		return fail("kernel module inputtrace is not loaded (run: modprobe inputtrace); without it nothing can be traced");
	if (!exists("/sys/kernel/btf/vmlinux"))
		return fail("this kernel has no BTF (/sys/kernel/btf/vmlinux): CONFIG_DEBUG_INFO_BTF is needed");
	if (!exists("/sys/kernel/btf/inputtrace"))
		return fail("module inputtrace has no BTF (/sys/kernel/btf/inputtrace): rebuild it with module BTF (see README)");
	if (!exists("/sys/kernel/btf/evdev") && !exists("/sys/module/evdev"))
		return fail("evdev is not loaded (run: modprobe evdev): inputtrace traces evdev readers");
	return 0;
}

static int fill_filter_maps(struct recorder *rc)
{
	const struct filter_opts *f = &rc->opts->filter;
	int devfd = bpf_map__fd(rc->skel->maps.device_filter);
	int codefd = bpf_map__fd(rc->skel->maps.code_filter);
	__u8 one = 1;
	unsigned int i;

	for (i = 0; i < f->ndevices; i++) {
		__u32 key = f->devices[i];

		if (bpf_map_update_elem(devfd, &key, &one, BPF_ANY))
			return fail("cannot set device filter: %s", strerror(errno));
	}
	for (i = 0; i < f->ncodes; i++) {
		__u32 key = (__u32)f->codes[i].type << 16 | f->codes[i].code;

		if (bpf_map_update_elem(codefd, &key, &one, BPF_ANY))
			return fail("cannot set code filter: %s", strerror(errno));
	}
	return 0;
}

/* One BPF ring per possible CPU, installed in the `rings` array-of-maps. */
static int create_rings(struct recorder *rc, ring_buffer_sample_fn cb)
{
	int outer = bpf_map__fd(rc->skel->maps.rings);
	int cpu;

	rc->ring_fds = calloc(rc->ncpus, sizeof(*rc->ring_fds));
	if (!rc->ring_fds)
		return fail("out of memory");
	for (cpu = 0; cpu < rc->ncpus; cpu++)
		rc->ring_fds[cpu] = -1;

	for (cpu = 0; cpu < rc->ncpus; cpu++) {
		__u32 key = cpu;
		int fd;

		fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "inputtrace_ring", 0,
				    0, rc->opts->ring_bytes, NULL);
		if (fd < 0)
			return fail("cannot create the ring buffer of CPU %d: %s",
				    cpu, strerror(errno));
		rc->ring_fds[cpu] = fd;
		if (bpf_map_update_elem(outer, &key, &fd, BPF_ANY))
			return fail("cannot install the ring of CPU %d: %s", cpu,
				    strerror(errno));
		if (!rc->rb)
			rc->rb = ring_buffer__new(fd, cb, rc, NULL);
		else if (ring_buffer__add(rc->rb, fd, cb, rc))
			return fail("cannot poll the ring of CPU %d: %s", cpu,
				    strerror(errno));
		if (!rc->rb)
			return fail("cannot poll the ring buffers: %s",
				    strerror(errno));
	}
	return 0;
}

/*
 * The exit hook goes first: an evdev_read() that starts between two attaches
 * must never leave its client pointer behind (enter without exit), or a later
 * uinput read by the same task could be attributed to that device.
 */
static int attach_in_order(struct inputtrace_bpf *skel)
{
	struct {
		struct bpf_program *prog;
		struct bpf_link **link;
	} order[] = {
		{ skel->progs.device_gone, &skel->links.device_gone },
		{ skel->progs.evdev_read_exit, &skel->links.evdev_read_exit },
		{ skel->progs.evdev_read_enter, &skel->links.evdev_read_enter },
		{ skel->progs.event_to_user, &skel->links.event_to_user },
	};
	unsigned int i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		*order[i].link = bpf_program__attach(order[i].prog);
		if (!*order[i].link)
			return fail("cannot attach %s to the evdev read path: %s",
				    bpf_program__name(order[i].prog),
				    strerror(errno));
	}
	return 0;
}

/*
 * -v: which BPF object was just loaded, so a test can check that one and
 * the same object (sha256sum .output/bpf/inputtrace.bpf.o) loads on every
 * kernel.
 */
static void print_object_sha256(void)
{
	unsigned char sum[crypto_hash_sha256_BYTES];
	const void *obj;
	size_t size, i;

	obj = inputtrace_bpf__elf_bytes(&size);
	crypto_hash_sha256(sum, obj, size);
	fputs("inputtrace: record: loaded BPF object sha256 ", stderr);
	for (i = 0; i < sizeof(sum); i++)
		fprintf(stderr, "%02x", sum[i]);
	fputc('\n', stderr);
}

int recorder_setup_bpf(struct recorder *rc, ring_buffer_sample_fn cb)
{
	const struct filter_opts *f = &rc->opts->filter;
	int err, i;

	rc->ncpus = libbpf_num_possible_cpus();
	if (rc->ncpus <= 0)
		return fail("cannot count CPUs: %s", strerror(-rc->ncpus));

	rc->skel = inputtrace_bpf__open();
	if (!rc->skel)
		return fail("cannot open the BPF object: %s", strerror(errno));
	rc->skel->rodata->type_mask = f->types ? f->types : ~0U;
	rc->skel->rodata->code_types = f->code_types;
	rc->skel->rodata->filter_devices = f->ndevices > 0;
	bpf_map__set_max_entries(rc->skel->maps.rings, rc->ncpus);

	err = inputtrace_bpf__load(rc->skel);
	if (err)
		return fail("the kernel refused the BPF program: %s (needs BTF, fentry and the inputtrace kfunc; -v shows libbpf's log)",
			    strerror(-err));
	if (rc->opts->verbose)
		print_object_sha256();
	err = create_rings(rc, cb);
	if (err)
		return err;
	err = fill_filter_maps(rc);
	if (err)
		return err;

	for (i = 0; i < INPUTTRACE_CNT_MAX; i++) {
		rc->counter_seen[i] = calloc(rc->ncpus, sizeof(uint64_t));
		if (!rc->counter_seen[i])
			return fail("out of memory");
	}
	rc->counter_now = calloc(rc->ncpus, sizeof(uint64_t));
	rc->order = reorder_new(0);
	if (!rc->counter_now || !rc->order)
		return fail("out of memory");

	return attach_in_order(rc->skel);
}

int recorder_read_counter(struct recorder *rc, unsigned int idx,
			  uint64_t *per_cpu)
{
	__u32 key = idx;

	if (bpf_map_lookup_elem(bpf_map__fd(rc->skel->maps.counters), &key,
				per_cpu))
		return -errno;
	return 0;
}

/*
 * Before loading anything: the output must be creatable, so that a typo in
 * -o costs nothing and leaves nothing behind.
 */
int recorder_check_output(struct recorder *rc)
{
	int err;

	err = record_output_path(rc->opts, time(NULL), getpid(), 0, rc->path,
				 sizeof(rc->path));
	if (err)
		return fail("output path too long: %s", rc->opts->output);
	err = tracefile_check_parent(rc->path);
	if (err == -EPERM)
		return fail("refusing to write into %s's directory: it is group/world-writable or owned by another user",
			    rc->path);
	if (err == -ELOOP)
		return fail("refusing to write into %s's directory: it is a symlink (give the real directory)",
			    rc->path);
	if (err)
		return fail("cannot create %s: %s", rc->path, strerror(-err));
	if (access(rc->path, F_OK) == 0)
		return fail("%s already exists: refusing to overwrite a trace",
			    rc->path);
	return 0;
}

/*
 * The recipient of an encrypted trace: --encrypt-to, else the machine's
 * default recipient if one is configured, unless --plaintext.  Loaded before
 * anything else happens, so a bad key costs nothing.
 */
int recorder_load_recipient(struct recorder *rc)
{
	const struct record_opts *o = rc->opts;
	char err[256];

	if (o->plaintext)
		return 0;
	rc->recipient = o->encrypt_to;
	if (!rc->recipient && exists(RECORD_RECIPIENT_DEFAULT))
		rc->recipient = RECORD_RECIPIENT_DEFAULT;
	if (!rc->recipient)
		return 0;
	if (keyfile_load_public(rc->recipient, rc->recipient_pk, err,
				sizeof(err)))
		return fail("--encrypt-to: %s", err);
	return 0;
}

/* The global quantum: our own records must be no more exact than events. */
static uint32_t read_global_quantum(void)
{
	unsigned long v = 0;
	FILE *f = fopen(SYSFS_MODULE "/time_quantum_ns", "re");

	if (f) {
		if (fscanf(f, "%lu", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v <= INPUTTRACE_QUANTUM_MAX ? (uint32_t)v : 0;
}

int recorder_open_output(struct recorder *rc, int argc, char **argv)
{
	size_t len = 1;
	int i, err;

	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	rc->cmdline = calloc(1, len);
	if (!rc->cmdline)
		return fail("out of memory");
	for (i = 0; i < argc; i++) {
		if (i)
			strcat(rc->cmdline, " ");
		strcat(rc->cmdline, argv[i]);
	}
	rc->quantum_ns = read_global_quantum();
	err = recorder_create_file(rc, &rc->out);
	if (err)
		return fail("cannot create %s: %s", rc->path, strerror(-err));
	return 0;
}

void recorder_cleanup(struct recorder *rc)
{
	int i;

	/* a run that failed before it started leaves no file behind */
	if (rc->out)
		tracefile_abort(rc->out, !rc->started);
	ring_buffer__free(rc->rb);
	if (rc->ring_fds)
		for (i = 0; i < rc->ncpus; i++)
			if (rc->ring_fds[i] >= 0)
				close(rc->ring_fds[i]);
	free(rc->ring_fds);
	inputtrace_bpf__destroy(rc->skel);
	reorder_free(rc->order);
	for (i = 0; i < INPUTTRACE_CNT_MAX; i++)
		free(rc->counter_seen[i]);
	free(rc->counter_now);
	free(rc->devices);
	free(rc->cmdline);
	if (rc->paused_fd >= 0)
		close(rc->paused_fd);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * recorder_bpf.c - preflight checks, BPF setup and teardown for
 * `inputtrace record`.  Every failure prints one line saying what failed
 * and why; the caller jumps to its cleanup.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <sodium.h>

#include "cli.h"
#include "inputtrace.skel.h"
#include "kernel_support.h"
#include "recorder_bpf.h"
#include "sysfs.h"

#define fail(...)	cli_error("record", -1, __VA_ARGS__)

/*
 * Records are submitted without waking the recorder; a ring wakes it each
 * time its unread part grows past another 1/RING_WAKE_SHARE of the ring
 * (bpf/inputtrace.bpf.c, submit()), and the poll timeout drains the rest.
 */
#define RING_WAKE_SHARE	4

/*
 * Before anything is loaded: root, then every kernel feature the program
 * needs (kernel_support.c), so a missing one is named in one line instead
 * of surfacing as libbpf's "Invalid argument".
 */
int recorder_preflight(void)
{
	struct kernel_support ks;
	enum ks_check missing;

	if (geteuid() != 0)
		return fail("must run as root: loading and attaching BPF programs needs CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN");
	kernel_support_probe(&ks, true);
	missing = kernel_support_first_missing(&ks);
	if (missing != KS_COUNT)
		return fail("cannot trace on this kernel (%s): %s: %s",
			    ks.uts.release, kernel_support_name(missing),
			    ks.res[missing].detail);
	return 0;
}

static int fill_filter_maps(struct recorder *rc)
{
	const struct filter_opts *f = &rc->opts->filter;
	int devfd = bpf_map__fd(rc->bpf->skel->maps.device_filter);
	int codefd = bpf_map__fd(rc->bpf->skel->maps.code_filter);
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

/*
 * gcc 12's -fanalyzer reports b->ring_fds as leaked at its NULL check:
 * it is kept in *rc->bpf and freed by recorder_bpf_close().
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
/* One BPF ring per possible CPU, installed in the `rings` array-of-maps. */
static int create_rings(struct recorder *rc, ring_buffer_sample_fn cb)
{
	struct recorder_bpf *b = rc->bpf;
	int outer = bpf_map__fd(b->skel->maps.rings);
	int cpu;

	b->ring_fds = calloc(b->ncpus, sizeof(*b->ring_fds));
	if (!b->ring_fds)
		return fail("out of memory");
	for (cpu = 0; cpu < b->ncpus; cpu++)
		b->ring_fds[cpu] = -1;

	for (cpu = 0; cpu < b->ncpus; cpu++) {
		__u32 key = cpu;
		int fd;

		fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "inputtrace_ring", 0,
				    0, rc->opts->ring_bytes, NULL);
		if (fd < 0)
			return fail("cannot create the ring buffer of CPU %d: %s",
				    cpu, strerror(errno));
		b->ring_fds[cpu] = fd;
		if (bpf_map_update_elem(outer, &key, &fd, BPF_ANY))
			return fail("cannot install the ring of CPU %d: %s", cpu,
				    strerror(errno));
		if (!b->rb)
			b->rb = ring_buffer__new(fd, cb, rc, NULL);
		else if (ring_buffer__add(b->rb, fd, cb, rc))
			return fail("cannot poll the ring of CPU %d: %s", cpu,
				    strerror(errno));
		if (!b->rb)
			return fail("cannot poll the ring buffers: %s",
				    strerror(errno));
	}
	return 0;
}
#pragma GCC diagnostic pop

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

/* recorder_counter_fn: one per-CPU counter of the `counters` map. */
static int read_counter(void *ctx, unsigned int idx, uint64_t *per_cpu)
{
	struct recorder_bpf *b = ctx;
	__u32 key = idx;

	if (bpf_map_lookup_elem(bpf_map__fd(b->skel->maps.counters), &key, per_cpu))
		return -errno;
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

int recorder_bpf_setup(struct recorder *rc, ring_buffer_sample_fn cb)
{
	const struct filter_opts *f = &rc->opts->filter;
	struct recorder_bpf *b;
	int err;

	b = rc->bpf = calloc(1, sizeof(*rc->bpf));
	if (!b)
		return fail("out of memory");
	b->ncpus = libbpf_num_possible_cpus();
	if (b->ncpus <= 0)
		return fail("cannot count CPUs: %s", strerror(-b->ncpus));

	b->skel = inputtrace_bpf__open();
	if (!b->skel)
		return fail("cannot open the BPF object: %s", strerror(errno));
	b->skel->rodata->type_mask = f->types ? f->types : ~0U;
	b->skel->rodata->code_types = f->code_types;
	b->skel->rodata->filter_devices = f->ndevices > 0;
	b->skel->rodata->wake_bytes = rc->opts->ring_bytes / RING_WAKE_SHARE;
	bpf_map__set_max_entries(b->skel->maps.rings, b->ncpus);

	err = inputtrace_bpf__load(b->skel);
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
	if (recorder_accounts_init(rc, b->ncpus, read_counter, b))
		return fail("out of memory");
	return attach_in_order(b->skel);
}

void recorder_bpf_detach(struct recorder *rc)
{
	if (rc->bpf && rc->bpf->skel)
		inputtrace_bpf__detach(rc->bpf->skel);
}

void recorder_bpf_free(struct recorder *rc)
{
	struct recorder_bpf *b = rc->bpf;
	int i;

	if (!b)
		return;
	ring_buffer__free(b->rb);
	if (b->ring_fds)
		for (i = 0; i < b->ncpus; i++)
			if (b->ring_fds[i] >= 0)
				close(b->ring_fds[i]);
	free(b->ring_fds);
	inputtrace_bpf__destroy(b->skel);
	free(b);
	rc->bpf = NULL;
}

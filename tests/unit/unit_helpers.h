/* SPDX-License-Identifier: GPL-2.0 */
/*
 * unit_helpers.h - small helpers shared by the cmocka unit tests: real
 * temporary directories (no filesystem mocks), file slurping, record
 * builders, stdout/stderr capture and a recorder writing into a directory.
 */
#ifndef __UNIT_HELPERS_H
#define __UNIT_HELPERS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <ftw.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "record_codec.h"
#include "recorder.h"
#include "tracefile.h"

static inline char *tmpdir_new(void)
{
	const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char *p;

	assert_true(asprintf(&p, "%s/inputtrace-unit.XXXXXX", base) > 0);
	assert_non_null(mkdtemp(p));
	return p;
}

static inline int rm_one(const char *path, const struct stat *st, int flag,
			 struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static inline void tmpdir_free(char *dir)
{
	if (!dir)
		return;
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* Fixture: a fresh temporary directory as the test's *state. */
static inline int tmpdir_setup(void **state)
{
	*state = tmpdir_new();
	return 0;
}

static inline int tmpdir_teardown(void **state)
{
	tmpdir_free(*state);
	return 0;
}

static inline char *path_join(const char *dir, const char *name)
{
	char *p;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	return p;
}

/* Whole file, NUL-terminated; *len gets its size. */
static inline unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	buf = malloc(n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = n;
	return buf;
}

static inline void spew(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static inline struct trace_record mk_event(uint64_t t, uint32_t dev, uint16_t type,
					   uint16_t code, int32_t value)
{
	struct trace_record r;

	memset(&r, 0, sizeof(r));
	r.kind = INPUTTRACE_REC_EVENT;
	r.ev.head.kind = INPUTTRACE_REC_EVENT;
	r.ev.head.size = sizeof(r.ev);
	r.ev.head.time_ns = t;
	r.ev.head.dev_id = dev;
	r.ev.read_ns = t + 1000;
	r.ev.cgroup_id = 1234;
	r.ev.pid = 4243;
	r.ev.tgid = 4242;
	r.ev.cpu = 1;
	r.ev.type = type;
	r.ev.code = code;
	r.ev.value = value;
	r.ev.clock = INPUTTRACE_CLOCK_MONOTONIC;
	r.ev.level = INPUTTRACE_LEVEL_FULL;
	strcpy(r.ev.comm, "evread");
	return r;
}

/*
 * Event @i of a reader with SAMPLE_THREADS threads taking turns.  More
 * threads than a version 2 block's context table holds (RC2_CTX_MAX), so
 * every such event defines its context (~46 bytes) and a block seals
 * after RC2_CTX_MAX of them: tests of blocks, rotation and disk full get
 * many blocks from a few hundred events, as with version 1's 76 bytes.
 */
#define SAMPLE_THREADS	100

static inline struct trace_record mk_thread_event(uint64_t t, int i, int32_t value)
{
	struct trace_record r = mk_event(t, 1, 1, 30, value);

	r.ev.pid += i % SAMPLE_THREADS;
	return r;
}

static inline struct trace_record mk_device(uint64_t t, uint32_t dev, uint32_t minor,
					    const char *name)
{
	struct trace_record r;

	memset(&r, 0, sizeof(r));
	r.kind = INPUTTRACE_REC_DEVICE;
	r.dev.head.kind = INPUTTRACE_REC_DEVICE;
	r.dev.head.size = sizeof(r.dev);
	r.dev.head.time_ns = t;
	r.dev.head.dev_id = dev;
	r.dev.minor = minor;
	r.dev.bustype = 6;
	r.dev.vendor = 0x1234;
	r.dev.product = 0x5678;
	r.dev.version = 1;
	snprintf(r.dev.name, sizeof(r.dev.name), "%s", name);
	strcpy(r.dev.phys, "py-evdev/input0");
	return r;
}

/*
 * A CAPS record for device @dev whose body is *@caps, filled with a pattern
 * in which every word and axis field differs.
 */
static inline struct trace_record mk_caps(uint64_t t, uint32_t dev,
					  struct inputtrace_caps *caps)
{
	unsigned char *p = (unsigned char *)caps;
	struct trace_record r;
	size_t i;

	for (i = sizeof(caps->head); i < sizeof(*caps); i++)
		p[i] = (unsigned char)(i * 7 + 1);
	caps->head.kind = INPUTTRACE_REC_CAPS;
	caps->head.size = sizeof(*caps);
	caps->head.time_ns = t;
	caps->head.dev_id = dev;
	memset(&r, 0, sizeof(r));
	r.kind = INPUTTRACE_REC_CAPS;
	r.caps.head = caps->head;
	r.caps.caps = caps;
	return r;
}

static inline struct trace_record mk_loss(uint64_t t, uint32_t src, uint32_t cpu,
					  uint64_t count)
{
	struct trace_record r;

	memset(&r, 0, sizeof(r));
	r.kind = INPUTTRACE_REC_LOSS;
	r.loss.head.kind = INPUTTRACE_REC_LOSS;
	r.loss.head.size = sizeof(r.loss);
	r.loss.head.time_ns = t;
	r.loss.source = src;
	r.loss.cpu = cpu;
	r.loss.count = count;
	return r;
}

static inline struct trace_record mk_pause(uint64_t t, uint64_t since,
					   uint64_t count)
{
	struct trace_record r;

	memset(&r, 0, sizeof(r));
	r.kind = INPUTTRACE_REC_PAUSE;
	r.pause.head.kind = INPUTTRACE_REC_PAUSE;
	r.pause.head.size = sizeof(r.pause);
	r.pause.head.time_ns = t;
	r.pause.since_ns = since;
	r.pause.count = count;
	return r;
}

/*
 * Run @fn with stdout and stderr redirected into files in @dir; returns
 * fn's result, *out / *err get the captured text (free them).
 */
static inline int capture(const char *dir, int (*fn)(int, char **), int argc,
			  char **argv, char **out, char **err)
{
	char *po = path_join(dir, "cap.out"), *pe = path_join(dir, "cap.err");
	int so = dup(1), se = dup(2), fo, fe, rc;

	fflush(stdout);
	fflush(stderr);
	fo = open(po, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	fe = open(pe, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(so >= 0 && se >= 0 && fo >= 0 && fe >= 0);
	dup2(fo, 1);
	dup2(fe, 2);
	rc = fn(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so); close(se); close(fo); close(fe);
	*out = (char *)slurp(po, NULL);
	*err = (char *)slurp(pe, NULL);
	free(po);
	free(pe);
	return rc;
}

/*
 * A recorder writing into @dir, as `record -o DIR` would set it up: plain
 * (uncompressed) files of the smallest blocks, no fsync, quiet, with its
 * output checked but not yet opened.
 */
static inline void recorder_into_dir(struct recorder *rc, struct record_opts *opts,
				     const char *dir)
{
	memset(opts, 0, sizeof(*opts));
	opts->output = dir;
	opts->output_is_dir = true;
	opts->sync = TRACEFILE_SYNC_NONE;
	opts->block_bytes = TRACEFILE_BLOCK_MIN;
	opts->compress = false;
	opts->quiet = true;
	assert_int_equal(recorder_init(rc, opts), 0);
	assert_int_equal(recorder_check_output(rc), 0);
}

static inline size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

#endif /* __UNIT_HELPERS_H */

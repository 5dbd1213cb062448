/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report.h - `inputtrace report`: one summary of many trace files.
 *
 * Records are fed in (report_add_*(), or whole files with
 * report_add_file()), then report_finish() sorts and computes, then the
 * report is printed (text or JSON, report_print.c) or plotted
 * (report_plot.c).  What is counted:
 *
 * - a device is one DEVICE identity (name, phys, uniq, ids, eventN), the
 *   same across the files of a rotated directory whatever its dev_id;
 *   events of a dev_id without a DEVICE record form a device of their own
 * - a reader is one (pid, comm, cgroup id): every event it read counts
 *   once for it and once for the (device, reader) pair
 * - a device's frames are its distinct SYN_REPORT times over all its
 *   readers (two readers of one mouse see each frame once each)
 * - rates are events over the report's span: first to last event time
 *   over all files
 * - latency is read_ns - time_ns, both CLOCK_MONOTONIC
 */
#ifndef __REPORT_H
#define __REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "record_codec.h"
#include "report_stats.h"

#define REPORT_EV_TYPES		0x20	/* EV_CNT: types 0..0x1f, others in the last */
#define REPORT_LEVELS		2	/* enum inputtrace_level; others not counted */
#define REPORT_LOSS_SOURCES	5	/* enum inputtrace_loss_source, 0 = unknown */

struct report_stream {
	uint32_t pid;		/* tgid: the process */
	char comm[INPUTTRACE_COMM_LEN];
	uint64_t cgroup_id;
	uint64_t events;
	uint64_t types[REPORT_EV_TYPES];
	uint64_t levels[REPORT_LEVELS];
	uint32_t quantum_min, quantum_max;	/* of all its events */
	struct report_i64s lat;			/* sorted by report_finish() */
	int64_t pct[REPORT_NPCT], lat_min, lat_max;
};

struct report_device {
	bool known;		/* a DEVICE record described it */
	struct inputtrace_device dev;	/* .head.dev_id: the first file's */
	uint64_t events;
	uint64_t types[REPORT_EV_TYPES];
	struct report_i64s frames;	/* SYN_REPORT times, then distinct */
	struct report_rate rate;
	struct report_stream *readers;
	size_t nreaders;
};

struct report_loss {
	uint64_t records, count, first_ns, last_ns;
};

struct report_pause {
	uint64_t since_ns, time_ns, count;	/* since_ns 0: shorter than a poll round */
};

struct report_tl {
	int64_t time_ns, lat_ns;
};

struct report_file {
	char *path;
	uint64_t records;
	uint64_t damaged;	/* damaged ranges */
	bool end_seen;
	int error;		/* 0 or the -errno that stopped it */
};

struct report {
	struct report_file *files;
	size_t nfiles;
	struct report_device *devices;
	size_t ndevices;
	struct report_stream *readers;
	size_t nreaders;
	uint64_t events;
	int64_t first_ns, last_ns;	/* event times; valid if events */
	struct report_loss loss[REPORT_LOSS_SOURCES];
	struct report_pause *pauses;
	size_t npauses;
	/* the timeline: every event's time and latency, sorted by time */
	struct report_tl *tl;
	size_t ntl, tl_cap;
	size_t last_dev, last_rd;	/* lookup caches */
};

void report_init(struct report *r);
void report_free(struct report *r);
/* @dev: the event's DEVICE record, NULL if the file has none for it. */
int report_add_event(struct report *r, const struct inputtrace_device *dev,
		     const struct inputtrace_event *e);
int report_add_loss(struct report *r, const struct inputtrace_loss *l);
int report_add_pause(struct report *r, const struct inputtrace_pause *p);
/* Sort, deduplicate frames, compute percentiles and rates.  0 or -ENOMEM. */
int report_finish(struct report *r);

/* Span in seconds (0 for fewer than two distinct event times). */
double report_span_s(const struct report *r);
/* @events over the span, or -1 when the span is 0 (no rate). */
double report_rate(const struct report *r, uint64_t events);

/*
 * Read one trace file (plaintext, or encrypted with secret key @sk) into
 * @r, through the reader API (so every format version it reads).  Returns
 * DUMP_OK, DUMP_DAMAGED (damaged ranges or no END: its records still
 * count) or DUMP_ERROR; problems are one line each on @err.
 */
int report_add_file(struct report *r, const char *path, const unsigned char *sk,
		    FILE *err);
/*
 * @operand as trace file paths: a directory gives its
 * "inputtrace-*.itr" entries sorted by name (the recorder's names sort by
 * creation time), anything else itself.  Appends to *@paths (malloc'ed
 * strings).  0, -ENOMEM, or the -errno of opening the directory.
 */
int report_expand(const char *operand, char ***paths, size_t *npaths);

enum report_format {
	REPORT_TEXT,
	REPORT_JSON,
};

/* Print @r (finished); 0, or -1 when writing @out failed. */
int report_print(FILE *out, const struct report *r, enum report_format fmt);
void report_print_json(FILE *out, const struct report *r);
/* "EV_KEY", "EV_0x1e" for a type without a name, "EV_other" past EV_CNT. */
const char *report_type_name(unsigned int type, char *buf, size_t len);

/*
 * Plot @r with gnuplot into @path: PNG if it ends in ".png", SVG if in
 * ".svg" (report_plot_kind() says which, or -1).  gnuplot runs as a child
 * with a generated script and data files in a private temporary directory.
 * Returns 0, or -1 after one line on @err (-ENOENT: gnuplot missing).
 */
int report_plot_kind(const char *path);
int report_plot(const struct report *r, const char *path, FILE *err);

#endif /* __REPORT_H */

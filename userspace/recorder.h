/* SPDX-License-Identifier: GPL-2.0 */
/*
 * recorder.h - state of one `inputtrace record` run, shared by record.c
 * (the loop) and recorder_setup.c (BPF and output setup/teardown).
 */
#ifndef __RECORDER_H
#define __RECORDER_H

#include <stdbool.h>
#include <stdint.h>
#include <limits.h>
#include <bpf/libbpf.h>
#include "../bpf/inputtrace.h"

struct record_opts;
struct inputtrace_bpf;
struct ring_buffer;
struct reorder;
struct tracefile_writer;

struct recorder {
	const struct record_opts *opts;
	struct inputtrace_bpf *skel;
	struct ring_buffer *rb;
	int *ring_fds;			/* one BPF ring per possible CPU */
	int ncpus;
	struct reorder *order;
	struct tracefile_writer *out;
	char path[PATH_MAX];

	int64_t clock_offset[INPUTTRACE_CLOCK_BOOTTIME + 1];
	uint64_t *counter_seen[INPUTTRACE_CNT_MAX];	/* per CPU, last seen */
	uint64_t *counter_now;				/* scratch, per CPU */

	uint64_t deadline_ns;		/* CLOCK_MONOTONIC, 0 = none */
	uint64_t events_seen;
	uint64_t events_written;
	uint64_t events_beyond_count;	/* past --count: not written, not lost */
	uint64_t lost_reader;
	uint64_t lost_reader_reported;
	int write_error;		/* last write failure, 0 once writes work */
	bool warned_write;
	bool status_line;
	bool started;			/* past setup: the file is worth keeping */
};

int recorder_preflight(void);
int recorder_check_output(struct recorder *rc);
int recorder_setup_bpf(struct recorder *rc, ring_buffer_sample_fn cb);
int recorder_read_counter(struct recorder *rc, unsigned int idx,
			  uint64_t *per_cpu);
int recorder_open_output(struct recorder *rc, int argc, char **argv);
void recorder_cleanup(struct recorder *rc);

#endif /* __RECORDER_H */

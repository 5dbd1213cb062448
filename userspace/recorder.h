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
#include <time.h>
#include <bpf/libbpf.h>
#include "../bpf/inputtrace.h"
#include "reorder.h"

struct record_opts;
struct inputtrace_bpf;
struct ring_buffer;
struct tracefile_writer;

static inline uint64_t recorder_clock_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Round @t down to a multiple of @quantum (0: exact), as the kernel does. */
static inline uint64_t recorder_quantize(uint64_t t, uint32_t quantum)
{
	return quantum ? t - t % quantum : t;
}

struct recorder {
	const struct record_opts *opts;
	struct inputtrace_bpf *skel;
	struct ring_buffer *rb;
	int *ring_fds;			/* one BPF ring per possible CPU */
	int ncpus;
	struct reorder *order;
	reorder_emit_fn emit;		/* writes one ordered record */
	struct tracefile_writer *out;
	char path[PATH_MAX];		/* the file being written */
	char *cmdline;			/* recorded in every file's header */
	const char *recipient;		/* public key file, NULL = plaintext */
	unsigned char recipient_pk[32];
	unsigned int file_seq;		/* rotations so far */
	uint64_t file_started_ns;	/* CLOCK_MONOTONIC, for --rotate-time */
	uint64_t rotate_retry_ns;	/* after a failed rotation: not before */
	struct trace_record *devices;	/* DEVICE records seen, for new files */
	size_t ndevices;

	int64_t clock_offset[INPUTTRACE_CLOCK_BOOTTIME + 1];
	uint64_t *counter_seen[INPUTTRACE_CNT_MAX];	/* per CPU, last seen */
	uint64_t *counter_now;				/* scratch, per CPU */
	uint32_t quantum_ns;		/* largest quantum in force: own records */
	int paused_fd;			/* /sys/kernel/inputtrace/paused */
	uint64_t paused_since_ns;	/* pause first seen, 0 = not paused */
	bool pause_final_done;
	uint64_t events_suppressed;

	uint64_t deadline_ns;		/* CLOCK_MONOTONIC, 0 = none */
	uint64_t events_seen;
	uint64_t events_written;
	uint64_t events_beyond_count;	/* past --count: not written, not lost */
	uint64_t lost_reader;
	uint64_t lost_reader_reported;
	int write_error;		/* last write failure, 0 once writes work */
	bool warned_write;
	bool warned_over_limit;		/* retention could not meet a limit */
	bool status_line;
	bool started;			/* past setup: the file is worth keeping */
};

int recorder_preflight(void);
int recorder_check_output(struct recorder *rc);
int recorder_setup_bpf(struct recorder *rc, ring_buffer_sample_fn cb);
int recorder_read_counter(struct recorder *rc, unsigned int idx,
			  uint64_t *per_cpu);
int recorder_load_recipient(struct recorder *rc);
int recorder_open_output(struct recorder *rc, int argc, char **argv);
void recorder_cleanup(struct recorder *rc);

/* record_accounting.c: LOSS and PAUSE records from the counters. */
uint64_t recorder_own_time(const struct recorder *rc);
int recorder_account(struct recorder *rc, bool final);

/* record_rotate.c: keep DEVICE records, rotate files, apply retention. */
int recorder_remember_device(struct recorder *rc, const struct trace_record *rec);
int recorder_create_file(struct recorder *rc, struct tracefile_writer **out);
bool recorder_rotation_due(const struct recorder *rc, uint64_t now);
int recorder_rotate(struct recorder *rc, const char *why);
void recorder_apply_retention(struct recorder *rc);

/* record_log.c: start/stop/rotation/retention to syslog (journal). */
void record_log(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* __RECORDER_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * recorder.h - one `inputtrace record` run: its options and its state,
 * grouped by concern.
 *
 * The library half (recorder_output.c, recorder_accounting.c,
 * recorder_rotate.c, recorder_log.c) never calls libbpf: the BPF half in
 * userspace/recorder/ hands it the per-CPU counters through
 * recorder_counter_fn and the records through recorder_write_record(), so
 * the unit tests drive the same code with counters of their own.
 */
#ifndef __RECORDER_H
#define __RECORDER_H

#include <stdbool.h>
#include <stdint.h>
#include <limits.h>
#include <sys/types.h>
#include <time.h>
#include <linux/types.h>
#include "filter.h"
/* the quantum limit and rounding, shared with the module and BPF program */
#include "inputtrace_verdict.h"
#include "reorder.h"
#include "ring_join.h"
#include "tracefile.h"

#define RECORD_RING_DEFAULT	(256 * 1024)
#define RECORD_RING_MIN		4096
#define RECORD_RING_MAX		(1024 * 1024 * 1024)
#define RECORD_ROTATE_SIZE_MAX	(1ull << 40)
/* Encrypt to this recipient unless --encrypt-to or --plaintext say else. */
#define RECORD_RECIPIENT_DEFAULT	"/etc/inputtrace/recipient.pub"

/*
 * --on-disk-full: what ENOSPC/EDQUOT while writing does (auditd's
 * disk_full_action).  Other write errors always behave like WAIT.
 */
enum record_disk_full {
	RECORD_DISK_FULL_WAIT,		/* drain, count, retry (default) */
	RECORD_DISK_FULL_STOP,		/* close as far as possible, exit 1 */
	RECORD_DISK_FULL_ROTATE,	/* retention frees space, then rotate */
};

/* What `inputtrace record` was asked to do (commands/record.c parses it). */
struct record_opts {
	const char *output;	/* -o as given (points into argv) */
	bool output_is_dir;	/* existing directory: see record_output_path() */
	bool output_stdout;	/* -o -: a stream to stdout, never a terminal */
	uint64_t duration_ns;	/* 0 = until SIGINT/SIGTERM */
	uint64_t count;		/* stop after this many EVENT records; 0 = no limit */
	struct filter_opts filter;
	enum tracefile_sync sync;	/* default TRACEFILE_SYNC_BLOCK */
	size_t block_bytes;		/* default TRACEFILE_BLOCK_DEFAULT */
	uint16_t format_version;	/* 0: TRACEFILE_VERSION_DEFAULT */
	bool compress;			/* default true */
	uint64_t ring_bytes;		/* per-CPU ring, default RECORD_RING_DEFAULT */
	const char *encrypt_to;		/* --encrypt-to PUBKEY file */
	bool plaintext;			/* --plaintext: even with a default recipient */
	/* rotation and retention: only with -o DIR; 0 = off */
	uint64_t rotate_bytes;
	uint64_t rotate_ns;
	uint64_t max_total_bytes;
	uint64_t max_age_ns;
	enum record_disk_full on_disk_full;
	bool verbose;
	bool quiet;
};

static inline uint64_t recorder_clock_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Read one BPF per-CPU counter (enum inputtrace_counter) into @per_cpu. */
typedef int (*recorder_counter_fn)(void *ctx, unsigned int idx, uint64_t *per_cpu);

/* A device of the run, as every new file describes it (recorder_rotate.c). */
struct recorder_device {
	struct trace_record dev;	/* its DEVICE record */
	struct inputtrace_caps *caps;	/* its CAPS, NULL until it came */
	/*
	 * Handed to a file.  A record still in the reorder queue at a
	 * rotation goes to the new file when it leaves the queue, so the
	 * new file must not start with it as well.
	 */
	bool dev_written, caps_written;
};

/* The files of the run: naming, creating, rotating (recorder_rotate.c). */
struct recorder_files {
	struct tracefile_writer *out;
	char path[PATH_MAX];		/* the file being written */
	char *cmdline;			/* recorded in every file's header */
	const char *recipient;		/* public key file, NULL = plaintext */
	unsigned char recipient_pk[TRACEFILE_KEY_BYTES];
	unsigned int seq;		/* rotations so far */
	uint64_t started_ns;		/* CLOCK_MONOTONIC, for --rotate-time */
	uint64_t retry_ns;		/* after a failed rotation: not before */
	struct recorder_device *devices;	/* seen so far, for new files */
	size_t ndevices;
	bool warned_over_limit;		/* retention could not meet a limit */
	bool earlier_archived;		/* retention ran once: CLEAN files archived */
};

/* What the stream says about records it does not hold (recorder_accounting.c). */
struct recorder_accounts {
	int ncpus;
	recorder_counter_fn read_counter;
	void *counter_ctx;
	uint64_t *seen[INPUTTRACE_CNT_MAX];	/* per CPU, last seen */
	uint64_t *now;				/* scratch, per CPU */
	uint32_t quantum_ns;		/* largest quantum in force: own records */
	int paused_fd;			/* SYSFS_PAUSED, opened on first use */
	uint64_t paused_since_ns;	/* pause first seen, 0 = not paused */
	bool pause_final_done;
	uint64_t events_suppressed;
	uint64_t lost_reader;		/* records the reader could not keep */
	uint64_t lost_reader_reported;
	uint64_t lost_write;		/* records that could not be written */
	uint64_t lost_write_reported;	/* ... said so in a LOSS record */
};

/* How far the run got (recorder_output.c and the loop). */
struct recorder_progress {
	uint64_t deadline_ns;		/* CLOCK_MONOTONIC, 0 = none */
	uint64_t events_seen;
	uint64_t events_written;
	uint64_t events_beyond_count;	/* past --count: not written, not lost */
	int write_error;		/* last write failure, 0 once writes work */
	uint64_t write_failed_ns;	/* CLOCK_MONOTONIC: since when */
	uint64_t retention_retry_ns;	/* --on-disk-full=rotate: next try */
	bool disk_full_stop;		/* --on-disk-full=stop triggered */
	bool reader_gone;		/* -o -: EPIPE, nobody reads stdout */
	bool status_line;
	bool started;			/* past setup: the file is worth keeping */
};

struct recorder_bpf;

struct recorder {
	const struct record_opts *opts;
	struct recorder_bpf *bpf;	/* userspace/recorder/: skeleton, rings */
	struct reorder *order;
	struct ring_join *join;		/* ring events waiting for their READER */
	reorder_emit_fn emit;		/* writes one ordered record */
	struct recorder_files files;
	struct recorder_accounts acct;
	struct recorder_progress run;
};

/* recorder_output.c: the run's setup without BPF, and the final stage. */
int recorder_init(struct recorder *rc, const struct record_opts *opts);
/* Counters of @ncpus CPUs, read through @fn. */
int recorder_accounts_init(struct recorder *rc, int ncpus, recorder_counter_fn fn,
			   void *ctx);
/*
 * The file to create: o->output itself, or for a directory
 * "<dir>/inputtrace-YYYYmmdd-HHMMSS-<pid>.itr" (local time of @now), with
 * "-<seq>" before ".itr" for the files a rotation starts (seq > 0).
 * -ENAMETOOLONG if it does not fit in @len.
 */
int record_output_path(const struct record_opts *o, time_t now, pid_t pid,
		       unsigned int seq, char *buf, size_t len);
int recorder_check_output(struct recorder *rc);
int recorder_load_recipient(struct recorder *rc);
int recorder_open_output(struct recorder *rc, int argc, char **argv);
/* reorder_emit_fn: write one ordered record, honouring --count. */
int recorder_write_record(const struct trace_record *rec, void *ctx);
uint64_t recorder_total_lost(const struct recorder *rc);
/* Everything but the BPF half; a run that never started leaves no file. */
void recorder_free(struct recorder *rc);

/* recorder_accounting.c: LOSS and PAUSE records from the counters. */
uint64_t recorder_own_time(const struct recorder *rc);
int recorder_account(struct recorder *rc, bool final);

/*
 * recorder_rotate.c: keep DEVICE records, rotate files, apply retention.
 * recorder_remember_device(): 1: a new device (or the table is full),
 * queue its record; 0: a second announcement of a known one (two CPUs
 * saw it at once), drop it; -ENOMEM.
 */
int recorder_remember_device(struct recorder *rc, const struct trace_record *rec);
/*
 * Keep @caps with its device.  1: kept, *@rec is a CAPS record of the
 * kept copy (valid for the run); 0: that device has its CAPS already;
 * -ENOENT: no DEVICE record came for it (or the table was full); -ENOMEM.
 */
int recorder_remember_caps(struct recorder *rc, const struct inputtrace_caps *caps,
			   struct trace_record *rec);
/* recorder_write_record() hands a DEVICE or CAPS record to the file. */
void recorder_device_written(struct recorder *rc, const struct trace_record *rec);
void recorder_forget_devices(struct recorder *rc);
int recorder_create_file(struct recorder *rc, struct tracefile_writer **out);
bool recorder_rotation_due(const struct recorder *rc, uint64_t now);
int recorder_rotate(struct recorder *rc, const char *why);
void recorder_apply_retention(struct recorder *rc);

/*
 * recorder_diskfull.c: write failures and --on-disk-full.  The loop calls
 * recorder_flush_round() periodically: it seals the block, notes a failure
 * (stderr and syslog when writing starts failing and when it works again)
 * and, with rotate, lets retention free space and then rotates.
 */
void recorder_note_write_error(struct recorder *rc, int err);
void recorder_flush_round(struct recorder *rc, uint64_t now);
/* Closes rc->files.out; counts what it could not write; 0 or -errno. */
int recorder_close_output(struct recorder *rc);
/* What no LOSS record could tell: stderr and syslog; the count. */
uint64_t recorder_report_unwritten(struct recorder *rc);

/* recorder_crashed.c: trace files earlier recorders left ONLINE in -o DIR. */
void recorder_note_crashed(struct recorder *rc);

/* recorder_log.c: start/stop/rotation/retention to syslog (journal). */
void record_log(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* One line to stderr (unless -q and @prio is only news) and to syslog. */
void record_note(const struct recorder *rc, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* __RECORDER_H */

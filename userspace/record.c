// SPDX-License-Identifier: GPL-2.0
/*
 * record.c - `inputtrace record`: load, attach, drain, order, write.
 *
 * Lifecycle (libbpf-tools shape): preflight checks -> open skeleton -> set
 * rodata filters -> load -> one ring buffer per CPU into the `rings` map ->
 * attach -> create the trace file -> poll loop -> final drain -> close.
 * Everything that can fail because of the user's input or the machine is
 * checked before the trace file is created, so a failed start leaves no
 * file behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "cli.h"
#include "inputtrace.skel.h"
#include "record_codec.h"
#include "recorder.h"
#include "reorder.h"
#include "tracefile.h"

#define POLL_MS			100
#define FLUSH_EVERY_NS		200000000ULL	/* seal a block at least this often */
#define STATUS_EVERY_NS		500000000ULL
/*
 * A record's read_ns is taken a few instructions before it is submitted;
 * anything older than this margin before a drain started is in a ring.
 */
#define ORDER_MARGIN_NS		10000000ULL

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t rotate_requested;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void on_sighup(int sig)
{
	(void)sig;
	rotate_requested = 1;
}

static bool verbose;

/* libbpf's log only with -v: failures get one line of our own. */
static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list args)
{
	(void)level;
	if (!verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

/*
 * Offsets from each evdev client clock to CLOCK_MONOTONIC, sampled every
 * poll round: event times arrive in the reader's clock (evdev's default is
 * CLOCK_REALTIME), trace files hold CLOCK_MONOTONIC only.
 */
static void sample_clock_offsets(struct recorder *rc)
{
	uint64_t mono = recorder_clock_ns(CLOCK_MONOTONIC);

	rc->clock_offset[INPUTTRACE_CLOCK_REALTIME] =
		(int64_t)(recorder_clock_ns(CLOCK_REALTIME) - mono);
	rc->clock_offset[INPUTTRACE_CLOCK_MONOTONIC] = 0;
	rc->clock_offset[INPUTTRACE_CLOCK_BOOTTIME] =
		(int64_t)(recorder_clock_ns(CLOCK_BOOTTIME) - mono);
}

/* Say once that writing fails; until it works again, losses are counted. */
static void note_write_error(struct recorder *rc, int err)
{
	if (!rc->write_error && !rc->warned_write) {
		fprintf(stderr, "%sinputtrace: record: writing %s: %s (counting what is lost until writes succeed)\n",
			rc->status_line ? "\n" : "", rc->path, strerror(-err));
		rc->warned_write = true;
	}
	rc->write_error = err;
}

/* Final stage: write one ordered record, honouring --count. */
static int write_record(const struct trace_record *rec, void *ctx)
{
	struct recorder *rc = ctx;
	int err;

	if (rec->kind == INPUTTRACE_REC_EVENT) {
		if (rc->opts->count && rc->events_written >= rc->opts->count) {
			rc->events_beyond_count++;
			return 0;
		}
	}
	err = tracefile_append(rc->out, rec);
	if (err) {
		/*
		 * Counted, and written as a LOSS record once writes work; a LOSS
		 * record that cannot be written hands its count on.
		 */
		rc->lost_reader += rec->kind == INPUTTRACE_REC_LOSS ?
				   rec->loss.count : 1;
		note_write_error(rc, err);
		return 0;
	}
	if (rec->kind == INPUTTRACE_REC_EVENT)
		rc->events_written++;
	return 0;
}

/* libbpf ring callback: convert to the in-memory record and queue it. */
static int on_ring_record(void *ctx, void *data, size_t size)
{
	const struct inputtrace_rec_head *head = data;
	struct recorder *rc = ctx;
	struct trace_record rec;

	if (size < sizeof(*head) || head->size > size)
		goto bad;
	memset(&rec, 0, sizeof(rec));
	rec.kind = head->kind;
	switch (head->kind) {
	case INPUTTRACE_REC_EVENT:
		if (head->size != sizeof(rec.ev))
			goto bad;
		memcpy(&rec.ev, data, sizeof(rec.ev));
		if (rec.ev.clock <= INPUTTRACE_CLOCK_BOOTTIME)
			rec.ev.head.time_ns -= rc->clock_offset[rec.ev.clock];
		/*
		 * The kernel rounded the time in the reader's clock; the offset
		 * to MONOTONIC does not depend on the input, so rounding again
		 * reveals nothing and keeps every time a multiple.
		 */
		rec.ev.head.time_ns = recorder_quantize(rec.ev.head.time_ns,
							rec.ev.quantum_ns);
		if (rec.ev.quantum_ns > rc->quantum_ns)
			rc->quantum_ns = rec.ev.quantum_ns;
		rc->events_seen++;
		break;
	case INPUTTRACE_REC_DEVICE:
		if (head->size != sizeof(rec.dev))
			goto bad;
		memcpy(&rec.dev, data, sizeof(rec.dev));
		if (recorder_remember_device(rc, &rec))
			rc->lost_reader++;
		break;
	default:
		goto bad;
	}
	return reorder_push(rc->order, &rec, write_record, rc);
bad:
	/* a layout mismatch between BPF object and reader: count, go on */
	rc->lost_reader++;
	return 0;
}

static uint64_t total_lost(const struct recorder *rc)
{
	uint64_t lost = rc->lost_reader;
	int cpu;

	for (cpu = 0; cpu < rc->ncpus; cpu++)
		lost += rc->counter_seen[INPUTTRACE_CNT_LOST_RING][cpu] +
			rc->counter_seen[INPUTTRACE_CNT_LOST_DEVMAP][cpu];
	return lost;
}

static void print_status(struct recorder *rc, bool final)
{
	uint64_t bytes;

	if (!rc->status_line)
		return;
	bytes = tracefile_writer_bytes(rc->out);
	fprintf(stderr, "\r\033[Kinputtrace: %llu events, %llu lost, %llu KiB -> %s%s%s",
		(unsigned long long)rc->events_written,
		(unsigned long long)total_lost(rc),
		(unsigned long long)(bytes / 1024), rc->path,
		rc->paused_since_ns ? " [paused]" : "", final ? "\n" : "");
}

/* One poll round: drain every ring, then write what is safely ordered. */
static int drain_round(struct recorder *rc, int timeout_ms)
{
	uint64_t start = recorder_clock_ns(CLOCK_MONOTONIC);
	int err;

	sample_clock_offsets(rc);
	err = ring_buffer__poll(rc->rb, timeout_ms);
	if (err < 0 && err != -EINTR)
		return err;
	err = recorder_account(rc, false);
	if (err)
		return err;
	if (start > ORDER_MARGIN_NS)
		err = reorder_flush_upto(rc->order, start - ORDER_MARGIN_NS,
					 write_record, rc);
	return err;
}

static bool should_stop(struct recorder *rc, uint64_t now)
{
	if (stop_signal)
		return true;
	if (rc->deadline_ns && now >= rc->deadline_ns)
		return true;
	return rc->opts->count && rc->events_written >= rc->opts->count;
}

static int record_loop(struct recorder *rc)
{
	uint64_t last_flush = recorder_clock_ns(CLOCK_MONOTONIC), last_status = 0, now;
	int err = 0, ret;

	while (!should_stop(rc, recorder_clock_ns(CLOCK_MONOTONIC))) {
		err = drain_round(rc, POLL_MS);
		if (err)
			break;
		now = recorder_clock_ns(CLOCK_MONOTONIC);
		if (now - last_flush >= FLUSH_EVERY_NS) {
			int ferr = tracefile_flush(rc->out);

			if (ferr)
				note_write_error(rc, ferr);
			else
				rc->write_error = 0;
			last_flush = now;
		}
		if (now - last_status >= STATUS_EVERY_NS) {
			print_status(rc, false);
			last_status = now;
		}
		if (rotate_requested) {
			rotate_requested = 0;
			if (rc->opts->output_is_dir)
				recorder_rotate(rc, "SIGHUP");
			else
				fprintf(stderr, "%sinputtrace: record: SIGHUP ignored: rotation needs -o DIR\n",
					rc->status_line ? "\n" : "");
		} else if (recorder_rotation_due(rc, now)) {
			recorder_rotate(rc, "limit");
		}
	}

	/*
	 * What is still in the rings was delivered before we stopped.  Even
	 * after an error, write out everything that can still be written.
	 */
	ret = ring_buffer__consume(rc->rb);
	if (ret < 0 && !err)
		err = ret;
	ret = recorder_account(rc, true);
	if (ret && !err)
		err = ret;
	ret = reorder_flush_all(rc->order, write_record, rc);
	if (ret && !err)
		err = ret;
	/* last chance for reader-side losses, those of the flush above too */
	rc->write_error = 0;
	ret = recorder_account(rc, true);
	if (!ret)
		ret = reorder_flush_all(rc->order, write_record, rc);
	if (ret && !err)
		err = ret;
	print_status(rc, true);
	return err;
}

static void report_summary(struct recorder *rc)
{
	struct reorder_stats st;

	reorder_get_stats(rc->order, &st);
	if (st.late)
		fprintf(stderr, "inputtrace: record: %llu records arrived after their ordering window and were written out of order\n",
			(unsigned long long)st.late);
	if (!rc->opts->quiet)
		fprintf(stderr, "inputtrace: %llu events written to %s\n",
			(unsigned long long)rc->events_written, rc->path);
	if (rc->events_suppressed && !rc->opts->quiet)
		fprintf(stderr, "inputtrace: %llu events suppressed while paused\n",
			(unsigned long long)rc->events_suppressed);
}

static void install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = on_sighup;
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int cmd_record(int argc, char **argv)
{
	struct record_opts opts;
	struct recorder rc;
	int err, ret;

	err = record_parse_args(argc, argv, &opts);
	if (err)
		return err > 0 ? 0 : 2;
	verbose = opts.verbose;
	libbpf_set_print(libbpf_print);
	umask(077);
	install_signals();

	memset(&rc, 0, sizeof(rc));
	rc.opts = &opts;
	rc.emit = write_record;
	rc.paused_fd = -1;
	err = recorder_preflight();
	if (!err)
		err = recorder_check_output(&rc);
	if (!err)
		err = recorder_load_recipient(&rc);
	if (err)
		return 1;
	err = recorder_setup_bpf(&rc, on_ring_record);
	if (!err && stop_signal) {
		fprintf(stderr, "inputtrace: record: interrupted before recording started\n");
		err = -EINTR;
	}
	if (err)
		goto cleanup;
	err = recorder_open_output(&rc, argc, argv);
	if (err)
		goto cleanup;

	rc.status_line = !opts.quiet && isatty(STDERR_FILENO);
	if (opts.duration_ns)
		rc.deadline_ns = recorder_clock_ns(CLOCK_MONOTONIC) + opts.duration_ns;
	rc.started = true;
	if (!opts.quiet)
		fprintf(stderr, "inputtrace: recording to %s%s (Ctrl-C to stop)\n",
			rc.path, rc.recipient ? ", encrypted" : "");
	record_log(LOG_NOTICE, "recording started by uid %u: output %s, %s%s; command: %s",
		   (unsigned int)getuid(), rc.path,
		   rc.recipient ? "encrypted to " : "plaintext",
		   rc.recipient ? rc.recipient : "", rc.cmdline);
	recorder_apply_retention(&rc);

	err = record_loop(&rc);
	if (err)
		fprintf(stderr, "inputtrace: record: %s; keeping what was written\n",
			strerror(-err));
	/* a file that ends in a clean END block even after an error */
	ret = tracefile_close(rc.out);
	rc.out = NULL;
	if (ret) {
		fprintf(stderr, "inputtrace: record: closing %s: %s\n", rc.path,
			strerror(-ret));
		err = err ? err : ret;
	}
	report_summary(&rc);
	record_log(LOG_NOTICE, "recording stopped%s: %llu events, %llu lost, %llu suppressed while paused, last file %s",
		   err ? " after an error" : "",
		   (unsigned long long)rc.events_written,
		   (unsigned long long)total_lost(&rc),
		   (unsigned long long)rc.events_suppressed, rc.path);
cleanup:
	recorder_cleanup(&rc);
	return err ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * record.c - `inputtrace record`: parse (commands/record.c), load, attach,
 * drain, order, write (lib/recorder_*.c).
 *
 * Lifecycle (libbpf-tools shape): preflight checks -> open skeleton -> set
 * rodata filters -> load -> one ring buffer per CPU into the `rings` map ->
 * attach -> create the trace file -> poll loop -> final drain -> close.
 * Everything that can fail because of the user's input or the machine is
 * checked before the trace file is created, so a failed start leaves no
 * file behind.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "cli.h"
#include "commands.h"
#include "recorder_bpf.h"

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
static int64_t clock_offset[INPUTTRACE_CLOCK_BOOTTIME + 1];

static void sample_clock_offsets(void)
{
	uint64_t mono = recorder_clock_ns(CLOCK_MONOTONIC);

	clock_offset[INPUTTRACE_CLOCK_REALTIME] =
		(int64_t)(recorder_clock_ns(CLOCK_REALTIME) - mono);
	clock_offset[INPUTTRACE_CLOCK_MONOTONIC] = 0;
	clock_offset[INPUTTRACE_CLOCK_BOOTTIME] =
		(int64_t)(recorder_clock_ns(CLOCK_BOOTTIME) - mono);
}

/*
 * A joined event into the ordering buffer: its time to CLOCK_MONOTONIC.
 * The kernel rounded the time in the reader's clock; the offset to
 * MONOTONIC does not depend on the input, so rounding again reveals
 * nothing and keeps every time a multiple.
 */
static int queue_event(const struct inputtrace_event *ev, void *ctx)
{
	struct recorder *rc = ctx;
	struct trace_record rec;

	memset(&rec, 0, sizeof(rec));
	rec.kind = INPUTTRACE_REC_EVENT;
	rec.ev = *ev;
	if (rec.ev.clock <= INPUTTRACE_CLOCK_BOOTTIME)
		rec.ev.head.time_ns -= clock_offset[rec.ev.clock];
	rec.ev.head.time_ns = inputtrace_quantize(rec.ev.head.time_ns,
						rec.ev.quantum_ns);
	if (rec.ev.quantum_ns > rc->acct.quantum_ns)
		rc->acct.quantum_ns = rec.ev.quantum_ns;
	rc->run.events_seen++;
	return reorder_push(rc->order, &rec, recorder_write_record, rc);
}

/* libbpf ring callback: convert to the in-memory record and queue it. */
static int on_ring_record(void *ctx, void *data, size_t size)
{
	const struct inputtrace_rec_head *head = data;
	struct recorder *rc = ctx;
	struct trace_record rec;
	int ret;

	if (size < sizeof(*head) || head->size > size)
		goto bad;
	switch (head->kind) {
	case INPUTTRACE_REC_EVENT:
		if (head->size != sizeof(struct inputtrace_ring_event))
			goto bad;
		ret = ring_join_event(rc->join, data, &rec.ev);
		if (ret < 0)
			goto bad;
		return ret ? queue_event(&rec.ev, rc) : 0;
	case INPUTTRACE_REC_READER:
		/* not an event: if it cannot be kept, its events are counted */
		if (head->size == sizeof(struct inputtrace_reader))
			ring_join_reader(rc->join, data);
		return 0;
	case INPUTTRACE_REC_DEVICE:
		if (head->size != sizeof(rec.dev))
			goto bad;
		memset(&rec, 0, sizeof(rec));
		rec.kind = head->kind;
		memcpy(&rec.dev, data, sizeof(rec.dev));
		ret = recorder_remember_device(rc, &rec);
		if (!ret)
			return 0;	/* known: another CPU announced it too */
		if (ret < 0)
			rc->acct.lost_reader++;	/* later files lack it */
		return reorder_push(rc->order, &rec, recorder_write_record, rc);
	case INPUTTRACE_REC_CAPS:
		/* after its DEVICE in the same ring, so that is remembered */
		if (head->size != sizeof(struct inputtrace_caps))
			goto bad;
		ret = recorder_remember_caps(rc, data, &rec);
		if (ret < 0)
			goto bad;
		return ret ? reorder_push(rc->order, &rec, recorder_write_record, rc) : 0;
	default:
		goto bad;
	}
bad:
	/* a layout mismatch between BPF object and reader: count, go on */
	rc->acct.lost_reader++;
	return 0;
}

/*
 * Drain every ring.  An event drained before its READER record (made on
 * another CPU, whose ring was drained first) waits; that record was
 * submitted before the event was, so the next drain has it.  A few more
 * drains are enough unless records keep racing in.
 */
static int drain_rings(struct recorder *rc, bool final)
{
	int err, tries;

	err = ring_buffer__consume(rc->bpf->rb);
	for (tries = 0; err >= 0 && ring_join_waiting(rc->join) && tries < 4; tries++) {
		err = ring_buffer__consume(rc->bpf->rb);
		if (err >= 0)
			err = ring_join_retry(rc->join, queue_event, rc);
	}
	/* whatever has no READER record by the end never gets one */
	if (final && err >= 0)
		rc->acct.lost_reader += ring_join_drop_waiting(rc->join);
	return err < 0 ? err : 0;
}

static void print_status(struct recorder *rc, bool final)
{
	uint64_t bytes;

	if (!rc->run.status_line)
		return;
	bytes = tracefile_writer_bytes(rc->files.out);
	fprintf(stderr, "\r\033[Kinputtrace: %llu events, %llu lost, %llu KiB -> %s%s%s",
		(unsigned long long)rc->run.events_written,
		(unsigned long long)recorder_total_lost(rc),
		(unsigned long long)(bytes / 1024), rc->files.path,
		rc->acct.paused_since_ns ? " [paused]" : "", final ? "\n" : "");
}

/*
 * One poll round: wait until a ring wakes us or the timeout passes, drain
 * every ring, then write what is safely ordered.  The BPF program wakes us
 * only as a ring fills (submit() in bpf/inputtrace.bpf.c), so a slow stream
 * sits in the rings until the timeout: draining all of them each round is
 * what bounds its delay to timeout_ms, and what makes every record older
 * than start (less the margin) drained by the time they are flushed.
 */
static int drain_round(struct recorder *rc, int timeout_ms)
{
	uint64_t start = recorder_clock_ns(CLOCK_MONOTONIC);
	int err;

	sample_clock_offsets();
	err = ring_buffer__poll(rc->bpf->rb, timeout_ms);
	if (err < 0 && err != -EINTR)
		return err;
	err = drain_rings(rc, false);
	if (err)
		return err;
	err = recorder_account(rc, false);
	if (err)
		return err;
	if (start > ORDER_MARGIN_NS)
		err = reorder_flush_upto(rc->order, start - ORDER_MARGIN_NS,
					 recorder_write_record, rc);
	return err;
}

static bool should_stop(struct recorder *rc, uint64_t now)
{
	if (stop_signal || rc->run.disk_full_stop || rc->run.reader_gone)
		return true;
	if (rc->run.deadline_ns && now >= rc->run.deadline_ns)
		return true;
	return rc->opts->count && rc->run.events_written >= rc->opts->count;
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
			/* also the retry while writing fails (--on-disk-full) */
			recorder_flush_round(rc, now);
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
					rc->run.status_line ? "\n" : "");
		} else if (recorder_rotation_due(rc, now)) {
			recorder_rotate(rc, "limit");
		}
	}

	/*
	 * Detach first, so that nothing lands in the rings after the final
	 * drain: an event delivered until now is in a ring or counted.  What
	 * is still in the rings was delivered before we stopped.  Even after
	 * an error, write out everything that can still be written.
	 */
	recorder_bpf_detach(rc);
	ret = drain_rings(rc, true);
	if (ret && !err)
		err = ret;
	ret = recorder_account(rc, true);
	if (ret && !err)
		err = ret;
	ret = reorder_flush_all(rc->order, recorder_write_record, rc);
	if (ret && !err)
		err = ret;
	/*
	 * Last chance for reader-side losses, those of the flush above too:
	 * a LOSS record is made only once a flush has worked again.
	 */
	if (rc->run.write_error)
		recorder_flush_round(rc, recorder_clock_ns(CLOCK_MONOTONIC));
	ret = recorder_account(rc, true);
	if (!ret)
		ret = reorder_flush_all(rc->order, recorder_write_record, rc);
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
			(unsigned long long)rc->run.events_written, rc->files.path);
	/* said even with --quiet: a loss is never silent */
	if (recorder_total_lost(rc))
		fprintf(stderr, "inputtrace: %llu records lost (the trace's LOSS records say where and when)\n",
			(unsigned long long)recorder_total_lost(rc));
	if (rc->acct.events_suppressed && !rc->opts->quiet)
		fprintf(stderr, "inputtrace: %llu events suppressed while paused\n",
			(unsigned long long)rc->acct.events_suppressed);
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

/* Parse, check everything that costs nothing, then set up BPF. */
static int record_setup(struct recorder *rc, const struct record_opts *opts)
{
	int err;

	verbose = opts->verbose;
	libbpf_set_print(libbpf_print);
	umask(077);
	install_signals();
	if (recorder_init(rc, opts))
		return cli_error("record", -ENOMEM, "out of memory");
	err = recorder_preflight();
	if (!err)
		err = recorder_check_output(rc);
	if (!err)
		err = recorder_load_recipient(rc);
	if (!err)
		err = recorder_bpf_setup(rc, on_ring_record);
	if (!err && stop_signal)
		err = cli_error("record", -EINTR, "interrupted before recording started");
	return err;
}

/* The file is there: record until stopped, then close it cleanly. */
static int record_run(struct recorder *rc)
{
	const struct record_opts *opts = rc->opts;
	uint64_t unwritten;
	int err, ret;

	rc->run.status_line = !opts->quiet && isatty(STDERR_FILENO);
	if (opts->duration_ns)
		rc->run.deadline_ns = recorder_clock_ns(CLOCK_MONOTONIC) + opts->duration_ns;
	rc->run.started = true;
	if (!opts->quiet)
		fprintf(stderr, "inputtrace: recording to %s%s (Ctrl-C to stop)\n",
			rc->files.path, rc->files.recipient ? ", encrypted" : "");
	record_log(LOG_NOTICE, "recording started by uid %u: output %s, %s%s; command: %s",
		   (unsigned int)getuid(), rc->files.path,
		   rc->files.recipient ? "encrypted to " : "plaintext",
		   rc->files.recipient ? rc->files.recipient : "", rc->files.cmdline);
	recorder_note_crashed(rc);
	recorder_apply_retention(rc);

	err = record_loop(rc);
	if (err)
		cli_error("record", 0, "%s; keeping what was written", strerror(-err));
	/* a file that ends in a clean END block even after an error */
	ret = recorder_close_output(rc);
	/* -o -: nobody is left to read the END block; not an error */
	if (ret == -EPIPE && rc->run.reader_gone)
		ret = 0;
	if (ret) {
		cli_error("record", 0, "closing %s: %s", rc->files.path, strerror(-ret));
		err = err ? err : ret;
	}
	unwritten = recorder_report_unwritten(rc);
	if (rc->run.disk_full_stop) {
		cli_error("record", 0, "disk full: stopped as --on-disk-full=stop asks; %llu records not written; %s holds every block sealed before",
			  (unsigned long long)unwritten, rc->files.path);
		err = err ? err : -ENOSPC;
	}
	/*
	 * The limits were last applied when this file was new; it has grown
	 * since.  Applying them again leaves the directory within them.
	 */
	recorder_apply_retention(rc);
	report_summary(rc);
	record_log(LOG_NOTICE, "recording stopped%s: %llu events, %llu lost, %llu suppressed while paused, last file %s",
		   err ? " after an error" : "",
		   (unsigned long long)rc->run.events_written,
		   (unsigned long long)recorder_total_lost(rc),
		   (unsigned long long)rc->acct.events_suppressed, rc->files.path);
	return err;
}

int cmd_record(int argc, char **argv)
{
	struct record_opts opts;
	struct recorder rc;
	int err;

	err = record_parse_args(argc, argv, &opts);
	if (err)
		return err > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
	err = record_setup(&rc, &opts);
	if (!err)
		err = recorder_open_output(&rc, argc, argv);
	if (!err)
		err = record_run(&rc);
	recorder_bpf_free(&rc);
	recorder_free(&rc);
	return err ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
}

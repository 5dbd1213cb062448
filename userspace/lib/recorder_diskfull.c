// SPDX-License-Identifier: GPL-2.0
/*
 * recorder_diskfull.c - when the trace file cannot be written.
 *
 * The writer (tracefile.c) never leaves a torn block behind: a block whose
 * write failed is cut off again and kept aside, so the file stays valid up
 * to its last sealed block.  Records that find no room in memory either
 * are counted (recorder_write_record) and told in a LOSS record of source
 * INPUTTRACE_LOSS_WRITE once a flush succeeds again.
 *
 * ENOSPC and EDQUOT follow --on-disk-full (auditd's disk_full_action):
 *   wait    keep draining the rings, count, retry at every flush round;
 *   stop    the loop ends, the file is closed as far as it can be, exit 1;
 *   rotate  at most once a second, apply --max-total-size/--max-age (the
 *           full file counts towards the total, so older archives go);
 *           once a flush works again, rotate.  Until then: like wait.
 * Any other write error behaves like wait, but EPIPE on stdout (`-o -`,
 * the reader went away) stops the run like SIGINT would, exit 0.  Each episode gets one line on
 * stderr and in syslog when it starts and one when writing works again.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "recorder.h"
#include "tracefile.h"

#define DISK_FULL_RETENTION_NS	1000000000ULL

static bool is_disk_full(int err)
{
	return err == -ENOSPC || err == -EDQUOT;
}

static const char *policy_name(enum record_disk_full p)
{
	switch (p) {
	case RECORD_DISK_FULL_STOP:
		return "stop";
	case RECORD_DISK_FULL_ROTATE:
		return "rotate";
	case RECORD_DISK_FULL_WAIT:
		break;
	}
	return "wait";
}

static void note_trigger(struct recorder *rc, int err)
{
	const char *path = rc->files.path, *pol = policy_name(rc->opts->on_disk_full);

	if (!is_disk_full(err)) {
		record_note(rc, LOG_WARNING, "writing %s: %s; counting what cannot be written, retrying",
			    path, strerror(-err));
		return;
	}
	switch (rc->opts->on_disk_full) {
	case RECORD_DISK_FULL_STOP:
		record_note(rc, LOG_ERR, "disk full writing %s (--on-disk-full=%s): stopping",
			    path, pol);
		break;
	case RECORD_DISK_FULL_ROTATE:
		record_note(rc, LOG_WARNING, "disk full writing %s (--on-disk-full=%s): counting what cannot be written until retention frees space, then rotating",
			    path, pol);
		break;
	case RECORD_DISK_FULL_WAIT:
		record_note(rc, LOG_WARNING, "disk full writing %s (--on-disk-full=%s): counting what cannot be written, retrying",
			    path, pol);
		break;
	}
}

void recorder_note_write_error(struct recorder *rc, int err)
{
	/* -o -: the reader of the pipe is gone; what it got ends there */
	if (err == -EPIPE && rc->opts->output_stdout) {
		if (!rc->run.reader_gone)
			record_note(rc, LOG_NOTICE, "%s: the reader went away (broken pipe): stopping",
				    rc->files.path);
		rc->run.reader_gone = true;
		rc->run.write_error = err;
		return;
	}
	if (!rc->run.write_error) {
		rc->run.write_failed_ns = recorder_clock_ns(CLOCK_MONOTONIC);
		note_trigger(rc, err);
	}
	if (is_disk_full(err) && rc->opts->on_disk_full == RECORD_DISK_FULL_STOP)
		rc->run.disk_full_stop = true;
	rc->run.write_error = err;
}

static void note_resumed(struct recorder *rc)
{
	uint64_t ms = (recorder_clock_ns(CLOCK_MONOTONIC) - rc->run.write_failed_ns) /
		      1000000ULL;

	record_note(rc, LOG_NOTICE, "writing %s again after %llu.%03llu s; %llu records could not be written (a LOSS record says so)",
		    rc->files.path, (unsigned long long)(ms / 1000),
		    (unsigned long long)(ms % 1000),
		    (unsigned long long)(rc->acct.lost_write - rc->acct.lost_write_reported));
	rc->run.write_error = 0;
}

/*
 * -o -: a pipe whose reader closed it says POLLERR, so a recording with no
 * events to write does not run on unseen (the next write would say EPIPE).
 */
static void check_reader_gone(struct recorder *rc)
{
	struct pollfd p = { .fd = STDOUT_FILENO };

	if (poll(&p, 1, 0) == 1 && (p.revents & POLLERR))
		recorder_note_write_error(rc, -EPIPE);
}

void recorder_flush_round(struct recorder *rc, uint64_t now)
{
	bool full = is_disk_full(rc->run.write_error);
	bool rotate = full && rc->opts->on_disk_full == RECORD_DISK_FULL_ROTATE;
	int err;

	if (rc->opts->output_stdout) {
		check_reader_gone(rc);
		if (rc->run.reader_gone)
			return;
	}

	if (rotate && now >= rc->run.retention_retry_ns) {
		recorder_apply_retention(rc);
		rc->run.retention_retry_ns = now + DISK_FULL_RETENTION_NS;
	}
	err = tracefile_flush(rc->files.out);
	if (err) {
		recorder_note_write_error(rc, err);
		return;
	}
	if (!rc->run.write_error)
		return;
	note_resumed(rc);
	/* the full file becomes an archive that retention may delete later */
	if (rotate)
		recorder_rotate(rc, "disk full");
}

int recorder_close_output(struct recorder *rc)
{
	int ferr = tracefile_flush(rc->files.out), err;
	uint64_t pending = tracefile_writer_pending(rc->files.out);

	if (ferr && !rc->run.write_error)
		recorder_note_write_error(rc, ferr);
	err = tracefile_close(rc->files.out);
	rc->files.out = NULL;
	/* what the close could not write either is lost: count it */
	if (ferr && err)
		rc->acct.lost_write += pending;
	return err;
}

uint64_t recorder_report_unwritten(struct recorder *rc)
{
	uint64_t n = rc->acct.lost_write - rc->acct.lost_write_reported;

	if (n)
		record_note(rc, LOG_ERR, "%llu records could not be written and no LOSS record in %s says so; it holds every block sealed before",
			    (unsigned long long)n, rc->files.path);
	return n;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * record_accounting.c - what the stream must say about records it does not
 * hold: LOSS records for every loss counter that moved, PAUSE records for
 * events suppressed while the module's `paused` attribute was 1.
 *
 * Both are made by the reader from the BPF per-CPU counters once per poll
 * round and go through the reorder stage like ring records.  Their times
 * are rounded down to the largest timestamp quantum in force, so that with
 * a quantum no exact time appears anywhere in the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "recorder.h"
#include "reorder.h"
#include "sysfs.h"

/* A time for a record the reader makes itself. */
uint64_t recorder_own_time(const struct recorder *rc)
{
	return inputtrace_quantize(recorder_clock_ns(CLOCK_MONOTONIC),
				 rc->acct.quantum_ns);
}

static int push(struct recorder *rc, struct trace_record *rec)
{
	return reorder_push(rc->order, rec, rc->emit, rc);
}

static int append_loss(struct recorder *rc, uint32_t source, uint32_t cpu,
		       uint64_t count)
{
	struct trace_record rec;

	memset(&rec, 0, sizeof(rec));
	rec.kind = INPUTTRACE_REC_LOSS;
	rec.loss.head.time_ns = recorder_own_time(rc);
	rec.loss.head.kind = INPUTTRACE_REC_LOSS;
	rec.loss.head.size = sizeof(rec.loss);
	rec.loss.source = source;
	rec.loss.cpu = cpu;
	rec.loss.count = count;
	return push(rc, &rec);
}

/* A LOSS record for what the reader counted since the last one. */
static int report_counted(struct recorder *rc, uint32_t source, uint64_t total,
			  uint64_t *reported)
{
	int err;

	if (total == *reported)
		return 0;
	err = append_loss(rc, source, ~0U, total - *reported);
	if (!err)
		*reported = total;
	return err;
}

/*
 * Turn every loss counter that moved since the last round into a LOSS
 * record, so the stream itself says what it is missing and where.
 */
static int account_losses(struct recorder *rc)
{
	static const struct {
		uint32_t counter, source;
	} watched[] = {
		{ INPUTTRACE_CNT_LOST_RING, INPUTTRACE_LOSS_RING_FULL },
		{ INPUTTRACE_CNT_LOST_DEVMAP, INPUTTRACE_LOSS_DEVICE_MAP },
	};
	struct recorder_accounts *a = &rc->acct;
	unsigned int i;
	int cpu, err;

	for (i = 0; i < sizeof(watched) / sizeof(watched[0]); i++) {
		uint64_t *seen = a->seen[watched[i].counter];

		err = a->read_counter(a->counter_ctx, watched[i].counter, a->now);
		if (err)
			return err;
		for (cpu = 0; cpu < a->ncpus; cpu++) {
			if (a->now[cpu] == seen[cpu])
				continue;
			err = append_loss(rc, watched[i].source, cpu,
					  a->now[cpu] - seen[cpu]);
			if (err)
				return err;
			seen[cpu] = a->now[cpu];
		}
	}
	/* reader-side losses: only report them once writing works again */
	if (rc->run.write_error)
		return 0;
	err = report_counted(rc, INPUTTRACE_LOSS_READER, a->lost_reader,
			     &a->lost_reader_reported);
	if (!err)
		err = report_counted(rc, INPUTTRACE_LOSS_WRITE, a->lost_write,
				     &a->lost_write_reported);
	return err;
}

/* 1 paused, 0 not, < 0 cannot tell (then the counter alone decides). */
static int read_paused(struct recorder *rc)
{
	char c;

	if (rc->acct.paused_fd < 0)
		rc->acct.paused_fd = sysfs_open(SYSFS_PAUSED, O_RDONLY);
	if (rc->acct.paused_fd < 0)
		return -errno;
	/* sysfs regenerates the value on every read from offset 0 */
	if (pread(rc->acct.paused_fd, &c, 1, 0) != 1)
		return -EIO;
	return c == '1';
}

/* Events suppressed since the last PAUSE record, all CPUs. */
static int suppressed_delta(struct recorder *rc, uint64_t *delta)
{
	struct recorder_accounts *a = &rc->acct;
	uint64_t *seen = a->seen[INPUTTRACE_CNT_SUPPRESSED];
	int cpu, err;

	err = a->read_counter(a->counter_ctx, INPUTTRACE_CNT_SUPPRESSED, a->now);
	if (err)
		return err;
	*delta = 0;
	for (cpu = 0; cpu < a->ncpus; cpu++) {
		*delta += a->now[cpu] - seen[cpu];
		seen[cpu] = a->now[cpu];
	}
	return 0;
}

/*
 * A PAUSE record once tracing is seen running again (or the recording
 * ends): since when it was seen paused, and how many events of readers in
 * scope were suppressed.  A pause too short to be seen between two rounds
 * still shows up through the counter, with since_ns 0.  The paused state
 * is read before the counter, so an event suppressed just before resume is
 * counted in this record or, at worst, in a later one - never lost.
 */
static int account_pause(struct recorder *rc, bool final)
{
	struct recorder_accounts *a = &rc->acct;
	struct trace_record rec;
	uint64_t delta;
	int paused, err;

	if (a->pause_final_done)
		return 0;
	a->pause_final_done = final;
	paused = read_paused(rc);
	if (paused == 1 && !a->paused_since_ns)
		a->paused_since_ns = recorder_own_time(rc);
	if (paused == 1 && !final)
		return 0;

	err = suppressed_delta(rc, &delta);
	if (err)
		return err;
	a->events_suppressed += delta;
	if (!delta && !a->paused_since_ns)
		return 0;

	memset(&rec, 0, sizeof(rec));
	rec.kind = INPUTTRACE_REC_PAUSE;
	rec.pause.head.time_ns = recorder_own_time(rc);
	rec.pause.head.kind = INPUTTRACE_REC_PAUSE;
	rec.pause.head.size = sizeof(rec.pause);
	rec.pause.since_ns = a->paused_since_ns;
	rec.pause.count = delta;
	a->paused_since_ns = 0;
	return push(rc, &rec);
}

int recorder_account(struct recorder *rc, bool final)
{
	int err = account_losses(rc);

	return err ? err : account_pause(rc, final);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * test_accounting.c - LOSS and PAUSE records from the per-CPU counters
 * (lib/recorder_accounting.c), driven with counters of the test's own in
 * place of the BPF map, and a real file in place of the `paused` attribute.
 */
#include "unit_helpers.h"
#include <errno.h>
#include "recorder.h"

#define NCPUS	2
#define MAXREC	16

struct fake {
	uint64_t cnt[INPUTTRACE_CNT_MAX][NCPUS];
	int fail;		/* returned by the next read, then cleared */
	struct trace_record got[MAXREC];
	int ngot;
};

static struct fake fk;
static struct record_opts opts;
static struct recorder rc;
static char *dir;

static int read_counter(void *ctx, unsigned int idx, uint64_t *per_cpu)
{
	struct fake *f = ctx;
	int err = f->fail;

	f->fail = 0;
	if (err)
		return err;
	memcpy(per_cpu, f->cnt[idx], sizeof(f->cnt[idx]));
	return 0;
}

static int collect(const struct trace_record *rec, void *ctx)
{
	(void)ctx;
	assert_true(fk.ngot < MAXREC);
	fk.got[fk.ngot++] = *rec;
	return 0;
}

/* What `paused` reads as from now on: a real file the recorder preads. */
static void set_paused(char c)
{
	assert_int_equal(pwrite(rc.acct.paused_fd, &c, 1, 0), 1);
}

static int setup(void **state)
{
	char *p;

	(void)state;
	memset(&fk, 0, sizeof(fk));
	memset(&opts, 0, sizeof(opts));
	dir = tmpdir_new();
	assert_int_equal(recorder_init(&rc, &opts), 0);
	assert_int_equal(recorder_accounts_init(&rc, NCPUS, read_counter, &fk), 0);
	rc.emit = collect;
	p = path_join(dir, "paused");
	rc.acct.paused_fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	assert_true(rc.acct.paused_fd >= 0);
	free(p);
	set_paused('0');
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	recorder_free(&rc);
	tmpdir_free(dir);
	return 0;
}

/* One accounting round, then everything it queued, in order. */
static int round_trip(bool final)
{
	int err = recorder_account(&rc, final);

	fk.ngot = 0;
	if (!err)
		err = reorder_flush_all(rc.order, collect, &rc);
	return err;
}

static void expect_loss(int i, uint32_t source, uint32_t cpu, uint64_t count)
{
	assert_int_equal(fk.got[i].kind, INPUTTRACE_REC_LOSS);
	assert_int_equal(fk.got[i].loss.source, source);
	assert_int_equal(fk.got[i].loss.cpu, cpu);
	assert_int_equal(fk.got[i].loss.count, count);
	assert_int_equal(fk.got[i].loss.head.size, sizeof(fk.got[i].loss));
}

static void test_losses_are_deltas_per_cpu(void **state)
{
	(void)state;
	assert_int_equal(round_trip(false), 0);
	assert_int_equal(fk.ngot, 0);	/* nothing moved, nothing said */

	fk.cnt[INPUTTRACE_CNT_LOST_RING][0] = 3;
	fk.cnt[INPUTTRACE_CNT_LOST_DEVMAP][1] = 2;
	fk.cnt[INPUTTRACE_CNT_EMITTED][0] = 100;	/* not a loss */
	assert_int_equal(round_trip(false), 0);
	assert_int_equal(fk.ngot, 2);
	expect_loss(0, INPUTTRACE_LOSS_RING_FULL, 0, 3);
	expect_loss(1, INPUTTRACE_LOSS_DEVICE_MAP, 1, 2);

	assert_int_equal(round_trip(false), 0);
	assert_int_equal(fk.ngot, 0);
	fk.cnt[INPUTTRACE_CNT_LOST_RING][0] = 4;
	fk.cnt[INPUTTRACE_CNT_LOST_RING][1] = 7;
	assert_int_equal(round_trip(false), 0);
	assert_int_equal(fk.ngot, 2);
	expect_loss(0, INPUTTRACE_LOSS_RING_FULL, 0, 1);
	expect_loss(1, INPUTTRACE_LOSS_RING_FULL, 1, 7);
	assert_int_equal(recorder_total_lost(&rc), 4 + 7 + 2);
}

static void test_reader_losses_wait_for_writes(void **state)
{
	(void)state;
	rc.acct.lost_reader = 5;
	rc.run.write_error = -EIO;
	assert_int_equal(round_trip(false), 0);
	assert_int_equal(fk.ngot, 0);	/* a LOSS record could not be written either */
	rc.run.write_error = 0;
	assert_int_equal(round_trip(false), 0);
	assert_int_equal(fk.ngot, 1);
	expect_loss(0, INPUTTRACE_LOSS_READER, UINT32_MAX, 5);
	assert_int_equal(round_trip(false), 0);
	assert_int_equal(fk.ngot, 0);
	rc.acct.lost_reader = 6;
	assert_int_equal(round_trip(false), 0);
	expect_loss(0, INPUTTRACE_LOSS_READER, UINT32_MAX, 1);
}

static void test_pause_record_after_resume(void **state)
{
	const uint32_t q = 1000000;	/* own records: rounded like events */
	uint64_t since;

	(void)state;
	rc.acct.quantum_ns = q;
	set_paused('1');
	fk.cnt[INPUTTRACE_CNT_SUPPRESSED][0] = 3;
	assert_int_equal(round_trip(false), 0);
	assert_int_equal(fk.ngot, 0);	/* still paused: nothing yet */
	since = rc.acct.paused_since_ns;
	assert_true(since > 0);
	assert_int_equal(since % q, 0);

	fk.cnt[INPUTTRACE_CNT_SUPPRESSED][1] = 1;
	set_paused('0');
	assert_int_equal(round_trip(false), 0);
	assert_int_equal(fk.ngot, 1);
	assert_int_equal(fk.got[0].kind, INPUTTRACE_REC_PAUSE);
	assert_int_equal(fk.got[0].pause.since_ns, since);
	assert_int_equal(fk.got[0].pause.count, 4);
	assert_int_equal(fk.got[0].pause.head.time_ns % q, 0);
	assert_true(fk.got[0].pause.head.time_ns >= since);
	assert_int_equal(rc.acct.events_suppressed, 4);
	assert_int_equal(rc.acct.paused_since_ns, 0);
	assert_int_equal(round_trip(false), 0);
	assert_int_equal(fk.ngot, 0);
}

/* Too short to be seen: the counter alone tells, with since_ns 0. */
static void test_unseen_pause_and_final(void **state)
{
	(void)state;
	fk.cnt[INPUTTRACE_CNT_SUPPRESSED][1] = 2;
	assert_int_equal(round_trip(false), 0);
	assert_int_equal(fk.ngot, 1);
	assert_int_equal(fk.got[0].pause.since_ns, 0);
	assert_int_equal(fk.got[0].pause.count, 2);

	/* the recording ends while paused: the record is written anyway, once */
	set_paused('1');
	fk.cnt[INPUTTRACE_CNT_SUPPRESSED][0] = 5;
	assert_int_equal(round_trip(true), 0);
	assert_int_equal(fk.ngot, 1);
	assert_true(fk.got[0].pause.since_ns > 0);
	assert_int_equal(fk.got[0].pause.count, 5);
	fk.cnt[INPUTTRACE_CNT_SUPPRESSED][0] = 6;
	assert_int_equal(round_trip(true), 0);
	assert_int_equal(fk.ngot, 0);
	assert_int_equal(rc.acct.events_suppressed, 7);
}

/* Without a readable `paused`, the counter still decides. */
static void test_paused_unreadable(void **state)
{
	(void)state;
	close(rc.acct.paused_fd);
	rc.acct.paused_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	fk.cnt[INPUTTRACE_CNT_SUPPRESSED][0] = 1;
	assert_int_equal(round_trip(false), 0);
	assert_int_equal(fk.ngot, 1);
	assert_int_equal(fk.got[0].pause.count, 1);
}

static void test_counter_errors_stop_the_round(void **state)
{
	(void)state;
	fk.fail = -EIO;
	assert_int_equal(recorder_account(&rc, false), -EIO);
}

static void test_quantize(void **state)
{
	(void)state;
	assert_int_equal(inputtrace_quantize(1234567, 0), 1234567);
	assert_int_equal(inputtrace_quantize(1234567, 1000), 1234000);
	assert_int_equal(inputtrace_quantize(999, 1000), 0);
	assert_int_equal(inputtrace_quantize(UINT64_MAX, 1000000000),
			 UINT64_MAX - UINT64_MAX % 1000000000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_losses_are_deltas_per_cpu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_losses_wait_for_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pause_record_after_resume, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unseen_pause_and_final, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paused_unreadable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counter_errors_stop_the_round, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quantize, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

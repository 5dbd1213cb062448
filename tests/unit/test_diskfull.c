// SPDX-License-Identifier: GPL-2.0
/*
 * test_diskfull.c - a recorder whose filesystem fills
 * (lib/recorder_diskfull.c and the writer under it), on a real tmpfs with
 * size= mounted in a private mount namespace (root, or an unprivileged
 * user namespace): the ENOSPC comes from the kernel, not from a stub.
 *
 * For each --on-disk-full policy: the file stays valid up to its last
 * sealed block while the disk is full, and every record offered is either
 * in a file or counted: in a LOSS record of source "write" once writing
 * works again, or (stop) in what recorder_report_unwritten() says.
 */
#include "unit_helpers.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include "recorder.h"
#include "tracefile.h"
#include "verify.h"

#define MAXREC	8192

static struct record_opts opts;
static struct recorder rc;
static char *dir, *filler;
static uint64_t offered, t_next = 1000;

static int read_counter(void *ctx, unsigned int idx, uint64_t *per_cpu)
{
	(void)ctx;
	(void)idx;
	per_cpu[0] = 0;	/* one CPU, no ring losses: only the writer's */
	return 0;
}

static void write_id_map(const char *file, unsigned int id)
{
	char buf[64];
	int fd = open(file, O_WRONLY | O_CLOEXEC), n;

	assert_true(fd >= 0);
	n = snprintf(buf, sizeof(buf), "0 %u 1\n", id);
	assert_int_equal(write(fd, buf, n), n);
	close(fd);
}

/* A mount namespace of our own, so no tmpfs outlives the test binary. */
static int group_setup(void **state)
{
	unsigned int uid = getuid(), gid = getgid();
	int fd;

	(void)state;
	if (geteuid() != 0) {
		assert_int_equal(unshare(CLONE_NEWUSER | CLONE_NEWNS), 0);
		fd = open("/proc/self/setgroups", O_WRONLY | O_CLOEXEC);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, "deny", 4), 4);
		close(fd);
		write_id_map("/proc/self/uid_map", uid);
		write_id_map("/proc/self/gid_map", gid);
	} else {
		assert_int_equal(unshare(CLONE_NEWNS), 0);
	}
	assert_int_equal(mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL), 0);
	return 0;
}

static int setup(void **state)
{
	char *argv[] = { "record", "-o", NULL };
	const char *size = *state ? *state : "size=64k";
	char mopts[64];

	dir = tmpdir_new();
	snprintf(mopts, sizeof(mopts), "%s,mode=0700", size);
	assert_int_equal(mount("tmpfs", dir, "tmpfs", 0, mopts), 0);
	filler = path_join(dir, "filler");
	argv[2] = dir;
	recorder_into_dir(&rc, &opts, dir);
	assert_int_equal(recorder_accounts_init(&rc, 1, read_counter, NULL), 0);
	assert_int_equal(recorder_open_output(&rc, 3, argv), 0);
	rc.run.started = true;
	offered = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (rc.files.out)
		tracefile_close(rc.files.out);
	rc.files.out = NULL;
	recorder_free(&rc);
	assert_int_equal(umount(dir), 0);
	assert_int_equal(rmdir(dir), 0);
	free(filler);
	free(dir);
	return 0;
}

/* Take every free byte of the filesystem: the next block cannot go out. */
static void fill_disk(void)
{
	static char page[4096];
	int fd = open(filler, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	ssize_t n;

	assert_true(fd >= 0);
	do
		n = write(fd, page, sizeof(page));
	while (n > 0);
	assert_int_equal(errno, ENOSPC);
	/* and the bytes of a partial page */
	while (write(fd, page, 1) == 1)
		;
	close(fd);
}

/*
 * Offer @n events.  @fresh: each from a reader task of its own, so each
 * costs a new reader context in a version 2 block (~46 bytes: a block
 * holds at most RC2_CTX_MAX of them, as a 4 KiB version 1 block holds
 * 53); else SAMPLE_THREADS tasks taking turns, whose contexts a block
 * already holds can still fit once a fresh one no longer does.
 */
static void offer_from(int n, bool fresh)
{
	int i;

	for (i = 0; i < n; i++) {
		struct trace_record e = mk_thread_event(t_next++, i, i & 1);

		if (fresh)
			e.ev.pid = 100000 + (uint32_t)offered;

		assert_int_equal(recorder_write_record(&e, &rc), 0);
		offered++;
	}
}

static void offer(int n)
{
	offer_from(n, false);
}

/* One poll round: the counters' LOSS records, ordered out, then flushed. */
static void round_trip(void)
{
	assert_int_equal(recorder_account(&rc, false), 0);
	assert_int_equal(reorder_flush_all(rc.order, rc.emit, &rc), 0);
	recorder_flush_round(&rc, recorder_clock_ns(CLOCK_MONOTONIC));
}

struct tally {
	uint64_t events, lost_write, other_losses, damage;
	bool end;
};

/* What a reader gets from @path; *t accumulates. */
static void read_back(const char *path, struct tally *t)
{
	struct tracefile_reader *r;
	struct trace_record rec;

	assert_int_equal(tracefile_open(path, &r), 0);
	while (tracefile_next(r, &rec) == 1) {
		if (rec.kind == INPUTTRACE_REC_EVENT)
			t->events++;
		else if (rec.kind == INPUTTRACE_REC_LOSS &&
			 rec.loss.source == INPUTTRACE_LOSS_WRITE)
			t->lost_write += rec.loss.count;
		else if (rec.kind == INPUTTRACE_REC_LOSS)
			t->other_losses += rec.loss.count;
	}
	t->damage += tracefile_reader_damage_count(r);
	t->end = tracefile_reader_end_seen(r);
	tracefile_reader_close(r);
}

/* While the disk is full, the file reads without damage (no END yet). */
static uint64_t events_on_disk_now(void)
{
	struct tally t = { 0 };

	read_back(rc.files.path, &t);
	assert_int_equal(t.damage, 0);
	assert_false(t.end);
	return t.events;
}

/*
 * Every record offered so far is in the file, queued in the writer or
 * counted lost: exact, whatever the format packs into a block (no LOSS
 * record is written while the disk is full, so the file has events only).
 */
static void assert_all_accounted(void)
{
	assert_int_equal(events_on_disk_now() + tracefile_writer_pending(rc.files.out) +
			 rc.acct.lost_write, offered);
}

/*
 * Fill the disk, offer more than memory holds: it is counted, not kept.
 * "Full" leaves the slack of the trace file's last tmpfs page, which a
 * block smaller than a page (version 2's often are) may still fill: so
 * what is on disk is taken once the writer has met ENOSPC.
 */
static void overflow_full_disk(bool fresh)
{
	uint64_t before;

	offer(100);
	round_trip();
	assert_int_equal(rc.run.write_error, 0);
	fill_disk();
	assert_true(events_on_disk_now() >= 100);
	/*
	 * Memory holds the block kept aside and the one being filled: at most
	 * 2 * RC2_CTX_MAX fresh events (v1: 2 * 53), and one more block may
	 * go into the page slack; so of 500, more than 300 are lost.
	 */
	offer_from(500, fresh);
	assert_int_equal(rc.run.write_error, -ENOSPC);
	assert_all_accounted();
	round_trip();
	assert_int_equal(rc.run.write_error, -ENOSPC);
	if (fresh)
		assert_true(rc.acct.lost_write > 300);
	else	/* a block takes the events of the contexts it holds: fewer lost */
		assert_true(rc.acct.lost_write > 0);
	assert_all_accounted();
	before = events_on_disk_now();
	round_trip();	/* retrying changes nothing while it is full */
	assert_int_equal(rc.run.write_error, -ENOSPC);
	/* sealed blocks are still all there, nothing torn */
	assert_int_equal(events_on_disk_now(), before);
	assert_all_accounted();
}

static void wait_counts_then_reports(bool fresh)
{
	struct tally t = { 0 };

	opts.on_disk_full = RECORD_DISK_FULL_WAIT;
	overflow_full_disk(fresh);
	assert_false(rc.run.disk_full_stop);
	/* space freed: the kept block goes out, then a LOSS record */
	assert_int_equal(unlink(filler), 0);
	round_trip();
	assert_int_equal(rc.run.write_error, 0);
	offer(50);
	round_trip();
	assert_int_equal(rc.acct.lost_write, rc.acct.lost_write_reported);
	assert_int_equal(recorder_close_output(&rc), 0);
	assert_int_equal(recorder_report_unwritten(&rc), 0);
	read_back(rc.files.path, &t);
	assert_int_equal(t.damage, 0);
	assert_true(t.end);
	assert_true(t.lost_write > (fresh ? 300 : 0));
	assert_int_equal(t.events + t.lost_write, offered);
}

static void test_wait_counts_then_reports(void **state)
{
	(void)state;
	wait_counts_then_reports(true);
}

/* Records the full block still takes between ones it drops: all counted. */
static void test_wait_counts_interleaved_drops(void **state)
{
	(void)state;
	wait_counts_then_reports(false);
}

static void test_stop_closes_and_counts(void **state)
{
	struct verify_report rep;
	struct tally t = { 0 };
	uint64_t unwritten;

	(void)state;
	opts.on_disk_full = RECORD_DISK_FULL_STOP;
	overflow_full_disk(true);
	assert_true(rc.run.disk_full_stop);
	/* the loop ends; the close cannot write, and counts what it drops */
	assert_int_equal(recorder_close_output(&rc), -ENOSPC);
	unwritten = recorder_report_unwritten(&rc);
	read_back(rc.files.path, &t);
	assert_int_equal(t.damage, 0);
	assert_false(t.end);
	assert_int_equal(t.lost_write, 0);
	assert_int_equal(t.events + unwritten, offered);
	/* valid up to the last sealed block: truncated, not damaged */
	assert_int_equal(tracefile_verify(rc.files.path, NULL, &rep), VERIFY_TRUNCATED);
}

/* Write whole files, rotated, before the policy is set (no retention). */
static void make_archives(int n)
{
	int i;

	for (i = 0; i < n; i++) {
		offer(300);
		round_trip();
		assert_int_equal(recorder_rotate(&rc, "test"), 0);
	}
}

static void test_rotate_frees_space_by_retention(void **state)
{
	char first[PATH_MAX], full[PATH_MAX];
	struct tally t = { 0 };
	uint64_t archived;
	int i;

	(void)state;
	snprintf(first, sizeof(first), "%s", rc.files.path);
	make_archives(2);
	archived = offered;
	offered = 0;
	snprintf(full, sizeof(full), "%s", rc.files.path);
	opts.on_disk_full = RECORD_DISK_FULL_ROTATE;
	opts.max_total_bytes = 48 * 1024;
	/* the trace files themselves fill the disk this time */
	for (i = 0; i < 100 && !rc.run.write_error; i++) {
		offer(50);
		round_trip();
	}
	assert_int_equal(rc.run.write_error, -ENOSPC);
	offer(300);
	/* retention deletes the oldest archive; writing resumes, then rotates */
	round_trip();
	assert_int_equal(rc.run.write_error, 0);
	assert_int_equal(access(first, F_OK), -1);
	assert_int_equal(rc.files.seq, 3);
	assert_string_not_equal(rc.files.path, full);
	offer(20);
	round_trip();
	assert_int_equal(recorder_close_output(&rc), 0);
	assert_int_equal(recorder_report_unwritten(&rc), 0);
	/* what this phase offered is in the full file, the new one or a LOSS */
	read_back(full, &t);
	assert_true(t.end);
	read_back(rc.files.path, &t);
	assert_true(t.end);
	assert_int_equal(t.damage, 0);
	assert_true(t.lost_write > 0);
	assert_int_equal(t.events + t.lost_write, offered);
	assert_true(archived > 0);
}

int main(void)
{
	static const char *big = "size=128k";
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_wait_counts_then_reports, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wait_counts_interleaved_drops, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stop_closes_and_counts, setup, teardown),
		cmocka_unit_test_prestate_setup_teardown(test_rotate_frees_space_by_retention,
							 setup, teardown, (void *)big),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}

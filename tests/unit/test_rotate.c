// SPDX-License-Identifier: GPL-2.0
/*
 * test_rotate.c - the files of one `record -o DIR` run
 * (lib/recorder_rotate.c, lib/recorder_output.c): the first file, --count,
 * rotation (new file first, old one closed and archived, devices carried
 * over), when a rotation is due, a failed rotation, retention after it.
 */
#include "unit_helpers.h"
#include <errno.h>
#include <time.h>
#include "recorder.h"
#include "tracefile.h"

static struct record_opts opts;
static struct recorder rc;
static char *dir;

static int setup(void **state)
{
	char *argv[] = { "record", "-o", NULL };

	(void)state;
	dir = tmpdir_new();
	argv[2] = dir;
	recorder_into_dir(&rc, &opts, dir);
	assert_int_equal(recorder_open_output(&rc, 3, argv), 0);
	rc.run.started = true;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (rc.files.out)
		assert_int_equal(tracefile_close(rc.files.out), 0);
	rc.files.out = NULL;
	recorder_free(&rc);
	tmpdir_free(dir);
	return 0;
}

static void write_events(int n)
{
	int i;

	for (i = 0; i < n; i++) {
		struct trace_record e = mk_thread_event(1000 + i, i, i & 1);

		assert_int_equal(recorder_write_record(&e, &rc), 0);
	}
}

/* Every record of @path in order; the state and whether END was seen. */
static int read_file(const char *path, struct trace_record *recs, int max,
		     uint8_t *state, bool *end)
{
	struct tracefile_reader *r;
	int n = 0;

	assert_int_equal(tracefile_open(path, &r), 0);
	while (n < max && tracefile_next(r, &recs[n]) == 1)
		n++;
	assert_int_equal(tracefile_reader_damage_count(r), 0);
	*state = tracefile_reader_info(r)->state;
	*end = tracefile_reader_end_seen(r);
	assert_string_equal(tracefile_reader_info(r)->cmdline, rc.files.cmdline);
	tracefile_reader_close(r);
	return n;
}

static void test_first_file_and_count(void **state)
{
	char want[4096];
	struct trace_record recs[8];
	uint8_t st;
	bool end;

	(void)state;
	/* named in the directory, for this process */
	snprintf(want, sizeof(want), "%s/inputtrace-", dir);
	assert_memory_equal(rc.files.path, want, strlen(want));
	snprintf(want, sizeof(want), "-%d.itr", (int)getpid());
	assert_string_equal(rc.files.path + strlen(rc.files.path) - strlen(want), want);
	assert_non_null(strstr(rc.files.cmdline, "record -o "));

	opts.count = 3;
	write_events(5);
	assert_int_equal(rc.run.events_written, 3);
	assert_int_equal(rc.run.events_beyond_count, 2);
	assert_int_equal(tracefile_close(rc.files.out), 0);
	rc.files.out = NULL;
	assert_int_equal(read_file(rc.files.path, recs, 8, &st, &end), 3);
	assert_int_equal(st, TRACEFILE_CLEAN);
	assert_true(end);
}

static void test_rotation_carries_devices(void **state)
{
	struct trace_record dev = mk_device(10, 7, 3, "Keyboard");
	struct trace_record recs[16], kept, caps_rec;
	struct inputtrace_caps caps, stray;
	char first[PATH_MAX];
	uint8_t st;
	bool end;

	(void)state;
	caps_rec = mk_caps(10, 7, &caps);
	mk_caps(10, 8, &stray);
	assert_int_equal(recorder_remember_caps(&rc, &stray, &kept), -ENOENT);
	assert_int_equal(recorder_remember_device(&rc, &dev), 1);
	assert_int_equal(recorder_remember_device(&rc, &dev), 0);	/* two CPUs */
	assert_int_equal(rc.files.ndevices, 1);
	assert_int_equal(recorder_remember_caps(&rc, &caps, &kept), 1);
	assert_int_equal(recorder_remember_caps(&rc, &caps, &caps_rec), 0);
	/* the kept copy, not the ring's memory, which is gone after the drain */
	assert_ptr_not_equal(kept.caps.caps, &caps);
	memset(&caps, 0, sizeof(caps));
	assert_int_equal(recorder_write_record(&dev, &rc), 0);
	assert_int_equal(recorder_write_record(&kept, &rc), 0);
	write_events(4);
	snprintf(first, sizeof(first), "%s", rc.files.path);

	assert_int_equal(recorder_rotate(&rc, "test"), 0);
	assert_int_equal(rc.files.seq, 1);
	assert_string_not_equal(rc.files.path, first);
	assert_string_equal(rc.files.path + strlen(rc.files.path) - 6, "-1.itr");
	/* the old file is complete and archived */
	assert_int_equal(read_file(first, recs, 16, &st, &end), 6);
	assert_int_equal(st, TRACEFILE_ARCHIVED);
	assert_true(end);
	/* the new one can be read alone: it starts with the device */
	write_events(2);
	assert_int_equal(tracefile_close(rc.files.out), 0);
	rc.files.out = NULL;
	assert_int_equal(read_file(rc.files.path, recs, 16, &st, &end), 4);
	assert_int_equal(recs[0].kind, INPUTTRACE_REC_DEVICE);
	assert_int_equal(recs[0].dev.head.dev_id, 7);
	assert_string_equal(recs[0].dev.name, "Keyboard");
	assert_int_equal(recs[1].kind, INPUTTRACE_REC_CAPS);
	assert_int_equal(recs[1].caps.head.dev_id, 7);
	assert_int_equal(recs[2].kind, INPUTTRACE_REC_EVENT);
}

/* The CAPS a new file starts with are the ones the device came with. */
static void test_rotation_carries_caps(void **state)
{
	struct trace_record dev = mk_device(10, 3, 1, "Touchpad"), kept, rec;
	struct inputtrace_caps caps, want;
	struct tracefile_reader *r;
	int n = 0;

	(void)state;
	mk_caps(10, 3, &caps);
	caps.absinfo[53].maximum = 1919;
	want = caps;
	assert_int_equal(recorder_remember_device(&rc, &dev), 1);
	assert_int_equal(recorder_remember_caps(&rc, &caps, &kept), 1);
	assert_int_equal(recorder_write_record(&dev, &rc), 0);
	assert_int_equal(recorder_write_record(&kept, &rc), 0);
	assert_int_equal(recorder_rotate(&rc, "test"), 0);
	assert_int_equal(tracefile_close(rc.files.out), 0);
	rc.files.out = NULL;
	assert_int_equal(tracefile_open(rc.files.path, &r), 0);
	while (tracefile_next(r, &rec) == 1)
		if (n++ == 1) {
			assert_int_equal(rec.kind, INPUTTRACE_REC_CAPS);
			assert_memory_equal(rec.caps.caps, &want, sizeof(want));
		}
	assert_int_equal(n, 2);
	tracefile_reader_close(r);
}

/*
 * A device remembered while its records were still in the reorder queue
 * at a rotation: the queue hands them to the new file, once; the new file
 * does not also start with them (the 6.12 VM found that).
 */
static void test_rotation_with_device_still_queued(void **state)
{
	struct trace_record dev = mk_device(10, 4, 2, "Mouse"), kept, recs[8];
	struct inputtrace_caps caps;
	char first[PATH_MAX], second[PATH_MAX];
	uint8_t st;
	bool end;

	(void)state;
	mk_caps(10, 4, &caps);
	assert_int_equal(recorder_remember_device(&rc, &dev), 1);
	assert_int_equal(recorder_remember_caps(&rc, &caps, &kept), 1);
	snprintf(first, sizeof(first), "%s", rc.files.path);
	assert_int_equal(recorder_rotate(&rc, "test"), 0);
	assert_int_equal(read_file(first, recs, 8, &st, &end), 0);
	/* what the queue flushes after the rotation */
	assert_int_equal(recorder_write_record(&dev, &rc), 0);
	assert_int_equal(recorder_write_record(&kept, &rc), 0);
	write_events(1);
	snprintf(second, sizeof(second), "%s", rc.files.path);
	/* the next file starts with them, written by now */
	assert_int_equal(recorder_rotate(&rc, "test"), 0);
	assert_int_equal(read_file(second, recs, 8, &st, &end), 3);
	assert_int_equal(recs[0].kind, INPUTTRACE_REC_DEVICE);
	assert_int_equal(recs[1].kind, INPUTTRACE_REC_CAPS);
	write_events(1);
	assert_int_equal(tracefile_close(rc.files.out), 0);
	rc.files.out = NULL;
	assert_int_equal(read_file(rc.files.path, recs, 8, &st, &end), 3);
	assert_int_equal(recs[0].kind, INPUTTRACE_REC_DEVICE);
	assert_int_equal(recs[1].kind, INPUTTRACE_REC_CAPS);
	assert_int_equal(recs[2].kind, INPUTTRACE_REC_EVENT);
}

static void test_rotation_due(void **state)
{
	uint64_t t0 = rc.files.started_ns;

	(void)state;
	assert_false(recorder_rotation_due(&rc, t0 + 1000000000000ull));
	opts.rotate_ns = 2000000000ull;
	assert_false(recorder_rotation_due(&rc, t0 + 1999999999ull));
	assert_true(recorder_rotation_due(&rc, t0 + 2000000000ull));
	/* after a failed rotation: not before the retry time */
	rc.files.retry_ns = t0 + 5000000000ull;
	assert_false(recorder_rotation_due(&rc, t0 + 4000000000ull));
	assert_true(recorder_rotation_due(&rc, t0 + 5000000000ull));
	opts.rotate_ns = 0;
	rc.files.retry_ns = 0;

	opts.rotate_bytes = 3 * TRACEFILE_BLOCK_MIN;
	assert_false(recorder_rotation_due(&rc, t0));
	write_events(400);	/* ~46 bytes each: several 4 KiB blocks */
	assert_int_equal(tracefile_flush(rc.files.out), 0);
	assert_true(tracefile_writer_bytes(rc.files.out) >= opts.rotate_bytes);
	assert_true(recorder_rotation_due(&rc, t0));
}

/* The next name is taken: keep writing the current file, retry later. */
static void test_failed_rotation_keeps_writing(void **state)
{
	char path[PATH_MAX], cur[PATH_MAX];
	time_t now = time(NULL);
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		assert_int_equal(record_output_path(&opts, now + i, getpid(), 1, path,
						    sizeof(path)), 0);
		spew(path, "taken", 5);
	}
	snprintf(cur, sizeof(cur), "%s", rc.files.path);
	write_events(2);
	assert_int_equal(recorder_rotate(&rc, "test"), -EEXIST);
	assert_string_equal(rc.files.path, cur);
	assert_int_equal(rc.files.seq, 0);
	assert_true(rc.files.retry_ns > rc.files.started_ns);
	write_events(2);
	assert_int_equal(rc.run.events_written, 4);
	assert_int_equal(rc.run.write_error, 0);
}

/* After each rotation, the oldest archives go; the newest never does. */
static void test_retention_after_rotation(void **state)
{
	char names[3][PATH_MAX];
	int i;

	(void)state;
	opts.max_total_bytes = TRACEFILE_BLOCK_MIN;	/* less than any two files */
	for (i = 0; i < 3; i++) {
		snprintf(names[i], sizeof(names[i]), "%s", rc.files.path);
		write_events(100);
		assert_int_equal(recorder_rotate(&rc, "test"), 0);
	}
	/* three archives: the two oldest deleted, the newest kept */
	assert_int_equal(access(names[0], F_OK), -1);
	assert_int_equal(access(names[1], F_OK), -1);
	assert_int_equal(access(names[2], F_OK), 0);
	assert_int_equal(access(rc.files.path, F_OK), 0);
	assert_true(rc.files.warned_over_limit);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_first_file_and_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotation_carries_caps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotation_carries_devices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotation_with_device_still_queued, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotation_due, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_rotation_keeps_writing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retention_after_rotation, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * test_torn_tail.c - a power cut: a real trace file from the library's
 * writer, cut at random byte offsets (and at every block boundary).  For
 * each cut, the reader and `dump` return every event of every block that
 * ends before the cut, in order, and nothing else; verify says TRUNCATED
 * (exit 2), never DAMAGED: a torn tail is a crash, not damage.
 */
#include "unit_helpers.h"
#include <errno.h>
#include <fcntl.h>
#include "dump.h"
#include "tracefile.h"
#include "verify.h"

#define NEVENTS		1500
#define PER_FLUSH	37	/* blocks of different sizes: sealed early */
#define NCUTS		200
#define SEED		20261202u

static char *dir, *whole, *cut;
static uint64_t block_end[NEVENTS + 2];	/* file offset after block k */
static int events_upto[NEVENTS + 2];	/* events in blocks 0..k */
static int nblocks;
static uint64_t header_len, size;

static void make_file(bool compress)
{
	struct tracefile_opts o = { .block_bytes = TRACEFILE_BLOCK_MIN,
				    .sync = TRACEFILE_SYNC_NONE,
				    .compress = compress };
	struct tracefile_meta meta = { .cmdline = "record -o torn" };
	struct tracefile_writer *w;
	uint64_t last;
	int i;

	unlink(whole);
	assert_int_equal(tracefile_create(whole, &meta, &o, &w), 0);
	header_len = last = tracefile_writer_bytes(w);
	nblocks = 0;
	for (i = 0; i < NEVENTS; i++) {
		struct trace_record e = mk_event(1000 + i, 1, 1, 30, i);

		assert_int_equal(tracefile_append(w, &e), 0);
		/* a block the append sealed holds every event but this one */
		if (tracefile_writer_bytes(w) != last) {
			last = block_end[nblocks] = tracefile_writer_bytes(w);
			events_upto[nblocks++] = i;
		}
		if (i % PER_FLUSH == PER_FLUSH - 1) {
			assert_int_equal(tracefile_flush(w), 0);
			last = block_end[nblocks] = tracefile_writer_bytes(w);
			events_upto[nblocks++] = i + 1;
		}
	}
	assert_int_equal(tracefile_close(w), 0);
	free(slurp(whole, &size));
	/* close sealed the rest, then END: an empty 32-byte block */
	block_end[nblocks] = size - 32;
	events_upto[nblocks++] = NEVENTS;
	assert_true(nblocks > 20);
}

/* Events a crash at @off keeps: those of the blocks that end by then. */
static int expected_at(uint64_t off)
{
	int k, n = 0;

	for (k = 0; k < nblocks && block_end[k] <= off; k++)
		n = events_upto[k];
	return n;
}

static void cut_at(uint64_t off)
{
	size_t len;
	unsigned char *buf = slurp(whole, &len);

	assert_true(off <= len);
	unlink(cut);
	spew(cut, buf, off);
	free(buf);
}

static int dump_events(const char *path, int *status)
{
	char *text = NULL, *p;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len), *err = fopen("/dev/null", "w");
	int n = 0;

	assert_non_null(out);
	assert_non_null(err);
	*status = dump_file(out, err, path, DUMP_JSON, NULL);
	fclose(out);
	fclose(err);
	for (p = text; (p = strstr(p, "{\"kind\":\"event\"")); p++)
		n++;
	free(text);
	return n;
}

static void check_cut(uint64_t off)
{
	int want = expected_at(off), n = 0, status;
	struct verify_report rep;
	struct tracefile_reader *r;
	struct trace_record rec;
	size_t i;

	cut_at(off);
	assert_int_equal(tracefile_open(cut, &r), 0);
	while (tracefile_next(r, &rec) == 1) {
		assert_int_equal(rec.kind, INPUTTRACE_REC_EVENT);
		/* every one in order, none made up */
		assert_int_equal(rec.ev.head.time_ns, 1000 + n);
		n++;
	}
	for (i = 0; i < tracefile_reader_damage_count(r); i++)
		assert_true(tracefile_reader_damage(r, i)->torn);
	assert_false(tracefile_reader_end_seen(r));
	tracefile_reader_close(r);
	if (n != want)
		fail_msg("cut at %llu of %llu: %d events read, %d sealed before it",
			 (unsigned long long)off, (unsigned long long)size, n, want);

	assert_int_equal(dump_events(cut, &status), want);
	assert_int_equal(status, DUMP_DAMAGED);	/* dump's 2: no END */
	assert_int_equal(tracefile_verify(cut, NULL, &rep), VERIFY_TRUNCATED);
}

static void cuts(bool compress)
{
	unsigned int seed = SEED;
	int k, i;

	make_file(compress);
	/* exactly at each boundary, and one byte into the next block */
	for (k = 0; k < nblocks; k++) {
		check_cut(block_end[k]);
		check_cut(block_end[k] + 1);
	}
	check_cut(header_len);
	check_cut(size - 1);	/* into END */
	for (i = 0; i < NCUTS; i++)
		check_cut(header_len + rand_r(&seed) % (size - header_len));
}

static void test_random_cuts_plain(void **state)
{
	(void)state;
	cuts(false);
}

static void test_random_cuts_compressed(void **state)
{
	(void)state;
	cuts(true);
}

static int setup(void **state)
{
	(void)state;
	dir = tmpdir_new();
	whole = path_join(dir, "whole.itr");
	cut = path_join(dir, "cut.itr");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tmpdir_free(dir);
	free(whole);
	free(cut);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_cuts_plain),
		cmocka_unit_test(test_random_cuts_compressed),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

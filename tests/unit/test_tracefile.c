// SPDX-License-Identifier: GPL-2.0
/*
 * test_tracefile.c - trace file writer/reader on real files: round trip,
 * safe creation, block checksums, resynchronisation after damage, torn
 * tails, header state.
 */
#include "unit_helpers.h"
#include <errno.h>
#include "tracefile.h"

#define NREC	1000	/* ~18 blocks of 4 KiB */

struct fix {
	char *dir;
	char *path;
};

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	f->dir = tmpdir_new();
	f->path = path_join(f->dir, "t.itr");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	tmpdir_free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* Write NREC events whose value is their index; close cleanly or not. */
static void write_file(const char *path, bool compress, bool close_it, int n)
{
	struct tracefile_opts o = { .block_bytes = 4096, .compress = compress,
				    .sync = TRACEFILE_SYNC_NONE };
	struct tracefile_meta m = { .cmdline = "record -o t.itr --types key" };
	struct tracefile_writer *w;
	int i;

	assert_int_equal(tracefile_create(path, &m, &o, &w), 0);
	for (i = 0; i < n; i++) {
		struct trace_record r = mk_event(1000 + i, 1, 1, 30, i);

		assert_int_equal(tracefile_append(w, &r), 0);
	}
	if (close_it)
		assert_int_equal(tracefile_close(w), 0);
	else
		tracefile_abort(w, false);	/* what a crash leaves */
}

/* Reads all; fills seen[value]; returns record count. */
static int read_all(const char *path, bool *seen, struct tracefile_reader **out)
{
	struct tracefile_reader *r;
	struct trace_record rec;
	int n = 0, rc;

	assert_int_equal(tracefile_open(path, &r), 0);
	while ((rc = tracefile_next(r, &rec)) == 1) {
		assert_int_equal(rec.kind, INPUTTRACE_REC_EVENT);
		assert_true(rec.ev.value >= 0 && rec.ev.value < NREC);
		assert_false(seen[rec.ev.value]);
		seen[rec.ev.value] = true;
		n++;
	}
	assert_int_equal(rc, 0);
	*out = r;
	return n;
}

struct blk {
	uint64_t off, len;
	uint32_t count;
};

/* Walk the blocks of an intact file using the documented layout. */
static int walk_blocks(const unsigned char *b, size_t size, struct blk *blks, int max)
{
	uint64_t off = b[12] | b[13] << 8 | b[14] << 16 | (uint64_t)b[15] << 24;
	int n = 0;

	while (off + 32 <= size && n < max) {
		const unsigned char *h = b + off;
		uint32_t stored = h[16] | h[17] << 8 | h[18] << 16 | (uint32_t)h[19] << 24;

		assert_memory_equal(h, "ITBK", 4);
		blks[n].off = off;
		blks[n].len = 32 + stored;
		blks[n].count = h[24] | h[25] << 8;
		off += 32 + stored;
		n++;
	}
	assert_int_equal(off, size);
	return n;
}

static void test_roundtrip(void **state, bool compress)
{
	struct fix *f = *state;
	struct tracefile_reader *r;
	const struct tracefile_info *in;
	bool seen[NREC] = { 0 };
	struct stat st;

	write_file(f->path, compress, true, NREC);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(read_all(f->path, seen, &r), NREC);
	in = tracefile_reader_info(r);
	assert_true(in->header_ok);
	assert_int_equal(in->version, TRACEFILE_VERSION);
	assert_int_equal(in->state, TRACEFILE_CLEAN);
	assert_int_equal(in->pid, getpid());
	assert_string_equal(in->cmdline, "record -o t.itr --types key");
	assert_true(in->hostname[0] && in->kernel[0]);
	assert_true(in->created_ns > 1500000000ull * 1000000000ull);
	assert_true(tracefile_reader_end_seen(r));
	assert_int_equal(tracefile_reader_damage_count(r), 0);
	assert_int_equal(tracefile_reader_size(r), st.st_size);
	if (compress)	/* near-identical records compress well */
		assert_true(st.st_size < NREC * 72 / 4);
	else
		assert_true(st.st_size > NREC * 72);
	tracefile_reader_close(r);
}

static void test_roundtrip_plain(void **state)
{
	test_roundtrip(state, false);
}

static void test_roundtrip_zstd(void **state)
{
	test_roundtrip(state, true);
}

static void test_mixed_kinds_and_flush(void **state)
{
	struct fix *f = *state;
	struct tracefile_opts o = { .compress = true };
	struct tracefile_writer *w;
	struct tracefile_reader *r;
	struct trace_record in[3] = {
		mk_device(1, 2, 3, "kbd"), mk_event(2, 2, 1, 30, 1),
		mk_loss(3, INPUTTRACE_LOSS_READER, 0, 7),
	}, out;
	int i;

	assert_int_equal(tracefile_create(f->path, NULL, &o, &w), 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(tracefile_append(w, &in[i]), 0);
		assert_int_equal(tracefile_flush(w), 0);	/* one block each */
	}
	assert_int_equal(tracefile_flush(w), 0);		/* empty: no-op */
	assert_int_equal(tracefile_close(w), 0);

	assert_int_equal(tracefile_open(f->path, &r), 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(tracefile_next(r, &out), 1);
		assert_memory_equal(&out, &in[i], sizeof(out));
	}
	assert_int_equal(tracefile_next(r, &out), 0);
	assert_int_equal(tracefile_reader_blocks(r), 4);	/* 3 + END */
	assert_string_equal(tracefile_reader_info(r)->cmdline, "");
	tracefile_reader_close(r);
}

static void test_create_refuses(void **state)
{
	struct fix *f = *state;
	struct tracefile_opts bad = { .block_bytes = 100 };
	struct tracefile_writer *w;
	char *open_dir = path_join(f->dir, "open"), *p;
	struct stat st;

	/* never overwrite */
	spew(f->path, "keep", 4);
	assert_int_equal(tracefile_create(f->path, NULL, NULL, &w), -EEXIST);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_size, 4);

	/* never follow a symlink planted at the path */
	p = path_join(f->dir, "link.itr");
	assert_int_equal(symlink(f->path, p), 0);
	assert_int_equal(tracefile_create(p, NULL, NULL, &w), -EEXIST);
	free(p);

	/* world-writable directory without sticky bit */
	assert_int_equal(mkdir(open_dir, 0700), 0);
	assert_int_equal(chmod(open_dir, 0777), 0);
	p = path_join(open_dir, "x.itr");
	assert_int_equal(tracefile_create(p, NULL, NULL, &w), -EPERM);
	assert_int_equal(access(p, F_OK), -1);
	/* with the sticky bit it is fine (like /tmp) */
	assert_int_equal(chmod(open_dir, 01777), 0);
	assert_int_equal(tracefile_create(p, NULL, NULL, &w), 0);
	tracefile_abort(w, true);
	assert_int_equal(access(p, F_OK), -1);
	free(p);

	/* bad options leave nothing behind */
	p = path_join(f->dir, "y.itr");
	assert_int_equal(tracefile_create(p, NULL, &bad, &w), -EINVAL);
	assert_int_equal(access(p, F_OK), -1);
	free(p);
	p = path_join(f->dir, "nodir/z.itr");
	assert_int_equal(tracefile_create(p, NULL, NULL, &w), -ENOENT);
	free(p);
	free(open_dir);
}

static void test_not_a_trace_file(void **state)
{
	struct fix *f = *state;
	struct tracefile_reader *r;

	spew(f->path, "", 0);
	assert_int_equal(tracefile_open(f->path, &r), -EBADMSG);
	unlink(f->path);
	spew(f->path, "#!/bin/sh\necho hello\n", 21);
	assert_int_equal(tracefile_open(f->path, &r), -EBADMSG);
	assert_int_equal(tracefile_open(f->dir, &r), -EISDIR);
}

/* Damage block @victim in one of two ways; all other records survive. */
static void corrupt_and_check(struct fix *f, int victim, bool hit_header, bool compress)
{
	struct tracefile_reader *r;
	const struct tracefile_damage *d;
	bool seen[NREC] = { 0 };
	struct blk blks[64];
	unsigned char *b;
	size_t size;
	int nb, i, lost = 0;

	write_file(f->path, compress, true, NREC);
	b = slurp(f->path, &size);
	nb = walk_blocks(b, size, blks, 64);
	assert_true(nb > victim + 2);
	if (hit_header)
		b[blks[victim].off] ^= 0xff;		/* block magic */
	else
		b[blks[victim].off + blks[victim].len / 2] ^= 0x5a;
	spew(f->path, b, size);

	assert_int_equal(read_all(f->path, seen, &r), NREC - (int)blks[victim].count);
	for (i = 0; i < NREC; i++)
		lost += !seen[i];
	assert_int_equal(lost, blks[victim].count);
	assert_int_equal(tracefile_reader_damage_count(r), 1);
	d = tracefile_reader_damage(r, 0);
	assert_int_equal(d->offset, blks[victim].off);
	assert_int_equal(d->length, blks[victim].len);
	assert_true(tracefile_reader_end_seen(r));
	tracefile_reader_close(r);
	free(b);
}

static void test_resync_payload(void **state)
{
	corrupt_and_check(*state, 3, false, false);
}

static void test_resync_block_magic(void **state)
{
	corrupt_and_check(*state, 5, true, false);
}

static void test_resync_zstd(void **state)
{
	struct fix *f = *state;

	/* compressed blocks are small: write more so there are enough */
	(void)f;
	corrupt_and_check(*state, 1, false, true);
}

static void test_resync_first_block(void **state)
{
	corrupt_and_check(*state, 0, false, false);
}

static void test_torn_tail(void **state)
{
	struct fix *f = *state;
	struct tracefile_reader *r;
	const struct tracefile_damage *d;
	bool seen[NREC] = { 0 };
	struct blk blks[64];
	unsigned char *b;
	size_t size;
	int nb, i, expect = 0;

	/* crash: the last partial block was never sealed */
	write_file(f->path, false, false, NREC);
	b = slurp(f->path, &size);
	nb = walk_blocks(b, size, blks, 64);
	/* and the block before it was torn in the middle */
	assert_int_equal(truncate(f->path, blks[nb - 1].off + 40), 0);
	for (i = 0; i < nb - 1; i++)
		expect += blks[i].count;

	assert_int_equal(read_all(f->path, seen, &r), expect);
	assert_int_equal(tracefile_reader_info(r)->state, TRACEFILE_ONLINE);
	assert_false(tracefile_reader_end_seen(r));
	assert_int_equal(tracefile_reader_damage_count(r), 1);
	d = tracefile_reader_damage(r, 0);
	assert_int_equal(d->offset, blks[nb - 1].off);
	assert_int_equal(d->length, 40);
	tracefile_reader_close(r);

	/* cut exactly at a block boundary: no damage, just no END */
	assert_int_equal(truncate(f->path, blks[nb - 1].off), 0);
	memset(seen, 0, sizeof(seen));
	assert_int_equal(read_all(f->path, seen, &r), expect);
	assert_int_equal(tracefile_reader_damage_count(r), 0);
	assert_false(tracefile_reader_end_seen(r));
	tracefile_reader_close(r);
	free(b);
}

static void test_header_damage_and_state(void **state)
{
	struct fix *f = *state;
	struct tracefile_reader *r;
	bool seen[NREC] = { 0 };
	struct blk blks[64];
	unsigned char *b;
	size_t size;

	write_file(f->path, true, true, NREC);
	/* the state byte is outside the header crc */
	assert_int_equal(tracefile_set_state(f->path, TRACEFILE_ARCHIVED), 0);
	assert_int_equal(read_all(f->path, seen, &r), NREC);
	assert_true(tracefile_reader_info(r)->header_ok);
	assert_int_equal(tracefile_reader_info(r)->state, TRACEFILE_ARCHIVED);
	tracefile_reader_close(r);
	assert_int_equal(tracefile_set_state(f->path, 9), -EINVAL);

	/* a flipped cmdline byte: header untrusted, records still there */
	b = slurp(f->path, &size);
	walk_blocks(b, size, blks, 64);
	b[blks[0].off - 2] ^= 1;
	spew(f->path, b, size);
	memset(seen, 0, sizeof(seen));
	assert_int_equal(read_all(f->path, seen, &r), NREC);
	assert_false(tracefile_reader_info(r)->header_ok);
	assert_int_equal(tracefile_reader_damage_count(r), 1);
	assert_int_equal(tracefile_reader_damage(r, 0)->offset, 0);
	assert_int_equal(tracefile_reader_damage(r, 0)->length, blks[0].off);
	tracefile_reader_close(r);
	free(b);
}

static void test_trailing_garbage_and_gap(void **state)
{
	struct fix *f = *state;
	struct tracefile_reader *r;
	bool seen[NREC] = { 0 };
	struct blk blks[64];
	unsigned char *b, *c;
	size_t size, cut;
	int nb;

	write_file(f->path, false, true, NREC);
	b = slurp(f->path, &size);
	nb = walk_blocks(b, size, blks, 64);

	/* bytes after END */
	c = malloc(size + 10);
	memcpy(c, b, size);
	memset(c + size, 'G', 10);
	spew(f->path, c, size + 10);
	assert_int_equal(read_all(f->path, seen, &r), NREC);
	assert_int_equal(tracefile_reader_damage_count(r), 1);
	assert_int_equal(tracefile_reader_damage(r, 0)->offset, size);
	assert_int_equal(tracefile_reader_damage(r, 0)->length, 10);
	tracefile_reader_close(r);

	/* a whole block cut out cleanly: reported as a sequence gap */
	cut = blks[2].len;
	memcpy(c, b, blks[2].off);
	memcpy(c + blks[2].off, b + blks[3].off, size - blks[3].off);
	unlink(f->path);
	spew(f->path, c, size - cut);
	memset(seen, 0, sizeof(seen));
	assert_int_equal(read_all(f->path, seen, &r), NREC - (int)blks[2].count);
	assert_int_equal(tracefile_reader_damage_count(r), 1);
	assert_int_equal(tracefile_reader_damage(r, 0)->offset, blks[2].off);
	assert_int_equal(tracefile_reader_damage(r, 0)->length, 0);
	tracefile_reader_close(r);
	(void)nb;
	free(b);
	free(c);
}

/* Random damage anywhere must never crash nor invent records. */
static void test_random_corruption(void **state)
{
	struct fix *f = *state;
	unsigned int seed = 7;
	unsigned char *b, *c;
	size_t size;
	int round, k;

	write_file(f->path, true, true, NREC);
	b = slurp(f->path, &size);
	c = malloc(size);
	for (round = 0; round < 200; round++) {
		struct tracefile_reader *r;
		bool seen[NREC] = { 0 };
		size_t len = size;

		memcpy(c, b, size);
		for (k = 0; k < 1 + round % 8; k++)
			c[rand_r(&seed) % size] ^= 1 << (rand_r(&seed) % 8);
		if (round % 3 == 0)
			len = rand_r(&seed) % size;
		unlink(f->path);
		spew(f->path, c, len);
		if (tracefile_open(f->path, &r))
			continue;	/* magic hit: not a trace file */
		tracefile_reader_close(r);
		read_all(f->path, seen, &r);
		tracefile_reader_close(r);
	}
	free(b);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_roundtrip_plain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roundtrip_zstd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mixed_kinds_and_flush, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_trace_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resync_payload, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resync_block_magic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resync_zstd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resync_first_block, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_tail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_damage_and_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trailing_garbage_and_gap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_corruption, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * test_tracefile.c - trace file writer/reader on real files: round trip,
 * safe creation, block checksums, resynchronisation after damage, torn
 * tails, header state codes, write retries.
 */
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <zlib.h>
#include "tracefile_helpers.h"
#include "record_codec_v2.h"
#include "tracefile_fmt.h"

#define NREC	1000	/* ~18 blocks of 4 KiB */

struct fix {
	char *dir;
	char *path;
};

/*
 * The format version the test writes: the default, or (tests listed with
 * V1() below) version 1, which every reader must keep reading.
 */
static uint16_t version;

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	version = (uint16_t)(uintptr_t)*state;

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
				    .sync = TRACEFILE_SYNC_NONE, .version = version };
	struct tracefile_meta m = { .cmdline = "record -o t.itr --types key" };
	struct tracefile_writer *w;
	int i;

	assert_int_equal(tracefile_create(path, &m, &o, &w), 0);
	for (i = 0; i < n; i++) {
		struct trace_record r = mk_thread_event(1000 + i, i, i);

		assert_int_equal(tracefile_append(w, &r), 0);
	}
	if (close_it)
		assert_int_equal(tracefile_close(w), 0);
	else
		tracefile_abort(w, false);	/* what a crash leaves */
}

/* Replace @path by a fresh file of NREC records. */
static void write_file_again(const char *path)
{
	unlink(path);
	write_file(path, false, true, NREC);
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

/*
 * Without compression every block is stored as encoded: no zstd flag,
 * stored == decoded length, and (mk_thread_event's readers outnumber a v2
 * block's context table, so each event defines its context) at least
 * the bytes each version spends on one such event.
 */
static void assert_stored_raw(const char *path, uint16_t v)
{
	size_t size, min = v >= 2 ? 2 + RC2_CONTEXT_LEN + 3 : RECORD_HDR_LEN + RECORD_EVENT_LEN;
	struct blk blks[64];
	unsigned char *b = slurp(path, &size);
	uint64_t payload = 0;
	int nb, i;

	nb = walk_blocks(b, size, blks, 64);
	for (i = 0; i < nb; i++) {
		const unsigned char *h = b + blks[i].off;

		assert_int_equal(get_le32(h + 4) & TB_FLAG_ZSTD, 0);
		if (!(get_le32(h + 4) & TB_FLAG_END))
			assert_int_equal(!!(get_le32(h + 4) & TB_FLAG_PACKED), v >= 2);
		assert_int_equal(get_le32(h + 16), get_le32(h + 20));
		payload += get_le32(h + 16);
	}
	assert_true(payload >= (uint64_t)NREC * min);
	free(b);
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
	assert_int_equal(in->version, version ? version : TRACEFILE_VERSION_DEFAULT);
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
		assert_stored_raw(f->path, in->version);
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

	/* group-writable is as bad as world-writable */
	assert_int_equal(chmod(open_dir, 0770), 0);
	p = path_join(open_dir, "g.itr");
	assert_int_equal(tracefile_create(p, NULL, NULL, &w), -EPERM);
	assert_int_equal(access(p, F_OK), -1);
	free(p);

	/* a directory reached through a symlink could be re-pointed */
	assert_int_equal(chmod(open_dir, 0700), 0);
	p = path_join(f->dir, "dirlink");
	assert_int_equal(symlink(open_dir, p), 0);
	free(p);
	p = path_join(f->dir, "dirlink/l.itr");
	assert_int_equal(tracefile_create(p, NULL, NULL, &w), -ELOOP);
	assert_int_equal(tracefile_check_parent(p), -ELOOP);
	free(p);
	p = path_join(open_dir, "l.itr");
	assert_int_equal(access(p, F_OK), -1);
	free(p);

	/* owned by another user (needs root to set up; CI runs as root) */
	if (geteuid() == 0) {
		assert_int_equal(chown(open_dir, 65534, 65534), 0);
		p = path_join(open_dir, "o.itr");
		assert_int_equal(tracefile_create(p, NULL, NULL, &w), -EPERM);
		assert_int_equal(access(p, F_OK), -1);
		free(p);
	} else {
		print_message("not root: foreign-owned directory case not run\n");
	}

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

/* Recompute the crc of the block at @h, as a forger (or a bug) would. */
static void fix_block_crc(unsigned char *h)
{
	uint32_t stored = get_le32(h + 16), crc = crc32(0, h, 28);

	put_le32(h + 28, crc32(crc, h + 32, stored));
}

/*
 * A block whose framing and crc are right but whose entries are not: the
 * first entry's tag zeroed, a record count the entries do not reach, the
 * last entry cut short.  The decoder, not the crc, finds each, and the
 * block is one damaged range like any other; the blocks after it read.
 */
static void test_bad_entries_valid_crc(void **state)
{
	struct fix *f = *state;
	struct tracefile_reader *r;
	const struct tracefile_damage *d;
	struct blk blks[64];
	unsigned char *b, *h;
	size_t size;
	int nb, how;

	write_file(f->path, false, true, NREC);
	for (how = 0; how < 3; how++) {
		bool seen[NREC] = { 0 };

		b = slurp(f->path, &size);
		nb = walk_blocks(b, size, blks, 64);
		assert_true(nb > 4);
		h = b + blks[2].off;
		if (how == 0)
			h[32] = 0;
		else if (how == 1)
			put_le32(h + 24, get_le32(h + 24) + 1);
		else {	/* one byte less of payload, the block header says so */
			put_le32(h + 16, get_le32(h + 16) - 1);
			put_le32(h + 20, get_le32(h + 20) - 1);
			memmove(h + blks[2].len - 1, h + blks[2].len, size - blks[2].off -
				blks[2].len);
			size--;
			blks[2].len--;
		}
		fix_block_crc(h);
		respew(f->path, b, size);
		assert_int_equal(read_all(f->path, seen, &r), NREC - (int)blks[2].count);
		assert_int_equal(tracefile_reader_damage_count(r), 1);
		d = tracefile_reader_damage(r, 0);
		assert_int_equal(d->offset, blks[2].off);
		assert_int_equal(d->length, blks[2].len);
		assert_false(d->torn);
		assert_true(tracefile_reader_end_seen(r));
		tracefile_reader_close(r);
		free(b);
		write_file_again(f->path);
	}
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
	assert_true(d->torn);
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
	assert_int_equal(tracefile_set_state(f->path, 3), -EINVAL);	/* old ARCHIVED */
	assert_int_equal(tracefile_set_state(f->path, 0), -EINVAL);

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
	assert_false(tracefile_reader_damage(r, 0)->torn);
	tracefile_reader_close(r);

	/* the first block cut out: a valid header promises sequence 0 */
	memcpy(c, b, blks[0].off);
	memcpy(c + blks[0].off, b + blks[1].off, size - blks[1].off);
	respew(f->path, c, size - blks[0].len);
	memset(seen, 0, sizeof(seen));
	assert_int_equal(read_all(f->path, seen, &r), NREC - (int)blks[0].count);
	assert_int_equal(tracefile_reader_damage_count(r), 1);
	assert_int_equal(tracefile_reader_damage(r, 0)->offset, blks[0].off);
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

/*
 * The state byte is the only one no checksum covers.  ONLINE/CLEAN/ARCHIVED
 * are 0x01/0x02/0x04: every single-bit flip of any of them is invalid and
 * must be reported, while the records stay readable.
 */
static void test_state_bit_flips(void **state)
{
	static const uint8_t states[] = {
		TRACEFILE_ONLINE, TRACEFILE_CLEAN, TRACEFILE_ARCHIVED,
	};
	struct fix *f = *state;
	unsigned char *b;
	size_t size;
	int s, bit;

	write_file(f->path, false, true, 50);
	for (s = 0; s < 3; s++) {
		assert_int_equal(tracefile_set_state(f->path, states[s]), 0);
		b = slurp(f->path, &size);
		assert_int_equal(b[10], states[s]);
		for (bit = 0; bit < 8; bit++) {
			struct tracefile_reader *r;
			bool seen[NREC] = { 0 };

			b[10] = states[s] ^ (1 << bit);
			respew(f->path, b, size);
			assert_int_equal(read_all(f->path, seen, &r), 50);
			assert_true(tracefile_reader_info(r)->header_ok);
			assert_int_equal(tracefile_reader_info(r)->state, states[s] ^ (1 << bit));
			assert_string_equal(tracefile_state_name(b[10]), "unknown");
			assert_int_equal(tracefile_reader_damage_count(r), 1);
			assert_int_equal(tracefile_reader_damage(r, 0)->offset, 10);
			assert_int_equal(tracefile_reader_damage(r, 0)->length, 1);
			assert_true(tracefile_reader_end_seen(r));
			tracefile_reader_close(r);
		}
		b[10] = states[s];
		respew(f->path, b, size);
		free(b);
	}
}

/* Unknown header flags come from a newer writer: refuse, do not guess. */
static void test_unknown_header_flags(void **state)
{
	struct fix *f = *state;
	unsigned char *b;
	uint32_t crc;
	size_t size, len;
	struct tracefile_reader *r;

	write_file(f->path, false, true, 10);
	b = slurp(f->path, &size);
	len = get_le32(b + 12);
	b[11] = 0x80;
	/* a valid crc, so it is the flag that is refused, not damage */
	memset(b + 16, 0, 4);
	b[10] = 0;
	crc = crc32(0, b, len);
	put_le32(b + 16, crc);
	b[10] = TRACEFILE_CLEAN;
	respew(f->path, b, size);
	assert_int_equal(tracefile_open(f->path, &r), -EPROTONOSUPPORT);
	free(b);
}

/*
 * A block write that fails is cut off and kept sealed aside; records keep
 * queueing; a later flush writes it unchanged, then the newer records.
 * RLIMIT_FSIZE makes a real write fail on a real file.
 */
static void write_retry(struct fix *f, const unsigned char *pk, const unsigned char *sk)
{
	struct tracefile_opts o = { .block_bytes = 4096, .sync = TRACEFILE_SYNC_NONE,
				    .recipient_pk = pk };
	struct tracefile_writer *w;
	struct tracefile_reader *r;
	struct trace_record rec;
	struct rlimit old, low;
	uint64_t hdr;
	int i, rc1, rc2 = 0, rc3, n = 0;
	struct stat st;

	assert_int_equal(tracefile_create(f->path, NULL, &o, &w), 0);
	hdr = tracefile_writer_bytes(w);
	for (i = 0; i < 10; i++) {
		rec = mk_event(i, 1, 1, 30, i);
		assert_int_equal(tracefile_append(w, &rec), 0);
	}
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	low = old;
	low.rlim_cur = hdr + 10;	/* a block header does not fit */
	signal(SIGXFSZ, SIG_IGN);
	/* no assertion may print while the limit is low: collect, then check */
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &low), 0);
	rc1 = tracefile_flush(w);
	for (i = 10; i < 20; i++) {
		rec = mk_event(i, 1, 1, 30, i);
		rc2 = tracefile_append(w, &rec);
		if (rc2)
			break;
	}
	rc3 = tracefile_flush(w);	/* the sealed block still cannot go */
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_DFL);

	assert_int_equal(rc1, -EFBIG);
	assert_int_equal(rc2, 0);	/* queued behind the failed block */
	assert_int_equal(rc3, -EFBIG);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_size, hdr);	/* torn bytes cut off */
	assert_int_equal(tracefile_writer_bytes(w), hdr);
	assert_int_equal(tracefile_close(w), 0);

	assert_int_equal(tracefile_open_key(f->path, sk, &r), 0);
	while (tracefile_next(r, &rec) == 1) {
		assert_int_equal(rec.ev.value, n);
		n++;
	}
	assert_int_equal(n, 20);
	assert_int_equal(tracefile_reader_blocks(r), 3);	/* 2 + END */
	assert_int_equal(tracefile_reader_damage_count(r), 0);
	assert_true(tracefile_reader_end_seen(r));
	tracefile_reader_close(r);
}

static void test_write_retry_plain(void **state)
{
	write_retry(*state, NULL, NULL);
}

static void test_write_retry_encrypted(void **state)
{
	struct keypair kp;

	keypair_new(&kp);
	write_retry(*state, kp.pk, kp.sk);
}

/* The same test on a version 1 file. */
#define V1(fn) { #fn "_v1", fn, setup, teardown, (void *)1 }

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
		cmocka_unit_test_setup_teardown(test_bad_entries_valid_crc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_damage_and_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trailing_garbage_and_gap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_corruption, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_bit_flips, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_header_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_retry_plain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_retry_encrypted, setup, teardown),
		V1(test_roundtrip_plain),
		V1(test_roundtrip_zstd),
		V1(test_resync_payload),
		V1(test_resync_block_magic),
		V1(test_resync_zstd),
		V1(test_resync_first_block),
		V1(test_torn_tail),
		V1(test_bad_entries_valid_crc),
		V1(test_header_damage_and_state),
		V1(test_trailing_garbage_and_gap),
		V1(test_random_corruption),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tracefile_helpers.h - helpers for the trace file tests: key pairs,
 * sample files with every record kind, walking blocks by the documented
 * layout (independently of the reader), and byte surgery on copies.
 */
#ifndef __TRACEFILE_HELPERS_H
#define __TRACEFILE_HELPERS_H

#include "unit_helpers.h"
#include <sodium.h>
#include "tracefile.h"

#define SAMPLE_BLOCK	4096

struct blk {
	uint64_t off, len;
	uint32_t count;
};

static inline uint32_t get_le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void put_le32(unsigned char *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* Walk the blocks of an intact file using the documented layout. */
static inline int walk_blocks(const unsigned char *b, size_t size, struct blk *blks,
			      int max)
{
	uint64_t off = get_le32(b + 12);
	int n = 0;

	while (off + 32 <= size && n < max) {
		const unsigned char *h = b + off;
		uint32_t stored = get_le32(h + 16);

		assert_memory_equal(h, "ITBK", 4);
		blks[n].off = off;
		blks[n].len = 32 + stored;
		blks[n].count = get_le32(h + 24);
		off += 32 + stored;
		n++;
	}
	assert_int_equal(off, size);
	return n;
}

struct keypair {
	unsigned char pk[TRACEFILE_KEY_BYTES];
	unsigned char sk[TRACEFILE_KEY_BYTES];
};

static inline void keypair_new(struct keypair *kp)
{
	assert_true(sodium_init() >= 0);
	assert_int_equal(crypto_box_keypair(kp->pk, kp->sk), 0);
}

/* Record @i of a sample file: a DEVICE first, a LOSS now and then, events. */
static inline struct trace_record sample_record(int i)
{
	if (i == 0)
		return mk_device(1000, 1, 3, "Sample Keyboard");
	if (i % 97 == 50)
		return mk_loss(1000 + i, INPUTTRACE_LOSS_RING_FULL, i % 4, i);
	return mk_thread_event(1000 + i, i, i);
}

/* @n sample records in 4 KiB blocks; encrypted to @pk unless NULL. */
static inline void write_sample_file(const char *path, const unsigned char *pk,
				     bool compress, int n, bool close_it)
{
	struct tracefile_opts o = { .block_bytes = SAMPLE_BLOCK, .compress = compress,
				    .sync = TRACEFILE_SYNC_NONE, .recipient_pk = pk };
	struct tracefile_meta m = { .cmdline = "record -o t.itr" };
	struct tracefile_writer *w;
	int i;

	assert_int_equal(tracefile_create(path, &m, &o, &w), 0);
	for (i = 0; i < n; i++) {
		struct trace_record r = sample_record(i);

		assert_int_equal(tracefile_append(w, &r), 0);
	}
	if (close_it)
		assert_int_equal(tracefile_close(w), 0);
	else
		tracefile_abort(w, false);	/* what a crash leaves */
}

/* Replace @path by @len bytes of @buf. */
static inline void respew(const char *path, const void *buf, size_t len)
{
	unlink(path);
	spew(path, buf, len);
}

#endif /* __TRACEFILE_HELPERS_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * test_record_codec_v2.c - the packed entries of format version 2
 * (lib/record_codec_v2.c): varint and zigzag edges, fields at their
 * extremes, clocks going backwards, the per-block context table, and
 * truncated or malformed entries.
 */
#include "unit_helpers.h"
#include <errno.h>
#include "record_codec_v2.h"

/* Bytes LEB128 needs for @v: 7 bits each, at least one. */
static size_t varint_len(uint64_t v)
{
	size_t n = 1;

	while (v >>= 7)
		n++;
	return n;
}

static void test_varint_edges(void **state)
{
	unsigned char b[RC2_VARINT_MAX + 1];
	uint64_t v, got;
	size_t n, i;
	int bit;

	(void)state;
	/* 0, then both sides of every 7-bit boundary, up to max u64 */
	for (bit = 0; bit <= 64; bit += 7) {
		uint64_t edge = bit == 63 ? 1ull << 63 : bit ? 1ull << bit : 0;
		uint64_t vals[3] = { edge - 1, edge, edge + 1 };

		for (i = 0; i < 3; i++) {
			v = bit == 0 && i == 0 ? 0 : vals[i];
			n = rc2_put_varint(b, v);
			assert_int_equal(n, varint_len(v));
			assert_int_equal(rc2_get_varint(b, n, &got), n);
			assert_true(got == v);
			/* every byte but the last says more follows */
			assert_int_equal(b[n - 1] & 0x80, 0);
			/* cut anywhere: truncated, not a smaller value */
			assert_int_equal(rc2_get_varint(b, n - 1, &got), 0);
		}
	}
	assert_int_equal(rc2_put_varint(b, 127), 1);
	assert_int_equal(rc2_put_varint(b, 128), 2);
	assert_memory_equal(b, "\x80\x01", 2);
	assert_int_equal(rc2_put_varint(b, UINT64_MAX), RC2_VARINT_MAX);
	assert_memory_equal(b, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 10);
	assert_int_equal(rc2_get_varint(b, 10, &got), 10);
	assert_true(got == UINT64_MAX);

	/* a 10th byte with more than bit 63: wider than 64 bits */
	b[9] = 0x02;
	assert_int_equal(rc2_get_varint(b, 10, &got), 0);
	/* 11 bytes: never */
	memset(b, 0x80, sizeof(b));
	b[10] = 0;
	assert_int_equal(rc2_get_varint(b, sizeof(b), &got), 0);
	/* a redundant zero continuation is accepted as the same value */
	assert_int_equal(rc2_get_varint((const unsigned char *)"\x81\x00", 2, &got), 2);
	assert_true(got == 1);
}

static struct trace_record ev_at(uint64_t t, int32_t value)
{
	return mk_event(t, 1, 1, 30, value);
}

/* Encode @n records in one block, decode them back, compare each. */
static size_t roundtrip(const struct trace_record *in, int n)
{
	static unsigned char buf[64 * 1024];
	struct rc2_state enc, dec;
	struct trace_record out;
	size_t len = 0, pos = 0, used;
	int i, ret;

	rc2_reset(&enc);
	for (i = 0; i < n; i++) {
		ret = rc2_encode(&enc, &in[i], buf + len, sizeof(buf) - len);
		assert_true(ret > 0);
		len += ret;
	}
	rc2_reset(&dec);
	for (i = 0; i < n; i++) {
		do {
			ret = rc2_decode(&dec, buf + pos, len - pos, &out, &used);
			assert_true(ret >= 0);
			pos += used;
		} while (ret == 0);	/* a CONTEXT */
		assert_int_equal(out.kind, in[i].kind);
		assert_memory_equal(&out, &in[i], sizeof(out));
	}
	assert_int_equal(pos, len);
	return len;
}

static void test_fields_at_extremes(void **state)
{
	struct trace_record r[16];
	int n = 0;

	(void)state;
	r[n++] = ev_at(0, 0);
	r[n++] = ev_at(UINT64_MAX, INT32_MIN);	/* delta 2^64 - 1: -1 */
	r[n++] = ev_at(0, INT32_MAX);		/* backwards to 0: +1 */
	r[n++] = ev_at(1ull << 63, -1);		/* the widest zigzag */
	r[n++] = ev_at(1000, 1);		/* far backwards */
	r[n++] = ev_at(999, -64);		/* 1 ns backwards */
	r[n++] = ev_at(999, 63);		/* same time: no time field */
	r[n] = ev_at(5000, -65);
	r[n].ev.read_ns = 4000;			/* read before the event: latency < 0 */
	n++;
	r[n] = ev_at(6000, 64);
	r[n].ev.read_ns = UINT64_MAX;
	r[n].ev.head.dev_id = UINT32_MAX;
	r[n].ev.cpu = UINT32_MAX;
	r[n].ev.type = UINT16_MAX;
	r[n].ev.code = UINT16_MAX;
	r[n].ev.flags = 0xff;
	n++;
	r[n] = ev_at(7000, 128);
	r[n].ev.cgroup_id = UINT64_MAX;
	r[n].ev.pid = UINT32_MAX;
	r[n].ev.tgid = UINT32_MAX;
	r[n].ev.quantum_ns = UINT32_MAX;
	r[n].ev.clock = 0xff;
	r[n].ev.level = 0xff;
	memset(r[n].ev.comm, 'x', sizeof(r[n].ev.comm) - 1);
	n++;
	r[n++] = mk_device(8000, UINT32_MAX, 3, "dev");
	r[n++] = mk_loss(UINT64_MAX, INPUTTRACE_LOSS_RING_FULL, 3, UINT64_MAX);
	r[n++] = mk_pause(0, UINT64_MAX, UINT64_MAX);
	r[n++] = ev_at(9000, 0);		/* after other kinds: state kept */
	roundtrip(r, n);
}

/* What v2 saves: a repeated event costs tag, time delta, code and value. */
static void test_entry_sizes(void **state)
{
	struct trace_record r[3] = { ev_at(1000, 1), ev_at(2000, 0), ev_at(2000, 0) };

	(void)state;
	/* CONTEXT (tag, length, 38) + tag, ctx, dev, cpu, time (2), type,
	 * latency (2), code, value */
	assert_int_equal(roundtrip(r, 1), 2 + RC2_CONTEXT_LEN + 11);
	/* + tag, zigzag(1000) in 2 bytes, code, value */
	assert_int_equal(roundtrip(r, 2), 2 + RC2_CONTEXT_LEN + 11 + 5);
	/* an identical event: tag, code, value */
	assert_int_equal(roundtrip(r, 3), 2 + RC2_CONTEXT_LEN + 11 + 5 + 3);
}

/* A CAPS entry: tag 6, its 1732-byte body after a two-byte varint length. */
static void test_caps_entry(void **state)
{
	static unsigned char buf[RC2_RECORD_MAX];
	struct inputtrace_caps in, got;
	struct trace_record rec = mk_caps(77, 5, &in), out;
	struct rc2_state s;
	size_t used;

	(void)state;
	rc2_reset(&s);
	assert_int_equal(rc2_encode(&s, &rec, buf, sizeof(buf)), 1 + 2 + RECORD_CAPS_LEN);
	assert_int_equal(buf[0], INPUTTRACE_REC_CAPS);
	assert_int_equal(rc2_encode(&s, &rec, buf, RECORD_CAPS_LEN), -ENOSPC);
	rc2_reset(&s);
	assert_int_equal(rc2_decode(&s, buf, sizeof(buf), &out, &used), 1);
	assert_int_equal(used, 1 + 2 + RECORD_CAPS_LEN);
	assert_int_equal(out.caps.head.dev_id, 5);
	record_caps_get(out.caps.body, &got);
	assert_memory_equal(&got, &in, sizeof(in));
	rec.caps.caps = NULL;
	assert_int_equal(rc2_encode(&s, &rec, buf, sizeof(buf)), -EINVAL);
}

/* The state an encoder or decoder goes on from (slots past nctx are free). */
static void assert_same_state(const struct rc2_state *a, const struct rc2_state *b)
{
	assert_int_equal(a->nctx, b->nctx);
	assert_memory_equal(&a->prev, &b->prev, sizeof(a->prev));
	assert_memory_equal(a->ctx, b->ctx, a->nctx * sizeof(a->ctx[0]));
}

static void test_context_table_full(void **state)
{
	static unsigned char buf[16 * 1024];
	struct rc2_state s, before;
	struct trace_record r;
	size_t len = 0;
	int i, ret;

	(void)state;
	rc2_reset(&s);
	for (i = 0; i < RC2_CTX_MAX; i++) {
		r = mk_thread_event(1000 + i, i, i);
		ret = rc2_encode(&s, &r, buf + len, sizeof(buf) - len);
		assert_true(ret > RC2_CONTEXT_LEN);
		len += ret;
	}
	before = s;
	r = mk_thread_event(5000, RC2_CTX_MAX, 0);
	assert_int_equal(rc2_encode(&s, &r, buf + len, sizeof(buf) - len), -ENOSPC);
	assert_same_state(&s, &before);
	/* a context the block holds still fits */
	r = mk_thread_event(5000, 3, 0);
	ret = rc2_encode(&s, &r, buf + len, sizeof(buf) - len);
	assert_true(ret > 0 && ret < RC2_CONTEXT_LEN);
}

/* Too small a buffer changes nothing: the retry in a new block is exact. */
static void test_enospc_keeps_state(void **state)
{
	unsigned char buf[256];
	struct trace_record a = ev_at(1000, 5), b = ev_at(3000, 7);
	struct rc2_state s, before;
	int n, cap;

	(void)state;
	rc2_reset(&s);
	n = rc2_encode(&s, &a, buf, sizeof(buf));
	assert_true(n > 0);
	before = s;
	for (cap = 0; cap < 5; cap++) {
		assert_int_equal(rc2_encode(&s, &b, buf + n, cap), -ENOSPC);
		assert_same_state(&s, &before);
	}
	/* and a new context that does not fit is forgotten again */
	b.ev.pid = 1;
	assert_int_equal(rc2_encode(&s, &b, buf + n, RC2_CONTEXT_LEN), -ENOSPC);
	assert_same_state(&s, &before);
	assert_int_equal(rc2_encode(&s, &b, buf + n, sizeof(buf) - n),
			 2 + RC2_CONTEXT_LEN + 6);
}

/* Every proper prefix of an entry is truncated, never another record. */
static void test_decode_truncated(void **state)
{
	struct trace_record r[3] = {
		ev_at(1000, -70000), mk_device(2000, 1, 3, "kbd"),
		mk_loss(3000, INPUTTRACE_LOSS_READER, 1, 9),
	}, out;
	unsigned char buf[512];
	struct rc2_state enc, dec, ctx;
	size_t len, cut, used;
	int i, n;

	(void)state;
	rc2_reset(&enc);
	n = rc2_encode(&enc, &r[0], buf, sizeof(buf));
	assert_true(n > 0);
	/* the event alone, after its CONTEXT */
	rc2_reset(&ctx);
	assert_int_equal(rc2_decode(&ctx, buf, n, &out, &used), 0);
	assert_int_equal(used, 2 + RC2_CONTEXT_LEN);
	for (cut = 0; cut < used; cut++) {
		rc2_reset(&dec);
		assert_int_equal(rc2_decode(&dec, buf, cut, &out, &used), -EBADMSG);
	}
	for (cut = 2 + RC2_CONTEXT_LEN; cut < (size_t)n; cut++) {
		dec = ctx;
		assert_int_equal(rc2_decode(&dec, buf + 2 + RC2_CONTEXT_LEN,
					    cut - 2 - RC2_CONTEXT_LEN, &out, &used), -EBADMSG);
	}
	for (i = 1; i < 3; i++) {
		len = rc2_encode(&enc, &r[i], buf, sizeof(buf));
		for (cut = 0; cut < len; cut++) {
			rc2_reset(&dec);
			assert_int_equal(rc2_decode(&dec, buf, cut, &out, &used), -EBADMSG);
		}
		rc2_reset(&dec);
		assert_int_equal(rc2_decode(&dec, buf, len, &out, &used), 1);
		assert_int_equal(used, len);
		assert_memory_equal(&out, &r[i], sizeof(out));
	}
}

static int decode1(const void *b, size_t len, struct rc2_state *s)
{
	struct trace_record out;
	size_t used;

	return rc2_decode(s, b, len, &out, &used);
}

static void test_decode_malformed(void **state)
{
	unsigned char ctx[2 + RC2_CONTEXT_LEN] = { RC2_KIND_CONTEXT, RC2_CONTEXT_LEN };
	unsigned char b[128];
	struct rc2_state s;
	struct trace_record out;
	size_t used;
	int i;

	(void)state;
	rc2_reset(&s);
	assert_int_equal(decode1("\x00", 1, &s), -EBADMSG);		/* tag 0 */
	assert_int_equal(decode1("", 0, &s), -EBADMSG);
	/* an event before any context, or naming one not defined */
	assert_int_equal(decode1("\x80\x1e\x02", 3, &s), -EBADMSG);
	assert_int_equal(decode1("\x81\x00\x1e\x02", 4, &s), -EBADMSG);
	assert_int_equal(decode1(ctx, sizeof(ctx), &s), 0);
	assert_int_equal(decode1("\x81\x00\x1e\x02", 4, &s), 1);
	assert_int_equal(decode1("\x81\x01\x1e\x02", 4, &s), -EBADMSG);
	/* a code wider than u16, a value wider than u32 */
	assert_int_equal(decode1("\x80\x80\x80\x04\x02", 5, &s), -EBADMSG);
	assert_int_equal(decode1("\x80\x1e\x80\x80\x80\x80\x10", 7, &s), -EBADMSG);
	assert_int_equal(decode1("\x80\x1e\xff\xff\xff\xff\x0f", 7, &s), 1);
	/* a context id past the table */
	assert_int_equal(decode1("\x81\x40\x1e\x02", 4, &s), -EBADMSG);
	/* CONTEXT of the wrong length; the 65th CONTEXT of a block */
	memset(b, 0, sizeof(b));
	b[0] = RC2_KIND_CONTEXT;
	b[1] = RC2_CONTEXT_LEN - 1;
	assert_int_equal(decode1(b, 2 + RC2_CONTEXT_LEN, &s), -EBADMSG);
	for (i = 1; i < RC2_CTX_MAX; i++)
		assert_int_equal(decode1(ctx, sizeof(ctx), &s), 0);
	assert_int_equal(decode1(ctx, sizeof(ctx), &s), -EBADMSG);
	/* an EVENT framed by its kind; a known kind of the wrong length */
	memset(b, 0, sizeof(b));
	b[0] = INPUTTRACE_REC_EVENT;
	b[1] = RECORD_EVENT_LEN;
	assert_int_equal(decode1(b, 2 + RECORD_EVENT_LEN, &s), -EBADMSG);
	b[0] = INPUTTRACE_REC_LOSS;
	b[1] = RECORD_LOSS_LEN - 1;
	assert_int_equal(decode1(b, sizeof(b), &s), -EBADMSG);
	/* a body length past the buffer */
	b[1] = RECORD_LOSS_LEN;
	assert_int_equal(decode1(b, RECORD_LOSS_LEN + 1, &s), -EBADMSG);
	/* a kind from a later version: skipped by its length */
	b[0] = 0x50;
	b[1] = 3;
	assert_int_equal(rc2_decode(&s, b, 10, &out, &used), 0);
	assert_int_equal(used, 5);
	assert_true(rc2_entry_is_record(b));
	assert_false(rc2_entry_is_record(ctx));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_varint_edges),
		cmocka_unit_test(test_fields_at_extremes),
		cmocka_unit_test(test_entry_sizes),
		cmocka_unit_test(test_caps_entry),
		cmocka_unit_test(test_context_table_full),
		cmocka_unit_test(test_enospc_keeps_state),
		cmocka_unit_test(test_decode_truncated),
		cmocka_unit_test(test_decode_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

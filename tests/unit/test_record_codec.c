// SPDX-License-Identifier: GPL-2.0
/* test_record_codec.c - on-disk record encoding: round trips and rejects. */
#include "unit_helpers.h"
#include <errno.h>

static void roundtrip(const struct trace_record *in)
{
	unsigned char buf[RECORD_MAX_LEN];
	struct trace_record out;
	size_t used = 0;
	int n;

	n = record_encode(in, buf, sizeof(buf));
	assert_int_equal(n, record_encoded_len(in));
	assert_int_equal(record_decode(buf, n, &out, &used), 1);
	assert_int_equal(used, n);
	assert_memory_equal(in, &out, sizeof(out));
}

static void test_roundtrip_all_kinds(void **state)
{
	struct trace_record ev = mk_event(0x1122334455667788ull, 7, 1, 30, -5);
	struct trace_record dev = mk_device(42, 7, 3, "Virtual Keyboard");
	struct trace_record loss = mk_loss(99, INPUTTRACE_LOSS_RING_FULL, ~0u, 1ull << 40);
	struct trace_record pause = mk_pause(123456789, 1000, (1ull << 33) + 5);

	(void)state;
	ev.ev.quantum_ns = 1000000;
	ev.ev.flags = INPUTTRACE_EV_REDACTED | INPUTTRACE_EV_VALUE_CLEARED;
	ev.ev.read_ns = UINT64_MAX;
	ev.ev.cgroup_id = 0xdeadbeefcafef00dull;
	roundtrip(&ev);
	roundtrip(&dev);
	roundtrip(&loss);
	roundtrip(&pause);
}

static void test_caps_roundtrip(void **state)
{
	static unsigned char buf[RECORD_MAX_LEN];
	struct inputtrace_caps in, got;
	struct trace_record rec = mk_caps(0x0102030405060708ull, 9, &in), out;
	size_t used = 0;

	(void)state;
	in.absinfo[63].resolution = INT32_MIN;
	in.keybit[11] = UINT64_MAX;
	assert_int_equal(record_encode(&rec, buf, sizeof(buf)), RECORD_HDR_LEN + RECORD_CAPS_LEN);
	/* kind 6, length 1732 (0x06c4), then time and dev_id little-endian */
	assert_int_equal(buf[0], 6);
	assert_int_equal(buf[2], 0xc4);
	assert_int_equal(buf[3], 0x06);
	assert_int_equal(buf[4], 0x08);
	assert_int_equal(buf[12], 9);
	assert_int_equal(record_decode(buf, sizeof(buf), &out, &used), 1);
	assert_int_equal(used, RECORD_HDR_LEN + RECORD_CAPS_LEN);
	assert_int_equal(out.kind, INPUTTRACE_REC_CAPS);
	assert_int_equal(out.caps.head.dev_id, 9);
	assert_true(out.caps.head.time_ns == 0x0102030405060708ull);
	assert_null(out.caps.caps);
	assert_ptr_equal(out.caps.body, buf + RECORD_HDR_LEN);
	record_caps_get(out.caps.body, &got);
	assert_memory_equal(&got, &in, sizeof(in));
	/* a body too small or too big for the kind is corrupt */
	buf[2] = 0xc3;
	assert_int_equal(record_decode(buf, sizeof(buf), &out, &used), -EBADMSG);
	/* the encoder needs the body */
	rec.caps.caps = NULL;
	assert_int_equal(record_encoded_len(&rec), 0);
	assert_int_equal(record_encode(&rec, buf, sizeof(buf)), -EINVAL);
	/* and room for all of it */
	rec.caps.caps = &in;
	assert_int_equal(record_encode(&rec, buf, RECORD_MAX_LEN - 1), -ENOSPC);
}

static void test_little_endian_layout(void **state)
{
	struct trace_record ev = mk_event(0x0102030405060708ull, 0xa0b0c0d0, 1, 30, 1);
	unsigned char buf[RECORD_MAX_LEN];
	static const unsigned char head[] = {
		0x01, 0x00, 72, 0x00,				/* kind, len */
		0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,	/* time_ns */
	};

	(void)state;
	ev.ev.quantum_ns = 0x11223344;
	assert_int_equal(record_encode(&ev, buf, sizeof(buf)), RECORD_HDR_LEN + 72);
	assert_memory_equal(buf, head, sizeof(head));
	/* dev_id sits after time, read and cgroup (3 x u64) */
	assert_int_equal(buf[RECORD_HDR_LEN + 24], 0xd0);
	assert_int_equal(buf[RECORD_HDR_LEN + 27], 0xa0);
	/* the quantum comes last, after comm */
	assert_int_equal(buf[RECORD_HDR_LEN + 68], 0x44);
	assert_int_equal(buf[RECORD_HDR_LEN + 71], 0x11);
}

static void test_strings_terminated(void **state)
{
	struct trace_record dev = mk_device(1, 1, 1, "");
	unsigned char buf[RECORD_MAX_LEN];
	struct trace_record out;
	size_t used;

	(void)state;
	/* full-width, unterminated strings in memory and on disk */
	memset(dev.dev.name, 'N', sizeof(dev.dev.name));
	memset(dev.dev.uniq, 'U', sizeof(dev.dev.uniq));
	assert_true(record_encode(&dev, buf, sizeof(buf)) > 0);
	assert_int_equal(record_decode(buf, sizeof(buf), &out, &used), 1);
	assert_int_equal(strlen(out.dev.name), sizeof(out.dev.name) - 1);
	assert_int_equal(strlen(out.dev.uniq), sizeof(out.dev.uniq) - 1);
}

static void test_encode_rejects(void **state)
{
	struct trace_record ev = mk_event(1, 1, 1, 1, 1);
	unsigned char buf[RECORD_MAX_LEN];

	(void)state;
	assert_int_equal(record_encode(&ev, buf, RECORD_HDR_LEN + 71), -ENOSPC);
	ev.kind = 0;
	assert_int_equal(record_encode(&ev, buf, sizeof(buf)), -EINVAL);
	ev.kind = 77;
	assert_int_equal(record_encode(&ev, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(record_encoded_len(&ev), 0);
}

static void test_decode_truncated(void **state)
{
	struct trace_record recs[4] = {
		mk_event(1, 1, 1, 1, 1), mk_device(1, 1, 1, "x"), mk_loss(1, 1, 1, 1),
		mk_pause(1, 1, 1),
	};
	unsigned char buf[RECORD_MAX_LEN];
	struct trace_record out;
	size_t used;
	int i, n, cut;

	(void)state;
	for (i = 0; i < 4; i++) {
		n = record_encode(&recs[i], buf, sizeof(buf));
		for (cut = 0; cut < n; cut++) {
			/* heap copy of exactly @cut bytes so ASan sees overreads */
			unsigned char *p = malloc(cut ? cut : 1);

			memcpy(p, buf, cut);
			assert_int_equal(record_decode(p, cut, &out, &used), -EBADMSG);
			free(p);
		}
	}
}

static void test_decode_bad_lengths_and_kinds(void **state)
{
	struct trace_record ev = mk_event(1, 1, 1, 1, 1), out;
	unsigned char buf[RECORD_MAX_LEN + 16] = { 0 };
	size_t used;

	(void)state;
	record_encode(&ev, buf, sizeof(buf));
	/* a known kind with a short or long body is corrupt, not "newer" */
	buf[2] = 71;
	assert_int_equal(record_decode(buf, sizeof(buf), &out, &used), -EBADMSG);
	buf[2] = 73;
	assert_int_equal(record_decode(buf, sizeof(buf), &out, &used), -EBADMSG);
	/* length beyond the buffer */
	buf[2] = 0xff;
	buf[3] = 0xff;
	assert_int_equal(record_decode(buf, sizeof(buf), &out, &used), -EBADMSG);
	/* kind 0 is never valid */
	buf[0] = 0;
	buf[1] = 0;
	buf[2] = 4;
	buf[3] = 0;
	assert_int_equal(record_decode(buf, sizeof(buf), &out, &used), -EBADMSG);
}

static void test_decode_skips_unknown_kind(void **state)
{
	unsigned char buf[] = { 0x99, 0x00, 3, 0, 'a', 'b', 'c', 0xee };
	unsigned char next[] = { 7, 0, 2, 0, 1, 2 };	/* the kind after CAPS */
	struct trace_record out;
	size_t used = 0;

	(void)state;
	assert_int_equal(record_decode(next, sizeof(next), &out, &used), 0);
	assert_int_equal(used, sizeof(next));
	memset(&out, 0x5a, sizeof(out));
	assert_int_equal(record_decode(buf, sizeof(buf), &out, &used), 0);
	assert_int_equal(used, 7);
	assert_int_equal(out.kind, 0x5a5a);	/* untouched */
	/* but the unknown body must still fit */
	assert_int_equal(record_decode(buf, 6, &out, &used), -EBADMSG);
}

static void test_decode_garbage(void **state)
{
	struct trace_record out;
	unsigned int seed = 1;
	size_t used;
	int i, len, j, rc;

	(void)state;
	for (i = 0; i < 20000; i++) {
		unsigned char *p;

		len = rand_r(&seed) % (RECORD_MAX_LEN + 8);
		p = malloc(len ? len : 1);
		for (j = 0; j < len; j++)
			p[j] = rand_r(&seed);
		if (len >= 4 && i % 2) {	/* steer toward known kinds */
			p[0] = 1 + i % 3;
			p[1] = 0;
		}
		rc = record_decode(p, len, &out, &used);
		assert_true(rc == -EBADMSG || rc == 0 || rc == 1);
		if (rc >= 0)
			assert_true(used <= (size_t)len);
		free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_all_kinds),
		cmocka_unit_test(test_caps_roundtrip),
		cmocka_unit_test(test_little_endian_layout),
		cmocka_unit_test(test_strings_terminated),
		cmocka_unit_test(test_encode_rejects),
		cmocka_unit_test(test_decode_truncated),
		cmocka_unit_test(test_decode_bad_lengths_and_kinds),
		cmocka_unit_test(test_decode_skips_unknown_kind),
		cmocka_unit_test(test_decode_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

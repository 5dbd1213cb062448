// SPDX-License-Identifier: GPL-2.0
/* test_reorder.c - ordering buffer: random per-CPU interleavings, ties,
 * watermark semantics, the memory cap and callback errors. */
#include "unit_helpers.h"
#include <errno.h>
#include "reorder.h"

struct sink {
	struct trace_record *out;
	size_t n, cap;
	int fail_at;		/* return -EIO when n reaches this; -1 never */
};

static int collect(const struct trace_record *rec, void *ctx)
{
	struct sink *s = ctx;

	if (s->fail_at >= 0 && s->n == (size_t)s->fail_at)
		return -EIO;
	assert_true(s->n < s->cap);
	s->out[s->n++] = *rec;
	return 0;
}

static struct trace_record ev_at(uint64_t read_ns, int32_t id)
{
	struct trace_record r = mk_event(read_ns - 100, 1, 1, 30, id);

	r.ev.read_ns = read_ns;
	return r;
}

#define CPUS	4
#define PER_CPU	500

/*
 * Each CPU's ring is ordered; rounds drain a random amount from each.
 * The watermark is the smallest key any CPU can still deliver, so
 * everything below it is final.
 */
static void test_random_interleavings(void **state)
{
	static struct trace_record out[CPUS * PER_CPU];
	unsigned int seed;

	(void)state;
	for (seed = 1; seed <= 30; seed++) {
		uint64_t keys[CPUS][PER_CPU];
		size_t next[CPUS] = { 0 };
		struct sink s = { .out = out, .cap = CPUS * PER_CPU, .fail_at = -1 };
		struct reorder *ro = reorder_new(0);
		struct reorder_stats st;
		int c, i, id = 0;
		bool left = true;

		for (c = 0; c < CPUS; c++) {
			uint64_t t = 1000;

			for (i = 0; i < PER_CPU; i++) {
				t += rand_r(&seed) % 50;	/* duplicates too */
				keys[c][i] = t;
			}
		}
		while (left) {
			uint64_t wm = UINT64_MAX;
			size_t before = s.n;

			left = false;
			for (c = 0; c < CPUS; c++) {
				int k = rand_r(&seed) % 40;

				while (k-- > 0 && next[c] < PER_CPU) {
					struct trace_record r = ev_at(keys[c][next[c]++], id++);

					r.ev.cpu = c;
					assert_int_equal(reorder_push(ro, &r, collect, &s), 0);
				}
				if (next[c] < PER_CPU) {
					left = true;
					if (keys[c][next[c]] < wm)
						wm = keys[c][next[c]];
				}
			}
			assert_int_equal(reorder_flush_upto(ro, wm, collect, &s), 0);
			for (; before < s.n; before++)
				assert_true(out[before].ev.read_ns < wm);
		}
		assert_int_equal(reorder_flush_all(ro, collect, &s), 0);
		assert_int_equal(s.n, CPUS * PER_CPU);
		for (i = 1; i < CPUS * PER_CPU; i++) {
			assert_true(out[i - 1].ev.read_ns <= out[i].ev.read_ns);
			/* equal keys: pushed first, emitted first */
			if (out[i - 1].ev.read_ns == out[i].ev.read_ns)
				assert_true(out[i - 1].ev.value < out[i].ev.value);
		}
		reorder_get_stats(ro, &st);
		assert_int_equal(st.late, 0);
		assert_int_equal(st.forced, 0);
		assert_int_equal(st.queued, 0);
		assert_int_equal(st.emitted, CPUS * PER_CPU);
		reorder_free(ro);
	}
}

static void test_keys_and_ties(void **state)
{
	struct trace_record out[8];
	struct sink s = { .out = out, .cap = 8, .fail_at = -1 };
	struct reorder *ro = reorder_new(0);
	struct trace_record e1 = ev_at(500, 1), e2 = ev_at(500, 2);
	struct trace_record dev = mk_device(500, 1, 3, "kbd");
	struct trace_record loss = mk_loss(500, 1, 0, 3);

	(void)state;
	/* EVENT is keyed by read_ns, not by its (earlier) event time */
	assert_int_equal(reorder_key(&e1), 500);
	assert_int_equal(reorder_push(ro, &e1, collect, &s), 0);
	assert_int_equal(reorder_push(ro, &loss, collect, &s), 0);
	assert_int_equal(reorder_push(ro, &e2, collect, &s), 0);
	assert_int_equal(reorder_push(ro, &dev, collect, &s), 0);	/* last in */
	/* watermark is exclusive */
	assert_int_equal(reorder_flush_upto(ro, 500, collect, &s), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(reorder_flush_upto(ro, 501, collect, &s), 0);
	assert_int_equal(s.n, 4);
	assert_int_equal(out[0].kind, INPUTTRACE_REC_DEVICE);
	assert_int_equal(out[1].ev.value, 1);
	assert_int_equal(out[2].kind, INPUTTRACE_REC_LOSS);
	assert_int_equal(out[3].ev.value, 2);
	reorder_free(ro);
}

static void test_cap_emits_oldest(void **state)
{
	struct trace_record out[32];
	struct sink s = { .out = out, .cap = 32, .fail_at = -1 };
	struct reorder *ro = reorder_new(4);
	struct reorder_stats st;
	int i;

	(void)state;
	for (i = 9; i >= 0; i--) {	/* newest first: worst case */
		struct trace_record r = ev_at(100 + i, i);

		assert_int_equal(reorder_push(ro, &r, collect, &s), 0);
	}
	reorder_get_stats(ro, &st);
	assert_int_equal(st.forced, 6);
	assert_int_equal(st.queued, 4);
	assert_int_equal(s.n, 6);
	/* the early ones were the oldest held at the time */
	assert_int_equal(out[0].ev.value, 6);
	assert_int_equal(reorder_flush_all(ro, collect, &s), 0);
	assert_int_equal(s.n, 10);		/* nothing dropped */
	reorder_get_stats(ro, &st);
	assert_int_equal(st.late, 6);		/* 5..0 each came after a bigger key left */
	reorder_free(ro);
}

static void test_callback_error_keeps_record(void **state)
{
	struct trace_record out[8];
	struct sink s = { .out = out, .cap = 8, .fail_at = 1 };
	struct reorder *ro = reorder_new(0);
	struct reorder_stats st;
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		struct trace_record r = ev_at(10 + i, i);

		assert_int_equal(reorder_push(ro, &r, collect, &s), 0);
	}
	assert_int_equal(reorder_flush_all(ro, collect, &s), -EIO);
	reorder_get_stats(ro, &st);
	assert_int_equal(st.queued, 2);
	s.fail_at = -1;
	assert_int_equal(reorder_flush_all(ro, collect, &s), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(out[1].ev.value, 1);
	reorder_free(ro);
	reorder_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_interleavings),
		cmocka_unit_test(test_keys_and_ties),
		cmocka_unit_test(test_cap_emits_oldest),
		cmocka_unit_test(test_callback_error_keeps_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

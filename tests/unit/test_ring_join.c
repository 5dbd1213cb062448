// SPDX-License-Identifier: GPL-2.0
/* test_ring_join.c - ring events joined with their READER records: every
 * field lands where it belongs, events that arrive before their context wait
 * and come out in order, ids out of range and what never gets a context. */
#include "unit_helpers.h"
#include <errno.h>
#include "ring_join.h"

static struct inputtrace_reader reader(uint32_t id, uint32_t pid, uint8_t level,
				       uint32_t quantum)
{
	struct inputtrace_reader rd;

	memset(&rd, 0, sizeof(rd));
	rd.head.kind = INPUTTRACE_REC_READER;
	rd.head.size = sizeof(rd);
	rd.head.time_ns = 5;
	rd.ctx_id = id;
	rd.pid = pid;
	rd.tgid = pid + 1;
	rd.cgroup_id = 1000 + id;
	rd.quantum_ns = quantum;
	rd.clock = INPUTTRACE_CLOCK_MONOTONIC;
	rd.level = level;
	/* all 16 bytes used: the joined comm must still end in a NUL */
	memcpy(rd.comm, "0123456789abcdef", sizeof(rd.comm));
	return rd;
}

static struct inputtrace_ring_event ring_ev(uint32_t ctx_id, int32_t value)
{
	struct inputtrace_ring_event e;

	memset(&e, 0, sizeof(e));
	e.head.kind = INPUTTRACE_REC_EVENT;
	e.head.size = sizeof(e);
	e.head.time_ns = 100 + value;
	e.head.dev_id = 3;
	e.read_ns = 200 + value;
	e.ctx_id = ctx_id;
	e.type = 1;
	e.code = 30;
	e.value = value;
	e.flags = INPUTTRACE_EV_REDACTED;
	e.cpu = 7;
	return e;
}

struct sink {
	struct inputtrace_event out[16];
	size_t n;
};

static int collect(const struct inputtrace_event *ev, void *ctx)
{
	struct sink *s = ctx;

	assert_true(s->n < 16);
	s->out[s->n++] = *ev;
	return 0;
}

static void test_join_fields(void **state)
{
	struct ring_join *j = ring_join_new();
	struct inputtrace_reader rd = reader(1, 42, INPUTTRACE_LEVEL_FULL, 1000);
	struct inputtrace_ring_event e = ring_ev(1, 9);
	struct inputtrace_event ev;

	(void)state;
	assert_int_equal(ring_join_reader(j, &rd), 0);
	assert_int_equal(ring_join_event(j, &e, &ev), 1);
	assert_int_equal(ev.head.kind, INPUTTRACE_REC_EVENT);
	assert_int_equal(ev.head.size, sizeof(ev));
	assert_int_equal(ev.head.time_ns, 109);
	assert_int_equal(ev.head.dev_id, 3);
	assert_int_equal(ev.read_ns, 209);
	assert_int_equal(ev.cgroup_id, 1001);
	assert_int_equal(ev.pid, 42);
	assert_int_equal(ev.tgid, 43);
	assert_int_equal(ev.cpu, 7);
	assert_int_equal(ev.type, 1);
	assert_int_equal(ev.code, 30);
	assert_int_equal(ev.value, 9);
	assert_int_equal(ev.clock, INPUTTRACE_CLOCK_MONOTONIC);
	assert_int_equal(ev.flags, INPUTTRACE_EV_REDACTED);
	assert_int_equal(ev.level, INPUTTRACE_LEVEL_FULL);
	assert_int_equal(ev.quantum_ns, 1000);
	assert_string_equal(ev.comm, "0123456789abcde");
	assert_int_equal(ring_join_waiting(j), 0);
	ring_join_free(j);
}

/* A new context for the same task (policy changed) applies from then on. */
static void test_contexts_are_per_id(void **state)
{
	struct ring_join *j = ring_join_new();
	struct inputtrace_reader a = reader(1, 42, INPUTTRACE_LEVEL_FULL, 0);
	struct inputtrace_reader b = reader(2, 42, INPUTTRACE_LEVEL_REDACTED, 500);
	struct inputtrace_ring_event e1 = ring_ev(1, 1), e2 = ring_ev(2, 2);
	struct inputtrace_event ev;

	(void)state;
	assert_int_equal(ring_join_reader(j, &a), 0);
	assert_int_equal(ring_join_reader(j, &b), 0);
	assert_int_equal(ring_join_event(j, &e2, &ev), 1);
	assert_int_equal(ev.level, INPUTTRACE_LEVEL_REDACTED);
	assert_int_equal(ev.quantum_ns, 500);
	assert_int_equal(ring_join_event(j, &e1, &ev), 1);
	assert_int_equal(ev.level, INPUTTRACE_LEVEL_FULL);
	assert_int_equal(ev.quantum_ns, 0);
	ring_join_free(j);
}

/* Drained from CPU 1's ring before the READER record in CPU 0's ring. */
static void test_early_events_wait_in_order(void **state)
{
	struct ring_join *j = ring_join_new();
	struct inputtrace_reader a = reader(1, 42, 1, 0), far = reader(300, 7, 1, 0);
	struct inputtrace_event ev;
	struct sink s = { .n = 0 };
	int i;

	(void)state;
	assert_int_equal(ring_join_reader(j, &a), 0);
	for (i = 0; i < 5; i++) {
		struct inputtrace_ring_event e = ring_ev(i % 2 ? 300 : 301, i);

		assert_int_equal(ring_join_event(j, &e, &ev), 0);
	}
	assert_int_equal(ring_join_waiting(j), 5);
	assert_int_equal(ring_join_retry(j, collect, &s), 0);
	assert_int_equal(s.n, 0);		/* nothing arrived yet */
	assert_int_equal(ring_join_reader(j, &far), 0);	/* grows the table */
	assert_int_equal(ring_join_retry(j, collect, &s), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.out[0].value, 1);
	assert_int_equal(s.out[1].value, 3);
	assert_int_equal(s.out[0].pid, 7);
	assert_int_equal(ring_join_waiting(j), 3);
	assert_int_equal(ring_join_drop_waiting(j), 3);
	assert_int_equal(ring_join_waiting(j), 0);
	ring_join_free(j);
	ring_join_free(NULL);
}

static int fail_second(const struct inputtrace_event *ev, void *ctx)
{
	size_t *n = ctx;

	(void)ev;
	return ++*n == 2 ? -EIO : 0;
}

/* An error of the callback stops the retry; what it did not take waits. */
static void test_retry_error_keeps_the_rest(void **state)
{
	struct ring_join *j = ring_join_new();
	struct inputtrace_reader a = reader(4, 1, 1, 0);
	struct inputtrace_event ev;
	size_t n = 0;
	int i;

	(void)state;
	for (i = 0; i < 4; i++) {
		struct inputtrace_ring_event e = ring_ev(4, i);

		assert_int_equal(ring_join_event(j, &e, &ev), 0);
	}
	assert_int_equal(ring_join_reader(j, &a), 0);
	assert_int_equal(ring_join_retry(j, fail_second, &n), -EIO);
	assert_int_equal(ring_join_waiting(j), 2);
	ring_join_free(j);
}

static void test_ids_out_of_range(void **state)
{
	struct ring_join *j = ring_join_new();
	struct inputtrace_reader zero = reader(0, 1, 1, 0);
	struct inputtrace_reader big = reader(RING_JOIN_MAX_CTX, 1, 1, 0);
	struct inputtrace_reader last = reader(RING_JOIN_MAX_CTX - 1, 1, 1, 0);
	struct inputtrace_ring_event e = ring_ev(RING_JOIN_MAX_CTX - 1, 0);
	struct inputtrace_event ev;

	(void)state;
	assert_int_equal(ring_join_reader(j, &zero), -ERANGE);
	assert_int_equal(ring_join_reader(j, &big), -ERANGE);
	assert_int_equal(ring_join_reader(j, &last), 0);
	assert_int_equal(ring_join_event(j, &e, &ev), 1);
	ring_join_free(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_join_fields),
		cmocka_unit_test(test_contexts_are_per_id),
		cmocka_unit_test(test_early_events_wait_in_order),
		cmocka_unit_test(test_retry_error_keeps_the_rest),
		cmocka_unit_test(test_ids_out_of_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

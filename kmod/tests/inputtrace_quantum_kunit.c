// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: timestamp quantum and secure-input pause
 *
 * The quantum a reader gets (global, overridden per subtree, an explicit
 * 0 keeping a subtree exact), how it travels in the verdict of the kfunc
 * and how it rounds (include/inputtrace_verdict.h); a pause counts
 * readers in scope only, and still tells what would apply.
 *
 * Run with tests/kunit/run-kunit (make kunit-check).
 */
#include <linux/errno.h>
#include <linux/input-event-codes.h>
#include <linux/limits.h>

#include "inputtrace_kunit.h"

static void itp_decide_quantum_global_and_override(struct kunit *test)
{
	struct itp_decide_fixture *f = test->priv;

	itp_decide_enable(test, "+/user.slice time_quantum_ns=5000", 10, 1);
	itp_decide_enable(test, "+/user.slice/user-1000.slice", 11, 2);
	itp_decide_enable(test, "+/system.slice time_quantum_ns=0", 20, 1);

	KUNIT_EXPECT_EQ(test, itp_test_quantum(f, itp_cg_user), 5000LL);
	KUNIT_EXPECT_EQ(test, itp_test_quantum(f, itp_cg_u1001), 5000LL);
	/* the deepest entry decides; without an override it is the global */
	KUNIT_EXPECT_EQ(test, itp_test_quantum(f, itp_cg_app), 0LL);
	f->st->quantum_ns = 1000000;
	KUNIT_EXPECT_EQ(test, itp_test_quantum(f, itp_cg_app), 1000000LL);
	KUNIT_EXPECT_EQ(test, itp_test_quantum(f, itp_cg_user), 5000LL);
	/* an explicit 0 keeps a subtree exact under a global quantum */
	KUNIT_EXPECT_EQ(test, itp_test_quantum(f, itp_cg_system), 0LL);
	KUNIT_EXPECT_EQ(test, itp_test_quantum(f, itp_cg_root), -ENOENT);
	/* quantum and level are independent */
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_user),
			INPUTTRACE_LEVEL_REDACTED);
}

static void itp_decide_paused_only_in_scope(struct kunit *test)
{
	struct itp_decide_fixture *f = test->priv;

	itp_decide_enable(test, "+/user.slice/user-1000.slice level=full", 11, 2);
	f->st->paused = true;
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_u1000), ITP_PAUSED);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_app), ITP_PAUSED);
	/* out of scope stays out of scope: it is not even counted */
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_u1001), -ENOENT);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_root), -ENOENT);
	f->st->enabled = false;
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_app), -ENOENT);
	f->st->enabled = true;
	f->st->paused = false;
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_app),
			INPUTTRACE_LEVEL_FULL);
}

/* Paused still says what would apply: the `self` attributes show it. */
static void itp_decide_paused_tells_level_and_quantum(struct kunit *test)
{
	struct itp_decide_fixture *f = test->priv;
	struct itp_decision d = { .level = -1, .quantum_ns = 7 };

	itp_decide_enable(test, "+/user.slice level=full", 10, 1);
	f->st->quantum_ns = 3000;
	f->st->paused = true;
	itp_fake_set(&f->cg, itp_cg_app);
	KUNIT_EXPECT_EQ(test, itp_decide(f->st, &f->cg.subj, &d), ITP_PAUSED);
	KUNIT_EXPECT_EQ(test, d.level, INPUTTRACE_LEVEL_FULL);
	KUNIT_EXPECT_EQ(test, d.quantum_ns, 3000U);
	KUNIT_EXPECT_STREQ(test, d.entry->path, "/user.slice");
}

static void itp_event_verdict_carries_quantum(struct kunit *test)
{
	struct itp_decision d = { .level = ITP_REDACTED, .quantum_ns = 1000000 };
	s64 v;

	v = itp_event_verdict(&d, EV_KEY, KEY_A);
	KUNIT_EXPECT_GE(test, v, 0LL);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_QUANTUM(v), 1000000U);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_CODE(v), INPUTTRACE_KC_LETTER);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_FLAGS(v), INPUTTRACE_EV_REDACTED);
	KUNIT_EXPECT_EQ(test, (u32)v, (u32)itp_verdict(ITP_REDACTED, EV_KEY, KEY_A));

	/* the largest quantum still leaves the verdict non-negative */
	d.level = ITP_FULL;
	d.quantum_ns = INPUTTRACE_QUANTUM_MAX;
	v = itp_event_verdict(&d, EV_REL, REL_X);
	KUNIT_EXPECT_GE(test, v, 0LL);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_QUANTUM(v), (u32)INPUTTRACE_QUANTUM_MAX);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_LEVEL(v), (u32)ITP_FULL);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_CODE(v), (u32)REL_X);

	d.quantum_ns = 0;
	KUNIT_EXPECT_EQ(test, itp_event_verdict(&d, EV_KEY, KEY_A),
			itp_verdict(ITP_FULL, EV_KEY, KEY_A));
	KUNIT_EXPECT_NE(test, INPUTTRACE_VERDICT_PAUSED, -ENOENT);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_PAUSED, -EAGAIN);
}

/* The rounding every recorded timestamp gets, in BPF and in the reader. */
static void itp_quantize_rounds_down(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, inputtrace_quantize(1234567, 0), 1234567ULL);
	KUNIT_EXPECT_EQ(test, inputtrace_quantize(1999, 1000), 1000ULL);
	KUNIT_EXPECT_EQ(test, inputtrace_quantize(2000, 1000), 2000ULL);
	KUNIT_EXPECT_EQ(test, inputtrace_quantize(999, 1000), 0ULL);
	KUNIT_EXPECT_EQ(test, inputtrace_quantize(7, 1), 7ULL);
	/* a monotonic clock in ns, the largest quantum: whole seconds */
	KUNIT_EXPECT_EQ(test, inputtrace_quantize(123456789012345ULL,
						  INPUTTRACE_QUANTUM_MAX),
			123456000000000ULL);
	/* no overflow near the top of the range */
	KUNIT_EXPECT_EQ(test, inputtrace_quantize(U64_MAX, 1000),
			U64_MAX - U64_MAX % 1000);
}

/* Every field at its widest still decodes alone, and stays non-negative. */
static void itp_verdict_encoder_fields_are_disjoint(struct kunit *test)
{
	s64 v = inputtrace_verdict(0xffff, 0xff, 0xff, INPUTTRACE_QUANTUM_MAX);

	KUNIT_EXPECT_GE(test, v, 0LL);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_CODE(v), 0xffffU);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_FLAGS(v), 0xffU);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_LEVEL(v), 0xffU);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_QUANTUM(v),
			(u32)INPUTTRACE_QUANTUM_MAX);

	v = inputtrace_verdict(KEY_A, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, v, (s64)KEY_A);
	v = inputtrace_verdict(0, INPUTTRACE_EV_REDACTED, 0, 0);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_FLAGS(v),
			(u32)INPUTTRACE_EV_REDACTED);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_CODE(v), 0U);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_LEVEL(v), 0U);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_QUANTUM(v), 0U);
	v = inputtrace_verdict(0, 0, 0, 1);
	KUNIT_EXPECT_EQ(test, v, (s64)1 << 32);
}

static struct kunit_case itp_quantum_cases[] = {
	KUNIT_CASE(itp_decide_quantum_global_and_override),
	KUNIT_CASE(itp_decide_paused_only_in_scope),
	KUNIT_CASE(itp_decide_paused_tells_level_and_quantum),
	KUNIT_CASE(itp_event_verdict_carries_quantum),
	KUNIT_CASE(itp_quantize_rounds_down),
	KUNIT_CASE(itp_verdict_encoder_fields_are_disjoint),
	{}
};

static struct kunit_suite itp_quantum_suite = {
	.name = "inputtrace_quantum_pause",
	.init = itp_decide_test_init,
	.exit = itp_decide_test_exit,
	.test_cases = itp_quantum_cases,
};

kunit_test_suite(itp_quantum_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_LICENSE("GPL");

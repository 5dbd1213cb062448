// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: timestamp quantum and secure-input pause
 *
 * The quantum a reader gets (global, overridden per subtree, an explicit
 * 0 keeping a subtree exact) and how it travels in the verdict of the
 * kfunc; a pause counts readers in scope only, and still tells what would
 * apply.
 *
 * Run on UML with tests/kunit/run-kunit (make kunit-check).
 */
#include <linux/errno.h>
#include <linux/input-event-codes.h>

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
	d.quantum_ns = ITP_QUANTUM_MAX;
	v = itp_event_verdict(&d, EV_REL, REL_X);
	KUNIT_EXPECT_GE(test, v, 0LL);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_QUANTUM(v), (u32)ITP_QUANTUM_MAX);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_LEVEL(v), (u32)ITP_FULL);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_CODE(v), (u32)REL_X);

	d.quantum_ns = 0;
	KUNIT_EXPECT_EQ(test, itp_event_verdict(&d, EV_KEY, KEY_A),
			itp_verdict(ITP_FULL, EV_KEY, KEY_A));
	KUNIT_EXPECT_NE(test, INPUTTRACE_VERDICT_PAUSED, -ENOENT);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_PAUSED, -EAGAIN);
}

static struct kunit_case itp_quantum_cases[] = {
	KUNIT_CASE(itp_decide_quantum_global_and_override),
	KUNIT_CASE(itp_decide_paused_only_in_scope),
	KUNIT_CASE(itp_decide_paused_tells_level_and_quantum),
	KUNIT_CASE(itp_event_verdict_carries_quantum),
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

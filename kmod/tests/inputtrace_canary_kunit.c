// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the canary that proves the debug kernel's log check can fail
 *
 * tests/kunit/run-kunit fails a run whose kernel log holds a checker's
 * report, even when every test passed.  A check that never fires proves
 * nothing, so `run-kunit --canary` (make kunit-canary-check) boots the
 * suites' kernel with inputtrace_kunit.canary=1 and runs only this suite:
 * its case then calls might_sleep() under a spinlock, which
 * CONFIG_DEBUG_ATOMIC_SLEEP reports as "BUG: sleeping function called from
 * invalid context", and the runner passes only when its log check caught
 * that line.  In every other run the case is skipped and sleeps nowhere.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/spinlock.h>

static bool canary;
module_param(canary, bool, 0444);
MODULE_PARM_DESC(canary, "run the canary: sleep under a spinlock (run-kunit --canary)");

static DEFINE_SPINLOCK(itp_canary_lock);

static void itp_canary_sleep_in_atomic(struct kunit *test)
{
	if (!canary)
		kunit_skip(test, "a canary run only (inputtrace_kunit.canary=1)");

	/* Without the checker there is nothing to catch: say so, fail. */
	KUNIT_ASSERT_TRUE_MSG(test, IS_ENABLED(CONFIG_DEBUG_ATOMIC_SLEEP),
			      "CONFIG_DEBUG_ATOMIC_SLEEP is off");
	spin_lock(&itp_canary_lock);
	might_sleep();
	spin_unlock(&itp_canary_lock);
}

static struct kunit_case itp_canary_cases[] = {
	KUNIT_CASE(itp_canary_sleep_in_atomic),
	{}
};

static struct kunit_suite itp_canary_suite = {
	.name = "inputtrace_canary",
	.test_cases = itp_canary_cases,
};

kunit_test_suite(itp_canary_suite);

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: hierarchical scope, decided by cgroup ancestry
 *
 * itp_decide() (inputtrace_decide.c) on a fake cgroup tree: an entry
 * covers its subtree and nothing else, the deepest entry decides the
 * level, entries are cgroup ids (a recreated cgroup is not covered),
 * and the switch and an empty set cover nothing.
 *
 * Run with tests/kunit/run-kunit (make kunit-check).
 */
#include <linux/errno.h>

#include "inputtrace_kunit.h"

static void itp_decide_parent_covers_descendants(struct kunit *test)
{
	struct itp_decide_fixture *f = test->priv;

	itp_decide_enable(test, "+/user.slice/user-1000.slice", 11, 2);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_u1000),
			INPUTTRACE_LEVEL_REDACTED);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_session),
			INPUTTRACE_LEVEL_REDACTED);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_app),
			INPUTTRACE_LEVEL_REDACTED);
}

static void itp_decide_sibling_and_ancestor_not_covered(struct kunit *test)
{
	struct itp_decide_fixture *f = test->priv;

	itp_decide_enable(test, "+/user.slice/user-1000.slice", 11, 2);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_u1001), -ENOENT);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_user), -ENOENT);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_root), -ENOENT);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_system), -ENOENT);
}

static void itp_decide_deeper_entry_level_wins(struct kunit *test)
{
	struct itp_decide_fixture *f = test->priv;

	itp_decide_enable(test, "+/user.slice level=full", 10, 1);
	itp_decide_enable(test, "+/user.slice/user-1000.slice level=redacted",
			  11, 2);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_user), INPUTTRACE_LEVEL_FULL);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_u1001), INPUTTRACE_LEVEL_FULL);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_u1000),
			INPUTTRACE_LEVEL_REDACTED);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_app),
			INPUTTRACE_LEVEL_REDACTED);

	/* the order of the entries does not matter */
	KUNIT_ASSERT_EQ(test, itp_state_remove(f->st, "/user.slice"), 0);
	itp_decide_enable(test, "+/user.slice level=full", 10, 1);
	KUNIT_EXPECT_STREQ(test, f->st->entries[0].path,
			   "/user.slice/user-1000.slice");
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_session),
			INPUTTRACE_LEVEL_REDACTED);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_u1001), INPUTTRACE_LEVEL_FULL);

	/* and a deeper entry that inherits takes the global level */
	itp_decide_enable(test, "+/user.slice/user-1000.slice", 11, 2);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_session),
			INPUTTRACE_LEVEL_REDACTED);
	f->st->level = INPUTTRACE_LEVEL_FULL;
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_session),
			INPUTTRACE_LEVEL_FULL);
}

static void itp_decide_recreated_cgroup_not_covered(struct kunit *test)
{
	struct itp_decide_fixture *f = test->priv;

	itp_decide_enable(test, "+/user.slice/user-1000.slice", 11, 2);
	/* same path, recreated: depth 2 now has id 99, not 11 */
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_u1000_new), -ENOENT);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_u1000_new_app), -ENOENT);

	/* a parent entry with the right id still covers it */
	itp_decide_enable(test, "+/user.slice level=full", 10, 1);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_u1000_new_app),
			INPUTTRACE_LEVEL_FULL);

	/* re-adding the path takes the new id */
	itp_decide_enable(test, "+/user.slice/user-1000.slice", 99, 2);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_u1000_new_app),
			INPUTTRACE_LEVEL_REDACTED);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_session),
			INPUTTRACE_LEVEL_FULL);
}

static void itp_decide_disabled_covers_nothing(struct kunit *test)
{
	struct itp_decide_fixture *f = test->priv;

	itp_decide_enable(test, "+/", 1, 0);
	itp_decide_enable(test, "+/user.slice level=full", 10, 1);
	f->st->enabled = false;
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_root), -ENOENT);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_user), -ENOENT);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_app), -ENOENT);

	/* no state (module state not yet published) */
	itp_fake_set(&f->cg, itp_cg_app);
	KUNIT_EXPECT_EQ(test, itp_decide(NULL, &f->cg.subj, NULL), -ENOENT);
}

static void itp_decide_enabled_empty_covers_nothing(struct kunit *test)
{
	struct itp_decide_fixture *f = test->priv;

	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_root), -ENOENT);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_app), -ENOENT);
}

static void itp_decide_root_covers_all(struct kunit *test)
{
	struct itp_decide_fixture *f = test->priv;

	itp_decide_enable(test, "+/", 1, 0);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_root),
			INPUTTRACE_LEVEL_REDACTED);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_user),
			INPUTTRACE_LEVEL_REDACTED);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_app),
			INPUTTRACE_LEVEL_REDACTED);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_u1001),
			INPUTTRACE_LEVEL_REDACTED);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_system),
			INPUTTRACE_LEVEL_REDACTED);

	f->st->level = INPUTTRACE_LEVEL_FULL;
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_system),
			INPUTTRACE_LEVEL_FULL);

	/* a subtree can still be held back to redacted under a full root */
	itp_decide_enable(test, "+/system.slice level=redacted", 20, 1);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_system),
			INPUTTRACE_LEVEL_REDACTED);
	KUNIT_EXPECT_EQ(test, itp_test_decide(f, itp_cg_app), INPUTTRACE_LEVEL_FULL);
}

/* The deciding entry (self/subtree shows its path) is the deepest cover. */
static void itp_decide_names_the_deciding_entry(struct kunit *test)
{
	struct itp_decide_fixture *f = test->priv;
	struct itp_decision d = { .entry = NULL };

	itp_decide_enable(test, "+/user.slice/user-1000.slice", 11, 2);
	itp_decide_enable(test, "+/user.slice", 10, 1);
	itp_fake_set(&f->cg, itp_cg_app);
	KUNIT_ASSERT_EQ(test, itp_decide(f->st, &f->cg.subj, &d), 0);
	KUNIT_EXPECT_STREQ(test, d.entry->path, "/user.slice/user-1000.slice");
	itp_fake_set(&f->cg, itp_cg_u1001);
	KUNIT_ASSERT_EQ(test, itp_decide(f->st, &f->cg.subj, &d), 0);
	KUNIT_EXPECT_STREQ(test, d.entry->path, "/user.slice");
}

static struct kunit_case itp_decide_cases[] = {
	KUNIT_CASE(itp_decide_parent_covers_descendants),
	KUNIT_CASE(itp_decide_sibling_and_ancestor_not_covered),
	KUNIT_CASE(itp_decide_deeper_entry_level_wins),
	KUNIT_CASE(itp_decide_recreated_cgroup_not_covered),
	KUNIT_CASE(itp_decide_disabled_covers_nothing),
	KUNIT_CASE(itp_decide_enabled_empty_covers_nothing),
	KUNIT_CASE(itp_decide_root_covers_all),
	KUNIT_CASE(itp_decide_names_the_deciding_entry),
	{}
};

static struct kunit_suite itp_decide_suite = {
	.name = "inputtrace_decide",
	.init = itp_decide_test_init,
	.exit = itp_decide_test_exit,
	.test_cases = itp_decide_cases,
};

kunit_test_suite(itp_decide_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_LICENSE("GPL");

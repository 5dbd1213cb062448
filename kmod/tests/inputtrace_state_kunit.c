// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the policy snapshot and its copy-on-write edits
 *
 * inputtrace_state.c: defaults, adding (in order, refreshing a path
 * given twice), removing, and clones that share nothing with the
 * snapshot they were made from.
 *
 * Run with tests/kunit/run-kunit (make kunit-check).
 */
#include <linux/errno.h>

#include "inputtrace_kunit.h"

static void itp_state_alloc_defaults(struct kunit *test)
{
	struct itp_state_fixture *f = test->priv;

	KUNIT_EXPECT_FALSE(test, f->st->enabled);
	KUNIT_EXPECT_EQ(test, f->st->level, INPUTTRACE_LEVEL_REDACTED);
	KUNIT_EXPECT_EQ(test, f->st->n, 0U);
	KUNIT_EXPECT_EQ(test, f->st->cap, (unsigned int)ITP_TEST_CAP);
	KUNIT_EXPECT_STREQ(test, itp_test_show(test, f->st), "");
}

static void itp_state_add_appends_in_order(struct kunit *test)
{
	struct itp_state *st = ((struct itp_state_fixture *)test->priv)->st;

	KUNIT_ASSERT_EQ(test, itp_test_add(test, st, "+/b", 20, 1), 0);
	KUNIT_ASSERT_EQ(test, itp_test_add(test, st, "+/a/c", 31, 2), 0);
	KUNIT_ASSERT_EQ(test, itp_test_add(test, st, "+/a", 30, 1), 0);
	KUNIT_ASSERT_EQ(test, st->n, 3U);
	KUNIT_EXPECT_STREQ(test, st->entries[0].path, "/b");
	KUNIT_EXPECT_EQ(test, st->entries[0].id, 20ULL);
	KUNIT_EXPECT_EQ(test, st->entries[0].depth, 1);
	KUNIT_EXPECT_EQ(test, st->entries[0].level, ITP_LEVEL_INHERIT);
	KUNIT_EXPECT_STREQ(test, st->entries[1].path, "/a/c");
	KUNIT_EXPECT_EQ(test, st->entries[1].id, 31ULL);
	KUNIT_EXPECT_EQ(test, st->entries[1].depth, 2);
	KUNIT_EXPECT_STREQ(test, st->entries[2].path, "/a");
	KUNIT_EXPECT_STREQ(test, itp_test_show(test, st), "/b\n/a/c\n/a\n");
}

static void itp_state_add_twice_refreshes(struct kunit *test)
{
	struct itp_state *st = ((struct itp_state_fixture *)test->priv)->st;

	KUNIT_ASSERT_EQ(test, itp_test_add(test, st, "+/a", 10, 1), 0);
	KUNIT_ASSERT_EQ(test, itp_test_add(test, st, "+/b", 11, 1), 0);
	KUNIT_ASSERT_EQ(test, itp_test_add(test, st, "+/a level=full", 12, 1),
			0);
	KUNIT_ASSERT_EQ(test, st->n, 2U);
	KUNIT_EXPECT_STREQ(test, st->entries[0].path, "/a");
	KUNIT_EXPECT_EQ(test, st->entries[0].id, 12ULL);
	KUNIT_EXPECT_EQ(test, st->entries[0].level, INPUTTRACE_LEVEL_FULL);
	KUNIT_EXPECT_STREQ(test, itp_test_show(test, st),
			   "/a level=full\n/b\n");

	/* re-adding without an option drops the override */
	KUNIT_ASSERT_EQ(test, itp_test_add(test, st, "+/a\n", 12, 1), 0);
	KUNIT_ASSERT_EQ(test, st->n, 2U);
	KUNIT_EXPECT_EQ(test, st->entries[0].level, ITP_LEVEL_INHERIT);
	KUNIT_EXPECT_STREQ(test, itp_test_show(test, st), "/a\n/b\n");
}

static void itp_state_remove_keeps_order(struct kunit *test)
{
	struct itp_state *st = ((struct itp_state_fixture *)test->priv)->st;

	KUNIT_ASSERT_EQ(test, itp_test_add(test, st, "+/a", 1, 1), 0);
	KUNIT_ASSERT_EQ(test, itp_test_add(test, st, "+/b level=full", 2, 1),
			0);
	KUNIT_ASSERT_EQ(test, itp_test_add(test, st, "+/c", 3, 1), 0);

	KUNIT_EXPECT_EQ(test, itp_state_remove(st, "/b"), 0);
	KUNIT_ASSERT_EQ(test, st->n, 2U);
	KUNIT_EXPECT_STREQ(test, itp_test_show(test, st), "/a\n/c\n");
	KUNIT_EXPECT_EQ(test, st->entries[1].id, 3ULL);

	KUNIT_EXPECT_EQ(test, itp_state_remove(st, "/c"), 0);
	KUNIT_EXPECT_EQ(test, itp_state_remove(st, "/a"), 0);
	KUNIT_EXPECT_EQ(test, st->n, 0U);
	KUNIT_EXPECT_STREQ(test, itp_test_show(test, st), "");
}

static void itp_state_remove_absent_changes_nothing(struct kunit *test)
{
	struct itp_state *st = ((struct itp_state_fixture *)test->priv)->st;
	size_t size = struct_size(st, entries, st->cap);
	struct itp_state *before;

	st->enabled = true;
	KUNIT_ASSERT_EQ(test, itp_test_add(test, st, "+/a/b", 5, 2), 0);
	KUNIT_ASSERT_EQ(test, itp_test_add(test, st, "+/c level=full", 6, 1),
			0);
	before = kunit_kmalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, before);
	memcpy(before, st, size);

	KUNIT_EXPECT_EQ(test, itp_state_remove(st, "/a"), -ENOENT);
	KUNIT_EXPECT_EQ(test, itp_state_remove(st, "/a/b/c"), -ENOENT);
	KUNIT_EXPECT_EQ(test, itp_state_remove(st, "/a/"), -ENOENT);
	KUNIT_EXPECT_EQ(test, itp_state_remove(st, "/"), -ENOENT);
	KUNIT_EXPECT_EQ(test, itp_state_remove(st, "/C"), -ENOENT);
	KUNIT_EXPECT_EQ(test, memcmp(before, st, size), 0);
	KUNIT_EXPECT_STREQ(test, itp_test_show(test, st),
			   "/a/b\n/c level=full\n");

	/* an emptied set stays consistent too */
	KUNIT_EXPECT_EQ(test, itp_state_remove(st, "/a/b"), 0);
	KUNIT_EXPECT_EQ(test, itp_state_remove(st, "/a/b"), -ENOENT);
	KUNIT_EXPECT_EQ(test, itp_state_remove(st, "/c"), 0);
	KUNIT_EXPECT_EQ(test, itp_state_remove(st, "/c"), -ENOENT);
	KUNIT_EXPECT_EQ(test, st->n, 0U);
}

static void itp_state_clone_is_independent(struct kunit *test)
{
	struct itp_state_fixture *f = test->priv;
	struct itp_state *st = f->st;
	struct itp_state *copy;

	st->enabled = true;
	st->level = INPUTTRACE_LEVEL_FULL;
	KUNIT_ASSERT_EQ(test, itp_test_add(test, st, "+/a", 1, 1), 0);
	KUNIT_ASSERT_EQ(test, itp_test_add(test, st, "+/b level=redacted", 2,
					   1), 0);

	f->copy = itp_state_clone(st, 1, GFP_KERNEL);
	copy = f->copy;
	KUNIT_ASSERT_NOT_NULL(test, copy);
	KUNIT_EXPECT_PTR_NE(test, copy, st);
	KUNIT_EXPECT_TRUE(test, copy->enabled);
	KUNIT_EXPECT_EQ(test, copy->level, INPUTTRACE_LEVEL_FULL);
	KUNIT_EXPECT_EQ(test, copy->n, 2U);
	KUNIT_EXPECT_EQ(test, copy->cap, 3U);
	KUNIT_EXPECT_EQ(test, memcmp(copy->entries, st->entries,
				     2 * sizeof(st->entries[0])), 0);

	/* edit the clone every way a writer can */
	copy->enabled = false;
	copy->level = INPUTTRACE_LEVEL_REDACTED;
	KUNIT_EXPECT_EQ(test, itp_test_add(test, copy, "+/c", 3, 1), 0);
	KUNIT_EXPECT_EQ(test, itp_test_add(test, copy, "+/b level=full", 4, 1),
			0);
	KUNIT_EXPECT_EQ(test, itp_state_remove(copy, "/a"), 0);
	KUNIT_EXPECT_STREQ(test, itp_test_show(test, copy),
			   "/b level=full\n/c\n");

	/* the published original is untouched */
	KUNIT_EXPECT_TRUE(test, st->enabled);
	KUNIT_EXPECT_EQ(test, st->level, INPUTTRACE_LEVEL_FULL);
	KUNIT_EXPECT_EQ(test, st->entries[1].id, 2ULL);
	KUNIT_EXPECT_STREQ(test, itp_test_show(test, st),
			   "/a\n/b level=redacted\n");
}

static void itp_state_clone_without_room_refuses_new(struct kunit *test)
{
	struct itp_state_fixture *f = test->priv;

	KUNIT_ASSERT_EQ(test, itp_test_add(test, f->st, "+/a", 1, 1), 0);
	f->copy = itp_state_clone(f->st, 0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->copy);
	KUNIT_EXPECT_EQ(test, f->copy->cap, 1U);
	KUNIT_EXPECT_EQ(test, itp_test_add(test, f->copy, "+/b", 2, 1),
			-ENOSPC);
	/* a refresh needs no room */
	KUNIT_EXPECT_EQ(test, itp_test_add(test, f->copy, "+/a level=full", 9,
					   1), 0);
	KUNIT_EXPECT_EQ(test, f->copy->n, 1U);
	KUNIT_EXPECT_EQ(test, f->copy->entries[0].id, 9ULL);
}

static void itp_state_clone_keeps_scalars(struct kunit *test)
{
	struct itp_state *st = ((struct itp_state_fixture *)test->priv)->st;
	struct itp_state *copy;

	st->enabled = true;
	st->paused = true;
	st->level = INPUTTRACE_LEVEL_FULL;
	st->quantum_ns = 250000;
	copy = itp_state_clone(st, 0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	KUNIT_EXPECT_TRUE(test, copy->enabled);
	KUNIT_EXPECT_TRUE(test, copy->paused);
	KUNIT_EXPECT_EQ(test, copy->level, INPUTTRACE_LEVEL_FULL);
	KUNIT_EXPECT_EQ(test, copy->quantum_ns, 250000U);
	kfree(copy);
}

static struct kunit_case itp_state_cases[] = {
	KUNIT_CASE(itp_state_alloc_defaults),
	KUNIT_CASE(itp_state_add_appends_in_order),
	KUNIT_CASE(itp_state_add_twice_refreshes),
	KUNIT_CASE(itp_state_remove_keeps_order),
	KUNIT_CASE(itp_state_remove_absent_changes_nothing),
	KUNIT_CASE(itp_state_clone_is_independent),
	KUNIT_CASE(itp_state_clone_without_room_refuses_new),
	KUNIT_CASE(itp_state_clone_keeps_scalars),
	{}
};

static struct kunit_suite itp_state_suite = {
	.name = "inputtrace_state",
	.init = itp_state_test_init,
	.exit = itp_state_test_exit,
	.test_cases = itp_state_cases,
};

kunit_test_suite(itp_state_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_LICENSE("GPL");

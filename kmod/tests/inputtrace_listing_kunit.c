// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the `cgroups` listing and the limits of the set
 *
 * inputtrace_state.c: the listing reads back as writes that recreate it,
 * and the set refuses with ENOSPC beyond 64 entries, beyond its
 * allocation, and before the listing could overflow one sysfs page.
 *
 * Run with tests/kunit/run-kunit (make kunit-check).
 */
#include <linux/errno.h>

#include "inputtrace_kunit.h"

static void itp_state_add_enospc_after_64_entries(struct kunit *test)
{
	struct itp_state *st = ((struct itp_state_fixture *)test->priv)->st;
	char path[16];
	unsigned int i;

	for (i = 0; i < ITP_MAX_CGROUPS; i++) {
		snprintf(path, sizeof(path), "+/c%u", i);
		KUNIT_ASSERT_EQ(test, itp_test_add(test, st, path, 100 + i, 1),
				0);
	}
	KUNIT_EXPECT_EQ(test, st->n, (unsigned int)ITP_MAX_CGROUPS);
	KUNIT_EXPECT_EQ(test, itp_test_add(test, st, "+/d", 1, 1), -ENOSPC);
	KUNIT_EXPECT_EQ(test, st->n, (unsigned int)ITP_MAX_CGROUPS);

	/* a full set still refreshes and removes */
	KUNIT_EXPECT_EQ(test, itp_test_add(test, st, "+/c7 level=full", 7, 1),
			0);
	KUNIT_EXPECT_EQ(test, st->entries[7].level, INPUTTRACE_LEVEL_FULL);
	KUNIT_EXPECT_EQ(test, itp_state_remove(st, "/c0"), 0);
	KUNIT_EXPECT_EQ(test, itp_test_add(test, st, "+/d", 1, 1), 0);
	KUNIT_EXPECT_EQ(test, st->n, (unsigned int)ITP_MAX_CGROUPS);
}

static void itp_state_add_enospc_beyond_capacity(struct kunit *test)
{
	struct itp_state_fixture *f = test->priv;

	f->copy = itp_state_alloc(2, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->copy);
	KUNIT_EXPECT_EQ(test, itp_test_add(test, f->copy, "+/a", 1, 1), 0);
	KUNIT_EXPECT_EQ(test, itp_test_add(test, f->copy, "+/b", 2, 1), 0);
	KUNIT_EXPECT_EQ(test, itp_test_add(test, f->copy, "+/c", 3, 1),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, f->copy->n, 2U);
	KUNIT_EXPECT_STREQ(test, itp_test_show(test, f->copy), "/a\n/b\n");
}

/* "+/NN" and 'x's up to a path of @len bytes (4 < @len < ITP_PATH_MAX) */
static void itp_test_long_cmd(char *buf, unsigned int nr, size_t len)
{
	int head = snprintf(buf, ITP_PATH_MAX + 1, "+/%02u", nr);

	memset(buf + head, 'x', len + 1 - head);
	buf[len + 1] = '\0';
}

static void itp_state_add_enospc_when_listing_overflows(struct kunit *test)
{
	struct itp_state *st = ((struct itp_state_fixture *)test->priv)->st;
	const size_t longest = ITP_PATH_MAX - 1;
	const char *show;
	unsigned int i;
	char *cmd;

	cmd = kunit_kzalloc(test, ITP_PATH_MAX + 32, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, cmd);

	/* 15 lines of 256 bytes: 3840 of the 4095 a page can show */
	for (i = 0; i < 15; i++) {
		itp_test_long_cmd(cmd, i, longest);
		KUNIT_ASSERT_EQ(test, itp_test_add(test, st, cmd, i + 1, 1), 0);
	}

	/* a 16th line of 256 bytes would make 4096: no room for the NUL */
	itp_test_long_cmd(cmd, 15, longest);
	KUNIT_EXPECT_EQ(test, itp_test_add(test, st, cmd, 99, 1), -ENOSPC);
	KUNIT_EXPECT_EQ(test, st->n, 15U);

	/* 255 bytes fit exactly */
	itp_test_long_cmd(cmd, 15, longest - 1);
	KUNIT_EXPECT_EQ(test, itp_test_add(test, st, cmd, 99, 1), 0);
	KUNIT_EXPECT_EQ(test, st->n, 16U);
	show = itp_test_show(test, st);
	KUNIT_EXPECT_EQ(test, strlen(show), (size_t)ITP_SHOW_MAX - 1);
	KUNIT_EXPECT_EQ(test, show[ITP_SHOW_MAX - 2], '\n');

	/* growing a line by refreshing it with an option is refused too */
	itp_test_long_cmd(cmd, 3, longest);
	strcat(cmd, " level=full");
	KUNIT_EXPECT_EQ(test, itp_test_add(test, st, cmd, 42, 1), -ENOSPC);
	KUNIT_EXPECT_EQ(test, st->entries[3].id, 4ULL);
	KUNIT_EXPECT_EQ(test, st->entries[3].level, ITP_LEVEL_INHERIT);

	/* ... but a refresh of the same length is not */
	itp_test_long_cmd(cmd, 3, longest);
	KUNIT_EXPECT_EQ(test, itp_test_add(test, st, cmd, 42, 1), 0);
	KUNIT_EXPECT_EQ(test, st->entries[3].id, 42ULL);
	KUNIT_EXPECT_EQ(test, st->n, 16U);
}

static void itp_state_show_format(struct kunit *test)
{
	struct itp_state *st = ((struct itp_state_fixture *)test->priv)->st;
	char small[8];

	KUNIT_ASSERT_EQ(test, itp_test_add(test, st, "+/", 1, 0), 0);
	KUNIT_ASSERT_EQ(test, itp_test_add(test, st, "+/a level=full", 2, 1),
			0);
	KUNIT_ASSERT_EQ(test, itp_test_add(test, st,
					   "+/a/b level=redacted\n", 3, 2), 0);
	KUNIT_EXPECT_STREQ(test, itp_test_show(test, st),
			   "/\n/a level=full\n/a/b level=redacted\n");

	/* a short buffer truncates but stays terminated */
	memset(small, 'z', sizeof(small));
	KUNIT_EXPECT_LT(test, itp_state_show_cgroups(st, small, sizeof(small)),
			(int)sizeof(small));
	KUNIT_EXPECT_EQ(test, small[sizeof(small) - 1], '\0');
}

static void itp_state_show_quantum_round_trips(struct kunit *test)
{
	struct itp_state *st = ((struct itp_state_fixture *)test->priv)->st;
	static const char * const lines[] = {
		"/a time_quantum_ns=1000", "/b level=full time_quantum_ns=0",
		"/c level=redacted", "/d",
	};
	struct itp_cgroup_cmd cmd;
	char buf[64];
	unsigned int i;

	KUNIT_ASSERT_EQ(test, itp_test_add(test, st,
					   "+/a time_quantum_ns=1000", 2, 1), 0);
	KUNIT_ASSERT_EQ(test, itp_test_add(test, st,
					   "+/b time_quantum_ns=0 level=full",
					   3, 1), 0);
	KUNIT_ASSERT_EQ(test, itp_test_add(test, st, "+/c level=redacted", 4, 1),
			0);
	KUNIT_ASSERT_EQ(test, itp_test_add(test, st, "+/d", 5, 1), 0);
	KUNIT_EXPECT_STREQ(test, itp_test_show(test, st),
			   "/a time_quantum_ns=1000\n/b level=full time_quantum_ns=0\n/c level=redacted\n/d\n");

	/* every listed line, written back with '+', means the same entry */
	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		snprintf(buf, sizeof(buf), "+%s", lines[i]);
		KUNIT_ASSERT_EQ(test, itp_test_parse(buf, &cmd), 0);
		KUNIT_EXPECT_EQ(test, cmd.level, st->entries[i].level);
		KUNIT_EXPECT_EQ(test, cmd.quantum_ns, st->entries[i].quantum_ns);
	}
}

static struct kunit_case itp_listing_cases[] = {
	KUNIT_CASE(itp_state_add_enospc_after_64_entries),
	KUNIT_CASE(itp_state_add_enospc_beyond_capacity),
	KUNIT_CASE(itp_state_add_enospc_when_listing_overflows),
	KUNIT_CASE(itp_state_show_format),
	KUNIT_CASE(itp_state_show_quantum_round_trips),
	{}
};

static struct kunit_suite itp_listing_suite = {
	.name = "inputtrace_state_listing",
	.init = itp_state_test_init,
	.exit = itp_state_test_exit,
	.test_cases = itp_listing_cases,
};

kunit_test_suite(itp_listing_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_LICENSE("GPL");

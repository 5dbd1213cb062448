// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for inputtrace.ko's policy logic (inputtrace_policy.c):
 * parsing of sysfs writes, the copy-on-write cgroup set, the hierarchical
 * scope decision and the redaction verdict.
 *
 * Run on UML with tests/kunit/run-kunit (make kunit-check).
 */
#include <kunit/test.h>
#include <linux/input-event-codes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "inputtrace_policy.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* sysfs passes the written bytes and their count, without a NUL */
static int itp_test_parse(const char *s, struct itp_cgroup_cmd *cmd)
{
	return itp_parse_cgroup_cmd(s, strlen(s), cmd);
}

/* Every one of the @n `cgroups` writes in @bad must be refused, EINVAL. */
static void itp_expect_cmds_rejected(struct kunit *test,
				     const char * const *bad, unsigned int n)
{
	struct itp_cgroup_cmd cmd;
	unsigned int i;

	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ_MSG(test, itp_test_parse(bad[i], &cmd),
				    -EINVAL, "input \"%*pE\"",
				    (int)strlen(bad[i]), bad[i]);
}

/* ---- parsing ----------------------------------------------------------- */

static void itp_parse_switch_accepts_0_and_1(struct kunit *test)
{
	bool en = true;

	KUNIT_EXPECT_EQ(test, itp_parse_switch("0", &en), 0);
	KUNIT_EXPECT_FALSE(test, en);
	KUNIT_EXPECT_EQ(test, itp_parse_switch("1", &en), 0);
	KUNIT_EXPECT_TRUE(test, en);
	KUNIT_EXPECT_EQ(test, itp_parse_switch("0\n", &en), 0);
	KUNIT_EXPECT_FALSE(test, en);
	KUNIT_EXPECT_EQ(test, itp_parse_switch("1\n", &en), 0);
	KUNIT_EXPECT_TRUE(test, en);
}

static void itp_parse_switch_rejects_malformed(struct kunit *test)
{
	static const char * const bad[] = {
		"", "\n", "1garbage", "2", "-1", "01", "1\n\n", " 1", "1 ",
		"\n1", "true", "on", "y", "Y", "yes", "0x1",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		bool en = true;

		KUNIT_EXPECT_EQ_MSG(test, itp_parse_switch(bad[i], &en),
				    -EINVAL, "input \"%*pE\"",
				    (int)strlen(bad[i]), bad[i]);
		KUNIT_EXPECT_TRUE_MSG(test, en, "changed by \"%*pE\"",
				      (int)strlen(bad[i]), bad[i]);
	}
}

static void itp_parse_level_accepts_names(struct kunit *test)
{
	int level = -1;

	KUNIT_EXPECT_EQ(test, itp_parse_level("redacted", &level), 0);
	KUNIT_EXPECT_EQ(test, level, INPUTTRACE_LEVEL_REDACTED);
	KUNIT_EXPECT_EQ(test, itp_parse_level("full", &level), 0);
	KUNIT_EXPECT_EQ(test, level, INPUTTRACE_LEVEL_FULL);
	KUNIT_EXPECT_EQ(test, itp_parse_level("redacted\n", &level), 0);
	KUNIT_EXPECT_EQ(test, level, INPUTTRACE_LEVEL_REDACTED);
	KUNIT_EXPECT_EQ(test, itp_parse_level("full\n", &level), 0);
	KUNIT_EXPECT_EQ(test, level, INPUTTRACE_LEVEL_FULL);
}

static void itp_parse_level_rejects_malformed(struct kunit *test)
{
	static const char * const bad[] = {
		"", "\n", "FULL", "Full", " full", "full ", "full\n\n",
		"\nfull", "ful", "fullx", "full\tx", "0", "1", "REDACTED",
		"redact", "none",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		int level = 42;

		KUNIT_EXPECT_EQ_MSG(test, itp_parse_level(bad[i], &level),
				    -EINVAL, "input \"%*pE\"",
				    (int)strlen(bad[i]), bad[i]);
		KUNIT_EXPECT_EQ(test, level, 42);
	}
}

static void itp_level_name_round_trips(struct kunit *test)
{
	int level = -1;

	KUNIT_EXPECT_STREQ(test, itp_level_name(INPUTTRACE_LEVEL_REDACTED),
			   "redacted");
	KUNIT_EXPECT_STREQ(test, itp_level_name(INPUTTRACE_LEVEL_FULL), "full");
	KUNIT_EXPECT_STREQ(test, itp_level_name(-1), "?");
	KUNIT_EXPECT_STREQ(test, itp_level_name(2), "?");
	KUNIT_ASSERT_EQ(test, itp_parse_level(itp_level_name(1), &level), 0);
	KUNIT_EXPECT_EQ(test, level, 1);
}

static void itp_parse_cgroup_cmd_accepts_add_and_remove(struct kunit *test)
{
	struct itp_cgroup_cmd cmd;

	KUNIT_ASSERT_EQ(test, itp_test_parse("+/a", &cmd), 0);
	KUNIT_EXPECT_TRUE(test, cmd.add);
	KUNIT_EXPECT_EQ(test, cmd.level, ITP_LEVEL_INHERIT);
	KUNIT_EXPECT_STREQ(test, cmd.path, "/a");

	KUNIT_ASSERT_EQ(test, itp_test_parse("-/a\n", &cmd), 0);
	KUNIT_EXPECT_FALSE(test, cmd.add);
	KUNIT_EXPECT_STREQ(test, cmd.path, "/a");

	KUNIT_ASSERT_EQ(test, itp_test_parse("+/\n", &cmd), 0);
	KUNIT_EXPECT_TRUE(test, cmd.add);
	KUNIT_EXPECT_STREQ(test, cmd.path, "/");

	KUNIT_ASSERT_EQ(test, itp_test_parse("-/", &cmd), 0);
	KUNIT_EXPECT_FALSE(test, cmd.add);
	KUNIT_EXPECT_STREQ(test, cmd.path, "/");

	KUNIT_ASSERT_EQ(test, itp_test_parse("+/user.slice/session-2.scope\n",
					     &cmd), 0);
	KUNIT_EXPECT_STREQ(test, cmd.path, "/user.slice/session-2.scope");

	/* dots and escapes inside a name are ordinary characters */
	KUNIT_ASSERT_EQ(test, itp_test_parse("+/.a/..b/.../a\\x2db", &cmd), 0);
	KUNIT_EXPECT_STREQ(test, cmd.path, "/.a/..b/.../a\\x2db");
}

static void itp_parse_cgroup_cmd_accepts_level_option(struct kunit *test)
{
	struct itp_cgroup_cmd cmd;

	KUNIT_ASSERT_EQ(test, itp_test_parse("+/a/b level=full", &cmd), 0);
	KUNIT_EXPECT_TRUE(test, cmd.add);
	KUNIT_EXPECT_EQ(test, cmd.level, INPUTTRACE_LEVEL_FULL);
	KUNIT_EXPECT_STREQ(test, cmd.path, "/a/b");

	KUNIT_ASSERT_EQ(test, itp_test_parse("+/a level=redacted\n", &cmd), 0);
	KUNIT_EXPECT_EQ(test, cmd.level, INPUTTRACE_LEVEL_REDACTED);
	KUNIT_EXPECT_STREQ(test, cmd.path, "/a");

	KUNIT_ASSERT_EQ(test, itp_test_parse("+/ level=full", &cmd), 0);
	KUNIT_EXPECT_EQ(test, cmd.level, INPUTTRACE_LEVEL_FULL);
	KUNIT_EXPECT_STREQ(test, cmd.path, "/");
}

static void itp_parse_cgroup_cmd_rejects_malformed(struct kunit *test)
{
	static const char * const bad[] = {
		"", "\n", "+", "-", "+\n", "/a", "a", "*/a", "=/a", "+ /a",
		"+a", "+a/b", "+./a", "+//", "+//a", "+/a/", "+/a//b", "+/./",
		"+/.", "+/..", "+/a/.", "+/a/..", "+/a/./b", "+/a/../b",
		"-/..", "+/a b", "+/a\tb", "+/a\rb", "+/a\nb", "+/a\x01",
		"+/a\x1b[0m", "+/a\x7f", "+/\x80", "+/caf\xc3\xa9",
		"+/\xe2\x82\xac", "+/a\n\n", "\n+/a", "+/a\n ",
	};

	itp_expect_cmds_rejected(test, bad, ARRAY_SIZE(bad));
}

static void itp_parse_cgroup_cmd_rejects_embedded_nul(struct kunit *test)
{
	static const char nul_in_path[] = "+/a\0b";
	static const char nul_in_opt[] = "+/a level=full\0";
	static const char nul_first[] = "\0+/a";
	struct itp_cgroup_cmd cmd;
	int ret;

	ret = itp_parse_cgroup_cmd(nul_in_path, sizeof(nul_in_path) - 1, &cmd);
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	ret = itp_parse_cgroup_cmd(nul_in_opt, sizeof(nul_in_opt) - 1, &cmd);
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	ret = itp_parse_cgroup_cmd(nul_first, sizeof(nul_first) - 1, &cmd);
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	/* the count is what was written, not up to the first NUL */
	KUNIT_EXPECT_EQ(test, itp_parse_cgroup_cmd("+/a\0", 4, &cmd), -EINVAL);
	KUNIT_EXPECT_EQ(test, itp_parse_cgroup_cmd("+/ab", 3, &cmd), 0);
	KUNIT_EXPECT_STREQ(test, cmd.path, "/a");
}

static void itp_parse_cgroup_cmd_rejects_too_long(struct kunit *test)
{
	struct itp_cgroup_cmd cmd;
	char *buf;

	/* sign + the longest path that fits ITP_PATH_MAX + newline + NUL */
	buf = kunit_kzalloc(test, ITP_PATH_MAX + 3, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);

	buf[0] = '+';
	buf[1] = '/';
	memset(buf + 2, 'x', ITP_PATH_MAX - 2);	/* path of PATH_MAX - 1 */
	KUNIT_ASSERT_EQ(test, itp_test_parse(buf, &cmd), 0);
	KUNIT_EXPECT_EQ(test, strlen(cmd.path), (size_t)ITP_PATH_MAX - 1);

	buf[ITP_PATH_MAX] = '\n';
	KUNIT_EXPECT_EQ(test, itp_test_parse(buf, &cmd), 0);

	buf[ITP_PATH_MAX] = 'x';		/* path of PATH_MAX */
	KUNIT_EXPECT_EQ(test, itp_test_parse(buf, &cmd), -ENAMETOOLONG);
	buf[0] = '-';
	KUNIT_EXPECT_EQ(test, itp_test_parse(buf, &cmd), -ENAMETOOLONG);
	buf[ITP_PATH_MAX + 1] = '\n';
	KUNIT_EXPECT_EQ(test, itp_test_parse(buf, &cmd), -ENAMETOOLONG);
}

static void itp_parse_cgroup_cmd_rejects_bad_option(struct kunit *test)
{
	static const char * const bad[] = {
		"+/a ", "+/a level", "+/a level=", "+/a level=FULL",
		"+/a level=Full", "+/a level=ful", "+/a level=fullx",
		"+/a level=full ", "+/a level=full x", "+/a level=full\n\n",
		"+/a level=full\nx", "+/a level= full", "+/a  level=full",
		"+/a lvl=full", "+/a LEVEL=full", "+/a level:full",
		"+/a level=redactedredactedredacted", "+/a level=0",
		"+/a\tlevel=full", "-/a level=full", "-/a level=redacted",
		"-/a ",
	};

	itp_expect_cmds_rejected(test, bad, ARRAY_SIZE(bad));
}

static void itp_parse_quantum_accepts_range(struct kunit *test)
{
	u32 q = 7;

	KUNIT_EXPECT_EQ(test, itp_parse_quantum("0", &q), 0);
	KUNIT_EXPECT_EQ(test, q, 0U);
	KUNIT_EXPECT_EQ(test, itp_parse_quantum("1000000\n", &q), 0);
	KUNIT_EXPECT_EQ(test, q, 1000000U);
	KUNIT_EXPECT_EQ(test, itp_parse_quantum("1000000000", &q), 0);
	KUNIT_EXPECT_EQ(test, q, (u32)ITP_QUANTUM_MAX);
	KUNIT_EXPECT_EQ(test, itp_parse_quantum("1000000001", &q), -ERANGE);
	KUNIT_EXPECT_EQ(test, itp_parse_quantum("4294967296", &q), -ERANGE);
	KUNIT_EXPECT_EQ(test, q, (u32)ITP_QUANTUM_MAX);
}

static void itp_parse_quantum_rejects_malformed(struct kunit *test)
{
	static const char * const bad[] = {
		"", "\n", "+1", "-1", " 1", "1 ", "0x10", "1e6", "1.5",
		"1000\n\n", "\n1", "one",
	};
	unsigned int i;
	u32 q = 7;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, itp_parse_quantum(bad[i], &q), -EINVAL,
				    "input \"%*pE\"", (int)strlen(bad[i]),
				    bad[i]);
	KUNIT_EXPECT_EQ(test, q, 7U);
}

static void itp_parse_cgroup_cmd_accepts_quantum_option(struct kunit *test)
{
	struct itp_cgroup_cmd cmd;

	KUNIT_ASSERT_EQ(test, itp_test_parse("+/a", &cmd), 0);
	KUNIT_EXPECT_EQ(test, cmd.quantum_ns, (s64)ITP_QUANTUM_INHERIT);

	KUNIT_ASSERT_EQ(test, itp_test_parse("+/a time_quantum_ns=1000000",
					     &cmd), 0);
	KUNIT_EXPECT_EQ(test, cmd.quantum_ns, 1000000LL);
	KUNIT_EXPECT_EQ(test, cmd.level, ITP_LEVEL_INHERIT);
	KUNIT_EXPECT_STREQ(test, cmd.path, "/a");

	KUNIT_ASSERT_EQ(test, itp_test_parse("+/a level=full time_quantum_ns=0\n",
					     &cmd), 0);
	KUNIT_EXPECT_EQ(test, cmd.quantum_ns, 0LL);
	KUNIT_EXPECT_EQ(test, cmd.level, INPUTTRACE_LEVEL_FULL);

	KUNIT_ASSERT_EQ(test, itp_test_parse("+/a/b time_quantum_ns=5 level=redacted",
					     &cmd), 0);
	KUNIT_EXPECT_EQ(test, cmd.quantum_ns, 5LL);
	KUNIT_EXPECT_EQ(test, cmd.level, INPUTTRACE_LEVEL_REDACTED);
	KUNIT_EXPECT_STREQ(test, cmd.path, "/a/b");
}

static void itp_parse_cgroup_cmd_rejects_bad_quantum(struct kunit *test)
{
	static const char * const bad[] = {
		"+/a time_quantum_ns", "+/a time_quantum_ns=",
		"+/a time_quantum_ns=abc", "+/a time_quantum_ns=-1",
		"+/a time_quantum_ns=+1", "+/a time_quantum_ns=0x10",
		"+/a time_quantum_ns=1 ", "+/a time_quantum_ns=1\n\n",
		"+/a time_quantum_ns=1\nx", "+/a time_quantum_ns= 1",
		"+/a time_quantum_ns=1 time_quantum_ns=2",
		"+/a level=full level=full", "+/a level=full level=redacted",
		"-/a time_quantum_ns=1", "+/a TIME_QUANTUM_NS=1",
		"+/a time_quantum=1", "+/a time_quantum_ns=12345678901234567",
	};
	struct itp_cgroup_cmd cmd;

	itp_expect_cmds_rejected(test, bad, ARRAY_SIZE(bad));
	/* in form but out of range */
	KUNIT_EXPECT_EQ(test, itp_test_parse("+/a time_quantum_ns=1000000001",
					     &cmd), -ERANGE);
}

static struct kunit_case itp_parse_cases[] = {
	KUNIT_CASE(itp_parse_switch_accepts_0_and_1),
	KUNIT_CASE(itp_parse_switch_rejects_malformed),
	KUNIT_CASE(itp_parse_level_accepts_names),
	KUNIT_CASE(itp_parse_level_rejects_malformed),
	KUNIT_CASE(itp_level_name_round_trips),
	KUNIT_CASE(itp_parse_cgroup_cmd_accepts_add_and_remove),
	KUNIT_CASE(itp_parse_cgroup_cmd_accepts_level_option),
	KUNIT_CASE(itp_parse_cgroup_cmd_rejects_malformed),
	KUNIT_CASE(itp_parse_cgroup_cmd_rejects_embedded_nul),
	KUNIT_CASE(itp_parse_cgroup_cmd_rejects_too_long),
	KUNIT_CASE(itp_parse_cgroup_cmd_rejects_bad_option),
	KUNIT_CASE(itp_parse_quantum_accepts_range),
	KUNIT_CASE(itp_parse_quantum_rejects_malformed),
	KUNIT_CASE(itp_parse_cgroup_cmd_accepts_quantum_option),
	KUNIT_CASE(itp_parse_cgroup_cmd_rejects_bad_quantum),
	{}
};

static struct kunit_suite itp_parse_suite = {
	.name = "inputtrace_policy_parse",
	.test_cases = itp_parse_cases,
};

/* ---- the cgroup set ---------------------------------------------------- */

/* Room for one more than the module allows, to see its own limit hold. */
#define ITP_TEST_CAP	(ITP_MAX_CGROUPS + 1)

struct itp_state_fixture {
	struct itp_state *st;		/* a fresh state, cap ITP_TEST_CAP */
	struct itp_state *copy;		/* a clone, when a case makes one */
	char *show;			/* an ITP_SHOW_MAX sysfs page */
};

static int itp_state_test_init(struct kunit *test)
{
	struct itp_state_fixture *f;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->show = kunit_kzalloc(test, ITP_SHOW_MAX, GFP_KERNEL);
	if (!f->show)
		return -ENOMEM;
	f->st = itp_state_alloc(ITP_TEST_CAP, GFP_KERNEL);
	if (!f->st)
		return -ENOMEM;
	test->priv = f;
	return 0;
}

static void itp_state_test_exit(struct kunit *test)
{
	struct itp_state_fixture *f = test->priv;

	if (!f)
		return;
	kfree(f->copy);
	kfree(f->st);
}

/* Parse @s like a write to `cgroups`, then add it with @id and @depth. */
static int itp_test_add(struct kunit *test, struct itp_state *st,
			const char *s, u64 id, int depth)
{
	struct itp_cgroup_cmd cmd;
	int ret;

	ret = itp_test_parse(s, &cmd);
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "parsing \"%s\"", s);
	KUNIT_ASSERT_TRUE(test, cmd.add);
	return itp_state_add(st, &cmd, id, depth);
}

/* The `cgroups` listing of @st, NUL-terminated, in the fixture's page. */
static const char *itp_test_show(struct kunit *test, const struct itp_state *st)
{
	struct itp_state_fixture *f = test->priv;
	int len;

	memset(f->show, 0, ITP_SHOW_MAX);
	len = itp_state_show_cgroups(st, f->show, ITP_SHOW_MAX);
	KUNIT_EXPECT_EQ(test, (size_t)len, strlen(f->show));
	return f->show;
}

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
	KUNIT_CASE(itp_state_add_enospc_after_64_entries),
	KUNIT_CASE(itp_state_add_enospc_beyond_capacity),
	KUNIT_CASE(itp_state_add_enospc_when_listing_overflows),
	KUNIT_CASE(itp_state_show_format),
	KUNIT_CASE(itp_state_show_quantum_round_trips),
	KUNIT_CASE(itp_state_clone_keeps_scalars),
	{}
};

static struct kunit_suite itp_state_suite = {
	.name = "inputtrace_policy_cgroups",
	.init = itp_state_test_init,
	.exit = itp_state_test_exit,
	.test_cases = itp_state_cases,
};

/* ---- scope decision ---------------------------------------------------- */

/*
 * A reader's cgroup as a chain of ids from the root down.  The tree used:
 *
 *   /                                           id  1  depth 0
 *   /user.slice                                 id 10  depth 1
 *   /user.slice/user-1000.slice                 id 11  depth 2
 *   /user.slice/user-1000.slice/session-1.scope id 12  depth 3
 *   .../session-1.scope/app                     id 14  depth 4
 *   /user.slice/user-1001.slice                 id 13  depth 2
 *   /system.slice                               id 20  depth 1
 */
#define ITP_FAKE_DEPTH	8

struct itp_fake_cgroup {
	struct itp_subject subj;
	u64 ids[ITP_FAKE_DEPTH];
	unsigned int bad_queries;	/* id_at() outside 0..subj.depth */
};

static u64 itp_fake_id_at(const struct itp_subject *s, int depth)
{
	struct itp_fake_cgroup *cg = container_of(s, struct itp_fake_cgroup,
						  subj);

	if (depth < 0 || depth > s->depth) {
		cg->bad_queries++;
		return 0;
	}
	return cg->ids[depth];
}

/* @ids: the ids from the root down to the reader's cgroup, then 0 */
static void itp_fake_set(struct itp_fake_cgroup *cg, const u64 *ids)
{
	int n = 0;

	memset(cg, 0, sizeof(*cg));
	while (n < ITP_FAKE_DEPTH && ids[n]) {
		cg->ids[n] = ids[n];
		n++;
	}
	cg->subj.depth = n - 1;
	cg->subj.id_at = itp_fake_id_at;
}

/* Ancestor ids from the root down, 0-terminated (no cgroup has id 0). */
static const u64 itp_cg_root[] = { 1, 0 };
static const u64 itp_cg_user[] = { 1, 10, 0 };
static const u64 itp_cg_u1000[] = { 1, 10, 11, 0 };
static const u64 itp_cg_session[] = { 1, 10, 11, 12, 0 };
static const u64 itp_cg_app[] = { 1, 10, 11, 12, 14, 0 };
static const u64 itp_cg_u1001[] = { 1, 10, 13, 0 };
static const u64 itp_cg_system[] = { 1, 20, 0 };
/* user-1000.slice removed and created again: a new id at depth 2 */
static const u64 itp_cg_u1000_new[] = { 1, 10, 99, 0 };
static const u64 itp_cg_u1000_new_app[] = { 1, 10, 99, 100, 0 };

struct itp_decide_fixture {
	struct itp_state *st;
	struct itp_fake_cgroup cg;
};

static int itp_decide_test_init(struct kunit *test)
{
	struct itp_decide_fixture *f;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->st = itp_state_alloc(ITP_MAX_CGROUPS, GFP_KERNEL);
	if (!f->st)
		return -ENOMEM;
	f->st->enabled = true;
	test->priv = f;
	return 0;
}

static void itp_decide_test_exit(struct kunit *test)
{
	struct itp_decide_fixture *f = test->priv;

	if (!f)
		return;
	/* itp_decide() must only ask for the reader's own ancestors */
	KUNIT_EXPECT_EQ(test, f->cg.bad_queries, 0U);
	kfree(f->st);
}

/* The level (or error) decided for the reader whose ancestry is @ids. */
static int itp_test_decide(struct itp_decide_fixture *f, const u64 *ids)
{
	struct itp_decision d = { .level = -1 };
	int ret;

	itp_fake_set(&f->cg, ids);
	ret = itp_decide(f->st, &f->cg.subj, &d);
	return ret < 0 ? ret : d.level;
}

/* The quantum (or error) decided for the reader whose ancestry is @ids. */
static s64 itp_test_quantum(struct itp_decide_fixture *f, const u64 *ids)
{
	struct itp_decision d = { .quantum_ns = 7 };
	int ret;

	itp_fake_set(&f->cg, ids);
	ret = itp_decide(f->st, &f->cg.subj, &d);
	return ret < 0 ? (s64)ret : (s64)d.quantum_ns;
}

/* Enable a cgroup (a `cgroups` write) in the fixture's state. */
static void itp_decide_enable(struct kunit *test, const char *s, u64 id,
			      int depth)
{
	struct itp_decide_fixture *f = test->priv;

	KUNIT_ASSERT_EQ_MSG(test, itp_test_add(test, f->st, s, id, depth), 0,
			    "adding \"%s\"", s);
}

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
	KUNIT_CASE(itp_decide_quantum_global_and_override),
	KUNIT_CASE(itp_decide_paused_only_in_scope),
	KUNIT_CASE(itp_decide_paused_tells_level_and_quantum),
	KUNIT_CASE(itp_decide_names_the_deciding_entry),
	{}
};

static struct kunit_suite itp_decide_suite = {
	.name = "inputtrace_policy_decide",
	.init = itp_decide_test_init,
	.exit = itp_decide_test_exit,
	.test_cases = itp_decide_cases,
};

/* ---- redaction verdict ------------------------------------------------- */

#define ITP_REDACTED	INPUTTRACE_LEVEL_REDACTED
#define ITP_FULL	INPUTTRACE_LEVEL_FULL

/* Expect @v to decode to exactly (@level, @flags, @code). */
static void itp_expect_verdict(struct kunit *test, s64 v, int level,
			       unsigned int flags, unsigned int code,
			       unsigned int type, unsigned int in_code)
{
	KUNIT_EXPECT_GE_MSG(test, v, 0, "type %u code %#x", type, in_code);
	KUNIT_EXPECT_EQ_MSG(test, v >> 32, 0, "type %u code %#x", type,
			    in_code);
	KUNIT_EXPECT_EQ_MSG(test, INPUTTRACE_VERDICT_LEVEL(v), (u32)level,
			    "type %u code %#x", type, in_code);
	KUNIT_EXPECT_EQ_MSG(test, INPUTTRACE_VERDICT_FLAGS(v), (u32)flags,
			    "type %u code %#x", type, in_code);
	KUNIT_EXPECT_EQ_MSG(test, INPUTTRACE_VERDICT_CODE(v), (u32)code,
			    "type %u code %#x", type, in_code);
}

static void itp_verdict_encoding_macros(struct kunit *test)
{
	s64 v = 0x01020304;

	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_LEVEL(v), 0x01U);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_FLAGS(v), 0x02U);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_CODE(v), 0x0304U);

	v = itp_verdict(ITP_FULL, EV_KEY, KEY_A);
	KUNIT_EXPECT_EQ(test, v, (s64)(ITP_FULL << 24 | KEY_A));
	v = itp_verdict(ITP_REDACTED, EV_KEY, KEY_A);
	KUNIT_EXPECT_EQ(test, v, (s64)(INPUTTRACE_EV_REDACTED << 16 |
				       INPUTTRACE_KC_LETTER));
	v = itp_verdict(ITP_REDACTED, EV_MSC, MSC_SCAN);
	KUNIT_EXPECT_EQ(test, v, (s64)(INPUTTRACE_EV_VALUE_CLEARED << 16 |
				       MSC_SCAN));
	/* the flags fit inputtrace_event.flags, the level its .level */
	KUNIT_EXPECT_EQ(test, INPUTTRACE_EV_REDACTED & ~0xff, 0);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_EV_VALUE_CLEARED & ~0xff, 0);
}

static void itp_key_class_maps_documented_classes(struct kunit *test)
{
	static const struct {
		unsigned int code;
		unsigned int class;
	} map[] = {
		{ KEY_A, INPUTTRACE_KC_LETTER },
		{ KEY_Q, INPUTTRACE_KC_LETTER },
		{ KEY_L, INPUTTRACE_KC_LETTER },
		{ KEY_Z, INPUTTRACE_KC_LETTER },
		{ KEY_M, INPUTTRACE_KC_LETTER },
		{ KEY_1, INPUTTRACE_KC_DIGIT },
		{ KEY_9, INPUTTRACE_KC_DIGIT },
		{ KEY_0, INPUTTRACE_KC_DIGIT },
		{ KEY_KP0, INPUTTRACE_KC_DIGIT },
		{ KEY_KP5, INPUTTRACE_KC_DIGIT },
		{ KEY_KP9, INPUTTRACE_KC_DIGIT },
		{ KEY_NUMERIC_0, INPUTTRACE_KC_DIGIT },
		{ KEY_NUMERIC_9, INPUTTRACE_KC_DIGIT },
		{ KEY_MINUS, INPUTTRACE_KC_PUNCTUATION },
		{ KEY_DOT, INPUTTRACE_KC_PUNCTUATION },
		{ KEY_SLASH, INPUTTRACE_KC_PUNCTUATION },
		{ KEY_GRAVE, INPUTTRACE_KC_PUNCTUATION },
		{ KEY_102ND, INPUTTRACE_KC_PUNCTUATION },
		{ KEY_KPPLUS, INPUTTRACE_KC_PUNCTUATION },
		{ KEY_NUMERIC_STAR, INPUTTRACE_KC_PUNCTUATION },
		{ KEY_SPACE, INPUTTRACE_KC_WHITESPACE },
		{ KEY_TAB, INPUTTRACE_KC_WHITESPACE },
		{ KEY_ENTER, INPUTTRACE_KC_WHITESPACE },
		{ KEY_KPENTER, INPUTTRACE_KC_WHITESPACE },
		{ KEY_LEFTSHIFT, INPUTTRACE_KC_MODIFIER },
		{ KEY_RIGHTSHIFT, INPUTTRACE_KC_MODIFIER },
		{ KEY_LEFTCTRL, INPUTTRACE_KC_MODIFIER },
		{ KEY_RIGHTCTRL, INPUTTRACE_KC_MODIFIER },
		{ KEY_LEFTALT, INPUTTRACE_KC_MODIFIER },
		{ KEY_RIGHTALT, INPUTTRACE_KC_MODIFIER },
		{ KEY_LEFTMETA, INPUTTRACE_KC_MODIFIER },
		{ KEY_RIGHTMETA, INPUTTRACE_KC_MODIFIER },
		{ KEY_CAPSLOCK, INPUTTRACE_KC_MODIFIER },
		{ KEY_NUMLOCK, INPUTTRACE_KC_MODIFIER },
		{ KEY_FN, INPUTTRACE_KC_MODIFIER },
		{ KEY_UP, INPUTTRACE_KC_NAVIGATION },
		{ KEY_DOWN, INPUTTRACE_KC_NAVIGATION },
		{ KEY_LEFT, INPUTTRACE_KC_NAVIGATION },
		{ KEY_RIGHT, INPUTTRACE_KC_NAVIGATION },
		{ KEY_HOME, INPUTTRACE_KC_NAVIGATION },
		{ KEY_END, INPUTTRACE_KC_NAVIGATION },
		{ KEY_PAGEUP, INPUTTRACE_KC_NAVIGATION },
		{ KEY_PAGEDOWN, INPUTTRACE_KC_NAVIGATION },
		{ KEY_BACKSPACE, INPUTTRACE_KC_EDITING },
		{ KEY_DELETE, INPUTTRACE_KC_EDITING },
		{ KEY_INSERT, INPUTTRACE_KC_EDITING },
		{ KEY_ESC, INPUTTRACE_KC_FUNCTION },
		{ KEY_F1, INPUTTRACE_KC_FUNCTION },
		{ KEY_F10, INPUTTRACE_KC_FUNCTION },
		{ KEY_F11, INPUTTRACE_KC_FUNCTION },
		{ KEY_F12, INPUTTRACE_KC_FUNCTION },
		{ KEY_F13, INPUTTRACE_KC_FUNCTION },
		{ KEY_F24, INPUTTRACE_KC_FUNCTION },
		{ KEY_MUTE, INPUTTRACE_KC_MEDIA },
		{ KEY_VOLUMEUP, INPUTTRACE_KC_MEDIA },
		{ KEY_POWER, INPUTTRACE_KC_MEDIA },
		{ KEY_STOP, INPUTTRACE_KC_MEDIA },
		{ KEY_PLAYPAUSE, INPUTTRACE_KC_MEDIA },
		{ KEY_BRIGHTNESSUP, INPUTTRACE_KC_MEDIA },
		{ KEY_RESERVED, INPUTTRACE_KC_OTHER },
		{ KEY_OK, INPUTTRACE_KC_OTHER },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		KUNIT_EXPECT_EQ_MSG(test, itp_key_class(map[i].code),
				    map[i].class, "code %u", map[i].code);
}

static void itp_key_class_covers_every_letter_and_digit(struct kunit *test)
{
	static const unsigned int letters[] = {
		KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F, KEY_G, KEY_H, KEY_I,
		KEY_J, KEY_K, KEY_L, KEY_M, KEY_N, KEY_O, KEY_P, KEY_Q, KEY_R,
		KEY_S, KEY_T, KEY_U, KEY_V, KEY_W, KEY_X, KEY_Y, KEY_Z,
	};
	static const unsigned int digits[] = {
		KEY_0, KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6, KEY_7, KEY_8,
		KEY_9, KEY_KP0, KEY_KP1, KEY_KP2, KEY_KP3, KEY_KP4, KEY_KP5,
		KEY_KP6, KEY_KP7, KEY_KP8, KEY_KP9,
	};
	unsigned int i, code;

	for (i = 0; i < ARRAY_SIZE(letters); i++)
		KUNIT_EXPECT_EQ_MSG(test, itp_key_class(letters[i]),
				    (unsigned int)INPUTTRACE_KC_LETTER,
				    "code %u", letters[i]);
	for (i = 0; i < ARRAY_SIZE(digits); i++)
		KUNIT_EXPECT_EQ_MSG(test, itp_key_class(digits[i]),
				    (unsigned int)INPUTTRACE_KC_DIGIT,
				    "code %u", digits[i]);
	/* every class is one the reader knows */
	for (code = 0; code <= KEY_MAX + 1; code++)
		if (itp_key_class(code) >= INPUTTRACE_KC_COUNT)
			KUNIT_FAIL(test, "code %#x: class %u", code,
				   itp_key_class(code));
}

static void itp_key_is_keyboard_excludes_buttons(struct kunit *test)
{
	static const unsigned int buttons[] = {
		BTN_MISC, BTN_0, BTN_9, BTN_MOUSE, BTN_LEFT, BTN_RIGHT,
		BTN_MIDDLE, BTN_TASK, BTN_TRIGGER, BTN_JOYSTICK, BTN_SOUTH,
		BTN_GAMEPAD, BTN_THUMBR, BTN_TOOL_PEN, BTN_DIGI, BTN_TOUCH,
		BTN_STYLUS, BTN_TOOL_QUINTTAP, BTN_WHEEL, BTN_GEAR_UP,
		KEY_OK - 1, BTN_DPAD_UP, BTN_DPAD_DOWN, BTN_DPAD_LEFT,
		BTN_DPAD_RIGHT, BTN_TRIGGER_HAPPY, BTN_TRIGGER_HAPPY1,
		BTN_TRIGGER_HAPPY20, BTN_TRIGGER_HAPPY40,
		KEY_MAX + 1, KEY_CNT, 0xffff,
	};
	static const unsigned int keys[] = {
		KEY_RESERVED, KEY_ESC, KEY_A, KEY_ENTER, KEY_UP, KEY_F24,
		KEY_MICMUTE, BTN_MISC - 1, KEY_OK, KEY_FN, KEY_NUMERIC_0,
		BTN_DPAD_UP - 1, BTN_DPAD_RIGHT + 1, BTN_TRIGGER_HAPPY - 1,
		BTN_TRIGGER_HAPPY40 + 1, KEY_MAX,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(buttons); i++)
		KUNIT_EXPECT_FALSE_MSG(test, itp_key_is_keyboard(buttons[i]),
				       "code %#x", buttons[i]);
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		KUNIT_EXPECT_TRUE_MSG(test, itp_key_is_keyboard(keys[i]),
				      "code %#x", keys[i]);
}

static void itp_verdict_redacts_keyboard_keys(struct kunit *test)
{
	static const struct {
		unsigned int code;
		unsigned int class;
	} map[] = {
		{ KEY_A, INPUTTRACE_KC_LETTER },
		{ KEY_7, INPUTTRACE_KC_DIGIT },
		{ KEY_ENTER, INPUTTRACE_KC_WHITESPACE },
		{ KEY_BACKSPACE, INPUTTRACE_KC_EDITING },
		{ KEY_LEFTSHIFT, INPUTTRACE_KC_MODIFIER },
		{ KEY_LEFT, INPUTTRACE_KC_NAVIGATION },
		{ KEY_F5, INPUTTRACE_KC_FUNCTION },
		{ KEY_VOLUMEDOWN, INPUTTRACE_KC_MEDIA },
		{ KEY_OK, INPUTTRACE_KC_OTHER },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		itp_expect_verdict(test,
				   itp_verdict(ITP_REDACTED, EV_KEY,
					       map[i].code),
				   ITP_REDACTED, INPUTTRACE_EV_REDACTED,
				   map[i].class, EV_KEY, map[i].code);
}

static void itp_verdict_keeps_buttons_exact(struct kunit *test)
{
	static const unsigned int buttons[] = {
		BTN_LEFT, BTN_RIGHT, BTN_MIDDLE, BTN_TOUCH, BTN_TOOL_FINGER,
		BTN_STYLUS, BTN_SOUTH, BTN_TRIGGER, BTN_DPAD_LEFT,
		BTN_TRIGGER_HAPPY, BTN_TRIGGER_HAPPY40,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(buttons); i++)
		itp_expect_verdict(test,
				   itp_verdict(ITP_REDACTED, EV_KEY,
					       buttons[i]),
				   ITP_REDACTED, 0, buttons[i], EV_KEY,
				   buttons[i]);
}

static void itp_verdict_leaves_other_types_untouched(struct kunit *test)
{
	static const struct {
		unsigned int type;
		unsigned int code;
	} ev[] = {
		{ EV_SYN, SYN_REPORT }, { EV_SYN, SYN_DROPPED },
		{ EV_SYN, SYN_MT_REPORT },
		{ EV_REL, REL_X }, { EV_REL, REL_Y }, { EV_REL, REL_WHEEL },
		{ EV_REL, REL_WHEEL_HI_RES },
		{ EV_ABS, ABS_X }, { EV_ABS, ABS_PRESSURE },
		{ EV_ABS, ABS_MT_POSITION_X }, { EV_ABS, ABS_MT_TRACKING_ID },
		{ EV_MSC, MSC_SERIAL }, { EV_MSC, MSC_GESTURE },
		{ EV_MSC, MSC_TIMESTAMP },
		{ EV_SW, SW_LID }, { EV_LED, LED_CAPSL },
		{ EV_SND, SND_BELL }, { EV_REP, REP_DELAY },
		{ EV_REP, REP_PERIOD }, { EV_FF, 0x50 }, { EV_PWR, 0 },
		{ EV_FF_STATUS, 0 },
		/* an out-of-range EV_KEY code is no keyboard key */
		{ EV_KEY, KEY_MAX + 1 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ev); i++)
		itp_expect_verdict(test,
				   itp_verdict(ITP_REDACTED, ev[i].type,
					       ev[i].code),
				   ITP_REDACTED, 0, ev[i].code, ev[i].type,
				   ev[i].code);
}

static void itp_verdict_clears_scan_value_only_redacted(struct kunit *test)
{
	itp_expect_verdict(test, itp_verdict(ITP_REDACTED, EV_MSC, MSC_SCAN),
			   ITP_REDACTED, INPUTTRACE_EV_VALUE_CLEARED, MSC_SCAN,
			   EV_MSC, MSC_SCAN);
	itp_expect_verdict(test, itp_verdict(ITP_REDACTED, EV_MSC, MSC_RAW),
			   ITP_REDACTED, INPUTTRACE_EV_VALUE_CLEARED, MSC_RAW,
			   EV_MSC, MSC_RAW);
	itp_expect_verdict(test, itp_verdict(ITP_FULL, EV_MSC, MSC_SCAN),
			   ITP_FULL, 0, MSC_SCAN, EV_MSC, MSC_SCAN);
	itp_expect_verdict(test, itp_verdict(ITP_FULL, EV_MSC, MSC_RAW),
			   ITP_FULL, 0, MSC_RAW, EV_MSC, MSC_RAW);
	/* a scan code is only a scan code in EV_MSC */
	itp_expect_verdict(test, itp_verdict(ITP_REDACTED, EV_REL, MSC_SCAN),
			   ITP_REDACTED, 0, MSC_SCAN, EV_REL, MSC_SCAN);
}

static void itp_verdict_full_level_is_exact(struct kunit *test)
{
	static const unsigned int types[] = {
		EV_SYN, EV_KEY, EV_REL, EV_ABS, EV_MSC, EV_SW, EV_LED, EV_REP,
	};
	unsigned int t, code;

	for (t = 0; t < ARRAY_SIZE(types); t++)
		for (code = 0; code <= KEY_MAX; code++) {
			s64 v = itp_verdict(ITP_FULL, types[t], code);

			if (v == (s64)(ITP_FULL << 24 | code))
				continue;
			KUNIT_FAIL(test, "type %u code %#x: verdict %#llx",
				   types[t], code, (unsigned long long)v);
			return;
		}
}

static void itp_verdict_unknown_level_redacts(struct kunit *test)
{
	static const int levels[] = { -1, 2, 0xff, 0x100 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(levels); i++) {
		itp_expect_verdict(test, itp_verdict(levels[i], EV_KEY, KEY_A),
				   ITP_REDACTED, INPUTTRACE_EV_REDACTED,
				   INPUTTRACE_KC_LETTER, EV_KEY, KEY_A);
		itp_expect_verdict(test,
				   itp_verdict(levels[i], EV_MSC, MSC_SCAN),
				   ITP_REDACTED, INPUTTRACE_EV_VALUE_CLEARED,
				   MSC_SCAN, EV_MSC, MSC_SCAN);
	}
}

static void itp_verdict_keeps_key_values(struct kunit *test)
{
	unsigned int code;
	s64 v;

	/*
	 * The verdict never withholds the value of a key event: press (1),
	 * release (0) and autorepeat (2) pass as they are, and EV_REP is
	 * left alone; autorepeat is not the policy's business.
	 */
	for (code = 0; code <= KEY_MAX; code++) {
		v = itp_verdict(ITP_REDACTED, EV_KEY, code);
		if (INPUTTRACE_VERDICT_FLAGS(v) & INPUTTRACE_EV_VALUE_CLEARED) {
			KUNIT_FAIL(test, "key %#x: value cleared", code);
			return;
		}
		/* a redacted code is a class, an exact one its own code */
		if (INPUTTRACE_VERDICT_FLAGS(v) & INPUTTRACE_EV_REDACTED)
			KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_CODE(v),
					itp_key_class(code));
		else
			KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_CODE(v), code);
	}
	v = itp_verdict(ITP_REDACTED, EV_REP, REP_PERIOD);
	KUNIT_EXPECT_EQ(test, INPUTTRACE_VERDICT_FLAGS(v), 0U);
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

static struct kunit_case itp_verdict_cases[] = {
	KUNIT_CASE(itp_verdict_encoding_macros),
	KUNIT_CASE(itp_key_class_maps_documented_classes),
	KUNIT_CASE(itp_key_class_covers_every_letter_and_digit),
	KUNIT_CASE(itp_key_is_keyboard_excludes_buttons),
	KUNIT_CASE(itp_verdict_redacts_keyboard_keys),
	KUNIT_CASE(itp_verdict_keeps_buttons_exact),
	KUNIT_CASE(itp_verdict_leaves_other_types_untouched),
	KUNIT_CASE(itp_verdict_clears_scan_value_only_redacted),
	KUNIT_CASE(itp_verdict_full_level_is_exact),
	KUNIT_CASE(itp_verdict_unknown_level_redacts),
	KUNIT_CASE(itp_verdict_keeps_key_values),
	KUNIT_CASE(itp_event_verdict_carries_quantum),
	{}
};

static struct kunit_suite itp_verdict_suite = {
	.name = "inputtrace_policy_verdict",
	.test_cases = itp_verdict_cases,
};

kunit_test_suites(&itp_parse_suite, &itp_state_suite, &itp_decide_suite,
		  &itp_verdict_suite);

MODULE_DESCRIPTION("KUnit tests for inputtrace.ko's policy logic");
MODULE_LICENSE("GPL");

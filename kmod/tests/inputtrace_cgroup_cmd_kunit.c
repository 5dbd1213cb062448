// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the syntax of a `cgroups` write
 *
 * "+/path [level=X] [time_quantum_ns=N]" or "-/path" (inputtrace_parse.c):
 * canonical paths only, options in any order and at most once, no
 * embedded NUL or newline, the length limit, and the errno of each
 * refusal.
 *
 * Run with tests/kunit/run-kunit (make kunit-check).
 */
#include <linux/errno.h>

#include "inputtrace_kunit.h"

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
		"+/a time_quantum=1", "+/a time_quantum_ns=1234567890123456x",
	};
	struct itp_cgroup_cmd cmd;

	itp_expect_cmds_rejected(test, bad, ARRAY_SIZE(bad));
	/* in form but out of range, however many digits (sysfs fuzz) */
	KUNIT_EXPECT_EQ(test, itp_test_parse("+/a time_quantum_ns=1000000001",
					     &cmd), -ERANGE);
	KUNIT_EXPECT_EQ(test, itp_test_parse("+/a time_quantum_ns=12345678901234567",
					     &cmd), -ERANGE);
	KUNIT_EXPECT_EQ(test,
			itp_test_parse("+/a time_quantum_ns=18446744073709551616",
				       &cmd), -ERANGE);
}

/* Leading zeros, as the global attribute takes them (sysfs fuzz). */
static void itp_parse_cgroup_cmd_quantum_leading_zeros(struct kunit *test)
{
	struct itp_cgroup_cmd cmd;

	KUNIT_ASSERT_EQ(test,
			itp_test_parse("+/a time_quantum_ns=000000000000000000007",
				       &cmd), 0);
	KUNIT_EXPECT_EQ(test, cmd.quantum_ns, 7LL);
	KUNIT_ASSERT_EQ(test,
			itp_test_parse("+/a time_quantum_ns=0001000000000\n",
				       &cmd), 0);
	KUNIT_EXPECT_EQ(test, cmd.quantum_ns, (s64)INPUTTRACE_QUANTUM_MAX);
}

static struct kunit_case itp_cmd_cases[] = {
	KUNIT_CASE(itp_parse_cgroup_cmd_accepts_add_and_remove),
	KUNIT_CASE(itp_parse_cgroup_cmd_accepts_level_option),
	KUNIT_CASE(itp_parse_cgroup_cmd_rejects_malformed),
	KUNIT_CASE(itp_parse_cgroup_cmd_rejects_embedded_nul),
	KUNIT_CASE(itp_parse_cgroup_cmd_rejects_too_long),
	KUNIT_CASE(itp_parse_cgroup_cmd_rejects_bad_option),
	KUNIT_CASE(itp_parse_cgroup_cmd_accepts_quantum_option),
	KUNIT_CASE(itp_parse_cgroup_cmd_rejects_bad_quantum),
	KUNIT_CASE(itp_parse_cgroup_cmd_quantum_leading_zeros),
	{}
};

static struct kunit_suite itp_cmd_suite = {
	.name = "inputtrace_parse_cgroups",
	.test_cases = itp_cmd_cases,
};

kunit_test_suite(itp_cmd_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_LICENSE("GPL");

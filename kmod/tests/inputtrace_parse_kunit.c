// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: strict parsing of the scalar sysfs attributes
 *
 * enabled/paused (0 or 1), level (a name) and time_quantum_ns (plain
 * digits, at most 1 s) in inputtrace_parse.c: what is accepted, and
 * that everything else is refused with the right errno.
 *
 * Run with tests/kunit/run-kunit (make kunit-check).
 */
#include <linux/errno.h>

#include "inputtrace_kunit.h"

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

static void itp_parse_quantum_accepts_range(struct kunit *test)
{
	u32 q = 7;

	KUNIT_EXPECT_EQ(test, itp_parse_quantum("0", &q), 0);
	KUNIT_EXPECT_EQ(test, q, 0U);
	KUNIT_EXPECT_EQ(test, itp_parse_quantum("1000000\n", &q), 0);
	KUNIT_EXPECT_EQ(test, q, 1000000U);
	KUNIT_EXPECT_EQ(test, itp_parse_quantum("1000000000", &q), 0);
	KUNIT_EXPECT_EQ(test, q, (u32)INPUTTRACE_QUANTUM_MAX);
	KUNIT_EXPECT_EQ(test, itp_parse_quantum("1000000001", &q), -ERANGE);
	KUNIT_EXPECT_EQ(test, itp_parse_quantum("4294967296", &q), -ERANGE);
	KUNIT_EXPECT_EQ(test, q, (u32)INPUTTRACE_QUANTUM_MAX);
}

static void itp_parse_quantum_rejects_malformed(struct kunit *test)
{
	static const char * const bad[] = {
		"", "\n", "+1", "-1", " 1", "1 ", "0x10", "1e6", "1.5",
		"1000\n\n", "\n1", "one",
		/* junk after more digits than fit (sysfs fuzz) */
		"0018446744073709551616\t/", "99999999999x", "4294967296 ",
	};
	unsigned int i;
	u32 q = 7;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, itp_parse_quantum(bad[i], &q), -EINVAL,
				    "input \"%*pE\"", (int)strlen(bad[i]),
				    bad[i]);
	KUNIT_EXPECT_EQ(test, q, 7U);
}

/* sysfs passes @count bytes and a NUL after them; a NUL before is junk. */
static void itp_check_scalar_rejects_embedded_nul(struct kunit *test)
{
	static const char one[] = "1", one_nl[] = "1\n";
	static const char nul_junk[] = "1\0junk", nul_nl[] = "0\n\0";
	static const char full_nul[] = "full\0", nul_first[] = "\0005";

	KUNIT_EXPECT_EQ(test, itp_check_scalar(one, sizeof(one) - 1), 0);
	KUNIT_EXPECT_EQ(test, itp_check_scalar(one_nl, sizeof(one_nl) - 1), 0);
	KUNIT_EXPECT_EQ(test, itp_check_scalar(nul_junk, sizeof(nul_junk) - 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, itp_check_scalar(nul_nl, sizeof(nul_nl) - 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, itp_check_scalar(full_nul, sizeof(full_nul) - 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test,
			itp_check_scalar(nul_first, sizeof(nul_first) - 1),
			-EINVAL);
}

static struct kunit_case itp_parse_cases[] = {
	KUNIT_CASE(itp_parse_switch_accepts_0_and_1),
	KUNIT_CASE(itp_parse_switch_rejects_malformed),
	KUNIT_CASE(itp_parse_level_accepts_names),
	KUNIT_CASE(itp_parse_level_rejects_malformed),
	KUNIT_CASE(itp_level_name_round_trips),
	KUNIT_CASE(itp_parse_quantum_accepts_range),
	KUNIT_CASE(itp_parse_quantum_rejects_malformed),
	KUNIT_CASE(itp_check_scalar_rejects_embedded_nul),
	{}
};

static struct kunit_suite itp_parse_suite = {
	.name = "inputtrace_parse",
	.test_cases = itp_parse_cases,
};

kunit_test_suite(itp_parse_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_LICENSE("GPL");

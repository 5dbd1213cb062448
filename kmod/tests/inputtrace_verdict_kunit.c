// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the redaction verdict for one event
 *
 * itp_verdict() (inputtrace_redact.c): keyboard keys become classes and
 * scan codes lose their value unless the level is full, an unknown
 * level redacts, and buttons, motion, other types and key values
 * (press, release, autorepeat) stay exact.
 *
 * Run with tests/kunit/run-kunit (make kunit-check).
 */
#include <linux/input-event-codes.h>

#include "inputtrace_kunit.h"

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

static struct kunit_case itp_verdict_cases[] = {
	KUNIT_CASE(itp_verdict_encoding_macros),
	KUNIT_CASE(itp_verdict_redacts_keyboard_keys),
	KUNIT_CASE(itp_verdict_keeps_buttons_exact),
	KUNIT_CASE(itp_verdict_leaves_other_types_untouched),
	KUNIT_CASE(itp_verdict_clears_scan_value_only_redacted),
	KUNIT_CASE(itp_verdict_full_level_is_exact),
	KUNIT_CASE(itp_verdict_unknown_level_redacts),
	KUNIT_CASE(itp_verdict_keeps_key_values),
	{}
};

static struct kunit_suite itp_verdict_suite = {
	.name = "inputtrace_verdict",
	.test_cases = itp_verdict_cases,
};

kunit_test_suite(itp_verdict_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_LICENSE("GPL");

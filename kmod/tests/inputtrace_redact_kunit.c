// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: key classes of the redacted level
 *
 * inputtrace_redact.c: every key maps to its documented class, every
 * letter and digit is covered, and pointer, joystick, gamepad and
 * tablet buttons are not keyboard keys (they stay exact).
 *
 * Run with tests/kunit/run-kunit (make kunit-check).
 */
#include <linux/input-event-codes.h>

#include "inputtrace_kunit.h"

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

static struct kunit_case itp_redact_cases[] = {
	KUNIT_CASE(itp_key_class_maps_documented_classes),
	KUNIT_CASE(itp_key_class_covers_every_letter_and_digit),
	KUNIT_CASE(itp_key_is_keyboard_excludes_buttons),
	{}
};

static struct kunit_suite itp_redact_suite = {
	.name = "inputtrace_redact",
	.test_cases = itp_redact_cases,
};

kunit_test_suite(itp_redact_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0
/*
 * inputtrace_redact.c - what may leave the kernel for one event
 *
 * Keyboard keys become their class and scan codes lose their value unless
 * the level is full; the result is encoded as include/inputtrace_verdict.h
 * defines, the answer the BPF program decodes.  Pure: KUnit tests it
 * exhaustively (every key code).
 */
#include <linux/build_bug.h>
#include <linux/input-event-codes.h>
#include <linux/kernel.h>
#include <kunit/visibility.h>

#include "inputtrace_policy.h"

/*
 * Pointer, joystick, gamepad and tablet buttons are not keyboard keys: they
 * stay exact in every level.  Everything else in EV_KEY is a key.
 */
VISIBLE_IF_KUNIT bool itp_key_is_keyboard(unsigned int code)
{
	if (code >= BTN_MISC && code < KEY_OK)
		return false;
	if (code >= BTN_DPAD_UP && code <= BTN_DPAD_RIGHT)
		return false;
	if (code >= BTN_TRIGGER_HAPPY && code <= BTN_TRIGGER_HAPPY40)
		return false;
	return code <= KEY_MAX;
}
EXPORT_SYMBOL_IF_KUNIT(itp_key_is_keyboard);

#define KC(c)	INPUTTRACE_KC_##c

/*
 * Classes of the classic keyboard range.  Unlisted codes below KEY_STOP are
 * KC(OTHER); unlisted codes from KEY_STOP (128) up are media/application keys.
 */
static const u8 itp_low_classes[256] = {
	[KEY_ESC] = KC(FUNCTION),
	[KEY_1 ... KEY_0] = KC(DIGIT),
	[KEY_MINUS] = KC(PUNCTUATION), [KEY_EQUAL] = KC(PUNCTUATION),
	[KEY_BACKSPACE] = KC(EDITING),
	[KEY_TAB] = KC(WHITESPACE),
	[KEY_Q ... KEY_P] = KC(LETTER),
	[KEY_LEFTBRACE] = KC(PUNCTUATION), [KEY_RIGHTBRACE] = KC(PUNCTUATION),
	[KEY_ENTER] = KC(WHITESPACE),
	[KEY_LEFTCTRL] = KC(MODIFIER),
	[KEY_A ... KEY_L] = KC(LETTER),
	[KEY_SEMICOLON ... KEY_GRAVE] = KC(PUNCTUATION),
	[KEY_LEFTSHIFT] = KC(MODIFIER),
	[KEY_BACKSLASH] = KC(PUNCTUATION),
	[KEY_Z ... KEY_M] = KC(LETTER),
	[KEY_COMMA ... KEY_SLASH] = KC(PUNCTUATION),
	[KEY_RIGHTSHIFT] = KC(MODIFIER),
	[KEY_KPASTERISK] = KC(PUNCTUATION),
	[KEY_LEFTALT] = KC(MODIFIER),
	[KEY_SPACE] = KC(WHITESPACE),
	[KEY_CAPSLOCK] = KC(MODIFIER),
	[KEY_F1 ... KEY_F10] = KC(FUNCTION),
	[KEY_NUMLOCK] = KC(MODIFIER), [KEY_SCROLLLOCK] = KC(MODIFIER),
	[KEY_KP7 ... KEY_KP9] = KC(DIGIT),
	[KEY_KPMINUS] = KC(PUNCTUATION),
	[KEY_KP4 ... KEY_KP6] = KC(DIGIT),
	[KEY_KPPLUS] = KC(PUNCTUATION),
	[KEY_KP1 ... KEY_KP0] = KC(DIGIT),
	[KEY_KPDOT] = KC(PUNCTUATION),
	[KEY_102ND] = KC(PUNCTUATION),
	[KEY_F11] = KC(FUNCTION), [KEY_F12] = KC(FUNCTION),
	[KEY_RO] = KC(PUNCTUATION),
	[KEY_KPENTER] = KC(WHITESPACE),
	[KEY_RIGHTCTRL] = KC(MODIFIER),
	[KEY_KPSLASH] = KC(PUNCTUATION),
	[KEY_SYSRQ] = KC(FUNCTION),
	[KEY_RIGHTALT] = KC(MODIFIER),
	[KEY_HOME ... KEY_PAGEDOWN] = KC(NAVIGATION),
	[KEY_INSERT] = KC(EDITING), [KEY_DELETE] = KC(EDITING),
	[KEY_MUTE ... KEY_POWER] = KC(MEDIA),
	[KEY_KPEQUAL] = KC(PUNCTUATION), [KEY_KPPLUSMINUS] = KC(PUNCTUATION),
	[KEY_PAUSE] = KC(FUNCTION),
	[KEY_KPCOMMA] = KC(PUNCTUATION),
	[KEY_YEN] = KC(PUNCTUATION),
	[KEY_LEFTMETA ... KEY_COMPOSE] = KC(MODIFIER),
	[KEY_KPLEFTPAREN] = KC(PUNCTUATION),
	[KEY_KPRIGHTPAREN] = KC(PUNCTUATION),
	[KEY_F13 ... KEY_F24] = KC(FUNCTION),
};

VISIBLE_IF_KUNIT unsigned int itp_key_class(unsigned int code)
{
	unsigned int kc;

	if (code < ARRAY_SIZE(itp_low_classes)) {
		kc = itp_low_classes[code];
		if (kc == KC(OTHER) && code >= KEY_STOP)
			return KC(MEDIA);
		return kc;
	}
	if (code >= KEY_NUMERIC_0 && code <= KEY_NUMERIC_9)
		return KC(DIGIT);
	if (code == KEY_NUMERIC_STAR || code == KEY_NUMERIC_POUND)
		return KC(PUNCTUATION);
	if (code == KEY_FN)
		return KC(MODIFIER);
	return KC(OTHER);
}
EXPORT_SYMBOL_IF_KUNIT(itp_key_class);

#undef KC

/*
 * What may leave the kernel for one event at @level.  Keyboard key codes
 * become their class and scan codes lose their value unless level is full;
 * everything else (buttons, motion, SYN, autorepeat values) stays exact.
 */
VISIBLE_IF_KUNIT s64 itp_verdict(int level, unsigned int type,
				 unsigned int code)
{
	u32 flags = 0;

	/* the classes must fit the code field, the flags the flags field */
	BUILD_BUG_ON(INPUTTRACE_KC_COUNT - 1 > INPUTTRACE_VERDICT_CODE_MASK);
	BUILD_BUG_ON((INPUTTRACE_EV_REDACTED | INPUTTRACE_EV_VALUE_CLEARED) &
		     ~INPUTTRACE_VERDICT_FLAGS_MASK);
	BUILD_BUG_ON(INPUTTRACE_LEVEL_FULL > INPUTTRACE_VERDICT_LEVEL_MASK);

	if (level != INPUTTRACE_LEVEL_FULL) {
		level = INPUTTRACE_LEVEL_REDACTED;
		if (type == EV_KEY && itp_key_is_keyboard(code)) {
			code = itp_key_class(code);
			flags |= INPUTTRACE_EV_REDACTED;
		} else if (type == EV_MSC && (code == MSC_SCAN || code == MSC_RAW)) {
			flags |= INPUTTRACE_EV_VALUE_CLEARED;
		}
	}
	return inputtrace_verdict(code, flags, level, 0);
}
EXPORT_SYMBOL_IF_KUNIT(itp_verdict);

/*
 * The kfunc's answer for a reader in scope: itp_verdict() at @d's level,
 * plus the timestamp quantum the BPF program must apply.
 */
s64 itp_event_verdict(const struct itp_decision *d, unsigned int type,
		      unsigned int code)
{
	s64 v = itp_verdict(d->level, type, code);

	/* any quantum the parsers accept leaves the verdict non-negative */
	BUILD_BUG_ON(INPUTTRACE_QUANTUM_MAX >= 1ULL << 30);
	return inputtrace_verdict(INPUTTRACE_VERDICT_CODE(v),
				  INPUTTRACE_VERDICT_FLAGS(v),
				  INPUTTRACE_VERDICT_LEVEL(v), d->quantum_ns);
}
EXPORT_SYMBOL_IF_KUNIT(itp_event_verdict);

// SPDX-License-Identifier: GPL-2.0
/* caps.c - the code bitmap of each event type in a CAPS record. */
#include <stddef.h>
#include <linux/input.h>
#include "caps.h"

/* Sizes as the kernel's, which the record's word counts must hold. */
_Static_assert(EV_CNT <= INPUTTRACE_EV_WORDS * 64 && KEY_CNT <= INPUTTRACE_KEY_WORDS * 64 &&
	       REL_CNT <= INPUTTRACE_REL_WORDS * 64 && ABS_CNT <= INPUTTRACE_ABS_WORDS * 64 &&
	       MSC_CNT <= INPUTTRACE_MSC_WORDS * 64 && LED_CNT <= INPUTTRACE_LED_WORDS * 64 &&
	       SND_CNT <= INPUTTRACE_SND_WORDS * 64 && FF_CNT <= INPUTTRACE_FF_WORDS * 64 &&
	       SW_CNT <= INPUTTRACE_SW_WORDS * 64 &&
	       INPUT_PROP_CNT <= INPUTTRACE_PROP_WORDS * 64, "CAPS bitmaps hold the kernel's");

const __u64 *caps_codes(const struct inputtrace_caps *caps, unsigned int type,
			unsigned int *nbits)
{
	switch (type) {
	case EV_KEY:
		*nbits = KEY_CNT;
		return caps->keybit;
	case EV_REL:
		*nbits = REL_CNT;
		return caps->relbit;
	case EV_ABS:
		*nbits = ABS_CNT;
		return caps->absbit;
	case EV_MSC:
		*nbits = MSC_CNT;
		return caps->mscbit;
	case EV_SW:
		*nbits = SW_CNT;
		return caps->swbit;
	case EV_LED:
		*nbits = LED_CNT;
		return caps->ledbit;
	case EV_SND:
		*nbits = SND_CNT;
		return caps->sndbit;
	case EV_FF:
		*nbits = FF_CNT;
		return caps->ffbit;
	}
	*nbits = 0;
	return NULL;
}

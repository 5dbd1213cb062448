/* SPDX-License-Identifier: GPL-2.0 */
/*
 * caps.h - reading a CAPS record (struct inputtrace_caps, bpf/inputtrace.h):
 * which bitmap holds the codes of an event type, and how big it is.  Used
 * by dump (text, JSON) and by export (evemu, libinput record).
 */
#ifndef __CAPS_H
#define __CAPS_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/types.h>
#include "inputtrace.h"

/*
 * The bitmap of @type's codes in @caps, *@nbits codes long (KEY_CNT for
 * EV_KEY, ...); NULL for a type the kernel keeps no code bitmap for
 * (EV_SYN, EV_REP, EV_PWR, EV_FF_STATUS, unknown types).
 */
const __u64 *caps_codes(const struct inputtrace_caps *caps, unsigned int type,
			unsigned int *nbits);

static inline bool caps_bit(const __u64 *words, unsigned int bit)
{
	return words[bit / 64] >> (bit % 64) & 1;
}

#endif /* __CAPS_H */

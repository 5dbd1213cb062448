/* SPDX-License-Identifier: GPL-2.0 */
/*
 * filter.h - the recorder's event filters (--types, --codes, --device),
 * parsed into the plain struct the BPF side applies.
 *
 * Suggested semantics for the BPF side: an event passes if
 *   - types == 0 or its type's bit is set in types, and
 *   - its type's bit is not in code_types, or (type, code) is in codes
 *     (so "--codes KEY_A" narrows EV_KEY only; EV_SYN etc. still pass), and
 *   - ndevices == 0 or its device's event number is in devices.
 *
 * Every parser is all-or-nothing: on error the struct is unchanged and a
 * one-line reason (naming the option) is in @err.  Repeating an option
 * adds to what is already there.
 */
#ifndef __FILTER_H
#define __FILTER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define FILTER_MAX_CODES	64
#define FILTER_MAX_DEVICES	64
#define FILTER_MAX_EVENT_NUM	1023	/* input core: < 1024 char minors */

struct filter_code {
	uint16_t type;
	uint16_t code;
};

struct filter_opts {
	uint32_t types;		/* bit (1u << EV_x); 0 = all types */
	uint32_t code_types;	/* types that appear in codes[] */
	unsigned int ncodes;
	struct filter_code codes[FILTER_MAX_CODES];
	unsigned int ndevices;
	uint32_t devices[FILTER_MAX_DEVICES];	/* N of /dev/input/eventN */
};

/* "key,rel,abs", "EV_KEY", "1" ... -> types bitmask. */
int filter_parse_types(struct filter_opts *f, const char *arg,
		       char *err, size_t errlen);
/* "KEY_A,BTN_LEFT,REL_X", "1:30", "key:30", "EV_KEY:KEY_A" ... */
int filter_parse_codes(struct filter_opts *f, const char *arg,
		       char *err, size_t errlen);
/* "/dev/input/event3" (any path to an evdev node) or "3". */
int filter_parse_device(struct filter_opts *f, const char *arg,
			char *err, size_t errlen);
/* Event number N of an evdev char device number, or -ENODEV. */
int filter_evdev_num(dev_t rdev);

#endif /* __FILTER_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * dump_caps.c - how `dump` prints a CAPS record: one line, like every
 * other record.  Text names the types, codes and properties as evtest
 * does (libevdev's names); JSON gives the numbers, keyed by event type,
 * so that a script can compare them with what it configured.
 */
#include <inttypes.h>
#include <stdio.h>
#include <linux/input.h>
#include <libevdev/libevdev.h>
#include "caps.h"
#include "dump.h"

static void put_name_or_number(FILE *f, const char *name, unsigned int n)
{
	if (name)
		fputs(name, f);
	else
		fprintf(f, "%u", n);
}

static void put_absinfo(FILE *f, const struct inputtrace_absinfo *a, bool json)
{
	if (json)
		fprintf(f, "{\"value\":%d,\"minimum\":%d,\"maximum\":%d,\"fuzz\":%d,"
			"\"flat\":%d,\"resolution\":%d}", a->value, a->minimum, a->maximum,
			a->fuzz, a->flat, a->resolution);
	else
		fprintf(f, "(%d..%d fuzz %d flat %d res %d value %d)", a->minimum,
			a->maximum, a->fuzz, a->flat, a->resolution, a->value);
}

/* The set bits of @words (@nbits long): numbers (JSON) or @type's names. */
static void put_codes(FILE *f, const __u64 *words, unsigned int nbits, int type, bool json)
{
	unsigned int bit;
	bool first = true;

	for (bit = 0; bit < nbits; bit++) {
		if (!caps_bit(words, bit))
			continue;
		if (!first)
			fputc(json ? ',' : ' ', f);
		first = false;
		if (json)
			fprintf(f, "%u", bit);
		else if (type < 0)
			put_name_or_number(f, libevdev_property_get_name(bit), bit);
		else
			put_name_or_number(f, libevdev_event_code_get_name(type, bit), bit);
	}
}

static void put_types(FILE *f, const struct inputtrace_caps *c, bool json)
{
	const __u64 *codes;
	unsigned int type, nbits;
	bool first = true;

	for (type = 0; type < EV_CNT; type++) {
		codes = caps_codes(c, type, &nbits);
		if (!caps_bit(c->evbit, type) || !codes)
			continue;
		if (json)
			fprintf(f, "%s\"%u\":[", first ? "" : ",", type);
		else
			fprintf(f, " %s[", libevdev_event_type_get_name(type));
		first = false;
		put_codes(f, codes, nbits, type, json);
		fputc(']', f);
	}
}

static void put_axes(FILE *f, const struct inputtrace_caps *c, bool json)
{
	unsigned int axis;
	bool first = true;

	for (axis = 0; axis < ABS_CNT; axis++) {
		if (!caps_bit(c->absbit, axis))
			continue;
		if (json) {
			fprintf(f, "%s\"%u\":", first ? "" : ",", axis);
		} else {
			fputc(' ', f);
			put_name_or_number(f, libevdev_event_code_get_name(EV_ABS, axis), axis);
		}
		first = false;
		put_absinfo(f, &c->absinfo[axis], json);
	}
}

void dump_print_caps(FILE *f, const struct inputtrace_caps *c, bool json)
{
	if (json) {
		fprintf(f, "{\"kind\":\"caps\",\"time_ns\":%" PRIu64 ",\"dev_id\":%u,\"types\":[",
			(uint64_t)c->head.time_ns, c->head.dev_id);
		put_codes(f, c->evbit, EV_CNT, -1, true);
		fputs("],\"codes\":{", f);
		put_types(f, c, true);
		fputs("},\"absinfo\":{", f);
		put_axes(f, c, true);
		fputs("},\"properties\":[", f);
		put_codes(f, c->propbit, INPUT_PROP_CNT, -1, true);
		fprintf(f, "],\"rep_delay\":%u,\"rep_period\":%u}\n", c->rep_delay,
			c->rep_period);
		return;
	}
	fprintf(f, " caps %u", c->head.dev_id);
	put_types(f, c, false);
	fputs(" axes", f);
	put_axes(f, c, false);
	fputs(" props[", f);
	put_codes(f, c->propbit, INPUT_PROP_CNT, -1, false);
	fprintf(f, "] rep %u/%u\n", c->rep_delay, c->rep_period);
}

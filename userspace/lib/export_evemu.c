// SPDX-License-Identifier: GPL-2.0
/*
 * export_evemu.c - evemu's text format (file version 1.3), line for line
 * as evemu-record 2.7 writes it: evemu_read() and evemu_read_event() of
 * libevemu parse it, so evemu-device and evemu-play replay it.
 *
 *   N: name   I: bus vendor product version (hex)   P: property bytes
 *   B: type, then that type's code bitmap, 8 bytes a line (as many lines
 *      as the kernel's bitmap of the type has: libevdev's maximum code);
 *      EV_SYN's and EV_REP's codes as libevdev reports them
 *   A: axis min max fuzz flat resolution
 *   E: sec.usec type code value, then a comment naming them
 * No L:/S: lines: the trace has no LED or switch state (evemu then
 * starts them off, as a fresh uinput device is).
 */
#include <errno.h>
#include <linux/input.h>
#include <libevdev/libevdev.h>
#include "caps.h"
#include "export.h"

/* A bitmap of u64 words, as the bytes EVIOCGBIT gives (little-endian). */
static unsigned int map_byte(const __u64 *words, unsigned int i)
{
	return (words[i / 8] >> (8 * (i % 8))) & 0xff;
}

static void write_bytes(FILE *f, const char *prefix, const __u64 *words, unsigned int nbytes)
{
	unsigned int i, j;

	for (i = 0; i < nbytes; i += 8) {
		fputs(prefix, f);
		for (j = 0; j < 8; j++)
			fprintf(f, " %02x", map_byte(words, i + j));
		fputc('\n', f);
	}
}

static void write_device(FILE *f, const struct export_trace *t)
{
	static const __u64 none[2];
	/*
	 * What libevdev (so evemu-record) reports for every device: EV_SYN's
	 * SYN_REPORT, SYN_CONFIG and SYN_DROPPED, and for a device with
	 * EV_REP its two codes, which the kernel keeps no bitmap of.
	 */
	static const __u64 syn[1] = { 1u << SYN_REPORT | 1u << SYN_CONFIG | 1u << SYN_DROPPED };
	static const __u64 rep[1] = { 1u << REP_DELAY | 1u << REP_PERIOD };
	const struct inputtrace_device *d = &t->dev;
	const struct inputtrace_caps *c = &t->caps;
	const struct inputtrace_absinfo *a;
	const __u64 *map;
	unsigned int nbits;
	char prefix[8];
	int type, max;

	fprintf(f, "# EVEMU 1.3\n");
	if (*t->kernel)
		fprintf(f, "# Kernel: %s\n", t->kernel);
	fprintf(f, "# Input device name: \"%s\"\n", d->name);
	fprintf(f, "# Input device ID: bus %#04x vendor %#04x product %#04x version %#04x\n",
		d->bustype, d->vendor, d->product, d->version);
	fprintf(f, "# Exported by inputtrace from /dev/input/event%u\n", d->minor);
	fprintf(f, "N: %s\n", d->name);
	fprintf(f, "I: %04x %04x %04x %04x\n", d->bustype, d->vendor, d->product, d->version);
	write_bytes(f, "P:", c->propbit, 8);
	for (type = 0; type < EV_CNT; type++) {
		max = libevdev_event_type_get_max(type);
		if (max < 0)
			continue;
		snprintf(prefix, sizeof(prefix), "B: %02x", type);
		if (type == EV_SYN)
			map = syn;
		else if (!caps_bit(c->evbit, type))
			map = NULL;
		else if (type == EV_REP)
			map = rep;
		else
			map = caps_codes(c, type, &nbits);
		/* the kernel's bitmap is whole longs: (max + 1) bits rounded up to 64 */
		write_bytes(f, prefix, map ? map : none, (max + 64) / 64 * 8);
	}
	for (type = 0; type < ABS_CNT; type++) {
		if (!caps_bit(c->absbit, type))
			continue;
		a = &c->absinfo[type];
		fprintf(f, "A: %02x %d %d %d %d %d\n", type, a->minimum, a->maximum, a->fuzz,
			a->flat, a->resolution);
	}
	fputs("################################\n"
	      "#      Waiting for events      #\n"
	      "################################\n", f);
}

static const char *or_null(const char *s)
{
	return s ? s : "(null)";	/* what evemu's printf prints for a NULL name */
}

static void write_event(FILE *f, const struct export_event *e, unsigned long long *last_ms)
{
	unsigned long long ms = e->t_ns / 1000000;
	unsigned int type = e->type, code = e->code;

	fprintf(f, "E: %llu.%06u %04x %04x %04d\t", (unsigned long long)(e->t_ns / 1000000000),
		(unsigned int)(e->t_ns % 1000000000 / 1000), type, code, e->value);
	if (type == EV_SYN && code == SYN_MT_REPORT) {
		fprintf(f, "# ++++++++++++ %s (%d) ++++++++++\n",
			or_null(libevdev_event_code_get_name(type, code)), e->value);
	} else if (type == EV_SYN) {
		/* milliseconds since the SYN before, as evemu counts them */
		fprintf(f, "# ------------ %s (%d) ---------- %+lldms\n",
			or_null(libevdev_event_code_get_name(type, code)), e->value,
			(long long)(ms - *last_ms));
		*last_ms = ms;
	} else {
		fprintf(f, "# %s / %-20s %d\n", or_null(libevdev_event_type_get_name(type)),
			or_null(libevdev_event_code_get_name(type, code)), e->value);
	}
}

int export_write_evemu(FILE *f, const struct export_trace *t)
{
	unsigned long long last_ms = 0;
	size_t i;

	write_device(f, t);
	for (i = 0; i < t->nev; i++)
		write_event(f, &t->ev[i], &last_ms);
	return ferror(f) ? -EIO : 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * filter.c - strict parsing of --types/--codes/--device.
 *
 * Names come from libevdev, which tracks the kernel's
 * input-event-codes.h, rather than from a table of our own.  Each parser
 * works on a copy of the filter and commits it only when the whole
 * argument parsed.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <libevdev/libevdev.h>
#include <linux/input.h>
#include "filter.h"

#define INPUT_MAJOR		13
#define EVDEV_MINOR_BASE	64
#define EVDEV_MINORS		32
#define INPUT_FIRST_DYNAMIC	256
#define TOKEN_MAX		64

static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

/* Strict unsigned decimal: digits only, no sign, no spaces, <= max. */
static bool parse_num(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!isdigit((unsigned char)s[0]))
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}

static void upcase(char *s)
{
	for (; *s; s++)
		*s = (char)toupper((unsigned char)*s);
}

/* "key", "EV_KEY", "ev_key" or "1" -> EV_KEY; -1 if unknown. */
static int type_from_token(const char *tok)
{
	char name[TOKEN_MAX + 4];
	unsigned long v;

	if (parse_num(tok, EV_MAX, &v))
		return (int)v;
	if (strlen(tok) > TOKEN_MAX)
		return -1;
	if (strncasecmp(tok, "EV_", 3) == 0)
		snprintf(name, sizeof(name), "%s", tok);
	else
		snprintf(name, sizeof(name), "EV_%s", tok);
	upcase(name);
	return libevdev_event_type_from_name(name);
}

/*
 * Split @arg at commas into tokens; each must be non-empty.  Calls @fn
 * for each token; stops at the first error.
 */
static int for_each_token(const char *opt, const char *arg, char *err, size_t errlen,
			  int (*fn)(const char *tok, void *ctx, char *err, size_t errlen),
			  void *ctx)
{
	const char *p = arg;
	char tok[TOKEN_MAX + 1];
	int rc;

	if (!*arg)
		return fail(err, errlen, -EINVAL, "%s: empty list", opt);
	for (;;) {
		size_t n = strcspn(p, ",");

		if (n == 0)
			return fail(err, errlen, -EINVAL, "%s: empty item in '%s'", opt, arg);
		if (n > TOKEN_MAX)
			return fail(err, errlen, -EINVAL, "%s: item too long in '%s'", opt, arg);
		memcpy(tok, p, n);
		tok[n] = '\0';
		rc = fn(tok, ctx, err, errlen);
		if (rc)
			return rc;
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

static int add_type(const char *tok, void *ctx, char *err, size_t errlen)
{
	uint32_t *mask = ctx;
	int t = type_from_token(tok);

	if (t < 0 || t > EV_MAX)
		return fail(err, errlen, -EINVAL,
			    "--types: unknown event type '%s' (e.g. key, rel, abs, 1)", tok);
	*mask |= 1u << t;
	return 0;
}

int filter_parse_types(struct filter_opts *f, const char *arg,
		       char *err, size_t errlen)
{
	uint32_t mask = f->types;
	int rc;

	rc = for_each_token("--types", arg, err, errlen, add_type, &mask);
	if (!rc)
		f->types = mask;
	return rc;
}

static int code_from_token(const char *s, int type)
{
	char name[TOKEN_MAX + 1];
	unsigned long v;

	if (parse_num(s, 0xffff, &v))
		return (int)v;
	snprintf(name, sizeof(name), "%s", s);
	upcase(name);
	if (libevdev_event_type_from_code_name(name) != type)
		return -1;
	return libevdev_event_code_from_code_name(name);
}

static int add_code(const char *tok, void *ctx, char *err, size_t errlen)
{
	struct filter_opts *f = ctx;
	char name[TOKEN_MAX + 1];
	const char *colon = strchr(tok, ':');
	int type, code, max;
	unsigned int i;

	if (colon) {
		/* type:code, each a name or a number */
		snprintf(name, sizeof(name), "%.*s", (int)(colon - tok), tok);
		type = type_from_token(name);
		if (type < 0 || type > EV_MAX)
			return fail(err, errlen, -EINVAL,
				    "--codes: unknown event type in '%s'", tok);
		code = code_from_token(colon + 1, type);
	} else {
		snprintf(name, sizeof(name), "%s", tok);
		upcase(name);
		type = libevdev_event_type_from_code_name(name);
		code = type < 0 ? -1 : libevdev_event_code_from_code_name(name);
		if (type < 0 && isdigit((unsigned char)tok[0]))
			return fail(err, errlen, -EINVAL,
				    "--codes: '%s': a number needs a type, e.g. 1:30", tok);
	}
	max = type < 0 ? -1 : libevdev_event_type_get_max(type);
	if (code < 0 || code > max)
		return fail(err, errlen, -EINVAL,
			    "--codes: unknown event code '%s' (e.g. KEY_A, BTN_LEFT, 1:30)", tok);

	for (i = 0; i < f->ncodes; i++)
		if (f->codes[i].type == type && f->codes[i].code == code)
			return 0;
	if (f->ncodes == FILTER_MAX_CODES)
		return fail(err, errlen, -E2BIG, "--codes: more than %d codes",
			    FILTER_MAX_CODES);
	f->codes[f->ncodes].type = type;
	f->codes[f->ncodes].code = code;
	f->ncodes++;
	f->code_types |= 1u << type;
	return 0;
}

int filter_parse_codes(struct filter_opts *f, const char *arg,
		       char *err, size_t errlen)
{
	struct filter_opts tmp = *f;
	int rc;

	rc = for_each_token("--codes", arg, err, errlen, add_code, &tmp);
	if (!rc)
		*f = tmp;
	return rc;
}

int filter_evdev_num(dev_t rdev)
{
	unsigned int mi = minor(rdev);

	if (major(rdev) != INPUT_MAJOR)
		return -ENODEV;
	/* evdev_connect(): legacy minors 64..95 are event0..31, dynamic
	 * minors (256..1023) keep their number. */
	if (mi >= EVDEV_MINOR_BASE && mi < EVDEV_MINOR_BASE + EVDEV_MINORS)
		return mi - EVDEV_MINOR_BASE;
	if (mi >= INPUT_FIRST_DYNAMIC && mi <= FILTER_MAX_EVENT_NUM)
		return mi;
	return -ENODEV;
}

int filter_parse_device(struct filter_opts *f, const char *arg,
			char *err, size_t errlen)
{
	unsigned long n;
	struct stat st;
	unsigned int i;
	int num;

	if (!*arg)
		return fail(err, errlen, -EINVAL, "--device: empty argument");
	if (isdigit((unsigned char)arg[0])) {
		if (!parse_num(arg, FILTER_MAX_EVENT_NUM, &n))
			return fail(err, errlen, -EINVAL,
				    "--device: '%s' is not an event number 0..%d",
				    arg, FILTER_MAX_EVENT_NUM);
		num = (int)n;
	} else {
		if (stat(arg, &st) < 0)
			return fail(err, errlen, -errno, "--device: %s: %s", arg,
				    strerror(errno));
		if (!S_ISCHR(st.st_mode))
			return fail(err, errlen, -ENODEV,
				    "--device: %s: not a character device", arg);
		num = filter_evdev_num(st.st_rdev);
		if (num < 0)
			return fail(err, errlen, -ENODEV,
				    "--device: %s: not an evdev node (char %u:%u)", arg,
				    major(st.st_rdev), minor(st.st_rdev));
	}

	for (i = 0; i < f->ndevices; i++)
		if (f->devices[i] == (uint32_t)num)
			return 0;
	if (f->ndevices == FILTER_MAX_DEVICES)
		return fail(err, errlen, -E2BIG, "--device: more than %d devices",
			    FILTER_MAX_DEVICES);
	f->devices[f->ndevices++] = num;
	return 0;
}

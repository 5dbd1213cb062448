// SPDX-License-Identifier: GPL-2.0
/*
 * export.c - the trace side of `export`: which device and reader, their
 * capabilities and events, and what makes a trace unfit for replay.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <linux/input.h>
#include "array.h"
#include "cli.h"
#include "export.h"
#include "tracefile.h"

#define CMD	"export"

struct ex_reader {
	uint32_t tgid;
	uint32_t pid;			/* the first thread seen reading */
	char comm[INPUTTRACE_COMM_LEN];
};

struct ex_device {
	uint32_t id;
	bool has_dev, has_caps;
	struct inputtrace_device dev;
	struct inputtrace_caps caps;
	struct ex_reader *readers;
	size_t nreaders;
	uint64_t events;
};

struct ex_scan {
	struct ex_device *devs;
	size_t ndevs;
	size_t damaged;			/* damaged ranges, all files */
	char *kernel;
};

/* Indexed by enum inputtrace_key_class; the man page has this table. */
static const uint16_t placeholder[INPUTTRACE_KC_COUNT] = {
	[INPUTTRACE_KC_OTHER]		= KEY_UNKNOWN,
	[INPUTTRACE_KC_LETTER]		= KEY_A,
	[INPUTTRACE_KC_DIGIT]		= KEY_1,
	[INPUTTRACE_KC_PUNCTUATION]	= KEY_DOT,
	[INPUTTRACE_KC_WHITESPACE]	= KEY_SPACE,
	[INPUTTRACE_KC_MODIFIER]	= KEY_LEFTSHIFT,
	[INPUTTRACE_KC_NAVIGATION]	= KEY_LEFT,
	[INPUTTRACE_KC_EDITING]		= KEY_BACKSPACE,
	[INPUTTRACE_KC_FUNCTION]	= KEY_F1,
	[INPUTTRACE_KC_MEDIA]		= KEY_VOLUMEUP,
};

uint16_t export_placeholder_key(uint32_t kc)
{
	/* a class this build does not know is still some key: "other" */
	return kc < INPUTTRACE_KC_COUNT ? placeholder[kc] : KEY_UNKNOWN;
}

static struct ex_device *dev_get(struct ex_scan *s, uint32_t id, bool create)
{
	struct ex_device *d;
	size_t i;

	for (i = 0; i < s->ndevs; i++)
		if (s->devs[i].id == id)
			return &s->devs[i];
	if (!create)
		return NULL;
	d = array_grow(s->devs, &s->ndevs, sizeof(*d));
	if (!d)
		return NULL;
	s->devs = d;
	d = &d[s->ndevs - 1];
	d->id = id;
	return d;
}

static int reader_add(struct ex_device *d, const struct inputtrace_event *ev)
{
	struct ex_reader *r;
	size_t i;

	for (i = 0; i < d->nreaders; i++)
		if (d->readers[i].tgid == ev->tgid)
			return 0;
	r = array_grow(d->readers, &d->nreaders, sizeof(*r));
	if (!r)
		return -ENOMEM;
	d->readers = r;
	r = &r[d->nreaders - 1];
	r->tgid = ev->tgid;
	r->pid = ev->pid;
	memcpy(r->comm, ev->comm, sizeof(r->comm));
	r->comm[sizeof(r->comm) - 1] = '\0';
	return 0;
}

/* The first DEVICE and CAPS record of a device win: a device's never change. */
static int scan_record(struct ex_scan *s, const struct trace_record *rec)
{
	struct ex_device *d;

	switch (rec->kind) {
	case INPUTTRACE_REC_DEVICE:
		d = dev_get(s, rec->dev.head.dev_id, true);
		if (d && !d->has_dev) {
			d->dev = rec->dev;
			d->dev.name[sizeof(d->dev.name) - 1] = '\0';
			d->has_dev = true;
		}
		return d ? 0 : -ENOMEM;
	case INPUTTRACE_REC_CAPS:
		d = dev_get(s, rec->caps.head.dev_id, true);
		if (d && !d->has_caps) {
			d->caps = *rec->caps.caps;
			d->has_caps = true;
		}
		return d ? 0 : -ENOMEM;
	case INPUTTRACE_REC_EVENT:
		d = dev_get(s, rec->ev.head.dev_id, true);
		if (!d)
			return -ENOMEM;
		d->events++;
		return reader_add(d, &rec->ev);
	}
	return 0;
}

typedef int (*record_fn)(void *ctx, const struct trace_record *rec);

/* Every record of every file, in stream order; damaged ranges counted. */
static int for_each_record(const struct trace_operands *ops, record_fn fn, void *ctx,
			   struct ex_scan *s)
{
	const struct tracefile_info *info;
	struct tracefile_reader *rd;
	struct trace_record rec;
	size_t i;
	int rc;

	for (i = 0; i < ops->npaths; i++) {
		rc = tracefile_open_key(ops->paths[i], ops->sk, &rd);
		if (rc)
			return cli_error(CMD, -1, "%s: %s", ops->paths[i], tracefile_strerror(rc));
		info = tracefile_reader_info(rd);
		if (s && !s->kernel && info->header_ok && *info->kernel)
			s->kernel = strdup(info->kernel);
		while ((rc = tracefile_next(rd, &rec)) == 1) {
			rc = fn(ctx, &rec);
			if (rc)
				break;
		}
		if (s)
			s->damaged += tracefile_reader_damage_count(rd);
		tracefile_reader_close(rd);
		if (rc < 0)
			return cli_error(CMD, -1, "%s: %s", ops->paths[i], tracefile_strerror(rc));
	}
	return 0;
}

static int scan_fn(void *ctx, const struct trace_record *rec)
{
	return scan_record(ctx, rec);
}

static const char *dev_name(const struct ex_device *d)
{
	return d->has_dev ? d->dev.name : "(no DEVICE record)";
}

static struct ex_device *choose_device(const struct export_opts *o, struct ex_scan *s)
{
	struct ex_device *d = NULL;
	size_t i, n = 0;

	if (o->has_device) {
		d = dev_get(s, o->device, false);
		if (!d || !d->events) {
			cli_error(CMD, -1, "no events of device %u in the trace (see inputtrace report)",
				  o->device);
			return NULL;
		}
		return d;
	}
	for (i = 0; i < s->ndevs; i++)
		if (s->devs[i].events) {
			d = &s->devs[i];
			n++;
		}
	if (n == 1)
		return d;
	if (!n) {
		cli_error(CMD, -1, "no events in the trace");
		return NULL;
	}
	cli_error(CMD, -1, "events of %zu devices in the trace; choose one with --device ID:", n);
	for (i = 0; i < s->ndevs; i++)
		if (s->devs[i].events)
			fprintf(stderr, "  %u  %s\n", s->devs[i].id, dev_name(&s->devs[i]));
	return NULL;
}

static struct ex_reader *choose_reader(const struct export_opts *o, struct ex_device *d)
{
	size_t i;

	if (o->has_reader) {
		for (i = 0; i < d->nreaders; i++)
			if (d->readers[i].tgid == o->reader)
				return &d->readers[i];
		cli_error(CMD, -1, "process %u read no events of device %u", o->reader, d->id);
		return NULL;
	}
	if (d->nreaders == 1)
		return &d->readers[0];
	/* each evdev client got its own copy of every event: pick one */
	cli_error(CMD, -1, "%zu readers received device %u's events; choose one with --reader PID:",
		  d->nreaders, d->id);
	for (i = 0; i < d->nreaders; i++)
		fprintf(stderr, "  %u  %s\n", d->readers[i].tgid, d->readers[i].comm);
	return NULL;
}

struct ex_take {
	const struct export_opts *o;
	uint32_t dev_id, tgid;
	struct export_trace *t;
	size_t cap;
	uint64_t first_ns;
	uint64_t gaps_pending, gaps;	/* LOSS/PAUSE after the first event */
	uint32_t quantum;
	uint64_t redacted, withheld;
};

static int take_push(struct ex_take *x, const struct inputtrace_event *ev, uint16_t code)
{
	struct export_trace *t = x->t;
	struct export_event *e;

	if (t->nev == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 1024;
		e = realloc(t->ev, x->cap * sizeof(*e));
		if (!e)
			return -ENOMEM;
		t->ev = e;
	}
	if (!t->nev)
		x->first_ns = ev->head.time_ns;
	e = &t->ev[t->nev++];
	/* a reader's events come in delivery order; never before the first */
	e->t_ns = ev->head.time_ns > x->first_ns ? ev->head.time_ns - x->first_ns : 0;
	e->type = ev->type;
	e->code = code;
	e->value = ev->value;
	return 0;
}

static int take_event(struct ex_take *x, const struct inputtrace_event *ev)
{
	uint16_t code = ev->code;

	if (ev->head.dev_id != x->dev_id || ev->tgid != x->tgid)
		return 0;
	x->gaps += x->gaps_pending;
	x->gaps_pending = 0;
	if (ev->quantum_ns > x->quantum)
		x->quantum = ev->quantum_ns;
	if (ev->flags & INPUTTRACE_EV_VALUE_CLEARED) {
		/* the value is gone (MSC_SCAN): nothing true to replay */
		x->withheld++;
		return 0;
	}
	if (ev->flags & INPUTTRACE_EV_REDACTED) {
		x->redacted++;
		code = export_placeholder_key(ev->code);
		x->t->caps.evbit[0] |= 1ull << EV_KEY;
		x->t->caps.keybit[code / 64] |= 1ull << (code % 64);
	}
	return take_push(x, ev, code);
}

static int take_fn(void *ctx, const struct trace_record *rec)
{
	struct ex_take *x = ctx;

	switch (rec->kind) {
	case INPUTTRACE_REC_EVENT:
		return take_event(x, &rec->ev);
	case INPUTTRACE_REC_LOSS:
	case INPUTTRACE_REC_PAUSE:
		/* a gap inside the exported range: counted once an event follows */
		if (x->t->nev)
			x->gaps_pending++;
		return 0;
	}
	return 0;
}

static void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void warn(const char *fmt, ...)
{
	va_list ap;

	fputs("inputtrace: export: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void scan_free(struct ex_scan *s)
{
	size_t i;

	for (i = 0; i < s->ndevs; i++)
		free(s->devs[i].readers);
	free(s->devs);
	free(s->kernel);
}

static int take(const struct export_opts *o, const struct trace_operands *ops,
		const struct ex_device *d, const struct ex_reader *r, struct export_trace *t)
{
	struct ex_take x = { .o = o, .dev_id = d->id, .tgid = r->tgid, .t = t };
	int rc = for_each_record(ops, take_fn, &x, NULL);

	if (rc)
		return 1;
	if ((x.redacted || x.withheld) && !o->placeholder_keys)
		return cli_error(CMD, 1, "device %u's events were recorded redacted (%llu keys as key classes, %llu values withheld): they cannot be replayed as typed; --placeholder-keys replays one key per class",
				 d->id, (unsigned long long)x.redacted,
				 (unsigned long long)x.withheld);
	if (!t->nev)
		return cli_error(CMD, 1, "nothing to export: every event of device %u had its value withheld",
				 d->id);
	if (x.withheld)
		warn("%llu events with a withheld value (MSC_SCAN) dropped",
		     (unsigned long long)x.withheld);
	if (x.gaps)
		warn("%llu LOSS/PAUSE record(s) inside the exported range: events are missing",
		     (unsigned long long)x.gaps);
	if (x.quantum)
		warn("times were rounded to %u ns when recorded", x.quantum);
	return 0;
}

int export_collect(const struct export_opts *o, const struct trace_operands *ops,
		   struct export_trace *t)
{
	struct ex_scan s = { 0 };
	struct ex_device *d;
	struct ex_reader *r;
	int ret = 1;

	memset(t, 0, sizeof(*t));
	if (for_each_record(ops, scan_fn, &s, &s))
		goto out;
	d = choose_device(o, &s);
	if (!d)
		goto out;
	if (!d->has_dev) {
		cli_error(CMD, -1, "no DEVICE record for device %u: its name and id are unknown",
			  d->id);
		goto out;
	}
	if (!d->has_caps) {
		cli_error(CMD, -1, "no capabilities recorded for device %u: %s (a trace from before CAPS records cannot be replayed)",
			  d->id, d->dev.name);
		goto out;
	}
	r = choose_reader(o, d);
	if (!r)
		goto out;
	t->dev = d->dev;
	t->caps = d->caps;
	t->kernel = strdup(s.kernel ? s.kernel : "");
	if (!t->kernel) {
		cli_error(CMD, -1, "%s", strerror(ENOMEM));
		goto out;
	}
	ret = take(o, ops, d, r, t);
	if (!ret && s.damaged)
		warn("%zu damaged range(s) skipped: events may be missing", s.damaged);
out:
	scan_free(&s);
	if (ret)
		export_trace_free(t);
	return ret;
}

void export_trace_free(struct export_trace *t)
{
	free(t->ev);
	free(t->kernel);
	memset(t, 0, sizeof(*t));
}

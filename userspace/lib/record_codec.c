// SPDX-License-Identifier: GPL-2.0
/*
 * record_codec.c - portable little-endian encoding of trace records.
 *
 * Fields are written one by one through small put/get helpers rather than
 * by memcpy of the ring structs: that keeps the file layout independent of
 * struct padding, host byte order and future changes of inputtrace.h.
 */
#include <errno.h>
#include <string.h>
#include "record_codec.h"

struct cursor {
	unsigned char *p;
	const unsigned char *q;
};

static void put8(struct cursor *c, uint8_t v)
{
	*c->p++ = v;
}

static void put16(struct cursor *c, uint16_t v)
{
	put8(c, v & 0xff);
	put8(c, v >> 8);
}

static void put32(struct cursor *c, uint32_t v)
{
	put16(c, v & 0xffff);
	put16(c, v >> 16);
}

static void put64(struct cursor *c, uint64_t v)
{
	put32(c, v & 0xffffffff);
	put32(c, v >> 32);
}

/* Copy a string field; bytes after the first NUL are written as zeroes. */
static void putstr(struct cursor *c, const char *s, size_t n)
{
	size_t l = strnlen(s, n);

	memcpy(c->p, s, l);
	memset(c->p + l, 0, n - l);
	c->p += n;
}

static uint8_t get8(struct cursor *c)
{
	return *c->q++;
}

static uint16_t get16(struct cursor *c)
{
	uint16_t lo = get8(c);

	return lo | (uint16_t)get8(c) << 8;
}

static uint32_t get32(struct cursor *c)
{
	uint32_t lo = get16(c);

	return lo | (uint32_t)get16(c) << 16;
}

static uint64_t get64(struct cursor *c)
{
	uint64_t lo = get32(c);

	return lo | (uint64_t)get32(c) << 32;
}

static void getstr(struct cursor *c, char *s, size_t n)
{
	memcpy(s, c->q, n);
	s[n - 1] = '\0';
	c->q += n;
}

/*
 * The bitmaps of struct inputtrace_caps, in its order: the CAPS body
 * stores them word after word, so one table serves both directions.
 */
#define CAPS_BITMAP(f)	{ offsetof(struct inputtrace_caps, f), \
			  sizeof(((struct inputtrace_caps *)0)->f) / 8 }
static const struct {
	size_t off, words;
} caps_bitmaps[] = {
	CAPS_BITMAP(evbit), CAPS_BITMAP(keybit), CAPS_BITMAP(relbit),
	CAPS_BITMAP(absbit), CAPS_BITMAP(mscbit), CAPS_BITMAP(ledbit),
	CAPS_BITMAP(sndbit), CAPS_BITMAP(ffbit), CAPS_BITMAP(swbit),
	CAPS_BITMAP(propbit),
};

static void put_caps(struct cursor *c, const struct inputtrace_caps *caps)
{
	const unsigned char *base = (const unsigned char *)caps;
	const struct inputtrace_absinfo *a;
	uint64_t w;
	size_t i, j;

	put32(c, caps->head.dev_id);
	for (i = 0; i < sizeof(caps_bitmaps) / sizeof(caps_bitmaps[0]); i++)
		for (j = 0; j < caps_bitmaps[i].words; j++) {
			memcpy(&w, base + caps_bitmaps[i].off + j * 8, 8);
			put64(c, w);
		}
	put32(c, caps->rep_delay);
	put32(c, caps->rep_period);
	for (i = 0; i < INPUTTRACE_ABS_CNT; i++) {
		a = &caps->absinfo[i];
		put32(c, (uint32_t)a->value);
		put32(c, (uint32_t)a->minimum);
		put32(c, (uint32_t)a->maximum);
		put32(c, (uint32_t)a->fuzz);
		put32(c, (uint32_t)a->flat);
		put32(c, (uint32_t)a->resolution);
	}
}

void record_caps_get(const void *body, struct inputtrace_caps *caps)
{
	struct cursor c = { .q = body };
	unsigned char *base = (unsigned char *)caps;
	struct inputtrace_absinfo *a;
	uint64_t w;
	size_t i, j;

	memset(caps, 0, sizeof(*caps));
	caps->head.kind = INPUTTRACE_REC_CAPS;
	caps->head.size = sizeof(*caps);
	caps->head.time_ns = get64(&c);
	caps->head.dev_id = get32(&c);
	for (i = 0; i < sizeof(caps_bitmaps) / sizeof(caps_bitmaps[0]); i++)
		for (j = 0; j < caps_bitmaps[i].words; j++) {
			w = get64(&c);
			memcpy(base + caps_bitmaps[i].off + j * 8, &w, 8);
		}
	caps->rep_delay = get32(&c);
	caps->rep_period = get32(&c);
	for (i = 0; i < INPUTTRACE_ABS_CNT; i++) {
		a = &caps->absinfo[i];
		a->value = (int32_t)get32(&c);
		a->minimum = (int32_t)get32(&c);
		a->maximum = (int32_t)get32(&c);
		a->fuzz = (int32_t)get32(&c);
		a->flat = (int32_t)get32(&c);
		a->resolution = (int32_t)get32(&c);
	}
}

size_t record_body_len(uint16_t kind)
{
	switch (kind) {
	case INPUTTRACE_REC_EVENT:
		return RECORD_EVENT_LEN;
	case INPUTTRACE_REC_DEVICE:
		return RECORD_DEVICE_LEN;
	case INPUTTRACE_REC_LOSS:
		return RECORD_LOSS_LEN;
	case INPUTTRACE_REC_PAUSE:
		return RECORD_PAUSE_LEN;
	case INPUTTRACE_REC_CAPS:
		return RECORD_CAPS_LEN;
	}
	return 0;
}

size_t record_encoded_len(const struct trace_record *rec)
{
	size_t n = record_body_len(rec->kind);

	if (rec->kind == INPUTTRACE_REC_CAPS && !rec->caps.caps)
		return 0;

	return n ? RECORD_HDR_LEN + n : 0;
}

void record_body_put(const struct trace_record *rec, void *body)
{
	struct cursor c = { .p = body };
	const struct inputtrace_event *e = &rec->ev;
	const struct inputtrace_device *d = &rec->dev;
	const struct inputtrace_loss *l = &rec->loss;
	const struct inputtrace_pause *pa = &rec->pause;

	put64(&c, rec->head.time_ns);
	switch (rec->kind) {
	case INPUTTRACE_REC_EVENT:
		put64(&c, e->read_ns);
		put64(&c, e->cgroup_id);
		put32(&c, e->head.dev_id);
		put32(&c, e->pid);
		put32(&c, e->tgid);
		put32(&c, e->cpu);
		put16(&c, e->type);
		put16(&c, e->code);
		put32(&c, (uint32_t)e->value);
		put8(&c, e->clock);
		put8(&c, e->flags);
		put8(&c, e->level);
		put8(&c, 0);
		putstr(&c, e->comm, sizeof(e->comm));
		put32(&c, e->quantum_ns);
		break;
	case INPUTTRACE_REC_DEVICE:
		put32(&c, d->head.dev_id);
		put32(&c, d->minor);
		put16(&c, d->bustype);
		put16(&c, d->vendor);
		put16(&c, d->product);
		put16(&c, d->version);
		putstr(&c, d->name, sizeof(d->name));
		putstr(&c, d->phys, sizeof(d->phys));
		putstr(&c, d->uniq, sizeof(d->uniq));
		break;
	case INPUTTRACE_REC_LOSS:
		put32(&c, l->head.dev_id);
		put32(&c, l->source);
		put32(&c, l->cpu);
		put64(&c, l->count);
		break;
	case INPUTTRACE_REC_PAUSE:
		put64(&c, pa->since_ns);
		put64(&c, pa->count);
		break;
	case INPUTTRACE_REC_CAPS:
		put_caps(&c, rec->caps.caps);
		break;
	}
}

int record_encode(const struct trace_record *rec, void *buf, size_t cap)
{
	size_t n = record_encoded_len(rec);
	struct cursor c = { .p = buf };

	if (!n)
		return -EINVAL;
	if (n > cap)
		return -ENOSPC;
	put16(&c, rec->kind);
	put16(&c, n - RECORD_HDR_LEN);
	record_body_put(rec, c.p);
	return (int)n;
}

void record_body_get(uint16_t kind, const void *body, struct trace_record *rec)
{
	struct cursor c = { .q = body };

	memset(rec, 0, sizeof(*rec));
	rec->kind = kind;
	rec->head.kind = kind;
	rec->head.time_ns = get64(&c);
	switch (kind) {
	case INPUTTRACE_REC_EVENT: {
		struct inputtrace_event *e = &rec->ev;

		e->head.size = sizeof(*e);
		e->read_ns = get64(&c);
		e->cgroup_id = get64(&c);
		e->head.dev_id = get32(&c);
		e->pid = get32(&c);
		e->tgid = get32(&c);
		e->cpu = get32(&c);
		e->type = get16(&c);
		e->code = get16(&c);
		e->value = (int32_t)get32(&c);
		e->clock = get8(&c);
		e->flags = get8(&c);
		e->level = get8(&c);
		get8(&c);
		getstr(&c, e->comm, sizeof(e->comm));
		e->quantum_ns = get32(&c);
		break;
	}
	case INPUTTRACE_REC_DEVICE: {
		struct inputtrace_device *d = &rec->dev;

		d->head.size = sizeof(*d);
		d->head.dev_id = get32(&c);
		d->minor = get32(&c);
		d->bustype = get16(&c);
		d->vendor = get16(&c);
		d->product = get16(&c);
		d->version = get16(&c);
		getstr(&c, d->name, sizeof(d->name));
		getstr(&c, d->phys, sizeof(d->phys));
		getstr(&c, d->uniq, sizeof(d->uniq));
		break;
	}
	case INPUTTRACE_REC_LOSS: {
		struct inputtrace_loss *l = &rec->loss;

		l->head.size = sizeof(*l);
		l->head.dev_id = get32(&c);
		l->source = get32(&c);
		l->cpu = get32(&c);
		l->count = get64(&c);
		break;
	}
	case INPUTTRACE_REC_PAUSE: {
		struct inputtrace_pause *pa = &rec->pause;

		pa->head.size = sizeof(*pa);
		pa->since_ns = get64(&c);
		pa->count = get64(&c);
		break;
	}
	case INPUTTRACE_REC_CAPS:
		/* the body stays where it is: see struct trace_caps_ref */
		rec->caps.head.size = sizeof(struct inputtrace_caps);
		rec->caps.head.dev_id = get32(&c);
		rec->caps.body = body;
		break;
	}
}

int record_decode(const void *buf, size_t len, struct trace_record *rec,
		  size_t *consumed)
{
	struct cursor c = { .q = buf };
	uint16_t kind, blen;
	size_t want;

	if (len < RECORD_HDR_LEN)
		return -EBADMSG;
	kind = get16(&c);
	blen = get16(&c);
	if (kind == 0 || (size_t)blen > len - RECORD_HDR_LEN)
		return -EBADMSG;

	*consumed = RECORD_HDR_LEN + blen;
	want = record_body_len(kind);
	if (!want)
		return 0;	/* a kind from a later version: skip it whole */
	if (blen != want)
		return -EBADMSG;
	record_body_get(kind, c.q, rec);
	return 1;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * record_codec_v2.c - the packed entries of format version 2 (layout in
 * record_codec_v2.h).
 *
 * The encoder and the decoder keep the same per-block state and update it
 * the same way, entry by entry; the encoder works on a copy so that a
 * record that does not fit leaves the block's state as it was.
 */
#include <errno.h>
#include <string.h>
#include "record_codec_v2.h"

struct wcur {
	unsigned char *p, *end;
	bool overflow;
};

struct rcur {
	const unsigned char *q, *end;
	bool bad;
};

static uint64_t zigzag(uint64_t v)
{
	return (v << 1) ^ (uint64_t)-(int64_t)(v >> 63);
}

static uint64_t unzigzag(uint64_t v)
{
	return (v >> 1) ^ (uint64_t)-(int64_t)(v & 1);
}

size_t rc2_put_varint(unsigned char *p, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (unsigned char)v;
	return n;
}

size_t rc2_get_varint(const unsigned char *p, size_t len, uint64_t *v)
{
	uint64_t x = 0;
	size_t i;

	for (i = 0; i < len && i < RC2_VARINT_MAX; i++) {
		/* the 10th byte holds bit 63 only */
		if (i == RC2_VARINT_MAX - 1 && p[i] > 1)
			return 0;
		x |= (uint64_t)(p[i] & 0x7f) << (7 * i);
		if (!(p[i] & 0x80)) {
			*v = x;
			return i + 1;
		}
	}
	return 0;
}

static void wvar(struct wcur *c, uint64_t v)
{
	if (c->end - c->p < RC2_VARINT_MAX) {
		unsigned char tmp[RC2_VARINT_MAX];
		size_t n = rc2_put_varint(tmp, v);

		if ((size_t)(c->end - c->p) < n) {
			c->overflow = true;
			return;
		}
		memcpy(c->p, tmp, n);
		c->p += n;
		return;
	}
	c->p += rc2_put_varint(c->p, v);
}

static void wbytes(struct wcur *c, const void *b, size_t n)
{
	if (c->overflow || (size_t)(c->end - c->p) < n) {
		c->overflow = true;
		return;
	}
	memcpy(c->p, b, n);
	c->p += n;
}

static void w8(struct wcur *c, uint8_t v)
{
	wbytes(c, &v, 1);
}

/* A varint no wider than @max; sets c->bad otherwise. */
static uint64_t rvar(struct rcur *c, uint64_t max)
{
	uint64_t v = 0;
	size_t n = c->bad ? 0 : rc2_get_varint(c->q, c->end - c->q, &v);

	if (!n || v > max) {
		c->bad = true;
		return 0;
	}
	c->q += n;
	return v;
}

static uint8_t r8(struct rcur *c)
{
	if (c->bad || c->q == c->end) {
		c->bad = true;
		return 0;
	}
	return *c->q++;
}

static void le_put(unsigned char *p, uint64_t v, int bytes)
{
	int i;

	for (i = 0; i < bytes; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t le_get(const unsigned char *p, int bytes)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < bytes; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* The CONTEXT body of event @e; comm bytes after its NUL become zeroes. */
static void context_of(const struct inputtrace_event *e, unsigned char *b)
{
	size_t l = strnlen(e->comm, sizeof(e->comm));

	le_put(b, e->cgroup_id, 8);
	le_put(b + 8, e->pid, 4);
	le_put(b + 12, e->tgid, 4);
	le_put(b + 16, e->quantum_ns, 4);
	b[20] = e->clock;
	b[21] = e->level;
	memset(b + 22, 0, INPUTTRACE_COMM_LEN);
	memcpy(b + 22, e->comm, l);
}

static void context_to(const unsigned char *b, struct inputtrace_event *e)
{
	e->cgroup_id = le_get(b, 8);
	e->pid = (uint32_t)le_get(b + 8, 4);
	e->tgid = (uint32_t)le_get(b + 12, 4);
	e->quantum_ns = (uint32_t)le_get(b + 16, 4);
	e->clock = b[20];
	e->level = b[21];
	memcpy(e->comm, b + 22, INPUTTRACE_COMM_LEN);
	e->comm[INPUTTRACE_COMM_LEN - 1] = '\0';
}

void rc2_reset(struct rc2_state *s)
{
	memset(s, 0, sizeof(*s));
}

/* The id of @ctx in the block, defining it (into @c) if it is new. */
static int intern_context(struct rc2_state *s, const unsigned char *ctx,
			  struct wcur *c)
{
	unsigned int i;

	if (s->prev.have_ctx && !memcmp(s->ctx[s->prev.ctx], ctx, RC2_CONTEXT_LEN))
		return (int)s->prev.ctx;
	for (i = 0; i < s->nctx; i++)
		if (!memcmp(s->ctx[i], ctx, RC2_CONTEXT_LEN))
			return (int)i;
	if (s->nctx == RC2_CTX_MAX)
		return -ENOSPC;
	w8(c, RC2_KIND_CONTEXT);
	w8(c, RC2_CONTEXT_LEN);
	wbytes(c, ctx, RC2_CONTEXT_LEN);
	memcpy(s->ctx[s->nctx], ctx, RC2_CONTEXT_LEN);
	return (int)s->nctx++;
}

/* Encode @e into @c; updates @p, and @s's table when it defines a context. */
static int encode_event(struct rc2_state *s, struct rc2_prev *p,
			const struct inputtrace_event *e, struct wcur *c)
{
	unsigned char ctx[RC2_CONTEXT_LEN], tag = RC2_TAG_EVENT;
	uint64_t latency = e->read_ns - e->head.time_ns;
	int id;

	context_of(e, ctx);
	id = intern_context(s, ctx, c);
	if (id < 0)
		return id;
	if (!p->have_ctx || p->ctx != (uint32_t)id)
		tag |= RC2_EV_CTX;
	if (e->head.dev_id != p->dev_id)
		tag |= RC2_EV_DEV;
	if (e->cpu != p->cpu)
		tag |= RC2_EV_CPU;
	if (e->head.time_ns != p->time_ns)
		tag |= RC2_EV_TIME;
	if (e->type != p->type)
		tag |= RC2_EV_TYPE;
	if (e->flags != p->flags)
		tag |= RC2_EV_FLAGS;
	if (latency != p->latency_ns)
		tag |= RC2_EV_LATENCY;

	w8(c, tag);
	if (tag & RC2_EV_CTX)
		wvar(c, (uint64_t)id);
	if (tag & RC2_EV_DEV)
		wvar(c, e->head.dev_id);
	if (tag & RC2_EV_CPU)
		wvar(c, e->cpu);
	if (tag & RC2_EV_TIME)
		wvar(c, zigzag(e->head.time_ns - p->time_ns));
	if (tag & RC2_EV_TYPE)
		wvar(c, e->type);
	if (tag & RC2_EV_FLAGS)
		w8(c, e->flags);
	if (tag & RC2_EV_LATENCY)
		wvar(c, zigzag(latency));
	wvar(c, e->code);
	/* a zigzagged s32 fits 32 bits */
	wvar(c, zigzag((uint64_t)(int64_t)e->value));

	p->have_ctx = true;
	p->ctx = (uint32_t)id;
	p->dev_id = e->head.dev_id;
	p->cpu = e->cpu;
	p->time_ns = e->head.time_ns;
	p->type = e->type;
	p->flags = e->flags;
	p->latency_ns = latency;
	return 0;
}

int rc2_encode(struct rc2_state *s, const struct trace_record *rec, void *buf,
	       size_t cap)
{
	struct wcur c = { .p = buf, .end = (unsigned char *)buf + cap };
	struct rc2_prev prev = s->prev;
	unsigned int nctx = s->nctx;
	size_t blen;
	int err;

	if (rec->kind == INPUTTRACE_REC_EVENT) {
		err = encode_event(s, &prev, &rec->ev, &c);
		if (err)
			return err;
	} else {
		blen = record_body_len(rec->kind);
		if (!record_encoded_len(rec) || rec->kind > RC2_KIND_MAX)
			return -EINVAL;
		w8(&c, (uint8_t)rec->kind);
		wvar(&c, blen);
		if (!c.overflow && (size_t)(c.end - c.p) >= blen) {
			record_body_put(rec, c.p);
			c.p += blen;
		} else {
			c.overflow = true;
		}
	}
	if (c.overflow) {
		s->nctx = nctx;	/* forget a context defined for it */
		return -ENOSPC;
	}
	s->prev = prev;
	return (int)(c.p - (unsigned char *)buf);
}

static int decode_event(struct rc2_state *s, uint8_t tag, struct rcur *c,
			struct trace_record *rec)
{
	struct inputtrace_event *e = &rec->ev;
	struct rc2_prev p = s->prev;
	uint16_t code;
	int32_t value;

	if (tag & RC2_EV_CTX) {
		p.ctx = (uint32_t)rvar(c, RC2_CTX_MAX - 1);
		p.have_ctx = true;
	}
	if (!p.have_ctx || p.ctx >= s->nctx)
		c->bad = true;
	if (tag & RC2_EV_DEV)
		p.dev_id = (uint32_t)rvar(c, UINT32_MAX);
	if (tag & RC2_EV_CPU)
		p.cpu = (uint32_t)rvar(c, UINT32_MAX);
	if (tag & RC2_EV_TIME)
		p.time_ns += unzigzag(rvar(c, UINT64_MAX));
	if (tag & RC2_EV_TYPE)
		p.type = (uint16_t)rvar(c, UINT16_MAX);
	if (tag & RC2_EV_FLAGS)
		p.flags = r8(c);
	if (tag & RC2_EV_LATENCY)
		p.latency_ns = unzigzag(rvar(c, UINT64_MAX));
	code = (uint16_t)rvar(c, UINT16_MAX);
	value = (int32_t)unzigzag(rvar(c, UINT32_MAX));
	if (c->bad)
		return -EBADMSG;

	memset(rec, 0, sizeof(*rec));
	rec->kind = INPUTTRACE_REC_EVENT;
	e->head.kind = INPUTTRACE_REC_EVENT;
	e->head.size = sizeof(*e);
	e->head.time_ns = p.time_ns;
	e->head.dev_id = p.dev_id;
	e->read_ns = p.time_ns + p.latency_ns;
	e->cpu = p.cpu;
	e->type = p.type;
	e->code = code;
	e->value = value;
	e->flags = p.flags;
	context_to(s->ctx[p.ctx], e);
	s->prev = p;
	return 1;
}

/* A kind's entry: CONTEXT defines the next id, known kinds decode. */
static int decode_kind(struct rc2_state *s, uint8_t kind, struct rcur *c,
		       struct trace_record *rec)
{
	size_t blen = (size_t)rvar(c, UINT32_MAX), want;

	if (c->bad || blen > (size_t)(c->end - c->q))
		return -EBADMSG;
	if (kind == RC2_KIND_CONTEXT) {
		if (blen != RC2_CONTEXT_LEN || s->nctx == RC2_CTX_MAX)
			return -EBADMSG;
		memcpy(s->ctx[s->nctx++], c->q, RC2_CONTEXT_LEN);
		c->q += blen;
		return 0;
	}
	want = record_body_len(kind);
	/* an EVENT is never framed by its kind in v2 */
	if (kind == INPUTTRACE_REC_EVENT || (want && blen != want))
		return -EBADMSG;
	if (want)
		record_body_get(kind, c->q, rec);
	c->q += blen;
	return want ? 1 : 0;	/* 0: a kind from a later version, skipped */
}

int rc2_decode(struct rc2_state *s, const void *buf, size_t len,
	       struct trace_record *rec, size_t *consumed)
{
	struct rcur c = { .q = buf, .end = (const unsigned char *)buf + len };
	uint8_t tag = r8(&c);
	int ret;

	if (c.bad || tag == 0)
		return -EBADMSG;
	if (tag & RC2_TAG_EVENT)
		ret = decode_event(s, tag, &c, rec);
	else
		ret = decode_kind(s, tag, &c, rec);
	if (ret >= 0)
		*consumed = c.q - (const unsigned char *)buf;
	return ret;
}

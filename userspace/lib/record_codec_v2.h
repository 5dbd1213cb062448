/* SPDX-License-Identifier: GPL-2.0 */
/*
 * record_codec_v2.h - the packed record encoding of trace format version 2.
 *
 * Version 1 (record_codec.h) repeats the reader's context in every event:
 * 76 bytes each.  Version 2 writes a context once and refers to it by a
 * small id, stores timestamps as deltas and every integer as a varint.
 * It decodes to exactly the struct trace_record version 1 gives.
 *
 * Every block payload decodes on its own: the decoder state (context
 * table, previous event) starts empty at each block, so a block after a
 * damaged one loses nothing.  A context is therefore defined once per
 * block that uses it (about 40 bytes per 64 KiB block), not once per file.
 *
 * varint: LEB128, 7 bits per byte, least significant first, at most 10
 * bytes; a value wider than its field is malformed.  zigzag: a signed
 * value v as (v << 1) ^ (v >> 63), so small negatives stay small.
 * Deltas are taken modulo 2^64: a clock that goes backwards (readers with
 * different evdev clocks, records reordered across CPUs) costs a small
 * negative delta, and every u64 sequence round-trips exactly.
 *
 * An entry starts with a tag byte:
 *   0x00        invalid
 *   0x01..0x7f  a kind: varint body length, then the body.  DEVICE, LOSS,
 *               PAUSE and CAPS bodies are their version 1 bodies
 *               (record_codec.h);
 *               CONTEXT is below; a kind this reader does not know is
 *               skipped using the length, so later versions can add kinds.
 *   0x80..0xff  an EVENT.  Bits 0..6 say which fields differ from the
 *               previous event of the block and follow, in this order:
 *      0x01  varint context id
 *      0x02  varint dev_id
 *      0x04  varint cpu
 *      0x08  zigzag varint time_ns - previous time_ns
 *      0x10  varint type
 *      0x20  u8 flags
 *      0x40  zigzag varint read_ns - time_ns (the delivery latency)
 *   then always: varint code, zigzag varint (u32)value.
 *   Before the first event of a block every field is 0 and there is no
 *   context, so the first event must carry a context id.
 *
 *   CONTEXT (kind 0x40, 38 bytes): cgroup_id u64, pid u32, tgid u32,
 *   quantum_ns u32, clock u8, level u8, comm[16]; little-endian like
 *   version 1.  The n-th CONTEXT of a block (from 0) defines id n; at
 *   most RC2_CTX_MAX per block (the writer seals the block early).
 *
 * The block header's record count counts every entry but CONTEXTs (kinds
 * from a later version included): the records a v1 block would count.
 */
#ifndef __RECORD_CODEC_V2_H
#define __RECORD_CODEC_V2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "record_codec.h"

#define RC2_KIND_CONTEXT	0x40
#define RC2_KIND_MAX		0x7f	/* kinds above do not fit the tag */
#define RC2_TAG_EVENT		0x80
#define RC2_EV_CTX		0x01
#define RC2_EV_DEV		0x02
#define RC2_EV_CPU		0x04
#define RC2_EV_TIME		0x08
#define RC2_EV_TYPE		0x10
#define RC2_EV_FLAGS		0x20
#define RC2_EV_LATENCY		0x40
#define RC2_CONTEXT_LEN		38
#define RC2_CTX_MAX		64
#define RC2_VARINT_MAX		10

/* The largest event entry: a tag and every field at its widest. */
#define RC2_EVENT_MAX		(1 + 2 + 5 + 5 + RC2_VARINT_MAX + 3 + 1 + \
				 RC2_VARINT_MAX + 3 + 5)
/* The largest entry group one record can cost: a CONTEXT before it. */
#define RC2_RECORD_MAX		(1 + 1 + RC2_CONTEXT_LEN + RC2_EVENT_MAX > \
				 1 + 2 + RECORD_CAPS_LEN ? \
				 1 + 1 + RC2_CONTEXT_LEN + RC2_EVENT_MAX : \
				 1 + 2 + RECORD_CAPS_LEN)

_Static_assert(RC2_CONTEXT_LEN == 8 + 4 + 4 + 4 + 1 + 1 + INPUTTRACE_COMM_LEN,
	       "CONTEXT entry layout");
_Static_assert(RC2_CTX_MAX <= 127, "a context id is a one-byte varint");
_Static_assert(INPUTTRACE_REC_EVENT <= RC2_KIND_MAX && INPUTTRACE_REC_CAPS <= RC2_KIND_MAX &&
	       RC2_KIND_CONTEXT <= RC2_KIND_MAX && RC2_KIND_CONTEXT > INPUTTRACE_REC_CAPS,
	       "every kind fits the tag byte");
_Static_assert(RC2_EV_LATENCY << 1 == RC2_TAG_EVENT, "event field bits fit below the tag bit");

/* The previous event's fields: what an event's tag bits compare with. */
struct rc2_prev {
	bool have_ctx;		/* an event set ctx */
	uint8_t flags;
	uint16_t type;
	uint32_t ctx, dev_id, cpu;
	uint64_t time_ns, latency_ns;
};

/* Per-block state of the encoder and of the decoder. */
struct rc2_state {
	struct rc2_prev prev;
	unsigned int nctx;
	unsigned char ctx[RC2_CTX_MAX][RC2_CONTEXT_LEN];
};

/* Start a block: no context, every previous field 0. */
void rc2_reset(struct rc2_state *s);

/*
 * Encode @rec after the entries @s has seen into @buf (a CONTEXT entry
 * first when its reader context is new to the block).  Returns bytes
 * written; -ENOSPC if @cap is too small or the block's context table is
 * full (seal the block, reset, retry), -EINVAL for a kind v2 cannot
 * encode.  @s changes only on success.
 */
int rc2_encode(struct rc2_state *s, const struct trace_record *rec, void *buf,
	       size_t cap);

/*
 * Decode one entry.  1: *@rec filled; 0: an entry without a record (a
 * CONTEXT, or a kind from a later version); both set *@consumed.
 * -EBADMSG for a truncated or malformed entry.
 */
int rc2_decode(struct rc2_state *s, const void *buf, size_t len,
	       struct trace_record *rec, size_t *consumed);

/* Whether the entry at @p counts in the block header's record count. */
static inline bool rc2_entry_is_record(const unsigned char *p)
{
	return *p != RC2_KIND_CONTEXT;
}

/* varint helpers, for the codec's tests too. */
size_t rc2_put_varint(unsigned char *p, uint64_t v);
/* Bytes used, or 0 if truncated or longer than 10 bytes / 64 bits. */
size_t rc2_get_varint(const unsigned char *p, size_t len, uint64_t *v);

#endif /* __RECORD_CODEC_V2_H */

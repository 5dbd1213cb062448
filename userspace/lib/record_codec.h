/* SPDX-License-Identifier: GPL-2.0 */
/*
 * record_codec.h - portable on-disk encoding of inputtrace records.
 *
 * The ring structs in bpf/inputtrace.h are host-order and may change with
 * the BPF side; trace files must not.  Every record on disk is
 *
 *	u16 kind   (enum inputtrace_kind; 0 is invalid)
 *	u16 len    (bytes of body that follow)
 *	body       (little-endian fields in the fixed order below)
 *
 * Known kinds must have exactly their v1 body length; a kind this reader
 * does not know is skipped using len, so later versions can add kinds.
 *
 *	EVENT  (72):  time_ns u64, read_ns u64, cgroup_id u64, dev_id u32,
 *		      pid u32, tgid u32, cpu u32, type u16, code u16, value s32,
 *		      clock u8, flags u8, level u8, pad u8, comm[16],
 *		      quantum_ns u32
 *	DEVICE (152): time_ns u64, dev_id u32, minor u32, bustype u16,
 *		      vendor u16, product u16, version u16, name[64],
 *		      phys[32], uniq[32]
 *	LOSS   (28):  time_ns u64, dev_id u32, source u32, cpu u32, count u64
 *		      (source: enum inputtrace_loss_source, 1 ring full,
 *		      2 device table, 3 reader, 4 write failed/disk full)
 *	PAUSE  (24):  time_ns u64, since_ns u64, count u64
 *	CAPS (1732):  time_ns u64, dev_id u32, the bitmaps as u64 words in
 *		      the order of struct inputtrace_caps (ev 1, key 12, rel 1,
 *		      abs 1, msc 1, led 1, snd 1, ff 2, sw 1, prop 1: 22
 *		      words), rep_delay u32, rep_period u32, then for each of
 *		      the 64 axes value, minimum, maximum, fuzz, flat and
 *		      resolution as s32 (readers from before this kind skip
 *		      it, as any unknown kind)
 *
 * Strings are stored as fixed-size byte arrays; the decoder always
 * NUL-terminates them, whatever the file says.
 */
#ifndef __RECORD_CODEC_H
#define __RECORD_CODEC_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "inputtrace.h"	/* bpf/: the record structs */

#define RECORD_HDR_LEN		4
#define RECORD_EVENT_LEN	72
#define RECORD_DEVICE_LEN	152
#define RECORD_LOSS_LEN		28
#define RECORD_PAUSE_LEN	24
#define RECORD_CAPS_WORDS	22
#define RECORD_CAPS_LEN		(8 + 4 + RECORD_CAPS_WORDS * 8 + 4 + 4 + \
				 INPUTTRACE_ABS_CNT * 6 * 4)
/* Largest encoded record this version writes (header included). */
#define RECORD_MAX_LEN		(RECORD_HDR_LEN + RECORD_CAPS_LEN)

/*
 * Encoded lengths (body, after the 4-byte record header) are the sums of
 * the fields record_codec.c writes (the ring structs the recorder copies
 * from BPF are pinned in bpf/inputtrace.h).
 */
_Static_assert(RECORD_EVENT_LEN == 8 + 8 + 8 + 4 + 4 + 4 + 4 + 2 + 2 + 4 + 4 +
	       INPUTTRACE_COMM_LEN + 4, "EVENT record layout");
_Static_assert(RECORD_DEVICE_LEN == 8 + 4 + 4 + 4 * 2 + INPUTTRACE_NAME_LEN +
	       INPUTTRACE_PHYS_LEN + INPUTTRACE_UNIQ_LEN, "DEVICE record layout");
_Static_assert(RECORD_LOSS_LEN == 8 + 4 + 4 + 4 + 8, "LOSS record layout");
_Static_assert(RECORD_PAUSE_LEN == 8 + 8 + 8, "PAUSE record layout");
_Static_assert(RECORD_CAPS_LEN == 1732 && RECORD_CAPS_WORDS * 8 + 8 ==
	       sizeof(struct inputtrace_caps) - sizeof(struct inputtrace_rec_head) -
	       INPUTTRACE_ABS_CNT * sizeof(struct inputtrace_absinfo),
	       "CAPS record layout: every bitmap word of inputtrace_caps");

/*
 * A CAPS record in memory: its 1.7 KiB body lives elsewhere (the recorder's
 * device table, for the whole run; the trace reader's own buffer, valid
 * until its next record), so that a trace_record stays small enough to
 * queue by the thousand.  The encoders need caps.  The decoders leave it
 * NULL and point body at the encoded body in the buffer they decoded
 * from, for record_caps_get() (tracefile_next() does that itself).
 */
struct trace_caps_ref {
	struct inputtrace_rec_head head;	/* head.dev_id: the device */
	const struct inputtrace_caps *caps;
	const unsigned char *body;		/* decoded only: RECORD_CAPS_LEN */
};

/*
 * In-memory form of one record: a tagged union.  head is the common prefix
 * of all the structs, so rec->head.time_ns is valid for every kind.
 */
struct trace_record {
	uint16_t kind;		/* enum inputtrace_kind */
	union {
		struct inputtrace_rec_head head;
		struct inputtrace_event ev;
		struct inputtrace_device dev;
		struct inputtrace_loss loss;
		struct inputtrace_pause pause;
		struct trace_caps_ref caps;
	};
};

/*
 * Encoded length of @rec, header included; 0 if its kind is unknown (or it
 * is a CAPS record without caps).
 */
size_t record_encoded_len(const struct trace_record *rec);

/*
 * Encode @rec into @buf.  Returns the number of bytes written, -EINVAL for
 * an unknown kind or a CAPS record without caps, -ENOSPC if @cap is too
 * small.
 */
int record_encode(const struct trace_record *rec, void *buf, size_t cap);

/*
 * Decode one record from @buf (@len bytes available).  On success sets
 * *@consumed and returns 1 (record decoded into @rec) or 0 (a record of an
 * unknown kind was skipped; @rec is untouched).  Returns -EBADMSG for a
 * truncated record, kind 0, or a known kind with the wrong length.
 */
int record_decode(const void *buf, size_t len, struct trace_record *rec,
		  size_t *consumed);

/*
 * The body alone (no kind and length), shared with format version 2
 * (record_codec_v2.h), which frames the same bodies differently.
 * record_body_len(): 0 for a kind this version does not know.
 * record_body_put() writes record_body_len(rec->kind) bytes of a known
 * kind; record_body_get() reads that many of a known @kind into @rec.
 */
size_t record_body_len(uint16_t kind);
void record_body_put(const struct trace_record *rec, void *body);
void record_body_get(uint16_t kind, const void *body, struct trace_record *rec);

/* The capabilities of a CAPS body (rec->caps.body of a decoded CAPS). */
void record_caps_get(const void *body, struct inputtrace_caps *caps);

#endif /* __RECORD_CODEC_H */

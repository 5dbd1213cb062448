/* SPDX-License-Identifier: GPL-2.0 */
/*
 * reorder.h - put records drained from per-CPU rings back in time order.
 *
 * Per-CPU rings are each ordered but not ordered against each other.  Like
 * perf's ordered_events, the recorder pushes everything it drained and
 * then flushes up to a watermark: a time before which no CPU can still
 * deliver a record (e.g. the drain start time minus a margin).  Records
 * are emitted by key (EVENT: read_ns; the others: head.time_ns); at
 * equal keys DEVICE and CAPS records come first, otherwise insertion order
 * is kept (so a device's CAPS follows its DEVICE).
 *
 * Memory is bounded by max_records: pushing beyond it emits the oldest
 * queued record early instead of dropping anything.  A record that
 * arrives with a key below one already emitted is still emitted (at the
 * next flush) and counted in reorder_stats.late.
 */
#ifndef __REORDER_H
#define __REORDER_H

#include <stddef.h>
#include <stdint.h>
#include "record_codec.h"

#define REORDER_DEFAULT_MAX	65536	/* ~13 MiB of record copies */

struct reorder;

/* Called for each record in order; a negative return stops the flush. */
typedef int (*reorder_emit_fn)(const struct trace_record *rec, void *ctx);

struct reorder_stats {
	uint64_t queued;	/* records currently held */
	uint64_t emitted;
	uint64_t forced;	/* emitted early because of max_records */
	uint64_t late;		/* pushed with a key below the last emitted */
};

/* max_records 0 = REORDER_DEFAULT_MAX. */
struct reorder *reorder_new(size_t max_records);
void reorder_free(struct reorder *ro);

/* Sort key of a record, as described above. */
uint64_t reorder_key(const struct trace_record *rec);

/*
 * Queue a copy of @rec.  If the buffer is full, first emits the oldest
 * record through @emit; returns that callback's error or -ENOMEM.
 */
int reorder_push(struct reorder *ro, const struct trace_record *rec,
		 reorder_emit_fn emit, void *ctx);
/* Emit, in order, every record with key < @watermark_ns. */
int reorder_flush_upto(struct reorder *ro, uint64_t watermark_ns,
		       reorder_emit_fn emit, void *ctx);
/* Emit everything (at stop). */
int reorder_flush_all(struct reorder *ro, reorder_emit_fn emit, void *ctx);
void reorder_get_stats(const struct reorder *ro, struct reorder_stats *st);

#endif /* __REORDER_H */

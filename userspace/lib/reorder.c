// SPDX-License-Identifier: GPL-2.0
/*
 * reorder.c - ordering buffer: a binary min-heap of record copies keyed
 * by (time key, kind rank, insertion sequence).  The insertion sequence
 * makes the heap stable, which a plain heap is not.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include "reorder.h"

struct node {
	uint64_t key;
	uint64_t seq;		/* insertion order, breaks ties */
	unsigned int rank;	/* 0 DEVICE and CAPS, 1 everything else */
	struct trace_record rec;
};

struct reorder {
	struct node *heap;
	size_t len, cap, max;
	uint64_t next_seq;
	uint64_t last_key;	/* key of the last emitted record */
	bool emitted_any;
	struct reorder_stats st;
};

uint64_t reorder_key(const struct trace_record *rec)
{
	return rec->kind == INPUTTRACE_REC_EVENT ? rec->ev.read_ns : rec->head.time_ns;
}

struct reorder *reorder_new(size_t max_records)
{
	struct reorder *ro = calloc(1, sizeof(*ro));

	if (ro)
		ro->max = max_records ? max_records : REORDER_DEFAULT_MAX;
	return ro;
}

void reorder_free(struct reorder *ro)
{
	if (!ro)
		return;
	free(ro->heap);
	free(ro);
}

static bool before(const struct node *a, const struct node *b)
{
	if (a->key != b->key)
		return a->key < b->key;
	if (a->rank != b->rank)
		return a->rank < b->rank;
	return a->seq < b->seq;
}

static void swap(struct node *a, struct node *b)
{
	struct node t = *a;

	*a = *b;
	*b = t;
}

static void sift_up(struct reorder *ro, size_t i)
{
	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (!before(&ro->heap[i], &ro->heap[parent]))
			break;
		swap(&ro->heap[i], &ro->heap[parent]);
		i = parent;
	}
}

static void sift_down(struct reorder *ro, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, min = i;

		if (l < ro->len && before(&ro->heap[l], &ro->heap[min]))
			min = l;
		if (r < ro->len && before(&ro->heap[r], &ro->heap[min]))
			min = r;
		if (min == i)
			return;
		swap(&ro->heap[i], &ro->heap[min]);
		i = min;
	}
}

/* Emit the minimum; it is removed only if the callback accepted it. */
static int emit_min(struct reorder *ro, reorder_emit_fn emit, void *ctx)
{
	struct node *top = &ro->heap[0];
	int err;

	err = emit(&top->rec, ctx);
	if (err < 0)
		return err;
	ro->last_key = top->key;
	ro->emitted_any = true;
	ro->st.emitted++;
	ro->len--;
	if (ro->len) {
		ro->heap[0] = ro->heap[ro->len];
		sift_down(ro, 0);
	}
	return 0;
}

int reorder_push(struct reorder *ro, const struct trace_record *rec,
		 reorder_emit_fn emit, void *ctx)
{
	struct node *n;
	int err;

	if (ro->len >= ro->max) {
		err = emit_min(ro, emit, ctx);
		if (err)
			return err;
		ro->st.forced++;
	}
	if (ro->len == ro->cap) {
		size_t cap = ro->cap ? ro->cap * 2 : 1024;
		void *p;

		if (cap > ro->max)
			cap = ro->max;
		p = realloc(ro->heap, cap * sizeof(*ro->heap));
		if (!p)
			return -ENOMEM;
		ro->heap = p;
		ro->cap = cap;
	}
	n = &ro->heap[ro->len];
	n->rec = *rec;
	n->key = reorder_key(rec);
	/* a device's CAPS shares its DEVICE's time: it follows, by seq */
	n->rank = rec->kind == INPUTTRACE_REC_DEVICE || rec->kind == INPUTTRACE_REC_CAPS ? 0 : 1;
	n->seq = ro->next_seq++;
	if (ro->emitted_any && n->key < ro->last_key)
		ro->st.late++;
	sift_up(ro, ro->len++);
	return 0;
}

int reorder_flush_upto(struct reorder *ro, uint64_t watermark_ns,
		       reorder_emit_fn emit, void *ctx)
{
	int err;

	while (ro->len && ro->heap[0].key < watermark_ns) {
		err = emit_min(ro, emit, ctx);
		if (err)
			return err;
	}
	return 0;
}

int reorder_flush_all(struct reorder *ro, reorder_emit_fn emit, void *ctx)
{
	int err;

	while (ro->len) {
		err = emit_min(ro, emit, ctx);
		if (err)
			return err;
	}
	return 0;
}

void reorder_get_stats(const struct reorder *ro, struct reorder_stats *st)
{
	*st = ro->st;
	st->queued = ro->len;
}

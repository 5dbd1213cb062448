// SPDX-License-Identifier: GPL-2.0
/*
 * ring_join.c - contexts by id in one growing array, waiting events in
 * another; see ring_join.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ring_join.h"

struct ring_join {
	struct inputtrace_reader *ctx;	/* by ctx_id; head.kind 0: unknown */
	size_t nctx;
	struct inputtrace_ring_event *waiting;
	size_t nwaiting, cap_waiting;
};

struct ring_join *ring_join_new(void)
{
	return calloc(1, sizeof(struct ring_join));
}

void ring_join_free(struct ring_join *j)
{
	if (!j)
		return;
	free(j->ctx);
	free(j->waiting);
	free(j);
}

int ring_join_reader(struct ring_join *j, const struct inputtrace_reader *rd)
{
	size_t n = j->nctx;
	void *p;

	if (rd->ctx_id == 0 || rd->ctx_id >= RING_JOIN_MAX_CTX)
		return -ERANGE;
	if (rd->ctx_id >= n) {
		while (n <= rd->ctx_id)
			n = n ? n * 2 : 64;
		if (n > RING_JOIN_MAX_CTX)
			n = RING_JOIN_MAX_CTX;
		p = realloc(j->ctx, n * sizeof(*j->ctx));
		if (!p)
			return -ENOMEM;
		j->ctx = p;
		memset(j->ctx + j->nctx, 0, (n - j->nctx) * sizeof(*j->ctx));
		j->nctx = n;
	}
	j->ctx[rd->ctx_id] = *rd;
	return 0;
}

static const struct inputtrace_reader *lookup(const struct ring_join *j,
					      uint32_t id)
{
	if (id >= j->nctx || !j->ctx[id].head.kind)
		return NULL;
	return &j->ctx[id];
}

static void join(const struct inputtrace_ring_event *e,
		 const struct inputtrace_reader *rd, struct inputtrace_event *out)
{
	memset(out, 0, sizeof(*out));
	out->head = e->head;
	out->head.size = sizeof(*out);
	out->read_ns = e->read_ns;
	out->cgroup_id = rd->cgroup_id;
	out->pid = rd->pid;
	out->tgid = rd->tgid;
	out->cpu = e->cpu;
	out->type = e->type;
	out->code = e->code;
	out->value = e->value;
	out->clock = rd->clock;
	out->flags = e->flags;
	out->level = rd->level;
	memcpy(out->comm, rd->comm, sizeof(out->comm));
	out->comm[sizeof(out->comm) - 1] = '\0';
	out->quantum_ns = rd->quantum_ns;
}

static int keep(struct ring_join *j, const struct inputtrace_ring_event *e)
{
	size_t cap = j->cap_waiting ? j->cap_waiting * 2 : 64;
	void *p;

	if (j->nwaiting == j->cap_waiting) {
		p = realloc(j->waiting, cap * sizeof(*j->waiting));
		if (!p)
			return -ENOMEM;
		j->waiting = p;
		j->cap_waiting = cap;
	}
	j->waiting[j->nwaiting++] = *e;
	return 0;
}

int ring_join_event(struct ring_join *j, const struct inputtrace_ring_event *e,
		    struct inputtrace_event *out)
{
	const struct inputtrace_reader *rd = lookup(j, e->ctx_id);
	int err;

	if (rd) {
		join(e, rd, out);
		return 1;
	}
	err = keep(j, e);
	return err ? err : 0;
}

int ring_join_retry(struct ring_join *j, ring_join_fn fn, void *ctx)
{
	struct inputtrace_event ev;
	size_t i, left = 0;
	int err = 0;

	for (i = 0; i < j->nwaiting; i++) {
		const struct inputtrace_reader *rd = lookup(j, j->waiting[i].ctx_id);

		if (!rd || err) {
			j->waiting[left++] = j->waiting[i];
			continue;
		}
		join(&j->waiting[i], rd, &ev);
		err = fn(&ev, ctx);
	}
	j->nwaiting = left;
	return err;
}

size_t ring_join_waiting(const struct ring_join *j)
{
	return j->nwaiting;
}

uint64_t ring_join_drop_waiting(struct ring_join *j)
{
	uint64_t n = j->nwaiting;

	j->nwaiting = 0;
	return n;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ring_join.h - join the ring's compact events with their reader contexts.
 *
 * The BPF program sends who read an event (pid, comm, cgroup, clock) and
 * the level and quantum applied once, in a READER record, and each event
 * names it by ctx_id (bpf/inputtrace.h).  The READER record goes to the ring
 * of the CPU that made it, before the event that first uses it; a later
 * event of the same task on another CPU can be drained before it.  Such an
 * event waits here until a drain brings its READER record.
 *
 * Contexts are kept by id (ids count up from 1 per program load) for the
 * whole run: about 64 bytes per id, at most RING_JOIN_MAX_CTX of them.
 */
#ifndef __RING_JOIN_H
#define __RING_JOIN_H

#include <stddef.h>
#include <stdint.h>
#include "record_codec.h"

#define RING_JOIN_MAX_CTX	(1U << 20)	/* 64 MiB of contexts */

struct ring_join;

struct ring_join *ring_join_new(void);
void ring_join_free(struct ring_join *j);

/* Remember a READER record; -ERANGE for an id beyond the cap, -ENOMEM. */
int ring_join_reader(struct ring_join *j, const struct inputtrace_reader *rd);

/*
 * Join @e into *out: 1 when its context is known, 0 when @e waits for it
 * (ring_join_retry), -ENOMEM when it can neither be joined nor kept.
 */
int ring_join_event(struct ring_join *j, const struct inputtrace_ring_event *e,
		    struct inputtrace_event *out);

typedef int (*ring_join_fn)(const struct inputtrace_event *ev, void *ctx);

/*
 * Join the waiting events whose context has arrived since, in the order
 * they came, through @fn; a negative return of @fn stops and is returned.
 */
int ring_join_retry(struct ring_join *j, ring_join_fn fn, void *ctx);
size_t ring_join_waiting(const struct ring_join *j);
/* Forget the events still waiting (at the end of a run); how many. */
uint64_t ring_join_drop_waiting(struct ring_join *j);

#endif /* __RING_JOIN_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * bench_bare.bpf.c - `make bench`'s "bare" tracer: on the same per-event
 * hook as inputtrace, reserve a ring record as big as inputtrace's event
 * record in the ring (sizeof(struct inputtrace_ring_event), so it follows
 * that layout as it changes), fill it with what a naive tracer copies that
 * fits, submit.  No policy
 * kfunc, no filters, no device table, no task storage: what inputtrace
 * costs above this is its policy and bookkeeping.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "inputtrace.h"

char LICENSE[] SEC("license") = "GPL";

#define BARE_SIZE	sizeof(struct inputtrace_ring_event)

/* What is copied; the reader's context only where the record has room. */
struct bare_head {
	__u64 time_ns;
	__u16 type;
	__u16 code;
	__s32 value;
};

struct bare_full {
	struct bare_head head;
	__u64 read_ns;
	__u64 cgroup_id;
	__u32 pid;
	__u32 tgid;
};

_Static_assert(BARE_SIZE >= sizeof(struct bare_head), "event record too small");

/* Big enough that a bench mode never fills it: a full ring is cheaper. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 32 * 1024 * 1024);
} bare_ring SEC(".maps");

__u64 bare_lost;

SEC("fentry/input_event_to_user")
int BPF_PROG(bare_event, char *buffer, const struct input_event *event)
{
	struct bare_full *rec;
	__u64 pid_tgid;

	rec = bpf_ringbuf_reserve(&bare_ring, BARE_SIZE, 0);
	if (!rec) {
		__sync_fetch_and_add(&bare_lost, 1);
		return 0;
	}
	rec->head.time_ns = event->__sec * 1000000000ULL + event->__usec * 1000ULL;
	rec->head.type = event->type;
	rec->head.code = event->code;
	rec->head.value = event->value;
	if (BARE_SIZE >= sizeof(struct bare_full)) {	/* folded at compile time */
		rec->read_ns = bpf_ktime_get_ns();
		rec->cgroup_id = bpf_get_current_cgroup_id();
		pid_tgid = bpf_get_current_pid_tgid();
		rec->pid = (__u32)pid_tgid;
		rec->tgid = pid_tgid >> 32;
	}
	/* flags 0: the default, wake the consumer when it had caught up */
	bpf_ringbuf_submit(rec, 0);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * bench_empty.bpf.c - `make bench`'s floor: an fentry on the function
 * inputtrace hooks per event, doing nothing.  Its run time is what the
 * trampoline and bpf_stats alone cost, the part no tracer can save.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

SEC("fentry/input_event_to_user")
int BPF_PROG(empty_event, char *buffer, const struct input_event *event)
{
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * recorder_bpf.h - the part of `inputtrace record` that touches libbpf:
 * the skeleton, one ring per CPU, the attach order, the counters map.
 * Everything else about a run is the library's (lib/recorder.h).
 */
#ifndef __RECORDER_BPF_H
#define __RECORDER_BPF_H

#include <bpf/libbpf.h>
#include "recorder.h"

struct inputtrace_bpf;

struct recorder_bpf {
	struct inputtrace_bpf *skel;
	struct ring_buffer *rb;
	int *ring_fds;			/* one BPF ring per possible CPU */
	int ncpus;
};

/* The checks that turn a cryptic libbpf failure into an actionable line. */
int recorder_preflight(void);
/*
 * Open, load, create the rings (@cb gets every record, with @rc as its
 * context), fill the filter maps, set up rc->acct for the counters map,
 * attach.  On failure one line was printed; recorder_bpf_free() cleans up.
 */
int recorder_bpf_setup(struct recorder *rc, ring_buffer_sample_fn cb);
/* Stop tracing: no record is emitted after this; the rings stay readable. */
void recorder_bpf_detach(struct recorder *rc);
void recorder_bpf_free(struct recorder *rc);

#endif /* __RECORDER_BPF_H */

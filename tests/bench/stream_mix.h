/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stream_mix.h - a synthetic but realistic record stream for benchmarks:
 * what a compositor reading three devices sees in a session.
 *
 *   mouse     REL_X, REL_Y, SYN_REPORT every 1 ms (a 1 kHz gaming mouse)
 *   touchpad  two fingers, every 8 ms: per slot ABS_MT_SLOT,
 *             ABS_MT_POSITION_X/Y, then ABS_X, ABS_Y, MSC_TIMESTAMP, SYN
 *   keyboard  a key every ~120 ms in bursts: MSC_SCAN, KEY down, SYN, then
 *             MSC_SCAN, KEY up, SYN ~60 ms later; now and then a held key
 *             autorepeats (value 2) at 33 Hz
 *
 * One DEVICE record per device first; the reader is one process.  Delivery
 * latency (read_ns - time_ns) is 50..550 us.  Deterministic: the same seed
 * gives the same stream.
 */
#ifndef __STREAM_MIX_H
#define __STREAM_MIX_H

#include <stddef.h>
#include <stdint.h>
#include "record_codec.h"

/* Fill @out with @n records (DEVICE records included); returns events. */
size_t stream_mix(struct trace_record *out, size_t n, uint64_t seed);

#endif /* __STREAM_MIX_H */

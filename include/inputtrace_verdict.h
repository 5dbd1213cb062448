/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * inputtrace_verdict.h - the answer of inputtrace.ko's kfunc, written once
 *
 * inputtrace_decide(type, code) returns one s64, the only interface between
 * the module (which encodes it) and the BPF program (which decodes it), and
 * the timestamp quantum it carries is applied the same way in the kernel and
 * again by the reader after its clock conversion.  All three sides include
 * this file, so the layout, the quantum limit and the rounding exist once.
 *
 * The includer provides __u32, __u64 and __s64: <linux/types.h> in kernel
 * and userspace C, vmlinux.h in BPF C.  Including a types header here would
 * clash with vmlinux.h, which redefines them.  Paths: the module and the BPF
 * program are built with -Iinclude; userspace includes it relatively, like
 * bpf/inputtrace.h.
 *
 * Negative: emit nothing (INPUTTRACE_VERDICT_PAUSED: the reader is in scope
 * but tracing is paused, so the event is only counted as suppressed; any
 * other negative errno: out of scope).  Otherwise:
 *
 *   bits  0-15  the code to record (a key class when redacted)
 *   bits 16-23  INPUTTRACE_EV_* flags (bpf/inputtrace.h)
 *   bits 24-31  the capture level (enum inputtrace_level)
 *   bits 32-61  the timestamp quantum in ns, 0 = exact
 */
#ifndef __INPUTTRACE_VERDICT_H
#define __INPUTTRACE_VERDICT_H

#define INPUTTRACE_VERDICT_PAUSED	(-11)	/* -EAGAIN */

#define INPUTTRACE_VERDICT_CODE_MASK	0xffffU
#define INPUTTRACE_VERDICT_FLAGS_SHIFT	16
#define INPUTTRACE_VERDICT_FLAGS_MASK	0xffU
#define INPUTTRACE_VERDICT_LEVEL_SHIFT	24
#define INPUTTRACE_VERDICT_LEVEL_MASK	0xffU
#define INPUTTRACE_VERDICT_QUANTUM_SHIFT	32

/*
 * Largest timestamp quantum (1 s); sysfs writes above it get ERANGE.  It
 * must stay below 2^30 so that bits 62-63 stay clear and a verdict is never
 * negative (the module's encoder checks this with BUILD_BUG_ON).
 */
#define INPUTTRACE_QUANTUM_MAX		1000000000

#define INPUTTRACE_VERDICT_CODE(v)	((__u32)(v) & INPUTTRACE_VERDICT_CODE_MASK)
#define INPUTTRACE_VERDICT_FLAGS(v)	\
	(((__u32)(v) >> INPUTTRACE_VERDICT_FLAGS_SHIFT) & \
	 INPUTTRACE_VERDICT_FLAGS_MASK)
#define INPUTTRACE_VERDICT_LEVEL(v)	\
	(((__u32)(v) >> INPUTTRACE_VERDICT_LEVEL_SHIFT) & \
	 INPUTTRACE_VERDICT_LEVEL_MASK)
#define INPUTTRACE_VERDICT_QUANTUM(v)	\
	((__u32)((__u64)(v) >> INPUTTRACE_VERDICT_QUANTUM_SHIFT))

/*
 * The verdict for an event that may be recorded.  @quantum_ns must be at
 * most INPUTTRACE_QUANTUM_MAX (the module's parsers refuse more), so the
 * result is never negative.
 */
static inline __s64 inputtrace_verdict(__u32 code, __u32 flags, __u32 level,
				       __u32 quantum_ns)
{
	return (__s64)((__u64)quantum_ns << INPUTTRACE_VERDICT_QUANTUM_SHIFT |
		       (__u64)(level & INPUTTRACE_VERDICT_LEVEL_MASK)
				<< INPUTTRACE_VERDICT_LEVEL_SHIFT |
		       (__u64)(flags & INPUTTRACE_VERDICT_FLAGS_MASK)
				<< INPUTTRACE_VERDICT_FLAGS_SHIFT |
		       (code & INPUTTRACE_VERDICT_CODE_MASK));
}

/*
 * Round @ns down to a multiple of @quantum (0: leave it exact): what the BPF
 * program does to every timestamp it records, and the reader to the times it
 * converts or makes up itself.
 */
static inline __u64 inputtrace_quantize(__u64 ns, __u64 quantum)
{
	return quantum ? ns - ns % quantum : ns;
}

#endif /* __INPUTTRACE_VERDICT_H */

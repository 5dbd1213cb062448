/* SPDX-License-Identifier: GPL-2.0 */
/* inputtrace_internal.h - what the module's glue files share */
#ifndef _INPUTTRACE_INTERNAL_H
#define _INPUTTRACE_INTERNAL_H

#include <linux/sysfs.h>

#include "inputtrace_policy.h"

/* The published policy; replaced whole under RCU by the sysfs stores. */
extern struct itp_state __rcu *inputtrace_state;
/* How many policies were published since load; writers' mutex held. */
extern u64 inputtrace_generation;

int inputtrace_kfunc_init(void);
/*
 * The kfuncs: only BPF calls them, but their definitions need prototypes
 * (-Wmissing-prototypes is on from 6.8; sparse asks for it on 6.1).
 */
s64 inputtrace_decide(u32 type, u32 code);
u64 inputtrace_policy_generation(void);
int inputtrace_decide_current(struct itp_decision *d);

/* /sys/kernel/inputtrace/self/: what applies to the reading task's input */
extern const struct attribute_group inputtrace_self_group;

#endif /* _INPUTTRACE_INTERNAL_H */

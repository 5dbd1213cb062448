/* SPDX-License-Identifier: GPL-2.0 */
/* inputtrace_internal.h - what the module's glue files share */
#ifndef _INPUTTRACE_INTERNAL_H
#define _INPUTTRACE_INTERNAL_H

#include "inputtrace_policy.h"

/* The published policy; replaced whole under RCU by the sysfs stores. */
extern struct itp_state __rcu *inputtrace_state;

int inputtrace_kfunc_init(void);

#endif /* _INPUTTRACE_INTERNAL_H */

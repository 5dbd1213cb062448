/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inputtrace_kfunc_compat.h - define and register a kfunc on 6.1 and later
 *
 * The only place that knows kernel differences, so the kfunc and policy
 * code stay free of #if.  Tested on 6.1 and 6.12 (tests/vm, KVER=6.1|6.12):
 *
 *   6.1   no __bpf_kfunc: a global noinline function listed in a plain
 *         BTF_SET8.
 *   6.9+  the set must carry BTF_SET8_KFUNCS (BTF_KFUNCS_START), or
 *         register_btf_kfunc_id_set() fails with -EINVAL; __bpf_kfunc (6.3+)
 *         also keeps the function from being dropped or cloned by the
 *         compiler.
 *
 * Keyed on BTF_KFUNCS_START itself rather than on LINUX_VERSION_CODE: exact
 * for stable kernels that backport it, and what checkpatch asks for.
 * Kernels before 6.9 get the 6.1 form, which they still accept.  The kfunc
 * has a prototype (inputtrace_internal.h), so no __bpf_kfunc_start_defs()
 * is needed to silence -Wmissing-prototypes (default since 6.8).
 */
#ifndef INPUTTRACE_KFUNC_COMPAT_H
#define INPUTTRACE_KFUNC_COMPAT_H

#include <linux/btf.h>
#include <linux/btf_ids.h>

#ifdef BTF_KFUNCS_START
#define INPUTTRACE_KFUNC			__bpf_kfunc
#define INPUTTRACE_KFUNC_SET_START(name)	BTF_KFUNCS_START(name)
#define INPUTTRACE_KFUNC_SET_END(name)		BTF_KFUNCS_END(name)
#else
#define INPUTTRACE_KFUNC			noinline
#define INPUTTRACE_KFUNC_SET_START(name)	BTF_SET8_START(name)
#define INPUTTRACE_KFUNC_SET_END(name)		BTF_SET8_END(name)
#endif

#endif /* INPUTTRACE_KFUNC_COMPAT_H */

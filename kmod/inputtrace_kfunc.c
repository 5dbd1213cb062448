// SPDX-License-Identifier: GPL-2.0
/*
 * inputtrace_kfunc.c - the question the BPF program asks the module
 *
 * inputtrace_decide() is a kfunc: the BPF program on the evdev read path
 * calls it in the context of the task that reads the event, and emits a
 * record only when it returns >= 0 - with the (possibly redacted) code it
 * returns.  The program remembers answers per type and code and asks again
 * when inputtrace_policy_generation() or the reader's cgroup changed.  The
 * policy never leaves the kernel and is never mirrored to userspace.
 *
 * It is registered for BPF_PROG_TYPE_TRACING (fentry/fexit); how a kfunc is
 * defined and listed differs between 6.1 and later kernels, which
 * inputtrace_kfunc_compat.h hides.  Registration needs this module's own
 * BTF; without it registration still "succeeds" and the kfunc is silently
 * unusable, so loading is refused instead.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/cgroup.h>
#include <linux/module.h>
#include <linux/sched.h>

#include "inputtrace_internal.h"
#include "inputtrace_kfunc_compat.h"

static u64 inputtrace_cgroup_id_at(const struct itp_subject *s, int depth)
{
	const struct cgroup *cgrp = s->priv;

	return cgroup_id(cgrp->ancestors[depth]);
}

/*
 * What applies to input read by the current task: itp_decide() for the
 * cgroup it is in (its real one: cgroup namespaces do not change it).
 * Call under rcu_read_lock(): @d->entry points into the published state.
 */
int inputtrace_decide_current(struct itp_decision *d)
{
	struct cgroup *cgrp = task_dfl_cgroup(current);
	struct itp_subject subj = {
		.depth = cgrp->level,
		.id_at = inputtrace_cgroup_id_at,
		.priv = cgrp,
	};

	return itp_decide(rcu_dereference(inputtrace_state), &subj, d);
}

/**
 * inputtrace_decide - may this event be traced for the current reader?
 * @type: the event's type (EV_*)
 * @code: the event's code
 *
 * Must run in the context of the task that receives the event.
 *
 * Return: -ENOENT when nothing may be recorded (module disabled, or the
 * reader's cgroup is not in an enabled subtree), INPUTTRACE_VERDICT_PAUSED
 * when the reader is in scope but tracing is paused; otherwise the verdict
 * encoded as include/inputtrace_verdict.h describes: the code to record,
 * INPUTTRACE_EV_* flags, the capture level and the timestamp quantum.
 */
INPUTTRACE_KFUNC s64 inputtrace_decide(u32 type, u32 code)
{
	struct itp_decision d;
	int ret;

	rcu_read_lock();
	ret = inputtrace_decide_current(&d);
	rcu_read_unlock();
	return ret < 0 ? ret : itp_event_verdict(&d, type, code);
}

/**
 * inputtrace_policy_generation - which policy inputtrace_decide() applies
 *
 * inputtrace_decide()'s answer depends only on the policy, the reader's
 * cgroup and the event's type and code, so a caller may reuse an answer
 * for as long as this count and the cgroup stay the same: it changes with
 * every policy published, after the policy.
 *
 * Return: the number of policies published since the module was loaded.
 */
INPUTTRACE_KFUNC u64 inputtrace_policy_generation(void)
{
	/* pairs with the store-release after each publish */
	return smp_load_acquire(&inputtrace_generation);
}

INPUTTRACE_KFUNC_SET_START(inputtrace_kfunc_ids)
BTF_ID_FLAGS(func, inputtrace_decide)
BTF_ID_FLAGS(func, inputtrace_policy_generation)
INPUTTRACE_KFUNC_SET_END(inputtrace_kfunc_ids)

static const struct btf_kfunc_id_set inputtrace_kfunc_set = {
	.owner	= THIS_MODULE,
	.set	= &inputtrace_kfunc_ids,
};

int inputtrace_kfunc_init(void)
{
	unsigned int btf_size = 0;
	int ret;

#ifdef CONFIG_DEBUG_INFO_BTF_MODULES
	btf_size = THIS_MODULE->btf_data_size;
#endif
	if (!btf_size) {
		pr_err("module has no BTF, so BPF cannot call its kfunc: rebuild it against the kernel's vmlinux with resolve_btfids (see README)\n");
		return -ENOEXEC;
	}
	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING,
					&inputtrace_kfunc_set);
	if (ret)
		pr_err("cannot register kfunc: %d\n", ret);
	return ret;
}

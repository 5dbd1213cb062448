// SPDX-License-Identifier: GPL-2.0
/*
 * inputtrace_main.c - module life cycle and the /sys/kernel/inputtrace ABI
 *
 * The policy (master switch, pause, enabled cgroups, capture level, timestamp
 * quantum) lives in one immutable struct itp_state behind an RCU pointer.
 * Each store clones it, edits the clone and publishes it, so the BPF-facing
 * kfunc always sees a consistent policy without taking a lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "inputtrace_internal.h"

struct itp_state __rcu *inputtrace_state;
u64 inputtrace_generation;

/* Serialises writers; readers use RCU.  Never taken by show(). */
static DEFINE_MUTEX(inputtrace_lock);
static struct kobject *inputtrace_kobj;

/* Every policy change names who made it. */
static __printf(2, 3) void inputtrace_audit(const char *attr,
					    const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_info("%s: %pV by uid=%u pid=%d comm=%s\n", attr, &vaf,
		from_kuid(&init_user_ns, current_uid()), task_tgid_nr(current),
		current->comm);
	va_end(args);
}

/* An editable copy of the policy with room for @extra entries; lock held. */
static struct itp_state *inputtrace_edit(unsigned int extra)
{
	return itp_policy_edit(&inputtrace_state, &inputtrace_lock, extra);
}

/* Publish @next (already edited) in place of the current policy; count it. */
static void inputtrace_publish(struct itp_state *next)
{
	itp_policy_publish(&inputtrace_state, &inputtrace_lock, next);
	/*
	 * After the pointer, pairing with the load-acquire in
	 * inputtrace_policy_generation(): who sees the new count sees the
	 * new policy.
	 */
	smp_store_release(&inputtrace_generation, inputtrace_generation + 1);
}

/* The scalar settings of the current policy (no entries). */
static void inputtrace_peek(struct itp_state *out)
{
	rcu_read_lock();
	memcpy(out, rcu_dereference(inputtrace_state), sizeof(*out));
	rcu_read_unlock();
}

/*
 * Publish a copy of the policy with one scalar setting changed by @set, and
 * log it as "@attr: @shown by ...".  Nothing changes when memory runs out.
 */
static ssize_t inputtrace_set(size_t count, const char *attr, const char *shown,
			      void (*set)(struct itp_state *st, u32 val),
			      u32 val)
{
	struct itp_state *next;

	mutex_lock(&inputtrace_lock);
	next = inputtrace_edit(0);
	if (next) {
		set(next, val);
		inputtrace_publish(next);
		inputtrace_audit(attr, "%s", shown);
	}
	mutex_unlock(&inputtrace_lock);
	return next ? count : -ENOMEM;
}

static void set_enabled(struct itp_state *st, u32 val)
{
	st->enabled = val;
}

static void set_paused(struct itp_state *st, u32 val)
{
	st->paused = val;
}

static void set_level(struct itp_state *st, u32 val)
{
	st->level = val;
}

static void set_quantum(struct itp_state *st, u32 val)
{
	st->quantum_ns = val;
}

/* A 0/1 switch of the policy: show, and a strict store that logs. */
#define INPUTTRACE_SWITCH_ATTR(name)					\
static ssize_t name##_show(struct kobject *kobj,			\
			   struct kobj_attribute *attr, char *buf)	\
{									\
	struct itp_state st;						\
									\
	inputtrace_peek(&st);						\
	return sysfs_emit(buf, "%d\n", st.name);			\
}									\
									\
static ssize_t name##_store(struct kobject *kobj,			\
			    struct kobj_attribute *attr,		\
			    const char *buf, size_t count)		\
{									\
	bool on;							\
	int ret;							\
									\
	ret = itp_check_scalar(buf, count) ?:				\
	      itp_parse_switch(buf, &on);				\
	if (ret)							\
		return ret;						\
	return inputtrace_set(count, #name, on ? "1" : "0",		\
			      set_##name, on);				\
}

INPUTTRACE_SWITCH_ATTR(enabled)
INPUTTRACE_SWITCH_ATTR(paused)

static ssize_t level_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	struct itp_state st;

	inputtrace_peek(&st);
	return sysfs_emit(buf, "%s\n", itp_level_name(st.level));
}

static ssize_t level_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	int level, ret;

	ret = itp_check_scalar(buf, count) ?: itp_parse_level(buf, &level);
	if (ret)
		return ret;
	return inputtrace_set(count, "level", itp_level_name(level), set_level,
			      level);
}

static ssize_t time_quantum_ns_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	struct itp_state st;

	inputtrace_peek(&st);
	return sysfs_emit(buf, "%u\n", st.quantum_ns);
}

static ssize_t time_quantum_ns_store(struct kobject *kobj,
				     struct kobj_attribute *attr,
				     const char *buf, size_t count)
{
	char shown[16];
	u32 quantum;
	int ret;

	ret = itp_check_scalar(buf, count) ?:
	      itp_parse_quantum(buf, &quantum);
	if (ret)
		return ret;
	snprintf(shown, sizeof(shown), "%u", quantum);
	return inputtrace_set(count, "time_quantum_ns", shown, set_quantum,
			      quantum);
}

static ssize_t cgroups_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	int len;

	/* itp_state_add() keeps the listing within one ITP_SHOW_MAX page */
	BUILD_BUG_ON(ITP_SHOW_MAX > PAGE_SIZE);
	rcu_read_lock();
	len = itp_state_show_cgroups(rcu_dereference(inputtrace_state), buf,
				     PAGE_SIZE);
	rcu_read_unlock();
	return len;
}

/* Resolve @path on the writer's cgroup v2 hierarchy to its id and depth. */
static int inputtrace_lookup_cgroup(const char *path, u64 *id, int *depth)
{
	struct cgroup *cgrp = cgroup_get_from_path(path);

	if (IS_ERR(cgrp))
		return PTR_ERR(cgrp) == -ENOTDIR ? -ENOTDIR : -ENOENT;
	*id = cgroup_id(cgrp);
	*depth = cgrp->level;
	cgroup_put(cgrp);
	return 0;
}

static ssize_t cgroups_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	struct itp_cgroup_cmd *cmd;
	struct itp_state *next;
	u64 id = 0;
	int depth = 0;
	int ret;

	cmd = kmalloc(sizeof(*cmd), GFP_KERNEL);
	if (!cmd)
		return -ENOMEM;
	ret = itp_parse_cgroup_cmd(buf, count, cmd);
	if (ret)
		goto out_free_cmd;
	if (cmd->add) {
		ret = inputtrace_lookup_cgroup(cmd->path, &id, &depth);
		if (ret)
			goto out_free_cmd;
	}

	mutex_lock(&inputtrace_lock);
	next = inputtrace_edit(1);
	if (!next) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	if (cmd->add)
		ret = itp_state_add(next, cmd, id, depth);
	else
		ret = itp_state_remove(next, cmd->path);
	if (ret) {
		kfree(next);
		goto out_unlock;
	}
	inputtrace_publish(next);
	/* logged under the lock: the log's order is the order of changes */
	if (!cmd->add) {
		inputtrace_audit("cgroups", "-%s", cmd->path);
	} else {
		char quantum[24] = "inherit";

		if (cmd->quantum_ns != ITP_QUANTUM_INHERIT)
			snprintf(quantum, sizeof(quantum), "%lld",
				 cmd->quantum_ns);
		inputtrace_audit("cgroups", "+%s (id %llu) level=%s time_quantum_ns=%s",
				 cmd->path, id,
				 cmd->level == ITP_LEVEL_INHERIT ? "inherit" :
				 itp_level_name(cmd->level), quantum);
	}
	ret = count;

out_unlock:
	mutex_unlock(&inputtrace_lock);
out_free_cmd:
	kfree(cmd);
	return ret;
}

static struct kobj_attribute enabled_attr = __ATTR_RW_MODE(enabled, 0644);
static struct kobj_attribute paused_attr = __ATTR_RW_MODE(paused, 0644);
static struct kobj_attribute level_attr = __ATTR_RW_MODE(level, 0644);
static struct kobj_attribute time_quantum_ns_attr =
	__ATTR_RW_MODE(time_quantum_ns, 0644);
static struct kobj_attribute cgroups_attr = __ATTR_RW_MODE(cgroups, 0644);

static struct attribute *inputtrace_attrs[] = {
	&enabled_attr.attr,
	&paused_attr.attr,
	&level_attr.attr,
	&time_quantum_ns_attr.attr,
	&cgroups_attr.attr,
	NULL,
};

static const struct attribute_group inputtrace_group = {
	.attrs = inputtrace_attrs,
};

static const struct attribute_group *inputtrace_groups[] = {
	&inputtrace_group,
	&inputtrace_self_group,
	NULL,
};

static int __init inputtrace_init(void)
{
	struct itp_state *st;
	int ret;

	st = itp_state_alloc(0, GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	RCU_INIT_POINTER(inputtrace_state, st);

	ret = inputtrace_kfunc_init();
	if (ret)
		goto err_free_state;

	inputtrace_kobj = kobject_create_and_add("inputtrace", kernel_kobj);
	if (!inputtrace_kobj) {
		ret = -ENOMEM;
		goto err_free_state;
	}
	ret = sysfs_create_groups(inputtrace_kobj, inputtrace_groups);
	if (ret)
		goto err_put_kobj;

	pr_info("loaded: enabled=0 paused=0 level=%s time_quantum_ns=0, no cgroups\n",
		itp_level_name(st->level));
	return 0;

err_put_kobj:
	kobject_put(inputtrace_kobj);
err_free_state:
	kfree(st);
	return ret;
}

static void __exit inputtrace_exit(void)
{
	/*
	 * A loaded BPF program that calls our kfunc holds a module reference,
	 * so no program can be running here: only sysfs users remain, and
	 * kobject_put() waits for them.
	 */
	kobject_put(inputtrace_kobj);
	kfree(rcu_dereference_protected(inputtrace_state, true));
	pr_info("unloaded\n");
}

module_init(inputtrace_init);
module_exit(inputtrace_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("inputtrace developers");
MODULE_DESCRIPTION("Policy for consumer-side tracing of input events");
/*
 * What is traced is evdev's readers: `modprobe inputtrace` (the policy
 * unit, right after the package is installed) brings evdev along, which
 * on a real machine udev has loaded anyway.
 */
MODULE_SOFTDEP("pre: evdev");

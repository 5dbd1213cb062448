// SPDX-License-Identifier: GPL-2.0
/*
 * inputtrace_self.c - "am I traced?", answered by the kernel
 *
 * /sys/kernel/inputtrace/self/ holds read-only attributes whose value
 * depends on who reads them: they show what the module would decide for
 * input read by the reading task, through the same itp_decide() call the
 * kfunc makes.  A userspace guess from /proc/self/cgroup would be wrong
 * inside a cgroup namespace (a container sees its own root as "/") and for
 * a cgroup recreated under an enabled path (entries are cgroup ids); this
 * cannot be.  Each shows "none" when the reader's input is not traced (out
 * of scope, or tracing switched off).
 */
#include <linux/kobject.h>
#include <linux/sysfs.h>

#include "inputtrace_internal.h"

enum itp_self_value { ITP_SELF_SUBTREE, ITP_SELF_LEVEL, ITP_SELF_QUANTUM };

static ssize_t itp_self_show(char *buf, enum itp_self_value what)
{
	struct itp_decision d;
	ssize_t len;

	rcu_read_lock();
	if (inputtrace_decide_current(&d) == -ENOENT)
		len = sysfs_emit(buf, "none\n");
	else if (what == ITP_SELF_SUBTREE)
		len = sysfs_emit(buf, "%s\n", d.entry->path);
	else if (what == ITP_SELF_LEVEL)
		len = sysfs_emit(buf, "%s\n", itp_level_name(d.level));
	else
		len = sysfs_emit(buf, "%u\n", d.quantum_ns);
	rcu_read_unlock();
	return len;
}

/* the enabled entry that decides: the deepest that covers the reader */
static ssize_t subtree_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return itp_self_show(buf, ITP_SELF_SUBTREE);
}

static ssize_t level_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return itp_self_show(buf, ITP_SELF_LEVEL);
}

static ssize_t time_quantum_ns_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	return itp_self_show(buf, ITP_SELF_QUANTUM);
}

static struct kobj_attribute self_subtree_attr = __ATTR_RO(subtree);
static struct kobj_attribute self_level_attr = __ATTR_RO(level);
static struct kobj_attribute self_time_quantum_ns_attr =
	__ATTR_RO(time_quantum_ns);

static struct attribute *inputtrace_self_attrs[] = {
	&self_subtree_attr.attr,
	&self_level_attr.attr,
	&self_time_quantum_ns_attr.attr,
	NULL,
};

const struct attribute_group inputtrace_self_group = {
	.name = "self",
	.attrs = inputtrace_self_attrs,
};

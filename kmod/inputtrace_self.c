// SPDX-License-Identifier: GPL-2.0
/*
 * inputtrace_self.c - "am I traced?", answered by the kernel
 *
 * /sys/kernel/inputtrace/self/ holds read-only attributes whose value
 * depends on who reads them: they show what the module would decide for
 * input read by the reading task, through the same itp_decide() call the
 * kfunc makes.  A userspace guess from /proc/self/cgroup would be wrong
 * inside a cgroup namespace (a container sees its own root as "/") and
 * could disagree with the kernel in other ways; this cannot.
 */
#include <linux/kobject.h>
#include <linux/sysfs.h>

#include "inputtrace_internal.h"

/* "none" when the reader's input is not traced (out of scope or disabled) */
static ssize_t level_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	struct itp_decision d;

	if (inputtrace_decide_current(&d) == -ENOENT)
		return sysfs_emit(buf, "none\n");
	return sysfs_emit(buf, "%s\n", itp_level_name(d.level));
}

static ssize_t time_quantum_ns_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	struct itp_decision d;

	if (inputtrace_decide_current(&d) == -ENOENT)
		return sysfs_emit(buf, "none\n");
	return sysfs_emit(buf, "%u\n", d.quantum_ns);
}

static struct kobj_attribute self_level_attr = __ATTR_RO(level);
static struct kobj_attribute self_time_quantum_ns_attr =
	__ATTR_RO(time_quantum_ns);

static struct attribute *inputtrace_self_attrs[] = {
	&self_level_attr.attr,
	&self_time_quantum_ns_attr.attr,
	NULL,
};

const struct attribute_group inputtrace_self_group = {
	.name = "self",
	.attrs = inputtrace_self_attrs,
};

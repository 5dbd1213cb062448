/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sysfs.h - the client of inputtrace.ko's sysfs ABI (README: "sysfs ABI").
 *
 * The one place that spells /sys/kernel/inputtrace and its attribute
 * names; every command and the recorder go through it.
 */
#ifndef __SYSFS_H
#define __SYSFS_H

#include <stdbool.h>
#include <stddef.h>

#define SYSFS_ROOT		"/sys/kernel/inputtrace"

/* Attribute names, relative to SYSFS_ROOT. */
#define SYSFS_ENABLED		"enabled"
#define SYSFS_PAUSED		"paused"
#define SYSFS_LEVEL		"level"
#define SYSFS_QUANTUM		"time_quantum_ns"
#define SYSFS_CGROUPS		"cgroups"
#define SYSFS_SELF_SUBTREE	"self/subtree"
#define SYSFS_SELF_LEVEL	"self/level"
#define SYSFS_SELF_QUANTUM	"self/time_quantum_ns"

/* The cgroup v2 mount the module's cgroup paths are relative to. */
#define SYSFS_CGROUP_ROOT	"/sys/fs/cgroup"

/* Full path of an attribute, as a string literal: SYSFS_PATH(SYSFS_PAUSED). */
#define SYSFS_PATH(attr)	SYSFS_ROOT "/" attr

/* Whether the module is loaded (its directory exists). */
bool sysfs_present(void);
/* open(2) an attribute; -1 with errno set on failure. */
int sysfs_open(const char *attr, int flags);
/*
 * Read @attr into @buf (NUL-terminated, trailing newlines removed): 0 or
 * -errno (errno is set as well).
 */
int sysfs_read(const char *attr, char *buf, size_t size);
/* Write @val with one write(2): 0, -errno, or -EIO for a short write. */
int sysfs_write(const char *attr, const char *val);
/*
 * Read a small text file (sysfs, procfs) into @buf like sysfs_read(); for
 * files outside SYSFS_ROOT such as /proc/self/cgroup.
 */
int sysfs_read_file(const char *path, char *buf, size_t size);

#endif /* __SYSFS_H */

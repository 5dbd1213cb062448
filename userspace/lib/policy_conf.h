/* SPDX-License-Identifier: GPL-2.0 */
/*
 * policy_conf.h - the persistent policy file (inputtrace-policy.conf(5))
 * and the module policy it describes: parse, validate, format, and apply
 * it to inputtrace.ko's sysfs attributes (policy_apply.c).
 *
 * The file format is a contract other people write files against:
 *   # comment, blank lines
 *   enabled = 0|1            paused = 0|1
 *   level = redacted|full    time_quantum_ns = N   (0..1000000000)
 *   cgroup /path [level=redacted|full] [time_quantum_ns=N]
 * Whitespace around '=' is optional in KEY lines; leading and trailing
 * blanks (space, tab) are allowed; everything else is strict.  A file is
 * the whole policy: a key it does not give has the module's default.
 */
#ifndef __POLICY_CONF_H
#define __POLICY_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define POLICY_CONF_DEFAULT	"/etc/inputtrace/policy.conf"
#define POLICY_LINE_MAX		4096	/* bytes of a line, without its newline */
#define POLICY_FILE_MAX		(1024 * 1024)	/* a policy file is small */
/* The module's limits (kmod/inputtrace_policy.h). */
#define POLICY_MAX_CGROUPS	64
#define POLICY_PATH_MAX		256	/* including the NUL */
#define POLICY_LISTING_MAX	4096	/* the `cgroups` listing: one page */
#define POLICY_QUANTUM_MAX	1000000000u

#define POLICY_LEVEL_INHERIT	(-1)	/* a cgroup option not given */
#define POLICY_LEVEL_REDACTED	0
#define POLICY_LEVEL_FULL	1
#define POLICY_QUANTUM_INHERIT	(-1)

struct policy_cgroup {
	char path[POLICY_PATH_MAX];
	int level;			/* POLICY_LEVEL_* */
	int64_t quantum_ns;		/* POLICY_QUANTUM_INHERIT or 0..MAX */
	unsigned int line;		/* where the file gave it (0: live) */
};

struct policy {
	bool enabled;
	bool paused;
	int level;			/* POLICY_LEVEL_REDACTED or _FULL */
	uint32_t quantum_ns;
	unsigned int ncgroups;
	struct policy_cgroup cgroups[POLICY_MAX_CGROUPS];
};

/* Why a file was refused: its 1-based line (0: the file as a whole). */
struct policy_error {
	unsigned int line;
	char reason[320];
};

/* The module's defaults: everything off, redacted, exact time, no cgroup. */
void policy_init(struct policy *p);
/*
 * Parse a whole file of @len bytes (it may hold NULs, which are refused)
 * into @p: 0, or -EINVAL with @err naming the first bad line; @p is
 * filled only on success.  Checks syntax, values, duplicates and the
 * module's limits, not whether the cgroups exist (policy_check_cgroups).
 */
int policy_parse(const char *buf, size_t len, struct policy *p,
		 struct policy_error *err);
/*
 * Each cgroup of @p must be a directory of the cgroup v2 mount at @root
 * (SYSFS_CGROUP_ROOT; a test passes its own tree): not missing, not a
 * file, on the same filesystem as @root.  0 or -errno with @err set.
 */
int policy_check_cgroups(const struct policy *p, const char *root,
			 struct policy_error *err);
/* Whether @root is a cgroup v2 mount: 0, or -errno with @err set. */
int policy_check_cgroup_root(const char *root, struct policy_error *err);
/*
 * @p in the file format (every key, then one line per cgroup), which
 * policy_parse() reads back to the same policy: the length written, or
 * -ENOSPC if @size is too small (nothing useful in @buf then).
 */
int policy_format(const struct policy *p, char *buf, size_t size);
/* "/path[ level=X][ time_quantum_ns=N]", as the `cgroups` listing has it. */
int policy_format_cgroup(const struct policy_cgroup *c, char *buf, size_t size);
/* Whether two cgroup entries are the same (path and options). */
bool policy_cgroup_equal(const struct policy_cgroup *a,
			 const struct policy_cgroup *b);
/* Whether two policies are the same (cgroups in any order). */
bool policy_equal(const struct policy *a, const struct policy *b);
/* One line for the log: "enabled=1 paused=0 level=full ... cgroups=/a,/b". */
void policy_summary(const struct policy *p, char *buf, size_t size);
const char *policy_level_name(int level);

/* --- policy_apply.c: the live policy in sysfs (sysfs.h owns the paths) --- */

/*
 * Read the module's policy into @p: 0, or -errno (-ENOENT: not loaded;
 * -EPROTO: a listing line this parser does not understand).
 */
int policy_read_live(struct policy *p);

/* What policy_apply() reports about a failed write. */
struct policy_apply_error {
	char what[POLICY_PATH_MAX + 96];	/* "cgroups +/a level=full" */
	int err;				/* its -errno */
	int restore_err;			/* 0: the old policy is back */
	char restore_what[POLICY_PATH_MAX + 96];
};

/*
 * Make the module's policy @next, from @old (read just before), writing
 * only what differs, in an order that never traces more than either
 * allows: enabled=0 first when anything else changes while enabled,
 * then paused, level, quantum, cgroups (removals, then additions), and
 * enabled last.  When a write fails, @old is written back the same way.
 * 0, or the failed write's -errno with @e filled.
 */
int policy_apply(const struct policy *old, const struct policy *next,
		 struct policy_apply_error *e);

#endif /* __POLICY_CONF_H */

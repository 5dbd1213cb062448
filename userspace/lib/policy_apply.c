// SPDX-License-Identifier: GPL-2.0
/*
 * policy_apply.c - read the module's live policy and turn it into another
 * one through sysfs (policy_conf.h), never tracing more on the way than
 * the old or the new policy allows.
 *
 * Each attribute write is atomic in the module, but a policy is several
 * of them: with tracing on, lowering the level after widening the scope
 * would record full keys of the new cgroups for a moment.  So tracing is
 * switched off first whenever anything else changes while it is on, and
 * switched on last.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "policy_conf.h"
#include "sysfs.h"

/* The `cgroups` listing is at most one page; room for a few more. */
#define LISTING_BUF	(2 * POLICY_LISTING_MAX)

static int read_switch(const char *attr, bool *out)
{
	char buf[16];
	int ret = sysfs_read(attr, buf, sizeof(buf));

	if (ret)
		return ret;
	if (strcmp(buf, "0") && strcmp(buf, "1"))
		return -EPROTO;
	*out = buf[0] == '1';
	return 0;
}

int policy_read_live(struct policy *p)
{
	static char listing[LISTING_BUF], text[LISTING_BUF * 2];
	struct policy_error perr;
	struct policy live, cg;
	char buf[32], *line, *save = NULL;
	size_t len = 0;
	int ret, n;

	policy_init(&live);
	ret = read_switch(SYSFS_ENABLED, &live.enabled);
	if (!ret)
		ret = read_switch(SYSFS_PAUSED, &live.paused);
	if (!ret)
		ret = sysfs_read(SYSFS_LEVEL, buf, sizeof(buf));
	if (ret)
		return ret;
	if (!strcmp(buf, "full"))
		live.level = POLICY_LEVEL_FULL;
	else if (strcmp(buf, "redacted"))
		return -EPROTO;
	/* the file's own parser reads "cgroup LINE" for each listing line */
	n = snprintf(text, sizeof(text), "time_quantum_ns = ");
	ret = sysfs_read(SYSFS_QUANTUM, text + n, sizeof(text) - n);
	if (ret)
		return ret;
	len = strlen(text);
	ret = sysfs_read(SYSFS_CGROUPS, listing, sizeof(listing));
	if (ret)
		return ret;
	for (line = strtok_r(listing, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		n = snprintf(text + len, sizeof(text) - len, "\ncgroup %s", line);
		if (n < 0 || (size_t)n >= sizeof(text) - len)
			return -EPROTO;
		len += (size_t)n;
	}
	if (policy_parse(text, len, &cg, &perr))
		return -EPROTO;
	live.quantum_ns = cg.quantum_ns;
	live.ncgroups = cg.ncgroups;
	memcpy(live.cgroups, cg.cgroups, sizeof(cg.cgroups));
	for (n = 0; n < (int)live.ncgroups; n++)
		live.cgroups[n].line = 0;
	*p = live;
	return 0;
}

/* One write; on failure @what says which ("cgroups +/a level=full"). */
static int put(const char *attr, const char *val, char *what, size_t wsize)
{
	int ret = sysfs_write(attr, val);

	if (ret)
		snprintf(what, wsize, "%s %s", attr, val);
	return ret;
}

static const struct policy_cgroup *find_equal(const struct policy *p,
					      const struct policy_cgroup *c)
{
	unsigned int i;

	for (i = 0; i < p->ncgroups; i++)
		if (policy_cgroup_equal(&p->cgroups[i], c))
			return &p->cgroups[i];
	return NULL;
}

static bool has_path(const struct policy *p, const char *path)
{
	unsigned int i;

	for (i = 0; i < p->ncgroups; i++)
		if (!strcmp(p->cgroups[i].path, path))
			return true;
	return false;
}

/* From @from (the module's policy now) to @to, writing only what differs. */
static int transition(const struct policy *from, const struct policy *to,
		      char *what, size_t wsize)
{
	char cmd[POLICY_PATH_MAX + 64], num[16];
	bool enabled = from->enabled;
	unsigned int i;
	int ret;

	if (enabled && !policy_equal(from, to)) {
		ret = put(SYSFS_ENABLED, "0", what, wsize);
		if (ret)
			return ret;
		enabled = false;
	}
	if (from->paused != to->paused) {
		ret = put(SYSFS_PAUSED, to->paused ? "1" : "0", what, wsize);
		if (ret)
			return ret;
	}
	if (from->level != to->level) {
		ret = put(SYSFS_LEVEL, policy_level_name(to->level), what, wsize);
		if (ret)
			return ret;
	}
	if (from->quantum_ns != to->quantum_ns) {
		snprintf(num, sizeof(num), "%u", to->quantum_ns);
		ret = put(SYSFS_QUANTUM, num, what, wsize);
		if (ret)
			return ret;
	}
	/* removals first: the additions then fit the module's limits */
	for (i = 0; i < from->ncgroups; i++) {
		if (has_path(to, from->cgroups[i].path))
			continue;	/* replaced below when its options differ */
		snprintf(cmd, sizeof(cmd), "-%s", from->cgroups[i].path);
		ret = put(SYSFS_CGROUPS, cmd, what, wsize);
		if (ret)
			return ret;
	}
	for (i = 0; i < to->ncgroups; i++) {
		if (find_equal(from, &to->cgroups[i]))
			continue;
		cmd[0] = '+';
		policy_format_cgroup(&to->cgroups[i], cmd + 1, sizeof(cmd) - 1);
		ret = put(SYSFS_CGROUPS, cmd, what, wsize);
		if (ret)
			return ret;
	}
	if (enabled != to->enabled) {
		ret = put(SYSFS_ENABLED, to->enabled ? "1" : "0", what, wsize);
		if (ret)
			return ret;
	}
	return 0;
}

int policy_apply(const struct policy *old, const struct policy *next,
		 struct policy_apply_error *e)
{
	struct policy now;
	int ret;

	memset(e, 0, sizeof(*e));
	ret = transition(old, next, e->what, sizeof(e->what));
	if (!ret)
		return 0;
	e->err = ret;
	/* what the failed run left, read back: the writes before it took */
	e->restore_err = policy_read_live(&now);
	if (e->restore_err) {
		snprintf(e->restore_what, sizeof(e->restore_what), "reading the policy back");
		return ret;
	}
	e->restore_err = transition(&now, old, e->restore_what, sizeof(e->restore_what));
	return ret;
}

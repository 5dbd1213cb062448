// SPDX-License-Identifier: GPL-2.0
/*
 * inputtrace_state.c - the policy snapshot and its copy-on-write edits
 *
 * A struct itp_state is never modified once published (inputtrace_main.c
 * swaps an RCU pointer); these functions allocate, clone and edit private
 * copies and format the `cgroups` listing.  Pure: KUnit tests it as is.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/stringify.h>
#include <kunit/visibility.h>

#include "inputtrace_policy.h"

struct itp_state *itp_state_alloc(unsigned int cap, gfp_t gfp)
{
	struct itp_state *st;

	st = kzalloc(struct_size(st, entries, cap), gfp);
	if (!st)
		return NULL;
	st->level = INPUTTRACE_LEVEL_REDACTED;
	st->cap = cap;
	return st;
}
EXPORT_SYMBOL_IF_KUNIT(itp_state_alloc);

/* A private, editable copy with room for @extra more entries. */
struct itp_state *itp_state_clone(const struct itp_state *old,
				  unsigned int extra, gfp_t gfp)
{
	struct itp_state *st = itp_state_alloc(old->n + extra, gfp);

	if (!st)
		return NULL;
	st->enabled = old->enabled;
	st->paused = old->paused;
	st->level = old->level;
	st->quantum_ns = old->quantum_ns;
	st->n = old->n;
	memcpy(st->entries, old->entries, old->n * sizeof(old->entries[0]));
	return st;
}
EXPORT_SYMBOL_IF_KUNIT(itp_state_clone);

static struct itp_entry *itp_find_path(struct itp_state *st, const char *path)
{
	unsigned int i;

	for (i = 0; i < st->n; i++)
		if (!strcmp(st->entries[i].path, path))
			return &st->entries[i];
	return NULL;
}

/* Longest listing line: path, both options, newline, NUL. */
#define ITP_LINE_MAX	(ITP_PATH_MAX + sizeof(" level=redacted") + \
			 sizeof(" time_quantum_ns=" \
				__stringify(INPUTTRACE_QUANTUM_MAX)) + 1)

/*
 * One `cgroups` listing line for @e, newline included, in the syntax a write
 * accepts: the path, then the options it overrides.  Returns its length.
 */
static int itp_format_entry(const struct itp_entry *e, char *line)
{
	int len = scnprintf(line, ITP_LINE_MAX, "%s", e->path);

	if (e->level != ITP_LEVEL_INHERIT)
		len += scnprintf(line + len, ITP_LINE_MAX - len, " level=%s",
				 itp_level_name(e->level));
	if (e->quantum_ns != ITP_QUANTUM_INHERIT)
		len += scnprintf(line + len, ITP_LINE_MAX - len,
				 " time_quantum_ns=%lld", e->quantum_ns);
	len += scnprintf(line + len, ITP_LINE_MAX - len, "\n");
	return len;
}

/*
 * Add (or, for a path already present, refresh id and level of) an entry.
 * Refused with -ENOSPC when the listing would no longer fit one sysfs page.
 */
int itp_state_add(struct itp_state *st, const struct itp_cgroup_cmd *cmd,
		  u64 id, int depth)
{
	struct itp_entry *e = itp_find_path(st, cmd->path);
	char line[ITP_LINE_MAX];
	struct itp_entry tmp;
	size_t total = 0;
	unsigned int i;

	tmp.id = id;
	tmp.depth = depth;
	tmp.level = cmd->level;
	tmp.quantum_ns = cmd->quantum_ns;
	strscpy(tmp.path, cmd->path, sizeof(tmp.path));

	for (i = 0; i < st->n; i++)
		if (&st->entries[i] != e)
			total += itp_format_entry(&st->entries[i], line);
	if (total + itp_format_entry(&tmp, line) >= ITP_SHOW_MAX)
		return -ENOSPC;

	if (!e) {
		if (st->n >= st->cap || st->n >= ITP_MAX_CGROUPS)
			return -ENOSPC;
		e = &st->entries[st->n++];
	}
	*e = tmp;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(itp_state_add);

int itp_state_remove(struct itp_state *st, const char *path)
{
	struct itp_entry *e = itp_find_path(st, path);
	unsigned int idx;

	if (!e)
		return -ENOENT;
	idx = e - st->entries;
	memmove(e, e + 1, (st->n - idx - 1) * sizeof(*e));
	st->n--;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(itp_state_remove);

/* The `cgroups` listing: one line per entry, see itp_format_entry(). */
int itp_state_show_cgroups(const struct itp_state *st, char *buf, size_t size)
{
	char line[ITP_LINE_MAX];
	unsigned int i;
	int len = 0;

	for (i = 0; i < st->n; i++) {
		itp_format_entry(&st->entries[i], line);
		len += scnprintf(buf + len, size - len, "%s", line);
	}
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(itp_state_show_cgroups);

// SPDX-License-Identifier: GPL-2.0
/*
 * inputtrace_decide.c - is a reader in scope, and what applies to it?
 *
 * The cgroup matching behind the kfunc and the `self/` attributes.  The
 * caller describes the reader's cgroup through struct itp_subject, so this
 * needs no cgroup core and KUnit can feed it any hierarchy.
 */
#include <linux/errno.h>
#include <kunit/visibility.h>

#include "inputtrace_policy.h"

/*
 * What applies to a reader: -ENOENT when it is out of scope, else @d filled
 * in and ITP_PAUSED when tracing is paused, 0 when it is not.  The
 * deepest enabled ancestor (or the cgroup itself) decides, so a subtree can
 * carry its own level and quantum below a differently configured parent.
 */
int itp_decide(const struct itp_state *st, const struct itp_subject *s,
	       struct itp_decision *d)
{
	const struct itp_entry *best = NULL;
	unsigned int i;

	if (!st || !st->enabled)
		return -ENOENT;

	for (i = 0; i < st->n; i++) {
		const struct itp_entry *e = &st->entries[i];

		if (e->depth > s->depth || (best && e->depth <= best->depth))
			continue;
		if (s->id_at(s, e->depth) == e->id)
			best = e;
	}
	if (!best)
		return -ENOENT;
	d->entry = best;
	d->level = best->level == ITP_LEVEL_INHERIT ? st->level : best->level;
	d->quantum_ns = best->quantum_ns == ITP_QUANTUM_INHERIT ?
			st->quantum_ns : (u32)best->quantum_ns;
	/* paused still says what would apply: the `self` attributes show it */
	return st->paused ? ITP_PAUSED : 0;
}
EXPORT_SYMBOL_IF_KUNIT(itp_decide);

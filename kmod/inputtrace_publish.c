// SPDX-License-Identifier: GPL-2.0
/*
 * inputtrace_publish.c - the writer side of the published policy
 *
 * The published struct itp_state is never edited in place: a writer, under
 * the writers' mutex, takes a private copy (itp_policy_edit()), edits it
 * and publishes it whole (itp_policy_publish()); the old copy is freed
 * after an RCU grace period, so a reader inside an RCU read section keeps
 * one consistent policy however many writes happen meanwhile.  The pointer
 * and the mutex are the caller's (inputtrace_main.c's, or a KUnit suite's
 * own), so the race suite runs exactly the code the sysfs stores run.
 */
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include "inputtrace_policy.h"

/* An editable copy of *@slot with room for @extra entries; @lock held. */
struct itp_state *itp_policy_edit(struct itp_state __rcu **slot,
				  struct mutex *lock, unsigned int extra)
{
	return itp_state_clone(rcu_dereference_protected(*slot,
							 lockdep_is_held(lock)),
			       extra, GFP_KERNEL);
}
EXPORT_SYMBOL_IF_KUNIT(itp_policy_edit);

/* Publish @next (already edited) in place of *@slot; @lock held. */
void itp_policy_publish(struct itp_state __rcu **slot, struct mutex *lock,
			struct itp_state *next)
{
	struct itp_state *old;

	old = rcu_replace_pointer(*slot, next, lockdep_is_held(lock));
	kfree_rcu(old, rcu);
}
EXPORT_SYMBOL_IF_KUNIT(itp_policy_publish);

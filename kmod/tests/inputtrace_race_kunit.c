// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: policy writers racing deciders on kthreads
 *
 * Two writers publish policies the way the sysfs stores do: under the
 * writers' mutex, itp_policy_edit(), an edit, itp_policy_publish()
 * (inputtrace_publish.c).  One switches the global settings, the other
 * adds and removes `cgroups` entries through the store's parser.  Three
 * deciders meanwhile call itp_decide() and itp_event_verdict() in RCU read
 * sections, as the kfunc does.  Every published policy is consistent by
 * construction (the global settings are one row of itp_race_rows[], the
 * deeper entry always carries its own level and quantum), so a decision
 * that matches no row saw a torn or reused snapshot.
 *
 * run-kunit's x86_64 kernel has two CPUs, where the threads also run at
 * once; UML (KUNIT_ARCH=um) has one CPU and no preemption, where threads
 * interleave only where they sleep, or call cond_resched() after a wakeup.
 * So the writers nap (a jiffy: the UML kernel has no high resolution
 * timers) every few writes, which lets the deciders run until a writer's
 * wakeup preempts them, and now and then while holding the mutex (where a
 * store may sleep in its allocation), so the writers contend too.  On the
 * debug kernel run-kunit builds, KASAN checks that no decider touches a
 * freed snapshot, lockdep/PROVE_RCU the locking and RCU annotations, and
 * DEBUG_ATOMIC_SLEEP (x86_64) that nothing sleeps in a read section.
 *
 * Run with tests/kunit/run-kunit (make kunit-check).
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/input.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/stringify.h>

#include "inputtrace_kunit.h"

#define ITP_RACE_WRITES		1000	/* per writer */
#define ITP_RACE_NAP_EVERY	4	/* writes: the run takes ~8 s */
#define ITP_RACE_DECIDERS	3
#define ITP_RACE_TIMEOUT	(30 * HZ)

/* The global settings a policy can have; every quantum is unique. */
struct itp_race_row {
	bool enabled;
	bool paused;
	int level;
	u32 quantum_ns;
};

static const struct itp_race_row itp_race_rows[] = {
	{ true, false, ITP_REDACTED, 0 },
	{ true, true, ITP_FULL, 1000 },
	{ true, false, ITP_FULL, 1000000 },
	{ false, false, ITP_REDACTED, 5 },
	{ true, true, ITP_REDACTED, INPUTTRACE_QUANTUM_MAX },
};

/* The entry writer's two cgroups; the reader is below both. */
#define ITP_RACE_PARENT		"/user.slice"
#define ITP_RACE_CHILD		"/user.slice/user-1000.slice"
#define ITP_RACE_CHILD_QUANTUM	7000
static const u64 itp_race_reader[] = { 1, 10, 11, 12, 0 };

struct itp_race_decider {
	struct itp_race *race;
	struct task_struct *task;
	unsigned long decisions, traced, paused, out, snapshots, bad;
};

struct itp_race {
	struct itp_state __rcu *state;
	struct mutex lock;		/* the writers' */
	struct completion writers_done;
	atomic_t writers_left;
	int write_errors;		/* under lock */
	struct task_struct *writers[2];
	struct itp_race_decider deciders[ITP_RACE_DECIDERS];
};

/* A writer's pause after write @i (or, @locked, inside it). */
static void itp_race_nap(unsigned int i, bool locked)
{
	if (i % ITP_RACE_NAP_EVERY == 0 &&
	    (!locked || i % (4 * ITP_RACE_NAP_EVERY) == 0))
		schedule_timeout_uninterruptible(1);
}

/* Park a finished writer until kthread_stop(). */
static void itp_race_writer_done(struct itp_race *race)
{
	if (atomic_dec_and_test(&race->writers_left))
		complete(&race->writers_done);
	while (!kthread_should_stop())
		msleep(20);
}

/* Writer 1: enabled, paused, level and quantum, one row at a time. */
static int itp_race_settings_writer(void *arg)
{
	struct itp_race *race = arg;
	unsigned int i;

	for (i = 0; i < ITP_RACE_WRITES && !kthread_should_stop(); i++) {
		const struct itp_race_row *r =
			&itp_race_rows[i % ARRAY_SIZE(itp_race_rows)];
		struct itp_state *next;

		mutex_lock(&race->lock);
		next = itp_policy_edit(&race->state, &race->lock, 0);
		if (next) {
			next->enabled = r->enabled;
			next->paused = r->paused;
			next->level = r->level;
			next->quantum_ns = r->quantum_ns;
			itp_race_nap(i, true);	/* a store may sleep here */
			itp_policy_publish(&race->state, &race->lock, next);
		} else {
			race->write_errors++;
		}
		mutex_unlock(&race->lock);
		itp_race_nap(i, false);
	}
	itp_race_writer_done(race);
	return 0;
}

/* One `cgroups` write, as cgroups_store() makes it (ids are fixed here). */
static int itp_race_cgroups_write(struct itp_race *race, const char *buf,
				  unsigned int i)
{
	struct itp_cgroup_cmd cmd;
	struct itp_state *next;
	int ret;

	ret = itp_parse_cgroup_cmd(buf, strlen(buf), &cmd);
	if (ret)
		return ret;
	mutex_lock(&race->lock);
	next = itp_policy_edit(&race->state, &race->lock, 1);
	if (!next) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	if (!cmd.add)
		ret = itp_state_remove(next, cmd.path);
	else if (!strcmp(cmd.path, ITP_RACE_PARENT))
		ret = itp_state_add(next, &cmd, 10, 1);
	else
		ret = itp_state_add(next, &cmd, 11, 2);
	itp_race_nap(i, true);
	if (ret)
		kfree(next);
	else
		itp_policy_publish(&race->state, &race->lock, next);
out_unlock:
	mutex_unlock(&race->lock);
	return ret;
}

/* Writer 2: the reader's subtree entries come and go. */
static int itp_race_cgroups_writer(void *arg)
{
	static const char * const writes[] = {
		"+" ITP_RACE_PARENT,
		"+" ITP_RACE_CHILD " level=full time_quantum_ns="
			__stringify(ITP_RACE_CHILD_QUANTUM),
		"-" ITP_RACE_PARENT,
		"-" ITP_RACE_CHILD,
	};
	struct itp_race *race = arg;
	unsigned int i;

	for (i = 0; i < ITP_RACE_WRITES && !kthread_should_stop(); i++) {
		if (itp_race_cgroups_write(race, writes[i % ARRAY_SIZE(writes)],
					   i)) {
			mutex_lock(&race->lock);
			race->write_errors++;
			mutex_unlock(&race->lock);
		}
		itp_race_nap(i + ITP_RACE_NAP_EVERY / 2, false);
	}
	itp_race_writer_done(race);
	return 0;
}

/* Is what itp_decide() said about @st one of the policies ever published? */
static bool itp_race_consistent(const struct itp_state *st, int ret,
				const struct itp_decision *d)
{
	const struct itp_race_row *r;
	bool exact, full;
	s64 v;

	if (ret == -ENOENT)	/* both entries cover the reader */
		return !st->enabled || st->n == 0;
	if (ret != 0 && ret != ITP_PAUSED)
		return false;
	if (d->entry < st->entries || d->entry >= st->entries + st->n)
		return false;
	if (ret != (st->paused ? ITP_PAUSED : 0))
		return false;
	v = itp_event_verdict(d, EV_KEY, KEY_A);
	exact = INPUTTRACE_VERDICT_CODE(v) == KEY_A;
	full = d->level == ITP_FULL;
	if (v < 0 || INPUTTRACE_VERDICT_LEVEL(v) != d->level ||
	    INPUTTRACE_VERDICT_QUANTUM(v) != d->quantum_ns || exact != full)
		return false;
	if (d->entry->id == 11)
		return d->level == ITP_FULL &&
		       d->quantum_ns == ITP_RACE_CHILD_QUANTUM;
	for (r = itp_race_rows; r < itp_race_rows + ARRAY_SIZE(itp_race_rows); r++)
		if (r->enabled && r->quantum_ns == d->quantum_ns)
			return r->level == d->level &&
			       r->paused == (ret == ITP_PAUSED);
	return false;
}

static int itp_race_decider_fn(void *arg)
{
	struct itp_race_decider *dc = arg;
	const struct itp_state *seen = NULL;
	struct itp_fake_cgroup cg;

	itp_fake_set(&cg, itp_race_reader);
	while (!kthread_should_stop()) {
		const struct itp_state *st;
		struct itp_decision d = {};
		int ret;

		rcu_read_lock();
		st = rcu_dereference(dc->race->state);
		ret = itp_decide(st, &cg.subj, &d);
		if (!itp_race_consistent(st, ret, &d))
			dc->bad++;
		rcu_read_unlock();

		dc->decisions++;
		if (ret == 0)
			dc->traced++;
		else if (ret == ITP_PAUSED)
			dc->paused++;
		else
			dc->out++;
		if (st != seen)		/* compared only, never dereferenced */
			dc->snapshots++;
		seen = st;
		cond_resched();
	}
	dc->bad += cg.bad_queries;
	return 0;
}

static void itp_race_stop(struct itp_race *race)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(race->writers); i++)
		if (!IS_ERR_OR_NULL(race->writers[i]))
			kthread_stop(race->writers[i]);
	for (i = 0; i < ITP_RACE_DECIDERS; i++)
		if (!IS_ERR_OR_NULL(race->deciders[i].task))
			kthread_stop(race->deciders[i].task);
}

static void itp_race_writers_vs_deciders(struct kunit *test)
{
	struct itp_race *race;
	struct itp_state *st;
	bool finished;
	unsigned int i;

	race = kunit_kzalloc(test, sizeof(*race), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, race);
	st = itp_state_alloc(0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, st);
	st->enabled = true;
	RCU_INIT_POINTER(race->state, st);
	mutex_init(&race->lock);
	init_completion(&race->writers_done);
	atomic_set(&race->writers_left, ARRAY_SIZE(race->writers));

	/* every thread runs until kthread_stop(), so stopping never races an exit */
	for (i = 0; i < ITP_RACE_DECIDERS; i++) {
		struct itp_race_decider *dc = &race->deciders[i];

		dc->race = race;
		dc->task = kthread_run(itp_race_decider_fn, dc, "itp-decide/%u", i);
	}
	race->writers[0] = kthread_run(itp_race_settings_writer, race,
				       "itp-write/settings");
	race->writers[1] = kthread_run(itp_race_cgroups_writer, race,
				       "itp-write/cgroups");
	for (i = 0; i < ITP_RACE_DECIDERS; i++)
		KUNIT_EXPECT_FALSE(test, IS_ERR(race->deciders[i].task));
	for (i = 0; i < ARRAY_SIZE(race->writers); i++)
		KUNIT_EXPECT_FALSE(test, IS_ERR(race->writers[i]));

	finished = !IS_ERR(race->writers[0]) && !IS_ERR(race->writers[1]) &&
		   wait_for_completion_timeout(&race->writers_done,
					       ITP_RACE_TIMEOUT);
	itp_race_stop(race);
	kfree(rcu_dereference_protected(race->state, true));
	KUNIT_ASSERT_TRUE_MSG(test, finished, "writers did not finish in time");

	KUNIT_EXPECT_EQ(test, race->write_errors, 0);
	for (i = 0; i < ITP_RACE_DECIDERS; i++) {
		struct itp_race_decider *dc = &race->deciders[i];

		kunit_info(test, "decider %u: %lu decisions (%lu traced, %lu paused, %lu out) over %lu snapshots",
			   i, dc->decisions, dc->traced, dc->paused, dc->out,
			   dc->snapshots);
		KUNIT_EXPECT_EQ_MSG(test, dc->bad, 0UL, "decider %u", i);
		/* the race happened: each decider saw the policy change often */
		KUNIT_EXPECT_GT(test, dc->snapshots, ITP_RACE_WRITES / 10UL);
		KUNIT_EXPECT_GT(test, dc->traced, 0UL);
		KUNIT_EXPECT_GT(test, dc->paused, 0UL);
		KUNIT_EXPECT_GT(test, dc->out, 0UL);
	}
}

static struct kunit_case itp_race_cases[] = {
	KUNIT_CASE(itp_race_writers_vs_deciders),
	{}
};

static struct kunit_suite itp_race_suite = {
	.name = "inputtrace_race",
	.test_cases = itp_race_cases,
};

kunit_test_suite(itp_race_suite);

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inputtrace_kunit.h - fixtures shared by inputtrace.ko's KUnit suites
 *
 * Helpers for `cgroups` writes, the state fixture (a fresh snapshot and a
 * sysfs page for its listing) and the decide fixture (an enabled snapshot
 * and a fake reader cgroup).  Each suite file includes this and uses what
 * it needs; everything is static inline so an unused helper costs nothing.
 */
#ifndef _INPUTTRACE_KUNIT_H
#define _INPUTTRACE_KUNIT_H

#include <kunit/test.h>
#include <linux/container_of.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "inputtrace_policy.h"

/* sysfs passes the written bytes and their count, without a NUL */
static inline int itp_test_parse(const char *s, struct itp_cgroup_cmd *cmd)
{
	return itp_parse_cgroup_cmd(s, strlen(s), cmd);
}

/* Parse @s like a write to `cgroups`, then add it with @id and @depth. */
static inline int itp_test_add(struct kunit *test, struct itp_state *st,
			       const char *s, u64 id, int depth)
{
	struct itp_cgroup_cmd cmd;
	int ret;

	ret = itp_test_parse(s, &cmd);
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "parsing \"%s\"", s);
	KUNIT_ASSERT_TRUE(test, cmd.add);
	return itp_state_add(st, &cmd, id, depth);
}

/* ---- the state fixture ----------------------------------------------- */

/* Room for one more than the module allows, to see its own limit hold. */
#define ITP_TEST_CAP	(ITP_MAX_CGROUPS + 1)

struct itp_state_fixture {
	struct itp_state *st;		/* a fresh state, cap ITP_TEST_CAP */
	struct itp_state *copy;		/* a clone, when a case makes one */
	char *show;			/* an ITP_SHOW_MAX sysfs page */
};

static inline int itp_state_test_init(struct kunit *test)
{
	struct itp_state_fixture *f;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->show = kunit_kzalloc(test, ITP_SHOW_MAX, GFP_KERNEL);
	if (!f->show)
		return -ENOMEM;
	f->st = itp_state_alloc(ITP_TEST_CAP, GFP_KERNEL);
	if (!f->st)
		return -ENOMEM;
	test->priv = f;
	return 0;
}

static inline void itp_state_test_exit(struct kunit *test)
{
	struct itp_state_fixture *f = test->priv;

	if (!f)
		return;
	kfree(f->copy);
	kfree(f->st);
}

/* The `cgroups` listing of @st, NUL-terminated, in the fixture's page. */
static inline const char *itp_test_show(struct kunit *test,
					const struct itp_state *st)
{
	struct itp_state_fixture *f = test->priv;
	int len;

	memset(f->show, 0, ITP_SHOW_MAX);
	len = itp_state_show_cgroups(st, f->show, ITP_SHOW_MAX);
	KUNIT_EXPECT_EQ(test, (size_t)len, strlen(f->show));
	return f->show;
}

/* ---- the decide fixture ---------------------------------------------- */

/*
 * A reader's cgroup as a chain of ids from the root down.  The tree used:
 *
 *   /                                           id  1  depth 0
 *   /user.slice                                 id 10  depth 1
 *   /user.slice/user-1000.slice                 id 11  depth 2
 *   /user.slice/user-1000.slice/session-1.scope id 12  depth 3
 *   .../session-1.scope/app                     id 14  depth 4
 *   /user.slice/user-1001.slice                 id 13  depth 2
 *   /system.slice                               id 20  depth 1
 */
#define ITP_FAKE_DEPTH	8

struct itp_fake_cgroup {
	struct itp_subject subj;
	u64 ids[ITP_FAKE_DEPTH];
	unsigned int bad_queries;	/* id_at() outside 0..subj.depth */
};

static inline u64 itp_fake_id_at(const struct itp_subject *s, int depth)
{
	struct itp_fake_cgroup *cg = container_of(s, struct itp_fake_cgroup,
						  subj);

	if (depth < 0 || depth > s->depth) {
		cg->bad_queries++;
		return 0;
	}
	return cg->ids[depth];
}

/* @ids: the ids from the root down to the reader's cgroup, then 0 */
static inline void itp_fake_set(struct itp_fake_cgroup *cg, const u64 *ids)
{
	int n = 0;

	memset(cg, 0, sizeof(*cg));
	while (n < ITP_FAKE_DEPTH && ids[n]) {
		cg->ids[n] = ids[n];
		n++;
	}
	cg->subj.depth = n - 1;
	cg->subj.id_at = itp_fake_id_at;
}

/* Ancestor ids from the root down, 0-terminated (no cgroup has id 0). */
static const u64 itp_cg_root[] = { 1, 0 };
static const u64 itp_cg_user[] = { 1, 10, 0 };
static const u64 itp_cg_u1000[] = { 1, 10, 11, 0 };
static const u64 itp_cg_session[] = { 1, 10, 11, 12, 0 };
static const u64 itp_cg_app[] = { 1, 10, 11, 12, 14, 0 };
static const u64 itp_cg_u1001[] = { 1, 10, 13, 0 };
static const u64 itp_cg_system[] = { 1, 20, 0 };
/* user-1000.slice removed and created again: a new id at depth 2 */
static const u64 itp_cg_u1000_new[] = { 1, 10, 99, 0 };
static const u64 itp_cg_u1000_new_app[] = { 1, 10, 99, 100, 0 };

struct itp_decide_fixture {
	struct itp_state *st;
	struct itp_fake_cgroup cg;
};

static inline int itp_decide_test_init(struct kunit *test)
{
	struct itp_decide_fixture *f;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->st = itp_state_alloc(ITP_MAX_CGROUPS, GFP_KERNEL);
	if (!f->st)
		return -ENOMEM;
	f->st->enabled = true;
	test->priv = f;
	return 0;
}

static inline void itp_decide_test_exit(struct kunit *test)
{
	struct itp_decide_fixture *f = test->priv;

	if (!f)
		return;
	/* itp_decide() must only ask for the reader's own ancestors */
	KUNIT_EXPECT_EQ(test, f->cg.bad_queries, 0U);
	kfree(f->st);
}

/* The level (or error) decided for the reader whose ancestry is @ids. */
static inline int itp_test_decide(struct itp_decide_fixture *f, const u64 *ids)
{
	struct itp_decision d = { .level = -1 };
	int ret;

	itp_fake_set(&f->cg, ids);
	ret = itp_decide(f->st, &f->cg.subj, &d);
	return ret < 0 ? ret : d.level;
}

/* The quantum (or error) decided for the reader whose ancestry is @ids. */
static inline s64 itp_test_quantum(struct itp_decide_fixture *f, const u64 *ids)
{
	struct itp_decision d = { .quantum_ns = 7 };
	int ret;

	itp_fake_set(&f->cg, ids);
	ret = itp_decide(f->st, &f->cg.subj, &d);
	return ret < 0 ? (s64)ret : (s64)d.quantum_ns;
}

/* Enable a cgroup (a `cgroups` write) in the fixture's state. */
static inline void itp_decide_enable(struct kunit *test, const char *s,
				     u64 id, int depth)
{
	struct itp_decide_fixture *f = test->priv;

	KUNIT_ASSERT_EQ_MSG(test, itp_test_add(test, f->st, s, id, depth), 0,
			    "adding \"%s\"", s);
}

/* ---- verdicts --------------------------------------------------------- */

#define ITP_REDACTED	INPUTTRACE_LEVEL_REDACTED
#define ITP_FULL	INPUTTRACE_LEVEL_FULL

#endif /* _INPUTTRACE_KUNIT_H */

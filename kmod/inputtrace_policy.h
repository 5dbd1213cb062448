/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy logic of inputtrace.ko, free of BPF/BTF/sysfs glue
 *
 * Everything declared here is pure, one job a file: parsing of sysfs
 * writes (inputtrace_parse.c), the immutable policy snapshot and its
 * copy-on-write edits (inputtrace_state.c), the scope decision for a
 * reader's cgroup (inputtrace_decide.c) and the redaction verdict for one
 * event (inputtrace_redact.c), and publishing an edited snapshot under the
 * writers' mutex and RCU (inputtrace_publish.c).  The KUnit suites (tests/) build exactly
 * these files, as kmod/Kbuild lists them in INPUTTRACE_POLICY_OBJS.
 */
#ifndef _INPUTTRACE_POLICY_H
#define _INPUTTRACE_POLICY_H

#include <linux/errno.h>
#include <linux/kconfig.h>
#include <linux/types.h>
#include <linux/rcupdate.h>
#include "inputtrace.h"		/* record constants: levels, key classes */
#include "inputtrace_verdict.h"	/* the kfunc's answer, the quantum limit */

#define ITP_MAX_CGROUPS		64
#define ITP_PATH_MAX		256	/* including the NUL */
#define ITP_LEVEL_INHERIT	(-1)	/* entry uses the global level */
#define ITP_QUANTUM_INHERIT	(-1)	/* entry uses the global quantum */
#define ITP_SHOW_MAX		4096	/* a sysfs show buffer: PAGE_SIZE */

/* One enabled cgroup subtree. */
struct itp_entry {
	u64 id;			/* cgroup id (kernfs id) when it was added */
	int depth;		/* its cgroup->level: 0 is the root */
	int level;		/* INPUTTRACE_LEVEL_* or ITP_LEVEL_INHERIT */
	s64 quantum_ns;		/* 0..INPUTTRACE_QUANTUM_MAX or ITP_QUANTUM_INHERIT */
	char path[ITP_PATH_MAX];
};

/*
 * A whole policy.  Never modified once published: writers clone, edit the
 * clone and swap the RCU pointer, so a reader sees one consistent policy.
 */
struct itp_state {
	struct rcu_head rcu;
	bool enabled;
	bool paused;		/* secure input: emit nothing, count only */
	int level;		/* global capture level */
	u32 quantum_ns;		/* global timestamp quantum, 0 = exact */
	unsigned int n;		/* entries in use */
	unsigned int cap;	/* entries allocated */
	struct itp_entry entries[];
};

/* A parsed write to the `cgroups` attribute. */
struct itp_cgroup_cmd {
	bool add;		/* '+' (true) or '-' (false) */
	int level;		/* for add: ITP_LEVEL_INHERIT or a level */
	s64 quantum_ns;		/* for add: ITP_QUANTUM_INHERIT or a quantum */
	char path[ITP_PATH_MAX];
};

/*
 * The reader whose scope is decided: its cgroup's depth and a way to get the
 * id of its ancestor at any depth (depth == its own depth gives itself).
 */
struct itp_subject {
	int depth;
	u64 (*id_at)(const struct itp_subject *s, int depth);
	const void *priv;
};

/* What applies to one reader in scope: see itp_decide(). */
struct itp_decision {
	int level;		/* INPUTTRACE_LEVEL_* */
	u32 quantum_ns;		/* round its timestamps down to this; 0 = exact */
	/* the deciding entry: valid as long as the state (RCU read side) */
	const struct itp_entry *entry;
};

/* itp_decide(): in scope, but tracing is paused - count, emit nothing. */
#define ITP_PAUSED		INPUTTRACE_VERDICT_PAUSED

/*
 * itp_verdict()/itp_event_verdict() return the encoding of the kfunc's
 * answer that include/inputtrace_verdict.h defines (inputtrace_verdict()).
 */

int itp_check_scalar(const char *buf, size_t count);
int itp_parse_switch(const char *buf, bool *enabled);
int itp_parse_level(const char *buf, int *level);
int itp_parse_quantum(const char *buf, u32 *quantum_ns);
const char *itp_level_name(int level);
int itp_parse_cgroup_cmd(const char *buf, size_t count,
			 struct itp_cgroup_cmd *cmd);

struct itp_state *itp_state_alloc(unsigned int cap, gfp_t gfp);
struct itp_state *itp_state_clone(const struct itp_state *old,
				  unsigned int extra, gfp_t gfp);
int itp_state_add(struct itp_state *st, const struct itp_cgroup_cmd *cmd,
		  u64 id, int depth);
int itp_state_remove(struct itp_state *st, const char *path);
int itp_state_show_cgroups(const struct itp_state *st, char *buf,
			   size_t size);

struct mutex;
struct itp_state *itp_policy_edit(struct itp_state __rcu **slot,
				  struct mutex *lock, unsigned int extra);
void itp_policy_publish(struct itp_state __rcu **slot, struct mutex *lock,
			struct itp_state *next);

int itp_decide(const struct itp_state *st, const struct itp_subject *s,
	       struct itp_decision *d);

s64 itp_event_verdict(const struct itp_decision *d, unsigned int type,
		      unsigned int code);

#if IS_ENABLED(CONFIG_KUNIT)
/*
 * Internals of inputtrace_redact.c: static in the module, visible to the
 * KUnit suites only (VISIBLE_IF_KUNIT, <kunit/visibility.h>, which 6.1 has).
 */
bool itp_key_is_keyboard(unsigned int code);
unsigned int itp_key_class(unsigned int code);
s64 itp_verdict(int level, unsigned int type, unsigned int code);
#endif

#endif /* _INPUTTRACE_POLICY_H */

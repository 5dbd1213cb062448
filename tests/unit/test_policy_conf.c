// SPDX-License-Identifier: GPL-2.0
/*
 * test_policy_conf.c - the policy file parser (policy_conf.h): every file
 * of tests/policy/bad/ refused at the line and for the reason its first
 * line "# expect: LINE: reason" names (the e2e test applies the same
 * files to the real module), every file of tests/policy/good/ and the
 * shipped etc/policy.conf accepted and formatted as its .show sidecar,
 * and format -> parse round trips.  Cgroups are checked against a real
 * directory tree laid out like the VM's test cgroups (/a, /a/child, /b
 * and the root's cgroup.procs file).
 */
#include "unit_helpers.h"
#include <errno.h>
#include <glob.h>
#include <libgen.h>
#include "policy_conf.h"

/* tests/ of this source tree: the unit tests run from the top. */
static char *tests_dir(const char *sub)
{
	char *file = strdup(__FILE__), *p;

	assert_true(asprintf(&p, "%s/../%s", dirname(file), sub) > 0);
	free(file);
	return p;
}

/* A cgroup tree of the VM's test cgroups in @root. */
static void make_tree(const char *root)
{
	char *p;

	p = path_join(root, "a");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = path_join(root, "a/child");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = path_join(root, "b");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = path_join(root, "cgroup.procs");
	spew(p, "", 0);
	free(p);
}

static int tree_setup(void **state)
{
	tmpdir_setup(state);
	make_tree(*state);
	return 0;
}

/* parse, then check the cgroups in @root, as `policy apply` does. */
static int parse_and_check(const char *root, const void *buf, size_t len,
			   struct policy *p, struct policy_error *e)
{
	int ret = policy_parse(buf, len, p, e);

	return ret ? ret : policy_check_cgroups(p, root, e);
}

static void test_bad_files(void **state)
{
	char *dir = tests_dir("policy/bad"), *pat = path_join(dir, "*.conf");
	static struct policy p, untouched;
	struct policy_error e;
	glob_t g;
	size_t i;

	assert_int_equal(glob(pat, 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 20);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *path = g.gl_pathv[i];
		unsigned char *buf;
		char expect[400], got[400];
		size_t len, n;

		buf = slurp(path, &len);
		assert_true(len > 10 && !memcmp(buf, "# expect: ", 10));
		n = strcspn((char *)buf + 10, "\n");
		assert_true(n < sizeof(expect));
		memcpy(expect, buf + 10, n);
		expect[n] = '\0';
		memset(&p, 0x5a, sizeof(p));
		untouched = p;
		assert_int_not_equal(parse_and_check(*state, buf, len, &p, &e), 0);
		snprintf(got, sizeof(got), "%u: %s", e.line, e.reason);
		if (strcmp(expect, got))
			fail_msg("%s: expected '%s', got '%s'", path, expect, got);
		/* a refused file leaves the caller's policy as it was */
		if (policy_parse((char *)buf, len, &p, &e) && memcmp(&p, &untouched, sizeof(p)))
			fail_msg("%s: a refused file changed the policy", path);
		free(buf);
	}
	globfree(&g);
	free(pat);
	free(dir);
}

/* @conf parses, its cgroups exist, and it formats as @show (if given). */
static void check_good(const char *root, const char *conf, const char *show)
{
	static struct policy p, q;
	static char text[65536];
	struct policy_error e;
	unsigned char *buf, *want;
	size_t len, wlen;
	int n;

	buf = slurp(conf, &len);
	if (parse_and_check(root, buf, len, &p, &e))
		fail_msg("%s:%u: %s", conf, e.line, e.reason);
	n = policy_format(&p, text, sizeof(text));
	assert_true(n > 0);
	if (show) {
		want = slurp(show, &wlen);
		assert_int_equal((size_t)n, wlen);
		assert_memory_equal(text, want, wlen);
		free(want);
	}
	assert_int_equal(policy_parse(text, (size_t)n, &q, &e), 0);
	assert_true(policy_equal(&p, &q));
	free(buf);
}

static void test_good_files(void **state)
{
	char *dir = tests_dir("policy/good"), *pat = path_join(dir, "*.conf");
	glob_t g;
	size_t i;

	assert_int_equal(glob(pat, 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 4);
	for (i = 0; i < g.gl_pathc; i++) {
		char *show = strdup(g.gl_pathv[i]);

		strcpy(show + strlen(show) - strlen("conf"), "show");
		assert_int_equal(access(show, R_OK), 0);
		check_good(*state, g.gl_pathv[i], show);
		free(show);
	}
	globfree(&g);
	free(pat);
	free(dir);
}

/* The file `make install` ships: valid, and everything off. */
static void test_shipped_default(void **state)
{
	char *conf = tests_dir("../etc/policy.conf");
	static struct policy p, def;
	struct policy_error e;
	unsigned char *buf;
	size_t len;

	check_good(*state, conf, NULL);
	buf = slurp(conf, &len);
	assert_int_equal(policy_parse((char *)buf, len, &p, &e), 0);
	policy_init(&def);
	assert_true(policy_equal(&p, &def));
	free(buf);
	free(conf);
}

static void test_defaults(void **state)
{
	static struct policy p;
	struct policy_error e;
	const char *text = "cgroup /a\n";

	(void)state;
	memset(&p, 0x5a, sizeof(p));
	assert_int_equal(policy_parse(text, strlen(text), &p, &e), 0);
	assert_false(p.enabled);
	assert_false(p.paused);
	assert_int_equal(p.level, POLICY_LEVEL_REDACTED);
	assert_int_equal(p.quantum_ns, 0);
	assert_int_equal(p.ncgroups, 1);
	assert_string_equal(p.cgroups[0].path, "/a");
	assert_int_equal(p.cgroups[0].level, POLICY_LEVEL_INHERIT);
	assert_int_equal(p.cgroups[0].quantum_ns, POLICY_QUANTUM_INHERIT);
	assert_int_equal(p.cgroups[0].line, 1);
}

/* Exactly at each limit is accepted; one past it is the bad files' job. */
static void test_limits(void **state)
{
	static char text[POLICY_LINE_MAX * 4];
	static struct policy p, q;
	struct policy_error e;
	size_t len = 0;
	int i;

	(void)state;
	/* a 4096-byte line, then 64 cgroups, the root among them */
	text[len++] = '#';
	memset(text + len, 'x', POLICY_LINE_MAX - 1);
	len += POLICY_LINE_MAX - 1;
	len += (size_t)sprintf(text + len, "\ntime_quantum_ns = 1000000000\ncgroup /\n");
	for (i = 1; i < POLICY_MAX_CGROUPS; i++)
		len += (size_t)sprintf(text + len, "cgroup /c%d level=full\n", i);
	assert_int_equal(policy_parse(text, len, &p, &e), 0);
	assert_int_equal(p.ncgroups, POLICY_MAX_CGROUPS);
	assert_int_equal(p.quantum_ns, POLICY_QUANTUM_MAX);
	/* 16 paths of 255 bytes: listing lines of 256, a whole page: refused */
	len = 0;
	for (i = 0; i < 16; i++)
		len += (size_t)sprintf(text + len, "cgroup /%02d%0*d\n", i, 252, 0);
	assert_int_equal(policy_parse(text, len, &q, &e), -EINVAL);
	assert_int_equal(e.line, 16);
	len = 0;
	for (i = 0; i < 16; i++)	/* one byte shorter: 4095, as the module takes */
		len += (size_t)sprintf(text + len, "cgroup /%02d%0*d\n", i, 252 - (i == 15), 0);
	assert_int_equal(policy_parse(text, len, &q, &e), 0);
}

/* Generated policies: format -> parse gives the same policy back. */
static void test_round_trip(void **state)
{
	static struct policy p, q;
	static char text[65536];
	struct policy_error e;
	unsigned int seed, i;
	int n;

	(void)state;
	for (seed = 1; seed <= 200; seed++) {
		policy_init(&p);
		srand(seed);
		p.enabled = rand() & 1;
		p.paused = rand() & 1;
		p.level = rand() & 1;
		p.quantum_ns = (uint32_t)(int64_t)(rand() % (int)(POLICY_QUANTUM_MAX + 1));
		p.ncgroups = (unsigned int)rand() % 12;
		for (i = 0; i < p.ncgroups; i++) {
			struct policy_cgroup *c = &p.cgroups[i];

			snprintf(c->path, sizeof(c->path), "/s%u/x-%u.scope", seed, i);
			c->level = rand() % 3 - 1;
			c->quantum_ns = rand() % 2 ? POLICY_QUANTUM_INHERIT :
				       (int64_t)(rand() % (int)(POLICY_QUANTUM_MAX + 1));
		}
		n = policy_format(&p, text, sizeof(text));
		assert_true(n > 0);
		if (policy_parse(text, (size_t)n, &q, &e))
			fail_msg("seed %u: %u: %s\n%s", seed, e.line, e.reason, text);
		assert_true(policy_equal(&p, &q));
		for (i = 0; i < q.ncgroups; i++)
			assert_int_equal(q.cgroups[i].line, 5 + i);
	}
	/* and policy_equal() sees every difference */
	q = p;
	q.quantum_ns ^= 1;
	assert_false(policy_equal(&p, &q));
	q = p;
	q.paused = !q.paused;
	assert_false(policy_equal(&p, &q));
}

static void test_cgroup_root(void **state)
{
	struct policy_error e;

	/* a plain directory is not a cgroup v2 mount, nor is a missing one */
	assert_int_equal(policy_check_cgroup_root(*state, &e), -ENOTDIR);
	assert_non_null(strstr(e.reason, "is not a cgroup v2 mount"));
	assert_int_equal(policy_check_cgroup_root("/nonexistent-inputtrace", &e), -ENOENT);
}

/* A symlink to a cgroup directory is not one: the module never follows it. */
static void test_symlink_refused(void **state)
{
	char *link = path_join(*state, "ln");
	static struct policy p;
	struct policy_error e;
	const char *text = "cgroup /a\ncgroup /ln\n";

	assert_int_equal(symlink("a", link), 0);
	assert_int_equal(parse_and_check(*state, text, strlen(text), &p, &e), -ENOTDIR);
	assert_int_equal(e.line, 2);
	assert_string_equal(e.reason, "cgroup /ln is not a cgroup v2 directory");
	free(link);
}

static void test_summary(void **state)
{
	static struct policy p;
	struct policy_error e;
	const char *text = "enabled=1\ncgroup /a level=full\ncgroup /b time_quantum_ns=5\n";
	char buf[256];

	(void)state;
	assert_int_equal(policy_parse(text, strlen(text), &p, &e), 0);
	policy_summary(&p, buf, sizeof(buf));
	assert_string_equal(buf, "enabled=1 paused=0 level=redacted time_quantum_ns=0 cgroups=2: "
			    "/a level=full; /b time_quantum_ns=5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bad_files, tree_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_good_files, tree_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_shipped_default, tree_setup, tmpdir_teardown),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test_setup_teardown(test_cgroup_root, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_symlink_refused, tree_setup, tmpdir_teardown),
		cmocka_unit_test(test_summary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

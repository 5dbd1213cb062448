// SPDX-License-Identifier: GPL-2.0
/*
 * policy_conf.c - parse, validate and format the persistent policy file
 * (policy_conf.h, inputtrace-policy.conf(5)).
 *
 * The whole file is checked before anything is applied, and the first bad
 * line is the one error: a policy half applied would trace what nobody
 * wrote down.  The cgroup path rules are the module's own
 * (kmod/inputtrace_parse.c), so a file that parses here is never refused
 * by the module for its syntax.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include "policy_conf.h"

static const char *const level_names[] = {
	[POLICY_LEVEL_REDACTED] = "redacted",
	[POLICY_LEVEL_FULL] = "full",
};

/* The scalar keys, in the order policy_format() writes them. */
enum { KEY_ENABLED, KEY_PAUSED, KEY_LEVEL, KEY_QUANTUM, KEY_COUNT };
static const char *const key_names[KEY_COUNT] = {
	[KEY_ENABLED] = "enabled",
	[KEY_PAUSED] = "paused",
	[KEY_LEVEL] = "level",
	[KEY_QUANTUM] = "time_quantum_ns",
};

/* How much of a bad value a message quotes. */
#define QUOTE	"%.64s"

void policy_init(struct policy *p)
{
	memset(p, 0, sizeof(*p));
	p->level = POLICY_LEVEL_REDACTED;
}

const char *policy_level_name(int level)
{
	if (level < 0 || level >= (int)(sizeof(level_names) / sizeof(level_names[0])))
		return "?";
	return level_names[level];
}

static int fail(struct policy_error *err, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct policy_error *err, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->reason, sizeof(err->reason), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A token: up to the next blank or the end; NUL-terminates it in place. */
static char *next_token(char **s)
{
	char *t = *s, *e;

	while (is_blank(*t))
		t++;
	if (!*t)
		return NULL;
	for (e = t; *e && !is_blank(*e); e++)
		;
	*s = *e ? e + 1 : e;
	*e = '\0';
	return t;
}

static int parse_switch(const char *v, bool *out)
{
	if (!strcmp(v, "0") || !strcmp(v, "1")) {
		*out = v[0] == '1';
		return 0;
	}
	return -EINVAL;
}

static int parse_level(const char *v)
{
	unsigned int i;

	for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
		if (!strcmp(v, level_names[i]))
			return (int)i;
	return -EINVAL;
}

/* Decimal digits only, at most POLICY_QUANTUM_MAX: 0, -EINVAL or -ERANGE. */
static int parse_quantum(const char *v, uint32_t *out)
{
	uint64_t n = 0;
	const char *c;

	if (!*v)
		return -EINVAL;
	for (c = v; *c; c++) {
		if (*c < '0' || *c > '9')
			return -EINVAL;
		if (n <= POLICY_QUANTUM_MAX)	/* stops growing: no overflow */
			n = n * 10 + (uint64_t)(*c - '0');
	}
	if (n > POLICY_QUANTUM_MAX)
		return -ERANGE;
	*out = (uint32_t)n;
	return 0;
}

static int quantum_error(struct policy_error *err, unsigned int line,
			 const char *v, int ret)
{
	if (ret == -ERANGE)
		return fail(err, line, "time_quantum_ns " QUOTE " is above the limit of %u (1 s)",
			    v, POLICY_QUANTUM_MAX);
	return fail(err, line, "time_quantum_ns must be decimal digits, not '" QUOTE "'", v);
}

/* The module's path rule (itp_check_path), with a reason for each case. */
static int check_path(const char *p, struct policy_error *err, unsigned int line)
{
	size_t len = strlen(p), i, comp = 0;

	if (p[0] != '/')
		return fail(err, line, "cgroup path '" QUOTE "' is not absolute", p);
	if (len >= POLICY_PATH_MAX)
		return fail(err, line, "cgroup path longer than %d bytes", POLICY_PATH_MAX - 1);
	if (len == 1)
		return 0;
	if (p[len - 1] == '/')
		return fail(err, line, "cgroup path '" QUOTE "' ends with '/'", p);
	for (i = 1; i <= len; i++) {
		if (i == len || p[i] == '/') {
			size_t clen = i - comp - 1;
			const char *c = p + comp + 1;

			if (clen == 0)
				return fail(err, line, "cgroup path '" QUOTE "' has an empty component", p);
			if ((clen == 1 && c[0] == '.') ||
			    (clen == 2 && c[0] == '.' && c[1] == '.'))
				return fail(err, line, "cgroup path '" QUOTE "' has a '.' or '..' component", p);
			comp = i;
		}
	}
	return 0;
}

/* Bytes of @c's line in the module's `cgroups` listing, newline included. */
static size_t listing_len(const struct policy_cgroup *c)
{
	char line[POLICY_PATH_MAX + 64];

	return (size_t)policy_format_cgroup(c, line, sizeof(line)) + 1;
}

struct parse_state {
	struct policy *p;
	unsigned int key_line[KEY_COUNT];	/* where each key was given */
	size_t listing;				/* bytes of the listing so far */
};

/* "cgroup /path [level=X] [time_quantum_ns=N]", after the word "cgroup". */
static int parse_cgroup(struct parse_state *st, char *rest, unsigned int line,
			struct policy_error *err)
{
	struct policy *p = st->p;
	struct policy_cgroup c = { .level = POLICY_LEVEL_INHERIT,
				   .quantum_ns = POLICY_QUANTUM_INHERIT,
				   .line = line };
	char *path = next_token(&rest), *opt;
	unsigned int i;
	int ret;

	if (!path)
		return fail(err, line, "cgroup needs a path: 'cgroup /path [level=X] [time_quantum_ns=N]'");
	if (path[0] == '=')
		return fail(err, line, "cgroup takes no '=': 'cgroup /path [level=X] [time_quantum_ns=N]'");
	ret = check_path(path, err, line);
	if (ret)
		return ret;
	strcpy(c.path, path);	/* fits: check_path() */

	while ((opt = next_token(&rest))) {
		if (!strncmp(opt, "level=", 6)) {
			if (c.level != POLICY_LEVEL_INHERIT)
				return fail(err, line, "cgroup option level= given twice");
			c.level = parse_level(opt + 6);
			if (c.level < 0)
				return fail(err, line, "level must be redacted or full, not '" QUOTE "'",
					    opt + 6);
		} else if (!strncmp(opt, "time_quantum_ns=", 16)) {
			uint32_t q;

			if (c.quantum_ns != POLICY_QUANTUM_INHERIT)
				return fail(err, line, "cgroup option time_quantum_ns= given twice");
			ret = parse_quantum(opt + 16, &q);
			if (ret)
				return quantum_error(err, line, opt + 16, ret);
			c.quantum_ns = q;
		} else {
			return fail(err, line, "unknown cgroup option '" QUOTE
				    "' (level=X, time_quantum_ns=N)", opt);
		}
	}

	for (i = 0; i < p->ncgroups; i++)
		if (!strcmp(p->cgroups[i].path, c.path))
			return fail(err, line, "duplicate cgroup " QUOTE " (first on line %u)",
				    c.path, p->cgroups[i].line);
	if (p->ncgroups >= POLICY_MAX_CGROUPS)
		return fail(err, line, "more than %d cgroups (the module's limit)",
			    POLICY_MAX_CGROUPS);
	st->listing += listing_len(&c);
	if (st->listing >= POLICY_LISTING_MAX)
		return fail(err, line, "the cgroup lines exceed the module's listing of %d bytes",
			    POLICY_LISTING_MAX);
	p->cgroups[p->ncgroups++] = c;
	return 0;
}

/* "KEY = VALUE": @s starts at the key. */
static int parse_setting(struct parse_state *st, char *s, unsigned int line,
			 struct policy_error *err)
{
	struct policy *p = st->p;
	char *word = s, *value;
	size_t wlen = strcspn(s, " \t=");
	char saved = s[wlen];
	int key, ret;

	s[wlen] = '\0';
	if (!strcmp(word, "cgroup"))
		return fail(err, line, "cgroup takes no '=': 'cgroup /path [level=X] [time_quantum_ns=N]'");
	for (key = 0; key < KEY_COUNT; key++)
		if (!strcmp(word, key_names[key]))
			break;
	if (key == KEY_COUNT) {
		if (!wlen)
			return fail(err, line, "expected 'KEY = VALUE' or 'cgroup /path'");
		return fail(err, line, "unknown key '" QUOTE "'", word);
	}
	s[wlen] = saved;
	s += wlen;
	while (is_blank(*s))
		s++;
	if (*s != '=')
		return fail(err, line, "expected '=' after '%s'", key_names[key]);
	s++;
	value = next_token(&s);
	if (!value)
		return fail(err, line, "missing value for '%s'", key_names[key]);
	while (is_blank(*s))
		s++;
	if (*s)
		return fail(err, line, "unexpected '" QUOTE "' after the value of '%s'",
			    s, key_names[key]);
	if (st->key_line[key])
		return fail(err, line, "duplicate key '%s' (first on line %u)",
			    key_names[key], st->key_line[key]);

	switch (key) {
	case KEY_ENABLED:
	case KEY_PAUSED:
		if (parse_switch(value, key == KEY_ENABLED ? &p->enabled : &p->paused))
			return fail(err, line, "%s must be 0 or 1, not '" QUOTE "'",
				    key_names[key], value);
		break;
	case KEY_LEVEL:
		p->level = parse_level(value);
		if (p->level < 0)
			return fail(err, line, "level must be redacted or full, not '" QUOTE "'",
				    value);
		break;
	case KEY_QUANTUM:
		ret = parse_quantum(value, &p->quantum_ns);
		if (ret)
			return quantum_error(err, line, value, ret);
		break;
	}
	st->key_line[key] = line;
	return 0;
}

/* One line of @len bytes (no newline), copied to @buf to cut it up. */
static int parse_line(struct parse_state *st, const char *text, size_t len,
		      unsigned int line, struct policy_error *err)
{
	char buf[POLICY_LINE_MAX + 1], *s, *end;
	size_t i;

	if (len > POLICY_LINE_MAX)
		return fail(err, line, "line longer than %d bytes", POLICY_LINE_MAX);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '\0')
			return fail(err, line, "NUL byte at column %zu", i + 1);
		if ((c < 0x20 && c != '\t') || c > 0x7e)
			return fail(err, line, "byte 0x%02x at column %zu is not printable ASCII",
				    c, i + 1);
	}
	memcpy(buf, text, len);
	buf[len] = '\0';
	for (s = buf; is_blank(*s); s++)
		;
	for (end = s + strlen(s); end > s && is_blank(end[-1]); end--)
		;
	*end = '\0';
	if (!*s || *s == '#')
		return 0;
	if (!strncmp(s, "cgroup", 6) && is_blank(s[6]))
		return parse_cgroup(st, s + 7, line, err);
	if (!strcmp(s, "cgroup"))
		return parse_cgroup(st, s + 6, line, err);
	return parse_setting(st, s, line, err);
}

int policy_parse(const char *buf, size_t len, struct policy *p,
		 struct policy_error *err)
{
	struct parse_state st;
	struct policy next;
	unsigned int line = 0;
	size_t pos = 0;
	int ret;

	err->line = 0;
	err->reason[0] = '\0';
	if (len > POLICY_FILE_MAX)
		return fail(err, 0, "larger than %d bytes", POLICY_FILE_MAX);
	policy_init(&next);
	memset(&st, 0, sizeof(st));
	st.p = &next;
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - (buf + pos)) : len - pos;

		ret = parse_line(&st, buf + pos, llen, ++line, err);
		if (ret)
			return ret;
		pos += llen + 1;
	}
	*p = next;
	return 0;
}

int policy_check_cgroup_root(const char *root, struct policy_error *err)
{
	struct statfs sf;

	if (statfs(root, &sf) < 0) {
		int e = errno;

		fail(err, 0, "%s: %s", root, strerror(e));
		return -e;
	}
	if (sf.f_type != CGROUP2_SUPER_MAGIC) {
		fail(err, 0, "%s is not a cgroup v2 mount", root);
		return -ENOTDIR;
	}
	return 0;
}

int policy_check_cgroups(const struct policy *p, const char *root,
			 struct policy_error *err)
{
	char path[4096];
	struct stat rst, st;
	unsigned int i;

	if (stat(root, &rst) < 0) {
		int e = errno;

		fail(err, 0, "%s: %s", root, strerror(e));
		return -e;
	}
	for (i = 0; i < p->ncgroups; i++) {
		const struct policy_cgroup *c = &p->cgroups[i];

		snprintf(path, sizeof(path), "%s%s", root, c->path);
		/* lstat: a cgroup is never a symlink, the module would not follow one */
		if (lstat(path, &st) < 0) {
			int e = errno;

			if (e == ENOENT || e == ENOTDIR)
				fail(err, c->line, "cgroup %s does not exist", c->path);
			else
				fail(err, c->line, "cgroup %s: %s", c->path, strerror(e));
			return -e;
		}
		if (!S_ISDIR(st.st_mode) || st.st_dev != rst.st_dev) {
			fail(err, c->line, "cgroup %s is not a cgroup v2 directory", c->path);
			return -ENOTDIR;
		}
	}
	return 0;
}

int policy_format_cgroup(const struct policy_cgroup *c, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s", c->path);

	if (c->level != POLICY_LEVEL_INHERIT && n >= 0 && (size_t)n < size)
		n += snprintf(buf + n, size - n, " level=%s", policy_level_name(c->level));
	if (c->quantum_ns != POLICY_QUANTUM_INHERIT && n >= 0 && (size_t)n < size)
		n += snprintf(buf + n, size - n, " time_quantum_ns=%lld",
			      (long long)c->quantum_ns);
	return n < 0 || (size_t)n >= size ? -ENOSPC : n;
}

int policy_format(const struct policy *p, char *buf, size_t size)
{
	char line[POLICY_PATH_MAX + 64];
	size_t len;
	unsigned int i;
	int n;

	n = snprintf(buf, size, "enabled = %d\npaused = %d\nlevel = %s\ntime_quantum_ns = %u\n",
		     p->enabled, p->paused, policy_level_name(p->level), p->quantum_ns);
	if (n < 0 || (size_t)n >= size)
		return -ENOSPC;
	len = (size_t)n;
	for (i = 0; i < p->ncgroups; i++) {
		if (policy_format_cgroup(&p->cgroups[i], line, sizeof(line)) < 0)
			return -ENOSPC;
		n = snprintf(buf + len, size - len, "cgroup %s\n", line);
		if (n < 0 || (size_t)n >= size - len)
			return -ENOSPC;
		len += (size_t)n;
	}
	return (int)len;
}

bool policy_cgroup_equal(const struct policy_cgroup *a,
			 const struct policy_cgroup *b)
{
	return !strcmp(a->path, b->path) && a->level == b->level &&
	       a->quantum_ns == b->quantum_ns;
}

/* Whether every cgroup of @a is in @b with the same options. */
static bool cgroups_within(const struct policy *a, const struct policy *b)
{
	unsigned int i, j;

	for (i = 0; i < a->ncgroups; i++) {
		for (j = 0; j < b->ncgroups; j++)
			if (policy_cgroup_equal(&a->cgroups[i], &b->cgroups[j]))
				break;
		if (j == b->ncgroups)
			return false;
	}
	return true;
}

bool policy_equal(const struct policy *a, const struct policy *b)
{
	return a->enabled == b->enabled && a->paused == b->paused &&
	       a->level == b->level && a->quantum_ns == b->quantum_ns &&
	       a->ncgroups == b->ncgroups && cgroups_within(a, b) &&
	       cgroups_within(b, a);
}

void policy_summary(const struct policy *p, char *buf, size_t size)
{
	char line[POLICY_PATH_MAX + 64];
	size_t len;
	unsigned int i;
	int n;

	n = snprintf(buf, size, "enabled=%d paused=%d level=%s time_quantum_ns=%u cgroups=%u",
		     p->enabled, p->paused, policy_level_name(p->level), p->quantum_ns,
		     p->ncgroups);
	for (i = 0; i < p->ncgroups && n >= 0 && (size_t)n < size; i++) {
		len = (size_t)n;
		if (policy_format_cgroup(&p->cgroups[i], line, sizeof(line)) < 0)
			break;
		n += snprintf(buf + len, size - len, "%s%s", i ? "; " : ": ", line);
	}
}

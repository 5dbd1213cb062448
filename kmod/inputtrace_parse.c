// SPDX-License-Identifier: GPL-2.0
/*
 * inputtrace_parse.c - the syntax of inputtrace.ko's sysfs writes
 *
 * Strict parsers for the scalar attributes (switches, level, quantum) and
 * for a `cgroups` command with its options.  Pure: no sysfs, cgroup or BPF
 * calls, so KUnit tests exactly what the module ships.
 */
#include <linux/build_bug.h>
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "inputtrace_policy.h"

static const char * const itp_level_names[] = {
	[INPUTTRACE_LEVEL_REDACTED]	= "redacted",
	[INPUTTRACE_LEVEL_FULL]		= "full",
};

/*
 * A scalar write must be one string: sysfs ends the buffer with a NUL at
 * @count, so the parsers below would read "1\0junk" as "1".
 */
int itp_check_scalar(const char *buf, size_t count)
{
	return memchr(buf, '\0', count) ? -EINVAL : 0;
}
EXPORT_SYMBOL_IF_KUNIT(itp_check_scalar);

/* "0" or "1", one optional trailing newline; kstrtobool is too lenient. */
int itp_parse_switch(const char *buf, bool *enabled)
{
	if (sysfs_streq(buf, "0"))
		*enabled = false;
	else if (sysfs_streq(buf, "1"))
		*enabled = true;
	else
		return -EINVAL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(itp_parse_switch);

int itp_parse_level(const char *buf, int *level)
{
	int i = sysfs_match_string(itp_level_names, buf);

	if (i < 0)
		return -EINVAL;
	*level = i;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(itp_parse_level);

/*
 * A timestamp quantum in ns: decimal digits only (kstrtou32 alone would take
 * a leading '+'), one optional trailing newline, at most INPUTTRACE_QUANTUM_MAX.
 */
int itp_parse_quantum(const char *buf, u32 *quantum_ns)
{
	size_t len = strlen(buf);
	u32 v;
	int ret;

	/* kstrtou32 says -ERANGE before it sees junk after too many digits */
	if (len && buf[len - 1] == '\n')
		len--;
	if (!len || strspn(buf, "0123456789") != len)
		return -EINVAL;
	ret = kstrtou32(buf, 10, &v);
	if (ret)
		return ret;
	if (v > INPUTTRACE_QUANTUM_MAX)
		return -ERANGE;
	*quantum_ns = v;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(itp_parse_quantum);

const char *itp_level_name(int level)
{
	if (level < 0 || level >= ARRAY_SIZE(itp_level_names))
		return "?";
	return itp_level_names[level];
}
EXPORT_SYMBOL_IF_KUNIT(itp_level_name);

/*
 * A canonical absolute cgroup v2 path: "/" or "/a/b", no empty, "." or ".."
 * components, no trailing slash, printable non-space ASCII only (a listing
 * line must never be ambiguous, and spaces separate options).
 */
static int itp_check_path(const char *p, size_t len)
{
	size_t i, comp = 0;

	if (len == 0 || p[0] != '/')
		return -EINVAL;
	if (len >= ITP_PATH_MAX)
		return -ENAMETOOLONG;
	if (len == 1)
		return 0;
	if (p[len - 1] == '/')
		return -EINVAL;
	for (i = 1; i <= len; i++) {
		if (i == len || p[i] == '/') {
			size_t clen = i - comp - 1;
			const char *c = p + comp + 1;

			if (clen == 0 || (clen == 1 && c[0] == '.') ||
			    (clen == 2 && c[0] == '.' && c[1] == '.'))
				return -EINVAL;
			comp = i;
			continue;
		}
		/* the kernel's isgraph() also accepts Latin-1 0xa1..0xff */
		if (!isascii(p[i]) || !isgraph(p[i]))
			return -EINVAL;
	}
	return 0;
}

/* An exact level name: sysfs_match_string would accept a newline in it. */
static int itp_match_level(const char *val)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(itp_level_names); i++)
		if (!strcmp(val, itp_level_names[i]))
			return i;
	return -EINVAL;
}

/*
 * A quantum option's @len bytes at @s, read as the global attribute reads
 * its value: decimal digits only (leading zeros too), -ERANGE above the
 * limit however many digits there are.
 */
static int itp_parse_quantum_opt(const char *s, size_t len, s64 *quantum_ns)
{
	u64 v = 0;
	size_t i;

	for (i = 0; i < len; i++)
		if (!isdigit(s[i]))
			return -EINVAL;
	for (i = 0; i < len; i++) {
		v = v * 10 + (s[i] - '0');
		if (v > INPUTTRACE_QUANTUM_MAX)
			return -ERANGE;
	}
	*quantum_ns = v;
	return 0;
}

/* One "key=value" option of an add command, @len bytes at @opt. */
static int itp_parse_cgroup_opt(const char *opt, size_t len,
				struct itp_cgroup_cmd *cmd)
{
	static const char level_key[] = "level=";
	static const char quantum_key[] = "time_quantum_ns=";
	const char *eq = memchr(opt, '=', len);
	char val[16];
	size_t klen, vlen;
	int ret;

	/* @val must hold every level name, or valid writes would be refused */
	BUILD_BUG_ON(sizeof(val) < sizeof("redacted"));

	if (!eq)
		return -EINVAL;
	klen = eq - opt + 1;
	vlen = len - klen;
	if (vlen == 0)
		return -EINVAL;

	if (klen == sizeof(level_key) - 1 && !memcmp(opt, level_key, klen)) {
		if (cmd->level != ITP_LEVEL_INHERIT || vlen >= sizeof(val))
			return -EINVAL;		/* given twice, or no level */
		memcpy(val, eq + 1, vlen);
		val[vlen] = '\0';
		ret = itp_match_level(val);
		if (ret < 0)
			return ret;
		cmd->level = ret;
		return 0;
	}
	if (klen == sizeof(quantum_key) - 1 && !memcmp(opt, quantum_key, klen)) {
		if (cmd->quantum_ns != ITP_QUANTUM_INHERIT)
			return -EINVAL;
		/* a newline inside is not a digit: only the write ends in one */
		return itp_parse_quantum_opt(eq + 1, vlen, &cmd->quantum_ns);
	}
	return -EINVAL;
}

/*
 * "+/path [level=full|redacted] [time_quantum_ns=N]" or "-/path", options
 * separated by single spaces in any order, each at most once, with at most
 * one trailing newline - cgroup.subtree_control's syntax, one path a write.
 */
int itp_parse_cgroup_cmd(const char *buf, size_t count,
			 struct itp_cgroup_cmd *cmd)
{
	const char *path, *opt, *end;
	size_t plen;
	int ret;

	if (count && buf[count - 1] == '\n')
		count--;
	if (count < 2 || memchr(buf, '\0', count))
		return -EINVAL;
	if (buf[0] != '+' && buf[0] != '-')
		return -EINVAL;

	cmd->add = buf[0] == '+';
	cmd->level = ITP_LEVEL_INHERIT;
	cmd->quantum_ns = ITP_QUANTUM_INHERIT;
	path = buf + 1;
	end = buf + count;
	opt = memchr(path, ' ', end - path);
	plen = opt ? (size_t)(opt - path) : (size_t)(end - path);

	ret = itp_check_path(path, plen);
	if (ret)
		return ret;
	if (opt && !cmd->add)
		return -EINVAL;

	while (opt) {
		const char *next;

		opt++;
		next = memchr(opt, ' ', end - opt);
		ret = itp_parse_cgroup_opt(opt, (next ? next : end) - opt, cmd);
		if (ret)
			return ret;
		opt = next;
	}

	memcpy(cmd->path, path, plen);
	cmd->path[plen] = '\0';
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(itp_parse_cgroup_cmd);

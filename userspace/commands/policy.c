// SPDX-License-Identifier: GPL-2.0
/*
 * policy.c - `inputtrace policy`: the module's policy as a file
 * (apply, show) and logged one-step edits (add, remove, enable, disable).
 *
 * The module forgets its policy when it is unloaded or the machine
 * reboots; a file applied at boot makes it persistent.  apply checks the
 * whole file before it writes anything, and puts the old policy back if a
 * write still fails (policy_conf.h).  Every change is logged to syslog
 * (LOG_AUTHPRIV, as `record` does), besides the kernel's own log line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include "cli.h"
#include "commands.h"
#include "policy_conf.h"
#include "sysfs.h"

#define CMD	"policy"

static const char policy_usage[] =
"Usage: inputtrace policy apply [FILE]\n"
"       inputtrace policy show\n"
"       inputtrace policy add PATH [level=redacted|full] [time_quantum_ns=N]\n"
"       inputtrace policy remove PATH\n"
"       inputtrace policy enable|disable\n"
"\n"
"apply:   make the module's policy exactly FILE (default " POLICY_CONF_DEFAULT "):\n"
"         cgroups not in it are removed, keys not in it get the defaults\n"
"         (enabled 0, paused 0, level redacted, time_quantum_ns 0).  The\n"
"         whole file is checked first; one bad line changes nothing.\n"
"show:    print the live policy in the file's format (show > FILE; apply FILE\n"
"         gives the same policy back).\n"
"add:     trace cgroup PATH (and its subtree), with its own level or quantum.\n"
"remove:  stop tracing cgroup PATH.\n"
"enable, disable: the master switch.\n"
"\n"
"File format: inputtrace-policy.conf(5).  All but show need root; every\n"
"change is logged to syslog (LOG_AUTHPRIV) and to the kernel log.\n"
"\n"
"Exit status: 0 done, 1 error (nothing changed, or the old policy was\n"
"restored), 2 usage error.\n"
"\n"
"EXAMPLES:\n"
"    inputtrace policy show > /etc/inputtrace/policy.conf\n"
"    inputtrace policy apply\n"
"    inputtrace policy add /user.slice/user-1000.slice level=full\n"
"    inputtrace policy enable\n";

static const struct cli_spec policy_spec = {
	.cmd = CMD,
	.usage = policy_usage,
	.shortopts = "",
	.longopts = cli_help_only,
	.usage_status = CLI_EXIT_USAGE,
};

static int not_loaded(void)
{
	return cli_error(CMD, CLI_EXIT_FAILURE,
			 "inputtrace.ko is not loaded (modprobe inputtrace)");
}

static int need_root(void)
{
	return cli_error(CMD, CLI_EXIT_FAILURE,
			 "only root may change the policy (it writes " SYSFS_ROOT ")");
}

/* The whole file, NUL-terminated for nobody: its length is what counts. */
static char *read_file(const char *path, size_t *len, int *err)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap), *bigger;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0 || !buf) {
		*err = fd < 0 ? errno : ENOMEM;
		goto fail;
	}
	for (;;) {
		if (n == cap) {
			if (cap > POLICY_FILE_MAX)
				break;	/* policy_parse() refuses it as too large */
			bigger = realloc(buf, cap * 2);
			if (!bigger) {
				*err = ENOMEM;
				goto fail;
			}
			buf = bigger;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*err = errno;
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*len = n;
	return buf;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

static int file_error(const char *file, const struct policy_error *e)
{
	if (e->line)
		return cli_error(CMD, CLI_EXIT_FAILURE, "%s:%u: %s", file, e->line, e->reason);
	return cli_error(CMD, CLI_EXIT_FAILURE, "%s: %s", file, e->reason);
}

static int live_error(int err)
{
	if (err == -ENOENT)
		return not_loaded();
	if (err == -EPROTO)
		return cli_error(CMD, CLI_EXIT_FAILURE,
				 "cannot understand the module's policy in " SYSFS_ROOT);
	return cli_error(CMD, CLI_EXIT_FAILURE, "reading " SYSFS_ROOT ": %s", strerror(-err));
}

static int do_apply(const char *file)
{
	static struct policy next, old;
	static char summary[8192];
	struct policy_apply_error ae;
	struct policy_error pe;
	size_t len;
	char *buf;
	int ret, err = 0;

	buf = read_file(file, &len, &err);
	if (!buf)
		return cli_error(CMD, CLI_EXIT_FAILURE, "%s: %s", file, strerror(err));
	ret = policy_parse(buf, len, &next, &pe);
	free(buf);
	if (!ret && next.ncgroups)
		ret = policy_check_cgroup_root(SYSFS_CGROUP_ROOT, &pe);
	if (!ret)
		ret = policy_check_cgroups(&next, SYSFS_CGROUP_ROOT, &pe);
	if (ret)
		return file_error(file, &pe);
	if (!sysfs_present())
		return not_loaded();
	if (geteuid() != 0)
		return need_root();
	ret = policy_read_live(&old);
	if (ret)
		return live_error(ret);

	policy_summary(&next, summary, sizeof(summary));
	if (policy_equal(&old, &next)) {
		record_log(LOG_NOTICE, "policy from %s applied by uid %u: unchanged: %s",
			   file, getuid(), summary);
		return CLI_EXIT_OK;
	}
	ret = policy_apply(&old, &next, &ae);
	if (!ret) {
		record_log(LOG_NOTICE, "policy from %s applied by uid %u: %s",
			   file, getuid(), summary);
		return CLI_EXIT_OK;
	}
	if (ae.restore_err) {
		record_log(LOG_ERR, "policy from %s by uid %u failed at '%s' (%s); restoring the previous policy failed at '%s' (%s)",
			   file, getuid(), ae.what, strerror(-ae.err), ae.restore_what,
			   strerror(-ae.restore_err));
		return cli_error(CMD, CLI_EXIT_FAILURE,
				 "%s: writing '%s': %s; restoring the previous policy failed too, at '%s': %s (see inputtrace policy show)",
				 file, ae.what, strerror(-ae.err), ae.restore_what,
				 strerror(-ae.restore_err));
	}
	record_log(LOG_ERR, "policy from %s by uid %u failed at '%s' (%s); previous policy restored",
		   file, getuid(), ae.what, strerror(-ae.err));
	return cli_error(CMD, CLI_EXIT_FAILURE,
			 "%s: writing '%s': %s (changed since it was checked?); the previous policy is restored",
			 file, ae.what, strerror(-ae.err));
}

static int do_show(void)
{
	static struct policy live;
	static char text[POLICY_MAX_CGROUPS * (POLICY_PATH_MAX + 64) + 256];
	int ret;

	if (!sysfs_present())
		return not_loaded();
	ret = policy_read_live(&live);
	if (ret)
		return live_error(ret);
	ret = policy_format(&live, text, sizeof(text));
	if (ret < 0)
		return cli_error(CMD, CLI_EXIT_FAILURE, "the policy does not fit the output buffer");
	if (fwrite(text, 1, (size_t)ret, stdout) != (size_t)ret || fflush(stdout))
		return cli_error(CMD, CLI_EXIT_FAILURE, "writing the policy: %s", strerror(errno));
	return CLI_EXIT_OK;
}

/* The module's errno for a write, in words. */
static const char *write_reason(const char *attr, bool add, int err)
{
	if (!strcmp(attr, SYSFS_CGROUPS)) {
		switch (err) {
		case -EINVAL:
			return add ? "malformed: an absolute path, then level=redacted|full or time_quantum_ns=N, each at most once (inputtrace-sysfs(7))"
				   : "malformed path (inputtrace-sysfs(7))";
		case -ENOENT:
			return add ? "no such cgroup" : "that cgroup is not in the policy";
		case -ENOTDIR:
			return "not a cgroup directory";
		case -ERANGE:
			return "time_quantum_ns is above 1000000000 (1 s)";
		case -ENAMETOOLONG:
			return "path longer than 255 bytes";
		case -ENOSPC:
			return "the module's limit: at most 64 cgroups, in a listing of one page";
		}
	}
	if (err == -EIO)
		return "short write";
	return strerror(-err);
}

/* One write as a subcommand: root, the module, the error, the log. */
static int logged_write(const char *attr, const char *val, bool add)
{
	int err;

	if (!sysfs_present())
		return not_loaded();
	if (geteuid() != 0)
		return need_root();
	err = sysfs_write(attr, val);
	if (err == -EACCES || err == -EPERM)
		return need_root();
	if (err)
		return cli_error(CMD, CLI_EXIT_FAILURE, "%s '%s': %s", attr, val,
				 write_reason(attr, add, err));
	record_log(LOG_NOTICE, "policy changed by uid %u: %s %s", getuid(), attr, val);
	return CLI_EXIT_OK;
}

static int do_add(int argc, char **argv)
{
	char cmd[POLICY_LINE_MAX + 2];
	size_t len = 0;
	int i, n;

	for (i = 0; i < argc; i++) {
		n = snprintf(cmd + len, sizeof(cmd) - len, "%s%s", i ? " " : "+", argv[i]);
		if (n < 0 || (size_t)n >= sizeof(cmd) - len)
			return cli_error(CMD, CLI_EXIT_USAGE, "add: arguments too long");
		len += (size_t)n;
	}
	return logged_write(SYSFS_CGROUPS, cmd, true);
}

static int do_remove(const char *path)
{
	char cmd[POLICY_LINE_MAX + 2];

	if ((size_t)snprintf(cmd, sizeof(cmd), "-%s", path) >= sizeof(cmd))
		return cli_error(CMD, CLI_EXIT_USAGE, "remove: path too long");
	return logged_write(SYSFS_CGROUPS, cmd, false);
}

/* Operands of verb argv[0]: between @min and @max, else a usage error. */
static int operands(int argc, char **argv, int min, int max)
{
	int first = cli_getopt(&policy_spec, argc, argv, NULL, NULL);
	int n;

	if (first < 0)
		return first;
	n = argc - first;
	if (n < min)
		return cli_error(CMD, CLI_USAGE, "%s: missing argument (see --help)", argv[0]);
	if (n > max)
		return cli_error(CMD, CLI_USAGE, "%s: unexpected argument '%s' (see --help)",
				 argv[0], argv[first + max]);
	return first;
}

int cmd_policy(int argc, char **argv)
{
	const char *verb;
	int first = cli_getopt(&policy_spec, argc, argv, NULL, NULL);

	if (first < 0)
		return cli_exit_status(&policy_spec, first);
	if (first >= argc)
		return cli_error(CMD, CLI_EXIT_USAGE,
				 "missing action: apply, show, add, remove, enable or disable (see --help)");
	verb = argv[first];
	argc -= first;
	argv += first;

	if (!strcmp(verb, "apply")) {
		first = operands(argc, argv, 0, 1);
		if (first < 0)
			return cli_exit_status(&policy_spec, first);
		return do_apply(first < argc ? argv[first] : POLICY_CONF_DEFAULT);
	}
	if (!strcmp(verb, "show")) {
		first = operands(argc, argv, 0, 0);
		return first < 0 ? cli_exit_status(&policy_spec, first) : do_show();
	}
	if (!strcmp(verb, "add")) {
		first = operands(argc, argv, 1, 3);
		if (first < 0)
			return cli_exit_status(&policy_spec, first);
		return do_add(argc - first, argv + first);
	}
	if (!strcmp(verb, "remove")) {
		first = operands(argc, argv, 1, 1);
		return first < 0 ? cli_exit_status(&policy_spec, first) : do_remove(argv[first]);
	}
	if (!strcmp(verb, "enable") || !strcmp(verb, "disable")) {
		first = operands(argc, argv, 0, 0);
		if (first < 0)
			return cli_exit_status(&policy_spec, first);
		return logged_write(SYSFS_ENABLED, verb[0] == 'e' ? "1" : "0", false);
	}
	return cli_error(CMD, CLI_EXIT_USAGE,
			 "unknown action '%s': apply, show, add, remove, enable or disable (see --help)",
			 verb);
}

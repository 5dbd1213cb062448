// SPDX-License-Identifier: GPL-2.0
/*
 * status.c - `inputtrace status`: is anything traced, and am I?
 *
 * Works for any user: the module's sysfs attributes are world-readable, so a
 * person can see that (and how) their input is traced.  Root additionally
 * sees the attached inputtrace programs and their counters.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "sysfs.h"

#define SELF_VALUE_MAX	512	/* a self/ value: a cgroup path is < 256 */

static const char status_usage[] =
"Usage: inputtrace status [--help]\n"
"\n"
"Show whether inputtrace.ko is loaded, the master switch, the pause switch,\n"
"the capture level and timestamp quantum, the enabled cgroups, whether the\n"
"caller's own cgroup is traced (at which level and quantum) and, for root,\n"
"the attached programs and their counters; last, the running kernel and\n"
"whether it has every feature `record` needs (the BPF checks as root only).\n"
"\n"
"Exit status: 0 shown (also when the module is not loaded), 1 error,\n"
"2 usage error.\n"
"\n"
"EXAMPLES:\n"
"    inputtrace status          # as any user: am I traced?\n"
"    sudo inputtrace status     # also programs and counters\n";

/* The caller's cgroup v2 path, from the "0::" line of /proc/self/cgroup. */
static int own_cgroup(char *buf, size_t size)
{
	char text[4096], *line, *save = NULL;
	int err = sysfs_read_file("/proc/self/cgroup", text, sizeof(text));

	if (err)
		return err;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "0::", 3)) {
			snprintf(buf, size, "%s", line + 3);
			return 0;
		}
	}
	return -ENOENT;
}

/* The module's scalar settings, as sysfs shows them. */
struct module_settings {
	char enabled[16], paused[16], level[32], quantum[32];
};

static void print_quantum(const char *q)
{
	if (!strcmp(q, "0"))
		printf("exact timestamps");
	else
		printf("timestamps rounded down to %s ns", q);
}

/*
 * Whether the caller's input is traced, and how: the module answers in
 * self/, for the task that reads it, exactly as it decides for events.  The
 * caller's cgroup path is only shown: it is relative to the caller's cgroup
 * namespace (inside a container it reads "/"), so it cannot decide.
 */
static void print_self(const struct module_settings *m)
{
	char self[4096] = "(unknown)", subtree[SELF_VALUE_MAX], level[SELF_VALUE_MAX];
	char quantum[SELF_VALUE_MAX];

	own_cgroup(self, sizeof(self));
	if (sysfs_read(SYSFS_SELF_SUBTREE, subtree, sizeof(subtree)) ||
	    sysfs_read(SYSFS_SELF_LEVEL, level, sizeof(level)) ||
	    sysfs_read(SYSFS_SELF_QUANTUM, quantum, sizeof(quantum))) {
		printf("you:       unknown: cannot read %s/self/: %s\n",
		       SYSFS_ROOT, strerror(errno));
		return;
	}
	if (!strcmp(level, "none")) {
		printf("you:       cgroup %s is NOT traced%s\n", self,
		       strcmp(m->enabled, "1") ? " (tracing is switched off)" : "");
		return;
	}
	printf("you:       cgroup %s IS TRACED (subtree %s, level %s, ", self,
	       subtree, level);
	print_quantum(quantum);
	printf(")\n");
	if (!strcmp(m->paused, "1"))
		printf("           but tracing is PAUSED now: your input is only counted, not recorded\n");
}

static const struct cli_spec status_spec = {
	.cmd = "status",
	.usage = status_usage,
	.shortopts = "",
	.longopts = cli_help_only,
	.usage_status = CLI_EXIT_USAGE,
};

static int read_settings(struct module_settings *m, char *cgroups, size_t size)
{
	if (sysfs_read(SYSFS_ENABLED, m->enabled, sizeof(m->enabled)) ||
	    sysfs_read(SYSFS_PAUSED, m->paused, sizeof(m->paused)) ||
	    sysfs_read(SYSFS_LEVEL, m->level, sizeof(m->level)) ||
	    sysfs_read(SYSFS_QUANTUM, m->quantum, sizeof(m->quantum)) ||
	    sysfs_read(SYSFS_CGROUPS, cgroups, size))
		return cli_error("status", -1, "cannot read %s: %s", SYSFS_ROOT,
				 strerror(errno));
	return 0;
}

int cmd_status(int argc, char **argv)
{
	struct module_settings m;
	char cgroups[8192];
	int first = cli_getopt(&status_spec, argc, argv, NULL, NULL);

	if (first >= 0)
		first = cli_no_operands(&status_spec, argc, argv, first);
	if (first < 0)
		return cli_exit_status(&status_spec, first);
	if (!sysfs_present()) {
		printf("module:    inputtrace is not loaded: nothing is traced\n");
		recorder_print_kernel_support();
		return CLI_EXIT_OK;
	}
	if (read_settings(&m, cgroups, sizeof(cgroups)))
		return CLI_EXIT_FAILURE;
	printf("module:    inputtrace loaded\n");
	printf("enabled:   %s\n", m.enabled);
	printf("paused:    %s\n", m.paused);
	printf("level:     %s\n", m.level);
	printf("quantum:   %s ns (", m.quantum);
	print_quantum(m.quantum);
	printf(")\n");
	if (!*cgroups) {
		printf("cgroups:   (none)\n");
	} else {
		char *line, *save = NULL, copy[8192];
		bool first = true;

		snprintf(copy, sizeof(copy), "%s", cgroups);
		for (line = strtok_r(copy, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save), first = false)
			printf("%s%s\n", first ? "cgroups:   " : "           ",
			       line);
	}
	print_self(&m);
	recorder_print_attached();
	recorder_print_kernel_support();
	return CLI_EXIT_OK;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * pause.c - `inputtrace pause` and `inputtrace resume`: the secure-input
 * switch, for a lock screen or a password prompt.
 *
 * Both only write the module's `paused` attribute, which only root may.  A
 * subcommand rather than `echo 1 > ...` gives a sudoers or polkit rule an
 * exact command line to grant (a rule cannot grant a shell redirection).
 * The kernel logs every change with the writer's uid, pid and comm.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "commands.h"
#include "sysfs.h"

#define PAUSED_ATTR	SYSFS_PATH(SYSFS_PAUSED)

static const char pause_usage[] =
"Usage: inputtrace pause|resume [--help]\n"
"\n"
"pause:  stop recording everyone's input now; the events of traced readers\n"
"        are only counted, and recorders write that count into their files\n"
"        as a pause record once tracing resumes.\n"
"resume: record again.\n"
"\n"
"Meant for lock screens and password prompts.  Writes " PAUSED_ATTR ",\n"
"so it needs root: grant exactly these two commands, for example in sudoers:\n"
"    %users ALL=(root) NOPASSWD: /usr/bin/inputtrace pause, /usr/bin/inputtrace resume\n"
"The pause is one switch, not a count: the first resume ends it.\n"
"\n"
"Exit status: 0 done (also when it already was so), 1 error, 2 usage error\n"
"(nothing changed).\n"
"\n"
"EXAMPLES:\n"
"    sudo inputtrace pause && read -rs PASSWORD; sudo inputtrace resume\n";

static const struct cli_spec pause_spec = {
	.cmd = "pause",
	.usage = pause_usage,
	.shortopts = "",
	.longopts = cli_help_only,
	.usage_status = CLI_EXIT_USAGE,
};

static const struct cli_spec resume_spec = {
	.cmd = "resume",
	.usage = pause_usage,
	.shortopts = "",
	.longopts = cli_help_only,
	.usage_status = CLI_EXIT_USAGE,
};

static int set_paused(const struct cli_spec *spec, int argc, char **argv, bool on)
{
	const char *cmd = spec->cmd;
	int err, first = cli_getopt(spec, argc, argv, NULL, NULL);

	if (first >= 0)
		first = cli_no_operands(spec, argc, argv, first);
	if (first < 0)
		return cli_exit_status(spec, first);
	err = sysfs_write(SYSFS_PAUSED, on ? "1" : "0");
	if (err == -ENOENT)
		return cli_error(cmd, CLI_EXIT_FAILURE,
				 "inputtrace.ko is not loaded: nothing is traced");
	if (err == -EACCES || err == -EPERM)
		return cli_error(cmd, CLI_EXIT_FAILURE,
				 "only root may write %s (see --help)", PAUSED_ATTR);
	if (err == -EIO)
		return cli_error(cmd, CLI_EXIT_FAILURE, "writing %s: short write",
				 PAUSED_ATTR);
	if (err)
		return cli_error(cmd, CLI_EXIT_FAILURE, "%s: %s", PAUSED_ATTR,
				 strerror(-err));
	return CLI_EXIT_OK;
}

int cmd_pause(int argc, char **argv)
{
	return set_paused(&pause_spec, argc, argv, true);
}

int cmd_resume(int argc, char **argv)
{
	return set_paused(&resume_spec, argc, argv, false);
}

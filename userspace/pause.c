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
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "cmd_opts.h"

#define PAUSED_ATTR	"/sys/kernel/inputtrace/paused"

static const char pause_usage[] =
"Usage: inputtrace pause|resume\n"
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
"Exit status: 0 done (also when it already was so), 1 error (nothing changed).\n"
"\n"
"EXAMPLES:\n"
"    sudo inputtrace pause && read -rs PASSWORD; sudo inputtrace resume\n";

static int set_paused(const char *cmd, int argc, char **argv, bool on)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	ssize_t n;
	int c, fd;

	optind = 0;	/* full getopt reset: may run more than once */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(pause_usage, stdout);
			return 0;
		}
		cmd_opt_error(cmd, c, argv);
		return 1;
	}
	if (optind < argc) {
		fprintf(stderr, "inputtrace: %s: unexpected argument '%s' (see --help)\n",
			cmd, argv[optind]);
		return 1;
	}
	fd = open(PAUSED_ATTR, O_WRONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		fprintf(stderr, "inputtrace: %s: inputtrace.ko is not loaded: nothing is traced\n",
			cmd);
		return 1;
	}
	if (fd < 0 && (errno == EACCES || errno == EPERM)) {
		fprintf(stderr, "inputtrace: %s: only root may write %s (see --help)\n",
			cmd, PAUSED_ATTR);
		return 1;
	}
	if (fd < 0) {
		fprintf(stderr, "inputtrace: %s: %s: %s\n", cmd, PAUSED_ATTR,
			strerror(errno));
		return 1;
	}
	n = write(fd, on ? "1" : "0", 1);
	if (n != 1) {
		fprintf(stderr, "inputtrace: %s: writing %s: %s\n", cmd, PAUSED_ATTR,
			n < 0 ? strerror(errno) : "short write");
		close(fd);
		return 1;
	}
	close(fd);
	return 0;
}

int cmd_pause(int argc, char **argv)
{
	return set_paused("pause", argc, argv, true);
}

int cmd_resume(int argc, char **argv)
{
	return set_paused("resume", argc, argv, false);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmd_opts.h - the one-line errors of a subcommand's getopt_long() loop
 * (optstring starting "+:", opterr = 0), worded the same in every command.
 */
#ifndef __CMD_OPTS_H
#define __CMD_OPTS_H

#include <getopt.h>
#include <stdio.h>

/* Report getopt_long()'s ':' (missing argument) or '?' (unknown option). */
static inline void cmd_opt_error(const char *cmd, int c, char **argv)
{
	if (c == ':')
		fprintf(stderr, "inputtrace: %s: option '%s' needs an argument\n", cmd,
			argv[optind - 1]);
	else
		fprintf(stderr, "inputtrace: %s: unknown option '%s' (see --help)\n", cmd,
			argv[optind - 1]);
}

#endif /* __CMD_OPTS_H */

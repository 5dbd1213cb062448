// SPDX-License-Identifier: GPL-2.0
/*
 * trace_operands.c - operands and key of the multi-file readers, so that
 * report and export accept the same FILE|DIR... and fail the same way.
 */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "keyfile.h"
#include "report.h"
#include "trace_operands.h"

void trace_operands_free(struct trace_operands *o)
{
	while (o->npaths)
		free(o->paths[--o->npaths]);
	free(o->paths);
	o->paths = NULL;
	keyfile_secret_free(o->sk);
	o->sk = NULL;
}

int trace_operands_open(struct trace_operands *o, const char *cmd, int argc, char **argv,
			int first, const char *key_path)
{
	int i, rc;

	memset(o, 0, sizeof(*o));
	if (first >= argc)
		return cli_error(cmd, CLI_EXIT_FAILURE, "no trace file given (see --help)");
	for (i = first; i < argc; i++) {
		rc = report_expand(argv[i], &o->paths, &o->npaths);
		if (rc) {
			trace_operands_free(o);
			return cli_error(cmd, CLI_EXIT_FAILURE, "%s: %s", argv[i], strerror(-rc));
		}
	}
	if (!o->npaths)
		return cli_error(cmd, CLI_EXIT_FAILURE, "no inputtrace-*.itr file in %s",
				 argv[argc - 1]);
	if (key_path) {
		o->sk = keyfile_secret_open(cmd, key_path);
		if (!o->sk) {
			trace_operands_free(o);
			return CLI_EXIT_FAILURE;
		}
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - `inputtrace report [--format text|json] [--key FILE]
 * [--plot FILE.png|FILE.svg] FILE|DIR...`: options, then every file of
 * every operand into one report (lib/report*.c), printed and plotted.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "commands.h"
#include "dump.h"
#include "report.h"
#include "trace_operands.h"

static const char report_usage[] =
"Usage: inputtrace report [--format text|json] [--key SECRETFILE]\n"
"                         [--plot FILE.png|FILE.svg] FILE|DIR...\n"
"\n"
"Summarise trace files as one report: per device and per reader (pid,\n"
"comm, cgroup) event counts per type and rates, the device's report rate\n"
"from the mean interval between SYN_REPORT frames with an interval\n"
"histogram, delivery latency (read_ns - time_ns) p50/p90/p99/p99.9/max,\n"
"losses, pauses, and the level and time quantum that applied.  A DIR\n"
"stands for its inputtrace-*.itr files (a rotated recording), by name.\n"
"\n"
"  -f, --format=FMT   text (default) or json (one object, see the man page)\n"
"  -k, --key=FILE     secret key (from inputtrace keygen) of encrypted files\n"
"  -p, --plot=FILE    also draw latency per reader and a timeline of event\n"
"                     rate and latency with gnuplot: FILE.png or FILE.svg\n"
"  -h, --help         show this help\n"
"\n"
"Exit status: 0 all files clean, 1 error (usage, unreadable file, wrong or\n"
"missing key, plot failed), 2 damaged ranges or no END block in a file\n"
"(the report still counts what could be read).\n"
"\n"
"EXAMPLES:\n"
"    inputtrace report trace.itr\n"
"    inputtrace report --key audit.key /var/lib/inputtrace/\n"
"    inputtrace report -f json trace.itr | jq '.readers[] | {comm, latency_ns}'\n"
"    inputtrace report --plot latency.png trace.itr\n";

static const struct option report_longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "key", required_argument, NULL, 'k' },
	{ "plot", required_argument, NULL, 'p' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

/* 2 means damaged here, as for dump: a usage error is an error, 1. */
static const struct cli_spec report_spec = {
	.cmd = "report",
	.usage = report_usage,
	.shortopts = "f:k:p:",
	.longopts = report_longopts,
	.usage_status = DUMP_ERROR,
};

struct report_args {
	enum report_format fmt;
	const char *key_path;
	const char *plot;
};

static int report_option(void *ctx, int c, char *arg)
{
	struct report_args *a = ctx;

	switch (c) {
	case 'f':
		if (!strcmp(arg, "text"))
			a->fmt = REPORT_TEXT;
		else if (!strcmp(arg, "json"))
			a->fmt = REPORT_JSON;
		else
			return cli_error("report", -1, "unknown format '%s' (text or json)", arg);
		return 0;
	case 'k':
		a->key_path = arg;
		return 0;
	case 'p':
		if (report_plot_kind(arg) < 0)
			return cli_error("report", -1, "--plot '%s': the name must end in .png or .svg",
					 arg);
		a->plot = arg;
		return 0;
	}
	return -1;
}

int cmd_report(int argc, char **argv)
{
	struct report_args a = { .fmt = REPORT_TEXT };
	struct trace_operands ops;
	struct report r;
	int first = cli_getopt(&report_spec, argc, argv, report_option, &a);
	int rc, ret = DUMP_OK;
	size_t i;

	if (first < 0)
		return cli_exit_status(&report_spec, first);
	if (trace_operands_open(&ops, "report", argc, argv, first, a.key_path))
		return DUMP_ERROR;
	report_init(&r);
	for (i = 0; i < ops.npaths && ret != DUMP_ERROR; i++) {
		rc = report_add_file(&r, ops.paths[i], ops.sk, stderr);
		if (rc == DUMP_ERROR || (rc == DUMP_DAMAGED && ret == DUMP_OK))
			ret = rc;
	}
	trace_operands_free(&ops);
	/* a file that cannot be read at all makes no report: it would lie */
	if (ret == DUMP_ERROR)
		goto out;
	if (report_finish(&r)) {
		ret = cli_error("report", DUMP_ERROR, "%s", strerror(ENOMEM));
		goto out;
	}
	if (report_print(stdout, &r, a.fmt))
		ret = cli_error("report", DUMP_ERROR, "writing the report: %s", strerror(EIO));
	else if (a.plot && report_plot(&r, a.plot, stderr))
		ret = DUMP_ERROR;
out:
	report_free(&r);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * cli.c - the command-line plumbing every subcommand shares (cli.h).
 *
 * Numbers are parsed strictly (no sign, no spaces, no trailing junk, range
 * checked): a typo in --count must not become "record forever".
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include "cli.h"

int cli_error(const char *cmd, int status, const char *fmt, ...)
{
	va_list ap;

	fputs("inputtrace: ", stderr);
	if (cmd)
		fprintf(stderr, "%s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

const struct option cli_help_only[] = {
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

int cli_getopt(const struct cli_spec *spec, int argc, char **argv,
	       cli_opt_fn fn, void *ctx)
{
	char optstring[64];
	int c;

	/* "+": stop at the first operand; ":": report a missing argument */
	snprintf(optstring, sizeof(optstring), "+:%sh", spec->shortopts);
	optind = 0;	/* full getopt reset: parsers may run more than once */
	opterr = 0;
	while ((c = getopt_long(argc, argv, optstring, spec->longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(spec->usage, stdout);
			return CLI_HELP;
		case ':':
			cli_error(spec->cmd, 0, "option '%s' needs an argument",
				  argv[optind - 1]);
			return CLI_USAGE;
		case '?':
			cli_error(spec->cmd, 0, "unknown option '%s' (see --help)",
				  argv[optind - 1]);
			return CLI_USAGE;
		default:
			if (!fn || fn(ctx, c, optarg) < 0)
				return CLI_USAGE;
		}
	}
	return optind;
}

int cli_no_operands(const struct cli_spec *spec, int argc, char **argv, int first)
{
	if (first < argc) {
		cli_error(spec->cmd, 0, "unexpected argument '%s' (see --help)",
			  argv[first]);
		return CLI_USAGE;
	}
	return first;
}

int cli_exit_status(const struct cli_spec *spec, int ret)
{
	return ret == CLI_HELP ? CLI_EXIT_OK : spec->usage_status;
}

int cli_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return -EINVAL;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int cli_parse_size(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	unsigned int shift = 0;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -EINVAL;
	switch (*end) {
	case '\0':
		break;
	case 'k': case 'K':
		shift = 10;
		break;
	case 'm': case 'M':
		shift = 20;
		break;
	case 'g': case 'G':
		shift = 30;
		break;
	default:
		return -EINVAL;
	}
	if (*end && end[1])
		return -EINVAL;
	if (v > (UINT64_MAX >> shift))
		return -ERANGE;
	v <<= shift;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/* Decimal seconds without strtod: no locale, no "1e3", no "nan". */
int cli_parse_duration(const char *s, uint64_t *ns)
{
	uint64_t sec = 0, frac = 0, scale = 1000000000;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	for (; isdigit((unsigned char)*p); p++) {
		sec = sec * 10 + (*p - '0');
		if (sec > CLI_DURATION_MAX_NS / 1000000000)
			return -ERANGE;
	}
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		for (; isdigit((unsigned char)*p); p++) {
			if (scale == 1)
				return -EINVAL;	/* finer than 1 ns */
			scale /= 10;
			frac += (*p - '0') * scale;
		}
	}
	if (*p)
		return -EINVAL;
	sec = sec * 1000000000 + frac;
	if (sec == 0 || sec > CLI_DURATION_MAX_NS)
		return -ERANGE;
	*ns = sec;
	return 0;
}

static void main_usage(FILE *f, const struct cli_command *cmds, size_t n)
{
	size_t i;

	fputs("Usage: inputtrace COMMAND [OPTION...]\n"
	      "       inputtrace --help | --version\n\n"
	      "Trace Linux input events as delivered to their readers.\n\n"
	      "Commands:\n", f);
	for (i = 0; i < n; i++)
		fprintf(f, "  %-8s %s\n", cmds[i].name, cmds[i].summary);
	fputs("\nRun 'inputtrace COMMAND --help' for the options of a command.\n\n"
	      "EXAMPLES:\n"
	      "    inputtrace status\n"
	      "    inputtrace record -o trace.itr --duration 30\n"
	      "    inputtrace dump --format json trace.itr\n", f);
}

int cli_dispatch(int argc, char **argv, const struct cli_command *cmds, size_t n)
{
	size_t i;

	if (argc < 2) {
		main_usage(stderr, cmds, n);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		main_usage(stdout, cmds, n);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("inputtrace %s\n", INPUTTRACE_VERSION);
		return 0;
	}
	for (i = 0; i < n; i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	return cli_error(NULL, CLI_EXIT_USAGE, "unknown command '%s' (see --help)",
			 argv[1]);
}

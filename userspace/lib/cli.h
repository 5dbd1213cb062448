/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cli.h - what every subcommand shares: the exit statuses, the one error
 * helper, the one getopt_long() loop, strict number parsers, and the
 * subcommand dispatch of main().
 *
 * Convention (README, "Command line"): exit 0 success, 1 failure, 2 usage
 * error.  A command whose results already use 2 keeps its documented
 * codes and says which one a usage error gets (dump: 1, verify: 3); that
 * is its cli_spec.usage_status, so no command decides it twice.
 */
#ifndef __CLI_H
#define __CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>

#ifndef INPUTTRACE_VERSION
#define INPUTTRACE_VERSION	"0.1.0"
#endif

#define CLI_EXIT_OK		0
#define CLI_EXIT_FAILURE	1
#define CLI_EXIT_USAGE		2

/*
 * "inputtrace: CMD: MESSAGE\n" on stderr (without "CMD: " when @cmd is
 * NULL): every diagnostic of every command is this one line.  Returns
 * @status, so `return cli_error(...)` both reports and exits.
 */
int cli_error(const char *cmd, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* One command's option table: the single source for parsing and --help. */
struct cli_spec {
	const char *cmd;		/* "dump": messages say "inputtrace: dump: " */
	const char *usage;		/* the --help text (printed to stdout) */
	const char *shortopts;		/* getopt_long()'s, without "+:" and 'h' */
	const struct option *longopts;	/* must contain { "help", ..., 'h' } */
	int usage_status;		/* exit status of a usage error */
};

/* The option table of a command that has only --help. */
extern const struct option cli_help_only[];

/* An option of the table was seen: 0 go on, < 0 stop (cli_error() said why). */
typedef int (*cli_opt_fn)(void *ctx, int opt, char *arg);

#define CLI_HELP	(-1)	/* --help was printed */
#define CLI_USAGE	(-2)	/* a usage error was printed */

/*
 * The getopt_long() loop of every command: options up to the first
 * operand, -h/--help prints spec->usage, an unknown option or a missing
 * argument is one cli_error() line; @fn may be NULL when the table has
 * only --help.  Returns the index of the first
 * operand in @argv, CLI_HELP or CLI_USAGE.  Resets getopt, so it may run
 * more than once in a process (the unit tests do).
 */
int cli_getopt(const struct cli_spec *spec, int argc, char **argv,
	       cli_opt_fn fn, void *ctx);
/* CLI_USAGE (one line) if argv[@first] exists: for commands without operands. */
int cli_no_operands(const struct cli_spec *spec, int argc, char **argv, int first);
/* The exit status for a negative cli_getopt()/cli_no_operands() result. */
int cli_exit_status(const struct cli_spec *spec, int ret);

/* Strict number parsers: no sign, no spaces, no trailing junk, in range. */
int cli_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
/* "4096", "64K", "1M", "1G" (binary multiples). */
int cli_parse_size(const char *s, uint64_t min, uint64_t max, uint64_t *out);
/* "2", "1.5", "0.25" seconds -> ns; up to 9 decimals, > 0, <= 366 days. */
#define CLI_DURATION_MAX_NS	(366ull * 24 * 3600 * 1000000000ull)
int cli_parse_duration(const char *s, uint64_t *ns);

struct cli_command {
	const char *name;
	int (*fn)(int argc, char **argv);	/* returns the exit status */
	const char *summary;
};

/* Run the subcommand named by argv[1]; handles --help and --version. */
int cli_dispatch(int argc, char **argv, const struct cli_command *cmds, size_t n);

#endif /* __CLI_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * dump.c - `inputtrace dump [--format text|json] [--key FILE] [--follow]
 * FILE...`: options, then the dump engine (lib/dump.c) for each file.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include "cli.h"
#include "commands.h"
#include "dump.h"
#include "keyfile.h"

static const char dump_usage[] =
"Usage: inputtrace dump [--format text|json] [--key SECRETFILE] FILE...\n"
"       inputtrace dump --follow [--format text|json] [--key SECRETFILE] FILE|-\n"
"\n"
"Print the records of inputtrace trace files, in file order.  FILE - is\n"
"stdin (a pipe from `inputtrace record -o -`, or a file).\n"
"\n"
"  -f, --format=FMT   text (evtest-like, default) or json (JSON Lines:\n"
"                     one object per record, kinds event/device/loss/pause/damage)\n"
"  -k, --key=FILE     secret key (from inputtrace keygen) of encrypted files\n"
"      --follow       print records as they are written, flushed per block:\n"
"                     a pipe until the recorder closes it, a growing file\n"
"                     (like tail -f) until its END block; SIGINT stops\n"
"                     (exit 0 unless damage was seen).  One FILE only; a\n"
"                     device is named from its DEVICE record on\n"
"  -h, --help         show this help\n"
"\n"
"Exit status: 0 all files clean, 1 error (usage, unreadable file, encrypted\n"
"file without --key or with the wrong key), 2 damaged ranges found or no\n"
"END block (crashed or still recording).  An encrypted file ends at its\n"
"first damaged block: later blocks cannot be authenticated.\n"
"\n"
"EXAMPLES:\n"
"    inputtrace dump trace.itr                # text, one line per record\n"
"    inputtrace dump --format json a.itr b.itr | jq 'select(.kind==\"loss\")'\n"
"    inputtrace dump -f json trace.itr | jq -r .comm | sort | uniq -c\n"
"    inputtrace dump --key ~/.config/inputtrace/audit.key trace.itr\n"
"    inputtrace record -o - | inputtrace dump --follow -f json -\n"
"    inputtrace dump --follow /var/log/inputtrace/inputtrace-*-1234.itr\n";

enum { OPT_FOLLOW = 256 };

static const struct option dump_longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "key", required_argument, NULL, 'k' },
	{ "follow", no_argument, NULL, OPT_FOLLOW },
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

/* 2 means damaged here, so a usage error is an error like the others: 1. */
static const struct cli_spec dump_spec = {
	.cmd = "dump",
	.usage = dump_usage,
	.shortopts = "f:k:",
	.longopts = dump_longopts,
	.usage_status = DUMP_ERROR,
};

struct dump_args {
	enum dump_format fmt;
	const char *key_path;
	bool follow;
};

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

/* SIGINT/SIGTERM end the following; no SA_RESTART: the wait returns. */
static void catch_stop(void)
{
	struct sigaction sa = { .sa_handler = on_stop };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static int dump_option(void *ctx, int c, char *arg)
{
	struct dump_args *a = ctx;

	switch (c) {
	case 'f':
		if (!strcmp(arg, "text"))
			a->fmt = DUMP_TEXT;
		else if (!strcmp(arg, "json"))
			a->fmt = DUMP_JSON;
		else
			return cli_error("dump", -1, "unknown format '%s' (text or json)", arg);
		return 0;
	case 'k':
		a->key_path = arg;
		return 0;
	case OPT_FOLLOW:
		a->follow = true;
		return 0;
	}
	return -1;
}

int cmd_dump(int argc, char **argv)
{
	struct dump_args a = { .fmt = DUMP_TEXT };
	unsigned char *sk = NULL;
	int i, rc, ret = DUMP_OK;
	int first = cli_getopt(&dump_spec, argc, argv, dump_option, &a);

	if (first < 0)
		return cli_exit_status(&dump_spec, first);
	if (first >= argc)
		return cli_error("dump", DUMP_ERROR, "no trace file given (see --help)");
	if (a.follow && argc - first > 1)
		return cli_error("dump", DUMP_ERROR, "--follow reads one FILE or - (see --help)");
	if (a.key_path) {
		sk = keyfile_secret_open("dump", a.key_path);
		if (!sk)
			return DUMP_ERROR;
	}
	if (a.follow)
		catch_stop();
	for (i = first; i < argc; i++) {
		/* stdin cannot be read twice: one pass, like --follow */
		if (a.follow || !strcmp(argv[i], "-"))
			rc = dump_follow(stdout, stderr, argv[i], a.fmt, sk, a.follow,
					 &stop_signal);
		else
			rc = dump_file(stdout, stderr, argv[i], a.fmt, sk);
		if (rc == DUMP_ERROR || (rc == DUMP_DAMAGED && ret == DUMP_OK))
			ret = rc;
	}
	keyfile_secret_free(sk);
	return ret;
}

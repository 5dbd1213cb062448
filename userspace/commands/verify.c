// SPDX-License-Identifier: GPL-2.0
/*
 * verify.c - `inputtrace verify [--key FILE] [--quiet] FILE...`: options,
 * the verify engine (lib/verify.c) for each file, one line per file.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include "cli.h"
#include "commands.h"
#include "keyfile.h"
#include "verify.h"

static void print_report(const char *path, const struct verify_report *rep, bool quiet)
{
	switch (rep->result) {
	case VERIFY_CLEAN:
		if (!quiet)
			printf("%s: clean (%" PRIu64 " blocks, %" PRIu64 " records; %s)\n",
			       path, rep->blocks, rep->records, rep->reason);
		break;
	case VERIFY_DAMAGED:
	case VERIFY_TRUNCATED:
		if (!quiet)
			printf("%s: %s at offset %" PRIu64 ": %s (%" PRIu64 " blocks, %"
			       PRIu64 " records intact)\n", path,
			       rep->result == VERIFY_DAMAGED ? "damaged" : "truncated",
			       rep->bad_offset, rep->reason, rep->blocks, rep->records);
		break;
	case VERIFY_UNVERIFIED:
		/* An error, not a finding: stderr, even when quiet. */
		cli_error("verify", 0, "%s: %s", path, rep->reason);
		break;
	}
}

/* Damage is the strongest finding, then "could not tell", then a crash. */
static int worse(int a, int b)
{
	static const int rank[] = {
		[VERIFY_CLEAN] = 0, [VERIFY_TRUNCATED] = 1,
		[VERIFY_UNVERIFIED] = 2, [VERIFY_DAMAGED] = 3,
	};

	return rank[b] > rank[a] ? b : a;
}

static const char verify_usage[] =
"Usage: inputtrace verify [--key SECRETFILE] [--quiet] FILE...\n"
"\n"
"Check inputtrace trace files end to end: the header (checksum, state),\n"
"every block (magic, lengths, crc32, sequence, zstd, record framing, and\n"
"with --key the AEAD tag of an encrypted file), the END block and that\n"
"nothing follows it.  One line per file: the first bad offset and why,\n"
"and how many blocks and records were intact.\n"
"\n"
"crc32 catches accidents, not a forger: anyone can rewrite a plaintext\n"
"block and fix its crc.  Only an encrypted file checked with its key is\n"
"tamper-evident (any changed, missing, reordered or replayed block fails\n"
"its AEAD tag; cutting the file at a block boundary still looks like a\n"
"crash).  Without --key an encrypted file's tags cannot be checked: verify\n"
"says so, checks the rest, and exits 3 unless it found damage.\n"
"\n"
"  -k, --key=FILE  secret key file (from inputtrace keygen) of encrypted files\n"
"  -q, --quiet     print nothing but errors; use the exit status\n"
"  -h, --help      show this help\n"
"\n"
"Exit status (the worst file counts, in the order 1, 3, 2, 0):\n"
"  0  clean\n"
"  1  damaged: bad bytes, a missing or swapped block, bad header or state\n"
"  2  truncated: no END block and nothing wrong but an incomplete last\n"
"     block (a crash or a recorder still running)\n"
"  3  could not verify: unreadable, not a trace file, encrypted without\n"
"     --key, plaintext with --key, wrong key, bad key file or usage error\n"
"\n"
"EXAMPLES:\n"
"    inputtrace verify trace.itr\n"
"    inputtrace verify --key audit.key /var/lib/inputtrace/*.itr\n"
"    inputtrace verify -q -k audit.key t.itr || echo \"t.itr: status $?\"\n";

static const struct option verify_longopts[] = {
	{ "key", required_argument, NULL, 'k' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

/* 2 means truncated here: a usage error is "could not verify", 3. */
static const struct cli_spec verify_spec = {
	.cmd = "verify",
	.usage = verify_usage,
	.shortopts = "k:q",
	.longopts = verify_longopts,
	.usage_status = VERIFY_UNVERIFIED,
};

struct verify_args {
	const char *key_path;
	bool quiet;
};

static int verify_option(void *ctx, int c, char *arg)
{
	struct verify_args *a = ctx;

	if (c == 'k')
		a->key_path = arg;
	else if (c == 'q')
		a->quiet = true;
	else
		return -1;
	return 0;
}

int cmd_verify(int argc, char **argv)
{
	struct verify_args a = { 0 };
	struct verify_report rep;
	unsigned char *sk = NULL;
	int i, ret, first = cli_getopt(&verify_spec, argc, argv, verify_option, &a);

	if (first < 0)
		return cli_exit_status(&verify_spec, first);
	if (first >= argc)
		return cli_error("verify", VERIFY_UNVERIFIED, "no trace file given (see --help)");
	if (a.key_path) {
		sk = keyfile_secret_open("verify", a.key_path);
		if (!sk)
			return VERIFY_UNVERIFIED;
	}
	ret = VERIFY_CLEAN;
	for (i = first; i < argc; i++) {
		tracefile_verify(argv[i], sk, &rep);
		print_report(argv[i], &rep, a.quiet);
		ret = worse(ret, rep.result);
	}
	keyfile_secret_free(sk);
	return ret;
}

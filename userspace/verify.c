// SPDX-License-Identifier: GPL-2.0
/*
 * verify.c - `inputtrace verify [--key FILE] [--quiet] FILE...`
 *
 * Built on the reader, which already validates everything it hands out;
 * verify reads every record, then judges the damage the reader found.  The
 * only judgement of its own is what a crash looks like (a block cut off
 * by EOF, no END): truncated rather than damaged.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "cmd_opts.h"
#include "keyfile.h"
#include "tracefile.h"
#include "verify.h"

#define PFX "inputtrace: verify: "

static void judge(struct verify_report *rep, enum verify_result res, uint64_t off,
		  const char *fmt, ...)
{
	va_list ap;

	rep->result = res;
	rep->bad_offset = off;
	va_start(ap, fmt);
	vsnprintf(rep->reason, sizeof(rep->reason), fmt, ap);
	va_end(ap);
}

/* Everything is read; decide what the damage found means. */
static void classify(const struct tracefile_reader *r, bool key_given,
		     struct verify_report *rep)
{
	const struct tracefile_damage *d = tracefile_reader_damage(r, 0);
	size_t n = tracefile_reader_damage_count(r);
	bool end = tracefile_reader_end_seen(r);

	/* A torn range reaches EOF, so no END can follow it. */
	if (n > 1 || (n == 1 && !d->torn))
		judge(rep, VERIFY_DAMAGED, d->offset, "%s", d->reason);
	else if (key_given && !rep->encrypted)
		/* swapping an encrypted file for a plaintext forgery must show */
		judge(rep, VERIFY_UNVERIFIED, 0,
		      "--key given but the file is plaintext: nothing in it can be authenticated");
	else if (rep->encrypted && !rep->authenticated)
		judge(rep, VERIFY_UNVERIFIED, 0,
		      "encrypted: AEAD tags not checked without --key (framing ok%s)",
		      end ? "" : ", but no END block");
	else if (!end && d)
		judge(rep, VERIFY_TRUNCATED, d->offset, "no END block: %s", d->reason);
	else if (!end)
		judge(rep, VERIFY_TRUNCATED, tracefile_reader_size(r),
		      "no END block (crashed or still recording)");
	else
		judge(rep, VERIFY_CLEAN, 0, "%s", rep->encrypted ?
		      "encrypted, AEAD tags verified" : "plaintext, crc32 only");
}

enum verify_result tracefile_verify(const char *path, const unsigned char *sk,
				    struct verify_report *rep)
{
	struct tracefile_reader *r;
	struct trace_record rec;
	int err;

	memset(rep, 0, sizeof(*rep));
	/* Without a key, an encrypted file's framing can still be checked. */
	err = sk ? tracefile_open_key(path, sk, &r) : tracefile_open_framing(path, &r);
	if (err) {
		judge(rep, VERIFY_UNVERIFIED, 0, "%s", tracefile_strerror(err));
		return rep->result;
	}
	while ((err = tracefile_next(r, &rec)) == 1)
		rep->records++;
	rep->blocks = tracefile_reader_blocks(r);
	rep->encrypted = tracefile_reader_info(r)->encrypted;
	rep->authenticated = rep->encrypted && sk;
	if (err < 0)
		judge(rep, VERIFY_UNVERIFIED, 0, "read error: %s", strerror(-err));
	else
		classify(r, sk != NULL, rep);
	tracefile_reader_close(r);
	return rep->result;
}

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
		fprintf(stderr, PFX "%s: %s\n", path, rep->reason);
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

/* Options into *@key_path / *@quiet; -1 to go on, else the exit status. */
static int parse_verify_args(int argc, char **argv, const char **key_path, bool *quiet)
{
	static const struct option longopts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c;

	optind = 0;	/* full getopt reset: may run more than once */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:k:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			*key_path = optarg;
			break;
		case 'q':
			*quiet = true;
			break;
		case 'h':
			fputs(verify_usage, stdout);
			return VERIFY_CLEAN;
		default:	/* ':' or '?' */
			cmd_opt_error("verify", c, argv);
			return VERIFY_UNVERIFIED;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, PFX "no trace file given (see --help)\n");
		return VERIFY_UNVERIFIED;
	}
	return -1;
}

int cmd_verify(int argc, char **argv)
{
	const char *key_path = NULL;
	struct verify_report rep;
	unsigned char *sk = NULL;
	bool quiet = false;
	int i, ret = parse_verify_args(argc, argv, &key_path, &quiet);

	if (ret >= 0)
		return ret;
	if (key_path) {
		sk = keyfile_secret_open("verify", key_path);
		if (!sk)
			return VERIFY_UNVERIFIED;
	}
	ret = VERIFY_CLEAN;
	for (i = optind; i < argc; i++) {
		tracefile_verify(argv[i], sk, &rep);
		print_report(argv[i], &rep, quiet);
		ret = worse(ret, rep.result);
	}
	keyfile_secret_free(sk);
	return ret;
}

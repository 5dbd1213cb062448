/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cli.h - subcommand dispatch and the `inputtrace record` option parser,
 * kept apart from main() and from BPF loading so both are unit-testable.
 */
#ifndef __CLI_H
#define __CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>
#include "filter.h"
#include "tracefile.h"

#ifndef INPUTTRACE_VERSION
#define INPUTTRACE_VERSION	"0.1.0"
#endif

#define RECORD_RING_DEFAULT	(256 * 1024)
#define RECORD_RING_MIN		4096
#define RECORD_RING_MAX		(1024 * 1024 * 1024)
#define RECORD_DURATION_MAX_NS	(366ull * 24 * 3600 * 1000000000ull)
#define RECORD_ROTATE_SIZE_MAX	(1ull << 40)
/* Encrypt to this recipient unless --encrypt-to or --plaintext say else. */
#define RECORD_RECIPIENT_DEFAULT	"/etc/inputtrace/recipient.pub"

struct record_opts {
	const char *output;	/* -o as given (points into argv) */
	bool output_is_dir;	/* existing directory: see record_output_path() */
	uint64_t duration_ns;	/* 0 = until SIGINT/SIGTERM */
	uint64_t count;		/* stop after this many EVENT records; 0 = no limit */
	struct filter_opts filter;
	enum tracefile_sync sync;	/* default TRACEFILE_SYNC_BLOCK */
	size_t block_bytes;		/* default TRACEFILE_BLOCK_DEFAULT */
	bool compress;			/* default true */
	uint64_t ring_bytes;		/* per-CPU ring, default RECORD_RING_DEFAULT */
	const char *encrypt_to;		/* --encrypt-to PUBKEY file */
	bool plaintext;			/* --plaintext: even with a default recipient */
	/* rotation and retention: only with -o DIR; 0 = off */
	uint64_t rotate_bytes;
	uint64_t rotate_ns;
	uint64_t max_total_bytes;
	uint64_t max_age_ns;
	bool verbose;
	bool quiet;
};

/*
 * Parse `record` options (argv[0] is "record").  Returns 0 and fills @o,
 * 1 when --help was printed (exit 0), or -EINVAL after printing one line
 * "inputtrace: record: ..." on stderr; @o is untouched unless 0.
 */
int record_parse_args(int argc, char **argv, struct record_opts *o);

/*
 * The file to create: o->output itself, or for a directory
 * "<dir>/inputtrace-YYYYmmdd-HHMMSS-<pid>.itr" (local time of @now), with
 * "-<seq>" before ".itr" for the files a rotation starts (seq > 0).
 * -ENAMETOOLONG if it does not fit in @len.
 */
int record_output_path(const struct record_opts *o, time_t now, pid_t pid,
		       unsigned int seq, char *buf, size_t len);

/* Strict number parsers, exposed for tests and for status/record code. */
int cli_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
/* "4096", "64K", "1M", "1G" (binary multiples). */
int cli_parse_size(const char *s, uint64_t min, uint64_t max, uint64_t *out);
/* "2", "1.5", "0.25" seconds -> ns; up to 9 decimals, > 0. */
int cli_parse_duration(const char *s, uint64_t *ns);

struct cli_command {
	const char *name;
	int (*fn)(int argc, char **argv);	/* returns the exit status */
	const char *summary;
};

/* Run the subcommand named by argv[1]; handles --help and --version. */
int cli_dispatch(int argc, char **argv, const struct cli_command *cmds, size_t n);

/* Implemented by the subcommands (record.c, status.c, dump.c, ...). */
int cmd_record(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_pause(int argc, char **argv);
int cmd_resume(int argc, char **argv);

#endif /* __CLI_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_cli.c - the command-line parsers: the input is an argument vector,
 * NUL-separated, given to `record`'s option parser (getopt loop, every
 * option's value parser, the combination checks), and each argument to the
 * strict number parsers, whose results must lie in the asked range.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_helpers.h"
#include "cli.h"
#include "commands.h"

#define MAX_ARGS	64

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet_stdio();
	return 0;
}

static void numbers(const char *s)
{
	uint64_t v;

	if (!cli_parse_u64(s, 10, 1000, &v) && (v < 10 || v > 1000))
		abort();
	if (!cli_parse_size(s, 4096, 1ull << 40, &v) && (v < 4096 || v > 1ull << 40))
		abort();
	if (!cli_parse_duration(s, &v) && (!v || v > CLI_DURATION_MAX_NS))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[MAX_ARGS + 2] = { "record" };
	struct record_opts o;
	size_t pos = 0;
	int argc = 1;

	if (!buf)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	while (pos <= size && argc <= MAX_ARGS) {
		argv[argc++] = buf + pos;
		numbers(buf + pos);
		pos += strlen(buf + pos) + 1;
	}
	argv[argc] = NULL;
	if (record_parse_args(argc, argv, &o) == 0 &&
	    (!o.output || (o.verbose && o.quiet) || o.block_bytes < TRACEFILE_BLOCK_MIN ||
	     o.block_bytes > TRACEFILE_BLOCK_MAX))
		abort();
	free(buf);
	return 0;
}

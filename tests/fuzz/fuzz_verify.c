// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_verify.c - the verify engine on the input as a trace file, with
 * the corpus's test key and without: a result is one of the four, its
 * reason one NUL-terminated line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_helpers.h"
#include "verify.h"

FUZZ_INPUT_FILE(file, sk)

static void check(const unsigned char *key, size_t size)
{
	struct verify_report rep;
	enum verify_result res = tracefile_verify(file.path, key, &rep);

	if (res != rep.result || res > VERIFY_UNVERIFIED || rep.bad_offset > size ||
	    !memchr(rep.reason, '\0', sizeof(rep.reason)) || strchr(rep.reason, '\n'))
		abort();
	/* clean means nothing was wrong: no bad offset to point at */
	if (res == VERIFY_CLEAN && (rep.bad_offset || !rep.blocks))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_file_set(&file, data, size);
	check(sk, size);
	check(NULL, size);
	return 0;
}

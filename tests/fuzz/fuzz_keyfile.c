// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_keyfile.c - the key-file parser on the input as a key file (a
 * 0600 memfd, so the secret-key path is not refused for its mode), as a
 * public and as a secret key: a file is at most one of the two, and the
 * message of a refusal names the file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_helpers.h"
#include "keyfile.h"

FUZZ_INPUT_FILE(file, sk)

static int load(bool secret)
{
	unsigned char key[TRACEFILE_KEY_BYTES];
	char err[512] = "";
	int rc = secret ? keyfile_load_secret(file.path, key, err, sizeof(err)) :
			  keyfile_load_public(file.path, key, err, sizeof(err));

	if (rc && strncmp(err, file.path, strlen(file.path)))
		abort();
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_file_set(&file, data, size);
	if (!load(false) && !load(true))
		abort();	/* one label cannot be both */
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_tracefile_header.c - the one header parser, on the input as a
 * whole file (a memfd): a valid header must describe bytes inside it.
 */
#include <stdint.h>
#include <stdlib.h>
#include "fuzz_helpers.h"
#include "tracefile_crypto.h"
#include "tracefile_fmt.h"
#include "tracefile_header.h"

FUZZ_INPUT_FILE(file, sk)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tracefile_header h;
	const char *why = NULL;
	int rc;

	fuzz_file_set(&file, data, size);
	rc = tracefile_header_read(file.fd, size, &h, &why);
	if (rc == 0 && !why)
		abort();	/* damaged must say why */
	if (rc != 1)
		return 0;
	if (h.len > size ||
	    (uint64_t)TF_HDR_FIXED + h.host_len + h.kernel_len + h.cmdline_len +
	    (h.crypto ? TFC_SECTION_LEN : 0) != h.len)
		abort();
	tracefile_header_free(&h);
	return 0;
}

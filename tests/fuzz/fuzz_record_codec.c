// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_record_codec.c - the record decoder over a block payload: decode
 * record after record as the reader does, and check that every decoded
 * record encodes to its canonical bytes, which decode and encode back to
 * the same bytes.  (Canonical: the encoder zeroes what follows the NUL
 * of a string field, the decoder keeps it; neither is read past the NUL.)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "record_codec.h"

static void roundtrip(const struct trace_record *rec)
{
	unsigned char buf[RECORD_MAX_LEN], again[RECORD_MAX_LEN];
	struct trace_record copy;
	size_t used;
	int n = record_encode(rec, buf, sizeof(buf));

	if (n <= 0 || (size_t)n != record_encoded_len(rec) ||
	    record_decode(buf, n, &copy, &used) != 1 || used != (size_t)n ||
	    copy.kind != rec->kind || copy.head.time_ns != rec->head.time_ns ||
	    record_encode(&copy, again, sizeof(again)) != n || memcmp(buf, again, n))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace_record rec;
	size_t pos = 0, used;
	int rc;

	while (pos < size) {
		rc = record_decode(data + pos, size - pos, &rec, &used);
		if (rc < 0)
			break;
		if (used > size - pos || used < RECORD_HDR_LEN)
			abort();	/* consumed must stay inside the buffer */
		if (rc == 1)
			roundtrip(&rec);
		pos += used;
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_record_codec.c - the record decoder over a block payload: decode
 * record after record as the reader does, and check that every decoded
 * record encodes to its canonical bytes, which decode and encode back to
 * the same bytes.  (Canonical: the encoder zeroes what follows the NUL
 * of a string field, the decoder keeps it; neither is read past the NUL.)
 * A CAPS record's body is decoded as tracefile_next() does.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "record_codec.h"

/* What tracefile_next() adds to a decoded CAPS record: its body. */
static void own_caps(struct trace_record *rec, struct inputtrace_caps *caps)
{
	if (rec->kind == INPUTTRACE_REC_CAPS) {
		record_caps_get(rec->caps.body, caps);
		rec->caps.caps = caps;
	}
}

static void roundtrip(const struct trace_record *rec)
{
	static unsigned char buf[RECORD_MAX_LEN], again[RECORD_MAX_LEN];
	static struct inputtrace_caps caps;
	struct trace_record copy;
	size_t used;
	int n = record_encode(rec, buf, sizeof(buf));

	if (n <= 0 || (size_t)n != record_encoded_len(rec) ||
	    record_decode(buf, n, &copy, &used) != 1 || used != (size_t)n ||
	    copy.kind != rec->kind || copy.head.time_ns != rec->head.time_ns)
		abort();
	own_caps(&copy, &caps);
	if (record_encode(&copy, again, sizeof(again)) != n || memcmp(buf, again, n))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct inputtrace_caps caps;
	struct trace_record rec;
	size_t pos = 0, used;
	int rc;

	while (pos < size) {
		rc = record_decode(data + pos, size - pos, &rec, &used);
		if (rc < 0)
			break;
		if (used > size - pos || used < RECORD_HDR_LEN)
			abort();	/* consumed must stay inside the buffer */
		if (rc == 1) {
			own_caps(&rec, &caps);
			roundtrip(&rec);
		}
		pos += used;
	}
	return 0;
}

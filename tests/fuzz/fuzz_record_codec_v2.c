// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_record_codec_v2.c - the version 2 entry decoder over a block
 * payload, entry after entry from a fresh state as the reader does.  The
 * records decoded must encode (in a fresh block) to bytes that decode to
 * the same records, and those records must encode to the same bytes
 * again.  (The first round trip canonicalises: string bytes after a NUL
 * become zeroes, a redundant field bit or varint byte disappears.)
 * A CAPS record's body is decoded as tracefile_next() does, into a pool.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "record_codec_v2.h"

/* Decode all of @len bytes into @out (at most @max); -1 at the first bad entry. */
static int decode_all(const unsigned char *p, size_t len, struct trace_record *out,
		      size_t max, size_t *count, struct inputtrace_caps *pool)
{
	struct rc2_state s;
	size_t pos = 0, used, n = 0;
	int rc;

	rc2_reset(&s);
	while (pos < len) {
		memset(&out[n], 0, sizeof(out[n]));
		rc = rc2_decode(&s, p + pos, len - pos, &out[n], &used);
		if (rc < 0)
			break;
		if (!used || used > len - pos)
			abort();	/* consumed must stay inside the buffer */
		if (rc == 1 && out[n].kind == INPUTTRACE_REC_CAPS) {
			/* a CAPS entry is 1735 bytes: the pool has one per */
			record_caps_get(out[n].caps.body, pool);
			out[n].caps.caps = pool++;
			out[n].caps.body = NULL;	/* differs between buffers */
		}
		if (rc == 1 && ++n == max)
			abort();	/* an entry is at least one byte */
		pos += used;
	}
	*count = n;
	return pos == len ? 0 : -1;
}

static size_t encode_all(const struct trace_record *in, size_t n, unsigned char *buf,
			 size_t cap)
{
	struct rc2_state s;
	size_t len = 0, i;
	int k;

	rc2_reset(&s);
	for (i = 0; i < n; i++) {
		k = rc2_encode(&s, &in[i], buf + len, cap - len);
		if (k <= 0)
			abort();	/* a decoded record always re-encodes */
		len += k;
	}
	return len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t max = size + 1, n, n1, n2, len1, len2, i;
	struct trace_record *r = calloc(max, sizeof(*r));
	struct trace_record *r1 = calloc(max, sizeof(*r1));
	struct trace_record *r2 = calloc(max, sizeof(*r2));
	size_t cap = max * RC2_RECORD_MAX, ncaps = size / RECORD_CAPS_LEN + 1;
	unsigned char *b1 = malloc(cap), *b2 = malloc(cap);
	struct inputtrace_caps *c = calloc(ncaps, sizeof(*c));
	struct inputtrace_caps *c1 = calloc(ncaps, sizeof(*c1));
	struct inputtrace_caps *c2 = calloc(ncaps, sizeof(*c2));

	if (!r || !r1 || !r2 || !b1 || !b2 || !c || !c1 || !c2)
		abort();
	decode_all(data, size, r, max, &n, c);
	len1 = encode_all(r, n, b1, cap);
	if (decode_all(b1, len1, r1, max, &n1, c1) || n1 != n)
		abort();
	for (i = 0; i < n; i++)
		if (r1[i].kind != r[i].kind || r1[i].head.time_ns != r[i].head.time_ns ||
		    (r[i].kind == INPUTTRACE_REC_EVENT &&
		     (r1[i].ev.value != r[i].ev.value || r1[i].ev.code != r[i].ev.code ||
		      r1[i].ev.read_ns != r[i].ev.read_ns || r1[i].ev.pid != r[i].ev.pid)))
			abort();
	len2 = encode_all(r1, n1, b2, cap);
	if (len2 != len1 || memcmp(b1, b2, len1) ||
	    decode_all(b2, len2, r2, max, &n2, c2) || n2 != n1)
		abort();
	for (i = 0; i < n1; i++) {
		if (r1[i].kind == INPUTTRACE_REC_CAPS) {
			if (memcmp(r1[i].caps.caps, r2[i].caps.caps, sizeof(*c)))
				abort();
			r2[i].caps.caps = r1[i].caps.caps;	/* pools differ */
		}
	}
	if (memcmp(r1, r2, n1 * sizeof(*r1)))
		abort();
	free(c);
	free(c1);
	free(c2);
	free(r);
	free(r1);
	free(r2);
	free(b1);
	free(b2);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * tracefile_header.c - read and check a trace file header (see
 * tracefile_header.h for the checks and their order).
 *
 * The lengths are checked before the crc: a crc over a length nobody
 * validated would be computed over whatever the length field claims.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "tracefile.h"
#include "tracefile_crypto.h"
#include "tracefile_fmt.h"
#include "tracefile_header.h"

/* Bytes the header should have, from its fixed part. */
static uint64_t expected_len(const unsigned char *fixed)
{
	return (uint64_t)TF_HDR_FIXED + le16_get(fixed + TF_OFF_HOSTLEN) +
	       le16_get(fixed + TF_OFF_KERNLEN) + le32_get(fixed + TF_OFF_CMDLEN) +
	       (fixed[TF_OFF_FLAGS] & TF_FLAG_ENCRYPTED ? TFC_SECTION_LEN : 0);
}

static void fill(struct tracefile_header *h, unsigned char *b, uint32_t len)
{
	h->bytes = b;
	h->len = len;
	h->version = le16_get(b + TF_OFF_VERSION);
	h->state = b[TF_OFF_STATE];
	h->flags = b[TF_OFF_FLAGS];
	h->pid = le32_get(b + TF_OFF_PID);
	h->created_ns = le64_get(b + TF_OFF_CTIME);
	h->host_len = le16_get(b + TF_OFF_HOSTLEN);
	h->kernel_len = le16_get(b + TF_OFF_KERNLEN);
	h->cmdline_len = le32_get(b + TF_OFF_CMDLEN);
	h->host = b + TF_HDR_FIXED;
	h->kernel = h->host + h->host_len;
	h->cmdline = h->kernel + h->kernel_len;
	h->crypto = h->flags & TF_FLAG_ENCRYPTED ? b + len - TFC_SECTION_LEN : NULL;
}

int tracefile_header_read(int fd, uint64_t size, struct tracefile_header *h,
			  const char **why)
{
	/*
	 * Zeroed although tf_pread_all() fills every byte it reports: gcc 12's
	 * -fanalyzer does not model pread() writing its buffer (same for b).
	 */
	unsigned char fixed[TF_HDR_FIXED] = { 0 }, *b;
	uint64_t len;
	int err;

	memset(h, 0, sizeof(*h));
	if (size < TF_MAGIC_LEN)
		return -EBADMSG;
	err = tf_pread_all(fd, fixed, size < TF_HDR_FIXED ? TF_MAGIC_LEN :
			   TF_HDR_FIXED, 0);
	if (err)
		return err;
	if (memcmp(fixed, TF_MAGIC, TF_MAGIC_LEN))
		return -EBADMSG;
	*why = "file header cut short";
	if (size < TF_HDR_FIXED)
		return 0;
	len = le32_get(fixed + TF_OFF_HDRLEN);
	*why = "file header lengths inconsistent";
	if (len > TF_HDR_MAX || len != expected_len(fixed))
		return 0;
	*why = "file header cut short";
	if (len > size)
		return 0;

	b = calloc(1, len);
	if (!b)
		return -ENOMEM;
	err = tf_pread_all(fd, b, len, 0);
	if (err)
		goto err_free;
	/* The file may have changed since the fixed part was read. */
	*why = "file header lengths inconsistent";
	if (le32_get(b + TF_OFF_HDRLEN) != len || expected_len(b) != len)
		goto err_free;	/* err == 0: damaged */
	*why = "file header checksum mismatch";
	if (tf_header_crc(b, len) != le32_get(b + TF_OFF_CRC))
		goto err_free;
	*why = NULL;
	if (le16_get(b + TF_OFF_VERSION) < TRACEFILE_VERSION_MIN ||
	    le16_get(b + TF_OFF_VERSION) > TRACEFILE_VERSION ||
	    (b[TF_OFF_FLAGS] & ~TF_FLAGS_KNOWN)) {
		err = -EPROTONOSUPPORT;
		goto err_free;
	}
	fill(h, b, len);
	return 1;

err_free:
	free(b);
	return err;
}

void tracefile_header_free(struct tracefile_header *h)
{
	free(h->bytes);
	h->bytes = NULL;
}

/* The open errors of the format, as what they mean (tracefile.h). */
const char *tracefile_strerror(int err)
{
	switch (err) {
	case -EBADMSG:
		return "not an inputtrace trace file";
	case -EPROTONOSUPPORT:
		return "unsupported trace format version";
	case -ENOKEY:
		return "encrypted trace file: its secret key is needed (--key)";
	case -EKEYREJECTED:
		return "the secret key does not open this file (sealed to another key)";
	}
	return strerror(-err);
}

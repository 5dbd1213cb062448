/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tracefile_fmt.h - on-disk constants and byte helpers shared by the
 * trace file writer (tracefile.c) and reader (tracefile_reader.c).
 * Layout documented in tracefile.h.
 */
#ifndef __TRACEFILE_FMT_H
#define __TRACEFILE_FMT_H

#include <stdbool.h>
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <zlib.h>
#include "tracefile.h"

#define TF_MAGIC		"ITRACE\x1a\n"
#define TF_MAGIC_LEN		8
#define TF_OFF_VERSION		8
#define TF_OFF_STATE		10
#define TF_OFF_FLAGS		11
#define TF_OFF_HDRLEN		12
#define TF_OFF_CRC		16
#define TF_OFF_PID		20
#define TF_OFF_CTIME		24
#define TF_OFF_HOSTLEN		32
#define TF_OFF_KERNLEN		34
#define TF_OFF_CMDLEN		36
#define TF_HDR_FIXED		40
#define TF_HDR_MAX		(64 * 1024)
#define TF_FLAG_ENCRYPTED	0x01
#define TF_FLAGS_KNOWN		TF_FLAG_ENCRYPTED

#define TB_MAGIC		"ITBK"
#define TB_MAGIC_LEN		4
#define TB_OFF_FLAGS		4
#define TB_OFF_SEQ		8
#define TB_OFF_STORED		16
#define TB_OFF_RAW		20
#define TB_OFF_COUNT		24
#define TB_OFF_CRC		28
#define TB_HDR_LEN		32
#define TB_FLAG_ZSTD		0x1
#define TB_FLAG_END		0x2
#define TB_FLAG_PACKED		0x4	/* version 2 entries (record_codec_v2.h) */
#define TB_FLAGS_KNOWN		(TB_FLAG_ZSTD | TB_FLAG_END | TB_FLAG_PACKED)
#define TB_PAYLOAD_MAX		(16u * 1024 * 1024)

/*
 * The on-disk layout, pinned at build time like systemd's journal-def.h:
 * a changed offset or length is a new format version, never an accident.
 */
_Static_assert(sizeof(TF_MAGIC) - 1 == TF_MAGIC_LEN, "file magic is 8 bytes");
_Static_assert(TF_OFF_VERSION == TF_MAGIC_LEN && TF_OFF_STATE == TF_OFF_VERSION + 2 &&
	       TF_OFF_FLAGS == TF_OFF_STATE + 1 && TF_OFF_HDRLEN == TF_OFF_FLAGS + 1 &&
	       TF_OFF_CRC == TF_OFF_HDRLEN + 4 && TF_OFF_PID == TF_OFF_CRC + 4 &&
	       TF_OFF_CTIME == TF_OFF_PID + 4 && TF_OFF_HOSTLEN == TF_OFF_CTIME + 8 &&
	       TF_OFF_KERNLEN == TF_OFF_HOSTLEN + 2 && TF_OFF_CMDLEN == TF_OFF_KERNLEN + 2,
	       "file header fields are back to back, as tracefile.h documents");
_Static_assert(TF_HDR_FIXED == TF_OFF_CMDLEN + 4 && TF_HDR_FIXED == 40,
	       "fixed part of the file header is 40 bytes");
_Static_assert(sizeof(TB_MAGIC) - 1 == TB_MAGIC_LEN, "block magic is 4 bytes");
_Static_assert(TB_OFF_FLAGS == TB_MAGIC_LEN && TB_OFF_SEQ == TB_OFF_FLAGS + 4 &&
	       TB_OFF_STORED == TB_OFF_SEQ + 8 && TB_OFF_RAW == TB_OFF_STORED + 4 &&
	       TB_OFF_COUNT == TB_OFF_RAW + 4 && TB_OFF_CRC == TB_OFF_COUNT + 4,
	       "block header fields are back to back, as tracefile.h documents");
_Static_assert(TB_HDR_LEN == TB_OFF_CRC + 4 && TB_HDR_LEN == 32,
	       "block header is 32 bytes");
_Static_assert(TB_PAYLOAD_MAX == TRACEFILE_BLOCK_MAX, "a block payload fits its length field");

/* The state byte has no checksum: only exact codes count. */
static inline bool tf_state_valid(unsigned int state)
{
	return state == TRACEFILE_ONLINE || state == TRACEFILE_CLEAN ||
	       state == TRACEFILE_ARCHIVED;
}

/* Read exactly @len bytes at @off: 0, -errno, or -EIO at end of file. */
static inline int tf_pread_all(int fd, void *buf, size_t len, uint64_t off)
{
	unsigned char *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;	/* shrank under us */
		p += n;
		len -= n;
		off += n;
	}
	return 0;
}

static inline void le16_put(unsigned char *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static inline void le32_put(unsigned char *p, uint32_t v)
{
	le16_put(p, v);
	le16_put(p + 2, v >> 16);
}

static inline void le64_put(unsigned char *p, uint64_t v)
{
	le32_put(p, v);
	le32_put(p + 4, v >> 32);
}

static inline uint16_t le16_get(const unsigned char *p)
{
	return p[0] | (uint16_t)p[1] << 8;
}

static inline uint32_t le32_get(const unsigned char *p)
{
	return le16_get(p) | (uint32_t)le16_get(p + 2) << 16;
}

static inline uint64_t le64_get(const unsigned char *p)
{
	return le32_get(p) | (uint64_t)le32_get(p + 4) << 32;
}

/* Header crc: state byte and crc field count as zero (see tracefile.h). */
static inline uint32_t tf_header_crc(const unsigned char *hdr, uint32_t len)
{
	static const unsigned char zero[4];
	uLong crc = crc32(0L, Z_NULL, 0);

	crc = crc32(crc, hdr, TF_OFF_STATE);
	crc = crc32(crc, zero, 1);
	crc = crc32(crc, hdr + TF_OFF_STATE + 1, TF_OFF_CRC - TF_OFF_STATE - 1);
	crc = crc32(crc, zero, 4);
	crc = crc32(crc, hdr + TF_OFF_CRC + 4, len - TF_OFF_CRC - 4);
	return (uint32_t)crc;
}

/* Block crc: header bytes before the crc field, then the stored payload. */
static inline uint32_t tb_crc(const unsigned char *bhdr, const void *payload,
			      uint32_t len)
{
	uLong crc = crc32(0L, Z_NULL, 0);

	crc = crc32(crc, bhdr, TB_OFF_CRC);
	if (len)
		crc = crc32(crc, payload, len);
	return (uint32_t)crc;
}

#endif /* __TRACEFILE_FMT_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tracefile_header.h - the one parser of a trace file's header (layout in
 * tracefile.h), used by the reader, verify (through the reader),
 * retention and tracefile_set_state(): one set of checks, in one order.
 */
#ifndef __TRACEFILE_HEADER_H
#define __TRACEFILE_HEADER_H

#include <stdint.h>

struct tracefile_header {
	unsigned char *bytes;	/* all len bytes, as stored */
	uint32_t len;
	uint16_t version;
	uint8_t state;		/* as stored: no checksum covers it */
	uint8_t flags;
	uint32_t pid;
	uint64_t created_ns;	/* CLOCK_REALTIME */
	/* into bytes, not NUL-terminated */
	const unsigned char *host, *kernel, *cmdline;
	uint32_t host_len, kernel_len, cmdline_len;
	/* TFC_SECTION_LEN bytes into bytes when ENCRYPTED, else NULL */
	const unsigned char *crypto;
};

/*
 * Read the header of @fd (a file of @size bytes) and check, in this order:
 * magic; the fixed part is there; header_len is at most 64 KiB and exactly
 * 40 + the three string lengths (+ the crypto section when ENCRYPTED);
 * the file holds header_len bytes; crc; version and flags.
 *
 * Returns 1: valid, @h filled (tracefile_header_free() it).
 *         0: damaged, *@why names the first check that failed.
 *   -EBADMSG: no trace file magic.
 *   -EPROTONOSUPPORT: intact (crc ok) but a newer version or unknown flags.
 *   other < 0: read error, -ENOMEM.
 */
int tracefile_header_read(int fd, uint64_t size, struct tracefile_header *h,
			  const char **why);
void tracefile_header_free(struct tracefile_header *h);

#endif /* __TRACEFILE_HEADER_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * verify.h - `inputtrace verify`: check a trace file end to end.
 *
 * Every check the reader makes (header crc and state, block magic, lengths,
 * crc, sequence, decryption, zstd, record framing, END, bytes after END)
 * runs over the whole file; the first problem is reported with its offset
 * and a one-line reason.
 */
#ifndef __VERIFY_H
#define __VERIFY_H

#include <stdbool.h>
#include <stdint.h>

/* Results, which are also the exit status of `verify` for one file. */
enum verify_result {
	VERIFY_CLEAN		= 0,
	VERIFY_DAMAGED		= 1,	/* bad bytes, sequence gap/swap, bad header or state */
	VERIFY_TRUNCATED	= 2,	/* no END, nothing wrong but a torn last block */
	VERIFY_UNVERIFIED	= 3,	/* cannot open, not a trace file, no key or wrong key */
};

struct verify_report {
	enum verify_result result;
	uint64_t bad_offset;	/* DAMAGED/TRUNCATED: where the file goes wrong */
	uint64_t blocks;	/* blocks that validated, END included */
	uint64_t records;	/* records decoded from them */
	bool encrypted;
	bool authenticated;	/* AEAD tags were checked: encrypted and keyed */
	char reason[160];	/* one line, no newline */
};

/*
 * Verify @path; @sk is the recipient's secret key (TRACEFILE_KEY_BYTES) or
 * NULL.  Without a key an encrypted file's framing is still checked: damage
 * found there gives VERIFY_DAMAGED, otherwise VERIFY_UNVERIFIED (its AEAD
 * tags could not be checked).  Returns rep->result.
 */
enum verify_result tracefile_verify(const char *path, const unsigned char *sk,
				    struct verify_report *rep);

#endif /* __VERIFY_H */

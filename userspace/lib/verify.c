// SPDX-License-Identifier: GPL-2.0
/*
 * verify.c - the verify engine: judge one trace file end to end
 * (`inputtrace verify` is commands/verify.c).
 *
 * Built on the reader, which already validates everything it hands out;
 * verify reads every record, then judges the damage the reader found.  The
 * only judgement of its own is what a crash looks like (a block cut off
 * by EOF, no END): truncated rather than damaged.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "tracefile.h"
#include "verify.h"

static void judge(struct verify_report *rep, enum verify_result res, uint64_t off,
		  const char *fmt, ...)
{
	va_list ap;

	rep->result = res;
	rep->bad_offset = off;
	va_start(ap, fmt);
	vsnprintf(rep->reason, sizeof(rep->reason), fmt, ap);
	va_end(ap);
}

/* Everything is read; decide what the damage found means. */
static void classify(const struct tracefile_reader *r, bool key_given,
		     struct verify_report *rep)
{
	const struct tracefile_damage *d = tracefile_reader_damage(r, 0);
	size_t n = tracefile_reader_damage_count(r);
	bool end = tracefile_reader_end_seen(r);

	/* A torn range reaches EOF, so no END can follow it. */
	if (n > 1 || (n == 1 && !d->torn))
		judge(rep, VERIFY_DAMAGED, d->offset, "%s", d->reason);
	else if (key_given && !rep->encrypted)
		/* swapping an encrypted file for a plaintext forgery must show */
		judge(rep, VERIFY_UNVERIFIED, 0,
		      "--key given but the file is plaintext: nothing in it can be authenticated");
	else if (rep->encrypted && !rep->authenticated)
		judge(rep, VERIFY_UNVERIFIED, 0,
		      "encrypted: AEAD tags not checked without --key (framing ok%s)",
		      end ? "" : ", but no END block");
	else if (!end && d)
		judge(rep, VERIFY_TRUNCATED, d->offset, "no END block: %s", d->reason);
	else if (!end)
		judge(rep, VERIFY_TRUNCATED, tracefile_reader_size(r),
		      "no END block (crashed or still recording)");
	else
		judge(rep, VERIFY_CLEAN, 0, "%s", rep->encrypted ?
		      "encrypted, AEAD tags verified" : "plaintext, crc32 only");
}

enum verify_result tracefile_verify(const char *path, const unsigned char *sk,
				    struct verify_report *rep)
{
	struct tracefile_reader *r;
	struct trace_record rec;
	int err;

	memset(rep, 0, sizeof(*rep));
	/* Without a key, an encrypted file's framing can still be checked. */
	err = sk ? tracefile_open_key(path, sk, &r) : tracefile_open_framing(path, &r);
	if (err) {
		judge(rep, VERIFY_UNVERIFIED, 0, "%s", tracefile_strerror(err));
		return rep->result;
	}
	while ((err = tracefile_next(r, &rec)) == 1)
		rep->records++;
	rep->blocks = tracefile_reader_blocks(r);
	rep->encrypted = tracefile_reader_info(r)->encrypted;
	rep->authenticated = rep->encrypted && sk;
	if (err < 0)
		judge(rep, VERIFY_UNVERIFIED, 0, "read error: %s", strerror(-err));
	else
		classify(r, sk != NULL, rep);
	tracefile_reader_close(r);
	return rep->result;
}

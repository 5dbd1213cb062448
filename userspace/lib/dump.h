/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dump.h - `inputtrace dump`: print trace files as text or JSON Lines.
 *
 * Exit status: 0 every file read cleanly; 1 usage error or a file could
 * not be read at all; 2 a file had damaged ranges or no END block
 * (crashed or still being written).  1 wins over 2.
 */
#ifndef __DUMP_H
#define __DUMP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "record_codec.h"

#define DUMP_OK		0
#define DUMP_ERROR	1
#define DUMP_DAMAGED	2

enum dump_format {
	DUMP_TEXT,
	DUMP_JSON,
};

/*
 * Dump one file to @out; errors and damage notes go to @err.  @sk: secret
 * key (TRACEFILE_KEY_BYTES) for an encrypted file, or NULL.
 */
int dump_file(FILE *out, FILE *err, const char *path, enum dump_format fmt,
	      const unsigned char *sk);

/*
 * Shared with `report` (lib/report_files.c), which reads files the same way.
 *
 * dev_id -> first DEVICE record seen for it in one file, sorted by
 * (dev_id, seen): with per-CPU rings a device's description can land
 * after its first event, so a file is read once for its DEVICE records
 * before its events are looked at.
 */
struct dump_devent {
	struct inputtrace_device dev;
	size_t seen;
};

struct dump_devmap {
	struct dump_devent *ent;
	size_t len, cap;
};

/* Fill @m (zeroed) from @path; 0 or a tracefile_open_key()/next() error. */
int dump_devmap_collect(struct dump_devmap *m, const char *path,
			const unsigned char *sk);
const struct inputtrace_device *dump_devmap_find(const struct dump_devmap *m, uint32_t id);
void dump_devmap_free(struct dump_devmap *m);

/* Names of record fields, as `dump --format json` prints them. */
const char *dump_level_name(unsigned int level);
const char *dump_loss_source_name(unsigned int source);
/*
 * @str (at most @n bytes) quoted and escaped as dump prints text from the
 * traced machine: JSON (\u00XX) or text (\xXX).  Uses unlocked stdio.
 */
void dump_put_quoted(FILE *f, const char *str, size_t n, bool json);
/*
 * A CAPS record, from after the time (text) or as one JSON object, with
 * its newline (dump_caps.c).
 */
void dump_print_caps(FILE *f, const struct inputtrace_caps *c, bool json);

/*
 * Print @path ("-": stdin) as it is written (`dump --follow`): a pipe
 * until its writer closes it, a regular file until its END block when
 * @wait (else until its end), either until *@stop (SIGINT).  Exit codes
 * as dump_file(); stopped by *@stop before END is not damage.
 */
int dump_follow(FILE *out, FILE *err, const char *path, enum dump_format fmt,
		const unsigned char *sk, bool wait, const volatile sig_atomic_t *stop);

#endif /* __DUMP_H */

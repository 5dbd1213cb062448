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
#include <stdio.h>

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
 * Print @path ("-": stdin) as it is written (`dump --follow`): a pipe
 * until its writer closes it, a regular file until its END block when
 * @wait (else until its end), either until *@stop (SIGINT).  Exit codes
 * as dump_file(); stopped by *@stop before END is not damage.
 */
int dump_follow(FILE *out, FILE *err, const char *path, enum dump_format fmt,
		const unsigned char *sk, bool wait, const volatile sig_atomic_t *stop);

#endif /* __DUMP_H */

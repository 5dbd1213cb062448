/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tracefile_follow.h - reading a trace while it is written (`dump
 * --follow`): a growing file, like tail -f, or a pipe (`record -o - |
 * dump --follow -`).
 *
 * Both go through the one reader (tracefile.h, in follow mode), so every
 * block is checked exactly as in a finished file.  A pipe cannot be read
 * with pread(), so what comes through it is appended to a memfd that the
 * reader reads; the part already read is punched out again, so a live
 * view that runs for days holds about one block in memory.
 */
#ifndef __TRACEFILE_FOLLOW_H
#define __TRACEFILE_FOLLOW_H

#include <signal.h>
#include <stdbool.h>
#include "tracefile.h"

/* How often a growing file is looked at again, at its end. */
#define TRACEFILE_FOLLOW_POLL_MS	100

struct tracefile_follow;

/*
 * Open @path ("-": stdin) for following, with @sk (or NULL) for an
 * encrypted trace.  Waits for the whole file header first.  @wait: at the
 * end of a regular file, wait for more (--follow); else its end is final.
 * A pipe or FIFO is read until its writer closes it.  Waiting ends early
 * once *@stop is set (SIGINT): the blocks there are still read, then
 * tracefile_next() keeps saying -EAGAIN (a block cut off is not judged)
 * and tracefile_follow_stopped() is true.
 * -ENOTTY for a terminal, -EISDIR for a directory.
 */
int tracefile_follow_open(const char *path, const unsigned char *sk, bool wait,
			  const volatile sig_atomic_t *stop,
			  struct tracefile_follow **out);
struct tracefile_reader *tracefile_follow_reader(struct tracefile_follow *f);
/*
 * After tracefile_next() said -EAGAIN: wait until more may be there, or
 * the end became final (EOF of the pipe, *stop).  0 or -errno.
 */
int tracefile_follow_wait(struct tracefile_follow *f);
/* Whether *stop ended the following (not END, not the end of the pipe). */
bool tracefile_follow_stopped(const struct tracefile_follow *f);
void tracefile_follow_close(struct tracefile_follow *f);

#endif /* __TRACEFILE_FOLLOW_H */

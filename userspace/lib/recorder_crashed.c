// SPDX-License-Identifier: GPL-2.0
/*
 * recorder_crashed.c - at start, say which trace files of -o DIR are still
 * ONLINE: a recorder killed (SIGKILL, OOM killer, power cut) never closed
 * them.  They are left exactly as they are: a new recording always
 * creates a new file (O_EXCL) and retention deletes ARCHIVED files only,
 * so such a file stays until someone looks at it (`inputtrace verify`
 * says how far it is intact; `dump` reads every sealed block).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "recorder.h"
#include "tracefile_header.h"

/* The header of @name in @dfd if it is a regular trace file, else -1. */
static int read_header(int dfd, const char *name, struct tracefile_header *h)
{
	const char *why;
	struct stat st;
	int fd, ok;

	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	     tracefile_header_read(fd, st.st_size, h, &why) > 0;
	close(fd);
	return ok ? 0 : -1;
}

void recorder_note_crashed(struct recorder *rc)
{
	const char *mine = strrchr(rc->files.path, '/');
	struct tracefile_header h;
	struct dirent *de;
	DIR *d;

	if (!rc->opts->output_is_dir)
		return;
	d = opendir(rc->opts->output);
	if (!d)
		return;
	mine = mine ? mine + 1 : rc->files.path;
	while ((de = readdir(d))) {
		if (fnmatch("inputtrace-*.itr", de->d_name, 0) || !strcmp(de->d_name, mine))
			continue;
		if (read_header(dirfd(d), de->d_name, &h))
			continue;
		if (h.state != TRACEFILE_ONLINE) {
			tracefile_header_free(&h);
			continue;
		}
		/* another recorder may be writing it right now */
		if (h.pid && kill((pid_t)h.pid, 0) == 0)
			record_note(rc, LOG_NOTICE, "%s/%s is still being written (recorder pid %u is running); leaving it alone",
				    rc->opts->output, de->d_name, (unsigned int)h.pid);
		else
			record_note(rc, LOG_WARNING, "%s/%s was left unfinished (state online) by recorder pid %u, which is gone: leaving it as it is (`inputtrace verify` tells how far it is intact)",
				    rc->opts->output, de->d_name, (unsigned int)h.pid);
		tracefile_header_free(&h);
	}
	closedir(d);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * retention.c - delete old archived trace files (rules in retention.h).
 *
 * One pass: scan the whole directory first (so the total and the newest
 * archive are known before anything is deleted), then visit the files
 * oldest first and delete archives while a limit is exceeded.  Every
 * access goes through one directory fd and never follows a symlink; a
 * file is examined again just before its unlinkat(), so what is deleted
 * is what was checked, not whatever the name points to by then.
 *
 * The header is checked by tracefile_header_read() on an fd this file
 * already vetted, not with tracefile_open(): that opens by path
 * (following symlinks, no O_NONBLOCK) and sets up a whole reader.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "retention.h"
#include "tracefile.h"
#include "tracefile_header.h"
#include "trust.h"

#define RET_PREFIX	"inputtrace-"
#define RET_SUFFIX	".itr"

struct ret_file {
	char *name;
	dev_t dev;
	ino_t ino;
	uint64_t bytes;		/* st_size */
	uint64_t created_ns;	/* header creation time; 0 unless intact */
	uint64_t mtime_ns;
	bool intact;		/* header length, crc and version valid */
	uint8_t state;		/* header state byte, if intact */
	bool candidate;		/* intact, ARCHIVED and not @current */
};

struct ret_scan {
	struct ret_file *files;
	size_t n, cap;
	uint64_t total;
};

static bool name_matches(const char *name)
{
	size_t len = strlen(name);
	size_t pl = sizeof(RET_PREFIX) - 1, sl = sizeof(RET_SUFFIX) - 1;

	return len >= pl + sl && !memcmp(name, RET_PREFIX, pl) &&
	       !memcmp(name + len - sl, RET_SUFFIX, sl);
}

static uint64_t ts_ns(const struct timespec *ts)
{
	/* Before 1970 is no time we wrote anything: as old as it gets. */
	if (ts->tv_sec < 0)
		return 0;
	return (uint64_t)ts->tv_sec * 1000000000ull + ts->tv_nsec;
}

/*
 * Classify @fd (@size bytes): 0 not a trace file (no magic), 1 a trace
 * file; then f->intact tells whether state and creation time can be
 * believed (tracefile_header_read() said valid).  Encryption does not
 * matter: an archive is deleted whatever its payload.  Only -ENOMEM is an
 * error: an unreadable header just makes the file untrusted.
 */
static int read_header(int fd, uint64_t size, struct ret_file *f)
{
	struct tracefile_header h;
	const char *why;
	int ret = tracefile_header_read(fd, size, &h, &why);

	if (ret == -ENOMEM)
		return ret;
	if (ret == -EBADMSG)
		return 0;
	if (ret == 1) {
		f->intact = true;
		f->state = h.state;
		f->created_ns = h.created_ns;
		tracefile_header_free(&h);
	}
	return 1;
}

/*
 * Look at @name in @dfd: 1 it is one of our trace files (@f filled, name
 * aside), 0 it is something else, < 0 the -errno that prevented looking
 * (-ENOENT when it is gone).
 */
static int examine(int dfd, const char *name, struct ret_file *f)
{
	struct stat st, fst;
	int fd, ret;

	memset(f, 0, sizeof(*f));
	/* Look before opening: opening a FIFO or device can block or act. */
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode) || !trust_owner(&st))
		return 0;
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
		    O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* What we opened must be what we looked at. */
	if (fstat(fd, &fst) < 0) {
		ret = -errno;
		goto out;
	}
	ret = 0;
	if (fst.st_dev != st.st_dev || fst.st_ino != st.st_ino ||
	    !S_ISREG(fst.st_mode) || !trust_owner(&fst))
		goto out;
	f->dev = fst.st_dev;
	f->ino = fst.st_ino;
	f->bytes = fst.st_size;
	f->mtime_ns = ts_ns(&fst.st_mtim);
	ret = read_header(fd, fst.st_size, f);
out:
	close(fd);
	return ret;
}

static int scan_add(struct ret_scan *s, const struct ret_file *f, const char *name)
{
	struct ret_file *nf;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;

		nf = realloc(s->files, cap * sizeof(*nf));
		if (!nf)
			return -ENOMEM;
		s->files = nf;
		s->cap = cap;
	}
	nf = &s->files[s->n];
	*nf = *f;
	nf->name = strdup(name);
	if (!nf->name)
		return -ENOMEM;
	s->n++;
	s->total += f->bytes;
	return 0;
}

/*
 * CLEAN -> ARCHIVED for @name, if it still is the file examined: the
 * state byte is the one byte of a header ever rewritten (see tracefile.h).
 */
static int archive_checked(int dfd, const char *name, struct ret_file *f)
{
	struct stat st;
	int fd, ret;

	fd = openat(dfd, name, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
		    O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		ret = -errno;
	else if (st.st_dev != f->dev || st.st_ino != f->ino)
		ret = -ESTALE;
	else
		ret = tracefile_set_state_fd(fd, TRACEFILE_ARCHIVED);
	close(fd);
	if (!ret)
		f->state = TRACEFILE_ARCHIVED;
	return ret;
}

static int scan_dir(DIR *d, const char *current,
		    const struct retention_limits *lim, retention_log_fn log,
		    void *ctx, struct ret_scan *s)
{
	struct ret_file f;
	struct dirent *de;
	int ret;

	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de)
			return -errno;
		if (!name_matches(de->d_name))
			continue;
		ret = examine(dirfd(d), de->d_name, &f);
		if (ret == -ENOMEM)
			return ret;
		/* Vanished or unreadable (not ours to read): not counted. */
		if (ret <= 0)
			continue;
		if (lim->archive_clean && f.intact && f.state == TRACEFILE_CLEAN &&
		    !(current && !strcmp(de->d_name, current))) {
			ret = archive_checked(dirfd(d), de->d_name, &f);
			if (log)
				log(ctx, RETENTION_ARCHIVED, de->d_name, f.bytes,
				    "earlier recording", ret);
		}
		f.candidate = f.intact && f.state == TRACEFILE_ARCHIVED &&
			      !(current && !strcmp(de->d_name, current));
		ret = scan_add(s, &f, de->d_name);
		if (ret)
			return ret;
	}
}

static void scan_free(struct ret_scan *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->files[i].name);
	free(s->files);
}

static int cmp_created(const void *a, const void *b)
{
	const struct ret_file *x = a, *y = b;

	if (x->created_ns != y->created_ns)
		return x->created_ns < y->created_ns ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * Delete @f if the name still holds the archive the scan saw.  Only
 * someone who can write the directory (ourselves or root: it was checked)
 * can swap it in between; that is caught here, except for the last
 * instant before unlinkat(), which no API closes.
 */
static int unlink_checked(int dfd, const struct ret_file *f)
{
	struct ret_file now;
	int ret;

	ret = examine(dfd, f->name, &now);
	if (ret < 0)
		return ret;
	if (!ret || now.dev != f->dev || now.ino != f->ino || !now.intact ||
	    now.state != TRACEFILE_ARCHIVED || now.created_ns != f->created_ns)
		return -ESTALE;
	if (unlinkat(dfd, f->name, 0) < 0)
		return -errno;
	return 0;
}

static uint64_t age_ns(const struct ret_file *f, uint64_t now)
{
	return now > f->mtime_ns ? now - f->mtime_ns : 0;
}

/*
 * Open @dir for the pass, never through a symlink, and check the
 * directory that was opened (its fd), so the check and the use are about
 * the same directory: the DIR, or NULL with -errno in *@err (-EPERM:
 * untrusted, see trust.h).  Returned rather than stored through an out
 * pointer, which gcc 12's -fanalyzer cannot follow (it reported it unset).
 */
static DIR *open_trusted_dir(const char *dir, int *err)
{
	struct stat st;
	int dfd, ret;
	DIR *d;

	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0) {
		*err = -errno;
		return NULL;
	}
	ret = fstat(dfd, &st) < 0 ? -errno : trust_dir(&st);
	if (!ret) {
		d = fdopendir(dfd);
		if (d)
			return d;
		ret = -errno;
	}
	close(dfd);
	*err = ret;
	return NULL;
}

int retention_apply(const char *dir, const char *current,
		    const struct retention_limits *lim,
		    uint64_t now_realtime_ns, retention_log_fn log, void *ctx)
{
	const struct ret_file *newest = NULL;
	struct ret_scan s = { 0 };
	const char *cur = NULL;
	int ret, deleted = 0;
	size_t i;
	DIR *d;

	if (!dir || !lim)
		return -EINVAL;
	if (!lim->max_total_bytes && !lim->max_age_ns)
		return 0;
	if (current) {
		cur = strrchr(current, '/');
		cur = cur ? cur + 1 : current;
	}

	d = open_trusted_dir(dir, &ret);
	if (!d)
		return ret;

	ret = scan_dir(d, cur, lim, log, ctx, &s);
	if (ret)
		goto out;
	if (s.n)
		qsort(s.files, s.n, sizeof(*s.files), cmp_created);
	for (i = 0; i < s.n; i++)
		if (s.files[i].candidate)
			newest = &s.files[i];

	for (i = 0; i < s.n; i++) {
		const struct ret_file *f = &s.files[i];
		const char *why;
		int err;

		if (!f->candidate || f == newest)
			continue;
		if (lim->max_total_bytes && s.total > lim->max_total_bytes)
			why = "size";
		else if (lim->max_age_ns && age_ns(f, now_realtime_ns) > lim->max_age_ns)
			why = "age";
		else
			continue;

		err = unlink_checked(dirfd(d), f);
		/* Gone is gone, whoever removed it: it no longer uses space. */
		if (!err || err == -ENOENT)
			s.total -= f->bytes;
		if (!err)
			deleted++;
		if (log)
			log(ctx, err ? RETENTION_FAILED : RETENTION_DELETED,
			    f->name, f->bytes, why, err);
	}

	if (log && lim->max_total_bytes && s.total > lim->max_total_bytes)
		log(ctx, RETENTION_KEPT, newest ? newest->name : NULL, s.total,
		    "over limit, newest kept", 0);
	if (log && lim->max_age_ns && newest &&
	    age_ns(newest, now_realtime_ns) > lim->max_age_ns)
		log(ctx, RETENTION_KEPT, newest->name, s.total,
		    "over age, newest kept", 0);
	ret = deleted;
out:
	closedir(d);
	scan_free(&s);
	return ret;
}

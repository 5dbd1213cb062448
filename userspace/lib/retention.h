/* SPDX-License-Identifier: GPL-2.0 */
/*
 * retention.h - delete old rotated trace files of a recording directory.
 *
 * `record -o DIR` closes and archives (state ARCHIVED) the file it was
 * writing on each rotation and applies these limits after each rotation
 * and once at start:
 *   --max-total-size BYTES  trace files in DIR may use at most BYTES
 *   --max-age SECONDS       archives last written longer ago are deleted
 *
 * Which files are looked at.  Only the entries of DIR itself (no
 * recursion) named "inputtrace-*.itr" that are regular files (never
 * symlinks: the link is not followed, neither it nor its target is
 * touched) owned by the caller's euid or by root, and start with the
 * trace file magic.  These are "trace files"; anything else is ignored
 * entirely: not counted, not opened beyond its first bytes, not deleted.
 *
 * What counts.  The total is the sum of the apparent sizes (st_size, what
 * `ls -l` shows and what --rotate-size measures) of all trace files:
 * the one being written, CLEAN and ONLINE ones (e.g. left by another or
 * a crashed recorder) and damaged ones included, so the limit bounds what
 * the directory holds, not only what retention may delete.
 *
 * What may be deleted ("candidates").  A trace file whose header is
 * intact (lengths, crc and version valid; header flags such as encryption
 * do not matter) with state exactly ARCHIVED, other than @current.  The
 * newest candidate (in the order below) is never deleted either, so there
 * is always the last completed file to look at.
 * CLEAN/ONLINE/damaged files are never deleted: a recorder that exits
 * leaves its last file CLEAN, and a file whose header cannot be read
 * proves nothing about who wrote it.
 *
 * Order.  Candidates are visited oldest first by the header's creation
 * time (CLOCK_REALTIME at tracefile_create()), ties by name (strcmp).
 * The header time is used, not the name (local time, may repeat across a
 * DST change) nor the mtime (`touch` changes it); a clock set back makes
 * later files look older, and the one kept as "newest" is then the one
 * with the latest time, not the last written.  A candidate is deleted
 * while the total is above max_total_bytes, or when its age
 * (now - mtime, i.e. since it was last written or archived) is above
 * max_age_ns.  So the size rule deletes the oldest until the total fits
 * and the age rule deletes every old one, whatever its position.
 *
 * Guarantees.  A file is deleted only if, just before unlinkat(), the
 * name still refers to the inode that was checked and its header still
 * says ARCHIVED with the same creation time (else it is reported as
 * -ESTALE and skipped).  All access is relative
 * to one directory fd opened with O_NOFOLLOW, so no name can redirect
 * retention outside DIR.  A directory someone else could write into
 * (group/world-writable without the sticky bit, or owned by another
 * non-root user; the rule of tracefile_create()) is refused with -EPERM
 * before anything is read.  A failure to delete one file is reported and
 * the others are still processed.  If the limits cannot be met without
 * deleting @current or the newest archive, that is reported once per
 * limit (RETENTION_KEPT) and nothing more is deleted for it.
 */
#ifndef __RETENTION_H
#define __RETENTION_H

#include <stdint.h>

struct retention_limits {
	uint64_t max_total_bytes;	/* 0 = no size limit */
	uint64_t max_age_ns;		/* 0 = no age limit */
	/*
	 * First archive the CLEAN files other than @current: the last files
	 * of earlier recordings, which they closed but did not rotate, so
	 * that they too age out (a recording's last file stays CLEAN).
	 */
	bool archive_clean;
};

enum retention_event {
	/*
	 * @name was deleted: @bytes its size, @why "size" (the total was
	 * over max_total_bytes; checked first) or "age".
	 */
	RETENTION_DELETED,
	/*
	 * @name should have been deleted (@why as above) but was not:
	 * @err is the -errno of fstatat()/unlinkat(), or -ESTALE if the name
	 * now refers to another file.  -ENOENT: it vanished meanwhile; its
	 * @bytes no longer count.
	 */
	RETENTION_FAILED,
	/*
	 * A limit is still exceeded after the pass: what is left is not
	 * deletable (@current, the newest archive, non-archived files) or
	 * failed above.  @name: the newest archive (NULL if there is none);
	 * @bytes: the total left in the directory; @why "over limit, newest
	 * kept" (size) or "over age, newest kept" (the newest archive itself
	 * is older than max_age_ns).  At most one of each per call.
	 */
	RETENTION_KEPT,
	/*
	 * @name (CLEAN) was marked ARCHIVED (archive_clean), or could not be:
	 * @err.  @why "earlier recording".
	 */
	RETENTION_ARCHIVED,
};

/* Called in deletion order; @name is a name inside @dir, not a path. */
typedef void (*retention_log_fn)(void *ctx, enum retention_event ev,
				 const char *name, uint64_t bytes,
				 const char *why, int err);

/*
 * Apply @lim to the trace files in @dir (rules above).  @current is the
 * file being written (a name or a path: only the part after the last '/'
 * is compared; may be NULL).  @now_realtime_ns is CLOCK_REALTIME in ns;
 * an mtime in the future counts as age 0.  @log may be NULL.
 *
 * Returns the number of files deleted, or -errno if the directory could
 * not be used: -ENOTDIR or -ELOOP (also when @dir is a symlink; a
 * trailing '/' makes it followed), -ENOENT, -EPERM
 * (untrusted, see above), -ENOMEM, -EINVAL, or a readdir() error; then
 * nothing was deleted.  With both limits 0 it returns 0 at once.
 */
int retention_apply(const char *dir, const char *current,
		    const struct retention_limits *lim,
		    uint64_t now_realtime_ns, retention_log_fn log, void *ctx);

#endif /* __RETENTION_H */

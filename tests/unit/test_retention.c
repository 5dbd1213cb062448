// SPDX-License-Identifier: GPL-2.0
/*
 * test_retention.c - retention of rotated trace files on real files in a
 * temporary directory: size and age limits, deletion order, what is never
 * deleted (newest archive, current, non-archived, foreign entries), and
 * files that cannot be deleted or change under our feet.
 */
#include "unit_helpers.h"
#include <errno.h>
#include <time.h>
#include <sys/ioctl.h>
#include <linux/fs.h>
#include "retention.h"
#include "tracefile.h"
#include "tracefile_fmt.h"

#define NS		1000000000ull
#define NOW_S		1000000ull		/* "now" of every test */
#define NOW		(NOW_S * NS)
#define RECENT		(NOW_S - 10)		/* mtime: written 10 s ago */
#define NREC		50

struct logrec {
	enum retention_event ev;
	char name[256];
	uint64_t bytes;
	char why[32];
	int err;
};

struct logbuf {
	struct logrec r[32];
	int n;
	/* Runs inside the callback: lets a test change the directory mid-pass. */
	void (*hook)(struct logbuf *lb, const struct logrec *r);
	const char *dir;
};

struct fix {
	char *dir;
	char *immutable;	/* file to make deletable again in teardown */
	struct logbuf lb;
};

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	f->dir = tmpdir_new();
	f->lb.dir = f->dir;
	*state = f;
	return 0;
}

static int set_immutable(const char *path, bool on)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), flags, ret = -1;

	if (fd < 0)
		return -1;
	if (!ioctl(fd, FS_IOC_GETFLAGS, &flags)) {
		flags = on ? flags | FS_IMMUTABLE_FL : flags & ~FS_IMMUTABLE_FL;
		ret = ioctl(fd, FS_IOC_SETFLAGS, &flags);
	}
	close(fd);
	return ret;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	if (f->immutable) {
		set_immutable(f->immutable, false);
		free(f->immutable);
	}
	tmpdir_free(f->dir);
	free(f);
	return 0;
}

static void log_cb(void *ctx, enum retention_event ev, const char *name,
		   uint64_t bytes, const char *why, int err)
{
	struct logbuf *lb = ctx;
	struct logrec *r;

	assert_true(lb->n < (int)(sizeof(lb->r) / sizeof(lb->r[0])));
	r = &lb->r[lb->n++];
	r->ev = ev;
	snprintf(r->name, sizeof(r->name), "%s", name ? name : "(null)");
	r->bytes = bytes;
	snprintf(r->why, sizeof(r->why), "%s", why);
	r->err = err;
	if (lb->hook)
		lb->hook(lb, r);
}

static void expect_log(const struct logbuf *lb, int i, enum retention_event ev,
		       const char *name, const char *why, int err)
{
	assert_true(i < lb->n);
	assert_int_equal(lb->r[i].ev, ev);
	assert_string_equal(lb->r[i].name, name);
	assert_string_equal(lb->r[i].why, why);
	assert_int_equal(lb->r[i].err, err);
}

/* Rewrite the header creation time (and its crc): a deterministic order. */
static void set_created(const char *path, uint64_t created_ns)
{
	unsigned char *b;
	size_t len;

	b = slurp(path, &len);
	assert_true(len >= TF_HDR_FIXED);
	le64_put(b + TF_OFF_CTIME, created_ns);
	le32_put(b + TF_OFF_CRC, tf_header_crc(b, le32_get(b + TF_OFF_HDRLEN)));
	spew(path, b, len);
	free(b);
}

static void set_mtime(const char *path, uint64_t mtime_s)
{
	struct timespec ts[2] = {
		{ .tv_sec = (time_t)mtime_s }, { .tv_sec = (time_t)mtime_s },
	};

	assert_int_equal(utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW), 0);
}

/*
 * A real trace file @dir/@name in @state (ONLINE: what a crash or the
 * running recorder leaves, no END block), created at @created_s, last
 * written at @mtime_s.  Returns its size.
 */
static uint64_t mk_trace(const char *dir, const char *name, uint64_t created_s,
			 uint64_t mtime_s, enum tracefile_state state)
{
	struct tracefile_opts o = { .block_bytes = 4096, .sync = TRACEFILE_SYNC_NONE };
	struct tracefile_meta m = { .cmdline = "record -o DIR --rotate-size 1M" };
	char *path = path_join(dir, name);
	struct tracefile_writer *w;
	struct stat st;
	int i;

	assert_int_equal(tracefile_create(path, &m, &o, &w), 0);
	for (i = 0; i < NREC; i++) {
		struct trace_record r = mk_event(1000 + i, 1, 1, 30, i);

		assert_int_equal(tracefile_append(w, &r), 0);
	}
	if (state == TRACEFILE_ONLINE) {
		assert_int_equal(tracefile_flush(w), 0);
		tracefile_abort(w, false);
	} else {
		assert_int_equal(tracefile_close(w), 0);
	}
	set_created(path, created_s * NS);
	if (state == TRACEFILE_ARCHIVED)
		assert_int_equal(tracefile_set_state(path, TRACEFILE_ARCHIVED), 0);
	set_mtime(path, mtime_s);
	assert_int_equal(stat(path, &st), 0);
	free(path);
	return st.st_size;
}

static int header_state(const char *path)
{
	unsigned char *b;
	size_t len;
	int st;

	b = slurp(path, &len);
	assert_true(len > TF_OFF_STATE);
	st = b[TF_OFF_STATE];
	free(b);
	return st;
}

static bool exists(const char *dir, const char *name)
{
	char *path = path_join(dir, name);
	struct stat st;
	int ret = lstat(path, &st);

	free(path);
	return ret == 0;
}

static int apply(struct fix *f, const char *current, uint64_t max_total,
		 uint64_t max_age_s)
{
	struct retention_limits lim = {
		.max_total_bytes = max_total, .max_age_ns = max_age_s * NS,
	};

	return retention_apply(f->dir, current, &lim, NOW, log_cb, &f->lb);
}

/*
 * Creation order is the reverse of name order here, so deleting by name
 * would pick the wrong ones.
 */
static void test_size_oldest_first(void **state)
{
	struct fix *f = *state;
	uint64_t s4, s3, s2, s1, s0;

	s4 = mk_trace(f->dir, "inputtrace-4.itr", 100, RECENT, TRACEFILE_ARCHIVED);
	s3 = mk_trace(f->dir, "inputtrace-3.itr", 200, RECENT, TRACEFILE_ARCHIVED);
	s2 = mk_trace(f->dir, "inputtrace-2.itr", 300, RECENT, TRACEFILE_ARCHIVED);
	s1 = mk_trace(f->dir, "inputtrace-1.itr", 400, RECENT, TRACEFILE_ARCHIVED);
	s0 = mk_trace(f->dir, "inputtrace-0.itr", 500, RECENT, TRACEFILE_ONLINE);

	/* Exactly at the limit once the two oldest are gone: stop there. */
	assert_int_equal(apply(f, "inputtrace-0.itr", s2 + s1 + s0, 0), 2);
	assert_int_equal(f->lb.n, 2);
	expect_log(&f->lb, 0, RETENTION_DELETED, "inputtrace-4.itr", "size", 0);
	assert_int_equal(f->lb.r[0].bytes, s4);
	expect_log(&f->lb, 1, RETENTION_DELETED, "inputtrace-3.itr", "size", 0);
	assert_int_equal(f->lb.r[1].bytes, s3);
	assert_false(exists(f->dir, "inputtrace-4.itr"));
	assert_false(exists(f->dir, "inputtrace-3.itr"));
	assert_true(exists(f->dir, "inputtrace-2.itr"));
	assert_true(exists(f->dir, "inputtrace-1.itr"));
	assert_true(exists(f->dir, "inputtrace-0.itr"));

	/* Applying again changes nothing. */
	f->lb.n = 0;
	assert_int_equal(apply(f, "inputtrace-0.itr", s2 + s1 + s0, 0), 0);
	assert_int_equal(f->lb.n, 0);
}

static void test_size_keeps_newest_current(void **state)
{
	struct fix *f = *state;
	uint64_t s1, s0;
	char *cur;

	mk_trace(f->dir, "inputtrace-20240101-000000-1.itr", 100, RECENT, TRACEFILE_ARCHIVED);
	mk_trace(f->dir, "inputtrace-20240101-000000-1-2.itr", 200, RECENT, TRACEFILE_ARCHIVED);
	mk_trace(f->dir, "inputtrace-20240101-000000-1-3.itr", 300, RECENT, TRACEFILE_ARCHIVED);
	s1 = mk_trace(f->dir, "inputtrace-20240101-000000-1-4.itr", 400, RECENT,
		      TRACEFILE_ARCHIVED);
	s0 = mk_trace(f->dir, "inputtrace-20240101-000000-1-5.itr", 500, RECENT,
		      TRACEFILE_ONLINE);

	/* @current may be given as a path. */
	cur = path_join(f->dir, "inputtrace-20240101-000000-1-5.itr");
	assert_int_equal(apply(f, cur, 1, 0), 3);
	free(cur);
	assert_int_equal(f->lb.n, 4);
	expect_log(&f->lb, 0, RETENTION_DELETED, "inputtrace-20240101-000000-1.itr", "size", 0);
	expect_log(&f->lb, 1, RETENTION_DELETED, "inputtrace-20240101-000000-1-2.itr", "size", 0);
	expect_log(&f->lb, 2, RETENTION_DELETED, "inputtrace-20240101-000000-1-3.itr", "size", 0);
	expect_log(&f->lb, 3, RETENTION_KEPT, "inputtrace-20240101-000000-1-4.itr",
		   "over limit, newest kept", 0);
	assert_int_equal(f->lb.r[3].bytes, s1 + s0);
	assert_true(exists(f->dir, "inputtrace-20240101-000000-1-4.itr"));
	assert_true(exists(f->dir, "inputtrace-20240101-000000-1-5.itr"));
}

/* Even an archived, oldest @current stays; "newest" is among the others. */
static void test_current_never_deleted(void **state)
{
	struct fix *f = *state;

	mk_trace(f->dir, "inputtrace-cur.itr", 50, 1, TRACEFILE_ARCHIVED);
	mk_trace(f->dir, "inputtrace-a.itr", 100, 1, TRACEFILE_ARCHIVED);
	mk_trace(f->dir, "inputtrace-b.itr", 200, 1, TRACEFILE_ARCHIVED);

	assert_int_equal(apply(f, "inputtrace-cur.itr", 1, 1), 1);
	expect_log(&f->lb, 0, RETENTION_DELETED, "inputtrace-a.itr", "size", 0);
	expect_log(&f->lb, 1, RETENTION_KEPT, "inputtrace-b.itr", "over limit, newest kept", 0);
	expect_log(&f->lb, 2, RETENTION_KEPT, "inputtrace-b.itr", "over age, newest kept", 0);
	assert_int_equal(f->lb.n, 3);
	assert_true(exists(f->dir, "inputtrace-cur.itr"));
	assert_true(exists(f->dir, "inputtrace-b.itr"));

	/* Without any current file, the newest archive is still kept. */
	f->lb.n = 0;
	assert_int_equal(apply(f, NULL, 1, 0), 1);
	expect_log(&f->lb, 0, RETENTION_DELETED, "inputtrace-cur.itr", "size", 0);
	assert_true(exists(f->dir, "inputtrace-b.itr"));
}

/* Age is mtime-based and checked for every archive, not only the oldest. */
static void test_age_deletes_only_old(void **state)
{
	struct fix *f = *state;

	mk_trace(f->dir, "inputtrace-a.itr", 100, NOW_S - 9000, TRACEFILE_ARCHIVED);
	mk_trace(f->dir, "inputtrace-b.itr", 200, NOW_S - 100, TRACEFILE_ARCHIVED);
	mk_trace(f->dir, "inputtrace-c.itr", 250, NOW_S - 1000, TRACEFILE_ARCHIVED);
	mk_trace(f->dir, "inputtrace-d.itr", 300, NOW_S - 8000, TRACEFILE_ARCHIVED);
	mk_trace(f->dir, "inputtrace-e.itr", 350, NOW_S + 500, TRACEFILE_ARCHIVED);
	mk_trace(f->dir, "inputtrace-f.itr", 400, NOW_S - 50, TRACEFILE_ARCHIVED);

	assert_int_equal(apply(f, NULL, 0, 1000), 2);
	assert_int_equal(f->lb.n, 2);
	expect_log(&f->lb, 0, RETENTION_DELETED, "inputtrace-a.itr", "age", 0);
	expect_log(&f->lb, 1, RETENTION_DELETED, "inputtrace-d.itr", "age", 0);
	assert_true(exists(f->dir, "inputtrace-b.itr"));
	assert_true(exists(f->dir, "inputtrace-c.itr"));	/* exactly max age */
	assert_true(exists(f->dir, "inputtrace-e.itr"));	/* mtime in the future */
	assert_true(exists(f->dir, "inputtrace-f.itr"));
}

static void test_age_keeps_newest(void **state)
{
	struct fix *f = *state;
	uint64_t sb;

	mk_trace(f->dir, "inputtrace-a.itr", 100, 10, TRACEFILE_ARCHIVED);
	sb = mk_trace(f->dir, "inputtrace-b.itr", 200, 20, TRACEFILE_ARCHIVED);

	assert_int_equal(apply(f, NULL, 0, 60), 1);
	assert_int_equal(f->lb.n, 2);
	expect_log(&f->lb, 0, RETENTION_DELETED, "inputtrace-a.itr", "age", 0);
	expect_log(&f->lb, 1, RETENTION_KEPT, "inputtrace-b.itr", "over age, newest kept", 0);
	assert_int_equal(f->lb.r[1].bytes, sb);
	assert_true(exists(f->dir, "inputtrace-b.itr"));
}

static void test_both_limits(void **state)
{
	struct fix *f = *state;
	uint64_t sa, sb, sc, sd, se;

	sa = mk_trace(f->dir, "inputtrace-a.itr", 100, 10, TRACEFILE_ARCHIVED);
	sb = mk_trace(f->dir, "inputtrace-b.itr", 200, RECENT, TRACEFILE_ARCHIVED);
	sc = mk_trace(f->dir, "inputtrace-c.itr", 300, 10, TRACEFILE_ARCHIVED);
	sd = mk_trace(f->dir, "inputtrace-d.itr", 400, RECENT, TRACEFILE_ARCHIVED);
	se = mk_trace(f->dir, "inputtrace-e.itr", 500, RECENT, TRACEFILE_ARCHIVED);

	/* Size wants a and b gone, age then wants c, d is young. */
	assert_int_equal(apply(f, NULL, sc + sd + se, 3600), 3);
	assert_int_equal(f->lb.n, 3);
	expect_log(&f->lb, 0, RETENTION_DELETED, "inputtrace-a.itr", "size", 0);
	expect_log(&f->lb, 1, RETENTION_DELETED, "inputtrace-b.itr", "size", 0);
	expect_log(&f->lb, 2, RETENTION_DELETED, "inputtrace-c.itr", "age", 0);
	assert_true(exists(f->dir, "inputtrace-d.itr"));
	assert_true(exists(f->dir, "inputtrace-e.itr"));
	(void)sa;
	(void)sb;
}

/* CLEAN and ONLINE files are never deleted but use space all the same. */
static void test_not_archived_kept_counted(void **state)
{
	struct fix *f = *state;
	uint64_t sc, so, s2;
	char *p;

	sc = mk_trace(f->dir, "inputtrace-clean.itr", 10, 10, TRACEFILE_CLEAN);
	so = mk_trace(f->dir, "inputtrace-online.itr", 20, 10, TRACEFILE_ONLINE);
	mk_trace(f->dir, "inputtrace-a1.itr", 100, RECENT, TRACEFILE_ARCHIVED);
	s2 = mk_trace(f->dir, "inputtrace-a2.itr", 200, RECENT, TRACEFILE_ARCHIVED);

	/* The archives alone fit; only counting the others makes a1 go. */
	assert_int_equal(apply(f, NULL, sc + so + s2, 0), 1);
	assert_int_equal(f->lb.n, 1);
	expect_log(&f->lb, 0, RETENTION_DELETED, "inputtrace-a1.itr", "size", 0);

	f->lb.n = 0;
	assert_int_equal(apply(f, NULL, 1, 60), 0);
	assert_int_equal(f->lb.n, 1);
	expect_log(&f->lb, 0, RETENTION_KEPT, "inputtrace-a2.itr", "over limit, newest kept", 0);
	assert_int_equal(f->lb.r[0].bytes, sc + so + s2);
	assert_true(exists(f->dir, "inputtrace-clean.itr"));
	assert_true(exists(f->dir, "inputtrace-online.itr"));

	/* No archive at all: nothing to delete, reported with no name. */
	f->lb.n = 0;
	p = path_join(f->dir, "inputtrace-a2.itr");
	assert_int_equal(unlink(p), 0);
	free(p);
	assert_int_equal(apply(f, NULL, 1, 0), 0);
	assert_int_equal(f->lb.n, 1);
	expect_log(&f->lb, 0, RETENTION_KEPT, "(null)", "over limit, newest kept", 0);
	assert_int_equal(f->lb.r[0].bytes, sc + so);
}

/* archive_clean: earlier recordings' last files join the archives. */
static void test_archive_clean_files(void **state)
{
	struct fix *f = *state;
	struct retention_limits lim = { .max_total_bytes = 1, .archive_clean = true };
	uint64_t sizes = 0;
	char *p;

	sizes += mk_trace(f->dir, "inputtrace-old-run.itr", 10, RECENT, TRACEFILE_CLEAN);
	sizes += mk_trace(f->dir, "inputtrace-crashed.itr", 20, RECENT, TRACEFILE_ONLINE);
	sizes += mk_trace(f->dir, "inputtrace-arch.itr", 30, RECENT, TRACEFILE_ARCHIVED);
	sizes += mk_trace(f->dir, "inputtrace-cur.itr", 40, RECENT, TRACEFILE_CLEAN);

	assert_int_equal(retention_apply(f->dir, "inputtrace-cur.itr", &lim, NOW,
					 log_cb, &f->lb), 1);
	expect_log(&f->lb, 0, RETENTION_ARCHIVED, "inputtrace-old-run.itr",
		   "earlier recording", 0);
	/* the oldest archive (now old-run) goes, the newest (arch) stays */
	expect_log(&f->lb, 1, RETENTION_DELETED, "inputtrace-old-run.itr", "size", 0);
	expect_log(&f->lb, 2, RETENTION_KEPT, "inputtrace-arch.itr",
		   "over limit, newest kept", 0);
	assert_int_equal(f->lb.n, 3);
	assert_false(exists(f->dir, "inputtrace-old-run.itr"));
	assert_true(exists(f->dir, "inputtrace-crashed.itr"));
	assert_true(exists(f->dir, "inputtrace-arch.itr"));
	/* the current file is never archived, whatever its state */
	p = path_join(f->dir, "inputtrace-cur.itr");
	assert_int_equal(header_state(p), TRACEFILE_CLEAN);
	free(p);
	p = path_join(f->dir, "inputtrace-crashed.itr");
	assert_int_equal(header_state(p), TRACEFILE_ONLINE);
	free(p);
	(void)sizes;
}

static void test_foreign_entries_untouched(void **state)
{
	struct fix *f = *state;
	static const char *const keep[] = {
		"other.itr", "inputtrace-x.itr.bak", "Inputtrace-y.itr",
		"inputtrace-z.ITR", "target.trace", "inputtrace-link.itr",
		"inputtrace-outlink.itr", "inputtrace-dir.itr",
		"inputtrace-junk.itr", "inputtrace-empty.itr",
		"inputtrace-fake.itr", "inputtrace-v2.itr", "inputtrace-fifo.itr",
	};
	char *p, *q, *outside = tmpdir_new();
	unsigned char *b, *t0, *t1;
	size_t len, tlen;
	uint64_t sb, sfake, sv2;
	bool root = geteuid() == 0;
	size_t i;

	/* Archived trace files under names retention must not take. */
	for (i = 0; i < 5; i++)
		mk_trace(f->dir, keep[i], 1 + i, 1, TRACEFILE_ARCHIVED);
	/* Symlinks to archived trace files, inside and outside the directory. */
	p = path_join(f->dir, "target.trace");
	q = path_join(f->dir, "inputtrace-link.itr");
	assert_int_equal(symlink(p, q), 0);
	t0 = slurp(p, &tlen);
	free(p);
	free(q);
	mk_trace(outside, "inputtrace-out.itr", 2, 1, TRACEFILE_ARCHIVED);
	p = path_join(outside, "inputtrace-out.itr");
	q = path_join(f->dir, "inputtrace-outlink.itr");
	assert_int_equal(symlink(p, q), 0);
	free(p);
	free(q);
	/* A directory, a non-trace file, an empty one, a FIFO. */
	p = path_join(f->dir, "inputtrace-dir.itr");
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	mk_trace(f->dir, "inputtrace-dir.itr/inputtrace-in.itr", 3, 1, TRACEFILE_ARCHIVED);
	p = path_join(f->dir, "inputtrace-junk.itr");
	spew(p, "#!/bin/sh\necho not a trace\n", 27);
	free(p);
	p = path_join(f->dir, "inputtrace-empty.itr");
	spew(p, "", 0);
	free(p);
	p = path_join(f->dir, "inputtrace-fifo.itr");
	assert_int_equal(mkfifo(p, 0600), 0);
	free(p);
	/* Trace magic, state ARCHIVED, but the header crc is wrong. */
	sfake = mk_trace(f->dir, "inputtrace-fake.itr", 4, 1, TRACEFILE_ARCHIVED);
	p = path_join(f->dir, "inputtrace-fake.itr");
	b = slurp(p, &len);
	b[TF_HDR_FIXED] ^= 1;
	spew(p, b, len);
	free(b);
	free(p);
	/* Intact, ARCHIVED, but a format version we do not know. */
	sv2 = mk_trace(f->dir, "inputtrace-v2.itr", 6, 1, TRACEFILE_ARCHIVED);
	p = path_join(f->dir, "inputtrace-v2.itr");
	b = slurp(p, &len);
	le16_put(b + TF_OFF_VERSION, TRACEFILE_VERSION + 1);
	le32_put(b + TF_OFF_CRC, tf_header_crc(b, le32_get(b + TF_OFF_HDRLEN)));
	spew(p, b, len);
	free(b);
	free(p);
	/* Someone else's file (only root can make one). */
	if (root) {
		mk_trace(f->dir, "inputtrace-other.itr", 5, 1, TRACEFILE_ARCHIVED);
		p = path_join(f->dir, "inputtrace-other.itr");
		assert_int_equal(chown(p, 4242, 4242), 0);
		free(p);
	}
	/* The only real archives. */
	mk_trace(f->dir, "inputtrace-a.itr", 100, 1, TRACEFILE_ARCHIVED);
	sb = mk_trace(f->dir, "inputtrace-b.itr", 200, 1, TRACEFILE_ARCHIVED);

	assert_int_equal(apply(f, NULL, 1, 1), 1);
	assert_int_equal(f->lb.n, 3);
	expect_log(&f->lb, 0, RETENTION_DELETED, "inputtrace-a.itr", "size", 0);
	expect_log(&f->lb, 1, RETENTION_KEPT, "inputtrace-b.itr", "over limit, newest kept", 0);
	/* Damaged and unknown versions count (trace files), others do not. */
	assert_int_equal(f->lb.r[1].bytes, sb + sfake + sv2);
	expect_log(&f->lb, 2, RETENTION_KEPT, "inputtrace-b.itr", "over age, newest kept", 0);

	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		assert_true(exists(f->dir, keep[i]));
	assert_true(exists(f->dir, "inputtrace-dir.itr/inputtrace-in.itr"));
	assert_true(exists(outside, "inputtrace-out.itr"));
	if (root)
		assert_true(exists(f->dir, "inputtrace-other.itr"));
	/* The symlink's target was not even written to. */
	p = path_join(f->dir, "target.trace");
	t1 = slurp(p, &len);
	assert_int_equal(len, tlen);
	assert_memory_equal(t0, t1, len);
	free(p);
	free(t0);
	free(t1);
	tmpdir_free(outside);
}

/* An immutable file is a failure root cannot override either. */
static void test_delete_failure_continues(void **state)
{
	struct fix *f = *state;

	mk_trace(f->dir, "inputtrace-a1.itr", 100, RECENT, TRACEFILE_ARCHIVED);
	mk_trace(f->dir, "inputtrace-a2.itr", 200, RECENT, TRACEFILE_ARCHIVED);
	mk_trace(f->dir, "inputtrace-a3.itr", 300, RECENT, TRACEFILE_ARCHIVED);
	mk_trace(f->dir, "inputtrace-a4.itr", 400, RECENT, TRACEFILE_ARCHIVED);
	f->immutable = path_join(f->dir, "inputtrace-a2.itr");
	if (set_immutable(f->immutable, true)) {
		/* No CAP_LINUX_IMMUTABLE or a filesystem without the flag. */
		free(f->immutable);
		f->immutable = NULL;
		skip();
	}

	assert_int_equal(apply(f, NULL, 1, 0), 2);
	assert_int_equal(f->lb.n, 4);
	expect_log(&f->lb, 0, RETENTION_DELETED, "inputtrace-a1.itr", "size", 0);
	expect_log(&f->lb, 1, RETENTION_FAILED, "inputtrace-a2.itr", "size", -EPERM);
	expect_log(&f->lb, 2, RETENTION_DELETED, "inputtrace-a3.itr", "size", 0);
	expect_log(&f->lb, 3, RETENTION_KEPT, "inputtrace-a4.itr", "over limit, newest kept", 0);
	assert_true(exists(f->dir, "inputtrace-a2.itr"));
	assert_true(exists(f->dir, "inputtrace-a4.itr"));
}

/* After the first deletion, swap the second file and remove the third. */
static void swap_hook(struct logbuf *lb, const struct logrec *r)
{
	char *p;

	if (r->ev != RETENTION_DELETED || strcmp(r->name, "inputtrace-a1.itr"))
		return;
	p = path_join(lb->dir, "inputtrace-a2.itr");
	assert_int_equal(unlink(p), 0);
	spew(p, "precious", 8);
	free(p);
	p = path_join(lb->dir, "inputtrace-a3.itr");
	assert_int_equal(unlink(p), 0);
	free(p);
}

static void test_changed_during_apply(void **state)
{
	struct fix *f = *state;
	uint64_t s2, s5;
	unsigned char *b;
	size_t len;
	char *p;

	mk_trace(f->dir, "inputtrace-a1.itr", 100, RECENT, TRACEFILE_ARCHIVED);
	s2 = mk_trace(f->dir, "inputtrace-a2.itr", 200, RECENT, TRACEFILE_ARCHIVED);
	mk_trace(f->dir, "inputtrace-a3.itr", 300, RECENT, TRACEFILE_ARCHIVED);
	mk_trace(f->dir, "inputtrace-a4.itr", 400, RECENT, TRACEFILE_ARCHIVED);
	s5 = mk_trace(f->dir, "inputtrace-a5.itr", 500, RECENT, TRACEFILE_ARCHIVED);
	f->lb.hook = swap_hook;

	assert_int_equal(apply(f, NULL, 1, 0), 2);
	assert_int_equal(f->lb.n, 5);
	expect_log(&f->lb, 0, RETENTION_DELETED, "inputtrace-a1.itr", "size", 0);
	expect_log(&f->lb, 1, RETENTION_FAILED, "inputtrace-a2.itr", "size", -ESTALE);
	expect_log(&f->lb, 2, RETENTION_FAILED, "inputtrace-a3.itr", "size", -ENOENT);
	expect_log(&f->lb, 3, RETENTION_DELETED, "inputtrace-a4.itr", "size", 0);
	expect_log(&f->lb, 4, RETENTION_KEPT, "inputtrace-a5.itr", "over limit, newest kept", 0);
	/* a3 is gone, whoever removed it; a2 is still counted as it was. */
	assert_int_equal(f->lb.r[4].bytes, s2 + s5);
	p = path_join(f->dir, "inputtrace-a2.itr");
	b = slurp(p, &len);
	assert_int_equal(len, 8);
	assert_memory_equal(b, "precious", 8);
	free(b);
	free(p);
}

static void test_zero_limits_delete_nothing(void **state)
{
	struct fix *f = *state;
	struct retention_limits lim = { 0 };

	mk_trace(f->dir, "inputtrace-a.itr", 100, 1, TRACEFILE_ARCHIVED);
	mk_trace(f->dir, "inputtrace-b.itr", 200, 1, TRACEFILE_ARCHIVED);
	mk_trace(f->dir, "inputtrace-c.itr", 300, 1, TRACEFILE_ARCHIVED);

	assert_int_equal(apply(f, NULL, 0, 0), 0);
	assert_int_equal(f->lb.n, 0);
	assert_int_equal(retention_apply(f->dir, NULL, &lim, NOW, NULL, NULL), 0);
	assert_true(exists(f->dir, "inputtrace-a.itr"));
	assert_true(exists(f->dir, "inputtrace-b.itr"));
	assert_true(exists(f->dir, "inputtrace-c.itr"));
}

/*
 * Equal creation times (coarse clock, copies): name order decides, not
 * the order of creation or of readdir().
 */
static void test_equal_created_by_name(void **state)
{
	static const char order[] = "hcafgbed";
	struct fix *f = *state;
	struct retention_limits lim = { .max_total_bytes = 1 };
	char name[32];
	int i;

	for (i = 0; order[i]; i++) {
		snprintf(name, sizeof(name), "inputtrace-%c.itr", order[i]);
		mk_trace(f->dir, name, 100, RECENT, TRACEFILE_ARCHIVED);
	}

	assert_int_equal(apply(f, NULL, 1, 0), 7);
	for (i = 0; i < 7; i++) {
		snprintf(name, sizeof(name), "inputtrace-%c.itr", 'a' + i);
		expect_log(&f->lb, i, RETENTION_DELETED, name, "size", 0);
	}
	assert_true(exists(f->dir, "inputtrace-h.itr"));
	/* A NULL log is fine. */
	assert_int_equal(retention_apply(f->dir, NULL, &lim, NOW, NULL, NULL), 0);
}

/*
 * A header longer than its strings (the key block of an encrypted file)
 * and with header flags set is still an intact trace header.
 */
static void test_header_extension(void **state)
{
	struct fix *f = *state;
	unsigned char *b, *c;
	uint32_t hlen;
	size_t len;
	char *p;

	mk_trace(f->dir, "inputtrace-ext.itr", 100, RECENT, TRACEFILE_ARCHIVED);
	mk_trace(f->dir, "inputtrace-new.itr", 200, RECENT, TRACEFILE_ARCHIVED);
	p = path_join(f->dir, "inputtrace-ext.itr");
	b = slurp(p, &len);
	hlen = le32_get(b + TF_OFF_HDRLEN);
	c = calloc(1, len + 136);
	memcpy(c, b, hlen);
	memset(c + hlen, 0xa5, 136);
	memcpy(c + hlen + 136, b + hlen, len - hlen);
	c[TF_OFF_STATE + 1] = 0x01;		/* header flags */
	le32_put(c + TF_OFF_HDRLEN, hlen + 136);
	le32_put(c + TF_OFF_CRC, tf_header_crc(c, hlen + 136));
	spew(p, c, len + 136);
	set_mtime(p, RECENT);

	assert_int_equal(apply(f, NULL, 1, 0), 1);
	expect_log(&f->lb, 0, RETENTION_DELETED, "inputtrace-ext.itr", "size", 0);
	assert_int_equal(f->lb.r[0].bytes, len + 136);
	free(b);
	free(c);
	free(p);
}

static void test_bad_directories(void **state)
{
	struct fix *f = *state;
	struct retention_limits lim = { .max_total_bytes = 1 };
	char *sub = path_join(f->dir, "sub"), *link = path_join(f->dir, "link");
	char *slash, *file = path_join(f->dir, "file");
	int ret;

	assert_int_equal(mkdir(sub, 0700), 0);
	mk_trace(sub, "inputtrace-a.itr", 100, 1, TRACEFILE_ARCHIVED);
	mk_trace(sub, "inputtrace-b.itr", 200, 1, TRACEFILE_ARCHIVED);
	spew(file, "x", 1);

	assert_int_equal(retention_apply(NULL, NULL, &lim, NOW, NULL, NULL), -EINVAL);
	assert_int_equal(retention_apply(sub, NULL, NULL, NOW, NULL, NULL), -EINVAL);
	assert_int_equal(retention_apply(file, NULL, &lim, NOW, NULL, NULL), -ENOTDIR);
	slash = path_join(f->dir, "nodir");
	assert_int_equal(retention_apply(slash, NULL, &lim, NOW, NULL, NULL), -ENOENT);
	free(slash);

	/* The directory itself as a symlink is refused... */
	assert_int_equal(symlink(sub, link), 0);
	ret = retention_apply(link, NULL, &lim, NOW, NULL, NULL);
	assert_true(ret == -ENOTDIR || ret == -ELOOP);
	assert_true(exists(sub, "inputtrace-a.itr"));

	/* ...and so is one others may write to, without the sticky bit. */
	assert_int_equal(chmod(sub, 0777), 0);
	assert_int_equal(retention_apply(sub, NULL, &lim, NOW, NULL, NULL), -EPERM);
	assert_true(exists(sub, "inputtrace-a.itr"));
	assert_int_equal(chmod(sub, 01777), 0);
	assert_int_equal(retention_apply(sub, NULL, &lim, NOW, NULL, NULL), 1);
	assert_false(exists(sub, "inputtrace-a.itr"));
	assert_true(exists(sub, "inputtrace-b.itr"));
	free(sub);
	free(link);
	free(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_size_oldest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_keeps_newest_current, setup, teardown),
		cmocka_unit_test_setup_teardown(test_current_never_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_age_deletes_only_old, setup, teardown),
		cmocka_unit_test_setup_teardown(test_age_keeps_newest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_both_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_archived_kept_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_archive_clean_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_entries_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_failure_continues, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_during_apply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zero_limits_delete_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_equal_created_by_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_extension, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_directories, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * tracefile.c - trace file writer (format in tracefile.h).
 *
 * Records are encoded into an in-memory block; a full block, an explicit
 * flush or close seals it: optionally compressed, checksummed and written
 * with one pwrite at the end of the file.  The header state byte is the
 * only thing ever rewritten, so a crash leaves sealed blocks intact.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <zstd.h>
#include "tracefile.h"
#include "tracefile_fmt.h"

struct tracefile_writer {
	int fd;
	char *path;
	struct tracefile_opts opts;
	uint64_t off;		/* end of the last sealed block */
	uint64_t seq;		/* sequence number of the next block */
	unsigned char *raw;	/* block being filled */
	size_t raw_len;
	uint32_t nrec;
	unsigned char *zbuf;	/* compression output */
	size_t zcap;
	ZSTD_CCtx *zctx;
};

const char *tracefile_state_name(unsigned int state)
{
	switch (state) {
	case TRACEFILE_ONLINE:
		return "online";
	case TRACEFILE_CLEAN:
		return "clean";
	case TRACEFILE_ARCHIVED:
		return "archived";
	}
	return "unknown";
}

static int pwrite_all(int fd, const void *buf, size_t len, uint64_t off)
{
	const unsigned char *p = buf;

	while (len) {
		ssize_t n = pwrite(fd, p, len, (off_t)off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		p += n;
		len -= n;
		off += n;
	}
	return 0;
}

/*
 * Refuse directories where someone else could swap or pre-create our file
 * (auditd's rule): group/world-writable without sticky bit, or owned by a
 * user other than us or root.
 */
int tracefile_check_parent(const char *path)
{
	char *copy = strdup(path);
	struct stat st;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	if (stat(dirname(copy), &st) < 0)
		err = -errno;
	else if (!S_ISDIR(st.st_mode))
		err = -ENOTDIR;
	else if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX))
		err = -EPERM;
	else if (st.st_uid != 0 && st.st_uid != geteuid())
		err = -EPERM;
	free(copy);
	return err;
}

static int sync_parent_dir(const char *path)
{
	char *copy = strdup(path);
	int fd, err = 0;

	if (!copy)
		return -ENOMEM;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) < 0)
		err = -errno;
	if (fd >= 0)
		close(fd);
	free(copy);
	return err;
}

static int write_header(struct tracefile_writer *w, const struct tracefile_meta *meta)
{
	const char *cmd = meta && meta->cmdline ? meta->cmdline : "";
	size_t hl, kl, cl = strnlen(cmd, TRACEFILE_CMDLINE_MAX);
	struct timespec ts;
	struct utsname u;
	unsigned char *h;
	uint32_t len;
	int err;

	if (uname(&u) < 0)
		return -errno;
	clock_gettime(CLOCK_REALTIME, &ts);
	hl = strnlen(u.nodename, sizeof(u.nodename));
	kl = strnlen(u.release, sizeof(u.release));
	len = TF_HDR_FIXED + hl + kl + cl;

	h = calloc(1, len);
	if (!h)
		return -ENOMEM;
	memcpy(h, TF_MAGIC, TF_MAGIC_LEN);
	le16_put(h + TF_OFF_VERSION, TRACEFILE_VERSION);
	h[TF_OFF_STATE] = TRACEFILE_ONLINE;
	le32_put(h + TF_OFF_HDRLEN, len);
	le32_put(h + TF_OFF_PID, (uint32_t)getpid());
	le64_put(h + TF_OFF_CTIME, (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec);
	le16_put(h + TF_OFF_HOSTLEN, hl);
	le16_put(h + TF_OFF_KERNLEN, kl);
	le32_put(h + TF_OFF_CMDLEN, cl);
	memcpy(h + TF_HDR_FIXED, u.nodename, hl);
	memcpy(h + TF_HDR_FIXED + hl, u.release, kl);
	memcpy(h + TF_HDR_FIXED + hl + kl, cmd, cl);
	le32_put(h + TF_OFF_CRC, tf_header_crc(h, len));

	err = pwrite_all(w->fd, h, len, 0);
	if (!err)
		w->off = len;
	free(h);
	return err;
}

static void writer_free(struct tracefile_writer *w)
{
	if (w->fd >= 0)
		close(w->fd);
	ZSTD_freeCCtx(w->zctx);
	free(w->zbuf);
	free(w->raw);
	free(w->path);
	free(w);
}

int tracefile_create(const char *path, const struct tracefile_meta *meta,
		     const struct tracefile_opts *opts,
		     struct tracefile_writer **out)
{
	struct tracefile_writer *w;
	int err;

	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->fd = -1;
	if (opts)
		w->opts = *opts;
	if (!w->opts.block_bytes)
		w->opts.block_bytes = TRACEFILE_BLOCK_DEFAULT;
	if (w->opts.block_bytes < TRACEFILE_BLOCK_MIN ||
	    w->opts.block_bytes > TRACEFILE_BLOCK_MAX ||
	    w->opts.sync > TRACEFILE_SYNC_CLOSE) {
		err = -EINVAL;
		goto err_free;
	}

	w->path = strdup(path);
	w->raw = malloc(w->opts.block_bytes);
	w->zcap = ZSTD_compressBound(w->opts.block_bytes);
	w->zbuf = w->opts.compress ? malloc(w->zcap) : NULL;
	w->zctx = w->opts.compress ? ZSTD_createCCtx() : NULL;
	if (!w->path || !w->raw || (w->opts.compress && (!w->zbuf || !w->zctx))) {
		err = -ENOMEM;
		goto err_free;
	}

	err = tracefile_check_parent(path);
	if (err)
		goto err_free;

	w->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (w->fd < 0) {
		err = -errno;
		goto err_free;
	}
	/* The umask may have narrowed it; 0600 is what we promise. */
	if (fchmod(w->fd, 0600) < 0) {
		err = -errno;
		goto err_unlink;
	}
	err = write_header(w, meta);
	if (err)
		goto err_unlink;
	if (w->opts.sync != TRACEFILE_SYNC_NONE) {
		if (fdatasync(w->fd) < 0) {
			err = -errno;
			goto err_unlink;
		}
		err = sync_parent_dir(path);
		if (err)
			goto err_unlink;
	}
	*out = w;
	return 0;

err_unlink:
	unlink(path);
err_free:
	writer_free(w);
	return err;
}

/* Write one block; on failure cut the file back so no torn block stays. */
static int write_block(struct tracefile_writer *w, uint32_t flags,
		       const void *payload, uint32_t stored, uint32_t raw,
		       uint32_t count)
{
	unsigned char bh[TB_HDR_LEN];
	int err;

	memcpy(bh, TB_MAGIC, TB_MAGIC_LEN);
	le32_put(bh + TB_OFF_FLAGS, flags);
	le64_put(bh + TB_OFF_SEQ, w->seq);
	le32_put(bh + TB_OFF_STORED, stored);
	le32_put(bh + TB_OFF_RAW, raw);
	le32_put(bh + TB_OFF_COUNT, count);
	le32_put(bh + TB_OFF_CRC, tb_crc(bh, payload, stored));

	err = pwrite_all(w->fd, bh, sizeof(bh), w->off);
	if (!err && stored)
		err = pwrite_all(w->fd, payload, stored, w->off + sizeof(bh));
	if (err) {
		if (ftruncate(w->fd, (off_t)w->off) < 0) {
			/* Leave it: readers resync past a torn block. */
		}
		return err;
	}
	w->off += sizeof(bh) + stored;
	w->seq++;
	if (w->opts.sync == TRACEFILE_SYNC_BLOCK && fdatasync(w->fd) < 0)
		return -errno;
	return 0;
}

int tracefile_flush(struct tracefile_writer *w)
{
	const void *payload = w->raw;
	uint32_t stored = w->raw_len, flags = 0;
	uint64_t seq;
	int err;

	if (!w->nrec)
		return 0;
	if (w->opts.compress) {
		size_t n = ZSTD_compressCCtx(w->zctx, w->zbuf, w->zcap, w->raw,
					     w->raw_len, ZSTD_CLEVEL_DEFAULT);

		/* Keep the raw block if zstd fails or does not help. */
		if (!ZSTD_isError(n) && n < w->raw_len) {
			payload = w->zbuf;
			stored = n;
			flags |= TB_FLAG_ZSTD;
		}
	}
	seq = w->seq;
	err = write_block(w, flags, payload, stored, w->raw_len, w->nrec);
	/*
	 * If the block went out but fdatasync failed, it must not be written
	 * a second time: the block is sealed either way once seq moved.
	 */
	if (w->seq != seq) {
		w->raw_len = 0;
		w->nrec = 0;
	}
	return err;
}

int tracefile_append(struct tracefile_writer *w, const struct trace_record *rec)
{
	size_t n = record_encoded_len(rec);
	int err;

	if (!n)
		return -EINVAL;
	if (w->raw_len + n > w->opts.block_bytes) {
		err = tracefile_flush(w);
		if (err)
			return err;
	}
	err = record_encode(rec, w->raw + w->raw_len, w->opts.block_bytes - w->raw_len);
	if (err < 0)
		return err;
	w->raw_len += err;
	w->nrec++;
	return 0;
}

uint64_t tracefile_writer_bytes(const struct tracefile_writer *w)
{
	return w->off;
}

int tracefile_close(struct tracefile_writer *w)
{
	static const unsigned char clean = TRACEFILE_CLEAN;
	int err;

	err = tracefile_flush(w);
	if (err)
		goto out;
	err = write_block(w, TB_FLAG_END, NULL, 0, 0, 0);
	if (err)
		goto out;
	/* END must be durable before the header claims CLEAN. */
	if (w->opts.sync != TRACEFILE_SYNC_NONE && fdatasync(w->fd) < 0) {
		err = -errno;
		goto out;
	}
	err = pwrite_all(w->fd, &clean, 1, TF_OFF_STATE);
	if (err)
		goto out;
	if (w->opts.sync != TRACEFILE_SYNC_NONE && fsync(w->fd) < 0)
		err = -errno;
out:
	writer_free(w);
	return err;
}

void tracefile_abort(struct tracefile_writer *w, bool unlink_file)
{
	if (!w)
		return;
	if (unlink_file)
		unlink(w->path);
	writer_free(w);
}

int tracefile_set_state(const char *path, enum tracefile_state state)
{
	unsigned char h[TF_HDR_FIXED], st = state;
	int fd, err = 0;
	ssize_t n;

	if (state < TRACEFILE_ONLINE || state > TRACEFILE_ARCHIVED)
		return -EINVAL;
	fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = pread(fd, h, sizeof(h), 0);
	if (n < 0)
		err = -errno;
	else if (n < (ssize_t)sizeof(h) || memcmp(h, TF_MAGIC, TF_MAGIC_LEN))
		err = -EBADMSG;
	else if (le16_get(h + TF_OFF_VERSION) != TRACEFILE_VERSION)
		err = -EPROTONOSUPPORT;
	if (!err)
		err = pwrite_all(fd, &st, 1, TF_OFF_STATE);
	if (!err && fsync(fd) < 0)
		err = -errno;
	close(fd);
	return err;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * tracefile.c - trace file writer (format in tracefile.h).
 *
 * Records are encoded into an in-memory block; a full block, an explicit
 * flush or close seals it: optionally compressed, then encrypted,
 * checksummed and written with one pwrite at the end of the file.  The
 * header state byte is the only thing ever rewritten, so a crash leaves
 * sealed blocks intact.
 *
 * Sealing and writing are separate steps: a block whose write failed is
 * kept sealed, byte for byte, and written again later.  Sealing it again
 * would push a second secretstream message (the reader's chain would
 * break) and consume a second sequence number.
 *
 * A stream (`record -o -`: stdout, usually a pipe) gets the same bytes
 * with write(): nothing is ever rewritten, cut back or synced there.  The
 * header keeps state ONLINE; the END block alone says the stream closed
 * cleanly (it does in a file too: no reader trusts the state byte more).
 * A block a failed write() left half out is completed from where it
 * stopped, since what went into a pipe cannot be taken back.
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
#include "record_codec_v2.h"
#include "tracefile.h"
#include "tracefile_crypto.h"
#include "tracefile_fmt.h"
#include "tracefile_header.h"
#include "trust.h"

struct tracefile_writer {
	int fd;
	char *path;		/* NULL for a stream */
	bool stream;		/* write() in order: no pwrite, ftruncate, state */
	bool can_sync;		/* not a stream, or a stream into a regular file */
	size_t sealed_done;	/* stream: bytes of the sealed block already out */
	struct tracefile_opts opts;
	uint64_t off;		/* end of the last block written */
	uint64_t seq;		/* sequence number of the next block sealed */
	unsigned char *raw;	/* block being filled */
	size_t raw_len;
	uint32_t nrec;
	struct rc2_state packed;	/* version 2: the block's entries so far */
	unsigned char *zbuf;	/* compression output */
	size_t zcap;
	ZSTD_CCtx *zctx;
	unsigned char *sealed;	/* block header + stored payload, not written */
	size_t sealed_len;	/* 0: nothing waiting */
	/* what tracefile_writer_pending() counts, queued and in sealed */
	uint64_t raw_weight, sealed_weight;
	struct tf_crypto *crypto;	/* NULL: plaintext file */
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

static int write_all(int fd, const void *buf, size_t len, size_t *done)
{
	const unsigned char *p = buf;

	while (*done < len) {
		ssize_t n = write(fd, p + *done, len - *done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		*done += n;
	}
	return 0;
}

/* @len bytes at @off of a file, or next in a stream (@off is where they go). */
static int write_out(struct tracefile_writer *w, const void *buf, size_t len,
		     uint64_t off)
{
	size_t done = 0;

	return w->stream ? write_all(w->fd, buf, len, &done) :
			   pwrite_all(w->fd, buf, len, off);
}

static int sync_data(struct tracefile_writer *w)
{
	return w->can_sync && fdatasync(w->fd) < 0 ? -errno : 0;
}

/* The writer's directory rule is trust.h's; kept as API for early checks. */
int tracefile_check_parent(const char *path)
{
	return trust_parent_of(path);
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

/* Flags and crypto section of the header at @h; @sect: where it goes. */
static int header_crypto(struct tracefile_writer *w, const unsigned char *pk,
			 unsigned char *h, uint32_t sect)
{
	if (!pk)
		return 0;
	h[TF_OFF_FLAGS] = TF_FLAG_ENCRYPTED;
	return tf_crypto_start_push(pk, h + sect, &w->crypto);
}

static int write_header(struct tracefile_writer *w, const struct tracefile_meta *meta,
			const unsigned char *pk)
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
	len = TF_HDR_FIXED + hl + kl + cl + (pk ? TFC_SECTION_LEN : 0);

	h = calloc(1, len);
	if (!h)
		return -ENOMEM;
	memcpy(h, TF_MAGIC, TF_MAGIC_LEN);
	le16_put(h + TF_OFF_VERSION, w->opts.version);
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
	err = header_crypto(w, pk, h, TF_HDR_FIXED + hl + kl + cl);
	if (!err && w->crypto)
		err = tf_crypto_bind_header(w->crypto, h, len);
	le32_put(h + TF_OFF_CRC, tf_header_crc(h, len));

	if (!err)
		err = write_out(w, h, len, 0);
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
	tf_crypto_free(w->crypto);
	free(w->sealed);
	free(w->zbuf);
	free(w->raw);
	free(w->path);
	free(w);
}

/* The writer and its buffers, for @opts; no file yet. */
static int writer_new(const struct tracefile_opts *opts, struct tracefile_writer **out)
{
	struct tracefile_writer *w;
	int err;

	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->fd = -1;
	w->can_sync = true;
	if (opts)
		w->opts = *opts;
	if (!w->opts.block_bytes)
		w->opts.block_bytes = TRACEFILE_BLOCK_DEFAULT;
	if (!w->opts.version)
		w->opts.version = TRACEFILE_VERSION_DEFAULT;
	if (w->opts.version < TRACEFILE_VERSION_MIN || w->opts.version > TRACEFILE_VERSION ||
	    w->opts.block_bytes < TRACEFILE_BLOCK_MIN ||
	    w->opts.block_bytes > TRACEFILE_BLOCK_MAX ||
	    w->opts.sync > TRACEFILE_SYNC_CLOSE) {
		err = -EINVAL;
		goto err_free;
	}

	w->raw = malloc(w->opts.block_bytes);
	/* zstd output is kept only when smaller than the raw block */
	w->sealed = malloc(TB_HDR_LEN + w->opts.block_bytes + TFC_ABYTES);
	w->zcap = ZSTD_compressBound(w->opts.block_bytes);
	w->zbuf = w->opts.compress ? malloc(w->zcap) : NULL;
	w->zctx = w->opts.compress ? ZSTD_createCCtx() : NULL;
	if (!w->raw || !w->sealed || (w->opts.compress && (!w->zbuf || !w->zctx))) {
		err = -ENOMEM;
		goto err_free;
	}
	*out = w;
	return 0;

err_free:
	writer_free(w);
	return err;
}

int tracefile_create(const char *path, const struct tracefile_meta *meta,
		     const struct tracefile_opts *opts,
		     struct tracefile_writer **out)
{
	struct tracefile_writer *w;
	int err = writer_new(opts, &w);

	if (err)
		return err;
	w->path = strdup(path);
	if (!w->path) {
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
	err = write_header(w, meta, w->opts.recipient_pk);
	w->opts.recipient_pk = NULL;	/* the caller's memory */
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

int tracefile_create_stream(int fd, const struct tracefile_meta *meta,
			    const struct tracefile_opts *opts,
			    struct tracefile_writer **out)
{
	struct tracefile_writer *w;
	struct stat st;
	int err;

	if (fstat(fd, &st) < 0)
		return -errno;
	err = writer_new(opts, &w);
	if (err)
		return err;
	w->stream = true;
	w->fd = fd;
	/* fdatasync() on a pipe is EINVAL: --sync means something in a file only */
	w->can_sync = S_ISREG(st.st_mode) && w->opts.sync != TRACEFILE_SYNC_NONE;
	err = write_header(w, meta, w->opts.recipient_pk);
	w->opts.recipient_pk = NULL;	/* the caller's memory */
	if (!err)
		err = sync_data(w);
	if (err) {
		w->fd = -1;	/* still the caller's */
		writer_free(w);
		return err;
	}
	*out = w;
	return 0;
}

/* Seal the next block into w->sealed: header, payload (encrypted), crc. */
static int seal_block(struct tracefile_writer *w, uint32_t flags,
		      const void *payload, uint32_t len, uint32_t raw,
		      uint32_t count)
{
	unsigned char *bh = w->sealed, *stored = w->sealed + TB_HDR_LEN;
	uint32_t slen = len + (w->crypto ? TFC_ABYTES : 0);
	int err;

	memcpy(bh, TB_MAGIC, TB_MAGIC_LEN);
	le32_put(bh + TB_OFF_FLAGS, flags);
	le64_put(bh + TB_OFF_SEQ, w->seq);
	le32_put(bh + TB_OFF_STORED, slen);
	le32_put(bh + TB_OFF_RAW, raw);
	le32_put(bh + TB_OFF_COUNT, count);
	if (w->crypto) {
		err = tf_crypto_seal(w->crypto, bh, payload, len, flags & TB_FLAG_END,
				     stored);
		if (err)
			return err;
	} else if (len) {
		memcpy(stored, payload, len);
	}
	le32_put(bh + TB_OFF_CRC, tb_crc(bh, stored, slen));
	w->sealed_len = TB_HDR_LEN + slen;
	w->sealed_weight = 0;
	w->seq++;
	return 0;
}

/*
 * Write the sealed block, if any; on failure cut the file back.  A stream
 * cannot be cut back: its next try goes on where this one stopped.
 */
static int write_sealed(struct tracefile_writer *w)
{
	int err;

	if (!w->sealed_len)
		return 0;
	if (w->stream) {
		err = write_all(w->fd, w->sealed, w->sealed_len, &w->sealed_done);
		if (err)
			return err;
		w->sealed_done = 0;
	} else {
		err = pwrite_all(w->fd, w->sealed, w->sealed_len, w->off);
		if (err) {
			if (ftruncate(w->fd, (off_t)w->off) < 0) {
				/* Leave it: readers see a torn block, then ours. */
			}
			return err;
		}
	}
	w->off += w->sealed_len;
	/* Written: even if fdatasync fails it must not go out twice. */
	w->sealed_len = 0;
	if (w->opts.sync == TRACEFILE_SYNC_BLOCK)
		return sync_data(w);
	return 0;
}

/* Compress (when it helps) and seal the queued records. */
static int seal_records(struct tracefile_writer *w)
{
	const void *payload = w->raw;
	uint32_t len = w->raw_len;
	uint32_t flags = w->opts.version >= 2 ? TB_FLAG_PACKED : 0;
	int err;

	if (w->opts.compress) {
		size_t n = ZSTD_compressCCtx(w->zctx, w->zbuf, w->zcap, w->raw,
					     w->raw_len, ZSTD_CLEVEL_DEFAULT);

		/* Keep the raw block if zstd fails or does not help. */
		if (!ZSTD_isError(n) && n < w->raw_len) {
			payload = w->zbuf;
			len = n;
			flags |= TB_FLAG_ZSTD;
		}
	}
	err = seal_block(w, flags, payload, len, w->raw_len, w->nrec);
	if (!err) {
		w->sealed_weight = w->raw_weight;
		w->raw_weight = 0;
		w->raw_len = 0;
		w->nrec = 0;
		rc2_reset(&w->packed);
	}
	return err;
}

int tracefile_flush(struct tracefile_writer *w)
{
	/* An older block that failed to write goes first, unchanged. */
	int err = write_sealed(w);

	if (err || !w->nrec)
		return err;
	err = seal_records(w);
	return err ? err : write_sealed(w);
}

/* Version 1: the record as record_codec.h encodes it. */
static int append_v1(struct tracefile_writer *w, const struct trace_record *rec)
{
	size_t n = record_encoded_len(rec);
	int err;

	if (!n)
		return -EINVAL;
	if (w->raw_len + n > w->opts.block_bytes) {
		err = tracefile_flush(w);
		/* A write error with the block sealed aside still leaves room. */
		if (err && w->raw_len + n > w->opts.block_bytes)
			return err;
	}
	err = record_encode(rec, w->raw + w->raw_len, w->opts.block_bytes - w->raw_len);
	if (err < 0)
		return err;
	w->raw_len += err;
	w->nrec++;
	return 0;
}

/*
 * Version 2: packed after the block's previous entries.  What does not fit
 * (bytes, or the block's context table) goes into a new block, whose
 * fresh state may encode it differently: so encode again after the flush.
 */
static int append_v2(struct tracefile_writer *w, const struct trace_record *rec)
{
	int n, err;

	n = rc2_encode(&w->packed, rec, w->raw + w->raw_len,
		       w->opts.block_bytes - w->raw_len);
	if (n == -ENOSPC) {
		err = tracefile_flush(w);
		/* A write error with the block sealed aside still leaves room. */
		if (err && w->nrec)
			return err;
		n = rc2_encode(&w->packed, rec, w->raw + w->raw_len,
			       w->opts.block_bytes - w->raw_len);
	}
	if (n < 0)
		return n;
	w->raw_len += n;
	w->nrec++;
	return 0;
}

int tracefile_append(struct tracefile_writer *w, const struct trace_record *rec)
{
	int err = w->opts.version >= 2 ? append_v2(w, rec) : append_v1(w, rec);

	if (err)
		return err;
	w->raw_weight += rec->kind == INPUTTRACE_REC_LOSS ? rec->loss.count : 1;
	return 0;
}

uint64_t tracefile_writer_bytes(const struct tracefile_writer *w)
{
	return w->off;
}

uint64_t tracefile_writer_pending(const struct tracefile_writer *w)
{
	return w->raw_weight + (w->sealed_len ? w->sealed_weight : 0);
}

int tracefile_close(struct tracefile_writer *w)
{
	static const unsigned char clean = TRACEFILE_CLEAN;
	int err;

	err = tracefile_flush(w);
	if (!err)
		err = seal_block(w, TB_FLAG_END, NULL, 0, 0, 0);
	if (!err)
		err = write_sealed(w);
	if (err)
		goto out;
	/* END must be durable before the header claims CLEAN. */
	if (w->opts.sync != TRACEFILE_SYNC_NONE) {
		err = sync_data(w);
		if (err)
			goto out;
	}
	/* a stream's header went out long ago: its END block says it all */
	if (w->stream)
		goto out;
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
	if (unlink_file && w->path)
		unlink(w->path);
	writer_free(w);
}

int tracefile_set_state_fd(int fd, enum tracefile_state state)
{
	struct tracefile_header h;
	unsigned char st = state;
	const char *why;
	struct stat fst;
	int err;

	if (!tf_state_valid(state))
		return -EINVAL;
	if (fstat(fd, &fst) < 0)
		return -errno;
	/* The same checks as every reader: only an intact header changes. */
	err = tracefile_header_read(fd, fst.st_size, &h, &why);
	if (err <= 0)
		return err ? err : -EBADMSG;
	tracefile_header_free(&h);
	err = pwrite_all(fd, &st, 1, TF_OFF_STATE);
	if (!err && fsync(fd) < 0)
		err = -errno;
	return err;
}

int tracefile_set_state(const char *path, enum tracefile_state state)
{
	int fd, err;

	fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = tracefile_set_state_fd(fd, state);
	close(fd);
	return err;
}

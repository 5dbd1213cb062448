// SPDX-License-Identifier: GPL-2.0
/*
 * tracefile_reader.c - trace file reader with resynchronisation.
 *
 * Every block is validated completely (bounds, crc, decompression, record
 * framing and count) before any of its records is handed out, so a
 * damaged block is skipped whole and never yields half-garbage records.
 * After a bad block the reader scans for the next block magic that
 * validates; the bytes in between become one damaged range.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>
#include "tracefile.h"
#include "tracefile_fmt.h"

#define SCAN_CHUNK	(64 * 1024)
#define NO_DAMAGE	UINT64_MAX

struct tracefile_reader {
	int fd;
	uint64_t size;		/* file size at open */
	uint64_t off;		/* next block candidate */
	uint64_t damage_start;	/* start of the open damaged range */
	uint64_t next_seq;
	uint64_t blocks;
	bool seq_known;
	bool end_seen;
	struct tracefile_info info;

	unsigned char *stored;	/* block payload as stored */
	size_t stored_cap;
	unsigned char *raw;	/* decoded payload */
	size_t raw_cap;
	size_t raw_len;
	size_t pos;		/* next record in raw */
	ZSTD_DCtx *zctx;

	struct tracefile_damage *damage;
	size_t ndamage;
	size_t damage_cap;
};

static int pread_all(int fd, void *buf, size_t len, uint64_t off)
{
	unsigned char *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;	/* shrank under us */
		p += n;
		len -= n;
		off += n;
	}
	return 0;
}

static int grow(unsigned char **buf, size_t *cap, size_t want)
{
	unsigned char *p;

	if (want <= *cap)
		return 0;
	p = realloc(*buf, want);
	if (!p)
		return -ENOMEM;
	*buf = p;
	*cap = want;
	return 0;
}

static int add_damage(struct tracefile_reader *r, uint64_t off, uint64_t len)
{
	if (r->ndamage == r->damage_cap) {
		size_t cap = r->damage_cap ? r->damage_cap * 2 : 8;
		void *p = realloc(r->damage, cap * sizeof(*r->damage));

		if (!p)
			return -ENOMEM;
		r->damage = p;
		r->damage_cap = cap;
	}
	r->damage[r->ndamage].offset = off;
	r->damage[r->ndamage].length = len;
	r->ndamage++;
	return 0;
}

/* Close the open damaged range, if any, at @end. */
static int end_damage(struct tracefile_reader *r, uint64_t end)
{
	uint64_t start = r->damage_start;

	if (start == NO_DAMAGE)
		return 0;
	r->damage_start = NO_DAMAGE;
	return add_damage(r, start, end - start);
}

static char *strndup_safe(const unsigned char *p, size_t n)
{
	char *s = malloc(n + 1);
	size_t i;

	if (!s)
		return NULL;
	/* Embedded NULs would silently cut the string: make them visible. */
	for (i = 0; i < n; i++)
		s[i] = p[i] ? (char)p[i] : '?';
	s[n] = '\0';
	return s;
}

/* Returns 1 valid, 0 damaged (blocks start at TF_MAGIC_LEN), < 0 error. */
static int read_header(struct tracefile_reader *r)
{
	unsigned char fixed[TF_HDR_FIXED], *h = NULL;
	struct tracefile_info *in = &r->info;
	uint32_t len, hl, kl, cl;
	int err;

	if (r->size < TF_MAGIC_LEN)
		return -EBADMSG;
	err = pread_all(r->fd, fixed, r->size < TF_HDR_FIXED ? TF_MAGIC_LEN :
			TF_HDR_FIXED, 0);
	if (err)
		return err;
	if (memcmp(fixed, TF_MAGIC, TF_MAGIC_LEN))
		return -EBADMSG;
	if (r->size < TF_HDR_FIXED)
		return 0;

	len = le32_get(fixed + TF_OFF_HDRLEN);
	hl = le16_get(fixed + TF_OFF_HOSTLEN);
	kl = le16_get(fixed + TF_OFF_KERNLEN);
	cl = le32_get(fixed + TF_OFF_CMDLEN);
	if (len > TF_HDR_MAX || len > r->size ||
	    (uint64_t)TF_HDR_FIXED + hl + kl + cl != len)
		return 0;
	h = malloc(len);
	if (!h)
		return -ENOMEM;
	err = pread_all(r->fd, h, len, 0);
	if (err)
		goto out;
	if (tf_header_crc(h, len) != le32_get(h + TF_OFF_CRC))
		goto out;	/* err == 0: damaged */

	in->version = le16_get(h + TF_OFF_VERSION);
	if (in->version != TRACEFILE_VERSION) {
		err = -EPROTONOSUPPORT;
		goto out;
	}
	in->state = h[TF_OFF_STATE];
	in->pid = le32_get(h + TF_OFF_PID);
	in->created_ns = le64_get(h + TF_OFF_CTIME);
	free(in->hostname);
	free(in->kernel);
	free(in->cmdline);
	in->hostname = strndup_safe(h + TF_HDR_FIXED, hl);
	in->kernel = strndup_safe(h + TF_HDR_FIXED + hl, kl);
	in->cmdline = strndup_safe(h + TF_HDR_FIXED + hl + kl, cl);
	if (!in->hostname || !in->kernel || !in->cmdline) {
		err = -ENOMEM;
		goto out;
	}
	in->header_ok = true;
	r->off = len;
	err = 1;
out:
	free(h);
	return err;
}

int tracefile_open(const char *path, struct tracefile_reader **out)
{
	struct tracefile_reader *r;
	struct stat st;
	int err;

	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->damage_start = NO_DAMAGE;
	r->info.hostname = strdup("");
	r->info.kernel = strdup("");
	r->info.cmdline = strdup("");
	r->zctx = ZSTD_createDCtx();
	if (!r->info.hostname || !r->info.kernel || !r->info.cmdline || !r->zctx) {
		r->fd = -1;
		err = -ENOMEM;
		goto err_free;
	}
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		err = -errno;
		goto err_free;
	}
	if (fstat(r->fd, &st) < 0) {
		err = -errno;
		goto err_free;
	}
	if (!S_ISREG(st.st_mode)) {
		err = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		goto err_free;
	}
	r->size = st.st_size;

	err = read_header(r);
	if (err < 0)
		goto err_free;
	if (err == 0) {
		/* Damaged header: resync from just after the magic. */
		r->damage_start = 0;
		r->off = TF_MAGIC_LEN;
	}
	*out = r;
	return 0;

err_free:
	tracefile_reader_close(r);
	return err;
}

/* Check that the decoded payload frames exactly @count records. */
static bool payload_frames(const unsigned char *p, size_t len, uint32_t count)
{
	struct trace_record rec;
	size_t pos = 0, used;
	uint32_t n = 0;

	while (pos < len) {
		if (record_decode(p + pos, len - pos, &rec, &used) < 0)
			return false;
		pos += used;
		n++;
	}
	return n == count;
}

/* Validate and load the block at @off: 1 loaded, 0 invalid, < 0 error. */
static int load_block(struct tracefile_reader *r, uint64_t off, uint64_t *total,
		      uint32_t *flags_out, uint64_t *seq_out)
{
	unsigned char bh[TB_HDR_LEN];
	uint32_t flags, stored, raw, count;
	int err;

	if (r->size - off < TB_HDR_LEN)
		return 0;
	err = pread_all(r->fd, bh, sizeof(bh), off);
	if (err)
		return err;
	flags = le32_get(bh + TB_OFF_FLAGS);
	stored = le32_get(bh + TB_OFF_STORED);
	raw = le32_get(bh + TB_OFF_RAW);
	count = le32_get(bh + TB_OFF_COUNT);
	if (memcmp(bh, TB_MAGIC, TB_MAGIC_LEN) || (flags & ~TB_FLAGS_KNOWN) ||
	    stored > TB_PAYLOAD_MAX || raw > TB_PAYLOAD_MAX ||
	    stored > r->size - off - TB_HDR_LEN ||
	    (!(flags & TB_FLAG_ZSTD) && stored != raw) ||
	    ((flags & TB_FLAG_END) && (raw || count)))
		return 0;

	err = grow(&r->stored, &r->stored_cap, stored);
	if (!err)
		err = grow(&r->raw, &r->raw_cap, raw);
	if (!err && stored)
		err = pread_all(r->fd, r->stored, stored, off + TB_HDR_LEN);
	if (err)
		return err;
	if (tb_crc(bh, r->stored, stored) != le32_get(bh + TB_OFF_CRC))
		return 0;

	if (flags & TB_FLAG_ZSTD) {
		size_t n = ZSTD_decompressDCtx(r->zctx, r->raw, raw, r->stored, stored);

		if (ZSTD_isError(n) || n != raw)
			return 0;
	} else if (raw) {
		memcpy(r->raw, r->stored, raw);
	}
	if (!payload_frames(r->raw, raw, count))
		return 0;

	r->raw_len = raw;
	r->pos = 0;
	*total = TB_HDR_LEN + (uint64_t)stored;
	*flags_out = flags;
	*seq_out = le64_get(bh + TB_OFF_SEQ);
	return 1;
}

/* Offset of the next block magic at or after @from, or the file size. */
static int scan_magic(struct tracefile_reader *r, uint64_t from, uint64_t *found)
{
	unsigned char buf[SCAN_CHUNK];
	int err;

	while (from + TB_MAGIC_LEN <= r->size) {
		size_t n = r->size - from < SCAN_CHUNK ? r->size - from : SCAN_CHUNK;
		unsigned char *m;

		err = pread_all(r->fd, buf, n, from);
		if (err)
			return err;
		m = memmem(buf, n, TB_MAGIC, TB_MAGIC_LEN);
		if (m) {
			*found = from + (m - buf);
			return 0;
		}
		/* Keep a magic that straddles the chunk edge findable. */
		from += n - (TB_MAGIC_LEN - 1);
	}
	*found = r->size;
	return 0;
}

/* Advance to the next valid block; 1 loaded, 0 end of file, < 0 error. */
static int next_block(struct tracefile_reader *r)
{
	uint64_t total = 0, seq = 0;
	uint32_t flags = 0;
	int err;

	while (r->off < r->size) {
		if (r->end_seen) {
			/* Bytes after END: nothing valid belongs there. */
			err = add_damage(r, r->off, r->size - r->off);
			r->off = r->size;
			return err;
		}
		err = load_block(r, r->off, &total, &flags, &seq);
		if (err < 0)
			return err;
		if (err == 0) {
			if (r->damage_start == NO_DAMAGE)
				r->damage_start = r->off;
			err = scan_magic(r, r->off + 1, &r->off);
			if (err)
				return err;
			continue;
		}

		err = 0;
		if (r->damage_start != NO_DAMAGE) {
			err = end_damage(r, r->off);
		} else if (r->seq_known && seq != r->next_seq) {
			/* Blocks vanished without leaving bad bytes behind. */
			err = add_damage(r, r->off, 0);
		}
		if (err)
			return err;
		r->seq_known = true;
		r->next_seq = seq + 1;
		r->blocks++;
		r->off += total;
		if (flags & TB_FLAG_END) {
			r->end_seen = true;
			continue;
		}
		return 1;
	}
	err = end_damage(r, r->size);
	return err ? err : 0;
}

int tracefile_next(struct tracefile_reader *r, struct trace_record *rec)
{
	size_t used;
	int err;

	for (;;) {
		while (r->pos < r->raw_len) {
			/* Framing was checked by load_block(); cannot fail. */
			err = record_decode(r->raw + r->pos, r->raw_len - r->pos,
					    rec, &used);
			if (err < 0)
				return err;
			r->pos += used;
			if (err == 1)
				return 1;
		}
		err = next_block(r);
		if (err <= 0)
			return err;
	}
}

const struct tracefile_info *tracefile_reader_info(const struct tracefile_reader *r)
{
	return &r->info;
}

size_t tracefile_reader_damage_count(const struct tracefile_reader *r)
{
	return r->ndamage;
}

const struct tracefile_damage *tracefile_reader_damage(const struct tracefile_reader *r,
							size_t i)
{
	return i < r->ndamage ? &r->damage[i] : NULL;
}

bool tracefile_reader_end_seen(const struct tracefile_reader *r)
{
	return r->end_seen;
}

uint64_t tracefile_reader_size(const struct tracefile_reader *r)
{
	return r->size;
}

uint64_t tracefile_reader_blocks(const struct tracefile_reader *r)
{
	return r->blocks;
}

void tracefile_reader_close(struct tracefile_reader *r)
{
	if (!r)
		return;
	if (r->fd >= 0)
		close(r->fd);
	ZSTD_freeDCtx(r->zctx);
	free(r->stored);
	free(r->raw);
	free(r->damage);
	free(r->info.hostname);
	free(r->info.kernel);
	free(r->info.cmdline);
	free(r);
}

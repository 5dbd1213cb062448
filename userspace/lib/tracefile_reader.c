// SPDX-License-Identifier: GPL-2.0
/*
 * tracefile_reader.c - trace file reader with resynchronisation.
 *
 * Every block is validated completely (bounds, crc, sequence, decryption,
 * decompression, record framing and count) before any of its records is
 * handed out, so a damaged block is skipped whole and never yields
 * half-garbage records.  After a bad block of a plaintext file the reader
 * scans for the next block magic that validates; the bytes in between
 * become one damaged range.  An encrypted file cannot be resumed after a
 * bad block (the secretstream chain breaks), so its damage runs to EOF.
 *
 * Following (dump --follow): the file is still being written, so its end
 * is not final.  A block cut off by the current end is not damage but not
 * there yet: tracefile_next() says -EAGAIN and tries the same offset again
 * after tracefile_reader_refresh(); so does reaching the end before END.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>
#include "record_codec_v2.h"
#include "tracefile.h"
#include "tracefile_crypto.h"
#include "tracefile_fmt.h"
#include "tracefile_header.h"

#define SCAN_CHUNK	(64 * 1024)
#define NO_DAMAGE	UINT64_MAX

struct tracefile_reader {
	int fd;
	uint64_t size;		/* file size at open */
	uint64_t off;		/* next block candidate */
	uint64_t damage_start;	/* start of the open damaged range */
	const char *damage_why;	/* ... what was wrong there */
	bool damage_torn;	/* ... a block cut off by EOF */
	uint64_t next_seq;
	uint64_t blocks;
	bool seq_known;
	bool end_seen;
	bool follow;		/* the end may still grow: wait, do not judge */
	bool encrypted;		/* valid header with TF_FLAG_ENCRYPTED */
	struct tf_crypto *crypto;	/* NULL: plaintext or framing only */
	struct tracefile_info info;

	unsigned char *stored;	/* block payload as stored */
	size_t stored_cap;
	unsigned char *plain;	/* decrypted payload */
	size_t plain_cap;
	unsigned char *raw;	/* decoded payload */
	size_t raw_cap;
	size_t raw_len;
	size_t pos;		/* next record in raw */
	bool packed;		/* raw holds version 2 entries */
	struct rc2_state rc2;	/* ... decoded up to pos */
	struct inputtrace_caps caps;	/* the last CAPS record returned */
	ZSTD_DCtx *zctx;

	struct tracefile_damage *damage;
	size_t ndamage;
	size_t damage_cap;
};

/* What load_block() found about one block candidate. */
struct block_view {
	uint64_t total;		/* header + stored payload */
	uint64_t seq;
	uint32_t flags;
	const char *why;	/* NULL: valid */
	bool torn;		/* plausible, but cut off by EOF */
};

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

static int add_damage(struct tracefile_reader *r, uint64_t off, uint64_t len,
		      const char *why, bool torn)
{
	struct tracefile_damage *d;

	if (r->ndamage == r->damage_cap) {
		size_t cap = r->damage_cap ? r->damage_cap * 2 : 8;
		void *p = realloc(r->damage, cap * sizeof(*r->damage));

		if (!p)
			return -ENOMEM;
		r->damage = p;
		r->damage_cap = cap;
	}
	d = &r->damage[r->ndamage++];
	d->offset = off;
	d->length = len;
	d->reason = why;
	d->torn = torn;
	return 0;
}

static void open_damage(struct tracefile_reader *r, uint64_t off, const char *why,
			bool torn)
{
	if (r->damage_start != NO_DAMAGE)
		return;
	r->damage_start = off;
	r->damage_why = why;
	r->damage_torn = torn;
}

/* Close the open damaged range, if any, at @end. */
static int end_damage(struct tracefile_reader *r, uint64_t end)
{
	uint64_t start = r->damage_start;

	if (start == NO_DAMAGE)
		return 0;
	r->damage_start = NO_DAMAGE;
	/* Torn only if nothing valid follows: a crash cuts the tail. */
	return add_damage(r, start, end - start, r->damage_why,
			  r->damage_torn && end == r->size);
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

static int set_strings(struct tracefile_info *in, const struct tracefile_header *h)
{
	free(in->hostname);
	free(in->kernel);
	free(in->cmdline);
	in->hostname = strndup_safe(h->host, h->host_len);
	in->kernel = strndup_safe(h->kernel, h->kernel_len);
	in->cmdline = strndup_safe(h->cmdline, h->cmdline_len);
	return in->hostname && in->kernel && in->cmdline ? 0 : -ENOMEM;
}

/* A checked header's fields; sets up decryption if encrypted. */
static int use_header(struct tracefile_reader *r, const struct tracefile_header *h,
		      const unsigned char *sk, bool framing)
{
	struct tracefile_info *in = &r->info;
	int err;

	in->version = h->version;
	in->state = h->state;
	in->pid = h->pid;
	in->created_ns = h->created_ns;
	err = set_strings(in, h);
	if (err)
		return err;
	r->encrypted = h->crypto != NULL;
	in->encrypted = r->encrypted;
	if (!r->encrypted)
		return 0;

	memcpy(in->recipient_pk, h->crypto + TFC_OFF_PK, TFC_PK_BYTES);
	if (!sk)
		return framing ? 0 : -ENOKEY;
	err = tf_crypto_start_pull(h->crypto, sk, &r->crypto);
	return err ? err : tf_crypto_bind_header(r->crypto, h->bytes, h->len);
}

/*
 * Returns 1 valid, 0 damaged (*why says how; blocks start at TF_MAGIC_LEN),
 * < 0 error.
 */
static int read_header(struct tracefile_reader *r, const unsigned char *sk,
		       bool framing, const char **why)
{
	struct tracefile_header h;
	int err = tracefile_header_read(r->fd, r->size, &h, why);

	if (err <= 0)
		return err;
	err = use_header(r, &h, sk, framing);
	if (!err) {
		r->info.header_ok = true;
		r->off = h.len;
		/* A valid header promises blocks from 0: a missing first one counts. */
		r->seq_known = true;
		r->next_seq = 0;
		err = 1;
	}
	tracefile_header_free(&h);
	return err;
}

/* Reads @fd, which it owns from here on, even on failure. */
static int reader_open_fd(int fd, const unsigned char *sk, bool framing,
			  struct tracefile_reader **out)
{
	struct tracefile_reader *r;
	const char *why = NULL;
	struct stat st;
	int err;

	r = calloc(1, sizeof(*r));
	if (!r) {
		close(fd);
		return -ENOMEM;
	}
	r->fd = fd;
	r->damage_start = NO_DAMAGE;
	r->info.hostname = strdup("");
	r->info.kernel = strdup("");
	r->info.cmdline = strdup("");
	r->zctx = ZSTD_createDCtx();
	if (!r->info.hostname || !r->info.kernel || !r->info.cmdline || !r->zctx) {
		err = -ENOMEM;
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

	err = read_header(r, sk, framing, &why);
	if (err < 0)
		goto err_free;
	if (err == 0) {
		/* Damaged header: resync from just after the magic. */
		open_damage(r, 0, why, false);
		r->off = TF_MAGIC_LEN;
	} else if (!tf_state_valid(r->info.state)) {
		/* No checksum covers it, so no other check would notice. */
		err = add_damage(r, TF_OFF_STATE, 1, "file header state byte invalid",
				 false);
		if (err)
			goto err_free;
	}
	*out = r;
	return 0;

err_free:
	tracefile_reader_close(r);
	return err;
}

static int reader_open(const char *path, const unsigned char *sk, bool framing,
		       struct tracefile_reader **out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	return fd < 0 ? -errno : reader_open_fd(fd, sk, framing, out);
}

int tracefile_open_fd_key(int fd, const unsigned char *secret_key,
			  struct tracefile_reader **out)
{
	return reader_open_fd(fd, secret_key, false, out);
}

int tracefile_open_key(const char *path, const unsigned char *secret_key,
		       struct tracefile_reader **out)
{
	return reader_open(path, secret_key, false, out);
}

int tracefile_open(const char *path, struct tracefile_reader **out)
{
	return reader_open(path, NULL, false, out);
}

int tracefile_open_framing(const char *path, struct tracefile_reader **out)
{
	return reader_open(path, NULL, true, out);
}

/*
 * One record of a decoded payload, in the block's encoding: 1 record, 0
 * an entry without one, -EBADMSG.  @st: the block's version 2 state.
 */
static int decode_entry(bool packed, struct rc2_state *st, const unsigned char *p,
			size_t len, struct trace_record *rec, size_t *used)
{
	return packed ? rc2_decode(st, p, len, rec, used) :
			record_decode(p, len, rec, used);
}

/* Check that the decoded payload frames exactly @count records. */
static bool payload_frames(const unsigned char *p, size_t len, uint32_t count,
			   bool packed)
{
	struct trace_record rec;
	struct rc2_state st;
	size_t pos = 0, used;
	uint32_t n = 0;

	rc2_reset(&st);
	while (pos < len) {
		if (decode_entry(packed, &st, p + pos, len - pos, &rec, &used) < 0)
			return false;
		n += !packed || rc2_entry_is_record(p + pos);
		pos += used;
	}
	return n == count;
}

/* Field checks of a complete block header: NULL if plausible, else why. */
static const char *check_fields(const struct tracefile_reader *r, const unsigned char *bh)
{
	uint32_t flags = le32_get(bh + TB_OFF_FLAGS), stored = le32_get(bh + TB_OFF_STORED);
	uint32_t raw = le32_get(bh + TB_OFF_RAW), count = le32_get(bh + TB_OFF_COUNT);
	uint32_t ab = r->encrypted ? TFC_ABYTES : 0;

	if (memcmp(bh, TB_MAGIC, TB_MAGIC_LEN))
		return "bad block magic";
	if (flags & ~TB_FLAGS_KNOWN)
		return "unknown block flags";
	if (raw > TB_PAYLOAD_MAX || stored > TB_PAYLOAD_MAX + ab)
		return "block length out of range";
	if (flags & TB_FLAG_END)
		return (flags & (TB_FLAG_ZSTD | TB_FLAG_PACKED)) || raw || count ||
		       stored != ab ? "malformed END block" : NULL;
	/* A damaged header leaves the version unknown: each block says it. */
	if (r->info.header_ok && !(flags & TB_FLAG_PACKED) != (r->info.version < 2))
		return "block encoding is not the file's format version";
	if (!count)
		return "data block without records";
	/* zstd output is only kept when smaller than the raw block */
	if ((flags & TB_FLAG_ZSTD) ? stored >= raw + ab : stored != raw + ab)
		return "block lengths inconsistent";
	return NULL;
}

/* Fewer than TB_HDR_LEN bytes left at @off: a torn header or garbage. */
static int short_tail(struct tracefile_reader *r, uint64_t off, struct block_view *b)
{
	unsigned char bh[TB_HDR_LEN] = { 0 };	/* gcc -O1 cannot see n > 0 */
	size_t n = r->size - off;
	int err = tf_pread_all(r->fd, bh, n, off);

	if (err)
		return err;
	b->torn = !memcmp(bh, TB_MAGIC, n < TB_MAGIC_LEN ? n : TB_MAGIC_LEN);
	b->why = b->torn ? "block header cut off by end of file" : "bad block magic";
	return 0;
}

/* Decrypt (if keyed), decompress and frame the payload in r->stored. */
static const char *decode_payload(struct tracefile_reader *r, const unsigned char *bh)
{
	uint32_t flags = le32_get(bh + TB_OFF_FLAGS), stored = le32_get(bh + TB_OFF_STORED);
	uint32_t raw = le32_get(bh + TB_OFF_RAW);
	const unsigned char *p = r->stored;
	size_t n;

	if (r->crypto) {
		if (tf_crypto_open(r->crypto, bh, r->stored, stored, flags & TB_FLAG_END,
				   r->plain))
			return "block authentication failed (damaged, forged or reordered)";
		p = r->plain;
		stored -= TFC_ABYTES;
	}
	if (flags & TB_FLAG_ZSTD) {
		n = ZSTD_decompressDCtx(r->zctx, r->raw, raw, p, stored);
		if (ZSTD_isError(n) || n != raw)
			return "zstd payload does not decode";
	} else if (raw) {
		memcpy(r->raw, p, raw);
	}
	if (!payload_frames(r->raw, raw, le32_get(bh + TB_OFF_COUNT),
			    flags & TB_FLAG_PACKED))
		return "records do not match the block header";
	return NULL;
}

/*
 * Validate and load the block at @off: 0 with b->why == NULL when loaded,
 * 0 with b->why set when invalid, < 0 error.  @probe: check framing and crc
 * only, whatever the sequence (see block_follows()).
 */
static int load_block(struct tracefile_reader *r, uint64_t off, struct block_view *b,
		      bool probe)
{
	unsigned char bh[TB_HDR_LEN];
	uint32_t stored, raw;
	int err;

	memset(b, 0, sizeof(*b));
	if (r->size - off < TB_HDR_LEN)
		return short_tail(r, off, b);
	err = tf_pread_all(r->fd, bh, sizeof(bh), off);
	if (err)
		return err;
	b->why = check_fields(r, bh);
	if (b->why)
		return 0;
	stored = le32_get(bh + TB_OFF_STORED);
	raw = le32_get(bh + TB_OFF_RAW);
	if (stored > r->size - off - TB_HDR_LEN) {
		b->torn = true;
		b->why = "block cut off by end of file";
		return 0;
	}

	err = grow(&r->stored, &r->stored_cap, stored);
	if (!err && r->crypto)
		err = grow(&r->plain, &r->plain_cap, stored);
	if (!err)
		err = grow(&r->raw, &r->raw_cap, raw);
	if (!err && stored)
		err = tf_pread_all(r->fd, r->stored, stored, off + TB_HDR_LEN);
	if (err)
		return err;
	b->seq = le64_get(bh + TB_OFF_SEQ);
	b->flags = le32_get(bh + TB_OFF_FLAGS);
	b->total = TB_HDR_LEN + (uint64_t)stored;
	if (tb_crc(bh, r->stored, stored) != le32_get(bh + TB_OFF_CRC))
		b->why = "block checksum mismatch";
	else if (probe)
		raw = 0;
	else if (r->encrypted && b->seq != r->next_seq)
		b->why = "block out of sequence (missing, reordered or replayed)";
	else if (r->encrypted && !r->crypto)
		raw = 0;	/* framing only: payload not opened */
	else
		b->why = decode_payload(r, bh);
	r->raw_len = b->why ? 0 : raw;
	r->pos = 0;
	r->packed = b->flags & TB_FLAG_PACKED;
	rc2_reset(&r->rc2);
	return 0;
}

/* Offset of the next block magic at or after @from, or the file size. */
static int scan_magic(struct tracefile_reader *r, uint64_t from, uint64_t *found)
{
	unsigned char buf[SCAN_CHUNK];
	int err;

	while (from + TB_MAGIC_LEN <= r->size) {
		size_t n = r->size - from < SCAN_CHUNK ? r->size - from : SCAN_CHUNK;
		unsigned char *m;

		err = tf_pread_all(r->fd, buf, n, from);
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

/*
 * Whether a block with valid framing and crc starts after @from.  A crash
 * never leaves one behind a torn block; a damaged length field does.
 */
static int block_follows(struct tracefile_reader *r, uint64_t from, bool *found)
{
	struct block_view v;
	int err;

	*found = false;
	for (;;) {
		err = scan_magic(r, from, &from);
		if (err || from >= r->size)
			return err;
		err = load_block(r, from, &v, true);
		if (err || !v.why) {
			*found = !err;
			return err;
		}
		from++;
	}
}

/* A block of an encrypted file failed: nothing after it can be trusted. */
static int fail_to_eof(struct tracefile_reader *r, const struct block_view *b)
{
	bool torn = b->torn, more = false;
	int err = torn ? block_follows(r, r->off + 1, &more) : 0;

	if (err)
		return err;
	open_damage(r, r->off, b->why, torn && !more);
	r->off = r->size;
	return end_damage(r, r->size);
}

/* Handle an invalid block candidate at r->off: skip to the next magic. */
static int skip_invalid(struct tracefile_reader *r, const struct block_view *b)
{
	if (r->encrypted)
		return fail_to_eof(r, b);
	open_damage(r, r->off, b->why, b->torn);
	return scan_magic(r, r->off + 1, &r->off);
}

/* Advance to the next valid block; 1 loaded, 0 end of file, < 0 error. */
static int next_block(struct tracefile_reader *r)
{
	struct block_view b;
	int err;

	for (;;) {
		if (r->off >= r->size) {
			if (r->follow && !r->end_seen)
				return -EAGAIN;
			break;
		}
		if (r->end_seen) {
			/* Bytes after END: nothing valid belongs there. */
			err = add_damage(r, r->off, r->size - r->off,
					 "bytes after the END block", false);
			r->off = r->size;
			return err;
		}
		err = load_block(r, r->off, &b, false);
		/* still being written: the same offset again, later */
		if (!err && b.why && b.torn && r->follow)
			return -EAGAIN;
		if (!err && b.why)
			err = skip_invalid(r, &b);
		if (err < 0)
			return err;
		if (b.why)
			continue;

		err = 0;
		if (r->damage_start != NO_DAMAGE) {
			err = end_damage(r, r->off);
		} else if (r->seq_known && b.seq != r->next_seq) {
			/* Blocks vanished or moved without leaving bad bytes. */
			err = add_damage(r, r->off, 0, "block sequence gap or reordered block",
					 false);
		}
		if (err)
			return err;
		r->seq_known = true;
		r->next_seq = b.seq + 1;
		r->blocks++;
		r->off += b.total;
		if (b.flags & TB_FLAG_END) {
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
			err = decode_entry(r->packed, &r->rc2, r->raw + r->pos,
					   r->raw_len - r->pos, rec, &used);
			if (err < 0)
				return err;
			r->pos += used;
			if (err == 1 && rec->kind == INPUTTRACE_REC_CAPS) {
				record_caps_get(rec->caps.body, &r->caps);
				rec->caps.caps = &r->caps;
			}
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

void tracefile_reader_follow(struct tracefile_reader *r, bool on)
{
	r->follow = on;
}

int tracefile_reader_refresh(struct tracefile_reader *r)
{
	struct stat st;

	if (fstat(r->fd, &st) < 0)
		return -errno;
	/* a file that shrinks was not appended to: its old end stays the end */
	if ((uint64_t)st.st_size > r->size)
		r->size = st.st_size;
	return 0;
}

uint64_t tracefile_reader_offset(const struct tracefile_reader *r)
{
	return r->off;
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
	tf_crypto_free(r->crypto);
	free(r->stored);
	free(r->plain);
	free(r->raw);
	free(r->damage);
	free(r->info.hostname);
	free(r->info.kernel);
	free(r->info.cmdline);
	free(r);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tracefile.h - the crash-safe inputtrace trace file (format versions 1
 * and 2; writers write 2 unless asked for 1, every reader reads both).
 * The versions differ only in the block payload's encoding: version 1
 * stores records as record_codec.h encodes them (76 bytes per event),
 * version 2 as record_codec_v2.h packs them (the reader's context once
 * per block, timestamps as deltas, varints): `make bench-host`'s
 * realistic mix takes 8.2 bytes per event raw and 5.2 with zstd in
 * version 2, against 76 and 8.6 in version 1.
 *
 * All integers little-endian.  crc32 is zlib's crc32 (IEEE polynomial).
 *
 * File header (at offset 0, header_len bytes):
 *   0  8  magic "ITRACE\x1a\n"
 *   8  2  format version (1 or 2)
 *  10  1  state: 0x01 ONLINE (being written), 0x02 CLEAN (closed),
 *         0x04 ARCHIVED -- the only byte ever rewritten in place (pwrite),
 *         and the only one no checksum covers, so the codes are two bit
 *         flips apart: any other value is reported as header damage
 *  11  1  flags: 0x01 ENCRYPTED; other bits are a newer format
 *  12  4  header_len (40 + string lengths [+ 136 if encrypted], <= 64 KiB)
 *  16  4  crc32 of header bytes [0, header_len) with the state byte and
 *         this crc field read as zero (so a state change needs no rewrite)
 *  20  4  recorder pid
 *  24  8  creation time, CLOCK_REALTIME ns
 *  32  2  hostname length   34 2 kernel release length   36 4 cmdline length
 *  40  .. hostname, kernel release, cmdline/filters (no NUL terminators)
 * Only when ENCRYPTED, right after the strings (136 bytes):
 *   +0   32  recipient X25519 public key (which secret key opens the file)
 *   +32  80  crypto_box_seal() to that key of a random per-file
 *            crypto_secretstream_xchacha20poly1305 key (32)
 *   +112 24  secretstream header
 * The header itself is never encrypted: host, kernel, pid, time and
 * command line stay readable so a file can be identified without its key.
 *
 * Blocks follow back to back from header_len.  Block header (32 bytes):
 *   0  4  magic "ITBK"        4 4 flags: 0x1 payload zstd, 0x2 END block,
 *         0x4 PACKED: entries of record_codec_v2.h -- set in every data
 *         block of a version 2 file, in none of a version 1 file nor in END
 *   8  8  sequence number, 0, 1, 2, ... (END continues the sequence)
 *  16  4  stored payload length (<= 16 MiB, + 17 when encrypted)
 *  20  4  decoded payload length (<= 16 MiB; == stored unless zstd or
 *         encrypted)
 *  24  4  record count (>= 1 in a data block, 0 in END; in version 2
 *         the CONTEXT entries do not count)
 *  28  4  crc32 of block header bytes [0, 28) followed by stored payload
 *  32  .. payload: records as in record_codec.h (version 1) or entries
 *         as in record_codec_v2.h (version 2), zstd-compressed (one frame)
 *         only when that is smaller; a version 2 payload decodes on its
 *         own (no state carries over from the block before)
 * A clean close appends an empty END block, syncs, then sets CLEAN.
 *
 * Encrypted files: each payload (after zstd) is one secretstream message,
 * so stored = plaintext + 17 (ABYTES); END is an empty message (stored 17).
 * Data blocks are pushed with TAG_REKEY (forward secrecy: once a block is
 * sealed, the writer's state cannot decrypt it), END with TAG_FINAL.  The
 * additional data of a block is its header bytes [0, 28) followed by the
 * 32-byte crypto_generichash of the file header (read like for its crc), so
 * header fields, sequence, lengths and flags are authenticated too.  The
 * writer only ever holds the recipient's public key.
 *
 * Readers validate every block (magic, lengths, crc, sequence, decryption,
 * decode, record count).  Plaintext files: on failure they scan forward
 * for the next "ITBK" that validates and report the skipped bytes as a
 * damaged range; a missing block that left no bad bytes is a sequence gap.
 * Encrypted files: the secretstream state chain cannot skip a message, so
 * everything from the first block that does not validate to EOF is one
 * damaged range -- tamper-evident (no header field but the state, and no
 * block can be altered, dropped, reordered or replayed unnoticed; cutting
 * the file at a block boundary still looks like a crash: no END) at the
 * price of no resync.  Either way
 * a crash loses at most the unsealed block; its torn bytes show up as a
 * damaged range reaching EOF, marked torn.  crc32 catches accidents only:
 * without encryption (and the key to check it) a forger can rewrite any
 * block and fix its crc.
 */
#ifndef __TRACEFILE_H
#define __TRACEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "record_codec.h"

#define TRACEFILE_VERSION		2	/* the newest every reader reads */
#define TRACEFILE_VERSION_MIN		1	/* the oldest every reader reads */
/*
 * What the writer writes unless asked (tracefile_opts.version): version 2.
 * Version 1 stays writable for tests and for readers of older releases.
 */
#define TRACEFILE_VERSION_DEFAULT	2
#define TRACEFILE_BLOCK_DEFAULT		(64 * 1024)
#define TRACEFILE_BLOCK_MIN		4096
#define TRACEFILE_BLOCK_MAX		(16 * 1024 * 1024)
#define TRACEFILE_CMDLINE_MAX		16384	/* longer is truncated */
#define TRACEFILE_KEY_BYTES		32	/* X25519 public and secret keys */

enum tracefile_state {
	TRACEFILE_ONLINE	= 0x01,
	TRACEFILE_CLEAN		= 0x02,
	TRACEFILE_ARCHIVED	= 0x04,
};

struct tracefile_meta {
	const char *cmdline;	/* hostname, kernel, time, pid: by create */
};

enum tracefile_sync {
	TRACEFILE_SYNC_NONE,
	TRACEFILE_SYNC_BLOCK,	/* fdatasync after each block */
	TRACEFILE_SYNC_CLOSE,	/* only on close */
};

struct tracefile_opts {
	size_t block_bytes;	/* flush threshold; 0 = default 64 KiB */
	enum tracefile_sync sync;
	bool compress;
	/*
	 * Format version to write: 0 = TRACEFILE_VERSION_DEFAULT, else 1
	 * or 2 (TRACEFILE_VERSION_MIN..TRACEFILE_VERSION).
	 */
	uint16_t version;
	/* TRACEFILE_KEY_BYTES; NULL = plaintext.  Only used by create. */
	const unsigned char *recipient_pk;
};

struct tracefile_writer;
struct tracefile_reader;

/*
 * Create @path (O_EXCL|O_NOFOLLOW, mode 0600).  Fails with -EPERM if the
 * parent directory is group/world-writable without the sticky bit or is
 * owned by another non-root user, -ELOOP if it is a symlink, -EINVAL on bad options (a recipient_pk
 * that is not a usable X25519 key too).  On failure no file is left behind.
 */
int tracefile_create(const char *path, const struct tracefile_meta *meta,
		     const struct tracefile_opts *opts,
		     struct tracefile_writer **out);
/*
 * The same format, written in order to @fd (`record -o -`: stdout, a pipe
 * or a file): write() only, never lseek, ftruncate or a header rewrite, so
 * the header keeps state ONLINE and the END block alone marks a clean
 * close; fdatasync per opts->sync only when @fd is a regular file.  On
 * success the writer owns @fd (close and abort close it); on failure the
 * caller still does.  A write() that fails part way is resumed where it
 * stopped; -EPIPE means the reader went away.
 */
int tracefile_create_stream(int fd, const struct tracefile_meta *meta,
			    const struct tracefile_opts *opts,
			    struct tracefile_writer **out);
/*
 * The checks tracefile_create() makes of @path's directory (trust.h's one
 * rule), for callers that want to fail before doing expensive work: 0,
 * -ENOENT/-ENOTDIR, -ELOOP for a symlink, or -EPERM for a directory
 * someone else could tamper with.
 */
int tracefile_check_parent(const char *path);
/* Queue one record; seals a block first when this one would not fit. */
int tracefile_append(struct tracefile_writer *w, const struct trace_record *rec);
/*
 * Seal the current block now.  If writing fails, the partial block is cut
 * off again (ftruncate) and the sealed block is kept aside, byte for byte,
 * so a later flush or append writes it again before anything else (an
 * encrypted block can be sealed only once).  Records can still be queued
 * meanwhile; tracefile_append() fails only when both are full.
 */
int tracefile_flush(struct tracefile_writer *w);
/* Flush, END block, state CLEAN, sync per policy, free.  Frees on error too. */
int tracefile_close(struct tracefile_writer *w);
void tracefile_abort(struct tracefile_writer *w, bool unlink_file);
/* Bytes written so far: header and blocks (not one kept aside). */
uint64_t tracefile_writer_bytes(const struct tracefile_writer *w);
/*
 * What a close that fails (disk full) loses of the records queued or
 * sealed but not yet written, in the unit of LOSS records: each record
 * counts 1, except a LOSS record, which counts what it reports lost.
 */
uint64_t tracefile_writer_pending(const struct tracefile_writer *w);

/*
 * Set the header state of a closed file in place (e.g. ARCHIVED on rotate).
 * -EINVAL for a value that is not an enum tracefile_state.
 */
int tracefile_set_state(const char *path, enum tracefile_state state);
/* The same on a file the caller opened (O_RDWR) and checked itself. */
int tracefile_set_state_fd(int fd, enum tracefile_state state);
const char *tracefile_state_name(unsigned int state);

struct tracefile_info {
	bool header_ok;		/* false: header damaged, fields below are 0 */
	uint16_t version;
	/* as stored; not an enum tracefile_state: damage at offset 10 */
	uint8_t state;
	uint32_t pid;
	uint64_t created_ns;	/* CLOCK_REALTIME */
	char *hostname;		/* NUL-terminated, never NULL */
	char *kernel;
	char *cmdline;
	bool encrypted;
	unsigned char recipient_pk[TRACEFILE_KEY_BYTES];	/* if encrypted */
};

struct tracefile_damage {
	uint64_t offset;
	uint64_t length;	/* 0: block sequence gap without bad bytes */
	const char *reason;	/* static, one line: what was wrong at offset */
	/* reaches EOF, starts with a block cut off by EOF: a crash, not damage */
	bool torn;
};

/*
 * Open a trace file for reading.  -EBADMSG if it is not a trace file
 * (bad magic), -EPROTONOSUPPORT for a newer format version or unknown
 * header flags.  A damaged header is not fatal: it is reported as a
 * damaged range.  -ENOKEY for an encrypted file: see tracefile_open_key().
 */
int tracefile_open(const char *path, struct tracefile_reader **out);
/*
 * Same, with the recipient's secret key (TRACEFILE_KEY_BYTES, or NULL) for
 * encrypted files; a plaintext file ignores it.  -ENOKEY: encrypted and no
 * key; -EKEYREJECTED: the key is not the one the file was sealed to.
 */
int tracefile_open_key(const char *path, const unsigned char *secret_key,
		       struct tracefile_reader **out);
/*
 * For checking an encrypted file without its key (`verify`): header, block
 * magic, lengths, crc, sequence and END are checked, payloads are not
 * opened, tracefile_next() returns no records.  Plaintext files open as
 * with tracefile_open().
 */
int tracefile_open_framing(const char *path, struct tracefile_reader **out);
/* Same, on an open regular file @fd, which the reader owns even on failure. */
int tracefile_open_fd_key(int fd, const unsigned char *secret_key,
			  struct tracefile_reader **out);
/* Message for a tracefile_open*() error: the format ones, else strerror. */
const char *tracefile_strerror(int err);
/*
 * 1 = *rec filled, 0 = end of file, < 0 = hard error (I/O, memory);
 * -EAGAIN only while following (tracefile_reader_follow()): no END yet and
 * the rest is not there yet, a block cut off by the end included.
 * A CAPS record's rec->caps.caps points into the reader, valid until the
 * next call.
 */
int tracefile_next(struct tracefile_reader *r, struct trace_record *rec);
const struct tracefile_info *tracefile_reader_info(const struct tracefile_reader *r);
/* Damaged ranges found so far, in file order. */
size_t tracefile_reader_damage_count(const struct tracefile_reader *r);
const struct tracefile_damage *tracefile_reader_damage(const struct tracefile_reader *r,
							size_t i);
/*
 * Following a file that is still written (dump --follow): @on makes the
 * end provisional (see tracefile_next()); off again makes it final, so a
 * torn tail is judged as usual.  refresh() takes in what was appended.
 */
void tracefile_reader_follow(struct tracefile_reader *r, bool on);
int tracefile_reader_refresh(struct tracefile_reader *r);
/* The offset of the next block to read: everything before it is done. */
uint64_t tracefile_reader_offset(const struct tracefile_reader *r);
bool tracefile_reader_end_seen(const struct tracefile_reader *r);
uint64_t tracefile_reader_size(const struct tracefile_reader *r);
uint64_t tracefile_reader_blocks(const struct tracefile_reader *r);
void tracefile_reader_close(struct tracefile_reader *r);

#endif /* __TRACEFILE_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tracefile.h - the crash-safe inputtrace trace file (format version 1).
 *
 * All integers little-endian.  crc32 is zlib's crc32 (IEEE polynomial).
 *
 * File header (at offset 0, header_len bytes):
 *   0  8  magic "ITRACE\x1a\n"
 *   8  2  format version (1)
 *  10  1  state: 1 ONLINE (being written), 2 CLEAN (closed), 3 ARCHIVED
 *         -- the only byte ever rewritten in place (pwrite)
 *  11  1  reserved, 0
 *  12  4  header_len (40 + string lengths, at most 64 KiB)
 *  16  4  crc32 of header bytes [0, header_len) with the state byte and
 *         this crc field read as zero (so a state change needs no rewrite)
 *  20  4  recorder pid
 *  24  8  creation time, CLOCK_REALTIME ns
 *  32  2  hostname length   34 2 kernel release length   36 4 cmdline length
 *  40  .. hostname, kernel release, cmdline/filters (no NUL terminators)
 * Blocks follow back to back from header_len.  Block header (32 bytes):
 *   0  4  magic "ITBK"        4 4 flags: 0x1 payload zstd, 0x2 END block
 *   8  8  sequence number, 0, 1, 2, ... (END continues the sequence)
 *  16  4  stored payload length (<= 16 MiB)
 *  20  4  decoded payload length (<= 16 MiB; == stored unless zstd)
 *  24  4  record count
 *  28  4  crc32 of block header bytes [0, 28) followed by stored payload
 *  32  .. payload: records as in record_codec.h, zstd-compressed (one
 *         frame) only when that is smaller
 * A clean close appends an empty END block, syncs, then sets CLEAN.
 * Readers validate every block (magic, bounds, crc, decode, record count);
 * on failure they scan forward for the next "ITBK" that validates and
 * report the skipped bytes as a damaged range.  A crash loses at most the
 * unsealed block; its torn bytes show up as a damaged range reaching EOF.
 */
#ifndef __TRACEFILE_H
#define __TRACEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "record_codec.h"

#define TRACEFILE_VERSION		1
#define TRACEFILE_BLOCK_DEFAULT		(64 * 1024)
#define TRACEFILE_BLOCK_MIN		4096
#define TRACEFILE_BLOCK_MAX		(16 * 1024 * 1024)
#define TRACEFILE_CMDLINE_MAX		16384	/* longer is truncated */

enum tracefile_state {
	TRACEFILE_ONLINE	= 1,
	TRACEFILE_CLEAN		= 2,
	TRACEFILE_ARCHIVED	= 3,
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
};

struct tracefile_writer;
struct tracefile_reader;

/*
 * Create @path (O_EXCL|O_NOFOLLOW, mode 0600).  Fails with -EPERM if the
 * parent directory is group/world-writable without the sticky bit or is
 * owned by another non-root user, -EINVAL on bad options.  On failure no
 * file is left behind.
 */
int tracefile_create(const char *path, const struct tracefile_meta *meta,
		     const struct tracefile_opts *opts,
		     struct tracefile_writer **out);
/*
 * The checks tracefile_create() makes of @path's directory, for callers that
 * want to fail before doing expensive work: 0, -ENOENT/-ENOTDIR, or -EPERM
 * for a directory someone else could tamper with.
 */
int tracefile_check_parent(const char *path);
/* Queue one record; seals a block first when this one would not fit. */
int tracefile_append(struct tracefile_writer *w, const struct trace_record *rec);
/*
 * Seal the current block now.  If writing fails, the partial block is cut
 * off again (ftruncate) and kept queued, so a later flush can retry.
 */
int tracefile_flush(struct tracefile_writer *w);
/* Flush, END block, state CLEAN, sync per policy, free.  Frees on error too. */
int tracefile_close(struct tracefile_writer *w);
void tracefile_abort(struct tracefile_writer *w, bool unlink_file);
/* Bytes written so far (header + sealed blocks). */
uint64_t tracefile_writer_bytes(const struct tracefile_writer *w);

/* Set the header state of a closed file in place (e.g. ARCHIVED on rotate). */
int tracefile_set_state(const char *path, enum tracefile_state state);
const char *tracefile_state_name(unsigned int state);

struct tracefile_info {
	bool header_ok;		/* false: header damaged, fields below are 0 */
	uint16_t version;
	uint8_t state;		/* enum tracefile_state */
	uint32_t pid;
	uint64_t created_ns;	/* CLOCK_REALTIME */
	char *hostname;		/* NUL-terminated, never NULL */
	char *kernel;
	char *cmdline;
};

struct tracefile_damage {
	uint64_t offset;
	uint64_t length;	/* 0: block sequence gap without bad bytes */
};

/*
 * Open a trace file for reading.  -EBADMSG if it is not a trace file
 * (bad magic), -EPROTONOSUPPORT for a newer format version.  A damaged
 * header is not fatal: it is reported as a damaged range.
 */
int tracefile_open(const char *path, struct tracefile_reader **out);
/* 1 = *rec filled, 0 = end of file, < 0 = hard error (I/O, memory). */
int tracefile_next(struct tracefile_reader *r, struct trace_record *rec);
const struct tracefile_info *tracefile_reader_info(const struct tracefile_reader *r);
/* Damaged ranges found so far, in file order. */
size_t tracefile_reader_damage_count(const struct tracefile_reader *r);
const struct tracefile_damage *tracefile_reader_damage(const struct tracefile_reader *r,
							size_t i);
bool tracefile_reader_end_seen(const struct tracefile_reader *r);
uint64_t tracefile_reader_size(const struct tracefile_reader *r);
uint64_t tracefile_reader_blocks(const struct tracefile_reader *r);
void tracefile_reader_close(struct tracefile_reader *r);

#endif /* __TRACEFILE_H */

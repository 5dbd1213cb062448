/* SPDX-License-Identifier: GPL-2.0 */
/*
 * keyfile.h - X25519 key files for encrypted trace files.
 *
 * A key file is one text line, the label, one space, the 32-byte key in
 * base64 (original alphabet, padded), and an optional final newline:
 *
 *	inputtrace-x25519-public 3q2+7w...=
 *	inputtrace-x25519-secret 8J+RgA...=
 *
 * Nothing else is accepted: no comments, no second line, no spaces.  The
 * public key goes to the recording machines (record encrypts to it), the
 * secret key stays with whoever may read the traces (dump/verify --key).
 */
#ifndef __KEYFILE_H
#define __KEYFILE_H

#include <stddef.h>
#include "tracefile.h"

#define KEYFILE_PUBLIC_LABEL	"inputtrace-x25519-public"
#define KEYFILE_SECRET_LABEL	"inputtrace-x25519-secret"

/*
 * Load a public key into @pk (TRACEFILE_KEY_BYTES).  0, or -errno with a
 * one-line "PATH: reason" in @err (@errlen bytes, may be NULL): -EBADMSG
 * for a malformed file, open()'s errors otherwise.
 */
int keyfile_load_public(const char *path, unsigned char *pk, char *err, size_t errlen);
/*
 * Load a secret key into @sk (TRACEFILE_KEY_BYTES, ideally sodium_malloc'd:
 * see keyfile_secret_open()).  Like keyfile_load_public(), and -EPERM if
 * the file is accessible by group or others, as ssh refuses.  The file's
 * bytes are wiped before returning.
 */
int keyfile_load_secret(const char *path, unsigned char *sk, char *err, size_t errlen);
/*
 * Create a new key pair: @sec_path (mode 0600) and @pub_path (0644), both
 * O_CREAT|O_EXCL|O_NOFOLLOW, written and fsync'ed.  On failure neither file
 * is left behind and *@failed (if @failed) names the path that failed.
 */
int keyfile_write_pair(const char *pub_path, const char *sec_path,
		       const char **failed);

/*
 * For subcommands: the secret key of @path in locked, guarded memory, or
 * NULL after printing "inputtrace: CMD: PATH: reason" on stderr.  Free it
 * with keyfile_secret_free() (which wipes it).
 */
unsigned char *keyfile_secret_open(const char *cmd, const char *path);
void keyfile_secret_free(unsigned char *sk);

#endif /* __KEYFILE_H */

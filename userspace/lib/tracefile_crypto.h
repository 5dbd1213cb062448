/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tracefile_crypto.h - encryption of trace file blocks (layout in
 * tracefile.h), shared by the writer and the reader.
 *
 * A random per-file crypto_secretstream_xchacha20poly1305 key is sealed
 * (crypto_box_seal) to the recipient's X25519 public key in the header's
 * crypto section and forgotten; every block payload is then one stream
 * message whose additional data binds it to its block header and to the
 * file header.  The state lives in sodium_malloc() memory (guard pages,
 * mlock'd where allowed, wiped on free).
 */
#ifndef __TRACEFILE_CRYPTO_H
#define __TRACEFILE_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sodium.h>

#define TFC_PK_BYTES		crypto_box_PUBLICKEYBYTES
#define TFC_SEALED_BYTES	(crypto_box_SEALBYTES + \
				 crypto_secretstream_xchacha20poly1305_KEYBYTES)
#define TFC_SSHDR_BYTES		crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define TFC_OFF_PK		0
#define TFC_OFF_SEALED		(TFC_OFF_PK + TFC_PK_BYTES)
#define TFC_OFF_SSHDR		(TFC_OFF_SEALED + TFC_SEALED_BYTES)
#define TFC_SECTION_LEN		(TFC_OFF_SSHDR + TFC_SSHDR_BYTES)	/* 136 */
#define TFC_ABYTES		crypto_secretstream_xchacha20poly1305_ABYTES	/* 17 */
#define TFC_HASH_BYTES		crypto_generichash_BYTES

/* On-disk sizes (tracefile.h): pinned, whatever libsodium's headers say. */
_Static_assert(TFC_PK_BYTES == 32 && TFC_SEALED_BYTES == 80 && TFC_SSHDR_BYTES == 24,
	       "crypto section fields are 32 + 80 + 24 bytes");
_Static_assert(TFC_SECTION_LEN == 136, "crypto section is 136 bytes");
_Static_assert(TFC_ABYTES == 17, "an encrypted block payload grows by 17 bytes");
_Static_assert(TFC_HASH_BYTES == 32, "blocks are bound to a 32-byte header hash");

struct tf_crypto {
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char hdr_hash[TFC_HASH_BYTES];	/* see tf_crypto_bind_header() */
};

/* sodium_init() once; -EIO if libsodium cannot work (no entropy source). */
int tf_sodium_init(void);

/*
 * Writer: draw a per-file key, fill the TFC_SECTION_LEN bytes of @section
 * (recipient @pk, sealed key, stream header) and start pushing.  The key is
 * wiped before returning.
 */
int tf_crypto_start_push(const unsigned char *pk, unsigned char *section,
			 struct tf_crypto **out);
/*
 * Reader: open the sealed key of @section with secret key @sk and start
 * pulling.  -EKEYREJECTED if @sk is not the recipient's or the seal does
 * not open.
 */
int tf_crypto_start_pull(const unsigned char *section, const unsigned char *sk,
			 struct tf_crypto **out);
/* Hash the file header (state and crc read as zero) into the AD. */
int tf_crypto_bind_header(struct tf_crypto *c, const unsigned char *hdr, uint32_t len);
/*
 * Encrypt @mlen bytes of @m into @out (@mlen + TFC_ABYTES) as the next
 * message, authenticating block header bytes [0, 28) of @bhdr, which must
 * already hold the final stored length.  @final: the END block.
 */
int tf_crypto_seal(struct tf_crypto *c, const unsigned char *bhdr,
		   const void *m, size_t mlen, bool final, unsigned char *out);
/*
 * Decrypt the next message (@inlen >= TFC_ABYTES) into @m; -EBADMSG if it
 * is not authentic, not the next one in the stream, or its tag is not the
 * one @final expects (TAG_FINAL for END, TAG_REKEY otherwise).
 */
int tf_crypto_open(struct tf_crypto *c, const unsigned char *bhdr,
		   const unsigned char *in, size_t inlen, bool final, unsigned char *m);
void tf_crypto_free(struct tf_crypto *c);

#endif /* __TRACEFILE_CRYPTO_H */

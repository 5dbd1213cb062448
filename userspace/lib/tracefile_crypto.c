// SPDX-License-Identifier: GPL-2.0
/*
 * tracefile_crypto.c - per-file key sealing and per-block secretstream
 * messages for encrypted trace files (see tracefile_crypto.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "tracefile_crypto.h"
#include "tracefile_fmt.h"

_Static_assert(TFC_PK_BYTES == TRACEFILE_KEY_BYTES, "public key size");
_Static_assert(crypto_box_SECRETKEYBYTES == TRACEFILE_KEY_BYTES, "secret key size");
_Static_assert(TFC_SECTION_LEN == 136, "crypto section size is on disk");
_Static_assert(TFC_ABYTES == 17, "ABYTES is on disk");

#define AD_LEN	(TB_OFF_CRC + TFC_HASH_BYTES)

int tf_sodium_init(void)
{
	return sodium_init() < 0 ? -EIO : 0;
}

static struct tf_crypto *crypto_alloc(void)
{
	struct tf_crypto *c = sodium_malloc(sizeof(*c));

	if (c)
		memset(c, 0, sizeof(*c));
	return c;
}

void tf_crypto_free(struct tf_crypto *c)
{
	sodium_free(c);		/* wipes; NULL is fine */
}

int tf_crypto_start_push(const unsigned char *pk, unsigned char *section,
			 struct tf_crypto **out)
{
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	unsigned char *sshdr = section + TFC_OFF_SSHDR;
	struct tf_crypto *c;
	int err = tf_sodium_init();

	if (err)
		return err;
	c = crypto_alloc();
	if (!c)
		return -ENOMEM;
	crypto_secretstream_xchacha20poly1305_keygen(key);
	memcpy(section + TFC_OFF_PK, pk, TFC_PK_BYTES);
	if (crypto_box_seal(section + TFC_OFF_SEALED, key, sizeof(key), pk))
		err = -EINVAL;	/* pk is not a usable curve point */
	else
		crypto_secretstream_xchacha20poly1305_init_push(&c->st, sshdr, key);
	/* From here on only the recipient's secret key recovers it. */
	sodium_memzero(key, sizeof(key));
	if (err) {
		tf_crypto_free(c);
		return err;
	}
	*out = c;
	return 0;
}

int tf_crypto_start_pull(const unsigned char *section, const unsigned char *sk,
			 struct tf_crypto **out)
{
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	const unsigned char *sshdr = section + TFC_OFF_SSHDR;
	unsigned char pk[TFC_PK_BYTES];
	struct tf_crypto *c;
	int err = tf_sodium_init();

	if (err)
		return err;
	/* The seal is opened with the key pair; the pair comes from sk. */
	if (crypto_scalarmult_base(pk, sk) ||
	    sodium_memcmp(pk, section + TFC_OFF_PK, sizeof(pk)))
		return -EKEYREJECTED;
	c = crypto_alloc();
	if (!c)
		return -ENOMEM;
	if (crypto_box_seal_open(key, section + TFC_OFF_SEALED, TFC_SEALED_BYTES, pk, sk) ||
	    crypto_secretstream_xchacha20poly1305_init_pull(&c->st, sshdr, key))
		err = -EKEYREJECTED;
	sodium_memzero(key, sizeof(key));
	if (err) {
		tf_crypto_free(c);
		return err;
	}
	*out = c;
	return 0;
}

int tf_crypto_bind_header(struct tf_crypto *c, const unsigned char *hdr, uint32_t len)
{
	unsigned char *copy = malloc(len);

	if (!copy)
		return -ENOMEM;
	memcpy(copy, hdr, len);
	/* Read like the crc: the state changes in place, the crc is derived. */
	copy[TF_OFF_STATE] = 0;
	memset(copy + TF_OFF_CRC, 0, 4);
	crypto_generichash(c->hdr_hash, sizeof(c->hdr_hash), copy, len, NULL, 0);
	free(copy);
	return 0;
}

static void make_ad(const struct tf_crypto *c, const unsigned char *bhdr,
		    unsigned char *ad)
{
	memcpy(ad, bhdr, TB_OFF_CRC);
	memcpy(ad + TB_OFF_CRC, c->hdr_hash, TFC_HASH_BYTES);
}

int tf_crypto_seal(struct tf_crypto *c, const unsigned char *bhdr,
		   const void *m, size_t mlen, bool final, unsigned char *out)
{
	unsigned char ad[AD_LEN], none = 0;
	unsigned char tag = final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL :
				    crypto_secretstream_xchacha20poly1305_TAG_REKEY;

	make_ad(c, bhdr, ad);
	if (crypto_secretstream_xchacha20poly1305_push(&c->st, out, NULL,
						       mlen ? m : &none, mlen,
						       ad, sizeof(ad), tag))
		return -EMSGSIZE;
	return 0;
}

int tf_crypto_open(struct tf_crypto *c, const unsigned char *bhdr,
		   const unsigned char *in, size_t inlen, bool final, unsigned char *m)
{
	unsigned char ad[AD_LEN], none, tag;
	unsigned char want = final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL :
				     crypto_secretstream_xchacha20poly1305_TAG_REKEY;

	make_ad(c, bhdr, ad);
	/* Readers stop at the first failure: the state after it is moot. */
	if (inlen < TFC_ABYTES ||
	    crypto_secretstream_xchacha20poly1305_pull(&c->st, inlen > TFC_ABYTES ? m : &none,
						       NULL, &tag, in, inlen, ad, sizeof(ad)))
		return -EBADMSG;
	return tag == want ? 0 : -EBADMSG;
}

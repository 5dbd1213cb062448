// SPDX-License-Identifier: GPL-2.0
/*
 * keyfile.c - read and create the key files described in keyfile.h.
 *
 * Parsing is strict on purpose: a key that is almost right (a stray
 * character, a truncated paste) must fail loudly rather than become a
 * different key.  A file holding the other kind of key gets its own
 * message, so a secret key is never silently used as a public one.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>
#include "cli.h"
#include "keyfile.h"

/* label, space, 44 base64 chars, newline: anything longer is not a key */
#define KEYFILE_MAX	128
#define B64_LEN		sodium_base64_ENCODED_LEN(TRACEFILE_KEY_BYTES, \
						  sodium_base64_VARIANT_ORIGINAL)

struct keyline {
	char buf[KEYFILE_MAX + 1];
	size_t len;
};

/* Read all of a small regular file at @path into @kl. */
static int read_keyfile(const char *path, bool secret, struct keyline *kl,
			const char **why)
{
	struct stat st;
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		err = -errno;
	} else if (!S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		err = -EBADMSG;
	} else if (secret && (st.st_mode & 077)) {
		*why = "secret key file is accessible by group or others (chmod 600 it)";
		err = -EPERM;
	}
	kl->len = 0;
	while (!err && kl->len < sizeof(kl->buf)) {
		n = read(fd, kl->buf + kl->len, sizeof(kl->buf) - kl->len);
		if (n == 0)
			break;
		if (n > 0)
			kl->len += n;
		else if (errno != EINTR)
			err = -errno;
	}
	close(fd);
	if (!err && kl->len > KEYFILE_MAX) {
		*why = "too long for a key file (one line expected)";
		err = -EBADMSG;
	}
	return err;
}

struct keykind {
	const char *label;
	const char *not_ours;	/* why: no label line at all */
	const char *swapped;	/* why: the label of the other kind */
};

static const struct keykind kinds[2] = {
	{ KEYFILE_PUBLIC_LABEL,
	  "not an inputtrace public key file (expected '" KEYFILE_PUBLIC_LABEL " BASE64')",
	  "this is a secret key file, not a public key" },
	{ KEYFILE_SECRET_LABEL,
	  "not an inputtrace secret key file (expected '" KEYFILE_SECRET_LABEL " BASE64')",
	  "this is a public key file, not a secret key" },
};

static bool has_label(const char *buf, size_t len, const char *label)
{
	size_t ll = strlen(label);

	return len > ll && !memcmp(buf, label, ll) && buf[ll] == ' ';
}

/* Parse "LABEL BASE64[\n]" into @key. */
static int parse_keyline(const struct keyline *kl, bool secret, unsigned char *key,
			 const char **why)
{
	const struct keykind *k = &kinds[secret];
	unsigned char bin[KEYFILE_MAX];
	size_t bin_len = 0, len = kl->len;
	const char *p, *end, *b64_end = NULL;
	int err = -EBADMSG;

	if (len && kl->buf[len - 1] == '\n')
		len--;
	if (!has_label(kl->buf, len, k->label)) {
		*why = has_label(kl->buf, len, kinds[!secret].label) ? k->swapped :
		       k->not_ours;
		return err;
	}
	p = kl->buf + strlen(k->label) + 1;
	end = kl->buf + len;
	/* It stops at the first non-base64 byte: a space ends a valid key. */
	if (sodium_base642bin(bin, sizeof(bin), p, end - p, NULL, &bin_len, &b64_end,
			      sodium_base64_VARIANT_ORIGINAL) ||
	    (b64_end != end && (b64_end == p || !isspace((unsigned char)*b64_end))))
		*why = "key is not valid base64";
	else if (b64_end != end)
		*why = "unexpected text after the key";
	else if (bin_len != TRACEFILE_KEY_BYTES)
		*why = "wrong key length (an X25519 key is 32 bytes)";
	else
		err = 0;
	if (!err)
		memcpy(key, bin, TRACEFILE_KEY_BYTES);
	sodium_memzero(bin, sizeof(bin));
	return err;
}

static int load_key(const char *path, bool secret, unsigned char *key,
		    char *msg, size_t msglen)
{
	const char *why = NULL;
	struct keyline kl;
	int err = -EIO;

	if (sodium_init() < 0)
		why = "libsodium cannot initialise";
	else
		err = read_keyfile(path, secret, &kl, &why);
	if (!err)
		err = parse_keyline(&kl, secret, key, &why);
	sodium_memzero(&kl, sizeof(kl));
	if (err && msg)
		snprintf(msg, msglen, "%s: %s", path, why ? why : strerror(-err));
	return err;
}

int keyfile_load_public(const char *path, unsigned char *pk, char *err, size_t errlen)
{
	return load_key(path, false, pk, err, errlen);
}

int keyfile_load_secret(const char *path, unsigned char *sk, char *err, size_t errlen)
{
	return load_key(path, true, sk, err, errlen);
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= n;
	}
	return 0;
}

/* Create @path (must not exist) holding "LABEL BASE64\n", then @mode. */
static int write_key(const char *path, mode_t mode, const char *label,
		     const unsigned char *key)
{
	char line[KEYFILE_MAX], b64[B64_LEN];
	int fd, n, err = 0;

	sodium_bin2base64(b64, sizeof(b64), key, TRACEFILE_KEY_BYTES,
			  sodium_base64_VARIANT_ORIGINAL);
	n = snprintf(line, sizeof(line), "%s %s\n", label, b64);
	sodium_memzero(b64, sizeof(b64));
	/* 0600 until written: nobody sees a half-written key file */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	err = write_all(fd, line, n);
	if (!err && (fchmod(fd, mode) < 0 || fsync(fd) < 0))
		err = -errno;
	if (close(fd) < 0 && !err)
		err = -errno;
	if (err)
		unlink(path);
out:
	sodium_memzero(line, sizeof(line));
	return err;
}

int keyfile_write_pair(const char *pub_path, const char *sec_path,
		       const char **failed)
{
	unsigned char pk[TRACEFILE_KEY_BYTES], *sk;
	const char *dummy;
	int err;

	if (!failed)
		failed = &dummy;
	*failed = NULL;
	if (sodium_init() < 0)
		return -EIO;
	sk = sodium_malloc(TRACEFILE_KEY_BYTES);
	if (!sk)
		return -ENOMEM;
	crypto_box_keypair(pk, sk);
	*failed = sec_path;
	err = write_key(sec_path, 0600, KEYFILE_SECRET_LABEL, sk);
	sodium_free(sk);
	if (err)
		return err;
	*failed = pub_path;
	err = write_key(pub_path, 0644, KEYFILE_PUBLIC_LABEL, pk);
	if (err) {
		unlink(sec_path);
		return err;
	}
	*failed = NULL;
	return 0;
}

unsigned char *keyfile_secret_open(const char *cmd, const char *path)
{
	unsigned char *sk = NULL;
	char msg[512] = "libsodium cannot initialise";

	if (sodium_init() >= 0) {
		sk = sodium_malloc(TRACEFILE_KEY_BYTES);
		snprintf(msg, sizeof(msg), "%s", "out of memory");
	}
	if (sk && keyfile_load_secret(path, sk, msg, sizeof(msg))) {
		keyfile_secret_free(sk);
		sk = NULL;
	}
	if (!sk)
		cli_error(cmd, 0, "%s", msg);
	return sk;
}

void keyfile_secret_free(unsigned char *sk)
{
	sodium_free(sk);
}

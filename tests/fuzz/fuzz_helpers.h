/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzz_helpers.h - what the libFuzzer harnesses share: the input as a
 * file without touching the disk (a memfd, reached by path through
 * /proc/self/fd for the APIs that take a path), the fixed test key the
 * encrypted seeds are sealed to, and a NUL-terminated copy of the input.
 */
#ifndef __FUZZ_HELPERS_H
#define __FUZZ_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>
#include "tracefile.h"

/*
 * The seed of the key pair make_corpus encrypts to: a test key, public on
 * purpose, so the harnesses can open (and the fuzzer can reach past the
 * AEAD of) the encrypted seeds.
 */
#define FUZZ_KEY_SEED	"inputtrace fuzz corpus test key"	/* 31 + NUL = 32 */
_Static_assert(sizeof(FUZZ_KEY_SEED) == crypto_box_SEEDBYTES, "a box seed is 32 bytes");

static inline void fuzz_test_keypair(unsigned char pk[TRACEFILE_KEY_BYTES],
				     unsigned char sk[TRACEFILE_KEY_BYTES])
{
	if (sodium_init() < 0 ||
	    crypto_box_seed_keypair(pk, sk, (const unsigned char *)FUZZ_KEY_SEED))
		abort();
}

struct fuzz_file {
	int fd;
	char path[32];	/* /proc/self/fd/N */
};

/* One memfd per process, refilled with each input. */
static inline void fuzz_file_init(struct fuzz_file *f, mode_t mode)
{
	f->fd = memfd_create("fuzz-input", MFD_CLOEXEC);
	if (f->fd < 0 || fchmod(f->fd, mode) < 0)
		abort();
	snprintf(f->path, sizeof(f->path), "/proc/self/fd/%d", f->fd);
}

static inline void fuzz_file_set(struct fuzz_file *f, const uint8_t *data, size_t size)
{
	size_t done = 0;

	if (ftruncate(f->fd, 0) < 0)
		abort();
	while (done < size) {
		ssize_t n = pwrite(f->fd, data + done, size - done, (off_t)done);

		if (n <= 0)
			abort();
		done += n;
	}
}

/*
 * The LLVMFuzzerInitialize() of a harness whose input is a file: @file, a
 * 0600 memfd (so a key file is not refused for its mode), and @sk, the
 * secret half of the test key pair.
 */
#define FUZZ_INPUT_FILE(file, sk)						\
	static struct fuzz_file file;						\
	static unsigned char sk[TRACEFILE_KEY_BYTES];				\
	int LLVMFuzzerInitialize(int *argc, char ***argv)			\
	{									\
		unsigned char pk_[TRACEFILE_KEY_BYTES];				\
										\
		(void)argc;							\
		(void)argv;							\
		fuzz_test_keypair(pk_, sk);					\
		fuzz_file_init(&file, 0600);					\
		return 0;							\
	}

/* The input as a C string (free it); stops at an embedded NUL. */
static inline char *fuzz_strdup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Parsers that print their one-line errors: keep the fuzzer's log readable. */
static inline void fuzz_quiet_stdio(void)
{
	FILE *null = fopen("/dev/null", "w");

	if (!null)
		abort();
	stdout = null;
	stderr = null;
}

#endif /* __FUZZ_HELPERS_H */

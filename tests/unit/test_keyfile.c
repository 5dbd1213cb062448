// SPDX-License-Identifier: GPL-2.0
/*
 * test_keyfile.c - key files and `inputtrace keygen` on real files: strict
 * parsing, modes, refusal of readable secret keys, no overwriting, nothing
 * left behind on failure.
 */
#include <errno.h>
#include <sodium.h>
#include "unit_helpers.h"
#include "cli.h"
#include "commands.h"
#include "keyfile.h"

/* Write @text to a new key file @name with @mode; returns its path. */
static char *keytext(const char *dir, const char *name, const char *text, mode_t mode)
{
	char *p = path_join(dir, name);

	unlink(p);
	spew(p, text, strlen(text));
	assert_int_equal(chmod(p, mode), 0);
	return p;
}

static mode_t mode_of(const char *p)
{
	struct stat st;

	assert_int_equal(stat(p, &st), 0);
	return st.st_mode & 07777;
}

static void test_keygen_pair(void **state)
{
	const char *dir = *state;
	char *name = path_join(dir, "audit"), *pub = path_join(dir, "audit.pub");
	char *sec = path_join(dir, "audit.key"), *out, *err, msg[256];
	char *argv[] = { "keygen", "-o", name, NULL };
	unsigned char pk[32], sk[32], derived[32];
	mode_t old = umask(0);	/* modes must not depend on the umask... */

	assert_int_equal(capture(dir, cmd_keygen, 3, argv, &out, &err), 0);
	umask(old);
	assert_string_equal(err, "");
	assert_non_null(strstr(out, pub));
	assert_non_null(strstr(out, sec));
	free(out);
	free(err);
	assert_int_equal(mode_of(sec), 0600);
	assert_int_equal(mode_of(pub), 0644);

	assert_int_equal(keyfile_load_public(pub, pk, msg, sizeof(msg)), 0);
	assert_int_equal(keyfile_load_secret(sec, sk, msg, sizeof(msg)), 0);
	assert_int_equal(crypto_scalarmult_base(derived, sk), 0);
	assert_memory_equal(derived, pk, 32);
	/* each kind of file refused as the other, by name */
	assert_int_equal(keyfile_load_public(sec, pk, msg, sizeof(msg)), -EBADMSG);
	assert_non_null(strstr(msg, "this is a secret key file, not a public key"));
	assert_int_equal(keyfile_load_secret(pub, sk, msg, sizeof(msg)), -EPERM);
	assert_non_null(strstr(msg, "accessible by group or others"));

	/* ...even a restrictive one: the public key is meant to be shared */
	unlink(pub);
	unlink(sec);
	old = umask(077);
	assert_int_equal(capture(dir, cmd_keygen, 3, argv, &out, &err), 0);
	umask(old);
	assert_int_equal(mode_of(pub), 0644);
	assert_int_equal(mode_of(sec), 0600);
	free(out);
	free(err);
	free(name);
	free(pub);
	free(sec);
}

static void test_keygen_refuses(void **state)
{
	const char *dir = *state;
	char *name = path_join(dir, "k"), *pub = path_join(dir, "k.pub");
	char *sec = path_join(dir, "k.key"), *out, *err, want[512];
	char *argv[] = { "keygen", "--output", name, NULL };
	char *bad[][4] = {
		{ "keygen", NULL }, { "keygen", "-o", NULL }, { "keygen", "-o", "", NULL },
		{ "keygen", "--bogus", NULL }, { "keygen", "-o", name, "extra" },
		{ "keygen", "-o", "/nonexistent-dir/k", NULL },
	};
	int bad_argc[] = { 1, 2, 3, 2, 4, 3 }, i;
	/* usage errors exit 2, a key that cannot be written 1 (README) */
	int want_status[] = { 2, 2, 2, 2, 2, 1 };

	/* the public key exists: the secret one must not be left behind */
	spew(pub, "keep", 4);
	assert_int_equal(capture(dir, cmd_keygen, 3, argv, &out, &err), 1);
	snprintf(want, sizeof(want), "inputtrace: keygen: %s already exists: "
		 "refusing to overwrite a key\n", pub);
	assert_string_equal(err, want);
	assert_string_equal(out, "");
	assert_int_equal(access(sec, F_OK), -1);
	free(out);
	free(err);

	/* the secret key exists: untouched, no public key appears */
	unlink(pub);
	spew(sec, "mine", 4);
	assert_int_equal(capture(dir, cmd_keygen, 3, argv, &out, &err), 1);
	assert_int_equal(count_lines(err), 1);
	assert_int_equal(access(pub, F_OK), -1);
	free(out);
	free(err);
	out = (char *)slurp(sec, NULL);
	assert_string_equal(out, "mine");
	free(out);

	/* a symlink planted at the secret key path is not followed */
	unlink(sec);
	assert_int_equal(symlink("/tmp/inputtrace-planted", sec), 0);
	assert_int_equal(capture(dir, cmd_keygen, 3, argv, &out, &err), 1);
	assert_int_equal(access("/tmp/inputtrace-planted", F_OK), -1);
	assert_int_equal(access(pub, F_OK), -1);
	free(out);
	free(err);

	for (i = 0; i < 6; i++) {
		assert_int_equal(capture(dir, cmd_keygen, bad_argc[i], bad[i], &out, &err),
				 want_status[i]);
		assert_string_equal(out, "");
		assert_int_equal(count_lines(err), 1);
		assert_true(strncmp(err, "inputtrace: keygen: ", 20) == 0);
		free(out);
		free(err);
	}
	free(name);
	free(pub);
	free(sec);
}

#define GOOD_B64	"MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI="	/* "1234...9012" */
#define PUB		KEYFILE_PUBLIC_LABEL " "
#define SEC		KEYFILE_SECRET_LABEL " "

struct case_ {
	const char *text;
	const char *why;	/* NULL: accepted */
};

static const struct case_ public_cases[] = {
	{ PUB GOOD_B64 "\n", NULL },
	{ PUB GOOD_B64, NULL },					/* no final newline */
	{ "", "not an inputtrace public key file" },
	{ "\n", "not an inputtrace public key file" },
	{ "inputtrace-x25519-publik " GOOD_B64 "\n", "not an inputtrace public key file" },
	{ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI\n", "not an inputtrace public key file" },
	{ " " PUB GOOD_B64 "\n", "not an inputtrace public key file" },
	{ KEYFILE_PUBLIC_LABEL "  " GOOD_B64 "\n", "not valid base64" },	/* two spaces */
	{ KEYFILE_PUBLIC_LABEL "\t" GOOD_B64 "\n", "not an inputtrace public key file" },
	{ SEC GOOD_B64 "\n", "this is a secret key file" },
	{ PUB "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMT!=\n", "not valid base64" },
	{ PUB "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI\n", "not valid base64" },	/* no pad */
	{ PUB "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkw\n", "wrong key length" },	/* 30 */
	{ PUB "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIz\n", "wrong key length" },	/* 33 */
	{ PUB "\n", "wrong key length" },
	{ PUB GOOD_B64 " comment\n", "unexpected text after the key" },
	{ PUB GOOD_B64 "\n\n", "unexpected text after the key" },
	{ PUB GOOD_B64 "\n# a comment\n", "unexpected text after the key" },
	{ PUB GOOD_B64 "\n" PUB GOOD_B64 "\n", "too long" },
	{ PUB GOOD_B64 "\r\n", "unexpected text after the key" },
	{ PUB GOOD_B64 "junk\n", "not valid base64" },
	{ PUB GOOD_B64 "\n                                                                "
	  "                                                          \n", "too long" },
};

static void test_public_parsing(void **state)
{
	const char *dir = *state;
	unsigned char pk[32];
	char msg[256];
	size_t i;

	for (i = 0; i < sizeof(public_cases) / sizeof(public_cases[0]); i++) {
		char *p = keytext(dir, "k.pub", public_cases[i].text, 0644);
		int rc = keyfile_load_public(p, pk, msg, sizeof(msg));

		if (!public_cases[i].why) {
			assert_int_equal(rc, 0);
			assert_memory_equal(pk, "12345678901234567890123456789012", 32);
		} else {
			assert_int_equal(rc, -EBADMSG);
			if (!strstr(msg, public_cases[i].why))
				fail_msg("case %zu: '%s', expected '%s'", i, msg,
					 public_cases[i].why);
			/* "PATH: reason", one line */
			assert_true(strncmp(msg, p, strlen(p)) == 0);
			assert_null(strchr(msg, '\n'));
		}
		free(p);
	}
}

static void test_secret_parsing_and_modes(void **state)
{
	const char *dir = *state;
	static const mode_t bad_modes[] = { 0640, 0604, 0660, 0644, 0610, 0601, 0700 | 040 };
	unsigned char *sk = sodium_malloc(32);
	char msg[256], *p, *missing = path_join(dir, "nope.key"), *out, *err;
	char *argv[] = { "verify", "--key", NULL, "x.itr", NULL };
	size_t i;

	p = keytext(dir, "k.key", SEC GOOD_B64 "\n", 0600);
	assert_int_equal(keyfile_load_secret(p, sk, msg, sizeof(msg)), 0);
	assert_memory_equal(sk, "12345678901234567890123456789012", 32);
	assert_int_equal(chmod(p, 0400), 0);	/* read-only is fine */
	assert_int_equal(keyfile_load_secret(p, sk, msg, sizeof(msg)), 0);
	for (i = 0; i < sizeof(bad_modes) / sizeof(bad_modes[0]); i++) {
		assert_int_equal(chmod(p, bad_modes[i]), 0);
		assert_int_equal(keyfile_load_secret(p, sk, msg, sizeof(msg)), -EPERM);
		assert_non_null(strstr(msg, "chmod 600"));
	}
	/* the public key loader does not care: a public key is public */
	free(p);
	p = keytext(dir, "k.key", PUB GOOD_B64 "\n", 0600);
	assert_int_equal(keyfile_load_secret(p, sk, msg, sizeof(msg)), -EBADMSG);
	assert_non_null(strstr(msg, "this is a public key file, not a secret key"));
	assert_int_equal(keyfile_load_secret(missing, sk, msg, sizeof(msg)), -ENOENT);
	assert_non_null(strstr(msg, "No such file or directory"));
	assert_int_equal(keyfile_load_secret(dir, sk, NULL, 0), -EBADMSG);

	/* commands report a bad --key in one line, before touching a file */
	argv[2] = p;
	assert_int_equal(capture(dir, cmd_verify, 4, argv, &out, &err), 3);
	assert_int_equal(count_lines(err), 1);
	assert_non_null(strstr(err, "inputtrace: verify: "));
	assert_non_null(strstr(err, "not a secret key"));
	free(out);
	free(err);
	argv[0] = "dump";
	assert_int_equal(capture(dir, cmd_dump, 4, argv, &out, &err), 1);
	assert_int_equal(count_lines(err), 1);
	assert_non_null(strstr(err, "inputtrace: dump: "));
	free(out);
	free(err);
	sodium_free(sk);
	free(p);
	free(missing);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_keygen_pair, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_keygen_refuses, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_public_parsing, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_secret_parsing_and_modes,
						tmpdir_setup, tmpdir_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * test_header.c - the one trace file header parser and its checks, and
 * that its three users (reader, retention, tracefile_set_state) give the
 * same answer for the same damaged header.
 */
#include "tracefile_helpers.h"
#include <errno.h>
#include "retention.h"
#include "tracefile_crypto.h"
#include "tracefile_fmt.h"
#include "tracefile_header.h"

struct fix {
	char *dir;
	char *path;	/* an archived trace file, named for retention */
	unsigned char *orig;
	size_t size;
};

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	f->dir = tmpdir_new();
	f->path = path_join(f->dir, "inputtrace-a.itr");
	write_sample_file(f->path, NULL, true, 20, true);
	assert_int_equal(tracefile_set_state(f->path, TRACEFILE_ARCHIVED), 0);
	f->orig = slurp(f->path, &f->size);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	tmpdir_free(f->dir);
	free(f->path);
	free(f->orig);
	free(f);
	return 0;
}

/* tracefile_header_read() of @b (@len bytes) written to the fixture file. */
static int parse(struct fix *f, const unsigned char *b, size_t len,
		 struct tracefile_header *h, const char **why)
{
	int fd, ret;

	spew(f->path, b, len);
	fd = open(f->path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	*why = NULL;
	ret = tracefile_header_read(fd, len, h, why);
	close(fd);
	return ret;
}

/* A copy of the file with @fn applied to its header, crc fixed if @recrc. */
static unsigned char *mutate(struct fix *f, void (*fn)(unsigned char *), bool recrc)
{
	unsigned char *b = malloc(f->size);

	memcpy(b, f->orig, f->size);
	fn(b);
	if (recrc)
		le32_put(b + TF_OFF_CRC, tf_header_crc(b, le32_get(b + TF_OFF_HDRLEN)));
	return b;
}

static void test_valid_header_fields(void **state)
{
	struct fix *f = *state;
	struct tracefile_header h;
	const char *why;

	(void)state;
	assert_int_equal(parse(f, f->orig, f->size, &h, &why), 1);
	assert_int_equal(h.version, TRACEFILE_VERSION_DEFAULT);
	assert_int_equal(h.state, TRACEFILE_ARCHIVED);
	assert_int_equal(h.len, le32_get(f->orig + TF_OFF_HDRLEN));
	assert_int_equal(h.cmdline_len, strlen("record -o t.itr"));
	assert_memory_equal(h.cmdline, "record -o t.itr", h.cmdline_len);
	assert_int_equal(h.pid, (uint32_t)getpid());
	assert_true(h.created_ns > 0);
	assert_null(h.crypto);
	tracefile_header_free(&h);
}

static void grow_len(unsigned char *b)
{
	le32_put(b + TF_OFF_HDRLEN, le32_get(b + TF_OFF_HDRLEN) + 1);
}

static void claim_encrypted(unsigned char *b)
{
	b[TF_OFF_FLAGS] |= TF_FLAG_ENCRYPTED;
}

static void huge_cmdline(unsigned char *b)
{
	le32_put(b + TF_OFF_CMDLEN, TF_HDR_MAX);
	le32_put(b + TF_OFF_HDRLEN, TF_HDR_MAX + TF_HDR_FIXED +
		 le16_get(b + TF_OFF_HOSTLEN) + le16_get(b + TF_OFF_KERNLEN));
}

static void flip_host(unsigned char *b)
{
	b[TF_HDR_FIXED] ^= 0x20;
}

static void new_version(unsigned char *b)
{
	le16_put(b + TF_OFF_VERSION, TRACEFILE_VERSION + 1);
}

static void unknown_flag(unsigned char *b)
{
	b[TF_OFF_FLAGS] |= 0x80;
}

static void bad_magic(unsigned char *b)
{
	b[0] ^= 1;
}

/* Every check, in order; each variant fails exactly the check it targets. */
static void test_each_check(void **state)
{
	static const struct {
		void (*fn)(unsigned char *);
		bool recrc;
		int ret;
		const char *why;
	} cases[] = {
		/* any length but the exact one is damage, crc or not */
		{ grow_len, true, 0, "file header lengths inconsistent" },
		{ claim_encrypted, true, 0, "file header lengths inconsistent" },
		{ huge_cmdline, false, 0, "file header lengths inconsistent" },
		{ flip_host, false, 0, "file header checksum mismatch" },
		{ new_version, true, -EPROTONOSUPPORT, NULL },
		{ unknown_flag, true, -EPROTONOSUPPORT, NULL },
		{ new_version, false, 0, "file header checksum mismatch" },
		{ bad_magic, false, -EBADMSG, NULL },
	};
	struct fix *f = *state;
	struct tracefile_header h;
	const char *why;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned char *b = mutate(f, cases[i].fn, cases[i].recrc);

		assert_int_equal(parse(f, b, f->size, &h, &why), cases[i].ret);
		if (cases[i].why)
			assert_string_equal(why, cases[i].why);
		assert_null(h.bytes);
		free(b);
	}
}

static void test_short_files(void **state)
{
	struct fix *f = *state;
	uint32_t hlen = le32_get(f->orig + TF_OFF_HDRLEN);
	struct tracefile_header h;
	const char *why;

	assert_int_equal(parse(f, f->orig, TF_MAGIC_LEN - 1, &h, &why), -EBADMSG);
	assert_int_equal(parse(f, f->orig, TF_MAGIC_LEN, &h, &why), 0);
	assert_string_equal(why, "file header cut short");
	assert_int_equal(parse(f, f->orig, TF_HDR_FIXED - 1, &h, &why), 0);
	assert_string_equal(why, "file header cut short");
	assert_int_equal(parse(f, f->orig, hlen - 1, &h, &why), 0);
	assert_string_equal(why, "file header cut short");
	/* the header alone, no block yet, is a valid header */
	assert_int_equal(parse(f, f->orig, hlen, &h, &why), 1);
	tracefile_header_free(&h);
}

static void test_encrypted_section(void **state)
{
	struct fix *f = *state;
	char *enc = path_join(f->dir, "inputtrace-enc.itr");
	struct tracefile_header h;
	struct keypair kp;
	const char *why;
	unsigned char *b;
	size_t len;

	keypair_new(&kp);
	write_sample_file(enc, kp.pk, true, 5, true);
	b = slurp(enc, &len);
	free(enc);
	assert_int_equal(parse(f, b, len, &h, &why), 1);
	assert_non_null(h.crypto);
	assert_ptr_equal(h.crypto, h.bytes + h.len - TFC_SECTION_LEN);
	assert_memory_equal(h.crypto + TFC_OFF_PK, kp.pk, TFC_PK_BYTES);
	tracefile_header_free(&h);
	free(b);
}

/*
 * The users agree: a header the parser calls damaged is damage to the
 * reader, not deletable for retention, and its state cannot be set.
 */
static void test_users_agree(void **state)
{
	struct fix *f = *state;
	struct retention_limits lim = { .max_total_bytes = 1 };
	char *newer = path_join(f->dir, "inputtrace-b.itr");
	struct tracefile_reader *r;
	struct trace_record rec;
	unsigned char *b = mutate(f, grow_len, true);

	/* the newest archive is never deleted: give retention a newer one */
	write_sample_file(newer, NULL, true, 2, true);
	assert_int_equal(tracefile_set_state(newer, TRACEFILE_ARCHIVED), 0);

	spew(f->path, b, f->size);
	assert_int_equal(tracefile_open(f->path, &r), 0);
	assert_false(tracefile_reader_info(r)->header_ok);
	while (tracefile_next(r, &rec) == 1)
		;
	assert_true(tracefile_reader_damage_count(r) >= 1);
	assert_int_equal(tracefile_reader_damage(r, 0)->offset, 0);
	assert_string_equal(tracefile_reader_damage(r, 0)->reason,
			    "file header lengths inconsistent");
	tracefile_reader_close(r);
	assert_int_equal(tracefile_set_state(f->path, TRACEFILE_CLEAN), -EBADMSG);
	assert_int_equal(retention_apply(f->dir, NULL, &lim, 0, NULL, NULL), 0);
	assert_int_equal(access(f->path, F_OK), 0);

	/* and the intact original is all three: readable, settable, deletable */
	spew(f->path, f->orig, f->size);
	assert_int_equal(tracefile_open(f->path, &r), 0);
	assert_true(tracefile_reader_info(r)->header_ok);
	tracefile_reader_close(r);
	assert_int_equal(tracefile_set_state(f->path, TRACEFILE_ARCHIVED), 0);
	assert_int_equal(retention_apply(f->dir, NULL, &lim, 0, NULL, NULL), 1);
	assert_int_equal(access(f->path, F_OK), -1);
	free(b);
	free(newer);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_valid_header_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encrypted_section, setup, teardown),
		cmocka_unit_test_setup_teardown(test_users_agree, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

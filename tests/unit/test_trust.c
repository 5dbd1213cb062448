// SPDX-License-Identifier: GPL-2.0
/*
 * test_trust.c - the one directory-trust rule (trust.h), on real
 * directories, as the writer and retention see it.
 */
#include "unit_helpers.h"
#include <errno.h>
#include "retention.h"
#include "tracefile.h"
#include "trust.h"

/* trust_parent_of() of "<@dir>/<@sub>/x.itr" after chmod @mode. */
static int parent_with_mode(const char *dir, const char *sub, mode_t mode)
{
	char *d = path_join(dir, sub), *file = path_join(d, "x.itr");
	int ret;

	mkdir(d, 0700);
	assert_int_equal(chmod(d, mode), 0);
	ret = trust_parent_of(file);
	free(file);
	free(d);
	return ret;
}

static void test_modes(void **state)
{
	const char *dir = *state;

	assert_int_equal(parent_with_mode(dir, "private", 0700), 0);
	assert_int_equal(parent_with_mode(dir, "readable", 0755), 0);
	assert_int_equal(parent_with_mode(dir, "groupw", 0770), -EPERM);
	assert_int_equal(parent_with_mode(dir, "worldw", 0777), -EPERM);
	/* sticky: others cannot remove or rename what is ours (like /tmp) */
	assert_int_equal(parent_with_mode(dir, "sticky", 01777), 0);
}

static void test_not_a_directory(void **state)
{
	const char *dir = *state;
	char *link = path_join(dir, "link"), *real = path_join(dir, "real");
	char *in_link = path_join(link, "x.itr"), *file = path_join(dir, "file");
	char *in_file = path_join(file, "x.itr"), *gone = path_join(dir, "gone/x.itr");

	assert_int_equal(mkdir(real, 0700), 0);
	assert_int_equal(symlink(real, link), 0);
	spew(file, "x", 1);
	assert_int_equal(trust_parent_of(in_link), -ELOOP);
	assert_int_equal(trust_parent_of(in_file), -ENOTDIR);
	assert_int_equal(trust_parent_of(gone), -ENOENT);
	free(link);
	free(real);
	free(in_link);
	free(file);
	free(in_file);
	free(gone);
}

static void test_owner(void **state)
{
	struct stat st = { .st_mode = S_IFDIR | 0700, .st_uid = geteuid() };

	(void)state;
	assert_true(trust_owner(&st));
	assert_int_equal(trust_dir(&st), 0);
	st.st_uid = 0;
	assert_true(trust_owner(&st));
	/* someone else's directory, even private, could be swapped by them */
	st.st_uid = geteuid() == 12345 ? 12346 : 12345;
	assert_false(trust_owner(&st));
	assert_int_equal(trust_dir(&st), -EPERM);
}

/* The writer and retention refuse the same directory for the same reason. */
static void test_users_agree(void **state)
{
	struct retention_limits lim = { .max_total_bytes = 1 };
	char *d = path_join(*state, "shared"), *file = path_join(d, "inputtrace-x.itr");
	struct tracefile_writer *w;

	assert_int_equal(mkdir(d, 0700), 0);
	assert_int_equal(chmod(d, 0777), 0);
	assert_int_equal(tracefile_create(file, NULL, NULL, &w), -EPERM);
	assert_int_equal(access(file, F_OK), -1);
	assert_int_equal(retention_apply(d, NULL, &lim, 0, NULL, NULL), -EPERM);
	assert_int_equal(chmod(d, 0700), 0);
	assert_int_equal(tracefile_create(file, NULL, NULL, &w), 0);
	tracefile_abort(w, true);
	assert_int_equal(retention_apply(d, NULL, &lim, 0, NULL, NULL), 0);
	free(file);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_modes, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_not_a_directory, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_owner, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_users_agree, tmpdir_setup, tmpdir_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/* test_filter.c - --types/--codes/--device parsing, good and bad input. */
#include "unit_helpers.h"
#include <errno.h>
#include <sys/sysmacros.h>
#include <linux/input.h>
#include "filter.h"

static void test_types_good(void **state)
{
	struct filter_opts f = { 0 };
	char err[128];

	(void)state;
	assert_int_equal(filter_parse_types(&f, "key,rel,abs", err, sizeof(err)), 0);
	assert_int_equal(f.types, 1u << EV_KEY | 1u << EV_REL | 1u << EV_ABS);
	assert_int_equal(filter_parse_types(&f, "EV_MSC,Sw,0", err, sizeof(err)), 0);
	assert_int_equal(f.types, 1u << EV_KEY | 1u << EV_REL | 1u << EV_ABS |
			 1u << EV_MSC | 1u << EV_SW | 1u << EV_SYN);
	memset(&f, 0, sizeof(f));
	assert_int_equal(filter_parse_types(&f, "31", err, sizeof(err)), 0);
	assert_int_equal(f.types, 1u << 31);
}

static void test_types_bad(void **state)
{
	static const char *const bad[] = {
		"", "foo", "key,", ",key", "key,,rel", "32", "-1", "1x", " 1",
		"EV_", "EV_KEYS", "0x1", "key rel",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	struct filter_opts f = { .types = 1u << EV_LED };
	char err[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(filter_parse_types(&f, bad[i], err, sizeof(err)), -EINVAL);
		assert_non_null(strstr(err, "--types"));
		assert_int_equal(f.types, 1u << EV_LED);	/* unchanged */
	}
	/* partial success is no success */
	assert_int_equal(filter_parse_types(&f, "key,bogus", err, sizeof(err)), -EINVAL);
	assert_int_equal(f.types, 1u << EV_LED);
}

static void test_codes_good(void **state)
{
	struct filter_opts f = { 0 };
	char err[128];

	(void)state;
	assert_int_equal(filter_parse_codes(&f, "KEY_A,BTN_LEFT,REL_X,1:30,key:KEY_B,abs:0,syn_report",
					    err, sizeof(err)), 0);
	assert_int_equal(f.ncodes, 6);	/* 1:30 is KEY_A again */
	assert_int_equal(f.codes[0].type, EV_KEY);
	assert_int_equal(f.codes[0].code, KEY_A);
	assert_int_equal(f.codes[1].code, BTN_LEFT);
	assert_int_equal(f.codes[2].type, EV_REL);
	assert_int_equal(f.codes[2].code, REL_X);
	assert_int_equal(f.codes[3].code, KEY_B);
	assert_int_equal(f.codes[4].type, EV_ABS);
	assert_int_equal(f.codes[4].code, ABS_X);
	assert_int_equal(f.codes[5].type, EV_SYN);
	assert_int_equal(f.code_types, 1u << EV_KEY | 1u << EV_REL | 1u << EV_ABS | 1u << EV_SYN);
}

static void test_codes_bad(void **state)
{
	static const char *const bad[] = {
		"", "KEY_NOPE", "30", "1:99999", "1:1000", "rel:KEY_A", "1:", ":30",
		"KEY_A,", "zz:1", "1:-1", "EV_KEY", "17:99", "led:KEY_A",
	};
	struct filter_opts f = { 0 }, before;
	char err[128], list[1024] = "";
	size_t i;

	(void)state;
	assert_int_equal(filter_parse_codes(&f, "KEY_Z", err, sizeof(err)), 0);
	before = f;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(filter_parse_codes(&f, bad[i], err, sizeof(err)), -EINVAL);
		assert_non_null(strstr(err, "--codes"));
		assert_memory_equal(&f, &before, sizeof(f));
	}
	/* too many: all-or-nothing */
	for (i = 0; i < FILTER_MAX_CODES + 1; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s1:%zu",
			 i ? "," : "", i + 100);
	assert_int_equal(filter_parse_codes(&f, list, err, sizeof(err)), -E2BIG);
	assert_memory_equal(&f, &before, sizeof(f));
}

static void test_device(void **state)
{
	struct filter_opts f = { 0 };
	char *dir = tmpdir_new(), *p, err[256];

	(void)state;
	assert_int_equal(filter_parse_device(&f, "3", err, sizeof(err)), 0);
	assert_int_equal(filter_parse_device(&f, "3", err, sizeof(err)), 0);	/* dedup */
	assert_int_equal(filter_parse_device(&f, "1023", err, sizeof(err)), 0);
	assert_int_equal(f.ndevices, 2);
	assert_int_equal(f.devices[0], 3);

	assert_int_equal(filter_parse_device(&f, "1024", err, sizeof(err)), -EINVAL);
	assert_int_equal(filter_parse_device(&f, "3x", err, sizeof(err)), -EINVAL);
	assert_int_equal(filter_parse_device(&f, "", err, sizeof(err)), -EINVAL);
	assert_int_equal(filter_parse_device(&f, "/nonexistent/event3", err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "/nonexistent/event3"));
	assert_int_equal(filter_parse_device(&f, "/dev/null", err, sizeof(err)), -ENODEV);
	assert_non_null(strstr(err, "not an evdev node (char 1:3)"));
	assert_int_equal(filter_parse_device(&f, dir, err, sizeof(err)), -ENODEV);
	assert_int_equal(f.ndevices, 2);

	/* real device nodes, if we may create them */
	p = path_join(dir, "event7");
	if (mknod(p, S_IFCHR | 0600, makedev(13, 64 + 7)) == 0) {
		assert_int_equal(filter_parse_device(&f, p, err, sizeof(err)), 0);
		assert_int_equal(f.devices[2], 7);
		unlink(p);
		assert_int_equal(mknod(p, S_IFCHR | 0600, makedev(13, 63)), 0);	/* mice */
		assert_int_equal(filter_parse_device(&f, p, err, sizeof(err)), -ENODEV);
	}
	free(p);

	assert_int_equal(filter_evdev_num(makedev(13, 64)), 0);
	assert_int_equal(filter_evdev_num(makedev(13, 95)), 31);
	assert_int_equal(filter_evdev_num(makedev(13, 96)), -ENODEV);
	assert_int_equal(filter_evdev_num(makedev(13, 300)), 300);
	assert_int_equal(filter_evdev_num(makedev(13, 32)), -ENODEV);
	assert_int_equal(filter_evdev_num(makedev(4, 64)), -ENODEV);
	tmpdir_free(dir);
}

static void test_device_limit(void **state)
{
	struct filter_opts f = { 0 };
	char err[128], num[16];
	int i;

	(void)state;
	for (i = 0; i < FILTER_MAX_DEVICES; i++) {
		snprintf(num, sizeof(num), "%d", i);
		assert_int_equal(filter_parse_device(&f, num, err, sizeof(err)), 0);
	}
	assert_int_equal(filter_parse_device(&f, "999", err, sizeof(err)), -E2BIG);
	assert_int_equal(f.ndevices, FILTER_MAX_DEVICES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types_good),
		cmocka_unit_test(test_types_bad),
		cmocka_unit_test(test_codes_good),
		cmocka_unit_test(test_codes_bad),
		cmocka_unit_test(test_device),
		cmocka_unit_test(test_device_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

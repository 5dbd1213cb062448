// SPDX-License-Identifier: GPL-2.0
/* test_cli.c - record option parsing, number parsers and dispatch. */
#include "unit_helpers.h"
#include <errno.h>
#include <linux/input.h>
#include "cli.h"
#include "commands.h"

static struct record_opts opts;
static char *dir;

static int parse(int argc, char **argv)
{
	return record_parse_args(argc, argv, &opts);
}

/* Parse a NULL-terminated argument list (argv[0] = "record"). */
static int run(char **out, char **err, ...)
{
	char *argv[32] = { "record" };
	int argc = 1, rc;
	va_list ap;

	va_start(ap, err);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	rc = capture(dir, parse, argc, argv, out, err);
	return rc;
}

static int setup(void **state)
{
	(void)state;
	dir = tmpdir_new();
	memset(&opts, 0, sizeof(opts));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tmpdir_free(dir);
	dir = NULL;
	return 0;
}

static void test_defaults_and_full(void **state)
{
	char *out, *err, *file = path_join(dir, "t.itr");

	(void)state;
	assert_int_equal(run(&out, &err, "-o", file, NULL), 0);
	assert_string_equal(err, "");
	assert_string_equal(opts.output, file);
	assert_false(opts.output_is_dir);
	assert_int_equal(opts.sync, TRACEFILE_SYNC_BLOCK);
	assert_int_equal(opts.block_bytes, TRACEFILE_BLOCK_DEFAULT);
	assert_true(opts.compress);
	assert_int_equal(opts.ring_bytes, RECORD_RING_DEFAULT);
	assert_int_equal(opts.duration_ns, 0);
	assert_int_equal(opts.count, 0);
	free(out);
	free(err);

	assert_int_equal(run(&out, &err, "--output", file, "--duration", "1.5",
			     "--count=100", "--types", "key,rel", "--codes", "KEY_A",
			     "--device", "3", "--device=4", "--sync", "none",
			     "--block-size", "128K", "--no-compress", "--ring-size", "1M",
			     "--format-version", "1", "-v", NULL), 0);
	assert_string_equal(err, "");
	assert_int_equal(opts.duration_ns, 1500000000ull);
	assert_int_equal(opts.count, 100);
	assert_int_equal(opts.filter.types, 1u << EV_KEY | 1u << EV_REL);
	assert_int_equal(opts.filter.ncodes, 1);
	assert_int_equal(opts.filter.ndevices, 2);
	assert_int_equal(opts.sync, TRACEFILE_SYNC_NONE);
	assert_int_equal(opts.block_bytes, 128 * 1024);
	assert_false(opts.compress);
	assert_int_equal(opts.format_version, 1);
	assert_int_equal(opts.ring_bytes, 1024 * 1024);
	assert_true(opts.verbose);
	free(out);
	free(err);
	free(file);
}

static void expect_bad(const char *needle, ...)
{
	char *argv[32] = { "record", "-o", NULL };
	char *out, *err, *file = path_join(dir, "t.itr");
	int argc = 3;
	va_list ap;

	argv[2] = file;
	va_start(ap, needle);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	memset(&opts, 0x5a, sizeof(opts));
	assert_int_equal(capture(dir, parse, argc, argv, &out, &err), -EINVAL);
	/* one line, prefixed, naming the problem; opts untouched */
	assert_int_equal(count_lines(err), 1);
	assert_true(strncmp(err, "inputtrace: record: ", 20) == 0);
	if (!strstr(err, needle))
		fail_msg("'%s' not in '%s'", needle, err);
	assert_int_equal(opts.count, 0x5a5a5a5a5a5a5a5aull);
	free(out);
	free(err);
	free(file);
}

static void test_bad_numbers(void **state)
{
	(void)state;
	expect_bad("--count", "--count", "0", NULL);
	expect_bad("--count", "--count", "-1", NULL);
	expect_bad("--count", "--count", "1x", NULL);
	expect_bad("--count", "--count", " 1", NULL);
	expect_bad("--count", "--count", "+1", NULL);
	expect_bad("--count", "--count", "99999999999999999999999", NULL);
	expect_bad("--duration", "--duration", "0", NULL);
	expect_bad("--duration", "--duration", ".5", NULL);
	expect_bad("--duration", "--duration", "1.", NULL);
	expect_bad("--duration", "--duration", "1e3", NULL);
	expect_bad("--duration", "--duration", "nan", NULL);
	expect_bad("--duration", "--duration", "1.0000000001", NULL);
	expect_bad("--duration", "--duration", "99999999999", NULL);
	expect_bad("--block-size", "--block-size", "1K", NULL);
	expect_bad("--block-size", "--block-size", "17M", NULL);
	expect_bad("--block-size", "--block-size", "64Q", NULL);
	expect_bad("--block-size", "--block-size", "64KB", NULL);
	expect_bad("--ring-size", "--ring-size", "3000", NULL);
	expect_bad("--ring-size", "--ring-size", "6K", NULL);
	expect_bad("--ring-size", "--ring-size", "2G", NULL);
	expect_bad("--sync", "--sync", "always", NULL);
	expect_bad("--format-version", "--format-version", "3", NULL);
	expect_bad("--format-version", "--format-version", "0", NULL);
	expect_bad("--types", "--types", "bogus", NULL);
	expect_bad("--codes", "--codes", "KEY_NOPE", NULL);
	expect_bad("--device", "--device", "/dev/null", NULL);
}

static void test_bad_usage(void **state)
{
	char *out, *err, *file = path_join(dir, "exists.itr");

	(void)state;
	expect_bad("unknown option '--frobnicate'", "--frobnicate", NULL);
	expect_bad("unknown option '-x'", "-x", NULL);
	expect_bad("needs an argument", "--count", NULL);
	expect_bad("unexpected argument 'extra'", "extra", NULL);
	expect_bad("exclude", "-v", "-q", NULL);

	assert_int_equal(run(&out, &err, "--count", "5", NULL), -EINVAL);
	assert_non_null(strstr(err, "-o/--output is required"));
	free(out);
	free(err);

	spew(file, "x", 1);
	assert_int_equal(run(&out, &err, "-o", file, NULL), -EINVAL);
	assert_non_null(strstr(err, "already exists"));
	free(out);
	free(err);
	free(file);
}

static void test_help(void **state)
{
	char *out, *err;

	(void)state;
	assert_int_equal(run(&out, &err, "--help", NULL), 1);
	assert_non_null(strstr(out, "Usage: inputtrace record"));
	assert_non_null(strstr(out, "EXAMPLES:"));
	assert_string_equal(err, "");
	free(out);
	free(err);
	assert_int_equal(run(&out, &err, "-o", "x", "-h", NULL), 1);
	free(out);
	free(err);
}

static void test_output_dir(void **state)
{
	char *out, *err, buf[4096], want[4096];
	struct tm tm = { .tm_year = 124, .tm_mon = 1, .tm_mday = 29,
			 .tm_hour = 13, .tm_min = 5, .tm_sec = 9, .tm_isdst = -1 };

	(void)state;
	assert_int_equal(run(&out, &err, "-o", dir, NULL), 0);
	assert_true(opts.output_is_dir);
	assert_int_equal(record_output_path(&opts, mktime(&tm), 4242, 0, buf, sizeof(buf)), 0);
	snprintf(want, sizeof(want), "%s/inputtrace-20240229-130509-4242.itr", dir);
	assert_string_equal(buf, want);
	/* files started by a rotation carry their sequence number */
	assert_int_equal(record_output_path(&opts, mktime(&tm), 4242, 3, buf, sizeof(buf)), 0);
	snprintf(want, sizeof(want), "%s/inputtrace-20240229-130509-4242-3.itr", dir);
	assert_string_equal(buf, want);
	assert_int_equal(record_output_path(&opts, 0, 1, 0, buf, 10), -ENAMETOOLONG);
	free(out);
	free(err);
}

static void test_privacy_options(void **state)
{
	char *out, *err, *file = path_join(dir, "t.itr");

	(void)state;
	assert_int_equal(run(&out, &err, "-o", dir, "--encrypt-to", "k.pub",
			     "--rotate-size", "64K", "--rotate-time", "1.5",
			     "--max-total-size", "1M", "--max-age", "3600", NULL), 0);
	assert_string_equal(opts.encrypt_to, "k.pub");
	assert_false(opts.plaintext);
	assert_int_equal(opts.rotate_bytes, 64 * 1024);
	assert_int_equal(opts.rotate_ns, 1500000000ull);
	assert_int_equal(opts.max_total_bytes, 1024 * 1024);
	assert_true(opts.max_age_ns == 3600ull * 1000000000ull);
	free(out);
	free(err);

	assert_int_equal(run(&out, &err, "-o", file, "--plaintext", NULL), 0);
	assert_true(opts.plaintext);
	assert_int_equal(opts.rotate_bytes, 0);
	free(out);
	free(err);

	/* each mistake: one line, the options untouched */
	memset(&opts, 0, sizeof(opts));
	assert_int_equal(run(&out, &err, "-o", file, "--plaintext",
			     "--encrypt-to", "k.pub", NULL), -EINVAL);
	assert_string_equal(err, "inputtrace: record: --plaintext and --encrypt-to exclude each other\n");
	free(out);
	free(err);
	assert_int_equal(run(&out, &err, "-o", file, "--rotate-size", "1M", NULL), -EINVAL);
	assert_non_null(strstr(err, "need -o DIR"));
	free(out);
	free(err);
	assert_int_equal(run(&out, &err, "-o", file, "--max-age", "10", NULL), -EINVAL);
	assert_non_null(strstr(err, "need -o DIR"));
	free(out);
	free(err);
	assert_int_equal(run(&out, &err, "-o", dir, "--rotate-size", "1k", NULL), -EINVAL);
	assert_string_equal(err, "inputtrace: record: --rotate-size: '1k' is not a size from 4K to 1024G\n");
	free(out);
	free(err);
	assert_int_equal(run(&out, &err, "-o", dir, "--max-age=-1", NULL), -EINVAL);
	assert_string_equal(err, "inputtrace: record: --max-age: '-1' is not a number of seconds > 0 (at most 366 days)\n");
	free(out);
	free(err);
	assert_int_equal(run(&out, &err, "-o", dir, "--rotate-time", "0", NULL), -EINVAL);
	free(out);
	free(err);
	assert_int_equal(run(&out, &err, "-o", dir, "--encrypt-to=", NULL), -EINVAL);
	free(out);
	free(err);
	assert_null(opts.output);
	free(file);
}

/* --on-disk-full: the three actions; rotate needs something to delete. */
static void test_disk_full_option(void **state)
{
	char *out, *err, *file = path_join(dir, "t.itr");

	(void)state;
	assert_int_equal(run(&out, &err, "-o", file, NULL), 0);
	assert_int_equal(opts.on_disk_full, RECORD_DISK_FULL_WAIT);
	free(out);
	free(err);
	assert_int_equal(run(&out, &err, "-o", file, "--on-disk-full", "stop", NULL), 0);
	assert_int_equal(opts.on_disk_full, RECORD_DISK_FULL_STOP);
	free(out);
	free(err);
	assert_int_equal(run(&out, &err, "-o", dir, "--on-disk-full=rotate",
			     "--max-total-size", "1M", NULL), 0);
	assert_int_equal(opts.on_disk_full, RECORD_DISK_FULL_ROTATE);
	free(out);
	free(err);

	memset(&opts, 0, sizeof(opts));
	assert_int_equal(run(&out, &err, "-o", file, "--on-disk-full", "panic", NULL),
			 -EINVAL);
	assert_string_equal(err, "inputtrace: record: --on-disk-full: 'panic' is not wait, stop or rotate\n");
	free(out);
	free(err);
	assert_int_equal(run(&out, &err, "-o", dir, "--on-disk-full", "rotate", NULL),
			 -EINVAL);
	assert_non_null(strstr(err, "--on-disk-full=rotate needs -o DIR and --max-total-size or --max-age"));
	free(out);
	free(err);
	assert_int_equal(run(&out, &err, "-o", file, "--on-disk-full", "rotate", NULL),
			 -EINVAL);
	free(out);
	free(err);
	assert_null(opts.output);
	free(file);
}

static void test_number_parsers(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(cli_parse_u64("18446744073709551615", 0, UINT64_MAX, &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(cli_parse_u64("18446744073709551616", 0, UINT64_MAX, &v), -EINVAL);
	assert_int_equal(cli_parse_u64("5", 6, 9, &v), -ERANGE);
	assert_int_equal(cli_parse_u64("", 0, 9, &v), -EINVAL);
	assert_int_equal(cli_parse_size("4g", 0, UINT64_MAX, &v), 0);
	assert_true(v == 4ull << 30);
	assert_int_equal(cli_parse_size("99999999999999999G", 0, UINT64_MAX, &v), -ERANGE);
	assert_int_equal(cli_parse_duration("0.000000001", &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(cli_parse_duration("10", &v), 0);
	assert_true(v == 10000000000ull);
}

static int fake_a(int argc, char **argv)
{
	return argc == 2 && !strcmp(argv[0], "alpha") && !strcmp(argv[1], "--x") ? 7 : 99;
}

static int dispatch(int argc, char **argv)
{
	static const struct cli_command cmds[] = {
		{ "alpha", fake_a, "first" },
	};

	return cli_dispatch(argc, argv, cmds, 1);
}

static void test_dispatch(void **state)
{
	char *a1[] = { "inputtrace", "alpha", "--x", NULL };
	char *a2[] = { "inputtrace", "--version", NULL };
	char *a3[] = { "inputtrace", "--help", NULL };
	char *a4[] = { "inputtrace", "beta", NULL };
	char *a5[] = { "inputtrace", NULL };
	char *out, *err;

	(void)state;
	assert_int_equal(capture(dir, dispatch, 3, a1, &out, &err), 7);
	free(out); free(err);
	assert_int_equal(capture(dir, dispatch, 2, a2, &out, &err), 0);
	assert_string_equal(out, "inputtrace " INPUTTRACE_VERSION "\n");
	free(out); free(err);
	assert_int_equal(capture(dir, dispatch, 2, a3, &out, &err), 0);
	assert_non_null(strstr(out, "alpha    first"));
	assert_non_null(strstr(out, "EXAMPLES:"));
	free(out); free(err);
	/* an unknown or missing command is a usage error: 2 */
	assert_int_equal(capture(dir, dispatch, 2, a4, &out, &err), CLI_EXIT_USAGE);
	assert_string_equal(err, "inputtrace: unknown command 'beta' (see --help)\n");
	free(out); free(err);
	assert_int_equal(capture(dir, dispatch, 1, a5, &out, &err), CLI_EXIT_USAGE);
	assert_non_null(strstr(err, "Usage:"));
	free(out); free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults_and_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_usage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help, setup, teardown),
		cmocka_unit_test_setup_teardown(test_output_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_privacy_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disk_full_option, setup, teardown),
		cmocka_unit_test_setup_teardown(test_number_parsers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dispatch, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

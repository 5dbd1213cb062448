// SPDX-License-Identifier: GPL-2.0
/*
 * test_report.c - `inputtrace report` on a real recording (the real
 * writer, two rotated files): its JSON figures against the same figures
 * computed by tests/unit/report_check.py from `dump --format json` of the
 * same files; a directory, encrypted with --key; the text form; --plot
 * makes a valid PNG and SVG with gnuplot; bad input is one line and the
 * documented exit status.
 */
#include "report_trace.h"
#include <errno.h>
#include "commands.h"
#include "dump.h"
#include "keyfile.h"
#include "report.h"

static char *save(const char *dir, const char *name, const char *text)
{
	char *p = path_join(dir, name);

	spew(p, text, strlen(text));
	return p;
}

/* report_check.py on dump's JSON of @paths and @report_json: 0 = agree. */
static void check_against_dump(const char *dir, char *const *dump_argv, int dump_argc,
			       const char *report_json)
{
	char *out, *err, *dp, *rp, *cmd;

	assert_int_equal(capture(dir, cmd_dump, dump_argc, (char **)dump_argv, &out, &err), 0);
	assert_string_equal(err, "");
	dp = save(dir, "dump.jsonl", out);
	rp = save(dir, "report.json", report_json);
	assert_true(asprintf(&cmd, "python3 tests/unit/report_check.py '%s' '%s' >&2", dp, rp) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(out);
	free(err);
	free(dp);
	free(rp);
}

static char *mkdir_in(const char *dir, const char *name)
{
	char *p = path_join(dir, name);

	assert_int_equal(mkdir(p, 0700), 0);
	return p;
}

static void json_matches_dump(const char *dir, const char *sub, uint16_t version)
{
	char *rec = mkdir_in(dir, sub), *paths[2], *out, *err;
	char *argv[] = { "report", "--format", "json", rec, NULL };
	char *dump_argv[] = { "dump", "--format", "json", NULL, NULL, NULL };

	write_report_trace_v(rec, NULL, version, paths);
	if (version) {	/* header bytes 8..9: the format version written */
		unsigned char *b = slurp(paths[0], NULL);

		assert_int_equal(b[8] | b[9] << 8, version);
		free(b);
	}
	assert_int_equal(capture(dir, cmd_report, 4, argv, &out, &err), DUMP_OK);
	assert_string_equal(err, "");
	/* the directory is its two files, in name order */
	assert_non_null(strstr(out, "{\"schema\":1,\"files\":[{\"path\":\""));
	assert_true(strstr(out, "000000-1.itr") < strstr(out, "000003-1.itr"));
	/* what the recording was made to show */
	assert_non_null(strstr(out, "\"frames\":2600,\"intervals\":2599,\"gaps\":0,"));
	assert_non_null(strstr(out, "\"peaks_hz\":[1000.000,125.000]"));
	assert_non_null(strstr(out, "\"note\":\"times in 1000000 ns steps: latency below "
			       "1000000 ns is meaningless\""));
	assert_non_null(strstr(out, "{\"source\":\"ring_full\",\"records\":1,\"count\":5,"));
	assert_non_null(strstr(out, "\"lost\":7,\"suppressed\":20}"));
	dump_argv[3] = paths[0];
	dump_argv[4] = paths[1];
	check_against_dump(dir, dump_argv, 5, out);
	free(out);
	free(err);
	free(paths[0]);
	free(paths[1]);
	free(rec);
}

static void test_json_matches_dump(void **state)
{
	json_matches_dump(*state, "rec", 0);
}

/* Records come through the reader API: format version 2 reads the same. */
static void test_json_matches_dump_v2(void **state)
{
	json_matches_dump(*state, "rec2", 2);
}

static void test_encrypted_dir(void **state)
{
	const char *dir = *state;
	char *pub = path_join(dir, "r.pub"), *sec = path_join(dir, "r.key");
	char *pub2 = path_join(dir, "o.pub"), *sec2 = path_join(dir, "o.key");
	char *rec = mkdir_in(dir, "enc"), *paths[2], *out, *err, want[512], msg[256];
	char *argv[] = { "report", "-f", "json", "--key", sec, rec, NULL };
	char *nokey[] = { "report", rec, NULL };
	char *wrong[] = { "report", "-k", sec2, rec, NULL };
	char *dump_argv[] = { "dump", "-f", "json", "-k", sec, NULL, NULL, NULL };
	unsigned char pk[TRACEFILE_KEY_BYTES];

	assert_int_equal(keyfile_write_pair(pub, sec, NULL), 0);
	assert_int_equal(keyfile_write_pair(pub2, sec2, NULL), 0);
	assert_int_equal(keyfile_load_public(pub, pk, msg, sizeof(msg)), 0);
	write_report_trace(rec, pk, paths);
	assert_int_equal(capture(dir, cmd_report, 6, argv, &out, &err), DUMP_OK);
	assert_string_equal(err, "");
	dump_argv[5] = paths[0];
	dump_argv[6] = paths[1];
	check_against_dump(dir, dump_argv, 7, out);
	free(out);
	free(err);

	snprintf(want, sizeof(want), "inputtrace: report: %s: encrypted trace file: its "
		 "secret key is needed (--key)\n", paths[0]);
	assert_int_equal(capture(dir, cmd_report, 2, nokey, &out, &err), DUMP_ERROR);
	assert_string_equal(err, want);
	assert_string_equal(out, "");
	free(out);
	free(err);
	snprintf(want, sizeof(want), "inputtrace: report: %s: the secret key does not open "
		 "this file (sealed to another key)\n", paths[0]);
	assert_int_equal(capture(dir, cmd_report, 4, wrong, &out, &err), DUMP_ERROR);
	assert_string_equal(err, want);
	assert_string_equal(out, "");
	free(out);
	free(err);
	free(paths[0]);
	free(paths[1]);
	free(rec);
	free(pub);
	free(sec);
	free(pub2);
	free(sec2);
}

static void test_text(void **state)
{
	const char *dir = *state;
	char *rec = mkdir_in(dir, "txt"), *paths[2], *out, *err;
	char *argv[] = { "report", NULL, NULL, NULL };

	write_report_trace(rec, NULL, paths);
	argv[1] = paths[0];
	argv[2] = paths[1];
	assert_int_equal(capture(dir, cmd_report, 3, argv, &out, &err), DUMP_OK);
	assert_string_equal(err, "");
	assert_non_null(strstr(out, "2 file(s), 10521 events from 10.008000 to 16.800000 (6.792 s)\n"));
	assert_non_null(strstr(out, "device \"Example Mouse\" event5 bus 0x0006 vendor 0x1234"));
	assert_non_null(strstr(out, "frames 2600, report rate 382.7 Hz (mean interval 2613.3 us over 2599 "
			       "intervals, 0 idle gaps); peaks at 1000 Hz, 125 Hz\n"));
	assert_non_null(strstr(out, "        1000 Hz  840.9 us - 1189.2 us  2000 #####"));
	assert_non_null(strstr(out, "         125 Hz  6727.2 us - 9513.7 us  599 #####"));
	assert_non_null(strstr(out, "reader pid 900 \"gnome-shell\" cgroup 12: 121 events "
			       "(EV_SYN 40, EV_KEY 41, EV_MSC 40)"));
	assert_non_null(strstr(out, "  level redacted (121), quantum 1000000 ns\n"
			       "    note: times in 1000000 ns steps: latency below 1000000 ns "
			       "is meaningless\n"));
	assert_non_null(strstr(out, "\n  ring_full: 5 events lost (1 records, "));
	assert_non_null(strstr(out, "pauses: 2, 20 events suppressed\n"));
	assert_non_null(strstr(out, "  shorter than a poll round, to "));
	free(out);
	free(err);
	free(paths[0]);
	free(paths[1]);
	free(rec);
}

/* A file cut short (no END) still counts, with exit 2 and one line. */
static void test_damaged(void **state)
{
	const char *dir = *state;
	char *p = path_join(dir, "crash.itr"), *out, *err, want[512];
	char *argv[] = { "report", "-f", "json", p, NULL };
	struct tracefile_opts o = { .sync = TRACEFILE_SYNC_NONE };
	struct tracefile_writer *w;
	struct trace_record r = mk_event(1000, 1, EV_KEY, KEY_A, 1);

	assert_int_equal(tracefile_create(p, NULL, &o, &w), 0);
	assert_int_equal(tracefile_append(w, &r), 0);
	assert_int_equal(tracefile_flush(w), 0);
	tracefile_abort(w, false);
	assert_int_equal(capture(dir, cmd_report, 4, argv, &out, &err), DUMP_DAMAGED);
	snprintf(want, sizeof(want), "inputtrace: report: %s: no END block (recording crashed "
		 "or still running)\n", p);
	assert_string_equal(err, want);
	assert_non_null(strstr(out, "\"events\":1,"));
	assert_non_null(strstr(out, "\"end\":false}"));
	assert_non_null(strstr(out, "\"dev_id\":1,\"name\":null,"));
	free(out);
	free(err);
	free(p);
}

/* report fails with exactly @want on stderr, status @status, no output. */
static void expect_error(const char *dir, int status, int argc, char **argv, const char *want)
{
	char *out, *err;

	assert_int_equal(capture(dir, cmd_report, argc, argv, &out, &err), status);
	assert_string_equal(err, want);
	assert_string_equal(out, "");
	free(out);
	free(err);
}

static void test_bad_input(void **state)
{
	const char *dir = *state;
	char *empty = mkdir_in(dir, "empty"), *missing = path_join(dir, "missing.itr");
	char *junk = path_join(dir, "junk.itr"), want[512];
	char *a_none[] = { "report", NULL };
	char *a_fmt[] = { "report", "--format", "xml", missing, NULL };
	char *a_plot[] = { "report", "--plot", "x.jpg", missing, NULL };
	char *a_missing[] = { "report", missing, NULL };
	char *a_empty[] = { "report", empty, NULL };
	char *a_junk[] = { "report", junk, NULL };
	char *a_opt[] = { "report", "--frobnicate", missing, NULL };

	spew(junk, "not a trace file at all", 23);
	expect_error(dir, 1, 1, a_none, "inputtrace: report: no trace file given (see --help)\n");
	expect_error(dir, 1, 4, a_fmt, "inputtrace: report: unknown format 'xml' (text or json)\n");
	expect_error(dir, 1, 4, a_plot, "inputtrace: report: --plot 'x.jpg': the name must end "
		     "in .png or .svg\n");
	snprintf(want, sizeof(want), "inputtrace: report: %s: No such file or directory\n",
		 missing);
	expect_error(dir, 1, 2, a_missing, want);
	snprintf(want, sizeof(want), "inputtrace: report: no inputtrace-*.itr file in %s\n",
		 empty);
	expect_error(dir, 1, 2, a_empty, want);
	snprintf(want, sizeof(want), "inputtrace: report: %s: not an inputtrace trace file\n",
		 junk);
	expect_error(dir, 1, 2, a_junk, want);
	expect_error(dir, 1, 3, a_opt, "inputtrace: report: unknown option '--frobnicate' "
		     "(see --help)\n");
	free(empty);
	free(missing);
	free(junk);
}

/* The first bytes of @path: PNG signature and IHDR of the 1000x900 plot. */
static void check_png(const char *path)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	size_t len;
	unsigned char *b = slurp(path, &len);

	assert_true(len > 33);
	assert_memory_equal(b, sig, 8);
	assert_memory_equal(b + 8, "\0\0\0\x0dIHDR", 8);
	assert_int_equal(b[16] << 24 | b[17] << 16 | b[18] << 8 | b[19], 1000);
	assert_int_equal(b[20] << 24 | b[21] << 16 | b[22] << 8 | b[23], 900);
	free(b);
}

static void test_plot(void **state)
{
	const char *dir = *state;
	char *rec = mkdir_in(dir, "plot"), *paths[2], *out, *err, *cmd;
	char *png = path_join(dir, "r.png"), *svg = path_join(dir, "r.svg");
	char *a_png[] = { "report", "--plot", png, rec, NULL };
	char *a_svg[] = { "report", "-f", "json", "-p", svg, rec, NULL };
	char *old_path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	char *nobin = mkdir_in(dir, "nobin");

	write_report_trace(rec, NULL, paths);
	assert_int_equal(capture(dir, cmd_report, 4, a_png, &out, &err), DUMP_OK);
	assert_string_equal(err, "");
	assert_non_null(strstr(out, "report rate"));
	check_png(png);
	free(out);
	free(err);
	assert_int_equal(capture(dir, cmd_report, 6, a_svg, &out, &err), DUMP_OK);
	assert_string_equal(err, "");
	assert_true(asprintf(&cmd, "python3 -c 'import sys, xml.etree.ElementTree as E; "
			     "r = E.parse(sys.argv[1]).getroot(); "
			     "sys.exit(r.tag != \"{http://www.w3.org/2000/svg}svg\")' '%s'",
			     svg) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(out);
	free(err);

	/* without gnuplot: one line that says what to install, status 1 */
	unlink(png);
	setenv("PATH", nobin, 1);
	assert_int_equal(capture(dir, cmd_report, 4, a_png, &out, &err), DUMP_ERROR);
	if (old_path)
		setenv("PATH", old_path, 1);
	assert_string_equal(err, "inputtrace: report: --plot needs gnuplot, which is not "
			    "installed (Debian: apt install gnuplot-nox)\n");
	assert_int_equal(access(png, F_OK), -1);
	free(out);
	free(err);
	free(old_path);
	free(nobin);
	free(png);
	free(svg);
	free(paths[0]);
	free(paths[1]);
	free(rec);
}

/*
 * More readers than the plot draws (the 12 with the most events), one
 * with no positive latency (a log axis has no place for it): still a plot.
 */
static void test_plot_many_readers(void **state)
{
	const char *dir = *state;
	char *p = path_join(dir, "many.itr"), *png = path_join(dir, "many.png"), *out, *err;
	char *argv[] = { "report", "--plot", png, p, NULL };
	struct tracefile_opts o = { .sync = TRACEFILE_SYNC_NONE };
	struct tracefile_writer *w;
	struct trace_record r;
	int i, k;

	assert_int_equal(tracefile_create(p, NULL, &o, &w), 0);
	for (k = 0; k < 20; k++)
		for (i = 0; i <= k; i++) {
			r = mk_event(1000000000ll + i * 1000000, 1, EV_SYN, SYN_REPORT, 0);
			r.ev.tgid = 100 + k;
			r.ev.read_ns = k ? r.ev.head.time_ns + 1000 * (i + 1) : r.ev.head.time_ns - 5;
			assert_int_equal(tracefile_append(w, &r), 0);
		}
	assert_int_equal(tracefile_close(w), 0);
	assert_int_equal(capture(dir, cmd_report, 4, argv, &out, &err), DUMP_OK);
	assert_string_equal(err, "");
	assert_non_null(strstr(out, "reader pid 100 \"evread\" cgroup 1234: 1 events (EV_SYN 1)"));
	check_png(png);
	free(out);
	free(err);
	free(png);
	free(p);
}

static void test_help(void **state)
{
	const char *dir = *state;
	char *argv[] = { "report", "--help", NULL }, *out, *err;

	assert_int_equal(capture(dir, cmd_report, 2, argv, &out, &err), 0);
	assert_non_null(strstr(out, "Usage: inputtrace report"));
	assert_non_null(strstr(out, "EXAMPLES:"));
	free(out);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_matches_dump),
		cmocka_unit_test(test_json_matches_dump_v2),
		cmocka_unit_test(test_encrypted_dir),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_plot),
		cmocka_unit_test(test_plot_many_readers),
		cmocka_unit_test(test_help),
	};

	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * test_dump.c - `inputtrace dump` on real trace files: JSON Lines and
 * text output, escaping of hostile device names, late DEVICE records,
 * damage reporting and exit status, encrypted files and --key.
 */
#include "unit_helpers.h"
#include <errno.h>
#include <linux/input.h>
#include "commands.h"
#include "dump.h"
#include "keyfile.h"
#include "tracefile.h"

#define EVIL_NAME	"Evil \"Kbd\"\\\n\x01\xff \xc3\xa9 \xc2\x85 end"
#define EVIL_JSON	"Evil \\\"Kbd\\\"\\\\\\u000a\\u0001\\u00ff \xc3\xa9 \\u0085 end"

/* The DEVICE record comes after the device's first event, as it can
 * when per-CPU rings are drained. */
static char *write_sample_to(const char *dir, const char *name, bool close_it,
			     const unsigned char *pk)
{
	struct tracefile_opts o = { .compress = true, .sync = TRACEFILE_SYNC_NONE,
				    .recipient_pk = pk };
	struct tracefile_writer *w;
	struct trace_record r[7];
	char *path = path_join(dir, name);
	int i;

	r[0] = mk_event(12345678000ull, 1, EV_KEY, KEY_A, 1);
	r[0].ev.read_ns = 12345798000ull;
	r[1] = mk_device(12345679000ull, 1, 3, EVIL_NAME);
	r[2] = mk_event(12345680000ull, 1, EV_KEY, INPUTTRACE_KC_LETTER, 0);
	r[2].ev.flags = INPUTTRACE_EV_REDACTED;
	r[2].ev.level = INPUTTRACE_LEVEL_REDACTED;
	r[2].ev.quantum_ns = 1000;
	r[3] = mk_event(12345681000ull, 1, EV_MSC, MSC_SCAN, 0);
	r[3].ev.flags = INPUTTRACE_EV_VALUE_CLEARED;
	r[4] = mk_loss(12345682000ull, INPUTTRACE_LOSS_RING_FULL, 0, 5);
	r[5] = mk_event(12345683000ull, 9, EV_SYN, SYN_REPORT, 0);
	r[6] = mk_pause(12345684000ull, 12345600000ull, 17);
	assert_int_equal(tracefile_create(path, NULL, &o, &w), 0);
	for (i = 0; i < 7; i++)
		assert_int_equal(tracefile_append(w, &r[i]), 0);
	if (close_it)
		assert_int_equal(tracefile_close(w), 0);
	else
		tracefile_abort(w, false);
	return path;
}

static char *write_sample(const char *dir, const char *name, bool close_it)
{
	return write_sample_to(dir, name, close_it, NULL);
}

static const char *const json_lines[] = {
	"{\"kind\":\"event\",\"time_ns\":12345678000,\"read_ns\":12345798000,"
	"\"latency_ns\":120000,\"dev_id\":1,\"device\":\"" EVIL_JSON "\",\"type\":1,"
	"\"type_name\":\"EV_KEY\",\"code\":30,\"code_name\":\"KEY_A\",\"value\":1,"
	"\"pid\":4242,\"tid\":4243,\"comm\":\"evread\",\"cgroup_id\":1234,\"cpu\":1,"
	"\"clock\":\"monotonic\",\"level\":\"full\",\"redacted\":false,"
	"\"value_cleared\":false,\"quantum_ns\":0}",
	"{\"kind\":\"device\",\"time_ns\":12345679000,\"dev_id\":1,\"name\":\"" EVIL_JSON "\","
	"\"phys\":\"py-evdev/input0\",\"uniq\":\"\",\"minor\":3,\"bustype\":6,"
	"\"vendor\":4660,\"product\":22136,\"version\":1}",
	"{\"kind\":\"event\",\"time_ns\":12345680000,\"read_ns\":12345681000,"
	"\"latency_ns\":1000,\"dev_id\":1,\"device\":\"" EVIL_JSON "\",\"type\":1,"
	"\"type_name\":\"EV_KEY\",\"code\":1,\"code_name\":\"letter\",\"key_class\":\"letter\","
	"\"value\":0,\"pid\":4242,\"tid\":4243,\"comm\":\"evread\",\"cgroup_id\":1234,\"cpu\":1,"
	"\"clock\":\"monotonic\",\"level\":\"redacted\",\"redacted\":true,"
	"\"value_cleared\":false,\"quantum_ns\":1000}",
	NULL,	/* MSC_SCAN: checked by pieces */
	"{\"kind\":\"loss\",\"time_ns\":12345682000,\"source\":\"ring_full\",\"cpu\":0,\"count\":5}",
	NULL,	/* unknown device */
	"{\"kind\":\"pause\",\"time_ns\":12345684000,\"since_ns\":12345600000,\"count\":17}",
};

static void test_json(void **state)
{
	const char *dir = *state;
	char *path = write_sample(dir, "a.itr", true), *outp = path_join(dir, "out");
	char *errp = path_join(dir, "err"), *text, *line, *save = NULL;
	FILE *out = fopen(outp, "w"), *err = fopen(errp, "w");
	int i = 0;

	assert_int_equal(dump_file(out, err, path, DUMP_JSON, NULL), DUMP_OK);
	fclose(out);
	fclose(err);
	text = (char *)slurp(outp, NULL);
	assert_int_equal(count_lines(text), 7);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save), i++) {
		if (json_lines[i])
			assert_string_equal(line, json_lines[i]);
	}
	free(text);
	text = (char *)slurp(outp, NULL);
	assert_non_null(strstr(text, "\"code_name\":\"MSC_SCAN\",\"value\":0,"));
	assert_non_null(strstr(text, "\"value_cleared\":true,\"quantum_ns\":0}"));
	assert_non_null(strstr(text, "\"dev_id\":9,\"device\":null,\"type\":0,"
			       "\"type_name\":\"EV_SYN\",\"code\":0,\"code_name\":\"SYN_REPORT\""));
	free(text);
	text = (char *)slurp(errp, NULL);
	assert_string_equal(text, "");
	free(text);
	free(path);
	free(outp);
	free(errp);
}

static void test_text_and_cmd(void **state)
{
	const char *dir = *state;
	char *path = write_sample(dir, "b.itr", true), *out, *err;
	char *argv[] = { "dump", path, NULL };

	assert_int_equal(capture(dir, cmd_dump, 2, argv, &out, &err), 0);
	assert_string_equal(err, "");
	assert_int_equal(count_lines(out), 7 + 2);	/* + 2 header comment lines */
	assert_non_null(strstr(out, "\n12.345678 +0.000120 event3 \"Evil \\\"Kbd\\\"\\\\\\x0a\\x01\\xff "
			       "\xc3\xa9 \\x85 end\" pid 4242 evread cg 1234: type 1 (EV_KEY), "
			       "code 30 (KEY_A), value 1\n"));
	assert_non_null(strstr(out, "code redacted (letter), value 0 (times in 1000 ns steps)\n"));
	assert_non_null(strstr(out, "12.345684 pause since 12.345600 suppressed 17\n"));
	assert_non_null(strstr(out, "code 4 (MSC_SCAN), value withheld\n"));
	assert_non_null(strstr(out, "12.345682 loss ring_full cpu 0 count 5\n"));
	assert_non_null(strstr(out, " dev#9 \"?\" pid 4242"));
	assert_non_null(strstr(out, "# cmdline \"\"\n"));
	free(out);
	free(err);
	free(path);
}

static void test_damage_and_status(void **state)
{
	const char *dir = *state;
	char *good = write_sample(dir, "c.itr", true);
	char *crash = write_sample(dir, "d.itr", false);
	char *missing = path_join(dir, "nope.itr"), *junk = path_join(dir, "junk");
	char *argv[] = { "dump", "--format", "json", good, crash, NULL };
	char *argv2[] = { "dump", missing, good, NULL };
	char *argv3[] = { "dump", junk, NULL };
	char *argv4[] = { "dump", "--format", "xml", good, NULL };
	char *argv5[] = { "dump", NULL };
	char *argv6[] = { "dump", "--bogus", good, NULL };
	char *out, *err, want[512];
	unsigned char *b;
	size_t size;

	/* crashed before the only block was sealed: header only, no END */
	assert_int_equal(capture(dir, cmd_dump, 5, argv, &out, &err), DUMP_DAMAGED);
	assert_int_equal(count_lines(out), 7);
	snprintf(want, sizeof(want), "inputtrace: dump: %s: no END block", crash);
	assert_non_null(strstr(err, want));
	free(out);
	free(err);

	/* corrupt the middle of the good file */
	b = slurp(good, &size);
	b[size - 40] ^= 0xff;
	unlink(good);
	spew(good, b, size);
	free(b);
	argv[4] = good;
	assert_int_equal(capture(dir, cmd_dump, 4, argv, &out, &err), DUMP_DAMAGED);
	assert_non_null(strstr(out, "{\"kind\":\"damage\",\"offset\":"));
	snprintf(want, sizeof(want), "inputtrace: dump: %s: damaged range at offset ", good);
	assert_non_null(strstr(err, want));
	free(out);
	free(err);

	/* unreadable beats damaged */
	assert_int_equal(capture(dir, cmd_dump, 3, argv2, &out, &err), DUMP_ERROR);
	snprintf(want, sizeof(want), "inputtrace: dump: %s: No such file or directory\n", missing);
	assert_true(strncmp(err, want, strlen(want)) == 0);
	free(out);
	free(err);

	spew(junk, "hello world, not a trace", 24);
	assert_int_equal(capture(dir, cmd_dump, 2, argv3, &out, &err), DUMP_ERROR);
	snprintf(want, sizeof(want), "inputtrace: dump: %s: not an inputtrace trace file\n", junk);
	assert_string_equal(err, want);
	free(out);
	free(err);

	assert_int_equal(capture(dir, cmd_dump, 4, argv4, &out, &err), DUMP_ERROR);
	assert_string_equal(err, "inputtrace: dump: unknown format 'xml' (text or json)\n");
	free(out);
	free(err);
	assert_int_equal(capture(dir, cmd_dump, 1, argv5, &out, &err), DUMP_ERROR);
	assert_int_equal(count_lines(err), 1);
	free(out);
	free(err);
	assert_int_equal(capture(dir, cmd_dump, 3, argv6, &out, &err), DUMP_ERROR);
	assert_string_equal(err, "inputtrace: dump: unknown option '--bogus' (see --help)\n");
	free(out);
	free(err);

	free(good);
	free(crash);
	free(missing);
	free(junk);
}

/* cmd_dump fails with exactly @want on stderr and prints nothing. */
static void expect_one_error(const char *dir, int argc, char **argv, const char *want)
{
	char *out, *err;

	assert_int_equal(capture(dir, cmd_dump, argc, argv, &out, &err), DUMP_ERROR);
	assert_string_equal(err, want);
	assert_string_equal(out, "");
	free(out);
	free(err);
}

/* Same records, same output; only the header says "encrypted". */
static void test_encrypted(void **state)
{
	const char *dir = *state;
	char *pub = path_join(dir, "r.pub"), *sec = path_join(dir, "r.key");
	char *pub2 = path_join(dir, "o.pub"), *sec2 = path_join(dir, "o.key");
	char *plain = write_sample(dir, "p.itr", true), *enc, *out, *err, *ref, *pubtext;
	char want[512], msg[256];
	char *a_plain[] = { "dump", "-f", "json", plain, NULL };
	char *a_json[] = { "dump", "-f", "json", "--key", sec, NULL, NULL };
	char *a_text[] = { "dump", "-k", sec, NULL, NULL };
	char *a_nokey[] = { "dump", NULL, NULL };
	char *a_wrong[] = { "dump", "--key", sec2, NULL, NULL };
	unsigned char pk[TRACEFILE_KEY_BYTES];

	assert_int_equal(keyfile_write_pair(pub, sec, NULL), 0);
	assert_int_equal(keyfile_write_pair(pub2, sec2, NULL), 0);
	assert_int_equal(keyfile_load_public(pub, pk, msg, sizeof(msg)), 0);
	enc = write_sample_to(dir, "e.itr", true, pk);
	a_json[5] = a_text[3] = a_nokey[1] = a_wrong[3] = enc;

	assert_int_equal(capture(dir, cmd_dump, 4, a_plain, &ref, &err), 0);
	free(err);
	assert_int_equal(capture(dir, cmd_dump, 6, a_json, &out, &err), 0);
	assert_string_equal(out, ref);
	assert_string_equal(err, "");
	free(out);
	free(err);
	free(ref);

	assert_int_equal(capture(dir, cmd_dump, 4, a_text, &out, &err), 0);
	assert_int_equal(count_lines(out), 7 + 3);
	pubtext = (char *)slurp(pub, NULL);
	snprintf(want, sizeof(want), "\n# encrypted to %s", pubtext);
	assert_non_null(strstr(out, want));
	assert_non_null(strstr(out, "code 30 (KEY_A), value 1\n"));
	free(pubtext);
	free(out);
	free(err);

	snprintf(want, sizeof(want), "inputtrace: dump: %s: encrypted trace file: its "
		 "secret key is needed (--key)\n", enc);
	expect_one_error(dir, 2, a_nokey, want);
	snprintf(want, sizeof(want), "inputtrace: dump: %s: the secret key does not open "
		 "this file (sealed to another key)\n", enc);
	expect_one_error(dir, 4, a_wrong, want);

	free(pub);
	free(sec);
	free(pub2);
	free(sec2);
	free(plain);
	free(enc);
}

/* What dump_print_caps() prints, through the file @path. */
static char *caps_printed(const char *path, const struct inputtrace_caps *c, bool json)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	dump_print_caps(f, c, json);
	fclose(f);
	return (char *)slurp(path, NULL);
}

/* A CAPS record, text and JSON: every part of it, named and numbered. */
static void test_caps(void **state)
{
	static const char text[] =
		" caps 4 EV_KEY[KEY_A BTN_LEFT] EV_ABS[ABS_X ABS_MT_SLOT] EV_LED[LED_NUML]"
		" axes ABS_X(-5..1919 fuzz 1 flat 2 res 20 value 7)"
		" ABS_MT_SLOT(0..4 fuzz 0 flat 0 res 0 value 0)"
		" props[INPUT_PROP_POINTER INPUT_PROP_BUTTONPAD] rep 250/33\n";
	static const char json[] =
		"{\"kind\":\"caps\",\"time_ns\":1500000,\"dev_id\":4,\"types\":[0,1,3,17,20],"
		"\"codes\":{\"1\":[30,272],\"3\":[0,47],\"17\":[0]},\"absinfo\":{"
		"\"0\":{\"value\":7,\"minimum\":-5,\"maximum\":1919,\"fuzz\":1,\"flat\":2,"
		"\"resolution\":20},\"47\":{\"value\":0,\"minimum\":0,\"maximum\":4,"
		"\"fuzz\":0,\"flat\":0,\"resolution\":0}},\"properties\":[0,2],"
		"\"rep_delay\":250,\"rep_period\":33}\n";
	struct inputtrace_caps c;
	char *outp = path_join(*state, "caps.out"), *got;

	memset(&c, 0, sizeof(c));
	c.head.time_ns = 1500000;
	c.head.dev_id = 4;
	c.evbit[0] = 1u << EV_SYN | 1u << EV_KEY | 1u << EV_ABS | 1u << EV_LED | 1u << EV_REP;
	c.keybit[KEY_A / 64] |= 1ull << KEY_A % 64;
	c.keybit[BTN_LEFT / 64] |= 1ull << BTN_LEFT % 64;
	c.absbit[0] = 1ull << ABS_X | 1ull << ABS_MT_SLOT;
	c.ledbit[0] = 1u << LED_NUML;
	c.relbit[0] = 1u << REL_X;	/* no EV_REL: not shown */
	c.propbit[0] = 1u << INPUT_PROP_POINTER | 1u << INPUT_PROP_BUTTONPAD;
	c.absinfo[ABS_X] = (struct inputtrace_absinfo){ 7, -5, 1919, 1, 2, 20 };
	c.absinfo[ABS_MT_SLOT].maximum = 4;
	c.rep_delay = 250;
	c.rep_period = 33;
	got = caps_printed(outp, &c, false);
	assert_string_equal(got, text);
	free(got);
	got = caps_printed(outp, &c, true);
	assert_string_equal(got, json);
	free(got);
	free(outp);
}

static void test_help(void **state)
{
	const char *dir = *state;
	char *argv[] = { "dump", "--help", NULL }, *out, *err;

	assert_int_equal(capture(dir, cmd_dump, 2, argv, &out, &err), 0);
	assert_non_null(strstr(out, "Usage: inputtrace dump"));
	assert_non_null(strstr(out, "EXAMPLES:"));
	free(out);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_text_and_cmd),
		cmocka_unit_test(test_damage_and_status),
		cmocka_unit_test(test_encrypted),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_help),
	};

	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * test_format_versions.c - version 1 and version 2 files written from the
 * same records read back as the same records, and `inputtrace dump`
 * prints them identically as text and as JSON: v2 is an encoding, never
 * a change of what a trace says.
 */
#include "unit_helpers.h"
#include <linux/input.h>
#include "commands.h"
#include "record_codec_v2.h"
#include "tracefile.h"

#define NREC	3000	/* many blocks of 4 KiB in either version */

/*
 * Record @i of a stream that exercises what v2 packs: more reader tasks
 * than a block's context table holds, several devices and CPUs, clocks
 * that go backwards, negative latencies and values, every kind.
 */
static struct trace_record stream_record(int i)
{
	static const int32_t values[] = {
		0, 1, -1, 63, 64, -64, -65, 127, 128, INT32_MAX, INT32_MIN, 0x5a17c0de,
	};
	struct trace_record r;
	uint64_t t = 1000000000ull + (uint64_t)i * 997;

	if (i % 500 == 0)
		return mk_device(t, 1 + i / 500 % 3, 64 + i / 500, "Keyboard \"v2\"");
	if (i % 211 == 7)
		return mk_loss(t, INPUTTRACE_LOSS_RING_FULL, i % 4, (uint64_t)i << 40);
	if (i % 401 == 9)
		return mk_pause(t, t - 5000, i);
	/* a reordered record now and then: time goes backwards */
	if (i % 13 == 5)
		t -= 50000;
	r = mk_event(t, 1 + i % 3, i % 7 == 0 ? EV_SYN : EV_KEY,
		     i % 7 == 0 ? SYN_REPORT : KEY_A + i % 20, values[i % 12]);
	r.ev.pid += i % 90;		/* > RC2_CTX_MAX tasks */
	r.ev.cpu = i % 5;
	if (i % 17 == 3)
		r.ev.read_ns = t - 10;	/* reader clock behind */
	if (i % 29 == 0) {
		r.ev.level = INPUTTRACE_LEVEL_REDACTED;
		r.ev.flags = INPUTTRACE_EV_REDACTED;
		r.ev.quantum_ns = 1000000;
	}
	if (i == NREC - 1)
		r.ev.head.time_ns = UINT64_MAX - 1;
	return r;
}

static char *write_version(const char *dir, uint16_t version, bool compress)
{
	struct tracefile_opts o = { .block_bytes = 4096, .compress = compress,
				    .sync = TRACEFILE_SYNC_NONE, .version = version };
	struct tracefile_writer *w;
	char name[32], *path;
	int i;

	snprintf(name, sizeof(name), "v%u%s.itr", version, compress ? "z" : "");
	path = path_join(dir, name);
	assert_int_equal(tracefile_create(path, NULL, &o, &w), 0);
	for (i = 0; i < NREC; i++) {
		struct trace_record r = stream_record(i);

		assert_int_equal(tracefile_append(w, &r), 0);
	}
	assert_int_equal(tracefile_close(w), 0);
	return path;
}

/* Every record back, identical to what was written, in order; no damage. */
static void assert_reads_stream(const char *path, uint16_t version)
{
	struct tracefile_reader *r;
	struct trace_record rec, want;
	int i = 0, rc;

	assert_int_equal(tracefile_open(path, &r), 0);
	assert_int_equal(tracefile_reader_info(r)->version, version);
	while ((rc = tracefile_next(r, &rec)) == 1) {
		assert_true(i < NREC);
		want = stream_record(i++);
		assert_memory_equal(&rec, &want, sizeof(rec));
	}
	assert_int_equal(rc, 0);
	assert_int_equal(i, NREC);
	assert_int_equal(tracefile_reader_damage_count(r), 0);
	assert_true(tracefile_reader_end_seen(r));
	tracefile_reader_close(r);
}

/* `dump [--format json] PATH`'s stdout, without the text header lines. */
static char *dump_of(const char *dir, const char *path, bool json)
{
	char *argv[] = { "dump", "--format", "json", (char *)path, NULL };
	char *argv_text[] = { "dump", (char *)path, NULL };
	char *out, *err, *body;

	if (json)
		assert_int_equal(capture(dir, cmd_dump, 4, argv, &out, &err), 0);
	else
		assert_int_equal(capture(dir, cmd_dump, 2, argv_text, &out, &err), 0);
	assert_string_equal(err, "");
	/* the header (creation time, pid) differs between files */
	body = out;
	while (*body == '#')
		body = strchr(body, '\n') + 1;
	body = strdup(body);
	free(out);
	free(err);
	return body;
}

static void test_v1_and_v2_read_the_same(void **state)
{
	const char *dir = *state;
	char *p1 = write_version(dir, 1, false), *p2 = write_version(dir, 2, false);
	char *z1 = write_version(dir, 1, true), *z2 = write_version(dir, 2, true);
	char *a, *b;
	int json;

	assert_reads_stream(p1, 1);
	assert_reads_stream(p2, 2);
	assert_reads_stream(z1, 1);
	assert_reads_stream(z2, 2);
	for (json = 0; json < 2; json++) {
		a = dump_of(dir, p1, json);
		b = dump_of(dir, p2, json);
		assert_true(count_lines(a) >= NREC);
		assert_string_equal(a, b);
		free(b);
		b = dump_of(dir, z2, json);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	free(p1);
	free(p2);
	free(z1);
	free(z2);
}

/*
 * CAPS records in both versions, plain and compressed: each comes back
 * with its own capabilities, though the reader keeps one buffer for them.
 */
static void test_caps_in_both_versions(void **state)
{
	static const uint16_t kinds[] = { INPUTTRACE_REC_DEVICE, INPUTTRACE_REC_CAPS,
					  INPUTTRACE_REC_EVENT };
	static struct inputtrace_caps caps[3];
	struct tracefile_opts o = { .block_bytes = 4096, .sync = TRACEFILE_SYNC_NONE };
	struct tracefile_writer *w;
	struct tracefile_reader *r;
	struct trace_record rec;
	char *path;
	int v, i, n;

	for (v = 0; v < 4; v++) {
		o.version = 1 + v % 2;
		o.compress = v >= 2;
		path = path_join(*state, v % 2 ? "caps2.itr" : "caps1.itr");
		unlink(path);
		assert_int_equal(tracefile_create(path, NULL, &o, &w), 0);
		for (i = 0; i < 3; i++) {
			rec = mk_device(100 + i, 1 + i, 64 + i, "Touchpad");
			assert_int_equal(tracefile_append(w, &rec), 0);
			rec = mk_caps(100 + i, 1 + i, &caps[i]);
			caps[i].absinfo[i].maximum = 1000 * (i + 1);	/* each its own */
			assert_int_equal(tracefile_append(w, &rec), 0);
			rec = mk_event(200 + i, 1 + i, EV_KEY, KEY_A, 1);
			assert_int_equal(tracefile_append(w, &rec), 0);
		}
		assert_int_equal(tracefile_close(w), 0);
		assert_int_equal(tracefile_open(path, &r), 0);
		for (n = 0; tracefile_next(r, &rec) == 1; n++) {
			assert_int_equal(rec.kind, kinds[n % 3]);
			if (rec.kind != INPUTTRACE_REC_CAPS)
				continue;
			assert_int_equal(rec.caps.head.dev_id, 1 + n / 3);
			assert_non_null(rec.caps.caps);
			assert_memory_equal(rec.caps.caps, &caps[n / 3], sizeof(caps[0]));
		}
		assert_int_equal(n, 9);
		assert_int_equal(tracefile_reader_damage_count(r), 0);
		tracefile_reader_close(r);
		free(path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_v1_and_v2_read_the_same, tmpdir_setup,
						tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_caps_in_both_versions, tmpdir_setup,
						tmpdir_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * test_export.c - `inputtrace export` on real trace files written by the
 * real writer: the exact evemu text of a small keyboard, a touchpad's
 * axes and properties, evemu's own parser (libevemu, opened at run time:
 * Debian ships no evemu.h) reading the text back, the libinput YAML
 * checked field by field by export_check.py, and every refusal: redacted
 * keys, no CAPS, ambiguous or unknown device and reader -- each without
 * leaving an -o file.
 */
#include "unit_helpers.h"
#include <dlfcn.h>
#include <sys/utsname.h>
#include <linux/input.h>
#include "commands.h"
#include "export.h"

#define T0	5000000000ull	/* the first event: times are relative to it */

static struct inputtrace_caps kbd_caps, pad_caps;

/* A CAPS record of @c with every bitmap and axis cleared. */
static struct trace_record caps_rec(uint32_t dev, struct inputtrace_caps *c)
{
	struct trace_record r = mk_caps(T0 - 10, dev, c);

	memset((char *)c + sizeof(c->head), 0, sizeof(*c) - sizeof(c->head));
	return r;
}

static void set(__u64 *words, unsigned int bit)
{
	words[bit / 64] |= 1ull << (bit % 64);
}

static struct trace_record kbd_device(uint32_t dev, struct inputtrace_caps *c)
{
	struct trace_record r = caps_rec(dev, c);

	set(c->evbit, EV_SYN);
	set(c->evbit, EV_KEY);
	set(c->evbit, EV_MSC);
	set(c->evbit, EV_LED);
	set(c->evbit, EV_REP);
	set(c->keybit, KEY_ESC);
	set(c->keybit, KEY_A);
	set(c->keybit, KEY_B);
	set(c->keybit, KEY_LEFTSHIFT);
	set(c->keybit, KEY_VOLUMEUP);
	set(c->mscbit, MSC_SCAN);
	set(c->ledbit, LED_NUML);
	set(c->ledbit, LED_CAPSL);
	c->rep_delay = 250;
	c->rep_period = 33;
	return r;
}

static void append(struct tracefile_writer *w, struct trace_record r)
{
	assert_int_equal(tracefile_append(w, &r), 0);
}

static struct trace_record ev(uint64_t t, uint32_t dev, uint16_t type, uint16_t code,
			      int32_t value)
{
	return mk_event(T0 + t, dev, type, code, value);
}

static struct tracefile_writer *create(const char *path)
{
	struct tracefile_opts o = { .sync = TRACEFILE_SYNC_NONE };
	struct tracefile_writer *w;

	unlink(path);
	assert_int_equal(tracefile_create(path, NULL, &o, &w), 0);
	return w;
}

/* Keyboard device 1 (event3): a, shift+b, each frame MSC_SCAN first. */
static void keyboard_events(struct tracefile_writer *w, uint32_t dev, uint32_t flags)
{
	static const struct { uint64_t t; uint16_t type, code; int32_t value; } evs[] = {
		{ 0, EV_MSC, MSC_SCAN, 0x70004 }, { 0, EV_KEY, KEY_A, 1 }, { 0, EV_SYN, 0, 0 },
		{ 95000000, EV_MSC, MSC_SCAN, 0x70004 }, { 95000000, EV_KEY, KEY_A, 0 },
		{ 95000000, EV_SYN, 0, 0 },
		{ 1250000000, EV_KEY, KEY_LEFTSHIFT, 1 }, { 1250000000, EV_SYN, 0, 0 },
		{ 1300123000, EV_KEY, KEY_B, 1 }, { 1300123000, EV_SYN, 0, 0 },
		{ 1800999000, EV_KEY, KEY_B, 2 }, { 1800999000, EV_SYN, 0, 1 },
	};
	struct trace_record r;
	size_t i;

	for (i = 0; i < sizeof(evs) / sizeof(evs[0]); i++) {
		r = ev(evs[i].t, dev, evs[i].type, evs[i].code, evs[i].value);
		if (flags && evs[i].type == EV_MSC) {
			r.ev.flags = INPUTTRACE_EV_VALUE_CLEARED;
			r.ev.value = 0;
		} else if (flags && evs[i].type == EV_KEY) {
			r.ev.flags = INPUTTRACE_EV_REDACTED;
			r.ev.code = evs[i].code == KEY_LEFTSHIFT ? INPUTTRACE_KC_MODIFIER :
				    INPUTTRACE_KC_LETTER;
		}
		if (flags)
			r.ev.level = INPUTTRACE_LEVEL_REDACTED;
		append(w, r);
	}
}

static char *keyboard_trace(const char *dir, const char *name, uint32_t flags, bool caps)
{
	char *path = path_join(dir, name);
	struct tracefile_writer *w = create(path);

	append(w, mk_device(T0 - 20, 1, 3, "Test Keyboard"));
	if (caps)
		append(w, kbd_device(1, &kbd_caps));
	keyboard_events(w, 1, flags);
	assert_int_equal(tracefile_close(w), 0);
	return path;
}

/* Touchpad device 2 (event7): two fingers' worth of axes, two properties. */
static struct trace_record pad_device(uint32_t dev, struct inputtrace_caps *c)
{
	static const struct { uint16_t code; int32_t max, res; } axes[] = {
		{ ABS_X, 1216, 12 }, { ABS_Y, 680, 12 }, { ABS_MT_SLOT, 4, 0 },
		{ ABS_MT_POSITION_X, 1216, 12 }, { ABS_MT_POSITION_Y, 680, 12 },
		{ ABS_MT_TRACKING_ID, 65535, 0 },
	};
	struct trace_record r = caps_rec(dev, c);
	size_t i;

	set(c->evbit, EV_SYN);
	set(c->evbit, EV_KEY);
	set(c->evbit, EV_ABS);
	set(c->keybit, BTN_LEFT);
	set(c->keybit, BTN_TOOL_FINGER);
	set(c->keybit, BTN_TOUCH);
	for (i = 0; i < sizeof(axes) / sizeof(axes[0]); i++) {
		set(c->absbit, axes[i].code);
		c->absinfo[axes[i].code].maximum = axes[i].max;
		c->absinfo[axes[i].code].resolution = axes[i].res;
	}
	c->absinfo[ABS_X].value = 77;	/* not exported: replay starts afresh */
	set(c->propbit, INPUT_PROP_POINTER);
	set(c->propbit, INPUT_PROP_BUTTONPAD);
	return r;
}

static char *touchpad_trace(const char *dir, const char *name)
{
	char *path = path_join(dir, name);
	struct tracefile_writer *w = create(path);
	struct trace_record r = mk_device(T0 - 20, 2, 7, "Test \"Touchpad\": x");

	r.dev.bustype = 0x18;
	r.dev.vendor = 0x6cb;
	r.dev.product = 0xce44;
	r.dev.version = 0x100;
	append(w, r);
	append(w, pad_device(2, &pad_caps));
	append(w, ev(0, 2, EV_ABS, ABS_MT_TRACKING_ID, 5));
	append(w, ev(0, 2, EV_ABS, ABS_X, 100));
	append(w, ev(0, 2, EV_ABS, ABS_Y, 200));
	append(w, ev(0, 2, EV_KEY, BTN_TOUCH, 1));
	append(w, ev(0, 2, EV_SYN, SYN_REPORT, 0));
	append(w, ev(1012000000, 2, EV_ABS, ABS_X, 110));
	append(w, ev(1012000000, 2, EV_SYN, SYN_REPORT, 0));
	append(w, ev(1020500000, 2, EV_ABS, ABS_MT_TRACKING_ID, -1));
	append(w, ev(1020500000, 2, EV_KEY, BTN_TOUCH, 0));
	append(w, ev(1020500000, 2, EV_SYN, SYN_REPORT, 0));
	assert_int_equal(tracefile_close(w), 0);
	return path;
}

/* cmd_export(@args..., NULL) captured; returns the exit status. */
static int run(const char *dir, char **out, char **err, ...)
{
	char *argv[16] = { "export" };
	int argc = 1;
	va_list ap;
	int rc;

	va_start(ap, err);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	rc = capture(dir, cmd_export, argc, argv, out, err);
	return rc;
}

static const char kbd_evemu[] =
"# Input device name: \"Test Keyboard\"\n"
"# Input device ID: bus 0x06 vendor 0x1234 product 0x5678 version 0x01\n"
"# Exported by inputtrace from /dev/input/event3\n"
"N: Test Keyboard\n"
"I: 0006 1234 5678 0001\n"
"P: 00 00 00 00 00 00 00 00\n"
"B: 00 0b 00 00 00 00 00 00 00\n"
"B: 01 02 00 00 40 00 04 01 00\n"
"B: 01 00 00 00 00 00 00 08 00\n"
"B: 01 00 00 00 00 00 00 00 00\n"
"B: 01 00 00 00 00 00 00 00 00\n"
"B: 01 00 00 00 00 00 00 00 00\n"
"B: 01 00 00 00 00 00 00 00 00\n"
"B: 01 00 00 00 00 00 00 00 00\n"
"B: 01 00 00 00 00 00 00 00 00\n"
"B: 01 00 00 00 00 00 00 00 00\n"
"B: 01 00 00 00 00 00 00 00 00\n"
"B: 01 00 00 00 00 00 00 00 00\n"
"B: 01 00 00 00 00 00 00 00 00\n"
"B: 02 00 00 00 00 00 00 00 00\n"
"B: 03 00 00 00 00 00 00 00 00\n"
"B: 04 10 00 00 00 00 00 00 00\n"
"B: 05 00 00 00 00 00 00 00 00\n"
"B: 11 03 00 00 00 00 00 00 00\n"
"B: 12 00 00 00 00 00 00 00 00\n"
"B: 14 03 00 00 00 00 00 00 00\n"
"B: 15 00 00 00 00 00 00 00 00\n"
"B: 15 00 00 00 00 00 00 00 00\n"
"################################\n"
"#      Waiting for events      #\n"
"################################\n"
"E: 0.000000 0004 0004 458756\t# EV_MSC / MSC_SCAN             458756\n"
"E: 0.000000 0001 001e 0001\t# EV_KEY / KEY_A                1\n"
"E: 0.000000 0000 0000 0000\t# ------------ SYN_REPORT (0) ---------- +0ms\n"
"E: 0.095000 0004 0004 458756\t# EV_MSC / MSC_SCAN             458756\n"
"E: 0.095000 0001 001e 0000\t# EV_KEY / KEY_A                0\n"
"E: 0.095000 0000 0000 0000\t# ------------ SYN_REPORT (0) ---------- +95ms\n"
"E: 1.250000 0001 002a 0001\t# EV_KEY / KEY_LEFTSHIFT        1\n"
"E: 1.250000 0000 0000 0000\t# ------------ SYN_REPORT (0) ---------- +1155ms\n"
"E: 1.300123 0001 0030 0001\t# EV_KEY / KEY_B                1\n"
"E: 1.300123 0000 0000 0000\t# ------------ SYN_REPORT (0) ---------- +50ms\n"
"E: 1.800999 0001 0030 0002\t# EV_KEY / KEY_B                2\n"
"E: 1.800999 0000 0000 0001\t# ------------ SYN_REPORT (1) ---------- +500ms\n";

static void test_evemu_keyboard_exact(void **state)
{
	char *path = keyboard_trace(*state, "kbd.itr", 0, true), *out, *err, *want;
	struct utsname u;

	/* the kernel is the recording's (the file header's): here, this one */
	assert_int_equal(uname(&u), 0);
	assert_true(asprintf(&want, "# EVEMU 1.3\n# Kernel: %s\n%s", u.release, kbd_evemu) > 0);
	assert_int_equal(run(*state, &out, &err, "--format", "evemu", path, NULL), 0);
	assert_string_equal(err, "");
	assert_string_equal(out, want);
	free(want);
	free(out);
	free(err);
	free(path);
}

static void test_evemu_touchpad_axes(void **state)
{
	char *path = touchpad_trace(*state, "pad.itr"), *out, *err;

	assert_int_equal(run(*state, &out, &err, "-f", "evemu", path, NULL), 0);
	assert_string_equal(err, "");
	assert_non_null(strstr(out, "\nN: Test \"Touchpad\": x\nI: 0018 06cb ce44 0100\n"
				    "P: 05 00 00 00 00 00 00 00\nB: 00 0b 00 00 00 00 00 00 00\n"));
	assert_non_null(strstr(out, "\nB: 03 03 00 00 00 00 80 60 02\n"));
	assert_non_null(strstr(out, "\nA: 00 0 1216 0 0 12\nA: 01 0 680 0 0 12\n"
				    "A: 2f 0 4 0 0 0\nA: 35 0 1216 0 0 12\nA: 36 0 680 0 0 12\n"
				    "A: 39 0 65535 0 0 0\n####"));
	assert_non_null(strstr(out, "\nE: 1.012000 0003 0000 0110\t# EV_ABS / ABS_X"
				    "                110\n"));
	assert_non_null(strstr(out, "\nE: 1.020500 0003 0039 -001\t# EV_ABS / "
				    "ABS_MT_TRACKING_ID   -1\n"));
	free(out);
	free(err);
	free(path);
}

/* libevemu's API, declared here: the library is in libevemu3, no header. */
struct evemu_device;
struct evemu_api {
	struct evemu_device *(*new_dev)(const char *name);
	void (*delete_dev)(struct evemu_device *dev);
	int (*read)(struct evemu_device *dev, FILE *fp);
	int (*read_event)(FILE *fp, struct input_event *ev);
	const char *(*get_name)(const struct evemu_device *dev);
	int (*has_event)(const struct evemu_device *dev, int type, int code);
	int (*has_prop)(const struct evemu_device *dev, int code);
	int (*get_abs_maximum)(const struct evemu_device *dev, int code);
	int (*get_abs_resolution)(const struct evemu_device *dev, int code);
	unsigned int (*get_id_vendor)(const struct evemu_device *dev);
};

static void *evemu_open(struct evemu_api *a)
{
	void *h = dlopen("libevemu.so.3", RTLD_NOW);

	if (!h)
		return NULL;
	*(void **)&a->new_dev = dlsym(h, "evemu_new");
	*(void **)&a->delete_dev = dlsym(h, "evemu_delete");
	*(void **)&a->read = dlsym(h, "evemu_read");
	*(void **)&a->read_event = dlsym(h, "evemu_read_event");
	*(void **)&a->get_name = dlsym(h, "evemu_get_name");
	*(void **)&a->has_event = dlsym(h, "evemu_has_event");
	*(void **)&a->has_prop = dlsym(h, "evemu_has_prop");
	*(void **)&a->get_abs_maximum = dlsym(h, "evemu_get_abs_maximum");
	*(void **)&a->get_abs_resolution = dlsym(h, "evemu_get_abs_resolution");
	*(void **)&a->get_id_vendor = dlsym(h, "evemu_get_id_vendor");
	assert_non_null(a->new_dev);
	assert_non_null(a->get_id_vendor);
	return h;
}

static void test_evemu_parser_reads_it(void **state)
{
	char *path = touchpad_trace(*state, "pad.itr"), *events = path_join(*state, "pad.events");
	static const int want[][3] = {
		{ EV_ABS, ABS_MT_TRACKING_ID, 5 }, { EV_ABS, ABS_X, 100 }, { EV_ABS, ABS_Y, 200 },
		{ EV_KEY, BTN_TOUCH, 1 }, { EV_SYN, SYN_REPORT, 0 }, { EV_ABS, ABS_X, 110 },
		{ EV_SYN, SYN_REPORT, 0 }, { EV_ABS, ABS_MT_TRACKING_ID, -1 },
		{ EV_KEY, BTN_TOUCH, 0 }, { EV_SYN, SYN_REPORT, 0 },
	};
	struct evemu_device *dev;
	struct input_event ie;
	struct evemu_api a;
	char *out, *err;
	void *h = evemu_open(&a);
	size_t n = 0;
	FILE *f;

	if (!h) {
		free(path);
		free(events);
		skip();
	}
	assert_int_equal(run(*state, &out, &err, "-f", "evemu", "-o", events, path, NULL), 0);
	assert_string_equal(out, "");
	f = fopen(events, "r");
	assert_non_null(f);
	dev = a.new_dev(NULL);
	assert_true(a.read(dev, f) > 0);
	assert_string_equal(a.get_name(dev), "Test \"Touchpad\": x");
	assert_int_equal(a.get_id_vendor(dev), 0x6cb);
	assert_true(a.has_event(dev, EV_KEY, BTN_TOOL_FINGER));
	assert_false(a.has_event(dev, EV_KEY, BTN_RIGHT));
	assert_true(a.has_prop(dev, INPUT_PROP_BUTTONPAD));
	assert_int_equal(a.get_abs_maximum(dev, ABS_MT_TRACKING_ID), 65535);
	assert_int_equal(a.get_abs_resolution(dev, ABS_MT_POSITION_Y), 12);
	while (a.read_event(f, &ie) > 0) {
		assert_true(n < sizeof(want) / sizeof(want[0]));
		assert_int_equal(ie.type, want[n][0]);
		assert_int_equal(ie.code, want[n][1]);
		assert_int_equal(ie.value, want[n][2]);
		if (n == 9) {
			assert_int_equal(ie.input_event_sec, 1);
			assert_int_equal(ie.input_event_usec, 20500);
		}
		n++;
	}
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	fclose(f);
	a.delete_dev(dev);
	dlclose(h);
	free(out);
	free(err);
	free(path);
	free(events);
}

static void test_libinput_yaml(void **state)
{
	char *path = touchpad_trace(*state, "pad.itr"), *yml = path_join(*state, "pad.yml");
	char *out, *err, *cmd;
	struct stat st;
	int rc;

	rc = run(*state, &out, &err, "--format=libinput", "--output", yml, path, NULL);
	if (rc)
		fail_msg("%s", err);
	assert_string_equal(err, "");
	assert_string_equal(out, "");
	assert_int_equal(stat(yml, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	/* Debian's python3 (libinput replay's) has python3-libevdev; a pyenv one may not */
	assert_true(asprintf(&cmd, "py=python3; [ -x /usr/bin/python3 ] && py=/usr/bin/python3; "
			     "$py tests/unit/export_check.py '%s' >&2", yml) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(out);
	free(err);
	free(path);
	free(yml);
}

/* Exit 1, @msg in stderr, nothing on stdout, no -o file. */
static void refused(const char *msg, int rc, char *out, char *err,
		    const char *o)
{
	struct stat st;

	assert_int_equal(rc, 1);
	assert_string_equal(out, "");
	if (!strstr(err, msg))
		fail_msg("'%s' not in: %s", msg, err);
	if (o)
		assert_int_not_equal(stat(o, &st), 0);
	free(out);
	free(err);
}

static void test_redacted_refused(void **state)
{
	char *path = keyboard_trace(*state, "red.itr", 1, true), *o = path_join(*state, "o.ev");
	char *out, *err;
	int rc = run(*state, &out, &err, "-f", "evemu", "-o", o, path, NULL);

	refused("recorded redacted (5 keys as key classes, 2 values withheld): they cannot be replayed as typed",
		rc, out, err, o);
	free(path);
	free(o);
}

static void test_placeholder_keys(void **state)
{
	char *path = keyboard_trace(*state, "red.itr", 1, true), *out, *err;

	assert_int_equal(run(*state, &out, &err, "-f", "evemu", "--placeholder-keys", path,
			     NULL), 0);
	assert_non_null(strstr(err, "warning: 2 events with a withheld value (MSC_SCAN) dropped"));
	assert_null(strstr(out, "MSC_SCAN"));
	/* KEY_A for LETTER (b too), KEY_LEFTSHIFT for MODIFIER */
	assert_non_null(strstr(out, "\nE: 0.000000 0001 001e 0001\t# EV_KEY / KEY_A"));
	assert_non_null(strstr(out, "\nE: 1.250000 0001 002a 0001\t# EV_KEY / KEY_LEFTSHIFT"));
	assert_non_null(strstr(out, "\nE: 1.300123 0001 001e 0001\t# EV_KEY / KEY_A"));
	assert_null(strstr(out, "KEY_B"));
	free(out);
	free(err);
	free(path);
	assert_int_equal(export_placeholder_key(INPUTTRACE_KC_MEDIA), KEY_VOLUMEUP);
	assert_int_equal(export_placeholder_key(INPUTTRACE_KC_COUNT + 5), KEY_UNKNOWN);
}

static void test_no_caps_refused(void **state)
{
	char *path = keyboard_trace(*state, "nocaps.itr", 0, false), *o = path_join(*state, "o");
	char *out, *err;
	int rc = run(*state, &out, &err, "-f", "libinput", "-o", o, path, NULL);

	refused("no capabilities recorded for device 1: Test Keyboard", rc, out, err, o);
	free(path);
	free(o);
}

/* Two devices in two files (one stream), the keyboard read by two readers. */
static char *two_of_each(const char *dir)
{
	char *sub = path_join(dir, "rot"), *p;
	struct tracefile_writer *w;
	struct trace_record r;

	assert_int_equal(mkdir(sub, 0700), 0);
	free(keyboard_trace(sub, "inputtrace-1.itr", 0, true));
	p = path_join(sub, "inputtrace-2.itr");
	w = create(p);
	r = ev(2000000000, 1, EV_KEY, KEY_ESC, 1);
	r.ev.tgid = 777;
	strcpy(r.ev.comm, "Xorg");
	append(w, r);
	append(w, pad_device(2, &pad_caps));
	append(w, mk_device(T0, 2, 7, "Pad"));
	append(w, ev(2100000000, 2, EV_SYN, SYN_REPORT, 0));
	append(w, mk_loss(T0 + 2200000000, INPUTTRACE_LOSS_RING_FULL, 0, 3));
	append(w, ev(2300000000, 2, EV_SYN, SYN_REPORT, 0));
	assert_int_equal(tracefile_close(w), 0);
	free(p);
	return sub;
}

static void test_choices(void **state)
{
	char *dir = two_of_each(*state), *out, *err;
	int rc;

	rc = run(*state, &out, &err, "-f", "evemu", dir, NULL);
	refused("events of 2 devices in the trace; choose one with --device ID:\n"
		"  1  Test Keyboard\n  2  Pad\n", rc, out, err, NULL);
	rc = run(*state, &out, &err, "-f", "evemu", "-d", "1", dir, NULL);
	refused("2 readers received device 1's events; choose one with --reader PID:\n"
		"  4242  evread\n  777  Xorg\n", rc, out, err, NULL);
	rc = run(*state, &out, &err, "-f", "evemu", "-d", "9", dir, NULL);
	refused("no events of device 9 in the trace", rc, out, err, NULL);
	rc = run(*state, &out, &err, "-f", "evemu", "-d", "1", "-r", "5", dir, NULL);
	refused("process 5 read no events of device 1", rc, out, err, NULL);
	assert_int_equal(run(*state, &out, &err, "-f", "evemu", "-d", "1", "-r", "777", dir,
			     NULL), 0);
	assert_non_null(strstr(out, "\nE: 0.000000 0001 0001 0001\t# EV_KEY / KEY_ESC"));
	assert_string_equal(err, "");
	free(out);
	free(err);
	/* the loss between the pad's two events is in range: warned, not refused */
	assert_int_equal(run(*state, &out, &err, "-f", "libinput", "-d", "2", dir, NULL), 0);
	assert_non_null(strstr(err, "warning: 1 LOSS/PAUSE record(s) inside the exported range"));
	assert_non_null(strstr(out, "version: 1\n"));
	free(out);
	free(err);
	free(dir);
}

static void test_usage(void **state)
{
	char *out, *err;

	assert_int_equal(run(*state, &out, &err, "x.itr", NULL), 2);
	assert_non_null(strstr(err, "--format evemu|libinput is required"));
	free(out);
	free(err);
	assert_int_equal(run(*state, &out, &err, "-f", "csv", "x.itr", NULL), 2);
	free(out);
	free(err);
	assert_int_equal(run(*state, &out, &err, "-f", "evemu", "-d", "1x", "x.itr", NULL), 2);
	free(out);
	free(err);
	assert_int_equal(run(*state, &out, &err, "--help", NULL), 0);
	assert_non_null(strstr(out, "--placeholder-keys"));
	free(out);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_evemu_keyboard_exact, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_evemu_touchpad_axes, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_evemu_parser_reads_it, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_libinput_yaml, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_redacted_refused, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_placeholder_keys, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_no_caps_refused, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_choices, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_usage, tmpdir_setup, tmpdir_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

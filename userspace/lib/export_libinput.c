// SPDX-License-Identifier: GPL-2.0
/*
 * export_libinput.c - libinput's recording format (version 1), through
 * libyaml's emitter so quoting is YAML's, not ours.  What libinput replay
 * reads (libinput-replay, 1.22): version, ndevices, and per device
 * evdev.{name, id, codes, absinfo, properties}, udev.properties and
 * events[].evdev, each a frame of [sec, usec, type, code, value] ending
 * in its SYN_REPORT.  udev properties are not in a trace: the list stays
 * empty rather than guessed (replay then warns of the ones udev adds).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>
#include <linux/input.h>
#include <libevdev/libevdev.h>
#include "caps.h"
#include "export.h"

static int emit(yaml_emitter_t *em, yaml_event_t *ev, int ok)
{
	if (!ok)
		return -ENOMEM;
	return yaml_emitter_emit(em, ev) ? 0 : -EIO;
}

static int str(yaml_emitter_t *em, const char *s, bool quoted)
{
	yaml_event_t ev;

	return emit(em, &ev, yaml_scalar_event_initialize(&ev, NULL, NULL,
			(yaml_char_t *)s, (int)strlen(s), !quoted, 1,
			quoted ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_PLAIN_SCALAR_STYLE));
}

static int num(yaml_emitter_t *em, long long v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lld", v);
	return str(em, buf, false);
}

static int map_start(yaml_emitter_t *em)
{
	yaml_event_t ev;

	return emit(em, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
								  YAML_BLOCK_MAPPING_STYLE));
}

static int map_end(yaml_emitter_t *em)
{
	yaml_event_t ev;

	return emit(em, &ev, yaml_mapping_end_event_initialize(&ev));
}

/* Lists of numbers flow ([1, 2, 3]) as libinput record writes them. */
static int seq_start(yaml_emitter_t *em, bool flow)
{
	yaml_event_t ev;

	return emit(em, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
			flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE));
}

static int seq_end(yaml_emitter_t *em)
{
	yaml_event_t ev;

	return emit(em, &ev, yaml_sequence_end_event_initialize(&ev));
}

static int key_num(yaml_emitter_t *em, const char *key, long long v)
{
	return str(em, key, false) ?: num(em, v);
}

/* The codes of @type set in @words (of @bits bits), as one flow list. */
static int codes_of(yaml_emitter_t *em, unsigned int type, const __u64 *words,
		    unsigned int bits)
{
	unsigned int code;
	int rc;

	rc = num(em, type) ?: seq_start(em, true);
	for (code = 0; !rc && code < bits; code++)
		if (!words || caps_bit(words, code))
			rc = num(em, code);
	return rc ?: seq_end(em);
}

static int write_codes(yaml_emitter_t *em, const struct inputtrace_caps *c)
{
	static const __u64 rep[1] = { (1u << REP_DELAY) | (1u << REP_PERIOD) };
	const __u64 *words;
	unsigned int type, bits;
	int rc;

	/* EV_SYN: every code, as libevdev reports them for any device */
	rc = str(em, "codes", false) ?: map_start(em) ?: codes_of(em, EV_SYN, NULL, SYN_CNT);
	for (type = EV_SYN + 1; !rc && type < EV_CNT; type++) {
		/* the kernel has no EV_REP bitmap: both codes when it repeats */
		words = type == EV_REP ? rep : caps_codes(c, type, &bits);
		if (type == EV_REP)
			bits = REP_CNT;
		if (words && caps_bit(c->evbit, type))
			rc = codes_of(em, type, words, bits);
	}
	return rc ?: map_end(em);
}

static int write_absinfo(yaml_emitter_t *em, const struct inputtrace_caps *c)
{
	const struct inputtrace_absinfo *a;
	unsigned int code;
	int rc;

	if (!caps_bit(c->evbit, EV_ABS))
		return 0;
	rc = str(em, "absinfo", false) ?: map_start(em);
	for (code = 0; !rc && code < ABS_CNT; code++) {
		if (!caps_bit(c->absbit, code))
			continue;
		a = &c->absinfo[code];
		rc = num(em, code) ?: seq_start(em, true) ?: num(em, a->minimum) ?:
		     num(em, a->maximum) ?: num(em, a->fuzz) ?: num(em, a->flat) ?:
		     num(em, a->resolution) ?: seq_end(em);
	}
	return rc ?: map_end(em);
}

static int write_evdev(yaml_emitter_t *em, const struct export_trace *t)
{
	const struct inputtrace_device *d = &t->dev;
	unsigned int prop;
	int rc;

	rc = str(em, "evdev", false) ?: map_start(em) ?:
	     str(em, "name", false) ?: str(em, d->name, true) ?:
	     str(em, "id", false) ?: seq_start(em, true) ?: num(em, d->bustype) ?:
	     num(em, d->vendor) ?: num(em, d->product) ?: num(em, d->version) ?:
	     seq_end(em) ?: write_codes(em, &t->caps) ?: write_absinfo(em, &t->caps) ?:
	     str(em, "properties", false) ?: seq_start(em, true);
	for (prop = 0; !rc && prop < INPUT_PROP_CNT; prop++)
		if (caps_bit(t->caps.propbit, prop))
			rc = num(em, prop);
	return rc ?: seq_end(em) ?: map_end(em);
}

static int write_event(yaml_emitter_t *em, const struct export_event *e)
{
	return seq_start(em, true) ?: num(em, e->t_ns / 1000000000) ?:
	       num(em, e->t_ns % 1000000000 / 1000) ?: num(em, e->type) ?:
	       num(em, e->code) ?: num(em, e->value) ?: seq_end(em);
}

/* One "- evdev: [...]" per frame; a last frame without its SYN_REPORT too. */
static int write_events(yaml_emitter_t *em, const struct export_trace *t)
{
	bool open = false;
	size_t i;
	int rc;

	rc = str(em, "events", false) ?: seq_start(em, false);
	for (i = 0; !rc && i < t->nev; i++) {
		if (!open)
			rc = map_start(em) ?: str(em, "evdev", false) ?: seq_start(em, false);
		open = true;
		rc = rc ?: write_event(em, &t->ev[i]);
		if (!rc && t->ev[i].type == EV_SYN && t->ev[i].code == SYN_REPORT) {
			rc = seq_end(em) ?: map_end(em);
			open = false;
		}
	}
	if (!rc && open)
		rc = seq_end(em) ?: map_end(em);
	return rc ?: seq_end(em);
}

static int write_device(yaml_emitter_t *em, const struct export_trace *t)
{
	char node[32];

	snprintf(node, sizeof(node), "/dev/input/event%u", t->dev.minor);
	return map_start(em) ?: str(em, "node", false) ?: str(em, node, false) ?:
	       write_evdev(em, t) ?:
	       str(em, "udev", false) ?: map_start(em) ?: str(em, "properties", false) ?:
	       seq_start(em, false) ?: seq_end(em) ?: map_end(em) ?:
	       write_events(em, t) ?: map_end(em);
}

static int write_doc(yaml_emitter_t *em, const struct export_trace *t)
{
	yaml_event_t ev;

	return emit(em, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING)) ?:
	       emit(em, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1)) ?:
	       map_start(em) ?: key_num(em, "version", 1) ?: key_num(em, "ndevices", 1) ?:
	       str(em, "system", false) ?: map_start(em) ?: str(em, "kernel", false) ?:
	       str(em, t->kernel, true) ?: map_end(em) ?:
	       str(em, "devices", false) ?: seq_start(em, false) ?: write_device(em, t) ?:
	       seq_end(em) ?: map_end(em) ?:
	       emit(em, &ev, yaml_document_end_event_initialize(&ev, 1)) ?:
	       emit(em, &ev, yaml_stream_end_event_initialize(&ev));
}

int export_write_libinput(FILE *f, const struct export_trace *t)
{
	yaml_emitter_t em;
	int rc;

	if (!yaml_emitter_initialize(&em))
		return -ENOMEM;
	yaml_emitter_set_output_file(&em, f);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);	/* a frame's list on one line */
	fputs("# libinput record\n", f);
	rc = write_doc(&em, t);
	if (!rc && !yaml_emitter_flush(&em))
		rc = -EIO;
	yaml_emitter_delete(&em);
	return rc ?: (ferror(f) ? -EIO : 0);
}

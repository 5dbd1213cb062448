/* SPDX-License-Identifier: GPL-2.0 */
/*
 * export.h - one device's events, as one reader received them, out of a
 * trace and into the text formats the replay tools read: evemu's
 * ".events" (evemu-device, evemu-play) and libinput's recording YAML
 * (libinput replay).
 *
 * export_collect() reads the stream twice: first to learn the devices,
 * their capabilities and readers (so a DEVICE or CAPS record anywhere in
 * the stream counts), then to take the chosen reader's events of the
 * chosen device.  Nothing is written until both passes succeeded.
 */
#ifndef __EXPORT_H
#define __EXPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "inputtrace.h"
#include "trace_operands.h"

enum export_format {
	EXPORT_EVEMU,
	EXPORT_LIBINPUT,
};

struct export_opts {
	enum export_format fmt;
	bool has_device;
	uint32_t device;	/* dev_id, as dump and report show it */
	bool has_reader;
	uint32_t reader;	/* tgid of the reading process */
	/* redacted keys as one key per class (export_placeholder_key()) */
	bool placeholder_keys;
};

struct export_event {
	uint64_t t_ns;		/* since the first exported event */
	uint16_t type;
	uint16_t code;
	int32_t value;
};

struct export_trace {
	struct inputtrace_device dev;
	/* as recorded, plus the placeholder keys used (so replay may send them) */
	struct inputtrace_caps caps;
	char *kernel;		/* of the first file's header; never NULL */
	struct export_event *ev;
	size_t nev;
};

/*
 * The key that stands for key class @kc (enum inputtrace_key_class) with
 * --placeholder-keys; the man page has the table.
 */
uint16_t export_placeholder_key(uint32_t kc);

/*
 * Read @ops's files into @t.  0, or 1 after saying why on stderr ("inputtrace:
 * export: ...": unreadable file, several devices or readers to choose from,
 * unknown --device/--reader, no DEVICE or CAPS record, redacted events
 * without --placeholder-keys).  Warnings (losses, pauses, damage, rounded
 * times) go to stderr too and do not fail.
 */
int export_collect(const struct export_opts *o, const struct trace_operands *ops,
		   struct export_trace *t);
void export_trace_free(struct export_trace *t);

/* 0, or -EIO / -ENOMEM. */
int export_write_evemu(FILE *f, const struct export_trace *t);
int export_write_libinput(FILE *f, const struct export_trace *t);

#endif /* __EXPORT_H */

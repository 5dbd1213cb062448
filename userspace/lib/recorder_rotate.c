// SPDX-License-Identifier: GPL-2.0
/*
 * recorder_rotate.c - the files of one `inputtrace record -o DIR` run.
 *
 * A rotation (--rotate-size, --rotate-time, SIGHUP) creates the next file
 * first and only then closes the current one (END block, state CLEAN) and
 * marks it ARCHIVED: if the new file cannot be created, recording goes on
 * into the old one and nothing is lost.  Every file starts with the DEVICE
 * (and CAPS) records seen so far, so each one can be read on its own, and each
 * encrypted file gets its own file key.  After a rotation (and at start)
 * the retention limits delete the oldest archives; every deletion is logged.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "array.h"
#include "recorder.h"
#include "retention.h"
#include "tracefile.h"

#define MAX_REMEMBERED_DEVICES	4096
#define ROTATE_RETRY_NS		(10 * 1000000000ULL)

static struct recorder_device *find_device(struct recorder *rc, uint32_t dev_id)
{
	size_t i;

	for (i = 0; i < rc->files.ndevices; i++)
		if (rc->files.devices[i].dev.dev.head.dev_id == dev_id)
			return &rc->files.devices[i];
	return NULL;
}

int recorder_remember_device(struct recorder *rc, const struct trace_record *rec)
{
	struct recorder_device *p;

	/* two CPUs may both announce a device they saw at the same time */
	if (find_device(rc, rec->dev.head.dev_id))
		return 0;
	if (rc->files.ndevices >= MAX_REMEMBERED_DEVICES)
		return 1;	/* later files lack the description, not events */
	p = array_grow(rc->files.devices, &rc->files.ndevices, sizeof(*p));
	if (!p)
		return -ENOMEM;
	rc->files.devices = p;
	p[rc->files.ndevices - 1].dev = *rec;
	return 1;
}

void recorder_device_written(struct recorder *rc, const struct trace_record *rec)
{
	struct recorder_device *d;

	if (rec->kind != INPUTTRACE_REC_DEVICE && rec->kind != INPUTTRACE_REC_CAPS)
		return;
	d = find_device(rc, rec->head.dev_id);
	if (!d)
		return;
	if (rec->kind == INPUTTRACE_REC_DEVICE)
		d->dev_written = true;
	else
		d->caps_written = true;
}

/* A CAPS record of @caps, which must outlive it. */
static const struct trace_record *caps_record(const struct inputtrace_caps *caps,
					      struct trace_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->kind = INPUTTRACE_REC_CAPS;
	rec->caps.head = caps->head;
	rec->caps.caps = caps;
	return rec;
}

int recorder_remember_caps(struct recorder *rc, const struct inputtrace_caps *caps,
			   struct trace_record *rec)
{
	struct recorder_device *d = find_device(rc, caps->head.dev_id);

	if (!d)
		return -ENOENT;
	if (d->caps)
		return 0;
	/* its own allocation: the table moves as it grows, queued records don't */
	d->caps = malloc(sizeof(*d->caps));
	if (!d->caps)
		return -ENOMEM;
	*d->caps = *caps;
	caps_record(d->caps, rec);
	return 1;
}

/*
 * What a new file starts with: each device already written to the old
 * one and, when it was too, its CAPS.  The rest are still queued and come
 * into the new file in their turn.
 */
static int describe_devices(struct recorder *rc, struct tracefile_writer *out)
{
	const struct recorder_device *d;
	struct trace_record caps;
	size_t i;
	int err;

	for (i = 0; i < rc->files.ndevices; i++) {
		d = &rc->files.devices[i];
		if (!d->dev_written)
			continue;
		err = tracefile_append(out, &d->dev);
		if (!err && d->caps && d->caps_written)
			err = tracefile_append(out, caps_record(d->caps, &caps));
		if (err)
			return err;
	}
	return 0;
}

void recorder_forget_devices(struct recorder *rc)
{
	size_t i;

	for (i = 0; i < rc->files.ndevices; i++)
		free(rc->files.devices[i].caps);
	free(rc->files.devices);
	rc->files.devices = NULL;
	rc->files.ndevices = 0;
}

/* Create @path with this run's header and the devices seen so far. */
static int create_at(struct recorder *rc, const char *path,
		     struct tracefile_writer **out)
{
	struct tracefile_opts topts = {
		.block_bytes = rc->opts->block_bytes,
		.sync = rc->opts->sync,
		.compress = rc->opts->compress,
		.version = rc->opts->format_version,
		.recipient_pk = rc->files.recipient ? rc->files.recipient_pk : NULL,
	};
	struct tracefile_meta meta = { .cmdline = rc->files.cmdline };
	int err;

	err = rc->opts->output_stdout ?
	      tracefile_create_stream(STDOUT_FILENO, &meta, &topts, out) :
	      tracefile_create(path, &meta, &topts, out);
	if (err)
		return err;
	err = describe_devices(rc, *out);
	if (err) {
		tracefile_abort(*out, true);
		*out = NULL;
	}
	return err;
}

int recorder_create_file(struct recorder *rc, struct tracefile_writer **out)
{
	int err = create_at(rc, rc->files.path, out);

	if (!err)
		rc->files.started_ns = recorder_clock_ns(CLOCK_MONOTONIC);
	return err;
}

bool recorder_rotation_due(const struct recorder *rc, uint64_t now)
{
	const struct record_opts *o = rc->opts;

	if (now < rc->files.retry_ns)
		return false;
	if (o->rotate_bytes && tracefile_writer_bytes(rc->files.out) >= o->rotate_bytes)
		return true;
	return o->rotate_ns && now - rc->files.started_ns >= o->rotate_ns;
}

static void give_up_for_now(struct recorder *rc, const char *what,
			    const char *path, int err)
{
	record_note(rc, LOG_WARNING, "rotation: %s %s: %s; still writing %s, next try in %llu s",
	     what, path, strerror(-err), rc->files.path,
	     (unsigned long long)(ROTATE_RETRY_NS / 1000000000ULL));
	rc->files.retry_ns = recorder_clock_ns(CLOCK_MONOTONIC) + ROTATE_RETRY_NS;
}

int recorder_rotate(struct recorder *rc, const char *why)
{
	struct tracefile_writer *next;
	char path[PATH_MAX], old[PATH_MAX];
	int err;

	err = record_output_path(rc->opts, time(NULL), getpid(), rc->files.seq + 1,
				 path, sizeof(path));
	if (err) {
		give_up_for_now(rc, "naming", rc->opts->output, err);
		return err;
	}
	/* Everything queued must be in the old file before it is closed. */
	err = tracefile_flush(rc->files.out);
	if (err) {
		give_up_for_now(rc, "flushing", rc->files.path, err);
		return err;
	}
	err = create_at(rc, path, &next);
	if (err) {
		give_up_for_now(rc, "creating", path, err);
		return err;
	}

	snprintf(old, sizeof(old), "%s", rc->files.path);
	err = tracefile_close(rc->files.out);
	rc->files.out = next;
	rc->files.seq++;
	rc->files.started_ns = recorder_clock_ns(CLOCK_MONOTONIC);
	rc->files.retry_ns = 0;
	snprintf(rc->files.path, sizeof(rc->files.path), "%s", path);
	if (err)
		record_note(rc, LOG_WARNING, "rotation: closing %s: %s (its blocks are kept; `inputtrace verify` tells what is missing)",
		     old, strerror(-err));
	else
		err = tracefile_set_state(old, TRACEFILE_ARCHIVED);
	if (err)
		record_note(rc, LOG_WARNING, "rotation: cannot mark %s archived: %s",
		     old, strerror(-err));
	record_note(rc, LOG_NOTICE, "rotated (%s): archived %s, now writing %s", why,
	     old, rc->files.path);
	recorder_apply_retention(rc);
	return 0;
}

static void on_retention(void *ctx, enum retention_event ev, const char *name,
			 uint64_t bytes, const char *why, int err)
{
	struct recorder *rc = ctx;

	switch (ev) {
	case RETENTION_DELETED:
		record_note(rc, LOG_NOTICE, "retention: deleted %s (%llu bytes, %s limit)",
		     name, (unsigned long long)bytes, why);
		break;
	case RETENTION_FAILED:
		record_note(rc, LOG_WARNING, "retention: cannot delete %s (%s limit): %s",
		     name, why, strerror(-err));
		break;
	case RETENTION_ARCHIVED:
		if (err)
			record_note(rc, LOG_WARNING, "retention: cannot archive %s (%s): %s",
			     name, why, strerror(-err));
		else
			record_note(rc, LOG_NOTICE, "retention: archived %s (%s)", name, why);
		break;
	case RETENTION_KEPT:
		/* once per recording: it would repeat after every rotation */
		if (rc->files.warned_over_limit)
			break;
		rc->files.warned_over_limit = true;
		record_note(rc, LOG_WARNING, "retention: %s (%s); %llu bytes in %s",
		     why, name ? name : "no archive yet",
		     (unsigned long long)bytes, rc->opts->output);
		break;
	}
}

void recorder_apply_retention(struct recorder *rc)
{
	const struct record_opts *o = rc->opts;
	struct retention_limits lim = {
		.max_total_bytes = o->max_total_bytes,
		.max_age_ns = o->max_age_ns,
		/* once, at start: the files earlier runs left CLEAN */
		.archive_clean = !rc->files.earlier_archived,
	};
	char *copy;
	int err;

	if (!o->output_is_dir || (!lim.max_total_bytes && !lim.max_age_ns))
		return;
	copy = strdup(rc->files.path);
	if (!copy)
		return;
	err = retention_apply(o->output, basename(copy), &lim,
			      recorder_clock_ns(CLOCK_REALTIME), on_retention, rc);
	rc->files.earlier_archived = true;
	if (err < 0)
		record_note(rc, LOG_WARNING, "retention: cannot apply limits in %s: %s",
		     o->output, strerror(-err));
	free(copy);
}

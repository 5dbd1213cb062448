// SPDX-License-Identifier: GPL-2.0
/*
 * recorder_output.c - `inputtrace record` without BPF: checking and
 * naming the output, the recipient key, the first file, and the final
 * stage every ordered record goes through.
 *
 * Everything that can fail because of the user's input is checked here
 * before BPF is loaded or a file created, so a typo costs nothing and
 * leaves nothing behind.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "keyfile.h"
#include "recorder.h"
#include "sysfs.h"
#include "tracefile.h"

#define CMD	"record"

int recorder_init(struct recorder *rc, const struct record_opts *opts)
{
	memset(rc, 0, sizeof(*rc));
	rc->opts = opts;
	rc->emit = recorder_write_record;
	rc->acct.paused_fd = -1;
	rc->order = reorder_new(0);
	rc->join = ring_join_new();
	return rc->order && rc->join ? 0 : -ENOMEM;
}

int recorder_accounts_init(struct recorder *rc, int ncpus, recorder_counter_fn fn,
			   void *ctx)
{
	struct recorder_accounts *a = &rc->acct;
	int i;

	a->ncpus = ncpus;
	a->read_counter = fn;
	a->counter_ctx = ctx;
	for (i = 0; i < INPUTTRACE_CNT_MAX; i++) {
		a->seen[i] = calloc(ncpus, sizeof(uint64_t));
		if (!a->seen[i])
			return -ENOMEM;
	}
	a->now = calloc(ncpus, sizeof(uint64_t));
	return a->now ? 0 : -ENOMEM;
}

int record_output_path(const struct record_opts *o, time_t now, pid_t pid,
		       unsigned int seq, char *buf, size_t len)
{
	char stamp[32], suffix[16] = "";
	struct tm tm;
	int n;

	if (!o->output_is_dir) {
		n = snprintf(buf, len, "%s", o->output);
	} else {
		if (!localtime_r(&now, &tm) ||
		    !strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm))
			return -EINVAL;
		if (seq)
			snprintf(suffix, sizeof(suffix), "-%u", seq);
		n = snprintf(buf, len, "%s%sinputtrace-%s-%d%s.itr", o->output,
			     o->output[strlen(o->output) - 1] == '/' ? "" : "/",
			     stamp, (int)pid, suffix);
	}
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

/*
 * Before loading anything: the output must be creatable, so that a typo in
 * -o costs nothing and leaves nothing behind.
 */
int recorder_check_output(struct recorder *rc)
{
	char *path = rc->files.path;
	int err;

	/* messages name it; commands/record.c refused a terminal */
	if (rc->opts->output_stdout) {
		snprintf(path, sizeof(rc->files.path), "stdout");
		return 0;
	}
	err = record_output_path(rc->opts, time(NULL), getpid(), 0, path,
				 sizeof(rc->files.path));
	if (err)
		return cli_error(CMD, -1, "output path too long: %s", rc->opts->output);
	err = tracefile_check_parent(path);
	if (err == -EPERM)
		return cli_error(CMD, -1, "refusing to write into %s's directory: it is group/world-writable or owned by another user",
				 path);
	if (err == -ELOOP)
		return cli_error(CMD, -1, "refusing to write into %s's directory: it is a symlink (give the real directory)",
				 path);
	if (err)
		return cli_error(CMD, -1, "cannot create %s: %s", path, strerror(-err));
	if (access(path, F_OK) == 0)
		return cli_error(CMD, -1, "%s already exists: refusing to overwrite a trace",
				 path);
	return 0;
}

/*
 * The recipient of an encrypted trace: --encrypt-to, else the machine's
 * default recipient if one is configured, unless --plaintext.  Loaded before
 * anything else happens, so a bad key costs nothing.
 */
int recorder_load_recipient(struct recorder *rc)
{
	const struct record_opts *o = rc->opts;
	struct recorder_files *f = &rc->files;
	char err[256];

	if (o->plaintext)
		return 0;
	f->recipient = o->encrypt_to;
	if (!f->recipient && access(RECORD_RECIPIENT_DEFAULT, F_OK) == 0)
		f->recipient = RECORD_RECIPIENT_DEFAULT;
	if (!f->recipient)
		return 0;
	if (keyfile_load_public(f->recipient, f->recipient_pk, err, sizeof(err)))
		return cli_error(CMD, -1, "--encrypt-to: %s", err);
	return 0;
}

/* The global quantum: our own records must be no more exact than events. */
static uint32_t read_global_quantum(void)
{
	char text[32], *end;
	unsigned long v;

	if (sysfs_read(SYSFS_QUANTUM, text, sizeof(text)))
		return 0;
	v = strtoul(text, &end, 10);
	return end != text && v <= INPUTTRACE_QUANTUM_MAX ? (uint32_t)v : 0;
}

int recorder_open_output(struct recorder *rc, int argc, char **argv)
{
	struct recorder_files *f = &rc->files;
	size_t len = 1;
	int i, err;

	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	f->cmdline = calloc(1, len);
	if (!f->cmdline)
		return cli_error(CMD, -1, "out of memory");
	for (i = 0; i < argc; i++) {
		if (i)
			strcat(f->cmdline, " ");
		strcat(f->cmdline, argv[i]);
	}
	rc->acct.quantum_ns = read_global_quantum();
	err = recorder_create_file(rc, &f->out);
	if (err)
		return cli_error(CMD, -1, "cannot create %s: %s", f->path, strerror(-err));
	return 0;
}

int recorder_write_record(const struct trace_record *rec, void *ctx)
{
	struct recorder *rc = ctx;
	int err;

	if (rec->kind == INPUTTRACE_REC_EVENT) {
		if (rc->opts->count && rc->run.events_written >= rc->opts->count) {
			rc->run.events_beyond_count++;
			return 0;
		}
	} else {
		/* even if the write fails: the next file has it then */
		recorder_device_written(rc, rec);
	}
	err = tracefile_append(rc->files.out, rec);
	if (err) {
		/*
		 * Counted, and written as a LOSS record once writes work; a LOSS
		 * record that cannot be written hands its count on.
		 */
		rc->acct.lost_write += rec->kind == INPUTTRACE_REC_LOSS ?
				       rec->loss.count : 1;
		recorder_note_write_error(rc, err);
		return 0;
	}
	if (rec->kind == INPUTTRACE_REC_EVENT)
		rc->run.events_written++;
	return 0;
}

uint64_t recorder_total_lost(const struct recorder *rc)
{
	const struct recorder_accounts *a = &rc->acct;
	uint64_t lost = a->lost_reader + a->lost_write;
	int cpu;

	for (cpu = 0; cpu < a->ncpus; cpu++)
		lost += a->seen[INPUTTRACE_CNT_LOST_RING][cpu] +
			a->seen[INPUTTRACE_CNT_LOST_DEVMAP][cpu];
	return lost;
}

void recorder_free(struct recorder *rc)
{
	int i;

	/* a run that failed before it started leaves no file behind */
	if (rc->files.out)
		tracefile_abort(rc->files.out, !rc->run.started);
	rc->files.out = NULL;
	reorder_free(rc->order);
	rc->order = NULL;
	ring_join_free(rc->join);
	rc->join = NULL;
	for (i = 0; i < INPUTTRACE_CNT_MAX; i++)
		free(rc->acct.seen[i]);
	free(rc->acct.now);
	recorder_forget_devices(rc);
	free(rc->files.cmdline);
	if (rc->acct.paused_fd >= 0)
		close(rc->acct.paused_fd);
	memset(rc, 0, sizeof(*rc));
	rc->acct.paused_fd = -1;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * report_files.c - what `report` reads: operands expanded (a directory to
 * its trace files), each file read through the reader API with dump's
 * device map (lib/dump.c), so a late DEVICE record still names its device.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "dump.h"
#include "report.h"
#include "tracefile.h"

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int push_path(char ***paths, size_t *n, char *p)
{
	char **v;

	if (!p)
		return -ENOMEM;
	v = realloc(*paths, (*n + 1) * sizeof(*v));
	if (!v) {
		free(p);
		return -ENOMEM;
	}
	v[(*n)++] = p;
	*paths = v;
	return 0;
}

int report_expand(const char *operand, char ***paths, size_t *npaths)
{
	size_t first = *npaths, len = strlen(operand);
	struct dirent *de;
	struct stat st;
	char *p;
	DIR *d;
	int err = 0;

	if (stat(operand, &st) || !S_ISDIR(st.st_mode))
		return push_path(paths, npaths, strdup(operand));
	d = opendir(operand);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		/* retention's names: the recorder's files, nothing else there */
		if (fnmatch("inputtrace-*.itr", de->d_name, 0))
			continue;
		if (asprintf(&p, "%s%s%s", operand, len && operand[len - 1] == '/' ? "" : "/",
			     de->d_name) < 0)
			p = NULL;
		err = push_path(paths, npaths, p);
		if (err)
			break;
	}
	closedir(d);
	if (!err && *npaths > first)
		qsort(*paths + first, *npaths - first, sizeof(**paths), name_cmp);
	return err;
}

static int file_add(struct report *r, const char *path, struct report_file **out)
{
	struct report_file *f = realloc(r->files, (r->nfiles + 1) * sizeof(*f));

	if (!f)
		return -ENOMEM;
	r->files = f;
	f = &f[r->nfiles];
	memset(f, 0, sizeof(*f));
	f->path = strdup(path);
	if (!f->path)
		return -ENOMEM;
	r->nfiles++;
	*out = f;
	return 0;
}

static int add_record(struct report *r, const struct dump_devmap *m, const struct trace_record *rec)
{
	switch (rec->kind) {
	case INPUTTRACE_REC_EVENT:
		return report_add_event(r, dump_devmap_find(m, rec->ev.head.dev_id), &rec->ev);
	case INPUTTRACE_REC_LOSS:
		return report_add_loss(r, &rec->loss);
	case INPUTTRACE_REC_PAUSE:
		return report_add_pause(r, &rec->pause);
	}
	return 0;	/* DEVICE: in the map; kinds to come: not ours */
}

int report_add_file(struct report *r, const char *path, const unsigned char *sk, FILE *err)
{
	struct dump_devmap m = { 0 };
	struct tracefile_reader *rd = NULL;
	struct report_file *f = NULL;
	struct trace_record rec;
	int rc, ret = DUMP_OK;

	rc = file_add(r, path, &f);
	if (!rc)
		rc = dump_devmap_collect(&m, path, sk);
	if (!rc)
		rc = tracefile_open_key(path, sk, &rd);
	while (!rc && (rc = tracefile_next(rd, &rec)) == 1) {
		f->records++;
		rc = add_record(r, &m, &rec);
	}
	if (rc < 0) {
		fprintf(err, "inputtrace: report: %s: %s\n", path, tracefile_strerror(rc));
		if (f)
			f->error = rc;
		ret = DUMP_ERROR;
		goto out;
	}
	f->damaged = tracefile_reader_damage_count(rd);
	f->end_seen = tracefile_reader_end_seen(rd);
	if (f->damaged) {
		fprintf(err, "inputtrace: report: %s: %llu damaged range(s) skipped\n", path,
			(unsigned long long)f->damaged);
		ret = DUMP_DAMAGED;
	}
	if (!f->end_seen) {
		fprintf(err, "inputtrace: report: %s: no END block (recording crashed or still running)\n",
			path);
		ret = DUMP_DAMAGED;
	}
out:
	tracefile_reader_close(rd);
	dump_devmap_free(&m);
	return ret;
}

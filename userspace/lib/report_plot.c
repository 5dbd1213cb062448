// SPDX-License-Identifier: GPL-2.0
/*
 * report_plot.c - `report --plot`: the latency distribution of every
 * reader and a timeline of event rate and latency, drawn by gnuplot
 * (Debian's gnuplot-nox) rather than by us.
 *
 * Everything gnuplot reads is generated into a private (0700) temporary
 * directory: the data files and a script that names only those files, so
 * nothing from the trace (a comm, a device name) ever becomes gnuplot
 * syntax except as a sanitised single-quoted title.  gnuplot writes the
 * picture there too; we copy it to the user's path, so a failed plot
 * leaves no half-written file behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "report.h"

#define CDF_POINTS	2000	/* per reader: enough for a smooth line */
#define TL_BINS		200
#define PLOT_READERS	12	/* curves: the readers with the most events */

extern char **environ;

int report_plot_kind(const char *path)
{
	size_t n = strlen(path);

	if (n > 4 && !strcmp(path + n - 4, ".png"))
		return 0;
	if (n > 4 && !strcmp(path + n - 4, ".svg"))
		return 1;
	return -1;
}

struct plot_dir {
	char *dir;
	char *files[64];	/* to remove afterwards */
	size_t nfiles;
};

/* The path of @name in the temporary directory, removed at the end. */
static char *plot_path(struct plot_dir *pd, const char *name)
{
	char *p;

	if (pd->nfiles == sizeof(pd->files) / sizeof(pd->files[0]) ||
	    asprintf(&p, "%s/%s", pd->dir, name) < 0)
		return NULL;
	pd->files[pd->nfiles++] = p;
	return p;
}

/* Create @name there (never an existing file); *@pathp: its path. */
static FILE *plot_file(struct plot_dir *pd, const char *name, char **pathp)
{
	char *p = plot_path(pd, name);

	*pathp = p;
	return p ? fopen(p, "wx") : NULL;
}

static void plot_dir_free(struct plot_dir *pd)
{
	size_t i;

	for (i = 0; i < pd->nfiles; i++) {
		unlink(pd->files[i]);
		free(pd->files[i]);
	}
	if (pd->dir)
		rmdir(pd->dir);
	free(pd->dir);
}

/* A gnuplot single-quoted string ('' is a '): our own paths. */
static void put_squoted(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', f);
		fputc(*s, f);
	}
	fputc('\'', f);
}

/* The same of printable ASCII only: text from the trace as a title. */
static void put_title(FILE *f, const char *s, size_t n)
{
	char clean[INPUTTRACE_COMM_LEN + 1];
	size_t i;

	for (i = 0; i < n && i < sizeof(clean) - 1 && s[i]; i++)
		clean[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	clean[i] = '\0';
	put_squoted(f, clean);
}

/* Latency CDF of one reader: at most CDF_POINTS of its sorted latencies. */
static int write_cdf(FILE *f, const struct report_stream *s)
{
	size_t i, step = s->lat.n / CDF_POINTS + 1;

	for (i = 0; i < s->lat.n; i += step)
		if (s->lat.v[i] > 0)
			fprintf(f, "%.3f %.6f\n", s->lat.v[i] / 1e3, (double)(i + 1) / s->lat.n);
	if (s->lat.n && s->lat.v[s->lat.n - 1] > 0)
		fprintf(f, "%.3f 1\n", s->lat.v[s->lat.n - 1] / 1e3);
	return ferror(f) ? -EIO : 0;
}

/* Per time bin: seconds, events/s, median and max latency (us). */
static int write_timeline(FILE *f, const struct report *r)
{
	uint64_t span = (uint64_t)(r->last_ns - r->first_ns), width = span / TL_BINS + 1;
	struct report_i64s bin = { 0 };
	size_t i = 0, j;

	while (i < r->ntl) {
		uint64_t b = (uint64_t)(r->tl[i].time_ns - r->first_ns) / width;

		bin.n = 0;
		for (j = i; j < r->ntl && (uint64_t)(r->tl[j].time_ns - r->first_ns) / width == b; j++)
			if (report_i64s_push(&bin, r->tl[j].lat_ns)) {
				report_i64s_free(&bin);
				return -ENOMEM;
			}
		report_sort_i64(bin.v, bin.n);
		fprintf(f, "%.6f %.3f %.3f %.3f\n", (b * width + width / 2) / 1e9,
			(double)(j - i) * 1e9 / width,
			report_percentile(bin.v, bin.n, 500) / 1e3, bin.v[bin.n - 1] / 1e3);
		i = j;
	}
	report_i64s_free(&bin);
	return ferror(f) ? -EIO : 0;
}

/*
 * The readers to draw, most events first, at most PLOT_READERS, only
 * those with a positive latency (a log axis).  Returns how many.
 */
static size_t pick_readers(const struct report *r, size_t *pick)
{
	size_t n = 0, i, j;

	for (i = 0; i < r->nreaders; i++) {
		const struct report_stream *st = &r->readers[i];

		if (st->lat_max <= 0)
			continue;
		for (j = n; j > 0 && r->readers[pick[j - 1]].events < st->events; j--)
			if (j < PLOT_READERS)
				pick[j] = pick[j - 1];
		if (j < PLOT_READERS)
			pick[j] = i;
		if (n < PLOT_READERS)
			n++;
	}
	return n;
}

static int write_script(struct plot_dir *pd, const struct report *r, int kind,
			char **script, char **pic)
{
	size_t pick[PLOT_READERS], np, i;
	char *data, name[32];
	FILE *s, *d;
	int err = 0;

	*pic = plot_path(pd, kind ? "plot.svg" : "plot.png");	/* gnuplot creates it */
	s = plot_file(pd, "plot.gp", script);
	if (!*pic || !s) {
		if (s)
			fclose(s);
		return -EIO;
	}
	fprintf(s, "set terminal %s size 1000,900\nset output ", kind ? "svg" : "pngcairo");
	put_squoted(s, *pic);
	fputs("\nset termoption noenhanced\nset multiplot layout 2,1\n", s);
	np = pick_readers(r, pick);
	fputs("set title 'Delivery latency per reader (read_ns - time_ns)", s);
	if (np < r->nreaders)
		fprintf(s, ", the %zu of %zu readers with the most events", np, r->nreaders);
	fputs("'\nset xlabel 'latency (us)'\nset ylabel 'fraction of events'\n"
	      "set logscale x\nset key bottom right\nset grid\nset yrange [0:1]\n", s);
	/* a log axis needs a positive value: else gnuplot fails the plot */
	if (!np)
		fputs("set label 'no positive latency' at graph 0.5, 0.5 center\n"
		      "plot [1:10] [0:1] NaN notitle\n", s);
	for (i = 0; i < np && !err; i++) {
		const struct report_stream *st = &r->readers[pick[i]];

		snprintf(name, sizeof(name), "lat%zu.dat", i);
		d = plot_file(pd, name, &data);
		if (!d) {
			err = -EIO;
			break;
		}
		err = write_cdf(d, st);
		if (fclose(d))
			err = -EIO;
		fputs(i ? ", \\\n    " : "plot ", s);
		put_squoted(s, data);
		fputs(" using 1:2 with steps lw 2 title ", s);
		put_title(s, st->comm, sizeof(st->comm));
		fprintf(s, " . ' pid %u'", st->pid);
	}
	fputs("\nunset logscale x\nset yrange [*:*]\n", s);
	if (!err && r->ntl && np) {
		d = plot_file(pd, "timeline.dat", &data);
		if (!d)
			err = -EIO;
		if (!err)
			err = write_timeline(d, r);
		if (d && fclose(d))
			err = -EIO;
		fputs("set title 'Timeline'\nset xlabel 'seconds since the first event'\n"
		      "set ylabel 'events/s'\nset y2label 'latency (us)'\nset logscale y2\n"
		      "set ytics nomirror\nset y2tics\nset key top right\nplot ", s);
		put_squoted(s, data);
		fputs(" using 1:2 with steps lw 2 title 'event rate', \\\n"
		      "    '' using 1:($3 > 0 ? $3 : NaN) axes x1y2 with lines title 'median latency', \\\n"
		      "    '' using 1:($4 > 0 ? $4 : NaN) axes x1y2 with lines title 'max latency'\n", s);
	}
	fputs("unset multiplot\n", s);
	if (fclose(s) || err)
		return err ? err : -EIO;
	return 0;
}

/* Run gnuplot on @script; its stderr goes to @log.  0, -ENOENT, or -1. */
static int run_gnuplot(const char *script, const char *log)
{
	char *argv[] = { "gnuplot", (char *)script, NULL };
	posix_spawn_file_actions_t fa;
	int rc, status;
	pid_t pid;

	if (posix_spawn_file_actions_init(&fa))
		return -ENOMEM;
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	rc = posix_spawnp(&pid, "gnuplot", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc)
		return -rc;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int copy_file(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC), out = -1, err = 0;
	ssize_t n;

	if (in < 0)
		return -errno;
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (out < 0)
		err = -errno;
	while (!err && (n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0 || write(out, buf, n) != n)
			err = n < 0 ? -errno : -EIO;
	}
	if (out >= 0 && close(out) && !err)
		err = -errno;
	close(in);
	return err;
}

/* The first line of gnuplot's complaints, for our one error line. */
static void first_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (f) {
		if (!fgets(buf, len, f))
			buf[0] = '\0';
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = '\0';
}

int report_plot(const struct report *r, const char *path, FILE *err)
{
	const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	struct plot_dir pd = { 0 };
	char *script = NULL, *pic = NULL, *log = NULL, msg[200];
	int kind = report_plot_kind(path), rc;

	if (kind < 0) {
		fprintf(err, "inputtrace: report: %s: the plot must end in .png or .svg\n", path);
		return -1;
	}
	if (asprintf(&pd.dir, "%s/inputtrace-plot.XXXXXX", base) < 0) {
		pd.dir = NULL;
		rc = -ENOMEM;
		goto fail;
	}
	if (!mkdtemp(pd.dir)) {
		rc = -errno;
		free(pd.dir);
		pd.dir = NULL;
		goto fail;
	}
	rc = write_script(&pd, r, kind, &script, &pic);
	if (!rc && !(log = plot_path(&pd, "gnuplot.log")))
		rc = -EIO;
	if (!rc)
		rc = run_gnuplot(script, log);
	if (rc == -ENOENT) {
		fprintf(err, "inputtrace: report: --plot needs gnuplot, which is not installed "
			"(Debian: apt install gnuplot-nox)\n");
		goto out;
	}
	if (rc == -1) {
		first_line(log, msg, sizeof(msg));
		fprintf(err, "inputtrace: report: gnuplot failed%s%s\n", *msg ? ": " : "", msg);
		goto out;
	}
	if (!rc)
		rc = copy_file(pic, path);
	if (!rc)
		goto out;
fail:
	fprintf(err, "inputtrace: report: %s: %s\n", path, strerror(-rc));
out:
	plot_dir_free(&pd);
	return rc ? -1 : 0;
}

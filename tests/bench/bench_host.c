// SPDX-License-Identifier: GPL-2.0
/*
 * bench_host.c - `make bench-host`: the reader's file path on the host, no
 * VM.  A realistic record stream (stream_mix.c) goes through the real
 * writer (encode -> block -> [zstd] -> [secretstream] -> write) and back
 * through the reader dump uses, then through `dump --format json` to
 * /dev/null, in format version 2 (the default) and version 1.  Prints
 * records/s per stage and bytes per event on disk,
 * the median of --rounds runs with the spread (max/min), and writes the
 * same figures as JSON (--json FILE).
 *
 * The stream is generated before the clock starts: what is timed is the
 * library, not the generator.  The file lives on a tmpfs when there is
 * one (/dev/shm), so the figures are CPU cost, not the disk's speed.
 * Every run reads back exactly the records it wrote, or the bench fails.
 */
#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"
#include "dump.h"
#include "stream_mix.h"
#include "tracefile.h"

#define MAX_ROUNDS	15

enum stage { ST_WRITE, ST_READ, ST_DUMP, NSTAGES };
static const char *const stage_names[NSTAGES] = { "write", "read", "dump_json" };

struct variant {
	const char *name;
	bool compress, encrypt;
	uint16_t version;	/* trace format version written */
};

/* The default format (v2), then version 1 for comparison. */
static const struct variant variants[] = {
	{ "plain", false, false, 2 },
	{ "zstd", true, false, 2 },
	{ "zstd+encrypted", true, true, 2 },
	{ "plain", false, false, 1 },
	{ "zstd", true, false, 1 },
	{ "zstd+encrypted", true, true, 1 },
};
#define NVARIANTS	(sizeof(variants) / sizeof(variants[0]))

struct result {
	double rate[NSTAGES][MAX_ROUNDS];	/* records per CPU second */
	double bytes_per_event;
};

static const char usage[] =
"Usage: bench-host [OPTIONS]\n"
"Push a realistic record stream through the trace file writer and reader.\n"
"\n"
"  -n, --records=N   records per run (default 1000000)\n"
"  -r, --rounds=N    runs per variant, interleaved (default 3, max 15)\n"
"  -d, --dir=DIR     where the files go (default: a new directory in\n"
"                    /dev/shm, else in $TMPDIR or /tmp)\n"
"  -j, --json=FILE   also write the figures as JSON\n"
"  -h, --help        this text\n";

static const struct option longopts[] = {
	{ "records", required_argument, NULL, 'n' },
	{ "rounds", required_argument, NULL, 'r' },
	{ "dir", required_argument, NULL, 'd' },
	{ "json", required_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static const struct cli_spec spec = {
	.cmd = "bench-host", .usage = usage, .shortopts = "n:r:d:j:",
	.longopts = longopts, .usage_status = CLI_EXIT_USAGE,
};

struct opts {
	uint64_t records, rounds;
	const char *dir, *json;
};

static int parse_opt(void *ctx, int opt, char *arg)
{
	struct opts *o = ctx;

	switch (opt) {
	case 'n':
		if (cli_parse_u64(arg, 1000, 100000000, &o->records))
			return cli_error("bench-host", CLI_USAGE, "--records: 1000..100000000, not %s", arg);
		return 0;
	case 'r':
		if (cli_parse_u64(arg, 1, MAX_ROUNDS, &o->rounds))
			return cli_error("bench-host", CLI_USAGE, "--rounds: 1..%d, not %s", MAX_ROUNDS, arg);
		return 0;
	case 'd':
		o->dir = arg;
		return 0;
	case 'j':
		o->json = arg;
		return 0;
	}
	return CLI_USAGE;
}

/* CPU seconds of this process (user + system): the cost, not the wait. */
static double cpu_now(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static int write_file(const char *path, const struct variant *v,
		      const unsigned char *pk, const struct trace_record *recs,
		      size_t n)
{
	struct tracefile_opts o = { .compress = v->compress, .sync = TRACEFILE_SYNC_NONE,
				    .recipient_pk = v->encrypt ? pk : NULL,
				    .version = v->version };
	struct tracefile_meta m = { .cmdline = "bench-host" };
	struct tracefile_writer *w;
	size_t i;
	int err;

	err = tracefile_create(path, &m, &o, &w);
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		err = tracefile_append(w, &recs[i]);
		if (err) {
			tracefile_abort(w, true);
			return err;
		}
	}
	return tracefile_close(w);
}

/* Read @path back: the count of records, or a negative errno. */
static long read_file(const char *path, const unsigned char *sk)
{
	struct tracefile_reader *r;
	struct trace_record rec;
	long count = 0;
	int ret;

	ret = tracefile_open_key(path, sk, &r);
	if (ret)
		return ret;
	while ((ret = tracefile_next(r, &rec)) == 1)
		count++;
	if (tracefile_reader_damage_count(r))
		ret = -EBADMSG;
	tracefile_reader_close(r);
	return ret < 0 ? ret : count;
}

static int run_once(const char *dir, const struct variant *v, int round,
		    const unsigned char *pk, const unsigned char *sk,
		    const struct trace_record *recs, size_t n, size_t events,
		    struct result *res)
{
	char path[4096];
	struct stat st;
	FILE *null;
	double t;
	long got;
	int err;

	snprintf(path, sizeof(path), "%s/%s-v%u-%d.itr", dir, v->name, v->version, round);
	t = cpu_now();
	err = write_file(path, v, pk, recs, n);
	if (err)
		return cli_error("bench-host", err, "writing %s: %s", path, strerror(-err));
	res->rate[ST_WRITE][round] = n / (cpu_now() - t);

	t = cpu_now();
	got = read_file(path, sk);
	if (got != (long)n)
		return cli_error("bench-host", -EBADMSG, "%s: read back %ld of %zu records",
				 path, got, n);
	res->rate[ST_READ][round] = n / (cpu_now() - t);

	null = fopen("/dev/null", "we");
	if (!null)
		return -errno;
	t = cpu_now();
	err = dump_file(null, stderr, path, DUMP_JSON, sk);
	res->rate[ST_DUMP][round] = n / (cpu_now() - t);
	fclose(null);
	if (err != DUMP_OK)
		return cli_error("bench-host", -EBADMSG, "dump of %s failed (%d)", path, err);

	if (stat(path, &st))
		return -errno;
	res->bytes_per_event = (double)st.st_size / events;
	unlink(path);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct summary {
	double median, min, max;
};

static struct summary summarize(const double *v, int n)
{
	double s[MAX_ROUNDS];

	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	return (struct summary){ .median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2,
				 .min = s[0], .max = s[n - 1] };
}

static void report(FILE *json, const struct result *res, int rounds,
		   size_t n, size_t events)
{
	size_t v;
	int s;

	printf("bench-host: %zu records (%zu events) per run, %d rounds; records per CPU second, median (spread max/min)\n",
	       n, events, rounds);
	printf("  %-16s %7s %22s %22s %22s %10s\n", "variant", "format", "write", "read",
	       "dump --format json", "bytes/ev");
	if (json)
		fprintf(json, "{\"records\": %zu, \"events\": %zu, \"rounds\": %d, \"variants\": [",
			n, events, rounds);
	for (v = 0; v < NVARIANTS; v++) {
		printf("  %-16s %6s%u", variants[v].name, "v", variants[v].version);
		if (json)
			fprintf(json, "%s\n  {\"variant\": \"%s\", \"version\": %u, \"bytes_per_event\": %.3f",
				v ? "," : "", variants[v].name, variants[v].version,
				res[v].bytes_per_event);
		for (s = 0; s < NSTAGES; s++) {
			struct summary sm = summarize(res[v].rate[s], rounds);

			printf(" %13.2fM/s (%.2f)", sm.median / 1e6, sm.max / sm.min);
			if (json)
				fprintf(json, ", \"%s\": {\"median\": %.0f, \"min\": %.0f, \"max\": %.0f}",
					stage_names[s], sm.median, sm.min, sm.max);
		}
		printf(" %10.2f\n", res[v].bytes_per_event);
		if (json)
			fputc('}', json);
	}
	if (json)
		fputs("\n]}\n", json);
}

int main(int argc, char **argv)
{
	struct opts o = { .records = 1000000, .rounds = 3 };
	unsigned char pk[TRACEFILE_KEY_BYTES], sk[TRACEFILE_KEY_BYTES];
	struct result res[NVARIANTS];
	char tmpl[4096];
	struct trace_record *recs;
	const char *dir;
	size_t events, v;
	FILE *json = NULL;
	int ret, round, err = 0;

	ret = cli_getopt(&spec, argc, argv, parse_opt, &o);
	if (ret < 0)
		return cli_exit_status(&spec, ret);
	ret = cli_no_operands(&spec, argc, argv, ret);
	if (ret < 0)
		return cli_exit_status(&spec, ret);
	if (sodium_init() < 0 || crypto_box_keypair(pk, sk))
		return cli_error("bench-host", CLI_EXIT_FAILURE, "libsodium cannot start");
	dir = o.dir;
	if (!dir) {
		snprintf(tmpl, sizeof(tmpl), "%s/inputtrace-bench-XXXXXX",
			 access("/dev/shm", W_OK) == 0 ? "/dev/shm" :
			 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		dir = mkdtemp(tmpl);
		if (!dir)
			return cli_error("bench-host", CLI_EXIT_FAILURE, "mkdtemp: %s", strerror(errno));
	}
	recs = calloc(o.records, sizeof(*recs));
	if (!recs)
		return cli_error("bench-host", CLI_EXIT_FAILURE, "out of memory");
	events = stream_mix(recs, o.records, 0x1a2b3c4d);
	memset(res, 0, sizeof(res));
	/* interleaved: a slow moment of the machine hits every variant alike */
	for (round = 0; round < (int)o.rounds && !err; round++)
		for (v = 0; v < NVARIANTS && !err; v++)
			err = run_once(dir, &variants[v], round, pk, sk, recs, o.records,
				       events, &res[v]);
	if (!o.dir)
		rmdir(dir);
	free(recs);
	if (err)
		return CLI_EXIT_FAILURE;
	if (o.json) {
		json = fopen(o.json, "we");
		if (!json)
			return cli_error("bench-host", CLI_EXIT_FAILURE, "%s: %s", o.json,
					 strerror(errno));
	}
	report(json, res, o.rounds, o.records, events);
	if (json && fclose(json))
		return cli_error("bench-host", CLI_EXIT_FAILURE, "%s: %s", o.json, strerror(errno));
	return CLI_EXIT_OK;
}

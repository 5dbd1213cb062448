// SPDX-License-Identifier: GPL-2.0
/*
 * report_json.c - a finished report as one JSON object (the schema is in
 * inputtrace-report(1); fields are only ever added).  Names from the
 * traced machine (device names, comm) are escaped as dump escapes them.
 */
#include <inttypes.h>
#include <string.h>
#include "dump.h"
#include "report.h"

#define REPORT_SCHEMA	1

/* A number or null (a rate without a span, a mean without intervals). */
static void put_rate(FILE *f, double v)
{
	if (v < 0)
		fputs("null", f);
	else
		fprintf(f, "%.3f", v);
}

static void json_types(FILE *f, const uint64_t *types)
{
	const char *sep = "";
	char buf[16];
	unsigned int t;

	fputc('{', f);
	for (t = 0; t < REPORT_EV_TYPES; t++) {
		if (!types[t])
			continue;
		fprintf(f, "%s\"%s\":%" PRIu64, sep, report_type_name(t, buf, sizeof(buf)), types[t]);
		sep = ",";
	}
	fputc('}', f);
}

static void json_reader(FILE *f, const struct report *r, const struct report_stream *s)
{
	char note[96];
	int i;

	fprintf(f, "{\"pid\":%u,\"comm\":", s->pid);
	dump_put_quoted(f, s->comm, sizeof(s->comm), true);
	fprintf(f, ",\"cgroup_id\":%" PRIu64 ",\"events\":%" PRIu64 ",\"types\":",
		s->cgroup_id, s->events);
	json_types(f, s->types);
	fputs(",\"rate_hz\":", f);
	put_rate(f, report_rate(r, s->events));
	fprintf(f, ",\"latency_ns\":{\"min\":%" PRId64, s->lat_min);
	for (i = 0; i < REPORT_NPCT; i++)
		fprintf(f, ",\"%s\":%" PRId64, report_pct_name[i], s->pct[i]);
	fprintf(f, ",\"max\":%" PRId64 "},\"levels\":{\"redacted\":%" PRIu64 ",\"full\":%"
		PRIu64 "},\"quantum_ns\":{\"min\":%u,\"max\":%u},\"note\":", s->lat_max,
		s->levels[INPUTTRACE_LEVEL_REDACTED], s->levels[INPUTTRACE_LEVEL_FULL],
		s->quantum_min, s->quantum_max);
	if (report_quantum_note(s->quantum_max, note, sizeof(note)))
		fprintf(f, "\"%s\"}", note);
	else
		fputs("null}", f);
}

static void json_device(FILE *f, const struct report *r, const struct report_device *d)
{
	const struct report_rate *rt = &d->rate;
	unsigned int peaks[4];
	size_t i, np;

	fprintf(f, "{\"dev_id\":%u,\"name\":", d->dev.head.dev_id);
	if (d->known) {
		dump_put_quoted(f, d->dev.name, sizeof(d->dev.name), true);
		fputs(",\"phys\":", f);
		dump_put_quoted(f, d->dev.phys, sizeof(d->dev.phys), true);
		fputs(",\"uniq\":", f);
		dump_put_quoted(f, d->dev.uniq, sizeof(d->dev.uniq), true);
		fprintf(f, ",\"minor\":%u,\"bustype\":%u,\"vendor\":%u,\"product\":%u,"
			"\"version\":%u", d->dev.minor, d->dev.bustype, d->dev.vendor,
			d->dev.product, d->dev.version);
	} else {
		fputs("null", f);
	}
	fprintf(f, ",\"events\":%" PRIu64 ",\"types\":", d->events);
	json_types(f, d->types);
	fputs(",\"rate_hz\":", f);
	put_rate(f, report_rate(r, d->events));
	fprintf(f, ",\"frames\":%" PRIu64 ",\"intervals\":%" PRIu64 ",\"gaps\":%" PRIu64
		",\"mean_interval_ns\":", rt->frames, rt->intervals, rt->gaps);
	if (rt->intervals)
		fprintf(f, "%" PRIu64 ",\"report_rate_hz\":%.3f", rt->mean_interval_ns, rt->rate_hz);
	else
		fputs("null,\"report_rate_hz\":null", f);
	fputs(",\"peaks_hz\":[", f);
	np = report_hist_peaks(rt, peaks, 4);
	for (i = 0; i < np; i++)
		fprintf(f, "%s%.3f", i ? "," : "", report_hist_centre_hz(peaks[i]));
	fputs("],\"interval_histogram\":[", f);
	for (i = 0; i < REPORT_HIST_BINS; i++) {
		fprintf(f, "%s{\"low_ns\":%" PRIu64 ",\"high_ns\":", i ? "," : "",
			report_hist_edge(i));
		if (i + 1 < REPORT_HIST_BINS)
			fprintf(f, "%" PRIu64, report_hist_edge(i + 1));
		else
			fputs("null", f);
		fprintf(f, ",\"count\":%" PRIu64 "}", rt->hist[i]);
	}
	fputs("],\"readers\":[", f);
	for (i = 0; i < d->nreaders; i++) {
		if (i)
			fputc(',', f);
		json_reader(f, r, &d->readers[i]);
	}
	fputs("]}", f);
}

void report_print_json(FILE *f, const struct report *r)
{
	uint64_t lost = 0, suppressed = 0;
	const char *sep = "";
	size_t i;

	fprintf(f, "{\"schema\":%d,\"files\":[", REPORT_SCHEMA);
	for (i = 0; i < r->nfiles; i++) {
		fputs(i ? ",{\"path\":" : "{\"path\":", f);
		dump_put_quoted(f, r->files[i].path, strlen(r->files[i].path), true);
		fprintf(f, ",\"records\":%" PRIu64 ",\"damaged\":%" PRIu64 ",\"end\":%s}",
			r->files[i].records, r->files[i].damaged,
			r->files[i].end_seen ? "true" : "false");
	}
	fprintf(f, "],\"events\":%" PRIu64 ",\"first_ns\":", r->events);
	if (r->events)
		fprintf(f, "%" PRId64 ",\"last_ns\":%" PRId64, r->first_ns, r->last_ns);
	else
		fputs("null,\"last_ns\":null", f);
	fprintf(f, ",\"span_s\":%.9f,\"devices\":[", report_span_s(r));
	for (i = 0; i < r->ndevices; i++) {
		if (i)
			fputc(',', f);
		json_device(f, r, &r->devices[i]);
	}
	fputs("],\"readers\":[", f);
	for (i = 0; i < r->nreaders; i++) {
		if (i)
			fputc(',', f);
		json_reader(f, r, &r->readers[i]);
	}
	fputs("],\"losses\":[", f);
	for (i = 0; i < REPORT_LOSS_SOURCES; i++) {
		const struct report_loss *l = &r->loss[i];

		if (!l->records)
			continue;
		fprintf(f, "%s{\"source\":\"%s\",\"records\":%" PRIu64 ",\"count\":%" PRIu64
			",\"first_ns\":%" PRIu64 ",\"last_ns\":%" PRIu64 "}", sep,
			dump_loss_source_name(i), l->records, l->count, l->first_ns, l->last_ns);
		lost += l->count;
		sep = ",";
	}
	fputs("],\"pauses\":[", f);
	for (i = 0; i < r->npauses; i++) {
		const struct report_pause *p = &r->pauses[i];

		fprintf(f, "%s{\"since_ns\":", i ? "," : "");
		if (p->since_ns)
			fprintf(f, "%" PRIu64, p->since_ns);
		else
			fputs("null", f);
		fprintf(f, ",\"until_ns\":%" PRIu64 ",\"count\":%" PRIu64 "}", p->time_ns, p->count);
		suppressed += p->count;
	}
	fprintf(f, "],\"lost\":%" PRIu64 ",\"suppressed\":%" PRIu64 "}\n", lost, suppressed);
}


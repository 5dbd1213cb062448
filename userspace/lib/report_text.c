// SPDX-License-Identifier: GPL-2.0
/*
 * report_text.c - a finished report as text (report_json.c: as JSON), and
 * the one entry point that picks.  Names from the traced machine (device
 * names, comm) are escaped as dump escapes them.
 */
#include <inttypes.h>
#include <string.h>
#include <libevdev/libevdev.h>
#include "dump.h"
#include "report.h"

const char *report_type_name(unsigned int t, char *buf, size_t len)
{
	const char *n = t < REPORT_EV_TYPES - 1 ? libevdev_event_type_get_name(t) : NULL;

	if (n)
		return n;
	snprintf(buf, len, t < REPORT_EV_TYPES - 1 ? "EV_0x%02x" : "EV_other", t);
	return buf;
}

/* A duration: ns, us or ms, three significant-ish digits. */
static void text_ns(FILE *f, int64_t ns)
{
	uint64_t a = ns < 0 ? -(uint64_t)ns : (uint64_t)ns;
	const char *sign = ns < 0 ? "-" : "";

	if (a < 10000)
		fprintf(f, "%s%" PRIu64 " ns", sign, a);
	else if (a < 10000000)
		fprintf(f, "%s%.1f us", sign, a / 1e3);
	else
		fprintf(f, "%s%.1f ms", sign, a / 1e6);
}

static void text_time(FILE *f, uint64_t ns)
{
	fprintf(f, "%" PRIu64 ".%06" PRIu64, ns / 1000000000, ns % 1000000000 / 1000);
}

static void text_counts(FILE *f, const struct report *r, uint64_t events, const uint64_t *types)
{
	const char *sep = " (";
	double rate = report_rate(r, events);
	unsigned int t;
	char buf[16];

	fprintf(f, "%" PRIu64 " events", events);
	for (t = 0; t < REPORT_EV_TYPES; t++) {
		if (!types[t])
			continue;
		fprintf(f, "%s%s %" PRIu64, sep, report_type_name(t, buf, sizeof(buf)), types[t]);
		sep = ", ";
	}
	if (*sep == ',')
		fputc(')', f);
	if (rate >= 0)
		fprintf(f, ", %.1f/s", rate);
}

static void text_reader(FILE *f, const struct report *r, const struct report_stream *s,
			const char *indent)
{
	char note[96];
	int i;

	fprintf(f, "%sreader pid %u ", indent, s->pid);
	dump_put_quoted(f, s->comm, sizeof(s->comm), false);
	fprintf(f, " cgroup %" PRIu64 ": ", s->cgroup_id);
	text_counts(f, r, s->events, s->types);
	fprintf(f, "\n%s  latency", indent);
	for (i = 0; i < REPORT_NPCT; i++) {
		fprintf(f, " %s ", report_pct_name[i]);
		text_ns(f, s->pct[i]);
	}
	fputs(" max ", f);
	text_ns(f, s->lat_max);
	fprintf(f, "\n%s  level", indent);
	if (s->levels[INPUTTRACE_LEVEL_FULL])
		fprintf(f, " full (%" PRIu64 ")", s->levels[INPUTTRACE_LEVEL_FULL]);
	if (s->levels[INPUTTRACE_LEVEL_REDACTED])
		fprintf(f, " redacted (%" PRIu64 ")", s->levels[INPUTTRACE_LEVEL_REDACTED]);
	if (s->quantum_max && s->quantum_min != s->quantum_max)
		fprintf(f, ", quantum %u..%u ns", s->quantum_min, s->quantum_max);
	else if (s->quantum_max)
		fprintf(f, ", quantum %u ns", s->quantum_max);
	else
		fputs(", exact times", f);
	fputc('\n', f);
	if (report_quantum_note(s->quantum_max, note, sizeof(note)))
		fprintf(f, "%s  note: %s\n", indent, note);
}

static void text_histogram(FILE *f, const struct report_rate *rt)
{
	uint64_t most = 0;
	unsigned int i;

	for (i = 0; i < REPORT_HIST_BINS; i++)
		if (rt->hist[i] > most)
			most = rt->hist[i];
	for (i = 0; i < REPORT_HIST_BINS && most; i++) {
		unsigned int bar = (unsigned int)((rt->hist[i] * 40 + most - 1) / most);

		if (!rt->hist[i])
			continue;
		fputs("    ", f);
		if (i == 0) {
			fputs("      below ", f);
			text_ns(f, report_hist_edge(1));
		} else if (i == REPORT_HIST_BINS - 1) {
			fputs("    idle, from ", f);
			text_ns(f, report_hist_edge(i));
		} else {
			fprintf(f, "%8.0f Hz  ", report_hist_centre_hz(i));
			text_ns(f, report_hist_edge(i));
			fputs(" - ", f);
			text_ns(f, report_hist_edge(i + 1));
		}
		fprintf(f, "  %" PRIu64 " %.*s\n", rt->hist[i], (int)bar,
			"########################################");
	}
}

static void text_device(FILE *f, const struct report *r, const struct report_device *d)
{
	const struct report_rate *rt = &d->rate;
	unsigned int peaks[4];
	size_t i, np;

	fputs("device ", f);
	if (d->known) {
		dump_put_quoted(f, d->dev.name, sizeof(d->dev.name), false);
		fprintf(f, " event%u bus 0x%04x vendor 0x%04x product 0x%04x\n", d->dev.minor,
			d->dev.bustype, d->dev.vendor, d->dev.product);
	} else {
		fprintf(f, "#%u (no DEVICE record)\n", d->dev.head.dev_id);
	}
	fputs("  ", f);
	text_counts(f, r, d->events, d->types);
	fprintf(f, "\n  frames %" PRIu64, rt->frames);
	if (rt->intervals) {
		fprintf(f, ", report rate %.1f Hz (mean interval ", rt->rate_hz);
		text_ns(f, rt->mean_interval_ns);
		fprintf(f, " over %" PRIu64 " intervals, %" PRIu64 " idle gaps)", rt->intervals,
			rt->gaps);
		np = report_hist_peaks(rt, peaks, 4);
		for (i = 0; i < np; i++)
			fprintf(f, "%s%.0f Hz", i ? ", " : "; peaks at ", report_hist_centre_hz(peaks[i]));
		fputc('\n', f);
		text_histogram(f, rt);
	} else {
		fputs(", no report rate (fewer than two frames)\n", f);
	}
	for (i = 0; i < d->nreaders; i++)
		text_reader(f, r, &d->readers[i], "  ");
}

static void print_text(FILE *f, const struct report *r)
{
	uint64_t suppressed = 0;
	size_t i;

	fprintf(f, "%zu file(s), %" PRIu64 " events", r->nfiles, r->events);
	if (r->events) {
		fputs(" from ", f);
		text_time(f, r->first_ns);
		fputs(" to ", f);
		text_time(f, r->last_ns);
		fprintf(f, " (%.3f s)", report_span_s(r));
	}
	fputc('\n', f);
	for (i = 0; i < r->nfiles; i++) {
		fputs("  ", f);
		dump_put_quoted(f, r->files[i].path, strlen(r->files[i].path), false);
		fprintf(f, ": %" PRIu64 " records", r->files[i].records);
		if (r->files[i].damaged)
			fprintf(f, ", %" PRIu64 " damaged ranges", r->files[i].damaged);
		if (!r->files[i].end_seen)
			fputs(", no END block", f);
		fputc('\n', f);
	}
	for (i = 0; i < r->ndevices; i++) {
		fputc('\n', f);
		text_device(f, r, &r->devices[i]);
	}
	if (r->nreaders)
		fputs("\nreaders (all devices)\n", f);
	for (i = 0; i < r->nreaders; i++)
		text_reader(f, r, &r->readers[i], "  ");
	fputs("\nlosses:", f);
	for (i = 0; i < REPORT_LOSS_SOURCES; i++) {
		const struct report_loss *l = &r->loss[i];

		if (!l->records)
			continue;
		fprintf(f, "\n  %s: %" PRIu64 " events lost (%" PRIu64 " records, ",
			dump_loss_source_name(i), l->count, l->records);
		text_time(f, l->first_ns);
		fputs(" to ", f);
		text_time(f, l->last_ns);
		fputc(')', f);
	}
	fputs(r->loss[0].records || r->loss[1].records || r->loss[2].records ||
	      r->loss[3].records || r->loss[4].records ? "\n" : " none\n", f);
	for (i = 0; i < r->npauses; i++)
		suppressed += r->pauses[i].count;
	fprintf(f, "pauses: %zu, %" PRIu64 " events suppressed\n", r->npauses, suppressed);
	for (i = 0; i < r->npauses; i++) {
		fputs("  ", f);
		if (r->pauses[i].since_ns) {
			text_time(f, r->pauses[i].since_ns);
			fputs(" to ", f);
		} else {
			fputs("shorter than a poll round, to ", f);
		}
		text_time(f, r->pauses[i].time_ns);
		fprintf(f, ": %" PRIu64 " suppressed\n", r->pauses[i].count);
	}
}

int report_print(FILE *out, const struct report *r, enum report_format fmt)
{
	if (fmt == REPORT_JSON)
		report_print_json(out, r);
	else
		print_text(out, r);
	return fflush(out) || ferror(out) ? -1 : 0;
}

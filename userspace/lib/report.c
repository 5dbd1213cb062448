// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - the report's accumulator: devices, readers and their
 * (device, reader) pairs, losses and pauses (report.h says what counts).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/input.h>
#include "array.h"
#include "report.h"

void report_init(struct report *r)
{
	memset(r, 0, sizeof(*r));
}

static void stream_free(struct report_stream *s)
{
	report_i64s_free(&s->lat);
}

void report_free(struct report *r)
{
	size_t i, j;

	for (i = 0; i < r->nfiles; i++)
		free(r->files[i].path);
	free(r->files);
	for (i = 0; i < r->ndevices; i++) {
		for (j = 0; j < r->devices[i].nreaders; j++)
			stream_free(&r->devices[i].readers[j]);
		free(r->devices[i].readers);
		report_i64s_free(&r->devices[i].frames);
	}
	free(r->devices);
	for (i = 0; i < r->nreaders; i++)
		stream_free(&r->readers[i]);
	free(r->readers);
	free(r->pauses);
	free(r->tl);
	memset(r, 0, sizeof(*r));
}

static bool same_identity(const struct inputtrace_device *a, const struct inputtrace_device *b)
{
	return a->minor == b->minor && a->bustype == b->bustype && a->vendor == b->vendor &&
	       a->product == b->product && a->version == b->version &&
	       !strncmp(a->name, b->name, sizeof(a->name)) &&
	       !strncmp(a->phys, b->phys, sizeof(a->phys)) &&
	       !strncmp(a->uniq, b->uniq, sizeof(a->uniq));
}

static bool device_is(const struct report_device *d, const struct inputtrace_device *dev,
		      uint32_t dev_id)
{
	if (!dev)
		return !d->known && d->dev.head.dev_id == dev_id;
	return d->known && same_identity(&d->dev, dev);
}

static struct report_device *device_get(struct report *r, const struct inputtrace_device *dev,
					uint32_t dev_id)
{
	struct report_device *d, *p;
	size_t i;

	if (r->last_dev < r->ndevices && device_is(&r->devices[r->last_dev], dev, dev_id))
		return &r->devices[r->last_dev];
	for (i = 0; i < r->ndevices; i++)
		if (device_is(&r->devices[i], dev, dev_id))
			goto found;
	p = array_grow(r->devices, &r->ndevices, sizeof(*p));
	if (!p)
		return NULL;
	r->devices = p;
	d = &p[i];
	d->known = dev != NULL;
	if (dev)
		d->dev = *dev;
	d->dev.head.dev_id = dev_id;
found:
	r->last_dev = i;
	return &r->devices[i];
}

static bool stream_is(const struct report_stream *s, const struct inputtrace_event *e)
{
	return s->pid == e->tgid && s->cgroup_id == e->cgroup_id &&
	       !strncmp(s->comm, e->comm, sizeof(s->comm));
}

/* The stream of @e's reader in @*v (n @*n), added if new; @cache: last hit. */
static struct report_stream *stream_get(struct report_stream **v, size_t *n, size_t *cache,
					const struct inputtrace_event *e)
{
	struct report_stream *s, *p;
	size_t i;

	if (cache && *cache < *n && stream_is(&(*v)[*cache], e))
		return &(*v)[*cache];
	for (i = 0; i < *n; i++)
		if (stream_is(&(*v)[i], e))
			goto found;
	p = array_grow(*v, n, sizeof(*p));
	if (!p)
		return NULL;
	*v = p;
	s = &p[i];
	s->pid = e->tgid;
	s->cgroup_id = e->cgroup_id;
	memcpy(s->comm, e->comm, sizeof(s->comm));
	s->comm[sizeof(s->comm) - 1] = '\0';
	s->quantum_min = UINT32_MAX;
found:
	if (cache)
		*cache = i;
	return &(*v)[i];
}

static int stream_add(struct report_stream *s, const struct inputtrace_event *e, int64_t lat)
{
	s->events++;
	s->types[e->type < REPORT_EV_TYPES ? e->type : REPORT_EV_TYPES - 1]++;
	if (e->level < REPORT_LEVELS)
		s->levels[e->level]++;
	if (e->quantum_ns < s->quantum_min)
		s->quantum_min = e->quantum_ns;
	if (e->quantum_ns > s->quantum_max)
		s->quantum_max = e->quantum_ns;
	return report_i64s_push(&s->lat, lat);
}

static int tl_cmp(const void *a, const void *b)
{
	const struct report_tl *x = a, *y = b;

	return x->time_ns < y->time_ns ? -1 : x->time_ns > y->time_ns;
}

static int tl_push(struct report *r, int64_t t, int64_t lat)
{
	if (r->ntl == r->tl_cap) {
		size_t cap = r->tl_cap ? r->tl_cap * 2 : 1024;
		struct report_tl *p = realloc(r->tl, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		r->tl = p;
		r->tl_cap = cap;
	}
	r->tl[r->ntl++] = (struct report_tl){ .time_ns = t, .lat_ns = lat };
	return 0;
}

int report_add_event(struct report *r, const struct inputtrace_device *dev,
		     const struct inputtrace_event *e)
{
	int64_t lat = (int64_t)(e->read_ns - e->head.time_ns), t = (int64_t)e->head.time_ns;
	struct report_device *d = device_get(r, dev, e->head.dev_id);
	struct report_stream *pair, *rd;

	if (!d)
		return -ENOMEM;
	pair = stream_get(&d->readers, &d->nreaders, NULL, e);
	rd = stream_get(&r->readers, &r->nreaders, &r->last_rd, e);
	if (!pair || !rd)
		return -ENOMEM;
	d->events++;
	d->types[e->type < REPORT_EV_TYPES ? e->type : REPORT_EV_TYPES - 1]++;
	if (e->type == EV_SYN && e->code == SYN_REPORT && report_i64s_push(&d->frames, t))
		return -ENOMEM;
	if (!r->events || t < r->first_ns)
		r->first_ns = t;
	if (!r->events || t > r->last_ns)
		r->last_ns = t;
	r->events++;
	if (stream_add(pair, e, lat) || stream_add(rd, e, lat) ||
	    tl_push(r, t, lat))
		return -ENOMEM;
	return 0;
}

int report_add_loss(struct report *r, const struct inputtrace_loss *l)
{
	struct report_loss *s = &r->loss[l->source < REPORT_LOSS_SOURCES ? l->source : 0];

	if (!s->records || l->head.time_ns < s->first_ns)
		s->first_ns = l->head.time_ns;
	if (!s->records || l->head.time_ns > s->last_ns)
		s->last_ns = l->head.time_ns;
	s->records++;
	s->count += l->count;
	return 0;
}

int report_add_pause(struct report *r, const struct inputtrace_pause *p)
{
	struct report_pause *v = array_grow(r->pauses, &r->npauses, sizeof(*v));

	if (!v)
		return -ENOMEM;
	r->pauses = v;
	v[r->npauses - 1] = (struct report_pause){ .since_ns = p->since_ns,
						   .time_ns = p->head.time_ns,
						   .count = p->count };
	return 0;
}

static void stream_finish(struct report_stream *s)
{
	int i;

	if (!s->lat.n)
		return;
	report_sort_i64(s->lat.v, s->lat.n);
	for (i = 0; i < REPORT_NPCT; i++)
		s->pct[i] = report_percentile(s->lat.v, s->lat.n, report_pct_permille[i]);
	s->lat_min = s->lat.v[0];
	s->lat_max = s->lat.v[s->lat.n - 1];
}

int report_finish(struct report *r)
{
	size_t i, j;

	for (i = 0; i < r->ndevices; i++) {
		struct report_device *d = &r->devices[i];

		d->frames.n = report_sort_unique_i64(d->frames.v, d->frames.n);
		report_frame_rate(d->frames.v, d->frames.n, &d->rate);
		for (j = 0; j < d->nreaders; j++)
			stream_finish(&d->readers[j]);
	}
	for (i = 0; i < r->nreaders; i++)
		stream_finish(&r->readers[i]);
	if (r->ntl > 1)
		qsort(r->tl, r->ntl, sizeof(*r->tl), tl_cmp);
	return 0;
}

double report_span_s(const struct report *r)
{
	return r->events ? (double)(r->last_ns - r->first_ns) / 1e9 : 0;
}

double report_rate(const struct report *r, uint64_t events)
{
	double s = report_span_s(r);

	return s > 0 ? (double)events / s : -1;
}

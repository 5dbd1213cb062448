// SPDX-License-Identifier: GPL-2.0
/*
 * dump.c - the dump engine: one trace file as text or JSON Lines
 * (`inputtrace dump` is commands/dump.c).
 *
 * Two passes per file: the first collects DEVICE records, because with
 * per-CPU rings a device's description can land after its first event;
 * the second prints.  Everything that came from the traced machine
 * (device names, comm) is escaped: it is attacker-controlled.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <libevdev/libevdev.h>
#include <sodium.h>
#include "dump.h"
#include "keyfile.h"
#include "tracefile.h"
#include "tracefile_follow.h"

struct dump_ctx {
	FILE *out, *err;
	const char *path;
	const unsigned char *sk;	/* secret key or NULL */
	enum dump_format fmt;
	struct dump_devmap map;
};

static const char *const key_class_names[INPUTTRACE_KC_COUNT] = {
	[INPUTTRACE_KC_OTHER]		= "other",
	[INPUTTRACE_KC_LETTER]		= "letter",
	[INPUTTRACE_KC_DIGIT]		= "digit",
	[INPUTTRACE_KC_PUNCTUATION]	= "punctuation",
	[INPUTTRACE_KC_WHITESPACE]	= "whitespace",
	[INPUTTRACE_KC_MODIFIER]	= "modifier",
	[INPUTTRACE_KC_NAVIGATION]	= "navigation",
	[INPUTTRACE_KC_EDITING]		= "editing",
	[INPUTTRACE_KC_FUNCTION]	= "function",
	[INPUTTRACE_KC_MEDIA]		= "media",
};

static const char *key_class_name(unsigned int kc)
{
	return kc < INPUTTRACE_KC_COUNT ? key_class_names[kc] : "unknown";
}

static const char *clock_name(unsigned int c)
{
	switch (c) {
	case INPUTTRACE_CLOCK_REALTIME:
		return "realtime";
	case INPUTTRACE_CLOCK_MONOTONIC:
		return "monotonic";
	case INPUTTRACE_CLOCK_BOOTTIME:
		return "boottime";
	}
	return "unknown";
}

const char *dump_level_name(unsigned int l)
{
	switch (l) {
	case INPUTTRACE_LEVEL_REDACTED:
		return "redacted";
	case INPUTTRACE_LEVEL_FULL:
		return "full";
	}
	return "unknown";
}

const char *dump_loss_source_name(unsigned int s)
{
	switch (s) {
	case INPUTTRACE_LOSS_RING_FULL:
		return "ring_full";
	case INPUTTRACE_LOSS_DEVICE_MAP:
		return "device_map";
	case INPUTTRACE_LOSS_READER:
		return "reader";
	case INPUTTRACE_LOSS_WRITE:
		return "write";
	}
	return "unknown";
}

/*
 * Output primitives.  dump_file() holds the output stream's lock while it
 * prints, so these use the unlocked stdio calls: a JSON line is some twenty
 * fields, and vfprintf()'s format parsing and a lock per character were
 * most of the cost of `dump --format json` (bench-host).
 */
static void put_str(FILE *f, const char *s)
{
	fputs_unlocked(s, f);
}

static void put_u64(FILE *f, uint64_t v)
{
	char b[20];
	int i = sizeof(b);

	do
		b[--i] = '0' + v % 10;
	while (v /= 10);
	fwrite_unlocked(b + i, 1, sizeof(b) - i, f);
}

static void put_i64(FILE *f, int64_t v)
{
	if (v < 0)
		putc_unlocked('-', f);
	put_u64(f, v < 0 ? -(uint64_t)v : (uint64_t)v);
}

/* "name":"value" with a value known to need no escaping, or null. */
static void put_name(FILE *f, const char *key, const char *value)
{
	put_str(f, key);
	if (!value) {
		put_str(f, "null");
		return;
	}
	putc_unlocked('"', f);
	put_str(f, value);
	putc_unlocked('"', f);
}

/* Length of a valid UTF-8 sequence at @s (strict: no overlongs or
 * surrogates, <= U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *s)
{
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f))
			return 0;
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

/*
 * Print @s (at most @n bytes) quoted.  Valid UTF-8 passes through except
 * C0/C1 controls and DEL; in JSON those and invalid bytes become \u00XX
 * (an invalid byte 0xXX shows as U+00XX), in text \xXX.
 */
static void put_escaped(FILE *f, const char *str, size_t n, bool json)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, l;

	n = strnlen(str, n);
	while (i < n) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\') {
			putc_unlocked('\\', f);
			putc_unlocked(c, f);
			i++;
			continue;
		}
		if (c >= 0x20 && c < 0x7f) {
			putc_unlocked(c, f);
			i++;
			continue;
		}
		/* strnlen bounds the string, and a NUL fails utf8_len early */
		l = c >= 0x80 ? utf8_len(s + i) : 0;
		if (l && !(c == 0xc2 && s[i + 1] < 0xa0)) {
			fwrite_unlocked(s + i, 1, l, f);
			i += l;
			continue;
		}
		if (l == 2) {	/* a C1 control, U+0080..U+009F */
			c = s[i + 1];
			i++;
		}
		fprintf(f, json ? "\\u%04x" : "\\x%02x", c);
		i++;
	}
}

void dump_put_quoted(FILE *f, const char *str, size_t n, bool json)
{
	putc_unlocked('"', f);
	put_escaped(f, str, n, json);
	putc_unlocked('"', f);
}

static int dev_cmp(const void *a, const void *b)
{
	const struct dump_devent *x = a, *y = b;

	if (x->dev.head.dev_id != y->dev.head.dev_id)
		return x->dev.head.dev_id < y->dev.head.dev_id ? -1 : 1;
	return x->seen < y->seen ? -1 : x->seen > y->seen;
}

static int dev_id_cmp(const void *key, const void *elem)
{
	uint32_t id = *(const uint32_t *)key;
	const struct dump_devent *e = elem;

	return id < e->dev.head.dev_id ? -1 : id > e->dev.head.dev_id;
}

const struct inputtrace_device *dump_devmap_find(const struct dump_devmap *m, uint32_t id)
{
	const struct dump_devent *e;

	if (!m->len)
		return NULL;
	e = bsearch(&id, m->ent, m->len, sizeof(*e), dev_id_cmp);
	return e ? &e->dev : NULL;
}

/* Following: a device is known from its first DEVICE record on. */
static int dev_add(struct dump_devmap *m, const struct inputtrace_device *dev)
{
	uint32_t id = dev->head.dev_id;
	size_t lo = 0, hi = m->len, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->ent[mid].dev.head.dev_id == id)
			return 0;	/* the first one stays, as in dump_devmap_collect() */
		if (m->ent[mid].dev.head.dev_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (m->len == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		void *p = realloc(m->ent, cap * sizeof(*m->ent));

		if (!p)
			return -ENOMEM;
		m->ent = p;
		m->cap = cap;
	}
	memmove(&m->ent[lo + 1], &m->ent[lo], (m->len - lo) * sizeof(*m->ent));
	m->ent[lo].dev = *dev;
	m->ent[lo].seen = m->len++;
	return 0;
}

/* First pass: remember the first DEVICE record of every dev_id. */
int dump_devmap_collect(struct dump_devmap *m, const char *path,
			const unsigned char *sk)
{
	struct tracefile_reader *r;
	struct trace_record rec;
	size_t i, j;
	int err;

	err = tracefile_open_key(path, sk, &r);
	if (err)
		return err;
	while ((err = tracefile_next(r, &rec)) == 1) {
		if (rec.kind != INPUTTRACE_REC_DEVICE)
			continue;
		if (m->len == m->cap) {
			size_t cap = m->cap ? m->cap * 2 : 16;
			void *p = realloc(m->ent, cap * sizeof(*m->ent));

			if (!p) {
				err = -ENOMEM;
				break;
			}
			m->ent = p;
			m->cap = cap;
		}
		m->ent[m->len].dev = rec.dev;
		m->ent[m->len].seen = m->len;
		m->len++;
	}
	tracefile_reader_close(r);
	if (err || !m->len)
		return err;

	/* Sort by (id, order seen), then keep the first of each id. */
	qsort(m->ent, m->len, sizeof(*m->ent), dev_cmp);
	for (i = 1, j = 1; i < m->len; i++)
		if (m->ent[i].dev.head.dev_id != m->ent[j - 1].dev.head.dev_id)
			m->ent[j++] = m->ent[i];
	m->len = j;
	return 0;
}

void dump_devmap_free(struct dump_devmap *m)
{
	free(m->ent);
	memset(m, 0, sizeof(*m));
}

static void print_time(FILE *f, uint64_t ns)
{
	fprintf(f, "%" PRIu64 ".%06" PRIu64, ns / 1000000000, ns % 1000000000 / 1000);
}

static void print_event(struct dump_ctx *d, const struct inputtrace_event *e)
{
	const struct inputtrace_device *dev = dump_devmap_find(&d->map, e->head.dev_id);
	const char *tname = libevdev_event_type_get_name(e->type);
	bool redacted = e->flags & INPUTTRACE_EV_REDACTED;
	bool cleared = e->flags & INPUTTRACE_EV_VALUE_CLEARED;
	const char *cname = redacted ? key_class_name(e->code) :
			    libevdev_event_code_get_name(e->type, e->code);
	int64_t lat = (int64_t)(e->read_ns - e->head.time_ns);
	FILE *f = d->out;

	if (d->fmt == DUMP_TEXT) {
		uint64_t alat = lat < 0 ? -(uint64_t)lat : (uint64_t)lat;

		print_time(f, e->head.time_ns);
		fprintf(f, " %c", lat < 0 ? '-' : '+');
		print_time(f, alat);
		if (dev)
			fprintf(f, " event%u ", dev->minor);
		else
			fprintf(f, " dev#%u ", e->head.dev_id);
		dump_put_quoted(f, dev ? dev->name : "?", dev ? sizeof(dev->name) : 1, false);
		fprintf(f, " pid %u ", e->tgid);
		/* unquoted like evtest; spaces and quotes in comm stay ambiguous */
		put_escaped(f, e->comm, sizeof(e->comm), false);
		fprintf(f, " cg %" PRIu64 ": type %u (%s), ", (uint64_t)e->cgroup_id,
			e->type, tname ? tname : "?");
		if (redacted)
			fprintf(f, "code redacted (%s)", cname);
		else
			fprintf(f, "code %u (%s)", e->code, cname ? cname : "?");
		if (cleared)
			fputs(", value withheld", f);
		else
			fprintf(f, ", value %d", e->value);
		if (e->quantum_ns)
			fprintf(f, " (times in %u ns steps)", e->quantum_ns);
		fputc('\n', f);
		return;
	}

	put_str(f, "{\"kind\":\"event\",\"time_ns\":");
	put_u64(f, e->head.time_ns);
	put_str(f, ",\"read_ns\":");
	put_u64(f, e->read_ns);
	put_str(f, ",\"latency_ns\":");
	put_i64(f, lat);
	put_str(f, ",\"dev_id\":");
	put_u64(f, e->head.dev_id);
	put_str(f, ",\"device\":");
	if (dev)
		dump_put_quoted(f, dev->name, sizeof(dev->name), true);
	else
		put_str(f, "null");
	put_str(f, ",\"type\":");
	put_u64(f, e->type);
	put_name(f, ",\"type_name\":", tname);
	put_str(f, ",\"code\":");
	put_u64(f, e->code);
	put_name(f, ",\"code_name\":", cname);
	if (redacted)
		put_name(f, ",\"key_class\":", cname);
	put_str(f, ",\"value\":");
	put_i64(f, e->value);
	put_str(f, ",\"pid\":");
	put_u64(f, e->tgid);
	put_str(f, ",\"tid\":");
	put_u64(f, e->pid);
	put_str(f, ",\"comm\":");
	dump_put_quoted(f, e->comm, sizeof(e->comm), true);
	put_str(f, ",\"cgroup_id\":");
	put_u64(f, e->cgroup_id);
	put_str(f, ",\"cpu\":");
	put_u64(f, e->cpu);
	put_name(f, ",\"clock\":", clock_name(e->clock));
	put_name(f, ",\"level\":", dump_level_name(e->level));
	put_str(f, redacted ? ",\"redacted\":true" : ",\"redacted\":false");
	put_str(f, cleared ? ",\"value_cleared\":true" : ",\"value_cleared\":false");
	put_str(f, ",\"quantum_ns\":");
	put_u64(f, e->quantum_ns);
	put_str(f, "}\n");
}

static void print_device(struct dump_ctx *d, const struct inputtrace_device *v)
{
	FILE *f = d->out;
	bool json = d->fmt == DUMP_JSON;

	if (json)
		fprintf(f, "{\"kind\":\"device\",\"time_ns\":%" PRIu64 ",\"dev_id\":%u,\"name\":",
			(uint64_t)v->head.time_ns, v->head.dev_id);
	else {
		print_time(f, v->head.time_ns);
		fprintf(f, " device %u event%u ", v->head.dev_id, v->minor);
	}
	dump_put_quoted(f, v->name, sizeof(v->name), json);
	fputs(json ? ",\"phys\":" : " phys ", f);
	dump_put_quoted(f, v->phys, sizeof(v->phys), json);
	fputs(json ? ",\"uniq\":" : " uniq ", f);
	dump_put_quoted(f, v->uniq, sizeof(v->uniq), json);
	if (json)
		fprintf(f, ",\"minor\":%u,\"bustype\":%u,\"vendor\":%u,\"product\":%u,"
			"\"version\":%u}\n", v->minor, v->bustype, v->vendor, v->product,
			v->version);
	else
		fprintf(f, " bus 0x%04x vendor 0x%04x product 0x%04x version 0x%04x\n",
			v->bustype, v->vendor, v->product, v->version);
}

static void print_caps(struct dump_ctx *d, const struct inputtrace_caps *c)
{
	if (d->fmt == DUMP_TEXT)
		print_time(d->out, c->head.time_ns);
	dump_print_caps(d->out, c, d->fmt == DUMP_JSON);
}

static void print_loss(struct dump_ctx *d, const struct inputtrace_loss *l)
{
	FILE *f = d->out;

	if (d->fmt == DUMP_JSON) {
		fprintf(f, "{\"kind\":\"loss\",\"time_ns\":%" PRIu64 ",\"source\":\"%s\",\"cpu\":",
			(uint64_t)l->head.time_ns, dump_loss_source_name(l->source));
		if (l->cpu == UINT32_MAX)
			fputs("null", f);
		else
			fprintf(f, "%u", l->cpu);
		fprintf(f, ",\"count\":%" PRIu64 "}\n", (uint64_t)l->count);
		return;
	}
	print_time(f, l->head.time_ns);
	fprintf(f, " loss %s", dump_loss_source_name(l->source));
	if (l->cpu == UINT32_MAX)
		fputs(" cpu -", f);
	else
		fprintf(f, " cpu %u", l->cpu);
	fprintf(f, " count %" PRIu64 "\n", (uint64_t)l->count);
}

static void print_pause(struct dump_ctx *d, const struct inputtrace_pause *p)
{
	FILE *f = d->out;

	if (d->fmt == DUMP_JSON) {
		fprintf(f, "{\"kind\":\"pause\",\"time_ns\":%" PRIu64 ",\"since_ns\":%"
			PRIu64 ",\"count\":%" PRIu64 "}\n", (uint64_t)p->head.time_ns,
			(uint64_t)p->since_ns, (uint64_t)p->count);
		return;
	}
	print_time(f, p->head.time_ns);
	fputs(" pause", f);
	if (p->since_ns) {
		fputs(" since ", f);
		print_time(f, p->since_ns);
	}
	fprintf(f, " suppressed %" PRIu64 "\n", (uint64_t)p->count);
}

static void print_damage(struct dump_ctx *d, const struct tracefile_damage *dm)
{
	if (d->fmt == DUMP_JSON)
		fprintf(d->out, "{\"kind\":\"damage\",\"offset\":%" PRIu64 ",\"length\":%"
			PRIu64 "}\n", dm->offset, dm->length);
	else
		fprintf(d->out, "damage offset %" PRIu64 " length %" PRIu64 "\n",
			dm->offset, dm->length);
	fprintf(d->err, "inputtrace: dump: %s: damaged range at offset %" PRIu64
		", length %" PRIu64 "\n", d->path, dm->offset, dm->length);
}

static void print_file_header(struct dump_ctx *d, const struct tracefile_info *in)
{
	FILE *f = d->out;

	if (d->fmt != DUMP_TEXT)
		return;
	if (!in->header_ok) {
		fputs("# header damaged\n", f);
		return;
	}
	fputs("# host ", f);
	dump_put_quoted(f, in->hostname, strlen(in->hostname), false);
	fputs(" kernel ", f);
	dump_put_quoted(f, in->kernel, strlen(in->kernel), false);
	fprintf(f, " pid %u created %" PRIu64 ".%09" PRIu64 " state %s\n# cmdline ",
		in->pid, in->created_ns / 1000000000, in->created_ns % 1000000000,
		tracefile_state_name(in->state));
	dump_put_quoted(f, in->cmdline, strlen(in->cmdline), false);
	fputc('\n', f);
	if (in->encrypted) {
		char b64[sodium_base64_ENCODED_LEN(TRACEFILE_KEY_BYTES,
						   sodium_base64_VARIANT_ORIGINAL)];

		sodium_bin2base64(b64, sizeof(b64), in->recipient_pk, TRACEFILE_KEY_BYTES,
				  sodium_base64_VARIANT_ORIGINAL);
		fprintf(f, "# encrypted to %s %s\n", KEYFILE_PUBLIC_LABEL, b64);
	}
}

static void print_record(struct dump_ctx *d, const struct trace_record *rec)
{
	if (rec->kind == INPUTTRACE_REC_EVENT)
		print_event(d, &rec->ev);
	else if (rec->kind == INPUTTRACE_REC_DEVICE)
		print_device(d, &rec->dev);
	else if (rec->kind == INPUTTRACE_REC_LOSS)
		print_loss(d, &rec->loss);
	else if (rec->kind == INPUTTRACE_REC_PAUSE)
		print_pause(d, &rec->pause);
	else if (rec->kind == INPUTTRACE_REC_CAPS)
		print_caps(d, rec->caps.caps);
}

/* Damage found on the way to the next record goes first. */
static void print_new_damage(struct dump_ctx *d, const struct tracefile_reader *r,
			     size_t *shown)
{
	size_t n;

	for (n = tracefile_reader_damage_count(r); *shown < n; (*shown)++)
		print_damage(d, tracefile_reader_damage(r, *shown));
}

/* The end of a file: no END block is worth saying, and exit 2. */
static int judge_end(struct dump_ctx *d, const struct tracefile_reader *r,
		     size_t shown)
{
	int ret = shown ? DUMP_DAMAGED : DUMP_OK;

	if (!tracefile_reader_end_seen(r)) {
		fprintf(d->err, "inputtrace: dump: %s: no END block (recording crashed or still running)\n",
			d->path);
		ret = DUMP_DAMAGED;
	}
	return ret;
}

int dump_file(FILE *out, FILE *err, const char *path, enum dump_format fmt,
	      const unsigned char *sk)
{
	struct dump_ctx d = { .out = out, .err = err, .path = path, .sk = sk, .fmt = fmt };
	struct tracefile_reader *r = NULL;
	struct trace_record rec;
	size_t shown = 0;
	int rc, ret = DUMP_OK;

	rc = dump_devmap_collect(&d.map, path, sk);
	if (!rc)
		rc = tracefile_open_key(path, sk, &r);
	if (rc)
		goto fail;

	/* held while printing: the put_*() helpers use unlocked stdio */
	flockfile(out);
	print_file_header(&d, tracefile_reader_info(r));
	do {
		rc = tracefile_next(r, &rec);
		print_new_damage(&d, r, &shown);
		if (rc != 1)
			break;
		print_record(&d, &rec);
	} while (1);
	funlockfile(out);
	if (rc < 0)
		goto fail;

	ret = judge_end(&d, r, shown);
	if (fflush(out) || ferror(out)) {
		rc = -EIO;
		goto fail;
	}
	goto out;

fail:
	fprintf(err, "inputtrace: dump: %s: %s\n", path, tracefile_strerror(rc));
	ret = DUMP_ERROR;
out:
	tracefile_reader_close(r);
	dump_devmap_free(&d.map);
	return ret;
}

/*
 * One pass, as the records come: a device is named from its DEVICE record
 * on (an event before it says dev#N, "device":null).  Everything read is
 * flushed before each wait, so a live view shows every block when it is
 * written.  Stopped by *@stop: no END yet is no damage then.
 */
int dump_follow(FILE *out, FILE *err, const char *path, enum dump_format fmt,
		const unsigned char *sk, bool wait, const volatile sig_atomic_t *stop)
{
	struct dump_ctx d = { .out = out, .err = err, .sk = sk, .fmt = fmt,
			      .path = strcmp(path, "-") ? path : "stdin" };
	struct tracefile_follow *f = NULL;
	struct tracefile_reader *r;
	struct trace_record rec;
	size_t shown = 0;
	int rc, ret = DUMP_OK;

	rc = tracefile_follow_open(path, sk, wait, stop, &f);
	if (rc)
		goto fail;
	r = tracefile_follow_reader(f);
	flockfile(out);
	print_file_header(&d, tracefile_reader_info(r));
	for (;;) {
		rc = tracefile_next(r, &rec);
		print_new_damage(&d, r, &shown);
		if (rc == -EAGAIN && tracefile_follow_stopped(f)) {
			rc = 0;
			break;
		}
		if (rc == -EAGAIN) {
			funlockfile(out);
			rc = fflush(out) || ferror(out) ? -EIO : tracefile_follow_wait(f);
			flockfile(out);
			if (rc)
				break;
			continue;
		}
		if (rc != 1)
			break;
		if (rec.kind == INPUTTRACE_REC_DEVICE && dev_add(&d.map, &rec.dev)) {
			rc = -ENOMEM;
			break;
		}
		print_record(&d, &rec);
	}
	funlockfile(out);
	if (rc < 0)
		goto fail;
	ret = tracefile_follow_stopped(f) && !tracefile_reader_end_seen(r) ?
	      (shown ? DUMP_DAMAGED : DUMP_OK) : judge_end(&d, r, shown);
	if (fflush(out) || ferror(out)) {
		rc = -EIO;
		goto fail;
	}
	goto out;

fail:
	fprintf(err, "inputtrace: dump: %s: %s\n", d.path,
		rc == -ENOTTY ? "a terminal: pipe a trace into it (record -o - | dump --follow -)" :
		tracefile_strerror(rc));
	ret = DUMP_ERROR;
out:
	tracefile_follow_close(f);
	dump_devmap_free(&d.map);
	return ret;
}

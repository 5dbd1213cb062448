// SPDX-License-Identifier: GPL-2.0
/*
 * make_corpus.c - write the fuzzers' seed corpus with the library's own
 * writer, so the seeds are real files of the formats every reader reads:
 *   make_corpus DIR   ->  DIR/<harness>/<seed>
 * Trace files (plaintext, zstd, encrypted to the test key of
 * fuzz_helpers.h, cut by a crash and mid-block, with a damaged block to
 * resync over, with bytes after END), each in format version 2 (x.itr)
 * and version 1 (x-v1.itr), their bare headers, encoded records of every
 * kind in both encodings, key files, and filter and command-line
 * arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fuzz_helpers.h"
#include "keyfile.h"
#include "policy_conf.h"
#include "record_codec.h"
#include "record_codec_v2.h"
#include "tracefile.h"
#include "tracefile_fmt.h"

static const char *out_dir;
/* The format version trace() writes: each file seed exists in both. */
static uint16_t seed_version = TRACEFILE_VERSION;

static void die(const char *what, int err)
{
	fprintf(stderr, "make_corpus: %s: %s\n", what, strerror(err < 0 ? -err : err));
	exit(1);
}

/* DIR/HARNESS/NAME, the harness folder created on first use. */
static const char *seed_path(const char *harness, const char *name)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", out_dir, harness);
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		die(path, errno);
	snprintf(path, sizeof(path), "%s/%s/%s", out_dir, harness, name);
	return path;
}

static void put_file(const char *harness, const char *name, const void *buf, size_t len)
{
	const char *path = seed_path(harness, name);
	FILE *f = fopen(path, "w");

	if (!f || fwrite(buf, 1, len, f) != len || fclose(f))
		die(path, errno);
}

static unsigned char *get_file(const char *path, size_t *len)
{
	unsigned char *buf;
	struct stat st;
	FILE *f = fopen(path, "r");

	if (!f || fstat(fileno(f), &st) < 0)
		die(path, errno);
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf || fread(buf, 1, st.st_size, f) != (size_t)st.st_size)
		die(path, EIO);
	fclose(f);
	*len = st.st_size;
	return buf;
}

/* Record @i of a seed file: a device first, then mostly key events. */
static struct trace_record seed_record(int i)
{
	struct trace_record r;

	memset(&r, 0, sizeof(r));
	r.kind = i == 0 ? INPUTTRACE_REC_DEVICE : i % 41 == 20 ? INPUTTRACE_REC_LOSS :
		 i % 53 == 30 ? INPUTTRACE_REC_PAUSE : INPUTTRACE_REC_EVENT;
	r.head.kind = r.kind;
	r.head.time_ns = 1000000 + 997 * (uint64_t)i;
	r.head.dev_id = 1;
	switch (r.kind) {
	case INPUTTRACE_REC_DEVICE:
		r.dev.minor = 67;
		r.dev.bustype = 3;
		r.dev.vendor = 0x046d;
		r.dev.product = 0xc31c;
		snprintf(r.dev.name, sizeof(r.dev.name), "Fuzz Seed Keyboard");
		snprintf(r.dev.phys, sizeof(r.dev.phys), "usb-0000:00:14.0-1/input0");
		break;
	case INPUTTRACE_REC_LOSS:
		r.loss.source = INPUTTRACE_LOSS_RING_FULL;
		r.loss.cpu = i % 2;
		r.loss.count = i;
		break;
	case INPUTTRACE_REC_PAUSE:
		r.pause.since_ns = r.head.time_ns - 500;
		r.pause.count = 3;
		break;
	default:
		r.ev.read_ns = r.head.time_ns + 20000;
		r.ev.cgroup_id = 4242;
		r.ev.pid = r.ev.tgid = 777;
		r.ev.type = i % 3 ? 1 : 0;	/* EV_KEY, EV_SYN */
		r.ev.code = i % 3 ? 30 + i % 20 : 0;
		r.ev.value = i % 3 ? i % 2 : 0;
		r.ev.level = INPUTTRACE_LEVEL_FULL;
		snprintf(r.ev.comm, sizeof(r.ev.comm), "evtest");
	}
	return r;
}

/* @name of a seed of seed_version: "x.itr", or "x-v1.itr" for version 1. */
static const char *versioned(const char *name, char *buf, size_t len)
{
	const char *dot = strrchr(name, '.');

	if (seed_version != 1 || !dot)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "%.*s-v1%s", (int)(dot - name), name, dot);
	return buf;
}

/* A trace file of @n seed records in 4 KiB blocks, in the reader's folder. */
static const char *trace(const char *name, int n, bool compress,
			 const unsigned char *pk, bool close_it)
{
	struct tracefile_opts o = { .block_bytes = TRACEFILE_BLOCK_MIN, .compress = compress,
				    .sync = TRACEFILE_SYNC_NONE, .recipient_pk = pk,
				    .version = seed_version };
	struct tracefile_meta m = { .cmdline = "record -o seed.itr --types key" };
	char vname[128];
	const char *path;

	path = seed_path("tracefile_reader", versioned(name, vname, sizeof(vname)));
	struct tracefile_writer *w;
	int i, err;

	unlink(path);
	err = tracefile_create(path, &m, &o, &w);
	if (err)
		die(path, err);
	for (i = 0; i < n; i++) {
		struct trace_record r = seed_record(i);

		err = tracefile_append(w, &r);
		if (err)
			die(path, err);
	}
	if (!close_it) {
		tracefile_flush(w);
		tracefile_abort(w, false);	/* what a crash leaves: ONLINE, no END */
	} else if ((err = tracefile_close(w))) {
		die(path, err);
	}
	return path;
}

/* Copy seed @name of the reader to the other file harnesses, changed by @edit. */
static void share(const char *plain_name, void (*edit)(unsigned char *, size_t *))
{
	char name[128];
	size_t len;
	unsigned char *b;

	versioned(plain_name, name, sizeof(name));
	b = get_file(seed_path("tracefile_reader", name), &len);

	if (edit) {
		edit(b, &len);
		put_file("tracefile_reader", name, b, len);
	}
	put_file("verify", name, b, len);
	put_file("tracefile_header", name, b, len);
	free(b);
}

static void cut_mid_block(unsigned char *b, size_t *len)
{
	*len -= *len > 100 ? 100 : *len / 2;
	(void)b;
}

/* Flip a byte inside the second block: the reader resyncs to the third. */
static void damage_block(unsigned char *b, size_t *len)
{
	uint64_t off = le32_get(b + TF_OFF_HDRLEN);

	off += TB_HDR_LEN + le32_get(b + off + TB_OFF_STORED);	/* block 1 */
	if (off + TB_HDR_LEN + 10 < *len)
		b[off + TB_HDR_LEN + 10] ^= 0x40;
}

static void garbage_after_end(unsigned char *b, size_t *len)
{
	memcpy(b + *len, "ITBKgarbage", 11);
	*len += 11;
}

static void header_only(unsigned char *b, size_t *len)
{
	*len = le32_get(b + TF_OFF_HDRLEN);
	(void)b;
}

static void trace_seeds_of(uint16_t version)
{
	unsigned char pk[TRACEFILE_KEY_BYTES], sk[TRACEFILE_KEY_BYTES];
	char name[32];
	size_t len;
	unsigned char *b;

	seed_version = version;
	versioned("after-end.itr", name, sizeof(name));

	fuzz_test_keypair(pk, sk);
	trace("plain.itr", 150, false, NULL, true);
	trace("zstd.itr", 300, true, NULL, true);
	trace("encrypted.itr", 150, true, pk, true);
	trace("encrypted-raw.itr", 60, false, pk, true);
	trace("one-record.itr", 1, false, NULL, true);
	trace("crashed.itr", 150, false, NULL, false);
	trace("crashed-encrypted.itr", 150, true, pk, false);
	trace("cut-mid-block.itr", 150, false, NULL, true);
	trace("cut-mid-block-encrypted.itr", 150, false, pk, true);
	trace("resync.itr", 200, false, NULL, true);
	trace("damaged-encrypted.itr", 150, false, pk, true);
	trace("header-only.itr", 1, false, NULL, true);
	trace("header-only-encrypted.itr", 1, false, pk, true);
	share("plain.itr", NULL);
	share("zstd.itr", NULL);
	share("encrypted.itr", NULL);
	share("encrypted-raw.itr", NULL);
	share("one-record.itr", NULL);
	share("crashed.itr", NULL);
	share("crashed-encrypted.itr", NULL);
	share("cut-mid-block.itr", cut_mid_block);
	share("cut-mid-block-encrypted.itr", cut_mid_block);
	share("resync.itr", damage_block);
	share("damaged-encrypted.itr", damage_block);
	share("header-only.itr", header_only);
	share("header-only-encrypted.itr", header_only);
	/* room for the 11 bytes garbage_after_end() appends */
	b = get_file(trace("after-end.itr", 20, false, NULL, true), &len);
	b = realloc(b, len + 16);
	if (!b)
		die("realloc", ENOMEM);
	garbage_after_end(b, &len);
	put_file("tracefile_reader", name, b, len);
	put_file("verify", name, b, len);
	free(b);
}

static void trace_seeds(void)
{
	trace_seeds_of(2);
	trace_seeds_of(1);
	seed_version = TRACEFILE_VERSION;
}

/*
 * The CAPS record of seed_record(0)'s device: a keyboard with repeat and
 * LEDs, and one absolute axis so that absinfo is not all zero.
 */
static struct trace_record seed_caps(void)
{
	static struct inputtrace_caps caps;
	struct trace_record r;

	memset(&caps, 0, sizeof(caps));
	caps.head.kind = INPUTTRACE_REC_CAPS;
	caps.head.size = sizeof(caps);
	caps.head.time_ns = 1000000;
	caps.head.dev_id = 1;
	caps.evbit[0] = 0x12001f;	/* SYN KEY REL ABS MSC LED REP */
	caps.keybit[0] = ~1ull;
	caps.keybit[1] = 0xffffffffull;
	caps.absbit[0] = 1;
	caps.mscbit[0] = 0x10;
	caps.ledbit[0] = 7;
	caps.rep_delay = 250;
	caps.rep_period = 33;
	caps.absinfo[0] = (struct inputtrace_absinfo){ 5, -100, 4095, 8, 16, 40 };
	memset(&r, 0, sizeof(r));
	r.kind = INPUTTRACE_REC_CAPS;
	r.caps.head = caps.head;
	r.caps.caps = &caps;
	return r;
}

/* A block payload as the reader decodes it: records of every kind. */
static void record_seeds(void)
{
	unsigned char buf[8 * RECORD_MAX_LEN], unknown[] = { 99, 0, 4, 0, 1, 2, 3, 4 };
	static const int picks[] = { 0, 1, 20, 30 };	/* DEVICE, EVENT, LOSS, PAUSE */
	size_t len = 0;
	unsigned int i;

	for (i = 0; i < sizeof(picks) / sizeof(picks[0]); i++) {
		struct trace_record r = seed_record(picks[i]);
		int n = record_encode(&r, buf + len, sizeof(buf) - len);
		char name[32];

		if (n < 0)
			die("record_encode", n);
		snprintf(name, sizeof(name), "kind-%u", r.kind);
		put_file("record_codec", name, buf + len, n);
		len += n;
		if (r.kind == INPUTTRACE_REC_DEVICE) {
			r = seed_caps();
			n = record_encode(&r, buf + len, sizeof(buf) - len);
			if (n < 0)
				die("record_encode", n);
			put_file("record_codec", "kind-6", buf + len, n);
			len += n;
		}
	}
	memcpy(buf + len, unknown, sizeof(unknown));	/* a later version's kind */
	len += sizeof(unknown);
	put_file("record_codec", "all-kinds", buf, len);
}

/*
 * Version 2 block payloads: each kind alone (an event after its CONTEXT),
 * then one payload of every kind, events from more tasks, devices and
 * CPUs, a clock going backwards, and a later version's kind.
 */
static void record_v2_seeds(void)
{
	static const int picks[] = { 0, 1, 20, 30 };	/* DEVICE, EVENT, LOSS, PAUSE */
	static const unsigned char unknown[] = { 0x50, 3, 1, 2, 3 };
	unsigned char buf[64 * RC2_RECORD_MAX];
	struct rc2_state s;
	size_t len = 0;
	unsigned int i;
	int n;

	for (i = 0; i < sizeof(picks) / sizeof(picks[0]); i++) {
		struct trace_record r = seed_record(picks[i]);
		char name[32];

		rc2_reset(&s);
		n = rc2_encode(&s, &r, buf, sizeof(buf));
		if (n < 0)
			die("rc2_encode", n);
		snprintf(name, sizeof(name), "kind-%u", r.kind);
		put_file("record_codec_v2", name, buf, n);
	}
	{
		struct trace_record r = seed_caps();

		rc2_reset(&s);
		n = rc2_encode(&s, &r, buf, sizeof(buf));
		if (n < 0)
			die("rc2_encode", n);
		put_file("record_codec_v2", "kind-6", buf, n);
	}
	rc2_reset(&s);
	for (i = 0; i < 41; i++) {
		/* the device's CAPS right after its DEVICE, as the recorder writes */
		struct trace_record r = i == 1 ? seed_caps() : seed_record(i - (i > 1));

		if (r.kind == INPUTTRACE_REC_EVENT) {
			r.ev.pid += i % 5;
			r.ev.cpu = i % 3;
			r.ev.head.dev_id = 1 + i % 2;
			if (i % 7 == 3)
				r.head.time_ns -= 5000;
			if (i % 11 == 4)
				r.ev.value = -(int32_t)i * 1000;
		}
		n = rc2_encode(&s, &r, buf + len, sizeof(buf) - len);
		if (n < 0)
			die("rc2_encode", n);
		len += n;
	}
	memcpy(buf + len, unknown, sizeof(unknown));
	len += sizeof(unknown);
	put_file("record_codec_v2", "all-kinds", buf, len);
}

static void key_seeds(void)
{
	const char *failed;
	char pub[4096], sec[4096];
	int err;

	snprintf(pub, sizeof(pub), "%s", seed_path("keyfile", "seed.pub"));
	snprintf(sec, sizeof(sec), "%s", seed_path("keyfile", "seed.key"));
	unlink(pub);
	unlink(sec);
	err = keyfile_write_pair(pub, sec, &failed);
	if (err)
		die(failed ? failed : "keyfile_write_pair", err);
	put_file("keyfile", "no-newline.pub",
		 KEYFILE_PUBLIC_LABEL " AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", 69);
}

/* Text seeds: one option per line for the filter, NUL-separated argv for cli. */
static const char *const filter_seeds[] = {
	"t key,rel,abs\n", "t EV_KEY\nt 1\nt syn", "c KEY_A,BTN_LEFT,REL_X\n",
	"c 1:30\nc key:30\nc EV_KEY:KEY_A\nc abs:ABS_MT_SLOT", "d 3\nd 1023\nt msc",
	"d /dev/null\nd /dev/input/event0", "c KEY_A,KEY_A,KEY_B\nt key",
};
static const char cli_seeds[][160] = {
	"-o\0trace.itr",
	"-o\0/\0--rotate-size\0" "64M\0--rotate-time\0" "3600\0--max-total-size\0" "1G\0"
	"--max-age\0" "604800",
	"-o\0t.itr\0--duration\0" "1.5\0--count\0" "100\0--types\0key,rel\0--codes\0KEY_A",
	"-o\0t.itr\0--sync\0none\0--block-size\0" "4K\0--no-compress\0--ring-size\0" "1M",
	"-o\0t.itr\0--encrypt-to\0ops.pub\0-q",
	"-o\0t.itr\0--plaintext\0-v\0--device\0" "3",
	"--help",
};

static void text_seeds(void)
{
	unsigned int i;
	char name[16];

	for (i = 0; i < sizeof(filter_seeds) / sizeof(filter_seeds[0]); i++) {
		snprintf(name, sizeof(name), "seed-%u", i);
		put_file("filter", name, filter_seeds[i], strlen(filter_seeds[i]));
	}
	for (i = 0; i < sizeof(cli_seeds) / sizeof(cli_seeds[0]); i++) {
		size_t len = sizeof(cli_seeds[i]);

		while (len && !cli_seeds[i][len - 1])
			len--;
		snprintf(name, sizeof(name), "seed-%u", i);
		put_file("cli", name, cli_seeds[i], len);
	}
}

/*
 * Policy files: the shared good and bad cases of tests/policy/ and the
 * shipped default (make runs this from the top of the tree), and one
 * policy at the module's limits as policy_format() writes it.
 */
static void policy_seeds(void)
{
	static const char *const pats[] = {
		"tests/policy/good/*.conf", "tests/policy/bad/*.conf", "etc/policy.conf",
	};
	static struct policy p;
	static char text[POLICY_MAX_CGROUPS * (POLICY_PATH_MAX + 64) + 256];
	char name[320];
	unsigned int i;
	size_t j, len;
	glob_t g;
	int n;

	for (i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
		if (glob(pats[i], 0, NULL, &g))
			die(pats[i], ENOENT);
		for (j = 0; j < g.gl_pathc; j++) {
			unsigned char *buf = get_file(g.gl_pathv[j], &len);
			const char *base = strrchr(g.gl_pathv[j], '/');

			snprintf(name, sizeof(name), "%s-%s", i == 0 ? "good" : i == 1 ? "bad" : "etc",
				 base ? base + 1 : g.gl_pathv[j]);
			put_file("policy_conf", name, buf, len);
			free(buf);
		}
		globfree(&g);
	}
	policy_init(&p);
	p.enabled = true;
	p.level = POLICY_LEVEL_FULL;
	p.quantum_ns = POLICY_QUANTUM_MAX;
	p.ncgroups = POLICY_MAX_CGROUPS;
	for (i = 0; i < p.ncgroups; i++) {
		snprintf(p.cgroups[i].path, sizeof(p.cgroups[i].path), "/u/s%u", i);
		p.cgroups[i].level = (int)(i % 3) - 1;
		p.cgroups[i].quantum_ns = i % 2 ? POLICY_QUANTUM_INHERIT : (int64_t)i;
	}
	n = policy_format(&p, text, sizeof(text));
	if (n < 0)
		die("policy_format", -n);
	put_file("policy_conf", "formatted-limits", text, (size_t)n);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: make_corpus DIR\n");
		return 2;
	}
	out_dir = argv[1];
	if (mkdir(out_dir, 0755) < 0 && errno != EEXIST)
		die(out_dir, errno);
	trace_seeds();
	record_seeds();
	record_v2_seeds();
	key_seeds();
	text_seeds();
	policy_seeds();
	return 0;
}

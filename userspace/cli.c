// SPDX-License-Identifier: GPL-2.0
/*
 * cli.c - subcommand dispatch and `inputtrace record` option parsing.
 *
 * Numbers are parsed strictly (no sign, no spaces, no trailing junk, range
 * checked): a typo in --count must not become "record forever".
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"

#define PFX "inputtrace: record: "

int cli_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return -EINVAL;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int cli_parse_size(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	unsigned int shift = 0;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -EINVAL;
	switch (*end) {
	case '\0':
		break;
	case 'k': case 'K':
		shift = 10;
		break;
	case 'm': case 'M':
		shift = 20;
		break;
	case 'g': case 'G':
		shift = 30;
		break;
	default:
		return -EINVAL;
	}
	if (*end && end[1])
		return -EINVAL;
	if (v > (UINT64_MAX >> shift))
		return -ERANGE;
	v <<= shift;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/* Decimal seconds without strtod: no locale, no "1e3", no "nan". */
int cli_parse_duration(const char *s, uint64_t *ns)
{
	uint64_t sec = 0, frac = 0, scale = 1000000000;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	for (; isdigit((unsigned char)*p); p++) {
		sec = sec * 10 + (*p - '0');
		if (sec > RECORD_DURATION_MAX_NS / 1000000000)
			return -ERANGE;
	}
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		for (; isdigit((unsigned char)*p); p++) {
			if (scale == 1)
				return -EINVAL;	/* finer than 1 ns */
			scale /= 10;
			frac += (*p - '0') * scale;
		}
	}
	if (*p)
		return -EINVAL;
	sec = sec * 1000000000 + frac;
	if (sec == 0 || sec > RECORD_DURATION_MAX_NS)
		return -ERANGE;
	*ns = sec;
	return 0;
}

static const char record_usage[] =
"Usage: inputtrace record -o FILE|DIR [OPTION...]\n"
"\n"
"Trace input events as delivered to readers of /dev/input/event* in the\n"
"cgroups enabled in /sys/kernel/inputtrace/, until SIGINT/SIGTERM,\n"
"--duration or --count.\n"
"\n"
"  -o, --output=FILE|DIR  trace file to create (must not exist); in an existing\n"
"                         directory: inputtrace-YYYYmmdd-HHMMSS-PID.itr\n"
"      --duration=SECS    stop after SECS seconds (decimals allowed, e.g. 1.5)\n"
"      --count=N          stop after N event records were written\n"
"      --types=LIST       only these event types: key,rel,abs,msc,sw,... or numbers\n"
"      --codes=LIST       only these codes: KEY_A,BTN_LEFT,REL_X,... or TYPE:CODE\n"
"      --device=DEV       only this device: /dev/input/eventN or N (repeatable)\n"
"      --sync=MODE        none, block (fdatasync every block, default) or close\n"
"      --block-size=BYTES trace file block size, K/M suffix (default 64K)\n"
"      --no-compress      do not zstd-compress blocks\n"
"      --ring-size=BYTES  per-CPU ring buffer, power of two, K/M/G suffix\n"
"                         (default 256K)\n"
"      --encrypt-to=PUBKEY  encrypt the trace to this public key (from\n"
"                         `inputtrace keygen`); default: " RECORD_RECIPIENT_DEFAULT "\n"
"                         if it exists\n"
"      --plaintext        write plaintext even though a default recipient exists\n"
"      --rotate-size=BYTES  start a new file when this one reaches BYTES (-o DIR)\n"
"      --rotate-time=SECS start a new file every SECS seconds (-o DIR); SIGHUP\n"
"                         also rotates\n"
"      --max-total-size=BYTES  delete the oldest archived files of DIR until its\n"
"                         trace files take at most BYTES (never the newest)\n"
"      --max-age=SECS     delete archived files of DIR last written SECS ago\n"
"  -v, --verbose          print libbpf debug output\n"
"  -q, --quiet            no status line\n"
"  -h, --help             show this help\n"
"\n"
"EXAMPLES:\n"
"    inputtrace record -o /var/log/inputtrace/          # until Ctrl-C\n"
"    inputtrace record -o t.itr --duration 10           # 10 seconds\n"
"    inputtrace record -o t.itr --types key --count 100 # 100 key events\n"
"    inputtrace record -o t.itr --device /dev/input/event3 --codes BTN_LEFT,REL_X\n"
"    inputtrace record -o t.itr --sync none --ring-size 1M\n"
"    inputtrace record -o /var/log/inputtrace/ --encrypt-to ops.pub \\\n"
"        --rotate-size 64M --max-total-size 1G --max-age 604800\n";

enum {
	OPT_DURATION = 256,
	OPT_COUNT,
	OPT_TYPES,
	OPT_CODES,
	OPT_DEVICE,
	OPT_SYNC,
	OPT_BLOCK_SIZE,
	OPT_NO_COMPRESS,
	OPT_RING_SIZE,
	OPT_ENCRYPT_TO,
	OPT_PLAINTEXT,
	OPT_ROTATE_SIZE,
	OPT_ROTATE_TIME,
	OPT_MAX_TOTAL_SIZE,
	OPT_MAX_AGE,
};

static const struct option record_longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "types", required_argument, NULL, OPT_TYPES },
	{ "codes", required_argument, NULL, OPT_CODES },
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "sync", required_argument, NULL, OPT_SYNC },
	{ "block-size", required_argument, NULL, OPT_BLOCK_SIZE },
	{ "no-compress", no_argument, NULL, OPT_NO_COMPRESS },
	{ "ring-size", required_argument, NULL, OPT_RING_SIZE },
	{ "encrypt-to", required_argument, NULL, OPT_ENCRYPT_TO },
	{ "plaintext", no_argument, NULL, OPT_PLAINTEXT },
	{ "rotate-size", required_argument, NULL, OPT_ROTATE_SIZE },
	{ "rotate-time", required_argument, NULL, OPT_ROTATE_TIME },
	{ "max-total-size", required_argument, NULL, OPT_MAX_TOTAL_SIZE },
	{ "max-age", required_argument, NULL, OPT_MAX_AGE },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

static int bad(const char *fmt, const char *arg)
{
	fputs(PFX, stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return -EINVAL;
}

static int check_output(struct record_opts *o)
{
	struct stat st;

	if (!o->output)
		return bad("-o/--output is required%s (see --help)", "");
	if (!*o->output)
		return bad("-o/--output: empty file name%s", "");
	if (stat(o->output, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return bad("%s: already exists (trace files are never overwritten)",
				   o->output);
		o->output_is_dir = true;
	} else if (errno != ENOENT) {
		fprintf(stderr, PFX "%s: %s\n", o->output, strerror(errno));
		return -EINVAL;
	}
	return 0;
}

int record_parse_args(int argc, char **argv, struct record_opts *out)
{
	struct record_opts o = {
		.sync = TRACEFILE_SYNC_BLOCK,
		.block_bytes = TRACEFILE_BLOCK_DEFAULT,
		.compress = true,
		.ring_bytes = RECORD_RING_DEFAULT,
	};
	char err[256];
	uint64_t v;
	int c, rc;

	optind = 0;	/* full getopt reset: parsers may run more than once */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:vqh", record_longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.output = optarg;
			break;
		case OPT_DURATION:
			if (cli_parse_duration(optarg, &o.duration_ns))
				return bad("--duration: '%s' is not a number of seconds > 0 "
					   "(e.g. 10 or 1.5, at most 366 days)", optarg);
			break;
		case OPT_COUNT:
			if (cli_parse_u64(optarg, 1, UINT64_MAX, &o.count))
				return bad("--count: '%s' is not a number >= 1", optarg);
			break;
		case OPT_TYPES:
		case OPT_CODES:
		case OPT_DEVICE:
			rc = c == OPT_TYPES ? filter_parse_types(&o.filter, optarg, err, sizeof(err)) :
			     c == OPT_CODES ? filter_parse_codes(&o.filter, optarg, err, sizeof(err)) :
			     filter_parse_device(&o.filter, optarg, err, sizeof(err));
			if (rc)
				return bad("%s", err);
			break;
		case OPT_SYNC:
			if (!strcmp(optarg, "none"))
				o.sync = TRACEFILE_SYNC_NONE;
			else if (!strcmp(optarg, "block"))
				o.sync = TRACEFILE_SYNC_BLOCK;
			else if (!strcmp(optarg, "close"))
				o.sync = TRACEFILE_SYNC_CLOSE;
			else
				return bad("--sync: '%s' is not none, block or close", optarg);
			break;
		case OPT_BLOCK_SIZE:
			if (cli_parse_size(optarg, TRACEFILE_BLOCK_MIN, TRACEFILE_BLOCK_MAX, &v))
				return bad("--block-size: '%s' is not a size from 4K to 16M", optarg);
			o.block_bytes = v;
			break;
		case OPT_NO_COMPRESS:
			o.compress = false;
			break;
		case OPT_RING_SIZE:
			if (cli_parse_size(optarg, RECORD_RING_MIN, RECORD_RING_MAX, &v) ||
			    (v & (v - 1)))
				return bad("--ring-size: '%s' is not a power of two from 4K to 1G",
					   optarg);
			o.ring_bytes = v;
			break;
		case OPT_ENCRYPT_TO:
			if (!*optarg)
				return bad("--encrypt-to: empty file name%s", "");
			o.encrypt_to = optarg;
			break;
		case OPT_PLAINTEXT:
			o.plaintext = true;
			break;
		case OPT_ROTATE_SIZE:
			if (cli_parse_size(optarg, TRACEFILE_BLOCK_MIN,
					   RECORD_ROTATE_SIZE_MAX, &o.rotate_bytes))
				return bad("--rotate-size: '%s' is not a size from 4K to 1024G",
					   optarg);
			break;
		case OPT_MAX_TOTAL_SIZE:
			if (cli_parse_size(optarg, TRACEFILE_BLOCK_MIN,
					   RECORD_ROTATE_SIZE_MAX, &o.max_total_bytes))
				return bad("--max-total-size: '%s' is not a size from 4K to 1024G",
					   optarg);
			break;
		case OPT_ROTATE_TIME:
			if (cli_parse_duration(optarg, &o.rotate_ns))
				return bad("--rotate-time: '%s' is not a number of seconds > 0 (at most 366 days)",
					   optarg);
			break;
		case OPT_MAX_AGE:
			if (cli_parse_duration(optarg, &o.max_age_ns))
				return bad("--max-age: '%s' is not a number of seconds > 0 (at most 366 days)",
					   optarg);
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'h':
			fputs(record_usage, stdout);
			return 1;
		case ':':
			return bad("option '%s' needs an argument", argv[optind - 1]);
		default:
			return bad("unknown option '%s' (see --help)", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return bad("unexpected argument '%s' (see --help)", argv[optind]);
	if (o.verbose && o.quiet)
		return bad("-v and -q exclude each other%s", "");
	if (o.plaintext && o.encrypt_to)
		return bad("--plaintext and --encrypt-to exclude each other%s", "");
	rc = check_output(&o);
	if (rc)
		return rc;
	if (!o.output_is_dir && (o.rotate_bytes || o.rotate_ns ||
				 o.max_total_bytes || o.max_age_ns))
		return bad("rotation and retention need -o DIR (an existing directory), not the file %s",
			   o.output);
	*out = o;
	return 0;
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

static void main_usage(FILE *f, const struct cli_command *cmds, size_t n)
{
	size_t i;

	fputs("Usage: inputtrace COMMAND [OPTION...]\n"
	      "       inputtrace --help | --version\n\n"
	      "Trace Linux input events as delivered to their readers.\n\n"
	      "Commands:\n", f);
	for (i = 0; i < n; i++)
		fprintf(f, "  %-8s %s\n", cmds[i].name, cmds[i].summary);
	fputs("\nRun 'inputtrace COMMAND --help' for the options of a command.\n\n"
	      "EXAMPLES:\n"
	      "    inputtrace status\n"
	      "    inputtrace record -o trace.itr --duration 30\n"
	      "    inputtrace dump --format json trace.itr\n", f);
}

int cli_dispatch(int argc, char **argv, const struct cli_command *cmds, size_t n)
{
	size_t i;

	if (argc < 2) {
		main_usage(stderr, cmds, n);
		return 1;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		main_usage(stdout, cmds, n);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("inputtrace %s\n", INPUTTRACE_VERSION);
		return 0;
	}
	for (i = 0; i < n; i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "inputtrace: unknown command '%s' (see --help)\n", argv[1]);
	return 1;
}

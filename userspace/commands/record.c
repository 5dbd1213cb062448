// SPDX-License-Identifier: GPL-2.0
/*
 * record.c - the options of `inputtrace record`: its table, --help, and
 * the parser that turns them into a struct record_opts.  The run itself
 * needs libbpf and is userspace/recorder/ (cmd_record()).
 *
 * Numbers are parsed strictly (cli.h): a typo in --count must not become
 * "record forever".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "commands.h"
#include "sysfs.h"

#define CMD	"record"

static const char record_usage[] =
"Usage: inputtrace record -o FILE|DIR|- [OPTION...]\n"
"\n"
"Trace input events as delivered to readers of /dev/input/event* in the\n"
"cgroups enabled in " SYSFS_ROOT "/, until SIGINT/SIGTERM,\n"
"--duration or --count.\n"
"\n"
"  -o, --output=FILE|DIR  trace file to create (must not exist); in an existing\n"
"                         directory: inputtrace-YYYYmmdd-HHMMSS-PID.itr;\n"
"                         - streams the same format to stdout (a pipe or a\n"
"                         file, never a terminal), encrypted like a file;\n"
"                         ends when the reader goes away (exit 0)\n"
"      --duration=SECS    stop after SECS seconds (decimals allowed, e.g. 1.5)\n"
"      --count=N          stop after N event records were written\n"
"      --types=LIST       only these event types: key,rel,abs,msc,sw,... or numbers\n"
"      --codes=LIST       only these codes: KEY_A,BTN_LEFT,REL_X,... or TYPE:CODE\n"
"      --device=DEV       only this device: /dev/input/eventN or N (repeatable)\n"
"      --sync=MODE        none, block (fdatasync every block, default) or close\n"
"      --block-size=BYTES trace file block size, K/M suffix (default 64K)\n"
"      --no-compress      do not zstd-compress blocks\n"
"      --format-version=N trace format to write: 2 (default) or 1, for readers\n"
"                         older than version 2\n"
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
"      --on-disk-full=ACTION  when the disk is full: wait (default: keep\n"
"                         reading, count what cannot be written, retry), stop\n"
"                         (close the file, exit 1) or rotate (-o DIR with\n"
"                         --max-total-size or --max-age: let retention free\n"
"                         space, then rotate)\n"
"  -v, --verbose          print libbpf debug output\n"
"  -q, --quiet            no status line\n"
"  -h, --help             show this help\n"
"\n"
"Exit status: 0 done, 1 error, 2 usage error (then no file is created).\n"
"\n"
"EXAMPLES:\n"
"    inputtrace record -o /var/log/inputtrace/          # until Ctrl-C\n"
"    inputtrace record -o t.itr --duration 10           # 10 seconds\n"
"    inputtrace record -o t.itr --types key --count 100 # 100 key events\n"
"    inputtrace record -o t.itr --device /dev/input/event3 --codes BTN_LEFT,REL_X\n"
"    inputtrace record -o t.itr --sync none --ring-size 1M\n"
"    inputtrace record -o - | inputtrace dump --follow -  # live view\n"
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
	OPT_FORMAT_VERSION,
	OPT_RING_SIZE,
	OPT_ENCRYPT_TO,
	OPT_PLAINTEXT,
	OPT_ROTATE_SIZE,
	OPT_ROTATE_TIME,
	OPT_MAX_TOTAL_SIZE,
	OPT_MAX_AGE,
	OPT_ON_DISK_FULL,
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
	{ "format-version", required_argument, NULL, OPT_FORMAT_VERSION },
	{ "ring-size", required_argument, NULL, OPT_RING_SIZE },
	{ "encrypt-to", required_argument, NULL, OPT_ENCRYPT_TO },
	{ "plaintext", no_argument, NULL, OPT_PLAINTEXT },
	{ "rotate-size", required_argument, NULL, OPT_ROTATE_SIZE },
	{ "rotate-time", required_argument, NULL, OPT_ROTATE_TIME },
	{ "max-total-size", required_argument, NULL, OPT_MAX_TOTAL_SIZE },
	{ "max-age", required_argument, NULL, OPT_MAX_AGE },
	{ "on-disk-full", required_argument, NULL, OPT_ON_DISK_FULL },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

static const struct cli_spec record_spec = {
	.cmd = "record",
	.usage = record_usage,
	.shortopts = "o:vq",
	.longopts = record_longopts,
	.usage_status = CLI_EXIT_USAGE,
};

#define bad(...)	cli_error(CMD, -EINVAL, __VA_ARGS__)

/* A size option: strict, in [min, max], message naming the range. */
static int size_opt(const char *opt, const char *arg, uint64_t min, uint64_t max,
		    const char *range, uint64_t *out)
{
	if (cli_parse_size(arg, min, max, out))
		return bad("%s: '%s' is not a size from %s", opt, arg, range);
	return 0;
}

static int duration_opt(const char *opt, const char *arg, const char *what,
			uint64_t *out)
{
	if (cli_parse_duration(arg, out))
		return bad("%s: '%s' is not a number of seconds > 0 %s", opt, arg, what);
	return 0;
}

static int sync_opt(const char *arg, enum tracefile_sync *out)
{
	if (!strcmp(arg, "none"))
		*out = TRACEFILE_SYNC_NONE;
	else if (!strcmp(arg, "block"))
		*out = TRACEFILE_SYNC_BLOCK;
	else if (!strcmp(arg, "close"))
		*out = TRACEFILE_SYNC_CLOSE;
	else
		return bad("--sync: '%s' is not none, block or close", arg);
	return 0;
}

static int disk_full_opt(const char *arg, enum record_disk_full *out)
{
	if (!strcmp(arg, "wait"))
		*out = RECORD_DISK_FULL_WAIT;
	else if (!strcmp(arg, "stop"))
		*out = RECORD_DISK_FULL_STOP;
	else if (!strcmp(arg, "rotate"))
		*out = RECORD_DISK_FULL_ROTATE;
	else
		return bad("--on-disk-full: '%s' is not wait, stop or rotate", arg);
	return 0;
}

static int filter_opt(int c, const char *arg, struct filter_opts *f)
{
	char err[256];
	int rc = c == OPT_TYPES ? filter_parse_types(f, arg, err, sizeof(err)) :
		 c == OPT_CODES ? filter_parse_codes(f, arg, err, sizeof(err)) :
		 filter_parse_device(f, arg, err, sizeof(err));

	return rc ? bad("%s", err) : 0;
}

/* cli_opt_fn: one option into the struct record_opts at @ctx. */
static int record_option(void *ctx, int c, char *arg)
{
	struct record_opts *o = ctx;
	uint64_t v;

	switch (c) {
	case 'o':
		o->output = arg;
		return 0;
	case OPT_DURATION:
		return duration_opt("--duration", arg,
				    "(e.g. 10 or 1.5, at most 366 days)", &o->duration_ns);
	case OPT_COUNT:
		if (cli_parse_u64(arg, 1, UINT64_MAX, &o->count))
			return bad("--count: '%s' is not a number >= 1", arg);
		return 0;
	case OPT_TYPES:
	case OPT_CODES:
	case OPT_DEVICE:
		return filter_opt(c, arg, &o->filter);
	case OPT_SYNC:
		return sync_opt(arg, &o->sync);
	case OPT_BLOCK_SIZE:
		if (size_opt("--block-size", arg, TRACEFILE_BLOCK_MIN,
			     TRACEFILE_BLOCK_MAX, "4K to 16M", &v))
			return -EINVAL;
		o->block_bytes = v;
		return 0;
	case OPT_NO_COMPRESS:
		o->compress = false;
		return 0;
	case OPT_FORMAT_VERSION:
		if (cli_parse_u64(arg, TRACEFILE_VERSION_MIN, TRACEFILE_VERSION, &v))
			return bad("--format-version: '%s' is not %d or %d", arg,
				   TRACEFILE_VERSION_MIN, TRACEFILE_VERSION);
		o->format_version = (uint16_t)v;
		return 0;
	case OPT_RING_SIZE:
		if (cli_parse_size(arg, RECORD_RING_MIN, RECORD_RING_MAX, &v) ||
		    (v & (v - 1)))
			return bad("--ring-size: '%s' is not a power of two from 4K to 1G",
				   arg);
		o->ring_bytes = v;
		return 0;
	case OPT_ENCRYPT_TO:
		if (!*arg)
			return bad("--encrypt-to: empty file name");
		o->encrypt_to = arg;
		return 0;
	case OPT_PLAINTEXT:
		o->plaintext = true;
		return 0;
	case OPT_ROTATE_SIZE:
		return size_opt("--rotate-size", arg, TRACEFILE_BLOCK_MIN,
				RECORD_ROTATE_SIZE_MAX, "4K to 1024G", &o->rotate_bytes);
	case OPT_MAX_TOTAL_SIZE:
		return size_opt("--max-total-size", arg, TRACEFILE_BLOCK_MIN,
				RECORD_ROTATE_SIZE_MAX, "4K to 1024G", &o->max_total_bytes);
	case OPT_ROTATE_TIME:
		return duration_opt("--rotate-time", arg, "(at most 366 days)", &o->rotate_ns);
	case OPT_MAX_AGE:
		return duration_opt("--max-age", arg, "(at most 366 days)", &o->max_age_ns);
	case OPT_ON_DISK_FULL:
		return disk_full_opt(arg, &o->on_disk_full);
	case 'v':
		o->verbose = true;
		return 0;
	case 'q':
		o->quiet = true;
		return 0;
	}
	return -EINVAL;
}

static int check_output(struct record_opts *o)
{
	struct stat st;

	if (!o->output)
		return bad("-o/--output is required (see --help)");
	if (!*o->output)
		return bad("-o/--output: empty file name");
	if (!strcmp(o->output, "-")) {
		/* the framed binary format would only garble a terminal */
		if (isatty(STDOUT_FILENO))
			return bad("-o -: stdout is a terminal; pipe it (| inputtrace dump --follow -) or redirect it to a file");
		o->output_stdout = true;
		return 0;
	}
	if (stat(o->output, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return bad("%s: already exists (trace files are never overwritten)",
				   o->output);
		o->output_is_dir = true;
	} else if (errno != ENOENT) {
		return bad("%s: %s", o->output, strerror(errno));
	}
	return 0;
}

/* What no single option can check. */
static int check_combination(struct record_opts *o)
{
	if (o->verbose && o->quiet)
		return bad("-v and -q exclude each other");
	if (o->plaintext && o->encrypt_to)
		return bad("--plaintext and --encrypt-to exclude each other");
	if (check_output(o))
		return -EINVAL;
	if (!o->output_is_dir && (o->rotate_bytes || o->rotate_ns ||
				  o->max_total_bytes || o->max_age_ns))
		return bad("rotation and retention need -o DIR (an existing directory), not %s%s",
			   o->output_stdout ? "stdout" : "the file ",
			   o->output_stdout ? "" : o->output);
	/* rotating frees nothing unless retention may delete something */
	if (o->on_disk_full == RECORD_DISK_FULL_ROTATE &&
	    (!o->output_is_dir || (!o->max_total_bytes && !o->max_age_ns)))
		return bad("--on-disk-full=rotate needs -o DIR and --max-total-size or --max-age (what retention may delete to free space)");
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
	int first = cli_getopt(&record_spec, argc, argv, record_option, &o);

	if (first >= 0)
		first = cli_no_operands(&record_spec, argc, argv, first);
	if (first == CLI_HELP)
		return 1;
	if (first < 0 || check_combination(&o))
		return -EINVAL;
	*out = o;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * export.c - `inputtrace export --format evemu|libinput [--device ID]
 * [--reader PID] [--placeholder-keys] [--key FILE] [-o OUT] FILE|DIR...`:
 * one device's events, as one reader got them, for evemu-play or
 * libinput replay (lib/export*.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cli.h"
#include "commands.h"
#include "export.h"
#include "trace_operands.h"

static const char export_usage[] =
"Usage: inputtrace export --format evemu|libinput [--device ID] [--reader PID]\n"
"                         [--placeholder-keys] [--key SECRETFILE] [-o OUT]\n"
"                         FILE|DIR...\n"
"\n"
"Write one device's events, as one reader received them, in a format the\n"
"replay tools read: evemu (evemu-device, evemu-play) or libinput's\n"
"recording YAML (libinput replay).  Times start at 0 with the first event.\n"
"A DIR stands for its inputtrace-*.itr files (a rotated recording).\n"
"\n"
"  -f, --format=FMT        evemu or libinput (required)\n"
"  -d, --device=ID         the device (its id in dump/report); needed when\n"
"                          the trace has events of several devices\n"
"  -r, --reader=PID        the reading process (tgid); needed when several\n"
"                          read the device (each got its own copy)\n"
"  -P, --placeholder-keys  replay redacted keys as one key per key class\n"
"                          (see the man page) and drop withheld values\n"
"  -k, --key=FILE          secret key (from inputtrace keygen) of encrypted files\n"
"  -o, --output=OUT        write OUT (mode 0600) instead of stdout, only\n"
"                          when the export succeeds\n"
"  -h, --help              show this help\n"
"\n"
"Refused: a redacted trace without --placeholder-keys, a device without a\n"
"CAPS record, an ambiguous device or reader.  Warned of: losses, pauses,\n"
"damaged ranges and rounded times inside the exported range.\n"
"\n"
"Exit status: 0 exported, 1 error (nothing written), 2 usage error.\n"
"\n"
"EXAMPLES:\n"
"    inputtrace export -f evemu --device 3 -o kbd.events trace.itr\n"
"    evemu-device kbd.events   # then: evemu-play /dev/input/eventN < kbd.events\n"
"    inputtrace export -f libinput --reader 812 -o pad.yml /var/lib/inputtrace/\n"
"    libinput replay pad.yml\n";

static const struct option export_longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "device", required_argument, NULL, 'd' },
	{ "reader", required_argument, NULL, 'r' },
	{ "placeholder-keys", no_argument, NULL, 'P' },
	{ "key", required_argument, NULL, 'k' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

static const struct cli_spec export_spec = {
	.cmd = "export",
	.usage = export_usage,
	.shortopts = "f:d:r:Pk:o:",
	.longopts = export_longopts,
	.usage_status = CLI_EXIT_USAGE,
};

struct export_args {
	struct export_opts o;
	bool has_format;
	const char *key_path;
	const char *out;
};

static int parse_id(const char *opt, const char *arg, uint32_t *id)
{
	uint64_t v;

	if (cli_parse_u64(arg, 0, UINT32_MAX, &v))
		return cli_error("export", -1, "%s '%s': not a number", opt, arg);
	*id = (uint32_t)v;
	return 0;
}

static int export_option(void *ctx, int c, char *arg)
{
	struct export_args *a = ctx;

	switch (c) {
	case 'f':
		if (!strcmp(arg, "evemu"))
			a->o.fmt = EXPORT_EVEMU;
		else if (!strcmp(arg, "libinput"))
			a->o.fmt = EXPORT_LIBINPUT;
		else
			return cli_error("export", -1, "unknown format '%s' (evemu or libinput)", arg);
		a->has_format = true;
		return 0;
	case 'd':
		a->o.has_device = true;
		return parse_id("--device", arg, &a->o.device);
	case 'r':
		a->o.has_reader = true;
		return parse_id("--reader", arg, &a->o.reader);
	case 'P':
		a->o.placeholder_keys = true;
		return 0;
	case 'k':
		a->key_path = arg;
		return 0;
	case 'o':
		a->out = arg;
		return 0;
	}
	return -1;
}

/* @buf to @path through a temporary file renamed over it: all or nothing. */
static int write_out(const char *path, const char *buf, size_t len)
{
	char *tmp;
	ssize_t n;
	size_t off = 0;
	int fd, err = 0;

	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		return -ENOMEM;
	fd = mkostemp(tmp, O_CLOEXEC);	/* mode 0600 */
	if (fd < 0) {
		err = -errno;
		free(tmp);
		return err;
	}
	while (!err && off < len) {
		n = write(fd, buf + off, len - off);
		if (n < 0 && errno != EINTR)
			err = -errno;
		else if (n > 0)
			off += n;
	}
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}

static int emit(const struct export_args *a, const struct export_trace *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = a->out ? open_memstream(&buf, &len) : stdout;
	int rc;

	if (!f)
		return cli_error("export", 1, "%s", strerror(errno));
	rc = a->o.fmt == EXPORT_EVEMU ? export_write_evemu(f, t) : export_write_libinput(f, t);
	if (a->out) {
		if (fclose(f) && !rc)
			rc = -ENOMEM;
		if (!rc)
			rc = write_out(a->out, buf, len);
		free(buf);
	} else if (fflush(f) && !rc) {
		rc = -EIO;
	}
	if (rc)
		return cli_error("export", 1, "writing %s: %s", a->out ? a->out : "stdout",
				 strerror(-rc));
	return 0;
}

int cmd_export(int argc, char **argv)
{
	struct export_args a = { 0 };
	struct trace_operands ops;
	struct export_trace t;
	int first = cli_getopt(&export_spec, argc, argv, export_option, &a);
	int ret;

	if (first < 0)
		return cli_exit_status(&export_spec, first);
	if (!a.has_format)
		return cli_error("export", CLI_EXIT_USAGE, "--format evemu|libinput is required");
	if (trace_operands_open(&ops, "export", argc, argv, first, a.key_path))
		return CLI_EXIT_FAILURE;
	ret = export_collect(&a.o, &ops, &t);
	trace_operands_free(&ops);
	if (ret)
		return CLI_EXIT_FAILURE;
	ret = emit(&a, &t);
	export_trace_free(&t);
	return ret;
}

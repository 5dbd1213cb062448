// SPDX-License-Identifier: GPL-2.0
/*
 * keygen.c - `inputtrace keygen -o NAME`: a key pair for encrypted traces,
 * NAME.pub (for `record`) and NAME.key (for `dump`/`verify --key`).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "commands.h"
#include "keyfile.h"

#define CMD "keygen"

static const char keygen_usage[] =
"Usage: inputtrace keygen -o NAME\n"
"\n"
"Create an X25519 key pair for encrypted trace files: NAME.pub, the public\n"
"key recorders encrypt to (mode 0644), and NAME.key, the secret key that\n"
"dump and verify need to read them (mode 0600).  Existing files are never\n"
"overwritten.  Keep NAME.key off the machines that record: a recorder only\n"
"ever needs NAME.pub, so a compromised recorder cannot read old traces.\n"
"\n"
"  -o, --output=NAME  path prefix of the two files to create\n"
"  -h, --help         show this help\n"
"\n"
"Exit status: 0 both files written, 1 error, 2 usage error (nothing written).\n"
"\n"
"EXAMPLES:\n"
"    inputtrace keygen -o ~/.config/inputtrace/audit   # audit.pub, audit.key\n"
"    inputtrace dump --key ~/.config/inputtrace/audit.key trace.itr\n"
"    inputtrace verify --key audit.key /var/lib/inputtrace/*.itr\n";

/* "NAME" + @ext, or NULL (message printed). */
static char *key_path(const char *name, const char *ext)
{
	char *p;

	if (asprintf(&p, "%s%s", name, ext) < 0) {
		cli_error(CMD, 0, "out of memory");
		return NULL;
	}
	return p;
}

static int keygen_write(const char *name)
{
	char *pub = key_path(name, ".pub"), *sec = key_path(name, ".key");
	const char *failed = NULL;
	int err, ret = 1;

	if (!pub || !sec)
		goto out;
	err = keyfile_write_pair(pub, sec, &failed);
	if (err == -EEXIST)
		cli_error(CMD, 0, "%s already exists: refusing to overwrite a key", failed);
	else if (err)
		cli_error(CMD, 0, "cannot create %s: %s", failed ? failed : name,
			  strerror(-err));
	else
		ret = printf("public key: %s\nsecret key: %s\n", pub, sec) < 0;
out:
	free(pub);
	free(sec);
	return ret;
}

static const struct option keygen_longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

static const struct cli_spec keygen_spec = {
	.cmd = "keygen",
	.usage = keygen_usage,
	.shortopts = "o:",
	.longopts = keygen_longopts,
	.usage_status = CLI_EXIT_USAGE,
};

static int keygen_option(void *ctx, int c, char *arg)
{
	if (c != 'o')
		return -1;
	*(const char **)ctx = arg;
	return 0;
}

int cmd_keygen(int argc, char **argv)
{
	const char *name = NULL;
	int first = cli_getopt(&keygen_spec, argc, argv, keygen_option, &name);

	if (first >= 0)
		first = cli_no_operands(&keygen_spec, argc, argv, first);
	if (first < 0)
		return cli_exit_status(&keygen_spec, first);
	if (!name || !*name || name[strlen(name) - 1] == '/')
		return cli_error(CMD, CLI_EXIT_USAGE,
				 "give the key pair a name: -o NAME (see --help)");
	return keygen_write(name);
}

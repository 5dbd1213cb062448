// SPDX-License-Identifier: GPL-2.0
/*
 * keygen.c - `inputtrace keygen -o NAME`: a key pair for encrypted traces,
 * NAME.pub (for `record`) and NAME.key (for `dump`/`verify --key`).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "cmd_opts.h"
#include "keyfile.h"

#define PFX "inputtrace: keygen: "

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
"Exit status: 0 both files written, 1 error (nothing written).\n"
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
		fprintf(stderr, PFX "out of memory\n");
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
		fprintf(stderr, PFX "%s already exists: refusing to overwrite a key\n",
			failed);
	else if (err)
		fprintf(stderr, PFX "cannot create %s: %s\n", failed ? failed : name,
			strerror(-err));
	else
		ret = printf("public key: %s\nsecret key: %s\n", pub, sec) < 0;
out:
	free(pub);
	free(sec);
	return ret;
}

int cmd_keygen(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *name = NULL;
	int c;

	optind = 0;	/* full getopt reset: may run more than once */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			name = optarg;
			break;
		case 'h':
			fputs(keygen_usage, stdout);
			return 0;
		default:	/* ':' or '?' */
			cmd_opt_error("keygen", c, argv);
			return 1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, PFX "unexpected argument '%s' (see --help)\n", argv[optind]);
		return 1;
	}
	if (!name || !*name || name[strlen(name) - 1] == '/') {
		fprintf(stderr, PFX "give the key pair a name: -o NAME (see --help)\n");
		return 1;
	}
	return keygen_write(name);
}

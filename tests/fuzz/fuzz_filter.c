// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_filter.c - the --types/--codes/--device parsers.  The input is one
 * option per line, "t ARG", "c ARG" or "d ARG", applied in order to one
 * filter, as repeated options are: each parse is all-or-nothing, and the
 * filter never holds more than its limits or a code of a type it lacks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_helpers.h"
#include "filter.h"

typedef int (*parse_fn)(struct filter_opts *, const char *, char *, size_t);

static void apply(struct filter_opts *f, char *line)
{
	struct filter_opts before = *f;
	char err[256];
	parse_fn fn;

	switch (line[0]) {
	case 't':
		fn = filter_parse_types;
		break;
	case 'c':
		fn = filter_parse_codes;
		break;
	case 'd':
		fn = filter_parse_device;
		break;
	default:
		return;
	}
	if (line[1] != ' ')
		return;
	if (fn(f, line + 2, err, sizeof(err)) < 0 && memcmp(&before, f, sizeof(*f)))
		abort();	/* a refused argument changed the filter */
}

static void check(const struct filter_opts *f)
{
	unsigned int i;

	if (f->ncodes > FILTER_MAX_CODES || f->ndevices > FILTER_MAX_DEVICES)
		abort();
	for (i = 0; i < f->ncodes; i++)
		if (f->codes[i].type > 31 || !(f->code_types & 1u << f->codes[i].type))
			abort();
	for (i = 0; i < f->ndevices; i++)
		if (f->devices[i] > FILTER_MAX_EVENT_NUM)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct filter_opts f;
	char *s = fuzz_strdup(data, size), *line, *save = NULL;

	memset(&f, 0, sizeof(f));
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		apply(&f, line);
	check(&f);
	free(s);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_tracefile_reader.c - the block reader with resynchronisation: open
 * the input as a trace file (with the corpus's test key, so encrypted
 * seeds decrypt), read every record, and check the damage list is what
 * tracefile.h promises: ranges in file order, inside the file.
 */
#include <stdint.h>
#include <stdlib.h>
#include "fuzz_helpers.h"

FUZZ_INPUT_FILE(file, sk)

static void check_damage(const struct tracefile_reader *r, uint64_t size)
{
	size_t i, n = tracefile_reader_damage_count(r);
	uint64_t prev = 0;

	for (i = 0; i < n; i++) {
		const struct tracefile_damage *d = tracefile_reader_damage(r, i);

		if (!d || !d->reason || d->offset < prev || d->offset > size ||
		    d->length > size - d->offset)
			abort();
		prev = d->offset;
	}
	if (tracefile_reader_damage(r, n))
		abort();
}

static void read_all(int (*open_fn)(const char *, const unsigned char *,
				    struct tracefile_reader **),
		     const unsigned char *key, uint64_t size)
{
	struct tracefile_reader *r;
	struct trace_record rec;
	int rc;

	if (open_fn(file.path, key, &r))
		return;
	while ((rc = tracefile_next(r, &rec)) == 1)
		if (!rec.kind)
			abort();
	if (rc < 0)
		abort();	/* a memfd never fails to read, memory aside */
	if (tracefile_reader_size(r) != size)
		abort();
	check_damage(r, size);
	tracefile_reader_close(r);
}

static int open_framing(const char *path, const unsigned char *key,
			struct tracefile_reader **out)
{
	(void)key;
	return tracefile_open_framing(path, out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_file_set(&file, data, size);
	read_all(tracefile_open_key, sk, size);
	read_all(open_framing, NULL, size);
	return 0;
}

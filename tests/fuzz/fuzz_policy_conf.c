// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_policy_conf.c - the policy file parser (policy_conf.h).  A file is
 * either refused, naming a line that exists and a reason, with the
 * caller's policy untouched, or accepted within the module's limits; an
 * accepted policy formats to text that parses back to the same policy and
 * formats to the same text again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_helpers.h"
#include "policy_conf.h"

static struct policy p, q, untouched;
static char text[2][POLICY_MAX_CGROUPS * (POLICY_PATH_MAX + 64) + 256];

static void check_accepted(const struct policy *pol)
{
	unsigned int i;

	if (pol->ncgroups > POLICY_MAX_CGROUPS || pol->quantum_ns > POLICY_QUANTUM_MAX ||
	    (pol->level != POLICY_LEVEL_REDACTED && pol->level != POLICY_LEVEL_FULL))
		abort();
	for (i = 0; i < pol->ncgroups; i++) {
		const struct policy_cgroup *c = &pol->cgroups[i];

		if (c->path[0] != '/' || strlen(c->path) >= POLICY_PATH_MAX ||
		    c->quantum_ns > (int64_t)POLICY_QUANTUM_MAX ||
		    c->quantum_ns < POLICY_QUANTUM_INHERIT ||
		    c->level < POLICY_LEVEL_INHERIT || c->level > POLICY_LEVEL_FULL)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy_error e;
	unsigned int lines = 1;
	size_t i;
	int n, m;

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	memset(&p, 0x5a, sizeof(p));
	untouched = p;
	if (policy_parse((const char *)data, size, &p, &e)) {
		if (e.line > lines || !e.reason[0] || memcmp(&p, &untouched, sizeof(p)))
			abort();
		return 0;
	}
	check_accepted(&p);
	n = policy_format(&p, text[0], sizeof(text[0]));
	if (n < 0 || policy_parse(text[0], (size_t)n, &q, &e) || !policy_equal(&p, &q))
		abort();
	m = policy_format(&q, text[1], sizeof(text[1]));
	if (m != n || memcmp(text[0], text[1], (size_t)n))
		abort();
	return 0;
}

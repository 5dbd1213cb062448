// SPDX-License-Identifier: GPL-2.0
/* array.c - growing a table by one element (array.h). */
#include <stdlib.h>
#include <string.h>

#include "array.h"

void *array_grow(void *v, size_t *n, size_t size)
{
	char *p = realloc(v, (*n + 1) * size);

	if (!p)
		return NULL;
	memset(p + *n * size, 0, size);
	(*n)++;
	return p;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * array.h - the one way a table that only grows gets its next element
 * (devices, readers, pauses: tens of them, so one realloc each is fine).
 */
#ifndef __ARRAY_H
#define __ARRAY_H

#include <stddef.h>

/*
 * @v (*@n elements of @size) grown by one zeroed element at the end, and
 * *@n counted up; NULL on ENOMEM, when @v and *@n are as they were.
 */
void *array_grow(void *v, size_t *n, size_t size);

#endif /* __ARRAY_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * trust.c - the directory and owner rule of trust.h, used by the writer
 * (tracefile_create()), the recorder's preflight and retention.
 */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "trust.h"

bool trust_owner(const struct stat *st)
{
	return st->st_uid == 0 || st->st_uid == geteuid();
}

int trust_dir(const struct stat *st)
{
	if (S_ISLNK(st->st_mode))
		return -ELOOP;
	if (!S_ISDIR(st->st_mode))
		return -ENOTDIR;
	if ((st->st_mode & (S_IWGRP | S_IWOTH)) && !(st->st_mode & S_ISVTX))
		return -EPERM;
	return trust_owner(st) ? 0 : -EPERM;
}

int trust_parent_of(const char *path)
{
	char *copy = strdup(path);
	struct stat st;
	int err;

	if (!copy)
		return -ENOMEM;
	err = lstat(dirname(copy), &st) < 0 ? -errno : trust_dir(&st);
	free(copy);
	return err;
}

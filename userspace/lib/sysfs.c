// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs.c - read and write inputtrace.ko's attributes (sysfs.h).
 *
 * Reads go through stdio (a value is one short line); writes are one
 * write(2), because a sysfs store sees each write as one complete value.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "sysfs.h"

/* SYSFS_ROOT "/" @attr into @buf; -ENAMETOOLONG if it does not fit. */
static int attr_path(const char *attr, char *buf, size_t size)
{
	int n = snprintf(buf, size, SYSFS_ROOT "/%s", attr);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

bool sysfs_present(void)
{
	return access(SYSFS_ROOT, F_OK) == 0;
}

int sysfs_open(const char *attr, int flags)
{
	char path[256];

	if (attr_path(attr, path, sizeof(path))) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return open(path, flags | O_CLOEXEC);
}

int sysfs_read_file(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return -errno;
	n = fread(buf, 1, size - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return 0;
}

int sysfs_read(const char *attr, char *buf, size_t size)
{
	char path[256];

	if (attr_path(attr, path, sizeof(path))) {
		errno = ENAMETOOLONG;
		return -ENAMETOOLONG;
	}
	return sysfs_read_file(path, buf, size);
}

int sysfs_write(const char *attr, const char *val)
{
	size_t len = strlen(val);
	ssize_t n;
	int fd = sysfs_open(attr, O_WRONLY);

	if (fd < 0)
		return -errno;
	n = write(fd, val, len);
	if (n < 0) {
		n = -errno;
		close(fd);
		return (int)n;
	}
	close(fd);
	return (size_t)n == len ? 0 : -EIO;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trust.h - who may be trusted with trace files: the one rule for the
 * directories the recorder writes into and retention deletes from, and
 * for the owner of a file retention may touch.
 *
 * A directory is trusted when nobody but us and root can create, swap or
 * delete names in it (auditd's rule): not group/world-writable unless
 * sticky, owned by root or by our euid, and not a symlink (it could be
 * re-pointed under us).
 */
#ifndef __TRUST_H
#define __TRUST_H

#include <stdbool.h>
#include <sys/stat.h>

/* Owned by root or by our euid. */
bool trust_owner(const struct stat *st);
/*
 * The rule above for @st, from lstat() of a path or fstat() of a
 * directory fd: 0 trusted, -ELOOP a symlink, -ENOTDIR not a directory,
 * -EPERM someone else could tamper with it.
 */
int trust_dir(const struct stat *st);
/*
 * trust_dir() of the directory @path is in (dirname; not followed if it
 * is a symlink), or -errno of lstat(), -ENOMEM.
 */
int trust_parent_of(const char *path);

#endif /* __TRUST_H */

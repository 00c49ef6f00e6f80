/* SPDX-License-Identifier: ISC */
/* privdrop.h - give up what a server needs only to start: root (after
 * binding privileged ports), the view of the whole file system (chroot),
 * and file access beyond its data folders (Landlock on Linux).
 *
 * Two steps, so that mistakes show before anything is served:
 *  1. privdrop_prepare() at start: looks the user up, checks the chroot
 *     folder and the paths, and changes into the chroot folder;
 *  2. privdrop_apply() once every listener is bound and the data is loaded,
 *     before the first client byte is read: chroot, setgroups, setgid,
 *     setuid (and checks that root cannot be regained), then Landlock.
 *
 * With a chroot, data paths must be relative to its folder: the server
 * changes into it at start, so a relative path names the same file before
 * and after the chroot (and on every reload). */
#ifndef MANRS_PRIVDROP_H
#define MANRS_PRIVDROP_H

#include <stddef.h>
#include <sys/types.h>

#include "core/err.h"

#define PRIVDROP_MAX_PATHS 512
#define PRIVDROP_MAX_GROUPS 64

struct privdrop_path {
	const char *path; /* a file the server reads or writes after the drop */
	int writable;     /* 1: the server creates or writes files in its folder */
};

struct privdrop_opts {
	const char *user;       /* switch to this user; NULL = keep the ids */
	const char *chroot_dir; /* chroot here; NULL = none (needs user) */
	int no_landlock;        /* 1 = do not restrict file access */
	struct privdrop_path paths[PRIVDROP_MAX_PATHS];
	size_t npaths;
	/* filled by privdrop_prepare */
	uid_t uid;
	gid_t gid;
	gid_t groups[PRIVDROP_MAX_GROUPS];
	int ngroups;
};

/* Empty options: keep the ids, no chroot, Landlock on. */
void privdrop_init(struct privdrop_opts *o);

/* Add a file whose folder the server reads (writable 0) or writes in
 * (writable 1) after the drop. path must outlive o. Returns 0, or -1 with e
 * set when there are more than PRIVDROP_MAX_PATHS. */
int privdrop_add_path(struct privdrop_opts *o, const char *path, int writable, struct err *e);

/* Check the options before anything is loaded or bound: the user exists,
 * --user is given with --chroot, the process is root when ids change, the
 * chroot folder exists and every path is relative and stays inside it.
 * Changes into the chroot folder. Returns 0, or -1 with e set. */
int privdrop_prepare(struct privdrop_opts *o, struct err *e);

/* Drop: chroot, groups, gid, uid (verified: setuid(0) must then fail),
 * then Landlock (read-only access to the folders of read paths, write
 * access to the folders of writable ones). A kernel without Landlock is
 * logged, not an error. Call once, with no other thread running. Returns 0,
 * or -1 with e set (the caller must then exit: the state is undefined). */
int privdrop_apply(const struct privdrop_opts *o, struct err *e);

/* Restrict file access with Landlock to o's paths only (no id change):
 * part of privdrop_apply, exposed for tests. Returns 1 when restricted, 0
 * when Landlock is not available (ENOSYS, EOPNOTSUPP, or EPERM from a
 * seccomp filter), -1 with e set. */
int privdrop_landlock(const struct privdrop_opts *o, struct err *e);

#endif

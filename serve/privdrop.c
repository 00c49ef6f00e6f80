/* SPDX-License-Identifier: ISC */
/* privdrop.c - drop root, chroot and restrict file access with Landlock
 * once a server has bound its ports and loaded its data. */
#include "privdrop.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

#if defined(__linux__) && __has_include(<linux/landlock.h>)
#include <linux/landlock.h>
#if defined(SYS_landlock_create_ruleset) && defined(LANDLOCK_ACCESS_FS_REFER)
#define HAVE_LANDLOCK 1
#endif
#endif

void privdrop_init(struct privdrop_opts *o)
{
	memset(o, 0, sizeof *o);
}

int privdrop_add_path(struct privdrop_opts *o, const char *path, int writable, struct err *e)
{
	if (o->npaths == PRIVDROP_MAX_PATHS)
		return err_set(e, "more than %d files to keep access to", PRIVDROP_MAX_PATHS);
	o->paths[o->npaths].path = path;
	o->paths[o->npaths].writable = writable;
	o->npaths++;
	return 0;
}

/* The folder holding path ("." for a bare name) into buf. */
static void folder_of(const char *path, char *buf, size_t n)
{
	char copy[PATH_MAX];
	snprintf(copy, sizeof copy, "%s", path);
	snprintf(buf, n, "%s", dirname(copy));
}

/* 1 when the resolved path p lies inside (or is) the resolved folder root. */
static int is_inside(const char *root, const char *p)
{
	size_t n = strlen(root);
	if (!strcmp(root, "/"))
		return 1;
	return !strncmp(p, root, n) && (p[n] == '/' || p[n] == 0);
}

/* A path given with --chroot root must be relative and, resolved from
 * root (symbolic links included), stay inside it. */
static int check_chroot_path(const char *root, const char *path, struct err *e)
{
	char joined[PATH_MAX], folder[PATH_MAX], real[PATH_MAX];
	if (path[0] == '/')
		return err_set(e,
		               "%s: with --chroot, give paths relative to the chroot folder %s "
		               "(the server changes into it at start)",
		               path, root);
	if ((size_t)snprintf(joined, sizeof joined, "%s/%s", root, path) >= sizeof joined)
		return err_set(e, "%s: path too long", path);
	folder_of(joined, folder, sizeof folder);
	if (!realpath(folder, real))
		return err_set(e, "%s: %s", folder, strerror(errno));
	if (!is_inside(root, real))
		return err_set(e, "%s: its folder %s is outside the chroot folder %s", path, real,
		               root);
	if (realpath(joined, real) && !is_inside(root, real))
		return err_set(e, "%s: resolves to %s, outside the chroot folder %s", path, real,
		               root);
	return 0;
}

static int prepare_user(struct privdrop_opts *o, struct err *e)
{
	errno = 0;
	struct passwd *pw = getpwnam(o->user);
	if (!pw)
		return err_set(e, "--user %s: %s", o->user,
		               errno ? strerror(errno) : "no such user");
	if (pw->pw_uid == 0)
		return err_set(e, "--user %s: has uid 0, dropping to it gives up nothing", o->user);
	if (geteuid() != 0)
		return err_set(e, "--user %s: only root can change users (running as uid %u)",
		               o->user, (unsigned)geteuid());
	o->uid = pw->pw_uid;
	o->gid = pw->pw_gid;
	o->ngroups = PRIVDROP_MAX_GROUPS;
	if (getgrouplist(o->user, o->gid, o->groups, &o->ngroups) < 0)
		return err_set(e, "--user %s: in more than %d groups", o->user,
		               PRIVDROP_MAX_GROUPS);
	return 0;
}

static int prepare_chroot(struct privdrop_opts *o, struct err *e)
{
	char root[PATH_MAX];
	struct stat st;
	if (!realpath(o->chroot_dir, root) || stat(root, &st) < 0)
		return err_set(e, "--chroot %s: %s", o->chroot_dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return err_set(e, "--chroot %s: not a folder", o->chroot_dir);
	for (size_t i = 0; i < o->npaths; i++)
		if (check_chroot_path(root, o->paths[i].path, e))
			return -1;
	if (chdir(root) < 0)
		return err_set(e, "--chroot %s: %s", o->chroot_dir, strerror(errno));
	return 0;
}

int privdrop_prepare(struct privdrop_opts *o, struct err *e)
{
	if (o->chroot_dir && !o->user)
		return err_set(e, "--chroot needs --user (root can leave a chroot)");
	if (o->user && prepare_user(o, e))
		return -1;
	if (o->chroot_dir && prepare_chroot(o, e))
		return -1;
	return 0;
}

/* --- Landlock --- */

#ifdef HAVE_LANDLOCK
/* Rights newer than Debian 12's header; the kernel's ABI tells which apply. */
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif

#define FS_READ (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
#define FS_WRITE                                                                                   \
	(FS_READ | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_MAKE_REG |                   \
	 LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE)

/* Every file system right the running kernel knows: all are denied unless
 * a rule grants them. */
static uint64_t handled_rights(int abi)
{
	uint64_t r = (LANDLOCK_ACCESS_FS_REFER << 1) - 1; /* ABI 1 and 2 */
	if (abi < 2)
		r &= ~(uint64_t)LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		r |= LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi >= 5)
		r |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
	return r;
}

/* Grant rights beneath folder (resolved now, so before any chroot). */
static int allow_folder(int ruleset, const char *folder, uint64_t rights, struct err *e)
{
	struct landlock_path_beneath_attr pb = {.allowed_access = rights};
	pb.parent_fd = open(folder, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (pb.parent_fd < 0 && errno == ENOENT) {
		/* Nothing there to read or write (a --ready-file folder that
		 * does not exist): it stays out of reach. */
		log_info("landlock: %s: no such folder, not allowed", folder);
		return 0;
	}
	if (pb.parent_fd < 0)
		return err_set(e, "landlock: %s: %s", folder, strerror(errno));
	long rc = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &pb, 0);
	int saved = errno;
	close(pb.parent_fd);
	if (rc < 0)
		return err_set(e, "landlock: %s: %s", folder, strerror(saved));
	return 0;
}

/* Grant rights to the folder of path as given and, when it is a symbolic
 * link, to the folder of its target. */
static int allow_path(int ruleset, const char *path, uint64_t rights, struct err *e)
{
	char folder[PATH_MAX], real[PATH_MAX];
	folder_of(path, folder, sizeof folder);
	if (allow_folder(ruleset, folder, rights, e))
		return -1;
	if (!realpath(path, real))
		return 0; /* not there yet (a file the server creates) */
	folder_of(real, folder, sizeof folder);
	return allow_folder(ruleset, folder, rights, e);
}

/* Threads running now (from /proc/self/status), 0 when unknown. */
static int thread_count(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	int n = 0;
	if (!f)
		return 0;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "Threads: %d", &n) == 1)
			break;
	fclose(f);
	return n;
}

/* Build the ruleset: 1 with *fd set, 0 when the kernel has no Landlock,
 * -1 with e set. */
static int landlock_build(const struct privdrop_opts *o, int *fd, struct err *e)
{
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 0) {
		/* EPERM: a seccomp filter (systemd's SystemCallFilter=)
		 * refuses the call; Landlock itself never does. */
		if (errno == ENOSYS || errno == EOPNOTSUPP || errno == EPERM)
			return 0;
		return err_set(e, "landlock: %s", strerror(errno));
	}
	int threads = thread_count();
	if (threads > 1)
		return err_set(e,
		               "landlock: %d threads are running and only the calling one "
		               "would be restricted (a bug: drop before starting threads)",
		               threads);
	uint64_t handled = handled_rights((int)abi);
	struct landlock_ruleset_attr ra = {.handled_access_fs = handled};
	*fd = (int)syscall(SYS_landlock_create_ruleset, &ra, sizeof ra, 0);
	if (*fd < 0)
		return err_set(e, "landlock: creating the ruleset: %s", strerror(errno));
	/* The process's own /proc entry (threads, maps, status): sanitizers
	 * and glibc read it. Magic links there (root, cwd, fd) are checked
	 * against the file they lead to, so they open nothing more. */
	if (allow_folder(*fd, "/proc/self", FS_READ & handled, e)) {
		close(*fd);
		return -1;
	}
	for (size_t i = 0; i < o->npaths; i++) {
		uint64_t rights = (o->paths[i].writable ? FS_WRITE : FS_READ) & handled;
		if (allow_path(*fd, o->paths[i].path, rights, e)) {
			close(*fd);
			return -1;
		}
	}
	log_info("landlock: file access restricted to the folders of %zu files (ABI %ld)",
	         o->npaths, abi);
	return 1;
}

/* Restrict this thread (and the threads it starts) to the ruleset. */
static int landlock_enforce(int fd, struct err *e)
{
	int rc = 0;
	/* Needed without CAP_SYS_ADMIN; also keeps setuid programs out. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		rc = err_set(e, "landlock: no_new_privs: %s", strerror(errno));
	else if (syscall(SYS_landlock_restrict_self, fd, 0) < 0)
		rc = err_set(e, "landlock: restricting: %s", strerror(errno));
	close(fd);
	return rc;
}
#else
static int landlock_build(const struct privdrop_opts *o, int *fd, struct err *e)
{
	(void)o;
	(void)e;
	*fd = -1;
	return 0;
}

static int landlock_enforce(int fd, struct err *e)
{
	(void)fd;
	(void)e;
	return 0;
}
#endif

static void log_no_landlock(const struct privdrop_opts *o)
{
	/* Asked for a privilege drop: say loudly what is missing. */
	if (o->user)
		log_warn("landlock: not available (kernel or seccomp filter): file access not "
		         "restricted");
	else
		log_info("landlock: not available (kernel or seccomp filter): file access not "
		         "restricted");
}

int privdrop_landlock(const struct privdrop_opts *o, struct err *e)
{
	int fd = -1;
	int rc = landlock_build(o, &fd, e);
	if (rc <= 0)
		return rc;
	return landlock_enforce(fd, e) ? -1 : 1;
}

/* --- ids --- */

static int enter_chroot(const char *dir, struct err *e)
{
	/* privdrop_prepare changed into dir: relative paths keep naming the
	 * same files inside it. */
	if (chroot(".") < 0)
		return err_set(e, "--chroot %s: %s", dir, strerror(errno));
	if (chdir("/") < 0)
		return err_set(e, "--chroot %s: %s", dir, strerror(errno));
	return 0;
}

static int change_ids(const struct privdrop_opts *o, struct err *e)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;
	if (setgroups((size_t)o->ngroups, o->groups) < 0)
		return err_set(e, "--user %s: setgroups: %s", o->user, strerror(errno));
	if (setresgid(o->gid, o->gid, o->gid) < 0)
		return err_set(e, "--user %s: setgid: %s", o->user, strerror(errno));
	if (setresuid(o->uid, o->uid, o->uid) < 0)
		return err_set(e, "--user %s: setuid: %s", o->user, strerror(errno));
	if (getresuid(&ru, &eu, &su) < 0 || getresgid(&rg, &eg, &sg) < 0 || ru != o->uid ||
	    eu != o->uid || su != o->uid || rg != o->gid || eg != o->gid || sg != o->gid)
		return err_set(e, "--user %s: the ids did not change", o->user);
	if (setuid(0) == 0 || setgid(0) == 0)
		return err_set(e, "--user %s: root could be regained after the drop", o->user);
	log_info("running as user %s (uid %u, gid %u)", o->user, (unsigned)o->uid,
	         (unsigned)o->gid);
	return 0;
}

int privdrop_apply(const struct privdrop_opts *o, struct err *e)
{
	int fd = -1, landlock = 0;
	/* Read the time zone while /etc is reachable: log times stay local. */
	tzset();
	if (!o->no_landlock) {
		landlock = landlock_build(o, &fd, e);
		if (landlock < 0)
			return -1;
		if (!landlock)
			log_no_landlock(o);
	}
	if ((o->chroot_dir && enter_chroot(o->chroot_dir, e)) || (o->user && change_ids(o, e))) {
		if (landlock)
			close(fd);
		return -1;
	}
	return landlock ? landlock_enforce(fd, e) : 0;
}

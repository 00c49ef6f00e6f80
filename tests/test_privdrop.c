/* SPDX-License-Identifier: ISC */
/* test_privdrop.c - the option checks of the privilege drop (unknown user,
 * --chroot without --user, paths outside the chroot), Landlock denying a
 * file outside the allowed folders, and a drop to nobody that cannot
 * regain root. Drops and Landlock run in a forked child. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "privdrop.h"

#define SKIPPED 77

/* Run fn in a child; returns its exit code. */
static int in_child(int (*fn)(void *), void *arg)
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(fn(arg));
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static void test_unknown_user(void **state)
{
	(void)state;
	struct privdrop_opts o;
	struct err e;
	privdrop_init(&o);
	o.user = "manrs-no-such-user";
	assert_int_equal(privdrop_prepare(&o, &e), -1);
	assert_non_null(strstr(e.msg, "--user manrs-no-such-user: no such user"));
}

static void test_chroot_needs_user(void **state)
{
	(void)state;
	struct privdrop_opts o;
	struct err e;
	privdrop_init(&o);
	o.chroot_dir = "/tmp";
	assert_int_equal(privdrop_prepare(&o, &e), -1);
	assert_non_null(strstr(e.msg, "--chroot needs --user"));
}

static void test_root_user_refused(void **state)
{
	(void)state;
	struct privdrop_opts o;
	struct err e;
	privdrop_init(&o);
	o.user = "root";
	assert_int_equal(privdrop_prepare(&o, &e), -1);
	assert_non_null(strstr(e.msg, "uid 0"));
}

/* A chroot folder with data/vrps.json and a file beside the folder. */
struct chroot_fixture {
	char base[64], root[PATH_MAX], cwd[PATH_MAX];
};

static void chroot_fixture_make(struct chroot_fixture *f)
{
	char p[PATH_MAX + 32];
	snprintf(f->base, sizeof f->base, "/tmp/test_privdrop.XXXXXX");
	assert_non_null(mkdtemp(f->base));
	snprintf(f->root, sizeof f->root, "%s/root", f->base);
	assert_int_equal(mkdir(f->root, 0755), 0);
	snprintf(p, sizeof p, "%s/data", f->root);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof p, "%s/data/vrps.json", f->root);
	fclose(fopen(p, "w"));
	snprintf(p, sizeof p, "%s/outside.json", f->base);
	fclose(fopen(p, "w"));
	snprintf(p, sizeof p, "%s/data/link.json", f->root);
	assert_int_equal(symlink("../../outside.json", p), 0);
	assert_non_null(getcwd(f->cwd, sizeof f->cwd));
}

static void chroot_fixture_free(struct chroot_fixture *f)
{
	char cmd[128];
	assert_int_equal(chdir(f->cwd), 0);
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->base);
	assert_int_equal(system(cmd), 0);
}

/* prepare with --user nobody --chroot root and one path; 0 or -1 with e. */
static int prepare_chroot_path(struct chroot_fixture *f, const char *path, struct err *e)
{
	struct privdrop_opts o;
	privdrop_init(&o);
	o.user = "nobody";
	o.chroot_dir = f->root;
	assert_int_equal(privdrop_add_path(&o, path, 0, e), 0);
	int rc = privdrop_prepare(&o, e);
	assert_int_equal(chdir(f->cwd), 0);
	return rc;
}

static void test_chroot_paths(void **state)
{
	(void)state;
	if (geteuid() != 0 || !getpwnam("nobody"))
		skip(); /* switching users needs root and a user nobody */
	struct chroot_fixture f;
	struct err e;
	chroot_fixture_make(&f);
	assert_int_equal(prepare_chroot_path(&f, "data/vrps.json", &e), 0);
	assert_int_equal(prepare_chroot_path(&f, "/etc/passwd", &e), -1);
	assert_non_null(strstr(e.msg, "relative to the chroot folder"));
	assert_int_equal(prepare_chroot_path(&f, "../outside.json", &e), -1);
	assert_non_null(strstr(e.msg, "outside the chroot folder"));
	assert_int_equal(prepare_chroot_path(&f, "data/link.json", &e), -1);
	assert_non_null(strstr(e.msg, "resolves to"));
	assert_int_equal(prepare_chroot_path(&f, "missing/x.json", &e), -1);
	chroot_fixture_free(&f);
}

/* Child: allow the folder of arg only, then /etc/passwd must be EACCES. */
static int landlock_child(void *arg)
{
	struct privdrop_opts o;
	struct err e;
	privdrop_init(&o);
	privdrop_add_path(&o, arg, 0, &e);
	int rc = privdrop_landlock(&o, &e);
	if (rc == 0)
		return SKIPPED;
	if (rc < 0) {
		fprintf(stderr, "%s\n", e.msg);
		return 2;
	}
	int fd = open(arg, O_RDONLY);
	if (fd < 0)
		return 3; /* the allowed file */
	close(fd);
	fd = open("/etc/passwd", O_RDONLY);
	if (fd >= 0 || errno != EACCES)
		return 4;
	fd = open("/tmp/test_privdrop.new", O_WRONLY | O_CREAT, 0600);
	if (fd >= 0 || errno != EACCES)
		return 5;
	/* its own /proc entry is readable, but leads nowhere else */
	fd = open("/proc/self/status", O_RDONLY);
	if (fd < 0)
		return 6;
	close(fd);
	fd = open("/proc/self/root/etc/passwd", O_RDONLY);
	if (fd >= 0 || errno != EACCES)
		return 7;
	if (sysconf(_SC_NPROCESSORS_ONLN) < 1)
		return 8;
	return 0;
}

static void test_landlock_denies_outside(void **state)
{
	(void)state;
	struct chroot_fixture f;
	char p[PATH_MAX + 32];
	chroot_fixture_make(&f);
	snprintf(p, sizeof p, "%s/data/vrps.json", f.root);
	int rc = in_child(landlock_child, p);
	chroot_fixture_free(&f);
	if (rc == SKIPPED)
		skip(); /* the kernel has no Landlock */
	assert_int_equal(rc, 0);
}

/* Child: drop to nobody (no Landlock); root must stay out of reach. */
static int drop_child(void *arg)
{
	(void)arg;
	struct privdrop_opts o;
	struct err e;
	privdrop_init(&o);
	o.user = "nobody";
	o.no_landlock = 1;
	if (privdrop_prepare(&o, &e) || privdrop_apply(&o, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 2;
	}
	struct passwd *pw = getpwnam("nobody");
	if (!pw || getuid() != pw->pw_uid || geteuid() != pw->pw_uid || getgid() != pw->pw_gid)
		return 3;
	if (setuid(0) == 0 || seteuid(0) == 0 || setgid(0) == 0)
		return 4;
	return 0;
}

static void test_drop_to_nobody(void **state)
{
	(void)state;
	if (geteuid() != 0 || !getpwnam("nobody"))
		skip(); /* switching users needs root and a user nobody */
	assert_int_equal(in_child(drop_child, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_unknown_user),
	    cmocka_unit_test(test_chroot_needs_user),
	    cmocka_unit_test(test_root_user_refused),
	    cmocka_unit_test(test_chroot_paths),
	    cmocka_unit_test(test_landlock_denies_outside),
	    cmocka_unit_test(test_drop_to_nobody),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: ISC */
/* test_atomic_file.c - lib/core/atomic_file: replace regular files by
 * rename (mode kept, no temporary left), write through symlinks and into
 * FIFOs and devices in place, name the user's path in every error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/atomic_file.h"

static char dir[64];

static int setup(void **state)
{
	snprintf(dir, sizeof dir, "/tmp/test_atomic_file.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void in_dir(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", dir, name);
}

static void slurp(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t k = fread(buf, 1, n - 1, f);
	buf[k] = '\0';
	fclose(f);
}

static int count_entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;
	assert_non_null(d);
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

static int write_file(const char *path, const char *text, struct err *e)
{
	struct atomic_file af;
	if (atomic_file_open(&af, path, e) < 0)
		return -1;
	fputs(text, af.f);
	return atomic_file_commit(&af, e);
}

static void test_regular_replaced_mode_kept(void **state)
{
	char p[128], buf[64];
	struct err e;
	struct stat st;

	in_dir(p, sizeof p, "out.txt");
	assert_int_equal(write_file(p, "one\n", &e), 0);
	assert_int_equal(chmod(p, 0640), 0);
	assert_int_equal(write_file(p, "two\n", &e), 0);
	slurp(p, buf, sizeof buf);
	assert_string_equal(buf, "two\n");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(count_entries(), 1); /* no temporary left */
	unlink(p);
}

static void test_symlink_followed(void **state)
{
	char real[128], link[128], buf[64];
	struct err e;
	struct stat st;

	in_dir(real, sizeof real, "real.txt");
	in_dir(link, sizeof link, "link.txt");
	assert_int_equal(symlink("real.txt", link), 0); /* dangling, relative */
	assert_int_equal(write_file(link, "via link\n", &e), 0);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	slurp(real, buf, sizeof buf);
	assert_string_equal(buf, "via link\n");
	assert_int_equal(write_file(link, "again\n", &e), 0);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	slurp(real, buf, sizeof buf);
	assert_string_equal(buf, "again\n");
	unlink(link);
	unlink(real);
}

static void test_fifo_in_place(void **state)
{
	char p[128], buf[64] = "";
	struct err e;
	struct stat st;

	in_dir(p, sizeof p, "fifo");
	assert_int_equal(mkfifo(p, 0600), 0);
	int rd = open(p, O_RDONLY | O_NONBLOCK); /* a reader, so opening for write won't block */
	assert_true(rd >= 0);
	assert_int_equal(write_file(p, "through\n", &e), 0);
	assert_int_equal(read(rd, buf, sizeof buf - 1), 8);
	assert_string_equal(buf, "through\n");
	close(rd);
	assert_int_equal(lstat(p, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	unlink(p);
}

static void test_device_errors_name_path(void **state)
{
	struct atomic_file af;
	struct err e;
	char p[128];

	if (access("/dev/full", W_OK) == 0) {
		assert_int_equal(atomic_file_open(&af, "/dev/full", &e), 0);
		assert_null(af.tmp);
		fputs("x\n", af.f);
		assert_int_equal(atomic_file_commit(&af, &e), -1);
		assert_non_null(strstr(e.msg, "/dev/full: write failed"));
	}
	in_dir(p, sizeof p, "no/such/dir.txt");
	assert_int_equal(atomic_file_open(&af, p, &e), -1);
	assert_non_null(strstr(e.msg, p));
	assert_null(strstr(e.msg, "XXXXXX"));
}

static void test_fix_err_and_abort(void **state)
{
	struct atomic_file af;
	struct err e;
	char p[128];

	in_dir(p, sizeof p, "aborted.txt");
	assert_int_equal(atomic_file_open(&af, p, &e), 0);
	assert_non_null(af.tmp);
	err_set(&e, "%s: offset 3: bad", atomic_file_write_name(&af));
	atomic_file_fix_err(&af, &e);
	char want[200];
	snprintf(want, sizeof want, "%s: offset 3: bad", p);
	assert_string_equal(e.msg, want);
	atomic_file_abort(&af);
	assert_int_equal(count_entries(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_regular_replaced_mode_kept),
	    cmocka_unit_test(test_symlink_followed),
	    cmocka_unit_test(test_fifo_in_place),
	    cmocka_unit_test(test_device_errors_name_path),
	    cmocka_unit_test(test_fix_err_and_abort),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

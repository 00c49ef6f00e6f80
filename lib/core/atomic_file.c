/* SPDX-License-Identifier: ISC */
/* atomic_file.c - temporary file + fsync + rename for regular targets,
 * in-place writes for FIFOs and devices, symlinks followed (see the header). */
#include "core/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_LINK_HOPS 40 /* like the kernel's ELOOP limit */

static void af_free(struct atomic_file *af)
{
	free(af->path);
	free(af->target);
	free(af->tmp);
	memset(af, 0, sizeof *af);
}

/* dirname of p (p's own folder, "." when none), heap-allocated. */
static char *dir_of(const char *p)
{
	const char *slash = strrchr(p, '/');

	if (!slash)
		return strdup(".");
	if (slash == p)
		return strdup("/");
	return strndup(p, (size_t)(slash - p));
}

/* Follow symlinks by hand (realpath fails on a dangling link, whose target
 * we still want to create). Returns a heap path or NULL with errno set. */
static char *follow_links(const char *path)
{
	char *cur = strdup(path);

	for (int hop = 0; cur && hop <= MAX_LINK_HOPS; hop++) {
		struct stat st;
		char buf[PATH_MAX];
		ssize_t n;

		if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
			return cur;
		n = readlink(cur, buf, sizeof buf - 1);
		if (n < 0)
			break;
		buf[n] = '\0';
		char *next;
		if (buf[0] == '/') {
			next = strdup(buf);
		} else {
			char *d = dir_of(cur);
			size_t len = d ? strlen(d) + strlen(buf) + 2 : 0;
			next = d ? malloc(len) : NULL;
			if (next)
				snprintf(next, len, "%s/%s", d, buf);
			free(d);
		}
		free(cur);
		cur = next;
	}
	if (cur)
		errno = ELOOP;
	free(cur);
	return NULL;
}

static mode_t default_mode(void)
{
	mode_t mask = umask(022);

	umask(mask);
	return 0666 & ~mask;
}

static int open_temp(struct atomic_file *af, const struct stat *old, struct err *e)
{
	char *d = dir_of(af->target);
	const char *base = strrchr(af->target, '/');
	size_t len;
	int fd;

	base = base ? base + 1 : af->target;
	len = d ? strlen(d) + strlen(base) + 16 : 0;
	af->tmp = d ? malloc(len) : NULL;
	if (!af->tmp) {
		free(d);
		return err_set(e, "%s: out of memory", af->path);
	}
	snprintf(af->tmp, len, "%s/.%s.XXXXXX", d, base);
	free(d);
	fd = mkostemp(af->tmp, O_CLOEXEC);
	if (fd < 0) {
		err_set(e, "%s: cannot create: %s", af->path, strerror(errno));
		free(af->tmp);
		af->tmp = NULL;
		return -1;
	}
	if (fchmod(fd, old ? old->st_mode & 07777 : default_mode()) != 0 ||
	    !(af->f = fdopen(fd, "w"))) {
		err_set(e, "%s: %s", af->path, strerror(errno));
		close(fd);
		unlink(af->tmp);
		return -1;
	}
	return 0;
}

int atomic_file_open(struct atomic_file *af, const char *path, struct err *e)
{
	struct stat st;

	memset(af, 0, sizeof *af);
	if (!strcmp(path, "-")) {
		af->f = stdout;
		af->is_stdout = true;
		af->path = strdup("stdout");
		return af->path ? 0 : err_set(e, "out of memory");
	}
	af->path = strdup(path);
	af->target = af->path ? follow_links(path) : NULL;
	if (!af->target) {
		err_set(e, "%s: %s", path, af->path ? strerror(errno) : "out of memory");
		af_free(af);
		return -1;
	}
	if (stat(af->target, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			err_set(e, "%s: is a directory", path);
			af_free(af);
			return -1;
		}
		af->f = fopen(af->target, "w"); /* FIFO, device: in place */
		if (!af->f) {
			err_set(e, "%s: %s", path, strerror(errno));
			af_free(af);
			return -1;
		}
		return 0;
	}
	if (open_temp(af, stat(af->target, &st) == 0 ? &st : NULL, e) < 0) {
		af_free(af);
		return -1;
	}
	return 0;
}

const char *atomic_file_write_name(const struct atomic_file *af)
{
	if (af->is_stdout)
		return "-";
	return af->tmp ? af->tmp : af->target;
}

int atomic_file_release_stream(struct atomic_file *af, struct err *e)
{
	int rc = 0;

	if (af->f && !af->is_stdout && fclose(af->f) != 0)
		rc = err_set(e, "%s: %s", af->path, strerror(errno));
	af->f = NULL;
	return rc;
}

/* Flush and close the stream; for a temporary file also fsync it. */
static int finish_stream(struct atomic_file *af, struct err *e)
{
	int rc = 0;

	if (!af->f)
		return 0;
	if (fflush(af->f) != 0 || ferror(af->f))
		rc = err_set(e, "%s: write failed: %s", af->path, strerror(errno ? errno : EIO));
	else if (af->tmp && fsync(fileno(af->f)) != 0)
		rc = err_set(e, "%s: fsync failed: %s", af->path, strerror(errno));
	if (af->is_stdout) {
		af->f = NULL;
		return rc;
	}
	if (fclose(af->f) != 0 && rc == 0)
		rc = err_set(e, "%s: write failed: %s", af->path, strerror(errno));
	af->f = NULL;
	return rc;
}

int atomic_file_commit(struct atomic_file *af, struct err *e)
{
	errno = 0;
	int rc = finish_stream(af, e);

	if (rc == 0 && af->tmp && rename(af->tmp, af->target) != 0)
		rc = err_set(e, "%s: cannot replace: %s", af->path, strerror(errno));
	if (rc != 0 && af->tmp)
		unlink(af->tmp);
	af_free(af);
	return rc;
}

void atomic_file_abort(struct atomic_file *af)
{
	if (af->f && !af->is_stdout)
		fclose(af->f);
	if (af->tmp)
		unlink(af->tmp);
	af_free(af);
}

void atomic_file_fix_err(const struct atomic_file *af, struct err *e)
{
	char out[sizeof e->msg];
	size_t tl, o = 0;
	const char *s, *hit;

	if (!e || !af->tmp)
		return;
	tl = strlen(af->tmp);
	for (s = e->msg; (hit = strstr(s, af->tmp)) != NULL && o < sizeof out; s = hit + tl) {
		int n = snprintf(out + o, sizeof out - o, "%.*s%s", (int)(hit - s), s, af->path);
		o += n > 0 ? (size_t)n : 0;
	}
	if (s == e->msg)
		return;
	if (o < sizeof out)
		snprintf(out + o, sizeof out - o, "%s", s);
	out[sizeof out - 1] = '\0';
	memcpy(e->msg, out, sizeof out);
}

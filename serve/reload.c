/* SPDX-License-Identifier: ISC */
/* reload.c - file stamps, a check timer, and loads on a worker thread that
 * report back to the loop through a pipe (no libevent call off the loop). */
#include "reload.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct reloader {
	struct reload_config cfg;
	struct event_base *base;
	struct reload_stamp *stamps; /* owned by the worker while it runs */
	struct event *ev_done, *ev_check;
	int pipe[2];
	pthread_t thread;
	int running;
	const char *why, *again;
	double t0;
	void *result; /* written by the worker, read by the loop after the join */
};

void reload_stamp_take(struct reload_stamp *s, const char *path)
{
	struct stat st;
	memset(s, 0, sizeof *s);
	if (stat(path, &st) == 0) {
		s->exists = 1;
		s->dev = st.st_dev;
		s->ino = st.st_ino;
		s->size = st.st_size;
		s->mtime = st.st_mtim;
	}
}

int reload_stamp_differs(const struct reload_stamp *a, const struct reload_stamp *b)
{
	return a->exists != b->exists || a->dev != b->dev || a->ino != b->ino ||
	       a->size != b->size || a->mtime.tv_sec != b->mtime.tv_sec ||
	       a->mtime.tv_nsec != b->mtime.tv_nsec;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Stamps first: a file rewritten while it is read changes again. */
void reloader_take_stamps(struct reloader *r)
{
	for (size_t i = 0; i < r->cfg.nfiles; i++)
		reload_stamp_take(&r->stamps[i], r->cfg.files[i]);
}

int reloader_load_now(struct reloader *r, const char *why)
{
	double t0 = now_seconds();
	reloader_take_stamps(r);
	void *res = r->cfg.load(r->cfg.arg);
	return r->cfg.swap(r->cfg.arg, res, why, now_seconds() - t0);
}

static void *worker_main(void *arg)
{
	struct reloader *r = arg;
	reloader_take_stamps(r);
	r->result = r->cfg.load(r->cfg.arg);
	char x = 1;
	while (write(r->pipe[1], &x, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

void reloader_request(struct reloader *r, const char *why)
{
	if (r->running) {
		r->again = why;
		return;
	}
	r->why = why;
	r->t0 = now_seconds();
	r->result = NULL;
	r->running = 1;
	/* Without a thread the load still happens, only on the loop. */
	if (pthread_create(&r->thread, NULL, worker_main, r) != 0) {
		r->running = 0;
		reloader_load_now(r, why);
	}
}

int reloader_busy(const struct reloader *r)
{
	return r->running;
}

static void done_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)what;
	struct reloader *r = arg;
	char x;
	if (read(fd, &x, 1) != 1 || !r->running)
		return;
	pthread_join(r->thread, NULL);
	r->running = 0;
	void *res = r->result;
	r->result = NULL;
	r->cfg.swap(r->cfg.arg, res, r->why, now_seconds() - r->t0);
	if (r->again) {
		const char *why = r->again;
		r->again = NULL;
		reloader_request(r, why);
	}
}

int reloader_files_changed(const struct reloader *r, const char **which)
{
	for (size_t i = 0; i < r->cfg.nfiles; i++) {
		struct reload_stamp s;
		reload_stamp_take(&s, r->cfg.files[i]);
		if (reload_stamp_differs(&s, &r->stamps[i])) {
			if (which)
				*which = r->cfg.files[i];
			return 1;
		}
	}
	return 0;
}

static void check_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct reloader *r = arg;
	if (r->cfg.tick)
		r->cfg.tick(r->cfg.arg);
	/* The worker owns the stamps while it runs; its result replaces the
	 * data anyway. */
	const char *path = NULL;
	if (!r->cfg.watch || r->running || !reloader_files_changed(r, &path))
		return;
	if (r->cfg.changed)
		r->cfg.changed(r->cfg.arg, path);
	reloader_request(r, "file changed");
}

static int arm_check(struct reloader *r, struct err *e)
{
	if (r->ev_check) {
		event_free(r->ev_check);
		r->ev_check = NULL;
	}
	if (!r->cfg.interval)
		return 0;
	struct timeval tv = {(time_t)r->cfg.interval, 0};
	r->ev_check = event_new(r->base, -1, EV_PERSIST, check_cb, r);
	if (!r->ev_check || event_add(r->ev_check, &tv) < 0)
		return err_set(e, "cannot set up the file check timer");
	return 0;
}

static int set_stamps(struct reloader *r, size_t nfiles, struct err *e)
{
	struct reload_stamp *s = calloc(nfiles + 1, sizeof *s);
	if (!s)
		return err_set(e, "out of memory");
	free(r->stamps);
	r->stamps = s;
	return 0;
}

struct reloader *reloader_new(struct event_base *base, const struct reload_config *cfg,
                              struct err *e)
{
	struct reloader *r = calloc(1, sizeof *r);
	if (!r) {
		err_set(e, "out of memory");
		return NULL;
	}
	r->cfg = *cfg;
	r->base = base;
	r->pipe[0] = r->pipe[1] = -1;
	if (set_stamps(r, cfg->nfiles, e))
		goto fail;
	if (pipe2(r->pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
		err_set(e, "pipe: %s", strerror(errno));
		goto fail;
	}
	r->ev_done = event_new(base, r->pipe[0], EV_READ | EV_PERSIST, done_cb, r);
	if (!r->ev_done || event_add(r->ev_done, NULL) < 0) {
		err_set(e, "cannot set up the reload event");
		goto fail;
	}
	if (arm_check(r, e))
		goto fail;
	return r;
fail:
	reloader_free(r);
	return NULL;
}

void reloader_cancel(struct reloader *r)
{
	if (!r->running)
		return;
	pthread_join(r->thread, NULL);
	r->running = 0;
	r->again = NULL;
	char x;
	while (read(r->pipe[0], &x, 1) == 1)
		;
	if (r->result)
		r->cfg.discard(r->cfg.arg, r->result);
	r->result = NULL;
}

int reloader_set_files(struct reloader *r, const char *const *files, size_t nfiles,
                       unsigned interval, int watch, struct err *e)
{
	reloader_cancel(r); /* the worker reads the old list and stamps */
	if (set_stamps(r, nfiles, e))
		return -1;
	r->cfg.files = files;
	r->cfg.nfiles = nfiles;
	r->cfg.watch = watch;
	r->cfg.interval = interval;
	return arm_check(r, e);
}

void reloader_free(struct reloader *r)
{
	if (!r)
		return;
	if (r->pipe[0] >= 0)
		reloader_cancel(r);
	if (r->ev_check)
		event_free(r->ev_check);
	if (r->ev_done)
		event_free(r->ev_done);
	if (r->pipe[0] >= 0)
		close(r->pipe[0]);
	if (r->pipe[1] >= 0)
		close(r->pipe[1]);
	free(r->stamps);
	free(r);
}

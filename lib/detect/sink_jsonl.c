/* SPDX-License-Identifier: ISC */
/* sink_jsonl.c - alerts as JSON lines on standard output or in a file,
 * flushed per alert so that a reader (tail -f, jq) sees each at once; or,
 * for a replay of files, buffered: a write per stdio buffer instead of one
 * per alert (a replay in global mode raises hundreds of thousands), with
 * the oldest line held back at most max_delay_ms, and until the flush op
 * (the caller's "no more input ready", the end). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "detect/alert_json.h"
#include "detect/alert_sink.h"

struct jsonl {
	FILE *f;
	int own;               /* f was opened here */
	unsigned max_delay_ms; /* 0: flush per alert */
	double held_since;     /* monotonic seconds of the oldest unflushed line; 0: none */
	char name[256];
	struct mrt_buf line; /* reused for every alert */
};

static double mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Whether the line just written must go out now. */
static bool flush_due(struct jsonl *j)
{
	if (!j->max_delay_ms)
		return true;
	double now = mono_s();
	if (j->held_since == 0) {
		j->held_since = now;
		return false;
	}
	return now - j->held_since >= j->max_delay_ms / 1000.0;
}

static int jsonl_deliver(void *self, const struct alert *a, struct err *e)
{
	struct jsonl *j = self;
	struct json_writer w;
	j->line.len = 0;
	json_writer_init_buf(&w, &j->line);
	alert_json_write(&w, a);
	if (json_writer_finish(&w) < 0 || mrt_buf_reserve(&j->line, 1) < 0)
		return err_set(e, "%s: out of memory", j->name);
	mrt_buf_putc(&j->line, '\n');
	errno = 0;
	int ok = fwrite(j->line.p, 1, j->line.len, j->f) == j->line.len;
	if (ok && flush_due(j)) {
		ok = fflush(j->f) == 0;
		j->held_since = 0;
	}
	if (!ok) {
		int saved = errno;
		clearerr(j->f); /* the next attempt starts afresh */
		return err_set(e, "%s: write error: %s", j->name,
		               saved ? strerror(saved) : "short write");
	}
	return 0;
}

static int jsonl_flush(void *self, struct err *e)
{
	struct jsonl *j = self;
	j->held_since = 0;
	if (fflush(j->f) != 0)
		return err_set(e, "%s: write error: %s", j->name, strerror(errno));
	return 0;
}

static void jsonl_destroy(void *self)
{
	struct jsonl *j = self;
	if (j->own)
		fclose(j->f);
	mrt_buf_free(&j->line);
	free(j);
}

static const struct alert_sink_ops jsonl_ops = {
    .kind = "jsonl", .deliver = jsonl_deliver, .flush = jsonl_flush, .destroy = jsonl_destroy};

struct alert_sink *sink_jsonl_new(const char *path, struct err *e)
{
	return sink_jsonl_new_buffered(path, 0, e);
}

struct alert_sink *sink_jsonl_new_buffered(const char *path, unsigned max_delay_ms, struct err *e)
{
	struct jsonl *j = calloc(1, sizeof *j);
	if (!j) {
		err_set(e, "jsonl sink: out of memory");
		return NULL;
	}
	j->max_delay_ms = max_delay_ms;
	if (!path || !strcmp(path, "-")) {
		j->f = stdout;
		snprintf(j->name, sizeof j->name, "standard output");
		path = "-";
	} else {
		j->f = fopen(path, "a");
		if (!j->f) {
			err_set(e, "%s: %s", path, strerror(errno));
			free(j);
			return NULL;
		}
		j->own = 1;
		snprintf(j->name, sizeof j->name, "%s", path);
	}
	/* Buffered: fewer, larger writes than stdio's default block. */
	if (max_delay_ms)
		setvbuf(j->f, NULL, _IOFBF, 256u << 10);
	return alert_sink_new(&jsonl_ops, j, path, e);
}

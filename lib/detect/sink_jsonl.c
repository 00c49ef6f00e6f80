/* SPDX-License-Identifier: ISC */
/* sink_jsonl.c - alerts as JSON lines on standard output or in a file,
 * flushed per alert so that a reader (tail -f, jq) sees each at once. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/alert_json.h"
#include "detect/alert_sink.h"

struct jsonl {
	FILE *f;
	int own; /* f was opened here */
	char name[256];
};

static int jsonl_deliver(void *self, const struct alert *a, struct err *e)
{
	struct jsonl *j = self;
	char *line = alert_json_string(a);
	if (!line)
		return err_set(e, "%s: out of memory", j->name);
	errno = 0;
	int ok = fputs(line, j->f) >= 0 && putc('\n', j->f) != EOF && fflush(j->f) == 0;
	free(line);
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
	if (fflush(j->f) != 0)
		return err_set(e, "%s: write error: %s", j->name, strerror(errno));
	return 0;
}

static void jsonl_destroy(void *self)
{
	struct jsonl *j = self;
	if (j->own)
		fclose(j->f);
	free(j);
}

static const struct alert_sink_ops jsonl_ops = {"jsonl", jsonl_deliver, jsonl_flush, jsonl_destroy};

struct alert_sink *sink_jsonl_new(const char *path, struct err *e)
{
	struct jsonl *j = calloc(1, sizeof *j);
	if (!j) {
		err_set(e, "jsonl sink: out of memory");
		return NULL;
	}
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
	return alert_sink_new(&jsonl_ops, j, path, e);
}

/* SPDX-License-Identifier: ISC */
/* input_ris.c - RIS Live JSON lines from a file or stdin. */
#include "detect/input_ris.h"

#include <stdlib.h>
#include <string.h>

#include "core/reader.h"

struct input_ris {
	struct input_ris_opts o;
	struct input_ris_stats st;
	struct ris_json *rj;
	struct replay_pace pace;
	route_event_fn fn; /* the caller's, behind count_event */
	void *arg;
};

struct counted {
	struct input_ris_stats *st;
	route_event_fn fn;
	void *arg;
	struct replay_pace *pace;
};

static int count_event(void *arg, const struct route_event *ev, struct err *e)
{
	struct counted *c = arg;
	c->st->events++;
	if (ev->type == ROUTE_EV_ANNOUNCE)
		c->st->announces++;
	else if (ev->type == ROUTE_EV_WITHDRAW)
		c->st->withdraws++;
	if (c->pace)
		replay_pace_wait(c->pace, ev->time, ev->usec);
	return c->fn(c->arg, ev, e);
}

static int message(struct ris_json *rj, const char *msg, size_t len, const char *name,
                   unsigned long line, struct input_ris_stats *st, input_warn_fn warn,
                   void *warn_arg, struct counted *c, struct err *e)
{
	st->lines++;
	while (len > 0 && (msg[len - 1] == '\r' || msg[len - 1] == ' '))
		len--;
	if (len == 0)
		return 0;
	enum ris_kind kind;
	unsigned long bad_before = ris_json_bad_prefixes(rj);
	struct err pe;
	int rc = ris_json_parse(rj, msg, len, count_event, c, &kind, &pe);
	if (rc == -2) {
		st->malformed++;
		struct err we;
		err_at_line(&we, name, line, "%s", pe.msg);
		warn(warn_arg, &we);
		return 0;
	}
	if (rc == -1)
		*e = pe;
	if (rc != 0)
		return rc;
	st->messages++;
	unsigned long bad = ris_json_bad_prefixes(rj) - bad_before;
	if (bad > 0) {
		st->bad_prefixes += bad;
		struct err we;
		err_at_line(&we, name, line, "%lu prefix%s skipped, not a prefix: %s", bad,
		            bad > 1 ? "es" : "", ris_json_last_bad_prefix(rj));
		warn(warn_arg, &we);
	}
	if (kind == RIS_KIND_UPDATE)
		st->updates++;
	else if (kind == RIS_KIND_PEER_DOWN)
		st->peer_downs++;
	else
		st->other++;
	if (kind == RIS_KIND_RIS_ERROR) {
		st->ris_errors++;
		struct err we;
		err_at_line(&we, name, line, "RIS Live error: %s", ris_json_error_text(rj));
		warn(warn_arg, &we);
	}
	return 0;
}

int input_ris_message(struct ris_json *rj, const char *msg, size_t len, const char *name,
                      unsigned long line, struct input_ris_stats *st, input_warn_fn warn,
                      void *warn_arg, route_event_fn fn, void *arg, struct err *e)
{
	struct counted c = {st, fn, arg, NULL};
	return message(rj, msg, len, name, line, st, warn ? warn : input_warn_stderr, warn_arg, &c,
	               e);
}

struct input_ris *input_ris_new(const struct input_ris_opts *o, struct err *e)
{
	struct input_ris *in = calloc(1, sizeof(*in));
	if (in)
		in->rj = ris_json_new();
	if (!in || !in->rj) {
		free(in);
		err_set(e, "out of memory");
		return NULL;
	}
	in->o = *o;
	if (!in->o.warn)
		in->o.warn = input_warn_stderr;
	if (!in->o.max_line)
		in->o.max_line = INPUT_RIS_MAX_LINE;
	replay_pace_init(&in->pace, o->speed);
	return in;
}

void input_ris_free(struct input_ris *in)
{
	if (!in)
		return;
	ris_json_free(in->rj);
	free(in);
}

void input_ris_get_stats(const struct input_ris *in, struct input_ris_stats *s)
{
	*s = in->st;
}

static void overlong(struct input_ris *in, const char *name, unsigned long line)
{
	in->st.lines++;
	in->st.overlong++;
	struct err we;
	err_at_line(&we, name, line, "line longer than %zu bytes, skipped", in->o.max_line);
	in->o.warn(in->o.warn_arg, &we);
}

/* The line loop over a window of the reader: complete lines are parsed in
 * place; a line that outgrows max_line is skipped up to its newline. */
static int run_lines(struct input_ris *in, struct reader *r, struct counted *c, struct err *e)
{
	const char *name = reader_name(r);
	size_t window = in->o.max_line + 1 < (4u << 20) ? (4u << 20) : in->o.max_line + 1;
	unsigned long line = 0;
	int skipping = 0;
	for (;;) {
		if (line && in->o.idle)
			in->o.idle(c->arg); /* the next read may wait */
		size_t avail;
		const uint8_t *buf = reader_peek(r, window, &avail, e);
		if (!buf)
			return -1;
		if (avail == 0)
			return 0;
		const char *p = (const char *)buf, *end = p + avail;
		for (;;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl)
				break;
			line++;
			if (skipping) {
				skipping = 0;
			} else if ((size_t)(nl - p) > in->o.max_line) {
				overlong(in, name, line);
			} else {
				int rc = message(in->rj, p, (size_t)(nl - p), name, line, &in->st,
				                 in->o.warn, in->o.warn_arg, c, e);
				if (rc != 0)
					return rc;
			}
			p = nl + 1;
		}
		size_t rest = (size_t)(end - p);
		if (avail < window) { /* end of input: a last line without newline */
			reader_consume(r, avail);
			if (rest > 0 && !skipping) {
				line++;
				if (rest > in->o.max_line) {
					overlong(in, name, line);
					return 0;
				}
				return message(in->rj, p, rest, name, line, &in->st, in->o.warn,
				               in->o.warn_arg, c, e);
			}
			return 0;
		}
		if (p == (const char *)buf || rest > in->o.max_line) {
			/* No newline within max_line: warn once, drop what we have. */
			if (!skipping)
				overlong(in, name, line + 1);
			skipping = 1;
			reader_consume(r, avail);
			continue;
		}
		reader_consume(r, (size_t)(p - (const char *)buf));
	}
}

int input_ris_run(struct input_ris *in, route_event_fn fn, void *arg, struct err *e)
{
	struct reader *r = reader_open(in->o.path, e);
	if (!r)
		return -1;
	struct counted c = {&in->st, fn, arg, in->o.speed > 0 ? &in->pace : NULL};
	int rc = run_lines(in, r, &c, e);
	reader_close(r);
	if (rc == 0 && in->o.idle)
		in->o.idle(arg);
	return rc;
}

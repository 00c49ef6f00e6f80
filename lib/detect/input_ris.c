/* SPDX-License-Identifier: ISC */
/* input_ris.c - RIS Live JSON lines from a file or stdin. */
#include "detect/input_ris.h"

#include <stdlib.h>
#include <string.h>

#include "core/reader.h"

/* Messages read ahead (with o.prefetch): scanned, their events not yet
 * handed on. AHEAD - 1 of them wait while the next one is scanned. */
#define AHEAD 4

struct ahead {
	struct ris_json *rj;
	size_t len; /* 0: an empty line */
	unsigned long line;
	int rc; /* ris_json_scan's */
	enum ris_kind kind;
	struct err pe;
};

struct input_ris {
	struct input_ris_opts o;
	struct input_ris_stats st;
	struct ris_json *rj;
	struct ahead ring[AHEAD];
	size_t head, count; /* oldest entry, entries held */
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

/* What follows the parse of one non-empty message: its warnings and counts.
 * rc is ris_json_parse's (or scan's then emit's); bad_before the parser's
 * skipped prefixes before the message's events were made. */
static int message_end(struct ris_json *rj, int rc, const struct err *pe, enum ris_kind kind,
                       unsigned long bad_before, const char *name, unsigned long line,
                       struct input_ris_stats *st, input_warn_fn warn, void *warn_arg,
                       struct err *e)
{
	if (rc == -2) {
		st->malformed++;
		struct err we;
		err_at_line(&we, name, line, "%s", pe->msg);
		warn(warn_arg, &we);
		return 0;
	}
	if (rc == -1)
		*e = *pe;
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

static size_t trimmed(const char *msg, size_t len)
{
	while (len > 0 && (msg[len - 1] == '\r' || msg[len - 1] == ' '))
		len--;
	return len;
}

static int message(struct ris_json *rj, const char *msg, size_t len, const char *name,
                   unsigned long line, struct input_ris_stats *st, input_warn_fn warn,
                   void *warn_arg, struct counted *c, struct err *e)
{
	st->lines++;
	len = trimmed(msg, len);
	if (len == 0)
		return 0;
	enum ris_kind kind;
	unsigned long bad_before = ris_json_bad_prefixes(rj);
	struct err pe;
	int rc = ris_json_parse(rj, msg, len, count_event, c, &kind, &pe);
	return message_end(rj, rc, &pe, kind, bad_before, name, line, st, warn, warn_arg, e);
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
	bool ok = in && (in->rj = ris_json_new());
	for (size_t i = 0; ok && o->prefetch && i < AHEAD; i++)
		ok = (in->ring[i].rj = ris_json_new()) != NULL;
	if (!ok) {
		input_ris_free(in);
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
	for (size_t i = 0; i < AHEAD; i++)
		ris_json_free(in->ring[i].rj);
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

/* Hand on the events of the oldest message read ahead. */
static int ahead_finish(struct input_ris *in, const char *name, struct counted *c, struct err *e)
{
	struct ahead *a = &in->ring[in->head];
	in->head = (in->head + 1) % AHEAD;
	in->count--;
	in->st.lines++;
	if (a->len == 0)
		return 0;
	int rc = a->rc;
	unsigned long bad_before = ris_json_bad_prefixes(a->rj);
	if (rc == 0)
		rc = ris_json_emit(a->rj, count_event, c, &a->pe);
	return message_end(a->rj, rc, &a->pe, a->kind, bad_before, name, a->line, &in->st,
	                   in->o.warn, in->o.warn_arg, e);
}

/* Hand on every message read ahead (before their bytes move). */
static int ahead_drain(struct input_ris *in, const char *name, struct counted *c, struct err *e)
{
	while (in->count) {
		int rc = ahead_finish(in, name, c, e);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* Announce step of the prefixes of entry a (the first few of each list). */
static void ahead_prefetch(struct input_ris *in, const struct ahead *a, int step, void *arg)
{
	if (a->len == 0 || a->rc != 0)
		return;
	const struct prefix *wd, *ann;
	size_t n_wd, n_ann = ris_json_prefixes(a->rj, &wd, &n_wd, &ann);
	for (size_t i = 0; i < n_wd && i < 4; i++)
		if (wd[i].len != 255)
			in->o.prefetch(arg, &wd[i], step);
	for (size_t i = 0; i < n_ann && i < 4; i++)
		if (ann[i].len != 255)
			in->o.prefetch(arg, &ann[i], step);
}

/* Scan one line into the ring, hint the route state for it and the two
 * before it, and hand on the oldest when the ring is full. */
static int ahead_line(struct input_ris *in, const char *msg, size_t len, const char *name,
                      unsigned long line, struct counted *c, struct err *e)
{
	if (in->count == AHEAD) {
		int rc = ahead_finish(in, name, c, e);
		if (rc != 0)
			return rc;
	}
	struct ahead *a = &in->ring[(in->head + in->count++) % AHEAD];
	a->len = trimmed(msg, len);
	a->line = line;
	a->rc = a->len ? ris_json_scan(a->rj, msg, a->len, &a->kind, &a->pe) : 0;
	for (int step = 0; step < 3 && (size_t)step < in->count; step++)
		ahead_prefetch(in, &in->ring[(in->head + in->count - 1 - (size_t)step) % AHEAD],
		               step, c->arg);
	return 0;
}

/* One line: read ahead with o.prefetch, else at once. */
static int one_line(struct input_ris *in, const char *msg, size_t len, const char *name,
                    unsigned long line, struct counted *c, struct err *e)
{
	if (in->o.prefetch)
		return ahead_line(in, msg, len, name, line, c, e);
	return message(in->rj, msg, len, name, line, &in->st, in->o.warn, in->o.warn_arg, c, e);
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
			int rc = 0;
			if (skipping) {
				skipping = 0;
			} else if ((size_t)(nl - p) > in->o.max_line) {
				if (!(rc = ahead_drain(in, name, c, e)))
					overlong(in, name, line);
			} else {
				rc = one_line(in, p, (size_t)(nl - p), name, line, c, e);
			}
			if (rc != 0)
				return rc;
			p = nl + 1;
		}
		size_t rest = (size_t)(end - p);
		if (avail < window) { /* end of input: a last line without newline */
			int rc = ahead_drain(in, name, c, e);
			if (rc != 0)
				return rc;
			if (rest > 0 && !skipping) {
				line++;
				if (rest > in->o.max_line) {
					overlong(in, name, line);
					return 0;
				}
				rc = message(in->rj, p, rest, name, line, &in->st, in->o.warn,
				             in->o.warn_arg, c, e);
			}
			reader_consume(r, avail);
			return rc;
		}
		int rc = ahead_drain(in, name, c, e);
		if (rc != 0)
			return rc;
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
	in->head = in->count = 0; /* a run that stopped early left its read-ahead */
	int rc = run_lines(in, r, &c, e);
	reader_close(r);
	if (rc == 0 && in->o.idle)
		in->o.idle(arg);
	return rc;
}

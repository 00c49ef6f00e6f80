/* SPDX-License-Identifier: ISC */
/* whois_answer.c - execute whois queries against the IRR database. One
 * function per command, chosen from a table by the parsed command. */
#include "whois/whois_answer.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef MANRS_VERSION
#define MANRS_VERSION "dev"
#endif

/* Append n bytes of s to b; -1 when out of memory. */
static int put(struct mrt_buf *b, const void *s, size_t n)
{
	if (mrt_buf_reserve(b, n))
		return -1;
	mrt_buf_put(b, s, n);
	return 0;
}

/* Append formatted text to b; -1 when out of memory. */
static int put_printf(struct mrt_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int put_printf(struct mrt_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || mrt_buf_reserve(b, (size_t)n + 1))
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

/* Items are collected into a scratch buffer first: the A<len> header
 * needs the length before the data. */
struct words {
	struct mrt_buf *b;
	size_t count;
	int failed;
};

static void word(struct words *w, const char *s)
{
	size_t n = strlen(s);
	if (mrt_buf_reserve(w->b, n + 1) < 0) {
		w->failed = 1;
	} else {
		if (w->count)
			mrt_buf_putc(w->b, ' ');
		mrt_buf_put(w->b, s, n);
	}
	w->count++;
}

void whois_session_init(struct whois_session *s)
{
	memset(s, 0, sizeof *s);
}

static int reply_code(struct mrt_buf *out, const char *code)
{
	return put_printf(out, "%s\n", code) < 0 ? -1 : WHOIS_ACT_CONTINUE;
}

static int reply_f(struct mrt_buf *out, const char *msg)
{
	return put_printf(out, "F %s\n", msg) < 0 ? -1 : WHOIS_ACT_CONTINUE;
}

/* An expansion cut short by a built-in limit: an error, never a partial
 * answer that a filter would silently install. */
static int reply_incomplete(struct mrt_buf *out, const char *set)
{
	return put_printf(out, "F %s nests deeper than %u levels, expansion incomplete\n", set,
	                  IRR_EXPAND_MAX_NESTING) < 0
	           ? -1
	           : WHOIS_ACT_CONTINUE;
}

/* "A<len>\n" + data (+ "\n" when data does not end in one) + "C\n". The
 * whole reply is assembled before it is queued so that it leaves in one
 * write when it fits (bgpq4 reads some replies with one read()). */
static int reply_a(struct mrt_buf *out, struct mrt_buf *data)
{
	size_t n = data->len;
	char hdr[32];

	if (n == 0)
		return reply_code(out, "C");
	int nl = data->p[n - 1] != '\n';
	int h = snprintf(hdr, sizeof hdr, "A%zu\n", n + (size_t)nl);
	/* reserve the whole reply so it is queued entirely or not at all */
	if (mrt_buf_reserve(out, (size_t)h + n + (size_t)nl + 2))
		return -1;
	mrt_buf_put(out, hdr, (size_t)h);
	mrt_buf_put(out, data->p, n);
	if (nl)
		mrt_buf_putc(out, '\n');
	mrt_buf_put(out, "C\n", 2);
	data->len = 0;
	return WHOIS_ACT_CONTINUE;
}

static int reply_words(struct mrt_buf *out, struct words *w)
{
	if (w->failed)
		return -1;
	return reply_a(out, w->b);
}

/* The session's source selection; NULL = all. Unknown names are skipped
 * (the db may have been reloaded without them). */
static const struct irr_sources *session_sel(const struct whois_session *s, const struct irr_db *db,
                                             const char *override, struct irr_sources *buf)
{
	const char *list = override && *override ? override : s->sources;

	if (!*list)
		return NULL;
	irr_sources_parse(db, list, true, buf, NULL);
	return buf;
}

typedef int (*answer_fn)(struct whois_session *s, const struct irr_db *db,
                         const struct whois_query *q, struct mrt_buf *out, struct mrt_buf *tmp);

static int a_none(struct whois_session *s, const struct irr_db *db, const struct whois_query *q,
                  struct mrt_buf *out, struct mrt_buf *tmp)
{
	return WHOIS_ACT_CONTINUE;
}

static int a_persist(struct whois_session *s, const struct irr_db *db, const struct whois_query *q,
                     struct mrt_buf *out, struct mrt_buf *tmp)
{
	s->persistent = 1;
	return WHOIS_ACT_CONTINUE;
}

static int a_client(struct whois_session *s, const struct irr_db *db, const struct whois_query *q,
                    struct mrt_buf *out, struct mrt_buf *tmp)
{
	snprintf(s->client, sizeof s->client, "%.63s", q->arg);
	return reply_code(out, "C");
}

/* Write "a.b.c.d/len" into buf; returns the length. IPv4 by hand: big !a
 * answers format hundreds of thousands of prefixes. */
static size_t format_prefix(const struct prefix *p, char *buf)
{
	char *o = buf;

	if (p->family != 4) {
		prefix_format(p, buf, PREFIX_STRLEN);
		return strlen(buf);
	}
	for (int i = 0; i < 4; i++) {
		unsigned v = p->addr[i];

		if (v >= 100)
			*o++ = (char)('0' + v / 100);
		if (v >= 10)
			*o++ = (char)('0' + v / 10 % 10);
		*o++ = (char)('0' + v % 10);
		*o++ = i < 3 ? '.' : '/';
	}
	if (p->len >= 10)
		*o++ = (char)('0' + p->len / 10);
	*o++ = (char)('0' + p->len % 10);
	return (size_t)(o - buf);
}

/* Append a space-separated list of prefixes to w after one reservation. */
static int add_prefix_words(struct words *w, const struct prefix *v, size_t n)
{
	if (n == 0)
		return 0;
	if (n > SIZE_MAX / (PREFIX_STRLEN + 1) || mrt_buf_reserve(w->b, n * (PREFIX_STRLEN + 1))) {
		w->failed = 1;
		return -1;
	}
	char *o = w->b->p + w->b->len;
	for (size_t i = 0; i < n; i++) {
		if (w->count++)
			*o++ = ' ';
		o += format_prefix(&v[i], o);
	}
	w->b->len = (size_t)(o - w->b->p);
	return 0;
}

static int a_routes(struct whois_session *s, const struct irr_db *db, const struct whois_query *q,
                    struct mrt_buf *out, struct mrt_buf *tmp)
{
	struct irr_sources sb;
	const struct irr_sources *sel = session_sel(s, db, NULL, &sb);
	struct irr_prefixes ps = {0};
	struct words w = {tmp, 0, 0};
	int rc;

	if (irr_db_prefixes_by_asns(db, &q->asn, 1, q->family, sel, &ps) < 0) {
		irr_prefixes_free(&ps);
		return -1;
	}
	add_prefix_words(&w, ps.v, ps.n);
	irr_prefixes_free(&ps);
	rc = reply_words(out, &w);
	return rc;
}

static int member_word(const char *m, void *ctx)
{
	word(ctx, m);
	return ((struct words *)ctx)->failed;
}

/* An AS number that is not a set name: !i and !a answer D for it. */
static int plain_asn(const char *name)
{
	uint32_t asn;

	return !irr_is_set_name(name) && asn_parse(name, &asn, NULL) == 0;
}

static int a_set(struct whois_session *s, const struct irr_db *db, const struct whois_query *q,
                 struct mrt_buf *out, struct mrt_buf *tmp)
{
	struct irr_sources sb;
	const struct irr_sources *sel = session_sel(s, db, NULL, &sb);
	struct irr_expand_opts o = {.sources = sel};
	struct words w = {tmp, 0, 0};
	struct irr_asns asns = {0};
	struct irr_ranges rs = {0};
	struct irr_expand_info info;
	char buf[ASN_STRLEN + PREFIX_STRLEN];
	int rc;

	if (plain_asn(q->arg))
		return reply_code(out, "D");
	if (!q->recursive) {
		rc = irr_set_members(db, q->arg, sel, member_word, &w);
		if (rc < 0)
			return -1;
		return rc == 0 ? reply_code(out, "D") : reply_words(out, &w);
	}
	rc = irr_expand_as_set(db, q->arg, &o, &asns, NULL);
	if (rc > 0) {
		for (size_t i = 0; i < asns.n && !w.failed; i++)
			word(&w, asn_format(asns.v[i], buf, sizeof buf));
		irr_asns_free(&asns);
		return reply_words(out, &w);
	}
	if (rc < 0)
		return -1;
	rc = irr_expand_route_set(db, q->arg, &o, 0, &rs, &info);
	if (rc <= 0)
		return rc < 0 ? -1 : reply_code(out, "D");
	if (info.limit_cut) {
		irr_ranges_free(&rs);
		return reply_incomplete(out, q->arg);
	}
	for (size_t i = 0; i < rs.n && !w.failed; i++) {
		irr_range_format(&rs.v[i], buf, sizeof buf);
		word(&w, buf);
	}
	irr_ranges_free(&rs);
	return reply_words(out, &w);
}

static int a_set_prefixes(struct whois_session *s, const struct irr_db *db,
                          const struct whois_query *q, struct mrt_buf *out, struct mrt_buf *tmp)
{
	struct irr_sources sb;
	const struct irr_sources *sel = session_sel(s, db, NULL, &sb);
	struct irr_expand_opts o = {.sources = sel};
	struct words w = {tmp, 0, 0};
	struct irr_asns asns = {0};
	struct irr_prefixes ps = {0};
	int rc;

	if (plain_asn(q->arg))
		return reply_code(out, "D");
	rc = irr_expand_as_set(db, q->arg, &o, &asns, NULL);
	if (rc > 0) {
		rc = irr_db_prefixes_by_asns(db, asns.v, asns.n, q->family, sel, &ps);
		irr_asns_free(&asns);
		if (rc < 0)
			goto oom;
	} else if (rc == 0) {
		struct irr_ranges rs = {0};

		struct irr_expand_info info;

		rc = irr_expand_route_set(db, q->arg, &o, q->family, &rs, &info);
		if (rc == 0)
			return reply_code(out, "D");
		if (rc > 0 && info.limit_cut) {
			irr_ranges_free(&rs);
			return reply_incomplete(out, q->arg);
		}
		for (size_t i = 0; rc > 0 && i < rs.n; i++)
			if (irr_prefixes_add(&ps, &rs.v[i].p) < 0)
				rc = -1;
		irr_ranges_free(&rs);
		if (rc < 0)
			goto oom;
		irr_prefixes_sort_unique(&ps);
	} else {
		return -1;
	}
	add_prefix_words(&w, ps.v, ps.n);
	irr_prefixes_free(&ps);
	return reply_words(out, &w);
oom:
	irr_prefixes_free(&ps);
	return -1;
}

static int a_serial(struct whois_session *s, const struct irr_db *db, const struct whois_query *q,
                    struct mrt_buf *out, struct mrt_buf *tmp)
{
	struct irr_sources sel;
	unsigned long long gen = (unsigned long long)irr_db_generation(db);

	if (!strcmp(q->arg, "-*") || !q->arg[0])
		irr_sources_all(db, &sel);
	else
		irr_sources_parse(db, q->arg, true, &sel, NULL);
	for (unsigned i = 0; i < sel.n; i++)
		if (put_printf(tmp, "%s:Y:0-%llu\n", irr_db_source_name(db, sel.id[i]), gen) < 0)
			return -1;
	return sel.n ? reply_a(out, tmp) : reply_code(out, "D");
}

static int add_object(const struct irr_object_view *v, void *ctx)
{
	struct words *w = ctx;

	/* objects are separated by one blank line, as IRRd prints them */
	if ((w->count && put(w->b, "\n", 1) < 0) || put(w->b, v->text, v->len) < 0)
		w->failed = 1;
	w->count++;
	return w->failed;
}

static int add_first_object(const struct irr_object_view *v, void *ctx)
{
	add_object(v, ctx);
	return 1;
}

static int a_match(struct whois_session *s, const struct irr_db *db, const struct whois_query *q,
                   struct mrt_buf *out, struct mrt_buf *tmp)
{
	struct irr_sources sb;
	const struct irr_sources *sel = session_sel(s, db, NULL, &sb);
	struct words w = {tmp, 0, 0};

	irr_db_lookup(db, q->cls, q->arg, sel, add_first_object, &w);
	if (w.failed)
		return -1;
	return w.count ? reply_a(out, tmp) : reply_code(out, "D");
}

static int a_mntner(struct whois_session *s, const struct irr_db *db, const struct whois_query *q,
                    struct mrt_buf *out, struct mrt_buf *tmp)
{
	struct irr_sources sb;
	const struct irr_sources *sel = session_sel(s, db, NULL, &sb);
	struct words w = {tmp, 0, 0};

	irr_db_by_mntner(db, q->arg, sel, add_object, &w);
	if (w.failed)
		return -1;
	return w.count ? reply_a(out, tmp) : reply_code(out, "D");
}

struct route_out {
	const struct irr_db *db;
	struct words *w;
	struct irr_asns origins;
	int origins_only;
};

static int add_route(const struct irr_route *r, void *ctx)
{
	struct route_out *ro = ctx;
	char buf[512];
	size_t n;

	if (ro->origins_only)
		return irr_asns_add(&ro->origins, r->origin) < 0 ? (ro->w->failed = 1) : 0;
	n = irr_route_format(ro->db, r, buf, sizeof buf);
	if ((ro->w->count && put(ro->w->b, "\n", 1) < 0) ||
	    put(ro->w->b, buf, n < sizeof buf ? n : sizeof buf - 1) < 0)
		ro->w->failed = 1;
	ro->w->count++;
	return ro->w->failed;
}

static int a_route(struct whois_session *s, const struct irr_db *db, const struct whois_query *q,
                   struct mrt_buf *out, struct mrt_buf *tmp)
{
	struct irr_sources sb;
	const struct irr_sources *sel = session_sel(s, db, NULL, &sb);
	struct words w = {tmp, 0, 0};
	struct route_out ro = {db, &w, {0}, q->origins_only};
	char buf[ASN_STRLEN];

	irr_db_routes_by_prefix(db, &q->prefix, q->match, sel, add_route, &ro);
	if (q->origins_only) {
		irr_asns_sort_unique(&ro.origins);
		for (size_t i = 0; i < ro.origins.n; i++)
			word(&w, asn_format(ro.origins.v[i], buf, sizeof buf));
		irr_asns_free(&ro.origins);
	}
	if (w.failed)
		return -1;
	return w.count ? reply_a(out, tmp) : reply_code(out, "D");
}

static int a_sources_get(struct whois_session *s, const struct irr_db *db,
                         const struct whois_query *q, struct mrt_buf *out, struct mrt_buf *tmp)
{
	struct irr_sources sb, all;
	const struct irr_sources *sel = session_sel(s, db, NULL, &sb);

	if (!sel) {
		irr_sources_all(db, &all);
		sel = &all;
	}
	for (unsigned i = 0; i < sel->n; i++)
		if (put_printf(tmp, i ? ",%s" : "%s", irr_db_source_name(db, sel->id[i])) < 0)
			return -1;
	return reply_a(out, tmp);
}

static int a_sources_set(struct whois_session *s, const struct irr_db *db,
                         const struct whois_query *q, struct mrt_buf *out, struct mrt_buf *tmp)
{
	struct irr_sources sel;
	struct err e;
	char msg[sizeof e.msg + 32];

	if (irr_sources_parse(db, q->arg, false, &sel, &e) < 0) {
		snprintf(msg, sizeof msg, "Invalid source(s): %s", e.msg);
		return reply_f(out, msg);
	}
	memcpy(s->sources, q->arg, sizeof s->sources);
	return reply_code(out, "C");
}

static int a_timeout(struct whois_session *s, const struct irr_db *db, const struct whois_query *q,
                     struct mrt_buf *out, struct mrt_buf *tmp)
{
	s->timeout = q->timeout;
	return reply_code(out, "C");
}

static int a_version(struct whois_session *s, const struct irr_db *db, const struct whois_query *q,
                     struct mrt_buf *out, struct mrt_buf *tmp)
{
	if (put_printf(tmp, "manrs IRRd-compatible whois server %s", MANRS_VERSION) < 0)
		return -1;
	return reply_a(out, tmp);
}

static int a_quit(struct whois_session *s, const struct irr_db *db, const struct whois_query *q,
                  struct mrt_buf *out, struct mrt_buf *tmp)
{
	return WHOIS_ACT_CLOSE;
}

static int a_error(struct whois_session *s, const struct irr_db *db, const struct whois_query *q,
                   struct mrt_buf *out, struct mrt_buf *tmp)
{
	if (q->error[0] == '%') /* RIPE-style errors are text, not IRRd codes */
		return put_printf(out, "%s\n\n", q->error) < 0 ? -1 : WHOIS_ACT_CONTINUE;
	return reply_f(out, q->error);
}

/* RIPE-style: objects as text, each followed by a blank line. */
struct ripe_out {
	struct mrt_buf *b;
	uint32_t types;
	size_t count;
	int failed;
};

static int ripe_object(const struct irr_object_view *v, void *ctx)
{
	struct ripe_out *ro = ctx;

	if (ro->types && !((ro->types >> v->cls) & 1))
		return 0;
	if (put(ro->b, v->text, v->len) < 0 || put(ro->b, "\n", 1) < 0)
		ro->failed = 1;
	ro->count++;
	return ro->failed;
}

static int a_ripe(struct whois_session *s, const struct irr_db *db, const struct whois_query *q,
                  struct mrt_buf *out, struct mrt_buf *tmp)
{
	struct irr_sources sb;
	const struct irr_sources *sel = session_sel(s, db, q->sources, &sb);
	struct ripe_out ro = {out, q->types, 0, 0};

	if (q->flags & WHOIS_F_PERSIST) {
		if (!q->arg[0]) /* a bare -k switches persistence on, or off again */
			return s->persistent ? WHOIS_ACT_CLOSE
			                     : (s->persistent = 1, WHOIS_ACT_CONTINUE);
		s->persistent = 1;
	}
	if (!q->arg[0])
		return WHOIS_ACT_CONTINUE;
	if (q->flags & WHOIS_F_ORIGIN) {
		size_t n;
		const struct irr_route *r = irr_db_routes_by_origin(db, q->asn, 0, &n);

		for (size_t i = 0; i < n && !ro.failed; i++) {
			struct irr_object_view v;
			size_t len;

			if (!irr_sources_has(sel, r[i].source))
				continue;
			len = irr_route_format(db, &r[i], v.buf, sizeof v.buf);
			v.cls = r[i].family == 4 ? IRR_ROUTE : IRR_ROUTE6;
			v.source = r[i].source;
			v.text = v.buf;
			v.len = len < sizeof v.buf ? len : sizeof v.buf - 1;
			ripe_object(&v, &ro);
		}
	} else if (q->flags & WHOIS_F_MNTBY) {
		irr_db_by_mntner(db, q->arg, sel, ripe_object, &ro);
	} else if (q->flags & WHOIS_F_MEMBER) {
		irr_db_by_member_of(db, q->arg, sel, ripe_object, &ro);
	} else {
		irr_db_lookup(db, -1, q->arg, sel, ripe_object, &ro);
	}
	if (ro.failed)
		return -1;
	if (!ro.count &&
	    put_printf(out, "%%  No entries found for the selected source(s).\n\n") < 0)
		return -1;
	if (ro.count && put(out, "\n", 1) < 0)
		return -1;
	return WHOIS_ACT_CONTINUE;
}

static const answer_fn answers[] = {
    [WHOIS_EMPTY] = a_none,
    [WHOIS_PERSIST] = a_persist,
    [WHOIS_CLIENT] = a_client,
    [WHOIS_ROUTES] = a_routes,
    [WHOIS_SET] = a_set,
    [WHOIS_SET_PREFIXES] = a_set_prefixes,
    [WHOIS_SERIAL] = a_serial,
    [WHOIS_MATCH] = a_match,
    [WHOIS_MNTNER] = a_mntner,
    [WHOIS_ROUTE] = a_route,
    [WHOIS_SOURCES_GET] = a_sources_get,
    [WHOIS_SOURCES_SET] = a_sources_set,
    [WHOIS_TIMEOUT] = a_timeout,
    [WHOIS_VERSION] = a_version,
    [WHOIS_QUIT] = a_quit,
    [WHOIS_RIPE] = a_ripe,
    [WHOIS_ERROR] = a_error,
};

int whois_answer(struct whois_session *s, const struct irr_db *db, const struct whois_query *q,
                 struct mrt_buf *out)
{
	struct mrt_buf tmp = {NULL, 0, 0};
	int rc;

	if ((unsigned)q->cmd >= sizeof answers / sizeof answers[0] || !answers[q->cmd])
		return reply_f(out, "Unrecognized command");
	rc = answers[q->cmd](s, db, q, out, &tmp);
	mrt_buf_free(&tmp);
	if (rc < 0) {
		reply_f(out, "Out of memory");
		return -1;
	}
	return rc;
}

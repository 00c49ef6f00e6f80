/* SPDX-License-Identifier: ISC */
/* filter_remote.c - the IRRd backend of filter_expand: the queries bgpq4 1.9
 * sends (!!, !n, the !a probe, !s, !i, !a4/!a6, !g/!6, !q), pipelined. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "irr/filter_expand.h"
#include "whois/whois_client.h"

#ifndef MANRS_VERSION
#define MANRS_VERSION "0"
#endif

struct remote {
	struct whois_client *c;
	bool aquery;          /* the server answers !a4SET / !a6SET */
	char defsources[512]; /* what !s-lc said, for SOURCE:: objects */
};

/* A batch of queries; owner[i] = index of the caller's item, or -1 for a
 * "!s" that only switches sources. */
struct batch {
	char **q;
	long *owner;
	size_t n, cap;
};

static int batch_add(struct batch *b, long owner, const char *fmt, const char *a, const char *c)
{
	size_t qcap = b->cap, ocap = b->cap; /* both arrays share b->cap */
	char **nq = GROW(b->q, qcap, b->n + 1);
	if (!nq)
		return -1;
	b->q = nq;
	long *no = GROW(b->owner, ocap, b->n + 1);
	if (!no)
		return -1;
	b->owner = no;
	b->cap = qcap;
	int len = snprintf(NULL, 0, fmt, a, c);
	char *s = malloc((size_t)len + 1);
	if (!s)
		return -1;
	snprintf(s, (size_t)len + 1, fmt, a, c);
	b->q[b->n] = s;
	b->owner[b->n++] = owner;
	return 0;
}

static void batch_free(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->q[i]);
	free(b->q);
	free(b->owner);
}

/* Split reply data into words, as bgpq4 does (spaces and newlines). */
static void words(const char *d, size_t n, void (*fn)(void *, const char *, size_t), void *arg)
{
	size_t i = 0;
	while (i < n) {
		while (i < n && (d[i] == ' ' || d[i] == '\n' || d[i] == '\r' || d[i] == '\t'))
			i++;
		size_t s = i;
		while (i < n && d[i] != ' ' && d[i] != '\n' && d[i] != '\r' && d[i] != '\t')
			i++;
		if (i > s)
			fn(arg, d + s, i - s);
	}
}

struct run_ctx {
	struct filter_job *j;
	struct batch *b;
	void (*member)(void *arg, size_t i, const char *m, size_t len);
	void *arg;
	size_t cur;
	int failed;
};

static void member_word(void *arg, const char *w, size_t n)
{
	struct run_ctx *r = arg;
	r->member(r->arg, r->cur, w, n);
}

static void prefix_word(void *arg, const char *w, size_t n)
{
	struct run_ctx *r = arg;
	struct err e;
	if (r->failed)
		return;
	if (agg_add_text(&r->j->tree, w, n, r->j->req.maxlen, &e) < 0) {
		if (!strcmp(e.msg, "out of memory"))
			r->failed = 1;
		else
			filter_warnf(r->j, "%s", e.msg);
	}
}

static int on_reply(void *ctx, size_t i, const struct whois_reply *rp, struct err *e)
{
	struct run_ctx *r = ctx;
	long owner = r->b->owner[i];
	const char *q = r->b->q[i];
	r->j->queries++;
	switch (rp->kind) {
	case 'A':
		if (owner < 0)
			return 0;
		r->cur = (size_t)owner;
		words(rp->data, rp->len, r->member ? member_word : prefix_word, r);
		if (r->failed)
			return err_set(e, "out of memory");
		return 0;
	case 'C':
		return 0;
	case 'D':
		if (owner >= 0)
			filter_warnf(r->j, "Key not found expanding %s", q);
		return 0;
	case 'E':
		filter_warnf(r->j, "Multiple keys expanding %s", q);
		return 0;
	default:
		if (owner < 0 && !strncmp(q, "!s", 2))
			return err_set(e, "%s: %.*s", q, (int)rp->msglen, rp->msg);
		filter_warnf(r->j, "Error expanding %s: F %.*s", q, (int)rp->msglen, rp->msg);
		r->j->incomplete++; /* the server could not answer: members are missing */
		return 0;
	}
}

static int run_batch(struct remote *rm, struct filter_job *j, struct batch *b,
                     void (*member)(void *, size_t, const char *, size_t), void *arg, struct err *e)
{
	struct run_ctx r = {j, b, member, arg, 0, 0};
	size_t window = j->req.pipelining ? (size_t)-1 : 1;
	return whois_pipeline(rm->c, (const char *const *)b->q, b->n, window, on_reply, &r, e);
}

static const char *sources_for(struct remote *rm, struct filter_job *j)
{
	return j->req.sources && *j->req.sources ? j->req.sources : rm->defsources;
}

static int r_members(void *ctx, struct filter_job *j, const char *const *sets, size_t n,
                     bool recursive, void (*fn)(void *arg, size_t i, const char *m, size_t len),
                     void *arg, struct err *e)
{
	struct remote *rm = ctx;
	struct batch b = {0};
	int rc = -1;
	for (size_t i = 0; i < n; i++) {
		char src[128];
		const char *name = filter_split_source(sets[i], src, sizeof(src));
		if (j->usesource &&
		    batch_add(&b, -1, "!s%s%s", src[0] ? src : sources_for(rm, j), "") < 0)
			goto oom;
		if (batch_add(&b, (long)i, "!i%s%s", name, recursive ? ",1" : "") < 0)
			goto oom;
	}
	rc = run_batch(rm, j, &b, fn, arg, e);
	goto out;
oom:
	err_set(e, "out of memory");
out:
	batch_free(&b);
	return rc;
}

static int r_set_prefixes(void *ctx, struct filter_job *j, const char *set, struct err *e)
{
	struct remote *rm = ctx;
	if (!rm->aquery)
		return 0;
	struct batch b = {0};
	int rc = batch_add(&b, 0, "!a%s%s", j->req.family == 4 ? "4" : "6", set);
	if (rc == 0)
		rc = run_batch(rm, j, &b, NULL, NULL, e);
	else
		err_set(e, "out of memory");
	batch_free(&b);
	return rc < 0 ? -1 : 1;
}

static int r_rset_prefixes(void *ctx, struct filter_job *j, const char *const *rsets, size_t n,
                           struct err *e)
{
	struct remote *rm = ctx;
	struct batch b = {0};
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char src[128];
		const char *name = filter_split_source(rsets[i], src, sizeof(src));
		if (j->usesource) {
			rc = batch_add(&b, -1, "!s%s%s", src[0] ? src : sources_for(rm, j), "");
			if (rc == 0)
				rc = batch_add(&b, (long)i, "!i%s%s", name, "");
		} else {
			rc = batch_add(&b, (long)i, "!i%s%s", name, ",1");
		}
	}
	if (rc < 0) {
		batch_free(&b);
		return err_set(e, "out of memory");
	}
	rc = run_batch(rm, j, &b, NULL, NULL, e);
	batch_free(&b);
	return rc;
}

static int r_asn_prefixes(void *ctx, struct filter_job *j, struct err *e)
{
	struct remote *rm = ctx;
	struct batch b = {0};
	if (j->usesource && batch_add(&b, -1, "!s%s%s", sources_for(rm, j), "") < 0)
		goto oom;
	for (size_t i = 0; i < j->nasns; i++) {
		char num[16];
		snprintf(num, sizeof(num), "%u", j->asns[i]);
		if (batch_add(&b, (long)i, j->req.family == 4 ? "!gas%s%s" : "!6as%s%s", num, "") <
		    0)
			goto oom;
	}
	int rc = run_batch(rm, j, &b, NULL, NULL, e);
	batch_free(&b);
	return rc;
oom:
	batch_free(&b);
	return err_set(e, "out of memory");
}

/* The handshake bgpq4 does: keep-open, identify, probe !a, select sources. */
static int hello(struct remote *rm, struct filter_job *j, struct err *e)
{
	struct whois_reply r;
	if (whois_send(rm->c, "!!\n", 3, e) < 0)
		return -1;
	if (whois_query(rm->c, "!nmanrs " MANRS_VERSION, &r, e) < 0)
		return -1;
	if (j->req.prefixes && j->sets.n && !j->req.bgpq3) {
		if (whois_query(rm->c, "!a", &r, e) < 0)
			return -1;
		static const char want[] = "Missing required set name for A query";
		rm->aquery = r.kind == 'F' && r.msglen >= sizeof(want) - 1 &&
		             !memcmp(r.msg, want, sizeof(want) - 1);
	}
	if (j->usesource && !(j->req.sources && *j->req.sources)) {
		if (whois_query(rm->c, "!s-lc", &r, e) < 0)
			return -1;
		if (r.kind == 'A') {
			size_t n = r.len;
			while (n && (r.data[n - 1] == '\n' || r.data[n - 1] == '\r'))
				n--;
			snprintf(rm->defsources, sizeof(rm->defsources), "%.*s", (int)n, r.data);
		}
	}
	if (j->req.sources && *j->req.sources) {
		char q[600];
		snprintf(q, sizeof(q), "!s%s", j->req.sources);
		if (whois_query(rm->c, q, &r, e) < 0)
			return -1;
		if (r.kind != 'C')
			return err_set(e, "Invalid source(s) '%s'", j->req.sources);
	}
	return 0;
}

int filter_run_remote(struct filter_job *j, struct whois_client *c, struct err *e)
{
	struct remote rm;
	memset(&rm, 0, sizeof(rm));
	rm.c = c;
	struct filter_backend b = {
	    .ctx = &rm,
	    .members = r_members,
	    .set_prefixes = r_set_prefixes,
	    .rset_prefixes = r_rset_prefixes,
	    .asn_prefixes = r_asn_prefixes,
	};
	int rc = hello(&rm, j, e);
	if (rc == 0)
		rc = filter_expand(j, &b, e);
	return rc;
}

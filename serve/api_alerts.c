/* SPDX-License-Identifier: ISC */
/* api_alerts.c - the monitor's alerts from its store: /api/v1/alerts
 * (filters) and /api/v1/incidents (alerts opened per time bucket). */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_priv.h"
#include "core/grow.h"
#include "daemon.h"
#include "daemon_monitor.h"
#include "detect/alert_json_read.h"
#include "detect/alert_store.h"

#define MAX_BUCKETS 200
#define MAX_TYPES 16
#define DEFAULT_BARS 48

/* The matching JSON texts, in store order (oldest id first). */
struct collected {
	const struct api_alert_filter *f;
	char **json;
	size_t n, cap;
	struct alert *a; /* scratch */
	int failed;
};

static bool state_matches(const struct api_alert_filter *f, const struct alert *a)
{
	if (f->state == 1)
		return a->state != ALERT_RESOLVED;
	if (f->state == 2)
		return a->state == ALERT_RESOLVED;
	return true;
}

static int collect(void *arg, const char *json)
{
	struct collected *c = arg;
	struct err e;
	if (alert_json_parse(json, strlen(json), c->a, &e) || !state_matches(c->f, c->a))
		return 0;
	char **v = GROW(c->json, c->cap, c->n + 1);
	if (!v)
		return c->failed = 1;
	c->json = v;
	if (!(c->json[c->n] = strdup(json)))
		return c->failed = 1;
	c->n++;
	return 0;
}

/* True when key is among keys[0..*n); else adds it. */
static bool seen_key(char (*keys)[96], size_t *n, const char *key)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(keys[i], key))
			return true;
	snprintf(keys[(*n)++], sizeof keys[0], "%s", key);
	return false;
}

long api_alerts_each(struct daemon *d, const struct api_alert_filter *f,
                     int (*fn)(void *arg, const struct alert *a, const char *json), void *arg,
                     struct err *e)
{
	struct daemon_monitor *m = daemon_monitor(d);
	if (!m)
		return err_set(e, "the monitor is off");
	struct alert_query q = {.since = f->since, .type = f->type, .latest = true};
	struct collected c = {.f = f, .a = malloc(sizeof(struct alert))};
	long rc = -1;
	if (!c.a) {
		err_set(e, "out of memory");
		return -1;
	}
	if (alert_store_query(daemon_monitor_store(m), &q, collect, &c, e) < 0)
		goto done;
	if (c.failed) {
		err_set(e, "out of memory");
		goto done;
	}
	rc = 0;
	char(*keys)[sizeof c.a->key] = f->state == 1 ? calloc(c.n + 1, sizeof *keys) : NULL;
	size_t nkeys = 0;
	if (f->state == 1 && !keys) {
		err_set(e, "out of memory");
		rc = -1;
		goto done;
	}
	for (size_t i = c.n; i-- > 0 && (!f->limit || (size_t)rc < f->limit);) {
		struct err pe;
		if (alert_json_parse(c.json[i], strlen(c.json[i]), c.a, &pe))
			continue;
		/* open: the newest alert of a key only (a monitor rebuilt on
		 * SIGHUP raises what is still open again, under a new id) */
		if (keys && seen_key(keys, &nkeys, c.a->key))
			continue;
		rc++;
		if (fn(arg, c.a, c.json[i]))
			break;
	}
	free(keys);
done:
	for (size_t i = 0; i < c.n; i++)
		free(c.json[i]);
	free(c.json);
	free(c.a);
	return rc;
}

static int alert_out(void *arg, const struct alert *a, const char *json)
{
	json_verbatim(arg, json);
	return 0;
}

/* Parse the common filter arguments; 0, or the HTTP status of an error. */
static int parse_filter(const char *q, struct api_alert_filter *f, char *type, size_t tn,
                        struct evbuffer *out)
{
	char v[32];
	memset(f, 0, sizeof *f);
	f->state = 1;
	f->limit = 1000;
	int r = api_query_get(q, "state", v, sizeof v);
	if (r < 0 || (r && strcmp(v, "open") && strcmp(v, "resolved") && strcmp(v, "all")))
		return api_error(out, 400, "state: open, resolved or all");
	if (r)
		f->state = !strcmp(v, "open") ? 1 : !strcmp(v, "resolved") ? 2 : 0;
	if ((r = api_query_get(q, "type", type, tn)) < 0)
		return api_error(out, 400, "type: bad value");
	f->type = r ? type : NULL;
	if ((r = api_query_get(q, "since", v, sizeof v)) < 0)
		return api_error(out, 400, "since: bad value");
	char *end;
	if (r && ((f->since = (uint32_t)strtoul(v, &end, 10)), *end || !*v))
		return api_error(out, 400, "since: unix seconds");
	if ((r = api_query_get(q, "limit", v, sizeof v)) < 0)
		return api_error(out, 400, "limit: bad value");
	if (r && ((f->limit = strtoul(v, &end, 10)), *end || !*v || !f->limit || f->limit > 100000))
		return api_error(out, 400, "limit: 1 to 100000");
	return 0;
}

int api_alerts(struct daemon *d, const char *query, struct evbuffer *out)
{
	struct api_alert_filter f;
	char type[32];
	int status = parse_filter(query, &f, type, sizeof type, out);
	if (status)
		return status;
	struct mrt_buf b = {0};
	struct json_writer w;
	struct err e;
	json_writer_init_buf(&w, &b);
	json_begin_object(&w);
	json_key(&w, "alerts");
	json_begin_array(&w);
	long n = api_alerts_each(d, &f, alert_out, &w, &e);
	json_end_array(&w);
	api_key_u64(&w, "count", n < 0 ? 0 : (uint64_t)n);
	json_end_object(&w);
	if (n < 0) {
		json_writer_finish(&w);
		mrt_buf_free(&b);
		return api_error(out, daemon_monitor(d) ? 500 : 503, "%s", e.msg);
	}
	return api_finish(&w, &b, out);
}

/* Alerts opened per bucket of data time, by type. */
struct histogram {
	uint32_t lo, hi; /* first_seen range */
	char types[MAX_TYPES][24];
	size_t ntypes;
	uint32_t *first; /* first_seen of each alert */
	uint8_t *type;
	size_t n, cap;
};

static int count(void *arg, const struct alert *a, const char *json)
{
	struct histogram *h = arg;
	size_t t = 0;
	while (t < h->ntypes && strcmp(h->types[t], a->type))
		t++;
	if (t == h->ntypes && h->ntypes < MAX_TYPES)
		snprintf(h->types[h->ntypes++], sizeof h->types[0], "%s", a->type);
	if (t == MAX_TYPES)
		t = MAX_TYPES - 1;
	if (h->n == h->cap) { /* two arrays, one capacity: grow a copy of it for each */
		size_t fcap = h->cap, tcap = h->cap;
		uint32_t *f = GROW(h->first, fcap, h->n + 1);
		if (f)
			h->first = f;
		uint8_t *ty = GROW(h->type, tcap, h->n + 1);
		if (ty)
			h->type = ty;
		if (!f || !ty)
			return 1;
		h->cap = fcap;
	}
	h->first[h->n] = a->first_seen;
	h->type[h->n++] = (uint8_t)t;
	if (!h->lo || a->first_seen < h->lo)
		h->lo = a->first_seen;
	if (a->first_seen > h->hi)
		h->hi = a->first_seen;
	return 0;
}

static void buckets_json(struct json_writer *w, const struct histogram *h, uint32_t bucket)
{
	uint32_t start = h->lo - h->lo % bucket;
	size_t nb = h->n ? (h->hi - start) / bucket + 1 : 0;
	json_key(w, "buckets");
	json_begin_array(w);
	for (size_t i = 0; i < nb; i++) {
		unsigned long per[MAX_TYPES] = {0}, total = 0;
		uint32_t from = start + (uint32_t)i * bucket;
		for (size_t k = 0; k < h->n; k++)
			if (h->first[k] >= from && h->first[k] - from < bucket) {
				per[h->type[k]]++;
				total++;
			}
		json_begin_object(w);
		api_key_u64(w, "start", from);
		api_key_u64(w, "total", total);
		json_key(w, "by_type");
		json_begin_object(w);
		for (size_t t = 0; t < h->ntypes; t++)
			if (per[t])
				api_key_u64(w, h->types[t], per[t]);
		json_end_object(w);
		json_end_object(w);
	}
	json_end_array(w);
}

uint32_t api_incident_bucket(uint32_t lo, uint32_t hi, uint32_t max_bars)
{
	static const uint32_t steps[] = {60,    300,   900,   1800,   3600,   7200,
	                                 21600, 43200, 86400, 604800, 2592000};
	uint32_t b = steps[0];
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		b = steps[i];
		if ((hi - (lo - lo % b)) / b + 1 <= max_bars)
			return b;
	}
	while ((hi - (lo - lo % b)) / b + 1 > max_bars)
		b *= 2;
	return b;
}

int api_incidents(struct daemon *d, const char *query, struct evbuffer *out)
{
	struct api_alert_filter f = {0};
	struct histogram h = {0};
	struct err e;
	char v[32];
	uint32_t bucket = 0;
	int r = api_query_get(query, "bucket", v, sizeof v);
	char *end;
	if (r < 0 || (r && ((bucket = (uint32_t)strtoul(v, &end, 10)), *end || bucket < 60)))
		return api_error(out, 400, "bucket: seconds, at least 60");
	if (api_alerts_each(d, &f, count, &h, &e) < 0) {
		free(h.first);
		free(h.type);
		return api_error(out, daemon_monitor(d) ? 500 : 503, "%s", e.msg);
	}
	/* at most MAX_BUCKETS: widen the buckets when the span is longer */
	if (!bucket)
		bucket = api_incident_bucket(h.lo, h.hi, DEFAULT_BARS);
	while (h.n && (h.hi - (h.lo - h.lo % bucket)) / bucket + 1 > MAX_BUCKETS)
		bucket *= 2;
	struct mrt_buf b = {0};
	struct json_writer w;
	json_writer_init_buf(&w, &b);
	json_begin_object(&w);
	api_key_u64(&w, "bucket", bucket);
	api_key_u64(&w, "alerts", h.n);
	json_key(&w, "types");
	json_begin_array(&w);
	for (size_t t = 0; t < h.ntypes; t++)
		json_str(&w, h.types[t]);
	json_end_array(&w);
	buckets_json(&w, &h, bucket);
	json_end_object(&w);
	free(h.first);
	free(h.type);
	return api_finish(&w, &b, out);
}

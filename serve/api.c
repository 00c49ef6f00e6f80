/* SPDX-License-Identifier: ISC */
/* api.c - /api/v1/: routing, query strings, and the small endpoints; the
 * RPKI ones are api_rpki.c, the status api_status.c, alerts api_alerts.c. */
#include "api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_priv.h"
#include "bmp_status.h"
#include "daemon.h"
#include "daemon_whois.h"
#include "http_request.h"
#include "irr/irr_db.h"
#include "rtr_server.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int api_query_get(const char *q, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name);
	for (const char *p = q; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
		if (strncmp(p, name, nl) || (p[nl] != '=' && p[nl] != '&' && p[nl]))
			continue;
		const char *v = p[nl] == '=' ? p + nl + 1 : p + nl;
		size_t o = 0;
		for (; *v && *v != '&'; v++) {
			int c = (unsigned char)*v;
			if (c == '+')
				c = ' ';
			else if (c == '%') {
				int h = hexval(v[1]), l = h < 0 ? -1 : hexval(v[2]);
				if (l < 0)
					return -1;
				c = h * 16 + l;
				v += 2;
			}
			if (o + 1 >= n || c == 0)
				return -1;
			out[o++] = (char)c;
		}
		out[o] = 0;
		return 1;
	}
	return 0;
}

int api_finish(struct json_writer *w, struct mrt_buf *b, struct evbuffer *out)
{
	int rc = json_writer_finish(w);
	if (rc == 0 && (evbuffer_add(out, b->p, b->len) || evbuffer_add(out, "\n", 1)))
		rc = -1;
	mrt_buf_free(b);
	return rc ? 500 : 200;
}

int api_error(struct evbuffer *out, int status, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	struct mrt_buf b = {0};
	struct json_writer w;
	json_writer_init_buf(&w, &b);
	json_begin_object(&w);
	json_key(&w, "error");
	json_str(&w, msg);
	json_end_object(&w);
	return api_finish(&w, &b, out) == 200 ? status : 500;
}

void api_key_str(struct json_writer *w, const char *k, const char *v)
{
	json_key(w, k);
	if (v)
		json_str(w, v);
	else
		json_null_value(w);
}

void api_key_u64(struct json_writer *w, const char *k, uint64_t v)
{
	json_key(w, k);
	json_u64(w, v);
}

void api_key_time(struct json_writer *w, const char *k, time_t t)
{
	char buf[32];
	struct tm tm;
	json_key(w, k);
	if (!t || !gmtime_r(&t, &tm) || !strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm))
		json_null_value(w);
	else
		json_str(w, buf);
}

/* --- rtr/clients --- */

static void client_json(void *arg, const struct rtr_client_info *c)
{
	struct json_writer *w = arg;
	json_begin_object(w);
	api_key_str(w, "address", c->name);
	api_key_time(w, "connected_since", c->since);
	json_key(w, "version");
	if (c->version < 0)
		json_null_value(w);
	else
		json_u32(w, (uint32_t)c->version);
	json_key(w, "synced");
	json_bool(w, c->synced);
	api_key_u64(w, "serial", c->last_serial);
	json_end_object(w);
}

static int rtr_clients(struct daemon *d, struct evbuffer *out)
{
	struct rtr_server *rtr = daemon_rtr(d);
	if (!rtr)
		return api_error(out, 503, "the rtr service is off");
	struct rtr_server_info info;
	rtr_server_info(rtr, &info);
	struct mrt_buf b = {0};
	struct json_writer w;
	json_writer_init_buf(&w, &b);
	json_begin_object(&w);
	api_key_u64(&w, "serial", info.serial);
	api_key_u64(&w, "session_id", info.session_id);
	json_key(&w, "clients");
	json_begin_array(&w);
	rtr_server_each_client(rtr, client_json, &w);
	json_end_array(&w);
	json_end_object(&w);
	return api_finish(&w, &b, out);
}

/* --- irr --- */

struct route_list {
	struct json_writer *w;
	const struct irr_db *db;
	size_t n, max;
};

static void route_json(struct route_list *l, const struct irr_route *r)
{
	struct prefix p;
	char pfx[64];
	irr_route_prefix(r, &p);
	json_begin_object(l->w);
	api_key_str(l->w, "prefix", prefix_format(&p, pfx, sizeof pfx));
	api_key_u64(l->w, "origin", r->origin);
	api_key_str(l->w, "source", irr_db_source_name(l->db, r->source));
	json_end_object(l->w);
}

static int route_visit(const struct irr_route *r, void *ctx)
{
	struct route_list *l = ctx;
	if (l->n++ < l->max)
		route_json(l, r);
	return 0;
}

static int irr_routes(const struct irr_db *db, const char *q, struct evbuffer *out)
{
	char v[128], match[16] = "exact";
	struct prefix p;
	uint32_t asn;
	struct err e;
	int has_prefix = api_query_get(q, "prefix", v, sizeof v);
	int has_origin = has_prefix ? 0 : api_query_get(q, "origin", v, sizeof v);
	if (has_prefix < 0 || has_origin < 0 || api_query_get(q, "match", match, sizeof match) < 0)
		return api_error(out, 400, "bad query string");
	if (has_prefix && prefix_parse(v, &p, &e))
		return api_error(out, 400, "prefix: %s", e.msg);
	if (has_origin && asn_parse(v, &asn, &e))
		return api_error(out, 400, "origin: %s", e.msg);
	if (!has_prefix && !has_origin)
		return api_error(out, 400, "give prefix=P or origin=ASN");
	enum irr_match m = IRR_MATCH_EXACT;
	if (!strcmp(match, "less"))
		m = IRR_MATCH_LESS_ALL;
	else if (!strcmp(match, "more"))
		m = IRR_MATCH_MORE_ALL;
	else if (strcmp(match, "exact"))
		return api_error(out, 400, "match: '%s' is not exact, less or more", match);
	struct mrt_buf b = {0};
	struct json_writer w;
	struct route_list l = {.w = &w, .db = db, .max = 10000};
	json_writer_init_buf(&w, &b);
	json_begin_object(&w);
	json_key(&w, "routes");
	json_begin_array(&w);
	if (has_prefix) {
		irr_db_routes_by_prefix(db, &p, m, NULL, route_visit, &l);
	} else {
		size_t n;
		const struct irr_route *r = irr_db_routes_by_origin(db, asn, 0, &n);
		for (size_t i = 0; i < n; i++)
			route_visit(&r[i], &l);
	}
	json_end_array(&w);
	api_key_u64(&w, "total", l.n);
	json_key(&w, "truncated");
	json_bool(&w, l.n > l.max);
	json_end_object(&w);
	return api_finish(&w, &b, out);
}

static int irr_expand(const struct irr_db *db, const char *set, const char *q, struct evbuffer *out)
{
	char fam[4] = "4";
	if (api_query_get(q, "family", fam, sizeof fam) < 0 ||
	    (strcmp(fam, "4") && strcmp(fam, "6")))
		return api_error(out, 400, "family: 4 or 6");
	struct irr_expand_opts o = {0};
	struct irr_expand_info info;
	struct irr_asns asns = {0};
	struct irr_ranges rs = {0};
	int found = irr_expand_as_set(db, set, &o, &asns, &info), route_set = 0;
	if (found == 0) {
		route_set = 1;
		found = irr_expand_route_set(db, set, &o, fam[0] - '0', &rs, &info);
	}
	if (found <= 0) {
		irr_asns_free(&asns);
		irr_ranges_free(&rs);
		return found < 0 ? api_error(out, 500, "out of memory")
		                 : api_error(out, 404, "%s: no such as-set or route-set", set);
	}
	struct mrt_buf b = {0};
	struct json_writer w;
	json_writer_init_buf(&w, &b);
	json_begin_object(&w);
	api_key_str(&w, "set", set);
	json_key(&w, route_set ? "prefixes" : "asns");
	json_begin_array(&w);
	for (size_t i = 0; !route_set && i < asns.n; i++)
		json_u32(&w, asns.v[i]);
	for (size_t i = 0; route_set && i < rs.n; i++) {
		char buf[80];
		irr_range_format(&rs.v[i], buf, sizeof buf);
		json_str(&w, buf);
	}
	json_end_array(&w);
	api_key_u64(&w, "sets", info.sets);
	api_key_u64(&w, "missing", info.missing);
	json_end_object(&w);
	irr_asns_free(&asns);
	irr_ranges_free(&rs);
	return api_finish(&w, &b, out);
}

static int irr(struct daemon *d, const char *rest, const char *q, struct evbuffer *out)
{
	struct daemon_whois *wh = daemon_whois(d);
	const struct irr_db *db = wh ? daemon_whois_db(wh) : NULL;
	if (!db)
		return api_error(out, 503, "the whois service is off");
	if (!strcmp(rest, "routes"))
		return irr_routes(db, q, out);
	if (!strncmp(rest, "expand/", 7) && rest[7]) {
		/* the set name as written in the path, %-escapes decoded */
		char arg[HTTP_MAX_PATH + 4], set[HTTP_MAX_PATH];
		snprintf(arg, sizeof arg, "s=%s", rest + 7);
		if (api_query_get(arg, "s", set, sizeof set) != 1)
			return api_error(out, 400, "bad set name");
		return irr_expand(db, set, q, out);
	}
	return api_error(out, 404, "no such API path");
}

/* --- routing --- */

static int handle(const struct http_request *req, struct evbuffer *out, const char **type,
                  void *arg)
{
	struct daemon *d = arg;
	const char *rest = req->path + strlen("/api/v1/");
	*type = "application/json";
	if (!strcmp(rest, "status"))
		return api_status(d, out);
	if (!strcmp(rest, "vrps"))
		return api_vrps(d, req->query, out);
	if (!strcmp(rest, "validity"))
		return api_validity_query(d, req->query, out);
	if (!strncmp(rest, "validity/", 9))
		return api_validity_path(d, rest + 9, out);
	if (!strncmp(rest, "irr/", 4))
		return irr(d, rest + 4, req->query, out);
	if (!strcmp(rest, "alerts"))
		return api_alerts(d, req->query, out);
	if (!strcmp(rest, "incidents"))
		return api_incidents(d, req->query, out);
	if (!strcmp(rest, "rtr/clients"))
		return rtr_clients(d, out);
	if (!strcmp(rest, "bmp")) {
		if (!daemon_bmp(d))
			return api_error(out, 503, "the bmp service is off");
		return bmp_status_json(daemon_bmp(d), out) ? 500 : 200;
	}
	return api_error(out, 404, "no such API path: %s", req->path);
}

int api_route(struct http_server *h, struct daemon *d)
{
	return http_server_route_prefix(h, "/api/v1/", "application/json", handle, d);
}

/* SPDX-License-Identifier: ISC */
/* dashboard.c - the server-rendered page; the chart is dashboard_svg.c. */
#include "dashboard.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "assets.h"
#include "bmp/bmp_state.h"
#include "bmp/bmp_state_table.h"
#include "bmp_server.h"
#include "daemon.h"
#include "daemon_monitor.h"
#include "daemon_whois.h"
#include "dashboard_priv.h"
#include "detect/alert.h"
#include "http_request.h"
#include "rtr_server.h"

#define ALERTS_SHOWN 200

void dashboard_escape(struct evbuffer *out, const char *text)
{
	for (const char *p = text; *p; p++) {
		switch (*p) {
		case '&':
			evbuffer_add(out, "&amp;", 5);
			break;
		case '<':
			evbuffer_add(out, "&lt;", 4);
			break;
		case '>':
			evbuffer_add(out, "&gt;", 4);
			break;
		case '"':
			evbuffer_add(out, "&quot;", 6);
			break;
		case '\'':
			evbuffer_add(out, "&#39;", 5);
			break;
		default:
			evbuffer_add(out, p, 1);
		}
	}
}

/* A cell with escaped text and an optional class. */
static void td(struct evbuffer *out, const char *cls, const char *text)
{
	if (cls)
		evbuffer_add_printf(out, "<td class=\"%s\">", cls);
	else
		evbuffer_add(out, "<td>", 4);
	dashboard_escape(out, text ? text : "");
	evbuffer_add(out, "</td>", 5);
}

static void td_num(struct evbuffer *out, unsigned long long v)
{
	evbuffer_add_printf(out, "<td class=\"num\">%llu</td>", v);
}

void dashboard_time(time_t t, char *buf, size_t n)
{
	struct tm tm;
	if (!t || !gmtime_r(&t, &tm) || !strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, n, "never");
}

static void age(time_t t, char *buf, size_t n)
{
	long s = t ? (long)(time(NULL) - t) : -1;
	if (s < 0)
		snprintf(buf, n, "%s", t ? "0 s" : "");
	else if (s < 120)
		snprintf(buf, n, "%ld s", s);
	else if (s < 7200)
		snprintf(buf, n, "%ld min", s / 60);
	else if (s < 172800)
		snprintf(buf, n, "%ld h", s / 3600);
	else
		snprintf(buf, n, "%ld d", s / 86400);
}

static void freshness_row(struct evbuffer *out, const char *what, time_t data, time_t reload,
                          const char *error, const char *detail)
{
	char t1[32], t2[32], a[32];
	dashboard_time(data, t1, sizeof t1);
	dashboard_time(reload, t2, sizeof t2);
	age(data, a, sizeof a);
	evbuffer_add(out, "<tr>", 4);
	td(out, NULL, what);
	td(out, NULL, t1);
	td(out, "num", a);
	td(out, NULL, reload ? t2 : "");
	td(out, error && *error ? "bad" : "ok", error && *error ? error : "ok");
	td(out, NULL, detail);
	evbuffer_add(out, "</tr>\n", 6);
}

/* A source's content column: its copy, the last run, staleness. */
static void source_detail(const struct daemon_source_state *s, char *out, size_t n)
{
	char at[32];
	dashboard_time(s->last_attempt, at, sizeof at);
	int k = s->file_size < 0 ? snprintf(out, n, "file missing")
	                         : snprintf(out, n, "%llu objects, %lld bytes",
	                                    (unsigned long long)s->objects, s->file_size);
	size_t len = k > 0 && (size_t)k < n ? (size_t)k : n - 1;
	if (s->running)
		snprintf(out + len, n - len, "; fetching now");
	else if (s->result[0])
		snprintf(out + len, n - len, "; last run %s at %s%s", s->result, at,
		         s->stale ? "; STALE" : "");
	else if (s->stale)
		snprintf(out + len, n - len, "; STALE");
}

static void freshness(struct evbuffer *out, struct daemon *d)
{
	char detail[160];
	evbuffer_add_printf(out, "<section><h2>Data freshness</h2><table><thead><tr><th>data</th>"
	                         "<th>data time</th><th>age</th><th>last reload</th>"
	                         "<th>state</th><th>content</th></tr></thead>\n"
	                         "<tbody id=\"freshness\" data-empty=\"no data\">\n");
	if (daemon_rtr(d)) {
		struct rtr_server_info i;
		rtr_server_info(daemon_rtr(d), &i);
		snprintf(detail, sizeof detail, "%zu VRPs, %zu ASPAs, serial %u", i.vrps4 + i.vrps6,
		         i.aspas, i.serial);
		freshness_row(out, "rtr", (time_t)i.data_time, i.last_reload, i.last_error, detail);
	}
	if (daemon_whois(d)) {
		struct daemon_whois_info i;
		daemon_whois_info(daemon_whois(d), &i);
		snprintf(detail, sizeof detail, "%zu routes", i.routes);
		freshness_row(out, "whois", i.loaded, i.last_reload, i.last_error, detail);
	}
	if (daemon_monitor(d)) {
		struct daemon_monitor_info i;
		daemon_monitor_info(daemon_monitor(d), &i);
		snprintf(detail, sizeof detail, "%zu routes from %zu peers", i.routes, i.peers);
		freshness_row(out, "monitor", (time_t)i.last_data, 0, NULL, detail);
	}
	const struct daemon_config *c = daemon_current_config(d);
	const struct daemon_source_state *s = daemon_source_states(d);
	for (size_t i = 0; i < c->nsources; i++) {
		char name[96];
		snprintf(name, sizeof name, "source %s", c->sources[i].name);
		source_detail(&s[i], detail, sizeof detail);
		freshness_row(out, name, s[i].last_change ? s[i].last_change : s[i].file_mtime,
		              s[i].last_success, s[i].last_error, detail);
	}
	evbuffer_add_printf(out, "</tbody></table></section>\n");
}

static void client_row(void *arg, const struct rtr_client_info *c)
{
	struct evbuffer *out = arg;
	char since[32];
	dashboard_time(c->since, since, sizeof since);
	evbuffer_add(out, "<tr>", 4);
	td(out, NULL, c->name);
	if (c->version < 0)
		td(out, "num", "");
	else
		td_num(out, (unsigned)c->version);
	td_num(out, c->last_serial);
	td(out, c->synced ? "ok" : "bad", c->synced ? "yes" : "no");
	td(out, NULL, since);
	evbuffer_add(out, "</tr>\n", 6);
}

static void rtr_clients(struct evbuffer *out, struct daemon *d)
{
	struct rtr_server *rtr = daemon_rtr(d);
	evbuffer_add_printf(out, "<section><h2>RTR routers</h2>");
	if (!rtr) {
		evbuffer_add_printf(out,
		                    "<p class=\"muted\">The RTR service is off.</p></section>\n");
		return;
	}
	struct rtr_server_info i;
	rtr_server_info(rtr, &i);
	evbuffer_add_printf(out,
	                    "<p>Serving serial <b id=\"rtr-serial\">%u</b> (session %u) to %u "
	                    "router(s).</p>\n<table><thead><tr><th>router</th><th>version</th>"
	                    "<th>serial</th><th>synced</th><th>connected since</th></tr></thead>\n"
	                    "<tbody id=\"rtr-clients\" data-empty=\"no router connected\">\n",
	                    i.serial, i.session_id, i.clients);
	rtr_server_each_client(rtr, client_row, out);
	if (!i.clients)
		evbuffer_add_printf(out, "<tr><td colspan=\"5\" class=\"muted\">no router "
		                         "connected</td></tr>\n");
	evbuffer_add_printf(out, "</tbody></table></section>\n");
}

static int alert_row(void *arg, const struct alert *a, const char *json)
{
	struct evbuffer *out = arg;
	char pfx[64], off[16], first[32], sev[24];
	prefix_format(&a->prefix, pfx, sizeof pfx);
	off[0] = 0;
	if (a->offender_as)
		snprintf(off, sizeof off, "AS%u", a->offender_as);
	dashboard_time((time_t)a->first_seen, first, sizeof first);
	snprintf(sev, sizeof sev, "sev-%s", alert_severity_name(a->severity));
	evbuffer_add_printf(out, "<tr data-alert-id=\"%llu\">", (unsigned long long)a->id);
	td_num(out, a->id);
	td(out, NULL, a->type);
	td(out, sev, alert_severity_name(a->severity));
	td(out, NULL, pfx);
	td(out, NULL, off);
	td_num(out, a->npeers);
	td(out, NULL, first);
	evbuffer_add(out, "<td><details><summary>", 22);
	dashboard_escape(out, a->description);
	evbuffer_add(out, "</summary>", 10);
	for (unsigned i = 0; i < a->nsamples; i++) {
		const struct alert_sample *s = &a->samples[i];
		char peer[64], hop[16];
		evbuffer_add_printf(out, "<div>peer AS%u (", s->peer_as);
		dashboard_escape(out, addr_format(&s->peer_addr, peer, sizeof peer));
		evbuffer_add(out, "):", 2);
		for (unsigned k = 0; k < s->path_len; k++) {
			snprintf(hop, sizeof hop, " %u", s->path[k]);
			evbuffer_add(out, hop, strlen(hop));
		}
		evbuffer_add(out, "</div>", 6);
	}
	evbuffer_add_printf(out, "</details></td></tr>\n");
	return 0;
}

static void alerts(struct evbuffer *out, struct daemon *d)
{
	evbuffer_add_printf(out, "<section><h2>Open alerts</h2>");
	if (!daemon_monitor(d)) {
		evbuffer_add_printf(out, "<p class=\"muted\">The monitor is off.</p></section>\n");
		return;
	}
	struct evbuffer *rows = evbuffer_new();
	struct api_alert_filter f = {.state = 1, .limit = ALERTS_SHOWN};
	struct err e;
	long n = rows ? api_alerts_each(d, &f, alert_row, rows, &e) : -1;
	if (n < 0) {
		evbuffer_add_printf(out, "<p class=\"bad\">");
		dashboard_escape(out, rows ? e.msg : "out of memory");
		evbuffer_add_printf(out, "</p></section>\n");
		evbuffer_free(rows);
		return;
	}
	evbuffer_add_printf(out,
	                    "<p><b id=\"alert-count\">%ld</b> open (newest first).</p>\n<table>"
	                    "<thead><tr><th>id</th><th>type</th><th>severity</th><th>prefix</th>"
	                    "<th>offender</th><th>peers</th><th>first seen</th>"
	                    "<th>description and evidence</th></tr></thead>\n"
	                    "<tbody id=\"alerts\" data-empty=\"no open alert\">\n",
	                    n);
	evbuffer_add_buffer(out, rows);
	evbuffer_free(rows);
	if (!n)
		evbuffer_add_printf(
		    out, "<tr><td colspan=\"8\" class=\"muted\">no open alert</td></tr>\n");
	evbuffer_add_printf(out, "</tbody></table></section>\n");
}

static void peer_row(struct evbuffer *out, const struct bmp_router *r, const struct bmp_peer *p)
{
	char addr[64], asn[16], name[80];
	struct prefix a;
	prefix_from_bytes(&a, p->key.family, p->key.addr, p->key.family == 4 ? 32 : 128);
	snprintf(asn, sizeof asn, "AS%u", p->asn);
	snprintf(name, sizeof name, "%s%s", r->name, r->connected ? "" : " (gone)");
	const char *state = p->up ? "up" : p->implicit ? "implicit" : "down";
	evbuffer_add(out, "<tr>", 4);
	td(out, NULL, name);
	td(out, NULL, addr_format(&a, addr, sizeof addr));
	td(out, NULL, asn);
	td(out, p->up ? "ok" : "bad", state);
	td_num(out, bmp_table_routes(&p->view[BMP_VIEW_ADJ_IN_PRE]));
	td_num(out, p->updates);
	evbuffer_add(out, "</tr>\n", 6);
}

static void bmp_peers(struct evbuffer *out, struct daemon *d)
{
	evbuffer_add_printf(out, "<section><h2>BMP peers</h2>");
	if (!daemon_bmp(d)) {
		evbuffer_add_printf(out,
		                    "<p class=\"muted\">The BMP collector is off.</p></section>\n");
		return;
	}
	const struct bmp_state *st = bmp_server_state(daemon_bmp(d));
	evbuffer_add_printf(out, "<table><thead><tr><th>router</th><th>peer</th><th>AS</th>"
	                         "<th>state</th><th>routes (pre-policy)</th><th>updates</th></tr>"
	                         "</thead>\n<tbody id=\"bmp-peers\" data-empty=\"no BMP peer\">\n");
	size_t n = 0;
	for (size_t i = 0; i < st->nrouters; i++)
		for (size_t k = 0; k < st->routers[i]->npeers; k++, n++)
			peer_row(out, st->routers[i], st->routers[i]->peers[k]);
	if (!n)
		evbuffer_add_printf(
		    out, "<tr><td colspan=\"6\" class=\"muted\">no BMP peer</td></tr>\n");
	evbuffer_add_printf(out, "</tbody></table></section>\n");
}

static void head(struct evbuffer *out, struct daemon *d)
{
	struct daemon_status st;
	char started[32], reload[32];
	daemon_get_status(d, &st);
	dashboard_time(st.started, started, sizeof started);
	dashboard_time(st.last_reload, reload, sizeof reload);
	evbuffer_add_printf(out,
	                    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	                    "<meta name=\"viewport\" content=\"width=device-width\">"
	                    "<title>manrs serve</title>"
	                    "<link rel=\"icon\" href=\"data:,\">"
	                    "<link rel=\"stylesheet\" href=\"/assets/dashboard.css\">"
	                    "<script src=\"/assets/dashboard.js\" defer></script></head>\n"
	                    "<body><header><h1>manrs serve</h1><span class=\"muted\">version %s, "
	                    "started %s, last reload %s%s</span>"
	                    "<span id=\"updated\" class=\"muted\">rendered by the server</span>"
	                    "</header>\n",
	                    MANRS_VERSION, started, st.last_reload ? reload : "none",
	                    st.last_reload && !st.last_reload_ok ? " (failed)" : "");
}

static int page(struct evbuffer *out, void *arg)
{
	struct daemon *d = arg;
	head(out, d);
	freshness(out, d);
	rtr_clients(out, d);
	alerts(out, d);
	dashboard_incidents(out, d);
	bmp_peers(out, d);
	evbuffer_add_printf(out, "<p class=\"muted\">JSON: <a href=\"/api/v1/status\">status</a>, "
	                         "<a href=\"/api/v1/alerts\">alerts</a>, "
	                         "<a href=\"/api/v1/bmp\">bmp</a>, "
	                         "<a href=\"/metrics\">metrics</a>.</p></body></html>\n");
	return 200;
}

static int asset(const struct http_request *req, struct evbuffer *out, const char **type, void *arg)
{
	for (size_t i = 0; i < nassets; i++)
		if (!strcmp(req->path, assets[i].path)) {
			*type = assets[i].type;
			evbuffer_add(out, assets[i].data, assets[i].len);
			return 200;
		}
	*type = "text/plain";
	evbuffer_add_printf(out, "no such asset\n");
	return 404;
}

int dashboard_route(struct http_server *h, struct daemon *d)
{
	if (http_server_route(h, "/", "text/html; charset=utf-8", page, d) ||
	    http_server_route(h, "/dashboard", "text/html; charset=utf-8", page, d))
		return -1;
	return http_server_route_prefix(h, "/assets/", "text/plain", asset, NULL);
}

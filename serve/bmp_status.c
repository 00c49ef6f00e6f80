/* SPDX-License-Identifier: ISC */
/* bmp_status.c - /status JSON and Prometheus metrics of the BMP collector. */
#include "bmp_status.h"

#include <stdio.h>
#include <string.h>

#include "bmp_server.h"
#include "bmp/bmp_state_dump.h"
#include "core/json_writer.h"

static void json_addr(struct json_writer *w, const char *key, int family, const uint8_t *addr)
{
	struct prefix p = {.family = (uint8_t)(family == 6 ? 6 : 4)};
	char buf[PREFIX_STRLEN];
	memcpy(p.addr, addr, 16);
	json_key(w, key);
	json_str(w, addr_format(&p, buf, sizeof buf));
}

static void json_views(struct json_writer *w, const size_t *n)
{
	json_key(w, "routes");
	json_begin_object(w);
	for (int v = 0; v < BMP_VIEW_COUNT; v++) {
		json_key(w, bmp_view_name((enum bmp_rib_view)v));
		json_u64(w, n[v]);
	}
	json_end_object(w);
}

static void json_history(struct json_writer *w, const struct bmp_peer *p)
{
	json_key(w, "history");
	json_begin_array(w);
	for (unsigned i = 0; i < p->hist_n; i++) {
		json_begin_object(w);
		json_key(w, "time");
		json_u32(w, p->history[i].time);
		json_key(w, "event");
		json_str(w, p->history[i].kind == BMP_EV_UP ? "up" : "down");
		if (p->history[i].kind == BMP_EV_DOWN) {
			json_key(w, "reason");
			json_str(w, bmp_down_reason_name(p->history[i].reason));
		}
		json_end_object(w);
	}
	json_end_array(w);
}

static void json_peer(struct json_writer *w, const struct bmp_peer *p)
{
	size_t n[BMP_VIEW_COUNT];
	json_begin_object(w);
	json_key(w, "type");
	json_str(w, bmp_peer_type_name(p->key.type));
	json_addr(w, "address", p->key.family, p->key.addr);
	if (p->key.rd) {
		json_key(w, "distinguisher");
		json_u64(w, p->key.rd);
	}
	json_key(w, "asn");
	json_u32(w, p->asn);
	json_key(w, "state");
	json_str(w, p->up ? "up" : p->implicit ? "implicit" : "down");
	json_key(w, "asn_len");
	json_u32(w, p->asn_len);
	for (int v = 0; v < BMP_VIEW_COUNT; v++)
		n[v] = bmp_table_routes(&p->view[v]);
	json_views(w, n);
	json_key(w, "updates");
	json_u64(w, p->updates);
	json_key(w, "withdrawals");
	json_u64(w, p->withdrawals);
	json_history(w, p);
	json_end_object(w);
}

static void json_router(struct json_writer *w, const struct bmp_router *r)
{
	json_begin_object(w);
	json_key(w, "name");
	json_str(w, r->name);
	json_key(w, "sys_name");
	json_str(w, r->sys_name);
	json_key(w, "sys_descr");
	json_str(w, r->sys_descr);
	json_key(w, "connected");
	json_bool(w, r->connected);
	if (r->stale_since) {
		json_key(w, "stale_since");
		json_u32(w, r->stale_since);
	}
	json_key(w, "messages");
	json_u64(w, r->messages);
	json_key(w, "sessions");
	json_u64(w, r->sessions);
	json_key(w, "peers");
	json_begin_array(w);
	for (size_t i = 0; i < r->npeers; i++)
		json_peer(w, r->peers[i]);
	json_end_array(w);
	json_end_object(w);
}

static void json_counter(struct json_writer *w, const char *k, uint64_t v)
{
	json_key(w, k);
	json_u64(w, v);
}

static void json_totals(struct json_writer *w, const struct bmp_server_info *i)
{
	const struct bmp_state_totals *t = &i->totals;
	json_counter(w, "routers", t->routers);
	json_counter(w, "routers_connected", t->connected);
	json_counter(w, "peers", t->peers);
	json_counter(w, "peers_up", t->peers_up);
	json_counter(w, "routes_total", t->routes);
	json_counter(w, "routes_stale", t->stale);
	json_views(w, t->routes_by_view);
	json_counter(w, "attribute_sets", t->attr_sets);
	json_counter(w, "table_bytes", t->table_bytes);
	json_counter(w, "attribute_bytes", t->attr_bytes);
	json_key(w, "bytes_per_route");
	json_fixed(w, t->routes ? (double)(t->table_bytes + t->attr_bytes) / (double)t->routes : 0,
	           1);
	json_counter(w, "connections", i->connections);
	json_counter(w, "refused", i->refused);
	json_counter(w, "closed_error", i->closed_error);
	json_counter(w, "closed_mid_message", i->closed_mid_msg);
	json_counter(w, "closed_eof", i->closed_eof);
	json_counter(w, "messages", i->messages);
	json_counter(w, "bytes", i->bytes);
	json_counter(w, "updates_dropped", i->updates_dropped);
	json_counter(w, "messages_skipped", i->skipped);
	json_counter(w, "stale_routes_dropped", i->stale_dropped);
	json_counter(w, "archive_records", i->archive_records);
	json_counter(w, "archive_files", i->archive_files);
	json_counter(w, "archive_ribs", i->archive_ribs);
	json_counter(w, "archive_errors", i->archive_errors);
}

int bmp_status_json(const struct bmp_server *srv, struct evbuffer *out)
{
	struct bmp_server_info info;
	struct mrt_buf b = {0};
	struct json_writer w;
	bmp_server_info(srv, &info);
	const struct bmp_state *st = bmp_server_state(srv);
	json_writer_init_buf(&w, &b);
	json_begin_object(&w);
	json_key(&w, "started");
	json_u64(&w, (uint64_t)info.started);
	json_totals(&w, &info);
	json_key(&w, "router_list");
	json_begin_array(&w);
	for (size_t i = 0; i < st->nrouters; i++)
		json_router(&w, st->routers[i]);
	json_end_array(&w);
	json_end_object(&w);
	int rc = json_writer_finish(&w);
	if (rc == 0 && (evbuffer_add(out, b.p, b.len) < 0 || evbuffer_add(out, "\n", 1) < 0))
		rc = -1;
	mrt_buf_free(&b);
	return rc;
}

static int status_handler(struct evbuffer *out, void *arg)
{
	return bmp_status_json(arg, out) == 0 ? 200 : 500;
}

static int rib_handler(struct evbuffer *out, void *arg)
{
	struct mrt_buf b = {0};
	int rc = 200;
	if (bmp_state_dump_json(bmp_server_state(arg), -1, &b) < 0 ||
	    (b.len && evbuffer_add(out, b.p, b.len) < 0))
		rc = 500;
	mrt_buf_free(&b);
	return rc;
}

int bmp_status_route(struct bmp_server *srv, struct http_server *h)
{
	if (http_server_route(h, "/status", "application/json", status_handler, srv) < 0)
		return -1;
	return http_server_route(h, "/rib", "application/x-ndjson", rib_handler, srv);
}

#define GETTER(fn, expr)                                                                           \
	static double fn(const void *snap)                                                         \
	{                                                                                          \
		const struct bmp_server_info *i = snap;                                            \
		return (double)(expr);                                                             \
	}
GETTER(m_routers, i->totals.routers)
GETTER(m_connected, i->totals.connected)
GETTER(m_peers, i->totals.peers)
GETTER(m_peers_up, i->totals.peers_up)
GETTER(m_stale, i->totals.stale)
GETTER(m_sets, i->totals.attr_sets)
GETTER(m_bytes, i->totals.table_bytes + i->totals.attr_bytes)
GETTER(m_conns, i->connections)
GETTER(m_refused, i->refused)
GETTER(m_messages, i->messages)
GETTER(m_rx_bytes, i->bytes)
GETTER(m_dropped, i->updates_dropped)
GETTER(m_skipped, i->skipped)
GETTER(m_stale_dropped, i->stale_dropped)
GETTER(m_arch_records, i->archive_records)
GETTER(m_arch_errors, i->archive_errors)

static void routes_by_view(const void *snap, struct metrics_writer *w)
{
	const struct bmp_server_info *i = snap;
	char label[48];
	for (int v = 0; v < BMP_VIEW_COUNT; v++) {
		snprintf(label, sizeof label, "view=\"%s\"", bmp_view_name((enum bmp_rib_view)v));
		metrics_sample(w, label, (double)i->totals.routes_by_view[v]);
	}
}

static void closed_by_reason(const void *snap, struct metrics_writer *w)
{
	const struct bmp_server_info *i = snap;
	metrics_sample(w, "reason=\"eof\"", (double)i->closed_eof);
	metrics_sample(w, "reason=\"mid-message\"", (double)i->closed_mid_msg);
	metrics_sample(w, "reason=\"error\"", (double)i->closed_error);
}

#define G METRIC_GAUGE
#define C METRIC_COUNTER

static const struct metric_def bmp_metrics[] = {
    {"manrs_bmp_routes", "Routes held, per RIB view.", G, NULL, routes_by_view},
    {"manrs_bmp_routers", "Routers known (connected or with stale routes).", G, m_routers, NULL},
    {"manrs_bmp_routers_connected", "Routers connected.", G, m_connected, NULL},
    {"manrs_bmp_peers", "Monitored peers known.", G, m_peers, NULL},
    {"manrs_bmp_peers_up", "Monitored peers up.", G, m_peers_up, NULL},
    {"manrs_bmp_routes_stale", "Routes kept from routers that went away.", G, m_stale, NULL},
    {"manrs_bmp_attribute_sets", "Distinct path attribute sets held.", G, m_sets, NULL},
    {"manrs_bmp_table_bytes", "Bytes of route tables and attribute sets.", G, m_bytes, NULL},
    {"manrs_bmp_connections_total", "Router sessions accepted.", C, m_conns, NULL},
    {"manrs_bmp_refused_total", "Router connections refused.", C, m_refused, NULL},
    {"manrs_bmp_sessions_closed_total", "Router sessions closed, by reason.", C, NULL,
     closed_by_reason},
    {"manrs_bmp_messages_total", "BMP messages applied.", C, m_messages, NULL},
    {"manrs_bmp_bytes_total", "Bytes received from routers.", C, m_rx_bytes, NULL},
    {"manrs_bmp_updates_dropped_total", "UPDATEs that could not be applied.", C, m_dropped, NULL},
    {"manrs_bmp_messages_skipped_total",
     "Statistics, mirroring, initiation or termination messages that did not decode.", C, m_skipped,
     NULL},
    {"manrs_bmp_stale_routes_dropped_total", "Stale routes dropped after the grace time.", C,
     m_stale_dropped, NULL},
    {"manrs_bmp_archive_records_total", "MRT records archived.", C, m_arch_records, NULL},
    {"manrs_bmp_archive_errors_total", "Archive write failures.", C, m_arch_errors, NULL},
};

static void snapshot(void *ctx, void *snap)
{
	bmp_server_info(ctx, snap);
}

int bmp_status_register_metrics(struct bmp_server *srv, struct metrics *m)
{
	return metrics_add_group(m, bmp_metrics, sizeof bmp_metrics / sizeof bmp_metrics[0],
	                         sizeof(struct bmp_server_info), snapshot, srv);
}

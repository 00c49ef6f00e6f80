/* SPDX-License-Identifier: ISC */
/* rtr_metrics.c - the RTR server's metrics in the registry, and its JSON
 * status page. */
#include "rtr_metrics.h"

#include <stdio.h>
#include <string.h>

#include "core/json_writer.h"

/* Each metric reads one field of a struct rtr_server_info snapshot. */
#define GETTER(fn, expr)                                                                           \
	static double fn(const void *snap)                                                         \
	{                                                                                          \
		const struct rtr_server_info *i = snap;                                            \
		return (double)(expr);                                                             \
	}
GETTER(m_serial, i->serial)
GETTER(m_session, i->session_id)
GETTER(m_aspas, i->aspas)
GETTER(m_clients, i->clients)
GETTER(m_stale, i->stale)
GETTER(m_have, i->have_data)
GETTER(m_data_time, i->data_time)
GETTER(m_last_reload, i->last_reload)
GETTER(m_last_change, i->last_change)
GETTER(m_last_ok, i->last_reload_ok)
GETTER(m_reload_secs, i->last_reload_seconds)
GETTER(m_reloads_ok, i->reloads_ok)
GETTER(m_reloads_failed, i->reloads_failed)
GETTER(m_conns, i->connections)
GETTER(m_rejected, i->rejected)
GETTER(m_pdus_sent, i->pdus_sent)
GETTER(m_pdus_recv, i->pdus_received)
GETTER(m_errors, i->errors_sent)
GETTER(m_resets, i->reset_queries)
GETTER(m_serials, i->serial_queries)
GETTER(m_notifies, i->notifies)
GETTER(m_history, i->history)
GETTER(m_started, i->started)
GETTER(m_expired_vrps, i->expired_vrps)
GETTER(m_expired_aspas, i->expired_aspas)
GETTER(m_next_expiry, i->next_expiry)
GETTER(m_expiry_drops, i->expiry_drops)
GETTER(m_rejected_entries, i->rejected_entries)
GETTER(m_reloads_refused, i->reloads_refused)
GETTER(m_accept_failures, i->accept_failures)
GETTER(m_max_clients, i->max_clients)
GETTER(m_aspa_skipped, i->aspa_skipped)

static void vrps_by_family(const void *snap, struct metrics_writer *w)
{
	const struct rtr_server_info *i = snap;
	metrics_sample(w, "family=\"ipv4\"", (double)i->vrps4);
	metrics_sample(w, "family=\"ipv6\"", (double)i->vrps6);
}

static void clients_by_version(const void *snap, struct metrics_writer *w)
{
	const struct rtr_server_info *i = snap;
	char label[32];
	for (int v = 0; v <= RTR_VERSION_MAX; v++) {
		snprintf(label, sizeof label, "version=\"%d\"", v);
		metrics_sample(w, label, i->clients_by_version[v]);
	}
	metrics_sample(w, "version=\"none\"", i->clients_by_version[RTR_VERSION_MAX + 1]);
}

#define G METRIC_GAUGE
#define C METRIC_COUNTER

/* rows alike by design: one per metric, as whois_metrics (whois_server.c) */
static const struct metric_def rtr_metrics[] = {
    {"manrs_rtr_vrps", "VRPs served, per address family.", G, NULL, vrps_by_family},
    {"manrs_rtr_clients_by_version", "Connected routers per negotiated RTR version.", G, NULL,
     clients_by_version},
    {"manrs_rtr_serial", "Current RTR serial number.", G, m_serial, NULL},
    {"manrs_rtr_session_id", "RTR session id.", G, m_session, NULL},
    {"manrs_rtr_aspas", "ASPA records served.", G, m_aspas, NULL},
    {"manrs_rtr_clients", "Connected routers.", G, m_clients, NULL},
    {"manrs_rtr_data_loaded", "1 when data has been loaded.", G, m_have, NULL},
    {"manrs_rtr_data_stale", "1 when data is older than --max-age.", G, m_stale, NULL},
    {"manrs_rtr_data_timestamp_seconds", "When the served data was generated.", G, m_data_time,
     NULL},
    {"manrs_rtr_last_reload_timestamp_seconds", "Last reload attempt.", G, m_last_reload, NULL},
    {"manrs_rtr_last_change_timestamp_seconds", "Last serial change.", G, m_last_change, NULL},
    {"manrs_rtr_last_reload_success", "1 when the last reload succeeded.", G, m_last_ok, NULL},
    {"manrs_rtr_last_reload_duration_seconds", "Duration of the last reload.", G, m_reload_secs,
     NULL},
    {"manrs_rtr_reloads_total", "Successful reloads.", C, m_reloads_ok, NULL},
    {"manrs_rtr_reload_failures_total", "Failed reloads.", C, m_reloads_failed, NULL},
    {"manrs_rtr_connections_total", "Accepted connections.", C, m_conns, NULL},
    {"manrs_rtr_rejected_connections_total", "Refused connections (limits, allow list).", C,
     m_rejected, NULL},
    {"manrs_rtr_pdus_sent_total", "PDUs sent to routers.", C, m_pdus_sent, NULL},
    {"manrs_rtr_pdus_received_total", "PDUs received from routers.", C, m_pdus_recv, NULL},
    {"manrs_rtr_error_reports_sent_total", "Error Report PDUs sent.", C, m_errors, NULL},
    {"manrs_rtr_reset_queries_total", "Reset Queries answered.", C, m_resets, NULL},
    {"manrs_rtr_serial_queries_total", "Serial Queries answered.", C, m_serials, NULL},
    {"manrs_rtr_serial_notifies_total", "Serial Notify rounds.", C, m_notifies, NULL},
    {"manrs_rtr_history_serials", "Past serials answerable with a delta.", G, m_history, NULL},
    {"manrs_rtr_start_timestamp_seconds", "Process start time.", G, m_started, NULL},
    {"manrs_rtr_expired_vrps", "VRPs not served because past their expires time.", G,
     m_expired_vrps, NULL},
    {"manrs_rtr_expired_aspas", "ASPAs not served because past their expires time.", G,
     m_expired_aspas, NULL},
    {"manrs_rtr_next_expiry_timestamp_seconds", "When the next served VRP/ASPA expires (0 = none).",
     G, m_next_expiry, NULL},
    {"manrs_rtr_expiry_drops_total", "Times served entries were dropped on expiry.", C,
     m_expiry_drops, NULL},
    {"manrs_rtr_rejected_entries", "Invalid entries (bad ASN, prefix...) skipped by the last load.",
     G, m_rejected_entries, NULL},
    {"manrs_rtr_reloads_refused_total",
     "Reloads refused (every entry rejected, or --max-shrink exceeded).", C, m_reloads_refused,
     NULL},
    {"manrs_rtr_accept_failures_total", "Failed accept() calls (out of file descriptors...).", C,
     m_accept_failures, NULL},
    {"manrs_rtr_max_clients", "Router connection limit in force (0 = none).", G, m_max_clients,
     NULL},
    {"manrs_rtr_aspa_skipped_total",
     "ASPA records not sent because their provider list is empty (all router streams).", C,
     m_aspa_skipped, NULL},
};

static void snapshot(void *srv, void *snap)
{
	rtr_server_info(srv, snap);
}

static void copy_info(void *info, void *snap)
{
	memcpy(snap, info, sizeof(struct rtr_server_info));
}

int rtr_metrics_register(struct metrics *m, struct rtr_server *srv)
{
	return metrics_add_group(m, rtr_metrics, sizeof rtr_metrics / sizeof rtr_metrics[0],
	                         sizeof(struct rtr_server_info), snapshot, srv);
}

void rtr_metrics_prometheus(const struct rtr_server_info *info, struct evbuffer *out)
{
	struct metrics *m = metrics_new();
	if (m && !metrics_add_group(m, rtr_metrics, sizeof rtr_metrics / sizeof rtr_metrics[0],
	                            sizeof *info, copy_info, (void *)info))
		metrics_write(m, out);
	metrics_free(m);
}

static void key_u64(struct json_writer *w, const char *k, uint64_t v)
{
	json_key(w, k);
	json_u64(w, v);
}

static void key_bool(struct json_writer *w, const char *k, bool v)
{
	json_key(w, k);
	json_bool(w, v);
}

static void status_reload(struct json_writer *w, const struct rtr_server_info *i)
{
	json_key(w, "reload");
	json_begin_object(w);
	json_key(w, "last");
	json_i64(w, i->last_reload);
	json_key(w, "last_change");
	json_i64(w, i->last_change);
	key_bool(w, "ok", i->last_reload_ok);
	json_key(w, "seconds");
	json_fixed(w, i->last_reload_seconds, 3);
	key_u64(w, "succeeded", i->reloads_ok);
	key_u64(w, "failed", i->reloads_failed);
	key_u64(w, "refused", i->reloads_refused);
	key_u64(w, "rejected_entries", i->rejected_entries);
	json_key(w, "error");
	json_str(w, i->last_error);
	json_end_object(w);
}

static void status_data(struct json_writer *w, const struct rtr_server_info *i)
{
	key_u64(w, "session_id", i->session_id);
	key_u64(w, "serial", i->serial);
	key_bool(w, "data_loaded", i->have_data);
	key_bool(w, "stale", i->stale);
	json_key(w, "vrps");
	json_begin_object(w);
	key_u64(w, "ipv4", i->vrps4);
	key_u64(w, "ipv6", i->vrps6);
	json_end_object(w);
	key_u64(w, "aspas", i->aspas);
	json_key(w, "expired");
	json_begin_object(w);
	key_u64(w, "vrps", i->expired_vrps);
	key_u64(w, "aspas", i->expired_aspas);
	json_key(w, "next");
	json_i64(w, i->next_expiry);
	json_end_object(w);
	json_key(w, "data_time");
	json_i64(w, i->data_time);
	key_u64(w, "history", i->history);
}

static void status_clients(struct json_writer *w, const struct rtr_server_info *i)
{
	json_key(w, "clients");
	json_begin_object(w);
	key_u64(w, "total", i->clients);
	key_u64(w, "v0", i->clients_by_version[0]);
	key_u64(w, "v1", i->clients_by_version[1]);
	key_u64(w, "v2", i->clients_by_version[2]);
	key_u64(w, "none", i->clients_by_version[3]);
	json_end_object(w);
}

int rtr_metrics_status_json(const struct rtr_server_info *i, struct evbuffer *out)
{
	struct mrt_buf b = {0};
	struct json_writer w;
	json_writer_init_buf(&w, &b);
	json_begin_object(&w);
	status_data(&w, i);
	status_clients(&w, i);
	status_reload(&w, i);
	key_u64(&w, "connections", i->connections);
	key_u64(&w, "rejected", i->rejected);
	key_u64(&w, "pdus_sent", i->pdus_sent);
	key_u64(&w, "pdus_received", i->pdus_received);
	key_u64(&w, "error_reports_sent", i->errors_sent);
	key_u64(&w, "accept_failures", i->accept_failures);
	key_u64(&w, "max_clients", i->max_clients);
	json_key(&w, "started");
	json_i64(&w, i->started);
	json_end_object(&w);
	json_ws(&w, "\n");
	int rc = json_writer_finish(&w);
	if (rc == 0 && evbuffer_add(out, b.p, b.len) != 0)
		rc = -1;
	mrt_buf_free(&b);
	return rc;
}

static int status_page(struct evbuffer *out, void *arg)
{
	struct rtr_server_info info;
	rtr_server_info(arg, &info);
	return rtr_metrics_status_json(&info, out) == 0 ? 200 : 503;
}

int rtr_metrics_route_status(struct http_server *h, struct rtr_server *srv)
{
	return http_server_route(h, "/status", "application/json", status_page, srv);
}

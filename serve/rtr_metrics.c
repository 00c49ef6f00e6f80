/* rtr_metrics.c - Prometheus and JSON views of the RTR server state. */
#include "rtr_metrics.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* One metric per row: name, type, help, and how to read it from info. */
struct metric {
	const char *name, *type, *help;
	double (*get)(const struct rtr_server_info *);
};

#define GETTER(fn, expr)                                                                           \
	static double fn(const struct rtr_server_info *i)                                          \
	{                                                                                          \
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

static const struct metric metrics[] = {
	{"manrs_rtr_serial", "gauge", "Current RTR serial number.", m_serial},
	{"manrs_rtr_session_id", "gauge", "RTR session id.", m_session},
	{"manrs_rtr_aspas", "gauge", "ASPA records served.", m_aspas},
	{"manrs_rtr_clients", "gauge", "Connected routers.", m_clients},
	{"manrs_rtr_data_loaded", "gauge", "1 when data has been loaded.", m_have},
	{"manrs_rtr_data_stale", "gauge", "1 when data is older than --max-age.", m_stale},
	{"manrs_rtr_data_timestamp_seconds", "gauge", "When the served data was generated.",
	 m_data_time},
	{"manrs_rtr_last_reload_timestamp_seconds", "gauge", "Last reload attempt.", m_last_reload},
	{"manrs_rtr_last_change_timestamp_seconds", "gauge", "Last serial change.", m_last_change},
	{"manrs_rtr_last_reload_success", "gauge", "1 when the last reload succeeded.", m_last_ok},
	{"manrs_rtr_last_reload_duration_seconds", "gauge", "Duration of the last reload.",
	 m_reload_secs},
	{"manrs_rtr_reloads_total", "counter", "Successful reloads.", m_reloads_ok},
	{"manrs_rtr_reload_failures_total", "counter", "Failed reloads.", m_reloads_failed},
	{"manrs_rtr_connections_total", "counter", "Accepted connections.", m_conns},
	{"manrs_rtr_rejected_connections_total", "counter", "Refused connections (limits, allow list).",
	 m_rejected},
	{"manrs_rtr_pdus_sent_total", "counter", "PDUs sent to routers.", m_pdus_sent},
	{"manrs_rtr_pdus_received_total", "counter", "PDUs received from routers.", m_pdus_recv},
	{"manrs_rtr_error_reports_sent_total", "counter", "Error Report PDUs sent.", m_errors},
	{"manrs_rtr_reset_queries_total", "counter", "Reset Queries answered.", m_resets},
	{"manrs_rtr_serial_queries_total", "counter", "Serial Queries answered.", m_serials},
	{"manrs_rtr_serial_notifies_total", "counter", "Serial Notify rounds.", m_notifies},
	{"manrs_rtr_history_serials", "gauge", "Past serials answerable with a delta.", m_history},
	{"manrs_rtr_start_timestamp_seconds", "gauge", "Process start time.", m_started},
	{"manrs_rtr_expired_vrps", "gauge", "VRPs not served because past their expires time.",
	 m_expired_vrps},
	{"manrs_rtr_expired_aspas", "gauge", "ASPAs not served because past their expires time.",
	 m_expired_aspas},
	{"manrs_rtr_next_expiry_timestamp_seconds", "gauge",
	 "When the next served VRP/ASPA expires (0 = none).", m_next_expiry},
	{"manrs_rtr_expiry_drops_total", "counter", "Times served entries were dropped on expiry.",
	 m_expiry_drops},
	{"manrs_rtr_rejected_entries", "gauge",
	 "Invalid entries (bad ASN, prefix...) skipped by the last load.", m_rejected_entries},
	{"manrs_rtr_reloads_refused_total", "counter",
	 "Reloads refused (every entry rejected, or --max-shrink exceeded).", m_reloads_refused},
	{"manrs_rtr_accept_failures_total", "counter",
	 "Failed accept() calls (out of file descriptors...).", m_accept_failures},
	{"manrs_rtr_max_clients", "gauge", "Router connection limit in force (0 = none).",
	 m_max_clients},
};

void rtr_metrics_prometheus(const struct rtr_server_info *info, struct evbuffer *out)
{
	evbuffer_add_printf(out,
			    "# HELP manrs_rtr_vrps VRPs served, per address family.\n"
			    "# TYPE manrs_rtr_vrps gauge\n"
			    "manrs_rtr_vrps{family=\"ipv4\"} %zu\n"
			    "manrs_rtr_vrps{family=\"ipv6\"} %zu\n",
			    info->vrps4, info->vrps6);
	evbuffer_add_printf(out, "# HELP manrs_rtr_clients_by_version Connected routers per "
				 "negotiated RTR version.\n"
				 "# TYPE manrs_rtr_clients_by_version gauge\n");
	for (int v = 0; v <= RTR_VERSION_MAX; v++)
		evbuffer_add_printf(out, "manrs_rtr_clients_by_version{version=\"%d\"} %u\n", v,
				    info->clients_by_version[v]);
	evbuffer_add_printf(out, "manrs_rtr_clients_by_version{version=\"none\"} %u\n",
			    info->clients_by_version[RTR_VERSION_MAX + 1]);
	for (size_t i = 0; i < sizeof metrics / sizeof metrics[0]; i++) {
		const struct metric *m = &metrics[i];
		evbuffer_add_printf(out, "# HELP %s %s\n# TYPE %s %s\n%s %.17g\n", m->name, m->help,
				    m->name, m->type, m->name, m->get(info));
	}
}

/* JSON string escaping for the one free-text field (error messages). */
static void json_str(struct evbuffer *out, const char *s)
{
	evbuffer_add(out, "\"", 1);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			evbuffer_add_printf(out, "\\%c", ch);
		else if (ch < 0x20)
			evbuffer_add_printf(out, "\\u%04x", ch);
		else
			evbuffer_add(out, s, 1);
	}
	evbuffer_add(out, "\"", 1);
}

void rtr_metrics_status_json(const struct rtr_server_info *i, struct evbuffer *out)
{
	evbuffer_add_printf(out,
			    "{\"session_id\":%u,\"serial\":%u,\"data_loaded\":%s,\"stale\":%s,"
			    "\"vrps\":{\"ipv4\":%zu,\"ipv6\":%zu},\"aspas\":%zu,"
			    "\"expired\":{\"vrps\":%zu,\"aspas\":%zu,\"next\":%" PRId64 "},"
			    "\"data_time\":%" PRId64 ",\"history\":%zu,"
			    "\"clients\":{\"total\":%u,\"v0\":%u,\"v1\":%u,\"v2\":%u,\"none\":%u},"
			    "\"reload\":{\"last\":%ld,\"last_change\":%ld,\"ok\":%s,"
			    "\"seconds\":%.3f,\"succeeded\":%" PRIu64 ",\"failed\":%" PRIu64
			    ",\"refused\":%" PRIu64 ",\"rejected_entries\":%zu,\"error\":",
			    i->session_id, i->serial, i->have_data ? "true" : "false",
			    i->stale ? "true" : "false", i->vrps4, i->vrps6, i->aspas,
			    i->expired_vrps, i->expired_aspas, i->next_expiry, i->data_time,
			    i->history, i->clients, i->clients_by_version[0],
			    i->clients_by_version[1], i->clients_by_version[2],
			    i->clients_by_version[3], (long)i->last_reload, (long)i->last_change,
			    i->last_reload_ok ? "true" : "false", i->last_reload_seconds,
			    i->reloads_ok, i->reloads_failed, i->reloads_refused, i->rejected_entries);
	json_str(out, i->last_error);
	evbuffer_add_printf(out,
			    "},\"connections\":%" PRIu64 ",\"rejected\":%" PRIu64
			    ",\"pdus_sent\":%" PRIu64 ",\"pdus_received\":%" PRIu64
			    ",\"error_reports_sent\":%" PRIu64 ",\"accept_failures\":%" PRIu64
			    ",\"max_clients\":%u,\"started\":%ld}\n",
			    i->connections, i->rejected, i->pdus_sent, i->pdus_received,
			    i->errors_sent, i->accept_failures, i->max_clients, (long)i->started);
}

static int metrics_page(struct evbuffer *out, void *arg)
{
	struct rtr_server_info info;
	rtr_server_info(arg, &info);
	rtr_metrics_prometheus(&info, out);
	return 200;
}

static int status_page(struct evbuffer *out, void *arg)
{
	struct rtr_server_info info;
	rtr_server_info(arg, &info);
	rtr_metrics_status_json(&info, out);
	return 200;
}

int rtr_metrics_register(struct http_server *h, struct rtr_server *srv)
{
	if (http_server_route(h, "/metrics", "text/plain; version=0.0.4", metrics_page, srv) ||
	    http_server_route(h, "/status", "application/json", status_page, srv))
		return -1;
	return 0;
}

/* SPDX-License-Identifier: ISC */
/* api_status.c - /api/v1/status: the daemon, every service and source. */
#include <string.h>

#include "api_priv.h"
#include "bmp_server.h"
#include "daemon.h"
#include "daemon_monitor.h"
#include "daemon_whois.h"
#include "detect/dispatch.h"
#include "rtr_server.h"

static void listen_json(struct json_writer *w, const char *const *addr, size_t n)
{
	json_key(w, "listen");
	json_begin_array(w);
	for (size_t i = 0; i < n; i++)
		json_str(w, addr[i]);
	json_end_array(w);
}

static void rtr_json(struct json_writer *w, const struct daemon_config *c, struct rtr_server *rtr)
{
	struct rtr_server_info i;
	rtr_server_info(rtr, &i);
	json_key(w, "rtr");
	json_begin_object(w);
	listen_json(w, c->rtr.listen, c->rtr.nlisten);
	json_key(w, "have_data");
	json_bool(w, i.have_data);
	json_key(w, "stale");
	json_bool(w, i.stale);
	api_key_u64(w, "session_id", i.session_id);
	api_key_u64(w, "serial", i.serial);
	api_key_u64(w, "vrps", i.vrps4 + i.vrps6);
	api_key_u64(w, "vrps4", i.vrps4);
	api_key_u64(w, "vrps6", i.vrps6);
	api_key_u64(w, "aspas", i.aspas);
	api_key_time(w, "data_time", (time_t)i.data_time);
	api_key_time(w, "last_reload", i.last_reload);
	api_key_time(w, "last_change", i.last_change);
	json_key(w, "last_reload_ok");
	json_bool(w, i.last_reload_ok);
	api_key_str(w, "last_error", i.last_error[0] ? i.last_error : NULL);
	api_key_u64(w, "clients", i.clients);
	api_key_u64(w, "reloads_ok", i.reloads_ok);
	api_key_u64(w, "reloads_failed", i.reloads_failed + i.reloads_refused);
	json_end_object(w);
}

static void whois_json(struct json_writer *w, const struct daemon_config *c,
                       struct daemon_whois *wh)
{
	struct daemon_whois_info i;
	struct whois_server_stats st;
	daemon_whois_info(wh, &i);
	whois_server_get_stats(daemon_whois_server(wh), &st);
	json_key(w, "whois");
	json_begin_object(w);
	listen_json(w, c->whois.listen.addr, c->whois.listen.n);
	api_key_u64(w, "routes", i.routes);
	api_key_u64(w, "objects", i.objects);
	api_key_time(w, "data_time", i.loaded);
	api_key_time(w, "last_reload", i.last_reload);
	api_key_str(w, "last_error", i.last_error[0] ? i.last_error : NULL);
	api_key_u64(w, "clients", st.clients);
	api_key_u64(w, "queries", st.queries);
	api_key_u64(w, "reloads_ok", i.reloads_ok);
	api_key_u64(w, "reloads_failed", i.reloads_failed);
	json_end_object(w);
}

static void bmp_json(struct json_writer *w, const struct daemon_config *c, struct bmp_server *b)
{
	struct bmp_server_info i;
	bmp_server_info(b, &i);
	const struct bmp_state *st = bmp_server_state(b);
	json_key(w, "bmp");
	json_begin_object(w);
	listen_json(w, c->bmp.listen, c->bmp.nlisten);
	api_key_u64(w, "sessions", i.sessions);
	api_key_u64(w, "routers", st->nrouters);
	api_key_u64(w, "messages", i.messages);
	api_key_u64(w, "connections", i.connections);
	api_key_u64(w, "closed_error", i.closed_error);
	json_end_object(w);
}

static void monitor_json(struct json_writer *w, struct daemon_monitor *m)
{
	struct daemon_monitor_info i;
	struct dispatch_stats ds;
	daemon_monitor_info(m, &i);
	dispatch_get_stats(daemon_monitor_dispatch(m), &ds);
	json_key(w, "monitor");
	json_begin_object(w);
	api_key_time(w, "started", i.started);
	api_key_time(w, "data_time", (time_t)i.last_data);
	api_key_u64(w, "events", i.pipeline.events);
	api_key_u64(w, "routes", i.routes);
	api_key_u64(w, "peers", i.peers);
	api_key_u64(w, "alerts_opened", i.pipeline.opened);
	api_key_u64(w, "alerts_resolved", i.pipeline.resolved);
	api_key_u64(w, "alerts_stored", ds.stored);
	api_key_u64(w, "store_errors", ds.store_errors);
	json_end_object(w);
}

static void sources_json(struct json_writer *w, const struct daemon_config *c,
                         const struct daemon_source_state *s)
{
	json_key(w, "sources");
	json_begin_array(w);
	for (size_t i = 0; i < c->nsources; i++) {
		json_begin_object(w);
		api_key_str(w, "name", c->sources[i].name);
		api_key_str(w, "url", c->sources[i].url);
		api_key_str(w, "path", c->sources[i].path);
		api_key_str(w, "kind", fetch_kind_name(c->sources[i].kind));
		api_key_u64(w, "interval", c->sources[i].interval);
		api_key_u64(w, "max_age", c->sources[i].max_age);
		json_key(w, "fetching");
		json_bool(w, s[i].running);
		api_key_time(w, "last_attempt", s[i].last_attempt);
		api_key_time(w, "last_success", s[i].last_success);
		api_key_time(w, "last_change", s[i].last_change);
		json_key(w, "age");
		if (s[i].age < 0)
			json_null_value(w);
		else
			json_u64(w, (uint64_t)s[i].age);
		json_key(w, "stale");
		json_bool(w, s[i].stale);
		api_key_str(w, "result", s[i].result[0] ? s[i].result : NULL);
		api_key_u64(w, "failures", s[i].failures);
		api_key_u64(w, "bytes", s[i].bytes);
		api_key_u64(w, "objects", s[i].objects);
		api_key_time(w, "file_time", s[i].file_mtime);
		json_key(w, "file_size");
		if (s[i].file_size < 0)
			json_null_value(w);
		else
			json_u64(w, (uint64_t)s[i].file_size);
		api_key_str(w, "last_error", s[i].last_error[0] ? s[i].last_error : NULL);
		json_end_object(w);
	}
	json_end_array(w);
}

static void off(struct json_writer *w, const char *name)
{
	json_key(w, name);
	json_null_value(w);
}

int api_status(struct daemon *d, struct evbuffer *out)
{
	const struct daemon_config *c = daemon_current_config(d);
	struct daemon_status ds;
	daemon_get_status(d, &ds);
	struct mrt_buf b = {0};
	struct json_writer w;
	json_writer_init_buf(&w, &b);
	json_begin_object(&w);
	api_key_str(&w, "version", MANRS_VERSION);
	api_key_str(&w, "config", c->path);
	api_key_time(&w, "started", ds.started);
	api_key_time(&w, "now", time(NULL));
	json_key(&w, "reload");
	json_begin_object(&w);
	api_key_time(&w, "last", ds.last_reload);
	json_key(&w, "ok");
	json_bool(&w, ds.last_reload_ok || !ds.last_reload);
	api_key_str(&w, "error", ds.last_error[0] ? ds.last_error : NULL);
	api_key_u64(&w, "ok_count", ds.reloads_ok);
	api_key_u64(&w, "failed_count", ds.reloads_failed);
	json_end_object(&w);
	json_key(&w, "services");
	json_begin_object(&w);
	if (daemon_rtr(d))
		rtr_json(&w, c, daemon_rtr(d));
	else
		off(&w, "rtr");
	if (daemon_whois(d))
		whois_json(&w, c, daemon_whois(d));
	else
		off(&w, "whois");
	if (daemon_bmp(d))
		bmp_json(&w, c, daemon_bmp(d));
	else
		off(&w, "bmp");
	if (daemon_monitor(d))
		monitor_json(&w, daemon_monitor(d));
	else
		off(&w, "monitor");
	json_key(&w, "http");
	json_begin_object(&w);
	listen_json(&w, c->http.addr, c->http.n);
	json_end_object(&w);
	json_end_object(&w);
	sources_json(&w, c, daemon_source_states(d));
	json_end_object(&w);
	return api_finish(&w, &b, out);
}

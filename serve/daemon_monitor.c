/* SPDX-License-Identifier: ISC */
/* daemon_monitor.c - BMP routes -> monitor pipeline -> store and log. */
#include "daemon_monitor.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "detect/alert_json.h"
#include "detect/detect_rpki.h"
#include "detect/input_bmp.h"
#include "detect/monitor_data.h"

struct daemon_monitor {
	const struct daemon_monitor_config *cfg;
	struct monitor_data data; /* what the detectors read */
	struct alert_store *store;
	struct dispatch *dispatch;
	struct pipeline *pipeline;
	struct input_bmp in;
	time_t started;
	uint32_t last_data;
};

/* The log sink: one line per alert change (journald/syslog/stderr). */
static int log_deliver(void *self, const struct alert *a, struct err *e)
{
	char line[1024];
	alert_summary(a, ALERT_MARKUP_PLAIN, line, sizeof line);
	log_msg(a->state == ALERT_RESOLVED ? LOG_LEVEL_INFO : LOG_LEVEL_WARN, "alert: %s", line);
	return 0;
}

static const struct alert_sink_ops log_ops = {.kind = "log", .deliver = log_deliver};

static int on_event(void *arg, const struct route_event *ev, struct err *e)
{
	struct daemon_monitor *m = arg;
	m->last_data = ev->time;
	return pipeline_feed(m->pipeline, ev, e);
}

/* monitor_data's notes and warnings, in the log. */
static void note(void *arg, bool warning, const char *text)
{
	(void)arg;
	log_msg(warning ? LOG_LEVEL_WARN : LOG_LEVEL_INFO, "monitor: %s", text);
}

/* Everything the detectors read. */
static int load_world(struct daemon_monitor *m, struct err *e)
{
	const struct daemon_monitor_config *c = m->cfg;
	struct monitor_data_opts mo = {.prefixes = c->prefixes,
	                               .config = c->config,
	                               .vrps = c->vrps,
	                               .asrel = c->asrel,
	                               .irr = c->irr,
	                               .nirr = c->nirr,
	                               .bogons = c->bogons,
	                               .live = true,
	                               .note = note};
	return monitor_data_load(&m->data, &mo, e);
}

static int start_delivery(struct daemon_monitor *m, struct err *e)
{
	const char *path = m->cfg->store ? m->cfg->store : ":memory:";
	struct alert_sink *sink = alert_sink_new(&log_ops, NULL, "manrs-serve", e);
	if (!sink)
		return -1;
	if (!(m->store = alert_store_open(path, false, e))) {
		alert_sink_free(sink);
		return -1;
	}
	m->dispatch = dispatch_new(m->store, &sink, 1, NULL, dispatch_now(), e);
	return m->dispatch ? 0 : -1;
}

static int start_pipeline(struct daemon_monitor *m, struct err *e)
{
	struct detect_ctx ctx = monitor_data_ctx(&m->data);
	m->pipeline = pipeline_new(&ctx, m->cfg->detectors[0] ? m->cfg->detectors : NULL,
	                           dispatch_alert, m->dispatch, e);
	return m->pipeline ? 0 : -1;
}

struct daemon_monitor *daemon_monitor_new(const struct daemon_monitor_config *cfg, struct err *e)
{
	struct daemon_monitor *m = calloc(1, sizeof *m);
	if (!m) {
		err_set(e, "out of memory");
		return NULL;
	}
	m->cfg = cfg;
	m->started = time(NULL);
	input_bmp_init(&m->in, (enum bmp_rib_view)cfg->view, on_event, m);
	if (load_world(m, e) || start_delivery(m, e) || start_pipeline(m, e)) {
		daemon_monitor_free(m);
		return NULL;
	}
	return m;
}

struct roa_pass {
	const struct daemon_monitor *m, *old;
	const struct mon_params *params;
	uint32_t now;
	unsigned gone, expiring;
};

static void roa_pass(void *arg, struct detect_out *out)
{
	struct roa_pass *r = arg;
	const struct monitor_config *mc = r->m->data.cfg;
	if (r->params->enable_diff_alerts)
		r->gone = detect_roa_diff(mc, &r->old->data.vrps, &r->m->data.vrps, r->now, out);
	if (r->params->enable_expiration_alerts)
		r->expiring =
		    detect_roa_expiring(mc, &r->m->data.vrps, r->now,
		                        r->params->roa_expiration_alert_hours * 3600u, out);
}

int daemon_monitor_roa_reload(struct daemon_monitor *m, const struct daemon_monitor *old,
                              struct err *e)
{
	const struct mon_params *params = monitor_config_params(m->data.cfg, "roa");
	if (!params || !params->enabled || !m->data.have_vrps || !old->data.have_vrps)
		return 0;
	struct roa_pass r = {.m = m, .old = old, .params = params, .now = (uint32_t)time(NULL)};
	if (pipeline_standing(m->pipeline, r.now, roa_pass, &r, e) < 0)
		return -1;
	log_info("monitor: roa: %zu -> %zu VRPs: %u ROAs gone, %u expiring within %u h",
	         old->data.vrps.nvrps, m->data.vrps.nvrps, r.gone, r.expiring,
	         params->roa_expiration_alert_hours);
	return 0;
}

void daemon_monitor_element(void *arg, const struct bmp_route_event *ev)
{
	struct daemon_monitor *m = arg;
	input_bmp_element(&m->in, ev);
}

void daemon_monitor_eor(void *arg, const struct bmp_eor_event *ev)
{
	struct daemon_monitor *m = arg;
	input_bmp_eor(&m->in, ev);
}

void daemon_monitor_router_down(void *arg, const char *router)
{
	struct daemon_monitor *m = arg;
	input_bmp_router_down(&m->in, router, (uint32_t)time(NULL));
}

void daemon_monitor_tick(struct daemon_monitor *m)
{
	if (m->in.stopped && m->in.result < 0) {
		log_err("monitor: stopped: %s", m->in.err.msg);
		m->in.result = 0;
	}
	input_bmp_expire(&m->in, (uint32_t)time(NULL), m->cfg->grace);
	dispatch_poll(m->dispatch, dispatch_now());
	/* a quiet live stream: data time follows the clock (fade-off timers) */
	time_t now = time(NULL);
	if (m->last_data && now > (time_t)m->last_data && now - (time_t)m->last_data < 3600)
		pipeline_tick(m->pipeline, (uint32_t)now);
}

struct alert_store *daemon_monitor_store(struct daemon_monitor *m)
{
	return m->store;
}

struct pipeline *const *daemon_monitor_pipeline(struct daemon_monitor *m)
{
	return &m->pipeline;
}

struct dispatch *daemon_monitor_dispatch(struct daemon_monitor *m)
{
	return m->dispatch;
}

void daemon_monitor_info(const struct daemon_monitor *m, struct daemon_monitor_info *info)
{
	memset(info, 0, sizeof *info);
	pipeline_get_stats(m->pipeline, &info->pipeline);
	const struct route_state *rs = pipeline_state(m->pipeline);
	info->routes = route_state_routes(rs);
	info->peers = route_state_npeers(rs);
	info->elems = m->in.st.elems;
	info->events = m->in.st.events;
	info->skipped = m->in.st.skipped;
	info->started = m->started;
	info->last_data = m->last_data;
}

void daemon_monitor_free(struct daemon_monitor *m)
{
	if (!m)
		return;
	if (m->pipeline && m->dispatch)
		pipeline_flush(m->pipeline); /* withheld changes: their last state */
	if (m->dispatch)
		dispatch_poll(m->dispatch, dispatch_now());
	pipeline_free(m->pipeline);
	dispatch_free(m->dispatch);
	alert_store_close(m->store);
	monitor_data_free(&m->data);
	input_bmp_free(&m->in);
	free(m);
}

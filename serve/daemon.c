/* SPDX-License-Identifier: ISC */
/* daemon.c - start, reload and stop the services of `manrs serve` on one
 * event loop. The HTTP side (API, dashboard, /metrics) is daemon_http.c. */
#include "daemon.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "api.h"
#include "bmp/bmp_state.h"
#include "bmp_server.h"
#include "bmp_status.h"
#include "core/atomic_file.h"
#include "core/log.h"
#include "daemon_http.h"
#include "daemon_monitor.h"
#include "daemon_replay.h"
#include "daemon_systemd.h"
#include "daemon_whois.h"
#include "metrics.h"
#include "monitor_metrics.h"
#include "kafka_bmp.h"
#include "privdrop.h"
#include "reload.h"
#include "rtr_server.h"

/* A superseded configuration: kept until exit, since a service may still
 * point into it (addresses that did not change are not copied). */
struct old_config {
	struct daemon_config *cfg;
	struct old_config *next;
};

struct daemon {
	struct event_base *base;
	struct daemon_config *cfg;
	struct old_config *old;
	char *path;
	struct metrics *metrics;
	struct rtr_server *rtr;
	struct daemon_whois *whois;
	struct bmp_server *bmp;
	struct daemon_monitor *mon;
	struct reload_stamp mon_stamps[4 + DAEMON_MAX_FILES]; /* its files at load */
	struct daemon_http *http;
	struct daemon_sources *fetch;                           /* the fetcher of the sources */
	struct daemon_source_state sources[DAEMON_MAX_SOURCES]; /* theirs, as of the last tick */
	struct event *signals[3], *tick;
	struct privdrop_opts pd;
	struct daemon_status status;
	struct kafka_bmp *kafka; /* the collector's Kafka feed, NULL: none */
};

/* --- the BMP collector feeds the current monitor, if any --- */

static void bmp_element(void *arg, const struct bmp_route_event *ev)
{
	struct daemon *d = arg;
	if (d->mon)
		daemon_monitor_element(d->mon, ev);
}

static void bmp_eor(void *arg, const struct bmp_eor_event *ev)
{
	struct daemon *d = arg;
	if (d->mon)
		daemon_monitor_eor(d->mon, ev);
}

static void bmp_router_down(void *arg, const char *router)
{
	struct daemon *d = arg;
	if (d->mon)
		daemon_monitor_router_down(d->mon, router);
}

/* --- one service each: start, stop --- */

static int rtr_start(struct daemon *d, const struct daemon_config *c, struct err *e)
{
	if (!(d->rtr = rtr_server_new(d->base, &c->rtr, e)))
		return -1;
	if (rtr_server_register_metrics(d->rtr, d->metrics))
		log_warn("rtr: metrics not registered (out of memory)");
	return 0;
}

static void rtr_stop(struct daemon *d)
{
	if (!d->rtr)
		return;
	metrics_remove(d->metrics, d->rtr);
	rtr_server_free(d->rtr);
	d->rtr = NULL;
}

static int whois_start(struct daemon *d, const struct daemon_config *c, struct err *e)
{
	if (!(d->whois = daemon_whois_new(d->base, &c->whois, e)))
		return -1;
	if (whois_server_register_metrics(daemon_whois_server(d->whois), d->metrics))
		log_warn("whois: metrics not registered (out of memory)");
	return 0;
}

static void whois_stop(struct daemon *d)
{
	if (!d->whois)
		return;
	metrics_remove(d->metrics, daemon_whois_server(d->whois));
	daemon_whois_free(d->whois);
	d->whois = NULL;
}

static void bmp_config(struct daemon *d, const struct daemon_config *c, struct bmp_server_config *b)
{
	*b = c->bmp;
	b->on_event = bmp_element;
	b->on_eor = bmp_eor;
	b->on_router_down = bmp_router_down;
	b->event_arg = d;
	if (d->kafka) { /* the feed sees every element first and hands it on */
		b->on_event = kafka_bmp_element;
		b->on_router_down = kafka_bmp_router_down;
		b->event_arg = d->kafka;
		b->on_message = kafka_bmp_message;
		b->message_arg = d->kafka;
	}
}

/* The Kafka feed: made with the collector, its producer started after the
 * privilege drop (kafka_start); its settings need a restart to change. */
static int kafka_new(struct daemon *d, const struct daemon_config *c, struct err *e)
{
	const struct daemon_kafka_config *k = &c->kafka;
	struct kafka_bmp_opts o = {.kafka = {.brokers = k->brokers},
	                           .topic_prefix = k->topic_prefix,
	                           .admin_id = k->name,
	                           .view = (enum bmp_rib_view)k->view,
	                           .next = bmp_element,
	                           .next_arg = d,
	                           .next_router_down = bmp_router_down};
	for (size_t i = 0; i < k->noptions; i++)
		if (kafka_opts_add(&o.kafka, k->options[i], e))
			return -1;
	return (d->kafka = kafka_bmp_new(&o, e)) ? 0 : -1;
}

static int kafka_start(struct daemon *d, struct err *e)
{
	if (!d->kafka)
		return 0;
	if (kafka_bmp_start(d->kafka, e))
		return -1;
	if (kafka_producer_register_metrics(kafka_bmp_producer(d->kafka), d->metrics))
		log_warn("kafka: metrics not registered (out of memory)");
	return 0;
}

static void kafka_stop(struct daemon *d)
{
	struct err e;
	if (!d->kafka)
		return;
	if (kafka_bmp_producer(d->kafka))
		metrics_remove(d->metrics, kafka_bmp_producer(d->kafka));
	if (kafka_bmp_free(d->kafka, 10000, &e))
		log_err("%s", e.msg);
	d->kafka = NULL;
}

static int bmp_start(struct daemon *d, const struct daemon_config *c, struct err *e)
{
	struct bmp_server_config b;
	bmp_config(d, c, &b);
	if (!(d->bmp = bmp_server_new(d->base, &b, e)))
		return -1;
	if (bmp_status_register_metrics(d->bmp, d->metrics))
		log_warn("bmp: metrics not registered (out of memory)");
	return 0;
}

static void bmp_stop(struct daemon *d)
{
	if (!d->bmp)
		return;
	metrics_remove(d->metrics, d->bmp);
	bmp_server_free(d->bmp);
	d->bmp = NULL;
}

/* The files the monitor loaded, stamped: a SIGHUP rebuilds it only when
 * its section or one of them changed (a rebuild starts an empty route
 * state). */
static void monitor_stamp(const struct daemon_monitor_config *m, struct reload_stamp *s)
{
	const char *files[4] = {m->prefixes, m->config, m->vrps, m->asrel};
	memset(s, 0, sizeof(struct reload_stamp) * (4 + DAEMON_MAX_FILES));
	for (size_t i = 0; i < 4; i++)
		if (files[i])
			reload_stamp_take(&s[i], files[i]);
	for (size_t i = 0; i < m->nirr; i++)
		reload_stamp_take(&s[4 + i], m->irr[i]);
}

static struct daemon_monitor *monitor_build(struct daemon *d, const struct daemon_config *c,
                                            struct reload_stamp *stamps, struct err *e)
{
	monitor_stamp(&c->monitor, stamps);
	return daemon_monitor_new(&c->monitor, e);
}

/* Make m the current monitor (the running one, if any, was stopped). */
static void monitor_install(struct daemon *d, struct daemon_monitor *m)
{
	d->mon = m;
	if (monitor_metrics_register(d->metrics, daemon_monitor_dispatch(m)) ||
	    monitor_metrics_register_pipeline(d->metrics, daemon_monitor_pipeline(m)))
		log_warn("monitor: metrics not registered (out of memory)");
}

static void monitor_stop(struct daemon *d)
{
	if (!d->mon)
		return;
	metrics_remove(d->metrics, daemon_monitor_dispatch(d->mon));
	metrics_remove(d->metrics, (void *)daemon_monitor_pipeline(d->mon));
	daemon_monitor_free(d->mon);
	d->mon = NULL;
}

/* --- start --- */

/* The status page's copy of the sources' state, aligned with d->cfg. */
static void sources_refresh(struct daemon *d, time_t now)
{
	const struct daemon_config *c = d->cfg;
	for (size_t i = 0; i < c->nsources; i++)
		if (daemon_sources_state(d->fetch, c->sources[i].name, c->sources[i].path, now,
		                         &d->sources[i]))
			snprintf(d->sources[i].last_error, sizeof d->sources[i].last_error,
			         "not fetched: the source could not be set up (see the log)");
}

/* Once a second: due sources start the fetch worker (it never blocks). */
static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct daemon *d = arg;
	time_t now = time(NULL);
	if (d->mon)
		daemon_monitor_tick(d->mon);
	if (d->kafka)
		kafka_bmp_tick(d->kafka, (uint32_t)now, d->cfg->bmp.stale_grace);
	daemon_sources_tick(d->fetch, now);
	sources_refresh(d, now);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct daemon *d = arg;
	if (sig == SIGHUP) {
		log_info("SIGHUP: reloading %s", d->path);
		daemon_reload(d);
		return;
	}
	log_info("%s: shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
	daemon_notify_stopping();
	event_base_loopbreak(d->base);
}

static int add_events(struct daemon *d, struct err *e)
{
	static const int sigs[] = {SIGHUP, SIGINT, SIGTERM};
	for (size_t i = 0; i < 3; i++)
		if (!(d->signals[i] = evsignal_new(d->base, sigs[i], on_signal, d)) ||
		    evsignal_add(d->signals[i], NULL) < 0)
			return err_set(e, "cannot set up signal handling");
	struct timeval one = {1, 0};
	if (!(d->tick = event_new(d->base, -1, EV_PERSIST, on_tick, d)) ||
	    event_add(d->tick, &one) < 0)
		return err_set(e, "cannot start the timer");
	return 0;
}

/* Every file the services read or write after the privilege drop. */
static int privdrop_paths(struct daemon *d, const struct daemon_config *c, struct err *e)
{
	struct privdrop_opts *pd = &d->pd;
	int rc = privdrop_add_path(pd, d->path, 0, e);
	for (size_t i = 0; c->rtr_enabled && i < c->rtr.nvrp_files; i++)
		rc = rc ? rc : privdrop_add_path(pd, c->rtr.vrp_files[i], 0, e);
	for (size_t i = 0; c->rtr_enabled && i < c->rtr.nslurm_files; i++)
		rc = rc ? rc : privdrop_add_path(pd, c->rtr.slurm_files[i], 0, e);
	for (size_t i = 0; c->whois.enabled && i < c->whois.nfiles; i++)
		rc = rc ? rc : privdrop_add_path(pd, c->whois.files[i], 0, e);
	const struct daemon_monitor_config *m = &c->monitor;
	const char *mf[4] = {m->prefixes, m->config, m->vrps, m->asrel};
	for (size_t i = 0; m->enabled && i < 4; i++)
		if (mf[i])
			rc = rc ? rc : privdrop_add_path(pd, mf[i], 0, e);
	for (size_t i = 0; m->enabled && i < m->nirr; i++)
		rc = rc ? rc : privdrop_add_path(pd, m->irr[i], 0, e);
	if (m->enabled && m->store)
		rc = rc ? rc : privdrop_add_path(pd, m->store, 1, e);
	for (size_t i = 0; i < c->nsources; i++)
		rc = rc ? rc : privdrop_add_path(pd, c->sources[i].path, 1, e);
	/* the fetcher resolves names and checks TLS certificates: /etc (resolv.conf,
	 * hosts, nsswitch.conf, ssl/); in a chroot the operator provides copies */
	if ((c->nsources || c->kafka.enabled) && !c->chroot_dir)
		rc = rc ? rc : privdrop_add_path(pd, "/etc/resolv.conf", 0, e);
	if (c->pidfile)
		rc = rc ? rc : privdrop_add_path(pd, c->pidfile, 1, e);
	return rc;
}

/* The fetcher of the sources; its worker starts at the first tick, after
 * the privilege drop. */
static int sources_start(struct daemon *d, struct err *e)
{
	const struct daemon_config *c = d->cfg;
	if (!(d->fetch = daemon_sources_new(c->sources, c->nsources, e)))
		return -1;
	if (daemon_sources_register_metrics(d->fetch, d->metrics))
		log_warn("sources: metrics not registered (out of memory)");
	daemon_sources_fetch_missing(d->fetch, d->pd.user ? d->pd.uid : (uid_t)-1,
	                             d->pd.user ? d->pd.gid : (gid_t)-1);
	sources_refresh(d, time(NULL));
	return 0;
}

static void sources_stop(struct daemon *d)
{
	if (!d->fetch)
		return;
	metrics_remove(d->metrics, d->fetch);
	daemon_sources_free(d->fetch);
	d->fetch = NULL;
}

static int start_services(struct daemon *d, struct err *e)
{
	const struct daemon_config *c = d->cfg;
	if (c->monitor.enabled) {
		struct daemon_monitor *m = monitor_build(d, c, d->mon_stamps, e);
		if (!m)
			return -1;
		monitor_install(d, m);
	}
	if (c->rtr_enabled && rtr_start(d, c, e))
		return -1;
	if (c->whois.enabled && whois_start(d, c, e))
		return -1;
	if (c->kafka.enabled && kafka_new(d, c, e))
		return -1;
	if (c->bmp_enabled && bmp_start(d, c, e))
		return -1;
	if (c->http.n && !(d->http = daemon_http_new(d, &c->http, e)))
		return -1;
	return 0;
}

struct daemon *daemon_start(const char *path, struct err *e)
{
	struct daemon *d = calloc(1, sizeof *d);
	if (!d || !(d->path = strdup(path))) {
		free(d);
		err_set(e, "out of memory");
		return NULL;
	}
	d->status.started = time(NULL);
	privdrop_init(&d->pd);
	if (!(d->cfg = daemon_config_load(path, e)))
		goto fail;
	daemon_log_setup(d->cfg->log_target, d->cfg->log_level);
	d->pd.user = d->cfg->user;
	d->pd.chroot_dir = d->cfg->chroot_dir;
	d->pd.no_landlock = !d->cfg->landlock;
	if (privdrop_paths(d, d->cfg, e) || privdrop_prepare(&d->pd, e))
		goto fail;
	signal(SIGPIPE, SIG_IGN);
	if (!(d->base = event_base_new()) || !(d->metrics = metrics_new())) {
		err_set(e, "out of memory");
		goto fail;
	}
	if (add_events(d, e) || sources_start(d, e) || start_services(d, e))
		goto fail;
	return d;
fail:
	daemon_free(d);
	return NULL;
}

/* --- reload --- */

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool monitor_equal(const struct daemon_monitor_config *a,
                          const struct daemon_monitor_config *b)
{
	if (a->enabled != b->enabled || !same_str(a->prefixes, b->prefixes) ||
	    !same_str(a->config, b->config) || !same_str(a->vrps, b->vrps) ||
	    !same_str(a->asrel, b->asrel) || !same_str(a->store, b->store) || a->nirr != b->nirr ||
	    a->bogons != b->bogons || a->view != b->view || a->grace != b->grace)
		return false;
	for (size_t i = 0; i < a->nirr; i++)
		if (!same_str(a->irr[i], b->irr[i]))
			return false;
	for (size_t i = 0; i <= DAEMON_MAX_DETECTORS; i++)
		if (!same_str(a->detectors[i], b->detectors[i]))
			return false;
	return true;
}

static bool monitor_files_changed(struct daemon *d, const struct daemon_monitor_config *m)
{
	struct reload_stamp now[4 + DAEMON_MAX_FILES];
	monitor_stamp(m, now);
	for (size_t i = 0; i < 4 + DAEMON_MAX_FILES; i++)
		if (reload_stamp_differs(&now[i], &d->mon_stamps[i]))
			return true;
	return false;
}

/* A new monitor gets the routes the collector holds (of its view), and
 * learns which routers are gone, as the running one knew them. */
static long hand_over_routes(struct daemon *d, struct daemon_monitor *m,
                             const struct daemon_config *n)
{
	if (!d->bmp)
		return 0;
	const struct bmp_state *st = bmp_server_state(d->bmp);
	long routes = daemon_replay_routes(st, n->monitor.view, daemon_monitor_element, m);
	if (routes < 0)
		log_warn("monitor: some routes could not be handed over to the new monitor");
	for (size_t i = 0; i < st->nrouters; i++)
		if (!st->routers[i]->connected)
			daemon_monitor_router_down(m, st->routers[i]->name);
	return routes;
}

/* The monitor: rebuilt beside the running one, swapped in when it loaded. */
static int reload_monitor(struct daemon *d, const struct daemon_config *n)
{
	struct err e;
	if (!n->monitor.enabled) {
		monitor_stop(d);
		return 0;
	}
	if (d->mon && monitor_equal(&d->cfg->monitor, &n->monitor) &&
	    !monitor_files_changed(d, &n->monitor))
		return 0;
	struct reload_stamp stamps[4 + DAEMON_MAX_FILES];
	struct daemon_monitor *m = monitor_build(d, n, stamps, &e);
	if (!m) {
		log_err("monitor: %s; %s", e.msg,
		        d->mon ? "the running monitor goes on" : "the monitor stays off");
		return -1;
	}
	long routes = hand_over_routes(d, m, n);
	if (d->mon && daemon_monitor_roa_reload(m, d->mon, &e) < 0)
		log_err("monitor: roa: %s", e.msg);
	monitor_stop(d);
	monitor_install(d, m);
	memcpy(d->mon_stamps, stamps, sizeof stamps);
	log_info("monitor: rebuilt from the new configuration and data; %ld routes handed over "
	         "from the BMP collector",
	         routes < 0 ? 0 : routes);
	return 0;
}

/* A service's reload: reconfigure in place, or restart it when its
 * addresses changed; a restart that fails brings the old one back. */
static int reload_rtr(struct daemon *d, const struct daemon_config *n)
{
	struct err e;
	if (!n->rtr_enabled) {
		rtr_stop(d);
		return 0;
	}
	if (d->rtr && rtr_server_reconfigure(d->rtr, &n->rtr, &e) == 0)
		return 0;
	if (d->rtr)
		log_info("rtr: %s: restarting the RTR service", e.msg);
	rtr_stop(d);
	if (rtr_start(d, n, &e) == 0)
		return 0;
	log_err("rtr: cannot start with the new configuration: %s", e.msg);
	if (d->cfg->rtr_enabled && rtr_start(d, d->cfg, &e))
		log_err("rtr: cannot restart with the old configuration either: %s", e.msg);
	return -1;
}

static int reload_whois(struct daemon *d, const struct daemon_config *n)
{
	struct err e;
	if (!n->whois.enabled) {
		whois_stop(d);
		return 0;
	}
	if (d->whois && daemon_whois_reconfigure(d->whois, &n->whois, &e) == 0)
		return 0;
	if (d->whois)
		log_info("whois: %s: restarting the whois service", e.msg);
	whois_stop(d);
	if (whois_start(d, n, &e) == 0)
		return 0;
	log_err("whois: cannot start with the new configuration: %s", e.msg);
	if (d->cfg->whois.enabled && whois_start(d, d->cfg, &e))
		log_err("whois: cannot restart with the old configuration either: %s", e.msg);
	return -1;
}

static int reload_bmp(struct daemon *d, const struct daemon_config *n)
{
	struct err e;
	struct bmp_server_config b;
	if (!n->bmp_enabled) {
		bmp_stop(d);
		return 0;
	}
	bmp_config(d, n, &b);
	if (d->bmp && bmp_server_reconfigure(d->bmp, &b, &e) == 0)
		return 0;
	if (d->bmp)
		log_info("bmp: %s: restarting the BMP collector", e.msg);
	bmp_stop(d);
	if (bmp_start(d, n, &e) == 0)
		return 0;
	log_err("bmp: cannot start with the new configuration: %s", e.msg);
	if (d->cfg->bmp_enabled && bmp_start(d, d->cfg, &e))
		log_err("bmp: cannot restart with the old configuration either: %s", e.msg);
	return -1;
}

static int reload_http(struct daemon *d, const struct daemon_config *n)
{
	struct err e;
	if (d->http && daemon_listen_equal(&d->cfg->http, &n->http))
		return 0;
	daemon_http_free(d->http);
	d->http = NULL;
	if (!n->http.n || (d->http = daemon_http_new(d, &n->http, &e)))
		return 0;
	log_err("http: cannot start with the new configuration: %s", e.msg);
	if (d->cfg->http.n && !(d->http = daemon_http_new(d, &d->cfg->http, &e)))
		log_err("http: cannot restart with the old configuration either: %s", e.msg);
	return -1;
}

/* What cannot change after the privilege drop. */
static void warn_fixed(const struct daemon_config *o, const struct daemon_config *n)
{
	if (!same_str(o->user, n->user) || !same_str(o->chroot_dir, n->chroot_dir) ||
	    o->landlock != n->landlock || !same_str(o->pidfile, n->pidfile))
		log_warn(
		    "reload: user, chroot, landlock and pidfile take effect at the next start");
}

/* Changed sources: a new fetcher (its state files keep what was learnt);
 * the old one finishes its current fetch first. On error the old one
 * keeps running. */
static int reload_sources(struct daemon *d, const struct daemon_config *n)
{
	const struct daemon_config *o = d->cfg;
	if (d->fetch &&
	    daemon_sources_same_config(o->sources, o->nsources, n->sources, n->nsources))
		return 0;
	struct err e;
	struct daemon_sources *fresh = daemon_sources_new(n->sources, n->nsources, &e);
	if (!fresh) {
		log_err("reload: %s; the sources keep their previous configuration", e.msg);
		return -1;
	}
	sources_stop(d);
	d->fetch = fresh;
	if (daemon_sources_register_metrics(d->fetch, d->metrics))
		log_warn("sources: metrics not registered (out of memory)");
	return 0;
}

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The Kafka feed keeps its producer across a reload: a change is logged. */
static void warn_kafka_change(const struct daemon_config *o, const struct daemon_config *n)
{
	const struct daemon_kafka_config *a = &o->kafka, *b = &n->kafka;
	bool same = a->enabled == b->enabled && same_text(a->brokers, b->brokers) &&
	            same_text(a->topic_prefix, b->topic_prefix) && same_text(a->name, b->name) &&
	            a->view == b->view && a->noptions == b->noptions;
	for (size_t i = 0; same && i < a->noptions; i++)
		same = same_text(a->options[i], b->options[i]);
	if (!same)
		log_warn("reload: the kafka section changed: it takes effect at the next restart");
}

int daemon_reload(struct daemon *d)
{
	struct err e;
	daemon_notify_reloading();
	d->status.last_reload = time(NULL);
	struct daemon_config *n = daemon_config_load(d->path, &e);
	struct old_config *o = n ? malloc(sizeof *o) : NULL;
	if (!o) {
		if (n)
			err_set(&e, "out of memory");
		daemon_config_free(n);
		snprintf(d->status.last_error, sizeof d->status.last_error, "%s", e.msg);
		d->status.last_reload_ok = 0;
		d->status.reloads_failed++;
		log_err("reload: %s; the running configuration stays in force", e.msg);
		daemon_notify_ready("reload failed: the previous configuration stays in force");
		return -1;
	}
	warn_fixed(d->cfg, n);
	daemon_log_setup(n->log_target, n->log_level);
	/* the monitor first: the collector feeds whichever monitor is current */
	int failed = reload_monitor(d, n);
	failed |= reload_rtr(d, n);
	failed |= reload_whois(d, n);
	warn_kafka_change(d->cfg, n);
	failed |= reload_bmp(d, n);
	failed |= reload_http(d, n);
	failed |= reload_sources(d, n);
	o->cfg = d->cfg;
	o->next = d->old;
	d->old = o;
	d->cfg = n;
	sources_refresh(d, time(NULL));
	d->status.last_reload_ok = !failed;
	if (failed) {
		d->status.reloads_failed++;
		snprintf(d->status.last_error, sizeof d->status.last_error,
		         "some services kept their previous configuration (see the log)");
	} else {
		d->status.reloads_ok++;
		d->status.last_error[0] = 0;
	}
	log_info("reload: %s in force%s", d->path, failed ? ", with errors (see above)" : "");
	daemon_notify_ready(failed ? "reloaded with errors" : "reloaded");
	return failed ? -1 : 0;
}

/* --- run, stop --- */

static int write_pidfile(const char *path, struct err *e)
{
	struct atomic_file af;
	if (atomic_file_open(&af, path, e))
		return -1;
	fprintf(af.f, "%ld\n", (long)getpid());
	return atomic_file_commit(&af, e);
}

int daemon_run(struct daemon *d, void (*ready)(void *arg), void *arg, struct err *e)
{
	if (d->cfg->pidfile && write_pidfile(d->cfg->pidfile, e))
		return -1;
	if (privdrop_apply(&d->pd, e) || kafka_start(d, e))
		return -1;
	char status[160];
	snprintf(status, sizeof status, "serving:%s%s%s%s%s", d->rtr ? " rtr" : "",
	         d->whois ? " whois" : "", d->bmp ? " bmp" : "", d->mon ? " monitor" : "",
	         d->http ? " http" : "");
	log_info("%s (config %s)", status, d->path);
	daemon_notify_ready(status);
	if (ready)
		ready(arg);
	daemon_sources_tick(d->fetch,
	                    time(NULL)); /* the first fetches, now that privileges are dropped */
	if (event_base_dispatch(d->base) < 0)
		return err_set(e, "event loop failed");
	return 0;
}

void daemon_free(struct daemon *d)
{
	if (!d)
		return;
	sources_stop(d);
	daemon_http_free(d->http);
	api_release();
	bmp_stop(d);
	kafka_stop(d);
	monitor_stop(d);
	whois_stop(d);
	rtr_stop(d);
	for (size_t i = 0; i < 3; i++)
		if (d->signals[i])
			event_free(d->signals[i]);
	if (d->tick)
		event_free(d->tick);
	metrics_free(d->metrics);
	if (d->base)
		event_base_free(d->base);
	while (d->old) {
		struct old_config *o = d->old;
		d->old = o->next;
		daemon_config_free(o->cfg);
		free(o);
	}
	daemon_config_free(d->cfg);
	free(d->path);
	free(d);
}

void daemon_get_status(const struct daemon *d, struct daemon_status *st)
{
	*st = d->status;
}

const struct daemon_config *daemon_current_config(const struct daemon *d)
{
	return d->cfg;
}

struct rtr_server *daemon_rtr(const struct daemon *d)
{
	return d->rtr;
}

struct daemon_whois *daemon_whois(const struct daemon *d)
{
	return d->whois;
}

struct bmp_server *daemon_bmp(const struct daemon *d)
{
	return d->bmp;
}

struct daemon_monitor *daemon_monitor(const struct daemon *d)
{
	return d->mon;
}

const struct daemon_source_state *daemon_source_states(struct daemon *d)
{
	sources_refresh(d, time(NULL));
	return d->sources;
}

struct metrics *daemon_metrics(const struct daemon *d)
{
	return d->metrics;
}

struct event_base *daemon_base(const struct daemon *d)
{
	return d->base;
}

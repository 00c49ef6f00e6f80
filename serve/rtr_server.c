/* SPDX-License-Identifier: ISC */
/* rtr_server.c - RTR over TCP on libevent: accept with limits, feed
 * sessions, refill output as sockets drain, reload on change or SIGHUP.
 * Lives on an event base it is given; created, reconfigured and freed. */
#include "rtr_server.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <event2/util.h>

#include "core/atomic_file.h"
#include "core/log.h"
#include "core/net_addr.h"
#include "admission.h"
#include "http_server.h"
#include "listen_guard.h"
#include "metrics.h"
#include "reload.h"
#include "rtr/rtr_source.h"
#include "rtr/rtr_vet.h"
#include "rtr_metrics.h"

/* Output is encoded in chunks of this size and refilled once the buffer
 * drops below OUT_LOWAT: a router costs at most ~2 chunks of memory. */
#define OUT_CHUNK 32768
#define OUT_LOWAT 16384
/* Input beyond one maximal PDU is not read until the session catches up. */
#define IN_HIWAT (RTR_PDU_MAX + 64)
/* Per-connection log lines (connected, closed, refused) per second: a flood
 * of connections must not flood the log. */
#define CONN_LOG_PER_SECOND 10

struct rtr_conn {
	struct rtr_server *srv;
	struct bufferevent *bev;
	struct event *timer;
	struct rtr_session sess;
	struct sockaddr_storage peer;
	char name[INET6_ADDRSTRLEN + 8];
	time_t since;
	int eof;            /* the router shut down its side: finish writing, then close */
	uint64_t pdus_seen; /* sess.pdus_in when the timer was last armed */
	struct rtr_conn *prev, *next;
};

/* What a load on the worker thread hands to the loop. */
struct rtr_load {
	int rc;
	struct rpki_set set;
	int64_t data_time;
	struct err e;
};

struct rtr_server {
	struct rtr_server_config cfg; /* a copy; sessions point at its timers */
	struct event_base *base;
	struct rtr_cache cache;
	struct rtr_source source;
	const char *files[2 * RTR_MAX_FILES]; /* watched: vrp files, then slurm files */
	struct reloader *reloader;
	struct admission *adm;
	struct listen_guard *guards[RTR_MAX_LISTEN];
	size_t nlisteners;
	struct log_limit conn_log, refuse_log;
	struct http_server *http;
	struct metrics *metrics; /* served on http */
	struct rtr_conn *conns;
	unsigned nconns;
	struct rtr_server_info st; /* counters; the rest is filled on demand */
	uint64_t closed_pdus_out, closed_pdus_in, closed_errors, closed_aspa_skipped;
	struct err load_err; /* why the last load failed or was refused */
};

static void conn_free(struct rtr_conn *c)
{
	struct rtr_server *srv = c->srv;
	srv->closed_pdus_out += c->sess.pdus_out;
	srv->closed_pdus_in += c->sess.pdus_in;
	srv->closed_errors += c->sess.errors_out;
	srv->st.reset_queries += c->sess.resets;
	srv->st.serial_queries += c->sess.serials;
	srv->closed_aspa_skipped += c->sess.aspa_skipped;
	admission_hold_total(srv->adm, -1);
	admission_release_source(srv->adm, (struct sockaddr *)&c->peer);
	if (c->prev)
		c->prev->next = c->next;
	else
		srv->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	srv->nconns--;
	rtr_session_free(&c->sess);
	if (c->timer)
		event_free(c->timer);
	bufferevent_free(c->bev);
	free(c);
}

/* Log a per-connection line at level, at most CONN_LOG_PER_SECOND a
 * second per kind (ll); dropped lines are counted in the next one. */
static void __attribute__((format(printf, 3, 4)))
conn_log(struct log_limit *ll, enum log_level level, const char *fmt, ...)
{
	unsigned dropped = 0;
	if (!log_limit_allow(ll, CONN_LOG_PER_SECOND, &dropped))
		return;
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (dropped)
		log_msg(level, "%s (%u similar lines not logged)", line, dropped);
	else
		log_msg(level, "%s", line);
}

static void conn_close(struct rtr_conn *c, const char *why)
{
	conn_log(&c->srv->conn_log, LOG_LEVEL_INFO, "rtr: %s: closed%s%s", c->name,
	         why && *why ? ": " : "", why && *why ? why : "");
	conn_free(c);
}

/* Arm the inactivity timer: a router must send its first query, and finish
 * any PDU it started, within the timeout; trickling bytes does not extend
 * it, only a complete PDU does. An established idle session has no timer
 * (TCP keepalive watches it). */
static void conn_arm_timer(struct rtr_conn *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	int progressed = c->sess.pdus_in != c->pdus_seen;
	c->pdus_seen = c->sess.pdus_in;
	if (c->sess.version < 0 || evbuffer_get_length(in) > 0) {
		if (progressed || !evtimer_pending(c->timer, NULL)) {
			struct timeval tv = {(time_t)c->srv->cfg.timeout, 0};
			evtimer_add(c->timer, &tv);
		}
	} else {
		evtimer_del(c->timer);
	}
}

/* Move as much as possible: consume queries, encode output up to one
 * chunk beyond what is queued. Returns -1 when the connection was freed. */
static int conn_pump(struct rtr_conn *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	struct evbuffer *out = bufferevent_get_output(c->bev);
	for (;;) {
		int progress = 0;
		size_t inlen = evbuffer_get_length(in);
		if (inlen && !c->sess.closing && c->sess.stream == RTR_STREAM_IDLE) {
			const uint8_t *data = evbuffer_pullup(in, -1);
			size_t used = data ? rtr_session_input(&c->sess, data, inlen) : 0;
			if (used) {
				evbuffer_drain(in, used);
				progress = 1;
			}
		}
		while (evbuffer_get_length(out) < OUT_LOWAT && rtr_session_has_output(&c->sess)) {
			struct evbuffer_iovec v;
			if (evbuffer_reserve_space(out, OUT_CHUNK, &v, 1) < 1) {
				conn_close(c, "out of memory");
				return -1;
			}
			size_t n = rtr_session_output(
			    &c->sess, v.iov_base, v.iov_len < OUT_CHUNK ? v.iov_len : OUT_CHUNK);
			v.iov_len = n;
			if (evbuffer_commit_space(out, &v, 1) < 0) {
				conn_close(c, "out of memory");
				return -1;
			}
			if (!n)
				break;
			progress = 1;
		}
		if (!progress)
			break;
	}
	if ((c->sess.closing || c->eof) && !rtr_session_has_output(&c->sess) &&
	    evbuffer_get_length(out) == 0) {
		conn_close(c, c->sess.why[0] || !c->eof ? c->sess.why
		                                        : "router closed its side, answer sent");
		return -1;
	}
	conn_arm_timer(c);
	return 0;
}

static void conn_read_cb(struct bufferevent *bev, void *arg)
{
	(void)bev;
	conn_pump(arg);
}

static void conn_write_cb(struct bufferevent *bev, void *arg)
{
	(void)bev;
	conn_pump(arg);
}

static void conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	(void)bev;
	struct rtr_conn *c = arg;
	if ((what & BEV_EVENT_EOF) && (what & BEV_EVENT_READING) && !c->eof) {
		/* A half-close: the router sent its queries and shut down its
		 * write side. Answer what it asked in full, then close. */
		c->eof = 1;
		bufferevent_disable(c->bev, EV_READ);
		conn_pump(c);
	} else if (what & BEV_EVENT_EOF)
		conn_close(c, c->sess.why[0] ? c->sess.why : "router closed the connection");
	else if (what & BEV_EVENT_TIMEOUT)
		conn_close(c, "write stalled (router not reading)");
	else if (what & BEV_EVENT_ERROR)
		conn_close(c, evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
}

static void conn_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct rtr_conn *c = arg;
	conn_close(c, c->sess.version < 0 ? "no query within the timeout"
	                                  : "incomplete PDU within the timeout");
}

static const char *refusal(enum admission_verdict v)
{
	switch (v) {
	case ADMIT_BAD_FAMILY:
		return "unknown address family";
	case ADMIT_NOT_ALLOWED:
		return "not in the allow list";
	case ADMIT_TOO_MANY:
		return "too many clients (--max-clients)";
	case ADMIT_TOO_MANY_FROM_SOURCE:
		return "too many connections from this address (--max-per-source)";
	case ADMIT_OK:
		break;
	}
	return NULL;
}

static void set_keepalive(evutil_socket_t fd)
{
	int on = 1, idle = 60, intvl = 10, cnt = 6;
	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof intvl);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof cnt);
}

static void format_peer(const struct sockaddr *sa, char *buf, size_t n)
{
	char host[INET6_ADDRSTRLEN] = "?";
	int port = 0;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
		evutil_inet_ntop(AF_INET, &s4->sin_addr, host, sizeof host);
		port = ntohs(s4->sin_port);
		snprintf(buf, n, "%s:%d", host, port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
		evutil_inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof host);
		port = ntohs(s6->sin6_port);
		snprintf(buf, n, "[%s]:%d", host, port);
	} else {
		snprintf(buf, n, "?");
	}
}

static void accept_cb(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int salen,
                      void *arg)
{
	(void)l;
	struct rtr_server *srv = arg;
	char name[INET6_ADDRSTRLEN + 8];
	format_peer(sa, name, sizeof name);
	const char *no = refusal(admission_check(srv->adm, sa));
	if (no) {
		srv->st.rejected++;
		conn_log(&srv->refuse_log, LOG_LEVEL_WARN, "rtr: %s: refused: %s", name, no);
		evutil_closesocket(fd);
		return;
	}
	struct rtr_conn *c = calloc(1, sizeof *c);
	if (!c) {
		evutil_closesocket(fd);
		return;
	}
	c->srv = srv;
	memcpy(&c->peer, sa, (size_t)salen < sizeof c->peer ? (size_t)salen : sizeof c->peer);
	memcpy(c->name, name, sizeof c->name);
	c->since = time(NULL);
	if (srv->cfg.keepalive)
		set_keepalive(fd);
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	c->bev = bufferevent_socket_new(srv->base, fd, BEV_OPT_CLOSE_ON_FREE);
	c->timer = evtimer_new(srv->base, conn_timer_cb, c);
	if (!c->bev || !c->timer) {
		if (c->bev)
			bufferevent_free(c->bev);
		else
			evutil_closesocket(fd);
		if (c->timer)
			event_free(c->timer);
		free(c);
		return;
	}
	if (admission_hold_source(srv->adm, sa) < 0) {
		bufferevent_free(c->bev);
		event_free(c->timer);
		free(c);
		return;
	}
	admission_hold_total(srv->adm, 1);
	rtr_session_init(&c->sess, &srv->cache, &srv->cfg.timers);
	c->next = srv->conns;
	if (srv->conns)
		srv->conns->prev = c;
	srv->conns = c;
	srv->nconns++;
	srv->st.connections++;
	bufferevent_setcb(c->bev, conn_read_cb, conn_write_cb, conn_event_cb, c);
	bufferevent_setwatermark(c->bev, EV_READ, 0, IN_HIWAT);
	bufferevent_setwatermark(c->bev, EV_WRITE, OUT_LOWAT, 0);
	struct timeval wtv = {(time_t)srv->cfg.timeout * 4, 0};
	bufferevent_set_timeouts(c->bev, NULL, &wtv);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	conn_log(&srv->conn_log, LOG_LEVEL_INFO, "rtr: %s: connected (%u clients)", c->name,
	         srv->nconns);
	conn_arm_timer(c);
}

static void update_staleness(struct rtr_server *srv)
{
	struct rtr_cache *cache = &srv->cache;
	int stale = 0;
	if (srv->cfg.max_age > 0 && cache->cur && cache->cur->data_time > 0)
		stale = (int64_t)time(NULL) - cache->cur->data_time > srv->cfg.max_age;
	if (stale != cache->stale) {
		if (stale)
			log_err(
			    "rtr: data is older than --max-age %lds: answering No Data Available",
			    srv->cfg.max_age);
		else
			log_warn("rtr: data is fresh again");
		cache->stale = stale;
	}
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Judge a freshly loaded set before serving it (the policy is
 * rtr_reload_vet's) and log what it shows. Returns 0 or -1 with e. */
static int reload_vet(struct rtr_server *srv, const char *why, const struct rpki_set *set,
                      struct err *e)
{
	srv->st.rejected_entries = set->nrejected;
	if (set->nrejected)
		log_warn("rtr: load (%s): %zu invalid entries skipped (first: %s)", why,
		         set->nrejected, set->reject_msg);
	const struct rtr_snapshot *cur = srv->cache.cur;
	if (rtr_reload_vet(set, cur ? &cur->set : NULL, srv->cfg.max_shrink, e))
		return -1;
	if (!set->nvrps && !set->naspas)
		log_warn("rtr: load (%s): the files list no VRP and no ASPA: serving an empty set",
		         why);
	return 0;
}

/* Install the outcome of a load: swap in the new set, or keep the old one
 * and record why. set is consumed when rc == 0. vet: check the set with
 * reload_vet (file loads; not the expiry of entries already served). */
static int reload_apply(struct rtr_server *srv, const char *why, int rc, struct rpki_set *set,
                        int64_t data_time, double t0, int vet, struct err *e)
{
	int refused = 0;
	if (rc == 0 && vet && reload_vet(srv, why, set, e)) {
		rpki_set_free(set);
		srv->st.reloads_refused++;
		refused = 1;
		rc = -1;
	}
	if (rc) {
		srv->st.reloads_failed++;
		srv->st.last_reload_ok = 0;
		snprintf(srv->st.last_error, sizeof srv->st.last_error, "%s", e->msg);
		/* At start there is nothing to keep serving: the caller reports it. */
		if (srv->cache.cur)
			log_err("rtr: reload (%s) %s, still serving serial %u: %s", why,
			        refused ? "refused" : "failed", srv->cache.cur->serial, e->msg);
		return -1;
	}
	size_t nexp_v = set->nexpired_vrps, nexp_a = set->nexpired_aspas;
	int r = rtr_cache_update(&srv->cache, set, data_time);
	srv->st.last_reload_seconds = now_seconds() - t0;
	if (r < 0) {
		srv->st.reloads_failed++;
		srv->st.last_reload_ok = 0;
		snprintf(srv->st.last_error, sizeof srv->st.last_error, "out of memory");
		log_err("rtr: reload (%s) failed: out of memory", why);
		return err_set(e, "out of memory while building the new serial");
	}
	srv->st.reloads_ok++;
	srv->st.last_reload_ok = 1;
	srv->st.last_error[0] = 0;
	update_staleness(srv);
	const struct rtr_snapshot *s = srv->cache.cur;
	if (nexp_v || nexp_a)
		log_info("rtr: %zu expired VRPs and %zu expired ASPAs not served (%s)", nexp_v,
		         nexp_a, why);
	if (r == 1) {
		srv->st.last_change = time(NULL);
		log_info("rtr: serial %u: %zu IPv4 + %zu IPv6 VRPs, %zu ASPAs (%s, %.2fs)",
		         s->serial, s->nv4, s->nv6, s->set.naspas, why,
		         srv->st.last_reload_seconds);
		/* Tell every connected router; pump each so idle ones get it now. */
		struct rtr_conn *c = srv->conns, *next;
		for (; c; c = next) {
			next = c->next;
			if (c->sess.version >= 0) {
				rtr_session_notify(&c->sess);
				srv->st.notifies++;
				conn_pump(c);
			}
		}
	} else {
		log_info("rtr: reload (%s): data unchanged, serial %u", why, s->serial);
	}
	return 0;
}

/* Parsing a full set takes around a second; serve/reload runs this on a
 * worker thread so every router's stream keeps moving meanwhile. It only
 * reads the source (reconfigure waits for it) and fills its own result. */
static void *load_files(void *arg)
{
	struct rtr_server *srv = arg;
	struct rtr_load *ld = calloc(1, sizeof *ld);
	if (ld)
		ld->rc = rtr_source_load(&srv->source, &ld->set, &ld->data_time, &ld->e);
	return ld;
}

/* On the loop thread: serve the loaded set, or keep the old one. */
static int swap_files(void *arg, void *result, const char *why, double seconds)
{
	struct rtr_server *srv = arg;
	struct rtr_load *ld = result;
	double t0 = now_seconds() - seconds;
	srv->st.last_reload = time(NULL) - (time_t)seconds;
	if (!ld) {
		struct rpki_set none;
		err_set(&srv->load_err, "out of memory");
		return reload_apply(srv, why, -1, &none, 0, t0, 1, &srv->load_err);
	}
	int rc = reload_apply(srv, why, ld->rc, &ld->set, ld->data_time, t0, 1, &ld->e);
	if (rc)
		srv->load_err = ld->e;
	free(ld);
	return rc;
}

static void discard_load(void *arg, void *result)
{
	(void)arg;
	struct rtr_load *ld = result;
	if (ld && ld->rc == 0)
		rpki_set_free(&ld->set);
	free(ld);
}

/* Entries expire with time, not only when a file changes: once the
 * earliest "expires" of the served set has passed, serve a copy without the
 * expired entries (no file is read, so a broken file cannot keep them). */
static void expire_check(struct rtr_server *srv)
{
	const struct rtr_snapshot *cur = srv->cache.cur;
	int64_t now = (int64_t)time(NULL);
	if (!cur || !cur->set.next_expiry || now <= cur->set.next_expiry)
		return;
	struct rpki_set set;
	struct err e;
	err_clear(&e);
	double t0 = now_seconds();
	long n = rpki_set_drop_expired(&cur->set, now, &set);
	if (n < 0) {
		log_err("rtr: out of memory dropping expired entries");
		return;
	}
	srv->st.expiry_drops++;
	log_info("rtr: %ld VRPs/ASPAs expired", n);
	reload_apply(srv, "expired", 0, &set, cur->data_time, t0, 0, &e);
}

/* Runs on every file check, and every 60 s when polling is off: expiry of
 * served entries and --max-age do not wait for a file to change. */
static void tick(void *arg)
{
	struct rtr_server *srv = arg;
	/* Not while a load runs: its result replaces the set anyway. */
	if (!reloader_busy(srv->reloader))
		expire_check(srv);
	update_staleness(srv);
}

void rtr_server_reload(struct rtr_server *srv, const char *why)
{
	reloader_request(srv->reloader, why);
}

static int listen_on(struct rtr_server *srv, const char *addr, struct err *e)
{
	struct listen_guard *g = listen_guard_bind(srv->base, addr, 128, "rtr", accept_cb, srv, e);
	if (!g)
		return -1;
	srv->guards[srv->nlisteners++] = g;
	return 0;
}

void rtr_server_info(const struct rtr_server *srv, struct rtr_server_info *info)
{
	*info = srv->st;
	const struct rtr_cache *cache = &srv->cache;
	info->session_id = cache->session_id;
	info->have_data = cache->cur != NULL;
	info->stale = cache->stale;
	info->history = cache->nhist;
	if (cache->cur) {
		info->serial = cache->cur->serial;
		info->vrps4 = cache->cur->nv4;
		info->vrps6 = cache->cur->nv6;
		info->aspas = cache->cur->set.naspas;
		info->expired_vrps = cache->cur->set.nexpired_vrps;
		info->expired_aspas = cache->cur->set.nexpired_aspas;
		info->next_expiry = cache->cur->set.next_expiry;
		info->data_time = cache->cur->data_time;
	}
	info->clients = srv->nconns;
	info->max_clients = admission_limits(srv->adm)->max_total;
	info->accept_failures = 0;
	for (size_t i = 0; i < srv->nlisteners; i++)
		info->accept_failures += listen_guard_failures(srv->guards[i]);
	memset(info->clients_by_version, 0, sizeof info->clients_by_version);
	info->pdus_sent = srv->closed_pdus_out;
	info->pdus_received = srv->closed_pdus_in;
	info->errors_sent = srv->closed_errors;
	info->aspa_skipped = srv->closed_aspa_skipped;
	for (const struct rtr_conn *c = srv->conns; c; c = c->next) {
		int v = c->sess.version;
		info->clients_by_version[v < 0 ? RTR_VERSION_MAX + 1 : v]++;
		info->pdus_sent += c->sess.pdus_out;
		info->pdus_received += c->sess.pdus_in;
		info->errors_sent += c->sess.errors_out;
		info->reset_queries += c->sess.resets;
		info->serial_queries += c->sess.serials;
		info->aspa_skipped += c->sess.aspa_skipped;
	}
}

static uint16_t random_session_id(void)
{
	uint16_t id = 0;
	if (getrandom(&id, sizeof id, 0) != sizeof id)
		id = (uint16_t)(time(NULL) ^ getpid());
	return id;
}

/* Written whole through a temporary file in the same folder (which the
 * privilege drop keeps writable), so a script never reads half a PID. */
static void touch_ready(const char *path)
{
	struct atomic_file af;
	struct err e = {0};
	if (atomic_file_open(&af, path, &e) == 0) {
		fprintf(af.f, "%ld\n", (long)getpid());
		atomic_file_commit(&af, &e);
	}
	if (e.msg[0])
		log_warn("rtr: cannot write the ready file: %s", e.msg);
}

/* Point the source and the watched file list at the configuration. */
static void set_source(struct rtr_server *srv)
{
	const struct rtr_server_config *cfg = &srv->cfg;
	srv->source = (struct rtr_source){cfg->vrp_files, cfg->nvrp_files, cfg->slurm_files,
	                                  cfg->nslurm_files, cfg->ignore_expires};
	for (size_t i = 0; i < cfg->nvrp_files; i++)
		srv->files[i] = cfg->vrp_files[i];
	for (size_t i = 0; i < cfg->nslurm_files; i++)
		srv->files[cfg->nvrp_files + i] = cfg->slurm_files[i];
}

/* The check timer also re-evaluates --max-age and expiry, so it runs even
 * when file polling is off. */
static unsigned check_period(const struct rtr_server_config *cfg)
{
	return cfg->check_interval ? cfg->check_interval : 60;
}

static struct admission_limits limits_of(const struct rtr_server_config *cfg)
{
	unsigned max = cfg->max_clients ? cfg->max_clients
	                                : listen_guard_default_clients(LISTEN_GUARD_RESERVE);
	return (struct admission_limits){cfg->allow, cfg->nallow, max, cfg->max_per_source};
}

static int start_http(struct rtr_server *srv, struct err *e)
{
	if (!(srv->http = http_server_start(srv->base, srv->cfg.http, e)))
		return -1;
	if (!(srv->metrics = metrics_new()) || rtr_server_register_metrics(srv, srv->metrics) ||
	    metrics_route(srv->metrics, srv->http) || rtr_metrics_route_status(srv->http, srv))
		return err_set(e, "cannot register the HTTP pages");
	return 0;
}

int rtr_server_register_metrics(struct rtr_server *srv, struct metrics *m)
{
	return rtr_metrics_register(m, srv);
}

void rtr_server_free(struct rtr_server *srv)
{
	if (!srv)
		return;
	/* First: a running load may still read the source. */
	reloader_free(srv->reloader);
	while (srv->conns)
		conn_free(srv->conns);
	for (size_t i = 0; i < srv->nlisteners; i++) {
		listen_guard_close(srv->guards[i]);
	}
	http_server_free(srv->http);
	metrics_free(srv->metrics);
	admission_free(srv->adm);
	rtr_cache_free(&srv->cache);
	free(srv);
}

struct rtr_server *rtr_server_new(struct event_base *base, const struct rtr_server_config *cfg,
                                  struct err *e)
{
	struct rtr_server *srv = calloc(1, sizeof *srv);
	if (!srv) {
		err_set(e, "out of memory");
		return NULL;
	}
	srv->cfg = *cfg;
	srv->base = base;
	srv->st.started = time(NULL);
	uint16_t sid = cfg->session_id >= 0 ? (uint16_t)cfg->session_id : random_session_id();
	rtr_cache_init(&srv->cache, sid, cfg->history);
	set_source(srv);
	struct admission_limits lim = limits_of(cfg);
	if (!(srv->adm = admission_new(&lim))) {
		err_set(e, "out of memory");
		goto fail;
	}
	struct reload_config rc = {
	    .files = srv->files,
	    .nfiles = cfg->nvrp_files + cfg->nslurm_files,
	    .interval = check_period(cfg),
	    .watch = cfg->check_interval != 0,
	    .load = load_files,
	    .swap = swap_files,
	    .discard = discard_load,
	    .tick = tick,
	    .arg = srv,
	};
	if (!(srv->reloader = reloader_new(base, &rc, e)))
		goto fail;
	if (reloader_load_now(srv->reloader, "start")) {
		*e = srv->load_err;
		goto fail;
	}
	for (size_t i = 0; i < cfg->nlisten; i++)
		if (listen_on(srv, cfg->listen[i], e))
			goto fail;
	if (cfg->http && start_http(srv, e))
		goto fail;
	/* Privileges go (privdrop) once bound and loaded, before any client byte. */
	if (cfg->before_serve && cfg->before_serve(cfg->before_serve_arg, e))
		goto fail;
	log_info("rtr: session id %u, serving serial %u on %zu address(es), at most %u clients",
	         sid, srv->cache.cur->serial, srv->nlisteners, lim.max_total);
	if (cfg->ready_file)
		touch_ready(cfg->ready_file);
	return srv;
fail:
	rtr_server_free(srv);
	return NULL;
}

static int same_strings(const char *const *a, size_t na, const char *const *b, size_t nb)
{
	if (na != nb)
		return 0;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i], b[i]) != 0)
			return 0;
	return 1;
}

/* What a running server cannot take over: NULL when cfg is acceptable. */
static const char *needs_restart(const struct rtr_server_config *old,
                                 const struct rtr_server_config *cfg)
{
	if (!same_strings(old->listen, old->nlisten, cfg->listen, cfg->nlisten))
		return "the listen addresses";
	if ((old->http == NULL) != (cfg->http == NULL) ||
	    (old->http && strcmp(old->http, cfg->http) != 0))
		return "the HTTP address";
	if (old->session_id != cfg->session_id)
		return "the session id";
	if (old->history != cfg->history)
		return "the history size";
	return NULL;
}

int rtr_server_reconfigure(struct rtr_server *srv, const struct rtr_server_config *cfg,
                           struct err *e)
{
	const char *what = needs_restart(&srv->cfg, cfg);
	if (what)
		return err_set(e, "%s cannot change without a restart", what);
	struct admission_limits lim = limits_of(cfg);
	if (admission_set_limits(srv->adm, &lim))
		return err_set(e, "out of memory");
	/* The worker reads the source: stop it before changing it. */
	reloader_cancel(srv->reloader);
	/* Sessions point at srv->cfg.timers: they answer with the new ones. */
	srv->cfg = *cfg;
	set_source(srv);
	if (reloader_set_files(srv->reloader, srv->files, cfg->nvrp_files + cfg->nslurm_files,
	                       check_period(cfg), cfg->check_interval != 0, e))
		return -1;
	reloader_request(srv->reloader, "reconfigure");
	update_staleness(srv);
	return 0;
}

const struct rpki_set *rtr_server_vrps(const struct rtr_server *srv, uint32_t *serial)
{
	const struct rtr_snapshot *cur = srv->cache.cur;
	if (!cur)
		return NULL;
	if (serial)
		*serial = cur->serial;
	return &cur->set;
}

void rtr_server_each_client(const struct rtr_server *srv,
                            void (*fn)(void *arg, const struct rtr_client_info *c), void *arg)
{
	for (const struct rtr_conn *c = srv->conns; c; c = c->next) {
		struct rtr_client_info ci = {.name = c->name,
		                             .since = c->since,
		                             .version = c->sess.version,
		                             .last_serial = c->sess.last_serial,
		                             .synced = c->sess.synced};
		fn(arg, &ci);
	}
}

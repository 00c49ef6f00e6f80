/* rtr_server.c - RTR over TCP on libevent: accept with limits, feed
 * sessions, refill output as sockets drain, reload on change or SIGHUP. */
#include "rtr_server.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
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

#include "core/log.h"
#include "core/net_addr.h"
#include "http_server.h"
#include "listen_guard.h"
#include "rtr_metrics.h"
#include "rtr_source.h"

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
	int eof; /* the router shut down its side: finish writing, then close */
	uint64_t pdus_seen; /* sess.pdus_in when the timer was last armed */
	struct rtr_conn *prev, *next;
};

struct rtr_loader {
	pthread_t thread;
	int running;
	const char *why, *again;
	double t0;
	int pipe[2];
	struct event *ev;
	/* written by the thread, read by the loop after the join */
	int rc;
	struct rpki_set set;
	int64_t data_time;
	struct err e;
};

struct rtr_server {
	const struct rtr_server_config *cfg;
	struct event_base *base;
	struct rtr_cache cache;
	struct rtr_source source;
	struct evconnlistener *listeners[RTR_MAX_LISTEN];
	struct listen_guard *guards[RTR_MAX_LISTEN];
	size_t nlisteners;
	unsigned max_clients; /* from the config or the fd limit; 0 = none */
	struct log_limit conn_log, refuse_log;
	struct event *ev_hup, *ev_int, *ev_term, *ev_check;
	struct http_server *http;
	struct rtr_conn *conns;
	unsigned nconns;
	struct rtr_server_info st; /* counters; the rest is filled on demand */
	uint64_t closed_pdus_out, closed_pdus_in, closed_errors;
	struct rtr_loader loader;
	int exiting;
};

static void conn_free(struct rtr_conn *c)
{
	struct rtr_server *srv = c->srv;
	srv->closed_pdus_out += c->sess.pdus_out;
	srv->closed_pdus_in += c->sess.pdus_in;
	srv->closed_errors += c->sess.errors_out;
	srv->st.reset_queries += c->sess.resets;
	srv->st.serial_queries += c->sess.serials;
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
			struct timeval tv = {(time_t)c->srv->cfg->timeout, 0};
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
			size_t n = rtr_session_output(&c->sess, v.iov_base, v.iov_len < OUT_CHUNK
										   ? v.iov_len
										   : OUT_CHUNK);
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

static int addr_of(const struct sockaddr *sa, struct prefix *p)
{
	memset(p, 0, sizeof *p);
	if (sa->sa_family == AF_INET) {
		p->family = 4;
		p->len = 32;
		memcpy(p->addr, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
		/* An IPv4 client on a dual-stack socket matches IPv4 allow entries. */
		if (IN6_IS_ADDR_V4MAPPED(a)) {
			p->family = 4;
			p->len = 32;
			memcpy(p->addr, a->s6_addr + 12, 4);
		} else {
			p->family = 6;
			p->len = 128;
			memcpy(p->addr, a->s6_addr, 16);
		}
		return 0;
	}
	return -1;
}

static const char *admit(struct rtr_server *srv, const struct sockaddr *sa)
{
	const struct rtr_server_config *cfg = srv->cfg;
	struct prefix who;
	if (addr_of(sa, &who))
		return "unknown address family";
	if (cfg->nallow) {
		size_t i;
		for (i = 0; i < cfg->nallow; i++)
			if (prefix_contains(&cfg->allow[i], &who))
				break;
		if (i == cfg->nallow)
			return "not in the allow list";
	}
	if (srv->max_clients && srv->nconns >= srv->max_clients)
		return "too many clients (--max-clients)";
	if (cfg->max_per_source) {
		unsigned same = 0;
		for (struct rtr_conn *c = srv->conns; c; c = c->next) {
			struct prefix p;
			if (!addr_of((struct sockaddr *)&c->peer, &p) && prefix_equal(&p, &who))
				same++;
		}
		if (same >= cfg->max_per_source)
			return "too many connections from this address (--max-per-source)";
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
	const char *no = admit(srv, sa);
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
	if (srv->cfg->keepalive)
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
	rtr_session_init(&c->sess, &srv->cache, &srv->cfg->timers);
	c->next = srv->conns;
	if (srv->conns)
		srv->conns->prev = c;
	srv->conns = c;
	srv->nconns++;
	srv->st.connections++;
	bufferevent_setcb(c->bev, conn_read_cb, conn_write_cb, conn_event_cb, c);
	bufferevent_setwatermark(c->bev, EV_READ, 0, IN_HIWAT);
	bufferevent_setwatermark(c->bev, EV_WRITE, OUT_LOWAT, 0);
	struct timeval wtv = {(time_t)srv->cfg->timeout * 4, 0};
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
	if (srv->cfg->max_age > 0 && cache->cur && cache->cur->data_time > 0)
		stale = (int64_t)time(NULL) - cache->cur->data_time > srv->cfg->max_age;
	if (stale != cache->stale) {
		if (stale)
			log_err("rtr: data is older than --max-age %lds: answering No Data Available",
				srv->cfg->max_age);
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

/* Judge a freshly loaded set before serving it: say how many entries were
 * rejected, and refuse a set whose every entry was rejected or that drops
 * more than --max-shrink of the served entries (a truncated or broken
 * export must not withdraw the routers' data). Returns 0 or -1 with e. */
static int reload_vet(struct rtr_server *srv, const char *why, const struct rpki_set *set,
		      struct err *e)
{
	size_t n = set->nvrps + set->naspas;
	srv->st.rejected_entries = set->nrejected;
	if (set->nrejected)
		log_warn("rtr: load (%s): %zu invalid entries skipped (first: %s)", why,
			 set->nrejected, set->reject_msg);
	if (!n && set->nrejected)
		return err_set(e, "every entry was rejected (%zu; first: %s)", set->nrejected,
			       set->reject_msg);
	const struct rtr_snapshot *cur = srv->cache.cur;
	unsigned pct = srv->cfg->max_shrink;
	if (cur && pct < 100) {
		size_t old = cur->set.nvrps + cur->set.naspas;
		if (n < old && (old - n) * 100 > old * pct)
			return err_set(e,
				       "the new data has %zu VRPs+ASPAs, %zu%% fewer than the %zu "
				       "served (--max-shrink %u%%)",
				       n, (old - n) * 100 / old, old, pct);
	}
	if (!n)
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
			 s->serial, s->nv4, s->nv6, s->set.naspas, why, srv->st.last_reload_seconds);
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

/* Load in the event loop itself: only at start, before any router is
 * connected. */
static int reload_sync(struct rtr_server *srv, const char *why, struct err *e)
{
	struct rpki_set set;
	int64_t data_time = 0;
	double t0 = now_seconds();
	srv->st.last_reload = time(NULL);
	int rc = rtr_source_load(&srv->source, &set, &data_time, e);
	return reload_apply(srv, why, rc, &set, data_time, t0, 1, e);
}

/* Parsing a full set takes around a second; doing it on a thread keeps
 * every router's stream moving meanwhile. The thread only touches the
 * source and its own result; the loop learns it finished through a pipe. */
static void *loader_main(void *arg)
{
	struct rtr_server *srv = arg;
	struct rtr_loader *ld = &srv->loader;
	ld->rc = rtr_source_load(&srv->source, &ld->set, &ld->data_time, &ld->e);
	char x = 1;
	while (write(ld->pipe[1], &x, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

static void reload_start(struct rtr_server *srv, const char *why)
{
	struct rtr_loader *ld = &srv->loader;
	if (ld->running) {
		ld->again = why; /* one more pass once this one is in */
		return;
	}
	ld->why = why;
	ld->t0 = now_seconds();
	srv->st.last_reload = time(NULL);
	ld->running = 1;
	if (pthread_create(&ld->thread, NULL, loader_main, srv) != 0) {
		ld->running = 0;
		struct err e;
		reload_sync(srv, why, &e);
	}
}

static void loader_done_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)what;
	struct rtr_server *srv = arg;
	struct rtr_loader *ld = &srv->loader;
	char x;
	if (read(fd, &x, 1) != 1 || !ld->running)
		return;
	pthread_join(ld->thread, NULL);
	ld->running = 0;
	reload_apply(srv, ld->why, ld->rc, &ld->set, ld->data_time, ld->t0, 1, &ld->e);
	if (ld->again) {
		const char *why = ld->again;
		ld->again = NULL;
		reload_start(srv, why);
	}
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

static void check_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct rtr_server *srv = arg;
	/* Not while a load runs: its result replaces the set anyway. */
	if (!srv->loader.running)
		expire_check(srv);
	/* The loader thread owns the source's stamps while it runs. */
	if (srv->cfg->check_interval && !srv->loader.running && rtr_source_changed(&srv->source))
		reload_start(srv, "file changed");
	update_staleness(srv);
}

static void signal_cb(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	struct rtr_server *srv = arg;
	if (sig == SIGHUP) {
		reload_start(srv, "SIGHUP");
		return;
	}
	log_info("rtr: %s: shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
	srv->exiting = 1;
	event_base_loopbreak(srv->base);
}

static int listen_on(struct rtr_server *srv, const char *addr, struct err *e)
{
	struct sockaddr_storage ss;
	int sslen = sizeof ss;
	memset(&ss, 0, sizeof ss);
	if (net_addr_parse(addr, (struct sockaddr *)&ss, &sslen) < 0)
		return err_set(e, "--listen %s: expected ADDRESS:PORT, e.g. 127.0.0.1:8282 or "
				  "[::1]:8282",
			       addr);
	unsigned flags = LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC;
	if (ss.ss_family == AF_INET6)
		flags |= LEV_OPT_BIND_IPV6ONLY;
	struct evconnlistener *l = evconnlistener_new_bind(srv->base, accept_cb, srv, flags, 128,
							   (struct sockaddr *)&ss, sslen);
	if (!l)
		return err_set(e, "--listen %s: %s", addr, strerror(errno));
	struct listen_guard *g = listen_guard_new(srv->base, l, "rtr", accept_cb, srv);
	if (!g) {
		evconnlistener_free(l);
		return err_set(e, "--listen %s: out of memory", addr);
	}
	srv->guards[srv->nlisteners] = g;
	srv->listeners[srv->nlisteners++] = l;
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
	info->max_clients = srv->max_clients;
	info->accept_failures = 0;
	for (size_t i = 0; i < srv->nlisteners; i++)
		info->accept_failures += listen_guard_failures(srv->guards[i]);
	memset(info->clients_by_version, 0, sizeof info->clients_by_version);
	info->pdus_sent = srv->closed_pdus_out;
	info->pdus_received = srv->closed_pdus_in;
	info->errors_sent = srv->closed_errors;
	for (const struct rtr_conn *c = srv->conns; c; c = c->next) {
		int v = c->sess.version;
		info->clients_by_version[v < 0 ? RTR_VERSION_MAX + 1 : v]++;
		info->pdus_sent += c->sess.pdus_out;
		info->pdus_received += c->sess.pdus_in;
		info->errors_sent += c->sess.errors_out;
		info->reset_queries += c->sess.resets;
		info->serial_queries += c->sess.serials;
	}
}

static uint16_t random_session_id(void)
{
	uint16_t id = 0;
	if (getrandom(&id, sizeof id, 0) != sizeof id)
		id = (uint16_t)(time(NULL) ^ getpid());
	return id;
}

static void touch_ready(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		log_warn("rtr: cannot write %s: %s", path, strerror(errno));
		return;
	}
	fprintf(f, "%ld\n", (long)getpid());
	fclose(f);
}

static void server_free(struct rtr_server *srv)
{
	struct rtr_loader *ld = &srv->loader;
	if (ld->running) {
		pthread_join(ld->thread, NULL);
		if (ld->rc == 0)
			rpki_set_free(&ld->set);
		ld->running = 0;
	}
	if (ld->ev)
		event_free(ld->ev);
	if (ld->pipe[0] >= 0)
		close(ld->pipe[0]);
	if (ld->pipe[1] >= 0)
		close(ld->pipe[1]);
	while (srv->conns)
		conn_free(srv->conns);
	for (size_t i = 0; i < srv->nlisteners; i++) {
		listen_guard_free(srv->guards[i]);
		evconnlistener_free(srv->listeners[i]);
	}
	http_server_free(srv->http);
	struct event *evs[] = {srv->ev_hup, srv->ev_int, srv->ev_term, srv->ev_check};
	for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++)
		if (evs[i])
			event_free(evs[i]);
	rtr_cache_free(&srv->cache);
	rtr_source_free(&srv->source);
	if (srv->base)
		event_base_free(srv->base);
}

int rtr_server_run(const struct rtr_server_config *cfg, struct err *e)
{
	struct rtr_server srv;
	memset(&srv, 0, sizeof srv);
	srv.cfg = cfg;
	srv.st.started = time(NULL);
	srv.loader.pipe[0] = srv.loader.pipe[1] = -1;
	/* A router closing mid-write must not kill the daemon. */
	signal(SIGPIPE, SIG_IGN);
	uint16_t sid = cfg->session_id >= 0 ? (uint16_t)cfg->session_id : random_session_id();
	rtr_cache_init(&srv.cache, sid, cfg->history);
	int rc = -1;
	if (rtr_source_init(&srv.source, cfg->vrp_files, cfg->nvrp_files, cfg->slurm_files,
			    cfg->nslurm_files, e))
		goto out;
	srv.source.ignore_expires = cfg->ignore_expires;
	if (!(srv.base = event_base_new())) {
		err_set(e, "cannot create the event loop");
		goto out;
	}
	if (reload_sync(&srv, "start", e))
		goto out;
	srv.max_clients = cfg->max_clients ? cfg->max_clients
					   : listen_guard_default_clients(LISTEN_GUARD_RESERVE);
	for (size_t i = 0; i < cfg->nlisten; i++)
		if (listen_on(&srv, cfg->listen[i], e))
			goto out;
	if (cfg->http) {
		if (!(srv.http = http_server_start(srv.base, cfg->http, e)))
			goto out;
		if (rtr_metrics_register(srv.http, &srv)) {
			err_set(e, "cannot register the HTTP pages");
			goto out;
		}
	}
	srv.ev_hup = evsignal_new(srv.base, SIGHUP, signal_cb, &srv);
	srv.ev_int = evsignal_new(srv.base, SIGINT, signal_cb, &srv);
	srv.ev_term = evsignal_new(srv.base, SIGTERM, signal_cb, &srv);
	srv.ev_check = event_new(srv.base, -1, EV_PERSIST, check_cb, &srv);
	if (pipe2(srv.loader.pipe, O_CLOEXEC | O_NONBLOCK) == 0)
		srv.loader.ev = event_new(srv.base, srv.loader.pipe[0], EV_READ | EV_PERSIST,
					  loader_done_cb, &srv);
	if (!srv.ev_hup || !srv.ev_int || !srv.ev_term || !srv.ev_check || !srv.loader.ev) {
		err_set(e, "cannot set up signal handling");
		goto out;
	}
	event_add(srv.loader.ev, NULL);
	evsignal_add(srv.ev_hup, NULL);
	evsignal_add(srv.ev_int, NULL);
	evsignal_add(srv.ev_term, NULL);
	/* The check timer also re-evaluates --max-age, so it runs even when
	 * file polling is off. */
	struct timeval tv = {cfg->check_interval ? (time_t)cfg->check_interval : 60, 0};
	event_add(srv.ev_check, &tv);
	if (cfg->before_serve && cfg->before_serve(cfg->before_serve_arg, e))
		goto out;
	log_info("rtr: session id %u, serving serial %u on %zu address(es), at most %u clients",
		 sid, srv.cache.cur->serial, srv.nlisteners, srv.max_clients);
	if (cfg->ready_file)
		touch_ready(cfg->ready_file);
	if (event_base_dispatch(srv.base) < 0) {
		err_set(e, "event loop failed");
		goto out;
	}
	rc = 0;
out:
	server_free(&srv);
	return rc;
}

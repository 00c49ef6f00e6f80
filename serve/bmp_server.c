/* SPDX-License-Identifier: ISC */
/* bmp_server.c - router sessions over TCP: accept, read, frame, feed;
 * close a faulty session with its reason; the housekeeping timer (stale
 * routes, archive rotation, RIB snapshots in a child process). */
#include "bmp_server.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <event2/listener.h>

#include "admission.h"
#include "bmp_status.h"
#include "core/grow.h"
#include "core/log.h"
#include "core/net_addr.h"
#include "http_server.h"
#include "listen_guard.h"
#include "metrics.h"

#define READ_CHUNK (256u << 10)

struct bmp_conn {
	struct bmp_server *srv;
	struct bmp_conn *prev, *next;
	evutil_socket_t fd;
	struct event *ev;
	struct sockaddr_storage addr;
	char peer[96]; /* "192.0.2.1:40123" for logs */
	uint8_t *buf;  /* unapplied input */
	size_t len, cap;
	uint64_t offset; /* stream offset of buf[0] */
	struct bmp_feed feed;
};

struct bmp_server {
	struct event_base *base;
	struct bmp_server_config cfg;
	struct bmp_state *st;
	struct admission *adm;
	struct listen_guard *guards[BMP_MAX_LISTEN];
	size_t nlisteners;
	struct bmp_conn *conns;
	struct event *tick;
	struct http_server *http;
	struct metrics *metrics;
	struct bmp_archive archive;
	bool have_archive;
	pid_t rib_child;
	uint32_t rib_started;
	struct log_limit ll_refuse, ll_drop;
	struct bmp_server_info info;
};

/* Close c; why != NULL is a fault (a warning), else an orderly end. */
static void conn_close(struct bmp_conn *c, const char *why)
{
	struct bmp_server *s = c->srv;
	if (why)
		log_warn("bmp: router %s: session closed: %s", c->peer, why);
	else
		log_info("bmp: router %s: session closed (%s)", c->peer,
		         c->feed.terminated ? "Termination message" : "end of stream");
	if (c->feed.router && s->cfg.on_router_down)
		s->cfg.on_router_down(s->cfg.event_arg, c->feed.router->name);
	if (c->feed.router)
		bmp_state_router_down(s->st, c->feed.router, (uint32_t)time(NULL));
	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	admission_hold_total(s->adm, -1);
	admission_release_source(s->adm, (struct sockaddr *)&c->addr);
	s->info.sessions--;
	s->info.updates_dropped += c->feed.updates_dropped;
	s->info.archive_errors += c->feed.archive_errors;
	s->info.skipped += c->feed.skipped;
	event_free(c->ev);
	evutil_closesocket(c->fd);
	free(c->buf);
	free(c);
}

/* Make room for want more bytes (want <= max message + a read). */
static int buf_room(struct bmp_conn *c, size_t want)
{
	if (c->cap - c->len >= want)
		return 0;
	size_t cap = c->cap ? c->cap : READ_CHUNK;
	uint8_t *b = grow(c->buf, &cap, c->len + want, 1);
	if (!b)
		return -1;
	c->buf = b;
	c->cap = cap;
	return 0;
}

/* Apply every whole message in the buffer. Returns 0, or -1 when the
 * session was closed. */
static int apply_messages(struct bmp_conn *c)
{
	struct bmp_server *s = c->srv;
	size_t off = 0, mlen;
	struct err e;
	char why[700];
	int rc = 0;
	for (;;) {
		int fr = bmp_frame(c->buf + off, c->len - off, s->cfg.max_msg, &mlen, &e);
		if (fr == 0)
			break;
		if (fr < 0) {
			snprintf(why, sizeof why, "byte offset %llu: %s",
			         (unsigned long long)(c->offset + off), e.msg);
			rc = -1;
			break;
		}
		if (s->cfg.on_message)
			s->cfg.on_message(s->cfg.message_arg,
			                  c->feed.router ? c->feed.router->name : c->peer,
			                  c->buf + off, mlen);
		int fed = bmp_feed_message(&c->feed, c->buf + off, mlen, &e);
		if (fed < 0) {
			snprintf(why, sizeof why, "byte offset %llu: %s",
			         (unsigned long long)(c->offset + off + e.offset), e.msg);
			rc = -1;
			break;
		}
		unsigned dropped;
		if (fed > 0 && log_limit_allow(&s->ll_drop, 1, &dropped))
			log_warn(
			    "bmp: router %s: byte offset %llu: message not applied: %s (%u more "
			    "not logged)",
			    c->peer, (unsigned long long)(c->offset + off), e.msg, dropped);
		s->info.messages++;
		off += mlen;
		if (c->feed.terminated)
			break;
	}
	memmove(c->buf, c->buf + off, c->len - off);
	c->len -= off;
	c->offset += off;
	if (rc < 0) {
		s->info.closed_error++;
		conn_close(c, why);
		return -1;
	}
	if (c->feed.terminated) {
		s->info.closed_eof++;
		conn_close(c, NULL);
		return -1;
	}
	return 0;
}

static void on_eof(struct bmp_conn *c)
{
	struct bmp_server *s = c->srv;
	char why[200];
	if (!c->len) {
		s->info.closed_eof++;
		conn_close(c, NULL);
		return;
	}
	s->info.closed_mid_msg++;
	snprintf(why, sizeof why,
	         "disconnected in the middle of a message at byte offset %llu (%zu bytes of it "
	         "received)",
	         (unsigned long long)c->offset, c->len);
	conn_close(c, why);
}

static void on_read(evutil_socket_t fd, short what, void *arg)
{
	struct bmp_conn *c = arg;
	struct bmp_server *s = c->srv;
	char why[200];
	if (buf_room(c, READ_CHUNK) < 0) {
		s->info.closed_error++;
		conn_close(c, "out of memory");
		return;
	}
	ssize_t n = read(fd, c->buf + c->len, c->cap - c->len);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return;
		snprintf(why, sizeof why, "read failed at byte offset %llu: %s",
		         (unsigned long long)(c->offset + c->len), strerror(errno));
		s->info.closed_error++;
		conn_close(c, why);
		return;
	}
	if (n == 0) {
		on_eof(c);
		return;
	}
	c->len += (size_t)n;
	s->info.bytes += (uint64_t)n;
	apply_messages(c);
}

static void conn_name(const struct sockaddr *sa, char *host, size_t hn, char *port, size_t pn)
{
	socklen_t len =
	    sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	if (getnameinfo(sa, len, host, hn, port, pn, NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		snprintf(host, hn, "?");
		snprintf(port, pn, "0");
	}
	if (!strncmp(host, "::ffff:", 7) && strchr(host, '.'))
		memmove(host, host + 7, strlen(host + 7) + 1);
}

/* The router's state: its address names it; when a session from that
 * address is open already, address:port does. */
static struct bmp_router *router_for(struct bmp_server *s, struct bmp_conn *c)
{
	char host[64], port[16], name[100];
	conn_name((struct sockaddr *)&c->addr, host, sizeof host, port, sizeof port);
	snprintf(c->peer, sizeof c->peer, "%s%s%s:%s", strchr(host, ':') ? "[" : "", host,
	         strchr(host, ':') ? "]" : "", port);
	struct bmp_router *r = bmp_state_find_router(s->st, host);
	if (r && r->connected) {
		snprintf(name, sizeof name, "%s", c->peer);
		return bmp_state_router_up(s->st, name);
	}
	return bmp_state_router_up(s->st, host);
}

static void set_socket_options(struct bmp_server *s, evutil_socket_t fd)
{
	int one = 1;
	evutil_make_socket_nonblocking(fd);
	if (s->cfg.keepalive)
		setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
}

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int salen,
                      void *arg)
{
	struct bmp_server *s = arg;
	unsigned dropped;
	enum admission_verdict v = admission_check(s->adm, sa);
	if (v != ADMIT_OK) {
		s->info.refused++;
		char host[64], port[16];
		conn_name(sa, host, sizeof host, port, sizeof port);
		if (log_limit_allow(&s->ll_refuse, 1, &dropped))
			log_warn("bmp: refused router %s: %s (%u more not logged)", host,
			         v == ADMIT_NOT_ALLOWED ? "not in the allow list"
			         : v == ADMIT_TOO_MANY  ? "too many routers"
			                                : "too many sessions from its address",
			         dropped);
		evutil_closesocket(fd);
		return;
	}
	struct bmp_conn *c = calloc(1, sizeof *c);
	if (!c || admission_hold_source(s->adm, sa) < 0) {
		free(c);
		evutil_closesocket(fd);
		return;
	}
	c->srv = s;
	c->fd = fd;
	memcpy(&c->addr, sa, (size_t)salen < sizeof c->addr ? (size_t)salen : sizeof c->addr);
	struct bmp_router *r = router_for(s, c);
	c->ev = event_new(s->base, fd, EV_READ | EV_PERSIST, on_read, c);
	if (!r || !c->ev || event_add(c->ev, NULL) < 0) {
		if (c->ev)
			event_free(c->ev);
		if (r)
			bmp_state_router_down(s->st, r, (uint32_t)time(NULL));
		admission_release_source(s->adm, sa);
		evutil_closesocket(fd);
		free(c);
		return;
	}
	set_socket_options(s, fd);
	bmp_feed_init(&c->feed, s->st, r, s->cfg.on_event, s->cfg.event_arg,
	              s->have_archive ? &s->archive : NULL);
	c->feed.on_eor = s->cfg.on_eor;
	admission_hold_total(s->adm, 1);
	c->next = s->conns;
	if (s->conns)
		s->conns->prev = c;
	s->conns = c;
	s->info.connections++;
	s->info.sessions++;
	log_info("bmp: router %s connected", c->peer);
}

/* Reap a finished snapshot child; log how it ended. */
static void reap_snapshot(struct bmp_server *s)
{
	int status;
	if (!s->rib_child || waitpid(s->rib_child, &status, WNOHANG) != s->rib_child)
		return;
	s->rib_child = 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		s->archive.ribs++;
		log_info("bmp: RIB snapshot written in %u s",
		         (unsigned)time(NULL) - s->rib_started);
	} else {
		s->archive.errors++;
		log_warn("bmp: RIB snapshot failed (child status %d)", status);
	}
}

int bmp_server_snapshot(struct bmp_server *s, struct err *e)
{
	if (!s->have_archive)
		return err_set(e, "no archive folder configured");
	if (s->rib_child)
		return err_set(e, "a RIB snapshot is being written already");
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return err_set(e, "cannot start the RIB snapshot: %s", strerror(errno));
	if (pid == 0) {
		/* The child sees the tables as they were at the fork
		 * (copy-on-write) and writes them while the parent goes on. */
		struct err ce;
		size_t routes;
		uint32_t now = (uint32_t)time(NULL);
		if (bmp_archive_write_rib(&s->archive.cfg, s->st, now, &routes, &ce) < 0) {
			log_err("bmp: RIB snapshot: %s", ce.msg);
			_exit(1);
		}
		log_info("bmp: RIB snapshot: %zu routes", routes);
		_exit(0);
	}
	s->rib_child = pid;
	s->rib_started = (uint32_t)time(NULL);
	return 0;
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct bmp_server *s = arg;
	uint32_t now = (uint32_t)time(NULL);
	struct err e;
	size_t n =
	    bmp_feed_expire(s->st, now, s->cfg.stale_grace, s->cfg.on_event, s->cfg.event_arg);
	if (n)
		log_info("bmp: dropped %zu stale routes after the %u s grace time", n,
		         s->cfg.stale_grace);
	s->info.stale_dropped += n;
	reap_snapshot(s);
	if (!s->have_archive)
		return;
	if (bmp_archive_tick(&s->archive, now, &e) < 0)
		log_err("bmp: archive: %s", e.msg);
	if (bmp_archive_rib_due(&s->archive, now) && bmp_server_snapshot(s, &e) < 0)
		log_err("bmp: archive: %s", e.msg);
}

static int listen_on(struct bmp_server *s, const char *addr, struct err *e)
{
	if (s->nlisteners >= BMP_MAX_LISTEN)
		return err_set(e, "too many listen addresses (max %d)", BMP_MAX_LISTEN);
	s->guards[s->nlisteners] = listen_guard_bind(s->base, addr, 128, "bmp", on_accept, s, e);
	if (!s->guards[s->nlisteners])
		return -1;
	s->nlisteners++;
	return 0;
}

static void admission_from(const struct bmp_server_config *cfg, struct admission_limits *lim)
{
	lim->allow = cfg->nallow ? cfg->allow : NULL;
	lim->nallow = cfg->nallow;
	lim->max_total = cfg->max_routers;
	lim->max_per_source = cfg->max_per_source;
}

static void defaults(struct bmp_server_config *cfg)
{
	if (!cfg->max_msg)
		cfg->max_msg = BMP_MAX_MSG_DEFAULT;
	if (!cfg->max_routers)
		cfg->max_routers = listen_guard_default_clients(LISTEN_GUARD_RESERVE);
}

static int start_http(struct bmp_server *s, struct err *e)
{
	if (!s->cfg.http)
		return 0;
	if (!(s->metrics = metrics_new()) || bmp_status_register_metrics(s, s->metrics) < 0)
		return err_set(e, "out of memory");
	if (!(s->http = http_server_start(s->base, s->cfg.http, e)))
		return -1;
	if (metrics_route(s->metrics, s->http) < 0 || bmp_status_route(s, s->http) < 0)
		return err_set(e, "out of memory");
	return 0;
}

static int touch_ready(const char *path, struct err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return err_set(e, "%s: %s", path, strerror(errno));
	close(fd);
	return 0;
}

static int start(struct bmp_server *s, struct err *e)
{
	struct admission_limits lim;
	admission_from(&s->cfg, &lim);
	if (!(s->st = bmp_state_new()) || !(s->adm = admission_new(&lim)))
		return err_set(e, "out of memory");
	if (s->cfg.archive.dir) {
		if (bmp_archive_init(&s->archive, &s->cfg.archive, e) < 0)
			return -1;
		s->have_archive = true;
	}
	for (size_t i = 0; i < s->cfg.nlisten; i++)
		if (listen_on(s, s->cfg.listen[i], e) < 0)
			return -1;
	if (start_http(s, e) < 0)
		return -1;
	struct timeval one = {1, 0};
	if (!(s->tick = event_new(s->base, -1, EV_PERSIST, on_tick, s)) ||
	    event_add(s->tick, &one) < 0)
		return err_set(e, "cannot start the timer");
	if (s->cfg.before_serve && s->cfg.before_serve(s->cfg.before_serve_arg, e))
		return -1;
	if (s->cfg.ready_file && touch_ready(s->cfg.ready_file, e) < 0)
		return -1;
	return 0;
}

struct bmp_server *bmp_server_new(struct event_base *base, const struct bmp_server_config *cfg,
                                  struct err *e)
{
	if (!cfg->nlisten) {
		err_set(e, "no listen address");
		return NULL;
	}
	struct bmp_server *s = calloc(1, sizeof *s);
	if (!s) {
		err_set(e, "out of memory");
		return NULL;
	}
	s->base = base;
	s->cfg = *cfg;
	defaults(&s->cfg);
	s->info.started = time(NULL);
	if (start(s, e) < 0) {
		bmp_server_free(s);
		return NULL;
	}
	return s;
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

int bmp_server_reconfigure(struct bmp_server *s, const struct bmp_server_config *cfg, struct err *e)
{
	if (cfg->nlisten != s->cfg.nlisten)
		return err_set(e, "the listen addresses cannot change without a restart");
	for (size_t i = 0; i < cfg->nlisten; i++)
		if (!same_str(cfg->listen[i], s->cfg.listen[i]))
			return err_set(e, "the listen addresses cannot change without a restart");
	if (!same_str(cfg->http, s->cfg.http))
		return err_set(e, "the HTTP address cannot change without a restart");
	if (!same_str(cfg->archive.dir, s->cfg.archive.dir) ||
	    cfg->archive.rotate != s->cfg.archive.rotate ||
	    cfg->archive.view != s->cfg.archive.view)
		return err_set(e, "the archive cannot change without a restart");
	struct bmp_server_config n = *cfg;
	defaults(&n);
	struct admission_limits lim;
	admission_from(&n, &lim);
	if (admission_set_limits(s->adm, &lim) < 0)
		return err_set(e, "out of memory");
	s->cfg = n;
	s->archive.cfg.rib_interval = n.archive.rib_interval;
	for (struct bmp_conn *c = s->conns; c; c = c->next) {
		c->feed.on_event = n.on_event;
		c->feed.event_arg = n.event_arg;
		c->feed.on_eor = n.on_eor;
	}
	return 0;
}

struct metrics *bmp_server_metrics(struct bmp_server *s)
{
	return s->metrics;
}

const struct bmp_state *bmp_server_state(const struct bmp_server *s)
{
	return s->st;
}

void bmp_server_info(const struct bmp_server *s, struct bmp_server_info *info)
{
	*info = s->info;
	for (const struct bmp_conn *c = s->conns; c; c = c->next) {
		info->updates_dropped += c->feed.updates_dropped;
		info->archive_errors += c->feed.archive_errors;
		info->skipped += c->feed.skipped;
	}
	info->archive_records = s->archive.records;
	info->archive_files = s->archive.files;
	info->archive_ribs = s->archive.ribs;
	info->archive_errors += s->archive.errors;
	bmp_state_totals(s->st, &info->totals);
}

void bmp_server_free(struct bmp_server *s)
{
	if (!s)
		return;
	while (s->conns)
		conn_close(s->conns, NULL);
	if (s->rib_child) {
		int status;
		waitpid(s->rib_child, &status, 0);
		s->rib_child = 0;
	}
	if (s->have_archive) {
		struct err e;
		if (bmp_archive_close(&s->archive, &e) < 0)
			log_err("bmp: archive: %s", e.msg);
	}
	if (s->tick)
		event_free(s->tick);
	http_server_free(s->http);
	if (s->metrics) {
		metrics_remove(s->metrics, s);
		metrics_free(s->metrics);
	}
	for (size_t i = 0; i < s->nlisteners; i++) {
		listen_guard_close(s->guards[i]);
	}
	admission_free(s->adm);
	bmp_state_free(s->st);
	free(s);
}

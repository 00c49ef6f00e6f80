/* SPDX-License-Identifier: ISC */
/* http_server.c - a minimal HTTP/1.x server for metrics and status pages:
 * GET and HEAD of a few fixed paths, one request per connection, with hard
 * limits so that no client can make it grow or hold it (see the header). */
#include "http_server.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/bufferevent.h>
#include <event2/listener.h>
#include <event2/util.h>

#include "core/net_addr.h"
#include "core/log.h"
#include "http_request.h"
#include "listen_guard.h"

#define HTTP_MAX_ROUTES 32

struct http_route {
	char *path;
	const char *content_type;
	http_handler_fn fn;
	http_request_fn req_fn; /* a prefix route: fn is NULL */
	void *arg;
};

struct http_conn {
	struct http_server *owner;
	struct bufferevent *bev;
	struct event *deadline;
	int replied; /* answer queued: close once it is written */
	struct http_conn *prev, *next;
};

struct http_server {
	struct event_base *base;
	struct listen_guard *guard;
	struct http_route routes[HTTP_MAX_ROUTES];
	int nroutes;
	struct http_conn *conns; /* newest first */
	unsigned nconns;
	unsigned long requests, refused, evicted;
	struct log_limit refuse_log;
};

static void conn_free(struct http_conn *c)
{
	struct http_server *h = c->owner;
	if (c->prev)
		c->prev->next = c->next;
	else
		h->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	h->nconns--;
	event_free(c->deadline);
	bufferevent_free(c->bev);
	free(c);
}

static const char *reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 413:
		return "Content Too Large";
	case 414:
		return "URI Too Long";
	case 431:
		return "Request Header Fields Too Large";
	case 503:
		return "Service Unavailable";
	case 505:
		return "HTTP Version Not Supported";
	default:
		return "Error";
	}
}

/* Queue the whole answer and stop reading: the connection closes once the
 * output is written (or the write times out). body may be NULL. */
static void reply(struct http_conn *c, int status, const char *type, struct evbuffer *body,
                  int head_only)
{
	struct evbuffer *out = bufferevent_get_output(c->bev);
	size_t len = body ? evbuffer_get_length(body) : 0;
	evbuffer_add_printf(out,
	                    "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
	                    "%sConnection: close\r\n\r\n",
	                    status, reason(status), type ? type : "text/plain", len,
	                    status == 405 ? "Allow: GET, HEAD\r\n" : "");
	if (body && !head_only)
		evbuffer_add_buffer(out, body);
	c->replied = 1;
	c->owner->requests++;
	bufferevent_disable(c->bev, EV_READ);
	bufferevent_enable(c->bev, EV_WRITE);
}

static void answer(struct http_conn *c, const struct http_request *req)
{
	struct http_server *h = c->owner;
	if (req->method == HTTP_OTHER)
		return reply(c, 405, NULL, NULL, 0);
	if (req->has_body)
		return reply(c, 413, NULL, NULL, 0);
	const struct http_route *best = NULL;
	size_t best_len = 0;
	for (int i = 0; i < h->nroutes; i++) {
		const struct http_route *r = &h->routes[i];
		size_t n = strlen(r->path);
		if (r->fn ? !strcmp(r->path, req->path)
		          : !strncmp(r->path, req->path, n) && (!best || best->req_fn) &&
		                n > best_len) {
			best = r;
			best_len = r->fn ? SIZE_MAX : n;
		}
	}
	if (!best)
		return reply(c, 404, NULL, NULL, req->method == HTTP_HEAD);
	struct evbuffer *body = evbuffer_new();
	if (!body)
		return reply(c, 503, NULL, NULL, 0);
	const char *type = best->content_type;
	int status =
	    best->fn ? best->fn(body, best->arg) : best->req_fn(req, body, &type, best->arg);
	reply(c, status, type, body, req->method == HTTP_HEAD);
	evbuffer_free(body);
}

static void read_cb(struct bufferevent *bev, void *arg)
{
	struct http_conn *c = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	size_t n = evbuffer_get_length(in);
	if (c->replied || !n)
		return;
	const char *data = (const char *)evbuffer_pullup(in, -1);
	size_t head = data ? http_request_head_len(data, n) : 0;
	if (!head) {
		/* The read watermark stops reading at the limit. */
		if (n >= HTTP_MAX_HEAD)
			reply(c, 431, NULL, NULL, 0);
		return;
	}
	struct http_request req;
	int st = http_request_parse(data, head, &req);
	if (st)
		reply(c, st, NULL, NULL, 0);
	else
		answer(c, &req);
}

static void write_cb(struct bufferevent *bev, void *arg)
{
	struct http_conn *c = arg;
	if (c->replied && evbuffer_get_length(bufferevent_get_output(bev)) == 0)
		conn_free(c);
}

static void event_cb(struct bufferevent *bev, short what, void *arg)
{
	(void)bev;
	(void)what;
	conn_free(arg); /* EOF, error or a stalled write */
}

static void deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	conn_free(arg);
}

/* Beyond the connection cap, answer 503 without reading (best effort: the
 * socket buffer of a fresh connection takes it) and close. */
static void refuse(struct http_server *h, evutil_socket_t fd)
{
	static const char busy[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
	                           "Connection: close\r\n\r\n";
	h->refused++;
	if (send(fd, busy, sizeof busy - 1, MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
		/* nothing to do: the client sees the close */
	}
	evutil_closesocket(fd);
	unsigned dropped = 0;
	if (log_limit_allow(&h->refuse_log, 1, &dropped))
		log_warn("http: %u connections open: refusing more (%u refusals not logged)",
		         h->nconns, dropped);
}

/* At the cap, make room by closing the oldest connection that has not sent
 * a complete request: slow clients holding every slot would otherwise lock
 * out a scraper (which sends its request at once) for HTTP_TIMEOUT. */
static int evict_oldest_idle(struct http_server *h)
{
	struct http_conn *oldest = NULL;
	for (struct http_conn *c = h->conns; c; c = c->next)
		if (!c->replied)
			oldest = c;
	if (!oldest)
		return -1;
	h->evicted++;
	conn_free(oldest);
	return 0;
}

/* twin of conn_new (whois_server.c): the same libevent setup; whois adds an output watch */
static void accept_cb(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int salen,
                      void *arg)
{
	(void)l;
	(void)sa;
	(void)salen;
	struct http_server *h = arg;
	if (h->nconns >= HTTP_MAX_CONNS && evict_oldest_idle(h))
		return refuse(h, fd);
	struct http_conn *c = calloc(1, sizeof *c);
	if (!c) {
		evutil_closesocket(fd);
		return;
	}
	c->owner = h;
	c->bev = bufferevent_socket_new(h->base, fd, BEV_OPT_CLOSE_ON_FREE);
	c->deadline = evtimer_new(h->base, deadline_cb, c);
	if (!c->bev || !c->deadline) {
		if (c->bev)
			bufferevent_free(c->bev);
		else
			evutil_closesocket(fd);
		if (c->deadline)
			event_free(c->deadline);
		free(c);
		return;
	}
	c->next = h->conns;
	if (h->conns)
		h->conns->prev = c;
	h->conns = c;
	h->nconns++;
	/* The whole exchange, not each read, must fit in the deadline:
	 * trickling bytes does not keep a connection. */
	struct timeval tv = {HTTP_TIMEOUT, 0};
	evtimer_add(c->deadline, &tv);
	bufferevent_set_timeouts(c->bev, NULL, &tv);
	bufferevent_setwatermark(c->bev, EV_READ, 0, HTTP_MAX_HEAD);
	bufferevent_setcb(c->bev, read_cb, write_cb, event_cb, c);
	bufferevent_enable(c->bev, EV_READ);
}

struct http_server *http_server_start(struct event_base *base, const char *addr, struct err *e)
{
	struct http_server *h = calloc(1, sizeof *h);
	if (!h) {
		err_set(e, "--http %s: out of memory", addr);
		return NULL;
	}
	h->base = base;
	if (!(h->guard = listen_guard_bind(base, addr, 16, "http", accept_cb, h, e))) {
		free(h);
		return NULL;
	}
	return h;
}

int http_server_route(struct http_server *h, const char *path, const char *content_type,
                      http_handler_fn fn, void *arg)
{
	if (h->nroutes == HTTP_MAX_ROUTES)
		return -1;
	for (int i = 0; i < h->nroutes; i++)
		if (h->routes[i].fn && !strcmp(h->routes[i].path, path))
			return -1;
	struct http_route *r = &h->routes[h->nroutes];
	if (!(r->path = strdup(path)))
		return -1;
	r->content_type = content_type;
	r->req_fn = NULL;
	r->fn = fn;
	r->arg = arg;
	h->nroutes++;
	return 0;
}

int http_server_route_prefix(struct http_server *h, const char *prefix, const char *content_type,
                             http_request_fn fn, void *arg)
{
	if (h->nroutes == HTTP_MAX_ROUTES)
		return -1;
	for (int i = 0; i < h->nroutes; i++)
		if (!h->routes[i].fn && !strcmp(h->routes[i].path, prefix))
			return -1;
	struct http_route *r = &h->routes[h->nroutes];
	if (!(r->path = strdup(prefix)))
		return -1;
	r->content_type = content_type;
	r->fn = NULL;
	r->req_fn = fn;
	r->arg = arg;
	h->nroutes++;
	return 0;
}

unsigned long http_server_requests(const struct http_server *h)
{
	return h->requests;
}

unsigned long http_server_refused(const struct http_server *h)
{
	return h ? h->refused : 0;
}

void http_server_free(struct http_server *h)
{
	if (!h)
		return;
	while (h->conns)
		conn_free(h->conns);
	listen_guard_close(h->guard);
	for (int i = 0; i < h->nroutes; i++)
		free(h->routes[i].path);
	free(h);
}

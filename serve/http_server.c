/* http_server.c - evhttp wrapper: a route table, GET/HEAD only. */
#include "http_server.h"

#include <stdlib.h>
#include <string.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/util.h>

#include "core/net_addr.h"

#define HTTP_MAX_ROUTES 16

struct http_route {
	struct http_server *owner;
	char *path;
	const char *content_type;
	http_handler_fn fn;
	void *arg;
};

struct http_server {
	struct evhttp *http;
	struct http_route routes[HTTP_MAX_ROUTES];
	int nroutes;
	unsigned long requests;
};

static void route_cb(struct evhttp_request *req, void *arg)
{
	struct http_route *r = arg;
	r->owner->requests++;
	enum evhttp_cmd_type cmd = evhttp_request_get_command(req);
	if (cmd != EVHTTP_REQ_GET && cmd != EVHTTP_REQ_HEAD) {
		evhttp_send_error(req, 405, "Method Not Allowed");
		return;
	}
	struct evbuffer *out = evbuffer_new();
	if (!out) {
		evhttp_send_error(req, 500, "Internal Server Error");
		return;
	}
	int status = r->fn(out, r->arg);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
			  r->content_type);
	evhttp_send_reply(req, status, status == 200 ? "OK" : "Error", out);
	evbuffer_free(out);
}

static void notfound_cb(struct evhttp_request *req, void *arg)
{
	struct http_server *h = arg;
	h->requests++;
	evhttp_send_error(req, 404, "Not Found");
}

struct http_server *http_server_start(struct event_base *base, const char *addr, struct err *e)
{
	struct sockaddr_storage ss;
	int sslen = sizeof ss;
	if (net_addr_parse(addr, (struct sockaddr *)&ss, &sslen) < 0) {
		err_set(e, "--http %s: expected ADDRESS:PORT, e.g. 127.0.0.1:9100 or [::1]:9100",
			addr);
		return NULL;
	}
	char host[64];
	int port;
	if (ss.ss_family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
		evutil_inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
		port = ntohs(sin->sin_port);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
		evutil_inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof host);
		port = ntohs(sin6->sin6_port);
	}
	struct http_server *h = calloc(1, sizeof *h);
	if (!h || !(h->http = evhttp_new(base))) {
		free(h);
		err_set(e, "--http %s: out of memory", addr);
		return NULL;
	}
	if (evhttp_bind_socket(h->http, host, (ev_uint16_t)port) < 0) {
		err_set(e, "--http %s: cannot listen: %s", addr,
			evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
		evhttp_free(h->http);
		free(h);
		return NULL;
	}
	evhttp_set_allowed_methods(h->http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST);
	evhttp_set_timeout(h->http, 10);
	evhttp_set_gencb(h->http, notfound_cb, h);
	return h;
}

int http_server_route(struct http_server *h, const char *path, const char *content_type,
		      http_handler_fn fn, void *arg)
{
	if (h->nroutes == HTTP_MAX_ROUTES)
		return -1;
	struct http_route *r = &h->routes[h->nroutes];
	if (!(r->path = strdup(path)))
		return -1;
	r->owner = h;
	r->content_type = content_type;
	r->fn = fn;
	r->arg = arg;
	if (evhttp_set_cb(h->http, r->path, route_cb, r) != 0) {
		free(r->path);
		return -1;
	}
	h->nroutes++;
	return 0;
}

unsigned long http_server_requests(const struct http_server *h)
{
	return h->requests;
}

void http_server_free(struct http_server *h)
{
	if (!h)
		return;
	evhttp_free(h->http);
	for (int i = 0; i < h->nroutes; i++)
		free(h->routes[i].path);
	free(h);
}

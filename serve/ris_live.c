/* SPDX-License-Identifier: ISC */
/* ris_live.c - RIS Live over a websocket: libevent bufferevents (OpenSSL
 * for wss://), the handshake and frames from lib/core, messages through
 * the RIS Live JSON reader, reconnects with backoff. */
#include "ris_live.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "stop_signals.h"
#include "core/ws_frame.h"
#include "core/ws_handshake.h"
#include "detect/ris_json.h"

#define MAX_HEAD 16384

enum rl_state { RL_IDLE, RL_CONNECTING, RL_HANDSHAKE, RL_OPEN, RL_CLOSING };

struct rl {
	const struct ris_live_opts *o;
	struct ws_url url;
	struct event_base *base;
	SSL_CTX *ssl_ctx;
	struct bufferevent *bev;
	struct event *retry, *sigint, *sigterm, *ticker, *keepalive;
	bool attached; /* o->on_base took the loop */
	enum rl_state state;
	char key[WS_KEY_LEN + 1];
	struct ws_reader wr;
	struct ris_json *rj;
	route_event_fn fn;
	void *arg;
	struct input_ris_stats *st;
	input_warn_fn warn;
	unsigned failures, backoff, backoff_max;
	bool got_message; /* this connection delivered a message */
	bool stop_after_close;
	bool stopping;  /* fn asked to stop or failed */
	int result;     /* what ris_live_run returns */
	struct err err; /* for result -1 */
	unsigned long msgno;
};

static void warnf(struct rl *rl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warnf(struct rl *rl, const char *fmt, ...)
{
	struct err e;
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_set(&e, "%s: %s", rl->o->url, msg);
	rl->warn(rl->o->warn_arg, &e);
}

static void finish(struct rl *rl, int result)
{
	rl->result = result;
	rl->stopping = true;
	event_base_loopbreak(rl->base);
}

static void drop_connection(struct rl *rl)
{
	if (rl->bev)
		bufferevent_free(rl->bev);
	rl->bev = NULL;
	rl->state = RL_IDLE;
	ws_reader_free(&rl->wr);
}

/* The connection failed or ended: retry later, or give up. */
static void failure(struct rl *rl, const char *why)
{
	drop_connection(rl);
	if (rl->stopping)
		return;
	if (rl->got_message) { /* it worked for a while: start over */
		rl->failures = 0;
		rl->backoff = 1;
	}
	rl->got_message = false;
	rl->failures++;
	if (rl->o->max_failures && rl->failures >= rl->o->max_failures) {
		err_set(&rl->err, "%s: %s (giving up after %u failures in a row)", rl->o->url, why,
		        rl->failures);
		finish(rl, -1);
		return;
	}
	warnf(rl, "%s; reconnecting in %u s", why, rl->backoff);
	struct timeval tv = {.tv_sec = rl->backoff};
	evtimer_add(rl->retry, &tv);
	rl->backoff = rl->backoff * 2 > rl->backoff_max ? rl->backoff_max : rl->backoff * 2;
}

static void send_frame(struct rl *rl, uint8_t op, const uint8_t *payload, size_t len)
{
	uint8_t *buf = malloc(len + WS_MAX_HEADER);
	uint8_t mask[4];
	if (!buf || getrandom(mask, sizeof(mask), 0) != (ssize_t)sizeof(mask)) {
		free(buf);
		failure(rl, "out of memory or random bytes sending a frame");
		return;
	}
	size_t n = ws_frame_encode(buf, op, true, mask, payload, len);
	bufferevent_write(rl->bev, buf, n);
	free(buf);
}

static void send_subscribe(struct rl *rl)
{
	const char *sub = rl->o->subscription ? rl->o->subscription : "{}";
	size_t n = strlen(sub) + 64;
	char *msg = malloc(n);
	if (!msg) {
		failure(rl, "out of memory");
		return;
	}
	int len = snprintf(msg, n, "{\"type\":\"ris_subscribe\",\"data\":%s}", sub);
	send_frame(rl, WS_OP_TEXT, (const uint8_t *)msg, (size_t)len);
	free(msg);
}

/* A close frame from the server: answer it, then end the connection once
 * the answer is written (writecb). */
static void on_close_frame(struct rl *rl, const uint8_t *p, size_t len)
{
	unsigned code = len >= 2 ? (unsigned)p[0] << 8 | p[1] : 1005;
	if (rl->state != RL_CLOSING) {
		uint8_t reply[2] = {(uint8_t)(code >> 8), (uint8_t)code};
		send_frame(rl, WS_OP_CLOSE, reply, code == 1005 ? 0 : 2);
	}
	rl->state = RL_CLOSING;
	rl->stop_after_close = code == 1000 && rl->o->stop_on_close;
	if (code != 1000)
		warnf(rl, "server closed the connection with code %u: %.*s", code,
		      (int)(len > 2 ? (len - 2 > 120 ? 120 : len - 2) : 0), (const char *)p + 2);
}

static int on_message(void *arg, uint8_t opcode, const uint8_t *data, size_t len, struct err *e)
{
	struct rl *rl = arg;
	switch (opcode) {
	case WS_OP_TEXT:
	case WS_OP_BINARY: {
		if (rl->state == RL_CLOSING)
			return 0;
		rl->got_message = true;
		int rc =
		    input_ris_message(rl->rj, (const char *)data, len, rl->o->url, ++rl->msgno,
		                      rl->st, rl->warn, rl->o->warn_arg, rl->fn, rl->arg, &rl->err);
		if (rc != 0) {
			finish(rl, rc);
			return err_set(e, "stopped");
		}
		return 0;
	}
	case WS_OP_PING:
		send_frame(rl, WS_OP_PONG, data, len);
		return 0;
	case WS_OP_CLOSE:
		on_close_frame(rl, data, len);
		return 0;
	default:
		return 0;
	}
}

/* Complete frames in the input buffer: pull up one frame at a time. */
static void read_frames(struct rl *rl, struct evbuffer *in)
{
	while (rl->bev && !rl->stopping) {
		size_t have = evbuffer_get_length(in);
		uint8_t *h =
		    evbuffer_pullup(in, (ssize_t)(have < WS_MAX_HEADER ? have : WS_MAX_HEADER));
		struct ws_frame f;
		struct err e;
		int rc = ws_frame_header(h, have < WS_MAX_HEADER ? have : WS_MAX_HEADER,
		                         rl->wr.max_message, false, &f, &e);
		if (rc < 0) {
			failure(rl, e.msg);
			return;
		}
		if (rc == 0 || have < f.header_len + f.len)
			return;
		size_t total = f.header_len + (size_t)f.len;
		uint8_t *p = evbuffer_pullup(in, (ssize_t)total);
		long used = ws_reader_feed(&rl->wr, p, total, on_message, rl, &e);
		if (rl->stopping)
			return;
		if (used < 0) {
			failure(rl, e.msg);
			return;
		}
		evbuffer_drain(in, total);
	}
}

static void handshake(struct rl *rl, struct evbuffer *in)
{
	struct evbuffer_ptr pos = evbuffer_search(in, "\r\n\r\n", 4, NULL);
	if (pos.pos < 0) {
		if (evbuffer_get_length(in) > MAX_HEAD)
			failure(rl, "handshake response head too long");
		return;
	}
	size_t head = (size_t)pos.pos + 4;
	const char *p = (const char *)evbuffer_pullup(in, (ssize_t)head);
	struct err e;
	if (ws_response_check(p, head, rl->key, &e) < 0) {
		failure(rl, e.msg);
		return;
	}
	evbuffer_drain(in, head);
	rl->state = RL_OPEN;
	send_subscribe(rl);
}

static void readcb(struct bufferevent *bev, void *arg)
{
	struct rl *rl = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	if (rl->state == RL_HANDSHAKE)
		handshake(rl, in);
	if (rl->state == RL_OPEN || rl->state == RL_CLOSING)
		read_frames(rl, in);
}

static void writecb(struct bufferevent *bev, void *arg)
{
	struct rl *rl = arg;
	if (rl->state != RL_CLOSING || evbuffer_get_length(bufferevent_get_output(bev)) > 0)
		return;
	if (rl->stop_after_close) {
		drop_connection(rl);
		finish(rl, 0);
		return;
	}
	failure(rl, "server closed the connection");
}

/* A readable description of what went wrong on bev. */
static void describe(struct bufferevent *bev, short what, char *buf, size_t n)
{
	unsigned long ssl_err = bufferevent_get_openssl_error(bev);
	if (ssl_err) {
		char s[256];
		ERR_error_string_n(ssl_err, s, sizeof(s));
		snprintf(buf, n, "TLS: %s", s);
	} else if (what & BEV_EVENT_TIMEOUT) {
		snprintf(buf, n, "no data for too long");
	} else if (what & BEV_EVENT_EOF) {
		snprintf(buf, n, "connection closed by the server");
	} else {
		int err = EVUTIL_SOCKET_ERROR();
		snprintf(buf, n, "%s",
		         err ? evutil_socket_error_to_string(err) : "connection error");
	}
}

static void eventcb(struct bufferevent *bev, short what, void *arg)
{
	struct rl *rl = arg;
	if (what & BEV_EVENT_CONNECTED) {
		struct err e;
		char req[2048];
		size_t n;
		if (ws_key_new(rl->key, &e) < 0 ||
		    !(n = ws_request(req, sizeof(req), &rl->url, rl->key))) {
			failure(rl, "cannot build the upgrade request");
			return;
		}
		rl->state = RL_HANDSHAKE;
		bufferevent_write(bev, req, n);
		return;
	}
	char why[300];
	describe(bev, what, why, sizeof(why));
	if (rl->state == RL_CLOSING && rl->stop_after_close) {
		drop_connection(rl);
		finish(rl, 0);
		return;
	}
	failure(rl, why);
}

static struct bufferevent *new_bev(struct rl *rl)
{
	if (!rl->url.tls)
		return bufferevent_socket_new(rl->base, -1, BEV_OPT_CLOSE_ON_FREE);
	SSL *ssl = SSL_new(rl->ssl_ctx);
	if (!ssl)
		return NULL;
	struct in6_addr ip;
	bool literal = inet_pton(AF_INET, rl->url.host, &ip) == 1 ||
	               inet_pton(AF_INET6, rl->url.host, &ip) == 1;
	if (literal) { /* no SNI for addresses (RFC 6066 3); check the IP SAN */
		X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), rl->url.host);
	} else {
		SSL_set_tlsext_host_name(ssl, rl->url.host);
		SSL_set1_host(ssl, rl->url.host);
	}
	struct bufferevent *bev = bufferevent_openssl_socket_new(
	    rl->base, -1, ssl, BUFFEREVENT_SSL_CONNECTING, BEV_OPT_CLOSE_ON_FREE);
	if (!bev)
		SSL_free(ssl);
	else
		bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
	return bev;
}

static void connect_now(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct rl *rl = arg;
	char port[8];
	snprintf(port, sizeof(port), "%u", rl->url.port);
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *ai;
	int gai = getaddrinfo(rl->url.host, port, &hints, &ai);
	if (gai != 0) {
		char why[300];
		snprintf(why, sizeof(why), "cannot resolve %s: %s", rl->url.host,
		         gai_strerror(gai));
		failure(rl, why);
		return;
	}
	rl->bev = new_bev(rl);
	if (!rl->bev) {
		freeaddrinfo(ai);
		failure(rl, "cannot create a connection");
		return;
	}
	ws_reader_init(&rl->wr, false, rl->o->max_message);
	bufferevent_setcb(rl->bev, readcb, writecb, eventcb, rl);
	struct timeval idle = {.tv_sec = rl->o->idle_timeout ? rl->o->idle_timeout : 120};
	struct timeval wr = {.tv_sec = 30};
	bufferevent_set_timeouts(rl->bev, &idle, &wr);
	bufferevent_enable(rl->bev, EV_READ | EV_WRITE);
	rl->state = RL_CONNECTING;
	int rc = bufferevent_socket_connect(rl->bev, ai->ai_addr, (int)ai->ai_addrlen);
	freeaddrinfo(ai);
	if (rc < 0)
		failure(rl, "connect failed");
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	struct rl *rl = arg;
	drop_connection(rl);
	finish(rl, 0);
}

/* A quiet subscription may send nothing for hours: ping well within the
 * idle timeout so that the pong keeps the connection counted as alive. */
static void on_keepalive(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct rl *rl = arg;
	if (rl->state == RL_OPEN)
		send_frame(rl, WS_OP_PING, (const uint8_t *)"manrs", 5);
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct rl *rl = arg;
	rl->o->tick(rl->arg);
}

static int setup(struct rl *rl, struct err *e)
{
	rl->base = event_base_new();
	rl->rj = ris_json_new();
	if (!rl->base || !rl->rj)
		return err_set(e, "out of memory");
	if (rl->o->on_base && rl->o->on_base(rl->o->on_base_arg, rl->base, e))
		return -1;
	rl->attached = rl->o->on_base != NULL;
	if (rl->url.tls) {
		rl->ssl_ctx = SSL_CTX_new(TLS_client_method());
		if (!rl->ssl_ctx)
			return err_set(e, "%s: cannot set up TLS", rl->o->url);
		int ok = rl->o->ca_file
		             ? SSL_CTX_load_verify_locations(rl->ssl_ctx, rl->o->ca_file, NULL)
		             : SSL_CTX_set_default_verify_paths(rl->ssl_ctx);
		if (ok != 1)
			return err_set(e, "%s: cannot load trust anchors%s%s", rl->o->url,
			               rl->o->ca_file ? " from " : "",
			               rl->o->ca_file ? rl->o->ca_file : "");
		SSL_CTX_set_verify(rl->ssl_ctx, SSL_VERIFY_PEER, NULL);
		SSL_CTX_set_min_proto_version(rl->ssl_ctx, TLS1_2_VERSION);
	}
	rl->retry = evtimer_new(rl->base, connect_now, rl);
	rl->sigint = evsignal_new(rl->base, SIGINT, on_signal, rl);
	rl->sigterm = evsignal_new(rl->base, SIGTERM, on_signal, rl);
	if (!rl->retry || !rl->sigint || !rl->sigterm)
		return err_set(e, "out of memory");
	evsignal_add(rl->sigint, NULL);
	evsignal_add(rl->sigterm, NULL);
	unsigned idle = rl->o->idle_timeout ? rl->o->idle_timeout : 120;
	struct timeval ka = {.tv_sec = idle / 3, .tv_usec = (idle % 3) * 333333};
	rl->keepalive = event_new(rl->base, -1, EV_PERSIST, on_keepalive, rl);
	if (!rl->keepalive || event_add(rl->keepalive, &ka) < 0)
		return err_set(e, "out of memory");
	if (rl->o->tick) {
		unsigned ms = rl->o->tick_ms ? rl->o->tick_ms : 1000;
		struct timeval tv = {.tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000};
		rl->ticker = event_new(rl->base, -1, EV_PERSIST, on_tick, rl);
		if (!rl->ticker || event_add(rl->ticker, &tv) < 0)
			return err_set(e, "out of memory");
	}
	return 0;
}

static void teardown(struct rl *rl)
{
	drop_connection(rl);
	if (rl->retry)
		event_free(rl->retry);
	/* the monitor's drain and summary run to their end */
	stop_signals_free((struct event *[]){rl->sigint, rl->sigterm}, 2);
	if (rl->ticker)
		event_free(rl->ticker);
	if (rl->keepalive)
		event_free(rl->keepalive);
	if (rl->attached)
		rl->o->on_base(rl->o->on_base_arg, NULL, NULL);
	if (rl->ssl_ctx)
		SSL_CTX_free(rl->ssl_ctx);
	if (rl->base)
		event_base_free(rl->base);
	ris_json_free(rl->rj);
}

/* The subscription must be one JSON object (it is sent as is). */
static int check_subscription(const char *s, struct err *e)
{
	if (!s)
		return 0;
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t'))
		n--;
	if (n < 2 || s[0] != '{' || s[n - 1] != '}')
		return err_set(e, "RIS Live subscription must be a JSON object, got \"%.60s\"", s);
	return 0;
}

int ris_live_run(const struct ris_live_opts *o, route_event_fn fn, void *arg,
                 struct input_ris_stats *st, struct err *e)
{
	struct rl rl = {.o = o, .fn = fn, .arg = arg, .st = st, .backoff = 1};
	rl.warn = o->warn ? o->warn : input_warn_stderr;
	rl.backoff_max = o->backoff_max ? o->backoff_max : 60;
	if (ws_url_parse(o->url, &rl.url, e) < 0 || check_subscription(o->subscription, e) < 0)
		return -1;
	int rc = setup(&rl, e);
	if (rc == 0) {
		connect_now(-1, 0, &rl);
		if (!rl.stopping)
			event_base_dispatch(rl.base);
		rc = rl.result;
		if (rc < 0)
			*e = rl.err;
	}
	teardown(&rl);
	return rc;
}

/* whois_server.c - whois transport: accept, read query lines, queue the
 * answers, apply back-pressure and timeouts. Query semantics live in
 * whois_query.c / whois_answer.c. */
#include "whois_server.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/listener.h>
#include <event2/util.h>

#include "core/log.h"
#include "core/net_addr.h"
#include "whois_answer.h"
#include "whois_query.h"

#define MAX_LISTENERS 8

struct conn {
	struct whois_server *srv;
	struct bufferevent *bev;
	struct whois_session session;
	struct conn *prev, *next;
	int closing; /* answer queued, close when it has been written */
	int paused;  /* reading stopped for back-pressure */
};

struct whois_server {
	struct event_base *base;
	struct whois_server_opts o;
	struct evconnlistener *listeners[MAX_LISTENERS];
	int nlisteners;
	struct irr_db *db;
	struct conn *conns;
	struct whois_server_stats st;
};

static void conn_free(struct conn *c)
{
	struct whois_server *s = c->srv;

	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	bufferevent_free(c->bev);
	s->st.clients--;
	free(c);
}

static void set_timeouts(struct conn *c)
{
	unsigned t = c->session.timeout ? c->session.timeout : c->srv->o.idle_timeout;
	struct timeval tv = {(time_t)t, 0};

	bufferevent_set_timeouts(c->bev, &tv, &tv);
}

/* Answer every complete line in the input until the output backlog is too
 * big. Returns -1 when c was freed. */
static int process(struct conn *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	struct evbuffer *out = bufferevent_get_output(c->bev);
	struct whois_server *s = c->srv;

	while (!c->closing) {
		struct whois_query q;
		size_t len;
		char *line;
		int act;

		if (evbuffer_get_length(out) >= s->o.out_high) {
			/* back-pressure: resume from the write callback */
			c->paused = 1;
			bufferevent_disable(c->bev, EV_READ);
			return 0;
		}
		line = evbuffer_readln(in, &len, EVBUFFER_EOL_LF);
		if (!line) {
			if (evbuffer_get_length(in) > WHOIS_MAX_LINE) {
				evbuffer_add_printf(out, "F Query too long\n");
				s->st.errors++;
				c->closing = 1;
			}
			break;
		}
		whois_query_parse(line, len, &q);
		free(line);
		if (q.cmd == WHOIS_EMPTY)
			continue;
		s->st.queries++;
		if (q.cmd == WHOIS_ERROR)
			s->st.errors++;
		if (!s->db) {
			evbuffer_add_printf(out, "F Database not loaded yet\n");
			act = WHOIS_ACT_CONTINUE;
		} else {
			act = whois_answer(&c->session, s->db, &q, out);
		}
		if (q.cmd == WHOIS_TIMEOUT)
			set_timeouts(c);
		/* IRRd answers one query and closes unless !! or -k was given */
		if (act != WHOIS_ACT_CONTINUE ||
		    (!c->session.persistent && q.cmd != WHOIS_PERSIST))
			c->closing = 1;
	}
	if (c->closing) {
		bufferevent_disable(c->bev, EV_READ);
		if (evbuffer_get_length(out) == 0) {
			conn_free(c);
			return -1;
		}
	}
	return 0;
}

static void on_read(struct bufferevent *bev, void *arg)
{
	process(arg);
}

static void on_write(struct bufferevent *bev, void *arg)
{
	struct conn *c = arg;

	/* called when the output has drained completely */
	if (c->closing) {
		conn_free(c);
		return;
	}
	if (c->paused) {
		c->paused = 0;
		bufferevent_enable(c->bev, EV_READ);
		process(c);
	}
}

static void on_event(struct bufferevent *bev, short what, void *arg)
{
	struct conn *c = arg;

	if (what & BEV_EVENT_EOF) {
		/* the client half-closed: answer what it sent, then close */
		if (process(c) < 0)
			return;
		c->closing = 1;
		if (evbuffer_get_length(bufferevent_get_output(bev)) && !(what & BEV_EVENT_ERROR))
			return;
	}
	conn_free(c);
}

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int salen,
		      void *arg)
{
	struct whois_server *s = arg;
	struct conn *c;

	if (s->st.clients >= s->o.max_clients) {
		static const char msg[] = "F Too many connections\n";

		s->st.refused++;
		(void)!send(fd, msg, sizeof msg - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
		evutil_closesocket(fd);
		return;
	}
	c = calloc(1, sizeof *c);
	if (!c) {
		evutil_closesocket(fd);
		return;
	}
	c->srv = s;
	whois_session_init(&c->session);
	c->bev = bufferevent_socket_new(s->base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (!c->bev) {
		evutil_closesocket(fd);
		free(c);
		return;
	}
	c->next = s->conns;
	if (s->conns)
		s->conns->prev = c;
	s->conns = c;
	s->st.clients++;
	s->st.accepted++;
	bufferevent_setcb(c->bev, on_read, on_write, on_event, c);
	set_timeouts(c);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
}

static void on_accept_error(struct evconnlistener *l, void *arg)
{
	int e = EVUTIL_SOCKET_ERROR();

	/* EMFILE and friends: keep serving the clients we have */
	log_warn("whois: accept: %s", evutil_socket_error_to_string(e));
}

struct whois_server *whois_server_new(struct event_base *base, const struct whois_server_opts *o)
{
	struct whois_server *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	s->base = base;
	if (o)
		s->o = *o;
	if (!s->o.idle_timeout)
		s->o.idle_timeout = 300;
	if (!s->o.out_high)
		s->o.out_high = 4u << 20;
	if (!s->o.max_clients)
		s->o.max_clients = 1024;
	return s;
}

int whois_server_listen(struct whois_server *s, const char *addr, struct err *e)
{
	struct sockaddr_storage ss;
	int len = sizeof ss;
	struct evconnlistener *l;

	if (s->nlisteners >= MAX_LISTENERS)
		return err_set(e, "too many listen addresses (max %d)", MAX_LISTENERS);
	memset(&ss, 0, sizeof ss);
	if (net_addr_parse(addr, (struct sockaddr *)&ss, &len) < 0)
		return err_set(e, "bad listen address '%s' (want 127.0.0.1:43 or [::1]:43)", addr);
	l = evconnlistener_new_bind(s->base, on_accept, s,
				    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC,
				    128, (struct sockaddr *)&ss, len);
	if (!l)
		return err_set(e, "cannot listen on %s: %s", addr,
			       evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
	evconnlistener_set_error_cb(l, on_accept_error);
	s->listeners[s->nlisteners++] = l;
	return 0;
}

void whois_server_set_db(struct whois_server *s, struct irr_db *db)
{
	struct irr_db *old = s->db;

	s->db = db;
	irr_db_free(old);
}

const struct irr_db *whois_server_db(const struct whois_server *s)
{
	return s->db;
}

void whois_server_get_stats(const struct whois_server *s, struct whois_server_stats *st)
{
	*st = s->st;
}

void whois_server_free(struct whois_server *s)
{
	if (!s)
		return;
	while (s->conns)
		conn_free(s->conns);
	for (int i = 0; i < s->nlisteners; i++)
		evconnlistener_free(s->listeners[i]);
	irr_db_free(s->db);
	free(s);
}

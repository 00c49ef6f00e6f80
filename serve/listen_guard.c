/* SPDX-License-Identifier: ISC */
/* listen_guard.c - pause a listener after a failed accept(), rate-limit the
 * log line, and size the client limit from RLIMIT_NOFILE. */
#include "listen_guard.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <event2/util.h>

#include "core/net_addr.h"

#include "core/log.h"

struct listen_guard {
	struct evconnlistener *listener;
	struct event *resume;
	const char *tag;
	evconnlistener_cb accepted;
	void *arg;
	uint64_t failures;
	struct log_limit log;
	bool owns_listener; /* made by listen_guard_bind: closed with the guard */
};

int log_limit_allow(struct log_limit *ll, unsigned max_per_second, unsigned *suppressed)
{
	time_t now = time(NULL);
	if (now != ll->second) {
		ll->second = now;
		ll->count = 0;
	}
	if (ll->count >= max_per_second) {
		ll->suppressed++;
		return 0;
	}
	ll->count++;
	if (suppressed)
		*suppressed = ll->suppressed;
	ll->suppressed = 0;
	return 1;
}

static void resume_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct listen_guard *g = arg;
	evconnlistener_enable(g->listener);
}

static void accept_cb(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int salen,
                      void *arg)
{
	struct listen_guard *g = arg;
	g->accepted(l, fd, sa, salen, g->arg);
}

static void error_cb(struct evconnlistener *l, void *arg)
{
	struct listen_guard *g = arg;
	int err = EVUTIL_SOCKET_ERROR();
	g->failures++;
	/* Leave the connection in the backlog and try again shortly: by then
	 * a client may have gone and freed a descriptor. */
	evconnlistener_disable(l);
	struct timeval tv = {0, LISTEN_GUARD_PAUSE_MS * 1000};
	evtimer_add(g->resume, &tv);
	unsigned dropped = 0;
	if (!log_limit_allow(&g->log, 1, &dropped))
		return;
	if (dropped)
		log_warn("%s: accept failed: %s; pausing accepts for %d ms (%u more failures "
		         "not logged)",
		         g->tag, strerror(err), LISTEN_GUARD_PAUSE_MS, dropped);
	else
		log_warn("%s: accept failed: %s; pausing accepts for %d ms", g->tag, strerror(err),
		         LISTEN_GUARD_PAUSE_MS);
}

struct listen_guard *listen_guard_new(struct event_base *base, struct evconnlistener *l,
                                      const char *tag, evconnlistener_cb cb, void *arg)
{
	struct listen_guard *g = calloc(1, sizeof *g);
	if (!g)
		return NULL;
	g->listener = l;
	g->tag = tag;
	g->accepted = cb;
	g->arg = arg;
	g->resume = evtimer_new(base, resume_cb, g);
	if (!g->resume) {
		free(g);
		return NULL;
	}
	/* Both callbacks get the listener's argument: make it the guard. */
	evconnlistener_set_cb(l, accept_cb, g);
	evconnlistener_set_error_cb(l, error_cb);
	return g;
}

void listen_guard_free(struct listen_guard *g)
{
	if (!g)
		return;
	evconnlistener_set_error_cb(g->listener, NULL);
	evconnlistener_set_cb(g->listener, g->accepted, g->arg);
	event_free(g->resume);
	free(g);
}

struct listen_guard *listen_guard_bind(struct event_base *base, const char *addr, int backlog,
                                       const char *tag, evconnlistener_cb cb, void *arg,
                                       struct err *e)
{
	struct sockaddr_storage ss;
	int len = sizeof ss;
	memset(&ss, 0, sizeof ss);
	if (net_addr_parse(addr, (struct sockaddr *)&ss, &len) < 0) {
		err_set(e,
		        "%s: listen address %s: expected ADDRESS:PORT (127.0.0.1:PORT, [::1]:PORT)",
		        tag, addr);
		return NULL;
	}
	unsigned flags = LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC;
	/* [::]:P then covers IPv6 only, so 0.0.0.0:P can be given beside it */
	if (ss.ss_family == AF_INET6)
		flags |= LEV_OPT_BIND_IPV6ONLY;
	/* no callback yet: the listener stays disabled until the guard takes it */
	struct evconnlistener *l =
	    evconnlistener_new_bind(base, NULL, NULL, flags, backlog, (struct sockaddr *)&ss, len);
	if (!l) {
		err_set(e, "%s: cannot listen on %s: %s", tag, addr,
		        evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
		return NULL;
	}
	struct listen_guard *g = listen_guard_new(base, l, tag, cb, arg);
	if (!g) {
		evconnlistener_free(l);
		err_set(e, "%s: listen on %s: out of memory", tag, addr);
		return NULL;
	}
	g->owns_listener = true;
	return g;
}

void listen_guard_close(struct listen_guard *g)
{
	if (!g)
		return;
	struct evconnlistener *l = g->owns_listener ? g->listener : NULL;
	listen_guard_free(g);
	if (l)
		evconnlistener_free(l);
}

evutil_socket_t listen_guard_fd(const struct listen_guard *g)
{
	return evconnlistener_get_fd(g->listener);
}

uint64_t listen_guard_failures(const struct listen_guard *g)
{
	return g ? g->failures : 0;
}

unsigned long listen_guard_fd_limit(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		return 0;
	return (unsigned long)rl.rlim_cur;
}

unsigned listen_guard_default_clients(unsigned reserve)
{
	unsigned long lim = listen_guard_fd_limit();
	if (!lim)
		return 0;
	if (lim <= (unsigned long)reserve + 1)
		return 1;
	unsigned long n = lim - reserve;
	return n > 0xffffffffUL ? 0xffffffffU : (unsigned)n;
}

/* SPDX-License-Identifier: ISC */
/* listen_guard.c - pause a listener after a failed accept(), rate-limit the
 * log line, and size the client limit from RLIMIT_NOFILE. */
#include "listen_guard.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <event2/util.h>

#include "core/log.h"

struct listen_guard {
	struct evconnlistener *listener;
	struct event *resume;
	const char *tag;
	evconnlistener_cb accepted;
	void *arg;
	uint64_t failures;
	struct log_limit log;
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

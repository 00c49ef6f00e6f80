/* SPDX-License-Identifier: ISC */
/* test_listen_guard.c - a listener out of file descriptors pauses instead
 * of spinning, resumes once descriptors are free, and the client limit is
 * derived from RLIMIT_NOFILE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/listener.h>

#include "core/log.h"
#include "listen_guard.h"

static void test_log_limit(void **state)
{
	(void)state;
	struct log_limit ll;
	memset(&ll, 0, sizeof ll);
	unsigned dropped = 99;
	time_t t0 = time(NULL);
	unsigned allowed = 0, calls = 0;
	/* Within one second at most 3 lines pass. */
	while (time(NULL) == t0 && calls < 1000) {
		allowed += (unsigned)log_limit_allow(&ll, 3, &dropped);
		calls++;
	}
	if (time(NULL) != t0)
		skip(); /* the second turned over mid-test: nothing was measured */
	assert_true(allowed <= 3);
	assert_int_equal(ll.suppressed, calls - allowed);
}

static void test_default_clients(void **state)
{
	(void)state;
	struct rlimit old, rl;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
	rl = old;
	rl.rlim_cur = 200;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &rl), 0);
	assert_int_equal(listen_guard_fd_limit(), 200);
	assert_int_equal(listen_guard_default_clients(64), 136);
	assert_int_equal(listen_guard_default_clients(500), 1);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
}

struct accepted {
	int n;
};

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int salen,
                      void *arg)
{
	(void)l;
	(void)sa;
	(void)salen;
	struct accepted *a = arg;
	a->n++;
	close(fd);
}

static void run_for(struct event_base *base, long ms)
{
	struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
	event_base_loopexit(base, &tv);
	event_base_dispatch(base);
}

/* Exhaust descriptors, connect: the accept() failures must be a handful
 * (one per pause), not a busy loop; once a descriptor is free the waiting
 * connection is accepted. */
static void test_emfile_pauses(void **state)
{
	(void)state;
	log_set_level(LOG_LEVEL_ERR);
	struct event_base *base = event_base_new();
	assert_non_null(base);
	struct sockaddr_in sin;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct accepted acc = {0};
	struct evconnlistener *l = evconnlistener_new_bind(base, NULL, NULL, LEV_OPT_CLOSE_ON_FREE,
	                                                   16, (struct sockaddr *)&sin, sizeof sin);
	assert_non_null(l);
	struct listen_guard *g = listen_guard_new(base, l, "test", on_accept, &acc);
	assert_non_null(g);
	socklen_t slen = sizeof sin;
	assert_int_equal(getsockname(evconnlistener_get_fd(l), (struct sockaddr *)&sin, &slen), 0);
	int client = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(client >= 0);

	struct rlimit old, rl;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
	rl = old;
	rl.rlim_cur = 64;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &rl), 0);
	int fill[64], nfill = 0;
	while (nfill < 64 && (fill[nfill] = open("/dev/null", O_RDONLY)) >= 0)
		nfill++;
	assert_true(nfill < 64); /* the table is full */

	assert_int_equal(connect(client, (struct sockaddr *)&sin, sizeof sin), 0);
	run_for(base, 550);
	uint64_t fails = listen_guard_failures(g);
	assert_int_equal(acc.n, 0);
	assert_true(fails >= 1);
	assert_true(fails <= 10); /* ~1 per 100 ms pause; unguarded it spins */

	for (int i = 0; i < nfill; i++)
		close(fill[i]);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
	run_for(base, 300);
	assert_int_equal(acc.n, 1);

	close(client);
	listen_guard_free(g);
	evconnlistener_free(l);
	event_base_free(base);
}

/* listen_guard_bind: errors name the service and address; [::]:P is
 * IPv6-only, so 0.0.0.0:P binds beside it; a connection reaches cb. */
static void test_bind(void **state)
{
	(void)state;
	struct event_base *base = event_base_new();
	struct err e;
	struct accepted accepted = {0};
	assert_null(listen_guard_bind(base, "nonsense", 8, "rtr", on_accept, &accepted, &e));
	assert_non_null(strstr(e.msg, "rtr: listen address nonsense"));
	struct listen_guard *v4 =
	    listen_guard_bind(base, "127.0.0.1:0", 8, "t", on_accept, &accepted, &e);
	assert_non_null(v4);
	struct sockaddr_in sin;
	socklen_t sl = sizeof sin;
	assert_int_equal(getsockname(listen_guard_fd(v4), (struct sockaddr *)&sin, &sl), 0);
	char addr[32];
	snprintf(addr, sizeof addr, "127.0.0.1:%u", ntohs(sin.sin_port));
	assert_null(listen_guard_bind(base, addr, 8, "t", on_accept, &accepted, &e));
	assert_non_null(strstr(e.msg, "t: cannot listen on 127.0.0.1:"));
	char any6[32];
	snprintf(any6, sizeof any6, "[::]:%u", ntohs(sin.sin_port));
	struct listen_guard *v6 = listen_guard_bind(base, any6, 8, "t", on_accept, &accepted, &e);
	if (!v6 && !strstr(e.msg, "Address family not supported"))
		fail_msg("%s", e.msg); /* a machine without IPv6 may refuse */
	int c = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(connect(c, (struct sockaddr *)&sin, sl), 0);
	for (int i = 0; i < 100 && !accepted.n; i++)
		event_base_loop(base, EVLOOP_ONCE | EVLOOP_NONBLOCK), usleep(10000);
	assert_int_equal(accepted.n, 1);
	close(c);
	listen_guard_close(v6);
	listen_guard_close(v4);
	event_base_free(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_log_limit),
	    cmocka_unit_test(test_default_clients),
	    cmocka_unit_test(test_emfile_pauses),
	    cmocka_unit_test(test_bind),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

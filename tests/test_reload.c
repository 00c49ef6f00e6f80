/* SPDX-License-Identifier: ISC */
/* test_reload.c - serve/reload: file stamps see rewrites within the same
 * second, a first load runs on the caller, a changed file reloads on the
 * worker and swaps on the loop, a request during a load runs once more,
 * and freeing during a load discards the result. Also the RTR server's
 * lifecycle on a given base (create, reload, reconfigure, free). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <event2/event.h>

#include "reload.h"
#include "rtr_server.h"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Set path's mtime to sec.nsec exactly. */
static void set_mtime(const char *path, time_t sec, long nsec)
{
	struct timespec ts[2] = {{sec, nsec}, {sec, nsec}};
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static char dir[] = "/tmp/manrs_test_reload_XXXXXX";

static void path_in(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", dir, name);
}

static void test_stamps(void **state)
{
	(void)state;
	char p[256];
	path_in(p, sizeof p, "a.txt");
	write_file(p, "one\n");
	set_mtime(p, 1700000000, 100);
	struct reload_stamp a, b;
	reload_stamp_take(&a, p);
	assert_true(a.exists);
	reload_stamp_take(&b, p);
	assert_false(reload_stamp_differs(&a, &b));
	/* same size, same second, other nanoseconds: a change */
	write_file(p, "two\n");
	set_mtime(p, 1700000000, 200);
	reload_stamp_take(&b, p);
	assert_true(reload_stamp_differs(&a, &b));
	/* gone: a change too */
	unlink(p);
	reload_stamp_take(&b, p);
	assert_false(b.exists);
	assert_true(reload_stamp_differs(&a, &b));
}

/* A service whose "data" is the number of loads. */
struct svc {
	struct event_base *base;
	int loads, swaps, discards, changed;
	int stop_after; /* break the loop after this many swaps */
	char why[32];
};

static void *svc_load(void *arg)
{
	struct svc *s = arg;
	int *n = malloc(sizeof *n);
	if (n)
		*n = __atomic_add_fetch(&s->loads, 1, __ATOMIC_SEQ_CST);
	return n;
}

static int svc_swap(void *arg, void *result, const char *why, double seconds)
{
	struct svc *s = arg;
	assert_non_null(result);
	assert_true(seconds >= 0);
	free(result);
	s->swaps++;
	snprintf(s->why, sizeof s->why, "%s", why);
	if (s->stop_after && s->swaps >= s->stop_after)
		event_base_loopbreak(s->base);
	return 0;
}

static void svc_discard(void *arg, void *result)
{
	struct svc *s = arg;
	s->discards++;
	free(result);
}

static void svc_changed(void *arg, const char *path)
{
	struct svc *s = arg;
	assert_non_null(strstr(path, "watched.txt"));
	s->changed++;
}

/* Bound every loop run: a broken reloader must fail, not hang. */
static void run_bounded(struct event_base *base, int seconds)
{
	struct timeval tv = {seconds, 0};
	event_base_loopexit(base, &tv);
	event_base_dispatch(base);
}

static void test_watch_and_reload(void **state)
{
	(void)state;
	char p[256];
	path_in(p, sizeof p, "watched.txt");
	write_file(p, "v1\n");
	set_mtime(p, 1700000000, 1);
	const char *files[] = {p};
	struct svc s = {0};
	s.base = event_base_new();
	assert_non_null(s.base);
	struct reload_config cfg = {files,    1,           1,           1,    svc_load,
	                            svc_swap, svc_discard, svc_changed, NULL, &s};
	struct err e;
	struct reloader *r = reloader_new(s.base, &cfg, &e);
	assert_non_null(r);
	assert_int_equal(reloader_load_now(r, "start"), 0);
	assert_int_equal(s.loads, 1);
	assert_string_equal(s.why, "start");
	assert_false(reloader_files_changed(r, NULL));
	/* a rewrite within the same second is seen at the next check */
	write_file(p, "v2\n");
	set_mtime(p, 1700000000, 2);
	s.stop_after = 2;
	run_bounded(s.base, 20);
	assert_int_equal(s.swaps, 2);
	assert_int_equal(s.changed, 1);
	assert_string_equal(s.why, "file changed");
	assert_false(reloader_files_changed(r, NULL));
	/* a request while a load runs: exactly one more pass, with its why */
	reloader_request(r, "SIGHUP");
	reloader_request(r, "again");
	s.stop_after = 4;
	run_bounded(s.base, 20);
	assert_int_equal(s.swaps, 4);
	assert_string_equal(s.why, "again");
	/* freed while loading: the result is discarded, not swapped */
	reloader_request(r, "SIGHUP");
	reloader_free(r);
	assert_int_equal(s.swaps, 4);
	assert_int_equal(s.discards, 1);
	event_base_free(s.base);
	unlink(p);
}

static void test_rtr_server_lifecycle(void **state)
{
	(void)state;
	char v1[256], v2[256];
	path_in(v1, sizeof v1, "vrps1.csv");
	path_in(v2, sizeof v2, "vrps2.csv");
	write_file(v1, "ASN,IP Prefix,Max Length,Trust Anchor\nAS64496,192.0.2.0/24,24,test\n");
	write_file(v2, "ASN,IP Prefix,Max Length,Trust Anchor\nAS64496,192.0.2.0/24,24,test\n"
	               "AS64497,2001:db8::/32,48,test\n");
	struct event_base *base = event_base_new();
	assert_non_null(base);
	struct rtr_server_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.vrp_files[0] = v1;
	cfg.nvrp_files = 1;
	cfg.timers = (struct rtr_timers){3600, 600, 7200, RTR_ASPA_CURRENT};
	cfg.history = 10;
	cfg.timeout = 30;
	cfg.session_id = 7;
	cfg.max_shrink = 100;
	cfg.max_clients = 5;
	struct err e;
	struct rtr_server *srv = rtr_server_new(base, &cfg, &e);
	assert_non_null(srv);
	struct rtr_server_info info;
	rtr_server_info(srv, &info);
	assert_int_equal(info.session_id, 7);
	assert_int_equal(info.vrps4, 1);
	assert_int_equal(info.vrps6, 0);
	assert_int_equal(info.max_clients, 5);
	uint32_t serial = info.serial;

	/* what needs a restart is refused, and nothing changes */
	struct rtr_server_config bad = cfg;
	bad.session_id = 8;
	assert_int_equal(rtr_server_reconfigure(srv, &bad, &e), -1);
	assert_non_null(strstr(e.msg, "session id"));
	bad = cfg;
	bad.listen[0] = "127.0.0.1:8282";
	bad.nlisten = 1;
	assert_int_equal(rtr_server_reconfigure(srv, &bad, &e), -1);
	assert_non_null(strstr(e.msg, "listen"));

	/* new files and limits: reloaded on the worker, swapped on the loop */
	struct rtr_server_config next = cfg;
	next.vrp_files[0] = v2;
	next.max_clients = 9;
	assert_int_equal(rtr_server_reconfigure(srv, &next, &e), 0);
	for (int i = 0; i < 500; i++) { /* at most 10 s: a loaded CI machine */
		rtr_server_info(srv, &info);
		if (info.vrps6 == 1)
			break;
		run_bounded(base, 0);
		usleep(20000);
	}
	rtr_server_info(srv, &info);
	assert_int_equal(info.vrps6, 1);
	assert_int_equal(info.max_clients, 9);
	assert_int_equal(info.serial, serial + 1);
	/* a broken file keeps the served data */
	write_file(v2, "ASN,IP Prefix,Max Length,Trust Anchor\nAS64496,not-a-prefix,24,test\n");
	rtr_server_reload(srv, "test");
	for (int i = 0; i < 500 && info.reloads_failed == 0; i++) {
		run_bounded(base, 0);
		usleep(20000);
		rtr_server_info(srv, &info);
	}
	assert_true(info.reloads_failed + info.reloads_refused >= 1);
	assert_int_equal(info.vrps6, 1);
	/* freed with a load running: nothing leaks (ASan) */
	rtr_server_reload(srv, "test");
	rtr_server_free(srv);
	event_base_free(base);
	unlink(v1);
	unlink(v2);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stamps),
	    cmocka_unit_test(test_watch_and_reload),
	    cmocka_unit_test(test_rtr_server_lifecycle),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

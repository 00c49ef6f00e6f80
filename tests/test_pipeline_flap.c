/* SPDX-License-Identifier: ISC */
/* test_pipeline_flap.c - BGPalerter's notificationIntervalSeconds and
 * alertOnlyOnce in the pipeline: a key is not notified again within the
 * interval (the withheld notifications counted, the latest state sent when
 * the interval ends or the replay does), a key that resolves and comes back
 * within the interval is the same incident with a flap count, and
 * alertOnlyOnce never notifies a key again. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "detect/alert_json.h"
#include "detect/alert_json_read.h"
#include "detect/pipeline.h"

static struct prefix P(const char *s) {
	struct prefix p;
	struct err e;
	if (prefix_parse_host(s, &p, &e) != 0)
		fail_msg("%s", e.msg);
	return p;
}

/* Origin 666 is an offence on channel "fake". */
static void
fake_event(void *self, const struct route_event *ev, const struct route_view *prev,
           struct detect_out *out)
{
	if (ev->type != ROUTE_EV_ANNOUNCE || ev->origin != 666)
		return;
	struct detect_hit hit = {.type = "fake",
	                         .code = "X|0|-|-",
	                         .severity = ALERT_CRITICAL,
	                         .prefix = ev->pfx,
	                         .offender_as = ev->origin,
	                         .description = "fake offence"};
	detect_emit(out, &hit, ev);
}

static void *fake_create(const struct detect_ctx *ctx, struct err *e)
{
	return (void *)ctx;
}

static const struct detector_ops fake_ops = {
    .name = "fake", .create = fake_create, .on_event = fake_event};

#define MAXSEEN 32
struct fixture {
	struct mon_params monitor;
	struct monitor_config cfg;
	struct pipeline *p;
	struct alert seen[MAXSEEN]; /* the versions sinks are told */
	size_t n;
	size_t quiet;        /* versions withheld: for the store only */
	uint32_t quiet_last; /* the version of the last of them */
};

static void record(void *arg, const struct alert *a)
{
	struct fixture *f = arg;
	if (a->withheld) {
		f->quiet++;
		f->quiet_last = a->version;
		return;
	}
	assert_true(f->n < MAXSEEN);
	f->seen[f->n++] = *a;
}

/* A pipeline with config.yml's interval and alertOnlyOnce, and the
 * monitor's own interval (0: the config's). */
static struct fixture *make(unsigned interval, bool once, unsigned monitor_interval)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->monitor = (struct mon_params){.name = "fake-mon",
	                                 .channel = "fake",
	                                 .enabled = true,
	                                 .threshold_min_peers = 1,
	                                 .max_data_samples = 3,
	                                 .notification_interval_seconds = monitor_interval};
	f->cfg.monitors = &f->monitor;
	f->cfg.nmonitors = 1;
	f->cfg.notification_interval_seconds = interval;
	f->cfg.alert_only_once = once;
	struct detect_ctx ctx = {.cfg = &f->cfg};
	const struct detector_ops *ops[] = {&fake_ops, NULL};
	struct err e;
	f->p = pipeline_new_ops(&ctx, ops, record, f, &e);
	assert_non_null(f->p);
	return f;
}

static void done(struct fixture *f)
{
	pipeline_free(f->p);
	free(f);
}

/* Peer n announces pfx from origin (666: the offence) at time t. */
static void announce_pfx(struct fixture *f, int n, const char *pfx, uint32_t origin, uint32_t t)
{
	char addr[32];
	snprintf(addr, sizeof addr, "192.0.2.%d", n);
	uint32_t path[2] = {64500u + n, origin};
	struct route_event ev = {.type = ROUTE_EV_ANNOUNCE,
	                         .time = t,
	                         .source = "rrc00",
	                         .peer_as = 64500u + n,
	                         .peer_addr = P(addr),
	                         .pfx = P(pfx),
	                         .path = path,
	                         .path_len = 2,
	                         .origin = origin};
	struct err e;
	assert_int_equal(pipeline_feed(f->p, &ev, &e), 0);
}

/* Peer n announces 10.0.0.0/8 from origin (666: the offence) at time t. */
static void announce(struct fixture *f, int n, uint32_t origin, uint32_t t)
{
	char addr[32];
	snprintf(addr, sizeof addr, "192.0.2.%d", n);
	uint32_t path[2] = {64500u + n, origin};
	struct route_event ev = {.type = ROUTE_EV_ANNOUNCE,
	                         .time = t,
	                         .source = "rrc00",
	                         .peer_as = 64500u + n,
	                         .peer_addr = P(addr),
	                         .pfx = P("10.0.0.0/8"),
	                         .path = path,
	                         .path_len = 2,
	                         .origin = origin};
	struct err e;
	assert_int_equal(pipeline_feed(f->p, &ev, &e), 0);
}

static void withdraw(struct fixture *f, int n, uint32_t t)
{
	char addr[32];
	snprintf(addr, sizeof addr, "192.0.2.%d", n);
	struct route_event ev = {.type = ROUTE_EV_WITHDRAW,
	                         .time = t,
	                         .source = "rrc00",
	                         .peer_as = 64500u + n,
	                         .peer_addr = P(addr),
	                         .pfx = P("10.0.0.0/8")};
	struct err e;
	assert_int_equal(pipeline_feed(f->p, &ev, &e), 0);
}

static unsigned long withheld(const struct fixture *f)
{
	struct pipeline_stats st;
	pipeline_get_stats(f->p, &st);
	return st.withheld;
}

/* More peers within the interval: no update goes out until the interval
 * ends; then one, saying how many were withheld. */
static void test_interval_withholds_updates(void **state)
{
	struct fixture *f = make(600, false, 0);
	announce(f, 1, 666, 100);
	assert_int_equal(f->n, 1);
	assert_int_equal(f->seen[0].state, ALERT_OPEN);
	announce(f, 2, 666, 110); /* 2 peers: doubled, an update */
	announce(f, 3, 666, 120);
	announce(f, 4, 666, 130); /* 4 peers: doubled again */
	assert_int_equal(f->n, 1);
	assert_int_equal(withheld(f), 2);
	assert_int_equal(f->quiet, 2); /* the store still gets every version */
	assert_int_equal(f->quiet_last, 3);
	pipeline_tick(f->p, 699);
	assert_int_equal(f->n, 1);
	pipeline_tick(f->p, 700); /* 100 + 600: the interval is over */
	assert_int_equal(f->n, 2);
	assert_int_equal(f->seen[1].state, ALERT_UPDATED);
	assert_int_equal(f->seen[1].id, f->seen[0].id);
	assert_int_equal(f->seen[1].npeers, 4);
	assert_int_equal(f->seen[1].suppressed, 2);
	assert_int_equal(f->seen[1].version, 4);
	done(f);
}

/* A key that resolves and comes back within the interval is the same
 * incident: its resolution goes out (the sinks saw it open), the flaps are
 * withheld and counted, and the state they end in goes out when the
 * interval ends. After the interval it is a new incident. */
static void test_flap_is_one_incident(void **state)
{
	struct fixture *f = make(600, false, 0);
	announce(f, 1, 666, 100);
	withdraw(f, 1, 150);
	assert_int_equal(f->n, 2);
	assert_int_equal(f->seen[1].state, ALERT_RESOLVED);
	uint64_t id = f->seen[0].id;
	for (uint32_t t = 200; t < 500; t += 100) { /* three flaps */
		announce(f, 1, 666, t);
		withdraw(f, 1, t + 50);
	}
	announce(f, 1, 666, 600); /* back, and stays */
	assert_int_equal(f->n, 2);
	assert_int_equal(withheld(f), 7);
	pipeline_tick(f->p, 750); /* 150 + 600 */
	assert_int_equal(f->n, 3);
	assert_int_equal(f->seen[2].state, ALERT_OPEN);
	assert_int_equal(f->seen[2].id, id);
	assert_int_equal(f->seen[2].flaps, 4);
	assert_int_equal(f->seen[2].suppressed, 7);
	assert_int_equal(f->seen[2].first_seen, 100);
	assert_int_equal(f->seen[2].resolved_at, 0);
	withdraw(f, 1, 800); /* the sinks saw it open: the end goes out at once */
	assert_int_equal(f->n, 4);
	assert_int_equal(f->seen[3].state, ALERT_RESOLVED);
	assert_int_equal(f->seen[3].id, id);
	pipeline_tick(f->p, 1400); /* 800 + 600: the incident is over */
	announce(f, 1, 666, 1500);
	assert_int_equal(f->n, 5);
	assert_int_equal(f->seen[4].state, ALERT_OPEN);
	assert_true(f->seen[4].id != id);
	assert_int_equal(f->seen[4].flaps, 0);
	assert_int_equal(f->seen[4].first_seen, 1500);
	done(f);
}

/* A resolved alert that some peers, fewer than the threshold, report again
 * when its interval ends: a new incident from then on, opening under a new
 * id when enough peers see it. */
static void test_dormant_with_peers_restarts(void **state)
{
	struct fixture *f = make(600, false, 0);
	f->monitor.threshold_min_peers = 2;
	announce(f, 1, 666, 100);
	announce(f, 2, 666, 100);
	assert_int_equal(f->n, 1);
	withdraw(f, 1, 110);
	withdraw(f, 2, 110);
	assert_int_equal(f->n, 2);
	announce(f, 1, 666, 120); /* one peer: below the threshold */
	pipeline_tick(f->p, 710); /* 110 + 600: the interval is over */
	assert_int_equal(f->n, 2);
	announce(f, 2, 666, 800);
	assert_int_equal(f->n, 3);
	assert_int_equal(f->seen[2].state, ALERT_OPEN);
	assert_true(f->seen[2].id != f->seen[0].id);
	assert_int_equal(f->seen[2].version, 1);
	assert_int_equal(f->seen[2].flaps, 0);
	assert_int_equal(f->seen[2].first_seen, 710);
	withdraw(f, 1, 900);
	withdraw(f, 2, 900);
	assert_int_equal(f->n, 4);
	assert_int_equal(f->seen[3].state, ALERT_RESOLVED);
	done(f);
}

/* Many keys on the timer heap: withheld updates all go out when their
 * interval ends; resolved at different times, each stays dormant until its
 * own interval ends (11/8 is forgotten, 10/8 still re-opens). */
static void test_many_keys_due_in_order(void **state)
{
	struct fixture *f = make(600, false, 0);
	static const char *const pfx[] = {"10.0.0.0/8", "11.0.0.0/8", "12.0.0.0/8", "13.0.0.0/8",
	                                  "14.0.0.0/8"};
	for (int i = 0; i < 5; i++)
		announce_pfx(f, 1, pfx[i], 666, 100);
	/* a second peer for each: an update withheld each */
	for (int i = 0; i < 5; i++)
		announce_pfx(f, 2, pfx[i], 666, 110 + 10 * (uint32_t)i);
	assert_int_equal(f->n, 5);
	assert_int_equal(f->quiet, 5);
	pipeline_tick(f->p, 699);
	assert_int_equal(f->n, 5);
	pipeline_tick(f->p, 700); /* all were opened at 100: due at 700 */
	assert_int_equal(f->n, 10);
	for (size_t i = 5; i < 10; i++) {
		assert_int_equal(f->seen[i].state, ALERT_UPDATED);
		assert_int_equal(f->seen[i].npeers, 2);
	}
	/* now resolve them at different times: each dormant until its own end */
	static const uint32_t gone_at[] = {800, 760, 790, 770, 780};
	static const int by_time[] = {1, 3, 4, 2, 0}; /* data time only goes forward */
	for (int k = 0; k < 5; k++) {
		int i = by_time[k];
		char addr[32];
		for (int n = 1; n <= 2; n++) {
			snprintf(addr, sizeof addr, "192.0.2.%d", n);
			struct route_event ev = {.type = ROUTE_EV_WITHDRAW,
			                         .time = gone_at[i],
			                         .source = "rrc00",
			                         .peer_as = 64500u + n,
			                         .peer_addr = P(addr),
			                         .pfx = P(pfx[i])};
			struct err e;
			assert_int_equal(pipeline_feed(f->p, &ev, &e), 0);
		}
	}
	assert_int_equal(f->n, 15);
	/* 11/8 resolved at 760: forgotten at 1360, a new alert after; 10/8
	 * (resolved at 800) still re-opens as the same alert at 1390 */
	pipeline_tick(f->p, 1380);
	announce_pfx(f, 1, "11.0.0.0/8", 666, 1390);
	announce_pfx(f, 1, "10.0.0.0/8", 666, 1390);
	assert_int_equal(f->n, 16);
	assert_int_equal(f->seen[15].flaps, 0);
	assert_true(f->seen[15].id > 5);
	assert_int_equal(f->quiet, 6); /* 10/8's re-open, withheld */
	done(f);
}

/* The end of a replay sends what was withheld. */
static void test_finish_sends_withheld(void **state)
{
	struct fixture *f = make(600, false, 0);
	announce(f, 1, 666, 100);
	withdraw(f, 1, 110);
	announce(f, 1, 666, 120);
	assert_int_equal(f->n, 2);
	pipeline_finish(f->p);
	assert_int_equal(f->n, 3);
	assert_int_equal(f->seen[2].state, ALERT_OPEN);
	assert_int_equal(f->seen[2].flaps, 1);
	assert_int_equal(f->seen[2].suppressed, 1);
	done(f);
}

/* A flap's evidence is its own: the re-opened alert's samples are the
 * peers that brought the key back, not the ones of the first episode
 * (a resolved alert keeps its id and counts only, not its samples). */
static void test_flap_samples_anew(void **state)
{
	struct fixture *f = make(60, false, 0);
	announce(f, 1, 666, 100);
	withdraw(f, 1, 110);
	announce(f, 2, 666, 120); /* within the interval: withheld until it ends */
	assert_int_equal(f->n, 2);
	pipeline_tick(f->p, 200);
	assert_int_equal(f->n, 3);
	assert_int_equal(f->seen[2].state, ALERT_OPEN);
	assert_int_equal(f->seen[2].flaps, 1);
	assert_int_equal(f->seen[2].nsamples, 1);
	assert_int_equal(f->seen[2].samples[0].peer_as, 64502);
	assert_string_equal(f->seen[2].description, "fake offence");
	assert_int_equal(f->seen[2].id, f->seen[0].id);
	done(f);
}

/* The monitor's params.notificationIntervalSeconds comes before
 * config.yml's (BGPalerter's monitor.js). */
static void test_monitor_interval_first(void **state)
{
	struct fixture *f = make(600, false, 60);
	announce(f, 1, 666, 100);
	withdraw(f, 1, 110);
	announce(f, 1, 666, 120); /* withheld: within 60 s of the resolution */
	assert_int_equal(f->n, 2);
	pipeline_tick(f->p, 170);
	assert_int_equal(f->n, 3);
	assert_int_equal(f->seen[2].flaps, 1);
	done(f);
}

/* alertOnlyOnce: once it went out, a key is never notified again (its
 * resolution aside): not at the interval's end, not at the end. */
static void test_alert_only_once(void **state)
{
	struct fixture *f = make(600, true, 0);
	announce(f, 1, 666, 100);
	withdraw(f, 1, 110);
	assert_int_equal(f->n, 2);
	announce(f, 1, 666, 100000);
	announce(f, 2, 666, 100001);
	withdraw(f, 1, 100002);
	withdraw(f, 2, 100003);
	announce(f, 1, 666, 200000);
	pipeline_tick(f->p, 900000);
	pipeline_finish(f->p);
	assert_int_equal(f->n, 2);
	assert_int_equal(withheld(f), 4); /* re-open, update, resolution, re-open */
	done(f);
}

/* Interval 0: every change goes out, and a flap is a new alert (manrs
 * check's semantics). */
static void test_interval_zero_keeps_every_change(void **state)
{
	struct fixture *f = make(0, false, 0);
	announce(f, 1, 666, 100);
	withdraw(f, 1, 110);
	announce(f, 1, 666, 120);
	assert_int_equal(f->n, 3);
	assert_true(f->seen[2].id != f->seen[0].id);
	assert_int_equal(withheld(f), 0);
	done(f);
}

/* config.yml: BGPalerter's default when it says nothing (14400 s, its
 * monitor.js), its notificationIntervalSeconds and alertOnlyOnce, and a
 * monitor's own params. */
static void test_config_keys(void **state)
{
	static const char prefixes[] = "192.0.2.0/24:\n  description: web\n  asn: 64496\n"
	                               "  ignoreMorespecifics: false\n";
	static const char none[] = "monitors:\n"
	                           "  - file: monitorHijack\n"
	                           "    channel: hijack\n"
	                           "    name: basic-hijack-detection\n";
	static const char set[] = "notificationIntervalSeconds: 600\n"
	                          "alertOnlyOnce: true\n"
	                          "monitors:\n"
	                          "  - file: monitorHijack\n"
	                          "    channel: hijack\n"
	                          "    name: basic-hijack-detection\n"
	                          "    params:\n"
	                          "      notificationIntervalSeconds: 60\n"
	                          "      alertOnlyOnce: false\n";
	struct err e;
	struct monitor_config *c = monitor_config_load_buffer(
	    prefixes, sizeof prefixes - 1, "prefixes.yml", none, sizeof none - 1, "config.yml", &e);
	if (!c)
		fail_msg("%s", e.msg);
	assert_int_equal(c->notification_interval_seconds, 14400);
	assert_false(c->alert_only_once);
	assert_int_equal(monitor_config_params(c, "hijack")->notification_interval_seconds, 0);
	monitor_config_free(c);
	c = monitor_config_load_buffer(prefixes, sizeof prefixes - 1, "prefixes.yml", set,
	                               sizeof set - 1, "config.yml", &e);
	if (!c)
		fail_msg("%s", e.msg);
	assert_int_equal(c->notification_interval_seconds, 600);
	assert_true(c->alert_only_once);
	const struct mon_params *mp = monitor_config_params(c, "hijack");
	assert_int_equal(mp->notification_interval_seconds, 60);
	assert_false(mp->alert_only_once);
	assert_int_equal(c->nnotes, 0); /* both read, neither noted as unused */
	monitor_config_free(c);
}

/* The counts are in the JSON (the store keeps that text) and read back;
 * zero counts are left out, as before. */
static void test_counts_in_json(void **state)
{
	struct alert a = {.id = 7, .state = ALERT_OPEN, .severity = ALERT_WARNING, .version = 3};
	snprintf(a.key, sizeof a.key, "fake|10.0.0.0/8|666");
	snprintf(a.type, sizeof a.type, "fake");
	a.prefix = P("10.0.0.0/8");
	char *plain = alert_json_string(&a);
	assert_non_null(plain);
	assert_null(strstr(plain, "flaps"));
	assert_null(strstr(plain, "suppressed"));
	free(plain);
	a.flaps = 4;
	a.suppressed = 7;
	char *json = alert_json_string(&a);
	assert_non_null(json);
	assert_non_null(strstr(json, "\"flaps\":4"));
	assert_non_null(strstr(json, "\"suppressed\":7"));
	struct alert b;
	struct err e;
	assert_int_equal(alert_json_parse(json, strlen(json), &b, &e), 0);
	assert_int_equal(b.flaps, 4);
	assert_int_equal(b.suppressed, 7);
	free(json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_interval_withholds_updates),
	    cmocka_unit_test(test_flap_is_one_incident),
	    cmocka_unit_test(test_finish_sends_withheld),
	    cmocka_unit_test(test_dormant_with_peers_restarts),
	    cmocka_unit_test(test_many_keys_due_in_order),
	    cmocka_unit_test(test_monitor_interval_first),
	    cmocka_unit_test(test_flap_samples_anew),
	    cmocka_unit_test(test_alert_only_once),
	    cmocka_unit_test(test_interval_zero_keeps_every_change),
	    cmocka_unit_test(test_config_keys),
	    cmocka_unit_test(test_counts_in_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

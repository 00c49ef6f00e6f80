/* SPDX-License-Identifier: ISC */
/* test_kafka_mock.c - monitors in a Kafka consumer group against
 * librdkafka's mock cluster (3 brokers): the parsed OpenBMP feed in 4
 * partitions by prefix, alerts to a topic in BGPalerter's format. A broker
 * goes down while routes are published and consumed, then a second
 * monitor joins (a rebalance) while routes are withdrawn: every alert must
 * be in the alerts topic exactly once per version - none lost (a withdrawal
 * handled by the new owner resolves an alert the old owner opened, which
 * needs the rebuilt route state), none doubled (the rebuild is muted). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "detect/monitor_config.h"
#include "detect/pipeline.h"
#include "kafka_client.h"
#include "kafka_monitor.h"
#include "openbmp/openbmp.h"
#include "sink_kafka.h"

#define FEED "openbmp.parsed.unicast_prefix"
#define ALERTS "bgpalerter"
#define NPART 4
#define NPFX 200
#define T0 1700000000u

static const char prefixes_yml[] = "10.0.0.0/8:\n  description: lab\n  asn: 64500\n"
                                   "  ignoreMorespecifics: false\n";
static const char config_yml[] = "monitors:\n"
                                 "  - file: monitorHijack\n"
                                 "    channel: hijack\n"
                                 "    name: basic-hijack-detection\n"
                                 "    params:\n"
                                 "      thresholdMinPeers: 1\n";

static char brokers[512];

struct inst {
	const char *name;
	struct monitor_config *cfg;
	struct pipeline *p;
	struct alert_sink *sink;
	struct kafka_producer *prod;
	struct kafka_monitor *km;
	unsigned long delivered, muted;
};

static void on_alert(void *arg, const struct alert *a)
{
	struct inst *in = arg;
	struct err e;
	if (in->km && kafka_monitor_mutes(in->km, &a->prefix)) {
		in->muted++;
		return;
	}
	if (in->sink->ops->deliver(in->sink->self, a, &e))
		fail_msg("%s: deliver: %s", in->name, e.msg);
	in->delivered++;
}

static void start_pipeline(struct inst *in)
{
	struct err e;
	struct detect_ctx ctx = {.cfg = in->cfg};
	if (!(in->p = pipeline_new(&ctx, NULL, on_alert, in, &e)))
		fail_msg("%s", e.msg);
}

static int on_event(void *arg, const struct route_event *ev, struct err *e)
{
	struct inst *in = arg;
	return pipeline_feed(in->p, ev, e);
}

static void on_reset(void *arg)
{
	struct inst *in = arg;
	pipeline_free(in->p);
	start_pipeline(in);
}

static int before_commit(void *arg, struct err *e)
{
	struct inst *in = arg;
	return kafka_producer_flush(in->prod, 2000, e);
}

static struct kafka_opts cluster_opts(void)
{
	struct kafka_opts k = {.brokers = brokers};
	struct err e;
	kafka_opts_add(&k, "log_level=2", &e); /* the broker going down is expected */
	return k;
}

static void inst_start(struct inst *in, const char *name)
{
	struct err e;
	memset(in, 0, sizeof *in);
	in->name = name;
	in->cfg = monitor_config_load_buffer(prefixes_yml, sizeof prefixes_yml - 1, "prefixes.yml",
	                                     config_yml, sizeof config_yml - 1, "config.yml", &e);
	if (!in->cfg)
		fail_msg("%s", e.msg);
	start_pipeline(in);
	struct kafka_opts k = cluster_opts();
	if (!(in->sink = sink_kafka_new(&k, ALERTS, &in->prod, &e)))
		fail_msg("%s", e.msg);
	struct kafka_monitor_opts mo = {.kafka = cluster_opts(),
	                                .group = "monitors",
	                                .topic = FEED,
	                                .on_event = on_event,
	                                .arg = in,
	                                .on_reset = on_reset,
	                                .before_commit = before_commit,
	                                .commit_interval_ms = 200};
	kafka_opts_add(&mo.kafka, "session.timeout.ms=6000", &e);
	kafka_opts_add(&mo.kafka, "heartbeat.interval.ms=200", &e);
	if (!(in->km = kafka_monitor_new(&mo, &e)))
		fail_msg("%s", e.msg);
}

static void inst_stop(struct inst *in)
{
	struct err e;
	if (kafka_monitor_close(in->km, &e))
		fail_msg("%s: close: %s", in->name, e.msg);
	in->km = NULL;
	alert_sink_free(in->sink); /* flushes its producer */
	pipeline_free(in->p);
	monitor_config_free(in->cfg);
}

/* One route change of prefix 10.i.0.0/16 from hijacker AS64666. */
static void publish(struct kafka_producer *p, int i, enum route_event_type type, uint32_t t)
{
	static const uint32_t path[] = {64501, 64666};
	struct openbmp_collector c;
	openbmp_collector_init(&c, "test");
	struct route_event ev = {.type = type,
	                         .time = t,
	                         .source = "bmp:192.0.2.1",
	                         .peer_as = 64501,
	                         .path = path,
	                         .path_len = 2,
	                         .origin = 64666};
	char pfx[32];
	struct err e;
	snprintf(pfx, sizeof pfx, "10.%d.0.0/16", i);
	assert_int_equal(prefix_parse(pfx, &ev.pfx, &e), 0);
	assert_int_equal(prefix_parse_host("192.0.2.9", &ev.peer_addr, &e), 0);
	struct mrt_buf b = {0};
	const char *type_name;
	assert_int_equal(openbmp_parsed_encode(&b, &c, &ev, NULL, &type_name, &e), 0);
	if (kafka_produce(p, FEED, openbmp_partition(&ev.pfx, NPART), pfx, strlen(pfx), b.p, b.len,
	                  &e))
		fail_msg("%s", e.msg);
	mrt_buf_free(&b);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Poll the instances (NULL-terminated) until done(arg) or 60 s. */
static void poll_until(struct inst **ins, bool (*done)(void *), void *arg, const char *what)
{
	double end = now_s() + 60;
	struct err e;
	while (!done(arg)) {
		if (now_s() > end)
			fail_msg("timed out waiting for %s", what);
		for (struct inst **in = ins; *in; in++)
			if (kafka_monitor_poll((*in)->km, 50, &e) < 0)
				fail_msg("%s: %s", (*in)->name, e.msg);
	}
}

struct want {
	struct inst **ins;
	uint64_t events;
	double until;
};

static bool events_seen(void *arg)
{
	struct want *w = arg;
	uint64_t n = 0;
	for (struct inst **in = w->ins; *in; in++) {
		struct kafka_monitor_stats s;
		kafka_monitor_stats((*in)->km, &s);
		n += s.events - s.replayed; /* one route per message */
		if (s.rebuilding)
			return false;
	}
	return n >= w->events && (!w->until || now_s() >= w->until);
}

static bool both_assigned(void *arg)
{
	struct inst **ins = arg;
	struct kafka_monitor_stats a, b;
	kafka_monitor_stats(ins[0]->km, &a);
	kafka_monitor_stats(ins[1]->km, &b);
	return a.partitions > 0 && b.partitions > 0 && a.partitions + b.partitions == NPART &&
	       !a.rebuilding && !b.rebuilding;
}

/* Read the alerts topic from the start: count[i][v] for 10.i.0.0/16's
 * alert at version v. Returns the number of messages. */
static int read_alerts(unsigned count[NPFX][3])
{
	char why[256];
	rd_kafka_conf_t *c = rd_kafka_conf_new();
	rd_kafka_conf_set(c, "bootstrap.servers", brokers, why, sizeof why);
	rd_kafka_conf_set(c, "group.id", "verify", why, sizeof why);
	rd_kafka_conf_set(c, "auto.offset.reset", "earliest", why, sizeof why);
	rd_kafka_conf_set(c, "enable.partition.eof", "true", why, sizeof why);
	rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, c, why, sizeof why);
	assert_non_null(rk);
	rd_kafka_poll_set_consumer(rk);
	rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(1);
	rd_kafka_topic_partition_list_add(l, ALERTS, 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
	assert_int_equal(rd_kafka_assign(rk, l), 0);
	rd_kafka_topic_partition_list_destroy(l);
	int n = 0;
	double end = now_s() + 30;
	for (;;) {
		assert_true(now_s() < end);
		rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 200);
		if (!m)
			continue;
		if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
			rd_kafka_message_destroy(m);
			break;
		}
		assert_int_equal(m->err, 0);
		char *v = strndup(m->payload, m->len);
		int i, version;
		unsigned t;
		const char *id = strstr(v, "\"id\":\"hijack|10.");
		const char *ver = strstr(v, "\"version\":");
		assert_non_null(id);
		assert_non_null(ver);
		assert_int_equal(sscanf(id, "\"id\":\"hijack|10.%d.0.0/16|64666@%u\"", &i, &t), 2);
		assert_int_equal(sscanf(ver, "\"version\":%d", &version), 1);
		assert_true(i >= 0 && i < NPFX && version >= 1 && version <= 2);
		assert_true(t >= T0);
		assert_memory_equal(m->key, "hijack", 6);
		count[i][version]++;
		free(v);
		rd_kafka_message_destroy(m);
		n++;
	}
	rd_kafka_consumer_close(rk);
	rd_kafka_destroy(rk);
	return n;
}

static void test_failover_and_rebalance(void **state)
{
	(void)state;
	char why[256];
	rd_kafka_conf_t *conf = rd_kafka_conf_new();
	rd_kafka_conf_set(conf, "log_level", "2", why, sizeof why);
	rd_kafka_t *mrk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, why, sizeof why);
	assert_non_null(mrk);
	rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(mrk, 3);
	assert_non_null(mc);
	assert_int_equal(rd_kafka_mock_topic_create(mc, FEED, NPART, 3), 0);
	assert_int_equal(rd_kafka_mock_topic_create(mc, ALERTS, 1, 3), 0);
	snprintf(brokers, sizeof brokers, "%s", rd_kafka_mock_cluster_bootstraps(mc));

	struct err e;
	struct kafka_opts k = cluster_opts();
	struct kafka_producer *collector = kafka_producer_new(&k, &e);
	assert_non_null(collector);
	static struct inst a, b;
	struct inst *only_a[] = {&a, NULL}, *both[] = {&a, &b, NULL};

	/* 1. hijacks of 10.0-99 while A alone consumes */
	for (int i = 0; i < 100; i++)
		publish(collector, i, ROUTE_EV_ANNOUNCE, T0 + (unsigned)i);
	assert_int_equal(kafka_producer_flush(collector, 10000, &e), 0);
	inst_start(&a, "A");
	struct want w = {.ins = only_a, .events = 100};
	poll_until(only_a, events_seen, &w, "A to read the first 100 routes");

	/* 2. a broker goes down while 10.100-149 are published; back up */
	rd_kafka_mock_broker_set_down(mc, 1);
	for (int i = 100; i < 150; i++)
		publish(collector, i, ROUTE_EV_ANNOUNCE, T0 + (unsigned)i);
	w = (struct want){.ins = only_a, .events = 100, .until = now_s() + 2};
	poll_until(only_a, events_seen, &w, "A with a broker down");
	rd_kafka_mock_broker_set_up(mc, 1);
	assert_int_equal(kafka_producer_flush(collector, 30000, &e), 0);
	w = (struct want){.ins = only_a, .events = 150};
	poll_until(only_a, events_seen, &w, "A to read 150 routes after the broker came back");
	assert_int_equal(a.delivered, 150);
	/* the coordinator may take a moment to be found again */
	double end = now_s() + 30;
	while (kafka_monitor_commit(a.km, &e) < 0) {
		assert_true(now_s() < end);
		assert_true(kafka_monitor_poll(a.km, 100, &e) >= 0);
	}

	/* 3. B joins: the partitions are shared, each rebuilds its share */
	inst_start(&b, "B");
	poll_until(both, both_assigned, both, "the rebalance");
	struct kafka_monitor_stats sb;
	kafka_monitor_stats(b.km, &sb);
	assert_true(sb.replayed > 0); /* B rebuilt the state A had */
	assert_true(b.muted > 0);     /* and raised none of A's alerts again */

	/* 4. 10.0-49 withdrawn (resolving A's alerts), 10.150-199 hijacked */
	for (int i = 0; i < 50; i++)
		publish(collector, i, ROUTE_EV_WITHDRAW, T0 + 1000 + (unsigned)i);
	for (int i = 150; i < NPFX; i++)
		publish(collector, i, ROUTE_EV_ANNOUNCE, T0 + (unsigned)i);
	assert_int_equal(kafka_producer_flush(collector, 10000, &e), 0);
	w = (struct want){.ins = both, .events = 250};
	poll_until(both, events_seen, &w, "A and B to read the last 100 changes");
	{
		struct kafka_monitor_stats x, y;
		kafka_monitor_stats(a.km, &x);
		kafka_monitor_stats(b.km, &y);
		fprintf(stderr,
		        "A: %lu delivered, %lu muted, %u partitions, %llu rebalances; B: %lu "
		        "delivered, %lu muted, %u partitions, %llu rebalances\n",
		        a.delivered, a.muted, x.partitions, (unsigned long long)x.rebalances,
		        b.delivered, b.muted, y.partitions, (unsigned long long)y.rebalances);
	}
	assert_true(b.delivered > 0);
	inst_stop(&a);
	inst_stop(&b);
	kafka_producer_free(collector, 1000);

	/* every alert once per version: 200 opened, 50 resolved */
	static unsigned count[NPFX][3];
	assert_int_equal(read_alerts(count), NPFX + 50);
	for (int i = 0; i < NPFX; i++)
		if (count[i][1] != 1 || count[i][2] != (i < 50))
			fprintf(stderr, "10.%d.0.0/16: %u opened, %u resolved\n", i, count[i][1],
			        count[i][2]);
	for (int i = 0; i < NPFX; i++) {
		assert_int_equal(count[i][1], 1);
		assert_int_equal(count[i][2], i < 50 ? 1 : 0);
	}
	rd_kafka_mock_cluster_destroy(mc);
	rd_kafka_destroy(mrk);
}

/* The BGPalerter fields of one alert's message. */
static void test_alert_value(void **state)
{
	(void)state;
	struct alert a = {.version = 1,
	                  .first_seen = T0,
	                  .last_seen = T0 + 5,
	                  .affected_as = 64500,
	                  .offender_as = 64666,
	                  .nsamples = 1};
	snprintf(a.key, sizeof a.key, "hijack|10.1.0.0/16|64666");
	snprintf(a.type, sizeof a.type, "hijack");
	snprintf(a.description, sizeof a.description, "a hijack");
	struct err e;
	assert_int_equal(prefix_parse("10.1.0.0/16", &a.prefix, &e), 0);
	assert_int_equal(prefix_parse("10.0.0.0/8", &a.monitored, &e), 0);
	assert_int_equal(prefix_parse_host("192.0.2.9", &a.samples[0].peer_addr, &e), 0);
	a.samples[0].path_len = 2;
	a.samples[0].path[0] = 64501;
	a.samples[0].path[1] = 64666;
	a.samples[0].time = T0;
	char *v = sink_kafka_value(&a);
	assert_non_null(v);
	assert_non_null(strstr(v, "{\"id\":\"hijack|10.1.0.0/16|64666@1700000000\","
	                          "\"truncated\":false,\"origin\":\"basic-hijack-detection\","
	                          "\"earliest\":1700000000,\"latest\":1700000005,"
	                          "\"affected\":64500,\"message\":\"a hijack\",\"data\":[{"));
	assert_non_null(strstr(v, "\"matchedMessage\":{\"type\":\"announcement\",\"prefix\":"
	                          "\"10.1.0.0/16\",\"peer\":\"192.0.2.9\",\"path\":[64501,64666],"
	                          "\"originAS\":[64666],\"timestamp\":1700000000}"));
	assert_non_null(strstr(v, "\"version\":1,\"manrs\":{"));
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_alert_value),
	    cmocka_unit_test(test_failover_and_rebalance),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

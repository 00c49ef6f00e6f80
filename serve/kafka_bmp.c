/* SPDX-License-Identifier: ISC */
/* kafka_bmp.c - the collector's raw and parsed OpenBMP feeds to Kafka. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "bgp/bgp_types.h"
#include "core/log.h"
#include "kafka_bmp.h"
#include "listen_guard.h"
#include "openbmp/openbmp.h"

struct kafka_bmp {
	struct kafka_opts kafka;
	struct kafka_producer *prod; /* NULL until kafka_bmp_start */
	char raw_topic[192], prefix_topic[192], peer_topic[192];
	char admin_id[64];
	struct openbmp_collector coll;
	struct input_bmp in;
	const struct bmp_route_event *cur; /* the element being converted */
	bmp_event_fn next;
	void *next_arg;
	void (*next_router_down)(void *arg, const char *router);
	struct mrt_buf buf;
	unsigned long raw, rows, peer_downs, errors;
	struct log_limit ll;
	int32_t npart; /* partitions of the parsed topic, 0: not known yet */
	time_t npart_asked;
};

/* Keys of parsed rows are prefixes: their partition is ours; other keys
 * (routers on the raw topic) go where librdkafka's default puts them. */
static int32_t partition_by_prefix(const rd_kafka_topic_t *t, const void *key, size_t klen,
                                   int32_t n, void *topic_opaque, void *msg_opaque)
{
	char s[64];
	struct prefix p;
	struct err e;
	if (klen && klen < sizeof s) {
		memcpy(s, key, klen);
		s[klen] = '\0';
		if (strchr(s, '/') && prefix_parse(s, &p, &e) == 0)
			return openbmp_partition(&p, n);
	}
	return rd_kafka_msg_partitioner_consistent_random(t, key, klen, n, topic_opaque,
	                                                  msg_opaque);
}

/* A message not published: counted, logged at most once a second. */
static void fail(struct kafka_bmp *kb, const struct err *e)
{
	unsigned suppressed;
	kb->errors++;
	if (log_limit_allow(&kb->ll, 1, &suppressed))
		log_err("%s (%u more not logged)", e->msg, suppressed);
}

/* The parsed topic's partition count: asked at most once a minute (the
 * metadata request holds the event loop for up to timeout_ms when the
 * brokers are away), the last answer kept. -1 with e set when never known. */
static int32_t prefix_partitions(struct kafka_bmp *kb, int timeout_ms, struct err *e)
{
	time_t now = time(NULL);
	if (kb->npart > 0 && now - kb->npart_asked < 60)
		return kb->npart;
	kb->npart_asked = now;
	int32_t n =
	    kafka_partitions(kafka_producer_handle(kb->prod), kb->prefix_topic, timeout_ms, e);
	if (n > 0)
		kb->npart = n;
	return kb->npart > 0 ? kb->npart : -1;
}

static void publish_peer_down(struct kafka_bmp *kb, const struct route_event *ev)
{
	struct err e;
	int32_t n = prefix_partitions(kb, 1000, &e);
	if (n < 0) {
		fail(kb, &e);
		return;
	}
	char key[64];
	addr_format(&ev->peer_addr, key, sizeof key);
	for (int32_t i = 0; i < n; i++)
		if (kafka_produce(kb->prod, kb->prefix_topic, i, key, strlen(key), kb->buf.p,
		                  kb->buf.len, &e))
			fail(kb, &e);
	if (kafka_produce(kb->prod, kb->peer_topic, RD_KAFKA_PARTITION_UA, key, strlen(key),
	                  kb->buf.p, kb->buf.len, &e))
		fail(kb, &e);
	kb->peer_downs++;
}

/* Attributes the route event does not carry, from the element. */
static void element_attrs(const struct bmp_route_event *bev, struct openbmp_attrs *a)
{
	memset(a, 0, sizeof *a);
	a->origin = -1;
	if (!bev)
		return;
	a->post_policy = bev->view == BMP_VIEW_ADJ_IN_POST || bev->view == BMP_VIEW_ADJ_OUT_POST;
	a->adj_out = bev->view == BMP_VIEW_ADJ_OUT_PRE || bev->view == BMP_VIEW_ADJ_OUT_POST;
	const struct bgp_attrs *at = bev->el ? bev->el->attrs : NULL;
	if (!at || bev->el->type == MRT_ELEM_WITHDRAW)
		return;
	if (BGP_ATTR_HAS(at, BGP_ATTR_ORIGIN))
		a->origin = at->origin;
	if ((a->has_med = BGP_ATTR_HAS(at, BGP_ATTR_MED)))
		a->med = at->med;
	if ((a->has_local_pref = BGP_ATTR_HAS(at, BGP_ATTR_LOCAL_PREF)))
		a->local_pref = at->local_pref;
	if (mrt_elem_next_hop(bev->el, &a->next_hop) < 0)
		a->next_hop.family = 0;
}

/* route_event_fn of the input_bmp conversion: one parsed message. */
static int publish_event(void *arg, const struct route_event *ev, struct err *e)
{
	struct kafka_bmp *kb = arg;
	struct openbmp_attrs a;
	element_attrs(kb->cur, &a);
	const char *type;
	kb->buf.len = 0;
	if (openbmp_parsed_encode(&kb->buf, &kb->coll, ev, &a, &type, e) < 0) {
		fail(kb, e);
		return 0;
	}
	if (ev->type == ROUTE_EV_PEER_DOWN) {
		publish_peer_down(kb, ev);
		return 0;
	}
	char key[64];
	prefix_format(&ev->pfx, key, sizeof key);
	if (kafka_produce(kb->prod, kb->prefix_topic, RD_KAFKA_PARTITION_UA, key, strlen(key),
	                  kb->buf.p, kb->buf.len, e))
		fail(kb, e);
	else
		kb->rows++;
	return 0;
}

void kafka_bmp_message(void *arg, const char *router, const uint8_t *p, size_t n)
{
	struct kafka_bmp *kb = arg;
	if (!kb->prod)
		return;
	struct openbmp_raw_info info = {0};
	struct err e;
	struct timeval tv;
	gettimeofday(&tv, NULL);
	info.sec = (uint32_t)tv.tv_sec;
	info.usec = (uint32_t)tv.tv_usec;
	snprintf(info.admin_id, sizeof info.admin_id, "%s", kb->admin_id);
	if (prefix_parse_host(router, &info.router, &e) < 0)
		memset(&info.router, 0, sizeof info.router), info.router.family = 4;
	kb->buf.len = 0;
	if (openbmp_raw_encode(&kb->buf, &info, p, n, &e) < 0 ||
	    kafka_produce(kb->prod, kb->raw_topic, RD_KAFKA_PARTITION_UA, router, strlen(router),
	                  kb->buf.p, kb->buf.len, &e) < 0) {
		fail(kb, &e);
		return;
	}
	kb->raw++;
}

void kafka_bmp_element(void *arg, const struct bmp_route_event *ev)
{
	struct kafka_bmp *kb = arg;
	if (kb->next)
		kb->next(kb->next_arg, ev);
	if (!kb->prod)
		return;
	kb->cur = ev;
	input_bmp_element(&kb->in, ev);
	kb->cur = NULL;
}

void kafka_bmp_router_down(void *arg, const char *router)
{
	struct kafka_bmp *kb = arg;
	if (kb->next_router_down)
		kb->next_router_down(kb->next_arg, router);
	input_bmp_router_down(&kb->in, router, (uint32_t)time(NULL));
}

void kafka_bmp_tick(struct kafka_bmp *kb, uint32_t now, uint32_t grace)
{
	if (!kb->prod)
		return;
	kafka_producer_poll(kb->prod);
	input_bmp_expire(&kb->in, now, grace);
}

void kafka_bmp_stats(const struct kafka_bmp *kb, struct kafka_bmp_stats *s)
{
	memset(s, 0, sizeof *s);
	if (kb->prod)
		kafka_producer_stats(kb->prod, &s->producer);
	s->raw = kb->raw;
	s->rows = kb->rows;
	s->peer_downs = kb->peer_downs;
	s->errors = kb->errors;
}

struct kafka_producer *kafka_bmp_producer(struct kafka_bmp *kb)
{
	return kb->prod;
}

struct kafka_bmp *kafka_bmp_new(const struct kafka_bmp_opts *o, struct err *e)
{
	struct kafka_bmp *kb = calloc(1, sizeof *kb);
	if (!kb) {
		err_set(e, "out of memory");
		return NULL;
	}
	const char *pre = o->topic_prefix ? o->topic_prefix : "openbmp";
	snprintf(kb->raw_topic, sizeof kb->raw_topic, "%s.bmp_raw", pre);
	snprintf(kb->prefix_topic, sizeof kb->prefix_topic, "%s.parsed.unicast_prefix", pre);
	snprintf(kb->peer_topic, sizeof kb->peer_topic, "%s.parsed.peer", pre);
	if (o->admin_id)
		snprintf(kb->admin_id, sizeof kb->admin_id, "%s", o->admin_id);
	else if (gethostname(kb->admin_id, sizeof kb->admin_id - 1) < 0)
		snprintf(kb->admin_id, sizeof kb->admin_id, "manrs");
	openbmp_collector_init(&kb->coll, kb->admin_id);
	kb->next = o->next;
	kb->next_arg = o->next_arg;
	kb->next_router_down = o->next_router_down;
	input_bmp_init(&kb->in, o->view, publish_event, kb);
	kb->kafka = o->kafka;
	kb->kafka.partitioner = partition_by_prefix;
	kb->kafka.no_wait = true;
	return kb;
}

int kafka_bmp_start(struct kafka_bmp *kb, struct err *e)
{
	if (!kb->prod && !(kb->prod = kafka_producer_new(&kb->kafka, e)))
		return -1;
	struct err ignored; /* the cluster may come later: asked again at a peer-down */
	prefix_partitions(kb, 5000, &ignored);
	return 0;
}

int kafka_bmp_free(struct kafka_bmp *kb, int timeout_ms, struct err *e)
{
	if (!kb)
		return 0;
	int rc = kb->prod ? kafka_producer_flush(kb->prod, timeout_ms, e) : 0;
	kafka_producer_free(kb->prod, 0);
	input_bmp_free(&kb->in);
	mrt_buf_free(&kb->buf);
	free(kb);
	return rc;
}

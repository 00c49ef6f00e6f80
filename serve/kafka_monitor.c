/* SPDX-License-Identifier: ISC */
/* kafka_monitor.c - a monitor instance in a Kafka consumer group. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "kafka_monitor.h"
#include "openbmp/openbmp.h"

struct part {
	bool owned, rebuilding;
	int64_t live_from; /* below it, messages rebuild state */
};

struct kafka_monitor {
	struct kafka_monitor_opts o;
	char topic[200];
	rd_kafka_t *rk;
	struct openbmp_decoder dec;
	struct part parts[KAFKA_MONITOR_MAX_PARTITIONS];
	/* per partition, the offset after the last message this instance
	 * handled: its alerts are with the sinks even when the commit of the
	 * offset failed (a coordinator away), so if the partition comes back
	 * they are not raised again */
	int64_t done[KAFKA_MONITOR_MAX_PARTITIONS];
	int32_t npart; /* partitions of the topic; 0: unknown */
	bool fatal, closing;
	bool dirty; /* offsets stored since the last commit */
	struct err fatal_err;
	double last_commit;
	struct kafka_monitor_stats st;
};

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int kafka_monitor_commit(struct kafka_monitor *km, struct err *e)
{
	km->last_commit = mono();
	if (!km->dirty)
		return 0;
	if (km->o.before_commit && km->o.before_commit(km->o.arg, e)) {
		km->st.commit_errors++;
		return -1;
	}
	rd_kafka_resp_err_t rc = rd_kafka_commit(km->rk, NULL, 0);
	if (rc == RD_KAFKA_RESP_ERR__NO_OFFSET)
		rc = 0; /* nothing new since the last commit */
	if (rc) {
		km->st.commit_errors++;
		return err_set(e, "kafka: commit: %s", rd_kafka_err2str(rc));
	}
	km->st.commits++;
	km->dirty = false;
	return 0;
}

static void count_parts(struct kafka_monitor *km)
{
	km->st.partitions = km->st.rebuilding = 0;
	for (int i = 0; i < KAFKA_MONITOR_MAX_PARTITIONS; i++) {
		km->st.partitions += km->parts[i].owned;
		km->st.rebuilding += km->parts[i].rebuilding;
	}
}

/* Partitions this instance handled further than their committed offset
 * (a commit failed before they were taken away): what it handled is stored
 * again, so the next commit records it and the next owner does not raise
 * those alerts again. */
static void store_done(struct kafka_monitor *km, const rd_kafka_topic_partition_list_t *ps,
                       const rd_kafka_topic_partition_list_t *committed)
{
	rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(ps->cnt);
	for (int i = 0; i < ps->cnt; i++) {
		int32_t p = ps->elems[i].partition;
		int64_t c = committed ? committed->elems[i].offset : -1;
		if (p >= 0 && p < KAFKA_MONITOR_MAX_PARTITIONS && km->done[p] > 0 &&
		    km->done[p] > c)
			rd_kafka_topic_partition_list_add(l, km->topic, p)->offset = km->done[p];
	}
	if (l->cnt) {
		rd_kafka_resp_err_t rc = rd_kafka_offsets_store(km->rk, l);
		if (rc)
			log_warn("kafka: storing the offsets handled before: %s",
			         rd_kafka_err2str(rc));
		else
			km->dirty = true;
	}
	rd_kafka_topic_partition_list_destroy(l);
}

static void assign(struct kafka_monitor *km, rd_kafka_topic_partition_list_t *ps)
{
	struct err e;
	rd_kafka_resp_err_t rc = rd_kafka_committed(km->rk, ps, 10000);
	rd_kafka_topic_partition_list_t *committed = rd_kafka_topic_partition_list_copy(ps);
	if (rc)
		log_warn("kafka: committed offsets of %s: %s; rebuilding from the start", km->topic,
		         rd_kafka_err2str(rc));
	int32_t n = kafka_partitions(km->rk, km->topic, 5000, &e);
	km->npart = n > 0 && n <= KAFKA_MONITOR_MAX_PARTITIONS ? n : 0;
	if (n < 0)
		log_warn("%s; alerts are muted while a message is rebuilt instead", e.msg);
	if (km->o.on_reset)
		km->o.on_reset(km->o.arg);
	memset(km->parts, 0, sizeof km->parts);
	for (int i = 0; i < ps->cnt; i++) {
		rd_kafka_topic_partition_t *p = &ps->elems[i];
		if (p->partition < 0 || p->partition >= KAFKA_MONITOR_MAX_PARTITIONS)
			continue;
		struct part *pt = &km->parts[p->partition];
		pt->owned = true;
		pt->live_from = !rc && p->offset > 0 ? p->offset : 0;
		if (km->done[p->partition] > pt->live_from)
			pt->live_from = km->done[p->partition];
		pt->rebuilding = pt->live_from > 0;
		p->offset = RD_KAFKA_OFFSET_BEGINNING;
	}
	count_parts(km);
	log_info("kafka: %d partitions of %s assigned, %u to rebuild", ps->cnt, km->topic,
	         km->st.rebuilding);
	rd_kafka_assign(km->rk, ps);
	store_done(km, ps, rc ? NULL : committed);
	rd_kafka_topic_partition_list_destroy(committed);
}

static void revoke(struct kafka_monitor *km)
{
	struct err e;
	if (kafka_monitor_commit(km, &e) < 0)
		log_err("kafka: partitions taken away before their alerts were delivered (%s): "
		        "their next owner may raise them again",
		        e.msg);
	if (km->o.on_reset && !km->closing) /* leaving: the state goes with us */
		km->o.on_reset(km->o.arg);
	memset(km->parts, 0, sizeof km->parts);
	count_parts(km);
	rd_kafka_assign(km->rk, NULL);
}

static void on_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                         rd_kafka_topic_partition_list_t *ps, void *opaque)
{
	struct kafka_monitor *km = opaque;
	km->st.rebalances++;
	if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS)
		assign(km, ps);
	else if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS)
		revoke(km);
	else {
		log_err("kafka: rebalance: %s", rd_kafka_err2str(err));
		rd_kafka_assign(rk, NULL);
	}
}

bool kafka_monitor_mutes(const struct kafka_monitor *km, const struct prefix *pfx)
{
	if (!km->npart)
		return false;
	const struct part *pt = &km->parts[openbmp_partition(pfx, km->npart)];
	return !pt->owned || pt->rebuilding;
}

/* route_event_fn between the decoder and the caller: a failure of the
 * caller (out of memory) stops the consumer, a bad row only its message. */
static int pass_event(void *arg, const struct route_event *ev, struct err *e)
{
	struct kafka_monitor *km = arg;
	int rc = km->o.on_event(km->o.arg, ev, e);
	if (rc < 0) {
		km->fatal = true;
		km->fatal_err = *e;
	}
	return rc;
}

static void handle(struct kafka_monitor *km, rd_kafka_message_t *m)
{
	struct part *pt = m->partition >= 0 && m->partition < KAFKA_MONITOR_MAX_PARTITIONS
	                      ? &km->parts[m->partition]
	                      : NULL;
	if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
		if (pt && pt->rebuilding) {
			pt->rebuilding = false;
			count_parts(km);
		}
		return;
	}
	if (m->err) {
		log_warn("kafka: %s", rd_kafka_message_errstr(m));
		if (m->err == RD_KAFKA_RESP_ERR__FATAL) {
			km->fatal = true;
			err_set(&km->fatal_err, "kafka: %s", rd_kafka_message_errstr(m));
		}
		return;
	}
	if (!pt || !pt->owned)
		return; /* left in the queue by a partition taken away: its new owner reads it */
	km->st.messages++;
	bool rebuild = pt && pt->rebuilding && m->offset < pt->live_from;
	if (!rebuild) {
		km->st.last = mono();
		if (!km->st.first)
			km->st.first = km->st.last;
	}
	km->st.replayed += rebuild;
	struct err e;
	unsigned long before = km->dec.rows;
	int rc = openbmp_parsed_decode(&km->dec, m->payload, m->len, pass_event, km, &e);
	km->st.events += km->dec.rows - before;
	if (rc < 0 && !km->fatal) {
		km->st.bad_messages++;
		log_warn("kafka: %s partition %d offset %lld: %s", km->topic, m->partition,
		         (long long)m->offset, e.msg);
	}
	if (pt && pt->rebuilding && m->offset + 1 >= pt->live_from) {
		pt->rebuilding = false;
		count_parts(km);
	}
	if (!rebuild) {
		rd_kafka_offset_store(m->rkt, m->partition, m->offset);
		km->dirty = true;
	}
	if (pt && m->offset + 1 > km->done[m->partition])
		km->done[m->partition] = m->offset + 1;
}

long kafka_monitor_poll(struct kafka_monitor *km, int timeout_ms, struct err *e)
{
	long n = 0;
	rd_kafka_message_t *m = rd_kafka_consumer_poll(km->rk, timeout_ms);
	while (m) {
		handle(km, m);
		rd_kafka_message_destroy(m);
		if (km->fatal) {
			*e = km->fatal_err;
			return -1;
		}
		if (++n == 5000)
			break;
		m = rd_kafka_consumer_poll(km->rk, 0);
	}
	double now = mono();
	int every = km->o.commit_interval_ms ? km->o.commit_interval_ms : 1000;
	if (now - km->last_commit >= every / 1000.0) {
		struct err ce;
		if (kafka_monitor_commit(km, &ce) < 0)
			log_warn("%s (will try again)", ce.msg);
	}
	return n;
}

void kafka_monitor_stats(const struct kafka_monitor *km, struct kafka_monitor_stats *s)
{
	*s = km->st;
}

static int consumer_conf(struct kafka_monitor *km, rd_kafka_conf_t **out, struct err *e)
{
	struct kafka_opts with = km->o.kafka;
	static const char *const defaults[] = {
	    "enable.auto.commit=false", "enable.auto.offset.store=false",
	    "auto.offset.reset=earliest", "enable.partition.eof=true"};
	size_t nd = sizeof defaults / sizeof defaults[0];
	if (with.noptions + nd + 1 > KAFKA_MAX_OPTIONS)
		return err_set(e, "too many Kafka options");
	memmove(with.options + nd + 1, with.options, with.noptions * sizeof *with.options);
	memcpy(with.options, defaults, sizeof defaults);
	char group[256];
	snprintf(group, sizeof group, "group.id=%s", km->o.group);
	with.options[nd] = group;
	with.noptions += nd + 1;
	if (!(*out = kafka_conf_new(&with, e)))
		return -1;
	rd_kafka_conf_set_rebalance_cb(*out, on_rebalance);
	rd_kafka_conf_set_opaque(*out, km);
	return 0;
}

struct kafka_monitor *kafka_monitor_new(const struct kafka_monitor_opts *o, struct err *e)
{
	if (!o->group || !*o->group) {
		err_set(e, "kafka: a consumer group is needed");
		return NULL;
	}
	struct kafka_monitor *km = calloc(1, sizeof *km);
	if (!km) {
		err_set(e, "out of memory");
		return NULL;
	}
	km->o = *o;
	snprintf(km->topic, sizeof km->topic, "%s",
	         o->topic ? o->topic : "openbmp.parsed.unicast_prefix");
	km->last_commit = mono();
	rd_kafka_conf_t *conf = NULL;
	char why[512];
	if (consumer_conf(km, &conf, e) < 0)
		goto fail;
	if (!(km->rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, why, sizeof why))) {
		rd_kafka_conf_destroy(conf);
		err_set(e, "cannot create the Kafka consumer: %s", why);
		goto fail;
	}
	rd_kafka_poll_set_consumer(km->rk);
	rd_kafka_topic_partition_list_t *sub = rd_kafka_topic_partition_list_new(1);
	rd_kafka_topic_partition_list_add(sub, km->topic, RD_KAFKA_PARTITION_UA);
	rd_kafka_resp_err_t rc = rd_kafka_subscribe(km->rk, sub);
	rd_kafka_topic_partition_list_destroy(sub);
	if (rc) {
		err_set(e, "kafka: subscribe to %s: %s", km->topic, rd_kafka_err2str(rc));
		goto fail;
	}
	return km;
fail:
	if (km->rk)
		rd_kafka_destroy(km->rk);
	free(km);
	return NULL;
}

int kafka_monitor_close(struct kafka_monitor *km, struct err *e)
{
	if (!km)
		return 0;
	/* a group in the middle of a rebalance refuses commits for a moment:
	 * serve it (messages that come are handled as usual) and try again */
	int rc = kafka_monitor_commit(km, e);
	for (int i = 0; rc < 0 && i < 10 && !km->fatal; i++) {
		rd_kafka_message_t *m = rd_kafka_consumer_poll(km->rk, 300);
		if (m) {
			handle(km, m);
			rd_kafka_message_destroy(m);
		}
		rc = kafka_monitor_commit(km, e);
	}
	km->closing = true;
	rd_kafka_consumer_close(km->rk); /* revokes (commits again) and leaves */
	rd_kafka_destroy(km->rk);
	free(km);
	return rc;
}

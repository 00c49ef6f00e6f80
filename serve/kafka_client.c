/* SPDX-License-Identifier: ISC */
/* kafka_client.c - librdkafka configuration and the counting producer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "kafka_client.h"
#include "listen_guard.h"

struct kafka_producer {
	rd_kafka_t *rk;
	bool no_wait;
	struct log_limit ll; /* undelivered messages come in bursts */
	uint64_t produced, delivered, failed, failed_flushed;
	char last_error[256];
};

int kafka_opts_add(struct kafka_opts *o, const char *kv, struct err *e)
{
	const char *eq = strchr(kv, '=');
	if (!eq || eq == kv)
		return err_set(e, "Kafka option '%s' is not key=value", kv);
	if (o->noptions == KAFKA_MAX_OPTIONS)
		return err_set(e, "at most %d Kafka options", KAFKA_MAX_OPTIONS);
	o->options[o->noptions++] = kv;
	return 0;
}

static void on_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
	(void)rk;
	log_msg(level <= 3   ? LOG_LEVEL_ERR
	        : level <= 5 ? LOG_LEVEL_WARN
	                     : LOG_LEVEL_DEBUG,
	        "kafka: %s: %s", fac, buf);
}

static void on_error(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
	(void)rk;
	(void)opaque;
	log_warn("kafka: %s: %s", rd_kafka_err2name(err), reason);
}

static int conf_set(rd_kafka_conf_t *c, const char *k, const char *v, struct err *e)
{
	char why[256];
	if (rd_kafka_conf_set(c, k, v, why, sizeof why) != RD_KAFKA_CONF_OK)
		return err_set(e, "Kafka option %s=%s: %s", k, v, why);
	return 0;
}

rd_kafka_conf_t *kafka_conf_new(const struct kafka_opts *o, struct err *e)
{
	rd_kafka_conf_t *c = rd_kafka_conf_new();
	if (!c) {
		err_set(e, "out of memory");
		return NULL;
	}
	rd_kafka_conf_set_log_cb(c, on_log);
	rd_kafka_conf_set_error_cb(c, on_error);
	if ((o->brokers && conf_set(c, "bootstrap.servers", o->brokers, e)) ||
	    conf_set(c, "client.id", o->client_id ? o->client_id : "manrs", e))
		goto fail;
	for (size_t i = 0; i < o->noptions; i++) {
		char key[128];
		const char *eq = strchr(o->options[i], '=');
		if (!eq || (size_t)(eq - o->options[i]) >= sizeof key) {
			err_set(e, "Kafka option '%s' is not key=value", o->options[i]);
			goto fail;
		}
		snprintf(key, sizeof key, "%.*s", (int)(eq - o->options[i]), o->options[i]);
		if (conf_set(c, key, eq + 1, e))
			goto fail;
	}
	return c;
fail:
	rd_kafka_conf_destroy(c);
	return NULL;
}

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
	(void)rk;
	struct kafka_producer *p = opaque;
	if (!m->err) {
		p->delivered++;
		return;
	}
	p->failed++;
	snprintf(p->last_error, sizeof p->last_error, "%s: %s", rd_kafka_topic_name(m->rkt),
	         rd_kafka_err2str(m->err));
	unsigned suppressed;
	if (log_limit_allow(&p->ll, 1, &suppressed))
		log_err("kafka: a message to %s was not delivered: %s (%u more not logged)",
		        rd_kafka_topic_name(m->rkt), rd_kafka_err2str(m->err), suppressed);
}

struct kafka_producer *kafka_producer_new(const struct kafka_opts *o, struct err *e)
{
	struct kafka_producer *p = calloc(1, sizeof *p);
	if (!p) {
		err_set(e, "out of memory");
		return NULL;
	}
	/* Defaults first: the user's options (applied by kafka_conf_new) win. */
	struct kafka_opts with = *o;
	static const char *const defaults[] = {"enable.idempotence=true", "linger.ms=5"};
	size_t nd = sizeof defaults / sizeof defaults[0];
	if (with.noptions + nd > KAFKA_MAX_OPTIONS) {
		free(p);
		err_set(e, "at most %zu Kafka options", KAFKA_MAX_OPTIONS - nd);
		return NULL;
	}
	memmove(with.options + nd, with.options, with.noptions * sizeof *with.options);
	memcpy(with.options, defaults, sizeof defaults);
	with.noptions += nd;
	rd_kafka_conf_t *c = kafka_conf_new(&with, e);
	if (!c) {
		free(p);
		return NULL;
	}
	rd_kafka_conf_set_dr_msg_cb(c, on_delivery);
	if (o->partitioner) {
		rd_kafka_topic_conf_t *tc = rd_kafka_topic_conf_new();
		rd_kafka_topic_conf_set_partitioner_cb(tc, o->partitioner);
		rd_kafka_conf_set_default_topic_conf(c, tc);
	}
	rd_kafka_conf_set_opaque(c, p);
	char why[512];
	p->no_wait = o->no_wait;
	if (!(p->rk = rd_kafka_new(RD_KAFKA_PRODUCER, c, why, sizeof why))) {
		rd_kafka_conf_destroy(c);
		free(p);
		err_set(e, "cannot create the Kafka producer: %s", why);
		return NULL;
	}
	return p;
}

rd_kafka_t *kafka_producer_handle(struct kafka_producer *p)
{
	return p->rk;
}

int kafka_produce(struct kafka_producer *p, const char *topic, int32_t partition, const void *key,
                  size_t klen, const void *value, size_t vlen, struct err *e)
{
	rd_kafka_resp_err_t rc;
	/* A full local queue: serve acknowledgements for up to 10 s. */
	for (int tries = 0;; tries++) {
		rc = rd_kafka_producev(p->rk, RD_KAFKA_V_TOPIC(topic),
		                       RD_KAFKA_V_PARTITION(partition), RD_KAFKA_V_KEY(key, klen),
		                       RD_KAFKA_V_VALUE((void *)(uintptr_t)value, vlen),
		                       RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
		if (rc != RD_KAFKA_RESP_ERR__QUEUE_FULL || tries == 100 || p->no_wait)
			break;
		rd_kafka_poll(p->rk, 100);
	}
	if (rc) {
		p->failed++;
		return err_set(e, "kafka: cannot produce to %s: %s", topic, rd_kafka_err2str(rc));
	}
	p->produced++;
	rd_kafka_poll(p->rk, 0);
	return 0;
}

int32_t kafka_partitions(rd_kafka_t *rk, const char *topic, int timeout_ms, struct err *e)
{
	rd_kafka_topic_t *t = rd_kafka_topic_new(rk, topic, NULL);
	const struct rd_kafka_metadata *md = NULL;
	if (!t)
		return err_set(e, "kafka: topic %s: %s", topic,
		               rd_kafka_err2str(rd_kafka_last_error()));
	rd_kafka_resp_err_t rc = rd_kafka_metadata(rk, 0, t, &md, timeout_ms);
	int32_t n = -1;
	if (rc)
		err_set(e, "kafka: metadata of %s: %s", topic, rd_kafka_err2str(rc));
	else if (md->topic_cnt != 1 || md->topics[0].err || md->topics[0].partition_cnt < 1)
		err_set(e, "kafka: topic %s: %s", topic,
		        md->topic_cnt ? rd_kafka_err2str(md->topics[0].err) : "not found");
	else
		n = md->topics[0].partition_cnt;
	if (md)
		rd_kafka_metadata_destroy(md);
	rd_kafka_topic_destroy(t);
	return n;
}

void kafka_producer_poll(struct kafka_producer *p)
{
	rd_kafka_poll(p->rk, 0);
}

int kafka_producer_flush(struct kafka_producer *p, int timeout_ms, struct err *e)
{
	rd_kafka_flush(p->rk, timeout_ms);
	int left = rd_kafka_outq_len(p->rk);
	uint64_t failed = p->failed - p->failed_flushed;
	p->failed_flushed = p->failed;
	if (left > 0)
		return err_set(e, "kafka: %d messages not acknowledged after %d ms%s%s", left,
		               timeout_ms, p->last_error[0] ? "; last error: " : "", p->last_error);
	if (failed)
		return err_set(e, "kafka: %llu messages failed: %s", (unsigned long long)failed,
		               p->last_error);
	return 0;
}

void kafka_producer_stats(const struct kafka_producer *p, struct kafka_producer_stats *s)
{
	s->produced = p->produced;
	s->delivered = p->delivered;
	s->failed = p->failed;
	int q = rd_kafka_outq_len(p->rk);
	s->queued = q > 0 ? (uint64_t)q : 0;
}

static double m_produced(const void *s)
{
	return (double)((const struct kafka_producer_stats *)s)->produced;
}
static double m_delivered(const void *s)
{
	return (double)((const struct kafka_producer_stats *)s)->delivered;
}
static double m_failed(const void *s)
{
	return (double)((const struct kafka_producer_stats *)s)->failed;
}
static double m_queued(const void *s)
{
	return (double)((const struct kafka_producer_stats *)s)->queued;
}

static const struct metric_def producer_metrics[] = {
    {"manrs_kafka_produced_total", "Messages queued for Kafka.", METRIC_COUNTER, m_produced, NULL},
    {"manrs_kafka_delivered_total", "Messages Kafka acknowledged.", METRIC_COUNTER, m_delivered,
     NULL},
    {"manrs_kafka_failed_total", "Messages refused or not delivered.", METRIC_COUNTER, m_failed,
     NULL},
    {"manrs_kafka_queued", "Messages waiting for an acknowledgement.", METRIC_GAUGE, m_queued,
     NULL},
};

static void producer_snapshot(void *ctx, void *snap)
{
	kafka_producer_stats(ctx, snap);
}

int kafka_producer_register_metrics(struct kafka_producer *p, struct metrics *m)
{
	return metrics_add_group(m, producer_metrics,
	                         sizeof producer_metrics / sizeof producer_metrics[0],
	                         sizeof(struct kafka_producer_stats), producer_snapshot, p);
}

void kafka_producer_free(struct kafka_producer *p, int timeout_ms)
{
	if (!p)
		return;
	rd_kafka_flush(p->rk, timeout_ms);
	int left = rd_kafka_outq_len(p->rk);
	if (left > 0) {
		log_err("kafka: %d messages not delivered at exit", left);
		p->failed += (uint64_t)left;
	}
	rd_kafka_destroy(p->rk);
	free(p);
}

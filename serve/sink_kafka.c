/* SPDX-License-Identifier: ISC */
/* sink_kafka.c - alerts to Kafka in BGPalerter's reportKafka format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_writer.h"
#include "detect/alert_json.h"
#include "sink_kafka.h"

struct sink_kafka {
	struct kafka_producer *prod;
	char topic[200];
};

/* BGPalerter's monitor names for its channels; others keep the type. */
static const char *origin_name(const char *type)
{
	static const char *const map[][2] = {
	    {"hijack", "basic-hijack-detection"},   {"newprefix", "prefix-detection"},
	    {"visibility", "withdrawal-detection"}, {"path", "path-matching"},
	    {"misconfiguration", "asn-monitor"},    {"rpki", "rpki-monitor"},
	    {"path-neighbors", "path-neighbors"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(map[i][0], type))
			return map[i][1];
	return type;
}

static void write_affected(struct json_writer *w, const struct alert *a)
{
	char buf[64];
	if (a->affected_as)
		json_u32(w, a->affected_as);
	else
		json_str(w, prefix_format(&a->prefix, buf, sizeof buf));
}

static void write_rule(struct json_writer *w, const struct alert *a)
{
	char buf[64];
	if (!a->monitored.family) {
		json_null_value(w);
		return;
	}
	json_begin_object(w);
	json_key(w, "prefix");
	json_str(w, prefix_format(&a->monitored, buf, sizeof buf));
	json_key(w, "asn");
	json_begin_array(w);
	if (a->affected_as)
		json_u32(w, a->affected_as);
	json_end_array(w);
	json_key(w, "description");
	json_str(w, a->rule);
	json_end_object(w);
}

static void write_sample(struct json_writer *w, const struct alert *a, const struct alert_sample *s)
{
	char buf[64];
	json_begin_object(w);
	json_key(w, "affected");
	write_affected(w, a);
	json_key(w, "matchedRule");
	write_rule(w, a);
	json_key(w, "matchedMessage");
	json_begin_object(w);
	json_key(w, "type");
	json_str(w, "announcement");
	json_key(w, "prefix");
	json_str(w, prefix_format(&a->prefix, buf, sizeof buf));
	json_key(w, "peer");
	json_str(w, addr_format(&s->peer_addr, buf, sizeof buf));
	json_key(w, "path");
	json_begin_array(w);
	for (unsigned i = 0; i < s->path_len; i++)
		json_u32(w, s->path[i]);
	json_end_array(w);
	json_key(w, "originAS");
	json_begin_array(w);
	if (s->path_len)
		json_u32(w, s->path[s->path_len - 1]);
	json_end_array(w);
	json_key(w, "timestamp");
	json_u32(w, s->time);
	json_end_object(w);
	json_key(w, "extra");
	json_begin_object(w);
	json_end_object(w);
	json_end_object(w);
}

char *sink_kafka_value(const struct alert *a)
{
	struct mrt_buf b = {0};
	struct json_writer w;
	json_writer_init_buf(&w, &b);
	char id[160];
	if (a->nth)
		snprintf(id, sizeof id, "%s@%u#%u", a->key, a->first_seen, a->nth);
	else
		snprintf(id, sizeof id, "%s@%u", a->key, a->first_seen);
	json_begin_object(&w);
	json_key(&w, "id");
	json_str(&w, id);
	json_key(&w, "truncated");
	json_bool(&w, false);
	json_key(&w, "origin");
	json_str(&w, origin_name(a->type));
	json_key(&w, "earliest");
	json_u32(&w, a->first_seen);
	json_key(&w, "latest");
	json_u32(&w, a->resolved_at ? a->resolved_at : a->last_seen);
	json_key(&w, "affected");
	write_affected(&w, a);
	json_key(&w, "message");
	json_str(&w, a->description);
	json_key(&w, "data");
	json_begin_array(&w);
	for (unsigned i = 0; i < a->nsamples; i++)
		write_sample(&w, a, &a->samples[i]);
	json_end_array(&w);
	json_key(&w, "state");
	json_str(&w, alert_state_name(a->state));
	json_key(&w, "version");
	json_u32(&w, a->version);
	json_key(&w, "manrs");
	alert_json_write(&w, a);
	json_end_object(&w);
	if (json_room(&w, 1))
		mrt_buf_putc(&b, '\0');
	if (json_writer_finish(&w) < 0) {
		mrt_buf_free(&b);
		return NULL;
	}
	return b.p;
}

static int deliver(void *self, const struct alert *a, struct err *e)
{
	struct sink_kafka *k = self;
	char *v = sink_kafka_value(a);
	if (!v)
		return err_set(e, "out of memory");
	int rc = kafka_produce(k->prod, k->topic, RD_KAFKA_PARTITION_UA, a->type, strlen(a->type),
	                       v, strlen(v), e);
	free(v);
	return rc;
}

static int flush(void *self, struct err *e)
{
	struct sink_kafka *k = self;
	return kafka_producer_flush(k->prod, 10000, e);
}

static void destroy(void *self)
{
	struct sink_kafka *k = self;
	kafka_producer_free(k->prod, 10000);
	free(k);
}

static const struct alert_sink_ops kafka_ops = {
    .kind = "kafka", .deliver = deliver, .flush = flush, .destroy = destroy};

struct alert_sink *sink_kafka_new(const struct kafka_opts *o, const char *topic,
                                  struct kafka_producer **prod, struct err *e)
{
	struct sink_kafka *k = calloc(1, sizeof *k);
	if (!k) {
		err_set(e, "out of memory");
		return NULL;
	}
	snprintf(k->topic, sizeof k->topic, "%s", topic ? topic : "bgpalerter");
	if (!(k->prod = kafka_producer_new(o, e))) {
		free(k);
		return NULL;
	}
	if (prod)
		*prod = k->prod;
	return alert_sink_new(&kafka_ops, k, k->topic, e);
}

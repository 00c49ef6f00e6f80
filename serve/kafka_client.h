/* SPDX-License-Identifier: ISC */
/* kafka_client.h - the small part of librdkafka manrs uses: a client
 * configuration from a broker list and "key=value" options, and a producer
 * that counts what it produced, what the brokers acknowledged and what
 * failed, with its counters as Prometheus metrics.
 *
 * The producer is idempotent by default (enable.idempotence=true): a
 * message retried after a broker failure is written once. Produce copies
 * the payload and never blocks for long: a full local queue (the brokers
 * are away) is drained by serving delivery reports for up to 10 s, or not
 * at all with no_wait, then the message is refused (counted as failed, the
 * caller decides). Delivery reports are
 * served by kafka_producer_poll (from the caller's loop) and by flush. */
#ifndef MANRS_KAFKA_CLIENT_H
#define MANRS_KAFKA_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <librdkafka/rdkafka.h>

#include "core/err.h"
#include "metrics.h"

#define KAFKA_MAX_OPTIONS 32

/* Chooses a message's partition among n from its key (librdkafka's
 * partitioner callback). */
typedef int32_t (*kafka_partitioner_fn)(const rd_kafka_topic_t *t, const void *key, size_t klen,
                                        int32_t n, void *topic_opaque, void *msg_opaque);

struct kafka_opts {
	const char *brokers;                    /* "host:port,host:port" (bootstrap.servers) */
	const char *options[KAFKA_MAX_OPTIONS]; /* librdkafka "key=value", applied last */
	size_t noptions;
	const char *client_id;            /* NULL: "manrs" */
	kafka_partitioner_fn partitioner; /* producers; NULL: librdkafka's default */
	bool no_wait; /* producers: a full local queue refuses at once (a collector
	               * must not stop reading its routers); else waits up to 10 s */
};

/* Add one "key=value" option to o. Returns 0, or -1 with e set when it has
 * no '=' or there are too many. */
int kafka_opts_add(struct kafka_opts *o, const char *kv, struct err *e);

/* A librdkafka configuration for o (bootstrap.servers, client.id, then
 * every option). NULL with e set naming the option librdkafka refused. */
rd_kafka_conf_t *kafka_conf_new(const struct kafka_opts *o, struct err *e);

struct kafka_producer_stats {
	uint64_t produced;  /* accepted into the local queue */
	uint64_t delivered; /* acknowledged by the brokers */
	uint64_t failed;    /* refused locally or failed for good */
	uint64_t queued;    /* waiting for an acknowledgement */
};

struct kafka_producer;

/* A producer for o. NULL with e set. */
struct kafka_producer *kafka_producer_new(const struct kafka_opts *o, struct err *e);

/* The librdkafka handle (metadata queries, tests). */
rd_kafka_t *kafka_producer_handle(struct kafka_producer *p);

/* Queue one message (key and value copied) for topic, at partition
 * (RD_KAFKA_PARTITION_UA: the partitioner's choice from the key). Returns
 * 0, or -1 with e set (and the message counted as failed). */
int kafka_produce(struct kafka_producer *p, const char *topic, int32_t partition, const void *key,
                  size_t klen, const void *value, size_t vlen, struct err *e);

/* The number of partitions of topic (metadata, up to timeout_ms). Returns
 * it, or -1 with e set. */
int32_t kafka_partitions(rd_kafka_t *rk, const char *topic, int timeout_ms, struct err *e);

/* Serve delivery reports without waiting. */
void kafka_producer_poll(struct kafka_producer *p);

/* Wait up to timeout_ms for every queued message to be acknowledged.
 * Returns 0 when all were and none failed since the last flush; -1 with e
 * set (how many are still queued or failed, and the last broker error). */
int kafka_producer_flush(struct kafka_producer *p, int timeout_ms, struct err *e);

void kafka_producer_stats(const struct kafka_producer *p, struct kafka_producer_stats *s);

/* Register manrs_kafka_{produced,delivered,failed}_total and
 * manrs_kafka_queued in m. Returns 0 or -1. */
int kafka_producer_register_metrics(struct kafka_producer *p, struct metrics *m);

/* Flush for up to timeout_ms (what is left is reported on the log and
 * counted as failed), then free. NULL is allowed. */
void kafka_producer_free(struct kafka_producer *p, int timeout_ms);

#endif

/* SPDX-License-Identifier: ISC */
/* sink_kafka.h - alerts to a Kafka topic in BGPalerter's reportKafka
 * format: one message per alert change, keyed by its channel (hijack,
 * newprefix, visibility, path, misconfiguration, rpki, ...), whose value is
 * the JSON object BGPalerter's reports carry:
 *   {"id", "truncated", "origin" (the BGPalerter monitor name), "earliest",
 *    "latest" (unix seconds), "affected", "message", "data": [{"affected",
 *    "matchedRule", "matchedMessage": {"type", "prefix", "peer", "path",
 *    "originAS", "timestamp"}, "extra"}]}
 * plus "state" and "version" of the alert and "manrs": the whole alert as
 * alert_json.h writes it. The id is the alert's key and the data time it
 * opened ("hijack|203.0.113.0/24|64511@1700000000"): with "version" it
 * names one alert change, so a consumer recognises a repeat (a monitor
 * that restarted before committing its input). The data time is the
 * monitor's clock, the latest time of the messages it read, so a monitor
 * reading partitions in another interleaving may date an alert a little
 * later: key and version alone identify a change within one incident.
 * deliver queues the message; flush waits for the brokers (kafka_client.h). */
#ifndef MANRS_SINK_KAFKA_H
#define MANRS_SINK_KAFKA_H

#include "detect/alert_sink.h"
#include "kafka_client.h"

/* A sink producing to topic (NULL: "bgpalerter"). *prod (may be NULL) is
 * set to its producer (owned by the sink; flushed before a monitor commits
 * its input offsets). NULL with e set. */
struct alert_sink *sink_kafka_new(const struct kafka_opts *o, const char *topic,
                                  struct kafka_producer **prod, struct err *e);

/* The message value of a (malloc'ed, NUL-terminated); NULL when out of
 * memory. */
char *sink_kafka_value(const struct alert *a);

#endif

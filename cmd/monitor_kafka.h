/* SPDX-License-Identifier: ISC */
/* monitor_kafka.h - 'manrs monitor --kafka BROKERS --kafka-group G': the
 * monitor as one instance of a Kafka consumer group over the parsed
 * OpenBMP feed (serve/kafka_monitor.h), until SIGINT or SIGTERM or, with
 * an idle limit, until no message came for that long. */
#ifndef MANRS_MONITOR_KAFKA_H
#define MANRS_MONITOR_KAFKA_H

#include "kafka_monitor.h"

struct monitor_kafka_opts {
	struct kafka_monitor_opts km; /* kafka, group, topic and the callbacks */
	unsigned idle_exit;           /* stop after this many seconds without a message; 0: never */
	/* Called once a second of wall time with km.arg (dispatch_poll,
	 * pipeline_tick). NULL: none. */
	void (*tick)(void *arg);
	/* Set to the running consumer (for kafka_monitor_mutes), NULL after. */
	struct kafka_monitor **running;
};

/* Consume until a signal, the idle limit (0) or a failure (-1 with e
 * set). The consumer's counters go to st; messages that did not decode
 * are also in st->bad_messages. */
int monitor_kafka_run(const struct monitor_kafka_opts *o, struct kafka_monitor_stats *st,
                      struct err *e);

#endif

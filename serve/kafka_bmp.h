/* SPDX-License-Identifier: ISC */
/* kafka_bmp.h - the BMP collector's Kafka feed, in OpenBMP's formats
 * (lib/openbmp/openbmp.h), so OpenBMP consumers and manrs monitors read it:
 *  - PREFIX.bmp_raw: every BMP message as the router sent it behind the
 *    OBMP binary header, keyed by the router's address (one router's
 *    messages stay in order in one partition);
 *  - PREFIX.parsed.unicast_prefix: one message per route change of the
 *    monitored view, keyed by the prefix, in the partition
 *    openbmp_partition(prefix, partitions) chooses (the same on every
 *    collector), so a monitor in a consumer group holds every update of
 *    its prefixes, in order. A peer that goes down is one peer message
 *    ("T: peer", action "down") written to every partition, so each
 *    monitor ends that peer's routes at the right place in its stream; the
 *    same message also goes to PREFIX.parsed.peer for OpenBMP consumers.
 * Messages are queued without blocking the collector (kafka_client.h); a
 * message Kafka refuses is counted and logged, never retried by hand. */
#ifndef MANRS_KAFKA_BMP_H
#define MANRS_KAFKA_BMP_H

#include "bmp/bmp_state_feed.h"
#include "detect/input_bmp.h"
#include "kafka_client.h"

struct kafka_bmp_opts {
	struct kafka_opts kafka;
	const char *topic_prefix; /* NULL: "openbmp" */
	const char *admin_id;     /* the collector's name; NULL: the host name */
	enum bmp_rib_view view;   /* the view published as parsed rows */
	bmp_event_fn next;        /* also called with every element (may be NULL) */
	void *next_arg;
	/* also called when a router's session ends (may be NULL), with next_arg */
	void (*next_router_down)(void *arg, const char *router);
};

struct kafka_bmp_stats {
	struct kafka_producer_stats producer;
	unsigned long raw, rows, peer_downs, errors;
};

struct kafka_bmp;

/* A feed for o (strings must outlive it), not connected yet: its hooks
 * can be given to the collector. NULL with e set. */
struct kafka_bmp *kafka_bmp_new(const struct kafka_bmp_opts *o, struct err *e);

/* Start the producer (its threads): after the privilege drop, whose
 * Landlock must cover every thread. Until then the hooks do nothing.
 * Returns 0, or -1 with e set. */
int kafka_bmp_start(struct kafka_bmp *kb, struct err *e);

/* bmp_server_config.on_message: one raw message (arg: the feed). */
void kafka_bmp_message(void *arg, const char *router, const uint8_t *p, size_t n);

/* bmp_server_config.on_event: one element (arg: the feed). */
void kafka_bmp_element(void *arg, const struct bmp_route_event *ev);

/* bmp_server_config.on_router_down: a router's session ended. */
void kafka_bmp_router_down(void *arg, const char *router);

/* Serve delivery reports; peers of routers gone for grace seconds go
 * down (now: unix seconds). Call about once a second. */
void kafka_bmp_tick(struct kafka_bmp *kb, uint32_t now, uint32_t grace);

void kafka_bmp_stats(const struct kafka_bmp *kb, struct kafka_bmp_stats *s);

/* The producer (metrics registration, flush); NULL before the start. */
struct kafka_producer *kafka_bmp_producer(struct kafka_bmp *kb);

/* Flush for up to timeout_ms and free. Returns 0 when everything was
 * delivered, -1 with e set otherwise. NULL is allowed. */
int kafka_bmp_free(struct kafka_bmp *kb, int timeout_ms, struct err *e);

#endif

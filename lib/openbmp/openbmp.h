/* SPDX-License-Identifier: ISC */
/* openbmp.h - OpenBMP's Kafka message formats (message bus API 1.7), so
 * that OpenBMP consumers read what manrs collects and manrs monitors read
 * what an OpenBMP collector publishes.
 *
 * Reference: OpenBMP "Message Bus API Specification", version 1.7
 * (openbmp.org api/MESSAGE_BUS_API.md and kafka_message_schema.md):
 *  - openbmp.bmp_raw: a binary header, then one whole BMP message as the
 *    router sent it. Header, network byte order: magic "OBMP", major 1,
 *    minor 7, header length (u16, the whole header), BMP message length
 *    (u32), flags (u8: 0x80 router message, 0x40 router address is IPv6),
 *    object type (u8, 12 = bmp_raw), collector time seconds and
 *    microseconds (u32 each), collector hash (16 bytes), admin id length
 *    (u16) and admin id, router hash (16 bytes), router address (16 bytes,
 *    IPv4 in the first 4), router group length (u16) and group, row count
 *    (u32, 1).
 *  - openbmp.parsed.unicast_prefix: text headers "V: 1.7", "C_HASH_ID",
 *    "T: unicast_prefix", "L" (data bytes), "R" (rows), a blank line, then
 *    TSV rows of 32 fields: action (add/del), sequence, hash, router hash,
 *    router IP, base attribute hash, peer hash, peer IP, peer ASN,
 *    timestamp ("YYYY-MM-DD HH:MM:SS.ffffff" UTC), prefix, length, isIPv4,
 *    origin, AS path, AS path count, origin AS, next hop, MED, local pref,
 *    aggregator, communities, extended communities, cluster list,
 *    isAtomicAgg, isNextHopIPv4, originator id, path id, labels,
 *    isPrePolicy, isAdjIn, large communities.
 *  - openbmp.parsed.peer rows (31 fields) for a peer that went down:
 *    action "down", sequence, hash, router hash, name, remote BGP ID,
 *    router IP, timestamp, remote ASN, remote IP, peer RD, then the PEER_UP
 *    and PEER_DOWN fields, isL3VPN, isPrePolicy, isIPv4, isLocRib,
 *    isLocRibFiltered, table name.
 * Hash ids are 32 hex digits as OpenBMP's, stable for the same fields, but
 * not OpenBMP's MD5 values (nothing joins them with OpenBMP's database).
 * Each message manrs writes carries one row (R: 1), so that rows can be
 * partitioned by prefix; a reader takes any number.
 *
 * No I/O: the Kafka transport is serve/kafka_*.c. */
#ifndef MANRS_OPENBMP_H
#define MANRS_OPENBMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/mrt_buf.h"
#include "core/prefix.h"
#include "detect/input.h"
#include "detect/route_event.h"

#define OPENBMP_TYPE_BMP_RAW 12
#define OPENBMP_MAX_ROWS 100000 /* rows read from one message */
#define OPENBMP_MAX_PATH 1024   /* ASNs read from one AS path */
#define OPENBMP_MAX_COMM 1024   /* communities read from one row */

/* What the binary header of a raw message says. */
struct openbmp_raw_info {
	char admin_id[256];   /* the collector's name */
	char group[256];      /* the router group, "" when none */
	struct prefix router; /* the router's address (a /32 or /128) */
	uint32_t sec, usec;   /* when the collector received the message */
	const uint8_t *bmp;   /* decode only: the BMP message, in the input */
	size_t bmp_len;
};

/* Append the 1.7 binary header for info and the n-byte BMP message at bmp
 * to b. Returns 0, -1 with e set when out of memory or a name is longer
 * than 255 bytes. */
int openbmp_raw_encode(struct mrt_buf *b, const struct openbmp_raw_info *info, const uint8_t *bmp,
                       size_t n, struct err *e);

/* Read a raw message of n bytes at p into out (out->bmp points into p).
 * Returns 0, or -1 with e set (byte offset) when it is not a 1.x
 * bmp_raw message or its lengths do not fit. */
int openbmp_raw_decode(const uint8_t *p, size_t n, struct openbmp_raw_info *out, struct err *e);

/* The collector's side of the parsed feed: its name, hash and the row
 * sequence. */
struct openbmp_collector {
	char admin_id[64];
	char hash[33];
	uint64_t seq;
};

/* Set up c for the collector named admin_id (cut at 63 bytes). */
void openbmp_collector_init(struct openbmp_collector *c, const char *admin_id);

/* Attributes a route event does not carry; zero = unknown (empty field). */
struct openbmp_attrs {
	int origin;             /* 0 igp, 1 egp, 2 incomplete, -1 unknown */
	struct prefix next_hop; /* family 0: none */
	bool has_med, has_local_pref;
	uint32_t med, local_pref;
	bool post_policy, adj_out; /* the BMP view (isPrePolicy, isAdjIn) */
};

/* Append one parsed message (headers and one row) for ev to b: a
 * unicast_prefix row ("add" or "del") for ANNOUNCE and WITHDRAW, a peer
 * row ("down") for PEER_DOWN. The router is ev->source without its
 * "bmp:" (ev->source NULL: "0.0.0.0"). attrs may be NULL. *type is set to
 * the object type written ("unicast_prefix" or "peer"). Returns 0, -1
 * with e set when out of memory. */
int openbmp_parsed_encode(struct mrt_buf *b, struct openbmp_collector *c,
                          const struct route_event *ev, const struct openbmp_attrs *attrs,
                          const char **type, struct err *e);

/* Reads parsed messages back into route events; holds the buffers the
 * events point into. */
struct openbmp_decoder {
	uint32_t path[OPENBMP_MAX_PATH];
	uint32_t comm[OPENBMP_MAX_COMM];
	char source[80];
	unsigned long rows, skipped; /* rows turned into events; rows of other objects */
};

/* Read the parsed message of n bytes at p: each unicast_prefix row becomes
 * an ANNOUNCE ("add") or WITHDRAW ("del"), each peer row with action
 * "down" a PEER_DOWN, handed to fn(arg) (source "bmp:ROUTER-IP", pointers
 * valid during the call). Messages of other objects (collector, router,
 * base_attribute...) are counted in skipped; d->rows counts the events.
 * Returns 0, fn's non-zero answer (1: stop), or -1 with e set (byte offset,
 * row and field) for a header or row that does not parse: rows before it
 * were delivered. */
int openbmp_parsed_decode(struct openbmp_decoder *d, const char *p, size_t n, route_event_fn fn,
                          void *arg, struct err *e);

/* The partition of prefix pfx among n (FNV-1a of family, length and
 * address bytes, modulo n): the same on every collector, so a monitor in
 * a consumer group sees every update of its prefixes, in order. */
int32_t openbmp_partition(const struct prefix *pfx, int32_t n);

#endif

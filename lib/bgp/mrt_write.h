/* SPDX-License-Identifier: ISC */
/* mrt_write.h - write MRT files (RFC 6396) that bgpdump and manrs read.
 *
 * Two kinds of content: a RIB snapshot (TABLE_DUMP_V2: one PEER_INDEX_TABLE,
 * then RIB_IPV4_UNICAST / RIB_IPV6_UNICAST records, one per prefix) and an
 * update stream (BGP4MP_MESSAGE_AS4 UPDATEs and BGP4MP_STATE_CHANGE_AS4).
 * Both can go in one file. Paths are written with 4-byte ASNs throughout.
 *
 * Stable API (used by `manrs lab generate` and tests):
 *
 *   struct err e;
 *   struct mrt_writer *w = mrt_writer_open("rib.mrt", &e);
 *   struct mrt_peer peers[1] = {{.bgp_id = 0x0a000001, .asn = 64500}};
 *   addr_parse("192.0.2.1", &peers[0].addr, &e);
 *   mrt_write_peer_index(w, t, 0x0a0000fe, "lab", peers, 1, &e);
 *   uint32_t path[] = {64500, 64501};
 *   struct mrt_attrs a = {.origin = MRT_ORIGIN_IGP, .as_path = path, .as_path_len = 2};
 *   addr_parse("192.0.2.1", &a.next_hop, &e);
 *   struct mrt_rib_entry re = {.peer_index = 0, .originated = t, .attrs = &a};
 *   mrt_write_rib(w, t, 0, &pfx, &re, 1, &e);
 *   mrt_writer_close(w, &e);
 *
 * Every function returns 0 or -1 with e set ("FILE: write failed: ..."). */
#ifndef MANRS_MRT_WRITE_H
#define MANRS_MRT_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/bgp_msg.h"
#include "core/err.h"
#include "core/prefix.h"

enum { MRT_ORIGIN_IGP = 0, MRT_ORIGIN_EGP = 1, MRT_ORIGIN_INCOMPLETE = 2 };

/* BGP FSM states for mrt_write_state (RFC 6396 4.4.1). */
enum {
	MRT_STATE_IDLE = 1,
	MRT_STATE_CONNECT = 2,
	MRT_STATE_ACTIVE = 3,
	MRT_STATE_OPENSENT = 4,
	MRT_STATE_OPENCONFIRM = 5,
	MRT_STATE_ESTABLISHED = 6,
};

/* Path attributes of a route. Only what is set is written:
 * ORIGIN and AS_PATH always (an empty path is allowed), NEXT_HOP when
 * next_hop.family is 4 or 6 (IPv6 routes carry it in MP_REACH_NLRI),
 * MED / LOCAL_PREF when their has_ flag is true, COMMUNITIES when
 * n_communities > 0 (each value is (asn << 16) | value), LARGE_COMMUNITIES
 * when n_large > 0 (three words each: global, local1, local2).
 * raw/raw_len: already encoded attributes (flags, type, length, value)
 * appended verbatim - for tests of unknown or malformed attributes. */
struct mrt_attrs {
	uint8_t origin;          /* MRT_ORIGIN_* */
	const uint32_t *as_path; /* one AS_SEQUENCE, first hop first */
	size_t as_path_len;
	struct prefix next_hop; /* address only (len ignored); family 0 = none */
	bool has_med;
	uint32_t med;
	bool has_local_pref;
	uint32_t local_pref;
	bool atomic_aggregate;
	uint32_t aggregator_as; /* AGGREGATOR (4-byte form) when nonzero */
	uint32_t aggregator_id; /* IPv4 address, host byte order */
	const uint32_t *communities;
	size_t n_communities;
	const uint32_t *large; /* 3 * n_large words */
	size_t n_large;
	const uint8_t *raw;
	size_t raw_len;
};

/* A peer of the collector, for the PEER_INDEX_TABLE. */
struct mrt_peer {
	uint32_t bgp_id;    /* router id, host byte order */
	struct prefix addr; /* peer address: family 4 or 6 */
	uint32_t asn;
};

/* One peer's route for a prefix in a RIB record. */
struct mrt_rib_entry {
	uint16_t peer_index; /* index into the peer table written before */
	uint32_t originated; /* unix time the route was learned */
	const struct mrt_attrs *attrs;
};

/* The BGP session an update or state change belongs to. The two addresses
 * must have the same family. */
struct mrt_session {
	uint32_t peer_as;
	uint32_t local_as;
	struct prefix peer_ip;
	struct prefix local_ip;
	/* Write every prefix of an UPDATE with the ADD-PATH path identifier
	 * path_id (RFC 7911) but keep the plain BGP4MP_MESSAGE_AS4 subtype, as
	 * dumpers before RFC 8050 (BIRD's mrtdump) did. */
	bool addpath;
	uint32_t path_id;
};

struct mrt_writer;

/* Create or truncate path ("-" writes to stdout). NULL with e set on error. */
struct mrt_writer *mrt_writer_open(const char *path, struct err *e);

/* Flush and close; reports a failed write or close. NULL is allowed. */
int mrt_writer_close(struct mrt_writer *w, struct err *e);

/* Write the PEER_INDEX_TABLE (must come before RIB records). view_name may
 * be NULL or "". At most 65535 peers. */
int mrt_write_peer_index(struct mrt_writer *w, uint32_t time, uint32_t collector_id,
                         const char *view_name, const struct mrt_peer *peers, size_t n,
                         struct err *e);

/* Write one RIB_IPV4_UNICAST or RIB_IPV6_UNICAST record (by pfx->family)
 * with n entries (at most 65535). seq is the record sequence number, usually
 * counting up from 0. IPv6 entries carry their next hop in an abbreviated
 * MP_REACH_NLRI as RFC 6396 section 4.3.4 says. */
int mrt_write_rib(struct mrt_writer *w, uint32_t time, uint32_t seq, const struct prefix *pfx,
                  const struct mrt_rib_entry *entries, size_t n, struct err *e);

/* Write one BGP4MP_MESSAGE_AS4 holding an UPDATE that withdraws n_withdrawn
 * prefixes and announces n_announced prefixes with attrs (attrs may be NULL
 * when n_announced is 0). IPv4 prefixes go in the classic fields, IPv6 ones
 * in MP_REACH_NLRI / MP_UNREACH_NLRI. Fails if the UPDATE would exceed
 * 4096 bytes: split big batches across calls. */
int mrt_write_update(struct mrt_writer *w, uint32_t time, const struct mrt_session *s,
                     const struct prefix *withdrawn, size_t n_withdrawn,
                     const struct prefix *announced, size_t n_announced,
                     const struct mrt_attrs *attrs, struct err *e);

/* Write one BGP4MP_MESSAGE_AS4 holding the OPEN o as the peer sent it, or
 * BGP4MP_MESSAGE_AS4_LOCAL when local (the collector sent it). */
int mrt_write_open(struct mrt_writer *w, uint32_t time, const struct mrt_session *s, bool local,
                   const struct bgp_open *o, struct err *e);

/* Write one BGP4MP message record of the given subtype (MRT_BGP4MP_MESSAGE,
 * _AS4 or their _ADDPATH forms) holding msg, a whole BGP message (marker,
 * length, type) as it was received: a collector archiving what a router
 * relayed. The AS fields are 2 bytes for the subtypes without AS4 (an ASN
 * above 65535 is then written as AS_TRANS, 23456). */
int mrt_write_bgp4mp_raw(struct mrt_writer *w, uint32_t time, const struct mrt_session *s,
                         uint16_t subtype, const uint8_t *msg, size_t len, struct err *e);

/* One peer's route for a prefix with its attributes already encoded
 * (4-byte AS_PATH; for IPv6 an MP_REACH_NLRI with the next hop and no
 * NLRI, written in the abbreviated form of RFC 6396 4.3.4). */
struct mrt_rib_raw {
	uint16_t peer_index;
	uint32_t originated;
	uint32_t path_id; /* written only with addpath */
	const uint8_t *attrs;
	size_t attrs_len;
};

/* Write one RIB_IPV4_UNICAST / RIB_IPV6_UNICAST record, or the _ADDPATH
 * subtype (RFC 8050) with path identifiers when addpath, from raw
 * attributes. MP_REACH_NLRI is rewritten to its abbreviated form. */
int mrt_write_rib_raw(struct mrt_writer *w, uint32_t time, uint32_t seq, const struct prefix *pfx,
                      bool addpath, const struct mrt_rib_raw *entries, size_t n, struct err *e);

/* Write one BGP4MP_STATE_CHANGE_AS4 record (states are MRT_STATE_*). */
int mrt_write_state(struct mrt_writer *w, uint32_t time, const struct mrt_session *s,
                    uint16_t old_state, uint16_t new_state, struct err *e);

#endif

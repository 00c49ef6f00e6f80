/* SPDX-License-Identifier: ISC */
/* mrt_td2.h - TABLE_DUMP_V2 PEER_INDEX_TABLE records (RFC 6396 4.3.1).
 *
 * Record-level API: RIB entries name their peer by index into this table,
 * so a caller walking records keeps the last table decoded here. */
#ifndef MANRS_MRT_TD2_H
#define MANRS_MRT_TD2_H

#include <stddef.h>
#include <stdint.h>

#include "bgp/mrt.h"

struct mrt_peer_entry {
	uint8_t family; /* 4 or 6 */
	uint8_t addr[16];
	uint32_t bgp_id; /* host byte order */
	uint32_t asn;
};

struct mrt_peer_table {
	uint32_t collector_id;
	char view[256]; /* NUL-terminated, cut to fit */
	size_t n;
	struct mrt_peer_entry *peers;
};

/* Decode a PEER_INDEX_TABLE record into t (t->peers is allocated; free
 * with mrt_peer_table_free). A table cut short keeps the peers read so far
 * and returns -1 with e set (offset relative to the body); 0 when whole. On
 * allocation failure t->peers is NULL and -1 is returned. */
int mrt_peer_table_decode(const struct mrt_record *rec, struct mrt_peer_table *t, struct err *e);

/* Free t's peers (t itself is the caller's). */
void mrt_peer_table_free(struct mrt_peer_table *t);

#endif

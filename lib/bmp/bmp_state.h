/* SPDX-License-Identifier: ISC */
/* bmp_state.h - what a BMP collector knows: routers, their monitored peers,
 * and per peer one route table per RIB view, with peer up/down history.
 *
 * No I/O: the transport (serve/bmp_server.c) feeds decoded messages in
 * through these calls. Routers are known by a name the caller picks (their
 * address); a router whose session ends keeps its routes, marked stale,
 * until it comes back and announces them again or a grace time passes
 * (bmp_state_expire), as BGP graceful restart would. A Peer Down clears
 * that peer's tables at once. Attribute sets are interned across all
 * routers, so a route costs a table slot (20 bytes IPv4, 32 IPv6, at most
 * 4/3 of that with the load factor) plus its share of a set. */
#ifndef MANRS_BMP_STATE_H
#define MANRS_BMP_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bmp/bmp.h"
#include "bmp/bmp_state_attrs.h"
#include "bmp/bmp_state_table.h"
#include "core/prefix.h"

/* The view named s ("pre-policy", "post-policy", "adj-rib-out-pre",
 * "adj-rib-out-post", "loc-rib": bmp_view_name's names); -1 when unknown. */
int bmp_state_view_parse(const char *s);

/* A monitored peer as the per-peer header names it. */
struct bmp_peer_key {
	uint8_t type;   /* peer type 0-3 (3 = Loc-RIB) */
	uint8_t family; /* 4 or 6 (0 for a Loc-RIB instance without address) */
	uint8_t addr[16];
	uint64_t rd; /* peer distinguisher */
};

#define BMP_HISTORY 16

enum bmp_peer_event_kind { BMP_EV_UP = 1, BMP_EV_DOWN = 2 };

struct bmp_peer_event {
	uint32_t time;
	uint8_t kind;   /* enum bmp_peer_event_kind */
	uint8_t reason; /* Peer Down reason code */
};

struct bmp_peer {
	struct bmp_peer_key key;
	uint32_t asn, bgp_id;
	uint8_t asn_len;            /* 2 or 4, from the Peer Up OPENs (4 until known) */
	uint8_t addpath;            /* bit per view: NLRI carry path identifiers */
	bool up;                    /* a Peer Up was seen and no Peer Down since */
	bool implicit;              /* known without a Peer Up (GoBGP's Loc-RIB) */
	struct bmp_session session; /* from the Peer Up OPENs */
	bool have_session;
	uint8_t local_family; /* local address from the Peer Up */
	uint8_t local_addr[16];
	uint32_t local_asn;
	struct bmp_table view[BMP_VIEW_COUNT];
	struct bmp_peer_event history[BMP_HISTORY]; /* ring, newest at hist_n-1 */
	unsigned hist_n;
	uint64_t updates, withdrawals, ups, downs;
};

struct bmp_router {
	char name[64]; /* "192.0.2.1" (unique in the state) */
	char sys_name[128], sys_descr[256];
	bool connected;
	uint32_t stale_since; /* when the last session ended, until its stale
	                         routes are refreshed or swept (0 = none) */
	struct bmp_peer **peers;
	size_t npeers, cap;
	struct bmp_peer *last; /* cache of the last peer looked up */
	uint64_t messages, sessions;
};

struct bmp_state {
	struct bmp_attr_pool attrs;
	struct bmp_router **routers;
	size_t nrouters, cap;
	uint64_t stale_dropped; /* routes dropped after the grace time */
};

/* An empty state; NULL when out of memory. */
struct bmp_state *bmp_state_new(void);

/* Free everything. NULL is allowed. */
void bmp_state_free(struct bmp_state *st);

/* The router named name, NULL when unknown. */
struct bmp_router *bmp_state_find_router(struct bmp_state *st, const char *name);

/* A router connects: the known one (its stale routes stay stale until
 * announced again), or a new one. NULL when out of memory. */
struct bmp_router *bmp_state_router_up(struct bmp_state *st, const char *name);

/* The router's session ended at now: every route becomes stale. */
void bmp_state_router_down(struct bmp_state *st, struct bmp_router *r, uint32_t now);

/* Drop the routes still stale grace seconds after their router's session
 * ended (a router that came back keeps what it announced again), and
 * forget routers still disconnected then. Returns the routes dropped. */
size_t bmp_state_expire(struct bmp_state *st, uint32_t now, uint32_t grace);

/* The peer with key k at router r; created (down, asn_len 4) when create
 * is true. NULL when absent or out of memory. */
struct bmp_peer *bmp_router_peer(struct bmp_router *r, const struct bmp_peer_key *k, bool create);

/* A Peer Up: the peer is up; asn_len and addpath come from its OPENs. */
void bmp_peer_up(struct bmp_peer *p, uint32_t time, uint32_t asn, uint32_t bgp_id, int asn_len,
                 uint8_t addpath_views);

/* A Peer Down: every table of the peer is cleared. */
void bmp_peer_down(struct bmp_state *st, struct bmp_peer *p, uint32_t time, uint8_t reason);

/* Announce pfx/path_id in view with attribute bytes attrs (raw, as in the
 * UPDATE; normalised here). Returns 1 new, 0 replaced, -1 out of memory or
 * malformed attributes. */
int bmp_peer_announce(struct bmp_state *st, struct bmp_peer *p, enum bmp_rib_view v,
                      const struct prefix *pfx, uint32_t path_id, uint32_t attr, uint32_t time);

/* Intern raw attribute bytes of one UPDATE whose AS_PATH has asn_len-byte
 * ASNs (call once per UPDATE, then bmp_peer_announce per prefix with a
 * bmp_attr_ref'ed reference each).
 * Returns the set index or 0 (malformed or out of memory). */
uint32_t bmp_state_intern(struct bmp_state *st, int asn_len, const uint8_t *attrs, size_t len);

/* Withdraw; 1 when the route was there. */
int bmp_peer_withdraw(struct bmp_state *st, struct bmp_peer *p, enum bmp_rib_view v,
                      const struct prefix *pfx, uint32_t path_id);

/* Totals over the whole state. */
struct bmp_state_totals {
	size_t routers, connected, peers, peers_up;
	size_t routes, stale, routes_by_view[BMP_VIEW_COUNT];
	size_t attr_sets, table_bytes, attr_bytes;
};

void bmp_state_totals(const struct bmp_state *st, struct bmp_state_totals *t);

/* Routes of one peer in all views. */
size_t bmp_peer_routes(const struct bmp_peer *p);

#endif

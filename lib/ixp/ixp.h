/* SPDX-License-Identifier: ISC */
/* ixp.h - an IXP as its route servers see it: the route servers, the
 * peering LAN, the members (ASN, AS-SET, addresses, limits) and the policy
 * the route servers apply to what members announce (MANRS for IXPs,
 * Action 1, plus ASPA). Loaded from YAML (ixp_yaml.c) or PeeringDB objects
 * (ixp_peeringdb.c); turned into filter data by ixp_data.c, into route
 * server configurations by lib/out/rs_*.c, and checked against a route
 * server's RIB by ixp_check.c. */
#ifndef MANRS_IXP_H
#define MANRS_IXP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/prefix.h"

#define IXP_MAX_ADDRS 8 /* session addresses per member or route server */
#define IXP_MAX_LANS 8  /* peering LAN prefixes */

/* What a check does with a route that fails it. */
enum ixp_action {
	IXP_OFF,    /* the check is not made */
	IXP_REJECT, /* the route is dropped */
	IXP_TAG,    /* the route is kept and carries (RS-ASN, 65520, reason) */
};

/* The policy every member's routes go through (defaults: ixp_policy_default). */
struct ixp_policy {
	enum ixp_action irr;  /* prefix and origin against the member's AS-SET */
	enum ixp_action rpki; /* ROV: Invalid */
	enum ixp_action aspa; /* ASPA upstream verification: Invalid */
	bool rpki_as_irr;     /* ROAs of the AS-SET's ASNs also count as route objects */
	uint8_t min_len4, max_len4, min_len6, max_len6;
	unsigned max_path_len;  /* ASes in the path (prepends counted), 0 = no limit */
	uint32_t *transit_free; /* ASNs never seen behind a member */
	size_t ntransit_free;
	bool blackhole;         /* honour 65535:666 (RFC 7999) for the member's own space */
	uint8_t blackhole_max4; /* longest blackhole prefix accepted (32) */
	uint8_t blackhole_max6; /* (128) */
	bool graceful_shutdown; /* 65535:0 (RFC 8326) lowers local-pref to 0 */
	char *blackhole_nh4;    /* next hop set on blackholes, NULL = keep */
	char *blackhole_nh6;
};

/* One session address. */
struct ixp_addr {
	struct prefix ip; /* host prefix (/32 or /128) */
};

/* A route server of the IXP. */
struct ixp_rs {
	char *name;
	char *router_id;
	struct ixp_addr addr[IXP_MAX_ADDRS];
	size_t naddr;
	unsigned port; /* BGP listen port (179) */
	bool passive;  /* wait for members to connect */
};

/* One member (an RS client). */
struct ixp_member {
	uint32_t asn;
	char *name;
	char *as_set; /* NULL: the ASN alone */
	struct ixp_addr addr[IXP_MAX_ADDRS];
	size_t naddr;
	unsigned port;        /* the member's BGP port (179) */
	uint32_t max_prefix4; /* 0 = no limit */
	uint32_t max_prefix6;
	bool irr_tag_only; /* this member's IRR failures are tagged, not dropped */
};

/* The whole IXP. */
struct ixp {
	char *name;
	uint32_t rs_asn;
	struct ixp_rs *rs;
	size_t nrs, rscap; /* rscap 0: rs was allocated to exactly nrs */
	struct prefix lan[IXP_MAX_LANS];
	size_t nlan;
	char *rtr_host; /* RTR cache for ROV (NULL: ROAs written into the config) */
	unsigned rtr_port;
	struct ixp_policy policy;
	struct ixp_member *members;
	size_t nmembers, cap;
};

/* Fill p with the defaults: IRR, RPKI and ASPA reject; IPv4 /8../24, IPv6
 * /12../48; 64 ASes; the usual transit-free ASNs; blackholes up to /32 and
 * /128; graceful shutdown honoured. */
int ixp_policy_default(struct ixp_policy *p, struct err *e);

/* Initialise an empty IXP with the default policy. Returns 0 or -1. */
int ixp_init(struct ixp *x, struct err *e);

/* Free everything x owns; safe on a zeroed x. */
void ixp_free(struct ixp *x);

/* Append a zeroed member (port 179) and return it, or NULL with e set. */
struct ixp_member *ixp_member_add(struct ixp *x, struct err *e);

/* The member holding session address ip, or NULL. */
const struct ixp_member *ixp_member_by_addr(const struct ixp *x, const struct prefix *ip);

/* Sanity checks after loading: at least one route server, addresses inside
 * the peering LAN, no address or ASN used twice, limits that make sense.
 * Returns 0 or -1 with e naming the member. */
int ixp_validate(const struct ixp *x, struct err *e);

/* "off", "reject", "tag". */
const char *ixp_action_name(enum ixp_action a);

/* Parse an action name. Returns 0 or -1. */
int ixp_action_parse(const char *s, enum ixp_action *a);

/* Load an IXP description (YAML, see manrs-ixp(1)) from path into x (from
 * ixp_init). Errors name file, line and column. Returns 0 or -1. */
int ixp_load_yaml(struct ixp *x, const char *path, struct err *e);

/* The same from a buffer (name for messages). */
int ixp_parse_yaml(struct ixp *x, const char *buf, size_t n, const char *name, struct err *e);

#endif

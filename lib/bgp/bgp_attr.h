/* SPDX-License-Identifier: ISC */
/* bgp_attr.h - decode BGP path attributes (RFC 4271 and extensions) with
 * the error handling of RFC 7606.
 *
 * Decoding is zero-copy: the result points into the caller's buffer, which
 * must outlive it. Each known attribute type has a row in a table (flags,
 * length rule, decoder, RFC 7606 action); a malformed attribute sets the
 * action the RFC asks for (attribute discard, treat-as-withdraw, session
 * reset; the strongest wins when there are several). Values are still
 * decoded as far as they go (short fixed-size values zero-filled), the way
 * bgpdump shows them: callers that print bgpdump's format use them as is,
 * callers that follow RFC 7606 check the action and BGP_ATTR_USABLE. */
#ifndef MANRS_BGP_ATTR_H
#define MANRS_BGP_ATTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/bgp_types.h"
#include "core/err.h"

#define BGP_ATTR_MAX_UNKNOWN 8

/* True when the attribute of type t (1..64) was present. */
#define BGP_ATTR_HAS(a, t) (((a)->present >> ((t)-1)) & 1)

/* True when attribute t was present and RFC 7606 does not discard it. */
#define BGP_ATTR_USABLE(a, t) (BGP_ATTR_HAS(a, t) && !(((a)->discarded >> ((t)-1)) & 1))

/* RFC 7606 error handling, weakest first: when several attributes are
 * malformed the strongest action applies (RFC 7606 section 3 h). */
enum bgp_attr_action {
	BGP_ACTION_NONE = 0,
	BGP_ACTION_DISCARD = 1,  /* attribute discard: drop it, keep the routes */
	BGP_ACTION_WITHDRAW = 2, /* treat-as-withdraw: the message's routes are withdrawn */
	BGP_ACTION_RESET = 3,    /* session reset: the NLRI cannot be located or trusted */
};

/* An attribute this decoder does not interpret, kept raw. */
struct bgp_attr_raw {
	uint8_t flags;
	uint8_t type;
	uint16_t len;
	const uint8_t *data;
};

/* MP_REACH_NLRI (RFC 4760). In MRT RIB entries it is abbreviated to the
 * next hop only (RFC 6396 4.3.4): then abbreviated is true and afi/safi are
 * taken from the RIB record, nlri is empty. */
struct bgp_mp_reach {
	uint16_t afi;
	uint8_t safi;
	bool abbreviated;
	uint8_t nh_len;    /* as on the wire */
	const uint8_t *nh; /* nh_len bytes */
	const uint8_t *nlri;
	size_t nlri_len;
};

struct bgp_mp_unreach {
	uint16_t afi;
	uint8_t safi;
	const uint8_t *nlri;
	size_t nlri_len;
};

/* Decoded attributes. Fields are valid when BGP_ATTR_HAS says so. */
struct bgp_attrs {
	uint64_t present; /* bit t-1 for every type t <= 64 seen */
	uint8_t asn_len;  /* 2 or 4: how AS_PATH/AGGREGATOR were read */
	uint8_t origin;
	const uint8_t *as_path; /* raw AS_PATH segments */
	size_t as_path_len;
	const uint8_t *as4_path; /* raw AS4_PATH segments (4-byte) */
	size_t as4_path_len;
	uint8_t next_hop[4];
	uint32_t med;
	uint32_t local_pref;
	uint32_t aggregator_as;
	uint8_t aggregator_id[4];
	uint32_t as4_aggregator_as;
	uint8_t as4_aggregator_id[4];
	const uint8_t *communities; /* n_communities * 4 bytes */
	size_t n_communities;
	const uint8_t *ext_communities; /* n * 8 bytes */
	size_t n_ext_communities;
	const uint8_t *large_communities; /* n * 12 bytes */
	size_t n_large_communities;
	uint8_t originator_id[4];
	const uint8_t *cluster_list; /* n * 4 bytes */
	size_t n_cluster_list;
	uint32_t otc;
	struct bgp_mp_reach mp_reach;
	struct bgp_mp_unreach mp_unreach;
	struct bgp_attr_raw unknown[BGP_ATTR_MAX_UNKNOWN];
	size_t n_unknown; /* may exceed the array: only the first are kept */
	/* RFC 7606 verdict. A repeated attribute keeps its first value. */
	uint64_t discarded;          /* bit t-1: attribute t is discarded (value still decoded) */
	enum bgp_attr_action action; /* strongest action the attributes call for */
	uint8_t action_type;         /* attribute that called for it (0: none known) */
	size_t action_offset;        /* its offset in the attribute bytes */
	bool malformed;              /* some attribute was malformed (action set) */
};

/* Decode len bytes of path attributes. asn_len is 2 or 4 (the session's AS
 * size); in_rib is true for MRT RIB entries (abbreviated MP_REACH_NLRI).
 * Returns 0, or -1 with e set for the first malformed attribute (message
 * without file context, offset in e->offset relative to data): a->action
 * says what RFC 7606 does about it. When an attribute overruns the field
 * (or a header is truncated) decoding stops there and a holds what came
 * before (treat-as-withdraw, RFC 7606 section 4); otherwise it goes on. */
int bgp_attrs_decode(const uint8_t *data, size_t len, int asn_len, bool in_rib, struct bgp_attrs *a,
                     struct err *e);

/* RFC 7606 section 3 d: an UPDATE that announces routes (classic_nlri:
 * in the NLRI field; MP_REACH_NLRI with NLRI counts too) without ORIGIN or
 * AS_PATH, or with classic NLRI and no NEXT_HOP, is treat-as-withdraw.
 * Raises a->action accordingly; returns the missing type or 0. */
int bgp_attrs_check_mandatory(struct bgp_attrs *a, bool classic_nlri);

/* Raise a's action to at least act for attribute type at offset off (used
 * for errors found outside the attributes, e.g. undecodable NLRI). */
void bgp_attrs_raise(struct bgp_attrs *a, enum bgp_attr_action act, uint8_t type, size_t off);

/* "attribute-discard", "treat-as-withdraw", "session-reset" or "none". */
const char *bgp_attr_action_name(enum bgp_attr_action act);

/* Name of a known attribute type ("ORIGIN", "MP_REACH_NLRI"...), NULL for
 * others. */
const char *bgp_attr_name(uint8_t type);

/* Fill path[] with the AS numbers of the effective AS path in order
 * (AS4_PATH merged per RFC 6793 when asn_len is 2; AS_SET members are
 * included in order; confederation segments skipped). Returns the number of
 * ASNs (may exceed max: only max are stored), or -1 on a malformed path. */
int bgp_attrs_path(const struct bgp_attrs *a, uint32_t *path, size_t max);

/* The origin AS: the last AS of the last AS_SEQUENCE when the path ends in
 * one; 0 when the path is empty, ends in an AS_SET or is malformed. */
uint32_t bgp_attrs_origin_as(const struct bgp_attrs *a);

/* Name of an ORIGIN value: "IGP", "EGP", "INCOMPLETE". */
const char *bgp_origin_name(uint8_t origin);

#endif

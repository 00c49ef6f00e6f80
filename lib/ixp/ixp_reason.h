/* SPDX-License-Identifier: ISC */
/* ixp_reason.h - why a route server filtered a route: one code per check.
 * A route kept in tag mode carries the BGP large community
 * (RS-ASN, IXP_REASON_LC, code) for each check it failed, so members can
 * see why (the numbering follows arouteserver's reject-cause codes where
 * the check is the same; 16 and up are manrs' own). */
#ifndef MANRS_IXP_REASON_H
#define MANRS_IXP_REASON_H

#include <stddef.h>

#define IXP_REASON_LC 65520u /* second field of the reason large community */

enum ixp_reason {
	IXP_R_PATH_LEN = 1,      /* AS_PATH longer than max_path_len */
	IXP_R_BOGON_PREFIX = 2,  /* prefix is a bogon */
	IXP_R_NEXT_HOP = 5,      /* NEXT_HOP is not the member's own address */
	IXP_R_FIRST_AS = 6,      /* left-most AS is not the member's */
	IXP_R_BOGON_ASN = 7,     /* a bogon (reserved, private) ASN in AS_PATH */
	IXP_R_TRANSIT_FREE = 8,  /* a transit-free network behind the member */
	IXP_R_IRR_ORIGIN = 9,    /* origin ASN not in the member's AS-SET */
	IXP_R_IRR_PREFIX = 12,   /* prefix not among the AS-SET's route objects */
	IXP_R_PREFIX_LEN = 13,   /* prefix too long or too short */
	IXP_R_RPKI_INVALID = 14, /* RPKI ROV Invalid */
	IXP_R_ASPA_INVALID = 16, /* ASPA upstream verification Invalid */
	IXP_R_BLACKHOLE = 17,    /* blackhole (65535:666) not allowed for this prefix */
	IXP_R_OTC_LEAK = 18,     /* RFC 9234 OTC set on a route from an RS client */
};

struct ixp_reason_info {
	enum ixp_reason code;
	const char *name; /* short key: "rpki-invalid" */
	const char *text; /* one line for people */
};

/* The table, in code order. Returns the number of rows. */
size_t ixp_reasons(const struct ixp_reason_info **tab);

/* The row for code, or NULL. */
const struct ixp_reason_info *ixp_reason_find(unsigned code);

#endif

/* SPDX-License-Identifier: ISC */
/* bmp_names.c - names of BMP registry values for output and logs. */
#include "bmp/bmp.h"

#define NAME_OF(table, v, fallback)                                                                \
	((size_t)(v) < sizeof(table) / sizeof(table)[0] && (table)[v] ? (table)[v] : (fallback))

const char *bmp_msg_type_name(uint8_t type)
{
	static const char *names[] = {"ROUTE_MONITORING", "STATISTICS_REPORT", "PEER_DOWN",
	                              "PEER_UP",          "INITIATION",        "TERMINATION",
	                              "ROUTE_MIRRORING"};
	return NAME_OF(names, type, "UNKNOWN");
}

const char *bmp_peer_type_name(uint8_t type)
{
	static const char *names[] = {"global", "rd", "local", "loc-rib"};
	return NAME_OF(names, type, "unknown");
}

const char *bmp_view_name(enum bmp_rib_view view)
{
	static const char *names[] = {"pre-policy", "post-policy", "adj-rib-out-pre",
	                              "adj-rib-out-post", "loc-rib"};
	return NAME_OF(names, view, "unknown");
}

const char *bmp_down_reason_name(uint8_t reason)
{
	static const char *names[] = {NULL,
	                              "local-notification",
	                              "local-fsm",
	                              "remote-notification",
	                              "remote-nodata",
	                              "deconfigured",
	                              "local-tlv"};
	return NAME_OF(names, reason, "unknown");
}

/* IANA "BMP Statistics Types"; 18 onwards from the RIB statistics
 * additions (lengths decide their shape). */
const char *bmp_stat_type_name(uint16_t type)
{
	static const char *names[] = {
	    "rejected-prefixes",
	    "duplicate-prefix-advertisements",
	    "duplicate-withdraws",
	    "invalidated-cluster-list-loop",
	    "invalidated-as-path-loop",
	    "invalidated-originator-id",
	    "invalidated-as-confed-loop",
	    "adj-rib-in-routes",
	    "loc-rib-routes",
	    "af-adj-rib-in-routes",
	    "af-loc-rib-routes",
	    "treat-as-withdraw-updates",
	    "treat-as-withdraw-prefixes",
	    "duplicate-updates",
	    "adj-rib-out-pre-routes",
	    "adj-rib-out-post-routes",
	    "af-adj-rib-out-pre-routes",
	    "af-adj-rib-out-post-routes",
	    "adj-rib-in-pre-routes",
	    "af-adj-rib-in-pre-routes",
	    "adj-rib-in-post-routes",
	    "af-adj-rib-in-post-routes",
	    "af-adj-rib-in-pre-rejected-routes",
	    "af-adj-rib-in-post-accepted-routes",
	};
	return NAME_OF(names, type, "unknown");
}

const char *bmp_term_reason_name(uint16_t reason)
{
	static const char *names[] = {"admin-close", "unspecified", "out-of-resources",
	                              "redundant-connection", "permanent-admin-close"};
	return NAME_OF(names, reason, "unknown");
}

const char *bmp_info_tlv_name(uint16_t type)
{
	static const char *names[] = {"string", "sysDescr", "sysName", "table-name", "admin-label"};
	return NAME_OF(names, type, "unknown");
}

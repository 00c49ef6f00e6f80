/* SPDX-License-Identifier: ISC */
/* bgpq_out.h - bgpq4-compatible filter printers, one file per router family
 * (bgpq_cisco.c, bgpq_juniper.c, ...). Each file exports one
 * struct bgpq_printer; bgpq_out.c holds the table and the shared helpers.
 * The text each printer writes is byte-identical to bgpq4 1.9's. */
#ifndef MANRS_OUT_BGPQ_OUT_H
#define MANRS_OUT_BGPQ_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "irr/aggregate.h"

enum bgpq_vendor {
	BGPQ_V_CISCO,
	BGPQ_V_CISCO_XR,
	BGPQ_V_JUNIPER,
	BGPQ_V_BIRD,
	BGPQ_V_OPENBGPD,
	BGPQ_V_NOKIA,
	BGPQ_V_NOKIA_MD,
	BGPQ_V_ARISTA,
	BGPQ_V_HUAWEI,
	BGPQ_V_HUAWEI_XPL,
	BGPQ_V_MIKROTIK6,
	BGPQ_V_MIKROTIK7,
	BGPQ_V_JSON,
	BGPQ_V_FORMAT,
	BGPQ_V_NOKIA_SRL, /* -n2, not in bgpq4 1.9 */
	BGPQ_V_COUNT
};

/* What to generate; the order matters: everything from PREFIXLIST on
 * carries prefixes (bgpq4 compares generation >= T_PREFIXLIST). */
enum bgpq_gen {
	BGPQ_G_ASPATH,      /* -f ASN */
	BGPQ_G_OASPATH,     /* -G ASN */
	BGPQ_G_ASLIST,      /* -H ASN */
	BGPQ_G_ASSET,       /* -t */
	BGPQ_G_PREFIXLIST,  /* default */
	BGPQ_G_EACL,        /* -E */
	BGPQ_G_ROUTE_FILTER /* -z */
};

/* Everything a printer needs. asns is sorted ascending without duplicates. */
struct bgpq_out {
	enum bgpq_vendor vendor;
	enum bgpq_gen gen;
	const char *name;   /* -l, "NN" by default */
	int family;         /* 4 or 6 */
	const char *format; /* -F */
	const char *match;  /* -M, escapes already resolved */
	bool sequence;      /* -s (or Arista) */
	uint32_t asnumber;  /* -f/-G/-H argument */
	int aswidth;        /* ASNs per line */
	bool bgpq3;         /* print as bgpq3 0.1.36 does where it differs */
	const struct agg_tree *tree;
	const uint32_t *asns;
	size_t nasns;
};

typedef int (*bgpq_print_fn)(FILE *f, const struct bgpq_out *o);

/* The generators one vendor supports; NULL means unsupported. */
struct bgpq_printer {
	enum bgpq_vendor vendor;
	const char *name;
	bgpq_print_fn prefixlist, eacl, aspath, oaspath, aslist, asset, route_filter;
};

extern const struct bgpq_printer bgpq_printer_cisco, bgpq_printer_cisco_xr, bgpq_printer_juniper,
    bgpq_printer_bird, bgpq_printer_openbgpd, bgpq_printer_nokia, bgpq_printer_nokia_md,
    bgpq_printer_arista, bgpq_printer_huawei, bgpq_printer_huawei_xpl, bgpq_printer_mikrotik6,
    bgpq_printer_mikrotik7, bgpq_printer_json, bgpq_printer_format, bgpq_printer_nokia_srl;

/* The printer for a vendor (never NULL for a valid enum value). */
const struct bgpq_printer *bgpq_printer_get(enum bgpq_vendor v);

/* The print function of p for generation g, or NULL when unsupported. */
bgpq_print_fn bgpq_printer_fn(const struct bgpq_printer *p, enum bgpq_gen g);

/* Print o with its vendor's printer. Returns 0, or -1 when the combination
 * is unsupported or writing fails (message in e). */
int bgpq_print(FILE *f, const struct bgpq_out *o, struct err *e);

/* Helpers shared by the printers. */

/* "addr<sep>len" as bgpq4 prints it (inet_ntop, RFC 5952 for IPv6). */
char *bgpq_prefix_str(const struct prefix *p, const char *sep, char *buf, size_t n);

/* "ip" or "ipv6" for the family. */
const char *bgpq_ipword(int family);

/* True when o->asns holds asn. */
bool bgpq_has_asn(const struct bgpq_out *o, uint32_t asn);

/* The grouped "permit" regex lines of an IOS-style as-path list (Cisco,
 * Arista, Huawei), o->aswidth ASNs of o->asns a line, o->asnumber left out
 * when skip_own:  "CMD NAME permit ^ASNUMBER(_[0-9]+)*_(A|B|C)$" for -f,
 * or "CMD NAME permit ^(_[0-9]+)*_(A|B|C)$" when origin_only (-G). CMD is
 * the vendor's command ("ip as-path access-list", "ip as-path-filter").
 * The header, empty-list and own-ASN lines stay with each vendor. */
void bgpq_aspath_regex_lines(FILE *f, const struct bgpq_out *o, const char *cmd, bool skip_own,
                             bool origin_only);

/* The regex lines inside an IOS XR as-path-set or a Huawei XPL
 * as-path-list: "\n  LEAD^ASN(_ASN)*$TAIL" when o->asns holds o->asnumber,
 * then o->aswidth ASNs a line, "\n  LEAD^ASNUMBER(_[0-9]+)*_(A|B)$TAIL"
 * (-f) or "\n  LEAD^(_[0-9]+)*_(A|B)$TAIL" (origin_only, -G), lines
 * separated by ",". comma_first: a "," is already pending before the
 * first line (bgpq4's stray comma after the name). The caller prints the
 * set's header and end. */
void bgpq_aspath_regex_set(FILE *f, const struct bgpq_out *o, const char *lead, const char *tail,
                           bool origin_only, bool comma_first);

/* Cisco IOS style access lists, shared by Cisco and Arista. */
int bgpq_cisco_eacl(FILE *f, const struct bgpq_out *o);
int bgpq_cisco_aspath(FILE *f, const struct bgpq_out *o);
int bgpq_cisco_oaspath(FILE *f, const struct bgpq_out *o);

/* JSON as-path (also -t), shared by the JSON printer. */
int bgpq_json_asset(FILE *f, const struct bgpq_out *o);

#endif

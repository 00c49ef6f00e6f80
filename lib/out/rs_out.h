/* SPDX-License-Identifier: ISC */
/* rs_out.h - complete route-server configurations for an IXP (lib/ixp):
 * one writer per daemon (rs_bird.c, rs_openbgpd.c), in a table. Each writes
 * everything the daemon needs to run: sessions with every member, the
 * policy of struct ixp_policy as import filters, the members' prefix and
 * ASN sets, bogons, ASPA records, and ROV through RTR (or ROA tables). */
#ifndef MANRS_OUT_RS_OUT_H
#define MANRS_OUT_RS_OUT_H

#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "ixp/ixp.h"
#include "ixp/ixp_data.h"
#include "policy/bogon.h"
#include "rpki/rpki_set.h"

struct rs_out {
	const struct ixp *x;
	const struct ixp_data *d;
	const struct ixp_rs *rs;     /* the route server this file is for */
	const struct rpki_set *rpki; /* ASPAs, and VRPs when x has no RTR cache; may be NULL */
	const struct bogon_set *bogons;
	const char *log;          /* log file; NULL = syslog */
	const char *control;      /* control socket path; NULL = the daemon's default */
	const char *rib_dump;     /* BIRD: MRT RIB dump file name pattern; NULL = none */
	unsigned rib_dump_period; /* seconds between RIB dumps */
	int64_t now;              /* generation time, for the header */
};

struct rs_writer {
	const char *name;
	const char *summary;
	/* Write the configuration. Returns 0, or -1 with e set (write error). */
	int (*write)(FILE *f, const struct rs_out *o, struct err *e);
};

/* The writer called name (dialect aliases allowed), or NULL. */
const struct rs_writer *rs_writer_find(const char *name);

/* All writers; returns how many. */
size_t rs_writers(const struct rs_writer *const **tab);

extern const struct rs_writer rs_writer_bird, rs_writer_openbgpd;

/* Write the bogon prefixes (both families) and ASNs with a bogon writer
 * (lib/out/bogon_*.c). Returns 0 or -1 with e set. */
struct bogon_writer;
int rs_out_bogons(FILE *f, const struct bogon_writer *w, const struct bogon_set *s, struct err *e);

/* The route server's address of a family, or NULL. */
const struct ixp_addr *rs_out_rs_addr(const struct ixp_rs *rs, int family);

/* "AS64496" style name for a member's sets and sessions (unique per member
 * index: a second member with the same ASN gets "_2"). */
void rs_out_member_tag(const struct ixp *x, size_t i, char *buf, size_t n);

#endif

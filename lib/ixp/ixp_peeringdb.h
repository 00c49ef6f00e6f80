/* SPDX-License-Identifier: ISC */
/* ixp_peeringdb.h - an IXP description from PeeringDB API objects (ix,
 * ixlan, ixpfx, netixlan and net, read by lib/peeringdb), and the
 * description written back as YAML. */
#ifndef MANRS_IXP_PEERINGDB_H
#define MANRS_IXP_PEERINGDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "ixp/ixp.h"
#include "peeringdb/peeringdb.h"

/* Fill x (from ixp_init) with ixlan ixlan_id: peering LAN from its ixpfx,
 * route servers from the netixlan entries of rs_asn (0: the ixlan's
 * rs_asn), members from netixlan entries with is_rs_peer (names, AS-SETs
 * and max-prefix limits from their net objects when loaded). Returns the
 * number of members, or -1 with e set (unknown ixlan, no route server).
 * Deleted objects and netixlan entries not operational are left out; db
 * must have been through pdb_finish(). */
long ixp_from_peeringdb(struct ixp *x, const struct pdb *db, uint32_t ixlan_id, uint32_t rs_asn,
                        struct err *e);

/* Write x as an IXP description in YAML (manrs-ixp(1)). Returns 0 or -1. */
int ixp_write_yaml(FILE *f, const struct ixp *x);

#endif

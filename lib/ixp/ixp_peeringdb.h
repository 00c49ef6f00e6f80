/* SPDX-License-Identifier: ISC */
/* ixp_peeringdb.h - an IXP description from PeeringDB API objects: ix,
 * ixlan, ixpfx, netixlan and net, in files as the API returns them
 * ({"data": [...]}), each object's kind told by its fields. */
#ifndef MANRS_IXP_PEERINGDB_H
#define MANRS_IXP_PEERINGDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "ixp/ixp.h"

enum ixp_pdb_kind { PDB_IX, PDB_IXLAN, PDB_IXPFX, PDB_NETIXLAN, PDB_NET, PDB_OTHER };

/* The fields of one object manrs uses (absent ones are 0 or ""). */
struct ixp_pdb_obj {
	enum ixp_pdb_kind kind;
	uint32_t id, ix_id, ixlan_id, asn, rs_asn;
	uint32_t info_prefixes4, info_prefixes6;
	bool is_rs_peer, operational, deleted;
	char name[128];
	char prefix[64];
	char ip4[48], ip6[64];
	char irr_as_set[256];
};

struct ixp_pdb {
	struct ixp_pdb_obj *v;
	size_t n, cap;
	size_t files;
};

/* Add every object of a PeeringDB API JSON file (compressed is fine).
 * Returns the number of objects read, or -1 with e naming file and line. */
long ixp_pdb_load_file(struct ixp_pdb *db, const char *path, struct err *e);

/* The same from memory (name for messages). */
long ixp_pdb_load_buffer(struct ixp_pdb *db, const void *buf, size_t n, const char *name,
                         struct err *e);

void ixp_pdb_free(struct ixp_pdb *db);

/* Fill x (from ixp_init) with ixlan ixlan_id: peering LAN from its ixpfx,
 * route servers from the netixlan entries of rs_asn (0: the ixlan's
 * rs_asn), members from netixlan entries with is_rs_peer (names, AS-SETs
 * and max-prefix limits from their net objects when loaded). Returns the
 * number of members, or -1 with e set (unknown ixlan, no route server). */
long ixp_from_peeringdb(struct ixp *x, const struct ixp_pdb *db, uint32_t ixlan_id, uint32_t rs_asn,
                        struct err *e);

/* Write x as an IXP description in YAML (manrs-ixp(1)). Returns 0 or -1. */
int ixp_write_yaml(FILE *f, const struct ixp *x);

#endif

/* SPDX-License-Identifier: ISC */
/* check_peeringdb.h - PeeringDB API JSON: the objects `manrs check` reads.
 *
 * Accepts the API's own pages ({"data": [...], "meta": {...}}, one object
 * type per page, the type told by each object's fields) and a combined
 * document whose top-level keys name the types ({"net": {"data": [...]},
 * "poc": [...], "ix": ..., "ixlan": ..., "netixlan": ...}), as the lab
 * writes. Unknown members and types are skipped; a malformed document is an
 * error naming the file and line, and nothing of it is kept. */
#ifndef MANRS_CHECK_PEERINGDB_H
#define MANRS_CHECK_PEERINGDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct pdb_net {
	uint32_t id, asn;
	char name[96];
	char updated[24], poc_updated[24];
};
struct pdb_poc {
	uint32_t id, net_id;
	char role[32], visible[16], name[64];
	char email[128], phone[40];
	char updated[24];
};
struct pdb_ix {
	uint32_t id;
	char name[96];
	char tech_email[128], tech_phone[40], policy_email[128], policy_phone[40];
};
struct pdb_ixlan {
	uint32_t id, ix_id, rs_asn;
};
struct pdb_netixlan {
	uint32_t id, net_id, ix_id, ixlan_id, asn;
	char ip4[48], ip6[48];
	bool rs_peer;
};

struct pdb {
	struct pdb_net *net;
	size_t nnet, capnet;
	struct pdb_poc *poc;
	size_t npoc, cappoc;
	struct pdb_ix *ix;
	size_t nix, capix;
	struct pdb_ixlan *ixlan;
	size_t nixlan, capixlan;
	struct pdb_netixlan *nxl;
	size_t nnxl, capnxl;
	size_t skipped; /* objects of types not kept */
};

/* An empty database; NULL when out of memory. */
struct pdb *pdb_new(void);
void pdb_free(struct pdb *d);
/* Load one JSON file / buffer. 0, or -1 with e naming file and line (the
 * objects of that file are then dropped). */
int pdb_load_file(struct pdb *d, const char *path, struct err *e);
int pdb_load_buffer(struct pdb *d, const char *buf, size_t n, const char *name, struct err *e);
/* Sort for the lookups below (call after loading). */
void pdb_finish(struct pdb *d);
/* The net record of asn, NULL when none. */
const struct pdb_net *pdb_net_by_asn(const struct pdb *d, uint32_t asn);
/* The pocs of a net (slice of d->poc); *n = 0 when none. */
const struct pdb_poc *pdb_pocs_of(const struct pdb *d, uint32_t net_id, size_t *n);
/* The ix of that id, NULL when none. */
const struct pdb_ix *pdb_ix_by_id(const struct pdb *d, uint32_t id);

#endif

/* SPDX-License-Identifier: ISC */
/* peeringdb.h - PeeringDB API JSON: the one reader behind `manrs check`
 * (contacts) and `manrs ixp import` (an IXP's LANs, route servers and
 * members).
 *
 * Accepts the API's own pages ({"data": [...], "meta": {...}}, one object
 * type per page, the type told by each object's fields) and a combined
 * document whose top-level keys name the types ({"net": {"data": [...]},
 * "poc": [...], "ix": ..., "ixlan": ..., "ixpfx": ..., "netixlan": ...}),
 * as the lab writes. Unknown members and types are skipped; numbers must be
 * numbers; a malformed document is an error naming the file and line, and
 * nothing of it is kept. Fields an object lacks are 0, "" or false
 * (operational: true). Text longer than a field is cut. */
#ifndef MANRS_PEERINGDB_H
#define MANRS_PEERINGDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct pdb_net {
	uint32_t id, asn;
	uint32_t info_prefixes4, info_prefixes6;
	bool deleted; /* status other than "ok" */
	char name[96];
	char irr_as_set[256];
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
	bool deleted;
	char name[96];
	char tech_email[128], tech_phone[40], policy_email[128], policy_phone[40];
};
struct pdb_ixlan {
	uint32_t id, ix_id, rs_asn;
	bool deleted;
};
struct pdb_ixpfx {
	uint32_t id, ixlan_id;
	bool deleted;
	char prefix[64];
};
struct pdb_netixlan {
	uint32_t id, net_id, ix_id, ixlan_id, asn;
	bool rs_peer, operational, deleted;
	char ip4[48], ip6[64];
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
	struct pdb_ixpfx *pfx;
	size_t npfx, cappfx;
	struct pdb_netixlan *nxl;
	size_t nnxl, capnxl;
	size_t skipped; /* objects of types not kept */
	size_t files;   /* documents loaded */
};

/* An empty database; NULL when out of memory. */
struct pdb *pdb_new(void);

/* Free d and everything loaded into it (NULL is fine). */
void pdb_free(struct pdb *d);

/* Load one JSON file (compressed is fine). Returns the number of objects
 * read (kept or skipped), or -1 with e naming file and line; the objects of
 * a failed file are dropped. */
long pdb_load_file(struct pdb *d, const char *path, struct err *e);

/* The same from memory; name is used in messages. */
long pdb_load_buffer(struct pdb *d, const char *buf, size_t n, const char *name, struct err *e);

/* Sort for the lookups below (call after loading, before looking up). */
void pdb_finish(struct pdb *d);

/* The net record of asn (one not deleted when there is one), NULL when none. */
const struct pdb_net *pdb_net_by_asn(const struct pdb *d, uint32_t asn);

/* The pocs of a net (a slice of d->poc); *n = 0 and NULL when none. */
const struct pdb_poc *pdb_pocs_of(const struct pdb *d, uint32_t net_id, size_t *n);

/* The ix of that id, NULL when none. */
const struct pdb_ix *pdb_ix_by_id(const struct pdb *d, uint32_t id);

/* The ixlan of that id that is not deleted, NULL when none. */
const struct pdb_ixlan *pdb_ixlan_by_id(const struct pdb *d, uint32_t id);

#endif

/* rpki_set.h - validated RPKI payloads: VRPs and ASPAs, as one immutable set.
 *
 * Loaders (rpki-client JSON, Routinator JSON/jsonext/CSV, StayRTR JSON, SLURM)
 * fill a set; rpki_set_finish() sorts and de-duplicates it, after which it is
 * read-only and may be shared (e.g. by the RTR server) until freed. The RTR
 * server diffs two finished sets to build serial deltas. */
#ifndef MANRS_RPKI_SET_H
#define MANRS_RPKI_SET_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/prefix.h"

/* One Validated ROA Payload; 24 bytes so a global set (~800k) is ~20 MB. */
struct vrp {
	uint8_t addr[16]; /* network byte order, host bits zero */
	uint8_t family;   /* 4 or 6 */
	uint8_t len;
	uint8_t maxlen;
	uint8_t ta; /* index into rpki_set.ta_names, 0 = unknown */
	uint32_t asn;
};

/* One ASPA: a customer AS and its sorted, unique provider ASes. */
struct aspa {
	uint32_t customer;
	uint32_t nproviders;
	uint32_t *providers;
};

struct rpki_set {
	struct vrp *vrps;
	size_t nvrps, vrp_cap;
	struct aspa *aspas; /* sorted by customer, unique after finish */
	size_t naspas, aspa_cap;
	char *ta_names[32]; /* trust anchor names, [0] = "" */
	int nta;
	int64_t generated; /* source build time (unix), 0 when unknown */
};

/* Initialise an empty set. */
void rpki_set_init(struct rpki_set *s);

/* Free everything the set owns. */
void rpki_set_free(struct rpki_set *s);

/* Load a file into s, detecting the format from its content (rpki-client
 * JSON, Routinator json/jsonext, StayRTR JSON, CSV). Merges with what s
 * holds. On error, returns -1 with e naming the file and line; s is then
 * unchanged. */
int rpki_set_load_file(struct rpki_set *s, const char *path, struct err *e);

/* Apply an RFC 8416 SLURM file (filters remove, assertions add). */
int rpki_set_apply_slurm(struct rpki_set *s, const char *path, struct err *e);

/* Sort VRPs (family, addr, len, maxlen, asn) and ASPAs, dropping duplicates. */
void rpki_set_finish(struct rpki_set *s);

/* Add one VRP (returns 0, or -1 on allocation failure). */
int rpki_set_add_vrp(struct rpki_set *s, const struct vrp *v);

/* Add one ASPA; providers are copied. Returns 0 or -1. */
int rpki_set_add_aspa(struct rpki_set *s, uint32_t customer, const uint32_t *providers,
		      size_t n);

/* Total order on VRPs used by rpki_set_finish and by delta computation. */
int vrp_cmp(const struct vrp *a, const struct vrp *b);

#endif

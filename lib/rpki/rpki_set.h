/* SPDX-License-Identifier: ISC */
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

struct slurm_stats;

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
	int64_t expires; /* unix time the source gave ("expires"), 0 = unknown */
};

struct rpki_set {
	struct vrp *vrps;
	size_t nvrps, vrp_cap;
	struct aspa *aspas; /* sorted by customer, unique after finish */
	size_t naspas, aspa_cap;
	char *ta_names[32]; /* trust anchor names, [0] = "" */
	int nta;
	int64_t generated; /* source build time (unix), 0 when unknown */
	size_t nsources;   /* files loaded or applied so far */
	/* Entries skipped because a value was bad (e.g. "prefix": null in a real
	 * DN42 export) while the file itself parsed; the first one is described. */
	size_t nrejected;
	char reject_msg[512];
	int last_ta; /* loader cache: index of the TA name matched last */
	/* Expiry, as rpki-client's per-VRP/ASPA "expires" (and StayRTR honours
	 * it): entries already past it are dropped while loading and counted.
	 * Kept beside vrps (not in struct vrp, which stays 24 bytes): NULL when
	 * no loaded VRP had one, else one unix time per VRP, 0 = unknown. */
	uint32_t *vrp_expires;
	int ignore_expires; /* set before loading: keep expired entries too */
	/* set before loading: where the rules of the SLURM files applied to
	 * this set are recorded (rpki_slurm.h), NULL for nowhere */
	struct slurm_stats *slurm_stats;
	int64_t now; /* set before loading: "now" for expiry, 0 = the clock */
	size_t nexpired_vrps, nexpired_aspas; /* dropped as expired */
	int64_t next_expiry;                  /* after finish: earliest expires kept, 0 = none */
};

/* Input formats the loaders understand; RPKI_FMT_AUTO detects from content. */
enum rpki_format {
	RPKI_FMT_AUTO,
	RPKI_FMT_JSON,  /* rpki-client, Routinator json/jsonext, StayRTR/GoRTR, SLURM */
	RPKI_FMT_CSV,   /* ASN,IP Prefix,Max Length,Trust Anchor[,...] */
	RPKI_FMT_SLURM, /* JSON that must be an RFC 8416 SLURM document */
	RPKI_FMT_CONF,  /* BIRD 1/2 roa/route lines, OpenBGPD roa-set/aspa-set */
};

/* Initialise an empty set. */
void rpki_set_init(struct rpki_set *s);

/* Free everything the set owns. */
void rpki_set_free(struct rpki_set *s);

/* Load a file into s, detecting the format from its content (rpki-client
 * JSON, Routinator json/jsonext, StayRTR JSON, SLURM, CSV, BIRD/OpenBGPD ROA
 * configuration). Merges with what s
 * holds. On error, returns -1 with e naming the file and line; s is then
 * unchanged. */
int rpki_set_load_file(struct rpki_set *s, const char *path, struct err *e);

/* Like rpki_set_load_file but from memory; name is used in messages.
 * A SLURM document met here is applied like rpki_set_apply_slurm. */
int rpki_set_load_buffer(struct rpki_set *s, const void *buf, size_t n, const char *name,
                         enum rpki_format fmt, struct err *e);

/* Load a file in a given format (RPKI_FMT_AUTO detects it). */
int rpki_set_load_file_format(struct rpki_set *s, const char *path, enum rpki_format fmt,
                              struct err *e);

/* Trust-anchor index for name (added when new; 0 for "" or when all 31
 * slots are taken). */
uint8_t rpki_set_ta(struct rpki_set *s, const char *name);

/* Find the ASPA of a customer in a finished set, NULL when it has none. */
const struct aspa *rpki_set_find_aspa(const struct rpki_set *s, uint32_t customer);

/* Apply an RFC 8416 SLURM file (filters remove, assertions add): prefix
 * filters and assertions, and the ASPA members of the SLURM ASPA draft
 * (aspaFilters by customerAsid, aspaAssertions with providers); BGPsec
 * members are accepted and ignored. Call before rpki_set_finish. On error
 * s is unchanged. */
int rpki_set_apply_slurm(struct rpki_set *s, const char *path, struct err *e);

/* Sort VRPs (family, addr, len, maxlen, asn) and ASPAs, dropping duplicates
 * (a duplicate keeps the later expiry, or none when one copy has none), and
 * compute next_expiry. */
void rpki_set_finish(struct rpki_set *s);

/* Add one VRP (returns 0, or -1 on allocation failure). */
int rpki_set_add_vrp(struct rpki_set *s, const struct vrp *v);

/* Add one VRP with its expiry time (unix, 0 = unknown), unless it is
 * already expired (past s->now or the clock, and s->ignore_expires unset):
 * then it is only counted in nexpired_vrps. Returns 0 or -1 (no memory). */
int rpki_set_add_vrp_expires(struct rpki_set *s, const struct vrp *v, int64_t expires);

/* Expiry of VRP i (unix time), 0 when unknown. */
static inline int64_t rpki_set_vrp_expires(const struct rpki_set *s, size_t i)
{
	return s->vrp_expires && i < s->nvrps ? (int64_t)s->vrp_expires[i] : 0;
}

/* True (and counted as expired) when an entry with this expiry must be
 * dropped now: expires is known, lies before s->now (or the clock when 0),
 * and s->ignore_expires is unset. aspa picks the counter. */
int rpki_set_is_expired(struct rpki_set *s, int64_t expires, int aspa);

/* Build in *dst (initialised here) a finished copy of the finished set src
 * without the entries expired at time now; dst's expired counters add the
 * newly dropped ones. Used by long-running servers when next_expiry passes.
 * Returns the number of entries dropped, or -1 on allocation failure (dst
 * then empty). */
long rpki_set_drop_expired(const struct rpki_set *src, int64_t now, struct rpki_set *dst);

/* Add one ASPA; providers are copied. Returns 0 or -1. */
int rpki_set_add_aspa(struct rpki_set *s, uint32_t customer, const uint32_t *providers, size_t n);

/* Total order on VRPs used by rpki_set_finish and by delta computation. */
int vrp_cmp(const struct vrp *a, const struct vrp *b);

#endif

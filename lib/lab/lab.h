/* SPDX-License-Identifier: ISC */
/* lab.h - the synthetic internet behind 'manrs lab generate'.
 *
 * A lab is built in stages, each in its own file, all drawing from one
 * deterministic random stream so that a seed always gives the same world:
 *
 *   lab_topo.c      ASes in tiers and their provider/customer/peer links
 *   lab_addr.c      the prefixes each AS announces
 *   lab_rpki.c      which ASes publish ROAs and ASPAs, and the ROAs
 *   lab_rib.c       the collector, its peers and their valley-free best paths
 *   lab_incident.c  planted incidents (hijacks, leak, bogons, misconfig)
 *   lab_churn.c     background update noise, then the sorted event list
 *   lab_incident_more.c  the incidents only a monitor finds (squat, path
 *                   anomaly, OTC and ASPA leaks, visibility loss), planted on
 *                   prefixes the noise leaves alone, after it, so the files
 *                   above keep what they held before
 *   lab_truth.c     expected ROV / ASPA / bogon verdicts (ground truth)
 *
 * lab_files.c writes the result into a directory (see lab_write.h).
 * Nothing here prints; errors come back in a struct err. */
#ifndef MANRS_LAB_H
#define MANRS_LAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/prefix.h"
#include "lab/lab_rand.h"

#define LAB_MAXPATH 32    /* longest AS path the lab builds */
#define LAB_MAX_PEERS 8   /* collector peers */
#define LAB_MAX_PREPEND 2 /* extra copies of its own AS an origin may add */
#define LAB_MIN_ASES 20
#define LAB_MAX_ASES 2000 /* one IPv4 /16 per AS must fit in 20.0.0.0/6..27/8 */
#define LAB_DEFAULT_ASES 300
#define LAB_DEFAULT_SEED 1
#define LAB_DEFAULT_TIME 1767225600u /* 2026-01-01T00:00:00Z: fixed for determinism */
#define LAB_MIN_TIME 86400u
#define LAB_MAX_TIME 3900000000u /* leaves room for update times and ROA expiry in 32 bits */

enum lab_tier { LAB_TIER1 = 1, LAB_TRANSIT = 2, LAB_STUB = 3 };

/* A growable array of AS indices. */
struct lab_ivec {
	int *v;
	size_t n, cap;
};

/* One AS. Neighbour lists hold AS indices (into struct lab.as). */
struct lab_as {
	uint32_t asn;
	uint8_t tier;
	bool roa;        /* publishes ROAs for its prefixes */
	bool aspa;       /* publishes an ASPA */
	bool v6;         /* holds IPv6 space */
	uint8_t prepend; /* AS-path prepends on its own routes (0..LAB_MAX_PREPEND) */
	uint32_t prepend_path[LAB_MAX_PREPEND]; /* the prepended copies of asn */
	struct lab_ivec prov, cust, peer;
};

/* A link as written to as-rel.txt: rel -1 means a is b's provider, 0 peers. */
struct lab_link {
	int a, b;
	int rel;
};

/* A prefix its holder legitimately announces. */
struct lab_route {
	struct prefix pfx;
	int origin; /* AS index */
	bool irr;   /* has a route/route6 object in irr.db */
};

/* A ROA as written to vrps.json. */
struct lab_roa {
	struct prefix pfx;
	uint8_t maxlen;
	uint32_t asn;
};

/* An AS path, first hop (the collector peer) first, origin last. */
struct lab_path {
	uint32_t as[LAB_MAXPATH];
	uint8_t len;
};

/* A BGP neighbour of the route collector. */
struct lab_peer {
	int as;            /* AS index */
	struct prefix ip4; /* session address (and IPv4 next hop) */
	struct prefix ip6; /* IPv6 next hop */
	uint32_t bgp_id;
};

enum lab_kind {
	LAB_ORIGIN_HIJACK,
	LAB_SUBPREFIX_HIJACK,
	LAB_ROUTE_LEAK,
	LAB_BOGON_PREFIX,
	LAB_BOGON_ASN,
	LAB_ROA_MISCONFIG,
	LAB_SQUAT,           /* unannounced space announced by another AS */
	LAB_PATH_ANOMALY,    /* a path breaking its prefixes.yml rule (maxLength) */
	LAB_OTC_LEAK,        /* a leak carrying an RFC 9234 OTC attribute it violates */
	LAB_ASPA_LEAK,       /* a peer's route leaked to a provider: ASPA-invalid */
	LAB_VISIBILITY_LOSS, /* a prefix withdrawn at every collector peer */
	LAB_KIND_COUNT
};

/* Expected verdicts, ordered as the JSON names in lab_truth.h. */
enum lab_rov { LAB_ROV_NOTFOUND, LAB_ROV_VALID, LAB_ROV_INVALID };
enum lab_aspa { LAB_ASPA_UNKNOWN, LAB_ASPA_VALID, LAB_ASPA_INVALID };

/* One collector peer that carried an incident, and the path it showed. */
struct lab_sighting {
	int peer; /* index into struct lab.peers */
	struct lab_path path;
	uint8_t aspa; /* enum lab_aspa for this path (downstream verification) */
};

/* A planted incident: the ground truth tests and detectors check against. */
struct lab_incident {
	enum lab_kind kind;
	struct prefix pfx;
	uint32_t origin;     /* AS originating the bad route */
	uint32_t victim;     /* legitimate holder of the space, 0 when none */
	uint32_t actor;      /* the AS at fault (hijacker, leaker, misconfigured AS) */
	uint32_t start, end; /* unix times; end 0 = still present at the end */
	uint8_t rov;         /* enum lab_rov */
	uint8_t aspa;        /* enum lab_aspa, the worst over the sightings */
	bool bogon;          /* prefix or path holds a bogon */
	bool irr;            /* a route object in irr.db allows prefix+origin */
	char note[200];
	struct lab_sighting seen[LAB_MAX_PEERS];
	size_t nseen;
	uint32_t otc;        /* OTC attribute the bad route carries, 0 = none */
	uint8_t rule_maxlen; /* path anomaly: the prefixes.yml maxLength it breaks */
};

enum lab_ev_type { LAB_EV_ANNOUNCE, LAB_EV_WITHDRAW, LAB_EV_STATE };

/* One record of updates.mrt, before encoding. */
struct lab_event {
	uint32_t time;
	uint32_t seq; /* creation order: stable tie-break when sorting */
	int peer;     /* index into struct lab.peers */
	uint8_t type; /* enum lab_ev_type */
	uint8_t old_state, new_state;
	uint8_t cls;  /* route class at the peer (LAB_CLS_*), for a community */
	int incident; /* index into struct lab.inc, -1 for background */
	struct prefix pfx;
	struct lab_path path;
	uint32_t otc; /* RFC 9234 OTC attribute to send (0 = none) */
};

/* What to build. */
struct lab_opts {
	uint64_t seed;
	unsigned nases;
	uint32_t time; /* the RIB dump time; updates follow it */
};

/* The whole world. Arrays are owned; lab_free releases them. */
struct lab {
	struct lab_opts opts;
	struct lab_rand rng;

	struct lab_as *as;
	size_t nas;
	size_t ntier1, ntransit;

	struct lab_link *links;
	size_t nlinks, caplinks;

	struct lab_route *routes;
	size_t nroutes, caproutes;

	struct lab_roa *roas;
	size_t nroas, caproas;

	uint32_t collector_asn, collector_id;
	struct prefix collector_ip4;
	struct lab_peer peers[LAB_MAX_PEERS];
	size_t npeers;
	struct lab_path *rib; /* nroutes * npeers; len 0 = peer has no route */
	uint8_t *rib_cls;     /* class of each rib path at its peer (LAB_CLS_*) */

	struct lab_incident inc[LAB_KIND_COUNT];
	size_t ninc;

	struct lab_event *ev;
	size_t nev, capev;
};

/* Fill opts with the defaults (seed 1, 300 ASes, 2026-01-01). */
void lab_opts_default(struct lab_opts *o);

/* Build the whole world from opts into lab (which is initialised here).
 * Returns 0, or -1 with e set (bad options, out of memory, or the
 * topology too small to plant an incident). Call lab_free either way. */
int lab_build(struct lab *lab, const struct lab_opts *opts, struct err *e);

/* Release everything lab_build allocated. Safe on a zeroed lab. */
void lab_free(struct lab *lab);

/* Index of the AS with this number, or -1. */
int lab_find_as(const struct lab *lab, uint32_t asn);

/* JSON / text name of an incident kind ("origin-hijack", ...). */
const char *lab_kind_name(enum lab_kind k);

/* Append x to v. Returns 0 or -1 when out of memory. */
int lab_ivec_push(struct lab_ivec *v, int x);

/* True when v holds x. */
bool lab_ivec_has(const struct lab_ivec *v, int x);

/* The stages lab_build runs in order (exposed for the unit tests). */
int lab_topo_build(struct lab *lab, struct err *e);
int lab_addr_build(struct lab *lab, struct err *e);
int lab_rpki_build(struct lab *lab, struct err *e);
int lab_rib_build(struct lab *lab, struct err *e);
int lab_incident_build(struct lab *lab, struct err *e);
int lab_churn_build(struct lab *lab, struct err *e);
int lab_incident_more_build(struct lab *lab, struct err *e);

/* Append an event (seq is assigned here). Returns 0 or -1 (out of memory). */
int lab_event_add(struct lab *lab, const struct lab_event *ev, struct err *e);

/* Append a route / ROA. Return the new index, or -1 (out of memory). */
long lab_route_add(struct lab *lab, const struct prefix *p, int origin, struct err *e);
long lab_roa_add(struct lab *lab, const struct prefix *p, unsigned maxlen, uint32_t asn,
                 struct err *e);

/* The IPv4 /16 and IPv6 /32 blocks assigned to AS index i. */
void lab_block4(size_t i, struct prefix *p);
void lab_block6(size_t i, struct prefix *p);

#endif

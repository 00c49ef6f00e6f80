/* SPDX-License-Identifier: ISC */
/* check.h - MANRS readiness per AS: the metrics of the MANRS Observatory's
 * measurement framework computed from local data, a status per action and
 * the fix list (`manrs check`).
 *
 * One file per metric family:
 *   check_world.c         load the inputs, run the monitor pipeline over the
 *                         MRT files, collect the routes each AS announced
 *   check_routes.c        the announced (prefix, origin) pairs and adjacencies
 *   check_filtering.c     M1/M1C leaks, M2/M2C hijacks, M3/M3C bogon prefixes,
 *                         M4/M4C bogon ASNs: incidents weighted by duration
 *   check_spoofing.c      M5/M5C from CAIDA Spoofer CSV
 *   check_coordination.c  M6: IRR contacts and PeeringDB records
 *   check_peeringdb.c     the PeeringDB API JSON (net, poc, ix, ixlan, netixlan)
 *   check_global.c        M7IRR, M7RPKI, M8
 *   check_status.c        scores and ready / aspiring / lagging cut-offs
 *   check_fix.c           the fix list, ordered by impact
 *   check_out_*.c         text, JSON, Markdown and HTML reports
 * Nothing here prints to stdout; outputs write to a FILE the caller gives. */
#ifndef MANRS_CHECK_H
#define MANRS_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "core/prefix.h"

struct check_world;
struct pdb;

/* The filtering metrics, in report order. */
enum check_filter_metric { CK_M1, CK_M1C, CK_M2, CK_M2C, CK_M3, CK_M3C, CK_M4, CK_M4C, CK_NFILTER };

/* The four MANRS actions for network operators. */
enum check_action { CK_FILTERING, CK_ANTISPOOFING, CK_COORDINATION, CK_GLOBAL, CK_NACTIONS };

enum check_status { CK_NODATA = 0, CK_LAGGING, CK_ASPIRING, CK_READY };

/* One incident: overlapping events of one metric merged (framework rule). */
struct check_incident {
	uint32_t start, end; /* data time; end = last data time when still open */
	unsigned events;     /* monitor alerts merged into it */
	double weight;       /* < 30 min 0.5, < 24 h 1, +1 per further day */
	char what[256];      /* first alert: type, prefix, offender */
};

struct check_filter {
	unsigned events, nincidents;
	double weight;
	struct check_incident *inc; /* owned */
};

/* A contact handle named in an aut-num and what it resolved to. */
struct check_contact {
	char attr[8];     /* "admin-c", "tech-c", "abuse-c" */
	char handle[64];  /* the nic-hdl */
	bool found;       /* a role/person object with that nic-hdl exists */
	char email[128];  /* first e-mail of the object, "" when none */
	bool email_ok;    /* syntactically valid */
	char updated[32]; /* the object's last-modified: (or last changed: date), "" none */
};

#define CK_MAX_CONTACTS 8
#define CK_MAX_POCS 8

/* One PeeringDB point of contact. */
struct check_poc {
	char role[32], visible[16];
	char email[128], phone[40];
	bool email_ok, phone_ok;
	char updated[24]; /* ISO date as in the API, "" when absent */
};

/* A route of the AS with its verdicts. */
struct check_route {
	struct prefix pfx;
	uint8_t rov; /* rov_state: 0 not found, 1 valid, 2 invalid */
	uint8_t rov_why;
	bool irr;       /* a route object with this origin covers it */
	uint8_t maxlen; /* for invalid by maxLength: the covering VRP's */
};

struct check_as {
	uint32_t asn;
	/* Action 1 */
	struct check_filter filt[CK_NFILTER];
	/* Action 2 */
	bool spoof_data, spoof_cust_data;
	unsigned spoof_tests, spoof_prefixes_spoofable;  /* M5 */
	unsigned spoof_cust_tests, spoof_cust_spoofable; /* M5C */
	/* Action 3 */
	bool autnum;
	struct check_contact contacts[CK_MAX_CONTACTS];
	unsigned ncontacts;
	bool irr_contact_ok; /* some handle resolves to an object with a valid e-mail */
	bool pdb_loaded, pdb_net;
	char pdb_net_name[96], pdb_updated[24];
	char autnum_updated[32]; /* last-modified: of the aut-num, "" none */
	struct check_poc pocs[CK_MAX_POCS];
	unsigned npocs;
	bool pdb_contact_ok; /* a public poc with a valid e-mail and phone */
	/* Action 4 */
	struct check_route *routes; /* owned */
	size_t nroutes;
	unsigned rov[3], irr_registered;
	uint32_t *neighbours; /* owned: ASes adjacent in paths (reserved ASNs left out) */
	size_t nneighbours;
	unsigned documented;    /* neighbours named in import/export */
	uint32_t *undocumented; /* owned: the other neighbours */
	size_t nundocumented;
	bool policy;         /* aut-num has import/export lines */
	uint32_t *customers; /* owned: from as-rel */
	size_t ncustomers;
	/* Scores 0-100 (-1: no data) and status */
	double m[16]; /* by enum check_metric_id */
	double action_score[CK_NACTIONS];
	enum check_status status[CK_NACTIONS];
};

/* Every scored metric, for tables and JSON names. */
enum check_metric_id {
	CKM_M1,
	CKM_M1C,
	CKM_M2,
	CKM_M2C,
	CKM_M3,
	CKM_M3C,
	CKM_M4,
	CKM_M4C,
	CKM_M5,
	CKM_M5C,
	CKM_M6,
	CKM_M7IRR,
	CKM_M7RPKI,
	CKM_M8,
	CKM_N
};

/* "M1", "M7IRR", ... */
const char *check_metric_name(enum check_metric_id m);
/* The action a metric belongs to. */
enum check_action check_metric_action(enum check_metric_id m);
/* "filtering", "anti-spoofing", "coordination", "global-validation". */
const char *check_action_name(enum check_action a);
/* "ready", "aspiring", "lagging", "no data". */
const char *check_status_name(enum check_status s);

/* Cut-offs: score >= ready is ready, >= aspiring is aspiring, else lagging.
 * Ours (the Observatory publishes none); --cutoff changes them. */
struct check_cutoffs {
	double ready[CK_NACTIONS], aspiring[CK_NACTIONS];
};
void check_cutoffs_default(struct check_cutoffs *c);
/* Parse "ACTION=READY,ASPIRING" (ACTION as check_action_name or "all"). */
int check_cutoffs_parse(struct check_cutoffs *c, const char *spec, struct err *e);

/* Input files; any may be NULL / empty. */
struct check_inputs {
	const char *rib;            /* MRT RIB dump */
	const char *const *updates; /* MRT update files */
	size_t nupdates;
	const char *vrps;
	const char *const *irr; /* RPSL dumps */
	size_t nirr;
	const char *asrel;
	const char *const *pdb; /* PeeringDB JSON files */
	size_t npdb;
	const char *spoofer; /* CAIDA Spoofer CSV */
	bool bogons;         /* built-in bogon lists (default on) */
	bool progress;       /* progress line on stderr while reading MRT */
};

/* Load every input and run the monitor's detectors over the MRT files.
 * The path strings of in must outlive the world (the fix list names them).
 * NULL with e set when an input cannot be read (the message names it). */
struct check_world *check_world_load(const struct check_inputs *in, struct err *e);
void check_world_free(struct check_world *w);

/* Which inputs were given, for "which metric lacked which input". */
struct check_have {
	bool mrt, vrps, irr, asrel, pdb, spoofer, bogons;
	unsigned long mrt_problems;    /* malformed records, unreadable files */
	size_t vrps_rejected;          /* bad VRP entries skipped */
	const char *vrps_reject_msg;   /* the first, "" none */
	unsigned long irr_warnings;    /* malformed RPSL objects skipped */
	const char *irr_first_warning; /* the first, "" none */
	uint32_t data_start, data_end;
	size_t nroutes, nases, nalerts;
};
void check_world_have(const struct check_world *w, struct check_have *h);

/* Compute every metric of asn into a (initialised here; check_as_free).
 * Returns 0 or -1 with e set (out of memory). */
int check_as_compute(const struct check_world *w, uint32_t asn, const struct check_cutoffs *c,
                     struct check_as *a, struct err *e);
void check_as_free(struct check_as *a);

/* ASes that originate a route in the MRT data, sorted; *n set. Borrowed. */
const uint32_t *check_world_origins(const struct check_world *w, size_t *n);

/* --- fix list (check_fix.c) --- */
enum check_fix_kind {
	CK_FIX_ROA_INVALID, /* a ROA that would make an invalid route valid */
	CK_FIX_ROA,         /* a ROA for a not-found route */
	CK_FIX_ROUTE_OBJ,   /* route/route6 object to register */
	CK_FIX_CONTACT,     /* aut-num contact or PeeringDB record missing */
	CK_FIX_POLICY,      /* aut-num import/export missing for a neighbour */
	CK_FIX_FILTER,      /* per customer: the manrs irr filter command */
	CK_FIX_INCIDENT,    /* an incident to investigate */
};
struct check_fix {
	enum check_fix_kind kind;
	int impact;        /* higher first */
	struct prefix pfx; /* ROA / route object */
	uint8_t maxlen;
	uint32_t asn;   /* origin or customer */
	char text[512]; /* what to do, one line */
};
struct check_fixes {
	struct check_fix *v;
	size_t n, cap;
};
/* The fixes for a computed AS, ordered by impact. 0 or -1 (no memory). */
int check_fixes_build(const struct check_world *w, const struct check_as *a, struct check_fixes *f,
                      struct err *e);
void check_fixes_free(struct check_fixes *f);
/* The fix's machine forms (buf gets "" when the kind has none). */
void check_fix_rpki_client(const struct check_fix *x, char *buf, size_t n); /* roa-set line */
void check_fix_portal_csv(const struct check_fix *x, char *buf, size_t n);  /* ASN,prefix,maxlen */
/* RPSL route/route6 object text for a CK_FIX_ROUTE_OBJ fix. */
void check_fix_rpsl(const struct check_fix *x, char *buf, size_t n);
const char *check_fix_kind_name(enum check_fix_kind k);

/* --- outputs (check_out_*.c): 0, or -1 when writing failed --- */
struct check_report {
	const struct check_world *w;
	const struct check_have *have;
	const struct check_cutoffs *cut;
	const struct check_as *as; /* n of them */
	const struct check_fixes *fixes;
	size_t n;
};
int check_out_text(FILE *f, const struct check_report *r);
int check_out_json(FILE *f, const struct check_report *r);
int check_out_markdown(FILE *f, const struct check_report *r);
int check_out_html(FILE *f, const struct check_report *r);

/* --- ranking (--all) --- */
struct check_rank {
	uint32_t asn;
	double action_score[CK_NACTIONS];
	enum check_status status[CK_NACTIONS];
	double total; /* mean of the actions with data */
	size_t nroutes;
};
int check_out_rank_text(FILE *f, const struct check_rank *v, size_t n);
int check_out_rank_json(FILE *f, const struct check_rank *v, size_t n);

/* --- IXPs (check_ixp.c) --- */
enum check_rs_kind { CK_RS_INVALID, CK_RS_BOGON, CK_RS_UNREGISTERED, CK_RS_NKINDS };
struct check_ixp {
	uint32_t ix_id;
	char name[96];
	uint32_t *member; /* owned: member ASNs (netixlan), sorted unique */
	size_t nmembers, contact_ok;
	uint32_t *no_contact; /* owned: members without a usable public contact */
	size_t nno_contact;
	bool have_rs;                     /* a route-server dump was given */
	size_t rs_routes, rs_should_drop; /* routes read, routes a filter drops */
	size_t rs_bad[CK_RS_NKINDS];      /* by reason (a route may have several) */
	char example[CK_RS_NKINDS][96];   /* the first route of each reason */
	unsigned long rs_problems;        /* malformed MRT records skipped */
	double score[2];                  /* [0] Action 1, [1] Action 4; -1 no data */
	enum check_status status[2];
};
/* The IXP report of PeeringDB ix ix_id; rs_mrt (may be NULL) is an MRT dump
 * of the routes the route server passes on. 0, or -1 with e set. */
int check_ixp_compute(const struct check_world *w, uint32_t ix_id, const char *rs_mrt,
                      const struct check_cutoffs *c, struct check_ixp *x, struct err *e);
void check_ixp_free(struct check_ixp *x);
int check_out_ixp_text(FILE *f, const struct check_ixp *x);
int check_out_ixp_json(FILE *f, const struct check_ixp *x);

/* --- helpers shared by the families --- */
/* Framework weight of one incident of d seconds. */
double check_incident_weight(uint32_t seconds);
/* True when s is a syntactically valid e-mail address (RFC 5322 addr-spec,
 * dot-atom local part, a domain with a dot). */
bool check_email_valid(const char *s);
/* True when s looks like an E.164 / dialable phone number. */
bool check_phone_valid(const char *s);

#endif

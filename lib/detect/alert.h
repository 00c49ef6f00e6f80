/* SPDX-License-Identifier: ISC */
/* alert.h - what the monitor reports: one incident, deduplicated per
 * (type, prefix, offending AS), with its evidence and lifecycle.
 *
 * Detectors report hits (detector.h); the pipeline turns hits from many
 * peers into one alert and tells the sinks each time the alert opens,
 * changes or resolves. Types are named like BGPalerter's channels, so an
 * operator's routing of alerts maps 1:1; code is an ARTEMIS-style
 * classification ("S|0|-|-": sub-prefix, origin hijack). */
#ifndef MANRS_ALERT_H
#define MANRS_ALERT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/prefix.h"

#define ALERT_MAX_SAMPLES 8 /* sample paths kept as evidence */
#define ALERT_MAX_PATH 32   /* ASNs kept per sample path */

enum alert_state {
	ALERT_OPEN = 1,    /* first raised */
	ALERT_UPDATED = 2, /* more peers, new paths, new facts */
	ALERT_RESOLVED = 3 /* withdrawn or replaced everywhere */
};

enum alert_severity { ALERT_INFO = 1, ALERT_WARNING = 2, ALERT_CRITICAL = 3 };

/* RPKI state of the offending announcement (ROV, RFC 6811). */
enum alert_rpki {
	ALERT_RPKI_UNCHECKED = 0,
	ALERT_RPKI_VALID,
	ALERT_RPKI_INVALID,
	ALERT_RPKI_NOTFOUND
};

/* Whether an IRR route object registers prefix + offending origin. */
enum alert_irr { ALERT_IRR_UNCHECKED = 0, ALERT_IRR_REGISTERED, ALERT_IRR_UNREGISTERED };

/* One peer's view of the incident. */
struct alert_sample {
	uint32_t peer_as;
	struct prefix peer_addr;
	uint32_t time;
	uint8_t path_len; /* ASNs stored (the path may have been longer) */
	uint32_t path[ALERT_MAX_PATH];
};

struct alert {
	uint64_t id;   /* unique per pipeline run and store; stable over updates */
	char key[96];  /* "type|prefix|offender": the deduplication key */
	char type[24]; /* channel: "hijack", "newprefix", "visibility", "path",
	                * "path-neighbors", "misconfiguration", "rpki", "leak",
	                * "bogon", "moas", "roa" */
	char code[16]; /* ARTEMIS-style classification */
	enum alert_state state;
	enum alert_severity severity;
	struct prefix prefix;    /* the announced (affected) prefix */
	struct prefix monitored; /* the configured prefix it falls under; family 0 if none */
	uint32_t affected_as;    /* the monitored / victim AS; 0 if unknown */
	uint32_t offender_as;    /* the AS at fault; 0 if none (e.g. visibility loss) */
	char description[256];   /* one line, for people */
	char rule[128];          /* the prefixes.yml description/group that matched; "" if none */
	unsigned npeers;         /* peers seeing it now (0 once resolved) */
	unsigned max_peers;      /* most peers that saw it at once */
	uint32_t first_seen, last_seen; /* data time */
	uint32_t resolved_at;           /* data time; 0 while open */
	uint32_t version;               /* 1 when opened, +1 per update/resolution */
	uint32_t nth;   /* alerts of this key and first_seen opened before it in the run: almost
	                 * always 0; 1 when it opened, resolved and opened again in one second */
	uint32_t flaps; /* times it resolved and came back within notificationIntervalSeconds */
	uint32_t suppressed; /* notifications of it withheld (notificationIntervalSeconds,
	                      * alertOnlyOnce): counted, the latest state goes out later */
	bool withheld;       /* this version is one of them: stored, not sent to any sink */
	enum alert_rpki rpki;
	enum alert_irr irr;
	uint32_t score; /* 0-100 confidence (global mode); 0 when not scored */
	unsigned nsamples;
	struct alert_sample samples[ALERT_MAX_SAMPLES];
};

/* "open", "updated", "resolved". */
const char *alert_state_name(enum alert_state s);

/* "info", "warning", "critical". */
const char *alert_severity_name(enum alert_severity s);

/* "unchecked", "valid", "invalid", "not-found". */
const char *alert_rpki_name(enum alert_rpki r);

/* "unchecked", "registered", "unregistered". */
const char *alert_irr_name(enum alert_irr r);

#endif

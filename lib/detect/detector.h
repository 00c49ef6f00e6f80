/* SPDX-License-Identifier: ISC */
/* detector.h - the interface every detector implements, and what it gets.
 *
 * A detector sees each route event after the route state took it in, with
 * the route it replaced, and reports hits: "this peer's route is evidence
 * of incident (type, prefix, offender)". It knows no input and no sink.
 * The pipeline groups hits into alerts (alert.h): a peer's contribution to
 * an alert lasts until that peer's next event for the same prefix, unless
 * the detector reports the hit again on that event, so detectors never
 * track resolution themselves. Hits with no event (ev NULL: a ROA that
 * disappeared) stand until detect_resolve. Each detector is one file,
 * detect_<name>.c, and registers a `const struct detector_ops`. */
#ifndef MANRS_DETECTOR_H
#define MANRS_DETECTOR_H

#include <stdint.h>

#include "core/err.h"
#include "detect/alert.h"
#include "detect/monitor_config.h"
#include "detect/route_event.h"
#include "detect/route_state.h"

struct rov_index;
struct rpki_set;
struct bogon_set;
struct irr_db;
struct as_rel;

/* Shared, read-only lookups. Any pointer may be NULL (not loaded): a
 * detector that needs it stays silent and says so at create time. */
struct detect_ctx {
	const struct monitor_config *cfg; /* never NULL (global mode: empty) */
	const struct rov_index *rov;
	const struct rpki_set *rpki; /* ASPAs */
	const struct bogon_set *bogons;
	const struct irr_db *irr;
	const struct as_rel *asrel;
	const struct route_state *state;
};

/* One piece of evidence from one detector. */
struct detect_hit {
	const char *type; /* channel, e.g. "hijack" */
	const char *code; /* ARTEMIS-style, e.g. "E|0|-|-" */
	enum alert_severity severity;
	struct prefix prefix;               /* the announced prefix */
	const struct mon_prefix *monitored; /* matching config entry, or NULL */
	uint32_t affected_as;
	uint32_t offender_as;
	const char *description; /* copied by the pipeline */
	enum alert_rpki rpki;
	enum alert_irr irr;
	uint32_t score;     /* 0-100, global mode */
	unsigned threshold; /* peers needed before the alert opens; 0 = the channel's
	                       thresholdMinPeers */
	/* Added by core (additive): seconds the threshold must stay met before
	 * the alert opens (visibility: fadeOffSeconds, so a prefix withdrawn
	 * and announced again within that time raises nothing); 0 = at once. */
	unsigned hold_seconds;
};

struct detect_out;

/* Report a hit seen on ev (NULL: a standing hit not tied to a peer). */
void detect_emit(struct detect_out *out, const struct detect_hit *hit,
                 const struct route_event *ev);

/* Added by core (additive): monitor_config_match(cfg, p) for the event
 * being processed, looked up once per event however many detectors ask. */
const struct mon_prefix *detect_config_match(struct detect_out *out,
                                             const struct monitor_config *cfg,
                                             const struct prefix *p);

/* Resolve the standing (ev NULL) hit of this type, prefix and offender. */
void detect_resolve(struct detect_out *out, const char *type, const struct prefix *pfx,
                    uint32_t offender_as, uint32_t time);

struct detector_ops {
	const char *name; /* "hijack" */
	/* What of the previous route (route_view) beyond origin and first_seen
	 * the detector reads: ROUTE_KEEP_* (0: none). The pipeline's route
	 * state keeps only what its detectors ask for. */
	unsigned keep;
	/* Build the detector's own state; NULL with e set on failure. */
	void *(*create)(const struct detect_ctx *ctx, struct err *e);
	/* One event; prev is the route it replaced at that peer (NULL: none). */
	void (*on_event)(void *self, const struct route_event *ev, const struct route_view *prev,
	                 struct detect_out *out);
	/* Data time moved to now (timers such as fadeOffSeconds); may be NULL. */
	void (*on_tick)(void *self, uint32_t now, struct detect_out *out);
	/* Free; may be NULL. */
	void (*destroy)(void *self);
};

/* Every built-in detector, NULL-terminated, in the order they run. */
extern const struct detector_ops *const detector_all[];

/* The detector named name, or NULL. */
const struct detector_ops *detector_find(const char *name);

#endif

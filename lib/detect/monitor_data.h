/* SPDX-License-Identifier: ISC */
/* monitor_data.h - everything the monitor's detectors read, loaded in one
 * place for `manrs monitor` and the daemon's monitor: the configuration
 * (prefixes.yml, config.yml, or global mode), VRPs with their ROV index,
 * bogons, CAIDA AS relationships and IRR route objects.
 *
 * What a person should know about the data (entries skipped, VRPs past
 * their "expires", the date of the relationships, config.yml sections
 * not used) goes to the caller's note function, which says it on stderr
 * or in the log. */
#ifndef MANRS_MONITOR_DATA_H
#define MANRS_MONITOR_DATA_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "detect/as_rel.h"
#include "detect/detector.h"
#include "detect/monitor_config.h"
#include "irr/irr_db.h"
#include "policy/bogon.h"
#include "rpki/rov.h"
#include "rpki/rpki_set.h"

struct monitor_data_opts {
	const char *prefixes;   /* BGPalerter prefixes.yml; NULL: global mode */
	const char *config;     /* config.yml; NULL: none */
	const char *vrps;       /* VRP file (rpki-client JSON, CSV...); NULL: none */
	const char *asrel;      /* CAIDA as-rel file; NULL: none */
	const char *const *irr; /* IRR databases (RPSL) */
	size_t nirr;
	bool bogons; /* the built-in bogon set */
	bool live;   /* VRPs past their "expires" are dropped (live), else kept (a replay
	              * judges the data's own time, and an archive's VRPs are older) */
	/* Called with one line for people ("note: ..." or "warning: ...");
	 * NULL: nothing is said. */
	void (*note)(void *arg, bool warning, const char *text);
	void *note_arg;
};

struct monitor_data {
	struct monitor_config *cfg;
	struct rpki_set vrps;
	bool have_vrps;
	struct rov_index rov;
	bool have_rov;
	struct bogon_set *bogons;
	struct as_rel *asrel;
	struct irr_db *irr;
};

/* Load what o names into d (zeroed here). Returns 0, or -1 with e set
 * (what was loaded stays in d for monitor_data_free). */
int monitor_data_load(struct monitor_data *d, const struct monitor_data_opts *o, struct err *e);

/* The detectors' context over d (state left NULL: the pipeline sets it). */
struct detect_ctx monitor_data_ctx(const struct monitor_data *d);

/* Free what d holds; d may be partly loaded or zeroed. */
void monitor_data_free(struct monitor_data *d);

#endif

/* SPDX-License-Identifier: ISC */
/* daemon_monitor.h - the monitor service of `manrs serve`: the BMP
 * collector's routes (one RIB view, input_bmp.h) through the monitor
 * pipeline (pipeline.h) to the alert store and the log (dispatch.h).
 *
 * Loaded at start from the monitor section: BGPalerter's prefixes.yml and
 * config.yml (global mode without them), VRPs, AS relationships, IRR dumps,
 * the built-in bogons. A bad file fails the start; on SIGHUP a monitor
 * whose section or files changed is built anew beside the running one and
 * replaces it only when everything loaded; the daemon then hands it the
 * routes the collector holds (daemon_replay.h). */
#ifndef MANRS_DAEMON_MONITOR_H
#define MANRS_DAEMON_MONITOR_H

#include "bmp/bmp_state_feed.h"
#include "daemon_config.h"
#include "detect/alert_store.h"
#include "detect/dispatch.h"
#include "detect/pipeline.h"

struct daemon_monitor;

struct daemon_monitor_info {
	struct pipeline_stats pipeline;
	size_t routes, peers;
	unsigned long elems, events, skipped;
	time_t started;
	uint32_t last_data; /* data time of the last event */
};

/* Load everything cfg names and open the store (":memory:" when cfg has
 * none). cfg must outlive the monitor. NULL with e set. */
struct daemon_monitor *daemon_monitor_new(const struct daemon_monitor_config *cfg, struct err *e);

/* The collector's bmp_event_fn and router-down callback (arg: the monitor). */
void daemon_monitor_element(void *arg, const struct bmp_route_event *ev);
void daemon_monitor_router_down(void *arg, const char *router);

/* The collector's bmp_eor_fn (arg: the monitor): a peer's initial table is in. */
void daemon_monitor_eor(void *arg, const struct bmp_eor_event *ev);

/* BGPalerter's rpki-diff at a VRP reload: m, built to replace old, raises
 * standing "roa" alerts for the ROAs watched in old's VRPs and gone from
 * its own (enableDiffAlerts), and for its VRPs expiring within
 * roaExpirationAlertHours (enableExpirationAlerts), when config.yml runs
 * monitorROAS and both have VRPs. Logs the counts. Returns 0, or -1 with e
 * set (out of memory). */
int daemon_monitor_roa_reload(struct daemon_monitor *m, const struct daemon_monitor *old,
                              struct err *e);

/* Once a second: deliveries, gone routers, data time on a quiet stream. */
void daemon_monitor_tick(struct daemon_monitor *m);

struct alert_store *daemon_monitor_store(struct daemon_monitor *m);
struct dispatch *daemon_monitor_dispatch(struct daemon_monitor *m);

/* Where m keeps its pipeline (for metrics read at each scrape). */
struct pipeline *const *daemon_monitor_pipeline(struct daemon_monitor *m);
void daemon_monitor_info(const struct daemon_monitor *m, struct daemon_monitor_info *info);

/* Deliver what is pending (briefly) and free; NULL is allowed. */
void daemon_monitor_free(struct daemon_monitor *m);

#endif

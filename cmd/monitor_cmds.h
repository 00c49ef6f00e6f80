/* SPDX-License-Identifier: ISC */
/* monitor_cmds.h - entry points of 'manrs monitor' and its subcommands. */
#ifndef MANRS_MONITOR_CMDS_H
#define MANRS_MONITOR_CMDS_H

#include <stdint.h>

/* 'manrs monitor' (cmd/monitor.c): argv[0] is "monitor". Dispatches
 * "generate" and "alerts" to the functions below; anything else runs the
 * monitor itself. */
int monitor_main(int argc, char **argv);

/* 'manrs monitor generate' (cmd/monitor_generate.c): argv[0] is "generate".
 * Writes a BGPalerter prefixes.yml for the given ASes/prefixes. */
int monitor_generate_main(int argc, char **argv);

/* 'manrs monitor alerts' (cmd/monitor_alerts.c): argv[0] is "alerts".
 * Lists alerts from the alert store. */
int monitor_alerts_main(int argc, char **argv);

struct monitor_config;
struct rpki_set;
struct pipeline;
struct err;

/* The roa channel on a replay (cmd/monitor_roa.c): load next_path, the VRPs
 * of a later time than vrps, and raise standing "roa" alerts at data time
 * now for watched ROAs gone between the two and VRPs of the later set
 * expiring within roaExpirationAlertHours. *t0 (CLOCK_MONOTONIC seconds) is
 * set when the alerts start, for the alert latency. Returns 0, or -1 with
 * e set. */
int monitor_roa_replay(const struct monitor_config *cfg, const struct rpki_set *vrps,
                       const char *next_path, struct pipeline *p, uint32_t now, double *t0,
                       struct err *e);

#endif

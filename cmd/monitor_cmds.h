/* SPDX-License-Identifier: ISC */
/* monitor_cmds.h - entry points of 'manrs monitor' and its subcommands. */
#ifndef MANRS_MONITOR_CMDS_H
#define MANRS_MONITOR_CMDS_H

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

#endif

/* SPDX-License-Identifier: ISC */
/* monitor_config_priv.h - shared between the prefixes.yml loader
 * (monitor_config.c) and the config.yml monitors loader (monitor_params.c). */
#ifndef MANRS_MONITOR_CONFIG_PRIV_H
#define MANRS_MONITOR_CONFIG_PRIV_H

#include "detect/mon_yaml.h"
#include "detect/monitor_config.h"

/* Fill c->monitors with BGPalerter's defaults (config.yml.example) and the
 * manrs-only monitors. Returns 0, or -1 with e set when out of memory. */
int mon_params_defaults(struct monitor_config *c, struct err *e);

/* Apply a parsed config.yml: its monitors list (those it does not list are
 * disabled), fadeOffSeconds, notificationIntervalSeconds, alertOnlyOnce;
 * one note for every top-level section that is not used. Returns 0 or -1. */
int mon_params_load(struct monitor_config *c, struct mon_yaml *y);

/* Record a note (printf format). Returns 0, or -1 when out of memory. */
int mon_config_note(struct monitor_config *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif

/* SPDX-License-Identifier: ISC */
/* daemon_systemd.h - where `manrs serve` logs (stderr, syslog, journald)
 * and its readiness notifications to systemd (sd_notify: READY=1,
 * RELOADING=1, STATUS=..., STOPPING=1). Without NOTIFY_SOCKET (not started
 * by systemd with Type=notify) the notifications do nothing. */
#ifndef MANRS_DAEMON_SYSTEMD_H
#define MANRS_DAEMON_SYSTEMD_H

#include "daemon_config.h"

/* Send log lines to target at level and above. */
void daemon_log_setup(enum daemon_log_target target, enum log_level level);

/* Tell systemd the daemon serves (READY=1) with a status line. */
void daemon_notify_ready(const char *status);

/* A reload starts (RELOADING=1 with the monotonic time, for
 * Type=notify-reload), or ended (READY=1 and a status line). */
void daemon_notify_reloading(void);

/* Shutting down. */
void daemon_notify_stopping(void);

#endif

/* SPDX-License-Identifier: ISC */
/* daemon_systemd.c - journald and sd_notify through libsystemd. */
#include "daemon_systemd.h"

#include <syslog.h>
#include <time.h>

#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>

static const int journal_prio[] = {LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG};

static void to_journal(enum log_level level, const char *msg)
{
	sd_journal_send("MESSAGE=%s", msg, "PRIORITY=%d", journal_prio[level],
	                "SYSLOG_IDENTIFIER=manrs", NULL);
}

void daemon_log_setup(enum daemon_log_target target, enum log_level level)
{
	log_set_handler(NULL);
	log_init("manrs serve", level, target == DAEMON_LOG_SYSLOG);
	if (target == DAEMON_LOG_JOURNALD)
		log_set_handler(to_journal);
}

void daemon_notify_ready(const char *status)
{
	sd_notifyf(0, "READY=1\nSTATUS=%s", status);
}

void daemon_notify_reloading(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	unsigned long long usec =
	    (unsigned long long)ts.tv_sec * 1000000ull + (unsigned long long)ts.tv_nsec / 1000;
	sd_notifyf(0, "RELOADING=1\nMONOTONIC_USEC=%llu", usec);
}

void daemon_notify_stopping(void)
{
	sd_notify(0, "STOPPING=1");
}

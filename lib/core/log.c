/* SPDX-License-Identifier: ISC */
/* log.c - stderr or syslog logging with a level filter. */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>

static const char *log_prog = "manrs";
static enum log_level log_min = LOG_LEVEL_WARN;
static int log_syslog;
static void (*log_handler)(enum log_level level, const char *msg);

void log_set_handler(void (*fn)(enum log_level level, const char *msg))
{
	log_handler = fn;
}

void log_init(const char *prog, enum log_level level, int use_syslog)
{
	log_prog = prog ? prog : "manrs";
	log_min = level;
	log_syslog = use_syslog;
	if (use_syslog)
		openlog(log_prog, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void log_set_level(enum log_level level)
{
	log_min = level;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	static const int prio[] = {LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG};
	static const char *name[] = {"error", "warning", "info", "debug"};
	if (level > log_min)
		return;
	va_list ap;
	va_start(ap, fmt);
	if (log_handler) {
		char msg[2048];
		vsnprintf(msg, sizeof msg, fmt, ap);
		log_handler(level, msg);
	} else if (log_syslog) {
		vsyslog(prio[level], fmt, ap);
	} else {
		fprintf(stderr, "%s: %s: ", log_prog, name[level]);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}

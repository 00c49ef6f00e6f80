/* SPDX-License-Identifier: ISC */
/* sink_syslog.c - one syslog(3) line per alert, its priority from the
 * alert's severity. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "detect/alert_json.h"
#include "detect/alert_sink.h"

static const struct {
	const char *name;
	int facility;
} facilities[] = {
    {"daemon", LOG_DAEMON}, {"user", LOG_USER},     {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1},
    {"local2", LOG_LOCAL2}, {"local3", LOG_LOCAL3}, {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5},
    {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7},
};

struct syslog_sink {
	int facility;
};

static int priority(enum alert_severity s)
{
	return s == ALERT_CRITICAL ? LOG_CRIT : s == ALERT_WARNING ? LOG_WARNING : LOG_INFO;
}

/* syslog(3) reports nothing back: a line handed to it counts as delivered. */
static int syslog_deliver(void *self, const struct alert *a, struct err *e)
{
	struct syslog_sink *s = self;
	char line[768];
	alert_summary(a, ALERT_MARKUP_PLAIN, line, sizeof line);
	syslog(s->facility | priority(a->severity), "alert %s", line);
	return 0;
}

static void syslog_destroy(void *self)
{
	free(self);
}

static const struct alert_sink_ops syslog_ops = {
    .kind = "syslog", .deliver = syslog_deliver, .destroy = syslog_destroy};

struct alert_sink *sink_syslog_new(const char *facility, struct err *e)
{
	const char *name = facility ? facility : "daemon";
	for (size_t i = 0; i < sizeof facilities / sizeof facilities[0]; i++) {
		if (strcmp(name, facilities[i].name))
			continue;
		struct syslog_sink *s = malloc(sizeof *s);
		if (!s) {
			err_set(e, "syslog sink: out of memory");
			return NULL;
		}
		s->facility = facilities[i].facility;
		openlog("manrs", LOG_PID | LOG_NDELAY, s->facility);
		return alert_sink_new(&syslog_ops, s, name, e);
	}
	err_set(e, "syslog facility '%s': not daemon, user or local0..local7", name);
	return NULL;
}

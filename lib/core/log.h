/* SPDX-License-Identifier: ISC */
/* log.h - diagnostics to stderr, or to syslog for daemons. */
#ifndef MANRS_LOG_H
#define MANRS_LOG_H

enum log_level { LOG_LEVEL_ERR, LOG_LEVEL_WARN, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG };

/* Configure logging: prog name prefix, minimum level, and whether to use syslog. */
void log_init(const char *prog, enum log_level level, int use_syslog);

/* Raise or lower the minimum level printed (e.g. -v, -q). */
void log_set_level(enum log_level level);

/* Send every message that passes the level filter to fn instead of
 * stderr or syslog (journald); NULL restores them. msg has no newline. */
void log_set_handler(void (*fn)(enum log_level level, const char *msg));

/* Log one message at a level; a newline is added. */
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_err(...) log_msg(LOG_LEVEL_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif

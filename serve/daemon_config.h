/* SPDX-License-Identifier: ISC */
/* daemon_config.h - the model of `manrs serve`'s one YAML file
 * (/etc/manrs/manrs.yml, manrs.yml(5)): logging, privileges, and one
 * section per service (rtr, whois, bmp, monitor, http) and the data
 * sources the scheduler keeps fresh (sources).
 *
 * A section that is absent leaves its service off. Every error names the
 * file, line and column ("FILE:LINE:COL: ..."); unknown keys are errors,
 * so a typo never silently turns a setting into its default. The config
 * owns every string it points to (the service configs embedded here point
 * into it), so a service reconfigured from it must not outlive it. */
#ifndef MANRS_DAEMON_CONFIG_H
#define MANRS_DAEMON_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bmp_server.h"
#include "core/err.h"
#include "core/log.h"
#include "fetch/fetch.h"
#include "rtr_server.h"
#include "whois_server.h"

#define DAEMON_MAX_LISTEN 8
#define DAEMON_MAX_FILES 16
#define DAEMON_MAX_SOURCES 32
#define DAEMON_MAX_DETECTORS 16
#define DAEMON_CONFIG_MAX_BYTES (1u << 20) /* a config file larger than this is refused */

enum daemon_log_target { DAEMON_LOG_STDERR, DAEMON_LOG_SYSLOG, DAEMON_LOG_JOURNALD };

/* A list of "ADDR:PORT" listen addresses. */
struct daemon_listen {
	const char *addr[DAEMON_MAX_LISTEN];
	size_t n;
};

struct daemon_whois_config {
	bool enabled;
	struct daemon_listen listen;
	const char *files[DAEMON_MAX_FILES];   /* RPSL dumps */
	const char *sources[DAEMON_MAX_FILES]; /* default source per file, NULL = base name */
	size_t nfiles;
	unsigned check_interval; /* seconds between file checks, 0 = SIGHUP only */
	unsigned max_shrink;     /* refuse a reload losing more than this % (100 = off) */
	struct whois_server_opts opts;
};

struct daemon_monitor_config {
	bool enabled;
	const char *prefixes, *config; /* BGPalerter prefixes.yml and config.yml */
	const char *vrps, *asrel, *store;
	const char *irr[DAEMON_MAX_FILES];
	size_t nirr;
	bool bogons;
	const char *detectors[DAEMON_MAX_DETECTORS + 1]; /* NULL-terminated; empty = all */
	int view;                                        /* enum bmp_rib_view */
	uint32_t grace; /* seconds a gone router's peers are kept */
};

/* One data source the scheduler (daemon_sources.h) keeps fresh. */
struct daemon_source {
	const char *name, *url, *path;
	const char *sha256_url; /* NULL: no published checksum */
	enum fetch_kind kind;   /* how a download is checked (required) */
	unsigned interval;      /* seconds between fetches */
	unsigned max_age;       /* seconds; 0 = no staleness alarm */
	unsigned timeout;       /* whole transfer, seconds */
	double min_ratio;       /* refuse a file under this share of the last good one */
	unsigned line;          /* where it is defined, for messages */
};

/* The BMP collector's Kafka feed (kafka_bmp.h). */
#define DAEMON_MAX_KAFKA_OPTIONS 16
struct daemon_kafka_config {
	bool enabled;
	const char *brokers, *topic_prefix, *name;     /* prefix, name NULL: defaults */
	int view;                                      /* enum bmp_rib_view */
	const char *options[DAEMON_MAX_KAFKA_OPTIONS]; /* librdkafka "key=value" */
	size_t noptions;
};

struct daemon_config {
	char *path; /* the file it came from */
	enum daemon_log_target log_target;
	enum log_level log_level;
	const char *user, *chroot_dir, *pidfile;
	bool landlock;
	bool rtr_enabled;
	struct rtr_server_config rtr; /* rtr.http is never set: the http section serves */
	struct daemon_whois_config whois;
	bool bmp_enabled;
	struct bmp_server_config bmp; /* the callbacks are the daemon's */
	struct daemon_kafka_config kafka;
	struct daemon_monitor_config monitor;
	struct daemon_listen http;
	struct daemon_source sources[DAEMON_MAX_SOURCES];
	size_t nsources;
	/* private: the strings the fields above point to */
	char **strings;
	size_t nstrings, strings_cap;
};

/* Read and check path. NULL with e set ("FILE:LINE:COL: ...") on error. */
struct daemon_config *daemon_config_load(const char *path, struct err *e);

/* The same over a buffer of n bytes named name (tests, fuzzing). */
struct daemon_config *daemon_config_parse(const char *buf, size_t n, const char *name,
                                          struct err *e);

/* Free; NULL is allowed. */
void daemon_config_free(struct daemon_config *c);

/* True when the two lists name the same addresses in the same order. */
bool daemon_listen_equal(const struct daemon_listen *a, const struct daemon_listen *b);

/* "stderr", "syslog", "journald". */
const char *daemon_log_target_name(enum daemon_log_target t);

#endif

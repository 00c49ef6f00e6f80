/* SPDX-License-Identifier: ISC */
/* fetch.h - keep data files fresh: download a source over HTTP(S) with
 * libcurl, check it, and replace the local copy only with a good one.
 *
 * One run of a source (fetch_run_one):
 *  1. conditional GET (If-None-Match / If-Modified-Since from the last good
 *     copy; 304 = nothing to do), or a Range request resuming OUT.part when
 *     the last transfer broke off and the server named the version (If-Range);
 *  2. the body goes to OUT.part beside OUT (kept across runs for resuming);
 *  3. the SHA-256 is checked against a published checksum (sha256_url);
 *  4. the file is parsed as its kind (VRP JSON, RPSL, MRT, PeeringDB JSON,
 *     CAIDA as-rel) and its objects counted;
 *  5. a file under min_ratio of the last good size or object count is
 *     refused ("shrank suspiciously");
 *  6. OUT is replaced atomically (lib/core/atomic_file.h).
 * Any failure leaves OUT as it was and names the source and its URL.
 * What was learnt (validators, sizes, times, the last error) is kept in a
 * small JSON state file beside the data, OUT.fetch.json.
 *
 * Staleness: a source's age is the time since its content last changed as
 * seen by us (a new version downloaded); past max_age it is stale (a log
 * line each run, and fetch_source_stale for metrics). A server that keeps
 * answering 304 for a file that no longer changes is therefore stale too.
 *
 * Scheduling, for a daemon's timer: fetch_due() says which source to run
 * now and fetch_next_wakeup() when to look again; fetch_run_one() blocks
 * (network and parsing: seconds to minutes), so a daemon calls it on a
 * worker thread, one run per source at a time. No event loop here.
 * fetch_run_one writes s->st and s->n: a daemon that reads them from its
 * loop thread (fetch_due, fetch_metrics_write) while a worker runs the
 * source must serialize the two (one lock per daemon is enough), and
 * reloads the service reading conf.out when the outcome is FETCH_UPDATED.
 *
 * The daemon's round, in order:
 *   srcs[i] = fetch_source_new(&conf[i], &e);            once per source
 *   timer at fetch_next_wakeup(srcs, n) (Unix seconds), then
 *   while ((i = fetch_due(srcs, n, time(NULL))) >= 0)     on the worker:
 *       fetch_run_one(srcs[i], time(NULL), &out);         out.result, out.e
 *   fetch_metrics_write(srcs, n, time(NULL), f);          for /metrics
 *   fetch_source_free(srcs[i]);                           at shutdown/reload */
#ifndef MANRS_FETCH_H
#define MANRS_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"

/* What a source holds; decides how a download is validated. */
enum fetch_kind {
	FETCH_VRPS,      /* rpki-client / Routinator / StayRTR JSON (lib/rpki) */
	FETCH_IRR,       /* RPSL dump (lib/irr) */
	FETCH_MRT,       /* RIS / RouteViews MRT (lib/bgp/mrt.h) */
	FETCH_PEERINGDB, /* PeeringDB API JSON: {"data": [...]} or a dump of such objects */
	FETCH_ASREL,     /* CAIDA as-rel (lib/detect/as_rel.h) */
	FETCH_KIND_COUNT
};

/* "vrps", "irr", "mrt", "peeringdb", "asrel". */
const char *fetch_kind_name(enum fetch_kind k);

/* Kind from its name; -1 when unknown. */
int fetch_kind_parse(const char *name);

/* Defaults of struct fetch_conf (seconds; ratio). */
#define FETCH_DEFAULT_INTERVAL 3600
#define FETCH_DEFAULT_RETRY 60
#define FETCH_DEFAULT_TIMEOUT 600
#define FETCH_DEFAULT_CONNECT_TIMEOUT 30
#define FETCH_DEFAULT_MIN_RATIO 0.5

/* What the operator configures for one source. Strings are owned. */
struct fetch_conf {
	char *name;       /* for messages and metrics labels */
	char *url;        /* http:// or https:// */
	char *out;        /* local file kept fresh */
	char *sha256_url; /* NULL, or a .sha256 / SHA256SUMS file to check against */
	enum fetch_kind kind;
	long interval;        /* seconds between checks */
	long retry;           /* first retry after a failure; doubles up to interval */
	long max_age;         /* seconds; 0 = no staleness alarm */
	long timeout;         /* whole transfer, seconds */
	long connect_timeout; /* seconds */
	double min_ratio;     /* refuse a file under this share of the last good one; 0 = off */
};

/* Fill c with the defaults (strings NULL). */
void fetch_conf_defaults(struct fetch_conf *c);

/* What is known about a source; persisted in OUT.fetch.json. Times are
 * Unix seconds, 0 = never. Strings are owned, NULL when unknown. */
struct fetch_state {
	char *url;           /* the URL the validators below belong to */
	char *etag;          /* of the last good copy */
	char *last_modified; /* as the server sent it */
	char *sha256;        /* hex, of the last good copy */
	uint64_t size, objects;
	int64_t last_attempt, last_success, last_change;
	unsigned failures; /* consecutive */
	char *last_error;
	/* a transfer that broke off: OUT.part holds its first bytes */
	char *part_url, *part_etag, *part_last_modified;
};

/* Counters since the source was created (for metrics). */
struct fetch_counters {
	uint64_t runs, updated, not_modified, unchanged, failed, refused_shrink, resumed;
	uint64_t bytes; /* body bytes received */
};

struct fetch_source {
	struct fetch_conf conf;
	struct fetch_state st;
	struct fetch_counters n;
	char *state_path; /* OUT.fetch.json */
	char *part_path;  /* OUT.part */
	bool force;       /* next run skips the shrink guard (then clears) */
};

/* How one run ended. */
enum fetch_result {
	FETCH_UPDATED,      /* a new version replaced OUT */
	FETCH_NOT_MODIFIED, /* 304: OUT is current */
	FETCH_UNCHANGED,    /* 200 with the same bytes as OUT (server without validators) */
	FETCH_FAILED        /* OUT kept; see e */
};

/* "updated", "not-modified", "unchanged", "failed". */
const char *fetch_result_name(enum fetch_result r);

struct fetch_outcome {
	enum fetch_result result;
	long http_status; /* last response's status, 0 when none */
	uint64_t bytes;   /* body bytes received this run */
	bool resumed;     /* this run continued a broken-off transfer */
	bool stale;       /* after the run */
	int64_t age;      /* seconds since the content last changed; -1 never */
	struct err e;     /* FETCH_FAILED: "NAME (URL): reason" */
};

/* A source from conf (copied; conf's strings are duplicated), with its
 * state read from OUT.fetch.json when present. NULL with e set when memory
 * is short, conf lacks name/url/out, or the state file is unreadable JSON
 * (the message names it). */
struct fetch_source *fetch_source_new(const struct fetch_conf *conf, struct err *e);

/* Free; NULL allowed. */
void fetch_source_free(struct fetch_source *s);

/* One run of s at time now (blocking; see above). Returns 0 when OUT is
 * current (updated, not modified or unchanged), -1 when the run failed
 * (out->e says why; OUT untouched). out->stale is set either way, and a
 * stale source logs one warning line. The state file is rewritten. */
int fetch_run_one(struct fetch_source *s, int64_t now, struct fetch_outcome *out);

/* When s should next run: 0 when never tried, last attempt + interval
 * after a success, + retry * 2^(failures-1) (at most interval) after failures. */
int64_t fetch_next_due(const struct fetch_source *s);

/* Index of the source most overdue at now, or -1 when none is due. */
long fetch_due(struct fetch_source *const *srcs, size_t n, int64_t now);

/* Earliest fetch_next_due of srcs (INT64_MAX when n is 0): the daemon's
 * next timer. */
int64_t fetch_next_wakeup(struct fetch_source *const *srcs, size_t n);

/* Seconds since s's content last changed, -1 when it never had content. */
int64_t fetch_source_age(const struct fetch_source *s, int64_t now);

/* True when s has max_age set and its age exceeds it (or it never had content). */
bool fetch_source_stale(const struct fetch_source *s, int64_t now);

/* Prometheus text (0.0.4) for srcs: manrs_fetch_age_seconds,
 * manrs_fetch_stale, manrs_fetch_last_success_timestamp_seconds,
 * manrs_fetch_objects, manrs_fetch_bytes, manrs_fetch_consecutive_failures
 * (gauges) and manrs_fetch_runs_total{result=...} (counter), labelled
 * source="NAME". For a daemon's /metrics or a node_exporter textfile.
 * Returns 0, or -1 on a write error. */
int fetch_metrics_write(struct fetch_source *const *srcs, size_t n, int64_t now, FILE *f);

/* Read and parse the state file path into st (zeroed first). A missing
 * file leaves st empty and returns 0; -1 with e naming the file otherwise. */
int fetch_state_load(struct fetch_state *st, const char *path, struct err *e);

/* Write st to path atomically. Returns 0 or -1 with e set. */
int fetch_state_save(const struct fetch_state *st, const char *path, struct err *e);

/* Free st's strings and zero it. */
void fetch_state_clear(struct fetch_state *st);

/* Check that path holds data of kind k; count its objects (VRPs + ASPAs,
 * RPSL objects, MRT records, PeeringDB records, as-rel links) into
 * *objects. Returns 0, or -1 with e naming the file and the problem. An
 * empty set is an error. */
int fetch_validate_file(enum fetch_kind k, const char *path, uint64_t *objects, struct err *e);

#endif

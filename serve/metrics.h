/* SPDX-License-Identifier: ISC */
/* metrics.h - one registry every service registers its metrics into, and
 * its Prometheus text exposition (version 0.0.4).
 *
 * A service adds a group: a table of metric definitions and a snapshot
 * function that fills one struct of the service's state per scrape, which
 * every value of the group is then read from (consistent values, one pass
 * over the connections). Output order is registration order; each metric
 * prints "# HELP", "# TYPE" and its samples, values with %.17g (integers
 * up to 2^53 print as integers). */
#ifndef MANRS_METRICS_H
#define MANRS_METRICS_H

#include <stddef.h>

#include <event2/buffer.h>

#include "http_server.h"

enum metric_type { METRIC_GAUGE, METRIC_COUNTER };

struct metrics_writer;

struct metric_def {
	const char *name, *help;
	enum metric_type type;
	/* one unlabelled sample read from the snapshot, or else ... */
	double (*value)(const void *snap);
	/* ... any number of labelled samples, each through metrics_sample() */
	void (*samples)(const void *snap, struct metrics_writer *w);
};

/* Write one sample of the metric being written; labels is the text between
 * the braces ("family=\"ipv4\""), NULL for none. */
void metrics_sample(struct metrics_writer *w, const char *labels, double value);

/* Fill snap (snap_size bytes, zeroed) from the service ctx. */
typedef void (*metrics_snapshot_fn)(void *ctx, void *snap);

struct metrics;

/* An empty registry; NULL when out of memory. */
struct metrics *metrics_new(void);

/* Register n definitions (not copied: static tables) read from a snapshot
 * of snap_size bytes taken by snapshot(ctx). Returns 0, or -1 when memory
 * is short or a name is already registered. */
int metrics_add_group(struct metrics *m, const struct metric_def *defs, size_t n, size_t snap_size,
                      metrics_snapshot_fn snapshot, void *ctx);

/* Remove every group registered with ctx (a service being freed). */
void metrics_remove(struct metrics *m, void *ctx);

/* Append the exposition of every metric to out. Returns 0, or -1 when
 * memory is short. */
int metrics_write(const struct metrics *m, struct evbuffer *out);

/* Serve the registry as /metrics on h. Returns 0 or -1. */
int metrics_route(struct metrics *m, struct http_server *h);

/* Free the registry. NULL is allowed. */
void metrics_free(struct metrics *m);

#endif

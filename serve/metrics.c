/* SPDX-License-Identifier: ISC */
/* metrics.c - the registry: groups of metric tables, written in
 * registration order. */
#include "metrics.h"

#include <stdlib.h>
#include <string.h>

struct metrics_group {
	const struct metric_def *defs;
	size_t n, snap_size;
	metrics_snapshot_fn snapshot;
	void *ctx;
};

struct metrics {
	struct metrics_group *groups;
	size_t ngroups;
};

struct metrics_writer {
	struct evbuffer *out;
	const char *name;
};

void metrics_sample(struct metrics_writer *w, const char *labels, double value)
{
	if (labels)
		evbuffer_add_printf(w->out, "%s{%s} %.17g\n", w->name, labels, value);
	else
		evbuffer_add_printf(w->out, "%s %.17g\n", w->name, value);
}

struct metrics *metrics_new(void)
{
	return calloc(1, sizeof(struct metrics));
}

static int name_taken(const struct metrics *m, const char *name)
{
	for (size_t g = 0; g < m->ngroups; g++)
		for (size_t i = 0; i < m->groups[g].n; i++)
			if (!strcmp(m->groups[g].defs[i].name, name))
				return 1;
	return 0;
}

int metrics_add_group(struct metrics *m, const struct metric_def *defs, size_t n, size_t snap_size,
                      metrics_snapshot_fn snapshot, void *ctx)
{
	for (size_t i = 0; i < n; i++)
		if (name_taken(m, defs[i].name))
			return -1;
	struct metrics_group *g = reallocarray(m->groups, m->ngroups + 1, sizeof *g);
	if (!g)
		return -1;
	m->groups = g;
	m->groups[m->ngroups++] = (struct metrics_group){defs, n, snap_size, snapshot, ctx};
	return 0;
}

void metrics_remove(struct metrics *m, void *ctx)
{
	size_t kept = 0;
	for (size_t g = 0; g < m->ngroups; g++)
		if (m->groups[g].ctx != ctx)
			m->groups[kept++] = m->groups[g];
	m->ngroups = kept;
}

static const char *type_name(enum metric_type t)
{
	return t == METRIC_COUNTER ? "counter" : "gauge";
}

static void write_group(const struct metrics_group *g, const void *snap, struct evbuffer *out)
{
	for (size_t i = 0; i < g->n; i++) {
		const struct metric_def *d = &g->defs[i];
		struct metrics_writer w = {out, d->name};
		evbuffer_add_printf(out, "# HELP %s %s\n# TYPE %s %s\n", d->name, d->help, d->name,
		                    type_name(d->type));
		if (d->samples)
			d->samples(snap, &w);
		else
			metrics_sample(&w, NULL, d->value(snap));
	}
}

int metrics_write(const struct metrics *m, struct evbuffer *out)
{
	for (size_t g = 0; g < m->ngroups; g++) {
		const struct metrics_group *grp = &m->groups[g];
		void *snap = calloc(1, grp->snap_size ? grp->snap_size : 1);
		if (!snap)
			return -1;
		grp->snapshot(grp->ctx, snap);
		write_group(grp, snap, out);
		free(snap);
	}
	return 0;
}

#ifndef MANRS_VERSION
#define MANRS_VERSION "dev"
#endif

/* The page starts with manrs_build_info, as Prometheus exporters do, so a
 * dashboard can tell which release is running. */
static int metrics_page(struct evbuffer *out, void *arg)
{
	if (evbuffer_add_printf(out,
	                        "# HELP manrs_build_info The manrs release serving these metrics.\n"
	                        "# TYPE manrs_build_info gauge\n"
	                        "manrs_build_info{version=\"%s\"} 1\n",
	                        MANRS_VERSION) < 0)
		return 500;
	return metrics_write(arg, out) ? 500 : 200;
}

int metrics_route(struct metrics *m, struct http_server *h)
{
	return http_server_route(h, "/metrics", "text/plain; version=0.0.4", metrics_page, m);
}

void metrics_free(struct metrics *m)
{
	if (!m)
		return;
	free(m->groups);
	free(m);
}

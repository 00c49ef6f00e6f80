/* SPDX-License-Identifier: ISC */
/* detect_path_neighbors.c - BGPalerter's monitorPathNeighbors: for each
 * monitored AS (options.monitorASns) that lists upstreams and/or
 * downstreams, an announcement whose path shows it next to an AS not in the
 * list. Upstream is the AS left of it (toward the collector), downstream
 * the one right of it (toward the origin). A list that is given but empty
 * allows none; no list means that side is not checked.
 *
 * Prepends are collapsed first (BGPalerter skips a neighbour equal to the
 * AS itself). Where BGPalerter reports only the downstream when both sides
 * are new, this reports both (one hit each, offender = the new neighbour).
 * Alerts are per (prefix, neighbour) rather than BGPalerter's per (AS,
 * neighbour), since the pipeline keys alerts by prefix. Codes "N|upstream"
 * and "N|downstream". */
#include <stdio.h>
#include <stdlib.h>

#include "core/grow.h"
#include "detect/detector.h"
#include "detect/path_text.h"

struct nb_det {
	struct detect_ctx ctx;
	uint32_t *u; /* collapsed path (scratch) */
	size_t cap;
};

static void *nb_create(const struct detect_ctx *ctx, struct err *e)
{
	struct nb_det *d = calloc(1, sizeof *d);
	if (!d) {
		err_set(e, "path-neighbors: out of memory");
		return NULL;
	}
	d->ctx = *ctx;
	return d;
}

static void nb_destroy(void *self)
{
	struct nb_det *d = self;
	free(d->u);
	free(d);
}

static bool listed(const uint32_t *v, size_t n, uint32_t asn)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == asn)
			return true;
	return false;
}

static void emit(const struct route_event *ev, const struct mon_asn *m, uint32_t neighbour,
                 bool upstream, struct detect_out *out)
{
	char pfx[PREFIX_STRLEN], desc[256];
	snprintf(desc, sizeof desc, "A new %s of AS%u has been detected: AS%u (route %s)",
	         upstream ? "upstream" : "downstream", m->asn, neighbour,
	         prefix_format(&ev->pfx, pfx, sizeof pfx));
	struct detect_hit hit = {
	    .type = "path-neighbors",
	    .code = upstream ? "N|upstream" : "N|downstream",
	    .severity = ALERT_WARNING,
	    .prefix = ev->pfx,
	    .affected_as = m->asn,
	    .offender_as = neighbour,
	    .description = desc,
	};
	detect_emit(out, &hit, ev);
}

static void nb_on_event(void *self, const struct route_event *ev, const struct route_view *prev,
                        struct detect_out *out)
{
	(void)prev;
	struct nb_det *d = self;
	const struct monitor_config *cfg = d->ctx.cfg;
	if (ev->type != ROUTE_EV_ANNOUNCE || cfg->nasns == 0 || ev->path_len < 2)
		return;
	if (ev->path_len > d->cap) {
		uint32_t *u = resize(d->u, ev->path_len, sizeof *u);
		if (!u)
			return; /* out of memory: this event goes unchecked */
		d->u = u;
		d->cap = ev->path_len;
	}
	size_t n = path_collapse(ev->path, ev->path_len, d->u);
	for (size_t i = 0; i < n; i++) {
		const struct mon_asn *m = monitor_config_asn(cfg, d->u[i]);
		if (!m || (!m->has_upstreams && !m->has_downstreams))
			continue;
		if (i > 0 && m->has_upstreams && !listed(m->upstreams, m->nupstreams, d->u[i - 1]))
			emit(ev, m, d->u[i - 1], true, out);
		if (i + 1 < n && m->has_downstreams &&
		    !listed(m->downstreams, m->ndownstreams, d->u[i + 1]))
			emit(ev, m, d->u[i + 1], false, out);
	}
}

const struct detector_ops detect_path_neighbors_ops = {
    .name = "path-neighbors",
    .create = nb_create,
    .on_event = nb_on_event,
    .on_tick = NULL,
    .destroy = nb_destroy,
};

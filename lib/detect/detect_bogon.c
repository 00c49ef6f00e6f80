/* SPDX-License-Identifier: ISC */
/* detect_bogon.c - bogon prefixes (IANA special-purpose registries plus
 * any loaded list, lib/policy) and bogon ASNs anywhere in the path
 * (private, documentation, reserved, AS_TRANS).
 *
 * Bogons are never anybody's monitored prefix, so this detector looks at
 * every announcement, in global and monitored mode alike; a bogon lookup
 * costs one trie walk. It runs only when a bogon set is loaded (ctx->bogons).
 * Offender: the origin for a bogon prefix; for a bogon ASN the AS that
 * passed the route on from it (the one that should have stripped or
 * filtered it), or the bogon ASN itself when the collector's neighbour uses
 * it. Codes: "B|prefix" and "B|asn" (ARTEMIS has none). */
#include <stdio.h>
#include <stdlib.h>

#include "detect/detector.h"
#include "detect/path_text.h"
#include "policy/bogon.h"

struct bogon_det {
	struct detect_ctx ctx;
};

static void *bogon_create(const struct detect_ctx *ctx, struct err *e)
{
	struct bogon_det *d = calloc(1, sizeof *d);
	if (!d) {
		err_set(e, "bogon: out of memory");
		return NULL;
	}
	d->ctx = *ctx;
	return d;
}

static void bogon_destroy(void *self)
{
	free(self);
}

static void emit(const struct route_event *ev, const char *code, uint32_t offender,
                 const char *desc, struct detect_out *out)
{
	struct detect_hit hit = {
	    .type = "bogon",
	    .code = code,
	    .severity = ALERT_WARNING,
	    .prefix = ev->pfx,
	    .affected_as = ev->origin,
	    .offender_as = offender,
	    .description = desc,
	};
	detect_emit(out, &hit, ev);
}

static void check_prefix(const struct bogon_det *d, const struct route_event *ev,
                         struct detect_out *out)
{
	struct bogon_verdict v;
	if (!bogon_check_prefix(d->ctx.bogons, &ev->pfx, &v))
		return;
	char pfx[PREFIX_STRLEN], desc[256];
	const struct bogon_entry *why = v.entry ? v.entry : v.first_covered;
	snprintf(desc, sizeof desc, "AS%u announces bogon prefix %s (%s, %s)", ev->origin,
	         prefix_format(&ev->pfx, pfx, sizeof pfx), why ? why->name : "bogon",
	         why ? why->ref : "");
	emit(ev, "B|prefix", ev->origin, desc, out);
}

static void check_path(const struct route_event *ev, struct detect_out *out)
{
	long i = bogon_check_path(ev->path, ev->path_len);
	if (i < 0)
		return;
	uint32_t bad = ev->path[i];
	/* Walk past prepends of the bogon ASN to the AS that passed it on. */
	long j = i;
	while (j > 0 && ev->path[j - 1] == bad)
		j--;
	uint32_t offender = j > 0 ? ev->path[j - 1] : bad;
	const struct bogon_asn_range *r = bogon_check_asn(bad);
	char pfx[PREFIX_STRLEN], path[96], desc[256];
	snprintf(desc, sizeof desc,
	         "bogon AS%u (%s, %s) in the path \"%s\" of %s, passed on by AS%u", bad, r->name,
	         r->ref, path_format(ev->path, ev->path_len, path, sizeof path),
	         prefix_format(&ev->pfx, pfx, sizeof pfx), offender);
	emit(ev, "B|asn", offender, desc, out);
}

static void bogon_on_event(void *self, const struct route_event *ev, const struct route_view *prev,
                           struct detect_out *out)
{
	(void)prev;
	struct bogon_det *d = self;
	if (ev->type != ROUTE_EV_ANNOUNCE || !d->ctx.bogons)
		return;
	check_prefix(d, ev, out);
	check_path(ev, out);
}

const struct detector_ops detect_bogon_ops = {
    .name = "bogon",
    .create = bogon_create,
    .on_event = bogon_on_event,
    .on_tick = NULL,
    .destroy = bogon_destroy,
};

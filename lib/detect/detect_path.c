/* SPDX-License-Identifier: ISC */
/* detect_path.c - BGPalerter's monitorPath: the path rules of the most
 * specific monitored prefix covering an announcement.
 *
 * A rule alerts when its match regex (if any) matches the path, its
 * notMatch regex (if any) does not, and either it sets no length bounds or
 * the path breaks one (maxLength, minLength; lengths count every AS,
 * prepends included, as BGPalerter does). BGPalerter joins the path with
 * ','; the contract (monitor_config.h) says ' ': a regex is tried on both
 * renderings, so existing prefixes.yml rules keep working. (BGPalerter also
 * alerts when only minLength is set and met, a slip in its condition; this
 * does not.) A more specific announcement under an entry with
 * ignoreMorespecifics is not checked. Code "P|rule" / "P|length". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "detect/detect_scope.h"
#include "detect/detector.h"

struct path_det {
	struct detect_ctx ctx;
	const char *monitor;
	char *comma, *space; /* the path rendered both ways (scratch) */
	size_t cap;
};

static void *path_create(const struct detect_ctx *ctx, struct err *e)
{
	struct path_det *d = calloc(1, sizeof *d);
	if (!d) {
		err_set(e, "path: out of memory");
		return NULL;
	}
	d->ctx = *ctx;
	d->monitor = monitor_config_params(ctx->cfg, "path")->name;
	return d;
}

static void path_destroy(void *self)
{
	struct path_det *d = self;
	free(d->comma);
	free(d->space);
	free(d);
}

/* Render the path into d->comma and d->space; -1 when out of memory. */
static int render(struct path_det *d, const uint32_t *path, size_t n)
{
	size_t need = n * 11 + 1; /* up to 10 digits and a separator per AS */
	if (need > d->cap) {
		char *c = resize(d->comma, need, 1);
		if (!c)
			return -1;
		d->comma = c;
		char *s = resize(d->space, need, 1);
		if (!s)
			return -1;
		d->space = s;
		d->cap = need;
	}
	size_t off = 0;
	d->comma[0] = '\0';
	for (size_t i = 0; i < n; i++)
		off +=
		    (size_t)snprintf(d->comma + off, d->cap - off, "%s%u", i ? "," : "", path[i]);
	memcpy(d->space, d->comma, off + 1);
	for (size_t i = 0; i < off; i++)
		if (d->space[i] == ',')
			d->space[i] = ' ';
	return 0;
}

static bool re_matches(const struct path_det *d, const regex_t *re)
{
	return regexec(re, d->comma, 0, NULL, 0) == 0 || regexec(re, d->space, 0, NULL, 0) == 0;
}

/* Does rule r raise an alert for this path? *length_violation says why. */
static bool rule_fires(const struct path_det *d, const struct mon_path_rule *r, size_t len,
                       bool *length_violation)
{
	if (r->match && !re_matches(d, &r->match_re))
		return false;
	if (r->not_match && re_matches(d, &r->not_match_re))
		return false;
	bool bounded = r->max_length >= 0 || r->min_length >= 0;
	*length_violation = (r->max_length >= 0 && len > (size_t)r->max_length) ||
	                    (r->min_length >= 0 && len < (size_t)r->min_length);
	return !bounded || *length_violation;
}

static void path_on_event(void *self, const struct route_event *ev, const struct route_view *prev,
                          struct detect_out *out)
{
	(void)prev;
	struct path_det *d = self;
	if (ev->type != ROUTE_EV_ANNOUNCE || d->ctx.cfg->nprefixes == 0)
		return;
	const struct mon_prefix *m = detect_watched_prefix(out, d->ctx.cfg, d->monitor, &ev->pfx);
	if (!m || m->npaths == 0 || (m->ignore_morespecifics && m->pfx.len != ev->pfx.len))
		return;
	if (render(d, ev->path, ev->path_len) < 0)
		return; /* out of memory: this event goes unchecked */
	for (size_t i = 0; i < m->npaths; i++) {
		const struct mon_path_rule *r = &m->paths[i];
		bool length_violation = false;
		if (!rule_fires(d, r, ev->path_len, &length_violation))
			continue;
		char pfx[PREFIX_STRLEN], desc[256];
		snprintf(desc, sizeof desc, "Matched %s on prefix %s %spath: %.120s",
		         r->description ? r->description : "a path rule",
		         prefix_format(&ev->pfx, pfx, sizeof pfx),
		         length_violation ? "(including length violation) " : "", d->comma);
		struct detect_hit hit = {
		    .type = "path",
		    .code = length_violation ? "P|length" : "P|rule",
		    .severity = ALERT_WARNING,
		    .prefix = ev->pfx,
		    .monitored = m,
		    .affected_as = m->nasns ? m->asns[0] : ev->origin,
		    .offender_as = 0, /* a rule names no culprit: one alert per prefix */
		    .description = desc,
		};
		detect_emit(out, &hit, ev);
	}
}

const struct detector_ops detect_path_ops = {
    .name = "path",
    .create = path_create,
    .on_event = path_on_event,
    .on_tick = NULL,
    .destroy = path_destroy,
};

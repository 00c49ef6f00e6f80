/* SPDX-License-Identifier: ISC */
/* monitor_roa.c - the roa channel of 'manrs monitor' on a replay
 * (BGPalerter's monitorROAS, "rpki-diff"): --vrps is the VRP state while
 * the updates were made, --vrps-next a later one. When the input ends, the
 * monitor reloads to --vrps-next at the data time of the last event, as a
 * live monitor would on its next VRP refresh, and raises standing "roa"
 * alerts for watched ROAs gone between the two (enableDiffAlerts) and for
 * watched VRPs of the new set expiring within roaExpirationAlertHours of
 * that time (enableExpirationAlerts). */
#include <stdio.h>
#include <time.h>

#include "detect/detect_rpki.h"
#include "detect/monitor_config.h"
#include "detect/pipeline.h"
#include "monitor_cmds.h"
#include "rpki/rpki_set.h"

struct roa_pass {
	const struct monitor_config *cfg;
	const struct rpki_set *old, *cur;
	const struct mon_params *params;
	uint32_t now;
	unsigned gone, expiring;
};

static void roa_pass(void *arg, struct detect_out *out)
{
	struct roa_pass *r = arg;
	if (r->params->enable_diff_alerts)
		r->gone = detect_roa_diff(r->cfg, r->old, r->cur, r->now, out);
	if (r->params->enable_expiration_alerts)
		r->expiring = detect_roa_expiring(
		    r->cfg, r->cur, r->now, r->params->roa_expiration_alert_hours * 3600u, out);
}

static int load_next(struct rpki_set *s, const char *path, struct err *e)
{
	rpki_set_init(s);
	s->ignore_expires = 1; /* a replay judges the data's time, not today's */
	if (rpki_set_load_file(s, path, e) < 0)
		return -1;
	rpki_set_finish(s);
	if (s->nrejected)
		fprintf(stderr, "manrs monitor: warning: %s: skipped %zu bad entr%s, first: %s\n",
		        path, s->nrejected, s->nrejected == 1 ? "y" : "ies", s->reject_msg);
	return 0;
}

int monitor_roa_replay(const struct monitor_config *cfg, const struct rpki_set *vrps,
                       const char *next_path, struct pipeline *p, uint32_t now, double *t0,
                       struct err *e)
{
	const struct mon_params *params = monitor_config_params(cfg, "roa");
	if (!params->enabled) {
		fprintf(stderr, "manrs monitor: note: --vrps-next: monitorROAS is not in "
		                "config.yml's monitors; no roa alerts\n");
		return 0;
	}
	if (!now) {
		fprintf(stderr, "manrs monitor: note: --vrps-next: no event gave a data time; "
		                "no roa alerts\n");
		return 0;
	}
	struct rpki_set next;
	if (load_next(&next, next_path, e) < 0) {
		rpki_set_free(&next);
		return -1;
	}
	struct roa_pass r = {.cfg = cfg, .old = vrps, .cur = &next, .params = params, .now = now};
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts); /* latency from here, not from loading */
	*t0 = (double)ts.tv_sec + ts.tv_nsec / 1e9;
	int rc = pipeline_standing(p, now, roa_pass, &r, e);
	fprintf(stderr,
	        "manrs monitor: roa: %zu -> %zu VRPs at the end of the data: %u ROAs gone, %u "
	        "expiring within %u h\n",
	        vrps->nvrps, next.nvrps, r.gone, r.expiring, params->roa_expiration_alert_hours);
	rpki_set_free(&next);
	return rc;
}

/* SPDX-License-Identifier: ISC */
/* check_world.c - load what `manrs check` reads and replay the MRT data
 * through the monitor's pipeline in global mode (leak, moas, bogon): its
 * alerts, with first seen and resolution, are the filtering incidents. */
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"
#include "peeringdb/peeringdb.h"
#include "core/grow.h"
#include "core/progress.h"
#include "detect/as_rel.h"
#include "detect/input_mrt.h"
#include "detect/monitor_config.h"
#include "detect/pipeline.h"
#include "irr/irr_db.h"
#include "policy/bogon.h"

struct replay {
	struct check_world *w;
	struct pipeline *pl;
	struct progress prog;
	uint64_t events;
};

static int load_vrps(struct check_world *w, const char *path, struct err *e)
{
	rpki_set_init(&w->vrps);
	w->have_vrps = true;
	w->vrps.ignore_expires = true; /* judge the data's own time, as a replay does */
	if (rpki_set_load_file(&w->vrps, path, e) < 0)
		return -1;
	rpki_set_finish(&w->vrps);
	return rov_index_build(&w->rov, &w->vrps, e);
}

static void irr_warn(const struct err *wn, void *ctx)
{
	struct check_world *w = ctx;
	if (!w->irr_warnings++)
		ck_copy(w->irr_first_warning, sizeof w->irr_first_warning, wn->msg);
}

static int load_irr(struct check_world *w, const struct check_inputs *in, struct err *e)
{
	if (!(w->irr = irr_db_new()))
		return err_set(e, "out of memory");
	w->irr_paths = in->irr;
	w->nirr_paths = in->nirr;
	irr_db_set_warn(w->irr, irr_warn, w);
	for (size_t i = 0; i < in->nirr; i++)
		if (irr_db_load_file(w->irr, in->irr[i], NULL, e) < 0)
			return -1;
	return irr_db_finish(w->irr, e);
}

static int load_pdb(struct check_world *w, const struct check_inputs *in, struct err *e)
{
	if (!(w->pdb = pdb_new()))
		return err_set(e, "out of memory");
	for (size_t i = 0; i < in->npdb; i++)
		if (pdb_load_file(w->pdb, in->pdb[i], e) < 0)
			return -1;
	pdb_finish(w->pdb);
	return 0;
}

static int load_tables(struct check_world *w, const struct check_inputs *in, struct err *e)
{
	if (in->vrps && load_vrps(w, in->vrps, e) < 0)
		return -1;
	if (in->nirr && load_irr(w, in, e) < 0)
		return -1;
	if (in->asrel && (!(w->asrel = as_rel_new(e)) || as_rel_load(w->asrel, in->asrel, e) < 0))
		return -1;
	if (in->bogons && !(w->bogons = bogon_set_new(true, e)))
		return -1;
	if (in->npdb && load_pdb(w, in, e) < 0)
		return -1;
	if (in->spoofer && !(w->spoof = spoofer_load(in->spoofer, e)))
		return -1;
	return 0;
}

static void on_alert(void *arg, const struct alert *a)
{
	struct check_world *w = arg;
	size_t i = (size_t)a->id - 1; /* the pipeline numbers alerts 1, 2, ... */
	if (a->id == 0)
		return;
	if (i >= w->nalerts) {
		struct ck_alert *v = GROW(w->alerts, w->capalerts, i + 1);
		if (!v) {
			w->failed = true;
			return;
		}
		w->alerts = v;
		memset(&w->alerts[w->nalerts], 0, (i + 1 - w->nalerts) * sizeof *v);
		w->nalerts = i + 1;
	}
	struct ck_alert *c = &w->alerts[i];
	c->id = a->id;
	ck_copy(c->type, sizeof c->type, a->type);
	ck_copy(c->code, sizeof c->code, a->code);
	ck_copy(c->desc, sizeof c->desc, a->description);
	c->pfx = a->prefix;
	c->offender = a->offender_as;
	c->first = a->first_seen;
	c->last = a->last_seen;
	c->resolved = a->state == ALERT_RESOLVED ? a->resolved_at : 0;
}

static int on_event(void *arg, const struct route_event *ev, struct err *e)
{
	struct replay *r = arg;
	struct check_world *w = r->w;
	if (!w->data_start || ev->time < w->data_start)
		w->data_start = ev->time;
	if (ev->time > w->data_end)
		w->data_end = ev->time;
	if (ev->type == ROUTE_EV_ANNOUNCE &&
	    ck_routes_add(w, &ev->pfx, ev->path, ev->path_len, ev->origin) < 0)
		return err_set(e, "out of memory");
	if (pipeline_feed(r->pl, ev, e) < 0)
		return -1;
	if ((++r->events & 0xffff) == 0)
		progress_update(&r->prog, r->events);
	return w->failed ? err_set(e, "out of memory") : 0;
}

/* The pipeline in global mode, with the detectors whose data is loaded. */
static struct pipeline *make_pipeline(struct check_world *w, struct monitor_config *cfg,
                                      struct err *e)
{
	const char *names[4];
	int n = 0;
	if (w->asrel || (w->have_vrps && w->vrps.naspas))
		names[n++] = "leak";
	names[n++] = "moas";
	if (w->bogons)
		names[n++] = "bogon";
	names[n] = NULL;
	struct detect_ctx ctx = {.cfg = cfg,
	                         .rov = w->have_vrps ? &w->rov : NULL,
	                         .rpki = w->have_vrps ? &w->vrps : NULL,
	                         .bogons = w->bogons,
	                         .irr = w->irr,
	                         .asrel = w->asrel};
	return pipeline_new(&ctx, names, on_alert, w, e);
}

static int replay(struct check_world *w, const struct check_inputs *in, struct err *e)
{
	struct monitor_config *cfg = monitor_config_global(e);
	if (!cfg)
		return -1;
	/* the Observatory merges only overlapping events: a flap is a new incident */
	cfg->notification_interval_seconds = 0;
	struct replay r = {.w = w, .pl = make_pipeline(w, cfg, e)};
	struct input_mrt_opts mo = {
	    .rib = in->rib, .updates = in->updates, .n_updates = in->nupdates};
	struct input_mrt *im = r.pl ? input_mrt_new(&mo, e) : NULL;
	int rc = -1;
	if (im) {
		if (in->progress)
			progress_start(&r.prog, "routes read", 0);
		rc = input_mrt_run(im, on_event, &r, e);
		progress_end(&r.prog);
		pipeline_tick(r.pl, w->data_end);
		pipeline_finish(r.pl);
		struct input_mrt_stats st;
		input_mrt_get_stats(im, &st);
		w->problems = st.files_failed + st.warnings;
	}
	input_mrt_free(im);
	pipeline_free(r.pl);
	monitor_config_free(cfg);
	return rc < 0 || w->failed ? (w->failed ? err_set(e, "out of memory") : -1) : 0;
}

struct check_world *check_world_load(const struct check_inputs *in, struct err *e)
{
	struct check_world *w = calloc(1, sizeof *w);
	if (!w) {
		err_set(e, "out of memory");
		return NULL;
	}
	if (ck_hset_init(&w->route_set, sizeof(struct ck_route), 1024) < 0) {
		err_set(e, "out of memory");
		check_world_free(w);
		return NULL;
	}
	w->have_mrt = in->rib || in->nupdates;
	if (load_tables(w, in, e) < 0 || (w->have_mrt && replay(w, in, e) < 0) ||
	    ck_routes_finish(w, e) < 0 || ck_index(w, e) < 0) {
		check_world_free(w);
		return NULL;
	}
	return w;
}

void check_world_free(struct check_world *w)
{
	if (!w)
		return;
	if (w->have_vrps) {
		rov_index_free(&w->rov);
		rpki_set_free(&w->vrps);
	}
	irr_db_free(w->irr);
	as_rel_free(w->asrel);
	bogon_set_free(w->bogons);
	pdb_free(w->pdb);
	spoofer_free(w->spoof);
	ck_hset_free(&w->route_set);
	free(w->adjv);
	free(w->routes);
	free(w->origins);
	free(w->adj);
	free(w->alerts);
	free(w->alert_by_off);
	free(w->p2c);
	free(w);
}

void check_world_have(const struct check_world *w, struct check_have *h)
{
	memset(h, 0, sizeof *h);
	h->mrt = w->have_mrt;
	h->vrps = w->have_vrps;
	h->irr = w->irr != NULL;
	h->asrel = w->asrel != NULL;
	h->pdb = w->pdb != NULL;
	h->spoofer = w->spoof != NULL;
	h->bogons = w->bogons != NULL;
	h->mrt_problems = w->problems;
	h->vrps_rejected = w->have_vrps ? w->vrps.nrejected : 0;
	h->vrps_reject_msg = w->have_vrps ? w->vrps.reject_msg : "";
	h->irr_warnings = w->irr_warnings;
	h->irr_first_warning = w->irr_first_warning;
	h->data_start = w->data_start;
	h->data_end = w->data_end;
	h->nroutes = w->nroutes;
	h->nases = w->norigins;
	h->nalerts = w->nalerts;
}

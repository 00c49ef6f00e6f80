/* SPDX-License-Identifier: ISC */
/* monitor_data.c - the detectors' data, loaded once for the command and
 * the daemon. */
#include "detect/monitor_data.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void say(const struct monitor_data_opts *o, bool warning, const char *fmt, ...)
{
	if (!o->note)
		return;
	char text[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	o->note(o->note_arg, warning, text);
}

static int load_config(struct monitor_data *d, const struct monitor_data_opts *o, struct err *e)
{
	d->cfg = o->prefixes || o->config ? monitor_config_load(o->prefixes, o->config, e)
	                                  : monitor_config_global(e);
	if (!d->cfg)
		return -1;
	for (size_t i = 0; i < d->cfg->nnotes; i++)
		say(o, false, "note: %s", d->cfg->notes[i]);
	return 0;
}

/* VRPs past their "expires": a live stream drops them (as routers would);
 * a replay keeps them. Either way, say so. */
static int load_vrps(struct monitor_data *d, const struct monitor_data_opts *o, struct err *e)
{
	struct rpki_set *s = &d->vrps;
	rpki_set_init(s);
	d->have_vrps = true;
	s->ignore_expires = !o->live;
	if (rpki_set_load_file(s, o->vrps, e) < 0)
		return -1;
	rpki_set_finish(s);
	if (s->nrejected)
		say(o, true, "warning: %s: skipped %zu bad entr%s, first: %s", o->vrps,
		    s->nrejected, s->nrejected == 1 ? "y" : "ies", s->reject_msg);
	size_t past = 0;
	for (size_t i = 0; !o->live && i < s->nvrps; i++) {
		int64_t x = rpki_set_vrp_expires(s, i);
		past += x && x < (int64_t)time(NULL);
	}
	if (o->live && s->nexpired_vrps)
		say(o, false, "note: %s: dropped %zu VRPs past their \"expires\"", o->vrps,
		    s->nexpired_vrps);
	if (past)
		say(o, false,
		    "note: %s: %zu VRPs are past their \"expires\"; kept, as a replay judges the "
		    "data's own time",
		    o->vrps, past);
	if (rov_index_build(&d->rov, s, e) < 0)
		return -1;
	d->have_rov = true;
	return 0;
}

static int load_asrel(struct monitor_data *d, const struct monitor_data_opts *o, struct err *e)
{
	if (!(d->asrel = as_rel_new(e)) || as_rel_load(d->asrel, o->asrel, e) < 0)
		return -1;
	time_t t = (time_t)as_rel_date(d->asrel);
	struct tm tm;
	char day[16];
	if (t && gmtime_r(&t, &tm) && strftime(day, sizeof day, "%Y-%m-%d", &tm))
		say(o, false,
		    "note: %s: relationships of %s; leaks on data over a year away from it are "
		    "severity info",
		    o->asrel, day);
	return 0;
}

static int load_irr(struct monitor_data *d, const struct monitor_data_opts *o, struct err *e)
{
	if (!(d->irr = irr_db_new()))
		return err_set(e, "out of memory");
	for (size_t i = 0; i < o->nirr; i++)
		if (irr_db_load_file(d->irr, o->irr[i], NULL, e) < 0)
			return -1;
	return irr_db_finish(d->irr, e);
}

int monitor_data_load(struct monitor_data *d, const struct monitor_data_opts *o, struct err *e)
{
	memset(d, 0, sizeof *d);
	if (load_config(d, o, e) < 0)
		return -1;
	if (o->vrps && load_vrps(d, o, e) < 0)
		return -1;
	if (o->bogons && !(d->bogons = bogon_set_new(true, e)))
		return -1;
	if (o->asrel && load_asrel(d, o, e) < 0)
		return -1;
	if (o->nirr && load_irr(d, o, e) < 0)
		return -1;
	return 0;
}

struct detect_ctx monitor_data_ctx(const struct monitor_data *d)
{
	return (struct detect_ctx){.cfg = d->cfg,
	                           .rov = d->have_rov ? &d->rov : NULL,
	                           .rpki = d->have_vrps ? &d->vrps : NULL,
	                           .bogons = d->bogons,
	                           .irr = d->irr,
	                           .asrel = d->asrel};
}

void monitor_data_free(struct monitor_data *d)
{
	monitor_config_free(d->cfg);
	if (d->have_rov)
		rov_index_free(&d->rov);
	if (d->have_vrps)
		rpki_set_free(&d->vrps);
	bogon_set_free(d->bogons);
	as_rel_free(d->asrel);
	if (d->irr)
		irr_db_free(d->irr);
	memset(d, 0, sizeof *d);
}

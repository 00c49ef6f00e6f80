/* SPDX-License-Identifier: ISC */
/* check_filtering.c - Action 1 (filtering): M1/M1C route leaks, M2/M2C
 * hijacks, M3/M3C bogon prefixes, M4/M4C bogon ASNs, by the AS and by its
 * customers, from the monitor's alerts over the MRT data.
 *
 * MANRS measurement framework: an incident weighs 0.5 under 30 minutes, 1
 * under 24 hours, +1 for each further 24-hour period; events of one metric
 * whose time spans overlap are merged into one incident. */
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"
#include "core/grow.h"

double check_incident_weight(uint32_t seconds)
{
	if (seconds < 1800)
		return 0.5;
	if (seconds <= 86400)
		return 1;
	return 1 + (double)((seconds - 86400 + 86399) / 86400);
}

/* Which metric (by the AS itself) an alert counts for, or -1. */
static int metric_of(const struct ck_alert *a)
{
	if (!strcmp(a->type, "leak"))
		return CK_M1;
	if (!strcmp(a->type, "moas") || !strcmp(a->type, "hijack"))
		return CK_M2;
	if (!strcmp(a->type, "bogon"))
		return strstr(a->code, "asn") ? CK_M4 : CK_M3;
	return -1;
}

static int add_event(struct check_filter *f, size_t *cap, const struct ck_alert *a, uint32_t end)
{
	struct check_incident *v = GROW(f->inc, *cap, (size_t)f->nincidents + 1);
	if (!v)
		return -1;
	f->inc = v;
	struct check_incident *x = &f->inc[f->nincidents++];
	memset(x, 0, sizeof *x);
	x->start = a->first;
	x->end = end < a->first ? a->first : end;
	x->events = 1;
	char p[PREFIX_STRLEN];
	snprintf(x->what, sizeof x->what, "%s %s by AS%u: %.200s", a->type,
	         prefix_format(&a->pfx, p, sizeof p), a->offender, a->desc);
	f->events++;
	return 0;
}

static int cmp_inc(const void *a, const void *b)
{
	const struct check_incident *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

/* Merge overlapping events in place and weigh the incidents. */
static void merge(struct check_filter *f)
{
	if (!f->nincidents)
		return;
	qsort(f->inc, f->nincidents, sizeof *f->inc, cmp_inc);
	unsigned n = 0;
	for (unsigned i = 0; i < f->nincidents; i++) {
		struct check_incident *cur = n ? &f->inc[n - 1] : NULL;
		if (cur && f->inc[i].start <= cur->end) {
			if (f->inc[i].end > cur->end)
				cur->end = f->inc[i].end;
			cur->events++;
		} else {
			f->inc[n++] = f->inc[i];
		}
	}
	f->nincidents = n;
	f->weight = 0;
	for (unsigned i = 0; i < n; i++) {
		f->inc[i].weight = check_incident_weight(f->inc[i].end - f->inc[i].start);
		f->weight += f->inc[i].weight;
	}
}

/* The alerts of one offender into metric m (own) or m + 1 (a customer's). */
static int collect(const struct check_world *w, struct check_as *a, uint32_t offender,
                   bool customer, size_t *cap)
{
	size_t n;
	const uint64_t *idx = ck_alerts_of(w, offender, &n);
	for (size_t i = 0; i < n; i++) {
		const struct ck_alert *al = &w->alerts[(uint32_t)idx[i]];
		int m = metric_of(al);
		if (m < 0)
			continue;
		m += customer; /* the customer's metric follows the AS's own */
		uint32_t end = al->resolved ? al->resolved : w->data_end;
		if (add_event(&a->filt[m], &cap[m], al, end) < 0)
			return -1;
	}
	return 0;
}

int ck_filtering(const struct check_world *w, struct check_as *a, struct err *e)
{
	size_t cap[CK_NFILTER] = {0};
	if (collect(w, a, a->asn, false, cap) < 0)
		return err_set(e, "out of memory");
	for (size_t i = 0; i < a->ncustomers; i++)
		if (a->customers[i] != a->asn && collect(w, a, a->customers[i], true, cap) < 0)
			return err_set(e, "out of memory");
	for (int m = 0; m < CK_NFILTER; m++)
		merge(&a->filt[m]);
	return 0;
}

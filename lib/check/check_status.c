/* SPDX-License-Identifier: ISC */
/* check_status.c - from metric values to scores (0-100) and a status per
 * action. The Observatory publishes neither its score curves nor its
 * thresholds, so both are ours, documented in manrs-check(1):
 *   incident metrics (M1-M4C, M5, M5C): 100 / (1 + weight)
 *   M6: mean of the IRR part (100 when a contact resolves to a valid e-mail)
 *       and the PeeringDB part (100 public poc with e-mail and phone, 50 a
 *       valid e-mail only, 0 none)
 *   M7IRR: 100 x registered / announced
 *   M7RPKI: 100 x (valid - 10 x invalid) / announced, at least 0 (the
 *       Observatory's published formula)
 *   M8: 100 x neighbours named in import/export / neighbours
 * An action scores the lowest of its metrics that have data; ready at or
 * above its ready cut-off, aspiring at or above aspiring, else lagging. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check/check_internal.h"

static const char *metric_names[CKM_N] = {"M1",  "M1C", "M2",  "M2C", "M3",    "M3C",    "M4",
                                          "M4C", "M5",  "M5C", "M6",  "M7IRR", "M7RPKI", "M8"};
static const char *action_names[CK_NACTIONS] = {"filtering", "anti-spoofing", "coordination",
                                                "global-validation"};

const char *check_metric_name(enum check_metric_id m)
{
	return m < CKM_N ? metric_names[m] : "?";
}

enum check_action check_metric_action(enum check_metric_id m)
{
	if (m <= CKM_M4C)
		return CK_FILTERING;
	if (m <= CKM_M5C)
		return CK_ANTISPOOFING;
	return m == CKM_M6 ? CK_COORDINATION : CK_GLOBAL;
}

const char *check_action_name(enum check_action a)
{
	return a < CK_NACTIONS ? action_names[a] : "?";
}

const char *check_status_name(enum check_status s)
{
	static const char *n[] = {"no data", "lagging", "aspiring", "ready"};
	return s <= CK_READY ? n[s] : "?";
}

void check_cutoffs_default(struct check_cutoffs *c)
{
	for (int i = 0; i < CK_NACTIONS; i++) {
		c->ready[i] = 90;
		c->aspiring[i] = 50;
	}
}

int check_cutoffs_parse(struct check_cutoffs *c, const char *spec, struct err *e)
{
	const char *eq = strchr(spec, '=');
	char *end;
	if (!eq)
		return err_set(e, "--cutoff %s: expected ACTION=READY,ASPIRING", spec);
	double r = strtod(eq + 1, &end);
	if (*end != ',')
		return err_set(e, "--cutoff %s: expected ACTION=READY,ASPIRING", spec);
	double a = strtod(end + 1, &end);
	if (*end || r < 0 || r > 100 || a < 0 || a > r)
		return err_set(e, "--cutoff %s: need 0 <= ASPIRING <= READY <= 100", spec);
	size_t n = (size_t)(eq - spec);
	bool any = false;
	for (int i = 0; i < CK_NACTIONS; i++)
		if ((n == 3 && !strncasecmp(spec, "all", 3)) ||
		    (n == strlen(action_names[i]) && !strncasecmp(spec, action_names[i], n))) {
			c->ready[i] = r;
			c->aspiring[i] = a;
			any = true;
		}
	return any ? 0
	           : err_set(e,
	                     "--cutoff %s: unknown action (filtering, anti-spoofing, "
	                     "coordination, global-validation, all)",
	                     spec);
}

static double incident_score(double weight)
{
	return 100.0 / (1.0 + weight);
}

static double m6(const struct check_as *a, const struct check_have *h)
{
	double sum = 0;
	int n = 0;
	if (h->irr) {
		sum += a->irr_contact_ok ? 100 : 0;
		n++;
	}
	if (h->pdb) {
		bool email = false;
		for (unsigned i = 0; i < a->npocs; i++)
			email |= a->pocs[i].email_ok;
		sum += a->pdb_contact_ok ? 100 : email ? 50 : 0;
		n++;
	}
	return n ? sum / n : -1;
}

static double m7rpki(const struct check_as *a)
{
	double s = 100.0 * ((double)a->rov[1] - 10.0 * a->rov[2]) / (double)a->nroutes;
	return s < 0 ? 0 : s;
}

static double m8(const struct check_as *a)
{
	if (!a->autnum)
		return 0;
	if (!a->nneighbours)
		return a->policy ? 100 : 0;
	return 100.0 * a->documented / (double)a->nneighbours;
}

static void metrics(struct check_as *a, const struct check_have *h)
{
	bool leaks = h->mrt && h->asrel, cust = h->asrel;
	for (int m = 0; m < CK_NFILTER; m++) {
		bool ok = h->mrt && (m % 2 == 0 || cust) && (m > CK_M1C || leaks) &&
		          (m < CK_M3 || h->bogons);
		a->m[m] = ok ? incident_score(a->filt[m].weight) : -1;
	}
	a->m[CKM_M5] = a->spoof_data ? incident_score(a->spoof_prefixes_spoofable) : -1;
	a->m[CKM_M5C] = a->spoof_cust_data ? incident_score(a->spoof_cust_spoofable) : -1;
	a->m[CKM_M6] = m6(a, h);
	a->m[CKM_M7IRR] = h->irr && a->nroutes ? 100.0 * a->irr_registered / a->nroutes : -1;
	a->m[CKM_M7RPKI] = h->vrps && a->nroutes ? m7rpki(a) : -1;
	a->m[CKM_M8] = h->irr ? m8(a) : -1;
}

void ck_scores(struct check_as *a, const struct check_have *h, const struct check_cutoffs *c)
{
	metrics(a, h);
	for (int i = 0; i < CK_NACTIONS; i++)
		a->action_score[i] = -1;
	for (int m = 0; m < CKM_N; m++) {
		enum check_action act = check_metric_action((enum check_metric_id)m);
		if (a->m[m] >= 0 && (a->action_score[act] < 0 || a->m[m] < a->action_score[act]))
			a->action_score[act] = a->m[m];
	}
	for (int i = 0; i < CK_NACTIONS; i++) {
		double s = a->action_score[i];
		a->status[i] = s < 0                 ? CK_NODATA
		               : s >= c->ready[i]    ? CK_READY
		               : s >= c->aspiring[i] ? CK_ASPIRING
		                                     : CK_LAGGING;
	}
}

/* SPDX-License-Identifier: ISC */
/* check_out_text.c - the terminal summary: status per action, the metrics
 * with their evidence, what input was missing, the fix list. */
#include <string.h>

#include "check/check_out.h"

static void score(FILE *f, double s)
{
	if (s < 0)
		fprintf(f, "%6s", "-");
	else
		fprintf(f, "%6.1f", s);
}

static void header(FILE *f, const struct check_report *r, const struct check_as *a)
{
	char t0[32], t1[32];
	fprintf(f, "MANRS readiness of AS%u (data %s .. %s; %zu routes announced)\n", a->asn,
	        ck_time(r->have->data_start, t0, sizeof t0),
	        ck_time(r->have->data_end, t1, sizeof t1), a->nroutes);
	fprintf(f, "\n  %-20s %6s  %s\n", "action", "score", "status");
	for (int i = 0; i < CK_NACTIONS; i++) {
		fprintf(f, "  %-20s ", check_action_name((enum check_action)i));
		score(f, a->action_score[i]);
		fprintf(f, "  %s\n", check_status_name(a->status[i]));
	}
}

static void metrics(FILE *f, const struct check_report *r, const struct check_as *a)
{
	fprintf(f, "\n  %-7s %6s  %s\n", "metric", "score", "evidence");
	for (int m = 0; m < CKM_N; m++) {
		char ev[256];
		fprintf(f, "  %-7s ", check_metric_name((enum check_metric_id)m));
		score(f, a->m[m]);
		if (a->m[m] < 0)
			fprintf(f, "  no data: %s\n",
			        ck_metric_missing((enum check_metric_id)m, r->have));
		else {
			ck_evidence(a, (enum check_metric_id)m, ev, sizeof ev);
			fprintf(f, "  %s: %s\n", ck_metric_title((enum check_metric_id)m), ev);
		}
	}
}

static void fixes(FILE *f, const struct check_fixes *x, size_t limit)
{
	fprintf(f, "\nfix list (%zu, by impact):\n", x->n);
	for (size_t i = 0; i < x->n && i < limit; i++)
		fprintf(f, "  %2zu. [%s] %s\n", i + 1, check_fix_kind_name(x->v[i].kind),
		        x->v[i].text);
	if (x->n > limit)
		fprintf(f, "  ... %zu more (--json, --markdown or --html list them all)\n",
		        x->n - limit);
}

int check_out_text(FILE *f, const struct check_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		if (i)
			fputc('\n', f);
		header(f, r, &r->as[i]);
		metrics(f, r, &r->as[i]);
		fixes(f, &r->fixes[i], 20);
	}
	fprintf(f, "\ncut-offs ready/aspiring (ours, the Observatory publishes none; --cutoff):");
	for (int k = 0; k < CK_NACTIONS; k++)
		fprintf(f, "%s %s %g/%g", k ? "," : "", check_action_name((enum check_action)k),
		        r->cut->ready[k], r->cut->aspiring[k]);
	fputc('\n', f);
	return ferror(f) ? -1 : 0;
}

int check_out_rank_text(FILE *f, const struct check_rank *v, size_t n)
{
	fprintf(f, "%5s %-12s %6s %-14s %-14s %-14s %-14s %7s\n", "rank", "AS", "total",
	        "filtering", "spoofing", "coordination", "global", "routes");
	for (size_t i = 0; i < n; i++) {
		char as[16];
		snprintf(as, sizeof as, "AS%u", v[i].asn);
		fprintf(f, "%5zu %-12s %6.1f", i + 1, as, v[i].total);
		for (int k = 0; k < CK_NACTIONS; k++) {
			if (v[i].action_score[k] < 0)
				fprintf(f, " %-14s", "-");
			else
				fprintf(f, " %5.1f %-8s", v[i].action_score[k],
				        check_status_name(v[i].status[k]));
		}
		fprintf(f, " %7zu\n", v[i].nroutes);
	}
	return ferror(f) ? -1 : 0;
}

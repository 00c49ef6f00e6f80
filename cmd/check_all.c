/* SPDX-License-Identifier: ISC */
/* check_all.c - 'manrs check --all': every AS that originates a route,
 * ranked as the Observatory's tables are (best total first). */
#include <stdbool.h>
#include <stdlib.h>

#include "check/check.h"
#include "cmd.h"
#include "core/progress.h"

int check_rank_all(const struct check_world *w, const struct check_cutoffs *c, size_t top,
                   bool json);

static int cmp_rank(const void *x, const void *y)
{
	const struct check_rank *a = x, *b = y;
	if (a->total != b->total)
		return a->total < b->total ? 1 : -1;
	return (a->asn > b->asn) - (a->asn < b->asn);
}

static void rank_one(const struct check_as *a, struct check_rank *r)
{
	double sum = 0;
	int n = 0;
	r->asn = a->asn;
	r->nroutes = a->nroutes;
	for (int k = 0; k < CK_NACTIONS; k++) {
		r->action_score[k] = a->action_score[k];
		r->status[k] = a->status[k];
		if (a->action_score[k] >= 0) {
			sum += a->action_score[k];
			n++;
		}
	}
	r->total = n ? sum / n : 0;
}

int check_rank_all(const struct check_world *w, const struct check_cutoffs *c, size_t top,
                   bool json)
{
	size_t n;
	const uint32_t *asns = check_world_origins(w, &n);
	struct check_rank *v = calloc(n ? n : 1, sizeof *v);
	if (!v) {
		fprintf(stderr, "manrs check: out of memory\n");
		return EXIT_FINDINGS;
	}
	struct progress p;
	progress_start(&p, "ASes checked", n);
	struct err e;
	for (size_t i = 0; i < n; i++) {
		struct check_as a;
		if (check_as_compute(w, asns[i], c, &a, &e) < 0) {
			fprintf(stderr, "manrs check: %s\n", e.msg);
			check_as_free(&a);
			free(v);
			return EXIT_FINDINGS;
		}
		rank_one(&a, &v[i]);
		check_as_free(&a);
		if ((i & 255) == 0)
			progress_update(&p, i);
	}
	progress_end(&p);
	qsort(v, n, sizeof *v, cmp_rank);
	size_t shown = top && top < n ? top : n;
	int rc =
	    json ? check_out_rank_json(stdout, v, shown) : check_out_rank_text(stdout, v, shown);
	free(v);
	struct check_have h;
	check_world_have(w, &h);
	fprintf(stderr, "manrs check: %zu ASes ranked (%zu routes announced, %zu monitor alerts)\n",
	        n, h.nroutes, h.nalerts);
	return rc < 0 ? cmd_stdout_failed("check") : EXIT_OK;
}

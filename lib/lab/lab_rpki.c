/* SPDX-License-Identifier: ISC */
/* lab_rpki.c - who publishes ROAs and ASPAs, and the ROAs themselves.
 *
 * Coverage is deliberately partial (like the real RPKI): some ASes have no
 * ROAs (their routes are "not found"), some ROAs use maxLength to cover
 * traffic-engineering more-specifics, and only a subset publishes ASPAs. */
#include <stdlib.h>

#include "core/grow.h"
#include "lab/lab.h"

long lab_roa_add(struct lab *lab, const struct prefix *p, unsigned maxlen, uint32_t asn,
                 struct err *e)
{
	struct lab_roa *r = GROW(lab->roas, lab->caproas, lab->nroas + 1);
	if (!r)
		return err_set(e, "lab: out of memory");
	lab->roas = r;
	lab->roas[lab->nroas] = (struct lab_roa){.pfx = *p, .maxlen = (uint8_t)maxlen, .asn = asn};
	return (long)lab->nroas++;
}

/* True when route r is the /24 traffic-engineering more-specific that
 * lab_addr.c puts at x.y.1.0/24 inside a stub's /22. */
static bool is_te_specific(const struct lab_route *r)
{
	return r->pfx.family == 4 && r->pfx.len == 24 && r->pfx.addr[2] == 1;
}

int lab_rpki_build(struct lab *lab, struct err *e)
{
	static const unsigned roa_pct[] = {0, 85, 70, 55}, aspa_pct[] = {0, 30, 40, 25};
	for (size_t i = 0; i < lab->nas; i++) {
		struct lab_as *a = &lab->as[i];
		a->roa = lab_rand_pct(&lab->rng, roa_pct[a->tier]);
		a->aspa = lab_rand_pct(&lab->rng, aspa_pct[a->tier]);
	}
	/* Routes are stored grouped by origin, so a /22 is always followed by
	 * its own AS's more-specifics. */
	bool te_covered = false;
	/* One AS forgets that its ROA does not allow its traffic-engineering
	 * /24: a real, common misconfiguration (a ROV-invalid legitimate route). */
	int misconfig_skip = (int)lab_rand_below(&lab->rng, 3);
	bool misconfig_done = false;
	for (size_t k = 0; k < lab->nroutes; k++) {
		const struct lab_route *r = &lab->routes[k];
		const struct lab_as *a = &lab->as[r->origin];
		if (!a->roa)
			continue;
		unsigned maxlen = r->pfx.len;
		if (r->pfx.family == 4 && r->pfx.len == 22) {
			bool has_te = false;
			for (size_t j = k + 1; j < k + 3 && j < lab->nroutes; j++)
				if (lab->routes[j].origin == r->origin &&
				    is_te_specific(&lab->routes[j]))
					has_te = true;
			te_covered = has_te && lab_rand_pct(&lab->rng, 50);
			if (te_covered)
				maxlen = 24;
		} else if (is_te_specific(r) && te_covered) {
			continue; /* the /22's maxLength already allows it */
		} else if (is_te_specific(r) && !misconfig_done && misconfig_skip-- == 0) {
			misconfig_done = true;
			continue;
		} else if (r->pfx.family == 6 && r->pfx.len == 32 && lab_rand_pct(&lab->rng, 20)) {
			maxlen = 48;
		}
		if (lab_roa_add(lab, &r->pfx, maxlen, a->asn, e) < 0)
			return -1;
	}
	return 0;
}

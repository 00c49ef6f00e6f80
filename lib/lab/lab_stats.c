/* SPDX-License-Identifier: ISC */
/* lab_stats.c - counts that summaries and the README print. */
#include <string.h>

#include "lab/lab_truth.h"
#include "lab/lab_write.h"

void lab_stats(const struct lab *lab, struct lab_stats *s)
{
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < lab->nas; i++) {
		s->tier[lab->as[i].tier]++;
		s->aspas += lab->as[i].aspa;
	}
	for (size_t i = 0; i < lab->nlinks; i++)
		lab->links[i].rel < 0 ? s->p2c++ : s->p2p++;
	for (size_t r = 0; r < lab->nroutes; r++) {
		const struct lab_route *rt = &lab->routes[r];
		rt->pfx.family == 4 ? s->routes4++ : s->routes6++;
		s->irr_routes += rt->irr;
		uint8_t rov = lab_truth_rov(lab, &rt->pfx, lab->as[rt->origin].asn);
		for (size_t k = 0; k < lab->npeers; k++)
			if (lab->rib[r * lab->npeers + k].len) {
				s->rib_entries++;
				s->rib_rov[rov]++;
			}
	}
	s->roas = lab->nroas;
	for (size_t i = 0; i < lab->nev; i++) {
		const struct lab_event *ev = &lab->ev[i];
		s->updates += ev->type == LAB_EV_ANNOUNCE;
		s->withdrawals += ev->type == LAB_EV_WITHDRAW;
		s->states += ev->type == LAB_EV_STATE;
	}
}

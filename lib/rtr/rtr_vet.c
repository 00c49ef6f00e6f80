/* SPDX-License-Identifier: ISC */
/* rtr_vet.c - accept or refuse a reloaded VRP/ASPA set. */
#include "rtr/rtr_vet.h"

int rtr_reload_vet(const struct rpki_set *set, const struct rpki_set *served, unsigned max_shrink,
                   struct err *e)
{
	size_t n = set->nvrps + set->naspas;
	if (!n && set->nrejected)
		return err_set(e, "every entry was rejected (%zu; first: %s)", set->nrejected,
		               set->reject_msg);
	if (!served || max_shrink >= 100)
		return 0;
	size_t old = served->nvrps + served->naspas;
	if (n < old && (old - n) * 100 > old * max_shrink)
		return err_set(e,
		               "the new data has %zu VRPs+ASPAs, %zu%% fewer than the %zu "
		               "served (--max-shrink %u%%)",
		               n, (old - n) * 100 / old, old, max_shrink);
	return 0;
}

/* SPDX-License-Identifier: ISC */
/* sav.c - the method table: names, inputs each needs, and the entry point. */
#include <string.h>

#include "sav/sav_internal.h"

struct method_row {
	const char *name;
	const char *needs; /* 'r' RIB, 'v' RPKI, 'i' IRR */
	int (*run)(const struct sav_inputs *in, size_t nb, struct sav_plist *out, struct err *e);
};

static const struct method_row methods[SAV_METHOD_COUNT] = {
    [SAV_IRR] = {"irr", "i", sav_method_irr},
    [SAV_RPKI] = {"rpki", "v", sav_method_rpki},
    [SAV_STRICT] = {"strict", "r", sav_method_strict},
    [SAV_FEASIBLE] = {"feasible", "r", sav_method_feasible},
    [SAV_EFP_A] = {"efp-a", "r", sav_method_efp_a},
    [SAV_EFP_B] = {"efp-b", "r", sav_method_efp_b},
    [SAV_BAR_SAV] = {"bar-sav", "rv", sav_method_bar_sav},
};

int sav_method_parse(const char *s)
{
	for (int i = 0; i < SAV_METHOD_COUNT; i++)
		if (!strcmp(s, methods[i].name))
			return i;
	return -1;
}

const char *sav_method_name(enum sav_method m)
{
	return (unsigned)m < SAV_METHOD_COUNT ? methods[m].name : "?";
}

const char *sav_method_missing(enum sav_method m, const struct sav_inputs *in)
{
	const char *needs = methods[m].needs;
	if (strchr(needs, 'r') && !in->rib)
		return "a RIB (--rib FILE.mrt)";
	if (strchr(needs, 'v') && !in->rpki)
		return "VRPs and ASPAs (--rpki FILE)";
	if (strchr(needs, 'i') && !in->irr)
		return "an IRR database (--irr-db FILE)";
	return NULL;
}

int sav_compute(const struct sav_inputs *in, enum sav_method m, size_t nb, bool widen,
                struct sav_plist *out, struct err *e)
{
	const char *missing = sav_method_missing(m, in);
	sav_plist_clear(out);
	if (missing)
		return err_set(e, "method %s needs %s", methods[m].name, missing);
	if (nb >= in->conf->n)
		return err_set(e, "no neighbour %zu", nb);
	struct sav_inputs local = *in;
	struct sav_derived d = {0};
	if (in->rib && !in->derived) {
		if (sav_derive(in, &d, e) < 0)
			return -1;
		local.derived = &d;
	}
	int rc = methods[m].run(&local, nb, out, e);
	sav_derived_free(&d);
	if (rc < 0)
		return -1;
	sav_plist_aggregate(out, widen);
	return 0;
}

/* SPDX-License-Identifier: ISC */
/* sav_internal.h - helpers shared by the method files of lib/sav. */
#ifndef MANRS_SAV_INTERNAL_H
#define MANRS_SAV_INTERNAL_H

#include "sav/sav.h"

/* A sorted, unique set of AS numbers. */
struct sav_asns {
	uint32_t *v;
	size_t n, cap;
};

int sav_asns_add(struct sav_asns *s, uint32_t asn);
void sav_asns_sort(struct sav_asns *s);
bool sav_asns_has(const struct sav_asns *s, uint32_t asn);
void sav_asns_free(struct sav_asns *s);

/* The relation of the neighbour AS asn: the config's, else from as-rel,
 * else provider (a neighbour we know nothing about is not trusted). */
enum sav_relation sav_relation_of(const struct sav_inputs *in, uint32_t asn);

/* Append the prefixes of every route whose origin is in origins (all
 * neighbours). Returns 0 or -1. */
int sav_add_routed_by_origin(const struct sav_rib *rib, const struct sav_asns *origins,
                             struct sav_plist *out);

/* Append the ROA prefixes of every VRP whose AS is in asns. Returns 0 or -1. */
int sav_add_roas_by_asn(const struct rpki_set *rpki, const struct sav_asns *asns,
                        struct sav_plist *out);

/* The methods, each appending (unaggregated) to out. */
int sav_method_irr(const struct sav_inputs *in, size_t nb, struct sav_plist *out, struct err *e);
int sav_method_rpki(const struct sav_inputs *in, size_t nb, struct sav_plist *out, struct err *e);
int sav_method_strict(const struct sav_inputs *in, size_t nb, struct sav_plist *out, struct err *e);
int sav_method_feasible(const struct sav_inputs *in, size_t nb, struct sav_plist *out,
                        struct err *e);
int sav_method_efp_a(const struct sav_inputs *in, size_t nb, struct sav_plist *out, struct err *e);
int sav_method_efp_b(const struct sav_inputs *in, size_t nb, struct sav_plist *out, struct err *e);
int sav_method_bar_sav(const struct sav_inputs *in, size_t nb, struct sav_plist *out,
                       struct err *e);

#endif

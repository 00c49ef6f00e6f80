/* SPDX-License-Identifier: ISC */
/* lab_sav.h - the lab's anti-spoofing inputs: an operator AS (a transit
 * network with a multihomed customer), its sav.yml, and sav-rib.mrt, the
 * routes each of its neighbours sends it (valley-free, as lab_route.h
 * propagates them): what 'manrs sav' reads. */
#ifndef MANRS_LAB_SAV_H
#define MANRS_LAB_SAV_H

#include <stdio.h>

#include "lab/lab.h"

/* Index of the operator AS: the transit AS with a multihomed customer and
 * the most customers (lowest index on ties), else the AS with the most
 * customers; -1 when no AS has any. */
int lab_sav_operator(const struct lab *lab);

/* sav.yml: asn, then customers (interface ethN, as_set when they have a
 * cone), peers and providers, each with its relation. */
int lab_write_sav_yml(const struct lab *lab, FILE *f, struct err *e);

/* sav-rib.mrt: TABLE_DUMP_V2 of the operator's Adj-RIBs-In, one peer per
 * neighbour. */
int lab_write_sav_rib_mrt(const struct lab *lab, const char *path, struct err *e);

#endif

/* SPDX-License-Identifier: ISC */
/* dialect.h - one name per router dialect across every export (bogon
 * filters, IRR filters, VRPs): ios, iosxr, junos, bird, openbgpd, json...
 * Older and vendor spellings (cisco, juniper, bird2, openbgp) stay as
 * aliases. */
#ifndef MANRS_OUT_DIALECT_H
#define MANRS_OUT_DIALECT_H

#include <stddef.h>

/* The canonical dialect name for name (an alias or already canonical,
 * case-insensitive), or name itself when it is unknown here. */
const char *out_dialect_canonical(const char *name);

/* Store in out (at most max) the other names that stand for the canonical
 * dialect name, in table order. Returns how many there are. */
size_t out_dialect_aliases(const char *name, const char **out, size_t max);

#endif

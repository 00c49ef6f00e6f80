/* dialect.h - one name per router dialect across every export (bogon
 * filters, IRR filters, VRPs): ios, iosxr, junos, bird, openbgpd, json...
 * Older and vendor spellings (cisco, juniper, bird2, openbgp) stay as
 * aliases. */
#ifndef MANRS_OUT_DIALECT_H
#define MANRS_OUT_DIALECT_H

/* The canonical dialect name for name (an alias or already canonical,
 * case-insensitive), or name itself when it is unknown here. */
const char *out_dialect_canonical(const char *name);

#endif

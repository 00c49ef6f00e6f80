/* SPDX-License-Identifier: ISC */
/* rpki_out.h - write a finished VRP/ASPA set for routers that read files.
 * One writer per format, one file per writer (lib/out/rpki_out_FORMAT.c),
 * all listed in a table so adding a format is adding one file and one row. */
#ifndef MANRS_OUT_RPKI_OUT_H
#define MANRS_OUT_RPKI_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rpki/rpki_set.h"

struct rpki_out_opts {
	int family;        /* 0 = both, 4 or 6 */
	const char *name;  /* table / set name where a format has one */
	uint32_t local_as; /* for formats configured under "router bgp N" */
	int64_t now;       /* unix time of the export (metadata) */
	int aspa;          /* also write ASPAs where the format is optional about
	                    * them (OpenBGPD before 8.0 refuses aspa-set) */
};

struct rpki_writer {
	const char *name;
	const char *summary;
	/* Write s to f. Returns 0, or -1 when a write failed (ferror). */
	int (*write)(FILE *f, const struct rpki_set *s, const struct rpki_out_opts *o);
};

/* The writer called name (aliases included), or NULL. */
const struct rpki_writer *rpki_writer_find(const char *name);

/* Other names of w (up to max into out); returns how many. */
size_t rpki_writer_aliases(const struct rpki_writer *w, const char **out, size_t max);

/* All writers; returns how many. */
size_t rpki_writers(const struct rpki_writer *const **tab);

/* True when v passes o's family filter. */
static inline int rpki_out_want(const struct rpki_out_opts *o, const struct vrp *v)
{
	return o->family == 0 || o->family == v->family;
}

/* Format the prefix of v ("192.0.2.0/24") into buf (>= PREFIX_STRLEN). */
char *rpki_out_prefix(const struct vrp *v, char *buf, size_t n);

/* Trust anchor name of v ("" when unknown). */
const char *rpki_out_ta(const struct rpki_set *s, const struct vrp *v);

/* Write s for a line-oriented text output: control characters (a newline
 * in a trust anchor name from a JSON file) become \xNN, so a value can never
 * start a line of its own. */
void rpki_out_text(FILE *f, const char *s);

/* Write s as one CSV field: quoted per RFC 4180 when it holds a comma, a
 * quote or edge spaces; control characters become \xNN as in rpki_out_text. */
void rpki_out_csv_field(FILE *f, const char *s);

/* Writers, one per file. */
extern const struct rpki_writer rpki_writer_bird, rpki_writer_bird1, rpki_writer_openbgpd,
    rpki_writer_csv, rpki_writer_json, rpki_writer_junos, rpki_writer_iosxr;

#endif

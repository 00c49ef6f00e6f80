/* SPDX-License-Identifier: ISC */
/* rpki_load.h - internal interface between the set and its format loaders. */
#ifndef MANRS_RPKI_LOAD_H
#define MANRS_RPKI_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/reader.h"
#include "core/jlex.h"
#include "rpki/rpki_set.h"

/* What detection tries, for "not a VRP file" errors. */
#define RPKI_FORMATS_TRIED                                                                         \
	"rpki-client JSON, Routinator JSON, StayRTR JSON, SLURM, CSV, BIRD and OpenBGPD "          \
	"roa config"

/* Drop VRPs from index nvrps and ASPAs from naspas on (rollback). */
void rpki_set_truncate(struct rpki_set *s, size_t nvrps, size_t naspas);

/* Most providers one ASPA may list in JSON input (rpki-client refuses ASPA
 * objects with this many or more, so real exports stay below); a longer
 * list fails the file with its name and line, before growing any further. */
#define RPKI_MAX_ASPA_PROVIDERS 10000

/* Parse one JSON document (any supported dialect, SLURM included) from lx
 * into s. slurm_only rejects documents that are not SLURM. The caller rolls
 * back on -1. */
int rpki_json_load(struct rpki_set *s, struct jlex *lx, int slurm_only);

/* Lines from a reader or from a memory buffer, for line-oriented formats. */
struct rpki_lines {
	struct reader *r;
	const char *p, *end; /* buffer mode */
	char *line;          /* buffer mode: copy of the current line */
	size_t cap;
	unsigned long lineno;
	const char *name;
};

/* Next line (without newline) into *line; 1, 0 at end, -1 on error. */
int rpki_lines_next(struct rpki_lines *ls, char **line, struct err *e);

/* Parse CSV VRPs (header optional) into s. The caller rolls back on -1. */
int rpki_csv_load(struct rpki_set *s, struct rpki_lines *ls, struct err *e);

/* Parse BIRD 1/2 or OpenBGPD ROA configuration lines into s. */
int rpki_conf_load(struct rpki_set *s, struct rpki_lines *ls, struct err *e);

/* True when the text starts like a BIRD or OpenBGPD ROA file. */
int rpki_conf_detect(const uint8_t *b, size_t n);

/* SLURM filters collected while parsing, applied when the document ends. */
struct slurm_prefix_filter {
	struct prefix prefix;
	uint32_t asn;
	uint8_t has_prefix, has_asn;
	long stat; /* index in the collected counts (rpki_slurm.h), -1 none */
};

struct slurm_filters {
	struct slurm_stats *stats; /* the set's slurm_stats, NULL none */
	struct slurm_prefix_filter *pf;
	size_t npf, pf_cap;
	uint32_t *aspa_customers;
	size_t nac, ac_cap;
	long *ac_stat; /* per ASPA filter, as slurm_prefix_filter.stat */
	size_t acs_cap;
};

/* Parse the "validationOutputFilters" object (its '{' already read).
 * strict (a file given as SLURM): RFC 8416 members only, all required ones
 * present, errors name the JSON path; else unknown members are skipped. */
int slurm_parse_filters(struct slurm_filters *f, struct jlex *lx, int strict);

/* Parse "locallyAddedAssertions" (its '{' already read) into s; strict as
 * for slurm_parse_filters (a bad prefix assertion fails the file). */
int slurm_parse_assertions(struct rpki_set *s, struct jlex *lx, int strict);

/* Remove from s's first nvrps VRPs and naspas ASPAs what f filters out;
 * entries after those (this file's assertions) are kept and moved down.
 * Returns 0, or -1 on allocation failure with s unchanged. */
int slurm_apply_filters(struct rpki_set *s, const struct slurm_filters *f, size_t nvrps,
                        size_t naspas);

/* Free the filter lists. */
void slurm_filters_free(struct slurm_filters *f);

/* Parse one ROA-like object (its '{' read): asn, prefix, maxLength (or
 * maxPrefixLength), ta/tal/source; adds the VRP to s. */
int rpki_json_roa(struct rpki_set *s, struct jlex *lx);

/* Parse one ASPA-like object (its '{' read) in any known dialect and add it. */
int rpki_json_aspa(struct rpki_set *s, struct jlex *lx);

/* Skip a bad entry: count it in s and keep the first message; in strict
 * mode fail instead. Returns 0 (skipped) or -1. */
int rpki_reject(struct rpki_set *s, struct jlex *lx, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Count a skipped entry of a line-oriented file (first message kept). */
void rpki_note_reject(struct rpki_set *s, const char *name, unsigned long line, const char *msg);

/* Parse a prefix string strictly and fast; returns 0 or -1. */
int rpki_parse_prefix(const char *str, struct prefix *p);

#endif

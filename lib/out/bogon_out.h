/* SPDX-License-Identifier: ISC */
/* bogon_out.h - bogon filters for routers: one writer per format, in a table.
 * Each writer gets the prefix ranges of one family at a time (from
 * bogon_set_ranges) and the reserved ASN ranges. */
#ifndef MANRS_OUT_BOGON_OUT_H
#define MANRS_OUT_BOGON_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/json_writer.h"
#include "policy/bogon.h"

/* Output state shared by one export run. */
struct bogon_out {
	FILE *f;
	int sections;            /* parts written so far */
	struct json_writer json; /* the JSON writer's state between calls */
	/* What a writer wrote, for its end() (Junos: per family index 4 and 6,
	 * bit 1 "orlonger" and bit 2 exact prefix-list; index 0 the AS-path). */
	int written[7];
};

struct bogon_writer {
	const char *name;
	const char *summary;
	void (*begin)(struct bogon_out *o); /* may be NULL */
	void (*prefixes)(struct bogon_out *o, int family, const struct bogon_range *r, size_t n);
	void (*asns)(struct bogon_out *o, const struct bogon_asn_range *r, size_t n);
	void (*end)(struct bogon_out *o); /* may be NULL */
};

/* The writer called name (or an alias: see out/dialect.h), or NULL. */
const struct bogon_writer *bogon_writer_find(const char *name);

/* All writers; returns how many. */
size_t bogon_writers(const struct bogon_writer *const **tab);

/* Writers, one per file (lib/out/bogon_FORMAT.c). */
extern const struct bogon_writer bogon_writer_bird, bogon_writer_openbgpd, bogon_writer_junos,
    bogon_writer_ios, bogon_writer_iosxr, bogon_writer_json, bogon_writer_plain;

/* Write "lo".."hi" as alternatives of a regex over decimal numbers, e.g.
 * 64496..64511 -> "6449[6-9]|450[0-9]|..." joined with sep (used by the
 * formats whose AS-path filters only take regular expressions). Returns the
 * number of alternatives written. */
size_t bogon_range_regex(FILE *f, uint32_t lo, uint32_t hi, const char *sep);

#endif

/* SPDX-License-Identifier: ISC */
/* bogon.h - bogon prefixes and ASNs: the IANA special-purpose registries
 * built in, plus operator lists (Team Cymru fullbogons, Spamhaus DROP) loaded
 * from files.
 *
 * A prefix is a bogon when it is equal to or more specific than a bogon
 * range, or when bogon ranges fill it completely. The built-in table also holds special-purpose
 * entries that IANA marks globally reachable (AS112, TEREDO, AMT...) so that a more specific
 * legitimate block inside a bogon range (2001:4:112::/48 inside 2001::/23) is not flagged: the most
 * specific built-in entry decides. A prefix listed in a loaded file is always a bogon, whatever the
 * built-ins say. */
#ifndef MANRS_POLICY_BOGON_H
#define MANRS_POLICY_BOGON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/prefix.h"
#include "core/trie.h"

/* One special-purpose block. name and ref point into static or set-owned
 * strings that live as long as the set. */
struct bogon_entry {
	struct prefix prefix;
	const char *name;   /* "Private-Use", "Documentation (TEST-NET-1)", ... */
	const char *ref;    /* "RFC 1918", or the file name for a loaded list */
	unsigned long line; /* line in the file for a loaded list, else 0 */
	bool bogon;         /* false: special-purpose but globally reachable */
	bool from_file;
};

/* A reserved ASN range, inclusive. */
struct bogon_asn_range {
	uint32_t lo, hi;
	const char *name;
	const char *ref;
};

/* What bogon_check_prefix found. */
struct bogon_verdict {
	bool bogon;
	/* The entry that decided (the most specific covering one), or NULL when
	 * no entry covers the prefix. When !bogon and entry != NULL the prefix
	 * is special-purpose but globally reachable. */
	const struct bogon_entry *entry;
	/* Bogon entries strictly inside the prefix (a covering announcement
	 * such as 192.0.0.0/16 is not a bogon but overlaps them). */
	size_t covers;
	const struct bogon_entry *first_covered;
	/* Bogon because the ranges inside it fill it completely (224.0.0.0/3 =
	 * 224/4 + 240/4); entry is then the first of them. */
	bool composite;
	/* The prefix is a default route (0.0.0.0/0 or ::/0): never matched
	 * against the tables; bogon only when the set says so (see
	 * bogon_set_default_is_bogon). */
	bool default_route;
};

struct bogon_set;

/* A built-in prefix entry as written in lib/policy/bogon_table.c. */
struct bogon_builtin {
	const char *prefix, *name, *ref;
	bool bogon;
};

/* Built-in tables (lib/policy/bogon_table.c), in prefix order (IPv4 first)
 * and ASN order. Return the number of rows. */
size_t bogon_builtin_prefixes(const struct bogon_builtin **tab);
size_t bogon_builtin_asns(const struct bogon_asn_range **tab);

/* A new set holding the built-in prefix table when builtin is true, else
 * empty. Returns NULL with e set on allocation failure. */
struct bogon_set *bogon_set_new(bool builtin, struct err *e);

/* Free the set and everything it owns; NULL is allowed. */
void bogon_set_free(struct bogon_set *s);

/* Load a list: one prefix per line, '#' or ';' starts a comment, blank lines
 * ignored (Team Cymru and Spamhaus DROP formats). Compressed files are read
 * transparently. Returns the number of prefixes added, or -1 with e naming
 * the file and line of the first bad prefix. */
long bogon_set_load(struct bogon_set *s, const char *path, struct err *e);

/* Add one prefix as a bogon with the given name and reference (copied).
 * Returns 0 or -1 on allocation failure. */
int bogon_set_add(struct bogon_set *s, const struct prefix *p, const char *name, const char *ref,
                  struct err *e);

/* Make default routes (0.0.0.0/0, ::/0) bogons (on) or not (off, the
 * default): both families are treated alike. */
void bogon_set_default_is_bogon(struct bogon_set *s, bool on);

/* Number of entries (bogon or not) in the set. */
size_t bogon_set_count(const struct bogon_set *s);

/* Classify p; fills v. Returns v->bogon. */
bool bogon_check_prefix(const struct bogon_set *s, const struct prefix *p, struct bogon_verdict *v);

/* The reserved range holding asn, or NULL when asn is a normal public ASN. */
const struct bogon_asn_range *bogon_check_asn(uint32_t asn);

/* Index of the first bogon ASN in path[0..n), or -1 when the path is clean. */
long bogon_check_path(const uint32_t *path, size_t n);

/* A line of a filter: prefixes between prefix.len and le (inclusive) that
 * are covered by prefix. le == prefix.len means exact match only. */
struct bogon_range {
	struct prefix prefix;
	uint8_t le;
	const struct bogon_entry *entry; /* why; for comments in the output */
};

/* Turn the set into filter ranges for a family (4 or 6), honouring the
 * globally reachable exceptions no longer than /24 (IPv4) or /48 (IPv6): a
 * bogon range holding such an exception is split around it, because every
 * router already drops longer announcements. The ranges are in prefix order
 * and never overlap one another in what they match. Returns the number of
 * ranges stored in *out (caller frees), or -1 with e set. */
long bogon_set_ranges(const struct bogon_set *s, int family, struct bogon_range **out,
                      struct err *e);

#endif

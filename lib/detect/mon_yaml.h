/* SPDX-License-Identifier: ISC */
/* mon_yaml.h - a libyaml document read the way BGPalerter's js-yaml reads
 * it: plain scalars resolved by the YAML 1.2 core schema (null, bool, int,
 * float, else string), quoted scalars always strings, duplicate keys an
 * error. Every error names file, line and column ("FILE:LINE:COL: ...").
 *
 * Used by the monitor's configuration loaders (prefixes.yml, config.yml). */
#ifndef MANRS_MON_YAML_H
#define MANRS_MON_YAML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <yaml.h>

#include "core/err.h"

struct mon_yaml {
	yaml_document_t doc;
	bool loaded;
	const char *file; /* for messages */
	struct err *e;
	size_t budget; /* node visits left: aliases cannot make a walk explode */
};

enum mon_yaml_kind { MY_NULL, MY_BOOL, MY_INT, MY_FLOAT, MY_STR, MY_SEQ, MY_MAP };

/* Parse buf (n bytes) as one YAML document named file. An empty document
 * loads with a NULL root. Returns 0, or -1 with e set (syntax errors with
 * line and column, more than one document). */
int mon_yaml_load(struct mon_yaml *y, const char *buf, size_t n, const char *file, struct err *e);

/* Release the document; safe on a failed or zeroed y. */
void mon_yaml_free(struct mon_yaml *y);

/* The root node, or NULL for an empty document. */
yaml_node_t *mon_yaml_root(struct mon_yaml *y);

/* The node with id (from a pair or a sequence item). */
yaml_node_t *mon_yaml_node(struct mon_yaml *y, int id);

/* Set y->e to "FILE:LINE:COL: message" at node n. Returns -1. */
int mon_yaml_error(struct mon_yaml *y, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Count one visit against the budget; -1 with an error when spent. */
int mon_yaml_visit(struct mon_yaml *y, const yaml_node_t *n);

/* What n is, resolved as js-yaml would. */
enum mon_yaml_kind mon_yaml_kind(const yaml_node_t *n);

/* "null", "boolean", "integer", "number", "string", "list", "mapping". */
const char *mon_yaml_kind_name(enum mon_yaml_kind k);

/* The text of a scalar node ("" for others). */
const char *mon_yaml_text(const yaml_node_t *n);

/* n must be a mapping: checks that every key is a scalar, none repeats and
 * each is in known (NULL-terminated; NULL known = any key). what names the
 * mapping in messages ("prefix 192.0.2.0/24"). Returns 0 or -1. */
int mon_yaml_check_map(struct mon_yaml *y, const yaml_node_t *n, const char *what,
                       const char *const *known);

/* The value node of key in mapping n, or NULL. */
yaml_node_t *mon_yaml_get(struct mon_yaml *y, const yaml_node_t *n, const char *key);

/* A boolean value (true/false in any YAML 1.2 spelling). */
int mon_yaml_bool(struct mon_yaml *y, const yaml_node_t *n, const char *what, bool *out);

/* A non-negative integer no larger than max. */
int mon_yaml_uint(struct mon_yaml *y, const yaml_node_t *n, const char *what, uint64_t max,
                  uint64_t *out);

/* A string, or a number taken as its text (BGPalerter accepts both for
 * descriptions); *out is malloc'ed. */
int mon_yaml_string(struct mon_yaml *y, const yaml_node_t *n, const char *what, char **out);

/* An AS number as BGPalerter's AS model takes it: an integer or a string of
 * digits, 0..4294967295 (no "AS" prefix). */
int mon_yaml_asn(struct mon_yaml *y, const yaml_node_t *n, const char *what, uint32_t *out);

#endif

/* SPDX-License-Identifier: ISC */
/* rpsl.h - streaming RPSL parser (RFC 2622, RFC 4012).
 *
 * A push parser: feed it lines (from a reader, a buffer or a socket) and it
 * hands each complete object to a callback. Objects are separated by blank
 * lines; an attribute is "key: value", continued on following lines that
 * start with a space, a tab or '+'. Keys are case-insensitive (given to the
 * callback in lower case); '#' starts a comment that runs to the end of the
 * line; lines starting with '%' or '#' are comment lines (whois banners).
 * Malformed lines give a warning with file and line and are skipped: the rest
 * of the object is kept. The parser never prints. */
#ifndef MANRS_RPSL_H
#define MANRS_RPSL_H

#include <stddef.h>

#include "core/err.h"

struct reader;

/* One attribute: key in lower case, value trimmed, comments removed and
 * continuation lines joined with a single space. Both NUL-terminated. */
struct rpsl_attr {
	const char *key;
	const char *value;
	unsigned long line; /* line of the attribute's first line */
};

/* One object, valid only during the callback. */
struct rpsl_object {
	const char *cls; /* class = key of the first attribute ("route", "as-set") */
	const char *key; /* value of the first attribute */
	const struct rpsl_attr *attrs;
	size_t nattrs;
	const char *text; /* raw lines as read (comments kept), each ending in '\n' */
	size_t text_len;
	const char *file;   /* name given to the parser */
	unsigned long line; /* first line of the object */
};

/* Called for every complete object; return nonzero to stop parsing (the
 * value is returned by the feeding function). */
typedef int (*rpsl_object_fn)(const struct rpsl_object *o, void *ctx);

/* Called for every warning (malformed line or object); w names file and line. */
typedef void (*rpsl_warn_fn)(const struct err *w, void *ctx);

struct rpsl_parser;

/* Create a parser for input called name (used in warnings). warn may be
 * NULL. Returns NULL on allocation failure. */
struct rpsl_parser *rpsl_parser_new(const char *name, rpsl_object_fn fn, rpsl_warn_fn warn,
                                    void *ctx);

/* Free the parser; NULL is allowed. */
void rpsl_parser_free(struct rpsl_parser *p);

/* An object larger than this is skipped with a warning naming its file and
 * first line, before its buffer grows further: real aut-nums reach a few
 * MiB, anything far beyond is a broken file without blank lines. */
#define RPSL_MAX_OBJECT (64u << 20)

/* Feed one line without its newline (a trailing '\r' is dropped) as line
 * number lineno. Returns 0, the callback's nonzero value, or -1 with e set
 * (allocation failure). An object over RPSL_MAX_OBJECT is skipped with a
 * warning, not an error. */
int rpsl_parser_line(struct rpsl_parser *p, const char *line, size_t len, unsigned long lineno,
                     struct err *e);

/* End of input: flush the last object. Returns like rpsl_parser_line. */
int rpsl_parser_end(struct rpsl_parser *p, struct err *e);

/* Number of warnings so far. */
unsigned long rpsl_parser_warnings(const struct rpsl_parser *p);

/* Parse a whole reader (plain or compressed). Returns 0, the callback's
 * nonzero value, or -1 with e set on a read error. */
int rpsl_parse_reader(struct reader *r, rpsl_object_fn fn, rpsl_warn_fn warn, void *ctx,
                      struct err *e);

/* Parse a memory buffer (need not be NUL-terminated). Returns like above. */
int rpsl_parse_buffer(const char *buf, size_t len, const char *name, rpsl_object_fn fn,
                      rpsl_warn_fn warn, void *ctx, struct err *e);

/* First value of attribute key (lower case) in o, or NULL. */
const char *rpsl_object_get(const struct rpsl_object *o, const char *key);

/* Split a list value ("AS1, AS2 AS-FOO") into items separated by commas
 * and/or white space. Calls fn(item, len, ctx) for each; stops and returns
 * its value if nonzero. */
int rpsl_split_list(const char *value, int (*fn)(const char *item, size_t len, void *ctx),
                    void *ctx);

#endif

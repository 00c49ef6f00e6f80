/* SPDX-License-Identifier: ISC */
/* jlex.h - a small streaming JSON tokenizer for the RPKI loaders.
 *
 * A global VRP file is ~80 MB of JSON; a DOM (jansson) costs seconds and
 * hundreds of MB for it. This pull tokenizer reads through lib/core/reader
 * in chunks (or from a memory buffer), keeps only the current token, and
 * counts lines so every error can name file and line. */
#ifndef MANRS_RPKI_JLEX_H
#define MANRS_RPKI_JLEX_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/reader.h"

enum jtok {
	JT_ERROR = -1,
	JT_EOF = 0,
	JT_LBRACE,
	JT_RBRACE,
	JT_LBRACK,
	JT_RBRACK,
	JT_COLON,
	JT_COMMA,
	JT_STRING,
	JT_NUMBER,
	JT_TRUE,
	JT_FALSE,
	JT_NULL,
};

#define JLEX_TOKMAX 1024 /* longer strings are kept truncated (flagged) */
#define JLEX_MAXDEPTH 64 /* nesting limit when skipping unknown values */

struct jlex {
	const uint8_t *p, *end; /* current window */
	struct reader *r;       /* NULL when lexing a memory buffer */
	size_t window;          /* bytes of the reader window to consume on refill */
	const char *name;       /* for error messages */
	unsigned long line;
	struct err *e;
	char tok[JLEX_TOKMAX + 1]; /* string (unescaped) or number text, NUL-terminated */
	size_t toklen;
	int truncated; /* the string did not fit in tok */
	int failed;
	int strict; /* a bad entry fails the load instead of being skipped */
};

/* Lex from an open reader (not closed by the lexer). */
void jlex_init_reader(struct jlex *lx, struct reader *r, const char *name, struct err *e);

/* Lex from a memory buffer that outlives the lexer. */
void jlex_init_buffer(struct jlex *lx, const void *buf, size_t n, const char *name, struct err *e);

/* Next token. JT_STRING/JT_NUMBER leave their text in lx->tok. On JT_ERROR
 * lx->e names the file and line. */
enum jtok jlex_next(struct jlex *lx);

/* Set an error at the current line (printf style). Returns -1. */
int jlex_fail(struct jlex *lx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Skip one whole value whose first token t was already read. Returns 0/-1. */
int jlex_skip(struct jlex *lx, enum jtok t);

/* Walk an object whose '{' was read: returns 1 with the key in lx->tok and
 * the ':' consumed, 0 at '}', -1 on error. *first must start at 1. */
int jlex_obj_next(struct jlex *lx, int *first);

/* Walk an array whose '[' was read: returns 1 with the first token of the
 * next element in *t, 0 at ']', -1 on error. *first must start at 1. */
int jlex_arr_next(struct jlex *lx, int *first, enum jtok *t);

/* Interpret token t as an unsigned integer <= max (number, or a string of
 * digits when allow_string). Returns 0 or -1 with an error naming what. */
int jlex_uint(struct jlex *lx, enum jtok t, uint64_t max, uint64_t *v, const char *what);

/* Interpret token t as an AS number: 64496, "64496" or "AS64496". */
int jlex_asn(struct jlex *lx, enum jtok t, uint32_t *asn, const char *what);

/* True when the next non-space byte is c (does not consume it). */
int jlex_peek_is(struct jlex *lx, int c);

#endif

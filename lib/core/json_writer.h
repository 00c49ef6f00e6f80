/* SPDX-License-Identifier: ISC */
/* json_writer.h - streaming JSON writer that tracks commas and nesting.
 *
 * Values go into a text buffer (struct mrt_buf) through inline appends, so
 * the writer is fit for per-route hot paths. A writer either owns its buffer
 * and flushes it to a FILE * as it fills (json_writer_init_file), or appends
 * to a caller's buffer that the caller flushes (json_writer_init_buf).
 *
 * The writer puts the comma before every item after the first in a
 * container; layout (spaces, newlines, indentation) is the caller's, through
 * json_ws and json_sep, so each output keeps its own exact format. Errors
 * (out of memory, nesting deeper than JSON_MAX_DEPTH, a failed write) are
 * sticky: nothing more reaches the file and json_writer_finish returns -1. */
#ifndef MANRS_JSON_WRITER_H
#define MANRS_JSON_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/mrt_buf.h"

#define JSON_MAX_DEPTH 16

struct json_writer {
	struct mrt_buf *b;             /* text is appended here */
	struct mrt_buf own;            /* b for a writer made by json_writer_init_file */
	char space[4096];              /* own's memory unless one value needs more */
	FILE *f;                       /* where a full buffer goes; NULL: the caller flushes b */
	bool spaced_colon;             /* "key": value rather than "key":value */
	bool after_key;                /* the next value belongs to the key just written */
	bool failed;                   /* sticky error */
	int depth;                     /* open containers */
	bool more[JSON_MAX_DEPTH + 1]; /* a comma goes before the next item here */
};

/* Write to f through a buffer the writer owns. Finish with
 * json_writer_finish. */
void json_writer_init_file(struct json_writer *w, FILE *f);

/* Append to b, which the caller flushes and frees. */
void json_writer_init_buf(struct json_writer *w, struct mrt_buf *b);

/* Write "key": value (with a space) instead of "key":value from now on. */
static inline void json_spaced_colon(struct json_writer *w, bool on)
{
	w->spaced_colon = on;
}

/* Flush to the file (if any) and free the owned buffer. Returns 0, or -1 when
 * any call failed (out of memory, too deep, write error: errno tells). */
int json_writer_finish(struct json_writer *w);

/* Slow path of json_room: flush or grow. Returns 0 or -1 (failed set). */
int json_writer_grow(struct json_writer *w, size_t n);

/* Make room for n bytes. Returns false when there is none. After an error
 * text may still go into the buffer, but none of it reaches the file: the
 * fast path tests only the room, which per-route output needs. */
static inline bool json_room(struct json_writer *w, size_t n)
{
	return w->b->cap - w->b->len >= n || json_writer_grow(w, n) == 0;
}

/* Put the comma an item needs (room for one byte must be reserved). */
static inline void json_comma(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->more[w->depth])
		mrt_buf_putc(w->b, ',');
	w->more[w->depth] = true;
}

/* Open an object or an array (c is '{' or '['). */
void json_begin(struct json_writer *w, char c);

/* Close the innermost container (c is '}' or ']'). */
void json_end(struct json_writer *w, char c);

static inline void json_begin_object(struct json_writer *w)
{
	json_begin(w, '{');
}

static inline void json_end_object(struct json_writer *w)
{
	json_end(w, '}');
}

static inline void json_begin_array(struct json_writer *w)
{
	json_begin(w, '[');
}

static inline void json_end_array(struct json_writer *w)
{
	json_end(w, ']');
}

/* An object member's key, written as given: a literal that needs no
 * escaping (use json_key_string for data). */
static inline void json_key(struct json_writer *w, const char *k)
{
	size_t n = strlen(k);
	if (!json_room(w, n + 5))
		return;
	json_comma(w);
	mrt_buf_putc(w->b, '"');
	mrt_buf_put(w->b, k, n);
	mrt_buf_put(w->b, "\": ", w->spaced_colon ? 3 : 2);
	w->after_key = true;
}

/* An object member's key taken from data (escaped). */
void json_key_string(struct json_writer *w, const char *k);

/* A string value, escaped (quotes, backslashes, control characters). */
void json_str(struct json_writer *w, const char *s);

/* The n bytes of s as an escaped string value. */
void json_strn(struct json_writer *w, const char *s, size_t n);

static inline void json_u32(struct json_writer *w, uint32_t v)
{
	if (!json_room(w, 11))
		return;
	json_comma(w);
	mrt_buf_u32(w->b, v);
}

/* A string value the caller knows needs no escaping (names from a table,
 * addresses, prefixes), written without scanning it. */
static inline void json_string_plain(struct json_writer *w, const char *s)
{
	size_t n = strlen(s);
	if (!json_room(w, n + 3))
		return;
	json_comma(w);
	mrt_buf_putc(w->b, '"');
	mrt_buf_put(w->b, s, n);
	mrt_buf_putc(w->b, '"');
}

/* Unsigned and signed 64-bit integers. */
void json_u64(struct json_writer *w, uint64_t v);
void json_i64(struct json_writer *w, int64_t v);

/* A number with a fixed count of decimals, as printf's "%.*f". */
void json_fixed(struct json_writer *w, double v, int decimals);

void json_bool(struct json_writer *w, bool v);
void json_null_value(struct json_writer *w);

/* A value written exactly as given: the caller vouches that text is valid
 * JSON (a number, or a string with its quotes and escapes). */
void json_verbatim(struct json_writer *w, const char *text);

/* Start a value the caller appends to the returned buffer itself, at most
 * n bytes, with the mrt_buf_* helpers (NULL after an error). The text must
 * be valid JSON, like json_verbatim's. */
static inline struct mrt_buf *json_value_buf(struct json_writer *w, size_t n)
{
	if (!json_room(w, n + 1))
		return NULL;
	json_comma(w);
	return w->b;
}

/* Layout: write ws (whitespace, or any text that is no item) as is. */
void json_ws(struct json_writer *w, const char *ws);

/* Layout between items: put the pending comma now, then ws, so that a
 * separator such as ",\n    " comes out with the comma first. */
void json_sep(struct json_writer *w, const char *ws);

#endif

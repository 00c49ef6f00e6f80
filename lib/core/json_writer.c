/* SPDX-License-Identifier: ISC */
/* json_writer.c - the out-of-line parts of the JSON writer. */
#include "core/json_writer.h"

#include <inttypes.h>

/* Only the fields in use are set: a writer made per JSON line must not
 * clear its 4 KiB of space each time. */
static void init(struct json_writer *w, struct mrt_buf *b, FILE *f)
{
	w->b = b;
	w->f = f;
	w->spaced_colon = w->after_key = w->failed = false;
	w->depth = 0;
	w->more[0] = false;
}

void json_writer_init_buf(struct json_writer *w, struct mrt_buf *b)
{
	init(w, b, NULL);
}

void json_writer_init_file(struct json_writer *w, FILE *f)
{
	init(w, &w->own, f);
	w->own = (struct mrt_buf){w->space, 0, sizeof w->space};
}

static int fail(struct json_writer *w)
{
	w->failed = true;
	return -1;
}

int json_writer_grow(struct json_writer *w, size_t n)
{
	if (w->failed)
		return -1;
	if (w->f) {
		if (mrt_buf_flush(w->b, w->f) < 0)
			return fail(w);
		if (w->b->cap >= n)
			return 0;
		if (w->b->p == w->space) /* one value larger than space: go to the heap */
			w->own = (struct mrt_buf){0};
	}
	return mrt_buf_reserve(w->b, n) < 0 ? fail(w) : 0;
}

int json_writer_finish(struct json_writer *w)
{
	if (w->f && !w->failed && mrt_buf_flush(w->b, w->f) < 0)
		fail(w);
	if (w->b == &w->own && w->own.p != w->space)
		mrt_buf_free(&w->own);
	return w->failed ? -1 : 0;
}

void json_begin(struct json_writer *w, char c)
{
	if (!json_room(w, 2))
		return;
	if (w->depth == JSON_MAX_DEPTH) {
		fail(w);
		return;
	}
	json_comma(w);
	mrt_buf_putc(w->b, c);
	w->more[++w->depth] = false;
}

void json_end(struct json_writer *w, char c)
{
	if (!json_room(w, 1))
		return;
	if (w->depth == 0) {
		fail(w);
		return;
	}
	w->depth--;
	w->after_key = false;
	mrt_buf_putc(w->b, c);
}

/* Append s escaped and quoted; room for 6 bytes per input byte plus the
 * quotes and a comma is reserved by the caller. */
static void put_escaped(struct mrt_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	mrt_buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"':
			mrt_buf_put(b, "\\\"", 2);
			break;
		case '\\':
			mrt_buf_put(b, "\\\\", 2);
			break;
		case '\n':
			mrt_buf_put(b, "\\n", 2);
			break;
		case '\r':
			mrt_buf_put(b, "\\r", 2);
			break;
		case '\t':
			mrt_buf_put(b, "\\t", 2);
			break;
		default:
			if (c < 0x20) {
				mrt_buf_put(b, "\\u00", 4);
				mrt_buf_putc(b, hex[c >> 4]);
				mrt_buf_putc(b, hex[c & 15]);
			} else {
				mrt_buf_putc(b, (char)c);
			}
		}
	}
	mrt_buf_putc(b, '"');
}

void json_strn(struct json_writer *w, const char *s, size_t n)
{
	if (n > (SIZE_MAX - 8) / 6) {
		fail(w);
		return;
	}
	if (!json_room(w, 6 * n + 3))
		return;
	json_comma(w);
	put_escaped(w->b, s, n);
}

void json_str(struct json_writer *w, const char *s)
{
	json_strn(w, s, strlen(s));
}

void json_key_string(struct json_writer *w, const char *k)
{
	json_str(w, k);
	if (!json_room(w, 2))
		return;
	mrt_buf_put(w->b, ": ", w->spaced_colon ? 2 : 1);
	w->after_key = true;
}

/* A value formatted by snprintf into at most 32 bytes. */
#define PUT_FORMATTED(w, ...)                                                                      \
	do {                                                                                       \
		if (!json_room(w, 33))                                                             \
			return;                                                                    \
		json_comma(w);                                                                     \
		int len_ = snprintf((w)->b->p + (w)->b->len, 33, __VA_ARGS__);                     \
		if (len_ < 0 || len_ >= 33)                                                        \
			fail(w);                                                                   \
		else                                                                               \
			(w)->b->len += (size_t)len_;                                               \
	} while (0)

void json_u64(struct json_writer *w, uint64_t v)
{
	if (v <= UINT32_MAX) { /* ids and counters almost always: no printf */
		json_u32(w, (uint32_t)v);
		return;
	}
	PUT_FORMATTED(w, "%" PRIu64, v);
}

void json_i64(struct json_writer *w, int64_t v)
{
	PUT_FORMATTED(w, "%" PRId64, v);
}

void json_fixed(struct json_writer *w, double v, int decimals)
{
	PUT_FORMATTED(w, "%.*f", decimals, v);
}

void json_verbatim(struct json_writer *w, const char *text)
{
	size_t n = strlen(text);
	if (!json_room(w, n + 1))
		return;
	json_comma(w);
	mrt_buf_put(w->b, text, n);
}

void json_bool(struct json_writer *w, bool v)
{
	json_verbatim(w, v ? "true" : "false");
}

void json_null_value(struct json_writer *w)
{
	json_verbatim(w, "null");
}

void json_ws(struct json_writer *w, const char *ws)
{
	size_t n = strlen(ws);
	if (json_room(w, n))
		mrt_buf_put(w->b, ws, n);
}

void json_sep(struct json_writer *w, const char *ws)
{
	if (!json_room(w, 1))
		return;
	if (w->more[w->depth])
		mrt_buf_putc(w->b, ',');
	w->more[w->depth] = false;
	json_ws(w, ws);
}

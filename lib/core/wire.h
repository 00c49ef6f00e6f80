/* SPDX-License-Identifier: ISC */
/* wire.h - bounds-checked cursors for big-endian wire formats.
 *
 * Every codec reads and writes bytes through these, so no parser does its
 * own offset arithmetic or byte shifting (OpenBSD's ibuf is the model).
 *
 * Reading: struct wire_cur walks [p, end) and never touches memory past
 * end. A read that does not fit consumes nothing, records the offset of the
 * failure (relative to the cursor's base, the start of the buffer it was
 * made over) and empties the cursor, so every later read fails too: a run
 * of reads may be checked once at the end. The failure offset is recorded
 * in one place (wire_fail_at) and wire_err() puts it into a struct err.
 *
 * Writing: struct wire_buf fills a caller's fixed buffer and latches an
 * overflow flag instead of writing past cap, so an encoder can write a
 * whole message and check once. */
#ifndef MANRS_WIRE_H
#define MANRS_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/err.h"

/* No failure recorded. */
#define WIRE_NO_FAIL SIZE_MAX

/* A read cursor over [p, end); offsets count from base. */
struct wire_cur {
	const uint8_t *p;
	const uint8_t *end;
	const uint8_t *base;
	size_t fail; /* offset of the first failure, WIRE_NO_FAIL if none */
};

/* A cursor over the n bytes at p (p may be NULL when n is 0); offsets
 * count from p. */
static inline struct wire_cur wire_cur_make(const uint8_t *p, size_t n)
{
	struct wire_cur c = {p, n ? p + n : p, p, WIRE_NO_FAIL};
	return c;
}

/* Bytes left to read. */
static inline size_t wire_left(const struct wire_cur *c)
{
	return (size_t)(c->end - c->p);
}

/* Offset of the next byte to read, counted from base. */
static inline size_t wire_offset(const struct wire_cur *c)
{
	return (size_t)(c->p - c->base);
}

/* True when no read or check on c has failed. */
static inline bool wire_ok(const struct wire_cur *c)
{
	return c->fail == WIRE_NO_FAIL;
}

/* Offset of the first failure (WIRE_NO_FAIL when none). */
static inline size_t wire_fail_offset(const struct wire_cur *c)
{
	return c->fail;
}

/* Record a failure at offset off (from base) unless one is recorded
 * already, and empty the cursor. The only place a failure offset is set.
 * Returns false so callers can `return wire_fail_at(...)`. */
static inline bool wire_fail_at(struct wire_cur *c, size_t off)
{
	if (c->fail == WIRE_NO_FAIL)
		c->fail = off;
	c->end = c->p;
	return false;
}

/* Record a failure at the current position (e.g. a field whose value is
 * wrong rather than short). Returns false. */
static inline bool wire_fail(struct wire_cur *c)
{
	return wire_fail_at(c, wire_offset(c));
}

/* True when n more bytes can be read; records a failure otherwise. */
static inline bool wire_need(struct wire_cur *c, size_t n)
{
	if ((size_t)(c->end - c->p) < n)
		return wire_fail(c);
	return true;
}

/* Big-endian loads from memory the caller has already bounds-checked. */
static inline uint16_t wire_load_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t wire_load_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t wire_load_u64(const uint8_t *p)
{
	return (uint64_t)wire_load_u32(p) << 32 | wire_load_u32(p + 4);
}

/* Read one byte into *v. False (nothing consumed) if none is left. */
static inline bool wire_get_u8(struct wire_cur *c, uint8_t *v)
{
	if (!wire_need(c, 1))
		return false;
	*v = *c->p++;
	return true;
}

/* Read a big-endian 16-bit value. */
static inline bool wire_get_u16(struct wire_cur *c, uint16_t *v)
{
	if (!wire_need(c, 2))
		return false;
	*v = wire_load_u16(c->p);
	c->p += 2;
	return true;
}

/* Read a big-endian 32-bit value. */
static inline bool wire_get_u32(struct wire_cur *c, uint32_t *v)
{
	if (!wire_need(c, 4))
		return false;
	*v = wire_load_u32(c->p);
	c->p += 4;
	return true;
}

/* Read a big-endian 64-bit value. */
static inline bool wire_get_u64(struct wire_cur *c, uint64_t *v)
{
	if (!wire_need(c, 8))
		return false;
	*v = wire_load_u64(c->p);
	c->p += 8;
	return true;
}

/* Borrow n bytes: *out points into the buffer, valid as long as it is. */
static inline bool wire_get_bytes(struct wire_cur *c, size_t n, const uint8_t **out)
{
	if (!wire_need(c, n))
		return false;
	*out = c->p;
	c->p += n;
	return true;
}

/* Copy n bytes into dst. */
static inline bool wire_get_copy(struct wire_cur *c, void *dst, size_t n)
{
	if (!wire_need(c, n))
		return false;
	if (n)
		memcpy(dst, c->p, n);
	c->p += n;
	return true;
}

/* Skip n bytes. */
static inline bool wire_skip(struct wire_cur *c, size_t n)
{
	if (!wire_need(c, n))
		return false;
	c->p += n;
	return true;
}

/* Split off the next n bytes as a sub-cursor. The sub-cursor shares c's
 * base, so its offsets (and failure offset) count from the same origin. */
static inline bool wire_sub(struct wire_cur *c, size_t n, struct wire_cur *sub)
{
	if (!wire_need(c, n))
		return false;
	sub->p = c->p;
	sub->end = c->p + n;
	sub->base = c->base;
	sub->fail = WIRE_NO_FAIL;
	c->p += n;
	return true;
}

/* Peek at a big-endian value off bytes ahead without consuming. False (and
 * no failure recorded) when it does not fit: peeking is a question. */
static inline bool wire_peek_u8(const struct wire_cur *c, size_t off, uint8_t *v)
{
	if (wire_left(c) < off || wire_left(c) - off < 1)
		return false;
	*v = c->p[off];
	return true;
}

static inline bool wire_peek_u16(const struct wire_cur *c, size_t off, uint16_t *v)
{
	if (wire_left(c) < off || wire_left(c) - off < 2)
		return false;
	*v = wire_load_u16(c->p + off);
	return true;
}

static inline bool wire_peek_u32(const struct wire_cur *c, size_t off, uint32_t *v)
{
	if (wire_left(c) < off || wire_left(c) - off < 4)
		return false;
	*v = wire_load_u32(c->p + off);
	return true;
}

/* Set e (may be NULL) to the message with e->offset (has_offset set) the
 * offset of c's first failure, or its current offset when nothing failed.
 * The message carries no location prefix; callers add file names or shift
 * the offset. Returns -1. */
int wire_err(const struct wire_cur *c, struct err *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Like wire_err, with an explicit offset: for errors that name the start of
 * a field or element (saved with wire_offset) rather than the byte where a
 * read ran short. Returns -1. */
int wire_err_at(size_t off, struct err *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A write buffer over caller memory; overflow latches instead of writing. */
struct wire_buf {
	uint8_t *buf;
	size_t cap;
	size_t len;
	bool overflow;
};

/* A write buffer over the cap bytes at buf. */
static inline struct wire_buf wire_buf_make(uint8_t *buf, size_t cap)
{
	struct wire_buf w = {buf, cap, 0, false};
	return w;
}

/* True when everything written so far fitted. */
static inline bool wire_buf_ok(const struct wire_buf *w)
{
	return !w->overflow;
}

/* Reserve n bytes and return where they start, or NULL (overflow latched)
 * when they do not fit. The caller fills them. */
static inline uint8_t *wire_put_reserve(struct wire_buf *w, size_t n)
{
	if (w->overflow || w->cap - w->len < n) {
		w->overflow = true;
		return NULL;
	}
	uint8_t *o = w->buf + w->len;
	w->len += n;
	return o;
}

/* Append n bytes (or latch overflow). */
static inline void wire_put_bytes(struct wire_buf *w, const void *p, size_t n)
{
	uint8_t *o = wire_put_reserve(w, n);
	if (o && n)
		memcpy(o, p, n);
}

/* Append n zero bytes. */
static inline void wire_put_zero(struct wire_buf *w, size_t n)
{
	uint8_t *o = wire_put_reserve(w, n);
	if (o && n)
		memset(o, 0, n);
}

/* Big-endian stores into memory the caller has already bounds-checked. */
static inline void wire_store_u16(uint8_t *o, uint16_t v)
{
	o[0] = (uint8_t)(v >> 8);
	o[1] = (uint8_t)v;
}

static inline void wire_store_u32(uint8_t *o, uint32_t v)
{
	o[0] = (uint8_t)(v >> 24);
	o[1] = (uint8_t)(v >> 16);
	o[2] = (uint8_t)(v >> 8);
	o[3] = (uint8_t)v;
}

/* Append one byte. */
static inline void wire_put_u8(struct wire_buf *w, uint8_t v)
{
	uint8_t *o = wire_put_reserve(w, 1);
	if (o)
		*o = v;
}

/* Append a big-endian 16-bit value. */
static inline void wire_put_u16(struct wire_buf *w, uint16_t v)
{
	uint8_t *o = wire_put_reserve(w, 2);
	if (o)
		wire_store_u16(o, v);
}

/* Append a big-endian 32-bit value. */
static inline void wire_put_u32(struct wire_buf *w, uint32_t v)
{
	uint8_t *o = wire_put_reserve(w, 4);
	if (o)
		wire_store_u32(o, v);
}

/* Append a big-endian 64-bit value. */
static inline void wire_put_u64(struct wire_buf *w, uint64_t v)
{
	wire_put_u32(w, (uint32_t)(v >> 32));
	wire_put_u32(w, (uint32_t)v);
}

/* Overwrite one byte at offset off (a length reserved earlier); does
 * nothing after an overflow or past len. */
static inline void wire_patch_u8(struct wire_buf *w, size_t off, uint8_t v)
{
	if (!w->overflow && off < w->len)
		w->buf[off] = v;
}

/* Overwrite a 16-bit value at offset off (a length reserved earlier);
 * does nothing after an overflow or past len. */
static inline void wire_patch_u16(struct wire_buf *w, size_t off, uint16_t v)
{
	if (!w->overflow && off <= w->len && w->len - off >= 2)
		wire_store_u16(w->buf + off, v);
}

/* Overwrite a 32-bit value at offset off. */
static inline void wire_patch_u32(struct wire_buf *w, size_t off, uint32_t v)
{
	if (!w->overflow && off <= w->len && w->len - off >= 4)
		wire_store_u32(w->buf + off, v);
}

#endif

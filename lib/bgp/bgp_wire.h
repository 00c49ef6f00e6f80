/* bgp_wire.h - bounds-checked cursors for reading and writing wire formats.
 *
 * Reading: struct bgp_cur never reads past end; every getter reports failure
 * instead of touching memory it does not own. Writing: struct bgp_wbuf fills
 * a caller's fixed buffer and latches an overflow flag, so encoders can write
 * a whole message and check once at the end. */
#ifndef MANRS_BGP_WIRE_H
#define MANRS_BGP_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A read cursor over [p, end). */
struct bgp_cur {
	const uint8_t *p;
	const uint8_t *end;
};

/* A cursor over n bytes at p. */
static inline struct bgp_cur bgp_cur_make(const uint8_t *p, size_t n)
{
	struct bgp_cur c = {p, p + n};
	return c;
}

/* Bytes left. */
static inline size_t bgp_cur_left(const struct bgp_cur *c)
{
	return (size_t)(c->end - c->p);
}

/* Read one byte into *v. Returns false (nothing consumed) if none is left. */
static inline bool bgp_cur_u8(struct bgp_cur *c, uint8_t *v)
{
	if (c->end - c->p < 1)
		return false;
	*v = *c->p++;
	return true;
}

/* Read a big-endian 16-bit value. */
static inline bool bgp_cur_u16(struct bgp_cur *c, uint16_t *v)
{
	if (c->end - c->p < 2)
		return false;
	*v = (uint16_t)(c->p[0] << 8 | c->p[1]);
	c->p += 2;
	return true;
}

/* Read a big-endian 32-bit value. */
static inline bool bgp_cur_u32(struct bgp_cur *c, uint32_t *v)
{
	if (c->end - c->p < 4)
		return false;
	*v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 | (uint32_t)c->p[2] << 8 | c->p[3];
	c->p += 4;
	return true;
}

/* Borrow n bytes: *out points into the buffer. */
static inline bool bgp_cur_bytes(struct bgp_cur *c, size_t n, const uint8_t **out)
{
	if ((size_t)(c->end - c->p) < n)
		return false;
	*out = c->p;
	c->p += n;
	return true;
}

/* Split off the next n bytes as a sub-cursor. */
static inline bool bgp_cur_sub(struct bgp_cur *c, size_t n, struct bgp_cur *sub)
{
	const uint8_t *p;
	if (!bgp_cur_bytes(c, n, &p))
		return false;
	*sub = bgp_cur_make(p, n);
	return true;
}

/* Big-endian loads from memory the caller has already bounds-checked. */
static inline uint16_t bgp_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t bgp_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A write buffer over caller memory; overflow latches instead of writing. */
struct bgp_wbuf {
	uint8_t *buf;
	size_t cap;
	size_t len;
	bool overflow;
};

/* A write buffer over cap bytes at buf. */
static inline struct bgp_wbuf bgp_wbuf_make(uint8_t *buf, size_t cap)
{
	struct bgp_wbuf w = {buf, cap, 0, false};
	return w;
}

/* Append n bytes (or latch overflow). */
static inline void bgp_put(struct bgp_wbuf *w, const void *p, size_t n)
{
	if (w->overflow || w->cap - w->len < n) {
		w->overflow = true;
		return;
	}
	if (n)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static inline void bgp_put8(struct bgp_wbuf *w, uint8_t v)
{
	bgp_put(w, &v, 1);
}

static inline void bgp_put16(struct bgp_wbuf *w, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
	bgp_put(w, b, 2);
}

static inline void bgp_put32(struct bgp_wbuf *w, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
	bgp_put(w, b, 4);
}

/* Overwrite a 16-bit value at offset off (a length reserved earlier). */
static inline void bgp_patch16(struct bgp_wbuf *w, size_t off, uint16_t v)
{
	if (!w->overflow && off + 2 <= w->len) {
		w->buf[off] = (uint8_t)(v >> 8);
		w->buf[off + 1] = (uint8_t)v;
	}
}

/* Overwrite a 32-bit value at offset off. */
static inline void bgp_patch32(struct bgp_wbuf *w, size_t off, uint32_t v)
{
	if (!w->overflow && off + 4 <= w->len) {
		w->buf[off] = (uint8_t)(v >> 24);
		w->buf[off + 1] = (uint8_t)(v >> 16);
		w->buf[off + 2] = (uint8_t)(v >> 8);
		w->buf[off + 3] = (uint8_t)v;
	}
}

/* Append a prefix in NLRI form: length byte then ceil(len/8) address bytes. */
static inline void bgp_put_nlri(struct bgp_wbuf *w, uint8_t len, const uint8_t *addr)
{
	bgp_put8(w, len);
	bgp_put(w, addr, (size_t)(len + 7) / 8);
}

#endif

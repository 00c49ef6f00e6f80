/* SPDX-License-Identifier: ISC */
/* mrt_buf.h - a growable output buffer for fast text formatting.
 *
 * Formatters append with the inline helpers below after reserving room;
 * callers flush it to a file when it grows past a threshold. This keeps
 * printf out of per-route hot paths. */
#ifndef MANRS_MRT_BUF_H
#define MANRS_MRT_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct mrt_buf {
	char *p;
	size_t len;
	size_t cap;
};

/* Make room for n more bytes. Returns 0, or -1 when out of memory. */
int mrt_buf_reserve(struct mrt_buf *b, size_t n);

/* Write the contents to f and empty the buffer. Returns 0 or -1 (errno). */
int mrt_buf_flush(struct mrt_buf *b, FILE *f);

/* Release memory. */
void mrt_buf_free(struct mrt_buf *b);

/* Unchecked appends: callers reserve first. */
static inline void mrt_buf_put(struct mrt_buf *b, const void *s, size_t n)
{
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static inline void mrt_buf_putc(struct mrt_buf *b, char c)
{
	b->p[b->len++] = c;
}

static inline void mrt_buf_puts(struct mrt_buf *b, const char *s)
{
	mrt_buf_put(b, s, strlen(s));
}

/* Decimal unsigned (at most 10 characters). */
static inline char *mrt_fmt_u32(char *o, uint32_t v);
static inline void mrt_buf_u32(struct mrt_buf *b, uint32_t v)
{
	b->len = (size_t)(mrt_fmt_u32(b->p + b->len, v) - b->p);
}

/* Decimal signed (at most 11 characters). */
static inline void mrt_buf_i32(struct mrt_buf *b, int32_t v)
{
	if (v < 0) {
		mrt_buf_putc(b, '-');
		mrt_buf_u32(b, (uint32_t)0 - (uint32_t)v);
	} else {
		mrt_buf_u32(b, (uint32_t)v);
	}
}

/* Dotted quad (at most 15 characters). */
static inline void mrt_buf_ipv4(struct mrt_buf *b, const uint8_t *a)
{
	for (int i = 0; i < 4; i++) {
		if (i)
			mrt_buf_putc(b, '.');
		mrt_buf_u32(b, a[i]);
	}
}

/* Cursor-style writers for hot paths: they take and return the write
 * position, so the compiler keeps it in a register instead of reloading
 * the buffer struct after every byte (char stores may alias anything). */
static inline char *mrt_fmt_mem(char *o, const void *s, size_t n)
{
	memcpy(o, s, n);
	return o + n;
}

static inline char *mrt_fmt_str(char *o, const char *s)
{
	return mrt_fmt_mem(o, s, strlen(s));
}

/* Two digits at a time from a table: halves the divisions per number. */
extern const char mrt_digits2[200];

static inline char *mrt_fmt_u32(char *o, uint32_t v)
{
	char t[10];
	int i = 10;
	while (v >= 100) {
		uint32_t r = v % 100;
		v /= 100;
		t[--i] = mrt_digits2[2 * r + 1];
		t[--i] = mrt_digits2[2 * r];
	}
	if (v >= 10) {
		t[--i] = mrt_digits2[2 * v + 1];
		t[--i] = mrt_digits2[2 * v];
	} else {
		t[--i] = (char)('0' + v);
	}
	return mrt_fmt_mem(o, t + i, (size_t)(10 - i));
}

static inline char *mrt_fmt_ipv4(char *o, const uint8_t *a)
{
	for (int i = 0; i < 4; i++) {
		uint8_t v = a[i];
		if (v >= 100) {
			*o++ = (char)('0' + v / 100);
			*o++ = (char)('0' + v / 10 % 10);
		} else if (v >= 10) {
			*o++ = (char)('0' + v / 10);
		}
		*o++ = (char)('0' + v % 10);
		*o++ = '.';
	}
	return o - 1;
}

/* IPv6 text as inet_ntop writes it (at most 45 characters). */
void mrt_buf_ipv6(struct mrt_buf *b, const uint8_t *a);

#endif

/* SPDX-License-Identifier: ISC */
/* grow.h - the one place heap arrays are (re)sized, overflow-checked.
 *
 * Every array that grows calls grow() (or GROW() for the common shape); the
 * few that need an exact size (shrink to fit, a buffer sized to its input)
 * call resize(). Both return the new pointer instead of writing through a
 * void ** (that cast from T ** is undefined under strict aliasing), and on
 * failure return NULL leaving the old block and the capacity untouched, so
 * the caller still owns and frees what it had:
 *
 *	struct x *v = GROW(s->v, s->cap, s->n + 1);
 *	if (!v)
 *		return -1;   (s->v still valid, s->cap unchanged)
 *	s->v = v;
 *
 * Growth doubles the capacity (from GROW_FIRST when it is 0) until it holds
 * need elements, so appending one at a time costs amortized O(1). */
#ifndef MANRS_GROW_H
#define MANRS_GROW_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* First capacity, in elements, of an array grown from empty. */
#define GROW_FIRST 16

/* Resize p to exactly n elements of elem bytes (n == 0 is taken as 1, so a
 * non-NULL result always means success). Returns the new block, or NULL when
 * n * elem overflows or allocation fails; p is then left as it was. */
static inline void *resize(void *p, size_t n, size_t elem)
{
	if (n == 0)
		n = 1;
	if (elem == 0 || n > SIZE_MAX / elem)
		return NULL;
	return realloc(p, n * elem);
}

/* Make room for at least need elements of elem bytes in p, whose capacity
 * is *cap elements: the capacity doubles from *cap (GROW_FIRST if 0) until
 * it reaches need. Returns p itself when it already has room, else the new
 * block with *cap updated; NULL on overflow or allocation failure, with p
 * and *cap untouched. */
static inline void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap && p)
		return p;
	size_t n = *cap ? *cap : GROW_FIRST;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return NULL;
		n *= 2;
	}
	void *q = resize(p, n, elem);
	if (q)
		*cap = n;
	return q;
}

/* grow() for an array p whose capacity is the size_t lvalue cap. */
#define GROW(p, cap, need) grow((p), &(cap), (need), sizeof *(p))

#endif

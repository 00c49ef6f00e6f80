/* grow.h - growing a heap array by doubling, written once. */
#ifndef MANRS_GROW_H
#define MANRS_GROW_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* Make room for at least need elements of elem bytes in *array (capacity in
 * *cap, doubled from 16). Returns 0, or -1 on overflow or allocation failure
 * with *array and *cap unchanged. */
static inline int grow_array(void *array, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap : 16;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elem)
			return -1;
		n *= 2;
	}
	void **p = array;
	void *q = realloc(*p, n * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

#endif

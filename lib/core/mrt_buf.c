/* SPDX-License-Identifier: ISC */
/* mrt_buf.c - growable text buffer. */
#include "core/mrt_buf.h"

#include <arpa/inet.h>
#include <stdlib.h>

#include "core/grow.h"

const char mrt_digits2[200] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

int mrt_buf_reserve(struct mrt_buf *b, size_t n)
{
	if (b->cap - b->len >= n)
		return 0;
	if (n > SIZE_MAX - b->len)
		return -1;
	size_t need = b->len + n; /* first 64 KiB, then doubling */
	char *p = grow(b->p, &b->cap, need > 1 << 16 ? need : 1 << 16, 1);
	if (!p)
		return -1;
	b->p = p;
	return 0;
}

int mrt_buf_flush(struct mrt_buf *b, FILE *f)
{
	if (b->len && fwrite(b->p, 1, b->len, f) != b->len)
		return -1;
	b->len = 0;
	return 0;
}

void mrt_buf_free(struct mrt_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void mrt_buf_ipv6(struct mrt_buf *b, const uint8_t *a)
{
	/* glibc's inet_ntop is the reference bgpdump output depends on
	 * (embedded IPv4 forms included), so use it rather than re-derive. */
	char s[INET6_ADDRSTRLEN];
	if (!inet_ntop(AF_INET6, a, s, sizeof s))
		s[0] = 0;
	mrt_buf_puts(b, s);
}

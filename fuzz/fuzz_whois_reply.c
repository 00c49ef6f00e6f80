/* SPDX-License-Identifier: ISC */
/* fuzz_whois_reply.c - the IRRd reply parser of the whois client and the
 * prefix words of A replies: parse reply after reply from the input as a
 * pipelined stream, and feed every word of the data to the prefix tree as
 * filter_remote does (range words with a zero length limit, so a "^+" on a
 * short prefix cannot blow up into millions of nodes). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "irr/aggregate.h"
#include "whois/whois_client.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void words(struct agg_tree *t4, struct agg_tree *t6, const char *d, size_t n)
{
	size_t i = 0;
	while (i < n) {
		while (i < n && (d[i] == ' ' || d[i] == '\n'))
			i++;
		size_t s = i;
		while (i < n && d[i] != ' ' && d[i] != '\n')
			i++;
		if (i == s)
			continue;
		struct err e;
		unsigned maxlen = memchr(d + s, '^', i - s) ? 0 : 32;
		(void)agg_add_text(t4, d + s, i - s, maxlen, &e);
		(void)agg_add_text(t6, d + s, i - s, maxlen ? 128 : 0, &e);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct agg_tree t4, t6;
	agg_tree_init(&t4, 4);
	agg_tree_init(&t6, 6);
	size_t off = 0;
	while (off < size) {
		struct whois_reply r;
		struct err e;
		ssize_t n = whois_reply_parse(buf + off, size - off, &r, &e);
		if (n <= 0)
			break;
		if (r.kind == 'A') {
			if (r.data < buf + off || r.data + r.len > buf + size)
				abort();
			words(&t4, &t6, r.data, r.len);
		}
		off += (size_t)n;
	}
	agg_refine(&t4, 28);
	agg_refine_low(&t6, 64);
	agg_aggregate(&t4);
	agg_aggregate(&t6);
	(void)agg_count(&t4);
	(void)agg_count(&t6);
	agg_tree_free(&t4);
	agg_tree_free(&t6);
	return 0;
}

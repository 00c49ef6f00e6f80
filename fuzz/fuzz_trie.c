/* SPDX-License-Identifier: ISC */
/* fuzz_trie.c - byte-driven insert/delete/lookup sequences on the trie
 * (jump tables on from the first entry) against a brute-force model. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/trie.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXM 128

struct entry {
	struct prefix p;
	uint32_t v;
};

static size_t find(const struct entry *m, size_t n, const struct prefix *p)
{
	for (size_t i = 0; i < n; i++)
		if (prefix_equal(&m[i].p, p))
			return i;
	return SIZE_MAX;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct entry m[MAXM];
	size_t n = 0;
	struct trie t;
	trie_init(&t);
	t.jump_min = 1;
	/* Each op: kind, family/len byte, 4 address bytes (spread over 16). */
	for (size_t at = 0; at + 6 <= size; at += 6) {
		const uint8_t *op = data + at;
		struct prefix p;
		memset(&p, 0, sizeof p);
		p.family = op[1] & 0x80 ? 6 : 4;
		p.len = (uint8_t)((op[1] & 0x7f) % (prefix_maxlen(p.family) + 1));
		if (p.family == 4) {
			memcpy(p.addr, op + 2, 4);
		} else {
			memcpy(p.addr, op + 2, 2);
			p.addr[6] = op[4], p.addr[15] = op[5];
		}
		prefix_mask(&p);
		size_t i = find(m, n, &p);
		uint32_t v = (uint32_t)at, got;
		switch (op[0] % 5) {
		case 0:
			if (i == SIZE_MAX && n == MAXM)
				break;
			if (trie_insert(&t, &p, v, NULL) != (i == SIZE_MAX))
				abort();
			if (i == SIZE_MAX)
				i = n++;
			m[i] = (struct entry){p, v};
			break;
		case 1:
			if (trie_delete(&t, &p, NULL) != (i != SIZE_MAX))
				abort();
			if (i != SIZE_MAX)
				m[i] = m[--n];
			break;
		case 2:
			if (trie_get(&t, &p, &got) != (i != SIZE_MAX) ||
			    (i != SIZE_MAX && got != m[i].v))
				abort();
			break;
		case 3: {
			size_t best = SIZE_MAX;
			for (size_t k = 0; k < n; k++)
				if (prefix_contains(&m[k].p, &p) &&
				    (best == SIZE_MAX || m[k].p.len > m[best].p.len))
					best = k;
			struct prefix lm;
			bool r = trie_longest(&t, &p, &lm, &got);
			if (r != (best != SIZE_MAX) ||
			    (r && (got != m[best].v || !prefix_equal(&lm, &m[best].p))))
				abort();
			break;
		}
		default:
			if (trie_compact(&t) != 0)
				abort();
			break;
		}
		if (trie_count(&t) != n)
			abort();
	}
	trie_free(&t);
	return 0;
}

/* SPDX-License-Identifier: ISC */
/* fuzz_as_rel.c - libFuzzer target for the CAIDA as-rel loader: whatever
 * the input, every link it kept answers symmetrically. */
#include <stdint.h>
#include <stdlib.h>

#include "detect/as_rel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e = {0};
	struct as_rel *r = as_rel_new(&e);
	if (!r)
		return 0;
	long n = as_rel_load_buffer(r, (const char *)data, size, "fuzz", &e);
	if (n >= 0 && as_rel_count(r) > (size_t)n)
		__builtin_trap();
	for (uint32_t a = 0; a < 8; a++)
		for (uint32_t b = 0; b < 8; b++) {
			enum as_rel_kind x = as_rel_get(r, a, b), y = as_rel_get(r, b, a);
			if ((x == AS_REL_P2C) != (y == AS_REL_C2P) ||
			    (x == AS_REL_P2P) != (y == AS_REL_P2P))
				__builtin_trap();
		}
	as_rel_free(r);
	return 0;
}

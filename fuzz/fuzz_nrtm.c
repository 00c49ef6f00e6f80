/* SPDX-License-Identifier: ISC */
/* fuzz_nrtm.c - libFuzzer target: an NRTM answer (nrtm_parse), then its
 * operations applied to a mirror store. Whatever the parser accepts keeps
 * its promises: serials inside the %START range and increasing, objects
 * inside the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/nrtm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct nrtm_answer a;
	struct err e;

	if (nrtm_parse(buf, size, size > 0 && data[0] == 'T' ? "TEST" : NULL, "fuzz", &a, &e) != 0)
		return 0;
	for (size_t i = 0; i < a.nops; i++) {
		const struct nrtm_op *o = &a.ops[i];
		if (o->serial < a.first || o->serial > a.last ||
		    (i > 0 && o->serial <= a.ops[i - 1].serial))
			abort();
		if (o->obj < buf || o->obj + o->len > buf + size || o->len == 0)
			abort();
	}
	struct nrtm_store *s = nrtm_store_new();
	if (s) {
		nrtm_store_apply(s, a.ops, a.nops, NULL, NULL, &e);
		nrtm_store_free(s);
	}
	nrtm_answer_free(&a);
	return 0;
}

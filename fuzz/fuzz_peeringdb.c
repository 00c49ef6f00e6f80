/* SPDX-License-Identifier: ISC */
/* fuzz_peeringdb.c - libFuzzer target for the PeeringDB JSON reader of
 * manrs check and manrs ixp import: any input either loads or fails whole (nothing kept), and
 * the lookups over what loaded stay in bounds. */
#include <stdint.h>
#include <stdlib.h>

#include "peeringdb/peeringdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e = {0};
	struct pdb *d = pdb_new();
	if (!d)
		return 0;
	if (pdb_load_buffer(d, (const char *)data, size, "fuzz", &e) < 0 &&
	    (d->nnet || d->npoc || d->nix || d->nixlan || d->npfx || d->nnxl || d->skipped))
		__builtin_trap(); /* a failed document must leave nothing behind */
	pdb_finish(d);
	for (size_t i = 0; i < d->nnet; i++) {
		const struct pdb_net *n = pdb_net_by_asn(d, d->net[i].asn);
		if (!n || n->asn != d->net[i].asn)
			__builtin_trap();
		size_t np;
		const struct pdb_poc *p = pdb_pocs_of(d, n->id, &np);
		for (size_t j = 0; j < np; j++)
			if (p[j].net_id != n->id)
				__builtin_trap();
	}
	pdb_free(d);
	return 0;
}

/* SPDX-License-Identifier: ISC */
/* fuzz_rpki.h - the one body shared by the rpki_set loader fuzz targets
 * (fuzz_rpki_json.c, fuzz_slurm.c, fuzz_rpki_csv.c): they differ only in the
 * format they ask for, so the checks live here once and stay alike.
 * Header-only (static) because the Makefile builds each fuzz/fuzz_*.c alone. */
#ifndef MANRS_FUZZ_RPKI_H
#define MANRS_FUZZ_RPKI_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rpki/aspa.h"
#include "rpki/rov.h"
#include "rpki/rpki_set.h"

/* Load data[0..size) as fmt into a set preloaded with one VRP and one ASPA,
 * then finish, index and validate what came out, so bad input can neither
 * crash the loader nor corrupt the set. Traps when a failed load changed the
 * preloaded entries or gave no message, or when a loaded VRP does not
 * validate its own prefix at maxlen. SLURM rules are recorded into st when
 * not NULL. Always returns 0 (libFuzzer's contract). */
static int fuzz_rpki_load_check(const uint8_t *data, size_t size, enum rpki_format fmt,
                                struct slurm_stats *st)
{
	struct rpki_set s;
	struct err e;
	rpki_set_init(&s);
	s.slurm_stats = st;
	/* Preload one VRP and one ASPA: a failed load must leave them intact. */
	struct vrp v = {.addr = {10}, .family = 4, .len = 8, .maxlen = 24, .asn = 64496};
	rpki_set_add_vrp(&s, &v);
	uint32_t prov = 64497;
	rpki_set_add_aspa(&s, 64496, &prov, 1);
	int rc = rpki_set_load_buffer(&s, data, size, "fuzz", fmt, &e);
	if (rc < 0 && (s.nvrps != 1 || s.naspas != 1 || !e.msg[0]))
		__builtin_trap();
	rpki_set_finish(&s);
	struct rov_index ix;
	if (rov_index_build(&ix, &s, &e) == 0) {
		for (size_t i = 0; i < s.nvrps && i < 64; i++) {
			struct prefix p = {.family = s.vrps[i].family, .len = s.vrps[i].maxlen};
			memcpy(p.addr, s.vrps[i].addr, 16);
			if (rov_validate(&ix, &p, s.vrps[i].asn) != ROV_VALID && s.vrps[i].asn)
				__builtin_trap();
		}
		rov_index_free(&ix);
	}
	for (size_t i = 0; i < s.naspas && i < 16; i++) {
		uint32_t path[2] = {s.aspas[i].nproviders ? s.aspas[i].providers[0] : 1,
		                    s.aspas[i].customer};
		aspa_verify(&s, path, 2, 0, ASPA_UPSTREAM, NULL);
		aspa_verify(&s, path, 2, 0, ASPA_DOWNSTREAM, NULL);
	}
	rpki_set_free(&s);
	return 0;
}

#endif

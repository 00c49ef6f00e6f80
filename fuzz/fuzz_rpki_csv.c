/* fuzz_rpki_csv.c - libFuzzer target for the line-oriented loaders (CSV, and
 * BIRD/OpenBGPD configuration when the first byte is odd): load, finish,
 * index and validate what came out, so bad input cannot corrupt the set. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rpki/aspa.h"
#include "rpki/rov.h"
#include "rpki/rpki_set.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rpki_set s;
	struct err e;
	rpki_set_init(&s);
	/* Preload one VRP and one ASPA: a failed load must leave them intact. */
	struct vrp v = { .addr = { 10 }, .family = 4, .len = 8, .maxlen = 24, .asn = 64496 };
	rpki_set_add_vrp(&s, &v);
	uint32_t prov = 64497;
	rpki_set_add_aspa(&s, 64496, &prov, 1);
	enum rpki_format fmt = size && (data[0] & 1) ? RPKI_FMT_CONF : RPKI_FMT_CSV;
	int rc = rpki_set_load_buffer(&s, data + (size > 0), size - (size > 0), "fuzz", fmt, &e);
	if (rc < 0 && (s.nvrps != 1 || s.naspas != 1 || !e.msg[0]))
		__builtin_trap();
	rpki_set_finish(&s);
	struct rov_index ix;
	if (rov_index_build(&ix, &s, &e) == 0) {
		for (size_t i = 0; i < s.nvrps && i < 64; i++) {
			struct prefix p = { .family = s.vrps[i].family, .len = s.vrps[i].maxlen };
			memcpy(p.addr, s.vrps[i].addr, 16);
			if (rov_validate(&ix, &p, s.vrps[i].asn) != ROV_VALID && s.vrps[i].asn)
				__builtin_trap();
		}
		rov_index_free(&ix);
	}
	for (size_t i = 0; i < s.naspas && i < 16; i++) {
		uint32_t path[2] = { s.aspas[i].nproviders ? s.aspas[i].providers[0] : 1,
				     s.aspas[i].customer };
		aspa_verify(&s, path, 2, 0, ASPA_UPSTREAM, NULL);
		aspa_verify(&s, path, 2, 0, ASPA_DOWNSTREAM, NULL);
	}
	rpki_set_free(&s);
	return 0;
}

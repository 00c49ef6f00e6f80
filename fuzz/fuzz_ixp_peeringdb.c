/* SPDX-License-Identifier: ISC */
/* fuzz_ixp_peeringdb.c - libFuzzer target for PeeringDB API JSON as
 * `manrs ixp import` reads it: whatever loads is turned into an IXP (ixlan
 * of the first object that names one) and written as YAML, which must read
 * back; refusals must say where. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ixp/ixp_peeringdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void exercise(const struct pdb *db)
{
	uint32_t ixlan = db->nixlan ? db->ixlan[0].id : db->nnxl ? db->nxl[0].ixlan_id : 0;
	struct ixp x, y;
	struct err e;
	if (!ixlan || ixp_init(&x, &e) < 0)
		return;
	if (ixp_from_peeringdb(&x, db, ixlan, 0, &e) >= 0) {
		char *buf = NULL;
		size_t n = 0;
		FILE *f = open_memstream(&buf, &n);
		if (f && ixp_write_yaml(f, &x) == 0 && fclose(f) == 0 && ixp_init(&y, &e) == 0) {
			/* what PeeringDB holds may break the IXP's own rules (an
			 * address outside the LAN): a refusal, but never a crash */
			(void)ixp_parse_yaml(&y, buf, n, "back.yml", &e);
			ixp_free(&y);
		}
		free(buf);
	}
	ixp_free(&x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pdb *db = pdb_new();
	struct err e;
	e.msg[0] = 0;
	if (!db)
		return 0;
	if (pdb_load_buffer(db, (const char *)data, size, "pdb.json", &e) >= 0) {
		pdb_finish(db);
		exercise(db);
	} else if (!e.msg[0]) {
		__builtin_trap();
	}
	pdb_free(db);
	return 0;
}

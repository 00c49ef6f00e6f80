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

static void exercise(const struct ixp_pdb *db)
{
	uint32_t ixlan = 0;
	for (size_t i = 0; i < db->n && !ixlan; i++)
		ixlan = db->v[i].kind == PDB_IXLAN ? db->v[i].id : db->v[i].ixlan_id;
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
	struct ixp_pdb db = {0};
	struct err e;
	e.msg[0] = 0;
	if (ixp_pdb_load_buffer(&db, data, size, "pdb.json", &e) >= 0)
		exercise(&db);
	else if (!e.msg[0])
		__builtin_trap();
	ixp_pdb_free(&db);
	return 0;
}

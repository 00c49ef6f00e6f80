/* SPDX-License-Identifier: ISC */
/* fuzz_ixp_yaml.c - libFuzzer target for the IXP description (YAML). What
 * loads must hold together (route servers with addresses, members found by
 * their own addresses, lengths in order); what is refused must say where. */
#include <stdint.h>
#include <string.h>

#include "ixp/ixp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void exercise(const struct ixp *x)
{
	const struct ixp_policy *p = &x->policy;
	if (x->nrs == 0 || p->min_len4 > p->max_len4 || p->max_len6 > 128)
		__builtin_trap();
	for (size_t i = 0; i < x->nrs; i++)
		if (x->rs[i].naddr == 0 || !x->rs[i].name || !x->rs[i].router_id)
			__builtin_trap();
	for (size_t i = 0; i < x->nmembers; i++)
		for (size_t j = 0; j < x->members[i].naddr; j++)
			if (ixp_member_by_addr(x, &x->members[i].addr[j].ip) != &x->members[i])
				__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ixp x;
	struct err e;
	if (ixp_init(&x, &e) < 0)
		return 0;
	e.msg[0] = 0;
	if (ixp_parse_yaml(&x, (const char *)data, size, "ixp.yml", &e) == 0)
		exercise(&x);
	else if (!e.msg[0])
		__builtin_trap(); /* every refusal names where */
	ixp_free(&x);
	return 0;
}

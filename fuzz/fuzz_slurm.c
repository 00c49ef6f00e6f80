/* SPDX-License-Identifier: ISC */
/* fuzz_slurm.c - libFuzzer target for the slurm loader: load, finish, index and
 * validate what came out, so bad input cannot corrupt the set either. The
 * per-rule counts are collected too: a filter can remove at most the one
 * preloaded VRP (or ASPA), an assertion adds exactly one entry. */
#include "fuzz_rpki.h"
#include "rpki/rpki_slurm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct slurm_stats st;
	memset(&st, 0, sizeof st);
	fuzz_rpki_load_check(data, size, RPKI_FMT_SLURM, &st);
	for (size_t i = 0; i < st.n; i++)
		if (st.rules[i].count > 1)
			__builtin_trap();
	slurm_stats_free(&st);
	return 0;
}

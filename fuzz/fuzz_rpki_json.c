/* SPDX-License-Identifier: ISC */
/* fuzz_rpki_json.c - libFuzzer target for the rpki_json loader: load, finish, index and
 * validate what came out, so bad input cannot corrupt the set either. */
#include "fuzz_rpki.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_rpki_load_check(data, size, RPKI_FMT_JSON, NULL);
}

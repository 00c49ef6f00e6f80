/* SPDX-License-Identifier: ISC */
/* fuzz_rpki_csv.c - libFuzzer target for the line-oriented loaders (CSV, and
 * BIRD/OpenBGPD configuration when the first byte is odd): load, finish,
 * index and validate what came out, so bad input cannot corrupt the set. */
#include "fuzz_rpki.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The first byte picks the format and is not part of the input. */
	enum rpki_format fmt = size && (data[0] & 1) ? RPKI_FMT_CONF : RPKI_FMT_CSV;
	return fuzz_rpki_load_check(data + (size > 0), size - (size > 0), fmt, NULL);
}

/* SPDX-License-Identifier: ISC */
/* fuzz_spoofer.c - libFuzzer target for the CAIDA Spoofer CSV reader of
 * manrs check: any input loads or fails with a message, and a lookup never
 * counts more spoofable prefixes than tests. */
#include <stdint.h>
#include <stdlib.h>

#include "check/check_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e = {0};
	struct spoofer *s = spoofer_load_buffer((const char *)data, size, "fuzz", &e);
	if (!s) {
		if (!e.msg[0])
			__builtin_trap();
		return 0;
	}
	for (uint32_t asn = 0; asn < 70000; asn += 997) {
		unsigned t, sp;
		if (spoofer_lookup(s, asn, &t, &sp) != (t > 0) || sp > t)
			__builtin_trap();
	}
	spoofer_free(s);
	return 0;
}

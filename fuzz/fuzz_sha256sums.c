/* SPDX-License-Identifier: ISC */
/* fuzz_sha256sums.c - libFuzzer target: finding a file's checksum in a
 * published .sha256 / SHA256SUMS document (fetch_sha256_find). The first
 * line of the input is the file name looked for; a hit is 64 lower-case
 * hex digits. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), hex[65];

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	char *nl = strchr(text, '\n');
	const char *doc = nl ? nl + 1 : "";
	if (nl)
		*nl = '\0';
	if (fetch_sha256_find(doc, text, hex) == 0) {
		if (strlen(hex) != 64)
			abort();
		for (int i = 0; i < 64; i++)
			if (!isxdigit((unsigned char)hex[i]) || isupper((unsigned char)hex[i]))
				abort();
	}
	free(text);
	return 0;
}

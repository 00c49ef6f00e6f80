/* SPDX-License-Identifier: ISC */
/* fuzz_bogon_scan.c - the `bgpdump -m` line parser and the path walk of the
 * bogon scan: any line, parsed in place, must not crash, and a route's path
 * walk must report only bogon ASNs, each once. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "policy/bogon_scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check_asn(uint32_t asn, unsigned pos, const struct bogon_asn_range *r, void *ctx)
{
	(void)ctx;
	if (!r || pos == 0 || asn < r->lo || asn > r->hi || bogon_check_asn(asn) != r)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	struct bogon_route_line rl;
	struct err e;

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	int kind = bogon_parse_bgpdump_line(line, &rl, &e);
	if (kind == BOGON_LINE_ROUTE || kind == BOGON_LINE_WITHDRAW) {
		if (!rl.peer_as || !rl.peer_ip || !rl.path)
			abort();
		bogon_path_each(rl.path, check_asn, NULL, &e);
	}
	/* the whole input as a path, too */
	line[strcspn(line, "\n")] = '\0';
	bogon_path_each(line, check_asn, NULL, &e);
	free(line);
	return 0;
}

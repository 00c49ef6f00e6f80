/* SPDX-License-Identifier: ISC */
/* fuzz_prefix.c - prefix_parse, prefix_parse_host, addr_parse and asn_parse
 * on arbitrary text: no crash, and whatever parses must format back to a
 * string that parses to the same value (canonical form is a fixed point). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/prefix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[512];
	if (size >= sizeof s)
		size = sizeof s - 1;
	memcpy(s, data, size);
	s[size] = 0;
	struct err e;
	struct prefix p, q;
	char buf[PREFIX_STRLEN], buf2[PREFIX_STRLEN];
	if (prefix_parse(s, &p, &e) == 0) {
		prefix_format(&p, buf, sizeof buf);
		if (prefix_parse(buf, &q, &e) != 0 || !prefix_equal(&p, &q))
			abort();
		prefix_format(&q, buf2, sizeof buf2);
		if (strcmp(buf, buf2))
			abort();
		struct prefix m = p;
		prefix_mask(&m);
		if (memcmp(m.addr, p.addr, 16) || !prefix_contains(&p, &p))
			abort();
	} else if (!strstr(e.msg, "invalid prefix") && !strstr(e.msg, "missing prefix")) {
		abort();
	}
	if (prefix_parse_host(s, &p, &e) == 0 && p.len > prefix_maxlen(p.family))
		abort();
	if (addr_parse(s, &p, &e) == 0) {
		addr_format(&p, buf, sizeof buf);
		if (addr_parse(buf, &q, &e) != 0 || !prefix_equal(&p, &q))
			abort();
	}
	uint32_t a, b;
	if (asn_parse(s, &a, &e) == 0) {
		char as[ASN_STRLEN];
		if (asn_parse(asn_format(a, as, sizeof as), &b, &e) != 0 || a != b)
			abort();
		if (asn_parse(asn_format_asdot(a, as, sizeof as), &b, &e) != 0 || a != b)
			abort();
	}
	return 0;
}

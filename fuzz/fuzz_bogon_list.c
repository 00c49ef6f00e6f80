/* SPDX-License-Identifier: ISC */
/* fuzz_bogon_list.c - bogon_set_load on arbitrary file contents (through
 * the reader, so compressed input is fuzzed too), then checks and filter
 * ranges over whatever loaded. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "policy/bogon.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("list", 0);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	struct err e;
	struct bogon_set *s = bogon_set_new(size % 2 == 0, &e);
	if (!s)
		abort();
	long n = bogon_set_load(s, path, &e);
	if (n < 0 && !e.msg[0])
		abort(); /* every failure carries a message */
	struct prefix probes[3];
	struct err pe;
	prefix_parse("10.1.0.0/16", &probes[0], &pe);
	prefix_parse("2001:db8::/48", &probes[1], &pe);
	prefix_parse("0.0.0.0/0", &probes[2], &pe);
	for (int i = 0; i < 3; i++) {
		struct bogon_verdict v;
		if (bogon_check_prefix(s, &probes[i], &v) && !v.entry)
			abort();
	}
	for (int fam = 4; fam <= 6; fam += 2) {
		struct bogon_range *r;
		long k = bogon_set_ranges(s, fam, &r, &e);
		if (k >= 0)
			free(r);
	}
	bogon_set_free(s);
	close(fd);
	return 0;
}

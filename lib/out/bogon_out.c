/* SPDX-License-Identifier: ISC */
/* bogon_out.c - the table of bogon filter writers and shared helpers. */
#include "out/bogon_out.h"

#include <string.h>

#include "out/dialect.h"

static const struct bogon_writer *const writers[] = {
    &bogon_writer_bird,  &bogon_writer_openbgpd, &bogon_writer_junos, &bogon_writer_ios,
    &bogon_writer_iosxr, &bogon_writer_json,     &bogon_writer_plain,
};

size_t bogon_writers(const struct bogon_writer *const **tab)
{
	*tab = writers;
	return sizeof writers / sizeof writers[0];
}

const struct bogon_writer *bogon_writer_find(const char *name)
{
	name = out_dialect_canonical(name);
	for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++)
		if (!strcmp(writers[i]->name, name))
			return writers[i];
	return NULL;
}

static uint64_t pow10u(unsigned k)
{
	uint64_t p = 1;
	while (k--)
		p *= 10;
	return p;
}

size_t bogon_range_regex(FILE *f, uint32_t lo32, uint32_t hi32, const char *sep)
{
	/* Cover [lo, hi] with blocks "digits, one [a-b] class, then k free
	 * digits", greedily taking the largest aligned block at each step. */
	uint64_t start = lo32, hi = hi32;
	size_t count = 0;
	while (start <= hi) {
		if (start == 0) { /* "0" stands alone: no leading zeros below */
			fputs(count++ ? sep : "", f);
			fputs("0", f);
			start = 1;
			continue;
		}
		unsigned k = 0;
		while (start % pow10u(k + 1) == 0 && start + pow10u(k + 1) - 1 <= hi)
			k++;
		uint64_t step = pow10u(k), end = start + step - 1;
		while ((end + 1) % (step * 10) != 0 && end + step <= hi)
			end += step;
		if (count++)
			fputs(sep, f);
		uint64_t head = start / (step * 10);
		unsigned d1 = (unsigned)(start / step % 10), d2 = (unsigned)(end / step % 10);
		if (head)
			fprintf(f, "%llu", (unsigned long long)head);
		if (d1 == d2)
			fprintf(f, "%u", d1);
		else
			fprintf(f, "[%u-%u]", d1, d2);
		for (unsigned i = 0; i < k; i++)
			fputs("[0-9]", f);
		start = end + 1;
	}
	return count;
}

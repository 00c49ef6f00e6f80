/* SPDX-License-Identifier: ISC */
/* fuzz_sav_conf.c - libFuzzer target: sav.yml (sav_conf_parse), then every
 * anti-spoofing writer over what was accepted, with a few prefixes per
 * customer. Whatever the parser accepts must hold its promises (unique
 * names, vlan 1..4094, mac lower case) and every writer must cope. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/sav_out.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct sav_conf *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct sav_neighbor *nb = &c->nb[i];
		if (!nb->name || (nb->vlan != -1 && (nb->vlan < 1 || nb->vlan > 4094)))
			abort();
		if (nb->mac && strlen(nb->mac) != 17)
			abort();
		for (size_t j = 0; j < i; j++)
			if (!strcmp(nb->name, c->nb[j].name))
				abort();
	}
}

static void write_all(const struct sav_conf *c, struct sav_out_filter *f)
{
	const struct sav_writer *const *w;
	size_t nw = sav_writers(&w);
	bool all_if = true;
	for (size_t i = 0; i < c->n; i++)
		all_if = all_if && c->nb[i].interface;
	FILE *out = fopen("/dev/null", "w");
	if (!out)
		return;
	struct sav_out_doc d = {.conf = c, .method = SAV_EFP_A, .f = f, .n = c->n};
	for (size_t k = 0; k < nw; k++)
		if (all_if || !w[k]->needs_interface)
			w[k]->write(out, &d);
	fclose(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sav_conf c;
	struct err e;
	if (sav_conf_parse(&c, (const char *)data, size, "fuzz.yml", &e) < 0)
		return 0;
	check(&c);
	struct sav_out_filter *f = calloc(c.n + 1, sizeof *f);
	if (f) {
		struct prefix p4, p6;
		prefix_parse("192.0.2.0/24", &p4, NULL);
		prefix_parse("2001:db8::/32", &p6, NULL);
		for (size_t i = 0; i < c.n; i++) {
			f[i].nb = &c.nb[i];
			f[i].strict_known = i & 1;
			if (i % 3 != 2 && sav_plist_add(&f[i].allowed, &p4) == 0)
				sav_plist_add(&f[i].allowed, &p6);
		}
		write_all(&c, f);
		for (size_t i = 0; i < c.n; i++)
			sav_plist_free(&f[i].allowed);
		free(f);
	}
	sav_conf_free(&c);
	return 0;
}

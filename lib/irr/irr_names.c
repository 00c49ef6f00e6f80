/* SPDX-License-Identifier: ISC */
/* irr_names.c - interned upper-case names: one arena, one hash, dense ids so
 * expansions can keep per-name state in flat arrays. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "irr/irr_internal.h"

static uint32_t hash_upper(const char *s, size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a over the upper-cased bytes */

	for (size_t i = 0; i < len; i++) {
		h ^= (uint8_t)toupper((unsigned char)s[i]);
		h *= 16777619u;
	}
	return h;
}

static int same_upper(const char *stored, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (stored[i] != toupper((unsigned char)s[i]))
			return 0;
	return stored[len] == '\0';
}

uint32_t irr_names_find(const struct irr_names *nm, const char *s, size_t len)
{
	uint32_t i;

	if (!nm->hash)
		return 0;
	for (i = hash_upper(s, len) & nm->hmask; nm->hash[i]; i = (i + 1) & nm->hmask)
		if (same_upper(nm->text + nm->off[nm->hash[i]], s, len))
			return nm->hash[i];
	return 0;
}

static int rehash(struct irr_names *nm, uint32_t slots)
{
	uint32_t *h = calloc(slots, sizeof *h);

	if (!h)
		return -1;
	for (uint32_t id = 1; id < nm->n; id++) {
		const char *s = nm->text + nm->off[id];
		uint32_t i = hash_upper(s, strlen(s)) & (slots - 1);

		while (h[i])
			i = (i + 1) & (slots - 1);
		h[i] = id;
	}
	free(nm->hash);
	nm->hash = h;
	nm->hmask = slots - 1;
	return 0;
}

uint32_t irr_names_intern(struct irr_names *nm, const char *s, size_t len)
{
	uint32_t id = irr_names_find(nm, s, len), i;

	if (id)
		return id;
	if (nm->n == 0)
		nm->n = 1; /* id 0 means "none" */
	if (nm->n == UINT32_MAX)
		return 0;
	/* first capacities 1024 ids and 64 KiB: irr_db_memory() reports them */
	size_t cap = nm->cap, need = (size_t)nm->n + 1, tneed = nm->text_len + len + 1;
	uint64_t *o = GROW(nm->off, cap, need > 1024 ? need : 1024);
	char *t;

	if (!o)
		return 0;
	nm->off = o;
	nm->cap = cap > UINT32_MAX ? UINT32_MAX : (uint32_t)cap;
	t = grow(nm->text, &nm->text_cap, tneed > 65536 ? tneed : 65536, 1);
	if (!t)
		return 0;
	nm->text = t;
	/* keep the table at most half full */
	if (!nm->hash || (uint64_t)(nm->n + 1) * 2 > (uint64_t)nm->hmask + 1)
		if (rehash(nm, nm->hash ? (nm->hmask + 1) * 2 : 4096) < 0)
			return 0;
	id = nm->n++;
	nm->off[id] = nm->text_len;
	for (size_t k = 0; k < len; k++)
		nm->text[nm->text_len++] = (char)toupper((unsigned char)s[k]);
	nm->text[nm->text_len++] = '\0';
	for (i = hash_upper(s, len) & nm->hmask; nm->hash[i]; i = (i + 1) & nm->hmask)
		;
	nm->hash[i] = id;
	return id;
}

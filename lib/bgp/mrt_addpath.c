/* SPDX-License-Identifier: ISC */
/* mrt_addpath.c - per-session ADD-PATH memory: an open-addressing hash of
 * session directions. */
#include "bgp/mrt_addpath.h"

#include <stdlib.h>
#include <string.h>

#define N_AFI 2  /* IPv4, IPv6 */
#define N_SAFI 3 /* unicast, multicast, both */

struct mrt_ap_entry {
	bool used;
	bool open_seen;
	struct mrt_ap_dir d;
	uint8_t sr[N_AFI][N_SAFI]; /* ADD-PATH send/receive bits from the OPEN */
	int8_t learned[N_AFI];     /* -1 unknown, 0 plain, 1 ADD-PATH */
};

static uint64_t dir_hash(const struct mrt_ap_dir *d)
{
	uint64_t h = 1469598103934665603ull ^ d->family;
	for (int i = 0; i < 16; i++)
		h = (h ^ d->from[i]) * 1099511628211ull;
	for (int i = 0; i < 16; i++)
		h = (h ^ d->to[i]) * 1099511628211ull;
	return h;
}

static bool dir_equal(const struct mrt_ap_dir *a, const struct mrt_ap_dir *b)
{
	return a->family == b->family && !memcmp(a->from, b->from, 16) && !memcmp(a->to, b->to, 16);
}

static struct mrt_ap_entry *find(const struct mrt_ap_table *t, const struct mrt_ap_dir *d)
{
	if (!t->cap)
		return NULL;
	for (size_t i = dir_hash(d) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
		struct mrt_ap_entry *e = &t->slots[i];
		if (!e->used)
			return NULL;
		if (dir_equal(&e->d, d))
			return e;
	}
}

static void put_new(struct mrt_ap_table *t, const struct mrt_ap_entry *src)
{
	size_t i = dir_hash(&src->d) & (t->cap - 1);
	while (t->slots[i].used)
		i = (i + 1) & (t->cap - 1);
	t->slots[i] = *src;
	t->used++;
}

static int grow(struct mrt_ap_table *t)
{
	size_t ncap = t->cap ? t->cap * 2 : 64;
	struct mrt_ap_entry *old = t->slots;
	size_t ocap = t->cap;
	t->slots = calloc(ncap, sizeof *t->slots);
	if (!t->slots) {
		t->slots = old;
		return -1;
	}
	t->cap = ncap;
	t->used = 0;
	for (size_t i = 0; i < ocap; i++)
		if (old[i].used)
			put_new(t, &old[i]);
	free(old);
	return 0;
}

/* The entry for d, created empty when absent; NULL when out of memory. */
static struct mrt_ap_entry *get(struct mrt_ap_table *t, const struct mrt_ap_dir *d)
{
	struct mrt_ap_entry *e = find(t, d);
	if (e)
		return e;
	if ((t->used + 1) * 2 > t->cap && grow(t) < 0)
		return NULL;
	struct mrt_ap_entry n;
	memset(&n, 0, sizeof n);
	n.used = true;
	n.d = *d;
	n.learned[0] = n.learned[1] = -1;
	put_new(t, &n);
	return find(t, d);
}

void mrt_ap_free(struct mrt_ap_table *t)
{
	free(t->slots);
	memset(t, 0, sizeof *t);
}

static bool index_of(uint16_t afi, uint8_t safi, int *a, int *s)
{
	if (afi < 1 || afi > N_AFI || safi < 1 || safi > N_SAFI)
		return false;
	*a = afi - 1;
	*s = safi - 1;
	return true;
}

int mrt_ap_note_open(struct mrt_ap_table *t, const struct mrt_ap_dir *d, const struct bgp_open *o)
{
	struct mrt_ap_entry *e = get(t, d);
	if (!e)
		return -1;
	memset(e->sr, 0, sizeof e->sr);
	e->learned[0] = e->learned[1] = -1;
	e->open_seen = true;
	for (size_t i = 0; i < o->n_afs && i < BGP_OPEN_MAX_AFS; i++) {
		int a, s;
		if (index_of(o->afs[i].afi, o->afs[i].safi, &a, &s))
			e->sr[a][s] = o->afs[i].addpath;
	}
	return 0;
}

int mrt_ap_negotiated(const struct mrt_ap_table *t, const struct mrt_ap_dir *d, uint16_t afi,
                      uint8_t safi)
{
	struct mrt_ap_dir back = {d->family, {0}, {0}};
	memcpy(back.from, d->to, 16);
	memcpy(back.to, d->from, 16);
	const struct mrt_ap_entry *tx = find(t, d), *rx = find(t, &back);
	int a, s;
	if (!tx || !rx || !tx->open_seen || !rx->open_seen || !index_of(afi, safi, &a, &s))
		return -1;
	/* The sender must offer to send (bit 2), the receiver to receive (bit 1). */
	return (tx->sr[a][s] & 2) && (rx->sr[a][s] & 1);
}

int mrt_ap_learned(const struct mrt_ap_table *t, const struct mrt_ap_dir *d, uint16_t afi)
{
	const struct mrt_ap_entry *e = find(t, d);
	if (!e || afi < 1 || afi > N_AFI)
		return -1;
	return e->learned[afi - 1];
}

int mrt_ap_learn(struct mrt_ap_table *t, const struct mrt_ap_dir *d, uint16_t afi, bool addpath)
{
	if (afi < 1 || afi > N_AFI)
		return 0;
	struct mrt_ap_entry *e = get(t, d);
	if (!e)
		return -1;
	e->learned[afi - 1] = addpath ? 1 : 0;
	return 0;
}

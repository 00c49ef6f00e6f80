/* SPDX-License-Identifier: ISC */
/* rpki_set.c - the VRP/ASPA set: growth, merge, sort and de-duplication. */
#include "rpki/rpki_set.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/grow.h"
#include "rpki/rpki_load.h"

void rpki_set_init(struct rpki_set *s)
{
	memset(s, 0, sizeof *s);
	s->ta_names[0] = NULL; /* index 0 means "unknown" and has no name */
	s->nta = 1;
}

void rpki_set_free(struct rpki_set *s)
{
	free(s->vrps);
	free(s->vrp_expires);
	for (size_t i = 0; i < s->naspas; i++)
		free(s->aspas[i].providers);
	free(s->aspas);
	for (int i = 0; i < 32; i++)
		free(s->ta_names[i]);
	rpki_set_init(s);
}

uint8_t rpki_set_ta(struct rpki_set *s, const char *name)
{
	if (!name || !*name)
		return 0;
	if (s->nta < 1)
		s->nta = 1;
	/* Files come grouped by TA: the last one found is usually the answer. */
	if (s->last_ta > 0 && s->last_ta < s->nta && strcmp(s->ta_names[s->last_ta], name) == 0)
		return (uint8_t)s->last_ta;
	/* Few TAs and long runs of the same one: a linear scan is plenty. */
	for (int i = 1; i < s->nta; i++)
		if (strcmp(s->ta_names[i], name) == 0)
			return (uint8_t)(s->last_ta = i);
	if (s->nta >= 32)
		return 0;
	char *d = strdup(name);
	if (!d)
		return 0;
	s->ta_names[s->nta] = d;
	s->last_ta = s->nta;
	return (uint8_t)s->nta++;
}

/* Grow vrps (and the expiry array beside it) for one more entry. */
static int vrp_reserve(struct rpki_set *s)
{
	if (s->nvrps < s->vrp_cap)
		return 0;
	size_t cap = s->vrp_cap, xcap = s->vrp_cap; /* shared by both arrays */
	struct vrp *n = GROW(s->vrps, cap, s->nvrps + 1);
	if (!n)
		return -1;
	s->vrps = n;
	if (s->vrp_expires) {
		uint32_t *x = GROW(s->vrp_expires, xcap, s->nvrps + 1);
		if (!x)
			return -1; /* vrp_cap unchanged: the next call retries */
		s->vrp_expires = x;
	}
	s->vrp_cap = cap;
	return 0;
}

int rpki_set_add_vrp(struct rpki_set *s, const struct vrp *v)
{
	if (vrp_reserve(s) < 0)
		return -1;
	if (s->vrp_expires)
		s->vrp_expires[s->nvrps] = 0;
	s->vrps[s->nvrps++] = *v;
	return 0;
}

int rpki_set_is_expired(struct rpki_set *s, int64_t expires, int aspa)
{
	if (expires <= 0 || s->ignore_expires)
		return 0;
	int64_t now = s->now ? s->now : (int64_t)time(NULL);
	/* Like StayRTR: expired once the time has passed, valid at that second. */
	if (expires >= now)
		return 0;
	if (aspa)
		s->nexpired_aspas++;
	else
		s->nexpired_vrps++;
	return 1;
}

/* Unix times fit 32 bits until 2106; later ones mean "far away". */
static uint32_t exp32(int64_t t)
{
	return t <= 0 ? 0 : t > (int64_t)UINT32_MAX ? UINT32_MAX : (uint32_t)t;
}

int rpki_set_add_vrp_expires(struct rpki_set *s, const struct vrp *v, int64_t expires)
{
	if (rpki_set_is_expired(s, expires, 0))
		return 0;
	if (vrp_reserve(s) < 0)
		return -1;
	if (expires > 0 && !s->vrp_expires) {
		/* First VRP with an expiry: the earlier ones have none. */
		if (!(s->vrp_expires = calloc(s->vrp_cap, sizeof *s->vrp_expires)))
			return -1;
	}
	if (s->vrp_expires)
		s->vrp_expires[s->nvrps] = exp32(expires);
	s->vrps[s->nvrps++] = *v;
	return 0;
}

int rpki_set_add_aspa(struct rpki_set *s, uint32_t customer, const uint32_t *providers, size_t n)
{
	if (n > UINT32_MAX)
		return -1;
	struct aspa *a = GROW(s->aspas, s->aspa_cap, s->naspas + 1);
	if (!a)
		return -1;
	s->aspas = a;
	uint32_t *p = malloc((n ? n : 1) * sizeof *p);
	if (!p)
		return -1;
	if (n)
		memcpy(p, providers, n * sizeof *p);
	s->aspas[s->naspas++] = (struct aspa){customer, (uint32_t)n, p, 0};
	return 0;
}

void rpki_set_truncate(struct rpki_set *s, size_t nvrps, size_t naspas)
{
	if (nvrps < s->nvrps)
		s->nvrps = nvrps;
	for (size_t i = naspas; i < s->naspas; i++)
		free(s->aspas[i].providers);
	if (naspas < s->naspas)
		s->naspas = naspas;
}

/* Address bytes as a big-endian number, so two loads compare 16 bytes. */
static inline uint64_t be64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

int vrp_cmp(const struct vrp *a, const struct vrp *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	uint64_t x = be64(a->addr), y = be64(b->addr);
	if (x != y)
		return x < y ? -1 : 1;
	x = be64(a->addr + 8);
	y = be64(b->addr + 8);
	if (x != y)
		return x < y ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	if (a->maxlen != b->maxlen)
		return a->maxlen < b->maxlen ? -1 : 1;
	if (a->asn != b->asn)
		return a->asn < b->asn ? -1 : 1;
	return 0;
}

/* In-place introsort on VRPs: glibc's qsort is a merge sort that allocates a
 * copy of the whole array (19 MB for 800k VRPs) and calls the comparator
 * through a pointer; this needs no memory and inlines vrp_cmp. x, when not
 * NULL, is the expiry array beside v and is permuted alike. */
static void vrp_swap(struct vrp *v, uint32_t *x, size_t a, size_t b)
{
	struct vrp t = v[a];
	v[a] = v[b];
	v[b] = t;
	if (x) {
		uint32_t u = x[a];
		x[a] = x[b];
		x[b] = u;
	}
}

static void vrp_sift(struct vrp *v, uint32_t *x, size_t i, size_t n)
{
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			return;
		if (c + 1 < n && vrp_cmp(&v[c], &v[c + 1]) < 0)
			c++;
		if (vrp_cmp(&v[i], &v[c]) >= 0)
			return;
		vrp_swap(v, x, i, c);
		i = c;
	}
}

static void vrp_heapsort(struct vrp *v, uint32_t *x, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		vrp_sift(v, x, i, n);
	for (size_t k = n; k-- > 1;) {
		vrp_swap(v, x, 0, k);
		vrp_sift(v, x, 0, k);
	}
}

static void vrp_introsort(struct vrp *v, uint32_t *x, size_t n, int depth)
{
	while (n > 16) {
		if (depth-- == 0) {
			vrp_heapsort(v, x, n);
			return;
		}
		/* Median of three to the front, then a Hoare partition around it. */
		size_t m = n / 2;
		if (vrp_cmp(&v[m], &v[0]) < 0)
			vrp_swap(v, x, m, 0);
		if (vrp_cmp(&v[n - 1], &v[0]) < 0)
			vrp_swap(v, x, n - 1, 0);
		if (vrp_cmp(&v[n - 1], &v[m]) < 0)
			vrp_swap(v, x, n - 1, m);
		vrp_swap(v, x, 0, m);
		size_t i = 0, j = n;
		for (;;) {
			do
				i++;
			while (i < n && vrp_cmp(&v[i], &v[0]) < 0);
			do
				j--;
			while (vrp_cmp(&v[j], &v[0]) > 0);
			if (i >= j)
				break;
			vrp_swap(v, x, i, j);
		}
		vrp_swap(v, x, 0, j);
		/* Recurse into the smaller side, loop on the larger. */
		if (j < n - j - 1) {
			vrp_introsort(v, x, j, depth);
			v += j + 1;
			if (x)
				x += j + 1;
			n -= j + 1;
		} else {
			vrp_introsort(v + j + 1, x ? x + j + 1 : NULL, n - j - 1, depth);
			n = j;
		}
	}
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && vrp_cmp(&v[k - 1], &v[k]) > 0; k--)
			vrp_swap(v, x, k - 1, k);
}

/* Sort VRPs in vrp_cmp order (exposed for tests through rpki_set_finish). */
static void vrp_sort(struct vrp *v, uint32_t *x, size_t n)
{
	int depth = 0;
	for (size_t k = n; k > 1; k >>= 1)
		depth += 2;
	vrp_introsort(v, x, n, depth);
}

/* Expiry of an entry known from several sources: it stays while any copy
 * does, and a copy without an expiry never expires. */
static int64_t merge_expiry(int64_t a, int64_t b)
{
	return a == 0 || b == 0 ? 0 : a > b ? a : b;
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int aspa_qcmp(const void *a, const void *b)
{
	const struct aspa *x = a, *y = b;
	return x->customer < y->customer ? -1 : x->customer > y->customer;
}

/* Sort and unique a provider list in place; returns the new count. */
static uint32_t uniq_providers(uint32_t *p, uint32_t n)
{
	if (n < 2)
		return n;
	qsort(p, n, sizeof *p, u32_cmp);
	uint32_t o = 1;
	for (uint32_t i = 1; i < n; i++)
		if (p[i] != p[o - 1])
			p[o++] = p[i];
	return o;
}

/* Input from real RPs is already nearly sorted; check first so a reload of
 * an ordered file skips the sort entirely. */
static int vrps_sorted(const struct vrp *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (vrp_cmp(&v[i - 1], &v[i]) > 0)
			return 0;
	return 1;
}

void rpki_set_finish(struct rpki_set *s)
{
	uint32_t *x = s->vrp_expires;
	if (s->nvrps > 1) {
		if (!vrps_sorted(s->vrps, s->nvrps))
			vrp_sort(s->vrps, x, s->nvrps);
		size_t o = 1;
		for (size_t i = 1; i < s->nvrps; i++) {
			if (vrp_cmp(&s->vrps[i], &s->vrps[o - 1]) != 0) {
				if (x)
					x[o] = x[i];
				s->vrps[o++] = s->vrps[i];
			} else if (x) {
				x[o - 1] = (uint32_t)merge_expiry(x[o - 1], x[i]);
			}
		}
		s->nvrps = o;
	}
	/* A finished set lives long (the RTR server keeps two during a reload):
	 * give back the slack of the doubling growth. */
	if (s->nvrps && s->vrp_cap > s->nvrps + s->nvrps / 16) {
		struct vrp *v = resize(s->vrps, s->nvrps, sizeof *v);
		uint32_t *nx = x ? resize(x, s->nvrps, sizeof *nx) : NULL;
		if (v)
			s->vrps = v;
		if (nx)
			s->vrp_expires = nx;
		if (v && (!x || nx))
			s->vrp_cap = s->nvrps;
		x = s->vrp_expires; /* realloc may have moved it */
	}
	if (s->naspas > 0) {
		qsort(s->aspas, s->naspas, sizeof *s->aspas, aspa_qcmp);
		/* Several ASPAs of one customer (from several sources) mean the union. */
		size_t o = 0;
		for (size_t i = 0; i < s->naspas; i++) {
			struct aspa *a = &s->aspas[i];
			if (o > 0 && s->aspas[o - 1].customer == a->customer) {
				struct aspa *d = &s->aspas[o - 1];
				uint32_t *m =
				    resize(d->providers, (size_t)d->nproviders + a->nproviders + 1,
				           sizeof *m);
				if (m) {
					memcpy(m + d->nproviders, a->providers,
					       a->nproviders * sizeof *m);
					d->providers = m;
					d->nproviders += a->nproviders;
				}
				d->expires = merge_expiry(d->expires, a->expires);
				free(a->providers);
				continue;
			}
			s->aspas[o++] = *a;
		}
		s->naspas = o;
		for (size_t i = 0; i < s->naspas; i++)
			s->aspas[i].nproviders =
			    uniq_providers(s->aspas[i].providers, s->aspas[i].nproviders);
	}
	/* The earliest expiry still held: when it passes, a server re-filters. */
	int64_t next = 0;
	for (size_t i = 0; x && i < s->nvrps; i++)
		if (x[i] && (next == 0 || x[i] < next))
			next = x[i];
	for (size_t i = 0; i < s->naspas; i++)
		if (s->aspas[i].expires > 0 && (next == 0 || s->aspas[i].expires < next))
			next = s->aspas[i].expires;
	s->next_expiry = s->ignore_expires ? 0 : next;
}

long rpki_set_drop_expired(const struct rpki_set *src, int64_t now, struct rpki_set *dst)
{
	rpki_set_init(dst);
	dst->ignore_expires = src->ignore_expires;
	dst->now = now;
	dst->generated = src->generated;
	dst->nsources = src->nsources;
	dst->nrejected = src->nrejected;
	memcpy(dst->reject_msg, src->reject_msg, sizeof dst->reject_msg);
	for (int i = 1; i < src->nta && i < 32; i++) {
		if (src->ta_names[i] && !(dst->ta_names[i] = strdup(src->ta_names[i])))
			goto fail;
		dst->nta = i + 1;
	}
	for (size_t i = 0; i < src->nvrps; i++)
		if (rpki_set_add_vrp_expires(dst, &src->vrps[i], rpki_set_vrp_expires(src, i)) < 0)
			goto fail;
	for (size_t i = 0; i < src->naspas; i++) {
		const struct aspa *a = &src->aspas[i];
		if (rpki_set_is_expired(dst, a->expires, 1))
			continue;
		if (rpki_set_add_aspa(dst, a->customer, a->providers, a->nproviders) < 0)
			goto fail;
		dst->aspas[dst->naspas - 1].expires = a->expires;
	}
	/* src is sorted and unique: finish only trims and finds next_expiry. */
	rpki_set_finish(dst);
	long dropped = (long)(dst->nexpired_vrps + dst->nexpired_aspas);
	dst->nexpired_vrps += src->nexpired_vrps;
	dst->nexpired_aspas += src->nexpired_aspas;
	dst->now = src->now;
	return dropped;
fail:
	rpki_set_free(dst);
	return -1;
}

/* A typed lower bound, as irr_db_memberof_range (irr_lookup.c) has for sets. */
const struct aspa *rpki_set_find_aspa(const struct rpki_set *s, uint32_t customer)
{
	size_t lo = 0, hi = s->naspas;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->aspas[mid].customer < customer)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->naspas && s->aspas[lo].customer == customer)
		return &s->aspas[lo];
	return NULL;
}

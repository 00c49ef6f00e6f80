/* SPDX-License-Identifier: ISC */
/* rov.c - RFC 6811 route origin validation over flattened VRP prefix segments. */
#include "rpki/rov.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/wire.h"

#define ROV_FL_MIN 4096 /* segments before a first-level table pays off */

static rov_u128 key_of(const uint8_t *addr, int family)
{
	rov_u128 k = 0;
	int n = family == 4 ? 4 : 16;
	for (int i = 0; i < n; i++)
		k = k << 8 | addr[i];
	return k;
}

/* Host part mask of a /len in a W-bit family. */
static rov_u128 host_mask(unsigned len, unsigned w)
{
	if (len >= w)
		return 0;
	if (w - len >= 128)
		return ~(rov_u128)0;
	return ((rov_u128)1 << (w - len)) - 1;
}

struct segs {
	rov_u128 *k;
	uint32_t *node;
	size_t n, cap;
};

static int seg_emit(struct segs *s, rov_u128 k, uint32_t node)
{
	/* Several changes at one address: the last one describes it. */
	if (s->n && s->k[s->n - 1] == k) {
		s->node[s->n - 1] = node;
		return 0;
	}
	if (s->n && s->node[s->n - 1] == node)
		return 0;
	size_t kcap = s->cap, ncap = s->cap; /* both arrays share s->cap */
	rov_u128 *k2 = GROW(s->k, kcap, s->n + 1);
	if (!k2)
		return -1;
	s->k = k2;
	uint32_t *n2 = GROW(s->node, ncap, s->n + 1);
	if (!n2)
		return -1;
	s->node = n2;
	s->cap = kcap;
	s->k[s->n] = k;
	s->node[s->n++] = node;
	return 0;
}

/* Sweep the VRP prefixes of one family (nodes[from..to), in prefix order,
 * which is a pre-order of their nesting) into segments, linking parents. */
static int sweep(struct rov_index *ix, size_t from, size_t to, int family, struct segs *sg)
{
	unsigned w = family == 4 ? 32 : 128;
	rov_u128 all = host_mask(0, w);
	uint32_t *stack = malloc((to - from + 1) * sizeof *stack);
	rov_u128 *send = malloc((to - from + 1) * sizeof *send);
	if (!stack || !send) {
		free(stack);
		free(send);
		return -1;
	}
	size_t sp = 0;
	int rc = 0;
	for (size_t i = from; i <= to && rc == 0; i++) {
		rov_u128 start = 0, end = 0;
		if (i < to) {
			const struct rov_node *nd = &ix->nodes[i];
			start = key_of(ix->vrps[nd->first].addr, family);
			end = start | host_mask(nd->len, w);
		}
		/* Close every open prefix that ends before this one starts. */
		while (sp && (i == to || send[sp - 1] < start)) {
			rov_u128 e = send[--sp];
			uint32_t up = sp ? stack[sp - 1] : ROV_NONE;
			if (e != all && seg_emit(sg, e + 1, up) < 0)
				rc = -1;
		}
		if (i == to)
			break;
		ix->nodes[i].parent = sp ? stack[sp - 1] : ROV_NONE;
		stack[sp] = (uint32_t)i;
		send[sp++] = end;
		if (seg_emit(sg, start, (uint32_t)i) < 0)
			rc = -1;
	}
	free(stack);
	free(send);
	return rc;
}

/* fl[t] = first segment whose key's top 16 bits are >= t. */
static uint32_t *first_level(const void *keys, size_t n, int family)
{
	uint32_t *fl = malloc(65537 * sizeof *fl);
	if (!fl)
		return NULL;
	size_t j = 0;
	for (uint32_t t = 0; t < 65536; t++) {
		while (j < n) {
			uint32_t top = family == 4 ? ((const uint32_t *)keys)[j] >> 16
			                           : (uint32_t)(((const rov_u128 *)keys)[j] >> 112);
			if (top >= t)
				break;
			j++;
		}
		fl[t] = (uint32_t)j;
	}
	fl[65536] = (uint32_t)n;
	return fl;
}

void rov_index_free(struct rov_index *ix)
{
	free(ix->nodes);
	free(ix->k4);
	free(ix->seg4);
	free(ix->k6);
	free(ix->seg6);
	free(ix->fl4);
	free(ix->fl6);
	memset(ix, 0, sizeof *ix);
}

int rov_index_build(struct rov_index *ix, const struct rpki_set *s, struct err *e)
{
	memset(ix, 0, sizeof *ix);
	ix->vrps = s->vrps;
	ix->nvrps = s->nvrps;
	if (s->nvrps >= ROV_NONE)
		return err_set(e, "too many VRPs for the index");
	ix->nodes = malloc((s->nvrps ? s->nvrps : 1) * sizeof *ix->nodes);
	if (!ix->nodes)
		goto oom;
	size_t n6_from = 0;
	for (size_t i = 0; i < s->nvrps;) {
		const struct vrp *v = &s->vrps[i];
		size_t j = i + 1;
		while (j < s->nvrps && s->vrps[j].family == v->family && s->vrps[j].len == v->len &&
		       memcmp(s->vrps[j].addr, v->addr, 16) == 0)
			j++;
		if (v->family == 4)
			n6_from = ix->nnodes + 1;
		ix->nodes[ix->nnodes++] =
		    (struct rov_node){(uint32_t)i, (uint32_t)(j - i), ROV_NONE, v->len};
		i = j;
	}
	struct segs s4 = {0}, s6 = {0};
	if (sweep(ix, 0, n6_from, 4, &s4) < 0 || sweep(ix, n6_from, ix->nnodes, 6, &s6) < 0) {
		free(s4.k);
		free(s4.node);
		free(s6.k);
		free(s6.node);
		goto oom;
	}
	ix->k4 = malloc((s4.n ? s4.n : 1) * sizeof *ix->k4);
	if (!ix->k4) {
		free(s4.k);
		free(s4.node);
		free(s6.k);
		free(s6.node);
		goto oom;
	}
	for (size_t i = 0; i < s4.n; i++)
		ix->k4[i] = (uint32_t)s4.k[i];
	free(s4.k);
	ix->seg4 = s4.node;
	ix->nseg4 = s4.n;
	ix->k6 = s6.k;
	ix->seg6 = s6.node;
	ix->nseg6 = s6.n;
	/* Small sets search all segments: the table would cost more than it saves. */
	if (ix->nseg4 >= ROV_FL_MIN && !(ix->fl4 = first_level(ix->k4, ix->nseg4, 4)))
		goto oom;
	if (ix->nseg6 >= ROV_FL_MIN && !(ix->fl6 = first_level(ix->k6, ix->nseg6, 6)))
		goto oom;
	return 0;
oom:
	rov_index_free(ix);
	return err_set(e, "out of memory building the ROV index");
}

size_t rov_index_memory(const struct rov_index *ix)
{
	return ix->nnodes * sizeof *ix->nodes + ix->nseg4 * 8 + ix->nseg6 * 20 +
	       ((ix->fl4 != NULL) + (ix->fl6 != NULL)) * 65537 * 4;
}

/* Most specific VRP prefix covering the first address of p, or ROV_NONE. */
static uint32_t deepest(const struct rov_index *ix, const struct prefix *p)
{
	if (p->family == 4) {
		if (!ix->nseg4)
			return ROV_NONE;
		uint32_t a = wire_load_u32(p->addr);
		size_t lo = 0, hi = ix->nseg4;
		if (ix->fl4) {
			lo = ix->fl4[a >> 16];
			hi = ix->fl4[(a >> 16) + 1];
		}
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (ix->k4[mid] <= a)
				lo = mid + 1;
			else
				hi = mid;
		}
		return lo ? ix->seg4[lo - 1] : ROV_NONE;
	}
	if (!ix->nseg6)
		return ROV_NONE;
	/* Twin of the IPv4 search above on 128-bit keys; one typed loop each. */
	rov_u128 a = key_of(p->addr, 6);
	uint32_t t = (uint32_t)(a >> 112);
	size_t lo = 0, hi = ix->nseg6;
	if (ix->fl6) {
		lo = ix->fl6[t];
		hi = ix->fl6[t + 1];
	}
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (ix->k6[mid] <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? ix->seg6[lo - 1] : ROV_NONE;
}

enum rov_state rov_validate(const struct rov_index *ix, const struct prefix *p, uint32_t origin)
{
	int covered = 0;
	for (uint32_t n = deepest(ix, p); n != ROV_NONE; n = ix->nodes[n].parent) {
		const struct rov_node *nd = &ix->nodes[n];
		if (nd->len > p->len)
			continue;
		covered = 1;
		const struct vrp *v = ix->vrps + nd->first, *end = v + nd->count;
		for (; v < end; v++)
			if (v->asn == origin && origin != 0 && v->maxlen >= p->len)
				return ROV_VALID;
	}
	return covered ? ROV_INVALID : ROV_NOT_FOUND;
}

enum rov_state rov_validate_detail(const struct rov_index *ix, const struct prefix *p,
                                   uint32_t origin, const struct vrp **out, size_t max,
                                   size_t *nout, enum rov_reason *why)
{
	size_t k = 0;
	int valid = 0, origin_seen = 0;
	for (uint32_t n = deepest(ix, p); n != ROV_NONE; n = ix->nodes[n].parent) {
		const struct rov_node *nd = &ix->nodes[n];
		if (nd->len > p->len)
			continue;
		for (uint32_t i = 0; i < nd->count; i++) {
			const struct vrp *v = &ix->vrps[nd->first + i];
			if (k < max)
				out[k] = v;
			k++;
			if (v->asn == origin && origin != 0) {
				origin_seen = 1;
				if (v->maxlen >= p->len)
					valid = 1;
			}
		}
	}
	if (nout)
		*nout = k;
	enum rov_state st = valid ? ROV_VALID : k ? ROV_INVALID : ROV_NOT_FOUND;
	if (why)
		*why = st != ROV_INVALID ? ROV_WHY_NONE
		       : origin_seen     ? ROV_WHY_MAXLEN
		                         : ROV_WHY_ORIGIN;
	return st;
}

const char *rov_state_name(enum rov_state st)
{
	static const char *const names[] = {"not-found", "valid", "invalid"};
	return (unsigned)st < 3 ? names[st] : "?";
}

const char *rov_reason_name(enum rov_reason why)
{
	static const char *const names[] = {"", "origin-mismatch", "longer-than-maxlength"};
	return (unsigned)why < 3 ? names[why] : "?";
}

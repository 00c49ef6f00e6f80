/* bgp_attr.c - path attribute decoder. */
#include "bgp/bgp_attr.h"

#include <string.h>

#include "core/wire.h"

/* Copy up to n bytes into out, zero-filling what the attribute lacks, so a
 * short attribute decodes to a defined value (and is flagged by the caller). */
static void take(const uint8_t *p, size_t have, uint8_t *out, size_t n)
{
	size_t k = have < n ? have : n;
	memcpy(out, p, k);
	memset(out + k, 0, n - k);
}

static uint32_t take32(const uint8_t *p, size_t have)
{
	uint8_t b[4];
	take(p, have, b, 4);
	return wire_load_u32(b);
}

static uint32_t take16(const uint8_t *p, size_t have)
{
	uint8_t b[2];
	take(p, have, b, 2);
	return wire_load_u16(b);
}

static void decode_mp_reach(const uint8_t *p, size_t n, struct bgp_attrs *a)
{
	struct bgp_mp_reach *m = &a->mp_reach;
	memset(m, 0, sizeof *m);
	/* An MP_REACH_NLRI always starts with a zero AFI byte; a nonzero first
	 * byte is the next hop length of the RFC 6396 abbreviated form. */
	if (n > 0 && p[0] != 0) {
		m->abbreviated = true;
		m->nh_len = p[0];
		m->nh = p + 1;
		if ((size_t)m->nh_len > n - 1)
			m->nh_len = (uint8_t)(n - 1);
		return;
	}
	if (n < 5)
		return;
	m->afi = wire_load_u16(p);
	m->safi = p[2];
	m->nh_len = p[3];
	size_t off = 4;
	if (m->nh_len > n - off) {
		m->nh_len = (uint8_t)(n - off);
		m->nh = p + off;
		return;
	}
	m->nh = p + off;
	off += m->nh_len;
	if (off >= n)
		return;
	/* Reserved (formerly SNPA count); skip any SNPAs defensively. */
	uint8_t snpa = p[off++];
	while (snpa-- > 0 && off < n) {
		size_t l = p[off++];
		off += l;
	}
	if (off > n)
		off = n;
	m->nlri = p + off;
	m->nlri_len = n - off;
}

static void decode_mp_unreach(const uint8_t *p, size_t n, struct bgp_attrs *a)
{
	struct bgp_mp_unreach *m = &a->mp_unreach;
	memset(m, 0, sizeof *m);
	if (n < 3)
		return;
	m->afi = wire_load_u16(p);
	m->safi = p[2];
	m->nlri = p + 3;
	m->nlri_len = n - 3;
}

int bgp_attrs_decode(const uint8_t *data, size_t len, int asn_len, bool in_rib,
		     struct bgp_attrs *a, struct err *e)
{
	(void)in_rib; /* the abbreviated form is recognised by content */
	memset(a, 0, offsetof(struct bgp_attrs, mp_reach));
	a->mp_reach.nlri_len = 0;
	a->mp_reach.abbreviated = false;
	a->mp_unreach.nlri_len = 0;
	a->n_unknown = 0;
	a->malformed = false;
	a->asn_len = (uint8_t)asn_len;
	int rc = 0;
	size_t off = 0;
	while (off < len) {
		size_t start = off;
		if (len - off < 3) {
			a->malformed = true;
			err_set(e, "attribute header truncated at byte %zu", start);
			if (e) {
				e->offset = start;
				e->has_offset = 1;
			}
			return -1;
		}
		uint8_t flags = data[off], type = data[off + 1];
		size_t alen;
		if (flags & BGP_ATTR_FLAG_EXTLEN) {
			if (len - off < 4) {
				a->malformed = true;
				err_set(e, "attribute header truncated at byte %zu", start);
				return -1;
			}
			alen = wire_load_u16(data + off + 2);
			off += 4;
		} else {
			alen = data[off + 2];
			off += 3;
		}
		if (alen > len - off) {
			a->malformed = true;
			err_set(e, "attribute %u of %zu bytes overruns the %zu left at byte %zu",
				type, alen, len - off, start);
			if (e) {
				e->offset = start;
				e->has_offset = 1;
			}
			return -1;
		}
		const uint8_t *p = data + off;
		off += alen;
		if (type >= 1 && type <= 64)
			a->present |= (uint64_t)1 << (type - 1);
		size_t need = 0;
		switch (type) {
		case BGP_ATTR_ORIGIN:
			need = 1;
			a->origin = alen ? p[0] : 0;
			break;
		case BGP_ATTR_AS_PATH:
			a->as_path = p;
			a->as_path_len = alen;
			break;
		case BGP_ATTR_AS4_PATH:
			a->as4_path = p;
			a->as4_path_len = alen;
			break;
		case BGP_ATTR_NEXT_HOP:
			need = 4;
			take(p, alen, a->next_hop, 4);
			break;
		case BGP_ATTR_MED:
			need = 4;
			a->med = take32(p, alen);
			break;
		case BGP_ATTR_LOCAL_PREF:
			need = 4;
			a->local_pref = take32(p, alen);
			break;
		case BGP_ATTR_ATOMIC_AGGREGATE:
			break;
		case BGP_ATTR_AGGREGATOR:
			need = (size_t)asn_len + 4;
			if (asn_len == 4)
				a->aggregator_as = take32(p, alen);
			else
				a->aggregator_as = take16(p, alen);
			take(alen > (size_t)asn_len ? p + asn_len : p + alen,
			     alen > (size_t)asn_len ? alen - asn_len : 0, a->aggregator_id, 4);
			break;
		case BGP_ATTR_AS4_AGGREGATOR:
			need = 8;
			a->as4_aggregator_as = take32(p, alen);
			take(alen > 4 ? p + 4 : p + alen, alen > 4 ? alen - 4 : 0,
			     a->as4_aggregator_id, 4);
			break;
		case BGP_ATTR_COMMUNITIES:
			a->communities = p;
			a->n_communities = alen / 4;
			break;
		case BGP_ATTR_EXT_COMMUNITIES:
			a->ext_communities = p;
			a->n_ext_communities = alen / 8;
			break;
		case BGP_ATTR_LARGE_COMMUNITIES:
			a->large_communities = p;
			a->n_large_communities = alen / 12;
			break;
		case BGP_ATTR_ORIGINATOR_ID:
			need = 4;
			take(p, alen, a->originator_id, 4);
			break;
		case BGP_ATTR_CLUSTER_LIST:
			a->cluster_list = p;
			a->n_cluster_list = alen / 4;
			break;
		case BGP_ATTR_OTC:
			need = 4;
			a->otc = take32(p, alen);
			break;
		case BGP_ATTR_MP_REACH_NLRI:
			decode_mp_reach(p, alen, a);
			break;
		case BGP_ATTR_MP_UNREACH_NLRI:
			decode_mp_unreach(p, alen, a);
			break;
		default:
			if (a->n_unknown < BGP_ATTR_MAX_UNKNOWN)
				a->unknown[a->n_unknown] = (struct bgp_attr_raw){
					flags, type, (uint16_t)alen, p};
			a->n_unknown++;
			break;
		}
		if (alen < need && rc == 0) {
			/* Keep going: the framing is intact, only this value is short. */
			a->malformed = true;
			rc = err_set(e, "attribute %u has length %zu, want %zu, at byte %zu", type,
				     alen, need, start);
			if (e) {
				e->offset = start;
				e->has_offset = 1;
			}
		}
	}
	return rc;
}

/* Count an AS path the way RFC 4271 9.1.2.2 does (a set counts one),
 * ignoring confederation segments. -1 when malformed. */
static int path_count(const uint8_t *p, size_t n, int asn_len)
{
	int count = 0;
	size_t off = 0;
	while (off < n) {
		if (n - off < 2)
			return -1;
		uint8_t t = p[off], l = p[off + 1];
		off += 2;
		if ((size_t)l * (size_t)asn_len > n - off)
			return -1;
		off += (size_t)l * (size_t)asn_len;
		if (t == BGP_AS_SEQUENCE)
			count += l;
		else if (t == BGP_AS_SET)
			count += 1;
		else if (t != BGP_AS_CONFED_SEQUENCE && t != BGP_AS_CONFED_SET)
			return -1;
	}
	return count;
}

/* Append the ASNs of segments to path, stopping after limit counted hops
 * (limit < 0: no limit). Returns the new total. */
static size_t path_append(const uint8_t *p, size_t n, int asn_len, int limit, uint32_t *path,
			  size_t max, size_t k)
{
	size_t off = 0;
	int counted = 0;
	while (off + 2 <= n && (limit < 0 || counted < limit)) {
		uint8_t t = p[off], l = p[off + 1];
		off += 2;
		if (t == BGP_AS_CONFED_SEQUENCE || t == BGP_AS_CONFED_SET) {
			off += (size_t)l * (size_t)asn_len;
			continue;
		}
		for (uint8_t i = 0; i < l && off + (size_t)asn_len <= n; i++) {
			if (t == BGP_AS_SEQUENCE && limit >= 0 && counted >= limit)
				break;
			uint32_t asn = asn_len == 4 ? wire_load_u32(p + off) : wire_load_u16(p + off);
			off += (size_t)asn_len;
			if (k < max)
				path[k] = asn;
			k++;
			if (t == BGP_AS_SEQUENCE)
				counted++;
		}
		if (t == BGP_AS_SET)
			counted++;
	}
	return k;
}

int bgp_attrs_path(const struct bgp_attrs *a, uint32_t *path, size_t max)
{
	if (!BGP_ATTR_HAS(a, BGP_ATTR_AS_PATH))
		return 0;
	int n = path_count(a->as_path, a->as_path_len, a->asn_len);
	if (n < 0)
		return -1;
	if (a->asn_len == 2 && BGP_ATTR_HAS(a, BGP_ATTR_AS4_PATH)) {
		int n4 = path_count(a->as4_path, a->as4_path_len, 4);
		/* RFC 6793 4.2.3: an AS4_PATH longer than AS_PATH is ignored. */
		if (n4 >= 0 && n4 <= n) {
			size_t k = path_append(a->as_path, a->as_path_len, 2, n - n4, path, max, 0);
			k = path_append(a->as4_path, a->as4_path_len, 4, -1, path, max, k);
			return (int)k;
		}
	}
	return (int)path_append(a->as_path, a->as_path_len, a->asn_len, -1, path, max, 0);
}

uint32_t bgp_attrs_origin_as(const struct bgp_attrs *a)
{
	const uint8_t *p = a->as_path;
	size_t n = a->as_path_len;
	int asn_len = a->asn_len;
	if (a->asn_len == 2 && BGP_ATTR_HAS(a, BGP_ATTR_AS4_PATH)) {
		int c = path_count(a->as_path, a->as_path_len, 2);
		int c4 = path_count(a->as4_path, a->as4_path_len, 4);
		if (c >= 0 && c4 > 0 && c4 <= c) {
			p = a->as4_path;
			n = a->as4_path_len;
			asn_len = 4;
		}
	}
	if (!BGP_ATTR_HAS(a, BGP_ATTR_AS_PATH) || path_count(p, n, asn_len) < 0)
		return 0;
	uint32_t origin = 0;
	size_t off = 0;
	while (off + 2 <= n) {
		uint8_t t = p[off], l = p[off + 1];
		off += 2;
		if (t == BGP_AS_SEQUENCE && l > 0)
			origin = asn_len == 4 ? wire_load_u32(p + off + (size_t)(l - 1) * 4)
					      : wire_load_u16(p + off + (size_t)(l - 1) * 2);
		else if (t == BGP_AS_SET)
			origin = 0;
		off += (size_t)l * (size_t)asn_len;
	}
	return origin;
}

const char *bgp_origin_name(uint8_t origin)
{
	static const char *names[] = {"IGP", "EGP", "INCOMPLETE"};
	return origin < 3 ? names[origin] : "INCOMPLETE";
}

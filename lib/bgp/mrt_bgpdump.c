/* SPDX-License-Identifier: ISC */
/* mrt_bgpdump.c - bgpdump -m / -M compatible lines. */
#include "bgp/mrt_bgpdump.h"

#include <stdlib.h>
#include <time.h>

#include "core/grow.h"
#include "core/wire.h"

#define ASPATH_MAX 8000 /* bgpdump's path buffer: longer paths end in "..." */

void mrt_bgpdump_init(struct mrt_bgpdump *f, enum mrt_bgpdump_mode mode, bool time_change)
{
	memset(f, 0, sizeof *f);
	f->mode = mode;
	f->time_change = time_change;
	f->cached_id = UINT64_MAX;
}

void mrt_bgpdump_free(struct mrt_bgpdump *f)
{
	mrt_buf_free(&f->aspath);
	mrt_buf_free(&f->comms);
}

/* bgpdump's path count: a sequence counts its members, a set counts one;
 * a malformed path counts zero. */
static int bd_count(const uint8_t *p, size_t n, int asn_len)
{
	int count = 0;
	struct wire_cur c = wire_cur_make(p, n);
	while (wire_left(&c)) {
		uint8_t t, l;
		if (!wire_get_u8(&c, &t) || !wire_get_u8(&c, &l))
			return 0;
		if (t < BGP_AS_SET || t > BGP_AS_CONFED_SET)
			return 0;
		if (!wire_skip(&c, (size_t)l * (size_t)asn_len))
			return 0;
		count += (t == BGP_AS_SET || t == BGP_AS_CONFED_SET) ? 1 : l;
	}
	return count;
}

/* Read one ASN of asn_len (2 or 4) bytes from a checked segment. */
static uint32_t bd_asn(struct wire_cur *seg, int asn_len)
{
	uint32_t v32 = 0;
	uint16_t v16 = 0;
	if (asn_len == 4)
		wire_get_u32(seg, &v32);
	else if (wire_get_u16(seg, &v16))
		v32 = v16;
	return v32;
}

static char seg_open(uint8_t t)
{
	return t == BGP_AS_SET               ? '{'
	       : t == BGP_AS_CONFED_SET      ? '['
	       : t == BGP_AS_CONFED_SEQUENCE ? '('
	                                     : ' ';
}

static char seg_close(uint8_t t)
{
	return t == BGP_AS_SET               ? '}'
	       : t == BGP_AS_CONFED_SET      ? ']'
	       : t == BGP_AS_CONFED_SEQUENCE ? ')'
	                                     : ' ';
}

/* Render segments the way bgpdump does: a closing bracket is written when
 * the segment type changes away from a bracketed one, members of sets are
 * comma separated, and output stops with "..." near 8000 characters. */
static int bd_render(const uint8_t *p, size_t n, int asn_len, struct mrt_buf *out)
{
	if (mrt_buf_reserve(out, ASPATH_MAX + 16) < 0)
		return -1;
	char *base = out->p + out->len, *o = base;
	uint8_t prev = BGP_AS_SEQUENCE, last = 0;
	int space = 0;
	bool any = false;
	struct wire_cur c = wire_cur_make(p, n);
	while (wire_left(&c)) {
		uint8_t t, l;
		struct wire_cur seg;
		if (!wire_get_u8(&c, &t) || !wire_get_u8(&c, &l))
			goto error;
		if (t < BGP_AS_SET || t > BGP_AS_CONFED_SET)
			goto error;
		if (!wire_sub(&c, (size_t)l * (size_t)asn_len, &seg))
			goto error;
		if (prev != BGP_AS_SEQUENCE)
			*o++ = seg_close(prev);
		if (space)
			*o++ = ' ';
		if (t != BGP_AS_SEQUENCE)
			*o++ = seg_open(t);
		space = 0;
		char sep = (t == BGP_AS_SET || t == BGP_AS_CONFED_SET) ? ',' : ' ';
		for (unsigned i = 0; i < l; i++) {
			if (space)
				*o++ = sep;
			else
				space = 1;
			o = mrt_fmt_u32(o, bd_asn(&seg, asn_len));
			if (o - base > ASPATH_MAX - 100) {
				o = mrt_fmt_mem(o, "...", 3);
				out->len = (size_t)(o - out->p);
				return 0;
			}
		}
		prev = t;
		last = t;
		any = true;
	}
	if (any && last != BGP_AS_SEQUENCE)
		*o++ = seg_close(last);
	out->len = (size_t)(o - out->p);
	return 0;
error:
	out->len = (size_t)(base - out->p);
	mrt_buf_puts(out, "! Error !");
	return 0;
}

/* Does bgpdump merge AS4_PATH into AS_PATH for these attributes? */
static bool bd_merges(const struct bgp_attrs *a)
{
	if (a->asn_len != 2 || !BGP_ATTR_HAS(a, BGP_ATTR_AS4_PATH) ||
	    !BGP_ATTR_HAS(a, BGP_ATTR_AS_PATH))
		return false;
	/* bgpdump returns early (skipping the path merge too) when both
	 * aggregator attributes are present and AGGREGATOR is not AS_TRANS. */
	if (BGP_ATTR_HAS(a, BGP_ATTR_AGGREGATOR) && BGP_ATTR_HAS(a, BGP_ATTR_AS4_AGGREGATOR) &&
	    a->aggregator_as != 23456)
		return false;
	return true;
}

int mrt_bgpdump_aspath(const struct bgp_attrs *a, struct mrt_buf *out)
{
	if (!BGP_ATTR_HAS(a, BGP_ATTR_AS_PATH))
		return 0;
	if (!bd_merges(a))
		return bd_render(a->as_path, a->as_path_len, a->asn_len, out);
	int count = bd_count(a->as_path, a->as_path_len, 2);
	int count4 = bd_count(a->as4_path, a->as4_path_len, 4);
	if (count < count4)
		return bd_render(a->as_path, a->as_path_len, 2, out);
	/* bgpdump's merge copies the FIRST AS_PATH segment (widened to 4 bytes)
	 * until it has count - count4 hops, truncating the last copy, then
	 * appends AS4_PATH. Repeating the first segment is its bug; we keep it
	 * for identical output. */
	int target = count - count4;
	struct wire_cur path = wire_cur_make(a->as_path, a->as_path_len), first;
	uint8_t t = 0, l = 0;
	size_t copies = 0;
	if (target > 0 && wire_get_u8(&path, &t) && wire_get_u8(&path, &l) &&
	    wire_sub(&path, (size_t)l * 2, &first)) {
		bool set = t == BGP_AS_SET || t == BGP_AS_CONFED_SET;
		/* A set counts one per copy; an empty sequence would make
		 * bgpdump spin forever, so it gets no copies. */
		if (set)
			copies = (size_t)target;
		else if (l)
			copies = ((size_t)target + l - 1) / l;
	}
	size_t cap = copies * (2 + (size_t)l * 4) + a->as4_path_len;
	uint8_t *m = malloc(cap ? cap : 1);
	if (!m)
		return -1;
	struct wire_buf w = wire_buf_make(m, cap);
	int have = 0;
	for (size_t k = 0; k < copies; k++) {
		bool set = t == BGP_AS_SET || t == BGP_AS_CONFED_SET;
		uint8_t n = !set && have + l > target ? (uint8_t)(target - have) : l;
		have += set ? 1 : l;
		wire_put_u8(&w, t);
		wire_put_u8(&w, n);
		struct wire_cur asns = first;
		for (unsigned i = 0; i < n; i++) {
			uint16_t v = 0;
			wire_get_u16(&asns, &v);
			wire_put_u32(&w, v);
		}
	}
	wire_put_bytes(&w, a->as4_path, a->as4_path_len);
	size_t mlen = w.len;
	int rc = bd_render(m, mlen, 4, out);
	free(m);
	return rc;
}

static int bd_communities(const struct bgp_attrs *a, struct mrt_buf *out)
{
	if (mrt_buf_reserve(out, a->n_communities * 14 + 1) < 0)
		return -1;
	struct wire_cur cur = wire_cur_make(a->communities, 4 * a->n_communities);
	for (size_t i = 0; i < a->n_communities; i++) {
		uint32_t c = 0;
		wire_get_u32(&cur, &c);
		if (i)
			mrt_buf_putc(out, ' ');
		switch (c) {
		case 0xFFFFFF01:
			mrt_buf_put(out, "no-export", 9);
			break;
		case 0xFFFFFF02:
			mrt_buf_put(out, "no-advertise", 12);
			break;
		case 0xFFFFFF03:
			mrt_buf_put(out, "local-AS", 8);
			break;
		default:
			mrt_buf_u32(out, c >> 16);
			mrt_buf_putc(out, ':');
			mrt_buf_u32(out, c & 0xffff);
		}
	}
	return 0;
}

static int refresh_cache(struct mrt_bgpdump *f, const struct mrt_elem *el)
{
	if (f->cached_id == el->attrs_id)
		return 0;
	f->aspath.len = 0;
	f->comms.len = 0;
	if (mrt_buf_reserve(&f->aspath, 16) < 0 || mrt_buf_reserve(&f->comms, 16) < 0)
		return -1;
	if (mrt_bgpdump_aspath(el->attrs, &f->aspath) < 0)
		return -1;
	if (BGP_ATTR_HAS(el->attrs, BGP_ATTR_COMMUNITIES) &&
	    bd_communities(el->attrs, &f->comms) < 0)
		return -1;
	f->cached_id = el->attrs_id;
	return 0;
}

/* bgpdump's own IPv6 text: embedded IPv4 for mapped and compatible
 * addresses, and "::" for the first longest run of zero groups even when
 * that run is a single group (RFC 5952 says not to; bgpdump does). */
static char *put_ipv6(char *o, const uint8_t *a)
{
	static const uint8_t zero12[12] = {0};
	static const char hexd[] = "0123456789abcdef";
	if (!memcmp(a, zero12, 10) && ((a[10] == 0xff && a[11] == 0xff) ||
	                               (a[10] == 0 && a[11] == 0 && wire_load_u32(a + 12) > 1))) {
		o = mrt_fmt_mem(o, a[10] ? "::ffff:" : "::", a[10] ? 7 : 2);
		return mrt_fmt_ipv4(o, a + 12);
	}
	uint16_t g[8];
	for (int i = 0; i < 8; i++)
		g[i] = wire_load_u16(a + 2 * i);
	int best = -1, best_len = 0;
	for (int i = 0; i < 8;) {
		if (g[i]) {
			i++;
			continue;
		}
		int j = i;
		while (j < 8 && !g[j])
			j++;
		if (j - i > best_len) {
			best = i;
			best_len = j - i;
		}
		i = j;
	}
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			if (i == 0)
				*o++ = ':';
			*o++ = ':';
			i += best_len - 1;
			continue;
		}
		uint16_t v = g[i];
		int shift = 12;
		while (shift > 0 && !((v >> shift) & 15))
			shift -= 4;
		for (; shift >= 0; shift -= 4)
			*o++ = hexd[(v >> shift) & 15];
		if (i != 7)
			*o++ = ':';
	}
	return o;
}

static char *put_addr(char *o, int family, const uint8_t *a)
{
	return family == 6 ? put_ipv6(o, a) : mrt_fmt_ipv4(o, a);
}

/* The prefix with host bits cleared (see the header). */
static char *put_prefix(char *o, const struct mrt_elem *el, int family)
{
	uint8_t a[16];
	memcpy(a, el->pfx_raw, 16);
	unsigned len = el->pfx_len;
	unsigned max = family == 6 ? 128 : 32;
	if (len < max) {
		a[len / 8] &= (uint8_t)(0xff00 >> (len % 8));
		for (unsigned i = len / 8 + 1; i < 16; i++)
			a[i] = 0;
	}
	o = put_addr(o, family, a);
	*o++ = '/';
	return mrt_fmt_u32(o, el->pfx_len);
}

/* bgpdump's mm/dd/yy hh:mm:ss in UTC. */
static char *put_human_time(char *o, uint32_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	int v[6] = {tm.tm_mon + 1, tm.tm_mday, tm.tm_year % 100, tm.tm_hour, tm.tm_min, tm.tm_sec};
	static const char sep[6] = {'/', '/', ' ', ':', ':', 0};
	for (int i = 0; i < 6; i++) {
		*o++ = (char)('0' + v[i] / 10);
		*o++ = (char)('0' + v[i] % 10);
		if (sep[i])
			*o++ = sep[i];
	}
	return o;
}

static char *put_time(const struct mrt_bgpdump *f, char *o, uint32_t t, bool et, uint32_t usec)
{
	o = f->mode == MRT_BGPDUMP_M ? mrt_fmt_u32(o, t) : put_human_time(o, t);
	if (et) {
		*o++ = '.';
		/* %06ld of a value above 999999 prints all its digits. */
		if (usec > 999999)
			return mrt_fmt_u32(o, usec);
		for (int i = 5; i >= 0; i--) {
			o[i] = (char)('0' + usec % 10);
			usec /= 10;
		}
		o += 6;
	}
	return o;
}

/* Which next hop bgpdump shows: 4 = IPv4 bytes in nh, 6 = IPv6. */
static int bd_nexthop(const struct mrt_elem *el, uint8_t nh[16])
{
	const struct bgp_attrs *a = el->attrs;
	memset(nh, 0, 16);
	const struct bgp_mp_reach *m = &a->mp_reach;
	bool has_mp = BGP_ATTR_HAS(a, BGP_ATTR_MP_REACH_NLRI);
	if (el->src == MRT_SRC_MP && has_mp) {
		memcpy(nh, m->nh, m->nh_len < 16 ? m->nh_len : 16);
		return el->afi == BGP_AFI_IPV6 ? 6 : 4;
	}
	if (el->src == MRT_SRC_RIB && has_mp &&
	    (m->abbreviated || (m->afi == BGP_AFI_IPV6 && m->safi == BGP_SAFI_UNICAST))) {
		if (m->nh)
			memcpy(nh, m->nh, m->nh_len < 16 ? m->nh_len : 16);
		return 6;
	}
	if (BGP_ATTR_HAS(a, BGP_ATTR_NEXT_HOP))
		memcpy(nh, a->next_hop, 4);
	else
		memset(nh, 0xff, 4);
	return 4;
}

static char *put_num(char *o, uint32_t v, bool is_signed)
{
	if (is_signed && (int32_t)v < 0) {
		*o++ = '-';
		v = (uint32_t)0 - v;
	}
	return mrt_fmt_u32(o, v);
}

/* "path|origin|nh|lp|med|comms|AG|aggregator|\n" tail shared by -m lines. */
static char *put_route_tail(struct mrt_bgpdump *f, const struct mrt_elem *el, char *o,
                            bool signed_nums, bool legacy)
{
	const struct bgp_attrs *a = el->attrs;
	o = mrt_fmt_mem(o, f->aspath.p, f->aspath.len);
	*o++ = '|';
	o = mrt_fmt_str(o, BGP_ATTR_HAS(a, BGP_ATTR_ORIGIN) ? bgp_origin_name(a->origin)
	                                                    : "INCOMPLETE");
	if (f->mode != MRT_BGPDUMP_M) {
		*o++ = '\n';
		return o;
	}
	*o++ = '|';
	uint8_t nh[16];
	o = put_addr(o, bd_nexthop(el, nh), nh);
	*o++ = '|';
	o = put_num(o, BGP_ATTR_HAS(a, BGP_ATTR_LOCAL_PREF) ? a->local_pref : 0, signed_nums);
	*o++ = '|';
	o = put_num(o, BGP_ATTR_HAS(a, BGP_ATTR_MED) ? a->med : 0, signed_nums);
	/* The legacy BGP line has no separator before the communities and no
	 * empty field when there are none. */
	if (!legacy)
		*o++ = '|';
	o = mrt_fmt_mem(o, f->comms.p, f->comms.len);
	*o++ = '|';
	o = mrt_fmt_str(o, BGP_ATTR_HAS(a, BGP_ATTR_ATOMIC_AGGREGATE) ? "AG" : "NAG");
	*o++ = '|';
	uint32_t agg_as = a->aggregator_as;
	const uint8_t *agg_id = a->aggregator_id;
	if (a->asn_len == 2 && BGP_ATTR_HAS(a, BGP_ATTR_AGGREGATOR) &&
	    BGP_ATTR_HAS(a, BGP_ATTR_AS4_AGGREGATOR) && a->aggregator_as == 23456) {
		agg_as = a->as4_aggregator_as;
		agg_id = a->as4_aggregator_id;
	}
	static const uint8_t none[4] = {255, 255, 255, 255};
	if (BGP_ATTR_HAS(a, BGP_ATTR_AGGREGATOR) && memcmp(agg_id, none, 4) != 0) {
		o = mrt_fmt_u32(o, agg_as);
		*o++ = ' ';
		o = mrt_fmt_ipv4(o, agg_id);
	}
	*o++ = '|';
	*o++ = '\n';
	return o;
}

static const char *bgp4mp_label(const struct mrt_record *r)
{
	uint16_t st = r->subtype;
	bool local = st == MRT_BGP4MP_MESSAGE_LOCAL || st == MRT_BGP4MP_MESSAGE_AS4_LOCAL ||
	             st == MRT_BGP4MP_MESSAGE_LOCAL_ADDPATH ||
	             st == MRT_BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH;
	bool ap = st >= MRT_BGP4MP_MESSAGE_ADDPATH && st <= MRT_BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH;
	static const char *labels[2][2][2] = {
	    {{"BGP4MP", "BGP4MP_AP"}, {"BGP4MP_LOCAL", "BGP4MP_LOCAL_AP"}},
	    {{"BGP4MP_ET", "BGP4MP_ET_AP"}, {"BGP4MP_ET_LOCAL", "BGP4MP_ET_LOCAL_AP"}},
	};
	return labels[r->et][local][ap];
}

int mrt_bgpdump_format(struct mrt_bgpdump *f, const struct mrt_elem *el, struct mrt_buf *b)
{
	const struct mrt_record *r = el->rec;
	const char *label;
	bool legacy = false, et = false,
	     show_pathid = el->addpath && el->addpath_src == MRT_AP_SUBTYPE;
	uint32_t t = r->time;
	char kind;
	switch (r->type) {
	case MRT_TABLE_DUMP:
		label = "TABLE_DUMP";
		break;
	case MRT_TABLE_DUMP_V2:
		/* bgpdump prints only the unicast RIB subtypes. */
		if (r->subtype != 2 && r->subtype != 4 && r->subtype != 8 && r->subtype != 10)
			return 0;
		label = el->addpath ? "TABLE_DUMP2_AP" : "TABLE_DUMP2";
		break;
	case MRT_BGP4MP:
	case MRT_BGP4MP_ET:
		et = r->et;
		label =
		    el->type == MRT_ELEM_STATE ? (et ? "BGP4MP_ET" : "BGP4MP") : bgp4mp_label(r);
		break;
	case 5:
		label = "BGP";
		legacy = true;
		/* bgpdump never looks at MP_REACH/MP_UNREACH in legacy records. */
		if (el->src == MRT_SRC_MP)
			return 0;
		break;
	default:
		return 0;
	}
	switch (el->type) {
	case MRT_ELEM_RIB:
		kind = 'B';
		if (f->time_change)
			t = el->originated;
		break;
	case MRT_ELEM_ANNOUNCE:
		kind = 'A';
		break;
	case MRT_ELEM_WITHDRAW:
		kind = 'W';
		break;
	case MRT_ELEM_STATE:
		kind = 'S';
		break;
	default:
		return 0;
	}
	if (el->attrs && (kind == 'B' || kind == 'A') && refresh_cache(f, el) < 0)
		return -1;
	if (mrt_buf_reserve(b, 512 + f->aspath.len + f->comms.len) < 0)
		return -1;
	char *o = b->p + b->len;
	o = mrt_fmt_str(o, label);
	*o++ = '|';
	o = put_time(f, o, t, et, r->usec);
	*o++ = '|';
	if (kind == 'S') {
		o = mrt_fmt_mem(o, "STATE", 5);
	} else {
		*o++ = kind;
	}
	*o++ = '|';
	/* TABLE_DUMP subtype 4 (IPv6, 4-byte AS) is shown as IPv4 by bgpdump. */
	int family = el->afi == BGP_AFI_IPV6 ? 6 : 4;
	int peer_family = el->peer_family;
	if (r->type == MRT_TABLE_DUMP)
		family = peer_family = r->subtype == 2 ? 6 : 4;
	o = put_addr(o, peer_family, el->peer_addr);
	*o++ = '|';
	o = mrt_fmt_u32(o, el->peer_as);
	*o++ = '|';
	if (kind == 'S') {
		o = mrt_fmt_u32(o, el->old_state);
		*o++ = '|';
		o = mrt_fmt_u32(o, el->new_state);
		*o++ = '\n';
	} else {
		o = put_prefix(o, el, family);
		if (kind == 'W') {
			if (show_pathid) {
				*o++ = '|';
				o = mrt_fmt_u32(o, el->path_id);
			}
			*o++ = '\n';
		} else {
			*o++ = '|';
			if (show_pathid) {
				o = mrt_fmt_u32(o, el->path_id);
				*o++ = '|';
			}
			bool signed_nums = el->src == MRT_SRC_MP && el->afi == BGP_AFI_IPV4;
			o = put_route_tail(f, el, o, signed_nums, legacy);
		}
	}
	b->len = (size_t)(o - b->p);
	return 0;
}

/* SPDX-License-Identifier: ISC */
/* mrt_elem.c - decode MRT record bodies into per-prefix route elements. */
#include "bgp/mrt_elem.h"

#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "bgp/bgp_msg.h"
#include "bgp/mrt_addpath.h"
#include "bgp/mrt_bgp4mp.h"
#include "bgp/mrt_td2.h"
#include "core/wire.h"

enum mode { M_NONE, M_RIB, M_UPDATE, M_STATE };

/* A run of NLRI-encoded prefixes still to hand out. */
struct block {
	struct wire_cur c;
	enum mrt_elem_type type;
	enum mrt_nlri_src src;
	uint16_t afi;
	uint8_t safi;
	bool addpath; /* prefixes carry path identifiers */
	enum mrt_addpath_src ap_src;
};

struct mrt_elems {
	struct mrt_reader *r;
	struct mrt_record rec;
	struct bgp_attrs attrs;
	struct mrt_elem el;
	enum mode mode;
	/* TABLE_DUMP_V2 peer index table */
	struct mrt_peer_table pit;
	bool have_pit;
	/* RIB record in progress */
	struct wire_cur rib;
	unsigned rib_left;
	int rib_asn_len;
	/* UPDATE in progress */
	struct block blocks[4];
	int nblocks, cur;
	struct mrt_ap_table ap; /* ADD-PATH per session direction */
	unsigned long dropped_updates;
	unsigned long counts[64];
	unsigned long verdicts[4]; /* attribute sets by RFC 7606 action */
};

struct mrt_elems *mrt_elems_new(struct mrt_reader *r, struct err *e)
{
	struct mrt_elems *it = calloc(1, sizeof *it);
	if (!it) {
		err_set(e, "out of memory");
		return NULL;
	}
	it->r = r;
	it->el.rec = &it->rec;
	return it;
}

void mrt_elems_free(struct mrt_elems *it)
{
	if (!it)
		return;
	mrt_peer_table_free(&it->pit);
	mrt_ap_free(&it->ap);
	free(it);
}

unsigned long mrt_elems_dropped_updates(const struct mrt_elems *it)
{
	return it->dropped_updates;
}

const unsigned long *mrt_elems_record_counts(const struct mrt_elems *it)
{
	return it->counts;
}

const unsigned long *mrt_elems_rfc7606_counts(const struct mrt_elems *it)
{
	return it->verdicts;
}

void mrt_elem_prefix(const struct mrt_elem *el, struct prefix *p)
{
	prefix_from_bytes(p, el->afi == BGP_AFI_IPV6 ? 6 : 4, el->pfx_raw, el->pfx_len);
}

int mrt_elem_next_hop(const struct mrt_elem *el, struct prefix *nh)
{
	const struct bgp_attrs *a = el->attrs;
	if (!a || el->type == MRT_ELEM_WITHDRAW || el->type == MRT_ELEM_STATE)
		return -1;
	const struct bgp_mp_reach *m = &a->mp_reach;
	if (BGP_ATTR_HAS(a, BGP_ATTR_MP_REACH_NLRI) && m->nh && m->nh_len >= 4 &&
	    (el->src == MRT_SRC_MP || (el->src == MRT_SRC_RIB && el->afi == BGP_AFI_IPV6))) {
		/* 16 or 32 bytes (global + link-local) is IPv6; 4 is IPv4. */
		if (m->nh_len >= 16)
			return prefix_from_bytes(nh, 6, m->nh, 128);
		return prefix_from_bytes(nh, 4, m->nh, 32);
	}
	if (BGP_ATTR_HAS(a, BGP_ATTR_NEXT_HOP))
		return prefix_from_bytes(nh, 4, a->next_hop, 32);
	return -1;
}

uint32_t mrt_elem_origin_as(const struct mrt_elem *el)
{
	if (!el->attrs || el->type == MRT_ELEM_WITHDRAW || el->type == MRT_ELEM_STATE)
		return 0;
	return bgp_attrs_origin_as(el->attrs);
}

/* Byte offset in the file of position q inside the current record body. */
static uint64_t off_of(const struct mrt_elems *it, const uint8_t *q)
{
	return it->rec.offset + MRT_HEADER_LEN + (it->rec.et ? 4 : 0) +
	       (uint64_t)(q - it->rec.body);
}

static unsigned family_maxlen(uint16_t afi)
{
	return afi == BGP_AFI_IPV6 ? 128 : 32;
}

/* Read one NLRI prefix (with path id when addpath) from c into el.
 * Returns 1, 0 when c is empty, -1 when malformed (warned). */
static int read_prefix(struct mrt_elems *it, struct wire_cur *c, uint16_t afi, bool addpath,
                       struct mrt_elem *el)
{
	if (wire_left(c) == 0)
		return 0;
	const uint8_t *start = c->p;
	el->path_id = 0;
	if (addpath && !wire_get_u32(c, &el->path_id)) {
		mrt_reader_warn(it->r, off_of(it, start), "NLRI path identifier truncated");
		return -1;
	}
	uint8_t len;
	const uint8_t *bytes;
	if (!wire_get_u8(c, &len)) {
		mrt_reader_warn(it->r, off_of(it, start), "NLRI truncated");
		return -1;
	}
	if (len > family_maxlen(afi)) {
		mrt_reader_warn(it->r, off_of(it, start), "prefix length %u too long for AFI %u",
		                len, afi);
		return -1;
	}
	size_t nb = ((size_t)len + 7) / 8;
	size_t have = wire_left(c);
	if (!wire_get_bytes(c, nb, &bytes)) {
		mrt_reader_warn(it->r, off_of(it, start),
		                "prefix of length %u truncated (%zu of %zu bytes)", len, have, nb);
		return -1;
	}
	memset(el->pfx_raw, 0, sizeof el->pfx_raw);
	memcpy(el->pfx_raw, bytes, nb);
	el->pfx_len = len;
	el->afi = afi;
	return 1;
}

static bool read_addr(struct wire_cur *c, int family, uint8_t *out)
{
	memset(out, 0, 16);
	return wire_get_copy(c, out, family == 6 ? 16 : 4);
}

static void decode_attrs(struct mrt_elems *it, const uint8_t *p, size_t n, int asn_len, bool in_rib)
{
	struct err e;
	it->el.attrs_id++;
	if (bgp_attrs_decode(p, n, asn_len, in_rib, &it->attrs, &e) < 0)
		mrt_reader_warn(it->r, off_of(it, p) + (e.has_offset ? e.offset : 0), "%s", e.msg);
}

/* ---- TABLE_DUMP_V2 ---- */

static void td2_peer_index(struct mrt_elems *it)
{
	struct mrt_peer_table t;
	struct err e;
	int rc = mrt_peer_table_decode(&it->rec, &t, &e);
	if (rc < 0) {
		mrt_reader_warn(it->r, off_of(it, it->rec.body) + e.offset, "%s (%zu peers read)",
		                e.msg, t.n);
		if (!t.peers)
			return;
	}
	mrt_peer_table_free(&it->pit);
	it->pit = t;
	it->have_pit = true;
}

static void td2_rib(struct mrt_elems *it)
{
	uint16_t st = it->rec.subtype;
	bool addpath = st >= MRT_TD2_RIB_IPV4_UNICAST_ADDPATH;
	uint16_t base = addpath ? (uint16_t)(st - 6) : st; /* ADDPATH subtypes are +6 */
	struct wire_cur c = wire_cur_make(it->rec.body, it->rec.len);
	uint32_t seq;
	uint16_t afi;
	uint8_t safi;
	switch (base) {
	case MRT_TD2_RIB_IPV4_UNICAST:
		afi = 1;
		safi = 1;
		break;
	case MRT_TD2_RIB_IPV4_MULTICAST:
		afi = 1;
		safi = 2;
		break;
	case MRT_TD2_RIB_IPV6_UNICAST:
		afi = 2;
		safi = 1;
		break;
	case MRT_TD2_RIB_IPV6_MULTICAST:
		afi = 2;
		safi = 2;
		break;
	default:
		afi = 0;
		safi = 0;
		break; /* RIB_GENERIC: read below */
	}
	if (!wire_get_u32(&c, &seq))
		goto trunc;
	if (base == MRT_TD2_RIB_GENERIC) {
		if (!wire_get_u16(&c, &afi) || !wire_get_u8(&c, &safi))
			goto trunc;
		/* Other families (VPN, flowspec...) are not plain prefixes. */
		if ((afi != 1 && afi != 2) || (safi != 1 && safi != 2))
			return;
	}
	struct mrt_elem *el = &it->el;
	int rc = read_prefix(it, &c, afi, false, el);
	if (rc <= 0) {
		if (rc == 0)
			goto trunc;
		return;
	}
	uint16_t n;
	if (!wire_get_u16(&c, &n))
		goto trunc;
	if (!it->have_pit) {
		mrt_reader_warn(it->r, it->rec.offset, "RIB record before any PEER_INDEX_TABLE");
		return;
	}
	el->safi = safi;
	el->addpath = addpath;
	el->addpath_src = addpath ? MRT_AP_SUBTYPE : MRT_AP_NONE;
	el->src = MRT_SRC_RIB;
	el->type = MRT_ELEM_RIB;
	it->rib = c;
	it->rib_left = n;
	it->rib_asn_len = 4;
	it->mode = M_RIB;
	return;
trunc:
	mrt_reader_warn(it->r, it->rec.offset, "TABLE_DUMP_V2 RIB record truncated");
}

/* Next entry of the RIB record in progress: 1 yielded, 0 done. */
static int td2_entry(struct mrt_elems *it)
{
	struct mrt_elem *el = &it->el;
	while (it->rib_left > 0) {
		it->rib_left--;
		struct wire_cur *c = &it->rib;
		const uint8_t *start = c->p;
		uint16_t idx, alen;
		const uint8_t *attrs;
		if (!wire_get_u16(c, &idx) || !wire_get_u32(c, &el->originated) ||
		    (el->addpath && !wire_get_u32(c, &el->path_id)) || !wire_get_u16(c, &alen) ||
		    !wire_get_bytes(c, alen, &attrs)) {
			mrt_reader_warn(it->r, off_of(it, start),
			                "RIB entry truncated (%u entries not read)",
			                it->rib_left + 1);
			it->rib_left = 0;
			return 0;
		}
		if (idx >= it->pit.n) {
			mrt_reader_warn(it->r, off_of(it, start), "RIB entry names peer %u of %zu",
			                idx, it->pit.n);
			continue;
		}
		const struct mrt_peer_entry *p = &it->pit.peers[idx];
		el->peer_family = p->family;
		memcpy(el->peer_addr, p->addr, 16);
		el->peer_as = p->asn;
		decode_attrs(it, attrs, alen, 4, true);
		it->verdicts[it->attrs.action]++;
		el->attrs = &it->attrs;
		return 1;
	}
	return 0;
}

/* ---- TABLE_DUMP (v1) ---- */

static int td1(struct mrt_elems *it)
{
	uint16_t st = it->rec.subtype;
	int family = (st == 2 || st == 4) ? 6 : 4;
	int asn_len = (st == 3 || st == 4) ? 4 : 2;
	if (st < 1 || st > 4) {
		mrt_reader_warn(it->r, it->rec.offset, "TABLE_DUMP subtype %u unknown", st);
		return 0;
	}
	struct wire_cur c = wire_cur_make(it->rec.body, it->rec.len);
	struct mrt_elem *el = &it->el;
	uint16_t view, seq, alen;
	uint8_t plen, status;
	uint32_t as32;
	uint16_t as16;
	const uint8_t *attrs;
	if (!wire_get_u16(&c, &view) || !wire_get_u16(&c, &seq) ||
	    !read_addr(&c, family, el->pfx_raw) || !wire_get_u8(&c, &plen) ||
	    !wire_get_u8(&c, &status) || !wire_get_u32(&c, &el->originated) ||
	    !read_addr(&c, family, el->peer_addr))
		goto trunc;
	if (asn_len == 4) {
		if (!wire_get_u32(&c, &as32))
			goto trunc;
	} else {
		if (!wire_get_u16(&c, &as16))
			goto trunc;
		as32 = as16;
	}
	if (!wire_get_u16(&c, &alen) || !wire_get_bytes(&c, alen, &attrs))
		goto trunc;
	if (plen > (family == 6 ? 128 : 32)) {
		mrt_reader_warn(it->r, it->rec.offset, "TABLE_DUMP prefix length %u too long",
		                plen);
		return 0;
	}
	el->type = MRT_ELEM_RIB;
	el->src = MRT_SRC_RIB;
	el->afi = family == 6 ? 2 : 1;
	el->safi = 1;
	el->pfx_len = plen;
	el->peer_family = (uint8_t)family;
	el->peer_as = as32;
	el->addpath = false;
	el->path_id = 0;
	decode_attrs(it, attrs, alen, asn_len, true);
	it->verdicts[it->attrs.action]++;
	el->attrs = &it->attrs;
	return 1;
trunc:
	mrt_reader_warn(it->r, it->rec.offset, "TABLE_DUMP record truncated");
	return 0;
}

/* ---- UPDATE (BGP4MP and legacy BGP) ---- */

static void add_block(struct mrt_elems *it, const uint8_t *p, size_t n, enum mrt_elem_type t,
                      enum mrt_nlri_src src, uint16_t afi, uint8_t safi)
{
	if (n == 0)
		return;
	/* Only IPv4/IPv6 unicast, multicast and both (SAFI 3) carry plain
	 * prefixes; VPN, labelled and flowspec NLRI are not routes here. */
	if ((afi != 1 && afi != 2) || safi < 1 || safi > 3)
		return;
	it->blocks[it->nblocks++] =
	    (struct block){wire_cur_make(p, n), t, src, afi, safi, false, MRT_AP_NONE};
}

/* Walk a block's NLRI without yielding them. Returns true when they decode
 * exactly; otherwise *bad and why say where and what went wrong. */
static bool nlri_check(const struct block *b, bool addpath, const uint8_t **bad, char *why,
                       size_t why_len)
{
	unsigned maxlen = family_maxlen(b->afi);
	struct wire_cur c = b->c;
	while (wire_left(&c)) {
		*bad = c.p;
		uint8_t len;
		if ((addpath && !wire_skip(&c, 4)) || !wire_get_u8(&c, &len)) {
			snprintf(why, why_len, "NLRI path identifier truncated");
			return false;
		}
		if (len > maxlen) {
			snprintf(why, why_len, "prefix length %u too long for AFI %u", len, b->afi);
			return false;
		}
		size_t nb = ((size_t)len + 7) / 8;
		size_t have = wire_left(&c);
		if (!wire_skip(&c, nb)) {
			snprintf(why, why_len, "prefix of length %u truncated (%zu of %zu bytes)",
			         len, have, nb);
			return false;
		}
	}
	return true;
}

static void block_mode(struct block *b, bool addpath, enum mrt_addpath_src src)
{
	b->addpath = addpath;
	b->ap_src = addpath ? src : MRT_AP_NONE;
}

/* Decide whether b's NLRI carry path identifiers: the MRT subtype says so,
 * or the session's OPENs do, or only that reading consumes the field
 * exactly. dir is NULL when no session is known. Returns false (with *bad
 * and why) when neither reading decodes. */
static bool block_choose(struct mrt_elems *it, struct block *b, bool subtype_ap,
                         const struct mrt_ap_dir *dir, const uint8_t **bad, char *why,
                         size_t why_len)
{
	char other[96];
	const uint8_t *obad;
	if (subtype_ap) {
		block_mode(b, true, MRT_AP_SUBTYPE);
		return nlri_check(b, true, bad, why, why_len);
	}
	int want = dir ? mrt_ap_negotiated(&it->ap, dir, b->afi, b->safi) : -1;
	if (want < 0 && dir && mrt_ap_learned(&it->ap, dir, b->afi) == 1 &&
	    nlri_check(b, true, &obad, other, sizeof other)) {
		block_mode(b, true, MRT_AP_DETECTED);
		return true;
	}
	bool first = want == 1;
	if (nlri_check(b, first, bad, why, why_len)) {
		block_mode(b, first, MRT_AP_OPEN);
		return true;
	}
	/* The other reading, when it decodes exactly, is the truth. */
	if (!nlri_check(b, !first, &obad, other, sizeof other))
		return false;
	block_mode(b, !first, MRT_AP_DETECTED);
	if (!first && dir && mrt_ap_learn(&it->ap, dir, b->afi, true) < 0)
		mrt_reader_warn(it->r, it->rec.offset, "out of memory for the ADD-PATH table");
	return true;
}

static const char *block_name(const struct block *b)
{
	if (b->src == MRT_SRC_MP)
		return b->type == MRT_ELEM_WITHDRAW ? "MP_UNREACH_NLRI" : "MP_REACH_NLRI";
	return b->type == MRT_ELEM_WITHDRAW ? "withdrawn routes" : "NLRI";
}

/* Decode an UPDATE body (after the 19-byte header) in c. dir names the
 * session direction for ADD-PATH detection (NULL when unknown). */
static void update(struct mrt_elems *it, struct wire_cur c, int asn_len, bool subtype_ap,
                   const struct mrt_ap_dir *dir)
{
	struct bgp_update u;
	struct err e;
	if (bgp_update_parse(c.p, wire_left(&c), &u, &e) < 0) {
		mrt_reader_warn(it->r, off_of(it, c.p) + e.offset, "%s", e.msg);
		return;
	}
	decode_attrs(it, u.attrs, u.attrs_len, asn_len, false);
	struct bgp_attrs *at = &it->attrs;
	/* RFC 7606 3 d. The verdict only shows in --json (mrt_bgpdump.h). */
	bgp_attrs_check_mandatory(at, u.nlri_len > 0);
	it->nblocks = 0;
	it->cur = 0;
	add_block(it, u.withdrawn, u.withdrawn_len, MRT_ELEM_WITHDRAW, MRT_SRC_CLASSIC, 1, 1);
	if (BGP_ATTR_HAS(at, BGP_ATTR_MP_UNREACH_NLRI))
		add_block(it, at->mp_unreach.nlri, at->mp_unreach.nlri_len, MRT_ELEM_WITHDRAW,
		          MRT_SRC_MP, at->mp_unreach.afi, at->mp_unreach.safi);
	add_block(it, u.nlri, u.nlri_len, MRT_ELEM_ANNOUNCE, MRT_SRC_CLASSIC, 1, 1);
	if (BGP_ATTR_HAS(at, BGP_ATTR_MP_REACH_NLRI) && !at->mp_reach.abbreviated)
		add_block(it, at->mp_reach.nlri, at->mp_reach.nlri_len, MRT_ELEM_ANNOUNCE,
		          MRT_SRC_MP, at->mp_reach.afi, at->mp_reach.safi);
	/* All or nothing: a message whose NLRI do not decode is not half used. */
	for (int i = 0; i < it->nblocks; i++) {
		const uint8_t *bad = NULL;
		char why[96];
		if (!block_choose(it, &it->blocks[i], subtype_ap, dir, &bad, why, sizeof why)) {
			/* RFC 7606 5.3: NLRI that do not decode reset the session. */
			bgp_attrs_raise(at, BGP_ACTION_RESET, 0, 0);
			it->verdicts[BGP_ACTION_RESET]++;
			it->dropped_updates++;
			mrt_reader_warn(it->r, off_of(it, bad),
			                "%s: %s; UPDATE dropped (none of its prefixes used)",
			                block_name(&it->blocks[i]), why);
			it->nblocks = 0;
			return;
		}
	}
	it->verdicts[at->action]++;
	it->el.attrs = at;
	it->mode = M_UPDATE;
}

static int update_next(struct mrt_elems *it)
{
	struct mrt_elem *el = &it->el;
	while (it->cur < it->nblocks) {
		struct block *b = &it->blocks[it->cur];
		int rc = read_prefix(it, &b->c, b->afi, b->addpath, el);
		if (rc == 1) {
			el->type = b->type;
			el->src = b->src;
			el->safi = b->safi;
			el->addpath = b->addpath;
			el->addpath_src = b->ap_src;
			return 1;
		}
		it->cur++;
	}
	return 0;
}

/* Remember an OPEN's ADD-PATH capabilities for its session direction. */
static void note_open(struct mrt_elems *it, const struct mrt_bgp4mp *m,
                      const struct mrt_ap_dir *dir)
{
	struct bgp_open o;
	struct err e;
	if (bgp_open_parse(m->msg.body, m->msg.body_len, &o, &e) < 0)
		return; /* not ours to judge: no route comes from an OPEN */
	if (mrt_ap_note_open(&it->ap, dir, &o) < 0)
		mrt_reader_warn(it->r, it->rec.offset, "out of memory for the ADD-PATH table");
}

static void state(struct mrt_elems *it, uint16_t old, uint16_t new_state)
{
	it->el.type = MRT_ELEM_STATE;
	it->el.old_state = old;
	it->el.new_state = new_state;
	it->el.attrs = NULL;
	it->mode = M_STATE;
}

static void bgp4mp(struct mrt_elems *it)
{
	struct mrt_bgp4mp m;
	struct err e;
	struct mrt_elem *el = &it->el;
	int rc = mrt_bgp4mp_decode(&it->rec, &m, &e);
	if (rc < 0) {
		mrt_reader_warn(it->r, off_of(it, it->rec.body) + e.offset, "%s", e.msg);
		return;
	}
	if (rc == 0) {
		if (it->rec.subtype > MRT_BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH ||
		    it->rec.subtype == 2 || it->rec.subtype == 3)
			mrt_reader_warn(it->r, it->rec.offset, "BGP4MP subtype %u unknown",
			                it->rec.subtype);
		return;
	}
	el->peer_as = m.peer_as;
	el->peer_family = m.family ? m.family : 4;
	memcpy(el->peer_addr, m.peer_ip, 16);
	if (m.is_state) {
		state(it, m.old_state, m.new_state);
		return;
	}
	if (m.msg.len > (size_t)m.msg.body_len + BGP_HEADER_LEN)
		mrt_reader_warn(it->r, off_of(it, m.msg.body) - BGP_HEADER_LEN,
		                "BGP message length %u overruns the MRT record", m.msg.len);
	/* The sender of the message: the collector for *_LOCAL subtypes. */
	struct mrt_ap_dir dir = {m.family, {0}, {0}};
	memcpy(dir.from, m.local ? m.local_ip : m.peer_ip, 16);
	memcpy(dir.to, m.local ? m.peer_ip : m.local_ip, 16);
	if (m.msg.type == BGP_MSG_OPEN)
		note_open(it, &m, &dir);
	if (m.msg.type != BGP_MSG_UPDATE)
		return;
	update(it, wire_cur_make(m.msg.body, m.msg.body_len), m.asn_len, m.addpath,
	       m.family ? &dir : NULL);
}

/* The BGP type of the 1990s MRTd: UPDATE (1) and STATE_CHANGE (3). */
static void legacy_bgp(struct mrt_elems *it)
{
	struct wire_cur c = wire_cur_make(it->rec.body, it->rec.len);
	struct mrt_elem *el = &it->el;
	uint16_t as16, o, n;
	el->peer_family = 4;
	if (it->rec.subtype == 1) {
		if (!wire_get_u16(&c, &as16) || !read_addr(&c, 4, el->peer_addr) ||
		    !wire_skip(&c, 6))
			goto trunc;
		el->peer_as = as16;
		update(it, c, 2, false, NULL);
	} else if (it->rec.subtype == 3) {
		if (!wire_get_u16(&c, &as16) || !read_addr(&c, 4, el->peer_addr) ||
		    !wire_get_u16(&c, &o) || !wire_get_u16(&c, &n))
			goto trunc;
		el->peer_as = as16;
		state(it, o, n);
	}
	return;
trunc:
	mrt_reader_warn(it->r, it->rec.offset, "BGP record truncated");
}

int mrt_elems_next(struct mrt_elems *it, const struct mrt_elem **out, struct err *e)
{
	for (;;) {
		switch (it->mode) {
		case M_RIB:
			if (td2_entry(it)) {
				*out = &it->el;
				return 1;
			}
			break;
		case M_UPDATE:
			if (update_next(it)) {
				*out = &it->el;
				return 1;
			}
			break;
		case M_STATE:
			it->mode = M_NONE;
			*out = &it->el;
			return 1;
		case M_NONE:
			break;
		}
		it->mode = M_NONE;
		int rc = mrt_reader_next(it->r, &it->rec, e);
		if (rc <= 0)
			return rc;
		if (it->rec.type < 64)
			it->counts[it->rec.type]++;
		it->el.addpath = false;
		it->el.addpath_src = MRT_AP_NONE;
		it->el.path_id = 0;
		it->el.originated = 0;
		switch (it->rec.type) {
		case MRT_TABLE_DUMP_V2:
			if (it->rec.subtype == MRT_TD2_PEER_INDEX_TABLE)
				td2_peer_index(it);
			else if (it->rec.subtype >= 2 && it->rec.subtype <= 12 &&
			         it->rec.subtype != 7)
				td2_rib(it);
			else
				mrt_reader_warn(it->r, it->rec.offset,
				                "TABLE_DUMP_V2 subtype %u unknown",
				                it->rec.subtype);
			break;
		case MRT_TABLE_DUMP:
			if (td1(it)) {
				*out = &it->el;
				return 1;
			}
			break;
		case MRT_BGP4MP:
		case MRT_BGP4MP_ET:
			bgp4mp(it);
			break;
		case 5:
			legacy_bgp(it);
			break;
		default:
			/* Known non-BGP types (OSPF, IS-IS) carry no routes we model;
			 * anything else is worth a warning. */
			if (!mrt_type_name(it->rec.type))
				mrt_reader_warn(it->r, it->rec.offset,
				                "MRT type %u unknown; record skipped",
				                it->rec.type);
			break;
		}
	}
}

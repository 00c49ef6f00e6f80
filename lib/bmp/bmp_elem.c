/* SPDX-License-Identifier: ISC */
/* bmp_elem.c - route elements (struct mrt_elem) from decoded BMP messages. */
#include "bmp/bmp_elem.h"

#include <string.h>

#include "bgp/bgp_msg.h"
#include "bgp/mrt_types.h"
#include "core/prefix.h"

/* BGP FSM states as BGP4MP STATE_CHANGE records number them. */
enum { FSM_IDLE = 1, FSM_ESTABLISHED = 6 };

void bmp_elems_init(struct bmp_elems *it, bool et)
{
	memset(it, 0, sizeof *it);
	it->et = et;
}

/* AS_PATH width of a Route Monitoring message (see bmp_elem.h). */
static int asn_len_of(const struct bmp_peer_hdr *h, const struct bmp_session *s)
{
	if (h->type == BMP_PEER_LOC_RIB)
		return 4;
	if (h->flags & BMP_PEER_FLAG_A)
		return 2;
	return s && !s->as4 ? 2 : 4;
}

static void set_record(struct bmp_elems *it, const struct bmp_msg *m, uint16_t subtype)
{
	memset(&it->rec, 0, sizeof it->rec);
	it->rec.type = it->et ? MRT_BGP4MP_ET : MRT_BGP4MP;
	it->rec.subtype = subtype;
	it->rec.et = it->et;
	it->rec.time = m->peer.ts_sec;
	it->rec.usec = it->et ? m->peer.ts_usec : 0;
	it->rec.len = m->len;
}

static void set_peer(struct bmp_elems *it, const struct bmp_msg *m)
{
	struct mrt_elem *el = &it->el;
	el->rec = &it->rec;
	el->peer_family = m->peer.family;
	memcpy(el->peer_addr, m->peer.addr, 16);
	el->peer_as = m->peer.as;
	el->addpath = false;
	el->addpath_src = MRT_AP_NONE;
	el->path_id = 0;
	el->originated = 0;
}

/* Queue a run of NLRI; only plain IPv4/IPv6 prefixes (SAFI 1-3) are
 * routes here, as in mrt_elem.h. */
static void add_block(struct bmp_elems *it, const uint8_t *p, size_t n, enum mrt_elem_type t,
                      enum mrt_nlri_src src, uint16_t afi, uint8_t safi)
{
	if (n == 0)
		return;
	if ((afi != BGP_AFI_IPV4 && afi != BGP_AFI_IPV6) || safi < 1 || safi > 3) {
		it->nlri_skipped++;
		return;
	}
	it->blocks[it->nblocks++] =
	    (struct bmp_elem_block){wire_cur_make(p, n), t, src, afi, safi, false};
}

static int family_of(uint16_t afi)
{
	return afi == BGP_AFI_IPV6 ? 6 : 4;
}

/* Walk a block's NLRI once without yielding them: 0 when they all decode,
 * -1 with e set (offset within the block) otherwise. */
static int block_check(const struct bmp_elem_block *b, struct err *e)
{
	struct bgp_nlri_iter nit;
	struct prefix p;
	uint32_t id;
	int rc;
	bgp_nlri_init(&nit, b->c.p, wire_left(&b->c), family_of(b->afi), b->addpath);
	while ((rc = bgp_nlri_next(&nit, &p, &id, b->c.p, e)) == 1)
		;
	return rc;
}

static const char *block_name(const struct bmp_elem_block *b)
{
	if (b->src == MRT_SRC_MP)
		return b->type == MRT_ELEM_WITHDRAW ? "MP_UNREACH_NLRI" : "MP_REACH_NLRI";
	return b->type == MRT_ELEM_WITHDRAW ? "withdrawn routes" : "NLRI";
}

/* Drop the message's routes: none is yielded; RFC 7606 5.3 calls for a
 * session reset, which the attributes' verdict records. */
static int drop(struct bmp_elems *it, struct err *e, size_t off, const char *fmt, const char *a,
                const char *b)
{
	it->nblocks = 0;
	it->updates_dropped++;
	bgp_attrs_raise(&it->attrs, BGP_ACTION_RESET, 0, 0);
	return wire_err_at(off, e, fmt, a, b);
}

static int route_monitoring(struct bmp_elems *it, const struct bmp_msg *m,
                            const struct bmp_session *s, struct err *e)
{
	const struct bgp_msg *u = &m->u.rm.update.msg;
	size_t body_off =
	    (size_t)(u->body - m->u.rm.update.data) + BMP_COMMON_HDR_LEN + BMP_PEER_HDR_LEN;
	struct bgp_update up;
	struct err ie;
	int asn_len = asn_len_of(&m->peer, s);
	if (bgp_update_parse(u->body, u->body_len, &up, &ie) < 0) {
		bgp_attrs_decode(NULL, 0, asn_len, false, &it->attrs, NULL);
		return drop(it, e, body_off + (size_t)ie.offset, "%s%s; UPDATE dropped", ie.msg,
		            "");
	}
	/* A malformed attribute is RFC 7606's business: its verdict is in
	 * attrs.action and the routes still come out, as for MRT. */
	bgp_attrs_decode(up.attrs, up.attrs_len, asn_len, false, &it->attrs, &ie);
	bgp_attrs_check_mandatory(&it->attrs, up.nlri_len > 0);
	const struct bgp_attrs *at = &it->attrs;
	add_block(it, up.withdrawn, up.withdrawn_len, MRT_ELEM_WITHDRAW, MRT_SRC_CLASSIC, 1, 1);
	if (BGP_ATTR_HAS(at, BGP_ATTR_MP_UNREACH_NLRI))
		add_block(it, at->mp_unreach.nlri, at->mp_unreach.nlri_len, MRT_ELEM_WITHDRAW,
		          MRT_SRC_MP, at->mp_unreach.afi, at->mp_unreach.safi);
	add_block(it, up.nlri, up.nlri_len, MRT_ELEM_ANNOUNCE, MRT_SRC_CLASSIC, 1, 1);
	if (BGP_ATTR_HAS(at, BGP_ATTR_MP_REACH_NLRI) && !at->mp_reach.abbreviated)
		add_block(it, at->mp_reach.nlri, at->mp_reach.nlri_len, MRT_ELEM_ANNOUNCE,
		          MRT_SRC_MP, at->mp_reach.afi, at->mp_reach.safi);
	enum bmp_rib_view view = bmp_peer_view(&m->peer);
	bool any_ap = false;
	for (int i = 0; i < it->nblocks; i++) {
		struct bmp_elem_block *b = &it->blocks[i];
		b->addpath = bmp_session_addpath(s, view, b->afi, b->safi);
		/* All or nothing: an UPDATE whose NLRI do not decode is not
		 * half used (RFC 7606 5.3 resets such a session). */
		if (block_check(b, &ie) < 0) {
			/* Some exporters do not encode the path identifiers the
			 * OPENs negotiated (FRR), or add ones they did not: the
			 * other reading, when it decodes exactly, is the truth. */
			struct err other;
			b->addpath = !b->addpath;
			if (block_check(b, &other) < 0)
				return drop(it, e,
				            (size_t)(b->c.p - m->u.rm.update.data) +
				                BMP_COMMON_HDR_LEN + BMP_PEER_HDR_LEN +
				                (size_t)ie.offset,
				            "%s: %s; UPDATE dropped (none of its prefixes used)",
				            block_name(b), ie.msg);
			it->addpath_detected++;
		}
		any_ap |= b->addpath;
	}
	uint16_t sub = asn_len == 4 ? MRT_BGP4MP_MESSAGE_AS4 : MRT_BGP4MP_MESSAGE;
	if (any_ap)
		sub = asn_len == 4 ? MRT_BGP4MP_MESSAGE_AS4_ADDPATH : MRT_BGP4MP_MESSAGE_ADDPATH;
	set_record(it, m, sub);
	set_peer(it, m);
	it->el.attrs = at;
	it->el.attrs_id++;
	return 0;
}

int bmp_elems_start(struct bmp_elems *it, const struct bmp_msg *m,
                    const struct bmp_session *session, struct err *e)
{
	it->nblocks = it->cur = 0;
	it->nlri_skipped = 0;
	it->pending_state = false;
	switch (m->type) {
	case BMP_ROUTE_MONITORING:
		return route_monitoring(it, m, session, e);
	case BMP_PEER_UP:
	case BMP_PEER_DOWN:
		set_record(it, m, MRT_BGP4MP_STATE_CHANGE_AS4);
		set_peer(it, m);
		it->el.type = MRT_ELEM_STATE;
		it->el.attrs = NULL;
		it->el.old_state = m->type == BMP_PEER_UP ? FSM_IDLE : FSM_ESTABLISHED;
		it->el.new_state = m->type == BMP_PEER_UP ? FSM_ESTABLISHED : FSM_IDLE;
		it->pending_state = true;
		return 0;
	default:
		return 0;
	}
}

int bmp_elems_next(struct bmp_elems *it, const struct mrt_elem **out)
{
	if (it->pending_state) {
		it->pending_state = false;
		*out = &it->el;
		return 1;
	}
	struct mrt_elem *el = &it->el;
	while (it->cur < it->nblocks) {
		struct bmp_elem_block *b = &it->blocks[it->cur];
		struct bgp_nlri_iter nit;
		struct prefix p;
		/* Checked by bmp_elems_start: the walk cannot fail here. */
		bgp_nlri_init(&nit, b->c.p, wire_left(&b->c), family_of(b->afi), b->addpath);
		if (bgp_nlri_next(&nit, &p, &el->path_id, NULL, NULL) == 1) {
			wire_skip(&b->c, (size_t)(nit.c.p - b->c.p));
			el->type = b->type;
			el->src = b->src;
			el->afi = b->afi;
			el->safi = b->safi;
			el->addpath = b->addpath;
			el->addpath_src = b->addpath ? MRT_AP_SUBTYPE : MRT_AP_NONE;
			el->pfx_len = p.len;
			memcpy(el->pfx_raw, p.addr, sizeof el->pfx_raw);
			*out = el;
			return 1;
		}
		it->cur++;
	}
	return 0;
}

bool bmp_update_is_eor(const struct bmp_msg *m, uint16_t *afi, uint8_t *safi)
{
	if (m->type != BMP_ROUTE_MONITORING)
		return false;
	const struct bgp_msg *u = &m->u.rm.update.msg;
	struct bgp_update up;
	if (bgp_update_parse(u->body, u->body_len, &up, NULL) < 0 || up.withdrawn_len ||
	    up.nlri_len)
		return false;
	if (up.attrs_len == 0) {
		*afi = BGP_AFI_IPV4;
		*safi = 1;
		return true;
	}
	/* One MP_UNREACH_NLRI attribute holding AFI and SAFI only. */
	struct wire_cur c = wire_cur_make(up.attrs, up.attrs_len);
	uint8_t flags, type, len8;
	uint16_t len, a;
	uint8_t s;
	if (!wire_get_u8(&c, &flags) || !wire_get_u8(&c, &type) || type != BGP_ATTR_MP_UNREACH_NLRI)
		return false;
	if (flags & BGP_ATTR_FLAG_EXTLEN) {
		if (!wire_get_u16(&c, &len))
			return false;
	} else {
		if (!wire_get_u8(&c, &len8))
			return false;
		len = len8;
	}
	if (len != 3 || !wire_get_u16(&c, &a) || !wire_get_u8(&c, &s) || wire_left(&c))
		return false;
	*afi = a;
	*safi = s;
	return true;
}

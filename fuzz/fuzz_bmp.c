/* SPDX-License-Identifier: ISC */
/* fuzz_bmp.c - libFuzzer target: a BMP byte stream as a collector reads it.
 * Every message is framed (bmp_frame), decoded (bmp_decode), turned into
 * route elements with the session its Peer Up negotiated (bmp_elem), and
 * written as JSON and bgpdump -m lines; TLVs and counters are walked, and
 * labelled/VPN NLRI (bgp_nlri_label) read with and without ADD-PATH. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bgp/bgp_attr.h"
#include "bgp/bgp_nlri_label.h"
#include "bgp/mrt_bgpdump.h"
#include "bgp/mrt_json.h"
#include "bmp/bmp.h"
#include "bmp/bmp_elem.h"
#include "bmp/bmp_json.h"
#include "core/json_writer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const struct bmp_msg *m)
{
	struct bmp_tlv_iter it;
	struct bmp_tlv t;
	struct bmp_stat_iter si;
	struct bmp_stat s;
	const uint8_t *p = NULL;
	size_t n = 0;
	if (m->type == BMP_INITIATION || m->type == BMP_TERMINATION ||
	    m->type == BMP_ROUTE_MIRRORING)
		p = m->u.tlv.tlvs, n = m->u.tlv.tlvs_len;
	else if (m->type == BMP_PEER_UP)
		p = m->u.up.tlvs, n = m->u.up.tlvs_len;
	else if (m->type == BMP_ROUTE_MONITORING)
		p = m->u.rm.tlvs, n = m->u.rm.tlvs_len;
	bmp_tlv_iter_init(&it, p, n);
	while (bmp_tlv_next(&it, &t))
		;
	if (m->type == BMP_STATS_REPORT) {
		bmp_stat_iter_init(&si, m);
		while (bmp_stat_next(&si, &s))
			;
	}
}

static void labelled_run(const uint8_t *p, size_t n, uint16_t afi, uint8_t safi, bool withdraw)
{
	struct bgp_nlri_label l;
	struct err e;
	for (int ap = 0; ap < 2; ap++) {
		struct wire_cur c = wire_cur_make(p, n);
		while (bgp_nlri_label_next(&c, afi, safi, ap, withdraw, &l, &e) == 1)
			;
	}
}

static void labelled(const struct bmp_msg *m)
{
	const struct bgp_msg *u = &m->u.rm.update.msg;
	struct bgp_update up;
	struct bgp_attrs a;
	struct err e;
	if (bgp_update_parse(u->body, u->body_len, &up, &e) < 0)
		return;
	bgp_attrs_decode(up.attrs, up.attrs_len, 4, false, &a, &e);
	if (BGP_ATTR_HAS(&a, BGP_ATTR_MP_REACH_NLRI) && !a.mp_reach.abbreviated)
		labelled_run(a.mp_reach.nlri, a.mp_reach.nlri_len, a.mp_reach.afi, a.mp_reach.safi,
		             false);
	if (BGP_ATTR_HAS(&a, BGP_ATTR_MP_UNREACH_NLRI))
		labelled_run(a.mp_unreach.nlri, a.mp_unreach.nlri_len, a.mp_unreach.afi,
		             a.mp_unreach.safi, true);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bmp_session session;
	bool have_session = false;
	struct bmp_elems elems;
	struct mrt_bgpdump bd;
	struct mrt_buf out = {0}, tmp = {0};
	bmp_elems_init(&elems, true);
	mrt_bgpdump_init(&bd, MRT_BGPDUMP_M, false);
	size_t at = 0;
	while (at < size) {
		size_t len;
		struct err e;
		if (bmp_frame(data + at, size - at, 1u << 16, &len, &e) != 1)
			break;
		struct bmp_msg m;
		if (bmp_decode(data + at, len, &m, &e) == 0) {
			if (m.type == BMP_PEER_UP) {
				session = m.u.up.session;
				have_session = true;
			}
			walk(&m);
			if (m.type == BMP_ROUTE_MONITORING)
				labelled(&m);
			struct json_writer w;
			json_writer_init_buf(&w, &out);
			json_begin_object(&w);
			bmp_json_members(&w, &m);
			json_end_object(&w);
			uint16_t afi;
			uint8_t safi;
			bmp_update_is_eor(&m, &afi, &safi);
			if (bmp_elems_start(&elems, &m, have_session ? &session : NULL, &e) == 0) {
				const struct mrt_elem *el;
				while (bmp_elems_next(&elems, &el) == 1) {
					mrt_bgpdump_format(&bd, el, &out);
					mrt_json_format(el, &tmp);
				}
			}
			out.len = tmp.len = 0;
		}
		at += len;
	}
	mrt_bgpdump_free(&bd);
	mrt_buf_free(&out);
	mrt_buf_free(&tmp);
	return 0;
}

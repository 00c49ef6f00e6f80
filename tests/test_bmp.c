/* SPDX-License-Identifier: ISC */
/* test_bmp.c - BMP codec: every message type, peer type, peer down reason
 * and statistics type; encoder round trips; truncation and bad lengths. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bgp/bgp_msg.h"
#include "bmp/bmp.h"
#include "bmp/bmp_elem.h"
#include "bmp/bmp_enc.h"
#include "bmp/bmp_json.h"

static uint8_t buf[8192];

static struct bmp_peer_hdr peer4(uint8_t type, uint8_t flags)
{
	struct bmp_peer_hdr h = {.type = type,
	                         .flags = flags,
	                         .distinguisher = type == BMP_PEER_RD ? 0x0001fde800000064ULL : 0,
	                         .family = 4,
	                         .addr = {192, 0, 2, 1},
	                         .as = 64496,
	                         .bgp_id = 0xc0000201,
	                         .ts_sec = 1700000000,
	                         .ts_usec = 123456};
	return h;
}

static struct bmp_peer_hdr peer6(void)
{
	struct bmp_peer_hdr h = peer4(BMP_PEER_GLOBAL, BMP_PEER_FLAG_V);
	h.family = 6;
	static const uint8_t a[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
	memcpy(h.addr, a, 16);
	return h;
}

/* clang-format off */
#define MARKER 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, \
               0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
/* ORIGIN IGP; AS_PATH 64496 64511 with 4-byte ASNs; NEXT_HOP 192.0.2.254 */
#define ATTRS4 0x40, 1, 1, 0, \
               0x40, 2, 10, 2, 2, 0, 0, 0xfb, 0xf0, 0, 0, 0xfb, 0xff, \
               0x40, 3, 4, 192, 0, 2, 254
#define ATTRS4_LEN (4 + 13 + 7)

/* An UPDATE withdrawing 10.1.0.0/16 and announcing 10.0.0.0/8 and
 * 192.0.2.0/24. */
static const uint8_t update4[] = {
    MARKER, 0, 19 + 2 + 3 + 2 + ATTRS4_LEN + 6, 2,
    0, 3, 16, 10, 1,
    0, ATTRS4_LEN, ATTRS4,
    8, 10, 24, 192, 0, 2};

/* The same path with a 2-byte AS_PATH, announcing 10.0.0.0/8. */
static const uint8_t update2[] = {
    MARKER, 0, 19 + 2 + 2 + 20 + 2, 2,
    0, 0,
    0, 20, 0x40, 1, 1, 0, 0x40, 2, 6, 2, 2, 0xfb, 0xf0, 0xfb, 0xff,
    0x40, 3, 4, 192, 0, 2, 254,
    8, 10};

/* IPv4 unicast NLRI with ADD-PATH: path id 7, 10.0.0.0/8. */
static const uint8_t update_ap[] = {
    MARKER, 0, 19 + 2 + 2 + ATTRS4_LEN + 6, 2,
    0, 0,
    0, ATTRS4_LEN, ATTRS4,
    0, 0, 0, 7, 8, 10};

/* IPv6 announcement in MP_REACH_NLRI: 2001:db8::/32 via 2001:db8::1. */
static const uint8_t update6[] = {
    MARKER, 0, 19 + 2 + 2 + 42, 2,
    0, 0,
    0, 42, 0x40, 1, 1, 0, 0x40, 2, 6, 2, 1, 0, 0, 0xfb, 0xf0,
    0x80, 14, 26, 0, 2, 1, 16,
    0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0, 32, 0x20, 0x01, 0x0d, 0xb8};
/* clang-format on */

static size_t open_pdu(uint8_t *out, size_t cap, uint32_t as, bool as4, uint8_t addpath)
{
	struct bgp_open o = {.version = 4,
	                     .my_as = as > 65535 ? 23456 : (uint16_t)as,
	                     .hold_time = 90,
	                     .bgp_id = as,
	                     .as4 = as4 ? as : 0,
	                     .n_afs = 2};
	o.afs[0].afi = 1;
	o.afs[0].safi = 1;
	o.afs[0].addpath = addpath;
	o.afs[1].afi = 2;
	o.afs[1].safi = 1;
	struct wire_buf w = wire_buf_make(out, cap);
	assert_int_equal(bgp_encode_open(&w, &o), 0);
	return w.len;
}

static size_t peer_up(struct bmp_peer_hdr h, bool as4, uint8_t ap_local, uint8_t ap_peer,
                      const struct bmp_tlv *tlvs, size_t n)
{
	uint8_t sent[256], recv[256];
	struct bmp_peer_up_enc u = {.local_addr = {192, 0, 2, 2},
	                            .local_port = 179,
	                            .remote_port = 40000,
	                            .sent_open = sent,
	                            .sent_len =
	                                open_pdu(sent, sizeof sent, 4200000001u, as4, ap_local),
	                            .recv_open = recv,
	                            .recv_len = open_pdu(recv, sizeof recv, 64496, as4, ap_peer),
	                            .tlvs = tlvs,
	                            .n_tlvs = n};
	struct wire_buf w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_peer_up(&w, &h, &u), 0);
	return w.len;
}

static size_t rm(struct bmp_peer_hdr h, const uint8_t *pdu, size_t n)
{
	struct wire_buf w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_route_monitoring(&w, &h, pdu, n), 0);
	return w.len;
}

static void decode_ok(size_t n, struct bmp_msg *m)
{
	struct err e = {0};
	int rc = bmp_decode(buf, n, m, &e);
	if (rc != 0)
		fail_msg("decode failed: %s", e.msg);
}

static void decode_fails(size_t n, size_t want_off, const char *want)
{
	struct bmp_msg m;
	struct err e = {0};
	assert_int_equal(bmp_decode(buf, n, &m, &e), -1);
	assert_true(e.has_offset);
	if (want_off != SIZE_MAX)
		assert_int_equal(e.offset, want_off);
	if (!strstr(e.msg, want))
		fail_msg("error \"%s\" lacks \"%s\"", e.msg, want);
}

static void test_initiation_tlvs(void **state)
{
	(void)state;
	struct bmp_tlv t[] = {{BMP_INFO_STRING, 5, (const uint8_t *)"hello"},
	                      {BMP_INFO_SYS_DESCR, 3, (const uint8_t *)"FRR"},
	                      {BMP_INFO_SYS_NAME, 2, (const uint8_t *)"r1"},
	                      {99, 0, NULL}};
	struct wire_buf w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_initiation(&w, t, 4), 0);
	struct bmp_msg m;
	decode_ok(w.len, &m);
	assert_int_equal(m.version, 3);
	assert_int_equal(m.type, BMP_INITIATION);
	assert_false(m.has_peer);
	struct bmp_tlv got;
	assert_true(bmp_tlv_find(m.u.tlv.tlvs, m.u.tlv.tlvs_len, BMP_INFO_SYS_NAME, &got));
	assert_int_equal(got.len, 2);
	assert_memory_equal(got.value, "r1", 2);
	assert_true(bmp_tlv_find(m.u.tlv.tlvs, m.u.tlv.tlvs_len, 99, &got));
	assert_int_equal(got.len, 0);
	assert_false(bmp_tlv_find(m.u.tlv.tlvs, m.u.tlv.tlvs_len, 7, &got));
	assert_string_equal(bmp_info_tlv_name(BMP_INFO_SYS_DESCR), "sysDescr");
	/* GoBGP's Initiation: no TLV at all. */
	w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_initiation(&w, NULL, 0), 0);
	decode_ok(w.len, &m);
	assert_int_equal(m.u.tlv.tlvs_len, 0);
	/* A TLV whose length runs past the message. */
	w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_initiation(&w, t, 1), 0);
	buf[9] = 6;
	decode_fails(w.len, 6, "overruns");
}

static void test_termination_reasons(void **state)
{
	(void)state;
	for (uint16_t r = 0; r <= 5; r++) {
		uint8_t v[2] = {0, (uint8_t)r};
		struct bmp_tlv t[] = {{BMP_TERM_STRING, 3, (const uint8_t *)"bye"},
		                      {BMP_TERM_REASON, 2, v}};
		struct wire_buf w = wire_buf_make(buf, sizeof buf);
		assert_int_equal(bmp_encode_termination(&w, t, 2), 0);
		struct bmp_msg m;
		decode_ok(w.len, &m);
		struct bmp_tlv got;
		assert_true(bmp_tlv_find(m.u.tlv.tlvs, m.u.tlv.tlvs_len, BMP_TERM_REASON, &got));
		assert_int_equal(wire_load_u16(got.value), r);
	}
	assert_string_equal(bmp_term_reason_name(BMP_TERM_REDUNDANT), "redundant-connection");
	assert_string_equal(bmp_term_reason_name(5), "unknown");
	uint8_t v3[3] = {0, 1, 2};
	struct bmp_tlv bad = {BMP_TERM_REASON, 3, v3};
	struct wire_buf w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_termination(&w, &bad, 1), 0);
	decode_fails(w.len, 8, "must be 2");
}

static void test_peer_types_and_views(void **state)
{
	(void)state;
	static const struct {
		uint8_t type, flags;
		enum bmp_rib_view view;
	} cases[] = {
	    {BMP_PEER_GLOBAL, 0, BMP_VIEW_ADJ_IN_PRE},
	    {BMP_PEER_GLOBAL, BMP_PEER_FLAG_L, BMP_VIEW_ADJ_IN_POST},
	    {BMP_PEER_RD, BMP_PEER_FLAG_O, BMP_VIEW_ADJ_OUT_PRE},
	    {BMP_PEER_LOCAL, BMP_PEER_FLAG_O | BMP_PEER_FLAG_L, BMP_VIEW_ADJ_OUT_POST},
	    {BMP_PEER_LOC_RIB, 0, BMP_VIEW_LOC_RIB},
	    /* Loc-RIB's F flag is the V bit: not an IPv6 address. */
	    {BMP_PEER_LOC_RIB, BMP_PEER_FLAG_F, BMP_VIEW_LOC_RIB},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct bmp_peer_hdr h = peer4(cases[i].type, cases[i].flags);
		size_t n = rm(h, update4, sizeof update4);
		struct bmp_msg m;
		decode_ok(n, &m);
		assert_true(m.has_peer);
		assert_int_equal(m.peer.type, cases[i].type);
		assert_int_equal(m.peer.flags, cases[i].flags);
		assert_int_equal(m.peer.family, 4);
		assert_memory_equal(m.peer.addr, h.addr, 4);
		assert_int_equal(m.peer.distinguisher, h.distinguisher);
		assert_int_equal(m.peer.as, 64496);
		assert_int_equal(m.peer.bgp_id, 0xc0000201);
		assert_int_equal(m.peer.ts_sec, 1700000000);
		assert_int_equal(m.peer.ts_usec, 123456);
		assert_int_equal(bmp_peer_view(&m.peer), cases[i].view);
	}
	struct bmp_peer_hdr h6 = peer6();
	struct bmp_msg m;
	decode_ok(rm(h6, update4, sizeof update4), &m);
	assert_int_equal(m.peer.family, 6);
	assert_memory_equal(m.peer.addr, h6.addr, 16);
	assert_string_equal(bmp_peer_type_name(3), "loc-rib");
	assert_string_equal(bmp_peer_type_name(4), "unknown");
	assert_string_equal(bmp_view_name(BMP_VIEW_ADJ_OUT_POST), "adj-rib-out-post");
}

static void test_peer_up_session(void **state)
{
	(void)state;
	struct bmp_tlv t[] = {{BMP_INFO_STRING, 2, (const uint8_t *)"hi"},
	                      {BMP_INFO_VRF_TABLE_NAME, 7, (const uint8_t *)"default"}};
	/* Router may send and receive, peer may send: ADD-PATH on what the
	 * router receives (Adj-RIB-In) only. */
	size_t n = peer_up(peer4(BMP_PEER_GLOBAL, 0), true, 3, 2, t, 2);
	struct bmp_msg m;
	decode_ok(n, &m);
	assert_int_equal(m.type, BMP_PEER_UP);
	assert_int_equal(m.u.up.local_family, 4);
	static const uint8_t local[4] = {192, 0, 2, 2};
	assert_memory_equal(m.u.up.local_addr, local, 4);
	assert_int_equal(m.u.up.local_port, 179);
	assert_int_equal(m.u.up.remote_port, 40000);
	assert_int_equal(bgp_open_asn(&m.u.up.sent), 4200000001u);
	assert_int_equal(bgp_open_asn(&m.u.up.recv), 64496);
	assert_int_equal(m.u.up.sent_open.msg.type, BGP_MSG_OPEN);
	assert_true(m.u.up.session.as4);
	const struct bmp_session *s = &m.u.up.session;
	assert_true(bmp_session_addpath(s, BMP_VIEW_ADJ_IN_PRE, 1, 1));
	assert_true(bmp_session_addpath(s, BMP_VIEW_ADJ_IN_POST, 1, 1));
	assert_false(bmp_session_addpath(s, BMP_VIEW_ADJ_OUT_PRE, 1, 1));
	assert_false(bmp_session_addpath(s, BMP_VIEW_LOC_RIB, 1, 1));
	assert_false(bmp_session_addpath(s, BMP_VIEW_ADJ_IN_PRE, 2, 1));
	assert_false(bmp_session_addpath(NULL, BMP_VIEW_ADJ_IN_PRE, 1, 1));
	struct bmp_tlv got;
	assert_true(bmp_tlv_find(m.u.up.tlvs, m.u.up.tlvs_len, BMP_INFO_VRF_TABLE_NAME, &got));
	assert_memory_equal(got.value, "default", 7);
	/* Router sends, peer receives: ADD-PATH on Adj-RIB-Out. */
	decode_ok(peer_up(peer4(BMP_PEER_GLOBAL, 0), false, 2, 1, NULL, 0), &m);
	assert_false(m.u.up.session.as4);
	assert_true(bmp_session_addpath(&m.u.up.session, BMP_VIEW_ADJ_OUT_POST, 1, 1));
	assert_false(bmp_session_addpath(&m.u.up.session, BMP_VIEW_ADJ_IN_PRE, 1, 1));
	/* IPv6 peer: a 16-byte local address. */
	decode_ok(peer_up(peer6(), true, 0, 0, NULL, 0), &m);
	assert_int_equal(m.u.up.local_family, 6);
	/* The received OPEN's length runs past the message. */
	n = peer_up(peer4(BMP_PEER_GLOBAL, 0), true, 0, 0, NULL, 0);
	decode_ok(n, &m);
	size_t recv_at = (size_t)(m.u.up.recv_open.data - buf);
	buf[recv_at + 17] += 1;
	decode_fails(n, recv_at + 16, "received OPEN: BGP length");
	/* A KEEPALIVE where the sent OPEN should be. */
	n = peer_up(peer4(BMP_PEER_GLOBAL, 0), true, 0, 0, NULL, 0);
	buf[6 + 42 + 20 + 18] = 4;
	decode_fails(n, 6 + 42 + 20 + 18, "expected OPEN");
}

static size_t peer_down(uint8_t reason, const uint8_t *data, size_t n)
{
	struct wire_buf w = wire_buf_make(buf, sizeof buf);
	struct bmp_peer_hdr h = peer4(BMP_PEER_GLOBAL, BMP_PEER_FLAG_L);
	assert_int_equal(bmp_encode_peer_down(&w, &h, reason, data, n), 0);
	return w.len;
}

static void test_peer_down_every_reason(void **state)
{
	(void)state;
	uint8_t notif[64];
	struct wire_buf nw = wire_buf_make(notif, sizeof notif);
	assert_int_equal(bgp_encode_notification(&nw, 6, 2, (const uint8_t *)"x", 1), 0);
	struct bmp_msg m;
	for (uint8_t r = 1; r <= 3; r += 2) {
		decode_ok(peer_down(r, notif, nw.len), &m);
		assert_int_equal(m.u.down.reason, r);
		assert_int_equal(m.u.down.notify.code, 6);
		assert_int_equal(m.u.down.notify.subcode, 2);
		assert_int_equal(m.u.down.notification.len, nw.len);
		/* The NOTIFICATION missing (an old FRR bug) is an error. */
		decode_fails(peer_down(r, NULL, 0), 49, "BGP header truncated");
		/* An OPEN where the NOTIFICATION should be. */
		uint8_t open[64];
		size_t on = open_pdu(open, sizeof open, 1, true, 0);
		decode_fails(peer_down(r, open, on), 49 + 18, "expected NOTIFICATION");
	}
	uint8_t fsm[2] = {0, 18};
	decode_ok(peer_down(BMP_DOWN_LOCAL_FSM, fsm, 2), &m);
	assert_int_equal(m.u.down.fsm_event, 18);
	decode_fails(peer_down(BMP_DOWN_LOCAL_FSM, fsm, 1), 49, "FSM event");
	decode_ok(peer_down(BMP_DOWN_REMOTE_NODATA, NULL, 0), &m);
	decode_fails(peer_down(BMP_DOWN_REMOTE_NODATA, fsm, 2), 49, "carries no data");
	/* TLV extensions after the data of reasons 1-5. */
	uint8_t fsm_tlv[] = {0, 18, 0, 0, 0, 2, 'h', 'i'};
	decode_ok(peer_down(BMP_DOWN_LOCAL_FSM, fsm_tlv, sizeof fsm_tlv), &m);
	assert_int_equal(m.u.down.fsm_event, 18);
	assert_int_equal(m.u.down.tlvs_len, 6);
	decode_ok(peer_down(BMP_DOWN_REMOTE_NODATA, fsm_tlv + 2, 6), &m);
	assert_int_equal(m.u.down.tlvs_len, 6);
	uint8_t notif_tlv[80];
	memcpy(notif_tlv, notif, nw.len);
	memcpy(notif_tlv + nw.len, fsm_tlv + 2, 6);
	decode_ok(peer_down(BMP_DOWN_REMOTE_NOTIFY, notif_tlv, nw.len + 6), &m);
	assert_int_equal(m.u.down.notify.code, 6);
	assert_int_equal(m.u.down.tlvs_len, 6);
	decode_fails(peer_down(BMP_DOWN_REMOTE_NOTIFY, notif_tlv, nw.len + 5), 49 + 16,
	             "are no TLVs");
	decode_ok(peer_down(BMP_DOWN_DECONFIGURED, NULL, 0), &m);
	assert_int_equal(m.u.down.reason, 5);
	uint8_t tlv[] = {0, 3, 0, 3, 'v', 'r', 'f'};
	decode_ok(peer_down(BMP_DOWN_LOCAL_TLV, tlv, sizeof tlv), &m);
	struct bmp_tlv got;
	assert_true(bmp_tlv_find(m.u.down.data, m.u.down.data_len, 3, &got));
	decode_fails(peer_down(BMP_DOWN_LOCAL_TLV, tlv, 6), 49, "overruns");
	/* Unknown reasons keep their data. */
	decode_ok(peer_down(77, fsm, 2), &m);
	assert_int_equal(m.u.down.reason, 77);
	assert_int_equal(m.u.down.data_len, 2);
	assert_string_equal(bmp_down_reason_name(77), "unknown");
	assert_string_equal(bmp_down_reason_name(0), "unknown");
	assert_string_equal(bmp_down_reason_name(3), "remote-notification");
	assert_string_equal(bmp_down_reason_name(6), "local-tlv");
}

static void test_stats_every_type(void **state)
{
	(void)state;
	struct bmp_stat s[40];
	size_t n = 0;
	static const uint8_t raw5[5] = {1, 2, 3, 4, 5};
	for (uint16_t t = 0; t <= 17; t++) {
		struct bmp_stat x = {.type = t, .value = 1000u + t};
		if (t <= 6 || (t >= 11 && t <= 13))
			x.shape = BMP_STAT_SHAPE_COUNTER32;
		else if (t == 7 || t == 8 || t == 14 || t == 15)
			x.shape = BMP_STAT_SHAPE_GAUGE64, x.value = 0x100000000ULL + t;
		else
			x.shape = BMP_STAT_SHAPE_AF_GAUGE64, x.afi = 2, x.safi = 1;
		s[n++] = x;
	}
	/* Later registry types are read by their length. */
	s[n++] = (struct bmp_stat){
	    .type = 19, .shape = BMP_STAT_SHAPE_AF_GAUGE64, .afi = 1, .safi = 1, .value = 7};
	s[n++] = (struct bmp_stat){.type = 20, .shape = BMP_STAT_SHAPE_GAUGE64, .value = 9};
	s[n++] =
	    (struct bmp_stat){.type = 65000, .shape = BMP_STAT_SHAPE_OTHER, .len = 5, .raw = raw5};
	struct wire_buf w = wire_buf_make(buf, sizeof buf);
	struct bmp_peer_hdr h = peer4(BMP_PEER_GLOBAL, 0);
	assert_int_equal(bmp_encode_stats(&w, &h, s, n), 0);
	struct bmp_msg m;
	decode_ok(w.len, &m);
	assert_int_equal(m.u.stats.count, n);
	struct bmp_stat_iter it;
	struct bmp_stat got;
	bmp_stat_iter_init(&it, &m);
	size_t i = 0;
	while (bmp_stat_next(&it, &got)) {
		assert_int_equal(got.type, s[i].type);
		assert_int_equal(got.shape, s[i].shape);
		if (got.shape != BMP_STAT_SHAPE_OTHER)
			assert_int_equal(got.value, s[i].value);
		assert_int_equal(got.afi, s[i].afi);
		assert_int_equal(got.safi, s[i].safi);
		i++;
	}
	assert_int_equal(i, n);
	assert_memory_equal(got.raw, raw5, 5);
	assert_string_equal(bmp_stat_type_name(0), "rejected-prefixes");
	assert_string_equal(bmp_stat_type_name(17), "af-adj-rib-out-post-routes");
	assert_string_equal(bmp_stat_type_name(65000), "unknown");

	/* A known type with the wrong length. */
	struct bmp_stat bad = {.type = 7, .shape = BMP_STAT_SHAPE_COUNTER32, .value = 1};
	w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_stats(&w, &h, &bad, 1), 0);
	decode_fails(w.len, 52 + 2, "must be 8");
	/* More counters announced than present, and bytes after them. */
	struct bmp_stat one = {.type = 0, .shape = BMP_STAT_SHAPE_COUNTER32, .value = 1};
	w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_stats(&w, &h, &one, 1), 0);
	wire_store_u32(buf + 48, 2);
	decode_fails(w.len, 60, "counter 2 of 2");
	wire_store_u32(buf + 48, 0);
	decode_fails(w.len, 52, "after the 0 counters");
}

static void test_route_monitoring_elements(void **state)
{
	(void)state;
	struct bmp_msg m;
	struct bmp_elems it;
	const struct mrt_elem *el;
	struct err e;
	bmp_elems_init(&it, true);
	decode_ok(rm(peer4(BMP_PEER_GLOBAL, BMP_PEER_FLAG_L), update4, sizeof update4), &m);
	assert_int_equal(m.u.rm.update.len, sizeof update4);
	assert_int_equal(bmp_elems_start(&it, &m, NULL, &e), 0);
	static const struct {
		enum mrt_elem_type type;
		uint8_t len, b0;
	} want[] = {
	    {MRT_ELEM_WITHDRAW, 16, 10}, {MRT_ELEM_ANNOUNCE, 8, 10}, {MRT_ELEM_ANNOUNCE, 24, 192}};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(bmp_elems_next(&it, &el), 1);
		assert_int_equal(el->type, want[i].type);
		assert_int_equal(el->pfx_len, want[i].len);
		assert_int_equal(el->pfx_raw[0], want[i].b0);
		assert_int_equal(el->peer_as, 64496);
		assert_int_equal(el->peer_family, 4);
		assert_int_equal(el->rec->type, MRT_BGP4MP_ET);
		assert_int_equal(el->rec->subtype, MRT_BGP4MP_MESSAGE_AS4);
		assert_int_equal(el->rec->time, 1700000000);
		assert_int_equal(el->rec->usec, 123456);
		assert_false(el->addpath);
	}
	assert_int_equal(mrt_elem_origin_as(el), 64511);
	assert_int_equal(bmp_elems_next(&it, &el), 0);

	/* The A flag: a 2-byte AS_PATH; plain BGP4MP records when asked. */
	bmp_elems_init(&it, false);
	decode_ok(rm(peer4(BMP_PEER_GLOBAL, BMP_PEER_FLAG_A), update2, sizeof update2), &m);
	assert_int_equal(bmp_elems_start(&it, &m, NULL, &e), 0);
	assert_int_equal(bmp_elems_next(&it, &el), 1);
	assert_int_equal(el->rec->type, MRT_BGP4MP);
	assert_int_equal(el->rec->subtype, MRT_BGP4MP_MESSAGE);
	assert_int_equal(mrt_elem_origin_as(el), 64511);

	/* Without the A flag, a session without 4-byte ASNs gives 2 too. */
	decode_ok(peer_up(peer4(BMP_PEER_GLOBAL, 0), false, 0, 0, NULL, 0), &m);
	struct bmp_session s2 = m.u.up.session;
	decode_ok(rm(peer4(BMP_PEER_GLOBAL, 0), update2, sizeof update2), &m);
	assert_int_equal(bmp_elems_start(&it, &m, &s2, &e), 0);
	assert_int_equal(bmp_elems_next(&it, &el), 1);
	assert_int_equal(mrt_elem_origin_as(el), 64511);

	/* ADD-PATH from the Peer Up's OPENs. */
	decode_ok(peer_up(peer4(BMP_PEER_GLOBAL, 0), true, 1, 2, NULL, 0), &m);
	struct bmp_session sap = m.u.up.session;
	decode_ok(rm(peer4(BMP_PEER_GLOBAL, 0), update_ap, sizeof update_ap), &m);
	assert_int_equal(bmp_elems_start(&it, &m, &sap, &e), 0);
	assert_int_equal(bmp_elems_next(&it, &el), 1);
	assert_true(el->addpath);
	assert_int_equal(el->path_id, 7);
	assert_int_equal(el->pfx_len, 8);
	assert_int_equal(el->rec->subtype, MRT_BGP4MP_MESSAGE_AS4_ADDPATH);
	assert_int_equal(bmp_elems_next(&it, &el), 0);
	/* Without the session the plain reading fails and the ADD-PATH one
	 * decodes exactly: that one is used, and counted. */
	assert_int_equal(bmp_elems_start(&it, &m, NULL, &e), 0);
	assert_int_equal(bmp_elems_next(&it, &el), 1);
	assert_true(el->addpath);
	assert_int_equal(el->path_id, 7);
	assert_int_equal(it.addpath_detected, 1);
	/* FRR: ADD-PATH negotiated, no path identifiers sent. */
	decode_ok(rm(peer4(BMP_PEER_GLOBAL, 0), update4, sizeof update4), &m);
	assert_int_equal(bmp_elems_start(&it, &m, &sap, &e), 0);
	assert_int_equal(bmp_elems_next(&it, &el), 1);
	assert_false(el->addpath);
	assert_int_equal(el->pfx_len, 16);
	assert_int_equal(el->rec->subtype, MRT_BGP4MP_MESSAGE_AS4);
	assert_int_equal(it.addpath_detected, 3); /* withdrawn routes and NLRI */
	/* NLRI that decode neither way: dropped whole, with the offset. */
	uint8_t bad_nlri[sizeof update4];
	memcpy(bad_nlri, update4, sizeof bad_nlri);
	bad_nlri[sizeof bad_nlri - 4] = 33; /* 24 -> 33: too long for IPv4 */
	decode_ok(rm(peer4(BMP_PEER_GLOBAL, 0), bad_nlri, sizeof bad_nlri), &m);
	assert_int_equal(bmp_elems_start(&it, &m, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "UPDATE dropped"));
	assert_true(e.has_offset);
	assert_int_equal(e.offset, 48 + sizeof bad_nlri - 4); /* the bad prefix */
	assert_int_equal(bmp_elems_next(&it, &el), 0);
	assert_int_equal(it.updates_dropped, 1);

	/* An UPDATE whose withdrawn length overruns it: BMP frames it, the
	 * elements refuse it whole and say where. */
	uint8_t bad[sizeof update4];
	memcpy(bad, update4, sizeof bad);
	bad[20] = 200;
	decode_ok(rm(peer4(BMP_PEER_GLOBAL, 0), bad, sizeof bad), &m);
	assert_int_equal(bmp_elems_start(&it, &m, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "withdrawn routes length"));
	assert_int_equal(e.offset, 48 + 19);
	assert_int_equal(bmp_elems_next(&it, &el), 0);
	assert_int_equal(it.updates_dropped, 2);

	/* IPv6 in MP_REACH_NLRI from an IPv6 peer, Loc-RIB ignores A. */
	struct bmp_peer_hdr h6 = peer6();
	decode_ok(rm(h6, update6, sizeof update6), &m);
	assert_int_equal(bmp_elems_start(&it, &m, NULL, &e), 0);
	assert_int_equal(bmp_elems_next(&it, &el), 1);
	assert_int_equal(el->afi, BGP_AFI_IPV6);
	assert_int_equal(el->src, MRT_SRC_MP);
	assert_int_equal(el->pfx_len, 32);
	assert_int_equal(el->peer_family, 6);
	struct prefix nh;
	assert_int_equal(mrt_elem_next_hop(el, &nh), 0);
	assert_int_equal(nh.family, 6);
	decode_ok(rm(peer4(BMP_PEER_LOC_RIB, BMP_PEER_FLAG_A), update4, sizeof update4), &m);
	assert_int_equal(bmp_elems_start(&it, &m, NULL, &e), 0);
	assert_int_equal(bmp_elems_next(&it, &el), 1);
	assert_int_equal(el->rec->subtype, MRT_BGP4MP_MESSAGE_AS4);

	/* Peer Up and Peer Down give state changes; others nothing. */
	decode_ok(peer_up(peer4(BMP_PEER_GLOBAL, 0), true, 0, 0, NULL, 0), &m);
	assert_int_equal(bmp_elems_start(&it, &m, NULL, &e), 0);
	assert_int_equal(bmp_elems_next(&it, &el), 1);
	assert_int_equal(el->type, MRT_ELEM_STATE);
	assert_int_equal(el->old_state, 1);
	assert_int_equal(el->new_state, 6);
	assert_int_equal(bmp_elems_next(&it, &el), 0);
	decode_ok(peer_down(BMP_DOWN_REMOTE_NODATA, NULL, 0), &m);
	assert_int_equal(bmp_elems_start(&it, &m, NULL, &e), 0);
	assert_int_equal(bmp_elems_next(&it, &el), 1);
	assert_int_equal(el->new_state, 1);
	struct wire_buf w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_initiation(&w, NULL, 0), 0);
	decode_ok(w.len, &m);
	assert_int_equal(bmp_elems_start(&it, &m, NULL, &e), 0);
	assert_int_equal(bmp_elems_next(&it, &el), 0);
}

static void test_route_monitoring_strict(void **state)
{
	(void)state;
	struct bmp_peer_hdr h = peer4(BMP_PEER_GLOBAL, 0);
	/* The BGP length says less than BMP gives it. */
	size_t n = rm(h, update4, sizeof update4);
	buf[48 + 17] -= 1;
	decode_fails(n, 48 + 16, "are no TLVs");
	/* BMP v3 TLV extensions: a whole TLV after the PDU (an enterprise
	 * type, as Huawei sends) is kept, not an error. */
	uint8_t with_tlv[sizeof update4 + 8];
	memcpy(with_tlv, update4, sizeof update4);
	memcpy(with_tlv + sizeof update4, "\xea\x62\x00\x04\x00\x00\x00\x0a", 8);
	struct bmp_msg m;
	decode_ok(rm(h, with_tlv, sizeof with_tlv), &m);
	assert_int_equal(m.u.rm.update.len, sizeof update4);
	assert_int_equal(m.u.rm.tlvs_len, 8);
	struct bmp_tlv t;
	assert_true(bmp_tlv_find(m.u.rm.tlvs, m.u.rm.tlvs_len, 0xea62, &t));
	assert_int_equal(wire_load_u32(t.value), 10);
	/* ... but not a TLV that overruns. */
	decode_fails(rm(h, with_tlv, sizeof with_tlv - 1), 48 + 16, "are no TLVs");
	/* A bad marker. */
	n = rm(h, update4, sizeof update4);
	buf[48 + 3] = 0;
	decode_fails(n, 48 + 3, "marker");
	/* A KEEPALIVE in Route Monitoring. */
	uint8_t ka[19];
	struct wire_buf kw = wire_buf_make(ka, sizeof ka);
	bgp_encode_keepalive(&kw);
	decode_fails(rm(h, ka, sizeof ka), 48 + 18, "expected UPDATE");
}

static void test_mirroring(void **state)
{
	(void)state;
	uint8_t info[2] = {0, BMP_MIRROR_MSGS_LOST};
	struct bmp_tlv t[] = {{BMP_MIRROR_BGP_MSG, sizeof update4, update4},
	                      {BMP_MIRROR_INFO, 2, info}};
	struct bmp_peer_hdr h = peer4(BMP_PEER_GLOBAL, 0);
	struct wire_buf w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_route_mirroring(&w, &h, t, 2), 0);
	struct bmp_msg m;
	decode_ok(w.len, &m);
	assert_int_equal(m.type, BMP_ROUTE_MIRRORING);
	struct bmp_tlv got;
	assert_true(bmp_tlv_find(m.u.tlv.tlvs, m.u.tlv.tlvs_len, BMP_MIRROR_INFO, &got));
	assert_int_equal(wire_load_u16(got.value), BMP_MIRROR_MSGS_LOST);
	/* A BGP message TLV that is one byte short of its PDU. */
	t[0].len = sizeof update4 - 1;
	w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_route_mirroring(&w, &h, t, 1), 0);
	decode_fails(w.len, 48 + 4, "exactly one BGP message");
	t[0].len = sizeof update4;
	t[1].len = 1;
	w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_route_mirroring(&w, &h, t, 2), 0);
	decode_fails(w.len, SIZE_MAX, "information TLV of length 1");
}

static void test_versions_and_framing(void **state)
{
	(void)state;
	struct wire_buf w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_initiation(&w, NULL, 0), 0);
	size_t len;
	struct err e;
	assert_int_equal(bmp_frame(buf, 0, 0, &len, &e), 0);
	assert_int_equal(bmp_frame(buf, 3, 0, &len, &e), 0);
	assert_int_equal(len, 0);
	assert_int_equal(bmp_frame(buf, 6, 0, &len, &e), 1);
	assert_int_equal(len, 6);
	for (uint8_t v = 1; v <= 2; v++) {
		buf[0] = v;
		assert_int_equal(bmp_frame(buf, 1, 0, &len, &e), -1);
		assert_non_null(strstr(e.msg, "not supported"));
		decode_fails(6, 0, "pre-RFC 7854");
	}
	buf[0] = 4;
	decode_fails(6, 0, "only version 3");
	buf[0] = 3;
	/* A Peer Up too short to hold two OPENs, a message above the limit. */
	wire_store_u32(buf + 1, 100);
	buf[5] = BMP_PEER_UP;
	assert_int_equal(bmp_frame(buf, 6, 0, &len, &e), -1);
	assert_non_null(strstr(e.msg, "below the minimum"));
	wire_store_u32(buf + 1, 70000);
	buf[5] = BMP_ROUTE_MONITORING;
	assert_int_equal(bmp_frame(buf, 6, 0, &len, &e), 0);
	assert_int_equal(len, 70000);
	assert_int_equal(bmp_frame(buf, 6, 65536, &len, &e), -1);
	assert_non_null(strstr(e.msg, "exceeds the limit"));
	/* An unknown type frames (the stream goes on) but does not decode. */
	wire_store_u32(buf + 1, 6);
	buf[5] = 9;
	assert_int_equal(bmp_frame(buf, 6, 0, &len, &e), 1);
	decode_fails(6, 5, "type 9 unknown");
	assert_string_equal(bmp_msg_type_name(9), "UNKNOWN");
	/* The length field disagrees with what we hold. */
	w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_initiation(&w, NULL, 0), 0);
	wire_store_u32(buf + 1, 7);
	decode_fails(6, 1, "disagrees");
}

/* Every message shortened at every byte (with its length field still
 * claiming the full size, and with it patched to the shorter size) gives
 * an error, never a crash or an over-read (ASan checks the latter: the
 * message is copied into a buffer of exactly its size). */
static void truncations(size_t full)
{
	uint8_t *copy = malloc(full);
	assert_non_null(copy);
	memcpy(copy, buf, full);
	for (size_t n = 0; n < full; n++) {
		uint8_t *p = malloc(n ? n : 1);
		assert_non_null(p);
		memcpy(p, copy, n);
		struct bmp_msg m;
		struct err e;
		assert_int_equal(bmp_decode(p, n, &m, &e), -1);
		if (n >= 5) {
			wire_store_u32(p + 1, (uint32_t)n);
			int rc = bmp_decode(p, n, &m, &e);
			/* A shorter TLV run may still be whole; most are not. */
			if (rc == 0) {
				assert_true(m.type == BMP_INITIATION || m.type == BMP_TERMINATION ||
				            m.type == BMP_PEER_UP ||
				            m.type == BMP_ROUTE_MIRRORING ||
				            m.type == BMP_PEER_DOWN);
			}
		}
		free(p);
	}
	free(copy);
}

static void test_truncation_every_offset(void **state)
{
	(void)state;
	uint8_t notif[64];
	struct wire_buf nw = wire_buf_make(notif, sizeof notif);
	assert_int_equal(bgp_encode_notification(&nw, 6, 4, NULL, 0), 0);
	struct bmp_tlv t[] = {{BMP_INFO_SYS_DESCR, 3, (const uint8_t *)"FRR"},
	                      {BMP_INFO_SYS_NAME, 2, (const uint8_t *)"r1"}};
	struct bmp_stat st[] = {
	    {.type = 0, .shape = BMP_STAT_SHAPE_COUNTER32, .value = 3},
	    {.type = 9, .shape = BMP_STAT_SHAPE_AF_GAUGE64, .afi = 1, .safi = 1, .value = 3}};
	struct bmp_peer_hdr h = peer4(BMP_PEER_GLOBAL, 0);
	struct wire_buf w;

	truncations(rm(h, update4, sizeof update4));
	truncations(rm(peer6(), update6, sizeof update6));
	truncations(peer_up(h, true, 3, 3, t, 2));
	truncations(peer_down(BMP_DOWN_REMOTE_NOTIFY, notif, nw.len));
	uint8_t fsm[2] = {0, 1};
	truncations(peer_down(BMP_DOWN_LOCAL_FSM, fsm, 2));
	w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_stats(&w, &h, st, 2), 0);
	truncations(w.len);
	w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_initiation(&w, t, 2), 0);
	truncations(w.len);
	w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_termination(&w, t, 1), 0);
	truncations(w.len);
	struct bmp_tlv mt = {BMP_MIRROR_BGP_MSG, sizeof update2, update2};
	w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_route_mirroring(&w, &h, &mt, 1), 0);
	truncations(w.len);
}

static void test_encoder_overflow(void **state)
{
	(void)state;
	uint8_t small[40];
	struct wire_buf w = wire_buf_make(small, sizeof small);
	struct bmp_peer_hdr h = peer4(BMP_PEER_GLOBAL, 0);
	assert_int_equal(bmp_encode_route_monitoring(&w, &h, update4, sizeof update4), -1);
	w = wire_buf_make(small, sizeof small);
	assert_int_equal(bmp_encode_initiation(&w, NULL, 0), 0);
	assert_int_equal(w.len, 6);
}

static void test_exporter_quirks(void **state)
{
	(void)state;
	struct bmp_tlv frr[] = {{BMP_INFO_SYS_DESCR, 15, (const uint8_t *)"FRRouting 8.4.4"}};
	struct bmp_tlv other[] = {{BMP_INFO_SYS_DESCR, 5, (const uint8_t *)"Cisco"}};
	struct bmp_msg m;
	struct wire_buf w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_initiation(&w, frr, 1), 0);
	decode_ok(w.len, &m);
	assert_true(bmp_exporter_omits_path_ids(&m));
	w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_initiation(&w, other, 1), 0);
	decode_ok(w.len, &m);
	assert_false(bmp_exporter_omits_path_ids(&m));
	w = wire_buf_make(buf, sizeof buf);
	assert_int_equal(bmp_encode_initiation(&w, NULL, 0), 0);
	decode_ok(w.len, &m);
	assert_false(bmp_exporter_omits_path_ids(&m));
	decode_ok(peer_up(peer4(BMP_PEER_GLOBAL, 0), true, 3, 3, NULL, 0), &m);
	struct bmp_session s = m.u.up.session;
	assert_true(bmp_session_addpath(&s, BMP_VIEW_ADJ_IN_PRE, 1, 1));
	bmp_session_without_path_ids(&s);
	assert_false(bmp_session_addpath(&s, BMP_VIEW_ADJ_IN_PRE, 1, 1));
	assert_false(bmp_session_addpath(&s, BMP_VIEW_ADJ_OUT_PRE, 1, 1));
	assert_true(s.as4);
}

static void test_end_of_rib(void **state)
{
	(void)state;
	/* clang-format off */
	static const uint8_t eor4[] = {MARKER, 0, 23, 2, 0, 0, 0, 0};
	static const uint8_t eor6[] = {MARKER, 0, 29, 2, 0, 0, 0, 6, 0x80, 15, 3, 0, 2, 1};
	/* clang-format on */
	struct bmp_msg m;
	uint16_t afi = 0;
	uint8_t safi = 0;
	struct bmp_peer_hdr h = peer4(BMP_PEER_LOC_RIB, 0);
	decode_ok(rm(h, eor4, sizeof eor4), &m);
	assert_true(bmp_update_is_eor(&m, &afi, &safi));
	assert_int_equal(afi, 1);
	assert_int_equal(safi, 1);
	decode_ok(rm(h, eor6, sizeof eor6), &m);
	assert_true(bmp_update_is_eor(&m, &afi, &safi));
	assert_int_equal(afi, 2);
	assert_int_equal(safi, 1);
	decode_ok(rm(h, update4, sizeof update4), &m);
	assert_false(bmp_update_is_eor(&m, &afi, &safi));
	decode_ok(peer_down(BMP_DOWN_REMOTE_NODATA, NULL, 0), &m);
	assert_false(bmp_update_is_eor(&m, &afi, &safi));
}

static char *json_of(const struct bmp_msg *m, struct mrt_buf *b)
{
	struct json_writer w;
	b->len = 0;
	json_writer_init_buf(&w, b);
	json_begin_object(&w);
	bmp_json_members(&w, m);
	json_end_object(&w);
	assert_int_equal(mrt_buf_reserve(b, 1), 0);
	b->p[b->len] = '\0';
	return b->p;
}

static void test_json(void **state)
{
	(void)state;
	struct mrt_buf b = {0};
	struct bmp_msg m;
	struct bmp_tlv t[] = {{BMP_INFO_VRF_TABLE_NAME, 4, (const uint8_t *)"blue"}};
	decode_ok(peer_up(peer4(BMP_PEER_RD, BMP_PEER_FLAG_L), true, 3, 2, t, 1), &m);
	const char *j = json_of(&m, &b);
	static const char *want[] = {
	    "\"bmp_type\":\"peer_up\"",
	    "\"peer_type\":\"rd\"",
	    "\"peer_distinguisher\":\"253.232.0.0:100\"",
	    "\"rib\":\"post-policy\"",
	    "\"local_as\":4200000001",
	    "\"remote_as\":64496",
	    "\"as4\":true",
	    "\"addpath\":[{\"afi\":1,\"safi\":1,\"rx\":true,\"tx\":false}]",
	    "\"table_name\":\"blue\"",
	    "\"local_ip\":\"192.0.2.2\""};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(j, want[i]))
			fail_msg("%s lacks %s", j, want[i]);
	uint8_t notif[64];
	struct wire_buf nw = wire_buf_make(notif, sizeof notif);
	assert_int_equal(bgp_encode_notification(&nw, 6, 4, NULL, 0), 0);
	decode_ok(peer_down(BMP_DOWN_REMOTE_NOTIFY, notif, nw.len), &m);
	j = json_of(&m, &b);
	assert_non_null(strstr(j, "\"notification\":{\"code\":6,\"subcode\":4}"));
	assert_non_null(strstr(j, "\"reason_name\":\"remote-notification\""));
	struct bmp_stat st = {.type = 99,
	                      .shape = BMP_STAT_SHAPE_OTHER,
	                      .len = 2,
	                      .raw = (const uint8_t *)"\x01\xff"};
	struct wire_buf w = wire_buf_make(buf, sizeof buf);
	struct bmp_peer_hdr h = peer4(BMP_PEER_GLOBAL, 0);
	assert_int_equal(bmp_encode_stats(&w, &h, &st, 1), 0);
	decode_ok(w.len, &m);
	j = json_of(&m, &b);
	assert_non_null(strstr(j, "{\"type\":99,\"name\":\"unknown\",\"raw\":\"01ff\"}"));
	char rd[32];
	assert_string_equal(bmp_rd_format(0x0000fde800000064ULL, rd, sizeof rd), "65000:100");
	assert_string_equal(bmp_rd_format(0x0001c00002010007ULL, rd, sizeof rd), "192.0.2.1:7");
	assert_string_equal(bmp_rd_format(0x0002fbf000010009ULL, rd, sizeof rd), "4226809857:9");
	mrt_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_initiation_tlvs),
	    cmocka_unit_test(test_termination_reasons),
	    cmocka_unit_test(test_peer_types_and_views),
	    cmocka_unit_test(test_peer_up_session),
	    cmocka_unit_test(test_peer_down_every_reason),
	    cmocka_unit_test(test_stats_every_type),
	    cmocka_unit_test(test_route_monitoring_elements),
	    cmocka_unit_test(test_route_monitoring_strict),
	    cmocka_unit_test(test_mirroring),
	    cmocka_unit_test(test_versions_and_framing),
	    cmocka_unit_test(test_truncation_every_offset),
	    cmocka_unit_test(test_encoder_overflow),
	    cmocka_unit_test(test_end_of_rib),
	    cmocka_unit_test(test_exporter_quirks),
	    cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: ISC */
/* test_input_bmp.c - BMP messages (built with bmp_enc) through a router's
 * feed into input_bmp: one view becomes route events with the peer, the
 * router as source and the header's time (the clock when it is 0); other
 * views are counted and dropped; a Peer Down becomes peer-down whatever
 * its header's view; a router gone past the grace time ends its peers;
 * and through a pipeline a hijack seen over BMP opens
 * and a Peer Down resolves it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "bgp/bgp_msg.h"
#include "bmp/bmp_enc.h"
#include "bmp/bmp_state_walk.h"
#include "detect/input_bmp.h"
#include "detect/monitor_config.h"
#include "detect/pipeline.h"

/* clang-format off */
#define MARKER 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, \
               0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
/* ORIGIN IGP; AS_PATH 64496 64511 with 4-byte ASNs; NEXT_HOP 192.0.2.254 */
#define ATTRS4 0x40, 1, 1, 0, \
               0x40, 2, 10, 2, 2, 0, 0, 0xfb, 0xf0, 0, 0, 0xfb, 0xff, \
               0x40, 3, 4, 192, 0, 2, 254
#define ATTRS4_LEN (4 + 13 + 7)

/* Withdraws 10.1.0.0/16, announces 10.0.0.0/8 and 192.0.2.0/24. */
static const uint8_t update4[] = {
    MARKER, 0, 19 + 2 + 3 + 2 + ATTRS4_LEN + 6, 2,
    0, 3, 16, 10, 1,
    0, ATTRS4_LEN, ATTRS4,
    8, 10, 24, 192, 0, 2};
/* Announces 10.0.0.0/8 only, with the same path. */
static const uint8_t update_one[] = {
    MARKER, 0, 19 + 2 + 2 + ATTRS4_LEN + 2, 2,
    0, 0,
    0, ATTRS4_LEN, ATTRS4,
    8, 10};

/* End-of-RIB for IPv4 unicast (RFC 4724): an empty UPDATE. */
static const uint8_t eor4[] = {MARKER, 0, 23, 2, 0, 0, 0, 0};
/* clang-format on */

static struct bmp_peer_hdr peer_hdr(uint8_t type, uint8_t flags, uint32_t ts)
{
	struct bmp_peer_hdr h = {.type = type,
	                         .flags = flags,
	                         .family = 4,
	                         .addr = {203, 0, 113, 9},
	                         .as = 64496,
	                         .bgp_id = 0xcb007109,
	                         .ts_sec = ts};
	if (type == BMP_PEER_LOC_RIB)
		memset(h.addr, 0, sizeof h.addr);
	return h;
}

#define MAX_EV 16

struct seen {
	size_t n;
	struct route_event ev[MAX_EV];
	char source[MAX_EV][32];
	uint32_t origin_path_last[MAX_EV];
	int stop_after;
};

static int collect(void *arg, const struct route_event *ev, struct err *e)
{
	struct seen *s = arg;
	if (s->n < MAX_EV) {
		s->ev[s->n] = *ev;
		snprintf(s->source[s->n], sizeof s->source[0], "%s", ev->source ? ev->source : "");
		s->origin_path_last[s->n] = ev->path_len ? ev->path[ev->path_len - 1] : 0;
	}
	s->n++;
	return s->stop_after && s->n == (size_t)s->stop_after ? 1 : 0;
}

struct rig {
	struct bmp_state *st;
	struct bmp_feed feed;
	struct input_bmp in;
	uint8_t buf[4096];
};

static void rig_start(struct rig *r, enum bmp_rib_view view, route_event_fn fn, void *arg)
{
	r->st = bmp_state_new();
	assert_non_null(r->st);
	struct bmp_router *router = bmp_state_router_up(r->st, "192.0.2.1");
	assert_non_null(router);
	input_bmp_init(&r->in, view, fn, arg);
	bmp_feed_init(&r->feed, r->st, router, input_bmp_element, &r->in, NULL);
	r->feed.on_eor = input_bmp_eor;
}

static void rig_end(struct rig *r)
{
	input_bmp_free(&r->in);
	bmp_state_free(r->st);
}

static void send_rm(struct rig *r, struct bmp_peer_hdr h)
{
	struct wire_buf w = wire_buf_make(r->buf, sizeof r->buf);
	assert_int_equal(bmp_encode_route_monitoring(&w, &h, update4, sizeof update4), 0);
	struct err e;
	assert_int_equal(bmp_feed_message(&r->feed, r->buf, w.len, &e), 0);
}

static void send_down(struct rig *r, struct bmp_peer_hdr h)
{
	struct wire_buf w = wire_buf_make(r->buf, sizeof r->buf);
	assert_int_equal(bmp_encode_peer_down(&w, &h, BMP_DOWN_REMOTE_NODATA, NULL, 0), 0);
	struct err e;
	assert_int_equal(bmp_feed_message(&r->feed, r->buf, w.len, &e), 0);
}

static void send_pdu(struct rig *r, struct bmp_peer_hdr h, const uint8_t *pdu, size_t n)
{
	struct wire_buf w = wire_buf_make(r->buf, sizeof r->buf);
	assert_int_equal(bmp_encode_route_monitoring(&w, &h, pdu, n), 0);
	struct err e;
	assert_int_equal(bmp_feed_message(&r->feed, r->buf, w.len, &e), 0);
}

static size_t open_pdu(uint8_t *out, size_t cap, uint32_t as)
{
	struct bgp_open o = {
	    .version = 4, .my_as = 23456, .hold_time = 90, .bgp_id = as, .as4 = as, .n_afs = 1};
	o.afs[0].afi = 1;
	o.afs[0].safi = 1;
	struct wire_buf w = wire_buf_make(out, cap);
	assert_int_equal(bgp_encode_open(&w, &o), 0);
	return w.len;
}

static void send_up(struct rig *r, struct bmp_peer_hdr h)
{
	uint8_t sent[128], recv[128];
	struct bmp_peer_up_enc u = {.local_addr = {192, 0, 2, 2},
	                            .local_port = 179,
	                            .remote_port = 40000,
	                            .sent_open = sent,
	                            .sent_len = open_pdu(sent, sizeof sent, 64500),
	                            .recv_open = recv,
	                            .recv_len = open_pdu(recv, sizeof recv, h.as)};
	struct wire_buf w = wire_buf_make(r->buf, sizeof r->buf);
	assert_int_equal(bmp_encode_peer_up(&w, &h, &u), 0);
	struct err e;
	assert_int_equal(bmp_feed_message(&r->feed, r->buf, w.len, &e), 0);
}

static void test_pre_policy_events(void **state)
{
	(void)state;
	struct seen s = {0};
	struct rig r;
	rig_start(&r, BMP_VIEW_ADJ_IN_PRE, collect, &s);
	send_rm(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000000));
	assert_int_equal(s.n, 3);
	assert_int_equal(s.ev[0].type, ROUTE_EV_WITHDRAW);
	for (size_t i = 1; i < 3; i++) {
		assert_int_equal(s.ev[i].type, ROUTE_EV_ANNOUNCE);
		assert_int_equal(s.ev[i].origin, 64511);
		assert_int_equal(s.origin_path_last[i], 64511);
	}
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(s.ev[i].time, 1700000000);
		assert_int_equal(s.ev[i].peer_as, 64496);
		assert_int_equal(s.ev[i].peer_addr.family, 4);
		assert_int_equal(s.ev[i].peer_addr.addr[0], 203);
		assert_int_equal(s.ev[i].peer_addr.addr[3], 9);
		assert_string_equal(s.source[i], "bmp:192.0.2.1");
	}
	/* post-policy and Loc-RIB copies of the same routes: not counted twice */
	send_rm(&r, peer_hdr(BMP_PEER_GLOBAL, BMP_PEER_FLAG_L, 1700000001));
	send_rm(&r, peer_hdr(BMP_PEER_LOC_RIB, 0, 1700000001));
	assert_int_equal(s.n, 3);
	assert_int_equal(r.in.st.other_view, 6);
	/* a Peer Down with post-policy flags still ends the peer */
	send_down(&r, peer_hdr(BMP_PEER_GLOBAL, BMP_PEER_FLAG_L, 1700000002));
	assert_int_equal(s.n, 4);
	assert_int_equal(s.ev[3].type, ROUTE_EV_PEER_DOWN);
	assert_int_equal(s.ev[3].peer_as, 64496);
	assert_int_equal(s.ev[3].time, 1700000002);
	assert_int_equal(r.in.st.events, 4);
	assert_int_equal(r.in.st.announces, 2);
	assert_int_equal(r.in.st.withdraws, 1);
	assert_int_equal(r.in.st.peer_downs, 1);
	rig_end(&r);
}

static void test_loc_rib_and_clock(void **state)
{
	(void)state;
	struct seen s = {0};
	struct rig r;
	rig_start(&r, BMP_VIEW_LOC_RIB, collect, &s);
	send_rm(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000000));
	assert_int_equal(s.n, 0);
	/* the same clock the input reads: time() is the coarse clock, which
	 * can lag CLOCK_REALTIME by a tick across a second boundary */
	struct timespec t0, t1;
	clock_gettime(CLOCK_REALTIME, &t0);
	send_rm(&r, peer_hdr(BMP_PEER_LOC_RIB, 0, 0)); /* no timestamp: the clock */
	clock_gettime(CLOCK_REALTIME, &t1);
	uint32_t before = (uint32_t)t0.tv_sec, after = (uint32_t)t1.tv_sec;
	assert_int_equal(s.n, 3);
	assert_in_range(s.ev[1].time, before, after);
	assert_int_equal(s.ev[1].peer_addr.addr[0], 0);
	/* a real peer's Peer Down is not the Loc-RIB's */
	send_down(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000002));
	assert_int_equal(s.n, 3);
	rig_end(&r);
}

static void test_stop_drops_the_rest(void **state)
{
	(void)state;
	struct seen s = {.stop_after = 2};
	struct rig r;
	rig_start(&r, BMP_VIEW_ADJ_IN_PRE, collect, &s);
	send_rm(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000000));
	send_rm(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000001));
	assert_int_equal(s.n, 2);
	assert_true(r.in.stopped);
	assert_int_equal(r.in.result, 1);
	assert_int_equal(r.in.st.elems, 6);
	rig_end(&r);
}

/* A router whose session ended keeps its peers for the grace time; back in
 * time it keeps them, gone for longer each peer it reported gets one
 * PEER_DOWN (a peer already down gets none). */
static void test_router_gone(void **state)
{
	(void)state;
	struct seen s = {0};
	struct rig r;
	rig_start(&r, BMP_VIEW_ADJ_IN_PRE, collect, &s);
	struct bmp_peer_hdr other = peer_hdr(BMP_PEER_GLOBAL, 0, 1700000000);
	other.addr[3] = 10;
	other.as = 64497;
	send_rm(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000000));
	send_rm(&r, other);
	assert_int_equal(s.n, 6);
	input_bmp_router_down(&r.in, "192.0.2.1", 1000);
	assert_int_equal(input_bmp_expire(&r.in, 1299, 300), 0);
	assert_int_equal(s.n, 6);
	send_rm(&r, other); /* back within the grace time */
	assert_int_equal(input_bmp_expire(&r.in, 5000, 300), 0);
	assert_int_equal(s.n, 9);
	send_down(&r, other);
	assert_int_equal(s.n, 10);
	input_bmp_router_down(&r.in, "192.0.2.1", 6000);
	input_bmp_router_down(&r.in, "192.0.2.99", 6000); /* never seen: no-op */
	assert_int_equal(input_bmp_expire(&r.in, 6300, 300), 0);
	assert_int_equal(s.n, 11);
	assert_int_equal(s.ev[10].type, ROUTE_EV_PEER_DOWN);
	assert_int_equal(s.ev[10].peer_as, 64496);
	assert_int_equal(s.ev[10].peer_addr.addr[3], 9);
	assert_int_equal(s.ev[10].time, 6300);
	assert_string_equal(s.source[10], "bmp:192.0.2.1");
	assert_int_equal(r.in.st.routers_expired, 1);
	assert_int_equal(input_bmp_expire(&r.in, 9000, 300), 0);
	assert_int_equal(s.n, 11);
	rig_end(&r);
}

struct alerts {
	size_t opened, resolved;
	uint32_t offender;
};

static void on_alert(void *arg, const struct alert *a)
{
	struct alerts *x = arg;
	if (a->state == ALERT_OPEN) {
		x->opened++;
		x->offender = a->offender_as;
	} else if (a->state == ALERT_RESOLVED) {
		x->resolved++;
	}
}

static int to_pipeline(void *arg, const struct route_event *ev, struct err *e)
{
	return pipeline_feed(arg, ev, e);
}

static void test_hijack_through_pipeline(void **state)
{
	(void)state;
	static const char prefixes[] = "192.0.2.0/24:\n  description: web\n  asn: 64496\n"
	                               "  ignoreMorespecifics: false\n";
	static const char config[] = "monitors:\n"
	                             "  - file: monitorHijack\n"
	                             "    channel: hijack\n"
	                             "    name: basic-hijack-detection\n"
	                             "    params:\n"
	                             "      thresholdMinPeers: 1\n";
	struct err e;
	struct monitor_config *cfg =
	    monitor_config_load_buffer(prefixes, sizeof prefixes - 1, "prefixes.yml", config,
	                               sizeof config - 1, "config.yml", &e);
	if (!cfg)
		fail_msg("%s", e.msg);
	struct detect_ctx ctx = {.cfg = cfg};
	struct alerts x = {0};
	struct pipeline *p = pipeline_new(&ctx, NULL, on_alert, &x, &e);
	if (!p)
		fail_msg("%s", e.msg);
	struct rig r;
	rig_start(&r, BMP_VIEW_ADJ_IN_PRE, to_pipeline, p);
	send_rm(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000000));
	assert_int_equal(x.opened, 1);
	assert_int_equal(x.offender, 64511);
	send_down(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000010));
	assert_int_equal(x.resolved, 1);
	rig_end(&r);
	pipeline_free(p);
	monitor_config_free(cfg);
}

/* The routes after a Peer Up are the peer's initial table (from_rib, as
 * an MRT RIB's) until its End-of-RIB; later ones are changes. */
static void test_initial_table_until_eor(void **state)
{
	(void)state;
	struct seen s = {0};
	struct rig r;
	rig_start(&r, BMP_VIEW_ADJ_IN_PRE, collect, &s);
	send_up(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000000));
	assert_int_equal(s.n, 0);
	send_rm(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000001));
	assert_int_equal(s.n, 3);
	assert_false(s.ev[0].from_rib); /* a withdrawal is what it is */
	assert_true(s.ev[1].from_rib);
	assert_true(s.ev[2].from_rib);
	assert_int_equal(r.in.st.from_rib, 2);
	send_pdu(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000002), eor4, sizeof eor4);
	assert_int_equal(s.n, 3);
	assert_int_equal(r.feed.eors, 1);
	assert_int_equal(r.in.st.eors, 1);
	send_rm(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000003));
	assert_int_equal(s.n, 6);
	assert_false(s.ev[4].from_rib);
	assert_false(s.ev[5].from_rib);
	/* the End-of-RIB of another view is not this one's */
	send_up(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000010));
	send_pdu(&r, peer_hdr(BMP_PEER_GLOBAL, BMP_PEER_FLAG_L, 1700000011), eor4, sizeof eor4);
	send_rm(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000012));
	assert_true(s.ev[s.n - 1].from_rib);
	assert_int_equal(r.in.st.eors, 1);
	rig_end(&r);
}

static int hand_over(void *arg, const struct bmp_walk_route *w)
{
	struct bmp_route_event ev = {.router = w->router->name,
	                             .view = w->view,
	                             .peer_type = w->peer->key.type,
	                             .el = w->el};
	input_bmp_element(arg, &ev);
	return 0;
}

/* A rebuilt monitor is handed the collector's tables as RIB elements: they
 * are from_rib, and the peers' next routes are changes, not an initial
 * table (no End-of-RIB will come for it). */
static void test_handed_over_table_is_loaded(void **state)
{
	(void)state;
	struct seen s = {0}, s2 = {0};
	struct rig r;
	rig_start(&r, BMP_VIEW_ADJ_IN_PRE, collect, &s);
	send_up(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000000));
	send_rm(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000001));
	struct input_bmp in2;
	input_bmp_init(&in2, BMP_VIEW_ADJ_IN_PRE, collect, &s2);
	assert_int_equal(bmp_state_walk(r.st, BMP_VIEW_ADJ_IN_PRE, hand_over, &in2), 0);
	assert_int_equal(s2.n, 2);
	assert_true(s2.ev[0].from_rib);
	r.feed.event_arg = &in2;
	send_rm(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000002));
	assert_int_equal(s2.n, 5);
	assert_false(s2.ev[3].from_rib);
	assert_false(s2.ev[4].from_rib);
	input_bmp_free(&in2);
	rig_end(&r);
}

/* A router that sends no End-of-RIB: the initial table ends
 * INPUT_BMP_INITIAL_MAX seconds after the Peer Up. */
static void test_initial_table_without_eor(void **state)
{
	(void)state;
	struct seen s = {0};
	struct rig r;
	rig_start(&r, BMP_VIEW_ADJ_IN_PRE, collect, &s);
	send_up(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000000));
	send_rm(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000000 + INPUT_BMP_INITIAL_MAX - 1));
	assert_true(s.ev[2].from_rib);
	send_rm(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000000 + INPUT_BMP_INITIAL_MAX));
	assert_int_equal(s.n, 6);
	assert_false(s.ev[5].from_rib);
	rig_end(&r);
}

/* A router back within the grace time sends its table again; at the
 * End-of-RIB, the routes it did not send again (withdrawn while it was
 * away) are withdrawn from the monitor and the collector (mark and sweep). */
static void test_reconnect_sweeps_at_eor(void **state)
{
	(void)state;
	struct seen s = {0};
	struct rig r;
	rig_start(&r, BMP_VIEW_ADJ_IN_PRE, collect, &s);
	send_up(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000000));
	send_rm(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000001)); /* 10/8 and 192.0.2/24 */
	send_pdu(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000002), eor4, sizeof eor4);
	assert_int_equal(s.n, 3);
	bmp_state_router_down(r.st, r.feed.router, 1700000100);
	input_bmp_router_down(&r.in, "192.0.2.1", 1700000100);
	assert_ptr_equal(bmp_state_router_up(r.st, "192.0.2.1"), r.feed.router);
	send_up(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000150));
	send_pdu(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000151), update_one, sizeof update_one);
	assert_int_equal(s.n, 4);
	assert_true(s.ev[3].from_rib);
	send_pdu(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000152), eor4, sizeof eor4);
	assert_int_equal(s.n, 5);
	assert_int_equal(s.ev[4].type, ROUTE_EV_WITHDRAW);
	char pfx[PREFIX_STRLEN];
	prefix_format(&s.ev[4].pfx, pfx, sizeof pfx);
	assert_string_equal(pfx, "192.0.2.0/24");
	assert_int_equal(s.ev[4].peer_as, 64496);
	assert_string_equal(s.source[4], "bmp:192.0.2.1");
	assert_int_equal(r.feed.stale_swept, 1);
	struct bmp_state_totals t;
	bmp_state_totals(r.st, &t);
	assert_int_equal(t.routes, 1);
	assert_int_equal(t.stale, 0);
	/* nothing stale is left for the grace time to drop */
	assert_int_equal(bmp_feed_expire(r.st, 1700000400, 300, input_bmp_element, &r.in), 0);
	assert_int_equal(s.n, 5);
	rig_end(&r);
}

/* Without an End-of-RIB, what the returning router did not send again goes
 * when the grace time ends, as withdrawals. */
static void test_reconnect_sweeps_at_grace(void **state)
{
	(void)state;
	struct seen s = {0};
	struct rig r;
	rig_start(&r, BMP_VIEW_ADJ_IN_PRE, collect, &s);
	send_rm(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000001));
	bmp_state_router_down(r.st, r.feed.router, 1700000100);
	input_bmp_router_down(&r.in, "192.0.2.1", 1700000100);
	bmp_state_router_up(r.st, "192.0.2.1");
	send_pdu(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000151), update_one, sizeof update_one);
	assert_int_equal(s.n, 4);
	assert_int_equal(bmp_feed_expire(r.st, 1700000399, 300, input_bmp_element, &r.in), 0);
	assert_int_equal(s.n, 4);
	assert_int_equal(bmp_feed_expire(r.st, 1700000400, 300, input_bmp_element, &r.in), 1);
	assert_int_equal(s.n, 5);
	assert_int_equal(s.ev[4].type, ROUTE_EV_WITHDRAW);
	assert_int_equal(s.ev[4].pfx.len, 24);
	assert_int_equal(s.ev[4].time, 1700000400);
	rig_end(&r);
}

/* Through the pipeline: a hijacked route the router withdrew while away
 * resolves at the End-of-RIB of its return. */
static int to_pipeline(void *arg, const struct route_event *ev, struct err *e);
static void on_alert(void *arg, const struct alert *a);

static void test_reconnect_resolves_through_pipeline(void **state)
{
	(void)state;
	static const char prefixes[] = "192.0.2.0/24:\n  description: web\n  asn: 64496\n"
	                               "  ignoreMorespecifics: false\n";
	static const char config[] = "monitors:\n"
	                             "  - file: monitorHijack\n"
	                             "    channel: hijack\n"
	                             "    name: basic-hijack-detection\n"
	                             "    params:\n"
	                             "      thresholdMinPeers: 1\n";
	struct err e;
	struct monitor_config *cfg =
	    monitor_config_load_buffer(prefixes, sizeof prefixes - 1, "prefixes.yml", config,
	                               sizeof config - 1, "config.yml", &e);
	if (!cfg)
		fail_msg("%s", e.msg);
	struct detect_ctx ctx = {.cfg = cfg};
	struct alerts x = {0};
	struct pipeline *p = pipeline_new(&ctx, NULL, on_alert, &x, &e);
	if (!p)
		fail_msg("%s", e.msg);
	struct rig r;
	rig_start(&r, BMP_VIEW_ADJ_IN_PRE, to_pipeline, p);
	send_rm(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000000));
	assert_int_equal(x.opened, 1);
	bmp_state_router_down(r.st, r.feed.router, 1700000100);
	input_bmp_router_down(&r.in, "192.0.2.1", 1700000100);
	bmp_state_router_up(r.st, "192.0.2.1");
	send_up(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000150));
	send_pdu(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000151), update_one, sizeof update_one);
	assert_int_equal(x.resolved, 0);
	send_pdu(&r, peer_hdr(BMP_PEER_GLOBAL, 0, 1700000152), eor4, sizeof eor4);
	assert_int_equal(x.resolved, 1);
	rig_end(&r);
	pipeline_free(p);
	monitor_config_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pre_policy_events),
	    cmocka_unit_test(test_loc_rib_and_clock),
	    cmocka_unit_test(test_stop_drops_the_rest),
	    cmocka_unit_test(test_router_gone),
	    cmocka_unit_test(test_hijack_through_pipeline),
	    cmocka_unit_test(test_initial_table_until_eor),
	    cmocka_unit_test(test_initial_table_without_eor),
	    cmocka_unit_test(test_handed_over_table_is_loaded),
	    cmocka_unit_test(test_reconnect_sweeps_at_eor),
	    cmocka_unit_test(test_reconnect_sweeps_at_grace),
	    cmocka_unit_test(test_reconnect_resolves_through_pipeline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

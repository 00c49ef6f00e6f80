/* SPDX-License-Identifier: ISC */
/* lab_bmp.c - stream.bmp: the lab's RIB and updates as the collector router
 * would export them to a BMP station (RFC 7854), through lib/bmp's encoder.
 *
 * The monitored router is the lab's collector (AS1999) and its peers are
 * the collector peers of rib.mrt. Every Route Monitoring message is
 * pre-policy Adj-RIB-In from an IPv4 peer with 4-byte AS paths (both OPENs
 * carry the capability), so the per-peer header flags are all clear. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_attr_enc.h"
#include "bgp/bgp_msg.h"
#include "bmp/bmp_enc.h"
#include "lab/lab_write.h"

/* Room for the largest message: a Route Monitoring with a full UPDATE. */
#define MSG_MAX (BMP_COMMON_HDR_LEN + BMP_PEER_HDR_LEN + BGP_MAX_MSG_LEN)

struct bmp_out {
	const struct lab *lab;
	FILE *f;
	const char *path;
	struct err *e;
	uint8_t msg[MSG_MAX];
	uint8_t pdu[BGP_MAX_MSG_LEN];
	uint8_t attrs[BGP_MAX_MSG_LEN];
};

/* Write the message an encoder built into w (rc is the encoder's result). */
static int emit(struct bmp_out *o, const struct wire_buf *w, int rc)
{
	if (rc < 0)
		return err_set(o->e, "%s: BMP message does not fit", o->path);
	if (fwrite(w->buf, 1, w->len, o->f) != w->len)
		return err_set(o->e, "%s: write failed: %s", o->path, strerror(errno));
	return 0;
}

static struct bmp_peer_hdr peer_hdr(const struct lab *lab, size_t k, uint32_t t)
{
	const struct lab_peer *p = &lab->peers[k];
	struct bmp_peer_hdr h = {.type = BMP_PEER_GLOBAL,
	                         .family = 4,
	                         .as = lab->as[p->as].asn,
	                         .bgp_id = p->bgp_id,
	                         .ts_sec = t};
	memcpy(h.addr, p->ip4.addr, 4);
	return h;
}

static int initiation(struct bmp_out *o)
{
	const struct lab *lab = o->lab;
	char name[64], descr[160], ip[PREFIX_STRLEN];
	snprintf(name, sizeof name, "manrs-lab-seed-%llu", (unsigned long long)lab->opts.seed);
	snprintf(descr, sizeof descr,
	         "manrs lab generate --seed %llu --ases %zu: synthetic route collector AS%u (%s)",
	         (unsigned long long)lab->opts.seed, lab->nas, lab->collector_asn,
	         addr_format(&lab->collector_ip4, ip, sizeof ip));
	struct bmp_tlv t[] = {
	    {BMP_INFO_SYS_DESCR, (uint16_t)strlen(descr), (const uint8_t *)descr},
	    {BMP_INFO_SYS_NAME, (uint16_t)strlen(name), (const uint8_t *)name},
	};
	struct wire_buf w = wire_buf_make(o->msg, sizeof o->msg);
	return emit(o, &w, bmp_encode_initiation(&w, t, 2));
}

static int termination(struct bmp_out *o)
{
	static const char why[] = "lab ends";
	uint8_t reason[2] = {0, BMP_TERM_ADMIN_CLOSE};
	struct bmp_tlv t[] = {
	    {BMP_TERM_STRING, sizeof why - 1, (const uint8_t *)why},
	    {BMP_TERM_REASON, 2, reason},
	};
	struct wire_buf w = wire_buf_make(o->msg, sizeof o->msg);
	return emit(o, &w, bmp_encode_termination(&w, t, 2));
}

/* An OPEN offering IPv4 and IPv6 unicast, route refresh and the 4-byte ASN. */
static int encode_open(struct wire_buf *w, uint32_t asn, uint32_t bgp_id)
{
	struct bgp_open op = {.version = 4,
	                      .my_as = asn < 65536 ? (uint16_t)asn : 23456,
	                      .hold_time = 90,
	                      .bgp_id = bgp_id,
	                      .as4 = asn,
	                      .route_refresh = true,
	                      .n_afs = 2};
	op.afs[0].afi = BGP_AFI_IPV4, op.afs[0].safi = BGP_SAFI_UNICAST;
	op.afs[1].afi = BGP_AFI_IPV6, op.afs[1].safi = BGP_SAFI_UNICAST;
	return bgp_encode_open(w, &op);
}

/* The collector (local, port 179) and peer k (remote) have a session. */
static int peer_up(struct bmp_out *o, size_t k, uint32_t t)
{
	const struct lab *lab = o->lab;
	const struct lab_peer *p = &lab->peers[k];
	uint8_t sent[128], recv[128];
	struct wire_buf ws = wire_buf_make(sent, sizeof sent);
	struct wire_buf wr = wire_buf_make(recv, sizeof recv);
	if (encode_open(&ws, lab->collector_asn, lab->collector_id) < 0 ||
	    encode_open(&wr, lab->as[p->as].asn, p->bgp_id) < 0)
		return err_set(o->e, "%s: OPEN does not fit", o->path);
	struct bmp_peer_up_enc u = {.local_port = 179,
	                            .remote_port = (uint16_t)(40000 + k),
	                            .sent_open = sent,
	                            .sent_len = ws.len,
	                            .recv_open = recv,
	                            .recv_len = wr.len};
	memcpy(u.local_addr, lab->collector_ip4.addr, 4);
	struct bmp_peer_hdr h = peer_hdr(lab, k, t);
	struct wire_buf w = wire_buf_make(o->msg, sizeof o->msg);
	return emit(o, &w, bmp_encode_peer_up(&w, &h, &u));
}

/* The lab's reset has no NOTIFICATION: the peer's side just went away. */
static int peer_down(struct bmp_out *o, size_t k, uint32_t t)
{
	struct bmp_peer_hdr h = peer_hdr(o->lab, k, t);
	struct wire_buf w = wire_buf_make(o->msg, sizeof o->msg);
	return emit(o, &w, bmp_encode_peer_down(&w, &h, BMP_DOWN_REMOTE_NODATA, NULL, 0));
}

/* The path attributes of an UPDATE for n prefixes of one family: a's, or
 * for an IPv6 withdrawal (a NULL) an MP_UNREACH_NLRI, empty for End-of-RIB. */
static size_t update_attrs(struct bmp_out *o, int family, const struct prefix *pfx, size_t n,
                           const struct mrt_attrs *a)
{
	struct wire_buf w = wire_buf_make(o->attrs, sizeof o->attrs);
	bool v6 = family == 6;
	if (a) {
		bgp_attrs_encode(&w, a, !v6, v6 ? BGP_MP_FULL : BGP_MP_NONE, v6 ? pfx : NULL,
		                 v6 ? n : 0);
	} else if (v6) {
		size_t at = bgp_attr_begin(&w, 0x80, BGP_ATTR_MP_UNREACH_NLRI);
		wire_put_u16(&w, BGP_AFI_IPV6);
		wire_put_u8(&w, BGP_SAFI_UNICAST);
		for (size_t i = 0; i < n; i++)
			bgp_put_nlri(&w, pfx[i].len, pfx[i].addr);
		bgp_attr_end(&w, at);
	}
	return wire_buf_ok(&w) ? w.len : SIZE_MAX;
}

/* One Route Monitoring message from peer k at time t: an UPDATE announcing
 * n prefixes of one family with a, or withdrawing them when a is NULL (with
 * n 0 that is the family's End-of-RIB marker, RFC 4724). */
static int route_monitoring(struct bmp_out *o, size_t k, uint32_t t, int family,
                            const struct prefix *pfx, size_t n, const struct mrt_attrs *a)
{
	size_t alen = update_attrs(o, family, pfx, n, a);
	const struct prefix *v4 = family == 4 ? pfx : NULL;
	size_t n4 = family == 4 ? n : 0;
	struct wire_buf pw = wire_buf_make(o->pdu, sizeof o->pdu);
	if (alen == SIZE_MAX || bgp_encode_update(&pw, a ? NULL : v4, a ? 0 : n4, o->attrs, alen,
	                                          a ? v4 : NULL, a ? n4 : 0) < 0)
		return err_set(o->e, "%s: UPDATE of %zu prefixes passes 4096 bytes", o->path, n);
	struct bmp_peer_hdr h = peer_hdr(o->lab, k, t);
	struct wire_buf w = wire_buf_make(o->msg, sizeof o->msg);
	return emit(o, &w, bmp_encode_route_monitoring(&w, &h, o->pdu, pw.len));
}

/* Do routes r and q of peer k share an UPDATE (family, path and class)? */
static bool same_rib_update(const struct lab *lab, size_t k, size_t r, size_t q)
{
	size_t sr = r * lab->npeers + k, sq = q * lab->npeers + k;
	const struct lab_path *a = &lab->rib[sr], *b = &lab->rib[sq];
	return lab->routes[r].pfx.family == lab->routes[q].pfx.family &&
	       lab->rib_cls[sr] == lab->rib_cls[sq] && a->len == b->len &&
	       !memcmp(a->as, b->as, a->len * sizeof a->as[0]);
}

/* Peer k's Adj-RIB-In at the RIB time, in prefix order, then End-of-RIB. */
static int rib_of_peer(struct bmp_out *o, const size_t *order, size_t k)
{
	const struct lab *lab = o->lab;
	uint32_t t = lab->opts.time;
	for (size_t i = 0, n; i < lab->nroutes; i += n) {
		size_t r = order[i], slot = r * lab->npeers + k;
		n = 1;
		if (!lab->rib[slot].len)
			continue;
		struct prefix pfx[LAB_PACK];
		pfx[0] = lab->routes[r].pfx;
		while (n < LAB_PACK && i + n < lab->nroutes &&
		       same_rib_update(lab, k, r, order[i + n]))
			pfx[n] = lab->routes[order[i + n]].pfx, n++;
		struct lab_attrs a;
		lab_attrs_make(lab, k, &lab->rib[slot], &pfx[0], lab->rib_cls[slot], 0, &a);
		if (route_monitoring(o, k, t, pfx[0].family, pfx, n, &a.a) < 0)
			return -1;
	}
	if (route_monitoring(o, k, t, 4, NULL, 0, NULL) < 0)
		return -1;
	return route_monitoring(o, k, t, 6, NULL, 0, NULL);
}

/* BMP reports a session coming up and going down, not the FSM steps between. */
static int state_change(struct bmp_out *o, const struct lab_event *ev)
{
	if (ev->new_state == MRT_STATE_ESTABLISHED)
		return peer_up(o, (size_t)ev->peer, ev->time);
	if (ev->old_state == MRT_STATE_ESTABLISHED)
		return peer_down(o, (size_t)ev->peer, ev->time);
	return 0;
}

/* The n events from lab->ev[i] on: one UPDATE, as updates.mrt packs them. */
static int event_batch(struct bmp_out *o, size_t i, size_t n)
{
	const struct lab_event *ev = &o->lab->ev[i];
	if (ev->type == LAB_EV_STATE)
		return state_change(o, ev);
	struct prefix pfx[LAB_PACK];
	for (size_t j = 0; j < n; j++)
		pfx[j] = o->lab->ev[i + j].pfx;
	size_t k = (size_t)ev->peer;
	if (ev->type == LAB_EV_WITHDRAW)
		return route_monitoring(o, k, ev->time, ev->pfx.family, pfx, n, NULL);
	struct lab_attrs a;
	lab_attrs_make(o->lab, k, &ev->path, &ev->pfx, ev->cls, ev->otc, &a);
	return route_monitoring(o, k, ev->time, ev->pfx.family, pfx, n, &a.a);
}

static int write_stream(struct bmp_out *o, const size_t *order)
{
	const struct lab *lab = o->lab;
	if (initiation(o) < 0)
		return -1;
	for (size_t k = 0; k < lab->npeers; k++)
		if (peer_up(o, k, lab->opts.time) < 0)
			return -1;
	for (size_t k = 0; k < lab->npeers; k++)
		if (rib_of_peer(o, order, k) < 0)
			return -1;
	for (size_t i = 0, n; i < lab->nev; i += n) {
		n = lab_update_batch(lab, i);
		if (event_batch(o, i, n) < 0)
			return -1;
	}
	return termination(o);
}

int lab_write_bmp(const struct lab *lab, const char *path, struct err *e)
{
	struct bmp_out *o = calloc(1, sizeof *o);
	size_t *order = o ? lab_rib_order(lab, e) : NULL;
	if (!order) {
		free(o);
		return o ? -1 : err_set(e, "lab: out of memory");
	}
	*o = (struct bmp_out){.lab = lab, .path = path, .e = e};
	int rc = -1;
	o->f = fopen(path, "wb");
	if (!o->f)
		err_set(e, "%s: cannot create: %s", path, strerror(errno));
	else
		rc = write_stream(o, order);
	if (o->f && fclose(o->f) != 0 && rc == 0)
		rc = err_set(e, "%s: write failed: %s", path, strerror(errno));
	free(order);
	free(o);
	return rc;
}

/* SPDX-License-Identifier: ISC */
/* lab_mrt.c - rib.mrt and updates.mrt through lib/bgp's MRT writer, and the
 * route attributes and UPDATE packing stream.bmp shares with them. */
#include <stdlib.h>
#include <string.h>

#include "bgp/mrt_write.h"
#include "lab/lab_route.h"
#include "lab/lab_write.h"

/* A standard community peer-AS:class*100 says where the peer learned the
 * route (100 provider, 200 peer, 300 customer, 400 its own), as real
 * networks tag routes. */
void lab_attrs_make(const struct lab *lab, size_t k, const struct lab_path *path,
                    const struct prefix *pfx, uint8_t cls, uint32_t otc, struct lab_attrs *out)
{
	const struct lab_peer *p = &lab->peers[k];
	struct mrt_attrs *a = &out->a;
	*a = (struct mrt_attrs){
	    .origin = MRT_ORIGIN_IGP, .as_path = path->as, .as_path_len = path->len};
	a->next_hop = pfx->family == 4 ? p->ip4 : p->ip6;
	uint32_t asn = lab->as[p->as].asn;
	if (asn < 65536 && cls != LAB_CLS_NONE) {
		out->comm = asn << 16 | (uint32_t)cls * 100u;
		a->communities = &out->comm;
		a->n_communities = 1;
	}
	if (otc) {
		/* RFC 9234 Only-to-Customer: optional transitive, type 35, 4 bytes. */
		uint8_t *b = out->otc;
		b[0] = 0xc0;
		b[1] = 35;
		b[2] = 4;
		b[3] = (uint8_t)(otc >> 24);
		b[4] = (uint8_t)(otc >> 16);
		b[5] = (uint8_t)(otc >> 8);
		b[6] = (uint8_t)otc;
		a->raw = out->otc;
		a->raw_len = sizeof out->otc;
	}
}

static int by_prefix(const void *x, const void *y, void *ctx)
{
	const struct lab *lab = ctx;
	const struct lab_route *a = &lab->routes[*(const size_t *)x];
	const struct lab_route *b = &lab->routes[*(const size_t *)y];
	return prefix_cmp(&a->pfx, &b->pfx);
}

/* RIB dumps list prefixes in order, IPv4 before IPv6. */
size_t *lab_rib_order(const struct lab *lab, struct err *e)
{
	size_t *order = malloc((lab->nroutes + 1) * sizeof *order);
	if (!order) {
		err_set(e, "lab: out of memory");
		return NULL;
	}
	for (size_t r = 0; r < lab->nroutes; r++)
		order[r] = r;
	qsort_r(order, lab->nroutes, sizeof *order, by_prefix, (void *)lab);
	return order;
}

int lab_write_rib_mrt(const struct lab *lab, const char *path, struct err *e)
{
	struct mrt_peer peers[LAB_MAX_PEERS];
	for (size_t k = 0; k < lab->npeers; k++)
		peers[k] = (struct mrt_peer){.bgp_id = lab->peers[k].bgp_id,
		                             .addr = lab->peers[k].ip4,
		                             .asn = lab->as[lab->peers[k].as].asn};
	size_t *order = lab_rib_order(lab, e);
	if (!order)
		return -1;
	struct mrt_writer *w = mrt_writer_open(path, e);
	if (!w) {
		free(order);
		return -1;
	}
	uint32_t t = lab->opts.time;
	int rc = mrt_write_peer_index(w, t, lab->collector_id, "lab", peers, lab->npeers, e);
	for (size_t i = 0, seq = 0; rc == 0 && i < lab->nroutes; i++) {
		size_t r = order[i], n = 0;
		struct mrt_rib_entry ent[LAB_MAX_PEERS];
		struct lab_attrs attrs[LAB_MAX_PEERS];
		for (size_t k = 0; k < lab->npeers; k++) {
			const struct lab_path *p = &lab->rib[r * lab->npeers + k];
			if (!p->len)
				continue;
			lab_attrs_make(lab, k, p, &lab->routes[r].pfx,
			               lab->rib_cls[r * lab->npeers + k], 0, &attrs[n]);
			/* Learned some hours before the dump; fixed per route and peer. */
			ent[n] = (struct mrt_rib_entry){
			    .peer_index = (uint16_t)k,
			    .originated = t - 3600u * (uint32_t)(1 + (r * 7 + k * 13) % 500),
			    .attrs = &attrs[n].a};
			n++;
		}
		if (n)
			rc = mrt_write_rib(w, t, (uint32_t)seq++, &lab->routes[r].pfx, ent, n, e);
	}
	free(order);
	if (mrt_writer_close(w, rc ? NULL : e))
		rc = -1;
	return rc;
}

/* Can event b ride in the same UPDATE as event a? */
static bool same_update(const struct lab_event *a, const struct lab_event *b)
{
	if (a->time != b->time || a->peer != b->peer || a->type != b->type ||
	    a->pfx.family != b->pfx.family || a->type == LAB_EV_STATE)
		return false;
	return a->type == LAB_EV_WITHDRAW ||
	       (a->cls == b->cls && a->otc == b->otc && a->path.len == b->path.len &&
	        !memcmp(a->path.as, b->path.as, a->path.len * sizeof a->path.as[0]));
}

size_t lab_update_batch(const struct lab *lab, size_t i)
{
	size_t n = 1;
	while (n < LAB_PACK && i + n < lab->nev && same_update(&lab->ev[i], &lab->ev[i + n]))
		n++;
	return n;
}

/* The OPENs of an ADD-PATH session with peer k: the peer offers to send
 * and receive, the collector to receive, for IPv4 and IPv6 unicast. */
static int write_opens(const struct lab *lab, struct mrt_writer *w, size_t k,
                       const struct mrt_session *s, uint32_t t, struct err *e)
{
	struct bgp_open o = {.version = 4, .my_as = 23456, .hold_time = 90, .n_afs = 2};
	o.afs[0].afi = BGP_AFI_IPV4, o.afs[0].safi = BGP_SAFI_UNICAST;
	o.afs[1].afi = BGP_AFI_IPV6, o.afs[1].safi = BGP_SAFI_UNICAST;
	o.afs[0].addpath = o.afs[1].addpath = 3;
	o.as4 = s->peer_as;
	o.bgp_id = lab->peers[k].bgp_id;
	if (mrt_write_open(w, t, s, false, &o, e) < 0)
		return -1;
	o.afs[0].addpath = o.afs[1].addpath = 1;
	o.as4 = s->local_as;
	o.bgp_id = lab->collector_id;
	return mrt_write_open(w, t, s, true, &o, e);
}

static int write_updates(const struct lab *lab, const char *path, bool addpath, struct err *e)
{
	struct mrt_writer *w = mrt_writer_open(path, e);
	if (!w)
		return -1;
	int rc = 0;
	for (size_t k = 0; addpath && rc == 0 && k < lab->npeers; k += 2) {
		const struct lab_peer *p = &lab->peers[k];
		struct mrt_session s = {.peer_as = lab->as[p->as].asn,
		                        .local_as = lab->collector_asn,
		                        .peer_ip = p->ip4,
		                        .local_ip = lab->collector_ip4};
		uint32_t t0 = lab->nev ? lab->ev[0].time : lab->opts.time;
		rc = write_opens(lab, w, k, &s, t0, e);
	}
	for (size_t i = 0, n; rc == 0 && i < lab->nev; i += n) {
		const struct lab_event *ev = &lab->ev[i];
		const struct lab_peer *p = &lab->peers[ev->peer];
		struct mrt_session s = {.peer_as = lab->as[p->as].asn,
		                        .local_as = lab->collector_asn,
		                        .peer_ip = p->ip4,
		                        .local_ip = lab->collector_ip4,
		                        .addpath = addpath,
		                        .path_id = (uint32_t)ev->peer + 1};
		struct prefix pfx[LAB_PACK];
		n = lab_update_batch(lab, i);
		for (size_t j = 0; j < n; j++)
			pfx[j] = lab->ev[i + j].pfx;
		struct lab_attrs a;
		switch (ev->type) {
		case LAB_EV_ANNOUNCE:
			lab_attrs_make(lab, (size_t)ev->peer, &ev->path, &ev->pfx, ev->cls, ev->otc,
			               &a);
			rc = mrt_write_update(w, ev->time, &s, NULL, 0, pfx, n, &a.a, e);
			break;
		case LAB_EV_WITHDRAW:
			rc = mrt_write_update(w, ev->time, &s, pfx, n, NULL, 0, NULL, e);
			break;
		default:
			rc = mrt_write_state(w, ev->time, &s, ev->old_state, ev->new_state, e);
			break;
		}
	}
	if (mrt_writer_close(w, rc ? NULL : e))
		rc = -1;
	return rc;
}

int lab_write_updates_mrt(const struct lab *lab, const char *path, struct err *e)
{
	return write_updates(lab, path, false, e);
}

int lab_write_updates_addpath_mrt(const struct lab *lab, const char *path, struct err *e)
{
	return write_updates(lab, path, true, e);
}

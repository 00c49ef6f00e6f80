/* SPDX-License-Identifier: ISC */
/* lab_ixp_rib.c - ixp-rs-rib.mrt: the RIB of LAB-IX's route server as it
 * would be with no import filter at all, for `manrs ixp check`. Each lab
 * peer is a member (ixp.yml); it sends the route server what it exports to
 * a peer (valley-free: its own routes and its customers', as rib.mrt's
 * communities class them), from its peering-LAN address and with that
 * address as next hop. The planted incidents it carries are what the IXP
 * policy should drop. */
#include <stdlib.h>
#include <string.h>

#include "lab/lab_route.h"
#include "lab/lab_write.h"

/* Member i's peering-LAN address in ixp.yml (lab_ixp.c): 10.99.0.0/16 and
 * fd00:99::/64, host part i + 2. Returns -1 when i has no IPv6 address. */
static int lan_addr(const struct lab *lab, size_t i, int family, struct prefix *out)
{
	unsigned host = (unsigned)i + 2;
	memset(out, 0, sizeof *out);
	out->family = (uint8_t)family;
	if (family == 4) {
		out->len = 32;
		out->addr[0] = 10, out->addr[1] = 99;
		out->addr[2] = (uint8_t)(host / 256), out->addr[3] = (uint8_t)(host % 256);
		return 0;
	}
	if (!lab->as[i].v6)
		return -1;
	out->len = 128;
	out->addr[0] = 0xfd, out->addr[2] = 0x00, out->addr[3] = 0x99;
	out->addr[14] = (uint8_t)(host >> 8), out->addr[15] = (uint8_t)host;
	return 0;
}

/* The routes of one prefix, one entry per member that sends one; a record
 * only when some member does (*seq counts the records written). */
static int write_prefix(const struct lab *lab, struct mrt_writer *w, size_t r, uint32_t *seq,
                        struct err *e)
{
	struct mrt_rib_entry ent[LAB_MAX_PEERS];
	struct lab_attrs attrs[LAB_MAX_PEERS];
	const struct prefix *pfx = &lab->routes[r].pfx;
	size_t n = 0;
	for (size_t k = 0; k < lab->npeers; k++) {
		const struct lab_path *p = &lab->rib[r * lab->npeers + k];
		uint8_t cls = lab->rib_cls[r * lab->npeers + k];
		struct prefix nh;
		if (!p->len || (cls != LAB_CLS_CUSTOMER && cls != LAB_CLS_ORIGIN) ||
		    lan_addr(lab, (size_t)lab->peers[k].as, pfx->family, &nh) < 0)
			continue;
		lab_attrs_make(lab, k, p, pfx, cls, 0, &attrs[n]);
		attrs[n].a.next_hop = nh;
		ent[n] = (struct mrt_rib_entry){.peer_index = (uint16_t)k,
		                                .originated = lab->opts.time - 600,
		                                .attrs = &attrs[n].a};
		n++;
	}
	return n ? mrt_write_rib(w, lab->opts.time, (*seq)++, pfx, ent, n, e) : 0;
}

int lab_write_ixp_rib_mrt(const struct lab *lab, const char *path, struct err *e)
{
	struct mrt_peer peers[LAB_MAX_PEERS];
	for (size_t k = 0; k < lab->npeers; k++) {
		size_t i = (size_t)lab->peers[k].as;
		peers[k] = (struct mrt_peer){.bgp_id = lab->peers[k].bgp_id, .asn = lab->as[i].asn};
		lan_addr(lab, i, 4, &peers[k].addr);
	}
	size_t *order = lab_rib_order(lab, e);
	struct mrt_writer *w = order ? mrt_writer_open(path, e) : NULL;
	int rc = w ? 0 : -1;
	if (rc == 0) /* the route server's router id: 10.99.0.1 */
		rc = mrt_write_peer_index(w, lab->opts.time, 0x0a630001u, "LAB-IX rs1", peers,
		                          lab->npeers, e);
	uint32_t seq = 0;
	for (size_t i = 0; rc == 0 && i < lab->nroutes; i++)
		rc = write_prefix(lab, w, order[i], &seq, e);
	if (w && mrt_writer_close(w, rc ? NULL : e))
		rc = -1;
	free(order);
	return rc;
}

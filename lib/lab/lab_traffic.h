/* SPDX-License-Identifier: ISC */
/* lab_traffic.h - the lab's customer traffic for 'manrs sav scan'.
 *
 * One operator (the transit AS that sav.yml describes: the one with the most
 * customers among those with a multihomed customer) and its first customers,
 * named and numbered as in sav.yml (asN on ethK), each with a source MAC
 * and, for every other customer, a VLAN (one of them behind a QinQ stack). Each customer may send
 * from the prefixes of its customer cone (its own routes and those of its customers, recursively):
 * the ground truth in sav-filters.json. The packets are mostly legitimate, with spoofed ones
 * planted at known places: another customer's space, routed space of nobody on the interface
 * (foreign), bogon and martian sources, IPv4 and IPv6, plus ARP frames and frames from a MAC no
 * customer has (unmapped). Drawn from a random stream of its own, so the other lab files stay what
 * they were. */
#ifndef MANRS_LAB_TRAFFIC_H
#define MANRS_LAB_TRAFFIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lab/lab.h"

#define LAB_TRAFFIC_MAX_CUST 6

/* Why a planted packet is spoofed (the names sav scan reports). */
enum lab_spoof {
	LAB_SPOOF_NONE,
	LAB_SPOOF_FOREIGN,
	LAB_SPOOF_OTHER_CUSTOMER,
	LAB_SPOOF_BOGON,
	LAB_SPOOF_MARTIAN,
};

struct lab_traffic_cust {
	int as; /* AS index */
	char name[16];
	char iface[8];
	int vlan; /* -1: untagged, matched by MAC */
	bool qinq;
	uint64_t mac;
	struct prefix *pfx; /* the cone's prefixes, sorted */
	size_t npfx;
};

struct lab_packet {
	int cust; /* index into cust, -1 for the unmapped MAC */
	bool arp;
	uint8_t family;
	uint8_t spoof; /* enum lab_spoof */
	uint8_t src[16];
};

struct lab_traffic {
	int op; /* the operator's AS index */
	struct lab_traffic_cust cust[LAB_TRAFFIC_MAX_CUST];
	size_t ncust;
	struct lab_packet *pkt;
	size_t npkt, cap;
};

/* Build the traffic of lab into t (zeroed first). Returns 0, or -1 with e
 * set (out of memory, or no AS with two customers). Call lab_traffic_free
 * either way. */
int lab_traffic_build(const struct lab *lab, struct lab_traffic *t, struct err *e);

void lab_traffic_free(struct lab_traffic *t);

/* "foreign", "other-customer", "bogon", "martian". */
const char *lab_spoof_name(uint8_t s);

/* The source MAC of frames from no customer. */
#define LAB_TRAFFIC_UNMAPPED_MAC 0x0200000000eeull

/* The writers of traffic.pcap, sav-filters.json and spoofed.json. */
int lab_write_traffic_pcap(const struct lab *lab, FILE *f, struct err *e);
int lab_write_sav_filters(const struct lab *lab, FILE *f, struct err *e);
int lab_write_spoofed(const struct lab *lab, FILE *f, struct err *e);
int lab_write_sav_map(const struct lab *lab, FILE *f, struct err *e);

#endif

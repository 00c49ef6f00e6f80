/* SPDX-License-Identifier: ISC */
/* scan.h - 'manrs sav scan': which packets of a capture carry a source
 * address their ingress may not send.
 *
 * Each frame's ingress is matched to a customer by its outermost VLAN id,
 * else its source MAC, else the capture interface's name, in that order
 * (keys from the filters, overridden by map bindings). Its source is then
 * judged, first reason that applies:
 *
 *   martian         never valid on any link (loopback, multicast, 0/8...)
 *   (allowed)       inside what the ingress customer may send
 *   bogon           IANA special-purpose space that is not routed
 *   other-customer  another customer's space
 *   foreign         anything else outside the customer's filter
 *
 * Frames whose ingress matches no customer are counted as "unmapped":
 * their martian and bogon sources still count, the rest cannot be judged.
 * Counts are kept per ingress; spoofed sources are also counted per
 * offender (the /24 or /48 they came from, the ingress and the reason). */
#ifndef MANRS_SAV_SCAN_H
#define MANRS_SAV_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "sav/scan_decode.h"
#include "sav/scan_filters.h"
#include "sav/scan_table.h"

enum sav_reason {
	SAV_ALLOWED,
	SAV_UNJUDGED, /* unmapped ingress, source neither martian nor bogon */
	SAV_FOREIGN,
	SAV_OTHER_CUSTOMER,
	SAV_BOGON,
	SAV_MARTIAN,
	SAV_NREASONS
};

/* "allowed", "unjudged", "foreign", "other-customer", "bogon", "martian". */
const char *sav_reason_name(enum sav_reason r);

/* True for the reasons that count as spoofed. */
static inline bool sav_reason_spoofed(enum sav_reason r)
{
	return r >= SAV_FOREIGN;
}

/* Counters of one ingress. */
struct sav_counts {
	uint64_t packets, bytes; /* every frame, by its length on the wire */
	uint64_t ipv4, ipv6, nonip, malformed;
	uint64_t reason[SAV_NREASONS];
};

/* One source prefix (/24 or /48) that sent spoofed packets into one ingress. */
struct sav_offender {
	uint32_t slot; /* ingress: customer index, or sav_scan.unmapped */
	uint8_t reason;
	uint8_t family;
	uint8_t addr[16]; /* the /24 or /48, host bits zero */
	uint64_t packets, bytes;
	uint64_t first; /* frame number of its first packet */
};

/* One spoofed packet, kept when listing is on. */
struct sav_spoofed {
	uint64_t index; /* frame number, 1-based as Wireshark counts */
	uint32_t slot;
	uint8_t reason;
	uint8_t family;
	uint8_t src[16];
};

struct sav_scan {
	const struct sav_filters *f;
	struct sav_table table;
	int32_t vlan_cust[4096];
	uint64_t *mac_key; /* open addressing: mac | 1 << 63, 0 = empty */
	int32_t *mac_cust;
	size_t mac_mask; /* capacity - 1, 0 when no MAC is bound */
	const struct sav_binding *ifmap;
	size_t nifmap;
	int32_t file_cust; /* the current file's interface customer, or -1 */

	size_t nslots;   /* customers + 1 */
	size_t unmapped; /* slot of the unmapped ingress (== f->n) */
	struct sav_counts *counts;

	struct sav_offender *off; /* hash table, packets == 0 = empty */
	size_t off_cap, noff;
	bool off_full; /* out of memory: offenders from then on not recorded */

	bool list;
	struct sav_spoofed *spoofed;
	size_t nspoofed, capspoofed;
	bool list_full;

	uint64_t frames;
	bool partial; /* a capture ended in an error: the counts cover part of it */
};

/* Prepare s for the customers of f (which must outlive s), with the map
 * bindings applied over the customers' own keys; list keeps every spoofed
 * packet. Returns 0 or -1 (e set). Call sav_scan_free either way. */
int sav_scan_init(struct sav_scan *s, const struct sav_filters *f, const struct sav_binding *map,
                  size_t nmap, bool list, struct err *e);

void sav_scan_free(struct sav_scan *s);

/* Treat the frames that follow as captured on interface name (NULL:
 * none). Returns the customer index it maps to, or -1. */
long sav_scan_set_interface(struct sav_scan *s, const char *name);

/* Count one frame of link type dlt: caplen bytes at p, wirelen on the wire. */
void sav_scan_frame(struct sav_scan *s, int dlt, const uint8_t *p, size_t caplen, uint32_t wirelen);

/* Read the capture at path (pcap or pcapng, plain or compressed; "-" for
 * stdin) and count its frames. iface, when not NULL, names the interface
 * every frame came in on; otherwise a pcapng's only interface does.
 * note (>= 256 bytes) receives a remark for stderr, "" when none. Returns
 * 0, or -1 with e naming the file and the offset where reading failed; the
 * frames before it stay counted and s->partial is set. */
int sav_scan_file(struct sav_scan *s, const char *path, const char *iface, char *note,
                  struct err *e);

/* Total of a counter over all ingresses. */
struct sav_counts sav_scan_total(const struct sav_scan *s);

/* Offenders sorted by packets (most first) into a new array; *n gets the
 * count. NULL when there are none or memory is short. */
struct sav_offender *sav_scan_offenders(const struct sav_scan *s, size_t *n);

/* Name of ingress slot i: the customer's, or "unmapped". */
const char *sav_scan_slot_name(const struct sav_scan *s, size_t i);

#endif

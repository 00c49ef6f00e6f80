/* SPDX-License-Identifier: ISC */
/* scan_decode.h - the few header fields 'manrs sav scan' needs from a frame.
 *
 * A frame is decoded straight from the captured bytes, with every read
 * checked against the captured length and nothing allocated: the link
 * header (Ethernet with any stack of 802.1Q / 802.1ad / QinQ tags, Linux
 * cooked v1/v2, raw IP, BSD loopback), then the fixed IPv4 or IPv6 header
 * for its source address. IPv6 extension headers are not walked: the source
 * sits in the fixed header. */
#ifndef MANRS_SAV_SCAN_DECODE_H
#define MANRS_SAV_SCAN_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* VLAN tags read before giving up on a frame (counted as malformed). */
#define SAV_MAX_TAGS 8

/* What a frame turned out to be. */
enum sav_frame {
	SAV_FRAME_IPV4,
	SAV_FRAME_IPV6,
	SAV_FRAME_NONIP,     /* a link payload that is not IP (ARP, MPLS, LLC...) */
	SAV_FRAME_MALFORMED, /* cut short, wrong IP version, too many tags */
};

/* The decoded fields. Only those the frame has are meaningful. */
struct sav_pkt {
	uint8_t ntags;    /* VLAN tags seen, outermost first */
	uint16_t vlan;    /* outermost VLAN id (valid when ntags > 0) */
	bool has_mac;     /* the link header carried a 6-byte source MAC */
	uint64_t mac;     /* that MAC as a 48-bit number */
	uint32_t src4;    /* IPv4 source, host order */
	uint64_t src6[2]; /* IPv6 source, high and low 64 bits, host order */
};

/* True when libpcap link type dlt is one sav_decode_frame understands. */
bool sav_decode_link_supported(int dlt);

/* Decode the caplen bytes at p, captured with link type dlt, into *pkt.
 * Never reads past p + caplen. */
enum sav_frame sav_decode_frame(int dlt, const uint8_t *p, size_t caplen, struct sav_pkt *pkt);

#endif

/* SPDX-License-Identifier: ISC */
/* scan_decode.c - link and IP headers of one frame, bounds-checked. */
#include "sav/scan_decode.h"

#include <pcap/dlt.h>

#include "core/wire.h"

#define ET_IPV4 0x0800
#define ET_IPV6 0x86dd
#define ET_VLAN 0x8100     /* 802.1Q */
#define ET_QINQ 0x88a8     /* 802.1ad S-tag */
#define ET_QINQ_OLD 0x9100 /* pre-standard QinQ */

bool sav_decode_link_supported(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB:
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
	case DLT_LINUX_SLL:
	case DLT_LINUX_SLL2:
	case DLT_NULL:
	case DLT_LOOP:
		return true;
	default:
		return false;
	}
}

static uint64_t load_mac(const uint8_t *p)
{
	return (uint64_t)wire_load_u16(p) << 32 | wire_load_u32(p + 2);
}

/* The IP header at p (n bytes) announced by ethertype et. */
static enum sav_frame ip_header(uint16_t et, const uint8_t *p, size_t n, struct sav_pkt *pkt)
{
	if (et == ET_IPV4) {
		if (n < 20 || (p[0] >> 4) != 4 || (p[0] & 15) < 5)
			return SAV_FRAME_MALFORMED;
		pkt->src4 = wire_load_u32(p + 12);
		return SAV_FRAME_IPV4;
	}
	if (et == ET_IPV6) {
		if (n < 40 || (p[0] >> 4) != 6)
			return SAV_FRAME_MALFORMED;
		pkt->src6[0] = wire_load_u64(p + 8);
		pkt->src6[1] = wire_load_u64(p + 16);
		return SAV_FRAME_IPV6;
	}
	return SAV_FRAME_NONIP;
}

/* Raw IP: the version nibble says which. */
static enum sav_frame raw_ip(const uint8_t *p, size_t n, struct sav_pkt *pkt)
{
	if (n < 1)
		return SAV_FRAME_MALFORMED;
	switch (p[0] >> 4) {
	case 4:
		return ip_header(ET_IPV4, p, n, pkt);
	case 6:
		return ip_header(ET_IPV6, p, n, pkt);
	default:
		return SAV_FRAME_MALFORMED;
	}
}

static bool is_tag(uint16_t et)
{
	return et == ET_VLAN || et == ET_QINQ || et == ET_QINQ_OLD;
}

static enum sav_frame ethernet(const uint8_t *p, size_t n, struct sav_pkt *pkt)
{
	if (n < 14)
		return SAV_FRAME_MALFORMED;
	pkt->has_mac = true;
	pkt->mac = load_mac(p + 6);
	uint16_t et = wire_load_u16(p + 12);
	size_t off = 14;
	while (is_tag(et)) {
		if (pkt->ntags == SAV_MAX_TAGS || n - off < 4)
			return SAV_FRAME_MALFORMED;
		if (pkt->ntags++ == 0)
			pkt->vlan = wire_load_u16(p + off) & 0x0fff;
		et = wire_load_u16(p + off + 2);
		off += 4;
	}
	return ip_header(et, p + off, n - off, pkt);
}

/* Linux cooked capture v1: 16 bytes, link address (MAC when 6 long) at 6. */
static enum sav_frame sll(const uint8_t *p, size_t n, struct sav_pkt *pkt)
{
	if (n < 16)
		return SAV_FRAME_MALFORMED;
	if (wire_load_u16(p + 4) == 6) {
		pkt->has_mac = true;
		pkt->mac = load_mac(p + 6);
	}
	return ip_header(wire_load_u16(p + 14), p + 16, n - 16, pkt);
}

/* Linux cooked capture v2: 20 bytes, protocol first, address at 12. */
static enum sav_frame sll2(const uint8_t *p, size_t n, struct sav_pkt *pkt)
{
	if (n < 20)
		return SAV_FRAME_MALFORMED;
	if (p[11] == 6) {
		pkt->has_mac = true;
		pkt->mac = load_mac(p + 12);
	}
	return ip_header(wire_load_u16(p), p + 20, n - 20, pkt);
}

enum sav_frame sav_decode_frame(int dlt, const uint8_t *p, size_t caplen, struct sav_pkt *pkt)
{
	pkt->ntags = 0;
	pkt->has_mac = false;
	switch (dlt) {
	case DLT_EN10MB:
		return ethernet(p, caplen, pkt);
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		return raw_ip(p, caplen, pkt);
	case DLT_LINUX_SLL:
		return sll(p, caplen, pkt);
	case DLT_LINUX_SLL2:
		return sll2(p, caplen, pkt);
	case DLT_NULL:
	case DLT_LOOP:
		/* A 4-byte address family in either byte order; the IP
		 * version nibble after it is what counts. */
		return caplen < 4 ? SAV_FRAME_MALFORMED : raw_ip(p + 4, caplen - 4, pkt);
	default:
		return SAV_FRAME_MALFORMED;
	}
}

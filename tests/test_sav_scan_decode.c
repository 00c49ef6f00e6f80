/* SPDX-License-Identifier: ISC */
/* test_sav_scan_decode.c - frame decoding for 'manrs sav scan': VLAN
 * stacks, truncated headers, IPv6 extension headers, non-IP ethertypes and
 * the other link types. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pcap/dlt.h>

#include "sav/scan_decode.h"

/* Build an Ethernet frame: MACs, then tags (ethertype, id pairs), then
 * ethertype et and the n bytes of payload. Returns the length. */
static size_t eth(uint8_t *buf, const uint16_t *tags, size_t ntags, uint16_t et,
                  const uint8_t *payload, size_t n)
{
	static const uint8_t macs[12] = {2, 0, 0, 0, 0xff, 0xfe, 2, 0, 0, 0, 0, 7};
	size_t o = 12;
	memcpy(buf, macs, 12);
	for (size_t i = 0; i < ntags; i++) {
		buf[o++] = (uint8_t)(tags[2 * i] >> 8);
		buf[o++] = (uint8_t)tags[2 * i];
		buf[o++] = (uint8_t)(tags[2 * i + 1] >> 8);
		buf[o++] = (uint8_t)tags[2 * i + 1];
	}
	buf[o++] = (uint8_t)(et >> 8);
	buf[o++] = (uint8_t)et;
	memcpy(buf + o, payload, n);
	return o + n;
}

static void ipv4(uint8_t *h, uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	memset(h, 0, 20);
	h[0] = 0x45;
	h[9] = 17;
	h[12] = a;
	h[13] = b;
	h[14] = c;
	h[15] = d;
}

static void ipv6(uint8_t *h, uint8_t next)
{
	memset(h, 0, 40);
	h[0] = 0x60;
	h[6] = next;
	h[8] = 0x2a;
	h[9] = 0x10;
	h[23] = 9; /* source 2a10::9 */
}

static void test_plain_ipv4(void **state)
{
	(void)state;
	uint8_t ip[20], f[64];
	struct sav_pkt k;
	ipv4(ip, 20, 1, 2, 3);
	size_t n = eth(f, NULL, 0, 0x0800, ip, 20);
	assert_int_equal(sav_decode_frame(DLT_EN10MB, f, n, &k), SAV_FRAME_IPV4);
	assert_int_equal(k.src4, 0x14010203u);
	assert_int_equal(k.ntags, 0);
	assert_true(k.has_mac);
	assert_int_equal(k.mac, 0x020000000007ull);
}

static void test_vlan_stacks(void **state)
{
	(void)state;
	uint8_t ip[20], f[128];
	struct sav_pkt k;
	ipv4(ip, 20, 1, 2, 3);
	const uint16_t dot1q[] = {0x8100, 0x2065}; /* priority 1, id 101 */
	size_t n = eth(f, dot1q, 1, 0x0800, ip, 20);
	assert_int_equal(sav_decode_frame(DLT_EN10MB, f, n, &k), SAV_FRAME_IPV4);
	assert_int_equal(k.ntags, 1);
	assert_int_equal(k.vlan, 101);
	const uint16_t qinq[] = {0x88a8, 300, 0x8100, 10};
	n = eth(f, qinq, 2, 0x0800, ip, 20);
	assert_int_equal(sav_decode_frame(DLT_EN10MB, f, n, &k), SAV_FRAME_IPV4);
	assert_int_equal(k.ntags, 2);
	assert_int_equal(k.vlan, 300); /* the outer (service) tag */
	const uint16_t old[] = {0x9100, 7, 0x8100, 8, 0x8100, 9};
	n = eth(f, old, 3, 0x0800, ip, 20);
	assert_int_equal(sav_decode_frame(DLT_EN10MB, f, n, &k), SAV_FRAME_IPV4);
	assert_int_equal(k.ntags, 3);
	assert_int_equal(k.vlan, 7);
	assert_int_equal(k.src4, 0x14010203u);
}

static void test_too_many_tags(void **state)
{
	(void)state;
	uint16_t tags[2 * (SAV_MAX_TAGS + 1)];
	uint8_t ip[20], f[128];
	struct sav_pkt k;
	ipv4(ip, 20, 1, 2, 3);
	for (size_t i = 0; i <= SAV_MAX_TAGS; i++) {
		tags[2 * i] = 0x8100;
		tags[2 * i + 1] = (uint16_t)i;
	}
	size_t n = eth(f, tags, SAV_MAX_TAGS, 0x0800, ip, 20);
	assert_int_equal(sav_decode_frame(DLT_EN10MB, f, n, &k), SAV_FRAME_IPV4);
	n = eth(f, tags, SAV_MAX_TAGS + 1, 0x0800, ip, 20);
	assert_int_equal(sav_decode_frame(DLT_EN10MB, f, n, &k), SAV_FRAME_MALFORMED);
}

static void test_truncated(void **state)
{
	(void)state;
	uint8_t ip[40], f[128];
	struct sav_pkt k;
	ipv4(ip, 20, 1, 2, 3);
	size_t n = eth(f, NULL, 0, 0x0800, ip, 20);
	/* Every cut inside the headers is malformed, never a read past caplen
	 * (ASan checks the latter: each cut is copied to a buffer of its size). */
	for (size_t cut = 0; cut < n; cut++) {
		uint8_t *exact = malloc(cut ? cut : 1);
		assert_non_null(exact);
		memcpy(exact, f, cut);
		assert_int_equal(sav_decode_frame(DLT_EN10MB, exact, cut, &k), SAV_FRAME_MALFORMED);
		free(exact);
	}
	const uint16_t dot1q[] = {0x8100, 5};
	n = eth(f, dot1q, 1, 0x0800, ip, 20);
	assert_int_equal(sav_decode_frame(DLT_EN10MB, f, 16, &k), SAV_FRAME_MALFORMED);
	assert_int_equal(sav_decode_frame(DLT_EN10MB, f, n - 1, &k), SAV_FRAME_MALFORMED);
	ipv6(ip, 17);
	n = eth(f, NULL, 0, 0x86dd, ip, 40);
	assert_int_equal(sav_decode_frame(DLT_EN10MB, f, n - 1, &k), SAV_FRAME_MALFORMED);
	assert_int_equal(sav_decode_frame(DLT_EN10MB, f, n, &k), SAV_FRAME_IPV6);
}

static void test_wrong_version(void **state)
{
	(void)state;
	uint8_t ip[40], f[128];
	struct sav_pkt k;
	ipv4(ip, 20, 1, 2, 3);
	ip[0] = 0x65; /* IPv6 version under the IPv4 ethertype */
	size_t n = eth(f, NULL, 0, 0x0800, ip, 20);
	assert_int_equal(sav_decode_frame(DLT_EN10MB, f, n, &k), SAV_FRAME_MALFORMED);
	ip[0] = 0x44; /* header length below 20 bytes */
	n = eth(f, NULL, 0, 0x0800, ip, 20);
	assert_int_equal(sav_decode_frame(DLT_EN10MB, f, n, &k), SAV_FRAME_MALFORMED);
	ipv6(ip, 17);
	ip[0] = 0x40;
	n = eth(f, NULL, 0, 0x86dd, ip, 40);
	assert_int_equal(sav_decode_frame(DLT_EN10MB, f, n, &k), SAV_FRAME_MALFORMED);
}

static void test_ipv6_extension_headers(void **state)
{
	(void)state;
	uint8_t ip[48], f[128];
	struct sav_pkt k;
	ipv6(ip, 0); /* hop-by-hop options follow: the source is still in the fixed header */
	memset(ip + 40, 0, 8);
	size_t n = eth(f, NULL, 0, 0x86dd, ip, 48);
	assert_int_equal(sav_decode_frame(DLT_EN10MB, f, n, &k), SAV_FRAME_IPV6);
	assert_int_equal(k.src6[0], 0x2a10000000000000ull);
	assert_int_equal(k.src6[1], 9);
	ipv6(ip, 44); /* a fragment header */
	n = eth(f, NULL, 0, 0x86dd, ip, 40);
	assert_int_equal(sav_decode_frame(DLT_EN10MB, f, n, &k), SAV_FRAME_IPV6);
}

static void test_non_ip(void **state)
{
	(void)state;
	uint8_t pl[28] = {0}, f[128];
	struct sav_pkt k;
	static const uint16_t types[] = {0x0806, 0x8847, 0x8864, 0x88cc, 0x0050 /* 802.3 length */};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		size_t n = eth(f, NULL, 0, types[i], pl, sizeof pl);
		assert_int_equal(sav_decode_frame(DLT_EN10MB, f, n, &k), SAV_FRAME_NONIP);
	}
	const uint16_t dot1q[] = {0x8100, 42};
	size_t n = eth(f, dot1q, 1, 0x0806, pl, sizeof pl);
	assert_int_equal(sav_decode_frame(DLT_EN10MB, f, n, &k), SAV_FRAME_NONIP);
	assert_int_equal(k.vlan, 42); /* the ingress is known even for ARP */
}

static void test_other_links(void **state)
{
	(void)state;
	uint8_t f[128];
	struct sav_pkt k;
	ipv4(f, 20, 9, 9, 9);
	assert_int_equal(sav_decode_frame(DLT_RAW, f, 20, &k), SAV_FRAME_IPV4);
	assert_false(k.has_mac);
	ipv6(f, 17);
	assert_int_equal(sav_decode_frame(DLT_RAW, f, 40, &k), SAV_FRAME_IPV6);
	assert_int_equal(sav_decode_frame(DLT_RAW, f, 0, &k), SAV_FRAME_MALFORMED);
	/* Linux cooked v1: address length 6 at 4, MAC at 6, protocol at 14. */
	memset(f, 0, 16);
	f[5] = 6;
	f[11] = 0x33;
	f[14] = 0x08;
	ipv4(f + 16, 20, 1, 1, 1);
	assert_int_equal(sav_decode_frame(DLT_LINUX_SLL, f, 36, &k), SAV_FRAME_IPV4);
	assert_true(k.has_mac);
	assert_int_equal(k.mac, 0x33);
	assert_int_equal(sav_decode_frame(DLT_LINUX_SLL, f, 15, &k), SAV_FRAME_MALFORMED);
	/* Linux cooked v2: protocol first, address length at 11, MAC at 12. */
	memset(f, 0, 20);
	f[0] = 0x86;
	f[1] = 0xdd;
	f[11] = 6;
	f[17] = 0x44;
	ipv6(f + 20, 17);
	assert_int_equal(sav_decode_frame(DLT_LINUX_SLL2, f, 60, &k), SAV_FRAME_IPV6);
	assert_int_equal(k.mac, 0x44);
	/* BSD loopback: a 4-byte family, then IP. */
	memset(f, 0, 4);
	f[0] = 2;
	ipv4(f + 4, 127, 0, 0, 1);
	assert_int_equal(sav_decode_frame(DLT_NULL, f, 24, &k), SAV_FRAME_IPV4);
	assert_int_equal(k.src4, 0x7f000001u);
	assert_false(sav_decode_link_supported(DLT_IEEE802_11));
	assert_int_equal(sav_decode_frame(DLT_IEEE802_11, f, 24, &k), SAV_FRAME_MALFORMED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_ipv4),    cmocka_unit_test(test_vlan_stacks),
	    cmocka_unit_test(test_too_many_tags), cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_wrong_version), cmocka_unit_test(test_ipv6_extension_headers),
	    cmocka_unit_test(test_non_ip),        cmocka_unit_test(test_other_links),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

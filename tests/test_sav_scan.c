/* SPDX-License-Identifier: ISC */
/* test_sav_scan.c - the verdicts of 'manrs sav scan': source classes from
 * overlapping prefixes, the order of reasons, ingress by VLAN, MAC and
 * interface, the filters JSON and the map file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <pcap/dlt.h>

#include "sav/scan.h"

static const char FILTERS[] =
    "{\"asn\":64500,\"customers\":["
    "{\"name\":\"cust-a\",\"asn\":64501,\"interface\":\"eth1\",\"vlan\":101,"
    "\"mac\":\"02:00:00:00:00:01\",\"ipv4\":[\"20.1.0.0/16\",\"20.9.9.0/24\"],"
    "\"ipv6\":[\"2a10:1::/32\"]},"
    "{\"name\":\"cust-b\",\"asn\":64502,\"interface\":\"eth2\",\"mac\":\"02:00:00:00:00:02\","
    "\"ipv4\":[\"20.2.0.0/16\",\"20.1.128.0/17\",\"10.20.0.0/16\"],\"ipv6\":[\"2a10:2::/32\"]},"
    "{\"name\":\"cust-c\",\"interface\":\"eth3\",\"ipv4\":[\"128.0.0.0/1\"]}]}";

static void load(struct sav_filters *f)
{
	struct err e;
	assert_int_equal(sav_filters_parse(f, FILTERS, strlen(FILTERS), "f.json", &e), 0);
	assert_int_equal(f->n, 3);
}

static uint32_t v4(const char *s)
{
	struct prefix p;
	struct err e;
	assert_int_equal(addr_parse(s, &p, &e), 0);
	return (uint32_t)p.addr[0] << 24 | (uint32_t)p.addr[1] << 16 | (uint32_t)p.addr[2] << 8 |
	       p.addr[3];
}

static uint32_t cls6(const struct sav_table *t, const char *s)
{
	struct prefix p;
	struct err e;
	uint64_t hi = 0, lo = 0;
	assert_int_equal(addr_parse(s, &p, &e), 0);
	for (int i = 0; i < 8; i++) {
		hi = hi << 8 | p.addr[i];
		lo = lo << 8 | p.addr[8 + i];
	}
	return sav_table_find6(t, hi, lo);
}

static void test_table_classes(void **state)
{
	(void)state;
	struct sav_filters f;
	struct sav_table t;
	struct err e;
	load(&f);
	assert_int_equal(sav_table_build(&t, &f, true, &e), 0);
	uint32_t c = sav_table_find4(&t, v4("20.1.2.3"));
	assert_true(sav_class_allows(&t, c, 0));
	assert_false(sav_class_allows(&t, c, 1));
	assert_false(sav_class_allows(&t, c, 2));
	c = sav_table_find4(&t, v4("200.1.1.1")); /* in cust-c's 128.0.0.0/1 */
	assert_true(sav_class_allows(&t, c, 2));
	assert_true(sav_class_flags(&t, sav_table_find4(&t, v4("240.0.0.1"))) & SAV_CLS_MARTIAN);
	/* A more specific of another customer keeps the covering one's bit. */
	c = sav_table_find4(&t, v4("20.1.200.1"));
	assert_true(sav_class_allows(&t, c, 0));
	assert_true(sav_class_allows(&t, c, 1));
	c = sav_table_find4(&t, v4("20.1.255.255"));
	assert_true(sav_class_allows(&t, c, 1));
	c = sav_table_find4(&t, v4("20.0.255.255"));
	assert_false(sav_class_allows(&t, c, 0));
	c = sav_table_find4(&t, v4("10.20.1.1")); /* private space a customer was given */
	assert_true(sav_class_allows(&t, c, 1));
	assert_true(sav_class_flags(&t, c) & SAV_CLS_BOGON);
	c = sav_table_find4(&t, v4("127.0.0.1"));
	assert_true(sav_class_flags(&t, c) & SAV_CLS_MARTIAN);
	c = sav_table_find4(&t, v4("255.255.255.255"));
	assert_true(sav_class_flags(&t, c) & SAV_CLS_MARTIAN);
	c = sav_table_find4(&t, v4("192.0.0.9")); /* special-purpose but globally reachable */
	assert_false(sav_class_flags(&t, c) & SAV_CLS_BOGON);
	c = sav_table_find4(&t, v4("192.0.0.8"));
	assert_true(sav_class_flags(&t, c) & SAV_CLS_BOGON);
	/* IPv6: outside 2000::/3 is bogon, inside it not, ::1 martian. */
	assert_true(sav_class_flags(&t, cls6(&t, "4000::1")) & SAV_CLS_BOGON);
	assert_false(sav_class_flags(&t, cls6(&t, "2a10:3::1")) & SAV_CLS_BOGON);
	assert_true(sav_class_allows(&t, cls6(&t, "2a10:2:ffff:ffff:ffff:ffff:ffff:ffff"), 1));
	assert_false(sav_class_allows(&t, cls6(&t, "2a10:3::"), 1));
	assert_true(sav_class_flags(&t, cls6(&t, "::1")) & SAV_CLS_MARTIAN);
	assert_false(sav_class_flags(&t, cls6(&t, "::2")) & SAV_CLS_MARTIAN);
	assert_true(sav_class_flags(&t, cls6(&t, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")) &
	            SAV_CLS_MARTIAN);
	assert_true(sav_class_flags(&t, cls6(&t, "2001:db8::1")) & SAV_CLS_BOGON);
	sav_table_free(&t);
	sav_filters_free(&f);
}

/* A frame with an optional VLAN, a source MAC and an IPv4 source. */
static size_t frame(uint8_t *buf, int vlan, uint8_t mac_last, const char *src)
{
	size_t o = 12;
	memset(buf, 0, 64);
	buf[6] = 2;
	buf[11] = mac_last;
	if (vlan >= 0) {
		buf[o++] = 0x81;
		buf[o++] = 0;
		buf[o++] = (uint8_t)(vlan >> 8);
		buf[o++] = (uint8_t)vlan;
	}
	buf[o++] = 0x08;
	buf[o++] = 0;
	buf[o] = 0x45;
	uint32_t a = v4(src);
	for (int i = 0; i < 4; i++)
		buf[o + 12 + i] = (uint8_t)(a >> (24 - 8 * i));
	return o + 20;
}

static enum sav_reason last_reason(const struct sav_scan *s, size_t slot)
{
	for (int r = SAV_NREASONS - 1; r >= 0; r--)
		if (s->counts[slot].reason[r])
			return (enum sav_reason)r;
	return SAV_NREASONS;
}

/* Scan one frame on a fresh scanner; returns the ingress slot it hit. */
static size_t one(struct sav_filters *f, const struct sav_binding *map, size_t nmap,
                  const char *iface, int vlan, uint8_t mac, const char *src, enum sav_reason *why)
{
	struct sav_scan s;
	struct err e;
	uint8_t buf[64];
	assert_int_equal(sav_scan_init(&s, f, map, nmap, true, &e), 0);
	sav_scan_set_interface(&s, iface);
	size_t n = frame(buf, vlan, mac, src);
	sav_scan_frame(&s, DLT_EN10MB, buf, n, (uint32_t)n);
	size_t slot = s.nslots;
	for (size_t i = 0; i < s.nslots; i++)
		if (s.counts[i].packets)
			slot = i;
	*why = last_reason(&s, slot);
	assert_int_equal(s.nspoofed, sav_reason_spoofed(*why) ? 1 : 0);
	sav_scan_free(&s);
	return slot;
}

static void test_reasons_and_ingress(void **state)
{
	(void)state;
	struct sav_filters f;
	enum sav_reason r;
	load(&f);
	/* VLAN first, even when the MAC is another customer's. */
	assert_int_equal(one(&f, NULL, 0, NULL, 101, 2, "20.1.2.3", &r), 0);
	assert_int_equal(r, SAV_ALLOWED);
	/* MAC next; 20.1.2.3 is cust-a's: other-customer for cust-b. */
	assert_int_equal(one(&f, NULL, 0, NULL, -1, 2, "20.1.2.3", &r), 1);
	assert_int_equal(r, SAV_OTHER_CUSTOMER);
	/* An unknown VLAN falls back to the MAC. */
	assert_int_equal(one(&f, NULL, 0, NULL, 999, 2, "20.2.0.1", &r), 1);
	assert_int_equal(r, SAV_ALLOWED);
	/* The interface last. */
	assert_int_equal(one(&f, NULL, 0, "eth3", -1, 9, "130.7.7.7", &r), 2);
	assert_int_equal(r, SAV_ALLOWED);
	assert_int_equal(one(&f, NULL, 0, "eth1", -1, 9, "30.7.7.7", &r), 0);
	assert_int_equal(r, SAV_FOREIGN);
	/* Reasons in order: martian beats allowed; allowed beats bogon. */
	assert_int_equal(one(&f, NULL, 0, "eth3", -1, 9, "224.0.0.1", &r), 2);
	assert_int_equal(r, SAV_MARTIAN);
	assert_int_equal(one(&f, NULL, 0, NULL, -1, 2, "10.20.0.1", &r), 1);
	assert_int_equal(r, SAV_ALLOWED);
	assert_int_equal(one(&f, NULL, 0, NULL, -1, 1, "10.20.0.1", &r), 0);
	assert_int_equal(r, SAV_BOGON);
	/* Unmapped: bogon and martian still count, the rest is unjudged. */
	assert_int_equal(one(&f, NULL, 0, NULL, -1, 9, "192.168.1.1", &r), 3);
	assert_int_equal(r, SAV_BOGON);
	assert_int_equal(one(&f, NULL, 0, NULL, -1, 9, "224.0.0.1", &r), 3);
	assert_int_equal(r, SAV_MARTIAN);
	assert_int_equal(one(&f, NULL, 0, NULL, -1, 9, "20.1.2.3", &r), 3);
	assert_int_equal(r, SAV_UNJUDGED);
	/* The map overrides the filters' keys. */
	struct sav_binding map[2] = {{.kind = SAV_KEY_VLAN, .vlan = 101, .cust = 1},
	                             {.kind = SAV_KEY_MAC, .mac = 0x020000000009ull, .cust = 2}};
	assert_int_equal(one(&f, map, 2, NULL, 101, 1, "20.1.2.3", &r), 1);
	assert_int_equal(r, SAV_OTHER_CUSTOMER);
	assert_int_equal(one(&f, map, 2, NULL, -1, 9, "20.1.2.3", &r), 2);
	sav_filters_free(&f);
}

static void test_offenders(void **state)
{
	(void)state;
	struct sav_filters f;
	struct sav_scan s;
	struct err e;
	uint8_t buf[64];
	load(&f);
	assert_int_equal(sav_scan_init(&s, &f, NULL, 0, false, &e), 0);
	static const char *const srcs[] = {"30.0.0.1", "30.0.0.2", "30.0.1.1", "20.1.0.1",
	                                   "30.0.0.3"};
	for (size_t i = 0; i < 5; i++) {
		size_t n = frame(buf, 101, 1, srcs[i]);
		sav_scan_frame(&s, DLT_EN10MB, buf, n, 100);
	}
	size_t n;
	struct sav_offender *o = sav_scan_offenders(&s, &n);
	assert_int_equal(n, 2);
	assert_int_equal(o[0].packets, 3);
	assert_int_equal(o[0].bytes, 300);
	assert_int_equal(o[0].first, 1);
	assert_memory_equal(o[0].addr, ((uint8_t[]){30, 0, 0, 0}), 4);
	assert_int_equal(o[1].packets, 1);
	assert_int_equal(o[1].first, 3);
	struct sav_counts t = sav_scan_total(&s);
	assert_int_equal(t.packets, 5);
	assert_int_equal(t.reason[SAV_FOREIGN], 4);
	assert_int_equal(t.reason[SAV_ALLOWED], 1);
	free(o);
	sav_scan_free(&s);
	sav_filters_free(&f);
}

static void bad_filters(const char *json, const char *want)
{
	struct sav_filters f;
	struct err e;
	assert_int_equal(sav_filters_parse(&f, json, strlen(json), "f.json", &e), -1);
	if (!strstr(e.msg, want))
		fail_msg("\"%s\" not in \"%s\"", want, e.msg);
	assert_int_equal(f.n, 0);
}

static void test_filters_errors(void **state)
{
	(void)state;
	bad_filters("{\"customers\":[", "f.json:1:");
	bad_filters("{\"asn\":1}", "no \"customers\" array");
	bad_filters("{\"customers\":[{\"name\":\"a\",\"ipv4\":[\"20.0.0.0/33\"]}]}",
	            "customers[0].ipv4[0]: not an IPv4 prefix: 20.0.0.0/33");
	bad_filters("{\"customers\":[{\"name\":\"a\",\"ipv4\":[\"2a10::/32\"]}]}",
	            "customers[0].ipv4[0]");
	bad_filters("{\"customers\":[{\"name\":\"a\"},{\"name\":\"a\"}]}", "listed twice");
	bad_filters("{\"customers\":[{\"name\":\"a\",\"vlan\":4096}]}", "customers[0].vlan");
	bad_filters("{\"customers\":[{\"name\":\"a\",\"mac\":\"02:00:00:00:00\"}]}",
	            "customers[0].mac: not a MAC address");
	bad_filters("{\"customers\":[{\"asn\":1}]}", "customer without a name");
	uint64_t m;
	assert_int_equal(sav_mac_parse("02-00-00-00-00-0A", &m), 0);
	assert_int_equal(m, 0x02000000000aull);
	assert_int_equal(sav_mac_parse("02:00:00:00:00:0a:", &m), -1);
	assert_int_equal(sav_mac_parse("02:00:00:00:00:0g", &m), -1);
}

static void test_map_file(void **state)
{
	(void)state;
	struct sav_filters f;
	struct sav_binding *b;
	size_t n;
	struct err e;
	char path[] = "/tmp/test_sav_mapXXXXXX";
	load(&f);
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "w");
	fputs("# ingress\nvlan:7 cust-b\n\n  mac:02:00:00:00:00:09 cust-c  \nif:ge-0/0/1 cust-a\n",
	      fp);
	fclose(fp);
	assert_int_equal(sav_map_load(&f, path, &b, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_int_equal(b[0].kind, SAV_KEY_VLAN);
	assert_int_equal(b[0].vlan, 7);
	assert_int_equal(b[0].cust, 1);
	assert_int_equal(b[1].mac, 0x020000000009ull);
	assert_string_equal(b[2].iface, "ge-0/0/1");
	free(b);
	fp = fopen(path, "w");
	fputs("vlan:7 cust-b\nvlan:4096 cust-a\n", fp);
	fclose(fp);
	assert_int_equal(sav_map_load(&f, path, &b, &n, &e), -1);
	assert_non_null(strstr(e.msg, ":2: VLAN id must be 0..4095"));
	fp = fopen(path, "w");
	fputs("port:1 cust-a\n", fp);
	fclose(fp);
	assert_int_equal(sav_map_load(&f, path, &b, &n, &e), -1);
	assert_non_null(strstr(e.msg, ":1: key must be"));
	unlink(path);
	sav_filters_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_classes), cmocka_unit_test(test_reasons_and_ingress),
	    cmocka_unit_test(test_offenders),     cmocka_unit_test(test_filters_errors),
	    cmocka_unit_test(test_map_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

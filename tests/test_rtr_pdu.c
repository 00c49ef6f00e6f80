/* SPDX-License-Identifier: ISC */
/* test_rtr_pdu.c - RTR PDU codec: round trips, wire bytes, every reject path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rtr/rtr_pdu.h"

static struct vrp mk4(const char *a, uint8_t len, uint8_t maxlen, uint32_t asn)
{
	struct vrp v;
	memset(&v, 0, sizeof v);
	v.family = 4;
	unsigned b[4];
	sscanf(a, "%u.%u.%u.%u", &b[0], &b[1], &b[2], &b[3]);
	for (int i = 0; i < 4; i++)
		v.addr[i] = (uint8_t)b[i];
	v.len = len;
	v.maxlen = maxlen;
	v.asn = asn;
	return v;
}

static void test_prefix_wire(void **state)
{
	(void)state;
	uint8_t buf[64];
	struct vrp v = mk4("192.0.2.0", 24, 24, 64496);
	size_t n = rtr_put_prefix(buf, 1, RTR_FLAG_ANNOUNCE, &v);
	assert_int_equal(n, 20);
	static const uint8_t want[] = {1,  4, 0,   0, 0, 0, 0, 20, 1,    24,
	                               24, 0, 192, 0, 2, 0, 0, 0,  0xfb, 0xf0};
	assert_memory_equal(buf, want, sizeof want);

	struct rtr_pdu p;
	struct rtr_pdu_error pe;
	assert_int_equal(rtr_pdu_decode(buf, n, &p, &pe), 20);
	assert_int_equal(p.type, RTR_IPV4_PREFIX);
	assert_int_equal(p.u.prefix.flags, 1);
	assert_int_equal(p.u.prefix.vrp.asn, 64496);
	assert_int_equal(p.u.prefix.vrp.len, 24);
	assert_memory_equal(p.u.prefix.vrp.addr, v.addr, 4);

	struct vrp v6;
	memset(&v6, 0, sizeof v6);
	v6.family = 6;
	v6.addr[0] = 0x20, v6.addr[1] = 0x01, v6.addr[2] = 0x0d, v6.addr[3] = 0xb8;
	v6.len = 32, v6.maxlen = 48, v6.asn = 4200000000u;
	n = rtr_put_prefix(buf, 0, 0, &v6);
	assert_int_equal(n, 32);
	assert_int_equal(rtr_pdu_decode(buf, n, &p, &pe), 32);
	assert_int_equal(p.type, RTR_IPV6_PREFIX);
	assert_int_equal(p.u.prefix.flags, 0);
	assert_int_equal(p.u.prefix.vrp.maxlen, 48);
	assert_int_equal(p.u.prefix.vrp.asn, 4200000000u);
	assert_memory_equal(p.u.prefix.vrp.addr, v6.addr, 16);
}

static void test_eod_versions(void **state)
{
	(void)state;
	uint8_t buf[64];
	struct rtr_pdu p;
	struct rtr_pdu_error pe;
	assert_int_equal(rtr_put_eod(buf, 0, 7, 42, 1, 2, 3), 12);
	assert_int_equal(rtr_pdu_decode(buf, 12, &p, &pe), 12);
	assert_int_equal(p.u.eod.serial, 42);
	assert_int_equal(p.session, 7);
	assert_int_equal(rtr_put_eod(buf, 1, 7, 43, 3600, 600, 7200), 24);
	assert_int_equal(rtr_pdu_decode(buf, 24, &p, &pe), 24);
	assert_int_equal(p.u.eod.serial, 43);
	assert_int_equal(p.u.eod.refresh, 3600);
	assert_int_equal(p.u.eod.retry, 600);
	assert_int_equal(p.u.eod.expire, 7200);
	/* A v1 EOD with the v0 length is corrupt. */
	buf[0] = 1;
	rtr_put_eod(buf, 0, 7, 42, 0, 0, 0);
	buf[0] = 1;
	assert_int_equal(rtr_pdu_decode(buf, 12, &p, &pe), -1);
	assert_int_equal(pe.code, RTR_ERR_CORRUPT_DATA);
}

static void test_queries_and_partial(void **state)
{
	(void)state;
	uint8_t buf[64];
	struct rtr_pdu p;
	struct rtr_pdu_error pe;
	size_t n = rtr_put_serial_query(buf, 1, 0x1234, 99);
	assert_int_equal(n, 12);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(rtr_pdu_decode(buf, i, &p, &pe), 0); /* need more */
	assert_int_equal(rtr_pdu_decode(buf, n, &p, &pe), 12);
	assert_int_equal(p.session, 0x1234);
	assert_int_equal(p.u.serial, 99);
	assert_int_equal(rtr_put_reset_query(buf, 2), 8);
	assert_int_equal(rtr_pdu_decode(buf, 8, &p, &pe), 8);
	assert_int_equal(p.type, RTR_RESET_QUERY);
	assert_int_equal(p.version, 2);
	assert_int_equal(rtr_put_cache_reset(buf, 1), 8);
	assert_int_equal(rtr_put_cache_response(buf, 1, 5), 8);
	assert_int_equal(rtr_put_serial_notify(buf, 1, 5, 6), 12);
}

static void test_rejects(void **state)
{
	(void)state;
	struct rtr_pdu p;
	struct rtr_pdu_error pe;
	/* version 3 */
	uint8_t v3[] = {3, 2, 0, 0, 0, 0, 0, 8};
	assert_int_equal(rtr_pdu_decode(v3, 8, &p, &pe), -1);
	assert_int_equal(pe.code, RTR_ERR_UNSUPPORTED_VERSION);
	/* length below the header */
	uint8_t shortlen[] = {1, 2, 0, 0, 0, 0, 0, 4};
	assert_int_equal(rtr_pdu_decode(shortlen, 8, &p, &pe), -1);
	assert_int_equal(pe.code, RTR_ERR_CORRUPT_DATA);
	/* absurd length is rejected before waiting for the body */
	uint8_t huge[] = {1, 2, 0, 0, 0x7f, 0, 0, 0};
	assert_int_equal(rtr_pdu_decode(huge, 8, &p, &pe), -1);
	assert_int_equal(pe.code, RTR_ERR_CORRUPT_DATA);
	/* reset query with a wrong length */
	uint8_t rq[] = {1, 2, 0, 0, 0, 0, 0, 12, 0, 0, 0, 0};
	assert_int_equal(rtr_pdu_decode(rq, 12, &p, &pe), -1);
	assert_int_equal(pe.code, RTR_ERR_CORRUPT_DATA);
	/* unknown and reserved types */
	uint8_t t5[] = {1, 5, 0, 0, 0, 0, 0, 8};
	assert_int_equal(rtr_pdu_decode(t5, 8, &p, &pe), -1);
	assert_int_equal(pe.code, RTR_ERR_UNSUPPORTED_PDU);
	uint8_t t99[] = {1, 99, 0, 0, 0, 0, 0, 8};
	assert_int_equal(rtr_pdu_decode(t99, 8, &p, &pe), -1);
	assert_int_equal(pe.code, RTR_ERR_UNSUPPORTED_PDU);
	/* ASPA only exists in version 2, Router Key from version 1 */
	uint8_t aspa1[] = {1, 11, 0, 0, 0, 0, 0, 16, 1, 0, 0, 0, 0, 0, 0, 1};
	assert_int_equal(rtr_pdu_decode(aspa1, 16, &p, &pe), -1);
	assert_int_equal(pe.code, RTR_ERR_UNSUPPORTED_PDU);
	uint8_t rk0[] = {0, 9, 0, 0, 0, 0, 0, 8};
	assert_int_equal(rtr_pdu_decode(rk0, 8, &p, &pe), -1);
	assert_int_equal(pe.code, RTR_ERR_UNSUPPORTED_PDU);
	/* prefix length above max length */
	struct vrp v = mk4("10.0.0.0", 24, 24, 1);
	uint8_t buf[64];
	rtr_put_prefix(buf, 1, 1, &v);
	buf[9] = 25;
	assert_int_equal(rtr_pdu_decode(buf, 20, &p, &pe), -1);
	assert_int_equal(pe.code, RTR_ERR_CORRUPT_DATA);
	assert_int_equal(pe.pdu_len, 20);
}

static void test_error_report(void **state)
{
	(void)state;
	uint8_t buf[256], bad[8] = {9, 9, 9, 9, 9, 9, 9, 9};
	struct rtr_pdu p;
	struct rtr_pdu_error pe;
	size_t n = rtr_put_error(buf, sizeof buf, 1, RTR_ERR_INVALID_REQUEST, bad, 8, "nope");
	assert_int_equal(n, 16 + 8 + 4);
	assert_int_equal(rtr_pdu_decode(buf, n, &p, &pe), (long)n);
	assert_int_equal(p.session, RTR_ERR_INVALID_REQUEST);
	assert_int_equal(p.u.error.pdu_len, 8);
	assert_memory_equal(p.u.error.pdu, bad, 8);
	assert_int_equal(p.u.error.text_len, 4);
	assert_memory_equal(p.u.error.text, "nope", 4);
	assert_int_equal(rtr_put_error(buf, 20, 1, 0, bad, 8, "nope"), 0); /* no room */
	/* inner length pointing past the PDU */
	n = rtr_put_error(buf, sizeof buf, 1, 0, bad, 8, "x");
	buf[11] = 200;
	assert_int_equal(rtr_pdu_decode(buf, n, &p, &pe), -1);
	assert_int_equal(pe.code, RTR_ERR_CORRUPT_DATA);
	assert_string_equal(rtr_error_name(4), "Unsupported Protocol Version");
	assert_string_equal(rtr_error_name(77), "unknown");
	assert_string_equal(rtr_pdu_type_name(2), "Reset Query");
	assert_string_equal(rtr_pdu_type_name(5), "unknown");
}

/* The current layout (8210bis-26 5.12): flags and zero in the header,
 * length, customer, providers ascending. */
static void test_aspa_current(void **state)
{
	(void)state;
	uint8_t buf[64];
	uint32_t prov[] = {64500, 64501, 4200000001u};
	struct rtr_pdu p;
	struct rtr_pdu_error pe;
	size_t n = rtr_put_aspa(buf, RTR_FLAG_ANNOUNCE, 64496, prov, 3);
	assert_int_equal(n, 24);
	static const uint8_t head[] = {2, 11, 1,    0,    0, 0, 0,    24,
	                               0, 0,  0xfb, 0xf0, 0, 0, 0xfb, 0xf4};
	assert_memory_equal(buf, head, sizeof head);
	assert_int_equal(rtr_aspa_layout_of(buf, 24), RTR_ASPA_CURRENT);
	assert_int_equal(rtr_pdu_decode(buf, n, &p, &pe), 24);
	assert_int_equal(p.u.aspa.flags, RTR_FLAG_ANNOUNCE);
	assert_int_equal(p.u.aspa.customer, 64496);
	assert_int_equal(p.u.aspa.nproviders, 3);
	assert_int_equal(p.u.aspa.layout, RTR_ASPA_CURRENT);
	assert_int_equal(rtr_pdu_decode_layout(buf, n, RTR_ASPA_AUTO, &p, &pe), 24);
	assert_int_equal(p.u.aspa.layout, RTR_ASPA_CURRENT);

	/* a withdrawal is exactly 12 octets, whatever n says */
	n = rtr_put_aspa(buf, 0, 64496, prov, 3);
	assert_int_equal(n, 12);
	static const uint8_t wd[] = {2, 11, 0, 0, 0, 0, 0, 12, 0, 0, 0xfb, 0xf0};
	assert_memory_equal(buf, wd, sizeof wd);
	assert_int_equal(rtr_pdu_decode_layout(buf, n, RTR_ASPA_AUTO, &p, &pe), 12);
	assert_int_equal(p.u.aspa.layout, RTR_ASPA_CURRENT);
	assert_int_equal(p.u.aspa.flags, 0);
	assert_int_equal(p.u.aspa.nproviders, 0);

	/* a withdrawal with providers is corrupt */
	n = rtr_put_aspa(buf, RTR_FLAG_ANNOUNCE, 64496, prov, 1);
	buf[2] = 0;
	assert_int_equal(rtr_pdu_decode(buf, n, &p, &pe), -1);
	assert_int_equal(pe.code, RTR_ERR_CORRUPT_DATA);

	/* an announcement without providers: ASPA Provider List Error */
	n = rtr_put_aspa(buf, 0, 64496, NULL, 0);
	buf[2] = RTR_FLAG_ANNOUNCE;
	assert_int_equal(rtr_pdu_decode(buf, n, &p, &pe), -1);
	assert_int_equal(pe.code, RTR_ERR_ASPA_PROVIDER_LIST);
	assert_string_equal(rtr_error_name(pe.code), "ASPA Provider List Error");

	/* providers not ascending, or repeated: the same error */
	uint32_t down[] = {64501, 64500}, dup[] = {64500, 64500};
	n = rtr_put_aspa(buf, RTR_FLAG_ANNOUNCE, 64496, down, 2);
	assert_int_equal(rtr_pdu_decode(buf, n, &p, &pe), -1);
	assert_int_equal(pe.code, RTR_ERR_ASPA_PROVIDER_LIST);
	n = rtr_put_aspa(buf, RTR_FLAG_ANNOUNCE, 64496, dup, 2);
	assert_int_equal(rtr_pdu_decode(buf, n, &p, &pe), -1);
	assert_int_equal(pe.code, RTR_ERR_ASPA_PROVIDER_LIST);

	/* a length that is not 12 + 4n */
	n = rtr_put_aspa(buf, RTR_FLAG_ANNOUNCE, 64496, prov, 1);
	buf[7] = 18;
	assert_int_equal(rtr_pdu_decode(buf, 18, &p, &pe), -1);
	assert_int_equal(pe.code, RTR_ERR_CORRUPT_DATA);
	/* shorter than the customer */
	buf[7] = 10;
	assert_int_equal(rtr_pdu_decode(buf, 10, &p, &pe), -1);
	/* ASPA in version 1 */
	n = rtr_put_aspa(buf, RTR_FLAG_ANNOUNCE, 64496, prov, 1);
	buf[0] = 1;
	assert_int_equal(rtr_pdu_decode(buf, n, &p, &pe), -1);
	assert_int_equal(pe.code, RTR_ERR_UNSUPPORTED_PDU);
}

/* The draft-10 layout StayRTR 0.5.1 speaks, and telling the two apart. */
static void test_aspa_draft10(void **state)
{
	(void)state;
	uint8_t buf[64];
	uint32_t prov[] = {64500, 64501, 4200000001u};
	struct rtr_pdu p;
	struct rtr_pdu_error pe;
	size_t n = rtr_put_aspa_draft10(buf, 1, 1, 64496, prov, 3);
	assert_int_equal(n, 28);
	/* flags, AFI, count, customer, providers */
	static const uint8_t head[] = {2, 11, 0, 0, 0, 0, 0, 28, 1, 1, 0, 3, 0, 0, 0xfb, 0xf0};
	assert_memory_equal(buf, head, sizeof head);
	assert_int_equal(rtr_aspa_layout_of(buf, 28), RTR_ASPA_DRAFT10);
	assert_int_equal(rtr_pdu_decode_layout(buf, n, RTR_ASPA_DRAFT10, &p, &pe), 28);
	assert_int_equal(p.u.aspa.customer, 64496);
	assert_int_equal(p.u.aspa.nproviders, 3);
	assert_int_equal(p.u.aspa.afi, 1);
	assert_int_equal(rtr_pdu_decode_layout(buf, n, RTR_ASPA_AUTO, &p, &pe), 28);
	assert_int_equal(p.u.aspa.layout, RTR_ASPA_DRAFT10);
	assert_int_equal(p.u.aspa.customer, 64496);
	/* read as the current layout it is a withdrawal with providers */
	assert_int_equal(rtr_pdu_decode(buf, n, &p, &pe), -1);
	assert_int_equal(pe.code, RTR_ERR_CORRUPT_DATA);
	/* draft-10 withdrawal and empty list: 16 octets, still draft-10 */
	n = rtr_put_aspa_draft10(buf, 0, 0, 64496, NULL, 0);
	assert_int_equal(n, 16);
	assert_int_equal(rtr_pdu_decode_layout(buf, n, RTR_ASPA_AUTO, &p, &pe), 16);
	assert_int_equal(p.u.aspa.layout, RTR_ASPA_DRAFT10);
	assert_int_equal(p.u.aspa.flags, 0);
	n = rtr_put_aspa_draft10(buf, 1, 1, 64496, prov, 3);
	buf[11] = 4; /* count beyond the PDU */
	assert_int_equal(rtr_pdu_decode_layout(buf, n, RTR_ASPA_DRAFT10, &p, &pe), -1);
	buf[11] = 3;
	buf[9] = 2; /* AFI 2 */
	assert_int_equal(rtr_pdu_decode_layout(buf, n, RTR_ASPA_DRAFT10, &p, &pe), -1);
}

/* 8210bis: an Error Report never exceeds 65,535 octets. */
static void test_error_report_cap(void **state)
{
	(void)state;
	static uint8_t out[70000], pdu[70000];
	char text[2000];
	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = 0;
	size_t n = rtr_put_error(out, sizeof out, 2, 0, pdu, 66000, text);
	assert_int_equal(n, RTR_ERROR_MAX);
	struct rtr_pdu p;
	struct rtr_pdu_error pe;
	assert_int_equal(rtr_pdu_decode(out, n, &p, &pe), (long)n);
	assert_int_equal(p.u.error.pdu_len + p.u.error.text_len + 16, RTR_ERROR_MAX);
	n = rtr_put_error(out, sizeof out, 2, 0, pdu, 65000, text);
	assert_int_equal(n, RTR_ERROR_MAX);
	assert_int_equal(rtr_pdu_decode(out, n, &p, &pe), (long)n);
	assert_int_equal(p.u.error.pdu_len, 65000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_prefix_wire),         cmocka_unit_test(test_eod_versions),
	    cmocka_unit_test(test_queries_and_partial), cmocka_unit_test(test_rejects),
	    cmocka_unit_test(test_error_report),        cmocka_unit_test(test_aspa_current),
	    cmocka_unit_test(test_aspa_draft10),        cmocka_unit_test(test_error_report_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

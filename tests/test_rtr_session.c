/* SPDX-License-Identifier: ISC */
/* test_rtr_session.c - the RTR state machine driven without sockets:
 * version negotiation, full and delta responses, Cache Reset, Error
 * Reports for bad input, Serial Notify, and lazy output in small pieces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rtr/rtr_session.h"

static const struct rtr_timers timers = {3600, 600, 7200, RTR_ASPA_CURRENT};
static const struct rtr_timers timers10 = {3600, 600, 7200, RTR_ASPA_DRAFT10};

static struct vrp v4(uint8_t a, unsigned b, uint8_t len, uint32_t asn)
{
	struct vrp v;
	memset(&v, 0, sizeof v);
	v.family = 4;
	v.addr[0] = a;
	v.addr[1] = (uint8_t)(b & 0xff);
	v.addr[2] = (uint8_t)(b >> 8);
	v.len = len;
	v.maxlen = len;
	v.asn = asn;
	return v;
}

static void make_set(struct rpki_set *s, int n, int with_aspa)
{
	rpki_set_init(s);
	for (int i = 0; i < n; i++) {
		struct vrp v = v4(10, (unsigned)i, 24, 64496);
		assert_int_equal(rpki_set_add_vrp(s, &v), 0);
	}
	struct vrp w;
	memset(&w, 0, sizeof w);
	w.family = 6;
	w.addr[0] = 0x20, w.addr[1] = 0x01, w.addr[2] = 0x0d, w.addr[3] = 0xb8;
	w.len = 32, w.maxlen = 48, w.asn = 64497;
	assert_int_equal(rpki_set_add_vrp(s, &w), 0);
	if (with_aspa) {
		uint32_t prov[] = {64500, 64501};
		assert_int_equal(rpki_set_add_aspa(s, 64496, prov, 2), 0);
	}
	rpki_set_finish(s);
}

/* A cache (session id, history depth) serving n VRPs and no ASPA. */
static void cache_of(struct rtr_cache *c, uint16_t session_id, size_t history, int n)
{
	struct rpki_set a;
	rtr_cache_init(c, session_id, history);
	make_set(&a, n, 0);
	rtr_cache_update(c, &a, 0);
}

/* Collected output of a session, decoded. */
struct reply {
	uint8_t bytes[1 << 16];
	size_t len;
	int count[16];
	struct rtr_pdu last[4]; /* last PDU of a few interesting types */
	struct rtr_pdu eod, err;
	uint8_t version;
	struct { /* ASPA PDUs in order */
		uint8_t flags, layout;
		uint32_t customer, n, first;
	} aspa[16];
	int naspa;
};

static void drain(struct rtr_session *s, struct reply *r, size_t chunk)
{
	uint8_t buf[1 << 16];
	memset(r, 0, sizeof *r);
	size_t n;
	while ((n = rtr_session_output(s, buf, chunk)) > 0) {
		assert_true(r->len + n <= sizeof r->bytes);
		memcpy(r->bytes + r->len, buf, n);
		r->len += n;
	}
	size_t off = 0;
	while (off < r->len) {
		struct rtr_pdu p;
		struct rtr_pdu_error pe;
		long k =
		    rtr_pdu_decode_layout(r->bytes + off, r->len - off, RTR_ASPA_AUTO, &p, &pe);
		assert_true(k > 0);
		r->count[p.type]++;
		if (p.type == RTR_ASPA && r->naspa < 16) {
			const uint8_t *q = p.u.aspa.providers;
			r->aspa[r->naspa].flags = p.u.aspa.flags;
			r->aspa[r->naspa].layout = p.u.aspa.layout;
			r->aspa[r->naspa].customer = p.u.aspa.customer;
			r->aspa[r->naspa].n = p.u.aspa.nproviders;
			r->aspa[r->naspa].first =
			    p.u.aspa.nproviders ? (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 |
			                              (uint32_t)q[2] << 8 | q[3]
			                        : 0;
			r->naspa++;
		}
		r->version = p.version;
		if (p.type == RTR_END_OF_DATA)
			r->eod = p;
		if (p.type == RTR_ERROR_REPORT)
			r->err = p;
		off += (size_t)k;
	}
}

static size_t feed(struct rtr_session *s, const uint8_t *p, size_t n)
{
	return rtr_session_input(s, p, n);
}

static void test_full_sync_versions(void **state)
{
	(void)state;
	struct rtr_cache c;
	struct rpki_set set;
	rtr_cache_init(&c, 77, 4);
	make_set(&set, 300, 1);
	assert_int_equal(rtr_cache_update(&c, &set, 0), 1);
	for (uint8_t ver = 0; ver <= 2; ver++) {
		struct rtr_session s;
		struct reply r;
		uint8_t q[8];
		rtr_session_init(&s, &c, &timers);
		assert_int_equal(feed(&s, q, rtr_put_reset_query(q, ver)), 8);
		assert_int_equal(s.version, ver);
		drain(&s, &r, 100); /* tiny chunks: the stream must resume exactly */
		assert_int_equal(r.version, ver);
		assert_int_equal(r.count[RTR_CACHE_RESPONSE], 1);
		assert_int_equal(r.count[RTR_IPV4_PREFIX], 300);
		assert_int_equal(r.count[RTR_IPV6_PREFIX], 1);
		assert_int_equal(r.count[RTR_ASPA], ver == 2 ? 1 : 0); /* one per customer */
		assert_int_equal(r.count[RTR_END_OF_DATA], 1);
		assert_int_equal(r.eod.session, 77);
		assert_int_equal(r.eod.u.eod.serial, 0);
		if (ver)
			assert_int_equal(r.eod.u.eod.refresh, 3600);
		assert_false(s.closing);
		rtr_session_free(&s);
	}
	rtr_cache_free(&c);
}

static void test_serial_query_paths(void **state)
{
	(void)state;
	struct rtr_cache c;
	struct rpki_set a, b;
	rtr_cache_init(&c, 9, 4);
	make_set(&a, 10, 0);
	make_set(&b, 12, 1); /* +2 VRPs, +1 ASPA */
	rtr_cache_update(&c, &a, 0);
	rtr_cache_update(&c, &b, 0);
	assert_int_equal(c.cur->serial, 1);

	struct rtr_session s;
	struct reply r;
	uint8_t q[16];
	/* serial 0 is in history: a delta */
	rtr_session_init(&s, &c, &timers);
	feed(&s, q, rtr_put_serial_query(q, 2, 9, 0));
	drain(&s, &r, 4096);
	assert_int_equal(r.count[RTR_CACHE_RESPONSE], 1);
	assert_int_equal(r.count[RTR_IPV4_PREFIX], 2);
	assert_int_equal(r.count[RTR_ASPA], 1);
	assert_int_equal(r.eod.u.eod.serial, 1);
	/* up to date: an empty response */
	feed(&s, q, rtr_put_serial_query(q, 2, 9, 1));
	drain(&s, &r, 4096);
	assert_int_equal(r.count[RTR_CACHE_RESPONSE], 1);
	assert_int_equal(r.count[RTR_IPV4_PREFIX], 0);
	assert_int_equal(r.count[RTR_END_OF_DATA], 1);
	/* unknown serial: Cache Reset, session stays open */
	feed(&s, q, rtr_put_serial_query(q, 2, 9, 12345));
	drain(&s, &r, 4096);
	assert_int_equal(r.count[RTR_CACHE_RESET], 1);
	assert_false(s.closing);
	/* another session id: Cache Reset */
	feed(&s, q, rtr_put_serial_query(q, 2, 10, 1));
	drain(&s, &r, 4096);
	assert_int_equal(r.count[RTR_CACHE_RESET], 1);
	rtr_session_free(&s);
	rtr_cache_free(&c);
}

static void test_version_errors(void **state)
{
	(void)state;
	struct rtr_cache c;
	cache_of(&c, 1, 2, 3);
	struct rtr_session s;
	struct reply r;
	uint8_t q[16];

	/* version 3: Unsupported Protocol Version, in our highest version */
	rtr_session_init(&s, &c, &timers);
	q[0] = 3, q[1] = 2, q[2] = q[3] = 0, q[4] = q[5] = q[6] = 0, q[7] = 8;
	assert_int_equal(feed(&s, q, 8), 8);
	drain(&s, &r, 4096);
	assert_int_equal(r.count[RTR_ERROR_REPORT], 1);
	assert_int_equal(r.err.session, RTR_ERR_UNSUPPORTED_VERSION);
	assert_int_equal(r.err.version, RTR_VERSION_MAX);
	assert_int_equal(r.err.u.error.pdu_len, 8);
	assert_memory_equal(r.err.u.error.pdu, q, 8);
	assert_true(s.closing);
	rtr_session_free(&s);

	/* v1 session, then a v0 query: Unexpected Protocol Version */
	rtr_session_init(&s, &c, &timers);
	feed(&s, q, rtr_put_reset_query(q, 1));
	drain(&s, &r, 4096);
	feed(&s, q, rtr_put_reset_query(q, 0));
	drain(&s, &r, 4096);
	assert_int_equal(r.err.session, RTR_ERR_UNEXPECTED_VERSION);
	assert_int_equal(r.err.version, 1);
	assert_true(s.closing);
	rtr_session_free(&s);

	/* v1 session, then a v2 query (decodable): also code 8 */
	rtr_session_init(&s, &c, &timers);
	feed(&s, q, rtr_put_reset_query(q, 1));
	drain(&s, &r, 4096);
	feed(&s, q, rtr_put_reset_query(q, 2));
	drain(&s, &r, 4096);
	assert_int_equal(r.err.session, RTR_ERR_UNEXPECTED_VERSION);
	rtr_session_free(&s);
	rtr_cache_free(&c);
}

static void test_bad_pdus(void **state)
{
	(void)state;
	struct rtr_cache c;
	cache_of(&c, 1, 2, 3);
	struct rtr_session s;
	struct reply r;
	uint8_t q[64];

	/* a router sending a cache PDU: Invalid Request */
	rtr_session_init(&s, &c, &timers);
	feed(&s, q, rtr_put_cache_response(q, 1, 1));
	drain(&s, &r, 4096);
	assert_int_equal(r.err.session, RTR_ERR_INVALID_REQUEST);
	assert_true(s.closing);
	rtr_session_free(&s);

	/* unknown type: Unsupported PDU Type */
	rtr_session_init(&s, &c, &timers);
	uint8_t t42[] = {1, 42, 0, 0, 0, 0, 0, 8};
	feed(&s, t42, 8);
	drain(&s, &r, 4096);
	assert_int_equal(r.err.session, RTR_ERR_UNSUPPORTED_PDU);
	rtr_session_free(&s);

	/* garbage: Corrupt Data, the rest of the input is dropped */
	rtr_session_init(&s, &c, &timers);
	const char *junk = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
	assert_int_equal(feed(&s, (const uint8_t *)junk, strlen(junk)), strlen(junk));
	drain(&s, &r, 4096);
	assert_int_equal(r.count[RTR_ERROR_REPORT], 1);
	assert_true(s.closing);
	rtr_session_free(&s);

	/* an Error Report from the router is never answered */
	rtr_session_init(&s, &c, &timers);
	size_t n = rtr_put_error(q, sizeof q, 1, RTR_ERR_INTERNAL, NULL, 0, "bye");
	feed(&s, q, n);
	drain(&s, &r, 4096);
	assert_int_equal(r.len, 0);
	assert_true(s.closing);
	rtr_session_free(&s);

	/* half a PDU is kept for later, not an error */
	rtr_session_init(&s, &c, &timers);
	rtr_put_reset_query(q, 1);
	assert_int_equal(feed(&s, q, 5), 0);
	assert_false(s.closing);
	assert_int_equal(feed(&s, q, 8), 8);
	drain(&s, &r, 4096);
	assert_int_equal(r.count[RTR_END_OF_DATA], 1);
	rtr_session_free(&s);
	rtr_cache_free(&c);
}

static void test_no_data_and_notify(void **state)
{
	(void)state;
	struct rtr_cache c;
	rtr_cache_init(&c, 5, 2);
	struct rtr_session s;
	struct reply r;
	uint8_t q[16];
	rtr_session_init(&s, &c, &timers);
	feed(&s, q, rtr_put_reset_query(q, 1));
	drain(&s, &r, 4096);
	/* No Data Available is the one error that keeps the session */
	assert_int_equal(r.err.session, RTR_ERR_NO_DATA);
	assert_false(s.closing);

	struct rpki_set a, b;
	make_set(&a, 3, 0);
	rtr_cache_update(&c, &a, 0);
	feed(&s, q, rtr_put_reset_query(q, 1));
	/* data changes while the response is being streamed */
	make_set(&b, 4, 0);
	rtr_cache_update(&c, &b, 0);
	rtr_session_notify(&s);
	drain(&s, &r, 40);
	assert_int_equal(r.eod.u.eod.serial, 0);         /* the snapshot it started with */
	assert_int_equal(r.count[RTR_SERIAL_NOTIFY], 1); /* then told about serial 1 */
	rtr_session_notify(&s);
	drain(&s, &r, 4096);
	assert_int_equal(r.count[RTR_SERIAL_NOTIFY], 1);

	/* stale data: No Data Available again */
	c.stale = 1;
	feed(&s, q, rtr_put_serial_query(q, 1, 5, 0));
	drain(&s, &r, 4096);
	assert_int_equal(r.err.session, RTR_ERR_NO_DATA);
	rtr_session_free(&s);
	rtr_cache_free(&c);
}

/* Add customer's ASPA with up to two providers (0 = absent). */
static void add_aspa(struct rpki_set *s, uint32_t customer, uint32_t p1, uint32_t p2)
{
	uint32_t prov[2] = {p1, p2};
	assert_int_equal(rpki_set_add_aspa(s, customer, prov, p1 ? (p2 ? 2 : 1) : 0), 0);
}

/* 8210bis-26: one PDU per customer; an empty list is never announced. */
static void test_aspa_full_current_and_draft10(void **state)
{
	(void)state;
	struct rtr_cache c;
	struct rpki_set a;
	rtr_cache_init(&c, 3, 4);
	make_set(&a, 2, 0);
	add_aspa(&a, 65001, 65102, 65101);
	add_aspa(&a, 65002, 0, 0); /* empty: cannot be announced */
	add_aspa(&a, 65003, 65103, 0);
	rpki_set_finish(&a);
	rtr_cache_update(&c, &a, 0);
	struct rtr_session s;
	struct reply r;
	uint8_t q[8];
	rtr_session_init(&s, &c, &timers);
	feed(&s, q, rtr_put_reset_query(q, 2));
	drain(&s, &r, 64);
	assert_int_equal(r.naspa, 2);
	assert_int_equal(r.aspa[0].layout, RTR_ASPA_CURRENT);
	assert_int_equal(r.aspa[0].customer, 65001);
	assert_int_equal(r.aspa[0].n, 2);
	assert_int_equal(r.aspa[0].first, 65101); /* ascending */
	assert_int_equal(r.aspa[1].customer, 65003);
	assert_int_equal(s.aspa_skipped, 1);
	assert_int_equal(r.count[RTR_END_OF_DATA], 1);
	rtr_session_free(&s);

	/* draft-10: every record, once per AFI, the empty one too */
	rtr_session_init(&s, &c, &timers10);
	feed(&s, q, rtr_put_reset_query(q, 2));
	drain(&s, &r, 64);
	assert_int_equal(r.naspa, 6);
	assert_int_equal(r.aspa[0].layout, RTR_ASPA_DRAFT10);
	assert_int_equal(r.aspa[2].customer, 65002);
	assert_int_equal(r.aspa[2].n, 0);
	rtr_session_free(&s);

	/* v1 never sees ASPA, whatever the layout */
	rtr_session_init(&s, &c, &timers10);
	feed(&s, q, rtr_put_reset_query(q, 1));
	drain(&s, &r, 64);
	assert_int_equal(r.count[RTR_ASPA], 0);
	rtr_session_free(&s);
	rtr_cache_free(&c);
}

/* Deltas in the current layout: a new list replaces the old one (one
 * announcement, no withdrawal first), a removed record is a 12-octet
 * withdrawal, a list that became empty is withdrawn. */
static void test_aspa_delta_current(void **state)
{
	(void)state;
	struct rtr_cache c;
	struct rpki_set a, b;
	rtr_cache_init(&c, 3, 4);
	make_set(&a, 2, 0);
	add_aspa(&a, 65001, 65101, 65102); /* replaced */
	add_aspa(&a, 65002, 65103, 0);     /* withdrawn */
	add_aspa(&a, 65003, 0, 0);         /* empty, then gets a provider */
	add_aspa(&a, 65004, 65105, 0);     /* becomes empty: withdrawn */
	add_aspa(&a, 65006, 0, 0);         /* empty, then gone: nothing */
	rpki_set_finish(&a);
	make_set(&b, 2, 0);
	add_aspa(&b, 65001, 65104, 65101);
	add_aspa(&b, 65003, 65106, 0);
	add_aspa(&b, 65004, 0, 0);
	add_aspa(&b, 65005, 65107, 0); /* new */
	rpki_set_finish(&b);
	rtr_cache_update(&c, &a, 0);
	rtr_cache_update(&c, &b, 0);
	struct rtr_session s;
	struct reply r;
	uint8_t q[16];
	rtr_session_init(&s, &c, &timers);
	feed(&s, q, rtr_put_serial_query(q, 2, 3, 0));
	drain(&s, &r, 4096);
	assert_int_equal(r.naspa, 5);
	assert_int_equal(r.aspa[0].customer, 65001);
	assert_int_equal(r.aspa[0].flags, RTR_FLAG_ANNOUNCE);
	assert_int_equal(r.aspa[0].n, 2);
	assert_int_equal(r.aspa[0].first, 65101);
	assert_int_equal(r.aspa[1].customer, 65002);
	assert_int_equal(r.aspa[1].flags, 0);
	assert_int_equal(r.aspa[1].n, 0);
	assert_int_equal(r.aspa[2].customer, 65003);
	assert_int_equal(r.aspa[2].flags, RTR_FLAG_ANNOUNCE);
	assert_int_equal(r.aspa[3].customer, 65004);
	assert_int_equal(r.aspa[3].flags, 0);
	assert_int_equal(r.aspa[4].customer, 65005);
	assert_int_equal(r.aspa[4].flags, RTR_FLAG_ANNOUNCE);
	/* every withdrawal is exactly 12 octets: find them on the wire */
	size_t off = 0, withdrawals = 0;
	while (off < r.len) {
		uint32_t len = (uint32_t)r.bytes[off + 4] << 24 | (uint32_t)r.bytes[off + 5] << 16 |
		               (uint32_t)r.bytes[off + 6] << 8 | r.bytes[off + 7];
		if (r.bytes[off + 1] == RTR_ASPA && r.bytes[off + 2] == 0) {
			assert_int_equal(len, 12);
			withdrawals++;
		}
		off += len;
	}
	assert_int_equal(withdrawals, 2);
	rtr_session_free(&s);
	rtr_cache_free(&c);
}

/* RFC 8210 5.11: an Error Report of another version is not answered
 * either (it used to get Error Report 8). */
static void test_error_report_other_version(void **state)
{
	(void)state;
	struct rtr_cache c;
	cache_of(&c, 1, 2, 3);
	struct rtr_session s;
	struct reply r;
	uint8_t q[64];
	for (uint8_t ver = 0; ver <= 2; ver++) {
		rtr_session_init(&s, &c, &timers);
		feed(&s, q, rtr_put_reset_query(q, 1));
		drain(&s, &r, 4096);
		size_t n = rtr_put_error(q, sizeof q, ver, RTR_ERR_CORRUPT_DATA, NULL, 0, "bad");
		assert_int_equal(feed(&s, q, n), n);
		drain(&s, &r, 4096);
		assert_int_equal(r.len, 0);
		assert_true(s.closing);
		assert_non_null(strstr(s.why, "router sent Error Report"));
		rtr_session_free(&s);
	}
	rtr_cache_free(&c);
}

static void test_queries_wait_for_stream(void **state)
{
	(void)state;
	struct rtr_cache c;
	cache_of(&c, 5, 2, 2000);
	struct rtr_session s;
	struct reply r;
	uint8_t q[16];
	rtr_session_init(&s, &c, &timers);
	rtr_put_reset_query(q, 1);
	rtr_put_reset_query(q + 8, 1);
	/* the second query waits until the first response is out */
	assert_int_equal(feed(&s, q, 16), 8);
	uint8_t buf[256];
	assert_true(rtr_session_output(&s, buf, sizeof buf) > 0);
	assert_int_equal(feed(&s, q + 8, 8), 0);
	drain(&s, &r, 1 << 15);
	assert_int_equal(feed(&s, q + 8, 8), 8);
	drain(&s, &r, 1 << 15);
	assert_int_equal(r.count[RTR_IPV4_PREFIX], 2000);
	rtr_session_free(&s);
	rtr_cache_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full_sync_versions),
	    cmocka_unit_test(test_serial_query_paths),
	    cmocka_unit_test(test_version_errors),
	    cmocka_unit_test(test_bad_pdus),
	    cmocka_unit_test(test_no_data_and_notify),
	    cmocka_unit_test(test_queries_wait_for_stream),
	    cmocka_unit_test(test_aspa_full_current_and_draft10),
	    cmocka_unit_test(test_aspa_delta_current),
	    cmocka_unit_test(test_error_report_other_version),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

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

#include "rtr_session.h"

static const struct rtr_timers timers = {3600, 600, 7200};

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

/* Collected output of a session, decoded. */
struct reply {
	uint8_t bytes[1 << 16];
	size_t len;
	int count[16];
	struct rtr_pdu last[4]; /* last PDU of a few interesting types */
	struct rtr_pdu eod, err;
	uint8_t version;
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
		long k = rtr_pdu_decode(r->bytes + off, r->len - off, &p, &pe);
		assert_true(k > 0);
		r->count[p.type]++;
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
		assert_int_equal(r.count[RTR_ASPA], ver == 2 ? 2 : 0); /* one per AFI */
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
	assert_int_equal(r.count[RTR_ASPA], 2);
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
	struct rpki_set a;
	rtr_cache_init(&c, 1, 2);
	make_set(&a, 3, 0);
	rtr_cache_update(&c, &a, 0);
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
	struct rpki_set a;
	rtr_cache_init(&c, 1, 2);
	make_set(&a, 3, 0);
	rtr_cache_update(&c, &a, 0);
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
	assert_int_equal(r.eod.u.eod.serial, 0); /* the snapshot it started with */
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

static void test_queries_wait_for_stream(void **state)
{
	(void)state;
	struct rtr_cache c;
	struct rpki_set a;
	rtr_cache_init(&c, 5, 2);
	make_set(&a, 2000, 0);
	rtr_cache_update(&c, &a, 0);
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

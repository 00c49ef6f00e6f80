/* SPDX-License-Identifier: ISC */
/* test_rtr_client.c - the RTR router state machine driven by hand with a
 * fake clock: full sync, deltas, the Refresh, Retry and Expire timers,
 * Serial Notify, Cache Reset, version downgrade and Error Reports, with no
 * socket anywhere. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rtr/rtr_client.h"
#include "rtr/rtr_pdu.h"

#define SESSION 4711

/* Bytes a fake cache sends. */
struct wire {
	uint8_t b[8192];
	size_t n;
};

static struct vrp v4(uint8_t a, uint8_t len, uint32_t asn)
{
	struct vrp v;
	memset(&v, 0, sizeof v);
	v.family = 4;
	v.addr[0] = a;
	v.len = len;
	v.maxlen = len;
	v.asn = asn;
	return v;
}

static void put_response(struct wire *w, uint8_t ver)
{
	w->n += rtr_put_cache_response(w->b + w->n, ver, SESSION);
}

static void put_vrp(struct wire *w, uint8_t ver, int announce, struct vrp v)
{
	w->n += rtr_put_prefix(w->b + w->n, ver, announce ? RTR_FLAG_ANNOUNCE : 0, &v);
}

static void put_eod(struct wire *w, uint8_t ver, uint32_t serial, uint32_t refresh, uint32_t retry,
                    uint32_t expire)
{
	w->n += rtr_put_eod(w->b + w->n, ver, SESSION, serial, refresh, retry, expire);
}

static void put_aspa(struct wire *w, int announce, uint32_t customer, const uint32_t *prov,
                     uint32_t n)
{
	w->n += rtr_put_aspa(w->b + w->n, announce ? RTR_FLAG_ANNOUNCE : 0, customer, prov, n);
}

static void put_error(struct wire *w, uint8_t ver, uint16_t code, const char *text)
{
	w->n += rtr_put_error(w->b + w->n, sizeof w->b - w->n, ver, code, NULL, 0, text);
}

/* Feed all of w; it must be consumed. */
static void feed(struct rtr_client *c, struct wire *w, double now)
{
	assert_int_equal(rtr_client_input(c, w->b, w->n, now, 0), w->n);
	w->n = 0;
}

/* The one PDU the client queued must be this query; then it is sent. */
static void expect_sent(struct rtr_client *c, const uint8_t *q, size_t qn)
{
	size_t n;
	const uint8_t *p = rtr_client_pending(c, &n);
	assert_non_null(p);
	assert_int_equal(n, qn);
	assert_memory_equal(p, q, qn);
	rtr_client_sent(c, n);
	assert_null(rtr_client_pending(c, &n));
}

static void expect_reset_query(struct rtr_client *c, uint8_t ver)
{
	uint8_t q[RTR_FIXED_PDU_MAX];
	expect_sent(c, q, rtr_put_reset_query(q, ver));
	assert_int_equal(c->state, RTR_CLIENT_RESET_SENT);
}

static void expect_serial_query(struct rtr_client *c, uint8_t ver, uint32_t serial)
{
	uint8_t q[RTR_FIXED_PDU_MAX];
	expect_sent(c, q, rtr_put_serial_query(q, ver, SESSION, serial));
	assert_int_equal(c->state, RTR_CLIENT_SERIAL_SENT);
}

static void expect_nothing_sent(struct rtr_client *c)
{
	size_t n;
	assert_null(rtr_client_pending(c, &n));
}

/* Connect at now and sync two VRPs at serial 1 with the given timers. */
static void first_sync(struct rtr_client *c, double now, uint32_t refresh, uint32_t retry,
                       uint32_t expire)
{
	struct wire w = {.n = 0};
	assert_true(rtr_client_wants_connect(c));
	rtr_client_connecting(c);
	assert_int_equal(c->state, RTR_CLIENT_CONNECTING);
	rtr_client_connected(c, now);
	expect_reset_query(c, 1);
	put_response(&w, 1);
	put_vrp(&w, 1, 1, v4(10, 8, 64496));
	put_vrp(&w, 1, 1, v4(11, 8, 64497));
	put_eod(&w, 1, 1, refresh, retry, expire);
	feed(c, &w, now);
	assert_int_equal(c->state, RTR_CLIENT_UP_TO_DATE);
	assert_int_equal(c->data.nvrps, 2);
}

static void test_full_sync_and_timers_from_eod(void **state)
{
	(void)state;
	struct rtr_client c;
	rtr_client_init(&c, 1, 1);
	first_sync(&c, 1000, 100, 50, 900);
	assert_int_equal(c.refresh, 100);
	assert_int_equal(c.retry, 50);
	assert_int_equal(c.expire, 900);
	assert_int_equal(c.serial, 1);
	assert_int_equal(c.session, SESSION);
	assert_true(rtr_client_deadline(&c) == 1100); /* refresh before expire */
	assert_int_equal(c.n.vrps4, 2);
	assert_int_equal(c.n.pdus, 4);
	assert_int_equal(c.n.version, 1);
	rtr_client_free(&c);
}

static void test_v0_and_out_of_range_timers_default(void **state)
{
	(void)state;
	struct rtr_client c;
	struct wire w = {.n = 0};
	rtr_client_init(&c, 0, 1);
	rtr_client_connecting(&c);
	rtr_client_connected(&c, 0);
	expect_reset_query(&c, 0);
	put_response(&w, 0);
	put_eod(&w, 0, 7, 0, 0, 0);
	feed(&c, &w, 0);
	assert_int_equal(c.refresh, RTR_DEFAULT_REFRESH);
	assert_int_equal(c.retry, RTR_DEFAULT_RETRY);
	assert_int_equal(c.expire, RTR_DEFAULT_EXPIRE);
	rtr_client_free(&c);

	rtr_client_init(&c, 1, 1);
	first_sync(&c, 0, 100, 50, 599); /* expire below 600: not valid */
	assert_int_equal(c.refresh, RTR_DEFAULT_REFRESH);
	assert_int_equal(c.expire, RTR_DEFAULT_EXPIRE);
	rtr_client_free(&c);
}

static void test_refresh_fires_serial_query_and_delta_applies(void **state)
{
	(void)state;
	struct rtr_client c;
	struct wire w = {.n = 0};
	rtr_client_init(&c, 1, 1);
	first_sync(&c, 0, 100, 50, 900);
	rtr_client_tick(&c, 99.9);
	expect_nothing_sent(&c);
	assert_int_equal(c.state, RTR_CLIENT_UP_TO_DATE);
	rtr_client_tick(&c, 100);
	expect_serial_query(&c, 1, 1);
	put_response(&w, 1);
	put_vrp(&w, 1, 0, v4(10, 8, 64496)); /* withdraw */
	put_vrp(&w, 1, 1, v4(12, 8, 64498)); /* announce */
	put_eod(&w, 1, 2, 100, 50, 900);
	feed(&c, &w, 101);
	assert_int_equal(c.state, RTR_CLIENT_UP_TO_DATE);
	assert_int_equal(c.serial, 2);
	assert_int_equal(c.data.nvrps, 2);
	assert_int_equal(c.data.vrps[0].addr[0], 11);
	assert_int_equal(c.data.vrps[1].addr[0], 12);
	assert_true(rtr_client_deadline(&c) == 201);
	rtr_client_free(&c);
}

static void test_delta_withheld_until_end_of_data(void **state)
{
	(void)state;
	struct rtr_client c;
	struct wire w = {.n = 0};
	rtr_client_init(&c, 1, 1);
	first_sync(&c, 0, 100, 50, 900);
	rtr_client_tick(&c, 100);
	expect_serial_query(&c, 1, 1);
	put_response(&w, 1);
	put_vrp(&w, 1, 0, v4(10, 8, 64496));
	feed(&c, &w, 100);
	assert_int_equal(c.state, RTR_CLIENT_SYNCING);
	assert_int_equal(c.data.nvrps, 2); /* half a delta is not applied */
	rtr_client_closed(&c, 101, "connection lost");
	assert_int_equal(c.state, RTR_CLIENT_BACKOFF);
	assert_string_equal(c.err, "connection lost");
	assert_int_equal(c.data.nvrps, 2);
	rtr_client_free(&c);
}

static void test_retry_after_error(void **state)
{
	(void)state;
	struct rtr_client c;
	struct wire w = {.n = 0};
	rtr_client_init(&c, 1, 1);
	first_sync(&c, 0, 100, 50, 900);
	rtr_client_tick(&c, 100);
	expect_serial_query(&c, 1, 1);
	put_error(&w, 1, RTR_ERR_INTERNAL, "disk on fire");
	feed(&c, &w, 100);
	assert_int_equal(c.state, RTR_CLIENT_CLOSING);
	assert_string_equal(c.err, "cache sent Error Report 1 (Internal Error): disk on fire");
	rtr_client_closed(&c, 100, NULL);
	assert_int_equal(c.state, RTR_CLIENT_BACKOFF);
	assert_false(rtr_client_wants_connect(&c));
	assert_true(rtr_client_deadline(&c) == 150);
	rtr_client_tick(&c, 149);
	assert_int_equal(c.state, RTR_CLIENT_BACKOFF);
	rtr_client_tick(&c, 150);
	assert_true(rtr_client_wants_connect(&c));
	/* The data survived: the new connection asks for a delta. */
	rtr_client_connecting(&c);
	rtr_client_connected(&c, 151);
	expect_serial_query(&c, 1, 1);
	rtr_client_free(&c);
}

static void test_expire_drops_data(void **state)
{
	(void)state;
	struct rtr_client c;
	rtr_client_init(&c, 1, 1);
	first_sync(&c, 0, 100, 50, 900);
	rtr_client_closed(&c, 10, "connection lost");
	/* The cache stays away: every retry fails. */
	unsigned retries = 0;
	for (double t; (t = rtr_client_deadline(&c)) < 900; retries++) {
		rtr_client_tick(&c, t);
		assert_true(rtr_client_wants_connect(&c));
		rtr_client_connecting(&c);
		rtr_client_closed(&c, t, "connection refused");
	}
	assert_int_equal(retries, 17); /* every 50 s from 60 to 860 */
	assert_int_equal(c.data.nvrps, 2);
	assert_int_equal(c.expiries, 0);
	assert_true(rtr_client_deadline(&c) == 900); /* expire comes before retry */
	rtr_client_tick(&c, 900);
	assert_int_equal(c.expiries, 1);
	assert_int_equal(c.data.nvrps, 0);
	assert_false(c.have_data);
	/* Back to a full sync. */
	rtr_client_tick(&c, rtr_client_deadline(&c));
	assert_true(rtr_client_wants_connect(&c));
	rtr_client_connecting(&c);
	rtr_client_connected(&c, 950);
	expect_reset_query(&c, 1);
	rtr_client_free(&c);
}

static void test_serial_notify(void **state)
{
	(void)state;
	struct rtr_client c;
	struct wire w = {.n = 0};
	rtr_client_init(&c, 1, 1);
	first_sync(&c, 0, 3600, 600, 7200);
	w.n += rtr_put_serial_notify(w.b, 1, SESSION, 2);
	feed(&c, &w, 5);
	expect_serial_query(&c, 1, 1);
	assert_int_equal(c.notifies, 1);
	/* A notify during a response: the query waits for End of Data. */
	put_response(&w, 1);
	w.n += rtr_put_serial_notify(w.b + w.n, 1, SESSION, 3);
	put_vrp(&w, 1, 1, v4(12, 8, 64498));
	feed(&c, &w, 6);
	expect_nothing_sent(&c);
	put_eod(&w, 1, 2, 3600, 600, 7200);
	feed(&c, &w, 7);
	expect_serial_query(&c, 1, 2);
	assert_int_equal(c.data.nvrps, 3);
	rtr_client_free(&c);
}

static void test_cache_reset(void **state)
{
	(void)state;
	struct rtr_client c;
	struct wire w = {.n = 0};
	rtr_client_init(&c, 1, 1);
	first_sync(&c, 0, 100, 50, 900);
	rtr_client_tick(&c, 100);
	expect_serial_query(&c, 1, 1);
	w.n += rtr_put_cache_reset(w.b, 1);
	feed(&c, &w, 100);
	expect_reset_query(&c, 1);
	assert_int_equal(c.resets, 1);
	/* The full response replaces the data at End of Data. */
	put_response(&w, 1);
	put_vrp(&w, 1, 1, v4(13, 8, 64499));
	feed(&c, &w, 101);
	assert_int_equal(c.data.nvrps, 2);
	put_eod(&w, 1, 9, 100, 50, 900);
	feed(&c, &w, 101);
	assert_int_equal(c.data.nvrps, 1);
	assert_int_equal(c.data.vrps[0].addr[0], 13);
	assert_int_equal(c.serial, 9);
	/* A Cache Reset to a Reset Query is an error. */
	rtr_client_closed(&c, 102, NULL);
	rtr_client_free(&c);
	rtr_client_init(&c, 1, 1);
	rtr_client_connecting(&c);
	rtr_client_connected(&c, 0);
	expect_reset_query(&c, 1);
	w.n += rtr_put_cache_reset(w.b, 1);
	feed(&c, &w, 0);
	assert_int_equal(c.state, RTR_CLIENT_CLOSING);
	assert_string_equal(c.err, "cache sent Cache Reset to a Reset Query");
	rtr_client_free(&c);
}

static void test_version_downgrade(void **state)
{
	(void)state;
	struct rtr_client c;
	struct wire w = {.n = 0};
	rtr_client_init(&c, 2, 1);
	rtr_client_connecting(&c);
	rtr_client_connected(&c, 0);
	expect_reset_query(&c, 2);
	put_error(&w, 2, RTR_ERR_UNSUPPORTED_VERSION, "v2? never heard of it");
	feed(&c, &w, 0);
	assert_int_equal(c.state, RTR_CLIENT_CLOSING);
	rtr_client_closed(&c, 0, NULL);
	assert_true(rtr_client_wants_connect(&c)); /* at once, no Retry wait */
	assert_int_equal(c.version, 1);
	rtr_client_connecting(&c);
	rtr_client_connected(&c, 0);
	expect_reset_query(&c, 1);
	/* A v0-only cache answers in its own version: straight to 0. */
	put_error(&w, 0, RTR_ERR_UNSUPPORTED_VERSION, "");
	feed(&c, &w, 0);
	rtr_client_closed(&c, 0, NULL);
	assert_int_equal(c.version, 0);
	assert_int_equal(c.downgrades, 2);
	rtr_client_connecting(&c);
	rtr_client_connected(&c, 0);
	expect_reset_query(&c, 0);
	/* At version 0 there is nothing lower: an error, retried later. */
	put_error(&w, 0, RTR_ERR_UNSUPPORTED_VERSION, "");
	feed(&c, &w, 0);
	rtr_client_closed(&c, 0, NULL);
	assert_int_equal(c.state, RTR_CLIENT_BACKOFF);
	assert_string_equal(c.err, "cache sent Error Report 4 (Unsupported Protocol Version): ");
	rtr_client_free(&c);
}

static void test_cache_answering_lower_version_is_followed(void **state)
{
	(void)state;
	struct rtr_client c;
	struct wire w = {.n = 0};
	rtr_client_init(&c, 2, 1);
	rtr_client_connecting(&c);
	rtr_client_connected(&c, 0);
	expect_reset_query(&c, 2);
	put_response(&w, 1);
	put_vrp(&w, 1, 1, v4(10, 8, 64496));
	put_eod(&w, 1, 1, 100, 50, 900);
	feed(&c, &w, 0);
	assert_int_equal(c.state, RTR_CLIENT_UP_TO_DATE);
	assert_int_equal(c.version, 1);
	/* Later PDUs of another version are refused with Error Report 8. */
	put_vrp(&w, 2, 1, v4(10, 8, 64496));
	feed(&c, &w, 1);
	assert_int_equal(c.state, RTR_CLIENT_CLOSING);
	size_t n;
	const uint8_t *p = rtr_client_pending(&c, &n);
	assert_non_null(p);
	assert_int_equal(p[1], RTR_ERROR_REPORT);
	assert_int_equal(p[3], RTR_ERR_UNEXPECTED_VERSION);
	rtr_client_free(&c);
}

static void test_bad_pdu_is_reported(void **state)
{
	(void)state;
	struct rtr_client c;
	/* A Cache Response claiming 9 octets. */
	static const uint8_t bad[] = {1, RTR_CACHE_RESPONSE, 0, 1, 0, 0, 0, 9, 0};
	rtr_client_init(&c, 1, 1);
	rtr_client_connecting(&c);
	rtr_client_connected(&c, 0);
	expect_reset_query(&c, 1);
	rtr_client_input(&c, bad, sizeof bad, 0, 0);
	assert_int_equal(c.state, RTR_CLIENT_CLOSING);
	assert_non_null(strstr(c.err, "bad PDU from the cache"));
	size_t n;
	const uint8_t *p = rtr_client_pending(&c, &n);
	assert_non_null(p);
	assert_int_equal(p[1], RTR_ERROR_REPORT);
	assert_int_equal(p[3], RTR_ERR_CORRUPT_DATA);
	rtr_client_free(&c);
}

static void test_payload_outside_response_is_an_error(void **state)
{
	(void)state;
	struct rtr_client c;
	struct wire w = {.n = 0};
	rtr_client_init(&c, 1, 1);
	first_sync(&c, 0, 100, 50, 900);
	put_vrp(&w, 1, 1, v4(12, 8, 64498));
	feed(&c, &w, 1);
	assert_int_equal(c.state, RTR_CLIENT_CLOSING);
	assert_string_equal(c.err, "IPv4 Prefix outside a response");
	rtr_client_free(&c);
}

static void test_aspa_delta(void **state)
{
	(void)state;
	struct rtr_client c;
	struct wire w = {.n = 0};
	static const uint32_t p1[] = {64500, 64501}, p2[] = {64502};
	rtr_client_init(&c, 2, 1);
	rtr_client_connecting(&c);
	rtr_client_connected(&c, 0);
	expect_reset_query(&c, 2);
	put_response(&w, 2);
	put_aspa(&w, 1, 64496, p1, 2);
	put_aspa(&w, 1, 64497, p2, 1);
	put_eod(&w, 2, 1, 100, 50, 900);
	feed(&c, &w, 0);
	assert_int_equal(c.data.naspas, 2);
	assert_int_equal(c.n.aspa_layouts, 1 << RTR_ASPA_CURRENT);
	rtr_client_tick(&c, 100);
	expect_serial_query(&c, 2, 1);
	put_response(&w, 2);
	put_aspa(&w, 1, 64496, p2, 1); /* replaces the record */
	put_aspa(&w, 0, 64497, NULL, 0);
	put_eod(&w, 2, 2, 100, 50, 900);
	feed(&c, &w, 100);
	assert_int_equal(c.data.naspas, 1);
	assert_int_equal(c.data.aspas[0].customer, 64496);
	assert_int_equal(c.data.aspas[0].nproviders, 1);
	assert_int_equal(c.data.aspas[0].providers[0], 64502);
	rtr_client_free(&c);
}

static void test_split_input_and_count_only(void **state)
{
	(void)state;
	struct rtr_client c;
	struct wire w = {.n = 0};
	rtr_client_init(&c, 1, 0);
	rtr_client_connecting(&c);
	rtr_client_connected(&c, 0);
	expect_reset_query(&c, 1);
	put_response(&w, 1);
	put_vrp(&w, 1, 1, v4(10, 8, 64496));
	put_eod(&w, 1, 1, 100, 50, 900);
	/* One byte at a time, as a slow socket would deliver it. */
	size_t off = 0, have = 0;
	while (have < w.n) {
		have++;
		off += rtr_client_input(&c, w.b + off, have - off, 0, 1);
	}
	assert_int_equal(off, w.n);
	assert_int_equal(c.state, RTR_CLIENT_UP_TO_DATE);
	assert_int_equal(c.n.vrps4, 1);
	assert_int_equal(c.data.nvrps, 0); /* counted, not kept */
	assert_string_equal(rtr_client_state_name(c.state), "up-to-date");
	rtr_client_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full_sync_and_timers_from_eod),
	    cmocka_unit_test(test_v0_and_out_of_range_timers_default),
	    cmocka_unit_test(test_refresh_fires_serial_query_and_delta_applies),
	    cmocka_unit_test(test_delta_withheld_until_end_of_data),
	    cmocka_unit_test(test_retry_after_error),
	    cmocka_unit_test(test_expire_drops_data),
	    cmocka_unit_test(test_serial_notify),
	    cmocka_unit_test(test_cache_reset),
	    cmocka_unit_test(test_version_downgrade),
	    cmocka_unit_test(test_cache_answering_lower_version_is_followed),
	    cmocka_unit_test(test_bad_pdu_is_reported),
	    cmocka_unit_test(test_payload_outside_response_is_an_error),
	    cmocka_unit_test(test_aspa_delta),
	    cmocka_unit_test(test_split_input_and_count_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

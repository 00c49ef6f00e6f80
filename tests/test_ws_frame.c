/* SPDX-License-Identifier: ISC */
/* test_ws_frame.c - the WebSocket codec against RFC 6455's own examples
 * (section 5.7 frames, section 1.3 accept key), reassembly across any split
 * of the byte stream, every protocol error, URLs and the handshake check. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/ws_frame.h"
#include "core/ws_handshake.h"

struct got {
	int n;
	uint8_t op[8];
	char data[8][300];
	size_t len[8];
};

static int on_msg(void *arg, uint8_t opcode, const uint8_t *data, size_t len, struct err *e)
{
	struct got *g = arg;
	if (g->n < 8) {
		g->op[g->n] = opcode;
		g->len[g->n] = len;
		memcpy(g->data[g->n], data, len < 299 ? len : 299);
		g->data[g->n][len < 299 ? len : 299] = 0;
	}
	g->n++;
	return 0;
}

/* Feed buf in pieces of step bytes, keeping the unconsumed tail. */
static int feed_split(struct ws_reader *r, const uint8_t *in, size_t n, size_t step, struct got *g,
                      struct err *e)
{
	uint8_t buf[2048];
	size_t have = 0, pos = 0;
	while (pos < n || have > 0) {
		size_t take = n - pos < step ? n - pos : step;
		memcpy(buf + have, in + pos, take);
		have += take;
		pos += take;
		long used = ws_reader_feed(r, buf, have, on_msg, g, e);
		if (used < 0)
			return -1;
		memmove(buf, buf + used, have - (size_t)used);
		have -= (size_t)used;
		if (take == 0)
			break;
	}
	return have == 0 ? 0 : 1;
}

static void test_rfc_examples(void **state)
{
	(void)state;
	/* Unmasked "Hello", fragmented "Hel"+"lo" with a ping between, a pong. */
	static const uint8_t s[] = {0x81, 0x05, 'H',  'e',  'l',  'l',  'o', 0x01, 0x03,
	                            'H',  'e',  'l',  0x89, 0x05, 'H',  'e', 'l',  'l',
	                            'o',  0x80, 0x02, 'l',  'o',  0x8a, 0x00};
	for (size_t step = 1; step <= sizeof(s); step++) {
		struct ws_reader r;
		ws_reader_init(&r, false, 0);
		struct got g = {0};
		struct err e;
		assert_int_equal(feed_split(&r, s, sizeof(s), step, &g, &e), 0);
		assert_int_equal(g.n, 4);
		assert_int_equal(g.op[0], WS_OP_TEXT);
		assert_string_equal(g.data[0], "Hello");
		assert_int_equal(g.op[1], WS_OP_PING);
		assert_string_equal(g.data[1], "Hello");
		assert_int_equal(g.op[2], WS_OP_TEXT);
		assert_string_equal(g.data[2], "Hello");
		assert_int_equal(g.op[3], WS_OP_PONG);
		assert_int_equal(g.len[3], 0);
		ws_reader_free(&r);
	}
	/* A masked "Hello" (client to server), as in the RFC. */
	static const uint8_t m[] = {0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d,
	                            0x7f, 0x9f, 0x4d, 0x51, 0x58};
	uint8_t mb[sizeof(m)];
	memcpy(mb, m, sizeof(m));
	struct ws_reader r;
	ws_reader_init(&r, true, 0);
	struct got g = {0};
	struct err e;
	assert_int_equal(ws_reader_feed(&r, mb, sizeof(mb), on_msg, &g, &e), (long)sizeof(m));
	assert_string_equal(g.data[0], "Hello");
	/* The encoder writes exactly the RFC's bytes. */
	uint8_t out[64];
	size_t n = ws_frame_encode(out, WS_OP_TEXT, true, m + 2, (const uint8_t *)"Hello", 5);
	assert_int_equal(n, sizeof(m));
	assert_memory_equal(out, m, sizeof(m));
	ws_reader_free(&r);
}

static void test_lengths(void **state)
{
	(void)state;
	static uint8_t payload[70000], out[70000 + WS_MAX_HEADER];
	for (size_t i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)i;
	static const size_t lens[] = {0, 125, 126, 256, 65535, 65536, 70000};
	for (size_t k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
		size_t n = ws_frame_encode(out, WS_OP_BINARY, true, NULL, payload, lens[k]);
		assert_int_equal(n, lens[k] + (lens[k] < 126 ? 2 : lens[k] <= 65535 ? 4 : 10));
		if (lens[k] == 256)
			assert_memory_equal(out, "\x82\x7e\x01\x00", 4);
		if (lens[k] == 65536)
			assert_memory_equal(out, "\x82\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10);
		struct ws_frame f;
		struct err e;
		assert_int_equal(ws_frame_header(out, n, 1 << 20, false, &f, &e), 1);
		assert_int_equal(f.len, lens[k]);
		assert_int_equal(f.header_len + f.len, n);
		/* A header cut short asks for more. */
		assert_int_equal(ws_frame_header(out, f.header_len - 1, 1 << 20, false, &f, &e), 0);
	}
}

static void expect_error(const uint8_t *in, size_t n, uint64_t max, const char *what)
{
	uint8_t buf[64];
	memcpy(buf, in, n);
	struct ws_reader r;
	ws_reader_init(&r, false, max);
	struct got g = {0};
	struct err e;
	e.msg[0] = 0;
	assert_int_equal(ws_reader_feed(&r, buf, n, on_msg, &g, &e), -1);
	if (!strstr(e.msg, what))
		fail_msg("\"%s\" does not say \"%s\"", e.msg, what);
	ws_reader_free(&r);
}

static void test_protocol_errors(void **state)
{
	(void)state;
	expect_error((const uint8_t *)"\xc1\x00", 2, 0, "reserved bits");
	expect_error((const uint8_t *)"\x83\x00", 2, 0, "unknown opcode");
	expect_error((const uint8_t *)"\x81\x80\x00\x00\x00\x00", 6, 0, "masked frame");
	expect_error((const uint8_t *)"\x89\x7e\x00\x80", 4, 0, "longer than 125");
	expect_error((const uint8_t *)"\x09\x00", 2, 0, "fragmented");
	expect_error((const uint8_t *)"\x80\x01x", 3, 0, "continuation frame without");
	expect_error((const uint8_t *)"\x01\x01x\x81\x01y", 6, 0, "new message inside");
	expect_error((const uint8_t *)"\x81\x7e\x00\x05", 4, 0, "not minimally encoded");
	expect_error((const uint8_t *)"\x81\x7f\x80\x00\x00\x00\x00\x00\x00\x00", 10, 0, "top bit");
	expect_error((const uint8_t *)"\x81\x0a"
	                              "abcdefghij",
	             12, 8, "exceeds the 8 byte limit");
	/* Fragments that add up beyond the limit. */
	expect_error((const uint8_t *)"\x01\x05"
	                              "abcde\x80\x05"
	                              "fghij",
	             14, 8, "message exceeds");
}

static void test_urls(void **state)
{
	(void)state;
	struct ws_url u;
	struct err e;
	assert_int_equal(ws_url_parse("wss://ris-live.ripe.net/v1/ws/?client=manrs", &u, &e), 0);
	assert_true(u.tls);
	assert_string_equal(u.host, "ris-live.ripe.net");
	assert_int_equal(u.port, 443);
	assert_string_equal(u.path, "/v1/ws/?client=manrs");
	assert_int_equal(ws_url_parse("ws://127.0.0.1:8765", &u, &e), 0);
	assert_false(u.tls);
	assert_int_equal(u.port, 8765);
	assert_string_equal(u.path, "/");
	assert_int_equal(ws_url_parse("ws://[::1]:9/x?y#frag", &u, &e), 0);
	assert_string_equal(u.host, "::1");
	assert_true(u.host_is_v6);
	assert_string_equal(u.path, "/x?y");
	char req[1024];
	assert_true(ws_request(req, sizeof(req), &u, "dGhlIHNhbXBsZSBub25jZQ==") > 0);
	assert_non_null(strstr(req, "GET /x?y HTTP/1.1\r\nHost: [::1]:9\r\n"));
	assert_non_null(strstr(req, "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"));
	assert_non_null(strstr(req, "Sec-WebSocket-Version: 13\r\n"));
	static const char *bad[] = {"http://x/",    "ws://",      "ws://:80/", "ws://h:0/",
	                            "ws://h:99999", "ws://[::1/", "ws://h x/", "ws://h/a b"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (ws_url_parse(bad[i], &u, &e) == 0)
			fail_msg("accepted %s", bad[i]);
}

static void test_handshake(void **state)
{
	(void)state;
	const char *key = "dGhlIHNhbXBsZSBub25jZQ==";
	char acc[WS_ACCEPT_LEN + 1];
	ws_accept_for(key, acc);
	assert_string_equal(acc, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="); /* RFC 6455 1.3 */
	const char *ok = "HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\n"
	                 "Connection: keep-alive, Upgrade\r\n"
	                 "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\nrest";
	size_t head = ws_response_head_len(ok, strlen(ok));
	assert_int_equal(head, strlen(ok) - 4);
	assert_int_equal(ws_response_head_len(ok, head - 1), 0);
	struct err e;
	assert_int_equal(ws_response_check(ok, head, key, &e), 0);
	const char *wrong = "HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
	                    "Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n";
	assert_int_equal(ws_response_check(wrong, strlen(wrong), key, &e), -1);
	assert_non_null(strstr(e.msg, "Sec-WebSocket-Accept"));
	const char *refused = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";
	assert_int_equal(ws_response_check(refused, strlen(refused), key, &e), -1);
	assert_non_null(strstr(e.msg, "403 Forbidden"));
	const char *noup = "HTTP/1.1 101 OK\r\nConnection: Upgrade\r\n"
	                   "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
	assert_int_equal(ws_response_check(noup, strlen(noup), key, &e), -1);
	const char *ext = "HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
	                  "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
	                  "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n";
	assert_int_equal(ws_response_check(ext, strlen(ext), key, &e), -1);
	char k1[WS_KEY_LEN + 1], k2[WS_KEY_LEN + 1];
	assert_int_equal(ws_key_new(k1, &e), 0);
	assert_int_equal(ws_key_new(k2, &e), 0);
	assert_int_equal(strlen(k1), WS_KEY_LEN);
	assert_string_not_equal(k1, k2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc_examples),    cmocka_unit_test(test_lengths),
	    cmocka_unit_test(test_protocol_errors), cmocka_unit_test(test_urls),
	    cmocka_unit_test(test_handshake),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

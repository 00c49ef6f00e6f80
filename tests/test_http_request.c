/* SPDX-License-Identifier: ISC */
/* test_http_request.c - request heads for the metrics endpoint: methods,
 * paths, and bodies announced (which the server refuses without reading). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http_request.h"

static int parse(const char *s, struct http_request *r)
{
	size_t n = strlen(s);
	size_t head = http_request_head_len(s, n);
	assert_int_equal(head, n);
	return http_request_parse(s, head, r);
}

static void test_head_len(void **state)
{
	(void)state;
	const char *a = "GET / HTTP/1.1\r\nHost: x\r\n";
	assert_int_equal(http_request_head_len(a, strlen(a)), 0);
	const char *b = "GET / HTTP/1.1\r\n\r\nrest";
	assert_int_equal(http_request_head_len(b, strlen(b)), strlen(b) - 4);
	const char *c = "GET / HTTP/1.0\n\n";
	assert_int_equal(http_request_head_len(c, strlen(c)), strlen(c));
}

static void test_get_and_head(void **state)
{
	(void)state;
	struct http_request r;
	assert_int_equal(parse("GET /metrics?x=1 HTTP/1.1\r\nHost: a\r\n\r\n", &r), 0);
	assert_int_equal(r.method, HTTP_GET);
	assert_string_equal(r.path, "/metrics");
	assert_int_equal(r.minor, 1);
	assert_false(r.has_body);
	assert_int_equal(parse("HEAD /status HTTP/1.0\n\n", &r), 0);
	assert_int_equal(r.method, HTTP_HEAD);
	assert_int_equal(parse("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", &r), 0);
	assert_false(r.has_body);
}

static void test_bodies_and_methods(void **state)
{
	(void)state;
	struct http_request r;
	assert_int_equal(parse("POST / HTTP/1.1\r\ncontent-length: 4000000000\r\n\r\n", &r), 0);
	assert_int_equal(r.method, HTTP_OTHER);
	assert_true(r.has_body);
	assert_int_equal(parse("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", &r), 0);
	assert_true(r.has_body);
	assert_int_equal(parse("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", &r), 400);
}

static void test_malformed(void **state)
{
	(void)state;
	struct http_request r;
	assert_int_equal(parse("GET\r\n\r\n", &r), 400);
	assert_int_equal(parse("GET / HTTP/2.0\r\n\r\n", &r), 505);
	assert_int_equal(parse("GET / SPDY\r\n\r\n", &r), 505);
	assert_int_equal(parse("GET / HTTP/1.1\r\nno colon\r\n\r\n", &r), 400);
	char big[600] = "GET /";
	memset(big + 5, 'a', 300);
	strcpy(big + 305, " HTTP/1.1\r\n\r\n");
	assert_int_equal(parse(big, &r), 414);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_head_len),
	    cmocka_unit_test(test_get_and_head),
	    cmocka_unit_test(test_bodies_and_methods),
	    cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: ISC */
/* test_net_addr.c - lib/core/net_addr: numeric and named ADDRESS:PORT. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <cmocka.h>

#include "core/net_addr.h"

static int parse(const char *s, struct sockaddr_storage *ss)
{
	int len = sizeof *ss;
	memset(ss, 0, sizeof *ss);
	return net_addr_parse(s, (struct sockaddr *)ss, &len);
}

static void test_numeric(void **state)
{
	struct sockaddr_storage ss;
	assert_int_equal(parse("127.0.0.1:8282", &ss), 0);
	assert_int_equal(ss.ss_family, AF_INET);
	assert_int_equal(ntohs(((struct sockaddr_in *)&ss)->sin_port), 8282);
	assert_int_equal(parse("[::1]:43", &ss), 0);
	assert_int_equal(ss.ss_family, AF_INET6);
	assert_int_equal(ntohs(((struct sockaddr_in6 *)&ss)->sin6_port), 43);
}

static void test_names(void **state)
{
	struct sockaddr_storage ss;
	assert_int_equal(parse("localhost:8282", &ss), 0);
	assert_true(ss.ss_family == AF_INET || ss.ss_family == AF_INET6);
	assert_int_equal(parse("[localhost]:8282", &ss), 0);
}

static void test_malformed(void **state)
{
	struct sockaddr_storage ss;
	const char *bad[] = {"127.0.0.1",  ":8282",     "::1:8282",
	                     "[::1]8282",  "host:port", "127.0.0.1:65536",
	                     "127.0.0.1:", "[::1:43",   "x.invalid:43"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (parse(bad[i], &ss) == 0)
			fail_msg("'%s' accepted", bad[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_numeric),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

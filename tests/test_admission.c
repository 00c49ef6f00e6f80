/* SPDX-License-Identifier: ISC */
/* test_admission.c - serve/admission: the allow list (IPv4 also on a
 * dual-stack socket), the total limit, the per-source limit with exact
 * counts, releasing, and new limits on a running admission. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>
#include <netinet/in.h>

#include "admission.h"

static struct sockaddr_storage v4(const char *a)
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	struct sockaddr_in *s = (struct sockaddr_in *)&ss;
	s->sin_family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, a, &s->sin_addr), 1);
	return ss;
}

static struct sockaddr_storage v6(const char *a)
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	struct sockaddr_in6 *s = (struct sockaddr_in6 *)&ss;
	s->sin6_family = AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, a, &s->sin6_addr), 1);
	return ss;
}

#define SA(x) ((struct sockaddr *)&(x))

static void test_allow_list(void **state)
{
	(void)state;
	struct prefix allow[2];
	struct err e;
	assert_int_equal(prefix_parse_host("192.0.2.0/24", &allow[0], &e), 0);
	assert_int_equal(prefix_parse_host("2001:db8::/32", &allow[1], &e), 0);
	struct admission_limits lim = {allow, 2, 0, 0};
	struct admission *a = admission_new(&lim);
	assert_non_null(a);
	memset(allow, 0, sizeof allow); /* the list was copied */
	struct sockaddr_storage in4 = v4("192.0.2.9"), out4 = v4("198.51.100.1");
	struct sockaddr_storage mapped = v6("::ffff:192.0.2.10"), in6 = v6("2001:db8::1");
	struct sockaddr_storage out6 = v6("2001:db9::1"), unix_sa;
	memset(&unix_sa, 0, sizeof unix_sa);
	unix_sa.ss_family = AF_UNIX;
	assert_int_equal(admission_check(a, SA(in4)), ADMIT_OK);
	assert_int_equal(admission_check(a, SA(mapped)), ADMIT_OK);
	assert_int_equal(admission_check(a, SA(in6)), ADMIT_OK);
	assert_int_equal(admission_check(a, SA(out4)), ADMIT_NOT_ALLOWED);
	assert_int_equal(admission_check(a, SA(out6)), ADMIT_NOT_ALLOWED);
	assert_int_equal(admission_check(a, SA(unix_sa)), ADMIT_BAD_FAMILY);
	/* everybody once the list is emptied */
	struct admission_limits open = {NULL, 0, 0, 0};
	assert_int_equal(admission_set_limits(a, &open), 0);
	assert_int_equal(admission_check(a, SA(out4)), ADMIT_OK);
	admission_free(a);
}

static void test_limits(void **state)
{
	(void)state;
	struct admission_limits lim = {NULL, 0, 3, 2};
	struct admission *a = admission_new(&lim);
	assert_non_null(a);
	struct sockaddr_storage x = v4("192.0.2.1"), x_mapped = v6("::ffff:192.0.2.1");
	struct sockaddr_storage y = v6("2001:db8::2");
	/* IPv4 and its v4-mapped form are one source */
	assert_int_equal(admission_hold_source(a, SA(x)), 0);
	admission_hold_total(a, 1);
	assert_int_equal(admission_hold_source(a, SA(x_mapped)), 0);
	admission_hold_total(a, 1);
	assert_int_equal(admission_source_count(a, SA(x)), 2);
	assert_int_equal(admission_check(a, SA(x)), ADMIT_TOO_MANY_FROM_SOURCE);
	assert_int_equal(admission_check(a, SA(y)), ADMIT_OK);
	assert_int_equal(admission_hold_source(a, SA(y)), 0);
	admission_hold_total(a, 1);
	assert_int_equal(admission_total(a), 3);
	/* the total limit is judged before the per-source one */
	assert_int_equal(admission_check(a, SA(x)), ADMIT_TOO_MANY);
	admission_release_source(a, SA(x));
	admission_hold_total(a, -1);
	assert_int_equal(admission_check(a, SA(x)), ADMIT_OK);
	/* raised limits apply to what is already held */
	struct admission_limits more = {NULL, 0, 10, 5};
	assert_int_equal(admission_set_limits(a, &more), 0);
	assert_int_equal(admission_limits(a)->max_total, 10);
	assert_int_equal(admission_source_count(a, SA(x_mapped)), 1);
	admission_free(a); /* frees the counts still held (ASan) */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_allow_list),
	    cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: ISC */
/* test_ixp_yaml.c - the IXP description: every key, the defaults, and
 * errors that name file, line and column (a typo must not weaken a route
 * server's policy silently). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ixp/ixp.h"

static const char full[] = "ixp: TEST-IX\n"
                           "rs_asn: 64999\n"
                           "route_servers:\n"
                           "  - name: rs1\n"
                           "    router_id: 192.0.2.1\n"
                           "    addresses: [192.0.2.1, '2001:db8::1']\n"
                           "    port: 19400\n"
                           "    passive: true\n"
                           "peering_lan: [192.0.2.0/24, '2001:db8::/64']\n"
                           "rtr: '[::1]:3323'\n"
                           "policy:\n"
                           "  irr: tag\n"
                           "  rpki: reject\n"
                           "  aspa: off\n"
                           "  rpki_as_irr: true\n"
                           "  ipv4_lengths: [9, 23]\n"
                           "  ipv6_lengths: [16, 44]\n"
                           "  max_path_len: 20\n"
                           "  transit_free: [174, 3356]\n"
                           "  blackhole: false\n"
                           "  graceful_shutdown: false\n"
                           "members:\n"
                           "  - asn: 10001\n"
                           "    name: One\n"
                           "    as_set: AS-ONE\n"
                           "    addresses: [192.0.2.11, '2001:db8::11']\n"
                           "    max_prefix4: 100\n"
                           "    max_prefix6: 10\n"
                           "  - asn: 10002\n"
                           "    addresses: 192.0.2.12\n"
                           "    irr: tag\n";

static int parse(struct ixp *x, const char *text, struct err *e)
{
	if (ixp_init(x, e) < 0)
		fail_msg("%s", e->msg);
	return ixp_parse_yaml(x, text, strlen(text), "ixp.yml", e);
}

static void test_every_key(void **state)
{
	(void)state;
	struct ixp x;
	struct err e;
	if (parse(&x, full, &e) < 0)
		fail_msg("%s", e.msg);
	assert_string_equal(x.name, "TEST-IX");
	assert_int_equal(x.rs_asn, 64999);
	assert_int_equal(x.nrs, 1);
	assert_int_equal(x.rs[0].naddr, 2);
	assert_int_equal(x.rs[0].port, 19400);
	assert_true(x.rs[0].passive);
	assert_int_equal(x.nlan, 2);
	assert_string_equal(x.rtr_host, "::1");
	assert_int_equal(x.rtr_port, 3323);
	assert_int_equal(x.policy.irr, IXP_TAG);
	assert_int_equal(x.policy.aspa, IXP_OFF);
	assert_true(x.policy.rpki_as_irr);
	assert_int_equal(x.policy.min_len4, 9);
	assert_int_equal(x.policy.max_len6, 44);
	assert_int_equal(x.policy.ntransit_free, 2);
	assert_int_equal(x.policy.transit_free[1], 3356);
	assert_false(x.policy.blackhole);
	assert_int_equal(x.nmembers, 2);
	assert_string_equal(x.members[0].as_set, "AS-ONE");
	assert_int_equal(x.members[0].naddr, 2);
	assert_int_equal(x.members[0].max_prefix6, 10);
	assert_int_equal(x.members[1].naddr, 1);
	assert_true(x.members[1].irr_tag_only);
	assert_null(x.members[1].as_set);
	struct prefix ip;
	assert_int_equal(addr_parse("192.0.2.12", &ip, &e), 0);
	assert_ptr_equal(ixp_member_by_addr(&x, &ip), &x.members[1]);
	ixp_free(&x);
}

static void test_defaults(void **state)
{
	(void)state;
	struct ixp x;
	struct err e;
	const char *min = "rs_asn: 64999\nroute_servers:\n  - router_id: 192.0.2.1\n"
	                  "    addresses: [192.0.2.1]\n";
	if (parse(&x, min, &e) < 0)
		fail_msg("%s", e.msg);
	assert_string_equal(x.rs[0].name, "rs1");
	assert_int_equal(x.rs[0].port, 179);
	assert_int_equal(x.policy.irr, IXP_REJECT);
	assert_int_equal(x.policy.rpki, IXP_REJECT);
	assert_int_equal(x.policy.aspa, IXP_REJECT);
	assert_int_equal(x.policy.max_len4, 24);
	assert_int_equal(x.policy.max_len6, 48);
	assert_true(x.policy.ntransit_free > 10);
	assert_true(x.policy.blackhole);
	assert_int_equal(x.nmembers, 0);
	ixp_free(&x);
}

/* Each bad document and the start of the message it must give. */
static const struct {
	const char *doc, *msg;
} bad[] = {
    {"rs_asn: 64999\nroute_servers: []\n", "ixp.yml:2:16: route_servers: expected a list"},
    {"rs_asn: 64999\nroute_sevrers: []\n",
     "ixp.yml:2:1: IXP description: unknown key 'route_sevrers'"},
    {"rs_asn: AS1\n", "ixp.yml:1:9: rs_asn: 'AS1' is not an AS number"},
    {"rs_asn: 1\nroute_servers:\n  - router_id: 192.0.2.1\n    addresses: [192.0.2.300]\n",
     "ixp.yml:4:17: route server addresses: invalid address"},
    {"rs_asn: 1\nroute_servers:\n  - router_id: 1.1.1.1\n    addresses: [1.1.1.1]\n"
     "policy:\n  rpki: drop\n",
     "ixp.yml:6:9: rpki: expected reject, tag or off"},
    {"rs_asn: 1\nroute_servers:\n  - router_id: 1.1.1.1\n    addresses: [1.1.1.1]\n"
     "policy:\n  ipv4_lengths: [25, 24]\n",
     "ixp.yml:6:17: ipv4_lengths: shortest 25 is longer than longest 24"},
    {"rs_asn: 1\nroute_servers:\n  - router_id: 1.1.1.1\n    addresses: [1.1.1.1]\n"
     "peering_lan: [192.0.2.0/24]\nmembers:\n  - asn: 5\n    addresses: [198.51.100.1]\n",
     "ixp.yml: member AS5: address 198.51.100.1 is outside the peering LAN"},
    {"rs_asn: 1\nroute_servers:\n  - router_id: 1.1.1.1\n    addresses: [1.1.1.1]\n"
     "members:\n  - asn: 5\n    addresses: [1.1.1.5]\n  - asn: 6\n    addresses: [1.1.1.5]\n",
     "ixp.yml: member AS6: address 1.1.1.5 is also AS5's"},
    {"rs_asn: 1\nroute_servers:\n  - router_id: 1.1.1.1\n    addresses: [1.1.1.1]\n"
     "members:\n  - asn: 5\n    addresses: [1.1.1.5]\n    irr: off\n",
     "ixp.yml:8:10: irr: a member may be tagged, not exempted"},
    {"rs_asn: 1\nroute_servers:\n  - router_id: 1.1.1.1\n    addresses: [1.1.1.1]\n"
     "rtr: localhost\n",
     "ixp.yml:5:6: rtr: expected HOST:PORT"},
    {"rs_asn: [1\n", "ixp.yml:"},
};

static void test_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct ixp x;
		struct err e;
		assert_int_equal(parse(&x, bad[i].doc, &e), -1);
		if (strncmp(e.msg, bad[i].msg, strlen(bad[i].msg)))
			fail_msg("case %zu: got '%s', want '%s...'", i, e.msg, bad[i].msg);
		ixp_free(&x);
	}
}

static void test_missing_file(void **state)
{
	(void)state;
	struct ixp x;
	struct err e;
	assert_int_equal(ixp_init(&x, &e), 0);
	assert_int_equal(ixp_load_yaml(&x, "/nonexistent/ixp.yml", &e), -1);
	assert_non_null(strstr(e.msg, "/nonexistent/ixp.yml"));
	ixp_free(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_key),
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_missing_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: ISC */
/* test_ixp_peeringdb.c - PeeringDB API objects to an IXP description: each
 * kind told by its fields, route servers from the rs_asn's netixlan
 * entries, members from is_rs_peer entries with their net's AS-SET and
 * limits, the YAML written back, and errors with file and line. Also the
 * real 2026 PeeringDB pages in ../shared when present. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ixp/ixp_peeringdb.h"

static const char ix[] = "{\"data\": [{\"id\": 7, \"name\": \"TEST-IX\", \"name_long\": \"Test\", "
                         "\"city\": \"X\", \"social_media\": [{\"a\": 1}]}], \"meta\": {}}";
static const char ixlan[] = "{\"data\": [{\"id\": 70, \"ix_id\": 7, \"rs_asn\": 64999, "
                            "\"mtu\": 1500, \"status\": \"ok\"}]}";
static const char ixpfx[] = "{\"data\": [{\"id\": 1, \"ixlan_id\": 70, \"protocol\": \"IPv4\", "
                            "\"prefix\": \"192.0.2.0/24\", \"status\": \"ok\"},"
                            "{\"id\": 2, \"ixlan_id\": 70, \"protocol\": \"IPv6\", "
                            "\"prefix\": \"2001:db8::/64\", \"status\": \"ok\"}]}";
static const char netixlan[] =
    "{\"data\": ["
    "{\"id\": 1, \"ixlan_id\": 70, \"asn\": 64999, \"ipaddr4\": \"192.0.2.1\", "
    "\"ipaddr6\": \"2001:db8::1\", \"is_rs_peer\": false, \"operational\": true, \"status\": "
    "\"ok\"},"
    "{\"id\": 2, \"ixlan_id\": 70, \"asn\": 10001, \"ipaddr4\": \"192.0.2.11\", "
    "\"ipaddr6\": null, \"is_rs_peer\": true, \"operational\": true, \"status\": \"ok\"},"
    "{\"id\": 3, \"ixlan_id\": 70, \"asn\": 10001, \"ipaddr4\": \"192.0.2.21\", "
    "\"ipaddr6\": \"2001:db8::21\", \"is_rs_peer\": true, \"operational\": true, \"status\": "
    "\"ok\"},"
    "{\"id\": 4, \"ixlan_id\": 70, \"asn\": 10002, \"ipaddr4\": \"192.0.2.12\", "
    "\"is_rs_peer\": false, \"status\": \"ok\"},"
    "{\"id\": 5, \"ixlan_id\": 70, \"asn\": 10003, \"ipaddr4\": \"192.0.2.13\", "
    "\"is_rs_peer\": true, \"operational\": false, \"status\": \"ok\"},"
    "{\"id\": 6, \"ixlan_id\": 71, \"asn\": 10004, \"ipaddr4\": \"198.51.100.4\", "
    "\"is_rs_peer\": true, \"status\": \"ok\"}]}";
static const char net[] = "{\"data\": [{\"id\": 9, \"asn\": 10001, \"name\": \"O'Net\", "
                          "\"irr_as_set\": \"RIPE::AS-ONE AS-ONE-V6\", \"info_prefixes4\": 100, "
                          "\"info_prefixes6\": 20, \"status\": \"ok\"}]}";

static void load(struct pdb *db, const char *text, const char *name)
{
	struct err e;
	if (pdb_load_buffer(db, text, strlen(text), name, &e) < 0)
		fail_msg("%s", e.msg);
}

static void test_import(void **state)
{
	(void)state;
	struct pdb *db = pdb_new();
	struct ixp x;
	struct err e;
	load(db, ix, "ix.json");
	load(db, ixlan, "ixlan.json");
	load(db, ixpfx, "ixpfx.json");
	load(db, netixlan, "netixlan.json");
	load(db, net, "net.json");
	pdb_finish(db);
	/* each kind told by its fields */
	assert_int_equal(db->nix, 1);
	assert_int_equal(db->nixlan, 1);
	assert_int_equal(db->npfx, 2);
	assert_int_equal(db->nnxl, 6);
	assert_int_equal(db->nnet, 1);
	assert_int_equal(db->files, 5);
	assert_false(db->nxl[3].rs_peer);
	assert_true(db->nxl[3].operational); /* absent: operational */
	assert_false(db->nxl[4].operational);
	assert_string_equal(db->pfx[1].prefix, "2001:db8::/64");
	assert_int_equal(db->net[0].info_prefixes6, 20);
	assert_int_equal(ixp_init(&x, &e), 0);
	assert_int_equal(ixp_from_peeringdb(&x, db, 70, 0, &e), 1);
	assert_string_equal(x.name, "TEST-IX");
	assert_int_equal(x.rs_asn, 64999);
	assert_int_equal(x.nrs, 1);
	assert_int_equal(x.rs[0].naddr, 2);
	assert_int_equal(x.nlan, 2);
	assert_int_equal(x.members[0].asn, 10001);
	assert_int_equal(x.members[0].naddr, 3); /* two ports */
	assert_string_equal(x.members[0].as_set, "RIPE::AS-ONE");
	assert_int_equal(x.members[0].max_prefix4, 100);
	/* written and read back */
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	assert_int_equal(ixp_write_yaml(f, &x), 0);
	fclose(f);
	struct ixp y;
	assert_int_equal(ixp_init(&y, &e), 0);
	if (ixp_parse_yaml(&y, buf, n, "back.yml", &e) < 0)
		fail_msg("%s\n%s", e.msg, buf);
	assert_string_equal(y.members[0].name, "O'Net");
	assert_int_equal(y.members[0].naddr, 3);
	assert_int_equal(y.nlan, 2);
	free(buf);
	ixp_free(&y);
	ixp_free(&x);
	/* an ixlan without route servers, and one not loaded */
	assert_int_equal(ixp_init(&x, &e), 0);
	assert_int_equal(ixp_from_peeringdb(&x, db, 71, 64999, &e), -1);
	assert_non_null(strstr(e.msg, "no netixlan entry"));
	ixp_free(&x);
	assert_int_equal(ixp_init(&x, &e), 0);
	assert_int_equal(ixp_from_peeringdb(&x, db, 99, 0, &e), -1);
	ixp_free(&x);
	pdb_free(db);
}

static void test_errors(void **state)
{
	(void)state;
	struct pdb *db = pdb_new();
	struct err e;
	const char *bad[] = {"[1, 2]", "{\"meta\": {}}", "{\"data\": [1]}",
	                     "{\"data\": [{\"id\": \"x\"}]}",
	                     "{\"data\": [{\"id\": 1,\n\"asn\" 5}]}"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(pdb_load_buffer(db, bad[i], strlen(bad[i]), "pdb.json", &e), -1);
		if (strncmp(e.msg, "pdb.json", 8))
			fail_msg("case %zu: %s", i, e.msg);
	}
	assert_non_null(strstr(e.msg, ":2"));
	assert_int_equal(db->nnet + db->nnxl + db->skipped, 0); /* nothing of them kept */
	pdb_free(db);
}

static void test_real_pages(void **state)
{
	(void)state;
	const char *dir = "../shared/data/peeringdb/peeringdb-plus-2026-04/";
	const char *files[] = {"beta-ix-page-1.json", "beta-ixlan-page-1.json",
	                       "beta-ixpfx-page-1.json", "beta-netixlan-page-1.json",
	                       "prod-net-page-1.json"};
	struct pdb *db = pdb_new();
	struct err e;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char p[512];
		snprintf(p, sizeof p, "%s%s", dir, files[i]);
		FILE *f = fopen(p, "r");
		if (!f) {
			pdb_free(db);
			skip(); /* the shared data is not on this machine */
		}
		fclose(f);
		if (pdb_load_file(db, p, &e) != 250)
			fail_msg("%s: %s", p, e.msg);
	}
	assert_int_equal(db->nix, 250);
	assert_int_equal(db->nixlan, 250);
	assert_int_equal(db->npfx, 250);
	assert_int_equal(db->nnxl, 250);
	assert_int_equal(db->nnet, 250);
	assert_int_equal(db->skipped, 0);
	pdb_free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_import),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_real_pages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

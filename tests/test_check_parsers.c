/* SPDX-License-Identifier: ISC */
/* test_check_parsers.c - the inputs only manrs check reads (PeeringDB API
 * JSON, CAIDA Spoofer CSV) and the machine forms of its fixes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "check/check_internal.h"
#include "peeringdb/peeringdb.h"

static const char api_net[] =
    "{\"data\": [{\"id\": 7, \"org_id\": 1, \"name\": \"Net A\", \"asn\": 64500, "
    "\"info_type\": \"NSP\", \"social_media\": [{\"service\": \"website\"}], "
    "\"updated\": \"2024-02-07T15:42:16Z\", \"poc_updated\": null}], \"meta\": {}}";
static const char api_poc[] =
    "{\"data\": [{\"id\": 15, \"net_id\": 7, \"role\": \"Technical\", \"visible\": \"Public\", "
    "\"name\": \"Peering\", \"phone\": \"+1 555 0100\", \"email\": \"noc@a.example\", "
    "\"updated\": \"2024-02-07T15:42:16Z\"}, {\"id\": 16, \"net_id\": 7, \"role\": \"Abuse\", "
    "\"visible\": \"Private\", \"phone\": \"\", \"email\": \"\"}], \"meta\": {}}";

static void test_pdb_api_pages(void **state)
{
	(void)state;
	struct err e;
	struct pdb *d = pdb_new();
	assert_int_equal(pdb_load_buffer(d, api_net, sizeof api_net - 1, "net.json", &e), 1);
	assert_int_equal(pdb_load_buffer(d, api_poc, sizeof api_poc - 1, "poc.json", &e), 2);
	pdb_finish(d);
	const struct pdb_net *n = pdb_net_by_asn(d, 64500);
	assert_non_null(n);
	assert_int_equal(n->id, 7);
	assert_string_equal(n->name, "Net A");
	assert_string_equal(n->updated, "2024-02-07T15:42:16Z");
	assert_string_equal(n->poc_updated, "");
	size_t np;
	const struct pdb_poc *p = pdb_pocs_of(d, 7, &np);
	assert_int_equal(np, 2);
	assert_string_equal(p[0].email, "noc@a.example");
	assert_string_equal(p[1].visible, "Private");
	assert_null(pdb_net_by_asn(d, 64501));
	pdb_free(d);
}

static void test_pdb_combined_and_ix(void **state)
{
	(void)state;
	static const char doc[] =
	    "{\"net\": [{\"id\": 1, \"asn\": 64500, \"info_type\": \"NSP\"}],\n"
	    " \"ix\": {\"data\": [{\"id\": 3, \"name\": \"IX\", \"tech_email\": "
	    "\"t@ix.example\"}]},\n"
	    " \"ixlan\": {\"data\": [{\"id\": 3, \"ix_id\": 3, \"rs_asn\": 64999}]},\n"
	    " \"netixlan\": {\"data\": [{\"id\": 9, \"net_id\": 1, \"ix_id\": 3, \"ixlan_id\": 3, "
	    "\"asn\": 64500, \"ipaddr4\": \"192.0.2.1\", \"ipaddr6\": null, \"is_rs_peer\": "
	    "true}]},\n"
	    " \"fac\": {\"data\": [{\"id\": 1}]}}";
	struct err e;
	struct pdb *d = pdb_new();
	assert_int_equal(pdb_load_buffer(d, doc, sizeof doc - 1, "all.json", &e), 4);
	assert_int_equal(d->skipped, 0); /* "fac" is not read at all */
	assert_int_equal(d->nnet, 1);
	assert_int_equal(d->nix, 1);
	assert_int_equal(d->nixlan, 1);
	assert_int_equal(d->ixlan[0].rs_asn, 64999);
	assert_int_equal(d->nnxl, 1);
	assert_true(d->nxl[0].rs_peer);
	assert_string_equal(d->nxl[0].ip6, "");
	assert_non_null(pdb_ix_by_id(d, 3));
	pdb_free(d);
}

static void test_pdb_errors(void **state)
{
	(void)state;
	static const char bad[] =
	    "{\"data\": [\n{\"id\": 1, \"asn\": 64500, \"info_type\": \"NSP\"},\n"
	    "{\"id\": 2, \"asn\": }]}";
	struct err e;
	struct pdb *d = pdb_new();
	assert_int_equal(pdb_load_buffer(d, bad, sizeof bad - 1, "bad.json", &e), -1);
	assert_non_null(strstr(e.msg, "bad.json"));
	assert_non_null(strstr(e.msg, "3"));
	assert_int_equal(d->nnet, 0); /* nothing of a failed document is kept */
	assert_int_equal(pdb_load_buffer(d, "[1]", 3, "arr.json", &e), -1);
	assert_int_equal(pdb_load_buffer(d, "{} x", 4, "trail.json", &e), -1);
	assert_int_equal(pdb_load_buffer(d, "{\"meta\": {}}", 12, "meta.json", &e), -1);
	assert_non_null(strstr(e.msg, "no \"data\" list"));
	static const char strid[] = "{\"net\": [{\"id\": \"seven\", \"asn\": 64500}]}";
	assert_int_equal(pdb_load_buffer(d, strid, sizeof strid - 1, "strid.json", &e), -1);
	assert_non_null(strstr(e.msg, "strid.json:1"));
	pdb_free(d);
}

static void test_spoofer(void **state)
{
	(void)state;
	static const char csv[] = "session,timestamp,asn4,client4,routable4,privaddr4\n"
	                          "1,2024-01-01,64500,192.0.2.0/24,received,blocked\n"
	                          "2,2024-01-02,64500,192.0.2.0/24,rewritten,\n"
	                          "3,2024-01-03,64500,198.51.100.0/24,blocked,blocked\n"
	                          "4,2024-01-04,AS64501,203.0.113.0/24,blocked,received\n"
	                          "5,2024-01-05,64502,203.0.113.0/24,unknown,\n";
	struct err e;
	struct spoofer *s = spoofer_load_buffer(csv, sizeof csv - 1, "s.csv", &e);
	assert_non_null(s);
	unsigned t, sp;
	assert_true(spoofer_lookup(s, 64500, &t, &sp));
	assert_int_equal(t, 3);
	assert_int_equal(sp, 1); /* two spoofable tests, one prefix */
	assert_true(spoofer_lookup(s, 64501, &t, &sp));
	assert_int_equal(sp, 1);
	assert_false(spoofer_lookup(s, 64502, &t, &sp)); /* no outcome: says nothing */
	assert_false(spoofer_lookup(s, 64503, &t, &sp));
	spoofer_free(s);
}

static void test_spoofer_errors(void **state)
{
	(void)state;
	struct err e;
	static const char nohdr[] = "# comment\nfoo,bar\n1,2\n";
	assert_null(spoofer_load_buffer(nohdr, sizeof nohdr - 1, "x.csv", &e));
	assert_non_null(strstr(e.msg, "x.csv:2: not a Spoofer CSV"));
	static const char badasn[] = "asn,routable\n64500,received\nAS-FOO,received\n";
	assert_null(spoofer_load_buffer(badasn, sizeof badasn - 1, "y.csv", &e));
	assert_non_null(strstr(e.msg, "y.csv:3: bad AS number"));
	assert_null(spoofer_load_buffer("", 0, "z.csv", &e));
}

static void test_fix_forms(void **state)
{
	(void)state;
	struct check_fix x = {.kind = CK_FIX_ROA_INVALID, .asn = 64500, .maxlen = 24};
	struct err e;
	assert_int_equal(prefix_parse("192.0.2.0/24", &x.pfx, &e), 0);
	char buf[512];
	check_fix_portal_csv(&x, buf, sizeof buf);
	assert_string_equal(buf, "AS64500,192.0.2.0/24,24");
	check_fix_rpki_client(&x, buf, sizeof buf);
	assert_string_equal(buf,
	                    "{ \"asn\": 64500, \"prefix\": \"192.0.2.0/24\", \"maxLength\": 24 }");
	check_fix_rpsl(&x, buf, sizeof buf);
	assert_string_equal(buf, "");
	x.kind = CK_FIX_ROUTE_OBJ;
	assert_int_equal(prefix_parse("2001:db8::/32", &x.pfx, &e), 0);
	check_fix_rpsl(&x, buf, sizeof buf);
	assert_non_null(strstr(buf, "route6:  2001:db8::/32\n"));
	assert_non_null(strstr(buf, "origin:  AS64500\n"));
	check_fix_portal_csv(&x, buf, sizeof buf);
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pdb_api_pages),  cmocka_unit_test(test_pdb_combined_and_ix),
	    cmocka_unit_test(test_pdb_errors),     cmocka_unit_test(test_spoofer),
	    cmocka_unit_test(test_spoofer_errors), cmocka_unit_test(test_fix_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

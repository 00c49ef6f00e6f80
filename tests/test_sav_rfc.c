/* SPDX-License-Identifier: ISC */
/* test_sav_rfc.c - the topologies of RFC 8704 section 3 (its "scenario"
 * figures and the NO_EXPORT "challenging scenario") and RFC 3704's
 * multihoming case, built as per-neighbour Adj-RIBs-In at the validating
 * AS; each test asserts which method passes which legitimate source on
 * which interface, as the RFCs' lists under the figures say:
 *   strict   fails multihomed customers (RFC 3704 section 2.2)
 *   feasible fails partial announcements and NO_EXPORT (RFC 8704 section 3)
 *   efp-a    passes partial announcements, fails NO_EXPORT (section 3.3)
 *   efp-b    passes all of them (section 3.4)
 *   bar-sav  passes all of them, with ASPAs (draft-ietf-sidrops-bar-sav) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rpki/rpki_set.h"
#include "sav/sav.h"

enum { AS1 = 65001, AS2 = 65002, AS3 = 65003, AS4 = 65004, AS5 = 65005 };

#define P1 "192.0.2.0/24"
#define P2 "198.51.100.0/24"
#define P3 "203.0.113.0/24"
#define P4 "100.64.0.0/24" /* AS2's own space */

/* The validating AS (AS4 unless a scenario says otherwise), its neighbours
 * and what they send. */
struct topo {
	struct sav_conf conf;
	struct sav_rib rib;
	struct rpki_set rpki;
	struct sav_inputs in;
};

static void topo_init(struct topo *t, const char *yml)
{
	struct err e;
	memset(t, 0, sizeof *t);
	assert_int_equal(sav_conf_parse(&t->conf, yml, strlen(yml), "topo.yml", &e), 0);
	rpki_set_init(&t->rpki);
	/* AS1 authorizes AS2, AS3 and AS5 as providers; AS2 and AS3 authorize AS4. */
	const char *json = "{\"roas\":[{\"prefix\":\"" P1 "\",\"maxLength\":24,\"asn\":65001},"
	                   "{\"prefix\":\"" P2 "\",\"maxLength\":24,\"asn\":65001},"
	                   "{\"prefix\":\"" P3 "\",\"maxLength\":24,\"asn\":65001}],"
	                   "\"aspas\":[{\"customer_asid\":65001,\"providers\":[65002,65003,65005]},"
	                   "{\"customer_asid\":65002,\"providers\":[65004]},"
	                   "{\"customer_asid\":65003,\"providers\":[65004]}]}";
	assert_int_equal(
	    rpki_set_load_buffer(&t->rpki, json, strlen(json), "topo.json", RPKI_FMT_AUTO, &e), 0);
	rpki_set_finish(&t->rpki);
	t->in = (struct sav_inputs){.conf = &t->conf, .rib = &t->rib, .rpki = &t->rpki};
}

static void topo_free(struct topo *t)
{
	sav_conf_free(&t->conf);
	sav_rib_free(&t->rib);
	rpki_set_free(&t->rpki);
}

/* A route to pfx from neighbor with the given path (zero-terminated). */
static void route(struct topo *t, const char *pfx, uint32_t neighbor, ...)
{
	uint32_t path[16];
	size_t n = 0;
	va_list ap;
	va_start(ap, neighbor);
	for (uint32_t a; (a = va_arg(ap, uint32_t)) != 0 && n < 16;)
		path[n++] = a;
	va_end(ap);
	struct prefix p;
	assert_int_equal(prefix_parse(pfx, &p, NULL), 0);
	assert_int_equal(sav_rib_add(&t->rib, neighbor, &p, path, n), 0);
}

/* Does method m let a packet from src in on the interface of neighbour asn? */
static bool passes(struct topo *t, enum sav_method m, uint32_t asn, const char *src)
{
	char key[16];
	snprintf(key, sizeof key, "%u", asn);
	long nb = sav_conf_find(&t->conf, key);
	assert_true(nb >= 0);
	struct sav_plist l = {0};
	struct err e;
	assert_int_equal(sav_compute(&t->in, m, (size_t)nb, false, &l, &e), 0);
	struct prefix p;
	assert_int_equal(prefix_parse(src, &p, NULL), 0);
	bool ok = sav_plist_covers(&l, &p);
	sav_plist_free(&l);
	return ok;
}

static const char *const AS4_CUSTOMERS = "asn: 65004\n"
                                         "customers:\n"
                                         "  - {name: as2, asn: 65002, interface: eth2}\n"
                                         "  - {name: as3, asn: 65003, interface: eth3}\n"
                                         "  - {name: as5, asn: 65005, relation: peer}\n";

/* RFC 3704 section 2.2: AS1 is multihomed to AS2
 * and AS3 and announces P1 to both; AS4's best path is via AS2, so strict
 * uRPF on AS3's interface drops AS1's traffic arriving there. */
static void test_multihomed(void **state)
{
	struct topo t;
	topo_init(&t, AS4_CUSTOMERS);
	route(&t, P1, AS2, AS2, AS1, 0);
	route(&t, P1, AS3, AS3, AS1, 0);
	route(&t, P4, AS2, AS2, 0);
	assert_true(passes(&t, SAV_STRICT, AS2, P1));
	assert_false(passes(&t, SAV_STRICT, AS3, P1));
	for (int m = SAV_FEASIBLE; m <= SAV_BAR_SAV; m++) {
		assert_true(passes(&t, m, AS2, P1));
		assert_true(passes(&t, m, AS3, P1));
	}
	/* Directionality: nobody may send AS2's own space from AS3 - except
	 * under algorithm B, whose one list for all customer interfaces
	 * permits spoofing within the customer cone (the gap
	 * draft-ietf-savnet-inter-domain-problem-statement describes). */
	assert_false(passes(&t, SAV_FEASIBLE, AS3, P4));
	assert_false(passes(&t, SAV_EFP_A, AS3, P4));
	assert_false(passes(&t, SAV_BAR_SAV, AS3, P4));
	assert_true(passes(&t, SAV_EFP_B, AS3, P4));
	topo_free(&t);
}

/* RFC 8704 section 3, "Scenario 3 for illustration": AS1 announces P1
 * only to AS2, P2 only to AS3 and P3 only to lateral peer AS5, yet sends
 * from all three through AS2 and AS3. Feasible-path uRPF fails; EFP-uRPF
 * (both algorithms) works. */
static void test_partial_announcements(void **state)
{
	struct topo t;
	topo_init(&t, AS4_CUSTOMERS);
	route(&t, P1, AS2, AS2, AS1, 0);
	route(&t, P2, AS3, AS3, AS1, 0);
	route(&t, P3, AS5, AS5, AS1, 0);
	route(&t, P4, AS2, AS2, 0);
	const char *srcs[] = {P1, P2, P3};
	const uint32_t ifs[] = {AS2, AS3};
	for (size_t i = 0; i < 2; i++)
		for (size_t s = 0; s < 3; s++) {
			assert_true(passes(&t, SAV_EFP_A, ifs[i], srcs[s]));
			assert_true(passes(&t, SAV_EFP_B, ifs[i], srcs[s]));
			assert_true(passes(&t, SAV_BAR_SAV, ifs[i], srcs[s]));
		}
	assert_false(passes(&t, SAV_FEASIBLE, AS2, P2));
	assert_false(passes(&t, SAV_FEASIBLE, AS2, P3));
	assert_false(passes(&t, SAV_FEASIBLE, AS3, P1));
	assert_false(passes(&t, SAV_STRICT, AS3, P3));
	/* Still directional: AS2's own space does not pass on AS3. */
	assert_false(passes(&t, SAV_EFP_A, AS3, P4));
	topo_free(&t);
}

/* RFC 8704 section 3, "Scenario 2 for illustration", at AS2: AS1 announces P1 to
 * AS2 and P2 to AS3 normally, and each prepended to the other; AS3 prefers
 * the shorter path to P1 via its peer AS2 and so never announces P1 to
 * AS2. AS1's P1 traffic arriving through AS3: feasible fails, EFP works. */
static void test_prepend_peer(void **state)
{
	struct topo t;
	topo_init(&t, "asn: 65002\n"
	              "neighbors:\n"
	              "  - {name: as1, asn: 65001, interface: eth1}\n"
	              "  - {name: as3, asn: 65003, interface: eth3, relation: peer}\n");
	route(&t, P1, AS1, AS1, 0);
	route(&t, P2, AS1, AS1, AS1, AS1, 0);
	route(&t, P2, AS3, AS3, AS1, 0);
	assert_false(passes(&t, SAV_FEASIBLE, AS3, P1));
	assert_true(passes(&t, SAV_EFP_A, AS3, P1));
	assert_true(passes(&t, SAV_EFP_B, AS3, P1));
	topo_free(&t);
}

/* RFC 8704 section 3, the "challenging scenario" figure: AS1 announces P1 and P2 to
 * AS2 with NO_EXPORT (so AS4 never hears them from AS2) and normally to
 * AS3. AS1's traffic through AS2: feasible fails, EFP algorithm A fails,
 * algorithm B works; BAR-SAV works through AS1's ASPA. */
static void test_no_export(void **state)
{
	struct topo t;
	topo_init(&t, AS4_CUSTOMERS);
	route(&t, P1, AS3, AS3, AS1, 0);
	route(&t, P2, AS3, AS3, AS1, 0);
	route(&t, P4, AS2, AS2, 0);
	const char *srcs[] = {P1, P2};
	for (size_t s = 0; s < 2; s++) {
		assert_false(passes(&t, SAV_STRICT, AS2, srcs[s]));
		assert_false(passes(&t, SAV_FEASIBLE, AS2, srcs[s]));
		assert_false(passes(&t, SAV_EFP_A, AS2, srcs[s]));
		assert_true(passes(&t, SAV_EFP_B, AS2, srcs[s]));
		assert_true(passes(&t, SAV_BAR_SAV, AS2, srcs[s]));
		assert_true(passes(&t, SAV_EFP_A, AS3, srcs[s]));
	}
	/* AS2's own space passes on AS2 everywhere. */
	for (int m = SAV_STRICT; m <= SAV_BAR_SAV; m++)
		assert_true(passes(&t, m, AS2, P4));
	topo_free(&t);
}

/* RFC 8704 section 3.3 to the letter: Set Xi joins the list of every
 * customer interface that received one of Xi's prefixes, whatever origin
 * it carried there. AS2 announces its P4; AS7 (behind AS3) originates P4
 * too (MOAS) and P5 via provider AS6: X(AS7) = {P3, P4, P5} shares P4
 * with AS2's interface, so P5 passes there; feasible-path does not. */
static void test_efp_a_moas(void **state)
{
	struct topo t;
	topo_init(&t, "asn: 65004\n"
	              "customers:\n"
	              "  - {name: as2, asn: 65002}\n"
	              "  - {name: as3, asn: 65003}\n"
	              "  - {name: as6, asn: 65006, relation: provider}\n");
	route(&t, P4, AS2, AS2, 0);
	route(&t, P3, AS3, AS3, 65007, 0);
	route(&t, P4, 65006, 65006, 65007, 0);
	route(&t, P1, 65006, 65006, 65007, 0);
	assert_true(passes(&t, SAV_EFP_A, AS2, P1));
	assert_true(passes(&t, SAV_EFP_A, AS2, P3));
	assert_false(passes(&t, SAV_FEASIBLE, AS2, P1));
	/* AS3 received only P3 (origin AS7): X(AS7) too, not AS2's P4 alone */
	assert_true(passes(&t, SAV_EFP_A, AS3, P4));
	topo_free(&t);
}

/* The rpki method: ROA prefixes of the ASPA cone; AS5 is a peer of AS4 but
 * AS1 named it as provider, so AS1's ROAs appear under AS5 too. */
static void test_rpki_cone(void **state)
{
	struct topo t;
	topo_init(&t, AS4_CUSTOMERS);
	assert_true(passes(&t, SAV_RPKI, AS2, P1));
	assert_true(passes(&t, SAV_RPKI, AS3, P3));
	assert_true(passes(&t, SAV_RPKI, AS5, P2));
	struct err e;
	struct sav_plist l = {0};
	struct sav_inputs none = {.conf = &t.conf};
	assert_int_equal(sav_compute(&none, SAV_EFP_A, 0, false, &l, &e), -1);
	assert_non_null(strstr(e.msg, "--rib"));
	sav_plist_free(&l);
	topo_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_multihomed),   cmocka_unit_test(test_partial_announcements),
	    cmocka_unit_test(test_prepend_peer), cmocka_unit_test(test_no_export),
	    cmocka_unit_test(test_efp_a_moas),   cmocka_unit_test(test_rpki_cone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: ISC */
/* test_fetch_nrtm.c - the NRTM answer parser (IRRd's answers, errors,
 * incomplete answers) and the mirror's object store (primary keys, ADD,
 * DEL, replace, the irr_db built from it, file round trip). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fetch/nrtm.h"
#include "irr/irr_db.h"

static int parse(const char *s, struct nrtm_answer *a, struct err *e)
{
	return nrtm_parse(s, strlen(s), "TEST", "t", a, e);
}

static void test_parse_v3(void **state)
{
	(void)state;
	struct nrtm_answer a;
	struct err e;

	assert_int_equal(parse("% comment\n%START Version: 3 TEST 101-103\r\n\r\n"
	                       "ADD 101\n\nroute: 10.0.0.0/8\norigin: AS1\nsource: TEST\n\n"
	                       "DEL 103\n\nas-set: AS-X\n+ continued\nsource: TEST\n\n"
	                       "%END TEST\n",
	                       &a, &e),
	                 0);
	assert_int_equal(a.version, 3);
	assert_string_equal(a.source, "TEST");
	assert_int_equal(a.first, 101);
	assert_int_equal(a.last, 103);
	assert_int_equal(a.nops, 2);
	assert_true(a.ops[0].add);
	assert_int_equal(a.ops[0].serial, 101);
	assert_int_equal(a.ops[0].line, 4);
	assert_memory_equal(a.ops[0].obj, "route: 10.0.0.0/8\norigin: AS1\nsource: TEST",
	                    a.ops[0].len);
	assert_false(a.ops[1].add);
	assert_int_equal(a.ops[1].serial, 103);
	assert_int_equal(a.ops[1].len, strlen("as-set: AS-X\n+ continued\nsource: TEST"));
	nrtm_answer_free(&a);
	/* version 1: serials count up from the start of the range */
	assert_int_equal(
	    parse("%START Version: 1 test 7-8\n\nADD\n\nmntner: M\n\nDEL\n\nmntner: M\n\n"
	          "%END TEST\n",
	          &a, &e),
	    0);
	assert_int_equal(a.ops[1].serial, 8);
	nrtm_answer_free(&a);
}

static void test_parse_server_answers(void **state)
{
	(void)state;
	struct nrtm_answer a;
	struct err e;

	assert_int_equal(parse("%ERROR:401: (Invalid range: serial(s) 5-10 don't exist)\n", &a, &e),
	                 1);
	assert_int_equal(a.error_code, 401);
	assert_non_null(strstr(a.error, "Invalid range"));
	assert_int_equal(parse("%% ERROR: unknown source\n", &a, &e), 1);
	assert_int_equal(a.error_code, -1);
	assert_int_equal(parse("% Warning: there are no newer updates available\n", &a, &e), 0);
	assert_true(a.up_to_date);
	assert_int_equal(a.nops, 0);
	/* an error in the middle of the stream */
	assert_int_equal(parse("%START Version: 3 TEST 1-2\n\n%ERROR:402: gone\n", &a, &e), 1);
	assert_int_equal(a.error_code, 402);
	assert_null(a.ops);
}

static void expect_bad(const char *s, const char *msg)
{
	struct nrtm_answer a;
	struct err e;

	assert_int_equal(parse(s, &a, &e), -1);
	if (!strstr(e.msg, msg))
		fail_msg("\"%s\" not in \"%s\"", msg, e.msg);
	assert_null(a.ops);
}

static void test_parse_bad(void **state)
{
	(void)state;
	expect_bad("", "no %START");
	expect_bad("hello\n", "line 1: expected %START");
	expect_bad("%START Version: 3 TEST 1-2\n\nADD 1\n\nroute: 1.0.0.0/8\norigin: AS1\n",
	           "incomplete answer: no \"%END TEST\"");
	expect_bad("%START Version: 2 TEST 1-2\n", "neither 1 nor 3");
	expect_bad("%START Version: 3 OTHER 1-2\n", "another source");
	expect_bad("%START Version: 3 TEST 5-2\n", "serial range");
	expect_bad("%START Version: 3 TEST 1-x\n", "serial range");
	expect_bad("%START Version: 3 TEST 1-2\n\nADD 3\n\nmntner: M\n\n%END TEST\n",
	           "line 3: serial outside");
	expect_bad("%START Version: 3 TEST 1-9\n\nADD 2\n\nmntner: M\n\nDEL 2\n\nmntner: M\n"
	           "\n%END TEST\n",
	           "line 7: serials not increasing");
	expect_bad("%START Version: 3 TEST 1-9\n\nADD\n\nmntner: M\n\n%END TEST\n",
	           "malformed ADD");
	expect_bad("%START Version: 3 TEST 1-9\n\nADD 1\n\n", "no object");
	expect_bad("%START Version: 3 TEST 1-9\n\nADD 1\n\nno colon here\n", "expected an RPSL");
	expect_bad("%START Version: 3 TEST 1-9\n\nUPD 1\n", "expected ADD or DEL");
	expect_bad("%START Version: 3 TEST 1-9\n%END OTHER\n", "another source");
	expect_bad("%START Version: 3 TEST 1-99999999999999999999999\n", "serial range");
}

static void test_object_keys(void **state)
{
	(void)state;
	char key[128];
	const char *r = "Route:  10.0.0.0/8 # comment\norigin: as1\nsource: TEST";

	assert_int_equal(nrtm_object_key(r, strlen(r), key, sizeof key), 0);
	assert_string_equal(key, "route 10.0.0.0/8 AS1");
	const char *p = "person: Jane Doe\nnic-hdl: JD1-TEST\n";
	assert_int_equal(nrtm_object_key(p, strlen(p), key, sizeof key), 0);
	assert_string_equal(key, "person JD1-TEST");
	const char *i = "inetnum: 10.0.0.0 - 10.0.0.255\n";
	assert_int_equal(nrtm_object_key(i, strlen(i), key, sizeof key), 0);
	assert_string_equal(key, "inetnum 10.0.0.0-10.0.0.255");
	const char *noorigin = "route: 10.0.0.0/8\n";
	assert_int_equal(nrtm_object_key(noorigin, strlen(noorigin), key, sizeof key), -1);
	assert_int_equal(nrtm_object_key("x", 1, key, sizeof key), -1);
	assert_int_equal(nrtm_object_key("a b: c", 6, key, sizeof key), -1);
}

static struct nrtm_op op(bool add, uint64_t serial, const char *obj)
{
	struct nrtm_op o = {.add = add, .serial = serial, .obj = obj, .len = strlen(obj)};
	return o;
}

static void test_store(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_fetch_nrtm.XXXXXX", path[256];
	struct nrtm_store *s = nrtm_store_new(), *back = nrtm_store_new();
	unsigned long missing = 0, replaced = 0;
	struct irr_db *db;
	struct err e;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/m.db", dir);
	FILE *f = fopen(path, "w");
	fputs("% header comment\n\nroute: 10.0.0.0/24\norigin: AS1\nsource: TEST\n\n\n"
	      "route: 10.0.1.0/24\norigin: AS1\nsource: TEST\n",
	      f);
	fclose(f);
	assert_int_equal(nrtm_store_load(s, path, &e), 2);
	struct nrtm_op ops[] = {
	    op(true, 1, "route: 10.0.2.0/24\norigin: AS1\nsource: TEST"),
	    op(false, 2, "route: 10.0.0.0/24\norigin: AS1\nsource: TEST"),
	    op(false, 3, "route: 10.9.9.0/24\norigin: AS1\nsource: TEST"), /* not held */
	    op(true, 4, "route: 10.0.1.0/24\norigin: AS1\nmnt-by: M\nsource: TEST"),
	    op(true, 5, "route: 10.0.0.0/24\norigin: AS1\nsource: TEST"), /* back again */
	    op(true, 6, "route: 10.0.0.0/24\norigin: AS2\nsource: TEST"), /* other key */
	};
	assert_int_equal(nrtm_store_apply(s, ops, 6, &missing, &replaced, &e), 0);
	assert_int_equal(missing, 1);
	assert_int_equal(replaced, 1);
	assert_int_equal(nrtm_store_count(s), 4);
	struct nrtm_op bad = op(true, 7, "route: 10.0.0.0/24\nsource: TEST");
	assert_int_equal(nrtm_store_apply(s, &bad, 1, NULL, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "serial 7"));
	assert_int_equal(nrtm_store_build_db(s, "TEST", &db, &e), 0);
	assert_int_equal(irr_db_route_count(db), 4);
	irr_db_free(db);
	assert_int_equal(nrtm_store_write(s, path, &e), 0);
	assert_int_equal(nrtm_store_load(back, path, &e), 4);
	nrtm_store_free(s);
	nrtm_store_free(back);
	unlink(path);
	rmdir(dir);
}

/* Enough objects to grow the hash several times; deletes and re-adds. */
static void test_store_many(void **state)
{
	(void)state;
	struct nrtm_store *s = nrtm_store_new();
	char obj[128];
	struct err e;

	for (int i = 0; i < 5000; i++) {
		snprintf(obj, sizeof obj, "route: 10.%d.%d.0/24\norigin: AS%d", i / 256, i % 256,
		         i);
		struct nrtm_op o = op(true, (uint64_t)i + 1, obj);
		assert_int_equal(nrtm_store_apply(s, &o, 1, NULL, NULL, &e), 0);
	}
	for (int i = 0; i < 5000; i += 2) {
		snprintf(obj, sizeof obj, "route: 10.%d.%d.0/24\norigin: AS%d", i / 256, i % 256,
		         i);
		struct nrtm_op o = op(false, 9000, obj);
		assert_int_equal(nrtm_store_apply(s, &o, 1, NULL, NULL, &e), 0);
	}
	assert_int_equal(nrtm_store_count(s), 2500);
	nrtm_store_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_v3),  cmocka_unit_test(test_parse_server_answers),
	    cmocka_unit_test(test_parse_bad), cmocka_unit_test(test_object_keys),
	    cmocka_unit_test(test_store),     cmocka_unit_test(test_store_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

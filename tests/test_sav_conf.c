/* SPDX-License-Identifier: ISC */
/* test_sav_conf.c - sav.yml: the contract's fields, defaults, and errors
 * that name file, line and column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "sav/sav_conf.h"

static void test_full(void **state)
{
	const char *y = "asn: 64500                  # the operator's own AS\n"
	                "customers:\n"
	                "  - name: cust-a\n"
	                "    asn: 64501\n"
	                "    as_set: AS-CUSTA\n"
	                "    relation: customer\n"
	                "    interface: eth1\n"
	                "    vlan: 101\n"
	                "    mac: \"02:00:00:00:00:0A\"\n"
	                "  - asn: AS64502\n"
	                "    relation: peer\n";
	struct sav_conf c;
	struct err e;
	assert_int_equal(sav_conf_parse(&c, y, strlen(y), "sav.yml", &e), 0);
	assert_int_equal(c.asn, 64500);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.nb[0].name, "cust-a");
	assert_string_equal(c.nb[0].as_set, "AS-CUSTA");
	assert_string_equal(c.nb[0].interface, "eth1");
	assert_int_equal(c.nb[0].vlan, 101);
	assert_string_equal(c.nb[0].mac, "02:00:00:00:00:0a");
	assert_int_equal(c.nb[0].rel, SAV_REL_CUSTOMER);
	assert_string_equal(c.nb[1].name, "AS64502"); /* default name */
	assert_int_equal(c.nb[1].vlan, -1);
	assert_null(c.nb[1].mac);
	assert_null(c.nb[1].interface);
	assert_int_equal(c.nb[1].rel, SAV_REL_PEER);
	assert_int_equal(sav_conf_find(&c, "AS64502"), 1);
	assert_int_equal(sav_conf_find(&c, "cust-a"), 0);
	assert_int_equal(sav_conf_find(&c, "64501"), 0);
	assert_int_equal(sav_conf_find(&c, "nobody"), -1);
	sav_conf_free(&c);
}

static void expect_error(const char *y, const char *want)
{
	struct sav_conf c;
	struct err e;
	assert_int_equal(sav_conf_parse(&c, y, strlen(y), "s.yml", &e), -1);
	if (!strstr(e.msg, want)) {
		fprintf(stderr, "got: %s\nwant: %s\n", e.msg, want);
		fail();
	}
	assert_int_equal(c.n, 0);
}

static void test_errors(void **state)
{
	expect_error("asn: 64500\ncustomers:\n  - {asn: 1, relation: friend}\n",
	             "s.yml:3:24: relation must be customer, peer or provider");
	expect_error("asn: 64500\ncustomers:\n  - {asn: 1, vlan: 5000}\n",
	             "s.yml:3:20: vlan: 5000 is out of range");
	expect_error("asn: 64500\ncustomers:\n  - {asn: 1, mac: 0200}\n", "s.yml:3:19: mac must");
	expect_error("asn: 64500\ncustomers:\n  - {name: x}\n", "s.yml:3:5: customer without asn");
	expect_error("asn: 64500\ncustomers:\n  - {asn: 1, name: a}\n  - {asn: 2, name: a}\n",
	             "s.yml:4:5: customer name 'a' used twice (first at line 3)");
	expect_error("asn: 64500\ncustomers:\n  - {asn: 1, colour: red}\n", "s.yml:3:");
	/* names go into router configs and nft rules verbatim: no quoting games */
	expect_error("asn: 1\ncustomers:\n  - {asn: 2, interface: 'eth1\" accept'}\n",
	             "s.yml:3:25: interface must be 1 to 63 letters, digits or ._:/@-");
	expect_error("asn: 1\ncustomers:\n  - {asn: 2, name: 'a b'}\n", "name must be");
	expect_error("asn: 1\ncustomers:\n  - {asn: 2, as_set: 'AS-X;rm'}\n", "as_set must be");
	expect_error("customers: []\n", "missing asn");
	expect_error("asn: 1\n", "missing customers");
	expect_error("asn: [1\n", "s.yml:");
	expect_error("asn: notanumber\ncustomers: []\n", "s.yml:1:6: asn: not an AS number");
}

/* sav_conf_load reads through the core reader: compressed files load, a
 * file past the 16 MiB cap and a missing file are errors naming the path. */
static void test_load(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_sav_conf.XXXXXX", path[64], want[128];
	assert_non_null(mkdtemp(dir));
	const char *y = "asn: 64500\ncustomers:\n  - {asn: 64501, relation: customer}\n";
	struct sav_conf c;
	struct err e;

	snprintf(path, sizeof path, "%s/sav.yml.gz", dir);
	gzFile gz = gzopen(path, "wb");
	assert_non_null(gz);
	assert_int_equal(gzwrite(gz, y, (unsigned)strlen(y)), (int)strlen(y));
	assert_int_equal(gzclose(gz), Z_OK);
	assert_int_equal(sav_conf_load(&c, path, &e), 0);
	assert_int_equal(c.asn, 64500);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.nb[0].asn, 64501);
	sav_conf_free(&c);
	assert_int_equal(unlink(path), 0);

	snprintf(path, sizeof path, "%s/big.yml", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fseek(f, (16L << 20), SEEK_SET), 0); /* a hole: 16 MiB + 1 byte */
	assert_int_equal(fputc('\n', f), '\n');
	assert_int_equal(fclose(f), 0);
	assert_int_equal(sav_conf_load(&c, path, &e), -1);
	snprintf(want, sizeof want, "%s: larger than 16777216 bytes", path);
	assert_string_equal(e.msg, want);
	assert_int_equal(unlink(path), 0);

	assert_int_equal(sav_conf_load(&c, path, &e), -1);
	assert_non_null(strstr(e.msg, path));
	assert_non_null(strstr(e.msg, "No such file"));
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

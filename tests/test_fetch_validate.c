/* SPDX-License-Identifier: ISC */
/* test_fetch_validate.c - a download is used only when it parses as its
 * kind (and is not empty); the YAML source list and its errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fetch/fetch.h"
#include "fetch/fetch_config.h"

static char dir[] = "/tmp/test_fetch_validate.XXXXXX";

static const char *write_file(const char *name, const void *data, size_t n)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
	return path;
}

static int check(enum fetch_kind k, const char *text, uint64_t *objects, struct err *e)
{
	return fetch_validate_file(k, write_file("f", text, strlen(text)), objects, e);
}

static void test_kinds(void **state)
{
	(void)state;
	struct err e;
	uint64_t n;

	assert_int_equal(
	    check(FETCH_VRPS,
	          "{\"roas\":[{\"asn\":\"AS1\",\"prefix\":\"10.0.0.0/8\",\"maxLength\":8,"
	          "\"ta\":\"x\",\"expires\":1}]}",
	          &n, &e),
	    0);
	assert_int_equal(n, 1); /* expired entries still count: the shape is checked */
	assert_int_equal(check(FETCH_VRPS, "{\"roas\":[", &n, &e), -1);
	assert_int_equal(check(FETCH_VRPS, "{\"roas\":[]}", &n, &e), -1);
	assert_non_null(strstr(e.msg, "holds no VRPs"));
	assert_int_equal(
	    check(FETCH_IRR, "route: 10.0.0.0/8\norigin: AS1\nsource: X\n\naut-num: AS1\n", &n, &e),
	    0);
	assert_int_equal(n, 2);
	assert_int_equal(check(FETCH_IRR, "<html>not found</html>\n", &n, &e), -1);
	assert_int_equal(check(FETCH_ASREL, "# c\n1|2|-1\n2|3|0\n", &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(check(FETCH_ASREL, "1|2|7\n", &n, &e), -1);
	assert_non_null(strstr(e.msg, ":1"));
	assert_int_equal(
	    check(FETCH_PEERINGDB, "{\"meta\":{},\"data\":[{\"id\":1},{\"id\":2}]}", &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(
	    check(FETCH_PEERINGDB, "{\"net\":{\"data\":[{}]},\"ix\":{\"data\":[{},{}]}}", &n, &e),
	    0);
	assert_int_equal(n, 3);
	assert_int_equal(check(FETCH_PEERINGDB, "{\"data\":[]}", &n, &e), -1);
	assert_int_equal(check(FETCH_PEERINGDB, "[1,2]", &n, &e), -1);
	assert_int_equal(check(FETCH_PEERINGDB, "{\"data\":[1,", &n, &e), -1);
	assert_non_null(strstr(e.msg, ":1"));
	/* the reader of check and ixp import: what they cannot read is refused */
	assert_int_equal(check(FETCH_PEERINGDB, "{\"data\":[{\"id\":\"x\"}]}", &n, &e), -1);
	assert_non_null(strstr(e.msg, "id"));
	assert_int_equal(check(FETCH_MRT, "hello, this is not MRT at all\n", &n, &e), -1);
}

/* One BGP4MP_MESSAGE_AS4 KEEPALIVE record, whole and cut short. */
static void test_mrt(void **state)
{
	(void)state;
	static const uint8_t rec[] = {0,   0,   0,   1,   0,   16,  0,   4,   0,   0,
	                              0,   39, /* header */
	                              0,   0,   0,   1,   0,   0,   0,   2,   0,   0,
	                              0,   1,   10,  0,   0,   1,   10,  0,   0,   2, /* peers */
	                              255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	                              255, 255, 255, 255, 255, 255, 0,   19,  4};
	struct err e;
	uint64_t n;

	assert_int_equal(sizeof rec, 12 + 39);
	assert_int_equal(fetch_validate_file(FETCH_MRT, write_file("m", rec, sizeof rec), &n, &e),
	                 0);
	assert_int_equal(n, 1);
	assert_int_equal(fetch_validate_file(FETCH_MRT, write_file("m", rec, 30), &n, &e), -1);
}

static int load_config(const char *text, struct fetch_config *cfg, struct err *e)
{
	return fetch_config_load(write_file("c.yml", text, strlen(text)), cfg, e);
}

static void test_config(void **state)
{
	(void)state;
	struct fetch_config cfg;
	struct err e;

	assert_int_equal(load_config("sources:\n"
	                             "  - name: v\n    kind: vrps\n    url: http://h/v.json\n"
	                             "    out: /tmp/v.json\n    interval: 10m\n    max-age: 2h\n"
	                             "    min-ratio: 0.8\n"
	                             "  - {name: i, kind: irr, url: 'https://h/i', out: /tmp/i}\n",
	                             &cfg, &e),
	                 0);
	assert_int_equal(cfg.n, 2);
	assert_string_equal(cfg.src[0].url, "http://h/v.json");
	assert_int_equal(cfg.src[0].interval, 600);
	assert_int_equal(cfg.src[0].max_age, 7200);
	assert_true(cfg.src[0].min_ratio == 0.8);
	assert_int_equal(cfg.src[1].kind, FETCH_IRR);
	assert_int_equal(cfg.src[1].interval, FETCH_DEFAULT_INTERVAL);
	fetch_config_free(&cfg);
	/* the daemon's file: under fetch:, other keys are its own */
	assert_int_equal(load_config("rtr: {listen: x}\nfetch:\n  sources:\n"
	                             "  - {name: a, kind: asrel, url: 'http://h/a', out: /tmp/a}\n",
	                             &cfg, &e),
	                 0);
	assert_int_equal(cfg.n, 1);
	fetch_config_free(&cfg);
	assert_int_equal(
	    load_config("sources:\n  - {name: a, kind: asrel, url: 'ftp://h/a', out: a}\n", &cfg,
	                &e),
	    -1);
	assert_non_null(strstr(e.msg, "c.yml:2:5: source a: url must be http"));
	assert_int_equal(
	    load_config("sources:\n  - {name: a, kind: x, url: 'http://h', out: a}\n", &cfg, &e),
	    -1);
	assert_non_null(strstr(e.msg, "c.yml:2:21: kind"));
	assert_int_equal(load_config("sources:\n  - {name: a, kind: irr, url: 'http://h', out: a,"
	                             " interval: soon}\n",
	                             &cfg, &e),
	                 -1);
	assert_non_null(strstr(e.msg, "interval: a duration"));
	assert_int_equal(load_config("sources:\n  - {name: a, kind: irr, url: 'http://h', out: a}\n"
	                             "  - {name: a, kind: irr, url: 'http://h', out: b}\n",
	                             &cfg, &e),
	                 -1);
	assert_non_null(strstr(e.msg, "same name"));
	assert_int_equal(load_config("source:\n", &cfg, &e), -1);
	assert_non_null(strstr(e.msg, "unknown key 'source'"));
	assert_int_equal(load_config("sources:\n  - {name: a, kind: irr, url: 'http://h', out: a,"
	                             " colour: red}\n",
	                             &cfg, &e),
	                 -1);
	assert_non_null(strstr(e.msg, "unknown key 'colour'"));
	assert_int_equal(load_config("", &cfg, &e), -1);
}

/* The source list is read through the core reader, capped at 4 MiB. */
static void test_config_size(void **state)
{
	(void)state;
	struct fetch_config cfg;
	struct err e;
	size_t n = (4u << 20) + 1;
	char *big = malloc(n), want[600];
	assert_non_null(big);
	memset(big, '#', n); /* one long comment: valid YAML but for its size */
	const char *path = write_file("big.yml", big, n);
	free(big);
	assert_int_equal(fetch_config_load(path, &cfg, &e), -1);
	snprintf(want, sizeof want, "%s: larger than 4194304 bytes", path);
	assert_string_equal(e.msg, want);
	fetch_config_free(&cfg);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kinds),
	    cmocka_unit_test(test_mrt),
	    cmocka_unit_test(test_config),
	    cmocka_unit_test(test_config_size),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

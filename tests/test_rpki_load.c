/* SPDX-License-Identifier: ISC */
/* test_rpki_load.c - VRP/ASPA loaders: every JSON dialect, CSV, SLURM,
 * merging, error locations and rollback, and the real sample files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "rpki/rpki_load.h"
#include "rpki/rpki_set.h"

static int load(struct rpki_set *s, const char *text, struct err *e)
{
	err_clear(e);
	return rpki_set_load_buffer(s, text, strlen(text), "t.json", RPKI_FMT_AUTO, e);
}

static int has_vrp(const struct rpki_set *s, const char *pfx, unsigned maxlen, uint32_t asn)
{
	struct prefix p;
	if (prefix_parse(pfx, &p, NULL) < 0)
		return 0;
	for (size_t i = 0; i < s->nvrps; i++) {
		const struct vrp *v = &s->vrps[i];
		if (v->family == p.family && v->len == p.len && v->maxlen == maxlen &&
		    v->asn == asn && memcmp(v->addr, p.addr, 16) == 0)
			return 1;
	}
	return 0;
}

static void test_rpki_client(void **state)
{
	(void)state;
	struct rpki_set s;
	struct err e;
	rpki_set_init(&s);
	s.ignore_expires = 1; /* parsing, not expiry: the samples are old */
	const char *doc =
	    "{\n"
	    "\t\"metadata\": { \"buildtime\": \"2025-07-20T09:31:33Z\", \"roas\": 3 },\n"
	    "\t\"roas\": [\n"
	    "\t\t{ \"asn\": 13335, \"prefix\": \"1.0.0.0/24\", \"maxLength\": 24, "
	    "\"ta\": \"apnic\", \"expires\": 1753453058 },\n"
	    "\t\t{ \"asn\": 4134, \"prefix\": \"1.1.16.0/20\", \"maxLength\": 22, "
	    "\"ta\": \"apnic\", \"expires\": 1 },\n"
	    "\t\t{ \"asn\": 37125, \"prefix\": \"2c0f:fff0::/32\", \"maxLength\": 128, "
	    "\"ta\": \"afrinic\", \"expires\": 1 }\n"
	    "\t],\n"
	    "\t\"bgpsec_keys\": [ { \"asn\": 945, \"ski\": \"51\", \"pubkey\": \"x\" } ],\n"
	    "\t\"aspas\": [\n"
	    "\t\t{ \"customer_asid\": 945, \"expires\": 1, \"providers\": [ 6939, 1299 ] },\n"
	    "\t\t{ \"customer_asid\": 39002, \"expires\": 1, \"providers\": [ 0 ] }\n"
	    "\t],\n"
	    "\t\"signedprefixlists\": []\n"
	    "}\n";
	if (load(&s, doc, &e) < 0)
		fail_msg("%s", e.msg);
	rpki_set_finish(&s);
	assert_int_equal(s.nvrps, 3);
	assert_true(has_vrp(&s, "1.0.0.0/24", 24, 13335));
	assert_true(has_vrp(&s, "1.1.16.0/20", 22, 4134));
	assert_true(has_vrp(&s, "2c0f:fff0::/32", 128, 37125));
	assert_int_equal(s.generated, 1753003893);
	assert_string_equal(s.ta_names[s.vrps[0].ta], "apnic");
	assert_int_equal(s.naspas, 2);
	const struct aspa *a = rpki_set_find_aspa(&s, 945);
	assert_non_null(a);
	assert_int_equal(a->nproviders, 2);
	assert_int_equal(a->providers[0], 1299); /* sorted */
	assert_int_equal(a->providers[1], 6939);
	assert_null(rpki_set_find_aspa(&s, 1));
	rpki_set_free(&s);
}

static void test_routinator_stayrtr(void **state)
{
	(void)state;
	struct rpki_set s;
	struct err e;
	rpki_set_init(&s);
	s.ignore_expires = 1; /* parsing, not expiry: the samples are old */
	/* Routinator jsonext: the TA comes from source[].tal. */
	const char *ext =
	    "{ \"metadata\": { \"generated\": 1741556754, \"generatedTime\": \"x\" },\n"
	    "  \"roas\": [ { \"asn\": \"AS13335\", \"prefix\": \"1.0.0.0/24\", \"maxLength\": 24,"
	    " \"source\": [ { \"type\": \"roa\", \"uri\": \"rsync://x\", \"tal\": \"apnic\","
	    " \"validity\": { \"notBefore\": \"a\" } } ] } ] }";
	if (load(&s, ext, &e) < 0)
		fail_msg("%s", e.msg);
	assert_int_equal(s.generated, 1741556754);
	assert_string_equal(s.ta_names[s.vrps[0].ta], "apnic");
	/* StayRTR / GoRTR with provider_authorizations per AFI: merged. */
	const char *stay = "{\"metadata\":{\"counts\":2},\"roas\":[{\"prefix\":\"192.0.2.0/24\","
	                   "\"maxLength\":24,\"asn\":\"AS64496\",\"ta\":\"ripe\"}],"
	                   "\"provider_authorizations\":{\"ipv4\":[{\"customer_asid\":64496,"
	                   "\"provider_asids\":[64497,64498]}],\"ipv6\":[{\"customer_asid\":64496,"
	                   "\"provider_asids\":[64499]}]}}";
	if (load(&s, stay, &e) < 0)
		fail_msg("%s", e.msg);
	/* Old rpki-client: providers as objects with an AFI limit. */
	const char *old = "{\"aspas\":[{\"customer_asid\":15562,\"expires\":1,\"providers\":["
	                  "{\"asid\":2914,\"afi_limit\":\"ipv4\"},{\"asid\":8283}]}]}";
	if (load(&s, old, &e) < 0)
		fail_msg("%s", e.msg);
	rpki_set_finish(&s);
	assert_int_equal(s.nvrps, 2);
	assert_true(has_vrp(&s, "192.0.2.0/24", 24, 64496));
	const struct aspa *a = rpki_set_find_aspa(&s, 64496);
	assert_non_null(a);
	assert_int_equal(a->nproviders, 3);
	a = rpki_set_find_aspa(&s, 15562);
	assert_non_null(a);
	assert_int_equal(a->nproviders, 2);
	assert_int_equal(a->providers[0], 2914);
	assert_int_equal(s.nsources, 3);
	rpki_set_free(&s);
}

static void test_csv(void **state)
{
	(void)state;
	struct rpki_set s;
	struct err e;
	rpki_set_init(&s);
	s.ignore_expires = 1; /* parsing, not expiry: the samples are old */
	if (load(&s,
	         "ASN,IP Prefix,Max Length,Trust Anchor,Expires\n"
	         "AS13335,1.0.0.0/24,24,apnic,1753453058\r\n"
	         "AS64496,2001:db8::/32,48,ripe,1\n",
	         &e) < 0)
		fail_msg("%s", e.msg);
	/* Routinator csvext: other column order, URI first. */
	if (load(&s,
	         "URI,ASN,IP Prefix,Max Length,Not Before,Not After\n"
	         "rsync://a/b.roa,AS64497,198.51.100.0/24,24,x,y\n",
	         &e) < 0)
		fail_msg("%s", e.msg);
	/* Headerless with comments and blank lines; max length optional. */
	if (load(&s, "# comment\n\n64498,203.0.113.0/24,,lacnic\nAS64499,192.0.2.0/24\n", &e) < 0)
		fail_msg("%s", e.msg);
	rpki_set_finish(&s);
	assert_int_equal(s.nvrps, 5);
	assert_true(has_vrp(&s, "1.0.0.0/24", 24, 13335));
	assert_true(has_vrp(&s, "2001:db8::/32", 48, 64496));
	assert_true(has_vrp(&s, "198.51.100.0/24", 24, 64497));
	assert_true(has_vrp(&s, "203.0.113.0/24", 24, 64498));
	assert_true(has_vrp(&s, "192.0.2.0/24", 24, 64499));
	/* A broken line names file and line, and nothing is kept from that file. */
	assert_int_equal(load(&s, "AS1,10.0.0.0/8,8\nAS2,10.0.0.1/8,8\n", &e), -1);
	assert_int_equal(e.line, 2);
	assert_non_null(strstr(e.msg, "t.json:2:"));
	assert_int_equal(s.nvrps, 5);
	assert_int_equal(load(&s, "AS1,10.0.0.0/8,7\n", &e), -1);
	assert_int_equal(load(&s, "", &e), -1);
	rpki_set_free(&s);
}

static void test_errors_rollback(void **state)
{
	(void)state;
	struct rpki_set s;
	struct err e;
	rpki_set_init(&s);
	if (load(&s, "{\"roas\":[{\"asn\":1,\"prefix\":\"10.0.0.0/8\",\"maxLength\":8}]}", &e) < 0)
		fail_msg("%s", e.msg);
	static const struct {
		const char *doc;
		unsigned long line;
	} bad[] = {
	    {"{\"roas\":[\n{\"asn\":2,\"prefix\":\"11.0.0.0/8\",\"maxLength\":8},\n{\"asn\":3,]}",
	     3},
	    {"{\"roas\":[{\"asn\":2,\"prefix\":\"11.0.0.0/8\"}\n\n", 3},
	    {"{\"roas\":[{\"asn\":2,\"prefix\":\"11.0.0.0/8\"}]}\n{", 2},
	    {"[1,2]", 1},
	    {"{\"roas\": 5}", 1},
	    {"{\"other\": 5}", 1},
	    {"{\"roas\":[{\"asn\":2,\"prefix\":\"11.0.0.0/8\"}],\"aspas\":[{\"providers\":[1]}]}",
	     1},
	    {"{\"roas\":[{\"asn\":2,\"prefix\":\"1\u00e9\"}], \"x\": \"\\q\"}", 1},
	    {"{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]"
	     "]]]]"
	     "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],\"roas\":[]}",
	     1},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (load(&s, bad[i].doc, &e) != -1)
			fail_msg("bad[%zu] accepted", i);
		if (e.line != bad[i].line)
			fail_msg("bad[%zu]: line %lu want %lu (%s)", i, e.line, bad[i].line, e.msg);
		assert_int_equal(s.nvrps, 1);
		assert_int_equal(s.naspas, 0);
	}
	/* No input at all is an error in every format, never a crash. */
	assert_int_equal(rpki_set_load_buffer(&s, NULL, 0, "empty", RPKI_FMT_AUTO, &e), -1);
	assert_int_equal(rpki_set_load_buffer(&s, NULL, 0, "empty", RPKI_FMT_CSV, &e), -1);
	assert_int_equal(rpki_set_load_buffer(&s, NULL, 0, "empty", RPKI_FMT_CONF, &e), -1);
	assert_int_equal(rpki_set_load_buffer(&s, "", 0, "empty", RPKI_FMT_SLURM, &e), -1);
	assert_int_equal(s.nvrps, 1);
	/* A bad value skips the entry, not the file (DN42 exports have "prefix": null). */
	if (load(&s,
	         "{\"roas\":[{\"asn\":\"AS5\",\"prefix\":null,\"maxLength\":8},\n"
	         "{\"asn\":6,\"prefix\":\"12.0.0.0/8\",\"maxLength\":7},\n"
	         "{\"asn\":{\"x\":1},\"prefix\":\"12.0.0.0/8\"},\n"
	         "{\"asn\":7,\"prefix\":\"12.0.0.0/8\",\"maxLength\":8}]}",
	         &e) < 0)
		fail_msg("%s", e.msg);
	assert_int_equal(s.nvrps, 2);
	assert_int_equal(s.nrejected, 3);
	assert_non_null(strstr(s.reject_msg, "t.json:1: bad prefix 'null'"));
	rpki_set_free(&s);
}

/* A provider list longer than RPKI_MAX_ASPA_PROVIDERS fails the file with
 * its line, and nothing of it is kept; the longest allowed list loads. */
static void test_aspa_provider_cap(void **state)
{
	(void)state;
	for (int over = 0; over <= 1; over++) {
		size_t n = RPKI_MAX_ASPA_PROVIDERS + (size_t)over, cap = 64 + n * 12;
		char *doc = malloc(cap), *p = doc;
		assert_non_null(doc);
		p += sprintf(p, "{\"aspas\":[\n{\"customer_asid\":1,\"providers\":[");
		for (size_t i = 0; i < n; i++)
			p += sprintf(p, "%s%zu", i ? "," : "", i + 2);
		sprintf(p, "]}]}\n");
		struct rpki_set s;
		struct err e;
		rpki_set_init(&s);
		int rc = load(&s, doc, &e);
		if (over) {
			assert_int_equal(rc, -1);
			assert_int_equal(e.line, 2);
			assert_non_null(strstr(e.msg, "more than 10000 providers"));
			assert_int_equal(s.naspas, 0);
		} else {
			if (rc < 0)
				fail_msg("%s", e.msg);
			assert_int_equal(s.aspas[0].nproviders, RPKI_MAX_ASPA_PROVIDERS);
		}
		rpki_set_free(&s);
		free(doc);
	}
}

static void test_merge_dupes(void **state)
{
	(void)state;
	struct rpki_set s;
	struct err e;
	rpki_set_init(&s);
	const char *a =
	    "{\"roas\":[{\"asn\":1,\"prefix\":\"10.0.0.0/8\",\"maxLength\":8,\"ta\":\"x\"},"
	    "{\"asn\":1,\"prefix\":\"10.0.0.0/8\",\"maxLength\":8,\"ta\":\"y\"}],"
	    "\"aspas\":[{\"customer_asid\":1,\"providers\":[3,2]}]}";
	const char *b = "ASN,IP Prefix,Max Length,Trust Anchor\nAS1,10.0.0.0/8,8,z\n"
	                "AS1,10.0.0.0/8,9,z\n";
	const char *c = "{\"aspas\":[{\"customer_asid\":1,\"providers\":[2,4]}]}";
	assert_int_equal(load(&s, a, &e), 0);
	assert_int_equal(load(&s, b, &e), 0);
	assert_int_equal(load(&s, c, &e), 0);
	rpki_set_finish(&s);
	assert_int_equal(s.nvrps, 2);
	assert_int_equal(s.naspas, 1);
	assert_int_equal(s.aspas[0].nproviders, 3);
	assert_int_equal(s.aspas[0].providers[2], 4);
	rpki_set_free(&s);
}

static void test_conf(void **state)
{
	(void)state;
	struct rpki_set s;
	struct err e;
	rpki_set_init(&s);
	/* BIRD 2 as rpki-client -B and manrs write it. */
	if (load(&s,
	         "# comment\ndefine force_roa_table_update = 1;\nroa4 table ROAS4;\n"
	         "protocol static {\n\troa4 { table ROAS4; };\n"
	         "\troute 192.0.2.0/24 max 24 as 64496;\n}\n",
	         &e) < 0)
		fail_msg("%s", e.msg);
	/* BIRD 1 with DN42's trailing comments and one broken line. */
	if (load(&s,
	         "roa 10.0.0.0/8 max 24 as 4242420000; # DN42/X-MNT\n"
	         "roa 10.100.0.0/14 max 32 as ; # DN42/DN42-MNT\n"
	         "roa fd00::/8 max 64 as AS4242420001;\n",
	         &e) < 0)
		fail_msg("%s", e.msg);
	assert_int_equal(s.nrejected, 1);
	assert_non_null(strstr(s.reject_msg, "t.json:2:"));
	/* OpenBGPD roa-set (maxlen optional, expires ignored) and aspa-set. */
	if (load(&s,
	         "roa-set {\n\t198.51.100.0/24 source-as 64497\n"
	         "\t203.0.113.0/24 maxlen 25 source-as 64498 expires 1753453058\n}\n"
	         "aspa-set {\n\tcustomer-as 64496 provider-as { 64497 64498 }\n}\n",
	         &e) < 0)
		fail_msg("%s", e.msg);
	rpki_set_finish(&s);
	assert_int_equal(s.nvrps, 5);
	assert_true(has_vrp(&s, "192.0.2.0/24", 24, 64496));
	assert_true(has_vrp(&s, "10.0.0.0/8", 24, 4242420000u));
	assert_true(has_vrp(&s, "fd00::/8", 64, 4242420001u));
	assert_true(has_vrp(&s, "198.51.100.0/24", 24, 64497));
	assert_true(has_vrp(&s, "203.0.113.0/24", 25, 64498));
	assert_int_equal(s.naspas, 1);
	assert_int_equal(s.aspas[0].nproviders, 2);
	rpki_set_free(&s);
}

static char *write_tmp(const char *text)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/test_rpki_load.XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void test_slurm(void **state)
{
	(void)state;
	struct rpki_set s;
	struct err e;
	rpki_set_init(&s);
	assert_int_equal(load(&s,
	                      "{\"roas\":["
	                      "{\"asn\":64496,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24},"
	                      "{\"asn\":64496,\"prefix\":\"198.51.100.0/24\",\"maxLength\":24},"
	                      "{\"asn\":64497,\"prefix\":\"198.51.100.128/25\",\"maxLength\":25},"
	                      "{\"asn\":64498,\"prefix\":\"203.0.113.0/24\",\"maxLength\":24},"
	                      "{\"asn\":64499,\"prefix\":\"10.0.0.0/8\",\"maxLength\":8}],"
	                      "\"aspas\":[{\"customer_asid\":64496,\"providers\":[1]},"
	                      "{\"customer_asid\":64497,\"providers\":[2]}]}",
	                      &e),
	                 0);
	/* RFC 8416 section 3.3/3.4 style document plus the ASPA draft members. */
	const char *slurm =
	    "{\n  \"slurmVersion\": 1,\n  \"validationOutputFilters\": {\n"
	    "    \"prefixFilters\": [\n"
	    "      { \"prefix\": \"192.0.2.0/24\", \"comment\": \"All VRPs encompassed by prefix\" "
	    "},\n"
	    "      { \"asn\": 64497, \"comment\": \"All VRPs matching ASN\" },\n"
	    "      { \"prefix\": \"203.0.113.0/24\", \"asn\": 64498 }\n"
	    "    ],\n    \"bgpsecFilters\": [ { \"asn\": 64496, \"SKI\": \"x\" } ],\n"
	    "    \"aspaFilters\": [ { \"customerAsid\": 64497 } ]\n  },\n"
	    "  \"locallyAddedAssertions\": {\n    \"prefixAssertions\": [\n"
	    "      { \"asn\": 64496, \"prefix\": \"198.51.100.0/24\", \"comment\": \"My other "
	    "route\" },\n"
	    "      { \"asn\": 64497, \"prefix\": \"2001:db8::/32\", \"maxPrefixLength\": 48 }\n"
	    "    ],\n    \"bgpsecAssertions\": [],\n"
	    "    \"aspaAssertions\": [ { \"customerAsid\": 64500, \"providers\": [64501] } ]\n"
	    "  }\n}\n";
	char *path = write_tmp(slurm);
	if (rpki_set_apply_slurm(&s, path, &e) < 0)
		fail_msg("%s", e.msg);
	unlink(path);
	rpki_set_finish(&s);
	assert_int_equal(s.nvrps, 3);
	assert_true(has_vrp(&s, "198.51.100.0/24", 24, 64496));
	assert_true(has_vrp(&s, "10.0.0.0/8", 8, 64499));
	/* The assertion of AS64497 survives its own file's ASN filter. */
	assert_true(has_vrp(&s, "2001:db8::/32", 48, 64497));
	assert_non_null(rpki_set_find_aspa(&s, 64496));
	assert_null(rpki_set_find_aspa(&s, 64497));
	assert_non_null(rpki_set_find_aspa(&s, 64500));
	/* A VRP file is not a SLURM file. */
	path = write_tmp("{\"roas\":[]}");
	assert_int_equal(rpki_set_apply_slurm(&s, path, &e), -1);
	unlink(path);
	path = write_tmp("{\"slurmVersion\": 3}");
	assert_int_equal(rpki_set_apply_slurm(&s, path, &e), -1);
	assert_non_null(strstr(e.msg, "slurmVersion"));
	unlink(path);
	rpki_set_free(&s);
}

static uint64_t rng = 0x2545f4914f6cdd1dull;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

/* Random VRPs and random prefix/ASN filters: the indexed filter pass must
 * keep exactly what a filter-by-filter scan keeps. */
static void test_slurm_random(void **state)
{
	(void)state;
	for (int round = 0; round < 20; round++) {
		struct rpki_set s;
		struct err e;
		rpki_set_init(&s);
		size_t nv = 500;
		for (size_t i = 0; i < nv; i++) {
			struct vrp v = {.family = 4, .asn = rnd() % 6};
			v.len = (uint8_t)(8 + rnd() % 17);
			uint32_t a = 0x0a000000u | (rnd() & 0x00ffff00u);
			a &= ~0u << (32 - v.len);
			v.addr[0] = (uint8_t)(a >> 24);
			v.addr[1] = (uint8_t)(a >> 16);
			v.addr[2] = (uint8_t)(a >> 8);
			v.maxlen = v.len;
			assert_int_equal(rpki_set_add_vrp(&s, &v), 0);
		}
		struct vrp *orig = malloc(nv * sizeof *orig);
		memcpy(orig, s.vrps, nv * sizeof *orig);
		char doc[65536];
		size_t off = (size_t)snprintf(doc, sizeof doc,
		                              "{\"slurmVersion\":1,\"validationOutputFilters\":"
		                              "{\"prefixFilters\":[");
		struct prefix fp[40];
		int fa[40], nf = 1 + (int)(rnd() % 40);
		for (int k = 0; k < nf; k++) {
			fp[k].family = 4;
			fp[k].len = (uint8_t)(rnd() % 4 == 0 ? 0 : 8 + rnd() % 17);
			uint32_t a = 0x0a000000u | (rnd() & 0x00ffff00u);
			a = fp[k].len ? a & (~0u << (32 - fp[k].len)) : 0;
			memset(fp[k].addr, 0, 16);
			fp[k].addr[0] = (uint8_t)(a >> 24);
			fp[k].addr[1] = (uint8_t)(a >> 16);
			fp[k].addr[2] = (uint8_t)(a >> 8);
			fa[k] = rnd() % 3 == 0 ? -1 : (int)(rnd() % 6);
			int noprefix = fa[k] >= 0 && rnd() % 3 == 0;
			char buf[PREFIX_STRLEN];
			off += (size_t)snprintf(doc + off, sizeof doc - off, "%s{", k ? "," : "");
			if (noprefix)
				fp[k].len = 255; /* marks "no prefix" for the model */
			else
				off += (size_t)snprintf(
				    doc + off, sizeof doc - off, "\"prefix\":\"%s\"%s",
				    prefix_format(&fp[k], buf, sizeof buf), fa[k] >= 0 ? "," : "");
			if (fa[k] >= 0)
				off += (size_t)snprintf(doc + off, sizeof doc - off, "\"asn\":%d",
				                        fa[k]);
			off += (size_t)snprintf(doc + off, sizeof doc - off, "}");
		}
		/* RFC 8416: every member present (SLURM files are read strictly) */
		snprintf(doc + off, sizeof doc - off,
		         "],\"bgpsecFilters\":[]},\"locallyAddedAssertions\":"
		         "{\"prefixAssertions\":[],\"bgpsecAssertions\":[]}}");
		assert_int_equal(
		    rpki_set_load_buffer(&s, doc, strlen(doc), "r.slurm", RPKI_FMT_SLURM, &e), 0);
		size_t kept = 0;
		for (size_t i = 0; i < nv; i++) {
			const struct vrp *v = &orig[i];
			struct prefix vp = {.family = 4, .len = v->len};
			memcpy(vp.addr, v->addr, 16);
			int drop = 0;
			for (int k = 0; k < nf && !drop; k++) {
				if (fa[k] >= 0 && (uint32_t)fa[k] != v->asn)
					continue;
				if (fp[k].len != 255 && !prefix_contains(&fp[k], &vp))
					continue;
				drop = 1;
			}
			if (!drop) {
				assert_true(kept < s.nvrps);
				assert_int_equal(vrp_cmp(&s.vrps[kept], v), 0);
				kept++;
			}
		}
		assert_int_equal(kept, s.nvrps);
		free(orig);
		rpki_set_free(&s);
	}
}

static int ref_cmp(const void *a, const void *b)
{
	return vrp_cmp(a, b);
}

/* rpki_set_finish's own sort against qsort: random VRPs with many duplicates
 * and long sorted and reversed runs, as merged files produce. */
static void test_finish_sort(void **state)
{
	(void)state;
	for (int round = 0; round < 6; round++) {
		struct rpki_set s;
		rpki_set_init(&s);
		size_t n = round < 3 ? 1000u << round : 40000;
		struct vrp *ref = calloc(n, sizeof *ref);
		assert_non_null(ref);
		for (size_t i = 0; i < n; i++) {
			struct vrp v;
			memset(&v, 0, sizeof v);
			v.family = rnd() % 4 ? 4 : 6;
			uint32_t k = round == 4   ? (uint32_t)i
			             : round == 5 ? (uint32_t)(n - i)
			                          : rnd() % 3000;
			v.addr[0] = (uint8_t)(k >> 8);
			v.addr[1] = (uint8_t)k;
			v.addr[15] = (uint8_t)(rnd() % 2);
			v.len = (uint8_t)(16 + rnd() % 3);
			v.maxlen = (uint8_t)(v.len + rnd() % 2);
			v.asn = rnd() % 3;
			ref[i] = v;
			assert_int_equal(rpki_set_add_vrp(&s, &v), 0);
		}
		rpki_set_finish(&s);
		qsort(ref, n, sizeof *ref, ref_cmp);
		size_t u = 0;
		for (size_t i = 0; i < n; i++)
			if (i == 0 || vrp_cmp(&ref[i], &ref[u - 1]) != 0)
				ref[u++] = ref[i];
		assert_int_equal(s.nvrps, u);
		for (size_t i = 0; i < u; i++)
			if (vrp_cmp(&s.vrps[i], &ref[i]) != 0)
				fail_msg("round %d: VRP %zu out of order", round, i);
		free(ref);
		rpki_set_free(&s);
	}
}

/* The real samples in ../shared/data, when present. */
static void test_real_samples(void **state)
{
	(void)state;
	static const struct {
		const char *path;
		size_t vrps, aspas;
	} files[] = {
	    {"rpki/format-samples/rpkilog_roa_test.routinator_jsonext", 2, 0},
	    {"rpki/format-samples/rpkilog_roa_test.rpkiclient2021_json", 70, 0},
	    {"rpki/format-samples/rpkilog_roa_test.rpkiclient2023_json", 379, 2},
	    {"irr/dn42-registry-2022-01-28/roa-export-netravnen/export_dn42.json", 3308, 0},
	    {"irr/dn42-registry-2022-01-28/roa-export-netravnen/export_rfc8416_dn42.json", 3308, 0},
	    {"irr/dn42-registry-2022-01-28/roa-export-netravnen/bird_roa_dn42.conf", 3308, 0},
	    {"irr/dn42-registry-2022-01-28/roa-export-netravnen/bird_route_dn42.conf", 3308, 0},
	};
	const char *base = getenv("SHARED_DATA") ? getenv("SHARED_DATA") : "../shared/data";
	int seen = 0;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s", base, files[i].path);
		if (access(path, R_OK) != 0)
			continue;
		seen++;
		struct rpki_set s;
		struct err e;
		rpki_set_init(&s);
		s.ignore_expires = 1; /* 2021-2025 samples: long expired */
		if (rpki_set_load_file(&s, path, &e) < 0)
			fail_msg("%s", e.msg);
		rpki_set_finish(&s);
		assert_int_equal(s.nvrps, files[i].vrps);
		assert_int_equal(s.naspas, files[i].aspas);
		rpki_set_free(&s);
	}
	if (!seen)
		skip();
}

/* Another kind of file names the formats tried and the file, not a detail of
 * the last parser that gave up. */
static void test_wrong_kind(void **state)
{
	(void)state;
	static const char *const docs[] = {
	    "root:x:0:0:root:/root:/bin/bash\n",
	    "route:   192.0.2.0/24\norigin:  AS64496\nsource:  TEST\n",
	    "# comment\nhello world\n",
	    "{\"foo\": 1}",
	    "protocol static { }\n",
	};
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		struct rpki_set s;
		struct err e;
		rpki_set_init(&s);
		assert_int_equal(load(&s, docs[i], &e), -1);
		if (!strstr(e.msg, "t.json") || !strstr(e.msg, "not a VRP file (tried"))
			fail_msg("docs[%zu]: %s", i, e.msg);
		rpki_set_free(&s);
	}
	/* A real CSV with a bad row keeps its precise error. */
	struct rpki_set s;
	struct err e;
	rpki_set_init(&s);
	assert_int_equal(load(&s, "ASN,IP Prefix,Max Length\nAS1,10.0.0.0/33,8\n", &e), -1);
	assert_non_null(strstr(e.msg, "t.json:2: bad prefix"));
	/* RFC 4180 quoted fields read back. */
	assert_int_equal(load(&s, "AS1,\"10.0.0.0/8\",8,\"ri,\"\"pe\"\"\"\n", &e), 0);
	rpki_set_finish(&s);
	assert_int_equal(s.nvrps, 1);
	assert_string_equal(s.ta_names[s.vrps[0].ta], "ri,\"pe\"");
	rpki_set_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rpki_client),  cmocka_unit_test(test_routinator_stayrtr),
	    cmocka_unit_test(test_csv),          cmocka_unit_test(test_errors_rollback),
	    cmocka_unit_test(test_merge_dupes),  cmocka_unit_test(test_aspa_provider_cap),
	    cmocka_unit_test(test_slurm),        cmocka_unit_test(test_conf),
	    cmocka_unit_test(test_slurm_random), cmocka_unit_test(test_finish_sort),
	    cmocka_unit_test(test_real_samples), cmocka_unit_test(test_wrong_kind),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

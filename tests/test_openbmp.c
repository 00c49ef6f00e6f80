/* SPDX-License-Identifier: ISC */
/* test_openbmp.c - OpenBMP message bus API 1.7: the raw binary header byte
 * for byte (and a header as RouteViews' OpenBMP collector writes it), the
 * parsed unicast_prefix and peer rows, and reading them back. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "openbmp/openbmp.h"

static void test_raw_bytes(void **state)
{
	(void)state;
	struct openbmp_raw_info info = {.admin_id = "c1", .sec = 0x01020304, .usec = 5};
	struct err e;
	assert_int_equal(prefix_parse_host("192.0.2.1", &info.router, &e), 0);
	const uint8_t bmp[6] = {3, 0, 0, 0, 6, 4};
	struct mrt_buf b = {0};
	assert_int_equal(openbmp_raw_encode(&b, &info, bmp, sizeof bmp, &e), 0);
	const uint8_t *p = (const uint8_t *)b.p;
	assert_int_equal(b.len, 80 + 6);
	static const uint8_t head[] = {'O', 'B',  'M', 'P', 1, 7, 0, 80, 0, 0, 0,
	                               6,   0x80, 12,  1,   2, 3, 4, 0,  0, 0, 5};
	assert_memory_equal(p, head, sizeof head);
	assert_memory_equal(p + 38, "\0\2c1", 4); /* after the collector hash */
	static const uint8_t addr[16] = {192, 0, 2, 1};
	assert_memory_equal(p + 58, addr, 16);          /* after the router hash */
	assert_memory_equal(p + 74, "\0\0\0\0\0\1", 6); /* no group, one row */
	assert_memory_equal(p + 80, bmp, 6);
	struct openbmp_raw_info back;
	assert_int_equal(openbmp_raw_decode(p, b.len, &back, &e), 0);
	assert_string_equal(back.admin_id, "c1");
	assert_string_equal(back.group, "");
	assert_true(prefix_equal(&back.router, &info.router));
	assert_int_equal(back.sec, 0x01020304);
	assert_int_equal(back.bmp_len, 6);
	assert_ptr_equal(back.bmp, p + 80);
	/* a cut message and a wrong length are errors with an offset */
	assert_int_equal(openbmp_raw_decode(p, 50, &back, &e), -1);
	assert_true(e.has_offset);
	assert_int_equal(openbmp_raw_decode(p, b.len - 1, &back, &e), -1);
	assert_non_null(strstr(e.msg, "BMP length 6"));
	mrt_buf_free(&b);
}

static uint8_t unhex(char c)
{
	return (uint8_t)(c <= '9' ? c - '0' : c - 'a' + 10);
}

/* The header of a RouteViews OpenBMP bmp_raw message (a public test
 * vector; the BMP message after it is cut to its 5-byte common header and
 * the length field set to match). */
static void test_raw_routeviews(void **state)
{
	(void)state;
	static const char hex[] =
	    "4f424d500107006400000005800c6184b9c2000c602cbf4f072f3ae149d23486024bc3dadfc4000a69"
	    "732d63632d626d7031c677060bdd020a9e92be000200de2e3180df3369000000000000000000000000"
	    "000c726f7574652d76696577733500000001"
	    "0300000033";
	uint8_t msg[128];
	size_t n = strlen(hex) / 2;
	for (size_t i = 0; i < n; i++)
		msg[i] = (uint8_t)(unhex(hex[2 * i]) << 4 | unhex(hex[2 * i + 1]));
	struct openbmp_raw_info info;
	struct err e;
	assert_int_equal(openbmp_raw_decode(msg, n, &info, &e), 0);
	assert_string_equal(info.admin_id, "is-cc-bmp1");
	assert_string_equal(info.group, "route-views5");
	char a[64];
	assert_string_equal(addr_format(&info.router, a, sizeof a), "128.223.51.105");
	assert_int_equal(info.bmp_len, 5);
	assert_int_equal(info.bmp[0], 3);
}

static const uint32_t PATH[] = {64500, 64501, 64502};
static const uint32_t COMM[] = {64500u << 16 | 1, 65535u << 16 | 65281};

static struct route_event announce(void)
{
	struct route_event ev = {.type = ROUTE_EV_ANNOUNCE,
	                         .time = 1700000000,
	                         .usec = 123456,
	                         .source = "bmp:192.0.2.1",
	                         .peer_as = 64500,
	                         .path = PATH,
	                         .path_len = 3,
	                         .origin = 64502,
	                         .communities = COMM,
	                         .n_communities = 2};
	struct err e;
	assert_int_equal(prefix_parse_host("198.51.100.1", &ev.peer_addr, &e), 0);
	assert_int_equal(prefix_parse("203.0.113.0/24", &ev.pfx, &e), 0);
	return ev;
}

/* Split the row of one message into fields; returns the field count. */
static size_t row_fields(const char *msg, char fields[40][64])
{
	const char *row = strstr(msg, "\n\n") + 2;
	size_t n = 0;
	const char *p = row;
	for (;;) {
		size_t len = strcspn(p, "\t\n");
		snprintf(fields[n++], 64, "%.*s", (int)len, p);
		if (p[len] != '\t' || n == 40)
			break;
		p += len + 1;
	}
	return n;
}

static void test_parsed_announce(void **state)
{
	(void)state;
	struct openbmp_collector c;
	openbmp_collector_init(&c, "collector1");
	struct route_event ev = announce();
	struct openbmp_attrs at = {.origin = 0, .has_local_pref = true, .local_pref = 100};
	struct err e;
	assert_int_equal(prefix_parse_host("198.51.100.1", &at.next_hop, &e), 0);
	struct mrt_buf b = {0};
	const char *type;
	assert_int_equal(openbmp_parsed_encode(&b, &c, &ev, &at, &type, &e), 0);
	assert_string_equal(type, "unicast_prefix");
	assert_int_equal(mrt_buf_reserve(&b, 1), 0);
	b.p[b.len] = '\0';
	char head[200];
	const char *row = strstr(b.p, "\n\n") + 2;
	snprintf(head, sizeof head, "V: 1.7\nC_HASH_ID: %s\nT: unicast_prefix\nL: %zu\nR: 1\n\n",
	         c.hash, strlen(row));
	assert_memory_equal(b.p, head, strlen(head));
	char f[40][64];
	assert_int_equal(row_fields(b.p, f), 32);
	assert_string_equal(f[0], "add");
	assert_string_equal(f[1], "0");
	assert_int_equal(strlen(f[2]), 32);
	assert_string_equal(f[4], "192.0.2.1");
	assert_string_equal(f[7], "198.51.100.1");
	assert_string_equal(f[8], "64500");
	assert_string_equal(f[9], "2023-11-14 22:13:20.123456");
	assert_string_equal(f[10], "203.0.113.0");
	assert_string_equal(f[11], "24");
	assert_string_equal(f[12], "1");
	assert_string_equal(f[13], "igp");
	assert_string_equal(f[14], "64500 64501 64502");
	assert_string_equal(f[15], "3");
	assert_string_equal(f[16], "64502");
	assert_string_equal(f[17], "198.51.100.1");
	assert_string_equal(f[18], "");
	assert_string_equal(f[19], "100");
	assert_string_equal(f[21], "64500:1 65535:65281");
	assert_string_equal(f[25], "1");
	assert_string_equal(f[27], "0");
	assert_string_equal(f[29], "1"); /* pre-policy */
	assert_string_equal(f[30], "1"); /* adj-rib-in */
	/* the sequence goes up per row */
	b.len = 0;
	ev.type = ROUTE_EV_WITHDRAW;
	assert_int_equal(openbmp_parsed_encode(&b, &c, &ev, NULL, &type, &e), 0);
	assert_int_equal(mrt_buf_reserve(&b, 1), 0);
	b.p[b.len] = '\0';
	assert_int_equal(row_fields(b.p, f), 32);
	assert_string_equal(f[0], "del");
	assert_string_equal(f[1], "1");
	assert_string_equal(f[14], "");
	/* a peer going down: a peer row of 31 fields */
	b.len = 0;
	ev.type = ROUTE_EV_PEER_DOWN;
	assert_int_equal(openbmp_parsed_encode(&b, &c, &ev, NULL, &type, &e), 0);
	assert_string_equal(type, "peer");
	assert_int_equal(mrt_buf_reserve(&b, 1), 0);
	b.p[b.len] = '\0';
	assert_int_equal(row_fields(b.p, f), 31);
	assert_string_equal(f[0], "down");
	assert_string_equal(f[6], "192.0.2.1");
	assert_string_equal(f[8], "64500");
	assert_string_equal(f[9], "198.51.100.1");
	assert_string_equal(f[27], "1"); /* isIPv4 */
	mrt_buf_free(&b);
}

struct got {
	struct route_event ev[8];
	uint32_t path[8][8];
	size_t n;
};

static int collect(void *arg, const struct route_event *ev, struct err *e)
{
	(void)e;
	struct got *g = arg;
	if (g->n == 8)
		return 1;
	g->ev[g->n] = *ev;
	if (ev->path_len)
		memcpy(g->path[g->n], ev->path, ev->path_len * sizeof *ev->path);
	g->n++;
	return 0;
}

static void test_parsed_round_trip(void **state)
{
	(void)state;
	struct openbmp_collector c;
	openbmp_collector_init(&c, "collector1");
	static const uint32_t set_path[] = {64500, 64510, 64511};
	struct route_event evs[3] = {announce(), announce(), announce()};
	evs[1].path = set_path;
	evs[1].origin = 0;
	evs[1].origin_set = set_path + 1;
	evs[1].origin_set_len = 2;
	evs[1].n_communities = 0;
	evs[2].type = ROUTE_EV_PEER_DOWN;
	struct openbmp_decoder *d = calloc(1, sizeof *d);
	assert_non_null(d);
	struct err e;
	for (int i = 0; i < 3; i++) {
		struct mrt_buf b = {0};
		const char *type;
		assert_int_equal(openbmp_parsed_encode(&b, &c, &evs[i], NULL, &type, &e), 0);
		struct got g = {0};
		assert_int_equal(openbmp_parsed_decode(d, b.p, b.len, collect, &g, &e), 0);
		assert_int_equal(g.n, 1);
		const struct route_event *r = &g.ev[0];
		assert_int_equal(r->type, evs[i].type);
		assert_string_equal(r->source, "bmp:192.0.2.1");
		assert_int_equal(r->peer_as, 64500);
		assert_true(prefix_equal(&r->peer_addr, &evs[i].peer_addr));
		assert_int_equal(r->time, 1700000000);
		assert_int_equal(r->usec, 123456);
		if (i == 2) {
			mrt_buf_free(&b);
			continue;
		}
		assert_true(prefix_equal(&r->pfx, &evs[i].pfx));
		assert_int_equal(r->path_len, 3);
		assert_memory_equal(g.path[0], evs[i].path, 3 * sizeof(uint32_t));
		assert_int_equal(r->origin, evs[i].origin);
		assert_int_equal(r->origin_set_len, evs[i].origin_set_len);
		assert_int_equal(r->n_communities, evs[i].n_communities);
		mrt_buf_free(&b);
	}
	assert_int_equal(d->rows, 3);
	free(d);
}

static void test_parsed_errors(void **state)
{
	(void)state;
	struct openbmp_decoder *d = calloc(1, sizeof *d);
	struct got g = {0};
	struct err e;
	static const char other[] = "V: 1.7\nT: base_attribute\nL: 4\nR: 1\n\nadd\n";
	assert_int_equal(openbmp_parsed_decode(d, other, strlen(other), collect, &g, &e), 0);
	assert_int_equal(d->skipped, 1);
	static const char nohead[] = "V: 1.7\nT: unicast_prefix\n";
	assert_int_equal(openbmp_parsed_decode(d, nohead, strlen(nohead), collect, &g, &e), -1);
	assert_non_null(strstr(e.msg, "blank line"));
	static const char badpfx[] =
	    "V: 1.7\n\ndel\t0\th\tr\t192.0.2.1\t\tp\t198.51.100.1\t64500\t2023-11-14 "
	    "22:13:20.000001\t203.0.113.1\t24\t1\t\t\t\t\n";
	assert_int_equal(openbmp_parsed_decode(d, badpfx, strlen(badpfx), collect, &g, &e), -1);
	assert_non_null(strstr(e.msg, "row 1 field 11: bad prefix"));
	assert_int_equal(e.offset, (uint64_t)(strstr(badpfx, "203.") - badpfx));
	/* a router name with a NUL in it (found by fuzzing: it re-encoded empty) */
	static const char nul[] = "V: 1.7\nT: peer\n\ndown\t2\th\tr\t\t\t\0192.0.2.1\t2023-11-14 "
	                          "22:13:20\t64500\t198.51.100.1\t0:0\n";
	assert_int_equal(openbmp_parsed_decode(d, nul, sizeof nul - 1, collect, &g, &e), -1);
	assert_non_null(strstr(e.msg, "row 1 field 7: bad router address"));
	static const char longer[] = "V: 1.7\nL: 99\n\nadd\n";
	assert_int_equal(openbmp_parsed_decode(d, longer, strlen(longer), collect, &g, &e), -1);
	assert_int_equal(g.n, 0);
	free(d);
}

/* Every collector must put a prefix in the same partition: pinned. */
static void test_partition(void **state)
{
	(void)state;
	struct prefix p;
	struct err e;
	assert_int_equal(prefix_parse("203.0.113.0/24", &p, &e), 0);
	int32_t k = openbmp_partition(&p, 4);
	assert_true(k >= 0 && k < 4);
	assert_int_equal(k, openbmp_partition(&p, 4));
	assert_int_equal(openbmp_partition(&p, 1), 0);
	int seen[4] = {0};
	char s[32];
	for (int i = 0; i < 64; i++) {
		snprintf(s, sizeof s, "10.%d.0.0/16", i);
		assert_int_equal(prefix_parse(s, &p, &e), 0);
		seen[openbmp_partition(&p, 4)]++;
	}
	for (int i = 0; i < 4; i++)
		assert_true(seen[i] > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_raw_bytes),       cmocka_unit_test(test_raw_routeviews),
	    cmocka_unit_test(test_parsed_announce), cmocka_unit_test(test_parsed_round_trip),
	    cmocka_unit_test(test_parsed_errors),   cmocka_unit_test(test_partition),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

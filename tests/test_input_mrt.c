/* SPDX-License-Identifier: ISC */
/* test_input_mrt.c - MRT elements become route events: RIB as from_rib,
 * announcements with path, origin / AS_SET, communities and OTC,
 * withdrawals, sessions leaving Established as peer-down; bad files are
 * counted and skipped; the lab data and bgpdump's test data agree. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "bgp/mrt_write.h"
#include "core/reader.h"
#include "detect/input_mrt.h"

#define MAX_EV 64

struct seen {
	unsigned long n, rib, ann, wd, down, with_set, with_otc;
	struct route_event ev[MAX_EV];
	uint32_t path[MAX_EV][8];
	uint32_t comm[MAX_EV][4];
	uint32_t last_time;
	int backwards;
	int stop_after;
};

static int collect(void *arg, const struct route_event *ev, struct err *e)
{
	struct seen *s = arg;
	if (ev->time < s->last_time && !ev->from_rib)
		s->backwards = 1;
	s->last_time = ev->time;
	if (ev->type == ROUTE_EV_PEER_DOWN)
		s->down++;
	else if (ev->type == ROUTE_EV_WITHDRAW)
		s->wd++;
	else if (ev->from_rib)
		s->rib++;
	else
		s->ann++;
	if (ev->origin_set_len)
		s->with_set++;
	if (ev->has_otc)
		s->with_otc++;
	if (s->n < MAX_EV) {
		s->ev[s->n] = *ev;
		for (size_t i = 0; i < ev->path_len && i < 8; i++)
			s->path[s->n][i] = ev->path[i];
		for (size_t i = 0; i < ev->n_communities && i < 4; i++)
			s->comm[s->n][i] = ev->communities[i];
	}
	s->n++;
	if (s->stop_after && s->n == (unsigned long)s->stop_after)
		return 1;
	return 0;
}

static unsigned long warned;
static char last_warning[512];
static void count_warn(void *arg, const struct err *e)
{
	(void)arg;
	warned++;
	snprintf(last_warning, sizeof(last_warning), "%s", e->msg);
}

/* With use_prefetch, runs read ahead and count the hints here. */
static bool use_prefetch;
static unsigned long prefetched[3];
static void count_prefetch(void *arg, const struct prefix *pfx, int step)
{
	(void)arg;
	assert_true(pfx->family == 4 || pfx->family == 6);
	assert_true(step >= 0 && step < 3);
	prefetched[step]++;
}

static int run(const char *rib, const char *const *upd, size_t n, struct seen *s,
               struct input_mrt_stats *st)
{
	struct err e;
	struct input_mrt_opts o = {.rib = rib,
	                           .updates = upd,
	                           .n_updates = n,
	                           .source = "test",
	                           .warn = count_warn,
	                           .prefetch = use_prefetch ? count_prefetch : NULL};
	struct input_mrt *in = input_mrt_new(&o, &e);
	assert_non_null(in);
	int rc = input_mrt_run(in, collect, s, &e);
	input_mrt_get_stats(in, st);
	input_mrt_free(in);
	return rc;
}

/* A file with a RIB entry, an announcement carrying OTC, a withdrawal and
 * two state changes (into and out of Established). */
static char tmp_path[] = "/tmp/test_input_mrt.XXXXXX";
static void write_file(void)
{
	int fd = mkstemp(tmp_path);
	assert_true(fd >= 0);
	close(fd);
	struct err e;
	struct mrt_writer *w = mrt_writer_open(tmp_path, &e);
	assert_non_null(w);
	struct mrt_peer peers[1] = {{.bgp_id = 1, .asn = 64500}};
	assert_int_equal(addr_parse("192.0.2.1", &peers[0].addr, &e), 0);
	assert_int_equal(mrt_write_peer_index(w, 100, 1, "lab", peers, 1, &e), 0);
	uint32_t path[] = {64500, 3356, 64511};
	uint32_t comm[] = {(64500u << 16) | 7, 0xFFFFFF01};
	static const uint8_t otc[] = {0xC0, 35, 4, 0, 0, 0xFB, 0xF4}; /* OTC 64500 */
	struct mrt_attrs a = {.origin = MRT_ORIGIN_IGP,
	                      .as_path = path,
	                      .as_path_len = 3,
	                      .communities = comm,
	                      .n_communities = 2};
	assert_int_equal(addr_parse("192.0.2.1", &a.next_hop, &e), 0);
	struct prefix p4, p6;
	assert_int_equal(prefix_parse("10.1.0.0/16", &p4, &e), 0);
	assert_int_equal(prefix_parse("2001:db8:1::/48", &p6, &e), 0);
	struct mrt_rib_entry re = {0, 99, &a};
	assert_int_equal(mrt_write_rib(w, 100, 0, &p4, &re, 1, &e), 0);
	struct mrt_session s = {.peer_as = 64500, .local_as = 64499};
	assert_int_equal(addr_parse("192.0.2.1", &s.peer_ip, &e), 0);
	assert_int_equal(addr_parse("192.0.2.2", &s.local_ip, &e), 0);
	struct mrt_attrs ao = a;
	ao.raw = otc;
	ao.raw_len = sizeof(otc);
	assert_int_equal(mrt_write_update(w, 200, &s, NULL, 0, &p4, 1, &ao, &e), 0);
	assert_int_equal(mrt_write_update(w, 201, &s, &p4, 1, NULL, 0, NULL, &e), 0);
	assert_int_equal(mrt_write_state(w, 202, &s, MRT_STATE_ACTIVE, MRT_STATE_ESTABLISHED, &e),
	                 0);
	assert_int_equal(mrt_write_state(w, 203, &s, MRT_STATE_ESTABLISHED, MRT_STATE_IDLE, &e), 0);
	assert_int_equal(mrt_writer_close(w, &e), 0);
}

static void test_event_kinds(void **state)
{
	(void)state;
	write_file();
	struct seen s = {0};
	struct input_mrt_stats st;
	assert_int_equal(run(NULL, (const char *[]){tmp_path}, 1, &s, &st), 0);
	unlink(tmp_path);
	assert_int_equal(s.n, 4);
	/* RIB entry: from_rib, the dump's time, path, origin, communities. */
	assert_int_equal(s.ev[0].type, ROUTE_EV_ANNOUNCE);
	assert_true(s.ev[0].from_rib);
	assert_int_equal(s.ev[0].time, 100);
	assert_string_equal(s.ev[0].source, "test");
	assert_int_equal(s.ev[0].peer_as, 64500);
	assert_int_equal(s.ev[0].peer_addr.family, 4);
	assert_int_equal(s.ev[0].peer_addr.len, 32);
	assert_memory_equal(s.ev[0].peer_addr.addr, "\xc0\x00\x02\x01", 4);
	assert_int_equal(s.ev[0].path_len, 3);
	assert_int_equal(s.path[0][2], 64511);
	assert_int_equal(s.ev[0].origin, 64511);
	assert_null(s.ev[0].origin_set);
	assert_int_equal(s.ev[0].n_communities, 2);
	assert_int_equal(s.comm[0][0], (64500u << 16) | 7);
	assert_int_equal(s.comm[0][1], 0xFFFFFF01);
	assert_false(s.ev[0].has_otc);
	/* The announcement carries OTC. */
	assert_int_equal(s.ev[1].type, ROUTE_EV_ANNOUNCE);
	assert_false(s.ev[1].from_rib);
	assert_int_equal(s.ev[1].time, 200);
	assert_true(s.ev[1].has_otc);
	assert_int_equal(s.ev[1].otc, 64500);
	char buf[PREFIX_STRLEN];
	assert_string_equal(prefix_format(&s.ev[1].pfx, buf, sizeof(buf)), "10.1.0.0/16");
	assert_int_equal(s.ev[2].type, ROUTE_EV_WITHDRAW);
	assert_int_equal(s.ev[2].path_len, 0);
	/* Active -> Established yields nothing; Established -> Idle is a peer-down. */
	assert_int_equal(s.ev[3].type, ROUTE_EV_PEER_DOWN);
	assert_int_equal(s.ev[3].time, 203);
	assert_int_equal(s.ev[3].peer_as, 64500);
	assert_int_equal(st.events, 4);
	assert_int_equal(st.records, 6); /* peer index, RIB, 2 UPDATEs, 2 state changes */
	assert_int_equal(st.rib, 1);
	assert_int_equal(st.announces, 1);
	assert_int_equal(st.withdraws, 1);
	assert_int_equal(st.peer_downs, 1);
	assert_int_equal(st.files, 1);
	assert_int_equal(st.files_failed, 0);
	assert_string_equal(route_event_type_name(ROUTE_EV_PEER_DOWN), "peer-down");
	assert_string_equal(route_event_type_name(ROUTE_EV_ANNOUNCE), "announce");
	assert_string_equal(route_event_type_name(ROUTE_EV_WITHDRAW), "withdraw");
}

/* An element built by hand around attrs decoded from bytes. */
static int convert(const uint8_t *attr, size_t len, struct mrt_event_conv *c,
                   struct route_event *ev, struct bgp_attrs *a)
{
	struct err e;
	memset(a, 0, sizeof(*a));
	bgp_attrs_decode(attr, len, 4, false, a, &e);
	static struct mrt_record rec = {.time = 1234, .usec = 5};
	struct mrt_elem el = {.type = MRT_ELEM_ANNOUNCE,
	                      .rec = &rec,
	                      .peer_family = 6,
	                      .peer_as = 65001,
	                      .afi = 2,
	                      .safi = 1,
	                      .pfx_len = 32,
	                      .attrs = a,
	                      .attrs_id = (uintptr_t)attr};
	memcpy(el.pfx_raw, "\x20\x01\x0d\xb8", 4);
	el.peer_addr[0] = 0x20;
	return mrt_elem_to_event(&el, c, ev);
}

static void test_as_set_origin(void **state)
{
	(void)state;
	/* ORIGIN IGP; AS_PATH (20 bytes): SEQUENCE(64500 64501) SET(64510 64511). */
	static const uint8_t attr[] = {0x40, 1, 1,    0,    0x40, 2, 20,   2,    2,
	                               0,    0, 0xfb, 0xf4, 0,    0, 0xfb, 0xf5, 1,
	                               2,    0, 0,    0xfb, 0xfe, 0, 0,    0xfb, 0xff};
	struct mrt_event_conv c = {0};
	struct route_event ev;
	struct bgp_attrs a;
	assert_int_equal(convert(attr, sizeof(attr), &c, &ev, &a), 1);
	assert_int_equal(ev.type, ROUTE_EV_ANNOUNCE);
	assert_int_equal(ev.time, 1234);
	assert_int_equal(ev.usec, 5);
	assert_int_equal(ev.peer_addr.family, 6);
	assert_int_equal(ev.peer_addr.len, 128);
	assert_int_equal(ev.pfx.family, 6);
	assert_int_equal(ev.pfx.len, 32);
	assert_int_equal(ev.path_len, 4);
	assert_int_equal(ev.origin, 0);
	assert_int_equal(ev.origin_set_len, 2);
	assert_int_equal(ev.origin_set[0], 64510);
	assert_int_equal(ev.origin_set[1], 64511);
	assert_int_equal(ev.path[0], 64500);
	mrt_event_conv_free(&c);
}

static void test_treat_as_withdraw(void **state)
{
	(void)state;
	/* COMMUNITIES of 3 bytes: RFC 7606 section 7.8, treat-as-withdraw. */
	static const uint8_t attr[] = {0x40, 1,    1,    0,    0x40, 2, 6, 2, 1, 0,
	                               0,    0xfb, 0xf4, 0xC0, 8,    3, 1, 2, 3};
	struct mrt_event_conv c = {0};
	struct route_event ev;
	struct bgp_attrs a;
	assert_int_equal(convert(attr, sizeof(attr), &c, &ev, &a), 1);
	assert_int_equal(a.action, BGP_ACTION_WITHDRAW);
	assert_int_equal(ev.type, ROUTE_EV_WITHDRAW);
	mrt_event_conv_free(&c);
}

static void test_bad_files_skipped(void **state)
{
	(void)state;
	char bad[] = "/tmp/test_input_mrt_bad.XXXXXX";
	int fd = mkstemp(bad);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "root:x:0:0:root:/root:/bin/sh\n", 30), 30);
	close(fd);
	const char *files[] = {"/nonexistent/updates.mrt", bad, "tests/data/lab20/updates.mrt"};
	struct seen s = {0};
	struct input_mrt_stats st;
	warned = 0;
	int rc = run(NULL, files, 3, &s, &st);
	unlink(bad);
	if (access("tests/data/lab20/updates.mrt", R_OK) != 0)
		skip();
	assert_int_equal(rc, 0);
	assert_int_equal(st.files_failed, 2);
	assert_int_equal(st.files, 1);
	assert_int_equal(warned, 2);
	assert_non_null(strstr(last_warning, bad));
	assert_true(s.n > 0);
}

/* The committed lab world: RIB then updates, time order, a peer-down. */
static void test_lab20(void **state)
{
	(void)state;
	const char *rib = "tests/data/lab20/rib.mrt";
	if (access(rib, R_OK) != 0)
		skip();
	struct seen s = {0};
	struct input_mrt_stats st;
	assert_int_equal(run(rib, (const char *[]){"tests/data/lab20/updates.mrt"}, 1, &s, &st), 0);
	/* bgpdump: 225 RIB lines, 102 A, 16 W, one STATE 6 -> 1. */
	assert_int_equal(s.rib, 225);
	assert_int_equal(s.ann, 102);
	assert_int_equal(s.wd, 16);
	assert_int_equal(s.down, 1);
	assert_int_equal(st.files, 2);
	assert_int_equal(st.warnings, 0);
	assert_false(s.backwards);

	/* The callback can stop the input. */
	struct seen s2 = {.stop_after = 10};
	assert_int_equal(run(rib, (const char *[]){"tests/data/lab20/updates.mrt"}, 1, &s2, &st),
	                 1);
	assert_int_equal(s2.n, 10);
}

/* Counts of bgpdump's expected output: B (RIB), A, W, STATE leaving
 * Established (6), A lines whose path ends in an AS_SET. */
struct expect_counts {
	unsigned long b, a, w, down, sets;
};

static int read_expect(const char *path, struct expect_counts *c)
{
	struct err e;
	struct reader *r = reader_open(path, &e);
	if (!r)
		return -1;
	char *line;
	size_t len;
	memset(c, 0, sizeof(*c));
	while (reader_getline(r, &line, &len, &e) == 1) {
		char *f[8] = {0};
		char *p = line;
		for (int i = 0; i < 8 && p; i++) {
			f[i] = p;
			p = strchr(p, '|');
			if (p)
				*p++ = 0;
		}
		if (!f[2])
			continue;
		if (!strcmp(f[2], "B") || !strcmp(f[2], "A")) {
			*(!strcmp(f[2], "B") ? &c->b : &c->a) += 1;
			if (f[6] && *f[6] && f[6][strlen(f[6]) - 1] == '}')
				c->sets++;
		} else if (!strcmp(f[2], "W")) {
			c->w++;
		} else if (!strcmp(f[2], "STATE") && f[5] && !strcmp(f[5], "6")) {
			c->down++;
		}
	}
	reader_close(r);
	return 0;
}

/* bgpdump's own test data: the same counts as its expected output, RIB
 * files (TABLE_DUMP, TABLE_DUMP_V2 with ADD-PATH) as from_rib events. */
static void test_bgpdump_data(void **state)
{
	(void)state;
	const char *shared = getenv("SHARED") ? getenv("SHARED") : "../shared";
	static const char *files[] = {"updates.20100722.2015.gz", "updates.20160811.1600.gz",
	                              "bview.20020722.2337.gz", "bview.ipv4_unicast_add_path.gz"};
	int ran = 0;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char in[512], exp[512];
		snprintf(in, sizeof(in), "%s/data/mrt/bgpdump-testdata/test_data/%s", shared,
		         files[i]);
		snprintf(exp, sizeof(exp), "%s/data/mrt/bgpdump-testdata/test_expect/%s.bgp.gz",
		         shared, files[i]);
		struct expect_counts c;
		if (access(in, R_OK) != 0 || read_expect(exp, &c) < 0)
			continue;
		struct seen s = {0};
		struct input_mrt_stats st;
		bool rib = files[i][0] == 'b';
		assert_int_equal(rib ? run(in, NULL, 0, &s, &st)
		                     : run(NULL, (const char *[]){in}, 1, &s, &st),
		                 0);
		assert_int_equal(s.rib, c.b);
		assert_int_equal(s.ann, c.a);
		assert_int_equal(s.wd, c.w);
		assert_int_equal(s.down, c.down);
		assert_int_equal(s.with_set, c.sets);
		ran++;
	}
	if (!ran)
		skip();
}

/* Pacing waits by data time but never changes the events. */
static void test_speed_keeps_events(void **state)
{
	(void)state;
	const char *upd = "tests/data/lab20/updates.mrt";
	if (access(upd, R_OK) != 0)
		skip();
	struct seen fast = {0}, paced = {0};
	struct input_mrt_stats st;
	assert_int_equal(run(NULL, (const char *[]){upd}, 1, &fast, &st), 0);
	struct err e;
	struct input_mrt_opts o = {.updates = (const char *[]){upd}, .n_updates = 1, .speed = 1e6};
	struct input_mrt *in = input_mrt_new(&o, &e);
	assert_int_equal(input_mrt_run(in, collect, &paced, &e), 0);
	input_mrt_free(in);
	assert_int_equal(fast.n, paced.n);
	for (unsigned long i = 0; i < fast.n && i < MAX_EV; i++) {
		assert_int_equal(fast.ev[i].time, paced.ev[i].time);
		assert_int_equal(fast.ev[i].type, paced.ev[i].type);
		assert_true(prefix_equal(&fast.ev[i].pfx, &paced.ev[i].pfx));
	}
}

/* Reading ahead (o.prefetch) hands on the same events in the same order,
 * hints every prefix once per step, and loses nothing when a file ends in
 * a truncated record (what was decoded before it is handed on). */
static void test_read_ahead_same_events(void **state)
{
	(void)state;
	const char *rib = "tests/data/lab20/rib.mrt", *upd = "tests/data/lab20/updates.mrt";
	if (access(rib, R_OK) != 0 || access(upd, R_OK) != 0)
		skip();
	/* The updates cut in the middle of a record. */
	char cut[] = "/tmp/test_input_mrt_cut.XXXXXX";
	int fd = mkstemp(cut);
	assert_true(fd >= 0);
	FILE *f = fopen(upd, "rb");
	assert_non_null(f);
	static uint8_t buf[1 << 20];
	size_t len = fread(buf, 1, sizeof buf, f);
	fclose(f);
	assert_true(len > 100);
	assert_int_equal(write(fd, buf, len * 2 / 3), (ssize_t)(len * 2 / 3));
	close(fd);
	const char *files[] = {upd, cut};
	static struct seen plain, ahead;
	struct input_mrt_stats st_plain, st_ahead;
	memset(&plain, 0, sizeof plain);
	memset(&ahead, 0, sizeof ahead);
	use_prefetch = false;
	assert_int_equal(run(rib, files, 2, &plain, &st_plain), 0);
	use_prefetch = true;
	memset(prefetched, 0, sizeof prefetched);
	assert_int_equal(run(rib, files, 2, &ahead, &st_ahead), 0);
	use_prefetch = false;
	unlink(cut);
	assert_true(st_plain.warnings + st_plain.files_failed > 0); /* the cut was noticed */
	assert_int_equal(ahead.n, plain.n);
	assert_int_equal(st_ahead.events, st_plain.events);
	assert_int_equal(st_ahead.announces, st_plain.announces);
	assert_int_equal(st_ahead.withdraws, st_plain.withdraws);
	assert_int_equal(st_ahead.peer_downs, st_plain.peer_downs);
	assert_int_equal(prefetched[0], plain.n - plain.down);
	assert_true(prefetched[2] > 0);
	for (unsigned long i = 0; i < plain.n && i < MAX_EV; i++) {
		const struct route_event *a = &plain.ev[i], *b = &ahead.ev[i];
		assert_int_equal(a->type, b->type);
		assert_int_equal(a->time, b->time);
		assert_true(prefix_equal(&a->pfx, &b->pfx));
		assert_int_equal(a->path_len, b->path_len);
		assert_memory_equal(plain.path[i], ahead.path[i], sizeof plain.path[i]);
		assert_int_equal(a->n_communities, b->n_communities);
		assert_memory_equal(plain.comm[i], ahead.comm[i], sizeof plain.comm[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_event_kinds),
	    cmocka_unit_test(test_as_set_origin),
	    cmocka_unit_test(test_treat_as_withdraw),
	    cmocka_unit_test(test_bad_files_skipped),
	    cmocka_unit_test(test_lab20),
	    cmocka_unit_test(test_bgpdump_data),
	    cmocka_unit_test(test_speed_keeps_events),
	    cmocka_unit_test(test_read_ahead_same_events),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

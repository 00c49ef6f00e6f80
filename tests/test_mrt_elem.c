/* SPDX-License-Identifier: ISC */
/* test_mrt_elem.c - writer -> reader -> elements round trip, bgpdump and
 * JSON lines, and bad input (truncation, lying lengths) never crashing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>

#include "bgp/mrt.h"
#include "bgp/mrt_bgp4mp.h"
#include "bgp/mrt_td2.h"
#include "bgp/mrt_bgpdump.h"
#include "bgp/mrt_elem.h"
#include "bgp/mrt_json.h"
#include "bgp/mrt_stats.h"
#include "bgp/mrt_write.h"

static uint8_t *file_buf;
static size_t file_len;

/* Write a small file with the writer and load its bytes. */
static void make_file(void)
{
	char path[] = "/tmp/test_mrt_elem.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct err e;
	struct mrt_writer *w = mrt_writer_open(path, &e);
	assert_non_null(w);
	struct mrt_peer peers[2] = {{.bgp_id = 1, .asn = 64500}, {.bgp_id = 2, .asn = 4200000001u}};
	assert_int_equal(addr_parse("192.0.2.1", &peers[0].addr, &e), 0);
	assert_int_equal(addr_parse("2001:db8::5", &peers[1].addr, &e), 0);
	assert_int_equal(mrt_write_peer_index(w, 100, 0x0a0000fe, "lab", peers, 2, &e), 0);
	uint32_t path4[] = {64500, 3356, 64511};
	uint32_t comm[] = {(64500u << 16) | 7, 0xFFFFFF01};
	struct mrt_attrs a = {.origin = MRT_ORIGIN_IGP,
	                      .as_path = path4,
	                      .as_path_len = 3,
	                      .has_med = true,
	                      .med = 5,
	                      .communities = comm,
	                      .n_communities = 2};
	assert_int_equal(addr_parse("192.0.2.1", &a.next_hop, &e), 0);
	struct mrt_attrs a6 = a;
	assert_int_equal(addr_parse("2001:db8::5", &a6.next_hop, &e), 0);
	struct prefix p4, p6;
	assert_int_equal(prefix_parse("10.1.0.0/16", &p4, &e), 0);
	assert_int_equal(prefix_parse("2001:db8:1::/48", &p6, &e), 0);
	struct mrt_rib_entry re[2] = {{0, 99, &a}, {1, 98, &a6}};
	assert_int_equal(mrt_write_rib(w, 100, 0, &p4, re, 1, &e), 0);
	assert_int_equal(mrt_write_rib(w, 100, 1, &p6, re + 1, 1, &e), 0);
	struct mrt_session s = {.peer_as = 64500, .local_as = 64499};
	assert_int_equal(addr_parse("192.0.2.1", &s.peer_ip, &e), 0);
	assert_int_equal(addr_parse("192.0.2.2", &s.local_ip, &e), 0);
	struct prefix both[2] = {p4, p6};
	assert_int_equal(mrt_write_update(w, 200, &s, both, 2, NULL, 0, NULL, &e), 0);
	assert_int_equal(mrt_write_update(w, 201, &s, NULL, 0, &p4, 1, &a, &e), 0);
	assert_int_equal(mrt_write_state(w, 202, &s, MRT_STATE_ACTIVE, MRT_STATE_ESTABLISHED, &e),
	                 0);
	assert_int_equal(mrt_writer_close(w, &e), 0);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	file_buf = malloc(1 << 16);
	file_len = fread(file_buf, 1, 1 << 16, f);
	fclose(f);
	unlink(path);
}

static const char *expect_m = "TABLE_DUMP2|100|B|192.0.2.1|64500|10.1.0.0/16|64500 3356 "
                              "64511|IGP|192.0.2.1|0|5|64500:7 no-export|NAG||\n"
                              "TABLE_DUMP2|100|B|2001:db8::5|4200000001|2001:db8:1::/48|64500 3356 "
                              "64511|IGP|2001:db8::5|0|5|64500:7 no-export|NAG||\n"
                              "BGP4MP|200|W|192.0.2.1|64500|10.1.0.0/16\n"
                              "BGP4MP|200|W|192.0.2.1|64500|2001:db8:1::/48\n"
                              "BGP4MP|201|A|192.0.2.1|64500|10.1.0.0/16|64500 3356 "
                              "64511|IGP|192.0.2.1|0|5|64500:7 no-export|NAG||\n"
                              "BGP4MP|202|STATE|192.0.2.1|64500|3|6\n";

struct warns {
	int n;
	char last[512];
};

static void on_warn(void *ctx, const struct err *e)
{
	struct warns *w = ctx;
	w->n++;
	snprintf(w->last, sizeof w->last, "%s", e->msg);
}

/* Dump data as bgpdump -m text; returns the element count. */
static int dump(const uint8_t *data, size_t n, struct mrt_buf *out, struct warns *w)
{
	struct err e;
	struct mrt_reader *r = mrt_reader_open_mem(data, n, "mem.mrt", &e);
	assert_non_null(r);
	mrt_reader_set_warn(r, on_warn, w);
	struct mrt_elems *it = mrt_elems_new(r, &e);
	struct mrt_bgpdump f;
	mrt_bgpdump_init(&f, MRT_BGPDUMP_M, false);
	const struct mrt_elem *el;
	int count = 0, rc;
	while ((rc = mrt_elems_next(it, &el, &e)) > 0) {
		assert_int_equal(mrt_bgpdump_format(&f, el, out), 0);
		count++;
		assert_true(count < 100000);
	}
	assert_int_equal(rc, 0);
	mrt_bgpdump_free(&f);
	mrt_elems_free(it);
	mrt_reader_close(r);
	return count;
}

static void test_round_trip_bgpdump(void **state)
{
	(void)state;
	struct mrt_buf out = {0};
	struct warns w = {0};
	assert_int_equal(dump(file_buf, file_len, &out, &w), 6);
	assert_int_equal(w.n, 0);
	assert_int_equal(out.len, strlen(expect_m));
	assert_memory_equal(out.p, expect_m, out.len);
	mrt_buf_free(&out);
}

static void test_json_lines_parse(void **state)
{
	(void)state;
	struct err e;
	struct mrt_reader *r = mrt_reader_open_mem(file_buf, file_len, "mem", &e);
	struct mrt_elems *it = mrt_elems_new(r, &e);
	const struct mrt_elem *el;
	int n = 0;
	while (mrt_elems_next(it, &el, &e) > 0) {
		struct mrt_buf b = {0};
		assert_int_equal(mrt_json_format(el, &b), 0);
		json_error_t je;
		json_t *j = json_loadb(b.p, b.len, 0, &je);
		assert_non_null(j);
		const char *type = json_string_value(json_object_get(j, "type"));
		assert_non_null(type);
		if (n == 1) {
			assert_string_equal(type, "rib");
			assert_string_equal(json_string_value(json_object_get(j, "prefix")),
			                    "2001:db8:1::/48");
			assert_string_equal(json_string_value(json_object_get(j, "next_hop")),
			                    "2001:db8::5");
			assert_int_equal(json_integer_value(json_object_get(j, "peer_as")),
			                 4200000001LL);
			assert_int_equal(json_integer_value(json_object_get(j, "origin_as")),
			                 64511);
			assert_int_equal(json_array_size(json_object_get(j, "as_path")), 3);
		}
		if (n == 5) {
			assert_string_equal(type, "state");
			assert_int_equal(json_integer_value(json_object_get(j, "new_state")), 6);
		}
		json_decref(j);
		mrt_buf_free(&b);
		n++;
	}
	assert_int_equal(n, 6);
	mrt_elems_free(it);
	mrt_reader_close(r);
}

static void test_stats(void **state)
{
	(void)state;
	struct err e;
	struct mrt_reader *r = mrt_reader_open_mem(file_buf, file_len, "mem", &e);
	struct mrt_elems *it = mrt_elems_new(r, &e);
	struct mrt_stats s;
	mrt_stats_init(&s);
	const struct mrt_elem *el;
	static const char *want_nh[] = {"192.0.2.1", "2001:db8::5", NULL, NULL, "192.0.2.1", NULL};
	static const uint32_t want_origin[] = {64511, 64511, 0, 0, 64511, 0};
	int i = 0;
	while (mrt_elems_next(it, &el, &e) > 0) {
		assert_int_equal(mrt_stats_add(&s, el), 0);
		struct prefix nh;
		char buf[PREFIX_STRLEN];
		if (want_nh[i]) {
			assert_int_equal(mrt_elem_next_hop(el, &nh), 0);
			assert_string_equal(addr_format(&nh, buf, sizeof buf), want_nh[i]);
		} else {
			assert_int_equal(mrt_elem_next_hop(el, &nh), -1);
		}
		assert_int_equal(mrt_elem_origin_as(el), want_origin[i]);
		i++;
	}
	assert_int_equal(s.elems[MRT_ELEM_RIB], 2);
	assert_int_equal(s.elems[MRT_ELEM_WITHDRAW], 2);
	assert_int_equal(s.elems[MRT_ELEM_ANNOUNCE], 1);
	assert_int_equal(s.elems[MRT_ELEM_STATE], 1);
	assert_int_equal(s.prefixes, 2);
	assert_int_equal(s.origins, 1);
	assert_int_equal(s.peers, 2);
	assert_int_equal(mrt_elems_record_counts(it)[MRT_TABLE_DUMP_V2], 3);
	assert_int_equal(mrt_elems_record_counts(it)[MRT_BGP4MP], 3);
	mrt_stats_free(&s);
	mrt_elems_free(it);
	mrt_reader_close(r);
}

/* Every prefix of the file is a truncated file: no crash, a warning
 * naming the offset unless the cut falls on a record boundary. */
static void test_every_truncation(void **state)
{
	(void)state;
	for (size_t n = 0; n < file_len; n++) {
		struct mrt_buf out = {0};
		struct warns w = {0};
		uint8_t *copy = malloc(n ? n : 1);
		memcpy(copy, file_buf, n);
		dump(copy, n, &out, &w);
		free(copy);
		mrt_buf_free(&out);
	}
	struct mrt_buf out = {0};
	struct warns w = {0};
	dump(file_buf, file_len - 3, &out, &w);
	assert_int_equal(w.n, 1);
	assert_non_null(strstr(w.last, "mem.mrt: offset "));
	assert_non_null(strstr(w.last, "truncated MRT record"));
	mrt_buf_free(&out);
}

/* Flip every byte of the file to a few values: lying lengths everywhere. */
static void test_corruption_never_crashes(void **state)
{
	(void)state;
	static const uint8_t vals[] = {0x00, 0xff, 0x80, 0x7f, 0x10};
	uint8_t *copy = malloc(file_len);
	for (size_t i = 0; i < file_len; i++) {
		for (size_t v = 0; v < sizeof vals; v++) {
			memcpy(copy, file_buf, file_len);
			copy[i] = vals[v];
			struct mrt_buf out = {0};
			struct warns w = {0};
			dump(copy, file_len, &out, &w);
			mrt_buf_free(&out);
		}
	}
	free(copy);
}

static void test_lying_attr_length_warns(void **state)
{
	(void)state;
	/* The first RIB entry's attributes start 12 (header) + 9 (seq, prefix,
	 * count) + 8 (peer, time, length) bytes into its record; make AS_PATH
	 * claim 200 bytes. The record still yields its entry (attributes up to
	 * the bad one), a warning names the offset, and later records decode. */
	uint8_t *copy = malloc(file_len);
	memcpy(copy, file_buf, file_len);
	size_t rib = 12 + ((size_t)copy[10] << 8 | copy[11]);
	size_t as_path = rib + 12 + 9 + 8 + 4;
	assert_int_equal(copy[as_path + 1], 2);
	copy[as_path + 3] = 200;
	struct mrt_buf out = {0};
	struct warns w = {0};
	assert_int_equal(dump(copy, file_len, &out, &w), 6);
	assert_int_equal(w.n, 1);
	assert_non_null(strstr(w.last, "overruns"));
	char want[64];
	snprintf(want, sizeof want, "offset %zu:", as_path);
	assert_non_null(strstr(w.last, want));
	free(copy);
	mrt_buf_free(&out);
}

/* The record-level API: BGP4MP headers and the framed BGP message. */
static void test_bgp4mp_records(void **state)
{
	(void)state;
	struct err e;
	struct mrt_reader *r = mrt_reader_open_mem(file_buf, file_len, "mem", &e);
	struct mrt_record rec;
	int n = 0, updates = 0, states = 0;
	while (mrt_reader_next(r, &rec, &e) > 0) {
		n++;
		if (rec.type != MRT_BGP4MP)
			continue;
		struct mrt_bgp4mp m;
		assert_int_equal(mrt_bgp4mp_decode(&rec, &m, &e), 1);
		assert_int_equal(m.peer_as, 64500);
		assert_int_equal(m.local_as, 64499);
		assert_int_equal(m.family, 4);
		assert_memory_equal(m.local_ip, ((uint8_t[]){192, 0, 2, 2}), 4);
		if (m.is_state) {
			states++;
			assert_int_equal(m.old_state, MRT_STATE_ACTIVE);
			assert_int_equal(m.new_state, MRT_STATE_ESTABLISHED);
		} else {
			updates++;
			assert_int_equal(m.msg.type, BGP_MSG_UPDATE);
			assert_int_equal(m.msg.body_len + 19, m.msg.len);
		}
		/* Every cut of the body is rejected cleanly or decoded. */
		for (uint32_t cut = 0; cut < rec.len; cut++) {
			struct mrt_record short_rec = rec;
			short_rec.len = cut;
			assert_true(mrt_bgp4mp_decode(&short_rec, &m, &e) >= -1);
		}
	}
	assert_int_equal(n, 6);
	assert_int_equal(updates, 2);
	assert_int_equal(states, 1);
	mrt_reader_close(r);
}

/* An unknown record type between good ones: warned, skipped, the rest read. */
static void test_unknown_type_skipped(void **state)
{
	(void)state;
	static const uint8_t junk[] = {0, 0, 0, 1, 0x12, 0x34, 0, 1, 0, 0, 0, 3, 9, 9, 9};
	uint8_t *buf = malloc(file_len + sizeof junk);
	memcpy(buf, junk, sizeof junk);
	memcpy(buf + sizeof junk, file_buf, file_len);
	struct mrt_buf out = {0};
	struct warns w = {0};
	assert_int_equal(dump(buf, file_len + sizeof junk, &out, &w), 6);
	assert_int_equal(w.n, 1);
	assert_non_null(strstr(w.last, "offset 0: MRT type 4660 unknown"));
	mrt_buf_free(&out);
	free(buf);
}

/* A text file is not MRT: one error naming what offset 0 holds, not a
 * record-length warning. */
static void test_text_is_not_mrt(void **state)
{
	(void)state;
	static const char *texts[] = {"root:x:0:0:root:/root:/bin/bash\n",
	                              "route:  192.0.2.0/24\norigin: AS64500\n", "short\n"};
	for (size_t i = 0; i < 3; i++) {
		struct err e;
		struct mrt_reader *r =
		    mrt_reader_open_mem((const uint8_t *)texts[i], strlen(texts[i]), "x.txt", &e);
		struct mrt_record rec;
		int rc = mrt_reader_next(r, &rec, &e);
		if (strlen(texts[i]) >= 12) {
			assert_int_equal(rc, -1);
			assert_non_null(
			    strstr(e.msg, "x.txt: not an MRT file: offset 0 holds text"));
		} else {
			assert_int_equal(rc, 0); /* too short for a header: warned */
		}
		mrt_reader_close(r);
	}
}

static void test_peer_table(void **state)
{
	(void)state;
	struct err e;
	struct mrt_reader *r = mrt_reader_open_mem(file_buf, file_len, "mem", &e);
	struct mrt_record rec;
	assert_int_equal(mrt_reader_next(r, &rec, &e), 1);
	assert_int_equal(rec.type, MRT_TABLE_DUMP_V2);
	struct mrt_peer_table t;
	assert_int_equal(mrt_peer_table_decode(&rec, &t, &e), 0);
	assert_int_equal(t.collector_id, 0x0a0000fe);
	assert_string_equal(t.view, "lab");
	assert_int_equal(t.n, 2);
	assert_int_equal(t.peers[0].family, 4);
	assert_int_equal(t.peers[0].asn, 64500);
	assert_int_equal(t.peers[1].family, 6);
	assert_int_equal(t.peers[1].asn, 4200000001u);
	assert_int_equal(t.peers[1].bgp_id, 2);
	mrt_peer_table_free(&t);
	/* Cut inside the second peer: the first survives, -1 with an offset. */
	struct mrt_record cut = rec;
	cut.len -= 3;
	assert_int_equal(mrt_peer_table_decode(&cut, &t, &e), -1);
	assert_int_equal(t.n, 1);
	assert_true(e.has_offset);
	mrt_peer_table_free(&t);
	cut.len = 5;
	assert_int_equal(mrt_peer_table_decode(&cut, &t, &e), -1);
	assert_int_equal(t.n, 0);
	mrt_peer_table_free(&t);
	mrt_reader_close(r);
}

int main(void)
{
	make_file();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip_bgpdump),
	    cmocka_unit_test(test_json_lines_parse),
	    cmocka_unit_test(test_stats),
	    cmocka_unit_test(test_every_truncation),
	    cmocka_unit_test(test_corruption_never_crashes),
	    cmocka_unit_test(test_lying_attr_length_warns),
	    cmocka_unit_test(test_bgp4mp_records),
	    cmocka_unit_test(test_unknown_type_skipped),
	    cmocka_unit_test(test_peer_table),
	    cmocka_unit_test(test_text_is_not_mrt),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(file_buf);
	return rc;
}

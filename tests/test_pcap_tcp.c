/* SPDX-License-Identifier: ISC */
/* test_pcap_tcp.c - TCP streams from captures: segments out of order,
 * retransmitted and overlapping, a SYN, a hole; link types and VLANs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/pcap_tcp.h"
#include "core/wire.h"

struct cap {
	char path[64];
	FILE *f;
};

static void cap_open(struct cap *c, uint32_t linktype)
{
	strcpy(c->path, "/tmp/test_pcap_tcp.XXXXXX");
	int fd = mkstemp(c->path);
	assert_true(fd >= 0);
	c->f = fdopen(fd, "wb");
	/* Classic pcap header, little-endian. */
	uint32_t h[6] = {0xa1b2c3d4, 0x00040002, 0, 0, 65535, linktype};
	fwrite(h, 4, 6, c->f);
}

/* One Ethernet (optionally VLAN-tagged) IPv4 TCP frame. */
static void frame4(struct cap *c, bool vlan, uint8_t src_last, uint16_t sport, uint32_t seq,
                   uint8_t flags, const char *payload)
{
	uint8_t b[2048];
	struct wire_buf w = wire_buf_make(b, sizeof b);
	size_t n = strlen(payload);
	wire_put_zero(&w, 12);
	if (vlan) {
		wire_put_u16(&w, 0x8100);
		wire_put_u16(&w, 7);
	}
	wire_put_u16(&w, 0x0800);
	wire_put_u8(&w, 0x45);
	wire_put_u8(&w, 0);
	wire_put_u16(&w, (uint16_t)(20 + 20 + n));
	wire_put_u32(&w, 0);
	wire_put_u8(&w, 64);
	wire_put_u8(&w, 6);
	wire_put_u16(&w, 0);
	uint8_t src[4] = {192, 0, 2, src_last}, dst[4] = {192, 0, 2, 100};
	wire_put_bytes(&w, src, 4);
	wire_put_bytes(&w, dst, 4);
	wire_put_u16(&w, sport);
	wire_put_u16(&w, 11019);
	wire_put_u32(&w, seq);
	wire_put_u32(&w, 0);
	wire_put_u8(&w, 5 << 4);
	wire_put_u8(&w, flags);
	wire_put_u16(&w, 65535);
	wire_put_u32(&w, 0);
	wire_put_bytes(&w, payload, n);
	/* Ethernet pads short frames: the IP length must trim it. */
	if (w.len < 60)
		wire_put_zero(&w, 60 - w.len);
	uint32_t rh[4] = {1, 0, (uint32_t)w.len, (uint32_t)w.len};
	fwrite(rh, 4, 4, c->f);
	fwrite(b, 1, w.len, c->f);
}

static void test_reassembly(void **state)
{
	(void)state;
	struct cap c;
	cap_open(&c, 1);
	/* Flow A: SYN at 1000, then "hello " "world" "!" out of order, with
	 * a retransmission and an overlapping segment. */
	frame4(&c, false, 1, 4000, 1000, 0x02, "");
	frame4(&c, false, 1, 4000, 1007, 0x18, "world");
	frame4(&c, true, 1, 4000, 1001, 0x18, "hello ");
	frame4(&c, false, 1, 4000, 1001, 0x18, "hello ");
	frame4(&c, false, 1, 4000, 1010, 0x18, "ld!");
	/* Flow B: no SYN captured, a hole after "abc". */
	frame4(&c, false, 2, 4001, 50, 0x18, "abc");
	frame4(&c, false, 2, 4001, 60, 0x18, "xyz");
	fclose(c.f);
	struct pcap_tcp t;
	struct err e;
	assert_int_equal(pcap_tcp_read(c.path, &t, &e), 0);
	unlink(c.path);
	assert_int_equal(t.frames, 7);
	assert_int_equal(t.skipped, 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.flows[0].family, 4);
	assert_int_equal(t.flows[0].sport, 4000);
	assert_int_equal(t.flows[0].src[3], 1);
	assert_int_equal(t.flows[0].len, 12);
	assert_memory_equal(t.flows[0].data, "hello world!", 12);
	assert_false(t.flows[0].hole);
	assert_int_equal(t.flows[1].len, 3);
	assert_memory_equal(t.flows[1].data, "abc", 3);
	assert_true(t.flows[1].hole);
	assert_int_equal(t.flows[1].bytes_after_hole, 3);
	pcap_tcp_free(&t);
}

static void test_syn_with_data(void **state)
{
	(void)state;
	struct cap c;
	/* Replay tools put data on the SYN at the ISN and go on from there
	 * (pmacct's test captures); real TCP has it at ISN + 1. */
	cap_open(&c, 1);
	frame4(&c, false, 1, 4000, 1, 0x02, "ab");
	frame4(&c, false, 1, 4000, 3, 0x18, "cd");
	frame4(&c, false, 3, 4002, 100, 0x02, "ab");
	frame4(&c, false, 3, 4002, 103, 0x18, "cd");
	fclose(c.f);
	struct pcap_tcp t;
	struct err e;
	assert_int_equal(pcap_tcp_read(c.path, &t, &e), 0);
	unlink(c.path);
	assert_int_equal(t.n, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(t.flows[i].len, 4);
		assert_memory_equal(t.flows[i].data, "abcd", 4);
		assert_false(t.flows[i].hole);
	}
	pcap_tcp_free(&t);
}

static void test_errors(void **state)
{
	(void)state;
	struct pcap_tcp t;
	struct err e;
	assert_int_equal(pcap_tcp_read("/nonexistent/x.pcap", &t, &e), -1);
	assert_non_null(strstr(e.msg, "/nonexistent/x.pcap"));
	struct cap c;
	cap_open(&c, 105); /* IEEE 802.11: not a link type we read */
	fclose(c.f);
	assert_int_equal(pcap_tcp_read(c.path, &t, &e), -1);
	unlink(c.path);
	assert_non_null(strstr(e.msg, "link type 105"));
	static const uint8_t le[4] = {0xd4, 0xc3, 0xb2, 0xa1}, ng[4] = {0x0a, 0x0d, 0x0d, 0x0a},
	                     bmp[4] = {3, 0, 0, 0};
	assert_true(pcap_tcp_is_capture(le, 4));
	assert_true(pcap_tcp_is_capture(ng, 4));
	assert_false(pcap_tcp_is_capture(bmp, 4));
	assert_false(pcap_tcp_is_capture(bmp, 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reassembly),
	    cmocka_unit_test(test_syn_with_data),
	    cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

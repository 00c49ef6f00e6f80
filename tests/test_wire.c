/* SPDX-License-Identifier: ISC */
/* test_wire.c - the wire cursor stays in bounds and names where it failed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/wire.h"

static const uint8_t bytes[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e};

static void test_reads_big_endian(void **state)
{
	(void)state;
	struct wire_cur c = wire_cur_make(bytes, sizeof bytes);
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;
	assert_true(wire_get_u8(&c, &v8));
	assert_int_equal(v8, 0x01);
	assert_true(wire_get_u16(&c, &v16));
	assert_int_equal(v16, 0x0203);
	assert_true(wire_get_u32(&c, &v32));
	assert_int_equal(v32, 0x04050607);
	assert_int_equal(wire_offset(&c), 7);
	assert_true(wire_skip(&c, 0));
	assert_int_equal(wire_left(&c), 7);
	c = wire_cur_make(bytes, sizeof bytes);
	assert_true(wire_get_u64(&c, &v64));
	assert_true(v64 == 0x0102030405060708ULL);
	assert_true(wire_ok(&c));
	assert_int_equal(wire_fail_offset(&c), WIRE_NO_FAIL);
}

static void test_short_read_consumes_nothing_and_records_offset(void **state)
{
	(void)state;
	struct wire_cur c = wire_cur_make(bytes, 5);
	uint32_t v32 = 0xdeadbeef;
	uint16_t v16;
	uint8_t v8;
	assert_true(wire_get_u16(&c, &v16));
	assert_false(wire_get_u32(&c, &v32));
	assert_int_equal(v32, 0xdeadbeef);
	assert_false(wire_ok(&c));
	assert_int_equal(wire_fail_offset(&c), 2);
	assert_int_equal(wire_offset(&c), 2);
	/* The cursor is empty now: a smaller read fails too and the first
	 * failure offset stays. */
	assert_int_equal(wire_left(&c), 0);
	assert_false(wire_get_u8(&c, &v8));
	assert_int_equal(wire_fail_offset(&c), 2);
}

static void test_every_getter_checks_bounds(void **state)
{
	(void)state;
	const uint8_t *p;
	uint8_t buf[8];
	uint64_t v64;
	struct wire_cur c = wire_cur_make(bytes, 3);
	assert_false(wire_get_bytes(&c, 4, &p));
	c = wire_cur_make(bytes, 3);
	assert_false(wire_get_copy(&c, buf, 4));
	c = wire_cur_make(bytes, 3);
	assert_false(wire_skip(&c, 4));
	c = wire_cur_make(bytes, 7);
	assert_false(wire_get_u64(&c, &v64));
	c = wire_cur_make(bytes, 0);
	uint8_t v8;
	assert_false(wire_get_u8(&c, &v8));
	assert_int_equal(wire_fail_offset(&c), 0);
	/* A length far beyond the buffer does not wrap around. */
	c = wire_cur_make(bytes, sizeof bytes);
	assert_false(wire_skip(&c, SIZE_MAX));
	c = wire_cur_make(bytes, 4);
	assert_true(wire_get_copy(&c, buf, 4));
	assert_memory_equal(buf, bytes, 4);
}

static void test_sub_cursor_shares_base(void **state)
{
	(void)state;
	struct wire_cur c = wire_cur_make(bytes, sizeof bytes);
	struct wire_cur sub;
	uint32_t v32;
	uint16_t v16;
	assert_true(wire_skip(&c, 4));
	assert_true(wire_sub(&c, 3, &sub));
	assert_int_equal(wire_offset(&c), 7);
	assert_int_equal(wire_left(&sub), 3);
	assert_int_equal(wire_offset(&sub), 4);
	assert_true(wire_get_u16(&sub, &v16));
	assert_int_equal(v16, 0x0506);
	/* The sub-cursor ends at its own end, not the parent's. */
	assert_false(wire_get_u32(&sub, &v32));
	assert_int_equal(wire_fail_offset(&sub), 6);
	assert_true(wire_ok(&c));
	assert_false(wire_sub(&c, 8, &sub));
	assert_int_equal(wire_fail_offset(&c), 7);
}

static void test_peek_does_not_fail(void **state)
{
	(void)state;
	struct wire_cur c = wire_cur_make(bytes, 6);
	uint32_t v32;
	uint16_t v16;
	uint8_t v8;
	assert_true(wire_peek_u32(&c, 2, &v32));
	assert_int_equal(v32, 0x03040506);
	assert_false(wire_peek_u32(&c, 3, &v32));
	assert_false(wire_peek_u16(&c, SIZE_MAX, &v16));
	assert_true(wire_peek_u8(&c, 5, &v8));
	assert_false(wire_peek_u8(&c, 6, &v8));
	assert_true(wire_ok(&c));
	assert_int_equal(wire_offset(&c), 0);
}

static void test_explicit_failure_and_err(void **state)
{
	(void)state;
	struct wire_cur c = wire_cur_make(bytes, sizeof bytes);
	struct err e;
	assert_true(wire_skip(&c, 3));
	wire_err(&c, &e, "nothing failed");
	assert_int_equal(e.offset, 3);
	assert_true(e.has_offset);
	assert_false(wire_fail_at(&c, 1));
	assert_false(wire_fail(&c)); /* the first failure wins */
	assert_int_equal(wire_err(&c, &e, "bad %s", "value"), -1);
	assert_string_equal(e.msg, "bad value");
	assert_int_equal(e.offset, 1);
	assert_int_equal(wire_err(&c, NULL, "x"), -1);
	assert_int_equal(wire_err_at(7, &e, "field at %d", 7), -1);
	assert_string_equal(e.msg, "field at 7");
	assert_int_equal(e.offset, 7);
	assert_true(e.has_offset);
	assert_int_equal(wire_err_at(7, NULL, "x"), -1);
}

static void test_empty_cursor_over_null(void **state)
{
	(void)state;
	struct wire_cur c = wire_cur_make(NULL, 0);
	uint8_t v8;
	assert_int_equal(wire_left(&c), 0);
	assert_false(wire_get_u8(&c, &v8));
	assert_int_equal(wire_fail_offset(&c), 0);
}

static void test_writer_and_overflow(void **state)
{
	(void)state;
	uint8_t out[12];
	struct wire_buf w = wire_buf_make(out, sizeof out);
	wire_put_u8(&w, 0xaa);
	wire_put_u16(&w, 0x0102);
	wire_put_u32(&w, 0x03040506);
	wire_put_bytes(&w, "\x07\x08", 2);
	wire_put_zero(&w, 1);
	assert_true(wire_buf_ok(&w));
	assert_int_equal(w.len, 10);
	wire_patch_u16(&w, 1, 0xbeef);
	wire_patch_u8(&w, 9, 0x5a);
	wire_patch_u8(&w, 10, 0x5a);       /* past len: ignored */
	wire_patch_u32(&w, 8, 0x11111111); /* past len: ignored */
	const uint8_t want[] = {0xaa, 0xbe, 0xef, 3, 4, 5, 6, 7, 8, 0x5a};
	assert_memory_equal(out, want, sizeof want);
	wire_put_u32(&w, 0xffffffff); /* 2 left: overflow, nothing written */
	assert_false(wire_buf_ok(&w));
	assert_int_equal(w.len, 10);
	wire_put_u8(&w, 1); /* latched: a write that would fit is refused too */
	assert_int_equal(w.len, 10);
	assert_null(wire_put_reserve(&w, 0));

	w = wire_buf_make(out, sizeof out);
	wire_put_u64(&w, 0x0102030405060708ULL);
	assert_true(wire_buf_ok(&w));
	assert_memory_equal(out, bytes, 8);
	wire_put_bytes(&w, bytes, sizeof bytes); /* 14 > 4 left */
	assert_false(wire_buf_ok(&w));
	assert_int_equal(w.len, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reads_big_endian),
	    cmocka_unit_test(test_short_read_consumes_nothing_and_records_offset),
	    cmocka_unit_test(test_every_getter_checks_bounds),
	    cmocka_unit_test(test_sub_cursor_shares_base),
	    cmocka_unit_test(test_peek_does_not_fail),
	    cmocka_unit_test(test_explicit_failure_and_err),
	    cmocka_unit_test(test_empty_cursor_over_null),
	    cmocka_unit_test(test_writer_and_overflow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

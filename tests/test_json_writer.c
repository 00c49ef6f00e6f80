/* SPDX-License-Identifier: ISC */
/* test_json_writer.c - lib/core/json_writer: commas and nesting tracked for
 * the caller, escaping, layout left to the caller, and every error (too
 * deep, unbalanced, a failed write) reported by json_writer_finish. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/json_writer.h"

/* Run fill on a writer over a memory stream; return what it wrote (caller
 * frees) and the result of json_writer_finish in *rc. */
static char *written(void (*fill)(struct json_writer *), int *rc)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	struct json_writer w;
	json_writer_init_file(&w, f);
	fill(&w);
	*rc = json_writer_finish(&w);
	assert_int_equal(fclose(f), 0);
	return text;
}

static void nested(struct json_writer *w)
{
	json_begin_object(w);
	json_key(w, "a");
	json_u32(w, 4294967295u);
	json_key(w, "list");
	json_begin_array(w);
	json_begin_object(w);
	json_end_object(w);
	json_begin_array(w);
	json_end_array(w);
	json_bool(w, false);
	json_null_value(w);
	json_i64(w, INT64_MIN);
	json_u64(w, UINT64_MAX);
	json_fixed(w, 1.0 / 3, 3);
	json_end_array(w);
	json_key(w, "s");
	json_str(w, "q\"b\\n\n\r\t\x01\x1f\x7f\xc3\xa9");
	json_key_string(w, "k\"");
	json_string_plain(w, "192.0.2.1");
	json_end_object(w);
	json_ws(w, "\n");
}

static void test_commas_and_escapes(void **state)
{
	(void)state;
	int rc;
	char *t = written(nested, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(t, "{\"a\":4294967295,\"list\":[{},[],false,null,"
	                       "-9223372036854775808,18446744073709551615,0.333],"
	                       "\"s\":\"q\\\"b\\\\n\\n\\r\\t\\u0001\\u001f\x7f\xc3\xa9\","
	                       "\"k\\\"\":\"192.0.2.1\"}\n");
	free(t);
}

/* Layout is the caller's: json_sep puts the comma before its whitespace. */
static void spaced(struct json_writer *w)
{
	json_spaced_colon(w, true);
	json_begin_object(w);
	json_ws(w, " ");
	json_key(w, "n");
	json_begin_array(w);
	for (uint32_t i = 1; i <= 3; i++) {
		json_sep(w, "\n  ");
		json_u32(w, i);
	}
	json_ws(w, "\n");
	json_end_array(w);
	json_sep(w, " ");
	json_key(w, "x");
	json_verbatim(w, "\"a\\/b\"");
	json_ws(w, " ");
	json_end_object(w);
}

static void test_layout(void **state)
{
	(void)state;
	int rc;
	char *t = written(spaced, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(t, "{ \"n\": [\n  1,\n  2,\n  3\n], \"x\": \"a\\/b\" }");
	free(t);
}

/* Many values and one larger than the writer's own space both arrive whole. */
static void big(struct json_writer *w)
{
	static char s[20000];
	memset(s, 'x', sizeof s - 1);
	json_begin_array(w);
	for (uint32_t i = 0; i < 10000; i++)
		json_u32(w, i);
	json_str(w, s);
	json_end_array(w);
}

static void test_large_output(void **state)
{
	(void)state;
	int rc;
	char *t = written(big, &rc);
	assert_int_equal(rc, 0);
	size_t n = strlen(t);
	assert_int_equal(n, 1 + 38890 + 10000 + 20001 + 1);
	assert_memory_equal(t, "[0,1,2,", 7);
	assert_memory_equal(t + n - 4, "xx\"]", 4);
	free(t);
}

static void too_deep(struct json_writer *w)
{
	for (int i = 0; i <= JSON_MAX_DEPTH; i++)
		json_begin_array(w);
}

static void unbalanced(struct json_writer *w)
{
	json_end_object(w);
}

static void test_errors(void **state)
{
	(void)state;
	int rc;
	free(written(too_deep, &rc));
	assert_int_equal(rc, -1);
	free(written(unbalanced, &rc));
	assert_int_equal(rc, -1);
}

/* A failed write (a full disk) is reported, not lost. */
static void test_write_error(void **state)
{
	(void)state;
	FILE *f = fopen("/dev/full", "w");
	if (!f)
		skip();
	struct json_writer w;
	json_writer_init_file(&w, f);
	big(&w);
	assert_int_equal(json_writer_finish(&w), -1);
	fclose(f);
}

/* Appending to a caller's buffer, as mrt --json does per line. */
static void test_buffer(void **state)
{
	(void)state;
	struct mrt_buf b = {0};
	for (int line = 0; line < 2; line++) {
		struct json_writer w;
		json_writer_init_buf(&w, &b);
		json_begin_object(&w);
		json_key(&w, "line");
		json_u32(&w, (uint32_t)line);
		json_end_object(&w);
		json_ws(&w, "\n");
		assert_int_equal(json_writer_finish(&w), 0);
	}
	assert_int_equal(b.len, 22);
	assert_memory_equal(b.p, "{\"line\":0}\n{\"line\":1}\n", 22);
	mrt_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_commas_and_escapes), cmocka_unit_test(test_layout),
	    cmocka_unit_test(test_large_output),       cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_write_error),        cmocka_unit_test(test_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

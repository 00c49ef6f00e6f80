/* SPDX-License-Identifier: ISC */
/* test_rpsl.c - the RPSL parser's edge cases: continuations, comments, CRLF,
 * broken lines and objects, warnings with file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/reader.h"
#include "irr/rpsl.h"

#define MAXOBJ 16

/* A copy of what the callback saw. */
struct seen {
	int n;
	char cls[MAXOBJ][32];
	char key[MAXOBJ][128];
	char attrs[MAXOBJ][1024]; /* "key=value|key=value|" */
	char text[MAXOBJ][1024];
	unsigned long line[MAXOBJ];
	int nwarn;
	char warn[8][600];
	int stop_at; /* return nonzero at this object number (1-based), 0 = never */
};

static int on_obj(const struct rpsl_object *o, void *ctx)
{
	struct seen *s = ctx;
	size_t k = 0;

	if (s->n >= MAXOBJ)
		return 0;
	snprintf(s->cls[s->n], sizeof s->cls[0], "%s", o->cls);
	snprintf(s->key[s->n], sizeof s->key[0], "%s", o->key);
	for (size_t i = 0; i < o->nattrs && k < sizeof s->attrs[0]; i++)
		k += (size_t)snprintf(s->attrs[s->n] + k, sizeof s->attrs[0] - k, "%s=%s|",
		                      o->attrs[i].key, o->attrs[i].value);
	snprintf(s->text[s->n], sizeof s->text[0], "%.*s", (int)o->text_len, o->text);
	s->line[s->n] = o->line;
	s->n++;
	return s->stop_at && s->n == s->stop_at ? 7 : 0;
}

static void on_warn(const struct err *w, void *ctx)
{
	struct seen *s = ctx;

	if (s->nwarn < 8)
		snprintf(s->warn[s->nwarn], sizeof s->warn[0], "%s", w->msg);
	s->nwarn++;
}

static struct seen *parse(const char *text)
{
	static struct seen s;
	struct err e;

	memset(&s, 0, sizeof s);
	assert_int_equal(rpsl_parse_buffer(text, strlen(text), "t.db", on_obj, on_warn, &s, &e), 0);
	return &s;
}

/* An object over RPSL_MAX_OBJECT is skipped with a warning naming its first
 * line (its buffer stops growing); the next object still loads. */
static void test_object_size_cap(void **state)
{
	(void)state;
	static struct seen s;
	struct err e;
	size_t len = 1 << 20;
	char *line = malloc(len);
	assert_non_null(line);
	memset(line, 'x', len);
	memcpy(line, "remarks: ", 9);
	memset(&s, 0, sizeof s);
	struct rpsl_parser *p = rpsl_parser_new("big.db", on_obj, on_warn, &s);
	assert_non_null(p);
	assert_int_equal(rpsl_parser_line(p, "", 0, 1, &e), 0);
	assert_int_equal(rpsl_parser_line(p, "aut-num: AS1", 12, 2, &e), 0);
	unsigned long n = 3;
	for (size_t i = 0; i <= RPSL_MAX_OBJECT / len; i++, n++)
		assert_int_equal(rpsl_parser_line(p, line, len, n, &e), 0);
	assert_int_equal(rpsl_parser_line(p, "", 0, n++, &e), 0);
	assert_int_equal(rpsl_parser_line(p, "aut-num: AS2", 12, n, &e), 0);
	assert_int_equal(rpsl_parser_end(p, &e), 0);
	rpsl_parser_free(p);
	free(line);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.key[0], "AS2");
	assert_int_equal(s.nwarn, 1);
	assert_string_equal(s.warn[0], "big.db:2: object larger than 64 MiB, skipped");
}

static void test_basic_objects(void **state)
{
	struct seen *s = parse("route: 192.0.2.0/24\norigin: AS64496\nsource: TEST\n\n"
	                       "aut-num: AS64496\nas-name: X\n");

	assert_int_equal(s->n, 2);
	assert_string_equal(s->cls[0], "route");
	assert_string_equal(s->key[0], "192.0.2.0/24");
	assert_string_equal(s->attrs[0], "route=192.0.2.0/24|origin=AS64496|source=TEST|");
	assert_int_equal(s->line[0], 1);
	assert_string_equal(s->cls[1], "aut-num");
	assert_int_equal(s->line[1], 5);
	assert_string_equal(s->text[1], "aut-num: AS64496\nas-name: X\n");
	assert_int_equal(s->nwarn, 0);
}

static void test_continuation_lines(void **state)
{
	struct seen *s = parse("as-set: AS-X\nmembers: AS1,\n AS2\n\tAS3\n+\n+ AS4\nsource: T\n");

	assert_int_equal(s->n, 1);
	assert_string_equal(s->attrs[0], "as-set=AS-X|members=AS1, AS2 AS3 AS4|source=T|");
	assert_int_equal(s->nwarn, 0);
}

static void test_comments_and_case(void **state)
{
	struct seen *s = parse("# file header\n% whois banner\n\nROUTE6: 2001:db8::/32 # doc\n"
	                       "Origin: AS64496#x\n# comment line inside\nmembers: a # b\n"
	                       " c # d\nSOURCE: T\n");

	assert_int_equal(s->n, 1);
	assert_string_equal(s->cls[0], "route6");
	assert_string_equal(s->attrs[0],
	                    "route6=2001:db8::/32|origin=AS64496|members=a c|source=T|");
	/* the raw text keeps the comment line for whois output */
	assert_non_null(strstr(s->text[0], "# comment line inside\n"));
	assert_int_equal(s->line[0], 4);
}

static void test_crlf_and_blank_separators(void **state)
{
	struct seen *s = parse("route: 10.0.0.0/8\r\norigin: AS1\r\n\r\n   \r\n"
	                       "route: 11.0.0.0/8\r\norigin: AS2\r\n\t\n\n\n");

	assert_int_equal(s->n, 2);
	assert_string_equal(s->attrs[0], "route=10.0.0.0/8|origin=AS1|");
	assert_string_equal(s->attrs[1], "route=11.0.0.0/8|origin=AS2|");
	assert_int_equal(s->line[1], 5);
}

static void test_malformed_lines_warn_and_continue(void **state)
{
	struct seen *s =
	    parse(" leading continuation\n\nroute: 10.0.0.0/8\nthis is not an attribute\n"
	          "bad key!: x\norigin: AS1\n\n:novalue\n");

	assert_int_equal(s->n, 1);
	/* the broken lines are skipped, the rest of the object kept */
	assert_string_equal(s->attrs[0], "route=10.0.0.0/8|origin=AS1|");
	assert_int_equal(s->nwarn, 4);
	assert_non_null(strstr(s->warn[0], "t.db:1:"));
	assert_non_null(strstr(s->warn[1], "t.db:4:"));
	assert_non_null(strstr(s->warn[2], "t.db:5:"));
	assert_non_null(strstr(s->warn[3], "t.db:8:"));
}

static void test_no_trailing_newline_and_empty_input(void **state)
{
	struct seen *s = parse("mntner: M-MNT\nsource: X");

	assert_int_equal(s->n, 1);
	assert_string_equal(s->attrs[0], "mntner=M-MNT|source=X|");
	s = parse("");
	assert_int_equal(s->n, 0);
	s = parse("\n\n# only comments\n% and banners\n");
	assert_int_equal(s->n, 0);
	assert_int_equal(s->nwarn, 0);
}

static void test_empty_values_and_long_objects(void **state)
{
	struct seen *s;
	char *big = malloc(200000);
	size_t k = 0;

	s = parse("descr:\norigin:   \n");
	assert_int_equal(s->n, 1);
	assert_string_equal(s->attrs[0], "descr=|origin=|");
	/* many attributes: the attribute table grows */
	k += (size_t)sprintf(big, "as-set: AS-BIG\n");
	for (int i = 0; i < 5000; i++)
		k += (size_t)sprintf(big + k, "members: AS%d\n", i);
	s = parse(big);
	assert_int_equal(s->n, 1);
	assert_string_equal(s->key[0], "AS-BIG");
	free(big);
}

static void test_callback_stops(void **state)
{
	static struct seen s;
	const char *t = "a: 1\n\nb: 2\n\nc: 3\n";
	struct err e;

	memset(&s, 0, sizeof s);
	s.stop_at = 2;
	assert_int_equal(rpsl_parse_buffer(t, strlen(t), "t", on_obj, NULL, &s, &e), 7);
	assert_int_equal(s.n, 2);
}

static int count_item(const char *item, size_t len, void *ctx)
{
	char *out = ctx;

	strncat(out, item, len);
	strcat(out, "|");
	return 0;
}

static void test_split_list(void **state)
{
	char out[256] = "";

	rpsl_split_list("AS1, AS2 AS-FOO,,AS3\t ,  ", count_item, out);
	assert_string_equal(out, "AS1|AS2|AS-FOO|AS3|");
	out[0] = '\0';
	rpsl_split_list("", count_item, out);
	assert_string_equal(out, "");
}

static void test_reader_gzip(void **state)
{
	char path[64] = "/tmp/test_rpsl_XXXXXX";
	char cmd[128];
	int fd = mkstemp(path);
	const char *t = "route: 192.0.2.0/24\norigin: AS1\n\nroute: 198.51.100.0/24\norigin: AS2\n";
	static struct seen s;
	struct reader *r;
	struct err e;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, t, strlen(t)), (ssize_t)strlen(t));
	close(fd);
	snprintf(cmd, sizeof cmd, "gzip -f %s", path);
	if (system(cmd) != 0)
		skip();
	strcat(path, ".gz");
	memset(&s, 0, sizeof s);
	r = reader_open(path, &e);
	assert_non_null(r);
	assert_int_equal(rpsl_parse_reader(r, on_obj, on_warn, &s, &e), 0);
	reader_close(r);
	unlink(path);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.key[1], "198.51.100.0/24");
	assert_int_equal(s.line[1], 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_basic_objects),
	    cmocka_unit_test(test_continuation_lines),
	    cmocka_unit_test(test_comments_and_case),
	    cmocka_unit_test(test_crlf_and_blank_separators),
	    cmocka_unit_test(test_malformed_lines_warn_and_continue),
	    cmocka_unit_test(test_no_trailing_newline_and_empty_input),
	    cmocka_unit_test(test_empty_values_and_long_objects),
	    cmocka_unit_test(test_callback_stops),
	    cmocka_unit_test(test_split_list),
	    cmocka_unit_test(test_reader_gzip),
	    cmocka_unit_test(test_object_size_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

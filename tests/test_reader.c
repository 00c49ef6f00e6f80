/* test_reader.c - transparent decompression, peeking and line reading.
 * Compressed fixtures are made here at run time with the same libraries the
 * reader decodes with, so no binary files live in git. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "core/reader.h"

struct buf {
	uint8_t *p;
	size_t n;
};

static struct buf buf_new(size_t cap)
{
	struct buf b = {malloc(cap), 0};
	assert_non_null(b.p);
	return b;
}

/* ~4 MiB of numbered lines with random hex so that the compressed forms are
 * larger than the reader's 256 KiB input chunk. */
static struct buf make_text(size_t target)
{
	struct buf b = buf_new(target + 200);
	uint64_t x = 88172645463325252ull;
	unsigned line = 0;
	while (b.n < target) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		line++;
		b.n += (size_t)sprintf((char *)b.p + b.n, "line %u %016llx %s\n", line,
				       (unsigned long long)x, line % 7 ? "ok" : "");
	}
	return b;
}

static struct buf gzip_of(const struct buf *in)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	struct buf out = buf_new(deflateBound(&z, in->n) + 64);
	z.next_in = in->p, z.avail_in = (uInt)in->n;
	z.next_out = out.p, z.avail_out = (uInt)(deflateBound(&z, in->n) + 64);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	out.n = z.total_out;
	deflateEnd(&z);
	return out;
}

static struct buf bzip2_of(const struct buf *in)
{
	unsigned cap = (unsigned)(in->n + in->n / 50 + 1000);
	struct buf out = buf_new(cap);
	assert_int_equal(BZ2_bzBuffToBuffCompress((char *)out.p, &cap, (char *)in->p,
						  (unsigned)in->n, 9, 0, 0),
			 BZ_OK);
	out.n = cap;
	return out;
}

static struct buf xz_of(const struct buf *in)
{
	size_t cap = lzma_stream_buffer_bound(in->n);
	struct buf out = buf_new(cap);
	assert_int_equal(lzma_easy_buffer_encode(1, LZMA_CHECK_CRC64, NULL, in->p, in->n, out.p,
						 &out.n, cap),
			 LZMA_OK);
	return out;
}

static struct buf zstd_of(const struct buf *in)
{
	size_t cap = ZSTD_compressBound(in->n);
	struct buf out = buf_new(cap);
	out.n = ZSTD_compress(out.p, cap, in->p, in->n, 3);
	assert_false(ZSTD_isError(out.n));
	return out;
}

static struct buf plain_of(const struct buf *in)
{
	struct buf out = buf_new(in->n + 1);
	memcpy(out.p, in->p, in->n);
	out.n = in->n;
	return out;
}

typedef struct buf (*compress_fn)(const struct buf *);

static const struct {
	const char *name;
	compress_fn fn;
} formats[] = {
	{"plain", plain_of}, {"gzip", gzip_of}, {"bzip2", bzip2_of},
	{"xz", xz_of},       {"zstd", zstd_of},
};
#define NFORMATS (sizeof formats / sizeof formats[0])

static char tmpdir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/manrs-test-reader-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Write data to a fresh file under tmpdir; returns its path (static buffer). */
static const char *write_file(const char *name, const void *data, size_t n)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* Read everything from r in odd-sized pieces. */
static struct buf read_all(struct reader *r, struct err *e, int *rc)
{
	struct buf out = buf_new(64 << 20);
	*rc = 0;
	size_t piece = 1;
	for (;;) {
		ssize_t n = reader_read(r, out.p + out.n, piece, e);
		if (n < 0) {
			*rc = -1;
			break;
		}
		out.n += (size_t)n;
		if ((size_t)n < piece)
			break;
		piece = piece * 3 + 7;
		if (piece > 1000000)
			piece = 4097;
		assert_true(out.n + piece < (64u << 20));
	}
	return out;
}

static void test_each_format(void **state)
{
	(void)state;
	struct buf text = make_text(4u << 20);
	for (size_t i = 0; i < NFORMATS; i++) {
		struct buf c = formats[i].fn(&text);
		if (i > 0)
			assert_true(c.n > 300 * 1024); /* spans several input chunks */
		/* The name says nothing: detection is by magic bytes only. */
		const char *path = write_file("data.txt", c.p, c.n);
		struct err e;
		struct reader *r = reader_open(path, &e);
		assert_non_null(r);
		assert_string_equal(reader_format(r), formats[i].name);
		assert_string_equal(reader_name(r), path);
		assert_int_equal(reader_raw_size(r), c.n);
		int rc;
		struct buf got = read_all(r, &e, &rc);
		if (rc)
			fail_msg("%s: %s", formats[i].name, e.msg);
		assert_int_equal(got.n, text.n);
		assert_memory_equal(got.p, text.p, text.n);
		assert_int_equal(reader_offset(r), text.n);
		assert_int_equal(reader_raw_offset(r), c.n);
		/* Reading at the end keeps returning 0. */
		uint8_t one;
		assert_int_equal(reader_read(r, &one, 1, &e), 0);
		reader_close(r);
		free(got.p);
		free(c.p);
	}
	free(text.p);
}

/* pigz/pzstd/pbzip2 write several members back to back; all must be read. */
static void test_concatenated(void **state)
{
	(void)state;
	struct buf a = make_text(300000), b = make_text(5);
	memcpy(b.p, "tail\n", 5);
	b.n = 5;
	for (size_t i = 1; i < NFORMATS; i++) {
		struct buf ca = formats[i].fn(&a), cb = formats[i].fn(&b);
		struct buf all = buf_new(2 * ca.n + cb.n);
		memcpy(all.p, ca.p, ca.n);
		memcpy(all.p + ca.n, cb.p, cb.n);
		memcpy(all.p + ca.n + cb.n, ca.p, ca.n);
		all.n = 2 * ca.n + cb.n;
		const char *path = write_file("multi", all.p, all.n);
		struct err e;
		struct reader *r = reader_open(path, &e);
		assert_non_null(r);
		int rc;
		struct buf got = read_all(r, &e, &rc);
		if (rc)
			fail_msg("%s: %s", formats[i].name, e.msg);
		assert_int_equal(got.n, 2 * a.n + b.n);
		assert_memory_equal(got.p, a.p, a.n);
		assert_memory_equal(got.p + a.n, "tail\n", 5);
		assert_memory_equal(got.p + a.n + 5, a.p, a.n);
		reader_close(r);
		free(got.p), free(all.p), free(ca.p), free(cb.p);
	}
	free(a.p), free(b.p);
}

/* Cut each compressed file short (and flip a byte): an error naming the
 * file, never silently short data. */
static void test_truncated(void **state)
{
	(void)state;
	struct buf text = make_text(600000);
	for (size_t i = 1; i < NFORMATS; i++) {
		struct buf c = formats[i].fn(&text);
		size_t cuts[] = {c.n - 1, c.n - 4, c.n / 2, 10};
		for (size_t k = 0; k < sizeof cuts / sizeof cuts[0]; k++) {
			const char *path = write_file("cut.bin", c.p, cuts[k]);
			struct err e;
			err_clear(&e);
			struct reader *r = reader_open(path, &e);
			assert_non_null(r);
			int rc;
			struct buf got = read_all(r, &e, &rc);
			if (rc == 0)
				fail_msg("%s cut to %zu of %zu bytes read without error (%zu bytes)",
					 formats[i].name, cuts[k], c.n, got.n);
			assert_non_null(strstr(e.msg, path));
			assert_non_null(strstr(e.msg, "corrupt or truncated"));
			assert_string_equal(e.file, path);
			assert_true(e.has_offset);
			assert_true(e.offset <= cuts[k]);
			reader_close(r);
			free(got.p);
		}
		/* Garbage right after the magic bytes. */
		memset(c.p + 6, 0x55, 64);
		const char *path = write_file("bad.bin", c.p, c.n);
		struct err e;
		struct reader *r = reader_open(path, &e);
		if (r) {
			int rc;
			struct buf got = read_all(r, &e, &rc);
			if (rc == 0)
				fail_msg("%s with garbage read without error", formats[i].name);
			assert_non_null(strstr(e.msg, path));
			reader_close(r);
			free(got.p);
		}
		free(c.p);
	}
	free(text.p);
}

static void test_stdin_pipe(void **state)
{
	(void)state;
	struct buf text = make_text(1u << 20);
	struct buf c = gzip_of(&text);
	int fd[2];
	assert_int_equal(pipe(fd), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* Write in small pieces so the reader sees short reads. */
		close(fd[0]);
		for (size_t off = 0; off < c.n;) {
			size_t n = (off % 5000) + 1;
			if (n > c.n - off)
				n = c.n - off;
			ssize_t w = write(fd[1], c.p + off, n);
			if (w <= 0)
				_exit(1);
			off += (size_t)w;
		}
		_exit(0);
	}
	close(fd[1]);
	int saved = dup(STDIN_FILENO);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fd[0], STDIN_FILENO), STDIN_FILENO);
	close(fd[0]);
	struct err e;
	struct reader *r = reader_open("-", &e);
	assert_non_null(r);
	assert_string_equal(reader_name(r), "stdin");
	assert_string_equal(reader_format(r), "gzip");
	assert_int_equal(reader_raw_size(r), 0);
	char *line;
	size_t len, total = 0;
	unsigned long lines = 0;
	int rc;
	while ((rc = reader_getline(r, &line, &len, &e)) == 1) {
		assert_int_equal(strlen(line), len);
		total += len + 1;
		lines++;
	}
	if (rc != 0)
		fail_msg("stdin: %s after %zu bytes", e.msg, total);
	assert_int_equal(total, text.n);
	assert_int_equal(reader_lineno(r), lines);
	reader_close(r);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(status, 0);
	free(c.p), free(text.p);
}

static void test_getline(void **state)
{
	(void)state;
	/* CRLF, a lone CR kept inside a line, empty lines, no final newline,
	 * and a line far longer than the internal buffer. */
	size_t big = 3u << 20;
	struct buf in = buf_new(big + 100);
	const char *head = "one\r\ntwo\n\n\r\nthr\ree\n";
	memcpy(in.p, head, strlen(head));
	in.n = strlen(head);
	memset(in.p + in.n, 'x', big);
	in.n += big;
	memcpy(in.p + in.n, "\nlast", 5);
	in.n += 5;
	for (size_t i = 0; i < NFORMATS; i++) {
		struct buf c = formats[i].fn(&in);
		const char *path = write_file("lines", c.p, c.n);
		struct err e;
		struct reader *r = reader_open(path, &e);
		assert_non_null(r);
		char *l;
		size_t n;
		const char *want[] = {"one", "two", "", "", "thr\ree"};
		for (size_t k = 0; k < 5; k++) {
			assert_int_equal(reader_getline(r, &l, &n, &e), 1);
			assert_string_equal(l, want[k]);
			assert_int_equal(n, strlen(want[k]));
			assert_int_equal(reader_lineno(r), k + 1);
		}
		assert_int_equal(reader_getline(r, &l, &n, &e), 1);
		assert_int_equal(n, big);
		assert_int_equal(l[0], 'x');
		assert_int_equal(l[big - 1], 'x');
		assert_int_equal(l[big], 0);
		assert_int_equal(reader_getline(r, &l, &n, &e), 1);
		assert_string_equal(l, "last");
		assert_int_equal(reader_lineno(r), 7);
		assert_int_equal(reader_getline(r, &l, &n, &e), 0);
		assert_int_equal(reader_getline(r, &l, &n, &e), 0);
		reader_close(r);
		free(c.p);
	}
	free(in.p);
}

static void test_peek_consume(void **state)
{
	(void)state;
	struct buf text = make_text(6u << 20);
	for (size_t i = 0; i < NFORMATS; i++) {
		struct buf c = formats[i].fn(&text);
		const char *path = write_file("peek", c.p, c.n);
		struct err e;
		struct reader *r = reader_open(path, &e);
		assert_non_null(r);
		size_t avail;
		const uint8_t *p = reader_peek(r, 10, &avail, &e);
		assert_non_null(p);
		assert_true(avail >= 10);
		assert_memory_equal(p, text.p, 10);
		reader_consume(r, 3);
		assert_int_equal(reader_offset(r), 3);
		/* Much more than the internal buffer: it grows to fit. */
		size_t want = 5u << 20;
		p = reader_peek(r, want, &avail, &e);
		assert_non_null(p);
		assert_true(avail >= want);
		assert_memory_equal(p, text.p + 3, want);
		reader_consume(r, want);
		assert_int_equal(reader_offset(r), 3 + want);
		/* Mixing read and peek keeps the stream in order. */
		uint8_t small[100];
		assert_int_equal(reader_read(r, small, sizeof small, &e), 100);
		assert_memory_equal(small, text.p + 3 + want, 100);
		/* Past the end: avail says how much is left. */
		p = reader_peek(r, 8u << 20, &avail, &e);
		assert_non_null(p);
		size_t left = text.n - 3 - want - 100;
		assert_int_equal(avail, left);
		assert_memory_equal(p, text.p + text.n - left, left);
		reader_consume(r, avail + 1000); /* over-consume is clamped */
		assert_int_equal(reader_offset(r), text.n);
		p = reader_peek(r, 1, &avail, &e);
		assert_non_null(p);
		assert_int_equal(avail, 0);
		/* An absurd record size is an error, not an allocation. */
		assert_null(reader_peek(r, (size_t)1 << 40, &avail, &e));
		assert_non_null(strstr(e.msg, "too large"));
		reader_close(r);
		free(c.p);
	}
	free(text.p);
}

static void test_small_and_missing(void **state)
{
	(void)state;
	struct err e;
	const char *path = write_file("empty", "", 0);
	struct reader *r = reader_open(path, &e);
	assert_non_null(r);
	assert_string_equal(reader_format(r), "plain");
	char *l;
	size_t n;
	assert_int_equal(reader_getline(r, &l, &n, &e), 0);
	reader_close(r);
	/* Shorter than any magic number. */
	path = write_file("tiny", "\x1f", 1);
	r = reader_open(path, &e);
	assert_non_null(r);
	assert_string_equal(reader_format(r), "plain");
	assert_int_equal(reader_getline(r, &l, &n, &e), 1);
	assert_int_equal(n, 1);
	reader_close(r);
	/* gzip magic alone is a truncated gzip file. */
	path = write_file("magic.gz", "\x1f\x8b", 2);
	r = reader_open(path, &e);
	assert_non_null(r);
	assert_int_equal(reader_getline(r, &l, &n, &e), -1);
	assert_non_null(strstr(e.msg, "magic.gz"));
	reader_close(r);
	char missing[300];
	snprintf(missing, sizeof missing, "%s/does-not-exist", tmpdir);
	assert_null(reader_open(missing, &e));
	assert_non_null(strstr(e.msg, missing));
	assert_non_null(strstr(e.msg, "No such file"));
	reader_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_format),   cmocka_unit_test(test_concatenated),
		cmocka_unit_test(test_truncated),     cmocka_unit_test(test_stdin_pipe),
		cmocka_unit_test(test_getline),       cmocka_unit_test(test_peek_consume),
		cmocka_unit_test(test_small_and_missing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

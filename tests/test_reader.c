/* SPDX-License-Identifier: ISC */
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

#include "core/bz2_parallel.h"
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
	assert_int_equal(
	    BZ2_bzBuffToBuffCompress((char *)out.p, &cap, (char *)in->p, (unsigned)in->n, 9, 0, 0),
	    BZ_OK);
	out.n = cap;
	return out;
}

static struct buf xz_of(const struct buf *in)
{
	size_t cap = lzma_stream_buffer_bound(in->n);
	struct buf out = buf_new(cap);
	assert_int_equal(
	    lzma_easy_buffer_encode(1, LZMA_CHECK_CRC64, NULL, in->p, in->n, out.p, &out.n, cap),
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
    {"plain", plain_of}, {"gzip", gzip_of}, {"bzip2", bzip2_of}, {"xz", xz_of}, {"zstd", zstd_of},
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
				fail_msg(
				    "%s cut to %zu of %zu bytes read without error (%zu bytes)",
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

/* A pipe that a child process feeds with c in short writes of
 * (offset % piece) + 1 bytes, so the reader sees short reads. Returns the
 * read end; *pid is the child to wait for. */
static int pipe_fed(const struct buf *c, size_t piece, pid_t *pid)
{
	int fd[2];
	assert_int_equal(pipe(fd), 0);
	*pid = fork();
	assert_true(*pid >= 0);
	if (*pid == 0) {
		close(fd[0]);
		for (size_t off = 0; off < c->n;) {
			size_t n = (off % piece) + 1;
			if (n > c->n - off)
				n = c->n - off;
			ssize_t w = write(fd[1], c->p + off, n);
			if (w <= 0)
				_exit(1);
			off += (size_t)w;
		}
		_exit(0);
	}
	close(fd[1]);
	return fd[0];
}

static void test_stdin_pipe(void **state)
{
	(void)state;
	struct buf text = make_text(1u << 20);
	struct buf c = gzip_of(&text);
	pid_t pid;
	int rd = pipe_fed(&c, 5000, &pid);
	int saved = dup(STDIN_FILENO);
	assert_true(saved >= 0);
	assert_int_equal(dup2(rd, STDIN_FILENO), STDIN_FILENO);
	close(rd);
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

/* bzip2 at a given block size (1..9), like `bzip2 -1` .. `bzip2 -9`. */
static struct buf bzip2_level(const struct buf *in, int level)
{
	unsigned cap = (unsigned)(in->n + in->n / 50 + 1024);
	struct buf out = buf_new(cap);
	assert_int_equal(BZ2_bzBuffToBuffCompress((char *)out.p, &cap, (char *)in->p,
	                                          (unsigned)in->n, level, 0, 0),
	                 BZ_OK);
	out.n = cap;
	return out;
}

/* Read path fully with the given bzip2 mode: 0 serial, else parallel with
 * that many threads (fake: see bz2p_tune). Returns rc, output in *got. */
static int read_mode(const char *path, unsigned threads, uint64_t fake, struct buf *got,
                     struct err *e)
{
	if (threads)
		bz2p_tune(0, threads, fake);
	else
		bz2p_tune(UINT64_MAX, 1, 0);
	err_clear(e);
	struct reader *r = reader_open(path, e);
	bz2p_tune(1u << 20, 0, 0);
	if (!r) {
		got->p = NULL, got->n = 0;
		return -1;
	}
	int rc;
	*got = read_all(r, e, &rc);
	if (rc == 0)
		assert_int_equal(reader_raw_offset(r), reader_raw_size(r));
	reader_close(r);
	return rc;
}

/* Multi-block files (-1: 100k blocks, -9: 900k) decode in parallel to
 * exactly the input, with 1..4 workers and with chance magics simulated. */
static void test_bz2_parallel_blocks(void **state)
{
	(void)state;
	struct buf text = make_text(6u << 20);
	int levels[] = {1, 9};
	for (size_t l = 0; l < 2; l++) {
		struct buf c = bzip2_level(&text, levels[l]);
		const char *path = write_file("par.bz2", c.p, c.n);
		struct {
			unsigned threads;
			uint64_t fake;
		} modes[] = {{0, 0}, {1, 0}, {2, 0}, {4, 0}, {3, 20011}, {2, 100003}};
		for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
			struct buf got;
			struct err e;
			int rc = read_mode(path, modes[m].threads, modes[m].fake, &got, &e);
			if (rc)
				fail_msg("-%d threads %u fake %llu: %s", levels[l],
				         modes[m].threads, (unsigned long long)modes[m].fake,
				         e.msg);
			assert_int_equal(got.n, text.n);
			assert_memory_equal(got.p, text.p, text.n);
			free(got.p);
		}
		free(c.p);
	}
	free(text.p);
}

/* pbzip2-style concatenation, including an empty stream and mixed block
 * sizes; a stream of one tiny block; getline across stream joins. */
static void test_bz2_parallel_concat(void **state)
{
	(void)state;
	struct buf a = make_text(1500000), empty = {(uint8_t *)"", 0}, tiny = {(uint8_t *)"x\n", 2};
	struct buf parts[5];
	parts[0] = bzip2_level(&a, 1);
	parts[1] = bzip2_level(&empty, 9);
	parts[2] = bzip2_level(&tiny, 5);
	parts[3] = bzip2_level(&a, 9);
	parts[4] = bzip2_level(&tiny, 1);
	struct buf all = buf_new(4u << 20);
	for (int i = 0; i < 5; i++) {
		memcpy(all.p + all.n, parts[i].p, parts[i].n);
		all.n += parts[i].n;
	}
	const char *path = write_file("cat.bz2", all.p, all.n);
	for (unsigned threads = 0; threads <= 3; threads++) {
		struct buf got;
		struct err e;
		int rc = read_mode(path, threads, threads == 3 ? 30011 : 0, &got, &e);
		if (rc)
			fail_msg("threads %u: %s", threads, e.msg);
		assert_int_equal(got.n, 2 * a.n + 4);
		assert_memory_equal(got.p, a.p, a.n);
		assert_memory_equal(got.p + a.n, "x\n", 2);
		assert_memory_equal(got.p + a.n + 2, a.p, a.n);
		assert_memory_equal(got.p + 2 * a.n + 2, "x\n", 2);
		free(got.p);
	}
	/* A lone empty stream is empty input, not an error. */
	path = write_file("empty.bz2", parts[1].p, parts[1].n);
	struct buf got;
	struct err e;
	assert_int_equal(read_mode(path, 2, 0, &got, &e), 0);
	assert_int_equal(got.n, 0);
	free(got.p);
	for (int i = 0; i < 5; i++)
		free(parts[i].p);
	free(all.p), free(a.p);
}

/* Truncation anywhere and corrupt bytes: an error with the file name and
 * an offset (never a crash, never silently short output); whatever came
 * before the error is a prefix of the real data; serial and parallel agree
 * on whether the file is bad. */
static void test_bz2_parallel_damage(void **state)
{
	(void)state;
	struct buf text = make_text(2u << 20);
	struct buf c = bzip2_level(&text, 2);
	uint64_t x = 0x9e3779b97f4a7c15ull;
	for (int k = 0; k < 60; k++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		size_t cut = k < 12   ? c.n - 1 - (size_t)k
		             : k < 16 ? (size_t)(k - 12) * 3 + 4
		                      : 4 + (size_t)(x % (c.n - 5));
		const char *path = write_file("cut.bz2", c.p, cut);
		for (unsigned threads = 0; threads <= 2; threads += 2) {
			struct buf got;
			struct err e;
			int rc = read_mode(path, threads, 0, &got, &e);
			if (rc == 0)
				fail_msg("cut at %zu of %zu (threads %u) read without error", cut,
				         c.n, threads);
			assert_non_null(strstr(e.msg, path));
			assert_non_null(strstr(e.msg, "corrupt or truncated"));
			assert_true(e.has_offset);
			assert_true(e.offset <= cut);
			assert_true(got.n <= text.n);
			/* Serial too: no byte of an unverified block comes out. */
			assert_memory_equal(got.p, text.p, got.n);
			free(got.p);
		}
	}
	for (int k = 0; k < 40; k++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		struct buf bad = buf_new(c.n);
		memcpy(bad.p, c.p, c.n);
		bad.n = c.n;
		size_t at = 4 + (size_t)(x % (c.n - 4));
		bad.p[at] ^= (uint8_t)(1u + (x >> 40) % 255);
		const char *path = write_file("bad.bz2", bad.p, bad.n);
		struct buf got[2];
		struct err e[2];
		int rc[2];
		for (unsigned i = 0; i < 2; i++)
			rc[i] = read_mode(path, i * 2, k % 2 ? 50021 : 0, &got[i], &e[i]);
		for (unsigned i = 0; i < 2; i++) {
			if (rc[i] == 0) {
				/* Only a flip in the final padding bits goes unnoticed. */
				assert_int_equal(got[i].n, text.n);
				assert_memory_equal(got[i].p, text.p, text.n);
			} else {
				assert_non_null(strstr(e[i].msg, path));
				assert_true(strstr(e[i].msg, "bzip2 CRC error at block ") ||
				            strstr(e[i].msg, "bzip2 stream CRC error at block ") ||
				            strstr(e[i].msg, "bzip2 data corrupt or truncated"));
				/* Nothing of the damaged block is delivered. */
				assert_true(got[i].n <= text.n);
				assert_memory_equal(got[i].p, text.p, got[i].n);
			}
			free(got[i].p);
		}
		if ((rc[0] == 0) != (rc[1] == 0))
			fail_msg("flip at %zu: serial rc %d, parallel rc %d (%s / %s)", at, rc[0],
			         rc[1], e[0].msg, e[1].msg);
		free(bad.p);
	}
	/* Trailing garbage after a complete stream is an error too. */
	struct buf g = buf_new(c.n + 16);
	memcpy(g.p, c.p, c.n);
	memcpy(g.p + c.n, "garbage!", 8);
	g.n = c.n + 8;
	const char *path = write_file("trail.bz2", g.p, g.n);
	for (unsigned threads = 0; threads <= 2; threads += 2) {
		struct buf got;
		struct err e;
		assert_int_not_equal(read_mode(path, threads, 0, &got, &e), 0);
		assert_non_null(strstr(e.msg, path));
		free(got.p);
	}
	free(g.p), free(c.p), free(text.p);
}

/* A pipe (unknown size) uses the parallel path too. */
static void test_bz2_parallel_pipe(void **state)
{
	(void)state;
	struct buf text = make_text(3u << 20);
	struct buf c = bzip2_level(&text, 1);
	pid_t pid;
	int rd = pipe_fed(&c, 7000, &pid);
	bz2p_tune(1u << 20, 2, 0);
	struct err e;
	struct reader *r = reader_fdopen(rd, "pipe", 1, &e);
	bz2p_tune(1u << 20, 0, 0);
	assert_non_null(r);
	assert_string_equal(reader_format(r), "bzip2");
	char *line;
	size_t len, total = 0;
	int rc;
	while ((rc = reader_getline(r, &line, &len, &e)) == 1) {
		assert_memory_equal(line, text.p + total, len);
		total += len + 1;
	}
	if (rc != 0)
		fail_msg("pipe: %s after %zu bytes", e.msg, total);
	assert_int_equal(total, text.n);
	assert_int_equal(reader_raw_offset(r), c.n);
	reader_close(r);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(status, 0);
	free(c.p), free(text.p);
}

/* Closing mid-file with blocks in flight stops the workers cleanly. */
static void test_bz2_parallel_early_close(void **state)
{
	(void)state;
	struct buf text = make_text(4u << 20);
	struct buf c = bzip2_level(&text, 1);
	const char *path = write_file("early.bz2", c.p, c.n);
	for (int k = 0; k < 8; k++) {
		bz2p_tune(0, 3, 0);
		struct err e;
		struct reader *r = reader_open(path, &e);
		bz2p_tune(1u << 20, 0, 0);
		assert_non_null(r);
		uint8_t tmp[5000];
		for (int i = 0; i < k * 37; i++)
			assert_int_equal(reader_read(r, tmp, sizeof tmp, &e), (ssize_t)sizeof tmp);
		assert_memory_equal(tmp, text.p + (size_t)(k * 37 - 1) * sizeof tmp * (k > 0),
		                    k > 0 ? sizeof tmp : 0);
		reader_close(r);
	}
	free(c.p), free(text.p);
}

/* reader_slurp: every format whole and NUL-terminated, the cap exact to the
 * byte, and each error naming the file. */
static void test_slurp(void **state)
{
	(void)state;
	struct err e;
	size_t n = 99;
	struct buf text = make_text(300u << 10); /* several chunks */
	for (size_t i = 0; i < NFORMATS; i++) {
		struct buf c = formats[i].fn(&text);
		char name[32];
		snprintf(name, sizeof name, "slurp.%s", formats[i].name);
		const char *path = write_file(name, c.p, c.n);
		char *got = reader_slurp(path, text.n, &n, &e);
		assert_non_null(got);
		assert_int_equal(n, text.n);
		assert_memory_equal(got, text.p, n);
		assert_int_equal(got[n], '\0');
		free(got);
		/* One byte over the cap is refused, whatever the encoding. */
		assert_null(reader_slurp(path, text.n - 1, &n, &e));
		char want[400];
		snprintf(want, sizeof want, "%s: larger than %zu bytes", path, text.n - 1);
		assert_string_equal(e.msg, want);
		free(c.p);
	}
	free(text.p);

	const char *path = write_file("empty", "", 0);
	char *got = reader_slurp(path, 0, &n, &e);
	assert_non_null(got);
	assert_int_equal(n, 0);
	assert_string_equal(got, "");
	free(got);
	path = write_file("abc", "abc", 3);
	got = reader_slurp(path, 3, &n, &e);
	assert_non_null(got);
	assert_int_equal(n, 3);
	assert_string_equal(got, "abc");
	free(got);
	got = reader_slurp(path, SIZE_MAX, &n, &e); /* no cap at all */
	assert_non_null(got);
	assert_string_equal(got, "abc");
	free(got);
	assert_null(reader_slurp(path, 0, &n, &e));
	char want[400];
	snprintf(want, sizeof want, "%s: larger than 0 bytes", path);
	assert_string_equal(e.msg, want);

	/* The reader's own errors pass through: damaged and missing files. */
	path = write_file("magic.gz", "\x1f\x8b", 2);
	assert_null(reader_slurp(path, 1000, &n, &e));
	assert_non_null(strstr(e.msg, "magic.gz"));
	char missing[300];
	snprintf(missing, sizeof missing, "%s/does-not-exist", tmpdir);
	assert_null(reader_slurp(missing, 1000, &n, &e));
	assert_non_null(strstr(e.msg, missing));
	assert_non_null(strstr(e.msg, "No such file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_each_format),
	    cmocka_unit_test(test_concatenated),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_stdin_pipe),
	    cmocka_unit_test(test_getline),
	    cmocka_unit_test(test_peek_consume),
	    cmocka_unit_test(test_small_and_missing),
	    cmocka_unit_test(test_slurp),
	    cmocka_unit_test(test_bz2_parallel_blocks),
	    cmocka_unit_test(test_bz2_parallel_concat),
	    cmocka_unit_test(test_bz2_parallel_damage),
	    cmocka_unit_test(test_bz2_parallel_pipe),
	    cmocka_unit_test(test_bz2_parallel_early_close),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

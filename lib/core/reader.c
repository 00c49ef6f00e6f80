/* SPDX-License-Identifier: ISC */
/* reader.c - transparent decompression into a borrowable buffer. */
#include "core/reader.h"

#include "core/bz2_parallel.h"
#include "core/grow.h"

#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#define RAW_CHUNK (256 * 1024)
#define MAX_PEEK (256u * 1024 * 1024)

enum fmt { FMT_PLAIN, FMT_GZIP, FMT_BZIP2, FMT_XZ, FMT_ZSTD };
static const char *fmt_names[] = {"plain", "gzip", "bzip2", "xz", "zstd"};

struct reader {
	int fd, own_fd;
	enum fmt fmt;
	char name[256];
	uint8_t *raw; /* compressed input */
	size_t raw_pos, raw_end;
	int raw_eof, dec_eof;
	uint64_t raw_total, raw_size;
	uint8_t *buf; /* decoded data: buf[pos..end) unread */
	size_t pos, end, cap;
	uint64_t consumed; /* decoded bytes before buf[pos] */
	unsigned long lineno;
	union {
		z_stream z;
		lzma_stream xz;
	} s;
	ZSTD_DStream *zs;
	struct bz2p *bzp; /* bzip2: always block-verified (bz2_parallel.h) */
	int stream_live;
	size_t zstd_hint; /* 0 when the last zstd frame is complete */
};

static int raw_fill(struct reader *r, struct err *e)
{
	if (r->raw_pos > 0 && r->raw_pos == r->raw_end)
		r->raw_pos = r->raw_end = 0;
	if (r->raw_eof || r->raw_end == RAW_CHUNK)
		return 0;
	ssize_t n;
	do
		n = read(r->fd, r->raw + r->raw_end, RAW_CHUNK - r->raw_end);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return err_at_offset(e, r->name, r->raw_total, "read: %s", strerror(errno));
	if (n == 0)
		r->raw_eof = 1;
	r->raw_end += (size_t)n;
	r->raw_total += (uint64_t)n;
	return 0;
}

static int stream_init(struct reader *r, struct err *e)
{
	int ok = 1;
	memset(&r->s, 0, sizeof r->s);
	switch (r->fmt) {
	case FMT_GZIP:
		ok = inflateInit2(&r->s.z, 15 + 32) == Z_OK;
		break;
	case FMT_XZ:
		r->s.xz = (lzma_stream)LZMA_STREAM_INIT;
		ok = lzma_stream_decoder(&r->s.xz, UINT64_MAX, LZMA_CONCATENATED) == LZMA_OK;
		break;
	case FMT_ZSTD:
		r->zs = ZSTD_createDStream();
		ok = r->zs && !ZSTD_isError(ZSTD_initDStream(r->zs));
		break;
	case FMT_PLAIN:
	case FMT_BZIP2: /* bz2p, never a stream */
		break;
	}
	if (!ok)
		return err_set(e, "%s: cannot start %s decoder", r->name, fmt_names[r->fmt]);
	r->stream_live = 1;
	return 0;
}

static void stream_end(struct reader *r)
{
	if (!r->stream_live)
		return;
	switch (r->fmt) {
	case FMT_GZIP:
		inflateEnd(&r->s.z);
		break;
	case FMT_XZ:
		lzma_end(&r->s.xz);
		break;
	case FMT_ZSTD:
		ZSTD_freeDStream(r->zs);
		r->zs = NULL;
		break;
	case FMT_PLAIN:
	case FMT_BZIP2:
		break;
	}
	r->stream_live = 0;
}

static int corrupt(struct reader *r, struct err *e, const char *why)
{
	/* The on-disk offset is what a user can check with cmp or xxd. */
	uint64_t at = r->raw_total - (r->raw_end - r->raw_pos);
	return err_at_offset(e, r->name, at, "%s data corrupt or truncated (%s)", fmt_names[r->fmt],
	                     why);
}

/* Decode into out[0..cap); returns bytes produced, 0 at end, -1 on error. */
static ssize_t decode(struct reader *r, uint8_t *out, size_t cap, struct err *e)
{
	if (r->bzp)
		return bz2p_read(r->bzp, out, cap, e);
	/* Plain data past what the format check read: straight into out, not
	 * through raw and a copy. */
	if (r->fmt == FMT_PLAIN && r->raw_pos == r->raw_end && !r->raw_eof && cap >= RAW_CHUNK) {
		ssize_t n;
		do
			n = read(r->fd, out, cap);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return err_at_offset(e, r->name, r->raw_total, "read: %s", strerror(errno));
		if (n == 0)
			r->raw_eof = 1;
		r->raw_total += (uint64_t)n;
		return n;
	}
	for (;;) {
		if (r->raw_pos == r->raw_end && !r->raw_eof && raw_fill(r, e) < 0)
			return -1;
		uint8_t *in = r->raw + r->raw_pos;
		size_t in_len = r->raw_end - r->raw_pos, used = 0, made = 0;
		int end_of_stream = 0;
		if (r->fmt == FMT_PLAIN) {
			made = in_len < cap ? in_len : cap;
			memcpy(out, in, made);
			used = made;
		} else if (r->fmt == FMT_GZIP) {
			z_stream *z = &r->s.z;
			z->next_in = in, z->avail_in = (uInt)in_len;
			z->next_out = out, z->avail_out = (uInt)cap;
			int rc = inflate(z, Z_NO_FLUSH);
			if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
				return corrupt(r, e, z->msg ? z->msg : "inflate");
			used = in_len - z->avail_in, made = cap - z->avail_out;
			end_of_stream = rc == Z_STREAM_END;
		} else if (r->fmt == FMT_XZ) {
			lzma_stream *x = &r->s.xz;
			x->next_in = in, x->avail_in = in_len;
			x->next_out = out, x->avail_out = cap;
			lzma_ret rc =
			    lzma_code(x, r->raw_eof && in_len == 0 ? LZMA_FINISH : LZMA_RUN);
			if (rc != LZMA_OK && rc != LZMA_STREAM_END && rc != LZMA_BUF_ERROR)
				return corrupt(r, e, "xz");
			used = in_len - x->avail_in, made = cap - x->avail_out;
			if (rc == LZMA_STREAM_END)
				r->dec_eof = 1;
		} else if (in_len == 0 && r->raw_eof && r->zstd_hint == 0) {
			return 0; /* clean end: the last frame was complete */
		} else {
			ZSTD_inBuffer ib = {in, in_len, 0};
			ZSTD_outBuffer ob = {out, cap, 0};
			size_t rc = ZSTD_decompressStream(r->zs, &ob, &ib);
			if (ZSTD_isError(rc))
				return corrupt(r, e, ZSTD_getErrorName(rc));
			used = ib.pos, made = ob.pos;
			r->zstd_hint = rc;
			if (rc == 0 && r->raw_eof && ib.pos == in_len)
				r->dec_eof = 1;
			/* At end of input the decoder may still flush output it
			 * held back when our buffer was full; only no progress at
			 * all means the frame was cut short. */
			if (in_len == 0 && r->raw_eof && ob.pos == 0)
				return corrupt(r, e, "unexpected end of input");
		}
		r->raw_pos += used;
		if (end_of_stream) {
			/* Concatenated members (pigz, pbzip2): restart if more follows. */
			if (r->raw_pos == r->raw_end && raw_fill(r, e) < 0)
				return -1;
			if (r->raw_pos == r->raw_end && r->raw_eof) {
				r->dec_eof = 1;
			} else {
				stream_end(r);
				if (stream_init(r, e) < 0)
					return -1;
			}
		}
		if (made)
			return (ssize_t)made;
		if (r->dec_eof)
			return 0;
		if (r->raw_eof && r->raw_pos == r->raw_end) {
			if (r->fmt == FMT_PLAIN)
				return 0;
			if (r->fmt == FMT_XZ && used == 0) {
				/* LZMA_FINISH already tried above and made nothing. */
				return corrupt(r, e, "unexpected end of input");
			}
			if (r->fmt != FMT_XZ)
				return corrupt(r, e, "unexpected end of input");
		}
	}
}

/* Ensure at least need unread bytes in buf (fewer only at end). */
static int fill(struct reader *r, size_t need, struct err *e)
{
	if (need > MAX_PEEK)
		return err_at_offset(e, r->name, r->consumed, "record of %zu bytes is too large",
		                     need);
	while (r->end - r->pos < need && !r->dec_eof) {
		if (r->pos > 0) {
			memmove(r->buf, r->buf + r->pos, r->end - r->pos);
			r->consumed += r->pos;
			r->end -= r->pos;
			r->pos = 0;
		}
		if (r->cap - r->end < RAW_CHUNK / 2 || r->cap < need + 1) {
			size_t want = need + 1 + RAW_CHUNK; /* and at least double */
			uint8_t *nb = grow(r->buf, &r->cap, want > r->cap ? want : r->cap + 1, 1);
			if (!nb)
				return err_set(e, "%s: out of memory", r->name);
			r->buf = nb;
		}
		ssize_t n = decode(r, r->buf + r->end, r->cap - r->end - 1, e);
		if (n < 0)
			return -1;
		if (n == 0)
			r->dec_eof = 1;
		r->end += (size_t)n;
	}
	return 0;
}

struct reader *reader_fdopen(int fd, const char *name, int own, struct err *e)
{
	struct reader *r = calloc(1, sizeof *r);
	if (!r || !(r->raw = malloc(RAW_CHUNK)) || !(r->buf = malloc(4 * RAW_CHUNK))) {
		if (r)
			free(r->raw);
		free(r);
		err_set(e, "%s: out of memory", name);
		return NULL;
	}
	r->fd = fd, r->own_fd = own, r->cap = 4 * RAW_CHUNK, r->zstd_hint = 1;
	snprintf(r->name, sizeof r->name, "%s", name);
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		r->raw_size = (uint64_t)st.st_size;
	while (r->raw_end < 6 && !r->raw_eof)
		if (raw_fill(r, e) < 0)
			goto fail;
	const uint8_t *m = r->raw;
	size_t n = r->raw_end;
	if (n >= 2 && m[0] == 0x1f && m[1] == 0x8b)
		r->fmt = FMT_GZIP;
	else if (n >= 3 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h')
		r->fmt = FMT_BZIP2;
	else if (n >= 6 && !memcmp(m,
	                           "\xfd"
	                           "7zXZ\0",
	                           6))
		r->fmt = FMT_XZ;
	else if (n >= 4 && !memcmp(m, "\x28\xb5\x2f\xfd", 4))
		r->fmt = FMT_ZSTD;
	if (r->fmt == FMT_BZIP2) {
		/* libbz2 is slow; blocks are independent, so decode them on
		 * all CPUs when the input is big enough to pay for threads.
		 * Small inputs and one CPU still go through bz2p with one
		 * worker: it hands out a block only after its CRC matched,
		 * where streaming libbz2 would deliver a corrupt block's bytes
		 * (and the routes they seem to hold) before noticing. */
		unsigned threads = bz2p_threads_for(r->raw_size);
		r->bzp = bz2p_open(fd, r->raw + r->raw_pos, r->raw_end - r->raw_pos, r->raw_eof,
		                   r->name, threads ? threads : 1, e);
		if (!r->bzp)
			goto fail;
		r->raw_pos = r->raw_end = 0;
		return r;
	}
	if (stream_init(r, e) < 0)
		goto fail;
	return r;
fail:
	reader_close(r);
	return NULL;
}

struct reader *reader_open(const char *path, struct err *e)
{
	if (!strcmp(path, "-"))
		return reader_fdopen(STDIN_FILENO, "stdin", 0, e);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err_set(e, "%s: %s", path, strerror(errno));
		return NULL;
	}
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	return reader_fdopen(fd, path, 1, e);
}

void reader_close(struct reader *r)
{
	if (!r)
		return;
	stream_end(r);
	bz2p_close(r->bzp);
	if (r->own_fd)
		close(r->fd);
	free(r->raw);
	free(r->buf);
	free(r);
}

const char *reader_name(const struct reader *r)
{
	return r->name;
}

const char *reader_format(const struct reader *r)
{
	return fmt_names[r->fmt];
}

const uint8_t *reader_peek(struct reader *r, size_t n, size_t *avail, struct err *e)
{
	if (fill(r, n, e) < 0)
		return NULL;
	*avail = r->end - r->pos;
	return r->buf + r->pos;
}

void reader_consume(struct reader *r, size_t n)
{
	if (n > r->end - r->pos)
		n = r->end - r->pos;
	r->pos += n;
}

ssize_t reader_read(struct reader *r, void *out, size_t n, struct err *e)
{
	size_t done = 0;
	while (done < n) {
		size_t want = n - done < RAW_CHUNK ? n - done : RAW_CHUNK;
		if (fill(r, want, e) < 0)
			return -1;
		size_t have = r->end - r->pos;
		if (have == 0)
			break;
		if (have > n - done)
			have = n - done;
		memcpy((uint8_t *)out + done, r->buf + r->pos, have);
		r->pos += have;
		done += have;
	}
	return (ssize_t)done;
}

uint64_t reader_offset(const struct reader *r)
{
	return r->consumed + r->pos;
}

uint64_t reader_raw_offset(const struct reader *r)
{
	if (r->bzp)
		return bz2p_raw_total(r->bzp);
	return r->raw_total;
}

uint64_t reader_raw_size(const struct reader *r)
{
	return r->raw_size;
}

int reader_getline(struct reader *r, char **line, size_t *len, struct err *e)
{
	size_t scanned = 0;
	for (;;) {
		uint8_t *start = r->buf + r->pos;
		size_t have = r->end - r->pos;
		uint8_t *nl = memchr(start + scanned, '\n', have - scanned);
		if (nl || (r->dec_eof && have > 0)) {
			size_t l = nl ? (size_t)(nl - start) : have;
			r->pos += nl ? l + 1 : l;
			if (l > 0 && start[l - 1] == '\r')
				l--;
			start[l] = 0; /* buf always keeps one spare byte */
			*line = (char *)start;
			*len = l;
			r->lineno++;
			return 1;
		}
		if (r->dec_eof)
			return 0;
		scanned = have;
		if (fill(r, have + 1, e) < 0)
			return -1;
	}
}

unsigned long reader_lineno(const struct reader *r)
{
	return r->lineno;
}

/* Room reader_slurp asks for at a time, beyond what it already holds. */
#define SLURP_CHUNK (64u * 1024)

char *reader_slurp(const char *path, size_t max, size_t *n, struct err *e)
{
	struct reader *r = reader_open(path, e);
	if (!r)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, len = 0;
	for (;;) {
		/* len <= max here; reading max + 1 bytes in all is enough to see
		 * that the input is too long, and the + 1 keeps room for the NUL. */
		size_t left = max - len;
		size_t want = left < SLURP_CHUNK ? left + 1 : SLURP_CHUNK;
		char *b = len < SIZE_MAX - want ? GROW(buf, cap, len + want + 1) : NULL;
		if (!b) {
			err_set(e, "%s: out of memory", path);
			break;
		}
		buf = b;
		size_t room = cap - len - 1;
		want = left < room ? left + 1 : room;
		ssize_t got = reader_read(r, buf + len, want, e);
		if (got < 0)
			break;
		if (got == 0) {
			reader_close(r);
			buf[len] = '\0';
			*n = len;
			return buf;
		}
		len += (size_t)got;
		if (len > max) {
			err_set(e, "%s: larger than %zu bytes", path, max);
			break;
		}
	}
	free(buf);
	reader_close(r);
	return NULL;
}

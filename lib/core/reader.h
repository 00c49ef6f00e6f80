/* SPDX-License-Identifier: ISC */
/* reader.h - read plain, gzip, bzip2, xz and zstd input transparently.
 *
 * The format is detected from magic bytes, never from the file name, so
 * stdin ("-") works too. Data is decoded into an internal buffer that callers
 * can borrow (reader_peek) to parse records without copying. */
#ifndef MANRS_READER_H
#define MANRS_READER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/err.h"

struct reader;

/* Open path ("-" for stdin). Returns NULL with e set on failure. */
struct reader *reader_open(const char *path, struct err *e);

/* Wrap an already open descriptor (not closed by reader_close unless own). */
struct reader *reader_fdopen(int fd, const char *name, int own, struct err *e);

/* Close and free; NULL is allowed. */
void reader_close(struct reader *r);

/* The name given at open (the path, or "stdin"). */
const char *reader_name(const struct reader *r);

/* "plain", "gzip", "bzip2", "xz" or "zstd". */
const char *reader_format(const struct reader *r);

/* Read up to n bytes into buf. Returns the count, which is less than n only
 * at end of input, or -1 with e set on a read or decompression error. */
ssize_t reader_read(struct reader *r, void *buf, size_t n, struct err *e);

/* Make n decoded bytes available without consuming them. Returns a pointer
 * to them and sets *avail to how many are buffered (less than n only at end
 * of input), or NULL with e set on error. n is capped at 256 MiB. */
const uint8_t *reader_peek(struct reader *r, size_t n, size_t *avail, struct err *e);

/* Consume n bytes previously made available by reader_peek. */
void reader_consume(struct reader *r, size_t n);

/* Decoded offset of the next unread byte. */
uint64_t reader_offset(const struct reader *r);

/* Compressed (on-disk) bytes read so far, for progress bars. */
uint64_t reader_raw_offset(const struct reader *r);

/* Size of the underlying file, 0 when unknown (pipes). */
uint64_t reader_raw_size(const struct reader *r);

/* Next line without its "\n" (and "\r"), NUL-terminated, valid until the
 * next call. Returns 1 for a line, 0 at end of input, -1 with e set. */
int reader_getline(struct reader *r, char **line, size_t *len, struct err *e);

/* Number of the line last returned by reader_getline (1-based). */
unsigned long reader_lineno(const struct reader *r);

/* Read the whole of path ("-" for stdin), plain or compressed, into one heap
 * buffer the caller frees. The buffer holds the *n decoded bytes followed by
 * a NUL (not counted in *n), so text parsers can use it as a string. Input
 * longer than max bytes is refused without reading more than max + 1 of it.
 * Returns NULL with e set to "PATH: larger than MAX bytes", "PATH: out of
 * memory" or the reader's own open, read or decompression error. */
char *reader_slurp(const char *path, size_t max, size_t *n, struct err *e);

#endif

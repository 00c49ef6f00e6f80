/* SPDX-License-Identifier: ISC */
/* mrt.h - MRT record reader (RFC 6396, RFC 8050): framing only.
 *
 * Records come out zero-copy from lib/core/reader (plain or compressed
 * input); a record's body stays valid until the next call. A record whose
 * length runs past the end of input (a truncated file) ends the stream with
 * a warning naming the file and byte offset; it never loops or crashes.
 * Decoding record bodies into routes is mrt_elem.h's job. */
#ifndef MANRS_MRT_H
#define MANRS_MRT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/mrt_types.h"
#include "core/err.h"

/* Largest record accepted; RIB records of big collectors stay far below. */
#define MRT_MAX_RECORD (64u << 20)

/* One MRT record. For BGP4MP_ET the microsecond field is split off into
 * usec and body starts after it (len excludes it). */
struct mrt_record {
	uint32_t time;
	uint32_t usec;
	uint16_t type;
	uint16_t subtype;
	uint32_t len;
	const uint8_t *body;
	uint64_t offset; /* decoded byte offset of the record header */
	bool et;         /* extended timestamp (BGP4MP_ET) */
};

/* Receives each warning (already "FILE: offset N: ..."). */
typedef void (*mrt_warn_fn)(void *ctx, const struct err *e);

struct mrt_reader;

/* Open path ("-" = stdin), any compression lib/core/reader knows. */
struct mrt_reader *mrt_reader_open(const char *path, struct err *e);

/* Read records from n bytes in memory (not copied; for tests and fuzzing). */
struct mrt_reader *mrt_reader_open_mem(const uint8_t *data, size_t n, const char *name,
                                       struct err *e);

/* Close and free; NULL is allowed. */
void mrt_reader_close(struct mrt_reader *r);

/* Route warnings to fn (default: counted and dropped). */
void mrt_reader_set_warn(struct mrt_reader *r, mrt_warn_fn fn, void *ctx);

/* Next record: 1 with rec filled, 0 at end (including after a truncated
 * record, which is warned about), -1 with e set on a read or decompression
 * error, or when the input is not MRT at all: a first header of unknown
 * type that is text, or whose length cannot be right ("FILE: not an MRT
 * file: offset 0 holds text \"root:x:0:0:r\", ..."). */
int mrt_reader_next(struct mrt_reader *r, struct mrt_record *rec, struct err *e);

/* Report a problem at a decoded byte offset through the warning callback;
 * used by decoders layered on the reader. */
void mrt_reader_warn(struct mrt_reader *r, uint64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Number of warnings so far. */
unsigned long mrt_reader_warnings(const struct mrt_reader *r);

/* Input name as given at open. */
const char *mrt_reader_name(const struct mrt_reader *r);

/* Decoded bytes consumed so far. */
uint64_t mrt_reader_offset(const struct mrt_reader *r);

/* Name of an MRT type ("TABLE_DUMP_V2", "BGP4MP", ...) or NULL. */
const char *mrt_type_name(uint16_t type);

#endif

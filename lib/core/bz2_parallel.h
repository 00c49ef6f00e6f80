/* SPDX-License-Identifier: ISC */
/* bz2_parallel.h - bzip2 decompression with blocks decoded on worker threads.
 *
 * bzip2 blocks are independent: each starts with the 48-bit magic
 * 0x314159265359 at an arbitrary bit offset. The compressed input is scanned
 * for these magics, each block is re-aligned into a standalone one-block
 * stream and decoded by libbz2 on a worker; output is delivered strictly in
 * order. A magic found by chance inside compressed data makes a block fail
 * to decode, which is then merged with the following one and retried. At
 * most 2*threads+2 blocks are in flight, so memory stays bounded. Internal
 * to lib/core/reader.c, which uses it for all bzip2 input (one worker when
 * threads do not pay), so no byte of an unverified block is ever parsed. */
#ifndef MANRS_BZ2_PARALLEL_H
#define MANRS_BZ2_PARALLEL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/err.h"

struct bz2p;

/* Start decoding fd, whose first pre_len bytes (pre, already read by the
 * caller; pre_eof when fd is exhausted) begin with "BZh". fd is not closed.
 * name is used in error messages. threads is the number of workers (>= 1).
 * Returns NULL with e set on failure. */
struct bz2p *bz2p_open(int fd, const uint8_t *pre, size_t pre_len, int pre_eof, const char *name,
                       unsigned threads, struct err *e);

/* Decode up to cap bytes into out. Bytes of a block are handed out only
 * after the block decoded with a matching CRC (and, for a stream's last
 * block, the stream's combined CRC matched). Returns the count (> 0), 0 at
 * the clean end of input, or -1 with e set: "NAME: bzip2 CRC error at
 * block N (offset X)" for a damaged block (N counts from 1 over the file,
 * X is the compressed offset of the block), "NAME: bzip2 stream CRC error
 * ...", or "NAME: offset N: bzip2 data corrupt or truncated (...)" when the
 * input ends inside a block or a header is bad. Errors are sticky. */
ssize_t bz2p_read(struct bz2p *p, uint8_t *out, size_t cap, struct err *e);

/* Compressed bytes read from fd so far, including pre. */
uint64_t bz2p_raw_total(const struct bz2p *p);

/* Stop the workers and free everything; NULL is allowed. */
void bz2p_close(struct bz2p *p);

/* Worker count to use for compressed input of raw_size bytes (0 when the
 * size is unknown, e.g. a pipe): 0 means decode serially because threads
 * would not pay (one CPU, or a small file). */
unsigned bz2p_threads_for(uint64_t raw_size);

/* Testing knob: use the parallel path from min_size bytes on, with threads
 * workers (0 = online CPUs, at most 8); fake_every > 0 also cuts the input
 * at every fake_every-th byte as if a block magic occurred there by chance,
 * to exercise the merge-and-retry path. Defaults: 1 MiB, 0, 0. */
void bz2p_tune(uint64_t min_size, unsigned threads, uint64_t fake_every);

#endif

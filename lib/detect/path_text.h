/* SPDX-License-Identifier: ISC */
/* path_text.h - small AS_PATH helpers shared by the path, leak and moas
 * detectors: collapse prepends, format a path or a slice of it as text. */
#ifndef MANRS_PATH_TEXT_H
#define MANRS_PATH_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Copy path[0..n) into out (room for n) without consecutive repeats
 * (prepends). Returns the number of ASes stored. */
size_t path_collapse(const uint32_t *path, size_t n, uint32_t *out);

/* Write path[0..n) as "a b c" into buf (always NUL-terminated; a path too
 * long for buf ends in "..."). Returns buf. */
char *path_format(const uint32_t *path, size_t n, char *buf, size_t size);

/* Index of asn in path[0..n), or -1. */
long path_find(const uint32_t *path, size_t n, uint32_t asn);

#endif

/* json.h - small helpers for writing JSON text quickly (no DOM). */
#ifndef MANRS_OUT_JSON_H
#define MANRS_OUT_JSON_H

#include <stdio.h>

/* Write s as a quoted, escaped JSON string. */
void json_write_string(FILE *f, const char *s);

/* Write the n bytes of s as a quoted, escaped JSON string. */
void json_write_stringn(FILE *f, const char *s, size_t n);

#endif

/* SPDX-License-Identifier: ISC */
/* path_text.c - AS_PATH helpers for the detectors. */
#include "detect/path_text.h"

#include <stdio.h>
#include <string.h>

size_t path_collapse(const uint32_t *path, size_t n, uint32_t *out)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (m == 0 || out[m - 1] != path[i])
			out[m++] = path[i];
	return m;
}

char *path_format(const uint32_t *path, size_t n, char *buf, size_t size)
{
	size_t off = 0;
	if (size == 0)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int w = snprintf(buf + off, size - off, "%s%u", i ? " " : "", path[i]);
		if (w < 0 || (size_t)w >= size - off) {
			/* Mark the cut so nobody mistakes a prefix of the path for it. */
			if (size >= 4)
				memcpy(buf + (off + 4 <= size ? off : size - 4), "...", 4);
			return buf;
		}
		off += (size_t)w;
	}
	return buf;
}

long path_find(const uint32_t *path, size_t n, uint32_t asn)
{
	for (size_t i = 0; i < n; i++)
		if (path[i] == asn)
			return (long)i;
	return -1;
}

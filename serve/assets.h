/* SPDX-License-Identifier: ISC */
/* assets.h - the dashboard's static files (serve/assets/), embedded in the
 * binary at build time by scripts/embed-assets.sh (a Makefile rule). */
#ifndef MANRS_ASSETS_H
#define MANRS_ASSETS_H

#include <stddef.h>

struct asset {
	const char *path; /* "/assets/dashboard.js" */
	const char *type; /* Content-Type */
	const unsigned char *data;
	size_t len;
};

extern const struct asset assets[];
extern const size_t nassets;

#endif

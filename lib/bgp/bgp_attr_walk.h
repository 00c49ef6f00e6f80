/* SPDX-License-Identifier: ISC */
/* bgp_attr_walk.h - step through raw path attributes (RFC 4271 4.3) for
 * code that copies or rewrites them (MRT writers) rather than decoding
 * them (bgp_attr.h). */
#ifndef MANRS_BGP_ATTR_WALK_H
#define MANRS_BGP_ATTR_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/wire.h"

/* One attribute as it sits on the wire. */
struct bgp_attr_field {
	uint8_t flags, type;
	const uint8_t *raw; /* the whole attribute, header included */
	size_t raw_len;
	const uint8_t *value; /* its value, len bytes */
	size_t len;
};

/* The next attribute under c into f. False at the end of c, or when the
 * rest does not frame (a header cut short, a length past the end): c has
 * then failed (wire_ok(c) is false, wire_fail_offset(c) where bytes ran
 * out). */
bool bgp_attr_field_next(struct wire_cur *c, struct bgp_attr_field *f);

#endif

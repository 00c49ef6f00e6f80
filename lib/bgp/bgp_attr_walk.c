/* SPDX-License-Identifier: ISC */
/* bgp_attr_walk.c - raw path attributes one at a time. */
#include "bgp/bgp_attr_walk.h"

#include "bgp/bgp_types.h"

bool bgp_attr_field_next(struct wire_cur *c, struct bgp_attr_field *f)
{
	if (!wire_left(c))
		return false;
	const uint8_t *start = c->p, *h, *ext;
	/* flags, type, a one-byte length; Extended Length adds the next byte */
	bool ok = wire_get_bytes(c, 3, &h) &&
	          (!(h[0] & BGP_ATTR_FLAG_EXTLEN) || wire_get_bytes(c, 1, &ext));
	if (ok) {
		f->flags = h[0];
		f->type = h[1];
		f->len = (h[0] & BGP_ATTR_FLAG_EXTLEN) ? wire_load_u16(h + 2) : h[2];
		ok = wire_get_bytes(c, f->len, &f->value);
	}
	if (!ok)
		return false; /* the cursor recorded where the bytes ran out */
	f->raw = start;
	f->raw_len = (size_t)(c->p - start);
	return true;
}

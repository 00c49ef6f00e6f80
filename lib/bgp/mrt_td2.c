/* SPDX-License-Identifier: ISC */
/* mrt_td2.c - PEER_INDEX_TABLE decoding. */
#include "bgp/mrt_td2.h"

#include <stdlib.h>
#include <string.h>

#include "core/wire.h"

/* e names the offset in the record body where c failed (or stands). */
static int cut(struct err *e, const struct wire_cur *c, const char *msg)
{
	return wire_err(c, e, "%s", msg);
}

int mrt_peer_table_decode(const struct mrt_record *rec, struct mrt_peer_table *t, struct err *e)
{
	memset(t, 0, sizeof *t);
	struct wire_cur c = wire_cur_make(rec->body, rec->len);
	uint16_t vlen, n;
	const uint8_t *view;
	if (!wire_get_u32(&c, &t->collector_id) || !wire_get_u16(&c, &vlen) ||
	    !wire_get_bytes(&c, vlen, &view) || !wire_get_u16(&c, &n))
		return cut(e, &c, "PEER_INDEX_TABLE truncated");
	size_t vl = vlen < sizeof t->view - 1 ? vlen : sizeof t->view - 1;
	memcpy(t->view, view, vl);
	t->view[vl] = 0;
	t->peers = calloc(n ? n : 1, sizeof *t->peers);
	if (!t->peers)
		return cut(e, &c, "out of memory for the peer table");
	for (size_t k = 0; k < n; k++) {
		struct mrt_peer_entry *p = &t->peers[k];
		uint8_t type;
		uint16_t as16;
		if (!wire_get_u8(&c, &type) || !wire_get_u32(&c, &p->bgp_id))
			return cut(e, &c, "PEER_INDEX_TABLE truncated");
		p->family = (type & 1) ? 6 : 4;
		if (!wire_get_copy(&c, p->addr, p->family == 6 ? 16 : 4))
			return cut(e, &c, "PEER_INDEX_TABLE truncated");
		if (type & 2) {
			if (!wire_get_u32(&c, &p->asn))
				return cut(e, &c, "PEER_INDEX_TABLE truncated");
		} else {
			if (!wire_get_u16(&c, &as16))
				return cut(e, &c, "PEER_INDEX_TABLE truncated");
			p->asn = as16;
		}
		t->n = k + 1;
	}
	return 0;
}

void mrt_peer_table_free(struct mrt_peer_table *t)
{
	free(t->peers);
	t->peers = NULL;
	t->n = 0;
}

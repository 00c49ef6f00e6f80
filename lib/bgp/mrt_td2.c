/* mrt_td2.c - PEER_INDEX_TABLE decoding. */
#include "bgp/mrt_td2.h"

#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_wire.h"

static int cut(struct err *e, const struct mrt_record *rec, const uint8_t *p, const char *msg)
{
	err_set(e, "%s", msg);
	if (e) {
		e->offset = (uint64_t)(p - rec->body);
		e->has_offset = 1;
	}
	return -1;
}

int mrt_peer_table_decode(const struct mrt_record *rec, struct mrt_peer_table *t, struct err *e)
{
	memset(t, 0, sizeof *t);
	struct bgp_cur c = bgp_cur_make(rec->body, rec->len);
	uint16_t vlen, n;
	const uint8_t *view;
	if (!bgp_cur_u32(&c, &t->collector_id) || !bgp_cur_u16(&c, &vlen) ||
	    !bgp_cur_bytes(&c, vlen, &view) || !bgp_cur_u16(&c, &n))
		return cut(e, rec, c.p, "PEER_INDEX_TABLE truncated");
	size_t vl = vlen < sizeof t->view - 1 ? vlen : sizeof t->view - 1;
	memcpy(t->view, view, vl);
	t->view[vl] = 0;
	t->peers = calloc(n ? n : 1, sizeof *t->peers);
	if (!t->peers)
		return cut(e, rec, c.p, "out of memory for the peer table");
	for (size_t k = 0; k < n; k++) {
		struct mrt_peer_entry *p = &t->peers[k];
		uint8_t type;
		const uint8_t *a;
		uint16_t as16;
		if (!bgp_cur_u8(&c, &type) || !bgp_cur_u32(&c, &p->bgp_id))
			return cut(e, rec, c.p, "PEER_INDEX_TABLE truncated");
		p->family = (type & 1) ? 6 : 4;
		if (!bgp_cur_bytes(&c, p->family == 6 ? 16 : 4, &a))
			return cut(e, rec, c.p, "PEER_INDEX_TABLE truncated");
		memcpy(p->addr, a, p->family == 6 ? 16 : 4);
		if (type & 2) {
			if (!bgp_cur_u32(&c, &p->asn))
				return cut(e, rec, c.p, "PEER_INDEX_TABLE truncated");
		} else {
			if (!bgp_cur_u16(&c, &as16))
				return cut(e, rec, c.p, "PEER_INDEX_TABLE truncated");
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

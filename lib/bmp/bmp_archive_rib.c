/* SPDX-License-Identifier: ISC */
/* bmp_archive_rib.c - a TABLE_DUMP_V2 snapshot of one view of the
 * collector's tables: the routes of every peer are gathered, sorted by
 * prefix and written one record per prefix (plain and ADD-PATH peers in
 * separate records, as their subtypes differ). */
#include "bmp/bmp_archive.h"

#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_attr_walk.h"
#include "bgp/bgp_types.h"
#include "core/grow.h"
#include "core/wire.h"

struct rib_item {
	uint8_t family, len, addpath;
	uint8_t addr[16];
	uint16_t peer;
	uint32_t path_id, attr, time;
};

struct rib_walk {
	struct rib_item *v;
	size_t n, cap;
	uint16_t peer;
	uint8_t addpath;
	int oom;
};

static int collect(void *arg, const struct bmp_route *r)
{
	struct rib_walk *w = arg;
	struct rib_item *v = GROW(w->v, w->cap, w->n + 1);
	if (!v) {
		w->oom = 1;
		return 1;
	}
	w->v = v;
	struct rib_item *it = &v[w->n++];
	it->family = r->pfx.family;
	it->len = r->pfx.len;
	memcpy(it->addr, r->pfx.addr, 16);
	it->addpath = w->addpath;
	it->peer = w->peer;
	it->path_id = r->path_id;
	it->attr = r->attr;
	it->time = r->time;
	return 0;
}

static int item_cmp(const void *x, const void *y)
{
	const struct rib_item *a = x, *b = y;
	if (a->family != b->family)
		return a->family - b->family;
	int c = memcmp(a->addr, b->addr, 16);
	if (c)
		return c;
	if (a->len != b->len)
		return a->len - b->len;
	if (a->addpath != b->addpath)
		return a->addpath - b->addpath;
	return a->peer - b->peer;
}

/* An AS_PATH value of 2-byte ASNs rewritten with 4-byte ones; stops at a
 * truncated segment. Returns the new length. */
static size_t widen_path(const uint8_t *v, size_t vl, uint8_t *out)
{
	struct wire_cur c = wire_cur_make(v, vl);
	size_t o = 0;
	uint8_t type, cnt;
	const uint8_t *asns;
	while (wire_get_u8(&c, &type) && wire_get_u8(&c, &cnt) &&
	       wire_get_bytes(&c, 2 * (size_t)cnt, &asns)) {
		out[o++] = type;
		out[o++] = cnt;
		for (size_t j = 0; j < cnt; j++, o += 4)
			wire_store_u32(out + o, wire_load_u16(asns + 2 * j));
	}
	return o;
}

/* Attributes of a 2-byte-ASN session with AS_PATH and AGGREGATOR in
 * 4-byte form (RFC 6396 4.3.4); others copied. out holds 2 * len + 16.
 * Returns the length written. */
static size_t widen_attrs(const uint8_t *a, size_t len, uint8_t *out)
{
	size_t o = 0;
	struct wire_cur c = wire_cur_make(a, len);
	struct bgp_attr_field f;
	while (bgp_attr_field_next(&c, &f)) {
		if (f.type == BGP_ATTR_AS_PATH || (f.type == BGP_ATTR_AGGREGATOR && f.len == 6)) {
			size_t start = o, nl;
			out[o++] = f.flags | BGP_ATTR_FLAG_EXTLEN;
			out[o++] = f.type;
			o += 2;
			if (f.type == BGP_ATTR_AS_PATH) {
				nl = widen_path(f.value, f.len, out + o);
			} else {
				wire_store_u32(out + o,
				               wire_load_u16(f.value)); /* AS, then address */
				memcpy(out + o + 4, f.value + 2, 4);
				nl = 8;
			}
			o += nl;
			wire_store_u16(out + start + 2, (uint16_t)nl);
		} else {
			memcpy(out + o, f.raw, f.raw_len);
			o += f.raw_len;
		}
	}
	return o;
}

static int gather(const struct bmp_state *st, enum bmp_rib_view view, struct rib_walk *w,
                  struct mrt_peer **peers, size_t *npeers, struct err *e)
{
	size_t cap = 0;
	for (size_t i = 0; i < st->nrouters; i++) {
		const struct bmp_router *r = st->routers[i];
		for (size_t j = 0; j < r->npeers; j++) {
			const struct bmp_peer *p = r->peers[j];
			if (!bmp_table_routes(&p->view[view]))
				continue;
			if (*npeers == 65535)
				return err_set(e, "more than 65535 peers for one RIB snapshot");
			struct mrt_peer *v = GROW(*peers, cap, *npeers + 1);
			if (!v)
				return err_set(e, "out of memory");
			*peers = v;
			struct mrt_peer *mp = &v[*npeers];
			memset(mp, 0, sizeof *mp);
			mp->bgp_id = p->bgp_id;
			mp->asn = p->asn;
			mp->addr.family = p->key.family == 6 ? 6 : 4;
			mp->addr.len = mp->addr.family == 6 ? 128 : 32;
			memcpy(mp->addr.addr, p->key.addr, 16);
			w->peer = (uint16_t)*npeers;
			w->addpath = (p->addpath >> view) & 1;
			(*npeers)++;
			bmp_table_foreach(&p->view[view], collect, w);
			if (w->oom)
				return err_set(e, "out of memory");
		}
	}
	return 0;
}

static int write_group(struct mrt_writer *mw, const struct bmp_state *st, uint32_t now,
                       uint32_t *seq, const struct rib_item *g, size_t n, struct err *e)
{
	static struct mrt_rib_raw ent[65535];
	if (n > 65535)
		n = 65535;
	size_t wide = 0;
	for (size_t i = 0; i < n; i++) {
		const struct bmp_attr_set *s = bmp_attr_get(&st->attrs, g[i].attr);
		if (s->asn_len == 2)
			wide += 2 * (size_t)s->len + 16;
	}
	uint8_t *buf = wide ? malloc(wide) : NULL, *o = buf;
	if (wide && !buf)
		return err_set(e, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const struct bmp_attr_set *s = bmp_attr_get(&st->attrs, g[i].attr);
		ent[i] = (struct mrt_rib_raw){.peer_index = g[i].peer,
		                              .originated = g[i].time,
		                              .path_id = g[i].path_id,
		                              .attrs = bmp_attr_data(s),
		                              .attrs_len = s->len};
		if (s->asn_len == 2) {
			ent[i].attrs = o;
			ent[i].attrs_len = widen_attrs(bmp_attr_data(s), s->len, o);
			o += ent[i].attrs_len;
		}
	}
	struct prefix p = {.family = g[0].family, .len = g[0].len};
	memcpy(p.addr, g[0].addr, 16);
	int rc = mrt_write_rib_raw(mw, now, (*seq)++, &p, g[0].addpath, ent, n, e);
	free(buf);
	return rc;
}

static int write_all(struct mrt_writer *mw, const struct bmp_archive_config *cfg,
                     const struct bmp_state *st, uint32_t now, const struct rib_walk *w,
                     const struct mrt_peer *peers, size_t npeers, struct err *e)
{
	if (mrt_write_peer_index(mw, now, cfg->collector_id, bmp_view_name(cfg->view), peers,
	                         npeers, e) < 0)
		return -1;
	uint32_t seq = 0;
	for (size_t i = 0; i < w->n;) {
		size_t j = i + 1;
		while (j < w->n && w->v[j].family == w->v[i].family && w->v[j].len == w->v[i].len &&
		       w->v[j].addpath == w->v[i].addpath &&
		       !memcmp(w->v[j].addr, w->v[i].addr, 16))
			j++;
		if (write_group(mw, st, now, &seq, w->v + i, j - i, e) < 0)
			return -1;
		i = j;
	}
	return 0;
}

int bmp_archive_write_rib(const struct bmp_archive_config *cfg, const struct bmp_state *st,
                          uint32_t now, size_t *routes, struct err *e)
{
	struct rib_walk w = {0};
	struct mrt_peer *peers = NULL;
	size_t npeers = 0;
	char path[4096];
	struct atomic_file af;
	struct mrt_writer *mw = NULL;
	int rc = -1;
	*routes = 0;
	if (gather(st, cfg->view, &w, &peers, &npeers, e) < 0)
		goto out;
	qsort(w.v, w.n, sizeof *w.v, item_cmp);
	if (!bmp_archive_name(path, sizeof path, cfg->dir, "rib", now, 60)) {
		err_set(e, "%s: archive path too long", cfg->dir);
		goto out;
	}
	if (atomic_file_open(&af, path, e) < 0)
		goto out;
	if (atomic_file_release_stream(&af, e) < 0 ||
	    !(mw = mrt_writer_open(atomic_file_write_name(&af), e))) {
		atomic_file_abort(&af);
		goto out;
	}
	rc = write_all(mw, cfg, st, now, &w, peers, npeers, e);
	struct err ce;
	if (mrt_writer_close(mw, &ce) < 0 && rc == 0) {
		*e = ce;
		rc = -1;
	}
	if (rc < 0) {
		atomic_file_fix_err(&af, e);
		atomic_file_abort(&af);
		goto out;
	}
	rc = atomic_file_commit(&af, e);
	if (rc == 0)
		*routes = w.n;
out:
	free(w.v);
	free(peers);
	return rc;
}

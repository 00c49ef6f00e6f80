/* SPDX-License-Identifier: ISC */
/* mrt_write.c - MRT writer: TABLE_DUMP_V2 RIBs and BGP4MP_MESSAGE_AS4 updates. */
#include "bgp/mrt_write.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_attr_enc.h"
#include "bgp/bgp_attr_walk.h"
#include "bgp/bgp_msg.h"
#include "core/wire.h"
#include "bgp/mrt_types.h"

struct mrt_writer {
	FILE *f;
	char name[256];
	int own;
	/* One record is built here before it is written. RIB records with many
	 * peers pass 64 KiB (MRT lengths are 32-bit); past 1 MiB we fail cleanly. */
	uint8_t rec[1 << 20];
};

struct mrt_writer *mrt_writer_open(const char *path, struct err *e)
{
	struct mrt_writer *w = calloc(1, sizeof *w);
	if (!w) {
		err_set(e, "%s: out of memory", path);
		return NULL;
	}
	snprintf(w->name, sizeof w->name, "%s", path);
	if (!strcmp(path, "-")) {
		w->f = stdout;
	} else {
		w->f = fopen(path, "wb");
		w->own = 1;
	}
	if (!w->f) {
		err_set(e, "%s: cannot create: %s", path, strerror(errno));
		free(w);
		return NULL;
	}
	return w;
}

int mrt_writer_close(struct mrt_writer *w, struct err *e)
{
	if (!w)
		return 0;
	int rc = 0;
	if (fflush(w->f) != 0)
		rc = err_set(e, "%s: write failed: %s", w->name, strerror(errno));
	if (w->own && fclose(w->f) != 0 && rc == 0)
		rc = err_set(e, "%s: close failed: %s", w->name, strerror(errno));
	free(w);
	return rc;
}

/* Start a record: common header with the length patched by rec_end. */
static struct wire_buf rec_begin(struct mrt_writer *w, uint32_t time, uint16_t type, uint16_t sub)
{
	struct wire_buf b = wire_buf_make(w->rec, sizeof w->rec);
	wire_put_u32(&b, time);
	wire_put_u16(&b, type);
	wire_put_u16(&b, sub);
	wire_put_u32(&b, 0);
	return b;
}

static int rec_end(struct mrt_writer *w, struct wire_buf *b, struct err *e)
{
	if (b->overflow)
		return err_set(e, "%s: MRT record too large", w->name);
	wire_patch_u32(b, 8, (uint32_t)(b->len - MRT_HEADER_LEN));
	if (fwrite(b->buf, 1, b->len, w->f) != b->len)
		return err_set(e, "%s: write failed: %s", w->name, strerror(errno));
	return 0;
}

static void put_addr(struct wire_buf *b, const struct prefix *a)
{
	wire_put_bytes(b, a->addr, a->family == 6 ? 16 : 4);
}

int mrt_write_peer_index(struct mrt_writer *w, uint32_t time, uint32_t collector_id,
                         const char *view_name, const struct mrt_peer *peers, size_t n,
                         struct err *e)
{
	size_t vlen = view_name ? strlen(view_name) : 0;
	if (n > 65535 || vlen > 65535)
		return err_set(e, "%s: too many peers (%zu) for a PEER_INDEX_TABLE", w->name, n);
	struct wire_buf b = rec_begin(w, time, MRT_TABLE_DUMP_V2, MRT_TD2_PEER_INDEX_TABLE);
	wire_put_u32(&b, collector_id);
	wire_put_u16(&b, (uint16_t)vlen);
	wire_put_bytes(&b, view_name, vlen);
	wire_put_u16(&b, (uint16_t)n);
	for (size_t i = 0; i < n; i++) {
		int v6 = peers[i].addr.family == 6;
		wire_put_u8(&b, (uint8_t)(0x02 | (v6 ? 0x01 : 0))); /* always 4-byte AS */
		wire_put_u32(&b, peers[i].bgp_id);
		put_addr(&b, &peers[i].addr);
		wire_put_u32(&b, peers[i].asn);
	}
	return rec_end(w, &b, e);
}

int mrt_write_rib(struct mrt_writer *w, uint32_t time, uint32_t seq, const struct prefix *pfx,
                  const struct mrt_rib_entry *entries, size_t n, struct err *e)
{
	if (n > 65535)
		return err_set(e, "%s: too many RIB entries (%zu)", w->name, n);
	int v6 = pfx->family == 6;
	struct wire_buf b = rec_begin(w, time, MRT_TABLE_DUMP_V2,
	                              v6 ? MRT_TD2_RIB_IPV6_UNICAST : MRT_TD2_RIB_IPV4_UNICAST);
	wire_put_u32(&b, seq);
	bgp_put_nlri(&b, pfx->len, pfx->addr);
	wire_put_u16(&b, (uint16_t)n);
	for (size_t i = 0; i < n; i++) {
		wire_put_u16(&b, entries[i].peer_index);
		wire_put_u32(&b, entries[i].originated);
		size_t off = b.len;
		wire_put_u16(&b, 0);
		bgp_attrs_encode(&b, entries[i].attrs, !v6, v6 ? BGP_MP_ABBREV : BGP_MP_NONE, NULL,
		                 0);
		wire_patch_u16(&b, off, (uint16_t)(b.len - off - 2));
		if (b.len - off - 2 > 65535)
			return err_set(e, "%s: RIB entry attributes too large", w->name);
	}
	return rec_end(w, &b, e);
}

/* BGP4MP_*_AS4 preamble shared by updates and state changes. */
static int session_begin(struct mrt_writer *w, struct wire_buf *b, const struct mrt_session *s,
                         struct err *e)
{
	if (s->peer_ip.family != s->local_ip.family ||
	    (s->peer_ip.family != 4 && s->peer_ip.family != 6))
		return err_set(e, "%s: session addresses must both be IPv4 or both IPv6", w->name);
	wire_put_u32(b, s->peer_as);
	wire_put_u32(b, s->local_as);
	wire_put_u16(b, 0);
	wire_put_u16(b, s->peer_ip.family == 6 ? BGP_AFI_IPV6 : BGP_AFI_IPV4);
	put_addr(b, &s->peer_ip);
	put_addr(b, &s->local_ip);
	return 0;
}

/* One NLRI prefix, after its path identifier when path_id is set. */
static void put_nlri_ap(struct wire_buf *b, const uint32_t *path_id, const struct prefix *p)
{
	if (path_id)
		wire_put_u32(b, *path_id);
	bgp_put_nlri(b, p->len, p->addr);
}

int mrt_write_open(struct mrt_writer *w, uint32_t time, const struct mrt_session *s, bool local,
                   const struct bgp_open *o, struct err *e)
{
	struct wire_buf b = rec_begin(
	    w, time, MRT_BGP4MP, local ? MRT_BGP4MP_MESSAGE_AS4_LOCAL : MRT_BGP4MP_MESSAGE_AS4);
	if (session_begin(w, &b, s, e) < 0)
		return -1;
	if (bgp_encode_open(&b, o) < 0)
		return err_set(e, "%s: OPEN does not fit", w->name);
	return rec_end(w, &b, e);
}

int mrt_write_update(struct mrt_writer *w, uint32_t time, const struct mrt_session *s,
                     const struct prefix *withdrawn, size_t n_withdrawn,
                     const struct prefix *announced, size_t n_announced,
                     const struct mrt_attrs *attrs, struct err *e)
{
	if (n_announced && !attrs)
		return err_set(e, "%s: announced prefixes need attributes", w->name);
	struct wire_buf b = rec_begin(w, time, MRT_BGP4MP, MRT_BGP4MP_MESSAGE_AS4);
	if (session_begin(w, &b, s, e) < 0)
		return -1;
	size_t msg = b.len;
	for (int i = 0; i < 16; i++)
		wire_put_u8(&b, 0xff);
	wire_put_u16(&b, 0);
	wire_put_u8(&b, BGP_MSG_UPDATE);

	size_t off = b.len;
	wire_put_u16(&b, 0);
	size_t n6w = 0, n6a = 0;
	const uint32_t *pid = s->addpath ? &s->path_id : NULL;
	for (size_t i = 0; i < n_withdrawn; i++) {
		if (withdrawn[i].family == 4)
			put_nlri_ap(&b, pid, &withdrawn[i]);
		else
			n6w++;
	}
	wire_patch_u16(&b, off, (uint16_t)(b.len - off - 2));

	off = b.len;
	wire_put_u16(&b, 0);
	if (n6w) {
		size_t a = bgp_attr_begin(&b, 0x80, BGP_ATTR_MP_UNREACH_NLRI);
		wire_put_u16(&b, BGP_AFI_IPV6);
		wire_put_u8(&b, BGP_SAFI_UNICAST);
		for (size_t i = 0; i < n_withdrawn; i++)
			if (withdrawn[i].family == 6)
				put_nlri_ap(&b, pid, &withdrawn[i]);
		bgp_attr_end(&b, a);
	}
	size_t n4a = 0;
	for (size_t i = 0; i < n_announced; i++)
		n6a += announced[i].family == 6;
	n4a = n_announced - n6a;
	if (n_announced) {
		/* MP_REACH wants the IPv6 prefixes contiguous: gather them. */
		struct prefix *v6 = NULL;
		if (n6a) {
			v6 = malloc(n6a * sizeof *v6);
			if (!v6)
				return err_set(e, "%s: out of memory", w->name);
			size_t k = 0;
			for (size_t i = 0; i < n_announced; i++)
				if (announced[i].family == 6)
					v6[k++] = announced[i];
		}
		bgp_attrs_encode_ap(&b, attrs, n4a > 0, n6a ? BGP_MP_FULL : BGP_MP_NONE, v6, n6a,
		                    pid);
		free(v6);
	}
	wire_patch_u16(&b, off, (uint16_t)(b.len - off - 2));
	for (size_t i = 0; i < n_announced; i++)
		if (announced[i].family == 4)
			put_nlri_ap(&b, pid, &announced[i]);

	if (b.len - msg > BGP_MAX_MSG_LEN)
		return err_set(e, "%s: UPDATE of %zu bytes exceeds 4096", w->name, b.len - msg);
	wire_patch_u16(&b, msg + 16, (uint16_t)(b.len - msg));
	return rec_end(w, &b, e);
}

int mrt_write_state(struct mrt_writer *w, uint32_t time, const struct mrt_session *s,
                    uint16_t old_state, uint16_t new_state, struct err *e)
{
	struct wire_buf b = rec_begin(w, time, MRT_BGP4MP, MRT_BGP4MP_STATE_CHANGE_AS4);
	if (session_begin(w, &b, s, e) < 0)
		return -1;
	wire_put_u16(&b, old_state);
	wire_put_u16(&b, new_state);
	return rec_end(w, &b, e);
}

static int mrt_write_bgp4mp_as4_raw(struct mrt_writer *w, uint32_t time,
                                    const struct mrt_session *s, uint16_t subtype,
                                    const uint8_t *msg, size_t len, struct err *e)
{
	struct wire_buf b = rec_begin(w, time, MRT_BGP4MP, subtype);
	if (session_begin(w, &b, s, e) < 0)
		return -1;
	wire_put_bytes(&b, msg, len);
	return rec_end(w, &b, e);
}

int mrt_write_bgp4mp_raw(struct mrt_writer *w, uint32_t time, const struct mrt_session *s,
                         uint16_t subtype, const uint8_t *msg, size_t len, struct err *e)
{
	bool as4 = subtype == MRT_BGP4MP_MESSAGE_AS4 || subtype == MRT_BGP4MP_MESSAGE_AS4_ADDPATH;
	if (as4)
		return mrt_write_bgp4mp_as4_raw(w, time, s, subtype, msg, len, e);
	if (s->peer_ip.family != s->local_ip.family ||
	    (s->peer_ip.family != 4 && s->peer_ip.family != 6))
		return err_set(e, "%s: session addresses must both be IPv4 or both IPv6", w->name);
	struct wire_buf b = rec_begin(w, time, MRT_BGP4MP, subtype);
	wire_put_u16(&b, (uint16_t)(s->peer_as > 65535 ? 23456 : s->peer_as));
	wire_put_u16(&b, (uint16_t)(s->local_as > 65535 ? 23456 : s->local_as));
	wire_put_u16(&b, 0);
	wire_put_u16(&b, s->peer_ip.family == 6 ? BGP_AFI_IPV6 : BGP_AFI_IPV4);
	put_addr(&b, &s->peer_ip);
	put_addr(&b, &s->local_ip);
	wire_put_bytes(&b, msg, len);
	return rec_end(w, &b, e);
}

/* Copy raw attributes, MP_REACH_NLRI reduced to next-hop length and next
 * hop (RFC 6396 4.3.4). */
static void put_attrs_abbrev(struct wire_buf *b, const uint8_t *a, size_t len)
{
	struct wire_cur c = wire_cur_make(a, len);
	struct bgp_attr_field f;
	while (bgp_attr_field_next(&c, &f)) {
		struct wire_cur v = wire_cur_make(f.value, f.len);
		const uint8_t *nh; /* next-hop length and next hop, after AFI and SAFI */
		uint8_t nh_len;
		if (f.type == BGP_ATTR_MP_REACH_NLRI && wire_peek_u8(&v, 3, &nh_len) &&
		    wire_skip(&v, 3) && wire_get_bytes(&v, (size_t)nh_len + 1, &nh)) {
			wire_put_u8(b, (uint8_t)(f.flags & ~BGP_ATTR_FLAG_EXTLEN));
			wire_put_u8(b, BGP_ATTR_MP_REACH_NLRI);
			wire_put_u8(b, (uint8_t)(nh_len + 1));
			wire_put_bytes(b, nh, (size_t)nh_len + 1);
		} else {
			wire_put_bytes(b, f.raw, f.raw_len);
		}
	}
}

int mrt_write_rib_raw(struct mrt_writer *w, uint32_t time, uint32_t seq, const struct prefix *pfx,
                      bool addpath, const struct mrt_rib_raw *entries, size_t n, struct err *e)
{
	if (n > 65535)
		return err_set(e, "%s: too many RIB entries (%zu)", w->name, n);
	int v6 = pfx->family == 6;
	uint16_t sub = v6 ? (addpath ? MRT_TD2_RIB_IPV6_UNICAST_ADDPATH : MRT_TD2_RIB_IPV6_UNICAST)
	                  : (addpath ? MRT_TD2_RIB_IPV4_UNICAST_ADDPATH : MRT_TD2_RIB_IPV4_UNICAST);
	struct wire_buf b = rec_begin(w, time, MRT_TABLE_DUMP_V2, sub);
	wire_put_u32(&b, seq);
	bgp_put_nlri(&b, pfx->len, pfx->addr);
	wire_put_u16(&b, (uint16_t)n);
	for (size_t i = 0; i < n; i++) {
		wire_put_u16(&b, entries[i].peer_index);
		wire_put_u32(&b, entries[i].originated);
		if (addpath)
			wire_put_u32(&b, entries[i].path_id);
		size_t off = b.len;
		wire_put_u16(&b, 0);
		put_attrs_abbrev(&b, entries[i].attrs, entries[i].attrs_len);
		if (b.len - off - 2 > 65535)
			return err_set(e, "%s: RIB entry attributes too large", w->name);
		wire_patch_u16(&b, off, (uint16_t)(b.len - off - 2));
	}
	return rec_end(w, &b, e);
}

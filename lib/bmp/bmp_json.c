/* SPDX-License-Identifier: ISC */
/* bmp_json.c - a decoded BMP message as JSON members. */
#include "bmp/bmp_json.h"

#include <inttypes.h>
#include <stdio.h>

#include "core/prefix.h"

static void kv_u32(struct json_writer *w, const char *k, uint32_t v)
{
	json_key(w, k);
	json_u32(w, v);
}

static void kv_str(struct json_writer *w, const char *k, const char *v)
{
	json_key(w, k);
	json_str(w, v);
}

static void kv_bool(struct json_writer *w, const char *k, bool v)
{
	json_key(w, k);
	json_bool(w, v);
}

static void kv_ip(struct json_writer *w, const char *k, int family, const uint8_t *a)
{
	struct prefix p;
	char text[64];
	prefix_from_bytes(&p, family, a, family == 6 ? 128 : 32);
	kv_str(w, k, addr_format(&p, text, sizeof text));
}

static void kv_id(struct json_writer *w, const char *k, uint32_t id)
{
	uint8_t a[4] = {(uint8_t)(id >> 24), (uint8_t)(id >> 16), (uint8_t)(id >> 8), (uint8_t)id};
	kv_ip(w, k, 4, a);
}

char *bmp_rd_format(uint64_t rd, char *buf, size_t n)
{
	uint16_t type = (uint16_t)(rd >> 48);
	if (type == 0)
		snprintf(buf, n, "%u:%u", (unsigned)(rd >> 32 & 0xffff),
		         (unsigned)(rd & 0xffffffff));
	else if (type == 1)
		snprintf(buf, n, "%u.%u.%u.%u:%u", (unsigned)(rd >> 40 & 255),
		         (unsigned)(rd >> 32 & 255), (unsigned)(rd >> 24 & 255),
		         (unsigned)(rd >> 16 & 255), (unsigned)(rd & 0xffff));
	else if (type == 2)
		snprintf(buf, n, "%u:%u", (unsigned)(rd >> 16 & 0xffffffff),
		         (unsigned)(rd & 0xffff));
	else
		snprintf(buf, n, "%" PRIu64, rd);
	return buf;
}

static void peer_members(struct json_writer *w, const struct bmp_msg *m)
{
	const struct bmp_peer_hdr *h = &m->peer;
	json_key(w, "peer_type");
	json_string_plain(w, bmp_peer_type_name(h->type));
	if (h->distinguisher) {
		char rd[32];
		if (h->type == BMP_PEER_RD)
			bmp_rd_format(h->distinguisher, rd, sizeof rd);
		else
			snprintf(rd, sizeof rd, "%" PRIu64, h->distinguisher);
		kv_str(w, "peer_distinguisher", rd);
	}
	kv_ip(w, "peer_ip", h->family, h->addr);
	kv_u32(w, "peer_as", h->as);
	kv_id(w, "peer_bgp_id", h->bgp_id);
	json_key(w, "rib");
	json_string_plain(w, bmp_view_name(bmp_peer_view(h)));
	kv_u32(w, "flags", h->flags);
	kv_u32(w, "timestamp", h->ts_sec);
	kv_u32(w, "usec", h->ts_usec);
	if (h->type == BMP_PEER_LOC_RIB && (h->flags & BMP_PEER_FLAG_F))
		kv_bool(w, "filtered", true);
	if (h->type != BMP_PEER_LOC_RIB && (h->flags & BMP_PEER_FLAG_A))
		kv_bool(w, "as_path_2byte", true);
}

static void info_tlvs(struct json_writer *w, const uint8_t *p, size_t n, bool term)
{
	struct bmp_tlv_iter it;
	struct bmp_tlv t;
	json_key(w, "info");
	json_begin_array(w);
	bmp_tlv_iter_init(&it, p, n);
	while (bmp_tlv_next(&it, &t)) {
		json_begin_object(w);
		kv_u32(w, "type", t.type);
		json_key(w, "name");
		json_string_plain(w, term ? (t.type == 0   ? "string"
		                             : t.type == 1 ? "reason"
		                                           : "unknown")
		                          : bmp_info_tlv_name(t.type));
		json_key(w, "value");
		if (term && t.type == BMP_TERM_REASON && t.len == 2)
			json_u32(w, wire_load_u16(t.value));
		else
			json_strn(w, (const char *)t.value, t.len);
		json_end_object(w);
	}
	json_end_array(w);
}

static void tlv_string(struct json_writer *w, const char *k, const uint8_t *p, size_t n,
                       uint16_t type)
{
	struct bmp_tlv t;
	if (!bmp_tlv_find(p, n, type, &t))
		return;
	json_key(w, k);
	json_strn(w, (const char *)t.value, t.len);
}

static void peer_up(struct json_writer *w, const struct bmp_msg *m)
{
	kv_ip(w, "local_ip", m->u.up.local_family, m->u.up.local_addr);
	kv_u32(w, "local_port", m->u.up.local_port);
	kv_u32(w, "remote_port", m->u.up.remote_port);
	kv_u32(w, "local_as", bgp_open_asn(&m->u.up.sent));
	kv_id(w, "local_bgp_id", m->u.up.sent.bgp_id);
	kv_u32(w, "remote_as", bgp_open_asn(&m->u.up.recv));
	kv_id(w, "remote_bgp_id", m->u.up.recv.bgp_id);
	uint16_t hs = m->u.up.sent.hold_time, hr = m->u.up.recv.hold_time;
	kv_u32(w, "hold_time", hs < hr ? hs : hr);
	const struct bmp_session *s = &m->u.up.session;
	kv_bool(w, "as4", s->as4);
	json_key(w, "addpath");
	json_begin_array(w);
	for (size_t i = 0; i < s->n_afs; i++) {
		if (!s->afs[i].rx && !s->afs[i].tx)
			continue;
		json_begin_object(w);
		kv_u32(w, "afi", s->afs[i].afi);
		kv_u32(w, "safi", s->afs[i].safi);
		kv_bool(w, "rx", s->afs[i].rx);
		kv_bool(w, "tx", s->afs[i].tx);
		json_end_object(w);
	}
	json_end_array(w);
	tlv_string(w, "table_name", m->u.up.tlvs, m->u.up.tlvs_len, BMP_INFO_VRF_TABLE_NAME);
	info_tlvs(w, m->u.up.tlvs, m->u.up.tlvs_len, false);
}

static void hex(struct json_writer *w, const uint8_t *p, size_t n)
{
	static const char d[] = "0123456789abcdef";
	struct mrt_buf *b = json_value_buf(w, 2 * n + 2);
	if (!b)
		return;
	mrt_buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		mrt_buf_putc(b, d[p[i] >> 4]);
		mrt_buf_putc(b, d[p[i] & 15]);
	}
	mrt_buf_putc(b, '"');
}

/* TLV extensions as [{"type", "value" (hex)}]; nothing when none. */
static void raw_tlvs(struct json_writer *w, const uint8_t *p, size_t n)
{
	struct bmp_tlv_iter it;
	struct bmp_tlv t;
	if (!n)
		return;
	json_key(w, "tlvs");
	json_begin_array(w);
	bmp_tlv_iter_init(&it, p, n);
	while (bmp_tlv_next(&it, &t)) {
		json_begin_object(w);
		kv_u32(w, "type", t.type);
		json_key(w, "value");
		hex(w, t.value, t.len);
		json_end_object(w);
	}
	json_end_array(w);
}

static void peer_down(struct json_writer *w, const struct bmp_msg *m)
{
	kv_u32(w, "reason", m->u.down.reason);
	json_key(w, "reason_name");
	json_string_plain(w, bmp_down_reason_name(m->u.down.reason));
	if (m->u.down.reason == BMP_DOWN_LOCAL_NOTIFY ||
	    m->u.down.reason == BMP_DOWN_REMOTE_NOTIFY) {
		json_key(w, "notification");
		json_begin_object(w);
		kv_u32(w, "code", m->u.down.notify.code);
		kv_u32(w, "subcode", m->u.down.notify.subcode);
		json_end_object(w);
	}
	if (m->u.down.reason == BMP_DOWN_LOCAL_FSM)
		kv_u32(w, "fsm_event", m->u.down.fsm_event);
	if (m->u.down.reason == BMP_DOWN_LOCAL_TLV)
		info_tlvs(w, m->u.down.data, m->u.down.data_len, false);
	raw_tlvs(w, m->u.down.tlvs, m->u.down.tlvs_len);
}

static void stats(struct json_writer *w, const struct bmp_msg *m)
{
	struct bmp_stat_iter it;
	struct bmp_stat s;
	json_key(w, "counters");
	json_begin_array(w);
	bmp_stat_iter_init(&it, m);
	while (bmp_stat_next(&it, &s)) {
		json_begin_object(w);
		kv_u32(w, "type", s.type);
		json_key(w, "name");
		json_string_plain(w, bmp_stat_type_name(s.type));
		if (s.shape == BMP_STAT_SHAPE_OTHER) {
			json_key(w, "raw");
			hex(w, s.raw, s.len);
		} else {
			json_key(w, "value");
			json_u64(w, s.value);
		}
		if (s.shape == BMP_STAT_SHAPE_AF_GAUGE64) {
			kv_u32(w, "afi", s.afi);
			kv_u32(w, "safi", s.safi);
		}
		json_end_object(w);
	}
	json_end_array(w);
}

static void mirroring(struct json_writer *w, const struct bmp_msg *m)
{
	struct bmp_tlv t;
	if (bmp_tlv_find(m->u.tlv.tlvs, m->u.tlv.tlvs_len, BMP_MIRROR_INFO, &t))
		kv_u32(w, "mirror_info", wire_load_u16(t.value));
	if (bmp_tlv_find(m->u.tlv.tlvs, m->u.tlv.tlvs_len, BMP_MIRROR_BGP_MSG, &t))
		kv_u32(w, "bgp_type", t.value[18]);
}

void bmp_json_members(struct json_writer *w, const struct bmp_msg *m)
{
	static const char *types[] = {"route_monitoring", "stats",      "peer_down",
	                              "peer_up",          "initiation", "termination",
	                              "route_mirroring"};
	json_key(w, "bmp_type");
	json_string_plain(w, m->type < 7 ? types[m->type] : "unknown");
	if (m->has_peer)
		peer_members(w, m);
	struct bmp_tlv t;
	switch (m->type) {
	case BMP_ROUTE_MONITORING:
		kv_u32(w, "bgp_length", (uint32_t)m->u.rm.update.len);
		raw_tlvs(w, m->u.rm.tlvs, m->u.rm.tlvs_len);
		break;
	case BMP_STATS_REPORT:
		stats(w, m);
		break;
	case BMP_PEER_DOWN:
		peer_down(w, m);
		break;
	case BMP_PEER_UP:
		peer_up(w, m);
		break;
	case BMP_INITIATION:
		tlv_string(w, "sys_name", m->u.tlv.tlvs, m->u.tlv.tlvs_len, BMP_INFO_SYS_NAME);
		tlv_string(w, "sys_descr", m->u.tlv.tlvs, m->u.tlv.tlvs_len, BMP_INFO_SYS_DESCR);
		info_tlvs(w, m->u.tlv.tlvs, m->u.tlv.tlvs_len, false);
		break;
	case BMP_TERMINATION:
		if (bmp_tlv_find(m->u.tlv.tlvs, m->u.tlv.tlvs_len, BMP_TERM_REASON, &t)) {
			kv_u32(w, "reason", wire_load_u16(t.value));
			json_key(w, "reason_name");
			json_string_plain(w, bmp_term_reason_name(wire_load_u16(t.value)));
		}
		info_tlvs(w, m->u.tlv.tlvs, m->u.tlv.tlvs_len, true);
		break;
	case BMP_ROUTE_MIRRORING:
		mirroring(w, m);
		break;
	default:
		break;
	}
}

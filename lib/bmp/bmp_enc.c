/* SPDX-License-Identifier: ISC */
/* bmp_enc.c - build BMP v3 messages. */
#include "bmp/bmp_enc.h"

#include <string.h>

/* Common header with a length patched by end(). */
static size_t begin(struct wire_buf *w, uint8_t type)
{
	size_t start = w->len;
	wire_put_u8(w, BMP_VERSION);
	wire_put_u32(w, 0);
	wire_put_u8(w, type);
	return start;
}

static int end(struct wire_buf *w, size_t start)
{
	if (!wire_buf_ok(w) || w->len - start > UINT32_MAX)
		return -1;
	wire_patch_u32(w, start + 1, (uint32_t)(w->len - start));
	return 0;
}

void bmp_put_peer_hdr(struct wire_buf *w, const struct bmp_peer_hdr *h)
{
	wire_put_u8(w, h->type);
	wire_put_u8(w, h->flags);
	wire_put_u64(w, h->distinguisher);
	if (h->family == 6) {
		wire_put_bytes(w, h->addr, 16);
	} else {
		wire_put_zero(w, 12);
		wire_put_bytes(w, h->addr, 4);
	}
	wire_put_u32(w, h->as);
	wire_put_u32(w, h->bgp_id);
	wire_put_u32(w, h->ts_sec);
	wire_put_u32(w, h->ts_usec);
}

void bmp_put_tlvs(struct wire_buf *w, const struct bmp_tlv *tlvs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		wire_put_u16(w, tlvs[i].type);
		wire_put_u16(w, tlvs[i].len);
		wire_put_bytes(w, tlvs[i].value, tlvs[i].len);
	}
}

static int tlv_msg(struct wire_buf *w, uint8_t type, const struct bmp_peer_hdr *h,
                   const struct bmp_tlv *tlvs, size_t n)
{
	size_t start = begin(w, type);
	if (h)
		bmp_put_peer_hdr(w, h);
	bmp_put_tlvs(w, tlvs, n);
	return end(w, start);
}

int bmp_encode_initiation(struct wire_buf *w, const struct bmp_tlv *tlvs, size_t n)
{
	return tlv_msg(w, BMP_INITIATION, NULL, tlvs, n);
}

int bmp_encode_termination(struct wire_buf *w, const struct bmp_tlv *tlvs, size_t n)
{
	return tlv_msg(w, BMP_TERMINATION, NULL, tlvs, n);
}

int bmp_encode_route_mirroring(struct wire_buf *w, const struct bmp_peer_hdr *h,
                               const struct bmp_tlv *tlvs, size_t n)
{
	return tlv_msg(w, BMP_ROUTE_MIRRORING, h, tlvs, n);
}

int bmp_encode_route_monitoring(struct wire_buf *w, const struct bmp_peer_hdr *h,
                                const uint8_t *pdu, size_t n)
{
	size_t start = begin(w, BMP_ROUTE_MONITORING);
	bmp_put_peer_hdr(w, h);
	wire_put_bytes(w, pdu, n);
	return end(w, start);
}

int bmp_encode_stats(struct wire_buf *w, const struct bmp_peer_hdr *h, const struct bmp_stat *s,
                     size_t n)
{
	if (n > UINT32_MAX)
		return -1;
	size_t start = begin(w, BMP_STATS_REPORT);
	bmp_put_peer_hdr(w, h);
	wire_put_u32(w, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		wire_put_u16(w, s[i].type);
		switch (s[i].shape) {
		case BMP_STAT_SHAPE_COUNTER32:
			wire_put_u16(w, 4);
			wire_put_u32(w, (uint32_t)s[i].value);
			break;
		case BMP_STAT_SHAPE_GAUGE64:
			wire_put_u16(w, 8);
			wire_put_u64(w, s[i].value);
			break;
		case BMP_STAT_SHAPE_AF_GAUGE64:
			wire_put_u16(w, 11);
			wire_put_u16(w, s[i].afi);
			wire_put_u8(w, s[i].safi);
			wire_put_u64(w, s[i].value);
			break;
		default:
			wire_put_u16(w, s[i].len);
			wire_put_bytes(w, s[i].raw, s[i].len);
			break;
		}
	}
	return end(w, start);
}

int bmp_encode_peer_down(struct wire_buf *w, const struct bmp_peer_hdr *h, uint8_t reason,
                         const uint8_t *data, size_t n)
{
	size_t start = begin(w, BMP_PEER_DOWN);
	bmp_put_peer_hdr(w, h);
	wire_put_u8(w, reason);
	wire_put_bytes(w, data, n);
	return end(w, start);
}

int bmp_encode_peer_up(struct wire_buf *w, const struct bmp_peer_hdr *h,
                       const struct bmp_peer_up_enc *u)
{
	size_t start = begin(w, BMP_PEER_UP);
	bmp_put_peer_hdr(w, h);
	if (h->family == 6) {
		wire_put_bytes(w, u->local_addr, 16);
	} else {
		wire_put_zero(w, 12);
		wire_put_bytes(w, u->local_addr, 4);
	}
	wire_put_u16(w, u->local_port);
	wire_put_u16(w, u->remote_port);
	wire_put_bytes(w, u->sent_open, u->sent_len);
	wire_put_bytes(w, u->recv_open, u->recv_len);
	bmp_put_tlvs(w, u->tlvs, u->n_tlvs);
	return end(w, start);
}

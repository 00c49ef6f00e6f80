/* SPDX-License-Identifier: ISC */
/* bmp_tlv.c - walk the TLVs and counters bmp_decode has validated. */
#include "bmp/bmp.h"

#include "core/wire.h"

void bmp_tlv_iter_init(struct bmp_tlv_iter *it, const uint8_t *p, size_t n)
{
	it->c = wire_cur_make(p, n);
}

bool bmp_tlv_next(struct bmp_tlv_iter *it, struct bmp_tlv *t)
{
	if (wire_left(&it->c) == 0)
		return false;
	/* Validated by bmp_decode; a failed read ends the walk all the same. */
	return wire_get_u16(&it->c, &t->type) && wire_get_u16(&it->c, &t->len) &&
	       wire_get_bytes(&it->c, t->len, &t->value);
}

bool bmp_tlv_find(const uint8_t *p, size_t n, uint16_t type, struct bmp_tlv *t)
{
	struct bmp_tlv_iter it;
	bmp_tlv_iter_init(&it, p, n);
	while (bmp_tlv_next(&it, t))
		if (t->type == type)
			return true;
	return false;
}

void bmp_stat_iter_init(struct bmp_stat_iter *it, const struct bmp_msg *m)
{
	it->c = wire_cur_make(m->u.stats.data, m->u.stats.len);
}

bool bmp_stat_next(struct bmp_stat_iter *it, struct bmp_stat *s)
{
	if (wire_left(&it->c) == 0)
		return false;
	if (!wire_get_u16(&it->c, &s->type) || !wire_get_u16(&it->c, &s->len) ||
	    !wire_get_bytes(&it->c, s->len, &s->raw))
		return false;
	struct wire_cur v = wire_cur_make(s->raw, s->len);
	s->afi = 0;
	s->safi = 0;
	s->value = 0;
	if (s->len == 4) {
		uint32_t v32;
		wire_get_u32(&v, &v32);
		s->value = v32;
		s->shape = BMP_STAT_SHAPE_COUNTER32;
	} else if (s->len == 8) {
		wire_get_u64(&v, &s->value);
		s->shape = BMP_STAT_SHAPE_GAUGE64;
	} else if (s->len == 11) {
		wire_get_u16(&v, &s->afi);
		wire_get_u8(&v, &s->safi);
		wire_get_u64(&v, &s->value);
		s->shape = BMP_STAT_SHAPE_AF_GAUGE64;
	} else {
		s->shape = BMP_STAT_SHAPE_OTHER;
	}
	return true;
}

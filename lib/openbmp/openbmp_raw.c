/* SPDX-License-Identifier: ISC */
/* openbmp_raw.c - the openbmp.bmp_raw message: OpenBMP's binary header
 * (message bus API 1.7, see openbmp.h) in front of one BMP message. */
#include <string.h>

#include "core/wire.h"
#include "openbmp/openbmp.h"
#include "openbmp/openbmp_hash.h"

#define FLAG_ROUTER 0x80
#define FLAG_ROUTER_V6 0x40

static void put16(struct mrt_buf *b, uint16_t v)
{
	uint8_t x[2] = {(uint8_t)(v >> 8), (uint8_t)v};
	mrt_buf_put(b, x, 2);
}

static void put32(struct mrt_buf *b, uint32_t v)
{
	uint8_t x[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
	mrt_buf_put(b, x, 4);
}

int openbmp_raw_encode(struct mrt_buf *b, const struct openbmp_raw_info *info, const uint8_t *bmp,
                       size_t n, struct err *e)
{
	size_t alen = strlen(info->admin_id), glen = strlen(info->group);
	if (alen > 255 || glen > 255)
		return err_set(e, "openbmp: collector name or router group over 255 bytes");
	if (n > UINT32_MAX)
		return err_set(e, "openbmp: BMP message too long");
	size_t hlen = 4 + 1 + 1 + 2 + 4 + 1 + 1 + 4 + 4 + 16 + 2 + alen + 16 + 16 + 2 + glen + 4;
	if (mrt_buf_reserve(b, hlen + n) < 0)
		return err_set(e, "out of memory");
	uint8_t chash[16], rhash[16], addr[16] = {0};
	openbmp_hash16(chash, info->admin_id, strlen(info->admin_id), NULL, 0);
	bool v6 = info->router.family == 6;
	memcpy(addr, info->router.addr, v6 ? 16 : 4);
	openbmp_hash16(rhash, addr, sizeof addr, chash, sizeof chash);
	mrt_buf_put(b, "OBMP", 4);
	mrt_buf_putc(b, 1);
	mrt_buf_putc(b, 7);
	put16(b, (uint16_t)hlen);
	put32(b, (uint32_t)n);
	mrt_buf_putc(b, (char)(FLAG_ROUTER | (v6 ? FLAG_ROUTER_V6 : 0)));
	mrt_buf_putc(b, OPENBMP_TYPE_BMP_RAW);
	put32(b, info->sec);
	put32(b, info->usec);
	mrt_buf_put(b, chash, 16);
	put16(b, (uint16_t)alen);
	mrt_buf_put(b, info->admin_id, alen);
	mrt_buf_put(b, rhash, 16);
	mrt_buf_put(b, addr, 16);
	put16(b, (uint16_t)glen);
	mrt_buf_put(b, info->group, glen);
	put32(b, 1);
	mrt_buf_put(b, bmp, n);
	return 0;
}

/* A length-prefixed name into dst (NUL-terminated). */
static bool get_name(struct wire_cur *c, char dst[256])
{
	uint16_t len;
	if (!wire_get_u16(c, &len))
		return false;
	if (len > 255)
		return wire_fail(c);
	if (!wire_get_copy(c, dst, len))
		return false;
	dst[len] = '\0';
	return true;
}

int openbmp_raw_decode(const uint8_t *p, size_t n, struct openbmp_raw_info *out, struct err *e)
{
	struct wire_cur c = wire_cur_make(p, n);
	uint8_t magic[4], major = 0, minor = 0, flags = 0, type = 0, addr[16];
	uint16_t hlen = 0;
	uint32_t mlen = 0, rows;
	memset(out, 0, sizeof *out);
	if (!wire_get_copy(&c, magic, 4) || memcmp(magic, "OBMP", 4))
		return err_at_offset(e, "openbmp", 0, "not an OpenBMP binary header (magic)");
	if (!wire_get_u8(&c, &major) || !wire_get_u8(&c, &minor) || major != 1)
		return err_at_offset(e, "openbmp", 4, "unsupported OpenBMP header version %u.%u",
		                     major, minor);
	wire_get_u16(&c, &hlen);
	wire_get_u32(&c, &mlen);
	wire_get_u8(&c, &flags);
	if (wire_get_u8(&c, &type) && (type != OPENBMP_TYPE_BMP_RAW || !(flags & FLAG_ROUTER)))
		return err_at_offset(e, "openbmp", 13, "object type %u is not a router's bmp_raw",
		                     type);
	wire_get_u32(&c, &out->sec);
	wire_get_u32(&c, &out->usec);
	wire_skip(&c, 16);
	get_name(&c, out->admin_id);
	wire_skip(&c, 16);
	wire_get_copy(&c, addr, 16);
	get_name(&c, out->group);
	wire_get_u32(&c, &rows);
	if (!wire_ok(&c))
		return err_at_offset(e, "openbmp", wire_fail_offset(&c),
		                     "header cut short or a name over 255 bytes");
	if (wire_offset(&c) != hlen)
		return err_at_offset(e, "openbmp", 6, "header length %u, its fields end at %zu",
		                     hlen, wire_offset(&c));
	if ((uint64_t)hlen + mlen != n)
		return err_at_offset(e, "openbmp", 8,
		                     "BMP length %u does not match the %zu bytes after the header",
		                     mlen, n - hlen);
	prefix_from_bytes(&out->router, flags & FLAG_ROUTER_V6 ? 6 : 4, addr,
	                  flags & FLAG_ROUTER_V6 ? 128 : 32);
	out->bmp = p + hlen;
	out->bmp_len = mlen;
	return 0;
}

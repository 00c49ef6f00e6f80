/* SPDX-License-Identifier: ISC */
/* ws_frame.c - RFC 6455 frames: header codec, masking, reassembly. */
#include "core/ws_frame.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

#define DEFAULT_MAX_MESSAGE (16u << 20)

static bool known_opcode(uint8_t op)
{
	return op <= WS_OP_BINARY || (op >= WS_OP_CLOSE && op <= WS_OP_PONG);
}

int ws_frame_header(const uint8_t *buf, size_t n, uint64_t max_len, bool masked_expected,
                    struct ws_frame *f, struct err *e)
{
	if (n < 2)
		return 0;
	f->fin = buf[0] & 0x80;
	f->opcode = buf[0] & 0x0f;
	f->masked = buf[1] & 0x80;
	if (buf[0] & 0x70)
		return err_set(e, "websocket: reserved bits set (no extension was negotiated)");
	if (!known_opcode(f->opcode))
		return err_set(e, "websocket: unknown opcode %u", f->opcode);
	if (f->masked != masked_expected)
		return err_set(e, "websocket: %s frame from the %s",
		               f->masked ? "masked" : "unmasked",
		               masked_expected ? "client" : "server");
	uint64_t len = buf[1] & 0x7f;
	size_t h = 2;
	if (len == 126) {
		if (n < 4)
			return 0;
		len = (uint64_t)buf[2] << 8 | buf[3];
		h = 4;
		if (len < 126)
			return err_set(e, "websocket: length %llu not minimally encoded",
			               (unsigned long long)len);
	} else if (len == 127) {
		if (n < 10)
			return 0;
		len = 0;
		for (int i = 0; i < 8; i++)
			len = len << 8 | buf[2 + i];
		h = 10;
		if (len >> 63)
			return err_set(e, "websocket: length with the top bit set");
		if (len <= 0xffff)
			return err_set(e, "websocket: length %llu not minimally encoded",
			               (unsigned long long)len);
	}
	if (f->opcode >= WS_OP_CLOSE && (!f->fin || len > 125))
		return err_set(e, "websocket: control frame %s",
		               f->fin ? "longer than 125 bytes" : "fragmented");
	if (len > max_len)
		return err_set(e, "websocket: frame of %llu bytes exceeds the %llu byte limit",
		               (unsigned long long)len, (unsigned long long)max_len);
	if (f->masked) {
		if (n < h + 4)
			return 0;
		memcpy(f->mask, buf + h, 4);
		h += 4;
	}
	f->len = len;
	f->header_len = h;
	return 1;
}

void ws_mask(uint8_t *data, size_t len, const uint8_t mask[4], uint64_t pos)
{
	for (size_t i = 0; i < len; i++)
		data[i] ^= mask[(pos + i) & 3];
}

size_t ws_frame_encode(uint8_t *out, uint8_t opcode, bool fin, const uint8_t mask[4],
                       const uint8_t *payload, size_t len)
{
	size_t h = 0;
	out[h++] = (uint8_t)((fin ? 0x80 : 0) | (opcode & 0x0f));
	uint8_t m = mask ? 0x80 : 0;
	if (len < 126) {
		out[h++] = (uint8_t)(m | len);
	} else if (len <= 0xffff) {
		out[h++] = m | 126;
		out[h++] = (uint8_t)(len >> 8);
		out[h++] = (uint8_t)len;
	} else {
		out[h++] = m | 127;
		for (int i = 7; i >= 0; i--)
			out[h++] = (uint8_t)((uint64_t)len >> (8 * i));
	}
	if (mask) {
		memcpy(out + h, mask, 4);
		h += 4;
	}
	if (len)
		memcpy(out + h, payload, len);
	if (mask)
		ws_mask(out + h, len, mask, 0);
	return h + len;
}

void ws_reader_init(struct ws_reader *r, bool masked_expected, uint64_t max_message)
{
	memset(r, 0, sizeof(*r));
	r->masked_expected = masked_expected;
	r->max_message = max_message ? max_message : DEFAULT_MAX_MESSAGE;
}

void ws_reader_free(struct ws_reader *r)
{
	free(r->msg);
	r->msg = NULL;
	r->len = r->cap = 0;
	r->msg_opcode = 0;
}

/* Append a fragment to the open message. */
static int append(struct ws_reader *r, const uint8_t *p, size_t n, struct err *e)
{
	if (r->len + n > r->max_message)
		return err_set(e, "websocket: message exceeds the %llu byte limit",
		               (unsigned long long)r->max_message);
	if (r->len + n > r->cap) {
		uint8_t *v = GROW(r->msg, r->cap, r->len + n);
		if (!v)
			return err_set(e, "websocket: out of memory");
		r->msg = v;
	}
	memcpy(r->msg + r->len, p, n);
	r->len += n;
	return 0;
}

/* One whole frame whose payload is p. */
static int frame(struct ws_reader *r, const struct ws_frame *f, uint8_t *p, ws_message_fn fn,
                 void *arg, struct err *e)
{
	size_t len = (size_t)f->len;
	if (f->masked)
		ws_mask(p, len, f->mask, 0);
	if (f->opcode >= WS_OP_CLOSE)
		return fn(arg, f->opcode, p, len, e) ? -1 : 0;
	if (f->opcode == WS_OP_CONT) {
		if (!r->msg_opcode)
			return err_set(e, "websocket: continuation frame without a message");
	} else {
		if (r->msg_opcode)
			return err_set(e, "websocket: new message inside a fragmented one");
		if (f->fin) /* the common case: no copy */
			return fn(arg, f->opcode, p, len, e) ? -1 : 0;
		r->msg_opcode = f->opcode;
		r->len = 0;
	}
	if (append(r, p, len, e) < 0)
		return -1;
	if (!f->fin)
		return 0;
	uint8_t op = r->msg_opcode;
	r->msg_opcode = 0;
	return fn(arg, op, r->msg, r->len, e) ? -1 : 0;
}

long ws_reader_feed(struct ws_reader *r, uint8_t *buf, size_t n, ws_message_fn fn, void *arg,
                    struct err *e)
{
	size_t off = 0;
	for (;;) {
		struct ws_frame f;
		int rc =
		    ws_frame_header(buf + off, n - off, r->max_message, r->masked_expected, &f, e);
		if (rc < 0)
			return -1;
		if (rc == 0 || f.len > n - off - f.header_len)
			return (long)off;
		if (frame(r, &f, buf + off + f.header_len, fn, arg, e) < 0)
			return -1;
		off += f.header_len + (size_t)f.len;
	}
}

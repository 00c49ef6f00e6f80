/* SPDX-License-Identifier: ISC */
/* ws_frame.h - the WebSocket framing of RFC 6455 as a pure codec (no I/O):
 * frame headers, masking, and a reader that reassembles fragmented
 * messages and hands out control frames, with a cap on frame and message
 * size. The client side of the opening handshake is in ws_handshake.h.
 *
 * A client masks what it sends and must not receive masked frames (RFC
 * 6455 5.1); the reader is told which side it is on. */
#ifndef MANRS_WS_FRAME_H
#define MANRS_WS_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

enum ws_opcode {
	WS_OP_CONT = 0x0,
	WS_OP_TEXT = 0x1,
	WS_OP_BINARY = 0x2,
	WS_OP_CLOSE = 0x8,
	WS_OP_PING = 0x9,
	WS_OP_PONG = 0xA,
};

#define WS_MAX_HEADER 14 /* 2 + 8 (length) + 4 (mask) */

struct ws_frame {
	bool fin;
	uint8_t opcode;
	bool masked;
	uint8_t mask[4];
	uint64_t len;      /* payload length */
	size_t header_len; /* bytes before the payload */
};

/* Decode the header at buf (n bytes available). Returns 1 with f set, 0 when
 * more bytes are needed, -1 with e set on a protocol error: reserved bits
 * set, an unknown opcode, a control frame that is fragmented or longer than
 * 125 bytes, a 64-bit length with its top bit set or a non-minimal length
 * encoding, a length above max_len, or masking not as masked_expected. */
int ws_frame_header(const uint8_t *buf, size_t n, uint64_t max_len, bool masked_expected,
                    struct ws_frame *f, struct err *e);

/* XOR data with mask, starting at payload position pos (for chunked use). */
void ws_mask(uint8_t *data, size_t len, const uint8_t mask[4], uint64_t pos);

/* Write a frame (header, then payload masked with mask when mask is not
 * NULL) into out, which holds at least len + WS_MAX_HEADER bytes. Returns
 * the bytes written. */
size_t ws_frame_encode(uint8_t *out, uint8_t opcode, bool fin, const uint8_t mask[4],
                       const uint8_t *payload, size_t len);

/* A data message (text or binary, reassembled) or a control frame. */
typedef int (*ws_message_fn)(void *arg, uint8_t opcode, const uint8_t *data, size_t len,
                             struct err *e);

struct ws_reader {
	bool masked_expected; /* true on a server, false on a client */
	uint64_t max_message; /* cap on a frame and on a reassembled message */
	uint8_t *msg;         /* the message being reassembled */
	size_t len, cap;
	uint8_t msg_opcode; /* 0 when no fragmented message is open */
};

/* Start a reader (max_message 0: 16 MiB). */
void ws_reader_init(struct ws_reader *r, bool masked_expected, uint64_t max_message);

/* Free the reassembly buffer. */
void ws_reader_free(struct ws_reader *r);

/* Consume the complete frames at the start of buf (n bytes), calling fn
 * for each whole data message and each control frame (payloads unmasked).
 * Returns the bytes consumed (a partial frame is left for the next call),
 * or -1 with e set on a protocol error (including a continuation without a
 * message, a new message inside a fragmented one, invalid UTF-8 is not
 * checked) or when fn returns nonzero (its e kept). buf is modified in
 * place (unmasked). */
long ws_reader_feed(struct ws_reader *r, uint8_t *buf, size_t n, ws_message_fn fn, void *arg,
                    struct err *e);

#endif

/* SPDX-License-Identifier: ISC */
/* fuzz_ws_frame.c - libFuzzer target for the WebSocket frame reader: the
 * first byte picks the side (masked or not), a small message cap and a
 * split point; the rest is fed as a stream in two pieces. Whatever comes out
 * must respect the cap and the control frame rules, consumption never runs
 * past the input, and a re-encoded message decodes to itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ws_frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t cap;

static int check(void *arg, uint8_t opcode, const uint8_t *p, size_t len, struct err *e)
{
	(void)arg;
	(void)e;
	if (len > cap || (opcode >= WS_OP_CLOSE && len > 125))
		__builtin_trap();
	if (opcode != WS_OP_TEXT && opcode != WS_OP_BINARY && opcode < WS_OP_CLOSE)
		__builtin_trap();
	uint8_t *out = malloc(len + WS_MAX_HEADER);
	if (!out)
		return 0;
	static const uint8_t mask[4] = {1, 2, 3, 4};
	size_t n = ws_frame_encode(out, opcode, true, mask, p, len);
	struct ws_frame f;
	struct err fe;
	if (ws_frame_header(out, n, UINT64_MAX >> 1, true, &f, &fe) != 1 ||
	    f.header_len + f.len != n)
		__builtin_trap();
	ws_mask(out + f.header_len, len, f.mask, 0);
	if (len && memcmp(out + f.header_len, p, len))
		__builtin_trap();
	free(out);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	bool server = data[0] & 1;
	cap = 16 + (uint64_t)(data[0] >> 1) * 64;
	size_t split = data[1];
	data += 2;
	size -= 2;
	uint8_t *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	struct ws_reader r;
	ws_reader_init(&r, server, cap);
	struct err e;
	size_t first = split < size ? split : size;
	long used = ws_reader_feed(&r, buf, first, check, NULL, &e);
	if (used >= 0) {
		if ((size_t)used > first)
			__builtin_trap();
		/* The unconsumed rest of the first piece, then the second. */
		size_t rest = size - (size_t)used;
		long more = ws_reader_feed(&r, buf + used, rest, check, NULL, &e);
		if (more > (long)rest)
			__builtin_trap();
	}
	ws_reader_free(&r);
	free(buf);
	return 0;
}

/* SPDX-License-Identifier: ISC */
/* fuzz_rtr_session.c - one RTR session driven like a transport would drive
 * it, by a script taken from the input: router bytes split at arbitrary
 * points, writes of arbitrary size, cache updates and notifies between them.
 *
 * Invariants checked (abort on violation):
 * - input: the session never claims more bytes than it was given, takes
 *   none once closing, and while idle and open never leaves a whole PDU's
 *   worth unconsumed (so a transport needs only RTR_PDU_MAX of buffer);
 * - output: every write fits the space offered, the control queue stays
 *   within its buffer, and the bytes form valid PDUs across writes;
 * - close: once closing and the queued Error Report is out, the session
 *   has nothing more to send and accepts no more input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rtr/rtr_session.h"

static struct rtr_cache cache;
static const struct rtr_timers timers[2] = {{3600, 600, 7200, RTR_ASPA_CURRENT},
                                            {3600, 600, 7200, RTR_ASPA_DRAFT10}};

/* A small data set; round changes it so serials advance with real deltas. */
static void cache_round(unsigned round)
{
	struct rpki_set s;
	rpki_set_init(&s);
	for (unsigned i = 0; i < 20 + round % 5; i++) {
		struct vrp v;
		memset(&v, 0, sizeof v);
		v.family = i % 4 ? 4 : 6;
		v.addr[0] = (uint8_t)(i % 4 ? 10 : 0x20);
		v.addr[1] = (uint8_t)(i + round);
		v.len = 16;
		v.maxlen = 24;
		v.asn = 64496u + i;
		rpki_set_add_vrp(&s, &v);
	}
	uint32_t prov[] = {65000, 65001 + round % 3, 65010};
	rpki_set_add_aspa(&s, 64496, prov, 1 + round % 3);
	rpki_set_add_aspa(&s, 64497 + round % 2, prov, round % 3);
	rpki_set_finish(&s);
	rtr_cache_update(&cache, &s, 0);
}

/* The bytes sent so far, reassembled and decoded PDU by PDU. */
struct wire {
	uint8_t buf[1 << 17];
	size_t len;
	enum rtr_aspa_layout layout;
};

static void wire_take(struct wire *w, const uint8_t *p, size_t n)
{
	if (n > sizeof w->buf - w->len)
		abort(); /* a PDU larger than any the session may send */
	memcpy(w->buf + w->len, p, n);
	w->len += n;
	size_t off = 0;
	for (;;) {
		struct rtr_pdu pdu;
		struct rtr_pdu_error pe;
		long k = rtr_pdu_decode_layout(w->buf + off, w->len - off, w->layout, &pdu, &pe);
		if (k < 0)
			abort();
		if (k == 0)
			break;
		off += (size_t)k;
	}
	memmove(w->buf, w->buf + off, w->len - off);
	w->len -= off;
}

/* One write of at most cap bytes. Returns the bytes written. */
static size_t pull(struct rtr_session *s, struct wire *w, size_t cap)
{
	static uint8_t out[1 << 16];
	if (cap > sizeof out)
		cap = sizeof out;
	size_t n = rtr_session_output(s, out, cap);
	if (n > cap || s->nctl > sizeof s->ctl)
		abort();
	wire_take(w, out, n);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	static unsigned round;
	if (!ready) {
		rtr_cache_init(&cache, 4243, 4);
		cache_round(round++);
		ready = 1;
	}
	if (size < 1)
		return 0;
	static struct wire w;
	w.len = 0;
	w.layout = data[0] & 1 ? RTR_ASPA_DRAFT10 : RTR_ASPA_CURRENT;
	struct rtr_session s;
	rtr_session_init(&s, &cache, &timers[w.layout]);
	data++, size--;

	/* Unconsumed router bytes, as a transport's input buffer. */
	static uint8_t in[RTR_PDU_MAX + 512];
	size_t have = 0, pos = 0;
	while (pos < size) {
		uint8_t op = data[pos++];
		size_t arg = (size_t)(op >> 3) + 1;
		switch (op & 7) {
		case 0: /* the router sends arg bytes */
		case 1:
		case 2:
			if (arg > size - pos)
				arg = size - pos;
			if (arg > sizeof in - have)
				arg = sizeof in - have; /* the transport stops reading */
			memcpy(in + have, data + pos, arg);
			have += arg;
			pos += arg;
			break;
		case 3: /* the socket drains arg * 37 bytes */
			pull(&s, &w, arg * 37);
			break;
		case 4: /* the socket drains everything */
			for (int guard = 0; guard < 100000 && pull(&s, &w, 1 << 16); guard++)
				;
			break;
		case 5: /* new data */
			cache_round(round++);
			rtr_session_notify(&s);
			break;
		case 6:
			rtr_session_notify(&s);
			break;
		default:
			break;
		}
		int was_closing = s.closing;
		size_t used = rtr_session_input(&s, in, have);
		if (used > have || (was_closing && used))
			abort();
		memmove(in, in + used, have - used);
		have -= used;
		if (!s.closing && s.stream == RTR_STREAM_IDLE && have >= RTR_PDU_MAX)
			abort();
	}
	/* Drain; a closing session then has nothing more to say. */
	for (int guard = 0; guard < 100000 && pull(&s, &w, 1 << 16); guard++)
		;
	if (rtr_session_has_output(&s))
		abort();
	if (s.closing) {
		rtr_session_notify(&s);
		if (rtr_session_has_output(&s) || pull(&s, &w, 1 << 16))
			abort();
	} else if (w.len) {
		abort(); /* an idle open session left half a PDU on the wire */
	}
	rtr_session_free(&s);
	return 0;
}

/* SPDX-License-Identifier: ISC */
/* fuzz_rtr_pdu.c - the RTR PDU decoder (both ASPA layouts: 8210bis-26 and
 * draft-10, and per-PDU detection) and the session state machine on
 * arbitrary router input. Every byte the session answers with must itself
 * decode as valid PDUs, and nothing may read out of bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rtr/rtr_session.h"

static struct rtr_cache cache;
static const struct rtr_timers timers[2] = {{3600, 600, 7200, RTR_ASPA_CURRENT},
                                            {3600, 600, 7200, RTR_ASPA_DRAFT10}};

static void setup(void)
{
	struct rpki_set s;
	for (int round = 0; round < 3; round++) {
		rpki_set_init(&s);
		for (int i = 0; i < 40 + round; i++) {
			struct vrp v;
			memset(&v, 0, sizeof v);
			v.family = i % 3 ? 4 : 6;
			v.addr[0] = (uint8_t)(i % 3 ? 10 : 0x20);
			v.addr[1] = (uint8_t)i;
			v.len = 16;
			v.maxlen = 24;
			v.asn = 64496u + (unsigned)i;
			rpki_set_add_vrp(&s, &v);
		}
		uint32_t prov[] = {65000, 65001, (uint32_t)round};
		rpki_set_add_aspa(&s, 64496, prov, 3);
		/* replaced, emptied and withdrawn across the rounds */
		rpki_set_add_aspa(&s, 64497, prov, (size_t)(2 - round));
		if (round != 1)
			rpki_set_add_aspa(&s, 64498, prov + 1, 1);
		rpki_set_finish(&s);
		rtr_cache_update(&cache, &s, 0);
	}
}

/* Everything the session sends must be well-formed. */
static void check_output(struct rtr_session *s, enum rtr_aspa_layout layout)
{
	static uint8_t out[1 << 15];
	size_t n;
	while ((n = rtr_session_output(s, out, sizeof out)) > 0) {
		size_t off = 0;
		while (off < n) {
			struct rtr_pdu p;
			struct rtr_pdu_error pe;
			long k = rtr_pdu_decode_layout(out + off, n - off, layout, &p, &pe);
			if (k <= 0)
				abort();
			if (p.type == RTR_ASPA && p.u.aspa.layout != layout)
				abort();
			off += (size_t)k;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		rtr_cache_init(&cache, 4242, 4);
		setup();
		ready = 1;
	}
	/* 1. the bare decoder over the whole input, in each ASPA layout */
	for (int layout = RTR_ASPA_CURRENT; layout <= RTR_ASPA_AUTO; layout++) {
		size_t off = 0;
		while (off < size) {
			struct rtr_pdu p;
			struct rtr_pdu_error pe;
			long k = rtr_pdu_decode_layout(data + off, size - off,
			                               (enum rtr_aspa_layout)layout, &p, &pe);
			if (k <= 0)
				break;
			if (p.type == RTR_ASPA && 4 * (size_t)p.u.aspa.nproviders > (size_t)k)
				abort();
			off += (size_t)k;
		}
	}
	/* 2. a session fed in chunks whose sizes come from the first byte; its
	 * top bit picks the ASPA layout the session sends */
	if (size < 1)
		return 0;
	size_t chunk = (size_t)data[0] % 23 + 1;
	enum rtr_aspa_layout layout = data[0] & 0x80 ? RTR_ASPA_DRAFT10 : RTR_ASPA_CURRENT;
	data++, size--;
	struct rtr_session s;
	rtr_session_init(&s, &cache, &timers[layout]);
	uint8_t *buf = malloc(size + 1);
	size_t have = 0;
	for (size_t pos = 0; pos < size && buf && !s.closing;) {
		size_t n = size - pos < chunk ? size - pos : chunk;
		memcpy(buf + have, data + pos, n);
		have += n;
		pos += n;
		for (int guard = 0; guard < 64; guard++) {
			size_t used = rtr_session_input(&s, buf, have);
			memmove(buf, buf + used, have - used);
			have -= used;
			int busy = rtr_session_has_output(&s);
			check_output(&s, layout);
			if (!used && !busy)
				break;
		}
		if (pos % 7 == 0)
			rtr_session_notify(&s);
	}
	check_output(&s, layout);
	rtr_session_free(&s);
	free(buf);
	return 0;
}

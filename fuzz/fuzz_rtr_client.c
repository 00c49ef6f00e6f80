/* SPDX-License-Identifier: ISC */
/* fuzz_rtr_client.c - the RTR router state machine driven by a script from
 * the input, with a fake clock:
 *   byte 0x00..0x3f   the next 1..64 bytes arrive from the cache
 *   byte 0x40..0x7f   the clock moves on by 0..63 x 97 seconds; timers run
 *   byte 0x80..0xbf   connect when the client wants to, else the
 *                     connection drops
 *   byte 0xc0..0xff   the transport sends what is queued
 * Invariants checked (abort on violation): input use stays within what was
 * given and stops once closing; what the client queues is whole, valid
 * PDUs; the data held is normalized after every End of Data; a timer
 * deadline is never in the past after the timers ran. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rtr/rtr_client.h"
#include "rtr/rtr_delta.h"
#include "rtr/rtr_pdu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BUF (64 * 1024)

struct run {
	struct rtr_client c;
	uint8_t in[BUF];
	size_t len;
	double now;
};

static int connected(const struct rtr_client *c)
{
	return c->state >= RTR_CLIENT_CONNECTING && c->state <= RTR_CLIENT_CLOSING;
}

static void feed(struct run *r, const uint8_t *p, size_t n)
{
	if (!connected(&r->c) || r->c.state == RTR_CLIENT_CONNECTING || n > BUF - r->len)
		return;
	memcpy(r->in + r->len, p, n);
	r->len += n;
	int closing = r->c.state == RTR_CLIENT_CLOSING;
	size_t used = rtr_client_input(&r->c, r->in, r->len, r->now, 0);
	if (used > r->len || (closing && used))
		abort();
	memmove(r->in, r->in + used, r->len - used);
	r->len -= used;
}

/* Every queued byte belongs to a valid PDU the client may send. */
static void send_queued(struct run *r)
{
	size_t n;
	const uint8_t *p = rtr_client_pending(&r->c, &n);
	if (!p)
		return;
	if (n > sizeof r->c.out)
		abort();
	for (size_t off = 0; off < n;) {
		struct rtr_pdu pdu;
		struct rtr_pdu_error pe;
		long k = rtr_pdu_decode(p + off, n - off, &pdu, &pe);
		if (k <= 0)
			abort();
		if (pdu.type != RTR_RESET_QUERY && pdu.type != RTR_SERIAL_QUERY &&
		    pdu.type != RTR_ERROR_REPORT)
			abort();
		off += (size_t)k;
	}
	rtr_client_sent(&r->c, n);
}

static void connection(struct run *r)
{
	if (rtr_client_wants_connect(&r->c)) {
		rtr_client_connecting(&r->c);
		rtr_client_connected(&r->c, r->now);
	} else if (connected(&r->c)) {
		rtr_client_closed(&r->c, r->now, "dropped");
		r->len = 0;
	}
}

static void check_data(const struct rtr_client *c)
{
	for (size_t i = 1; i < c->data.nvrps; i++)
		if (rtr_vrp_key_cmp(&c->data.vrps[i - 1], &c->data.vrps[i]) >= 0)
			abort();
	for (size_t i = 1; i < c->data.naspas; i++)
		if (c->data.aspas[i - 1].customer >= c->data.aspas[i].customer)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run r;
	size_t pos = 0;
	r.len = 0;
	r.now = 1000;
	rtr_client_init(&r.c, data && size ? data[0] % 3 : 2, 1);
	while (pos < size) {
		uint8_t op = data[pos++];
		switch (op >> 6) {
		case 0: {
			size_t n = (size_t)(op & 0x3f) + 1;
			n = n < size - pos ? n : size - pos;
			feed(&r, data + pos, n);
			pos += n;
			break;
		}
		case 1:
			r.now += (op & 0x3f) * 97.0;
			rtr_client_tick(&r.c, r.now);
			double d = rtr_client_deadline(&r.c);
			if (d && d <= r.now && r.c.state != RTR_CLIENT_UP_TO_DATE)
				abort();
			break;
		case 2:
			connection(&r);
			break;
		default:
			send_queued(&r);
			break;
		}
		check_data(&r.c);
	}
	rtr_client_free(&r.c);
	return 0;
}

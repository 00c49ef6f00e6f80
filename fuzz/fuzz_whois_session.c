/* SPDX-License-Identifier: ISC */
/* fuzz_whois_session.c - a whois connection's session object (whois_peer)
 * driven like the server drives it, from a script in the input:
 *   byte 0xff          the peer half-closes (EOF)
 *   byte 0x80..0xfe    the peer reads everything queued for it
 *   byte n < 0x80      the next n bytes arrive (split anywhere)
 * Invariants checked: nothing is answered after the session closed, the
 * input holds at most one line's worth when waiting for more, output
 * stops growing at the back-pressure mark but for one answer, and a
 * stopped session resumes once its output was read. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "irr/irr_db.h"
#include "whois/whois_peer.h"
#include "whois/whois_query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define OUT_HIGH 512
#define MAX_ANSWER (64 << 10) /* far more than any answer from DB below */

static const char DB[] = "route: 192.0.2.0/24\norigin: AS64496\nmnt-by: M1\nsource: RIPE\n\n"
                         "route6: 2001:db8::/32\norigin: AS64496\nsource: RADB\n\n"
                         "as-set: AS-A\nmembers: AS64496, AS-B\nsource: RIPE\n\n"
                         "as-set: AS-B\nmembers: AS64497, AS-A\nsource: RIPE\n\n"
                         "route-set: RS-A\nmembers: 203.0.113.0/24^+, AS-A\nsource: RIPE\n\n"
                         "mntner: M1\nsource: RIPE\n";

static struct irr_db *db;

struct run {
	struct whois_peer p;
	struct evbuffer *in, *out; /* the transport's buffers */
	struct mrt_buf answers;    /* what the session writes into */
	int eof, full, closed;
};

/* One step of the transport, and the invariants after it. */
static void step(struct run *r)
{
	size_t before = evbuffer_get_length(r->out);
	size_t in_len = evbuffer_get_length(r->in);
	const char *in = in_len ? (const char *)evbuffer_pullup(r->in, -1) : "";
	struct whois_io io = {in, in_len, 0, &r->answers, before, OUT_HIGH};
	enum whois_step st =
	    r->eof ? whois_peer_eof(&r->p, db, &io) : whois_peer_run(&r->p, db, &io);
	if (io.used > in_len)
		abort();
	evbuffer_drain(r->in, io.used);
	evbuffer_add(r->out, r->answers.p, r->answers.len);
	r->answers.len = 0;
	size_t after = evbuffer_get_length(r->out);

	if (r->closed && after != before)
		abort(); /* output after close */
	if (st == WHOIS_STEP_READ && evbuffer_get_length(r->in) > WHOIS_MAX_LINE)
		abort(); /* unbounded input while waiting for a newline */
	if (st == WHOIS_STEP_FULL && after < OUT_HIGH)
		abort();
	if (after > OUT_HIGH + MAX_ANSWER)
		abort(); /* kept parsing past the back-pressure mark */
	if (st == WHOIS_STEP_CLOSE && !r->p.closing)
		abort();
	r->full = st == WHOIS_STEP_FULL;
	r->closed = r->p.closing;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run r = {0};
	size_t pos = 0;
	struct err e;

	/* twin of fuzz_whois_query.c's setup: the same database, loaded once */
	if (!db) {
		db = irr_db_new();
		if (!db || irr_db_load_buffer(db, DB, sizeof DB - 1, "db", NULL, &e) < 0 ||
		    irr_db_finish(db, &e) < 0)
			abort();
	}
	r.in = evbuffer_new();
	r.out = evbuffer_new();
	if (!r.in || !r.out)
		goto out;
	whois_peer_init(&r.p);
	while (pos < size) {
		uint8_t c = data[pos++];

		if (c == 0xff) {
			r.eof = 1; /* the server stops reading after EOF */
		} else if (c & 0x80) {
			evbuffer_drain(r.out, evbuffer_get_length(r.out));
			if (r.closed)
				break; /* the server closes once the output is sent */
		} else {
			size_t n = c < size - pos ? c : size - pos;

			/* a stopped or finished session is not read from */
			if (!r.full && !r.eof && !r.closed)
				evbuffer_add(r.in, data + pos, n);
			pos += n;
		}
		step(&r);
	}
	/* the peer goes away: what it sent is answered and the session ends */
	r.eof = 1;
	for (int i = 0; i < 1000 && !r.closed; i++) {
		evbuffer_drain(r.out, evbuffer_get_length(r.out));
		step(&r);
	}
	if (!r.closed)
		abort();
out:
	mrt_buf_free(&r.answers);
	if (r.in)
		evbuffer_free(r.in);
	if (r.out)
		evbuffer_free(r.out);
	return 0;
}

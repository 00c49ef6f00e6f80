/* SPDX-License-Identifier: ISC */
/* whois_peer.h - one whois connection's protocol state, without I/O.
 *
 * The transport hands whois_peer_run() the bytes received so far; the
 * client takes complete query lines from them, appends the answers to a
 * text buffer (struct mrt_buf) and says how many bytes it used and what the
 * transport should do next. Nothing here touches a socket, a timer or
 * libevent, so the same object is driven by the libevent server and by the
 * fuzzer.
 *
 * Invariants the transport can rely on:
 *  - once closing is set, no further output is produced;
 *  - after a run that returns WHOIS_STEP_READ, the unused input is at most
 *    WHOIS_MAX_LINE bytes (a longer unterminated line is refused);
 *  - no query is parsed while the output (queued + out->len) holds
 *    out_high bytes or more, so it exceeds out_high by at most one answer. */
#ifndef MANRS_WHOIS_PEER_H
#define MANRS_WHOIS_PEER_H

#include "core/mrt_buf.h"
#include "irr/irr_db.h"
#include "whois/whois_answer.h"

struct whois_peer {
	struct whois_session session;
	int closing;           /* the last answer is queued: close once it is sent */
	int timeout_changed;   /* a !t query set session.timeout; cleared by the transport */
	unsigned long lines;   /* lines taken from the input, empty ones included */
	unsigned long queries; /* non-empty query lines answered */
	unsigned long errors;  /* of which refused with an F reply by the parser */
};

enum whois_step {
	WHOIS_STEP_READ,  /* every complete line is answered: wait for more input */
	WHOIS_STEP_FULL,  /* output backlog at out_high: stop reading until it drains */
	WHOIS_STEP_CLOSE, /* closing: send the output, then close */
};

/* A fresh client: not persistent, every source, no query yet. */
void whois_peer_init(struct whois_peer *c);

/* One run's input and output. */
struct whois_io {
	const char *in; /* bytes received and not used yet */
	size_t in_len;
	size_t used;         /* set by the run: bytes of in it consumed */
	struct mrt_buf *out; /* answers are appended here */
	size_t queued;       /* bytes the transport still holds unsent */
	size_t out_high;     /* backlog at which reading stops */
};

/* Answer the complete lines of io->in against db (NULL = not loaded yet)
 * into io->out, stopping while queued + out->len reaches out_high. */
enum whois_step whois_peer_run(struct whois_peer *c, const struct irr_db *db, struct whois_io *io);

/* The peer half-closed: answer the complete lines and then a last line
 * without a newline, and close. Returns WHOIS_STEP_FULL when the backlog
 * stopped it (call again once the output drained) or WHOIS_STEP_CLOSE. */
enum whois_step whois_peer_eof(struct whois_peer *c, const struct irr_db *db, struct whois_io *io);

#endif

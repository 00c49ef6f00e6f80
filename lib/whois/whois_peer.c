/* SPDX-License-Identifier: ISC */
/* whois_peer.c - split the input into query lines, answer them in order
 * and decide when a connection is done. IRRd answers one query and closes
 * unless "!!" or "-k" asked for a persistent connection. */
#include "whois/whois_peer.h"

#include <string.h>

#include "whois/whois_query.h"

void whois_peer_init(struct whois_peer *c)
{
	memset(c, 0, sizeof *c);
	whois_session_init(&c->session);
}

/* Append "F msg\n"; an answer that does not fit in memory is dropped, and
 * the connection closes anyway. */
static void put_f(struct mrt_buf *out, const char *msg)
{
	size_t n = strlen(msg);
	if (mrt_buf_reserve(out, n + 3))
		return;
	mrt_buf_put(out, "F ", 2);
	mrt_buf_put(out, msg, n);
	mrt_buf_putc(out, '\n');
}

static void refuse(struct whois_peer *c, struct mrt_buf *out, const char *msg)
{
	put_f(out, msg);
	c->errors++;
	c->closing = 1;
}

/* Answer one line[0..len). */
static void answer_line(struct whois_peer *c, const struct irr_db *db, const char *line, size_t len,
                        struct mrt_buf *out)
{
	struct whois_query q;
	int act;

	c->lines++;
	whois_query_parse(line, len, &q);
	if (q.cmd == WHOIS_EMPTY)
		return;
	c->queries++;
	if (q.cmd == WHOIS_ERROR)
		c->errors++;
	if (!db) {
		put_f(out, "Database not loaded yet");
		act = WHOIS_ACT_CONTINUE;
	} else {
		act = whois_answer(&c->session, db, &q, out);
	}
	if (q.cmd == WHOIS_TIMEOUT)
		c->timeout_changed = 1;
	if (act != WHOIS_ACT_CONTINUE || (!c->session.persistent && q.cmd != WHOIS_PERSIST))
		c->closing = 1;
}

enum whois_step whois_peer_run(struct whois_peer *c, const struct irr_db *db, struct whois_io *io)
{
	io->used = 0;
	while (!c->closing) {
		if (io->queued + io->out->len >= io->out_high)
			return WHOIS_STEP_FULL;
		const char *line = io->in + io->used;
		size_t left = io->in_len - io->used;
		const char *nl = memchr(line, '\n', left);
		if (!nl) {
			if (left > WHOIS_MAX_LINE)
				refuse(c, io->out, "Query too long");
			break;
		}
		io->used += (size_t)(nl - line) + 1;
		answer_line(c, db, line, (size_t)(nl - line), io->out);
	}
	return c->closing ? WHOIS_STEP_CLOSE : WHOIS_STEP_READ;
}

enum whois_step whois_peer_eof(struct whois_peer *c, const struct irr_db *db, struct whois_io *io)
{
	enum whois_step st = whois_peer_run(c, db, io);

	if (st == WHOIS_STEP_FULL)
		return st;
	if (!c->closing && io->used < io->in_len) {
		/* run() refused anything this long already */
		answer_line(c, db, io->in + io->used, io->in_len - io->used, io->out);
		io->used = io->in_len;
	}
	c->closing = 1;
	return WHOIS_STEP_CLOSE;
}

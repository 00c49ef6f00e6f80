/* SPDX-License-Identifier: ISC */
/* whois_peer.c - split the input into query lines, answer them in order
 * and decide when a connection is done. IRRd answers one query and closes
 * unless "!!" or "-k" asked for a persistent connection. */
#include "whois/whois_peer.h"

#include <stdlib.h>
#include <string.h>

#include "whois/whois_query.h"

void whois_peer_init(struct whois_peer *c)
{
	memset(c, 0, sizeof *c);
	whois_session_init(&c->session);
}

static void refuse(struct whois_peer *c, struct evbuffer *out, const char *msg)
{
	evbuffer_add_printf(out, "F %s\n", msg);
	c->errors++;
	c->closing = 1;
}

/* Answer one line[0..len). */
static void answer_line(struct whois_peer *c, const struct irr_db *db, const char *line, size_t len,
                        struct evbuffer *out)
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
		evbuffer_add_printf(out, "F Database not loaded yet\n");
		act = WHOIS_ACT_CONTINUE;
	} else {
		act = whois_answer(&c->session, db, &q, out);
	}
	if (q.cmd == WHOIS_TIMEOUT)
		c->timeout_changed = 1;
	if (act != WHOIS_ACT_CONTINUE || (!c->session.persistent && q.cmd != WHOIS_PERSIST))
		c->closing = 1;
}

enum whois_step whois_peer_run(struct whois_peer *c, const struct irr_db *db, struct evbuffer *in,
                               struct evbuffer *out, size_t out_high)
{
	while (!c->closing) {
		size_t len;
		char *line;

		if (evbuffer_get_length(out) >= out_high)
			return WHOIS_STEP_FULL;
		line = evbuffer_readln(in, &len, EVBUFFER_EOL_LF);
		if (!line) {
			if (evbuffer_get_length(in) > WHOIS_MAX_LINE)
				refuse(c, out, "Query too long");
			break;
		}
		answer_line(c, db, line, len, out);
		free(line);
	}
	return c->closing ? WHOIS_STEP_CLOSE : WHOIS_STEP_READ;
}

enum whois_step whois_peer_eof(struct whois_peer *c, const struct irr_db *db, struct evbuffer *in,
                               struct evbuffer *out, size_t out_high)
{
	enum whois_step st = whois_peer_run(c, db, in, out, out_high);
	size_t len = evbuffer_get_length(in);

	if (st == WHOIS_STEP_FULL)
		return st;
	if (!c->closing && len > 0) {
		/* run() refused anything this long already */
		char *line = malloc(len);

		if (!line) {
			refuse(c, out, "Out of memory");
		} else {
			evbuffer_remove(in, line, len);
			answer_line(c, db, line, len, out);
			free(line);
		}
	}
	c->closing = 1;
	return WHOIS_STEP_CLOSE;
}

int whois_peer_partial(struct evbuffer *in)
{
	return evbuffer_get_length(in) > 0;
}

/* SPDX-License-Identifier: ISC */
/* whois_answer.h - answer parsed whois queries from an IRR database, with
 * IRRd's framing: "A<len>\n<data>C\n" (len counts the data bytes including
 * its final newline), "C\n" for an empty success, "D\n" for a key that is
 * not found, "F message\n" for an error. RIPE-style queries get RPSL text
 * followed by a blank line. Output is appended to a text buffer (struct
 * mrt_buf) that the transport sends; nothing here touches a socket. */
#ifndef MANRS_WHOIS_ANSWER_H
#define MANRS_WHOIS_ANSWER_H

#include "core/mrt_buf.h"

#include "irr/irr_db.h"
#include "whois/whois_query.h"

/* Per-connection state that queries change. */
struct whois_session {
	int persistent;              /* !! or -k seen: keep answering */
	char sources[WHOIS_ARG_MAX]; /* !s selection, "" = every source */
	char client[64];             /* from !n / -V, for logs */
	unsigned timeout;            /* !t seconds, 0 = server default */
};

enum whois_action {
	WHOIS_ACT_CONTINUE, /* answered; keep the connection if persistent */
	WHOIS_ACT_CLOSE,    /* close after flushing (!q, or -k ending persistence) */
};

/* Initialise a session: not persistent, every source. */
void whois_session_init(struct whois_session *s);

/* Answer q against db into out. Returns a whois_action, or -1 when out of
 * memory (out then holds an F reply when it could be written). */
int whois_answer(struct whois_session *s, const struct irr_db *db, const struct whois_query *q,
                 struct mrt_buf *out);

#endif

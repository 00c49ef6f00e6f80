/* SPDX-License-Identifier: ISC */
/* fuzz_whois_query.c - the whois query parser and the answers: every input
 * line is parsed and answered against a small fixed database, as a client
 * on one persistent connection would send them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/mrt_buf.h"
#include "irr/irr_db.h"
#include "whois/whois_answer.h"
#include "whois/whois_query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char DB[] = "route: 192.0.2.0/24\norigin: AS64496\nmnt-by: M1\nsource: RIPE\n\n"
                         "route6: 2001:db8::/32\norigin: AS64496\nsource: RADB\n\n"
                         "as-set: AS-A\nmembers: AS64496, AS-B\nmbrs-by-ref: ANY\nsource: RIPE\n\n"
                         "as-set: AS-B\nmembers: AS64497, AS-A\nsource: RIPE\n\n"
                         "aut-num: AS64498\nmember-of: AS-A\nsource: RIPE\n\n"
                         "route-set: RS-A\nmembers: 203.0.113.0/24^+, AS-A, RS-A\nsource: RIPE\n\n"
                         "mntner: M1\nsource: RIPE\n";

static struct irr_db *db;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct whois_session s;
	struct mrt_buf out = {NULL, 0, 0};
	size_t pos = 0;
	struct err e;

	/* twin of fuzz_whois_session.c's setup: the same database, loaded once */
	if (!db) {
		db = irr_db_new();
		if (!db || irr_db_load_buffer(db, DB, sizeof DB - 1, "db", NULL, &e) < 0 ||
		    irr_db_finish(db, &e) < 0)
			abort();
	}
	whois_session_init(&s);
	while (pos < size) {
		const uint8_t *nl = memchr(data + pos, '\n', size - pos);
		size_t n = nl ? (size_t)(nl - (data + pos)) : size - pos;
		struct whois_query q;

		whois_query_parse((const char *)data + pos, n, &q);
		if (q.cmd == WHOIS_ERROR && !q.error[0])
			abort(); /* every error has a message for the F reply */
		if (whois_answer(&s, db, &q, &out) == WHOIS_ACT_CLOSE)
			break;
		out.len = 0;
		pos += n + 1;
	}
	mrt_buf_free(&out);
	return 0;
}

/* SPDX-License-Identifier: ISC */
/* whois_connect.h - the TCP transport of the whois client: connect to an
 * IRRd and hand lib/whois a non-blocking stream with a wait timeout. */
#ifndef MANRS_WHOIS_CONNECT_H
#define MANRS_WHOIS_CONNECT_H

#include "core/err.h"
#include "whois/whois_client.h"

/* Seconds a wait for the server may last before the client gives up. */
#define WHOIS_CONNECT_TIMEOUT_MS 30000

/* Connect c to "host", "host:port", "[v6addr]:port" (port 43 by default),
 * trying every address. Returns 0 or -1 with e set. Close with
 * whois_close(). */
int whois_connect(struct whois_client *c, const char *hostport, struct err *e);

#endif

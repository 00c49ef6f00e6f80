/* SPDX-License-Identifier: ISC */
/* api.h - the JSON API of `manrs serve` under /api/v1/ (manrs-serve(1)):
 *
 *   status                     every service and source: state, data age,
 *                              counters, last reload
 *   vrps?prefix=P | ?asn=N     VRPs covering P, or those of AS N
 *   validity/ASN/PREFIX        RFC 6811 state of a route, in Routinator's
 *   validity?asn=A&prefix=P    /api/v1/validity answer shape
 *   irr/routes?prefix=P[&match=exact|less|more] | ?origin=ASN
 *                              route objects of the whois service's data
 *   irr/expand/SET[?family=6]  an as-set's ASNs (or a route-set's prefixes)
 *   alerts?state=open|resolved|all&type=T&since=UNIX&limit=N
 *                              the monitor's alerts (latest versions)
 *   incidents?bucket=SECONDS   alerts opened per time bucket and type
 *   rtr/clients                routers connected to the RTR cache
 *   bmp                        BMP routers, their peers and route counts
 *
 * Answers are JSON; errors are {"error": "..."} with 400 (bad query), 404
 * (unknown path or object) or 503 (the service that answers is off). */
#ifndef MANRS_API_H
#define MANRS_API_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#include "http_server.h"

struct daemon;

/* Serve the API on h from d's services. Returns 0 or -1. */
int api_route(struct http_server *h, struct daemon *d);

struct alert;

/* Which alerts (latest versions) api_alerts_each visits. */
struct api_alert_filter {
	int state;        /* 0 all, 1 open (opened or updated; the newest alert
	                   * of a key only), 2 resolved */
	const char *type; /* NULL: any */
	uint32_t since;   /* last_seen >= since (data time) */
	size_t limit;     /* 0: no limit */
};

/* Call fn for each alert of the monitor's store matching f, newest id
 * first, with the alert and its stored JSON; stop when fn returns
 * nonzero. Returns the number of calls, or -1 with e set (the monitor is
 * off, the store fails). */
long api_alerts_each(struct daemon *d, const struct api_alert_filter *f,
                     int (*fn)(void *arg, const struct alert *a, const char *json), void *arg,
                     struct err *e);

/* The incidents chart's bucket for alerts first seen from lo to hi: the
 * smallest of 1, 5, 15, 30 minutes, 1, 2, 6, 12 hours, 1, 7, 30 days...
 * that draws at most max_bars bars. */
uint32_t api_incident_bucket(uint32_t lo, uint32_t hi, uint32_t max_bars);

/* Free the API's caches (the VRP index); the daemon calls it when it
 * stops. */
void api_release(void);

/* The value of name in the query string q ("a=1&b=x%2Fy"), %-decoded and
 * '+' as space, into out (n bytes). Returns 1 when present, 0 when not, -1
 * when it does not fit or is badly encoded. */
int api_query_get(const char *q, const char *name, char *out, size_t n);

#endif

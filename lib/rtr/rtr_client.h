/* SPDX-License-Identifier: ISC */
/* rtr_client.h - the router side of RTR as a state machine with no I/O.
 *
 * The transport connects, feeds received bytes to rtr_client_input(), sends
 * what rtr_client_pending() holds, and tells the core the time: every call
 * takes `now` (seconds on any monotonic clock) and rtr_client_deadline()
 * says when rtr_client_tick() must run next. The core never reads a clock
 * nor touches a socket, so a test drives it with a fake clock.
 *
 *   IDLE --connect--> CONNECTING --connected--> RESET_SENT (no data yet) or
 *   SERIAL_SENT (data from this session) --Cache Response--> SYNCING
 *   --End of Data--> UP_TO_DATE --Refresh timer or Serial Notify-->
 *   SERIAL_SENT ...; Cache Reset to a Serial Query --> RESET_SENT.
 *   Any error --> CLOSING (flush the queued Error Report, close)
 *   --closed--> BACKOFF --Retry timer--> IDLE.
 *
 * Timers (RFC 8210 section 6): Refresh, Retry and Expire come from the End
 * of Data PDU (v1, v2) or are 3600, 600 and 7200 s (v0, or a value out of
 * the RFC's range). Expire runs from the last End of Data in any state:
 * when it passes, the data is dropped (a router must not use stale data).
 *
 * Version negotiation (RFC 8210 section 7): the first query goes out in the
 * configured version. An Error Report "Unsupported Protocol Version" to it
 * makes the client reconnect at once one version lower (or at the version
 * of the report, when lower); a cache that answers in a lower version
 * without an error is followed. A PDU of another version later in the
 * session is answered with "Unexpected Protocol Version" and closes it.
 *
 * Data: a Reset Query response replaces the held set at End of Data; a
 * Serial Query response is applied to it at End of Data (withdrawals, then
 * announcements; an ASPA announcement replaces the customer's record). With
 * keep == 0 the core only counts (a load generator holds no data). */
#ifndef MANRS_RTR_CLIENT_H
#define MANRS_RTR_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "rpki/rpki_set.h"

/* RFC 8210 section 6 defaults, used for v0 and for out-of-range values. */
#define RTR_DEFAULT_REFRESH 3600
#define RTR_DEFAULT_RETRY 600
#define RTR_DEFAULT_EXPIRE 7200

enum rtr_client_state {
	RTR_CLIENT_IDLE,        /* not connected; wants a connection */
	RTR_CLIENT_CONNECTING,  /* the transport is connecting */
	RTR_CLIENT_RESET_SENT,  /* Reset Query out, waiting for Cache Response */
	RTR_CLIENT_SERIAL_SENT, /* Serial Query out, waiting for Cache Response */
	RTR_CLIENT_SYNCING,     /* payload PDUs until End of Data */
	RTR_CLIENT_UP_TO_DATE,  /* data complete; the Refresh timer runs */
	RTR_CLIENT_CLOSING,     /* error: send what is queued, then close */
	RTR_CLIENT_BACKOFF,     /* closed after an error; the Retry timer runs */
};

/* Counts of the current connection (reset when it is established). */
struct rtr_client_counts {
	uint64_t pdus, vrps4, vrps6, aspa_pdus;
	int aspa_layouts; /* bit 1 << enum rtr_aspa_layout per layout seen */
	int version;      /* version of the cache's first PDU, -1 before */
};

struct rtr_client {
	enum rtr_client_state state;
	int version;       /* version queries go out in (lowered by negotiation) */
	int negotiated;    /* the cache has answered in this connection */
	int keep;          /* hold the data, not just count it */
	int notify_queued; /* Serial Notify while syncing: query after End of Data */
	int reconnect_now; /* closing to retry one version lower */
	int full;          /* the response is to a Reset Query */

	uint16_t session; /* of the data held */
	uint32_t serial;
	int have_session;                       /* session and serial are valid */
	uint32_t refresh, retry, expire;        /* from the last End of Data */
	double refresh_at, retry_at, expire_at; /* 0 = not running */

	struct rpki_set data;           /* held, normalized */
	int have_data;                  /* a sync completed and did not expire */
	struct rpki_set next, add, del; /* being received */

	uint8_t out[512]; /* queued PDUs: queries, Error Reports */
	size_t nout;

	struct rtr_client_counts n;
	uint64_t syncs, expiries, downgrades, resets, notifies; /* lifetime */
	char err[256]; /* why the last connection ended in error */
};

/* Set up a client that opens with version (0..RTR_VERSION_MAX); keep: hold
 * the data (else only count PDUs). Starts IDLE, wanting a connection. */
void rtr_client_init(struct rtr_client *c, int version, int keep);

/* Free the data the client holds. */
void rtr_client_free(struct rtr_client *c);

/* True when the transport should connect now (IDLE). */
int rtr_client_wants_connect(const struct rtr_client *c);

/* The transport started connecting. */
void rtr_client_connecting(struct rtr_client *c);

/* The connection is up: queue a Reset Query, or a Serial Query when data
 * of a known session is held. */
void rtr_client_connected(struct rtr_client *c, double now);

/* Consume complete PDUs from buf[0..len) and return the bytes used (the
 * rest waits for more input). Stops at an error, out of memory included
 * (state CLOSING, err set), and after End of Data when stop_at_eod is set. */
size_t rtr_client_input(struct rtr_client *c, const uint8_t *buf, size_t len, double now,
                        int stop_at_eod);

/* The bytes waiting to be sent (*n of them; NULL when none). */
const uint8_t *rtr_client_pending(const struct rtr_client *c, size_t *n);

/* The transport sent the first n pending bytes. */
void rtr_client_sent(struct rtr_client *c, size_t n);

/* The connection is gone (closed by either side, failed to connect):
 * BACKOFF until the Retry timer, or IDLE at once after a downgrade. why
 * (may be NULL) is recorded in err unless an error is already there. */
void rtr_client_closed(struct rtr_client *c, double now, const char *why);

/* Run the timers due at now: Refresh (query), Retry (reconnect), Expire
 * (drop the data). */
void rtr_client_tick(struct rtr_client *c, double now);

/* When rtr_client_tick must run next (absolute, as now); 0 when no timer
 * runs. */
double rtr_client_deadline(const struct rtr_client *c);

/* Human name of a state ("up-to-date"). */
const char *rtr_client_state_name(enum rtr_client_state s);

#endif

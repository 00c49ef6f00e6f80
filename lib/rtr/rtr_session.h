/* SPDX-License-Identifier: ISC */
/* rtr_session.h - one router's RTR session, independent of the transport.
 *
 * The transport feeds received bytes to rtr_session_input() and pulls bytes
 * to send with rtr_session_output() whenever its socket drains. Responses
 * are encoded lazily from the shared immutable snapshot or delta, so a slow
 * router costs one small buffer, not a copy of the data set.
 *
 * Version negotiation (RFC 8210 section 7, 8210bis): the first PDU fixes the
 * session version (0, 1 or 2); a higher version gets Error Report 4
 * (Unsupported Protocol Version), a different version later gets Error
 * Report 8 (Unexpected Protocol Version). Every error except No Data
 * Available closes the session once the Error Report has been sent; a
 * closing session sends nothing but what was queued before it closed.
 * An Error Report from the router is never answered (RFC 8210 5.11), even
 * one of another version.
 *
 * ASPA (version 2 only): in the current layout one PDU per customer, an
 * announcement replacing the router's record for that customer; a customer
 * whose provider list is empty is withdrawn (or never announced), since the
 * draft forbids empty announcements. Those skips are counted in
 * aspa_skipped. In the draft-10 layout one PDU per customer and AFI. */
#ifndef MANRS_RTR_SESSION_H
#define MANRS_RTR_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "rtr/rtr_cache.h"
#include "rtr/rtr_pdu.h"

/* What every session of a server shares: the End of Data timers and the
 * ASPA PDU layout version 2 sessions use (the server's --aspa-pdu). */
struct rtr_timers {
	uint32_t refresh, retry, expire; /* sent in End of Data (v1+) */
	int aspa_layout;                 /* enum rtr_aspa_layout; 0 = current draft */
};

enum rtr_stream { RTR_STREAM_IDLE, RTR_STREAM_FULL, RTR_STREAM_DELTA };

struct rtr_session {
	struct rtr_cache *cache;
	const struct rtr_timers *timers;
	int version; /* -1 until the first PDU */
	int closing; /* close once the output is drained */
	int notify_pending;
	int synced; /* got at least one complete response */

	/* The response being streamed. */
	enum rtr_stream stream;
	int phase;
	size_t pos;
	int afi;
	struct rtr_snapshot *snap;
	struct rtr_delta *delta;
	uint32_t eod_serial;

	/* Small PDUs queued ahead of any stream: errors, resets, notifies. */
	uint8_t ctl[1280];
	size_t nctl;

	/* Counters for metrics. */
	uint64_t pdus_in, pdus_out, resets, serials, errors_out;
	uint64_t aspa_skipped; /* empty provider lists not announced */
	uint32_t last_serial;  /* serial the router last got an End of Data for */
	char why[160];         /* reason for closing, for the log */
};

/* Start a session on cache with the given End of Data timers. */
void rtr_session_init(struct rtr_session *s, struct rtr_cache *cache,
                      const struct rtr_timers *timers);

/* Drop the references a session holds. */
void rtr_session_free(struct rtr_session *s);

/* Consume complete PDUs from buf[0..len) and return how many bytes were
 * used. Stops early while a response is still being streamed (queries are
 * answered in order) or once the session is closing. */
size_t rtr_session_input(struct rtr_session *s, const uint8_t *buf, size_t len);

/* Write up to cap bytes of pending output (cap >= 64 KiB recommended) and
 * return how many were written; 0 means nothing to send right now. */
size_t rtr_session_output(struct rtr_session *s, uint8_t *out, size_t cap);

/* True when output is waiting (a stream or queued PDUs). */
int rtr_session_has_output(const struct rtr_session *s);

/* The cache serial changed: queue a Serial Notify (after any stream). */
void rtr_session_notify(struct rtr_session *s);

#endif

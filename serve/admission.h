/* SPDX-License-Identifier: ISC */
/* admission.h - who may connect: an allow list of prefixes, a limit on
 * the connections held in total and on those held per source address.
 *
 * One piece for every server (RTR, whois, the BMP collector). The service
 * says what it counts: RTR holds every connection against its source,
 * whois only those that have not sent a complete query yet. Per-source
 * counts are exact (addr_counts), IPv4 and v4-mapped IPv6 count as one
 * address. The verdict is an enum so that each service words its own
 * refusal. */
#ifndef MANRS_ADMISSION_H
#define MANRS_ADMISSION_H

#include <stddef.h>
#include <sys/socket.h>

#include "core/prefix.h"

struct admission_limits {
	const struct prefix *allow; /* copied; NULL/0 = everybody */
	size_t nallow;
	unsigned max_total;      /* 0 = unlimited */
	unsigned max_per_source; /* 0 = unlimited */
};

enum admission_verdict {
	ADMIT_OK,
	ADMIT_BAD_FAMILY,           /* neither IPv4 nor IPv6 */
	ADMIT_NOT_ALLOWED,          /* not in the allow list */
	ADMIT_TOO_MANY,             /* max_total reached */
	ADMIT_TOO_MANY_FROM_SOURCE, /* max_per_source reached */
};

struct admission;

/* An admission with limits; NULL when out of memory. */
struct admission *admission_new(const struct admission_limits *lim);

/* Replace the limits (a reconfiguration); held counts stay. Returns 0 or
 * -1 when out of memory (the old limits stay). */
int admission_set_limits(struct admission *a, const struct admission_limits *lim);

/* The limits in force. */
const struct admission_limits *admission_limits(const struct admission *a);

/* Judge a new connection from sa against the limits and current counts. */
enum admission_verdict admission_check(const struct admission *a, const struct sockaddr *sa);

/* Count a connection in the total (+1) or release it (-1). */
void admission_hold_total(struct admission *a, int delta);

/* Count a connection against its source address, or release it. hold
 * returns -1 when out of memory (nothing counted). */
int admission_hold_source(struct admission *a, const struct sockaddr *sa);
void admission_release_source(struct admission *a, const struct sockaddr *sa);

/* Current counts. */
unsigned admission_total(const struct admission *a);
unsigned admission_source_count(const struct admission *a, const struct sockaddr *sa);

/* Free everything. NULL is allowed. */
void admission_free(struct admission *a);

#endif

/* SPDX-License-Identifier: ISC */
/* addr_counts.h - count connections per client address (IPv4 as
 * v4-mapped IPv6), to bound what one address may hold. Exact counts: one
 * small node per address that currently has a count, freed at zero. */
#ifndef MANRS_ADDR_COUNTS_H
#define MANRS_ADDR_COUNTS_H

#include <stdint.h>
#include <sys/socket.h>

struct addr_key {
	uint8_t b[16];
};

struct addr_counts;

/* An empty table; NULL when out of memory. */
struct addr_counts *addr_counts_new(void);

/* Free the table and every count. NULL is allowed. */
void addr_counts_free(struct addr_counts *t);

/* The key of a peer address (AF_INET or AF_INET6; anything else maps to
 * the all-zero key). */
void addr_key_of(const struct sockaddr *sa, struct addr_key *k);

/* Current count for k (0 when absent). */
unsigned addr_counts_count(const struct addr_counts *t, const struct addr_key *k);

/* Add one to k's count. Returns -1 when out of memory. */
int addr_counts_inc(struct addr_counts *t, const struct addr_key *k);

/* Subtract one from k's count (which must be positive). */
void addr_counts_dec(struct addr_counts *t, const struct addr_key *k);

#endif

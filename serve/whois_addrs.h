/* whois_addrs.h - count connections per client address (IPv4 as
 * v4-mapped IPv6), to bound what one address may hold. Exact counts: one
 * small node per address that currently has a count, freed at zero. */
#ifndef MANRS_WHOIS_ADDRS_H
#define MANRS_WHOIS_ADDRS_H

#include <stdint.h>
#include <sys/socket.h>

struct whois_addr_key {
	uint8_t b[16];
};

struct whois_addrs;

/* An empty table; NULL when out of memory. */
struct whois_addrs *whois_addrs_new(void);

/* Free the table and every count. NULL is allowed. */
void whois_addrs_free(struct whois_addrs *t);

/* The key of a peer address (AF_INET or AF_INET6; anything else maps to
 * the all-zero key). */
void whois_addr_key_of(const struct sockaddr *sa, struct whois_addr_key *k);

/* Current count for k (0 when absent). */
unsigned whois_addrs_count(const struct whois_addrs *t, const struct whois_addr_key *k);

/* Add one to k's count. Returns -1 when out of memory. */
int whois_addrs_inc(struct whois_addrs *t, const struct whois_addr_key *k);

/* Subtract one from k's count (which must be positive). */
void whois_addrs_dec(struct whois_addrs *t, const struct whois_addr_key *k);

#endif

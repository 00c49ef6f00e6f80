/* SPDX-License-Identifier: ISC */
/* net_addr.h - the one parser for "ADDRESS:PORT" on the command line
 * (--listen of rtr serve and irr serve, --http, rtr dump's HOST:PORT). */
#ifndef MANRS_NET_ADDR_H
#define MANRS_NET_ADDR_H

#include <sys/socket.h>

/* Parse s as "IPv4:PORT", "[IPv6]:PORT" or "HOSTNAME:PORT" ("localhost:8282",
 * "[localhost]:8282"); a host name is resolved (the first address
 * getaddrinfo gives). The port is numeric. Fills sa (room for *len bytes)
 * and sets *len to the address size. Returns 0, or -1 when s is malformed,
 * does not resolve, or does not fit. Same contract as libevent's
 * evutil_parse_sockaddr_port, which it extends with names. */
int net_addr_parse(const char *s, struct sockaddr *sa, int *len);

#endif

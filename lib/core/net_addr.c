/* SPDX-License-Identifier: ISC */
/* net_addr.c - "ADDRESS:PORT" and "HOSTNAME:PORT" to a socket address. */
#include "core/net_addr.h"

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Split s into host and port ("[h]:p" or "h:p", exactly one ':' outside
 * brackets). Returns 0 or -1. */
static int split_host_port(const char *s, char *host, size_t hlen, char *port, size_t plen)
{
	const char *colon;
	size_t n;

	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':')
			return -1;
		n = (size_t)(close - s - 1);
		s++;
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || memchr(s, ':', (size_t)(colon - s)))
			return -1; /* bare IPv6 needs brackets */
		n = (size_t)(colon - s);
	}
	if (n == 0 || n >= hlen || strlen(colon + 1) >= plen || !colon[1])
		return -1;
	memcpy(host, s, n);
	host[n] = '\0';
	strcpy(port, colon + 1);
	for (const char *p = port; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	return atol(port) <= 65535 ? 0 : -1;
}

int net_addr_parse(const char *s, struct sockaddr *sa, int *len)
{
	char host[256], port[8];
	struct addrinfo hints, *res = NULL;
	int rc = -1;

	if (split_host_port(s, host, sizeof host, port, sizeof port) < 0)
		return -1;
	/* RFC 6761 6.3: "localhost" is the loopback address without asking a
	 * resolver (a minimal system may have no /etc/hosts entry for it). */
	if (!strcasecmp(host, "localhost"))
		strcpy(host, "127.0.0.1");
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	if (getaddrinfo(host, port, &hints, &res) != 0 || !res)
		return -1;
	if (res->ai_addrlen <= (socklen_t)*len) {
		memcpy(sa, res->ai_addr, res->ai_addrlen);
		*len = (int)res->ai_addrlen;
		rc = 0;
	}
	freeaddrinfo(res);
	return rc;
}

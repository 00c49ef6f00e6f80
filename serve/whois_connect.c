/* SPDX-License-Identifier: ISC */
/* whois_connect.c - TCP streams for the whois client: connect, read,
 * write, wait with poll(). */
#include "whois_connect.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct tcp {
	int fd;
	int timeout_ms;
	char host[256]; /* as given, for messages */
};

static int split_hostport(const char *hp, char *host, size_t hn, char *port, size_t pn)
{
	const char *colon;
	if (hp[0] == '[') {
		const char *rb = strchr(hp, ']');
		if (!rb || (size_t)(rb - hp - 1) >= hn)
			return -1;
		memcpy(host, hp + 1, (size_t)(rb - hp - 1));
		host[rb - hp - 1] = 0;
		colon = rb[1] == ':' ? rb + 1 : NULL;
	} else {
		colon = strchr(hp, ':');
		/* a bare IPv6 address has several colons and no port */
		if (colon && strchr(colon + 1, ':'))
			colon = NULL;
		size_t l = colon ? (size_t)(colon - hp) : strlen(hp);
		if (l == 0 || l >= hn)
			return -1;
		memcpy(host, hp, l);
		host[l] = 0;
	}
	snprintf(port, pn, "%s", colon && colon[1] ? colon + 1 : "43");
	return 0;
}

static ssize_t tcp_write(void *ctx, const char *s, size_t n, struct err *e)
{
	struct tcp *t = ctx;
	ssize_t w = write(t->fd, s, n);
	if (w >= 0)
		return w;
	if (errno == EAGAIN || errno == EINTR)
		return 0;
	return err_set(e, "%s: write: %s", t->host, strerror(errno));
}

static ssize_t tcp_read(void *ctx, char *buf, size_t n, struct err *e)
{
	struct tcp *t = ctx;
	ssize_t r = read(t->fd, buf, n);
	if (r >= 0)
		return r;
	if (errno == EAGAIN || errno == EINTR)
		return -2;
	return err_set(e, "%s: read: %s", t->host, strerror(errno));
}

static int tcp_wait(void *ctx, int want_write, struct err *e)
{
	struct tcp *t = ctx;
	struct pollfd p = {.fd = t->fd, .events = (short)(POLLIN | (want_write ? POLLOUT : 0))};
	for (;;) {
		int rc = poll(&p, 1, t->timeout_ms);
		if (rc > 0)
			return 0;
		if (rc == 0)
			return err_set(e, "%s: timeout waiting for the server", t->host);
		if (errno != EINTR)
			return err_set(e, "%s: poll: %s", t->host, strerror(errno));
	}
}

static void tcp_close(void *ctx)
{
	struct tcp *t = ctx;
	close(t->fd);
	free(t);
}

/* The first address of hostport that accepts a connection, or -1 with e. */
static int connect_any(const char *hostport, struct err *e)
{
	char host[256], port[32];
	if (split_hostport(hostport, host, sizeof(host), port, sizeof(port)) < 0)
		return err_set(e, "bad server '%s' (want host or host:port)", hostport);
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res, *rp;
	int rc = getaddrinfo(host, port, &hints, &res);
	if (rc)
		return err_set(e, "%s: %s", hostport, gai_strerror(rc));
	int fd = -1, last = 0;
	for (rp = res; rp && fd < 0; rp = rp->ai_next) {
		fd = socket(rp->ai_family, rp->ai_socktype | SOCK_CLOEXEC, rp->ai_protocol);
		if (fd < 0) {
			last = errno;
			continue;
		}
		if (connect(fd, rp->ai_addr, rp->ai_addrlen) < 0) {
			last = errno;
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	if (fd < 0)
		return err_set(e, "%s: connect: %s", hostport, strerror(last));
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
		err_set(e, "%s: fcntl: %s", hostport, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int whois_connect(struct whois_client *c, const char *hostport, struct err *e)
{
	memset(c, 0, sizeof(*c));
	struct tcp *t = calloc(1, sizeof(*t));
	if (!t)
		return err_set(e, "out of memory");
	t->fd = connect_any(hostport, e);
	if (t->fd < 0) {
		free(t);
		return -1;
	}
	t->timeout_ms = WHOIS_CONNECT_TIMEOUT_MS;
	snprintf(t->host, sizeof(t->host), "%s", hostport);
	struct whois_stream io = {t, tcp_write, tcp_read, tcp_wait, tcp_close};
	whois_client_init(c, &io, hostport);
	return 0;
}

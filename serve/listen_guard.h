/* SPDX-License-Identifier: ISC */
/* listen_guard.h - keep a listening socket usable when accept() fails.
 *
 * When a process runs out of file descriptors (EMFILE, ENFILE) or kernel
 * memory (ENOBUFS, ENOMEM), accept() fails while the connection stays in
 * the backlog, so a level-triggered listener fires again at once: the loop
 * spins at 100% CPU and logs one line per attempt. A guard pauses the
 * listener for a moment after a failure and logs at most one line a second.
 *
 * It also derives a default client limit from RLIMIT_NOFILE, so a server
 * refuses clients politely before it runs out of descriptors it needs for
 * reloads and log files. Shared by the RTR, whois, BMP and HTTP servers,
 * which bind their listeners through listen_guard_bind(). */
#ifndef MANRS_LISTEN_GUARD_H
#define MANRS_LISTEN_GUARD_H

#include <stdint.h>
#include <time.h>

#include <event2/event.h>
#include <event2/listener.h>

#include "core/err.h"

/* How long accepting pauses after accept() failed. */
#define LISTEN_GUARD_PAUSE_MS 100

/* Descriptors kept back from clients by default: listeners, the HTTP
 * endpoint, files opened by a reload, the loader pipe, syslog. */
#define LISTEN_GUARD_RESERVE 64

/* A per-second budget for one kind of log line. */
struct log_limit {
	time_t second;       /* the second being counted */
	unsigned count;      /* lines allowed in that second so far */
	unsigned suppressed; /* lines dropped since the last allowed one */
};

/* Return 1 when a line may be logged now (at most max_per_second lines in
 * each second of wall time), 0 when it should be dropped. When 1 is
 * returned, *suppressed is set to the number of lines dropped since the
 * previous allowed line (to be mentioned in the line) and reset. */
int log_limit_allow(struct log_limit *ll, unsigned max_per_second, unsigned *suppressed);

struct listen_guard;

/* Guard listener l on base. The guard takes over l's callbacks: accepted
 * sockets go to cb with arg (as evconnlistener_new would pass them), and a
 * failed accept() pauses l for LISTEN_GUARD_PAUSE_MS and logs "TAG: accept
 * failed: ..." at most once a second. tag is not copied. Returns NULL when
 * out of memory (l is then unchanged). Free the guard before the
 * listener. */
struct listen_guard *listen_guard_new(struct event_base *base, struct evconnlistener *l,
                                      const char *tag, evconnlistener_cb cb, void *arg);

/* Free a guard (NULL is fine); the listener is left enabled. */
void listen_guard_free(struct listen_guard *g);

/* Listen on addr (ADDRESS:PORT as net_addr_parse() reads it: 127.0.0.1:P,
 * [::1]:P, a host name) with a guard, accepted sockets going to cb with
 * arg. Sockets are close-on-exec and reuse the address; an IPv6 socket is
 * IPv6-only, so [::]:P and 0.0.0.0:P can both be given. The guard owns the
 * listener: close both with listen_guard_close(). Returns NULL with e
 * naming tag and addr (bad address, bind failed, out of memory). */
struct listen_guard *listen_guard_bind(struct event_base *base, const char *addr, int backlog,
                                       const char *tag, evconnlistener_cb cb, void *arg,
                                       struct err *e);

/* Free a guard and, when listen_guard_bind() made it, its listener (NULL
 * is fine). */
void listen_guard_close(struct listen_guard *g);

/* The guarded listener's socket (to learn the port bound for PORT 0). */
evutil_socket_t listen_guard_fd(const struct listen_guard *g);

/* Number of failed accept() calls seen by this guard (for metrics). */
uint64_t listen_guard_failures(const struct listen_guard *g);

/* The soft RLIMIT_NOFILE of this process, or 0 when it is unlimited or
 * unknown. */
unsigned long listen_guard_fd_limit(void);

/* A default client limit: the soft RLIMIT_NOFILE minus reserve, at least
 * 1; 0 (= unlimited) when the fd limit is unlimited. */
unsigned listen_guard_default_clients(unsigned reserve);

#endif

/* SPDX-License-Identifier: ISC */
/* rtr_sync.c - poll()-driven RTR full syncs, one or many at once. */
#include "rtr_sync.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/net_addr.h"
#include "rtr/rtr_client.h"

#define CLIENT_BUF (256 * 1024)

/* One connection and the state machine it carries. */
struct conn {
	struct rtr_client rc;
	int fd;
	int done; /* reached End of Data */
	uint8_t *buf;
	size_t len;
	double t_start, t_eod;
	uint64_t bytes;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int conn_connect(struct conn *c, const struct sockaddr *sa, int salen, struct err *e)
{
	c->fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return err_set(e, "socket: %s", strerror(errno));
	if (!c->t_start)
		c->t_start = now();
	rtr_client_connecting(&c->rc);
	if (connect(c->fd, sa, (socklen_t)salen) < 0 && errno != EINPROGRESS)
		return err_set(e, "connect: %s", strerror(errno));
	return 0;
}

/* Send what the state machine queued (a query or an Error Report). */
static int conn_flush(struct conn *c, struct err *e)
{
	size_t n;
	const uint8_t *p = rtr_client_pending(&c->rc, &n);
	if (!p)
		return 0;
	ssize_t w = write(c->fd, p, n);
	if (w != (ssize_t)n)
		return err_set(e, "send Reset Query: %s", w < 0 ? strerror(errno) : "short write");
	rtr_client_sent(&c->rc, n);
	return 0;
}

/* The connection finished connecting: say so and send the first query. */
static int conn_established(struct conn *c, const char *addr, struct err *e)
{
	int soerr = 0;
	socklen_t sl = sizeof soerr;
	getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soerr, &sl);
	if (soerr)
		return err_set(e, "connect %s: %s", addr, strerror(soerr));
	rtr_client_connected(&c->rc, now());
	return conn_flush(c, e);
}

static void conn_close(struct conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

/* The state machine ended the connection: reconnect one version lower, or
 * fail with its reason after sending its Error Report if it has one. */
static int conn_closing(struct conn *c, const struct sockaddr *sa, int salen, struct err *e)
{
	struct err ignored;
	(void)conn_flush(c, &ignored);
	conn_close(c);
	rtr_client_closed(&c->rc, now(), NULL);
	if (!rtr_client_wants_connect(&c->rc))
		return err_set(e, "%s", c->rc.err);
	c->len = 0;
	return conn_connect(c, sa, salen, e);
}

/* Bytes arrived for c: hand the complete PDUs to the state machine. */
static int conn_read(struct conn *c, struct err *e)
{
	ssize_t got = read(c->fd, c->buf + c->len, CLIENT_BUF - c->len);
	if (got < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (got <= 0)
		return err_set(e, "cache closed the connection before End of Data%s",
		               got < 0 ? strerror(errno) : "");
	c->len += (size_t)got;
	c->bytes += (uint64_t)got;
	double t = now();
	size_t used = rtr_client_input(&c->rc, c->buf, c->len, t, 1);
	memmove(c->buf, c->buf + used, c->len - used);
	c->len -= used;
	/* done at the first End of Data, even when a Serial Notify that came
	 * during the sync already queued the next query */
	if (c->rc.syncs) {
		c->done = 1;
		c->t_eod = t;
		conn_close(c);
	}
	return 0;
}

/* Summarize: data counts from client 0, timings over completed clients. */
static void fill_report(struct rtr_client_report *r, const struct conn *cl, unsigned n,
                        double total)
{
	const struct rtr_client *c0 = &cl[0].rc;
	r->total = total;
	r->clients = n;
	r->version = c0->n.version < 0 ? 0 : c0->n.version;
	r->session = c0->session;
	r->serial = c0->serial;
	r->vrps4 = c0->n.vrps4;
	r->vrps6 = c0->n.vrps6;
	r->aspa_pdus = c0->n.aspa_pdus;
	r->aspa_layouts = c0->n.aspa_layouts;
	r->pdus = c0->n.pdus;
	r->bytes = cl[0].bytes;
	r->eod_min = 0;
	for (unsigned i = 0; i < n; i++) {
		if (!cl[i].done)
			continue;
		double t = cl[i].t_eod - cl[i].t_start;
		r->eod_min = !r->completed || t < r->eod_min ? t : r->eod_min;
		r->eod_max = t > r->eod_max ? t : r->eod_max;
		r->eod_mean += t;
		r->completed++;
	}
	if (r->completed)
		r->eod_mean /= r->completed;
}

/* What each connection waits for: to finish connecting, or to read. */
static void set_polls(struct pollfd *pfd, const struct conn *cl, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		int connecting = cl[i].rc.state == RTR_CLIENT_CONNECTING;
		pfd[i].fd = cl[i].done ? -1 : cl[i].fd;
		pfd[i].events = connecting ? POLLOUT : POLLIN;
		pfd[i].revents = 0;
	}
}

/* Serve the ready connections. Returns how many finished, or -1 with e. */
static int step(struct conn *cl, struct pollfd *pfd, unsigned n, const struct sockaddr *sa,
                int salen, const char *addr, struct err *e)
{
	int finished = 0;
	for (unsigned i = 0; i < n; i++) {
		struct conn *c = &cl[i];
		if (!pfd[i].revents || c->done)
			continue;
		int rc = c->rc.state == RTR_CLIENT_CONNECTING ? conn_established(c, addr, e)
		                                              : conn_read(c, e);
		if (rc)
			return -1;
		if (c->rc.state == RTR_CLIENT_CLOSING && conn_closing(c, sa, salen, e))
			return -1;
		finished += c->done;
	}
	return finished;
}

static int run_loop(struct conn *cl, struct pollfd *pfd, unsigned n, const struct sockaddr *sa,
                    int salen, const struct rtr_sync_opts *o, double deadline, struct err *e)
{
	unsigned active = n;
	while (active) {
		set_polls(pfd, cl, n);
		int left = (int)((deadline - now()) * 1000);
		if (left <= 0)
			return err_set(e, "timeout: %u of %u syncs unfinished after %us", active, n,
			               o->timeout);
		int k = poll(pfd, n, left);
		if (k < 0 && errno != EINTR)
			return err_set(e, "poll: %s", strerror(errno));
		if (k <= 0)
			continue;
		int f = step(cl, pfd, n, sa, salen, o->addr, e);
		if (f < 0)
			return -1;
		active -= (unsigned)f;
	}
	return 0;
}

static int start_all(struct conn *cl, unsigned n, const struct rtr_sync_opts *o,
                     struct rpki_set *out, const struct sockaddr *sa, int salen, struct err *e)
{
	for (unsigned i = 0; i < n; i++)
		rtr_client_init(&cl[i].rc, o->version, i == 0 && out);
	for (unsigned i = 0; i < n; i++) {
		if (!(cl[i].buf = malloc(CLIENT_BUF)))
			return err_set(e, "out of memory");
		if (conn_connect(&cl[i], sa, salen, e))
			return -1;
	}
	return 0;
}

/* Hand client 0's data to the caller. */
static void take_data(struct conn *c0, struct rpki_set *out)
{
	rpki_set_free(out);
	*out = c0->rc.data;
	rpki_set_init(&c0->rc.data);
}

int rtr_sync_run(const struct rtr_sync_opts *o, struct rpki_set *out, struct rtr_client_report *r,
                 struct err *e)
{
	struct sockaddr_storage ss;
	int salen = sizeof ss;
	memset(r, 0, sizeof *r);
	if (net_addr_parse(o->addr, (struct sockaddr *)&ss, &salen) < 0)
		return err_set(e, "%s: expected HOST:PORT (IPv4 or [IPv6])", o->addr);
	unsigned n = o->clients ? o->clients : 1;
	double t0 = now(), deadline = t0 + o->timeout;
	struct conn *cl = calloc(n, sizeof *cl);
	struct pollfd *pfd = calloc(n, sizeof *pfd);
	int rc = -1;
	for (unsigned i = 0; cl && i < n; i++)
		cl[i].fd = -1;
	if (!cl || !pfd) {
		err_set(e, "out of memory");
		goto out;
	}
	const struct sockaddr *sa = (const struct sockaddr *)&ss;
	if (start_all(cl, n, o, out, sa, salen, e) == 0 &&
	    run_loop(cl, pfd, n, sa, salen, o, deadline, e) == 0) {
		if (out)
			take_data(&cl[0], out);
		rc = 0;
	}
out:
	if (cl)
		fill_report(r, cl, n, now() - t0);
	for (unsigned i = 0; cl && i < n; i++) {
		conn_close(&cl[i]);
		rtr_client_free(&cl[i].rc);
		free(cl[i].buf);
	}
	free(cl);
	free(pfd);
	return rc;
}

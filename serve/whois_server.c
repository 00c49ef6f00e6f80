/* SPDX-License-Identifier: ISC */
/* whois_server.c - whois transport: accept, feed the bytes to a
 * whois_peer, write its answers, and enforce the limits described in
 * whois_server.h. Query semantics live in whois_peer.c, whois_query.c
 * and whois_answer.c. */
#include "whois_server.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/listener.h>
#include <event2/util.h>

#include "core/log.h"
#include "core/net_addr.h"
#include "listen_guard.h"
#include "metrics.h"
#include "admission.h"
#include "whois/whois_peer.h"

#define MAX_LISTENERS 8
#define TRIM_SLACK ((size_t)256 << 10)     /* give freed output memory back past this */
#define STALL_MS 500                       /* output not drained this long: a non-reader */
#define ANSWER_HANDOVER ((size_t)64 << 10) /* answers this large move without a copy */

struct conn {
	struct whois_server *srv;
	struct bufferevent *bev;
	struct whois_peer cl;
	struct conn *prev, *next;
	struct sockaddr_storage addr; /* the peer, counted against by admission */
	struct event *deadline;       /* the query line being received must end by then */
	struct evbuffer_cb_entry *out_cb;
	unsigned long deadline_line; /* cl.lines when the deadline was armed */
	long long drained_ms;        /* output last drained (or started), monotonic ms */
	int deadline_armed;
	int pending; /* counted against addr: no complete query yet, or mid-line */
	int paused;  /* reading stopped for back-pressure */
	int eof;     /* the peer half-closed */
};

struct whois_server {
	struct event_base *base;
	struct whois_server_opts o;
	int nlisteners;
	struct event *trim;
	struct irr_db *db;
	struct conn *conns;
	struct admission *adm; /* total clients and pending ones per address */
	struct whois_server_stats st;
	size_t out_peak; /* highest out_total since memory was last trimmed */
	struct listen_guard *guards[MAX_LISTENERS];
	struct log_limit ll_addr, ll_shed;
	struct mrt_buf answers; /* where whois_peer writes, moved to a client's output */
};

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

unsigned whois_server_default_clients(void)
{
	unsigned n = listen_guard_default_clients(LISTEN_GUARD_RESERVE);

	return n == 0 || n > 1024 ? 1024 : n;
}

static void schedule_trim(struct whois_server *s)
{
	struct timeval tv = {1, 0};

	if (s->out_peak - s->st.out_total >= TRIM_SLACK && !evtimer_pending(s->trim, NULL))
		evtimer_add(s->trim, &tv);
}

static void on_trim(evutil_socket_t fd, short what, void *arg)
{
	struct whois_server *s = arg;

	/* freed evbuffer chains stay in malloc's free lists otherwise, and
	 * the RSS after an attack would stay at its peak */
#ifdef __GLIBC__
	malloc_trim(0);
#endif
	s->out_peak = s->st.out_total;
}

static void set_pending(struct conn *c, int pending)
{
	struct whois_server *s = c->srv;

	if (pending == c->pending)
		return;
	if (pending && admission_hold_source(s->adm, (struct sockaddr *)&c->addr) < 0)
		return; /* out of memory: not counted */
	if (!pending)
		admission_release_source(s->adm, (struct sockaddr *)&c->addr);
	c->pending = pending;
}

static void conn_free(struct conn *c)
{
	struct whois_server *s = c->srv;
	struct evbuffer *out = bufferevent_get_output(c->bev);

	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	evbuffer_remove_cb_entry(out, c->out_cb);
	s->st.out_total -= evbuffer_get_length(out);
	set_pending(c, 0);
	event_free(c->deadline);
	bufferevent_free(c->bev);
	s->st.clients--;
	admission_hold_total(s->adm, -1);
	free(c);
	schedule_trim(s);
}

static void on_out_change(struct evbuffer *b, const struct evbuffer_cb_info *info, void *arg)
{
	struct conn *c = arg;
	struct whois_server *s = c->srv;

	if (info->n_deleted || info->orig_size == 0)
		c->drained_ms = now_ms();
	s->st.out_total += info->n_added;
	s->st.out_total -= info->n_deleted;
	if (s->st.out_total > s->out_peak)
		s->out_peak = s->st.out_total;
}

static void set_timeouts(struct conn *c)
{
	unsigned t = c->cl.session.timeout ? c->cl.session.timeout : c->srv->o.idle_timeout;
	struct timeval tv = {(time_t)t, 0};

	bufferevent_set_timeouts(c->bev, &tv, &tv);
}

/* A query line is due while the client has not completed its first query
 * or has sent part of a line; each new line gets a fresh deadline. */
static void sync_deadline(struct conn *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	int pending = !c->cl.closing && (c->cl.queries == 0 || evbuffer_get_length(in) > 0);

	set_pending(c, pending);
	if (pending && !c->paused) {
		if (!c->deadline_armed || c->deadline_line != c->cl.lines) {
			struct timeval tv = {(time_t)c->srv->o.query_timeout, 0};

			evtimer_add(c->deadline, &tv);
			c->deadline_armed = 1;
			c->deadline_line = c->cl.lines;
		}
	} else if (c->deadline_armed) {
		evtimer_del(c->deadline);
		c->deadline_armed = 0;
	}
}

/* The client to close first when over the output budget: among those that
 * have not read for STALL_MS, the one stalled longest (a slow but reading
 * client on a loaded host stalls briefly; a non-reader stays stalled), else
 * the largest backlog other than current (whose answer was just queued and
 * not yet written), else current. */
static struct conn *greediest(struct whois_server *s, struct conn *current)
{
	long long stalled = now_ms() - STALL_MS;
	struct conn *best = NULL;
	size_t most = 0;
	int best_rank = 0;

	for (struct conn *c = s->conns; c; c = c->next) {
		size_t n = evbuffer_get_length(bufferevent_get_output(c->bev));
		int rank = c->drained_ms <= stalled ? 3 : c != current ? 2 : 1;

		if (!n || rank < best_rank)
			continue;
		if (rank == best_rank &&
		    (rank == 3 ? c->drained_ms > best->drained_ms ||
		                     (c->drained_ms == best->drained_ms && n <= most)
		               : n <= most))
			continue;
		best = c;
		most = n;
		best_rank = rank;
	}
	return best;
}

/* Over the output budget: close the greediest non-readers until under it.
 * Returns -1 when current was among them. */
static int shed_output(struct whois_server *s, struct conn *current)
{
	int freed_current = 0;

	while (s->st.out_total > s->o.out_budget) {
		struct conn *worst = greediest(s, current);
		unsigned dropped;

		if (!worst)
			break;
		if (log_limit_allow(&s->ll_shed, 1, &dropped))
			log_warn(
			    "whois: output budget of %zu bytes exceeded: closing a client with "
			    "%zu bytes unread (%u more not logged)",
			    s->o.out_budget,
			    evbuffer_get_length(bufferevent_get_output(worst->bev)), dropped);
		s->st.shed++;
		if (worst == current)
			freed_current = 1;
		conn_free(worst);
	}
	return freed_current ? -1 : 0;
}

static void free_answer(const void *data, size_t len, void *arg)
{
	free((void *)data);
}

/* Move the answers to the client's output: a large one by handing its
 * memory over (no copy), a small one copied so the buffer is reused. */
static int queue_answers(struct whois_server *s, struct evbuffer *out)
{
	struct mrt_buf *a = &s->answers;
	int rc = 0;

	if (a->len >= ANSWER_HANDOVER) {
		rc = evbuffer_add_reference(out, a->p, a->len, free_answer, NULL);
		if (rc == 0)
			*a = (struct mrt_buf){NULL, 0, 0};
	} else if (a->len) {
		rc = evbuffer_add(out, a->p, a->len);
	}
	if (rc < 0)
		mrt_buf_free(a);
	a->len = 0;
	return rc;
}

/* Answer what the client sent as far as the backlog allows. Returns -1
 * when c was freed. */
static int process(struct conn *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	struct evbuffer *out = bufferevent_get_output(c->bev);
	struct whois_server *s = c->srv;
	unsigned long q0 = c->cl.queries, e0 = c->cl.errors;
	size_t in_len = evbuffer_get_length(in);
	const char *in_bytes = in_len ? (const char *)evbuffer_pullup(in, -1) : "";
	struct whois_io io = {in_bytes ? in_bytes : "", in_bytes ? in_len : 0, 0, &s->answers,
	                      evbuffer_get_length(out), s->o.out_high};
	enum whois_step step;

	if (c->eof)
		step = whois_peer_eof(&c->cl, s->db, &io);
	else
		step = whois_peer_run(&c->cl, s->db, &io);
	evbuffer_drain(in, io.used);
	if (queue_answers(s, out) < 0) {
		log_err("whois: out of memory queueing an answer: closing the client");
		conn_free(c);
		return -1;
	}
	s->st.queries += c->cl.queries - q0;
	s->st.errors += c->cl.errors - e0;
	if (c->cl.timeout_changed) {
		c->cl.timeout_changed = 0;
		set_timeouts(c);
	}
	if (step == WHOIS_STEP_FULL) {
		/* back-pressure: resume from the write callback */
		c->paused = 1;
		bufferevent_disable(c->bev, EV_READ);
	} else if (step == WHOIS_STEP_CLOSE) {
		bufferevent_disable(c->bev, EV_READ);
		if (evbuffer_get_length(out) == 0) {
			conn_free(c);
			return -1;
		}
	}
	sync_deadline(c);
	return shed_output(s, c);
}

static void on_read(struct bufferevent *bev, void *arg)
{
	process(arg);
}

static void on_write(struct bufferevent *bev, void *arg)
{
	struct conn *c = arg;

	/* called when the output has drained completely */
	if (c->cl.closing) {
		conn_free(c);
		return;
	}
	if (c->paused) {
		c->paused = 0;
		if (!c->eof)
			bufferevent_enable(c->bev, EV_READ);
		process(c);
	}
}

static void on_event(struct bufferevent *bev, short what, void *arg)
{
	struct conn *c = arg;

	if ((what & BEV_EVENT_EOF) && !(what & BEV_EVENT_ERROR)) {
		/* the client half-closed: answer what it sent, then close */
		c->eof = 1;
		if (process(c) < 0)
			return;
		if (evbuffer_get_length(bufferevent_get_output(bev)))
			return;
	}
	conn_free(c);
}

static void on_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;

	c->srv->st.query_timeouts++;
	conn_free(c);
}

static void refuse(struct whois_server *s, evutil_socket_t fd, const char *msg)
{
	(void)!send(fd, msg, strlen(msg), MSG_DONTWAIT | MSG_NOSIGNAL);
	evutil_closesocket(fd);
}

/* twin of accept_cb (http_server.c): the same libevent setup, plus the output watch */
static struct conn *conn_new(struct whois_server *s, evutil_socket_t fd, const struct sockaddr *sa,
                             int salen)
{
	struct conn *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	c->srv = s;
	memcpy(&c->addr, sa, (size_t)salen < sizeof c->addr ? (size_t)salen : sizeof c->addr);
	c->drained_ms = now_ms();
	whois_peer_init(&c->cl);
	c->bev = bufferevent_socket_new(s->base, fd, BEV_OPT_CLOSE_ON_FREE);
	c->deadline = evtimer_new(s->base, on_deadline, c);
	if (c->bev)
		c->out_cb = evbuffer_add_cb(bufferevent_get_output(c->bev), on_out_change, c);
	if (!c->bev || !c->deadline || !c->out_cb) {
		if (c->bev)
			bufferevent_free(c->bev);
		else
			evutil_closesocket(fd);
		if (c->deadline)
			event_free(c->deadline);
		free(c);
		return NULL;
	}
	return c;
}

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int salen,
                      void *arg)
{
	struct whois_server *s = arg;
	unsigned dropped;
	struct conn *c;
	enum admission_verdict v = admission_check(s->adm, sa);

	if (v == ADMIT_TOO_MANY || v == ADMIT_BAD_FAMILY || v == ADMIT_NOT_ALLOWED) {
		s->st.refused++;
		refuse(s, fd, "F Too many connections\n");
		return;
	}
	if (v == ADMIT_TOO_MANY_FROM_SOURCE) {
		s->st.refused_addr++;
		if (log_limit_allow(&s->ll_addr, 1, &dropped))
			log_warn("whois: refused a client: %u connections from its address have "
			         "no complete query (%u more not logged)",
			         s->o.max_pending, dropped);
		refuse(s, fd, "F Too many unfinished queries from your address\n");
		return;
	}
	c = conn_new(s, fd, sa, salen);
	if (!c) {
		evutil_closesocket(fd);
		return;
	}
	c->next = s->conns;
	if (s->conns)
		s->conns->prev = c;
	s->conns = c;
	s->st.clients++;
	admission_hold_total(s->adm, 1);
	s->st.accepted++;
	bufferevent_setcb(c->bev, on_read, on_write, on_event, c);
	set_timeouts(c);
	sync_deadline(c);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
}

struct whois_server *whois_server_new(struct event_base *base, const struct whois_server_opts *o)
{
	struct whois_server *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	s->base = base;
	if (o)
		s->o = *o;
	if (!s->o.idle_timeout)
		s->o.idle_timeout = 300;
	if (!s->o.query_timeout)
		s->o.query_timeout = 30;
	if (!s->o.out_high)
		s->o.out_high = 256u << 10;
	if (!s->o.out_budget)
		s->o.out_budget = 64u << 20;
	if (!s->o.max_clients)
		s->o.max_clients = whois_server_default_clients();
	if (!s->o.max_pending)
		s->o.max_pending = s->o.max_clients > 1 ? s->o.max_clients / 2 : 1;
	/* the per-source limit counts only connections without a complete
	 * query (set_pending); the total counts every client */
	struct admission_limits lim = {.max_total = s->o.max_clients,
	                               .max_per_source = s->o.max_pending};
	s->adm = admission_new(&lim);
	s->trim = evtimer_new(base, on_trim, s);
	if (!s->adm || !s->trim) {
		whois_server_free(s);
		return NULL;
	}
	return s;
}

const struct whois_server_opts *whois_server_opts(const struct whois_server *s)
{
	return &s->o;
}

int whois_server_listen(struct whois_server *s, const char *addr, struct err *e)
{
	if (s->nlisteners >= MAX_LISTENERS)
		return err_set(e, "too many listen addresses (max %d)", MAX_LISTENERS);
	/* the guard pauses accepting when accept() fails (EMFILE) */
	s->guards[s->nlisteners] = listen_guard_bind(s->base, addr, 128, "whois", on_accept, s, e);
	if (!s->guards[s->nlisteners])
		return -1;
	s->nlisteners++;
	return 0;
}

void whois_server_set_db(struct whois_server *s, struct irr_db *db)
{
	struct irr_db *old = s->db;

	s->db = db;
	irr_db_free(old);
}

const struct irr_db *whois_server_db(const struct whois_server *s)
{
	return s->db;
}

void whois_server_get_stats(const struct whois_server *s, struct whois_server_stats *st)
{
	*st = s->st;
	st->accept_errors = 0;
	for (int i = 0; i < s->nlisteners; i++)
		st->accept_errors += (unsigned long)listen_guard_failures(s->guards[i]);
}

#define WHOIS_GETTER(fn, field)                                                                    \
	static double fn(const void *snap)                                                         \
	{                                                                                          \
		return (double)((const struct whois_server_stats *)snap)->field;                   \
	}
WHOIS_GETTER(w_accepted, accepted)
WHOIS_GETTER(w_refused, refused)
WHOIS_GETTER(w_refused_addr, refused_addr)
WHOIS_GETTER(w_queries, queries)
WHOIS_GETTER(w_errors, errors)
WHOIS_GETTER(w_query_timeouts, query_timeouts)
WHOIS_GETTER(w_shed, shed)
WHOIS_GETTER(w_accept_errors, accept_errors)
WHOIS_GETTER(w_out_total, out_total)
WHOIS_GETTER(w_clients, clients)

/* rows alike by design: one per metric, as rtr_metrics (rtr_metrics.c) */
static const struct metric_def whois_metrics[] = {
    {"manrs_whois_clients", "Connected whois clients.", METRIC_GAUGE, w_clients, NULL},
    {"manrs_whois_connections_total", "Accepted connections.", METRIC_COUNTER, w_accepted, NULL},
    {"manrs_whois_refused_total", "Connections refused: too many clients.", METRIC_COUNTER,
     w_refused, NULL},
    {"manrs_whois_refused_address_total",
     "Connections refused: too many without a complete query from one address.", METRIC_COUNTER,
     w_refused_addr, NULL},
    {"manrs_whois_queries_total", "Queries answered.", METRIC_COUNTER, w_queries, NULL},
    {"manrs_whois_query_errors_total", "Queries answered with an error.", METRIC_COUNTER, w_errors,
     NULL},
    {"manrs_whois_query_timeouts_total", "Connections closed: a query line not completed in time.",
     METRIC_COUNTER, w_query_timeouts, NULL},
    {"manrs_whois_shed_total", "Connections closed: largest backlog over the output budget.",
     METRIC_COUNTER, w_shed, NULL},
    {"manrs_whois_accept_failures_total", "Failed accept() calls (out of file descriptors...).",
     METRIC_COUNTER, w_accept_errors, NULL},
    {"manrs_whois_output_bytes", "Unsent output bytes of all clients.", METRIC_GAUGE, w_out_total,
     NULL},
};

static void whois_snapshot(void *ctx, void *snap)
{
	whois_server_get_stats(ctx, snap);
}

int whois_server_register_metrics(struct whois_server *s, struct metrics *m)
{
	return metrics_add_group(m, whois_metrics, sizeof whois_metrics / sizeof whois_metrics[0],
	                         sizeof(struct whois_server_stats), whois_snapshot, s);
}

void whois_server_free(struct whois_server *s)
{
	if (!s)
		return;
	while (s->conns)
		conn_free(s->conns);
	for (int i = 0; i < s->nlisteners; i++) {
		listen_guard_close(s->guards[i]);
	}
	if (s->trim)
		event_free(s->trim);
	admission_free(s->adm);
	irr_db_free(s->db);
	mrt_buf_free(&s->answers);
	free(s);
}

/* SPDX-License-Identifier: ISC */
/* test_whois.c - the whois query parser, the answers byte for byte (IRRd
 * framing), and the server on loopback: persistence, pipelining, one-shot
 * queries, back-pressure, overlong lines, reload without dropping clients. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <cmocka.h>
#include <event2/buffer.h>
#include <event2/event.h>

#include "irr/irr_db.h"
#include "listen_guard.h"
#include "addr_counts.h"
#include "whois/whois_answer.h"
#include "whois/whois_peer.h"
#include "whois/whois_query.h"
#include "whois_server.h"

#define PORT 18441 /* inside this area's range 18400-18449 */

static const char DB[] = "route: 192.0.2.0/24\norigin: AS64496\nmnt-by: M1\nsource: RIPE\n\n"
                         "route: 198.51.100.0/24\norigin: AS64496\nsource: RADB\n\n"
                         "route: 198.51.100.0/25\norigin: AS64497\nsource: RADB\n\n"
                         "route6: 2001:db8::/32\norigin: AS64496\nsource: RIPE\n\n"
                         "as-set: AS-A\nmembers: AS64496, AS-B\nsource: RIPE\n\n"
                         "as-set: AS-B\nmembers: AS64497, AS-A\nsource: RIPE\n\n"
                         "as-set: AS-EMPTY\nsource: RIPE\n\n"
                         "route-set: RS-A\nmembers: 203.0.113.0/24^+\nsource: RIPE\n\n"
                         "aut-num: AS64499\nmember-of: AS-A\nsource: RIPE\n\n"
                         "mntner: M1\nsource: RIPE\n";

static struct irr_db *load(const char *text)
{
	struct irr_db *db = irr_db_new();
	struct err e;

	assert_non_null(db);
	assert_int_equal(irr_db_load_buffer(db, text, strlen(text), "t.db", NULL, &e), 0);
	assert_int_equal(irr_db_finish(db, &e), 0);
	return db;
}

static void Q(const char *s, struct whois_query *q)
{
	whois_query_parse(s, strlen(s), q);
}

static void test_parse_bang(void **state)
{
	struct whois_query q;

	Q("!!", &q);
	assert_int_equal(q.cmd, WHOIS_PERSIST);
	Q("!nbgpq4 1.9\r", &q);
	assert_int_equal(q.cmd, WHOIS_CLIENT);
	assert_string_equal(q.arg, "bgpq4 1.9");
	Q("!gas196615", &q);
	assert_int_equal(q.cmd, WHOIS_ROUTES);
	assert_int_equal(q.family, 4);
	assert_int_equal(q.asn, 196615);
	Q("!6AS1", &q);
	assert_int_equal(q.family, 6);
	Q("!gASX", &q);
	assert_int_equal(q.cmd, WHOIS_ERROR);
	Q("!iAS-X,1", &q);
	assert_int_equal(q.cmd, WHOIS_SET);
	assert_int_equal(q.recursive, 1);
	assert_string_equal(q.arg, "AS-X");
	Q("!iAS-X", &q);
	assert_int_equal(q.recursive, 0);
	Q("!a", &q);
	assert_int_equal(q.cmd, WHOIS_ERROR);
	assert_string_equal(q.error, "Missing required set name for A query");
	Q("!a4AS-X", &q);
	assert_int_equal(q.cmd, WHOIS_SET_PREFIXES);
	assert_int_equal(q.family, 4);
	assert_string_equal(q.arg, "AS-X");
	Q("!aAS-X", &q);
	assert_int_equal(q.family, 0);
	Q("!j-*", &q);
	assert_int_equal(q.cmd, WHOIS_SERIAL);
	Q("!mroute,192.0.2.0/24AS1", &q);
	assert_int_equal(q.cmd, WHOIS_MATCH);
	assert_int_equal(q.cls, IRR_ROUTE);
	assert_string_equal(q.arg, "192.0.2.0/24AS1");
	Q("!mbogus,x", &q);
	assert_int_equal(q.cmd, WHOIS_ERROR);
	Q("!r192.0.2.0/24,L", &q);
	assert_int_equal(q.cmd, WHOIS_ROUTE);
	assert_int_equal(q.match, IRR_MATCH_LESS_ALL);
	Q("!r192.0.2.0/24,o", &q);
	assert_int_equal(q.origins_only, 1);
	Q("!r192.0.2.0/24,x", &q);
	assert_int_equal(q.cmd, WHOIS_ERROR);
	Q("!r192.0.2.1/24", &q);
	assert_int_equal(q.cmd, WHOIS_ERROR);
	Q("!s-lc", &q);
	assert_int_equal(q.cmd, WHOIS_SOURCES_GET);
	Q("!sRIPE,RADB", &q);
	assert_int_equal(q.cmd, WHOIS_SOURCES_SET);
	Q("!t60", &q);
	assert_int_equal(q.timeout, 60);
	Q("!v", &q);
	assert_int_equal(q.cmd, WHOIS_VERSION);
	Q("!q", &q);
	assert_int_equal(q.cmd, WHOIS_QUIT);
	Q("!z", &q);
	assert_int_equal(q.cmd, WHOIS_ERROR);
	Q("!", &q);
	assert_int_equal(q.cmd, WHOIS_ERROR);
	Q("   ", &q);
	assert_int_equal(q.cmd, WHOIS_EMPTY);
}

static void test_parse_ripe(void **state)
{
	struct whois_query q;
	char big[WHOIS_MAX_LINE + 10];

	Q("-k", &q);
	assert_int_equal(q.cmd, WHOIS_RIPE);
	assert_int_equal(q.flags, WHOIS_F_PERSIST);
	assert_string_equal(q.arg, "");
	Q("-i origin AS64496", &q);
	assert_int_equal(q.flags, WHOIS_F_ORIGIN);
	assert_int_equal(q.asn, 64496);
	Q("-V bgpq3 -T route,route6 -s RIPE 192.0.2.0/24 AS1", &q);
	assert_int_equal(q.types, (1u << IRR_ROUTE) | (1u << IRR_ROUTE6));
	assert_string_equal(q.sources, "RIPE");
	assert_string_equal(q.arg, "192.0.2.0/24 AS1");
	Q("-T nonsense X", &q);
	assert_int_equal(q.cmd, WHOIS_ERROR);
	Q("-Z x", &q);
	assert_int_equal(q.cmd, WHOIS_ERROR);
	Q("-i origin", &q);
	assert_int_equal(q.cmd, WHOIS_ERROR);
	Q("-i", &q);
	assert_int_equal(q.cmd, WHOIS_ERROR);
	Q("AS-A", &q);
	assert_int_equal(q.cmd, WHOIS_RIPE);
	assert_string_equal(q.arg, "AS-A");
	memset(big, 'x', sizeof big);
	whois_query_parse(big, sizeof big, &q);
	assert_int_equal(q.cmd, WHOIS_ERROR);
}

/* Answer one line; returns the reply as a string (static). */
static const char *ask(struct whois_session *s, const struct irr_db *db, const char *line,
                       int *action)
{
	static char out[65536];
	struct mrt_buf b = {NULL, 0, 0};
	struct whois_query q;
	int act;

	whois_query_parse(line, strlen(line), &q);
	act = whois_answer(s, db, &q, &b);
	if (action)
		*action = act;
	assert_true(b.len < sizeof out);
	if (b.len)
		memcpy(out, b.p, b.len);
	out[b.len] = '\0';
	mrt_buf_free(&b);
	return out;
}

static void test_answers_framing(void **state)
{
	struct irr_db *db = load(DB);
	struct whois_session s;
	int act;

	whois_session_init(&s);
	assert_string_equal(ask(&s, db, "!!", &act), "");
	assert_int_equal(s.persistent, 1);
	assert_string_equal(ask(&s, db, "!nbgpq4 1.9", NULL), "C\n");
	assert_string_equal(ask(&s, db, "!a", NULL), "F Missing required set name for A query\n");
	assert_string_equal(ask(&s, db, "!s-lc", NULL), "A10\nRIPE,RADB\nC\n");
	assert_string_equal(ask(&s, db, "!gAS64496", NULL),
	                    "A29\n192.0.2.0/24 198.51.100.0/24\nC\n");
	assert_string_equal(ask(&s, db, "!6as64496", NULL), "A14\n2001:db8::/32\nC\n");
	assert_string_equal(ask(&s, db, "!gAS1", NULL), "C\n");
	assert_string_equal(ask(&s, db, "!iAS-A", NULL), "A13\nAS64496 AS-B\nC\n");
	assert_string_equal(ask(&s, db, "!iAS-A,1", NULL), "A16\nAS64496 AS64497\nC\n");
	assert_string_equal(ask(&s, db, "!iAS-EMPTY,1", NULL), "C\n");
	assert_string_equal(ask(&s, db, "!iAS-NONE,1", NULL), "D\n");
	assert_string_equal(ask(&s, db, "!iAS64496,1", NULL), "D\n");
	assert_string_equal(ask(&s, db, "!iRS-A,1", NULL), "A17\n203.0.113.0/24^+\nC\n");
	assert_string_equal(ask(&s, db, "!a4AS-A", NULL),
	                    "A45\n192.0.2.0/24 198.51.100.0/24 198.51.100.0/25\nC\n");
	assert_string_equal(ask(&s, db, "!a6AS-A", NULL), "A14\n2001:db8::/32\nC\n");
	assert_string_equal(ask(&s, db, "!aAS-NONE", NULL), "D\n");
	assert_string_equal(ask(&s, db, "!r198.51.100.0/25,o", NULL), "A8\nAS64497\nC\n");
	assert_string_equal(ask(&s, db, "!r198.51.100.0/25,l", NULL),
	                    "A77\nroute:          198.51.100.0/24\norigin:         AS64496\n"
	                    "source:         RADB\nC\n");
	assert_string_equal(ask(&s, db, "!r10.0.0.0/8", NULL), "D\n");
	assert_string_equal(ask(&s, db, "!mmntner,m1", NULL), "A24\nmntner: M1\nsource: RIPE\nC\n");
	assert_string_equal(ask(&s, db, "!mmntner,NOPE", NULL), "D\n");
	assert_string_equal(ask(&s, db, "!z", NULL), "F Unrecognized command\n");
	/* source selection changes what routes and sets are seen */
	assert_string_equal(ask(&s, db, "!sRADB", NULL), "C\n");
	assert_string_equal(ask(&s, db, "!s-lc", NULL), "A5\nRADB\nC\n");
	assert_string_equal(ask(&s, db, "!gAS64496", NULL), "A16\n198.51.100.0/24\nC\n");
	assert_string_equal(ask(&s, db, "!iAS-A,1", NULL), "D\n");
	assert_string_equal(ask(&s, db, "!sNOPE", NULL),
	                    "F Invalid source(s): unknown source 'NOPE'\n");
	assert_string_equal(ask(&s, db, "!s-lc", NULL), "A5\nRADB\nC\n");
	assert_non_null(strstr(ask(&s, db, "!j-*", NULL), "\nRIPE:Y:0-"));
	assert_string_equal(ask(&s, db, "!jNOPE", NULL), "D\n");
	ask(&s, db, "!q", &act);
	assert_int_equal(act, WHOIS_ACT_CLOSE);
	irr_db_free(db);
}

static void test_answers_ripe(void **state)
{
	struct irr_db *db = load(DB);
	struct whois_session s;
	const char *r;
	int act;

	whois_session_init(&s);
	r = ask(&s, db, "-i origin AS64497", NULL);
	assert_string_equal(r, "route:          198.51.100.0/25\norigin:         AS64497\n"
	                       "source:         RADB\n\n\n");
	r = ask(&s, db, "-T mntner M1", NULL);
	assert_string_equal(r, "mntner: M1\nsource: RIPE\n\n\n");
	r = ask(&s, db, "-T route M1", NULL);
	assert_string_equal(r, "%  No entries found for the selected source(s).\n\n");
	r = ask(&s, db, "-s RADB 192.0.2.0/24", NULL);
	assert_string_equal(r, "%  No entries found for the selected source(s).\n\n");
	r = ask(&s, db, "-i member-of AS-A", NULL);
	assert_string_equal(r, "aut-num: AS64499\nmember-of: AS-A\nsource: RIPE\n\n\n");
	r = ask(&s, db, "-Z", NULL);
	assert_string_equal(r, "%ERROR:111: invalid option supplied\n\n");
	ask(&s, db, "-k", &act);
	assert_int_equal(s.persistent, 1);
	ask(&s, db, "-k", &act);
	assert_int_equal(act, WHOIS_ACT_CLOSE);
	irr_db_free(db);
}

/* --- the session object without I/O --- */

/* Feed text to c and return everything it answered (static buffer). */
static const char *feed(struct whois_peer *c, const struct irr_db *db, const char *text, size_t len,
                        int eof, enum whois_step *step)
{
	static char buf[4096];
	struct mrt_buf out = {NULL, 0, 0};
	struct whois_io io = {text, len, 0, &out, 0, 1 << 20};

	*step = eof ? whois_peer_eof(c, db, &io) : whois_peer_run(c, db, &io);
	assert_true(out.len < sizeof buf);
	if (out.len)
		memcpy(buf, out.p, out.len);
	buf[out.len] = '\0';
	mrt_buf_free(&out);
	return buf;
}

static void test_client_nul_and_eof(void **state)
{
	struct irr_db *db = load(DB);
	struct whois_peer c;
	enum whois_step st;
	static const char nul[] = "!!\n!gAS64496\0 junk\n!gAS64496\n";

	/* a NUL inside a query is refused, not answered for the key before it */
	whois_peer_init(&c);
	assert_string_equal(feed(&c, db, nul, sizeof nul - 1, 0, &st),
	                    "F Query contains a NUL byte\nA29\n192.0.2.0/24 198.51.100.0/24\nC\n");
	assert_int_equal(st, WHOIS_STEP_READ);
	assert_int_equal(c.errors, 1);
	/* the last query before EOF needs no newline */
	whois_peer_init(&c);
	assert_string_equal(feed(&c, db, "!!\n!6AS64496", 12, 1, &st), "A14\n2001:db8::/32\nC\n");
	assert_int_equal(st, WHOIS_STEP_CLOSE);
	/* and after closing nothing more is answered */
	assert_string_equal(feed(&c, db, "!gAS64496\n", 10, 0, &st), "");
	assert_int_equal(st, WHOIS_STEP_CLOSE);
	/* a one-shot client closes after its answer; later lines are ignored */
	whois_peer_init(&c);
	assert_string_equal(feed(&c, db, "!6AS64496\n!gAS64496\n", 20, 0, &st),
	                    "A14\n2001:db8::/32\nC\n");
	assert_int_equal(st, WHOIS_STEP_CLOSE);
	/* half a line waits for the rest */
	whois_peer_init(&c);
	assert_string_equal(feed(&c, db, "!!\n!gAS6", 8, 0, &st), "");
	assert_int_equal(st, WHOIS_STEP_READ);
	assert_int_equal(c.lines, 1);
	irr_db_free(db);
}

static void test_addrs(void **state)
{
	struct addr_counts *t = addr_counts_new();
	struct sockaddr_in a4 = {.sin_family = AF_INET};
	struct sockaddr_in6 a6 = {.sin6_family = AF_INET6};
	struct addr_key k4, k6, k4b;

	assert_non_null(t);
	inet_pton(AF_INET, "192.0.2.1", &a4.sin_addr);
	inet_pton(AF_INET6, "::ffff:192.0.2.1", &a6.sin6_addr);
	addr_key_of((struct sockaddr *)&a4, &k4);
	addr_key_of((struct sockaddr *)&a6, &k6);
	/* IPv4 and its v4-mapped IPv6 form are the same client */
	assert_memory_equal(&k4, &k6, sizeof k4);
	inet_pton(AF_INET, "192.0.2.2", &a4.sin_addr);
	addr_key_of((struct sockaddr *)&a4, &k4b);
	assert_int_equal(addr_counts_inc(t, &k4), 0);
	assert_int_equal(addr_counts_inc(t, &k6), 0);
	assert_int_equal(addr_counts_inc(t, &k4b), 0);
	assert_int_equal(addr_counts_count(t, &k4), 2);
	assert_int_equal(addr_counts_count(t, &k4b), 1);
	addr_counts_dec(t, &k4);
	addr_counts_dec(t, &k4b);
	assert_int_equal(addr_counts_count(t, &k4), 1);
	assert_int_equal(addr_counts_count(t, &k4b), 0);
	addr_counts_free(t); /* frees the remaining count (ASan checks) */
}

/* --- the server on loopback --- */

static int connect_local_port(int port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

static int connect_local(void)
{
	return connect_local_port(PORT);
}

/* Run the loop until want bytes arrived or the peer closed (or 5 s).
 * Returns the bytes read; *closed tells whether EOF was seen. */
static size_t pump(struct event_base *base, int fd, char *buf, size_t cap, size_t want, int *closed)
{
	size_t n = 0;
	time_t end = time(NULL) + 5;

	*closed = 0;
	while (time(NULL) < end && n < want) {
		ssize_t r;

		event_base_loop(base, EVLOOP_NONBLOCK);
		r = recv(fd, buf + n, cap - 1 - n, 0);
		if (r > 0) {
			n += (size_t)r;
			continue;
		}
		if (r == 0) {
			*closed = 1;
			break;
		}
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			break;
		usleep(1000);
	}
	buf[n] = '\0';
	return n;
}

static void send_all(int fd, const char *s)
{
	assert_int_equal(send(fd, s, strlen(s), 0), (ssize_t)strlen(s));
}

/* A server on base listening on 127.0.0.1:port, or NULL (test skipped). */
static struct whois_server *server_on(struct event_base *base, const struct whois_server_opts *o,
                                      int port, const char *db)
{
	struct whois_server *srv = whois_server_new(base, o);
	char addr[32];
	struct err e;

	assert_non_null(srv);
	whois_server_set_db(srv, load(db));
	snprintf(addr, sizeof addr, "127.0.0.1:%d", port);
	if (whois_server_listen(srv, addr, &e) < 0) {
		whois_server_free(srv);
		return NULL;
	}
	return srv;
}

static void test_server_loopback(void **state)
{
	struct event_base *base = event_base_new();
	struct whois_server_opts o = {.idle_timeout = 30, .out_high = 64};
	struct whois_server *srv = server_on(base, &o, PORT, DB);
	struct whois_server_stats st;
	char buf[8192];
	int fd, closed;

	if (!srv) {
		event_base_free(base);
		skip(); /* port in use on this machine */
	}
	/* persistent and pipelined, as bgpq4 sends them */
	fd = connect_local();
	send_all(fd, "!!\n!nbgpq4 1.9\n!gAS64496\n!6AS64496\n!iAS-NONE\n");
	pump(base, fd, buf, sizeof buf,
	     strlen("C\nA29\n192.0.2.0/24 198.51.100.0/24\nC\n"
	            "A14\n2001:db8::/32\nC\nD\n"),
	     &closed);
	assert_string_equal(buf, "C\nA29\n192.0.2.0/24 198.51.100.0/24\nC\n"
	                         "A14\n2001:db8::/32\nC\nD\n");
	assert_int_equal(closed, 0);
	/* reload: swap the db while the client stays connected */
	whois_server_set_db(srv, load("route: 10.0.0.0/8\norigin: AS64496\nsource: NEW\n"));
	send_all(fd, "!gAS64496\n!q\n");
	pump(base, fd, buf, sizeof buf, 1000, &closed);
	assert_string_equal(buf, "A11\n10.0.0.0/8\nC\n");
	assert_int_equal(closed, 1);
	close(fd);
	/* without !! the connection closes after one answer */
	fd = connect_local();
	send_all(fd, "!v\n!gAS64496\n");
	pump(base, fd, buf, sizeof buf, 1000, &closed);
	assert_int_equal(closed, 1);
	assert_true(strncmp(buf, "A", 1) == 0);
	assert_null(strstr(buf, "10.0.0.0/8"));
	close(fd);
	/* a line that never ends is refused */
	fd = connect_local();
	{
		char *big = malloc(WHOIS_MAX_LINE + 100);

		memset(big, 'x', WHOIS_MAX_LINE + 99);
		big[WHOIS_MAX_LINE + 99] = '\0';
		send_all(fd, big);
		free(big);
	}
	pump(base, fd, buf, sizeof buf, 1000, &closed);
	assert_string_equal(buf, "F Query too long\n");
	assert_int_equal(closed, 1);
	close(fd);
	/* back-pressure: with a tiny out_high many queries still all get answered */
	fd = connect_local();
	{
		char q[4096] = "!!\n";
		size_t want = 0;

		for (int i = 0; i < 100; i++) {
			strcat(q, "!gAS64496\n");
			want += strlen("A11\n10.0.0.0/8\nC\n");
		}
		send_all(fd, q);
		assert_int_equal(pump(base, fd, buf, sizeof buf, want, &closed), want);
	}
	close(fd);
	for (int i = 0; i < 20; i++)
		event_base_loop(base, EVLOOP_NONBLOCK);
	whois_server_get_stats(srv, &st);
	assert_int_equal(st.accepted, 4);
	assert_int_equal(st.clients, 0);
	whois_server_free(srv);
	event_base_free(base);
}

static void test_server_idle_timeout_and_limit(void **state)
{
	struct event_base *base = event_base_new();
	struct whois_server_opts o = {.idle_timeout = 1, .max_clients = 1};
	struct whois_server *srv = server_on(base, &o, 18442, DB);
	struct whois_server_stats st;
	char buf[256];
	int fd, fd2, closed;
	time_t t0;

	if (!srv) {
		event_base_free(base);
		skip();
	}
	fd = connect_local_port(18442);
	send_all(fd, "!!\n");
	pump(base, fd, buf, sizeof buf, 0, &closed);
	/* a second client is over the limit */
	fd2 = connect_local_port(18442);
	pump(base, fd2, buf, sizeof buf, 1000, &closed);
	assert_string_equal(buf, "F Too many connections\n");
	assert_int_equal(closed, 1);
	close(fd2);
	/* the first, silent, is closed after the idle timeout */
	t0 = time(NULL);
	pump(base, fd, buf, sizeof buf, 1000, &closed);
	assert_int_equal(closed, 1);
	assert_true(time(NULL) - t0 <= 3);
	close(fd);
	whois_server_get_stats(srv, &st);
	assert_int_equal(st.refused, 1);
	assert_int_equal(st.clients, 0);
	whois_server_free(srv);
	event_base_free(base);
}

/* Run the loop for about ms milliseconds. */
static void spin(struct event_base *base, int ms)
{
	for (int i = 0; i < ms; i++) {
		event_base_loop(base, EVLOOP_NONBLOCK);
		usleep(1000);
	}
}

static void test_server_eof_and_nul(void **state)
{
	struct event_base *base = event_base_new();
	struct whois_server *srv = server_on(base, NULL, 18443, DB);
	static const char nul[] = "!!\n!gAS64496\0x\n!q\n";
	char buf[512];
	int fd, closed;

	if (!srv) {
		event_base_free(base);
		skip();
	}
	/* the last query has no newline: answered at EOF */
	fd = connect_local_port(18443);
	send_all(fd, "!!\n!gAS64496");
	shutdown(fd, SHUT_WR);
	pump(base, fd, buf, sizeof buf, 1000, &closed);
	assert_string_equal(buf, "A29\n192.0.2.0/24 198.51.100.0/24\nC\n");
	assert_int_equal(closed, 1);
	close(fd);
	/* a NUL in a query is refused */
	fd = connect_local_port(18443);
	assert_int_equal(send(fd, nul, sizeof nul - 1, 0), (ssize_t)(sizeof nul - 1));
	pump(base, fd, buf, sizeof buf, 1000, &closed);
	assert_string_equal(buf, "F Query contains a NUL byte\n");
	assert_int_equal(closed, 1);
	close(fd);
	whois_server_free(srv);
	event_base_free(base);
}

/* Slowloris: one byte now and then never completes a query line. */
static void test_server_slowloris(void **state)
{
	struct event_base *base = event_base_new();
	struct whois_server_opts o = {.idle_timeout = 60, .query_timeout = 1, .max_pending = 2};
	struct whois_server *srv = server_on(base, &o, 18444, DB);
	struct whois_server_stats st;
	char buf[512];
	int fd[3], closed = 0;

	if (!srv) {
		event_base_free(base);
		skip();
	}
	fd[0] = connect_local_port(18444);
	fd[1] = connect_local_port(18444);
	spin(base, 50);
	/* a third client from the same address without a query is refused */
	fd[2] = connect_local_port(18444);
	pump(base, fd[2], buf, sizeof buf, 1000, &closed);
	assert_string_equal(buf, "F Too many unfinished queries from your address\n");
	assert_int_equal(closed, 1);
	close(fd[2]);
	/* one that completes a query no longer counts; the other dribbles a
	 * byte every 100 ms and is closed at the deadline of its line */
	send_all(fd[0], "!!\n");
	spin(base, 50);
	fd[2] = connect_local_port(18444);
	send_all(fd[2], "!!\n");
	for (int i = 0; i < 40 && !closed; i++) {
		char b = 'x';

		if (send(fd[1], &b, 1, MSG_NOSIGNAL) != 1)
			closed = 1;
		pump(base, fd[1], buf, sizeof buf, 1, &closed);
		spin(base, 100);
	}
	assert_int_equal(closed, 1);
	/* the persistent clients between queries are kept */
	send_all(fd[0], "!6AS64496\n");
	pump(base, fd[0], buf, sizeof buf, 21, &closed);
	assert_string_equal(buf, "A14\n2001:db8::/32\nC\n");
	send_all(fd[2], "!6AS64496\n");
	pump(base, fd[2], buf, sizeof buf, 21, &closed);
	assert_string_equal(buf, "A14\n2001:db8::/32\nC\n");
	whois_server_get_stats(srv, &st);
	assert_int_equal(st.refused_addr, 1);
	assert_int_equal(st.query_timeouts, 1);
	for (int i = 0; i < 3; i++)
		close(fd[i]);
	whois_server_free(srv);
	event_base_free(base);
}

/* Clients that ask for big answers and never read: the global output
 * budget closes the greediest, readers still get everything. */
static void test_server_output_budget(void **state)
{
	struct event_base *base = event_base_new();
	struct whois_server_opts o = {.out_high = 4096, .out_budget = 64 << 10};
	struct whois_server *srv;
	struct whois_server_stats st;
	char *db = malloc(3000 * 64 + 1), *q = malloc(200 * 12 + 4), *buf = malloc(1 << 20);
	size_t dlen = 0;
	int fd[12], reader, closed;

	for (int i = 0; i < 3000; i++)
		dlen += (size_t)sprintf(db + dlen, "route: 10.%d.%d.0/24\norigin: AS64500\n\n",
		                        i / 256, i % 256);
	srv = server_on(base, &o, 18445, db);
	if (!srv) {
		free(db), free(q), free(buf);
		event_base_free(base);
		skip();
	}
	strcpy(q, "!!\n");
	for (int i = 0; i < 200; i++)
		strcat(q, "!gAS64500\n");
	for (int i = 0; i < 12; i++) {
		int small = 4096;

		fd[i] = socket(AF_INET, SOCK_STREAM, 0);
		setsockopt(fd[i], SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
		{
			struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(18445)};

			sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
			assert_int_equal(connect(fd[i], (struct sockaddr *)&sa, sizeof sa), 0);
		}
		send_all(fd[i], q);
		spin(base, 20);
	}
	spin(base, 700);
	whois_server_get_stats(srv, &st);
	assert_true(st.shed > 0);
	assert_true(st.out_total <= o.out_budget);
	/* a client that reads gets its whole answer meanwhile */
	reader = connect_local_port(18445);
	send_all(reader, "!gAS64500\n");
	assert_true(pump(base, reader, buf, 1 << 20, 1 << 20, &closed) > 3000 * 11);
	assert_int_equal(closed, 1);
	assert_non_null(strstr(buf, "10.11.183.0/24\nC\n"));
	close(reader);
	/* once they are gone no output is held */
	for (int i = 0; i < 12; i++)
		close(fd[i]);
	spin(base, 100);
	whois_server_get_stats(srv, &st);
	assert_int_equal(st.clients, 0);
	assert_int_equal(st.out_total, 0);
	whois_server_free(srv);
	event_base_free(base);
	free(db), free(q), free(buf);
}

/* Out of file descriptors: accept() fails; the server must pause instead
 * of retrying at once (it used to spin at 100% CPU, logging each time). */
static void test_server_emfile(void **state)
{
	struct event_base *base = event_base_new();
	struct whois_server_opts o = {.max_clients = 1000};
	struct whois_server *srv = server_on(base, &o, 18446, DB);
	struct whois_server_stats st;
	struct rlimit old, low;
	int fds[256], n = 0;

	if (!srv) {
		event_base_free(base);
		skip();
	}
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
	low = old;
	low.rlim_cur = 128;
	if (old.rlim_max < 128 || setrlimit(RLIMIT_NOFILE, &low) < 0) {
		whois_server_free(srv);
		event_base_free(base);
		skip();
	}
	/* the default limit leaves a reserve below the fd limit */
	assert_int_equal(whois_server_default_clients(), 128 - LISTEN_GUARD_RESERVE);
	/* fill every descriptor with client sockets queued in the backlog */
	while (n < 256) {
		struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(18446)};
		int fd = socket(AF_INET, SOCK_STREAM, 0);

		if (fd < 0)
			break;
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		fcntl(fd, F_SETFL, O_NONBLOCK);
		(void)!connect(fd, (struct sockaddr *)&sa, sizeof sa);
		fds[n++] = fd;
	}
	assert_true(n < 256);
	spin(base, 1000);
	whois_server_get_stats(srv, &st);
	assert_true(st.accept_errors > 0);
	assert_true(st.accept_errors < 100); /* a pause after each, not a spin */
	/* with descriptors free again the backlog is served */
	for (int i = 0; i < n / 2; i++)
		close(fds[i]);
	spin(base, 300);
	whois_server_get_stats(srv, &st);
	assert_true(st.accepted > 0);
	for (int i = n / 2; i < n; i++)
		close(fds[i]);
	whois_server_free(srv);
	event_base_free(base);
	setrlimit(RLIMIT_NOFILE, &old);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_bang),
	    cmocka_unit_test(test_parse_ripe),
	    cmocka_unit_test(test_answers_framing),
	    cmocka_unit_test(test_answers_ripe),
	    cmocka_unit_test(test_client_nul_and_eof),
	    cmocka_unit_test(test_addrs),
	    cmocka_unit_test(test_server_loopback),
	    cmocka_unit_test(test_server_idle_timeout_and_limit),
	    cmocka_unit_test(test_server_eof_and_nul),
	    cmocka_unit_test(test_server_slowloris),
	    cmocka_unit_test(test_server_output_budget),
	    cmocka_unit_test(test_server_emfile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

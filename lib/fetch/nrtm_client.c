/* SPDX-License-Identifier: ISC */
/* nrtm_client.c - one NRTM query over TCP: connect, send "-g ...", read
 * the answer until the server closes or "%END" arrives, all within one
 * deadline and a size cap. */
#include "fetch/nrtm.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/grow.h"
#include "core/net_addr.h"

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for events on fd until deadline. Returns 1 ready, 0 timed out, -1 error. */
static int wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd p = {.fd = fd, .events = events};
	int64_t left = deadline - now_ms();

	if (left <= 0)
		return 0;
	int rc = poll(&p, 1, left > 60000 ? 60000 : (int)left);
	return rc < 0 && errno == EINTR ? 1 : rc;
}

static int connect_to(const char *hostport, int64_t deadline, struct err *e)
{
	struct sockaddr_storage ss;
	int len = sizeof ss, fd, soerr = 0;
	socklen_t sl = sizeof soerr;

	if (net_addr_parse(hostport, (struct sockaddr *)&ss, &len) < 0) {
		err_set(e, "%s: not HOST:PORT, or the host does not resolve", hostport);
		return -1;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		err_set(e, "%s: socket: %s", hostport, strerror(errno));
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&ss, (socklen_t)len) != 0 && errno != EINPROGRESS) {
		err_set(e, "%s: connect: %s", hostport, strerror(errno));
		close(fd);
		return -1;
	}
	if (wait_fd(fd, POLLOUT, deadline) <= 0 ||
	    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0 || soerr != 0) {
		err_set(e, "%s: connect: %s", hostport, soerr ? strerror(soerr) : "timed out");
		close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const char *q, size_t n, int64_t deadline, const char *hostport,
                    struct err *e)
{
	while (n > 0) {
		ssize_t w = send(fd, q, n, MSG_NOSIGNAL);
		if (w > 0) {
			q += w;
			n -= (size_t)w;
		} else if (w < 0 && errno != EAGAIN && errno != EINTR) {
			return err_set(e, "%s: send: %s", hostport, strerror(errno));
		} else if (wait_fd(fd, POLLOUT, deadline) <= 0) {
			return err_set(e, "%s: send timed out", hostport);
		}
	}
	return 0;
}

/* True when buf ends with a complete "%END ..." line. */
static bool has_end(const char *buf, size_t n)
{
	if (n < 6 || buf[n - 1] != '\n')
		return false;
	size_t i = n - 1;
	while (i > 0 && buf[i - 1] != '\n')
		i--;
	return n - i >= 5 && !strncmp(buf + i, "%END", 4);
}

struct growbuf {
	char *p;
	size_t n, cap; /* cap counts the byte kept for the final NUL */
};

/* Room asked for before each recv. */
#define RECV_CHUNK 65536

static int read_answer(int fd, struct growbuf *b, size_t max, int64_t deadline,
                       const char *hostport, struct err *e)
{
	for (;;) {
		if (b->cap - b->n < RECV_CHUNK + 1) { /* b->n <= max here */
			char *p = GROW(b->p, b->cap, b->n + RECV_CHUNK + 1);
			if (!p)
				return err_set(e, "%s: out of memory", hostport);
			b->p = p;
		}
		ssize_t r = recv(fd, b->p + b->n, b->cap - b->n - 1, 0);
		if (r > 0) {
			b->n += (size_t)r;
			if (b->n > max)
				return err_set(e, "%s: answer larger than %zu bytes", hostport,
				               max);
			if (has_end(b->p, b->n))
				return 0;
		} else if (r == 0) {
			return 0;
		} else if (errno != EAGAIN && errno != EINTR) {
			return err_set(e, "%s: recv: %s", hostport, strerror(errno));
		} else if (wait_fd(fd, POLLIN, deadline) <= 0) {
			return err_set(e, "%s: timed out after %zu bytes of the answer", hostport,
			               b->n);
		}
	}
}

int nrtm_query(const char *hostport, const char *source, uint64_t first, uint64_t last,
               long timeout, size_t max, char **buf, size_t *n, struct err *e)
{
	int64_t deadline = now_ms() + (int64_t)timeout * 1000;
	struct growbuf b = {NULL, 0, 0};
	char q[256], lastbuf[24] = "LAST";
	int fd, rc;

	if (last)
		snprintf(lastbuf, sizeof lastbuf, "%llu", (unsigned long long)last);
	int ql =
	    snprintf(q, sizeof q, "-g %s:3:%llu-%s\n", source, (unsigned long long)first, lastbuf);
	if (ql <= 0 || (size_t)ql >= sizeof q)
		return err_set(e, "source name too long");
	if ((fd = connect_to(hostport, deadline, e)) < 0)
		return -1;
	rc = send_all(fd, q, (size_t)ql, deadline, hostport, e);
	if (rc == 0)
		rc = read_answer(fd, &b, max, deadline, hostport, e);
	close(fd);
	if (rc < 0) {
		free(b.p);
		return -1;
	}
	if (!b.p && !(b.p = malloc(1)))
		return err_set(e, "out of memory");
	b.p[b.n] = '\0';
	*buf = b.p;
	*n = b.n;
	return 0;
}

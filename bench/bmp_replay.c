/* SPDX-License-Identifier: ISC */
/* bmp_replay.c - send a BMP stream file to a collector over TCP, as fast
 * as the collector takes it (the Python sender tops out far below 1M
 * messages/s). Built by bench/bmp.sh and the interop tests with plain cc.
 *
 *   bmp_replay [-n CONNS] [-s SRC_BASE] [-c CUT] [-g GARBAGE] FILE HOST PORT
 *
 * -n CONNS     open CONNS sessions at once, each sending the whole file
 *              (routers connecting together); they connect from 127.0.0.2,
 *              127.0.0.3, ... when HOST is 127.0.0.1 (one router each)
 * -S ADDR      connect from this IPv4 source address (one router)
 * -c CUT       send only the first CUT bytes, then close (mid-message)
 * -g BYTES     after the file, send BYTES bytes of garbage
 * -k           keep the sessions open after sending until stdin closes
 * -p OFFSET    (up to 8 times, increasing) after OFFSET bytes wait until the collector has read
 * them all (our send queue and its receive queue empty, from /proc/net/tcp: a collector on this
 * host) and print "drained OFFSET SECONDS" on stdout (one session only) -H FILE      at the last -p
 * point, after printing, wait until FILE exists (at most 10 minutes): time to look at the collector
 * -P PID       also print the CPU seconds process PID (the collector) used
 *              so far at each of those points
 * -w           after sending, wait until the collector closes the session
 *              (it does after a Termination message) and print "closed
 *              SECONDS" on stdout (seconds since connect)
 * Prints "sent BYTES bytes on N sessions in S s" on stderr. Exit 0 when
 * every byte was written, 1 otherwise. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <linux/sockios.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 1000

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *source;

static int connect_one(const char *host, int port, int i, int spread)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		fprintf(stderr, "bmp_replay: bad IPv4 address %s\n", host);
		return -1;
	}
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	if (spread || source) {
		struct sockaddr_in src = {.sin_family = AF_INET};
		src.sin_addr.s_addr = htonl(0x7f000002u + (uint32_t)i);
		if (source && inet_pton(AF_INET, source, &src.sin_addr) != 1) {
			close(fd);
			return -1;
		}
		if (bind(fd, (struct sockaddr *)&src, sizeof src) < 0) {
			close(fd);
			return -1;
		}
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		fprintf(stderr, "bmp_replay: connect %s:%d: %s\n", host, port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* The receive queue of the collector's side of fd's connection. */
static long collector_rxq(int fd)
{
	struct sockaddr_in me, peer;
	socklen_t l1 = sizeof me, l2 = sizeof peer;
	if (getsockname(fd, (struct sockaddr *)&me, &l1) < 0 ||
	    getpeername(fd, (struct sockaddr *)&peer, &l2) < 0)
		return -1;
	FILE *f = fopen("/proc/net/tcp", "r");
	if (!f)
		return -1;
	char line[512];
	long rxq = -1;
	while (fgets(line, sizeof line, f)) {
		unsigned la, lp, ra, rp, st;
		unsigned long tx, rx;
		if (sscanf(line, " %*d: %x:%x %x:%x %x %lx:%lx", &la, &lp, &ra, &rp, &st, &tx,
		           &rx) != 7)
			continue;
		if (lp == ntohs(peer.sin_port) && rp == ntohs(me.sin_port))
			rxq = (long)rx;
	}
	fclose(f);
	return rxq;
}

/* Wait until everything sent on fd was read by the collector. */
static void wait_drained(int fd)
{
	for (int i = 0; i < 600000; i++) { /* at most 10 minutes */
		int outq = 0;
		if (ioctl(fd, SIOCOUTQ, &outq) == 0 && outq == 0 && collector_rxq(fd) == 0)
			return;
		usleep(1000);
	}
}

/* CPU seconds (user + system) used by pid, -1 when unknown. */
static double cpu_of(long pid)
{
	char path[64], line[1024];
	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	double t = -1;
	if (fgets(line, sizeof line, f)) {
		char *p = strrchr(line, ')');
		unsigned long ut, st;
		if (p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut,
		                &st) == 2)
			t = (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
	}
	fclose(f);
	return t;
}

/* Wait until the collector closes fd (read returns 0). */
static void wait_closed(int fd)
{
	char tmp[4096];
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	struct timeval tv = {600, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	while (read(fd, tmp, sizeof tmp) > 0)
		;
}

/* Write buf to every fd, round robin, as each can take more. */
static int send_all(int *fds, int n, const uint8_t *buf, size_t len)
{
	size_t *off = calloc((size_t)n, sizeof *off);
	struct pollfd *pf = calloc((size_t)n, sizeof *pf);
	int left = n, rc = 0;
	if (!off || !pf)
		return -1;
	for (int i = 0; i < n; i++)
		fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
	while (left > 0) {
		int k = 0;
		for (int i = 0; i < n; i++)
			if (off[i] < len && fds[i] >= 0)
				pf[k++] = (struct pollfd){.fd = fds[i], .events = POLLOUT};
		if (poll(pf, (nfds_t)k, 60000) <= 0) {
			fprintf(stderr, "bmp_replay: collector stopped reading for 60 s\n");
			rc = -1;
			break;
		}
		for (int i = 0; i < n; i++) {
			if (off[i] >= len || fds[i] < 0)
				continue;
			ssize_t w = write(fds[i], buf + off[i], len - off[i]);
			if (w < 0 && errno != EAGAIN && errno != EINTR) {
				fprintf(stderr, "bmp_replay: session %d: %s\n", i, strerror(errno));
				rc = -1;
				off[i] = len;
				left--;
				continue;
			}
			if (w > 0 && (off[i] += (size_t)w) == len)
				left--;
		}
	}
	free(off);
	free(pf);
	return rc;
}

int main(int argc, char **argv)
{
	int conns = 1, keep = 0, wait_close = 0, c;
	long cut = -1, garbage = 0, pause_at[8];
	int npause = 0;
	long pid = 0;
	const char *hold = NULL;
	while ((c = getopt(argc, argv, "n:c:g:kp:wP:H:S:")) != -1) {
		if (c == 'n')
			conns = atoi(optarg);
		else if (c == 'c')
			cut = atol(optarg);
		else if (c == 'g')
			garbage = atol(optarg);
		else if (c == 'k')
			keep = 1;
		else if (c == 'p' && npause < 8)
			pause_at[npause++] = atol(optarg);
		else if (c == 'w')
			wait_close = 1;
		else if (c == 'S')
			source = optarg;
		else if (c == 'H')
			hold = optarg;
		else if (c == 'P')
			pid = atol(optarg);
		else
			return 2;
	}
	if (argc - optind != 3 || conns < 1 || conns > MAX_CONNS) {
		fprintf(stderr, "usage: bmp_replay [-n CONNS] [-c CUT] [-g BYTES] [-k] FILE HOST "
		                "PORT\n");
		return 2;
	}
	int fd = open(argv[optind], O_RDONLY);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) < 0) {
		fprintf(stderr, "bmp_replay: %s: %s\n", argv[optind], strerror(errno));
		return 1;
	}
	size_t len = (size_t)sb.st_size;
	uint8_t *map = len ? mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
	if (len && map == MAP_FAILED)
		return 1;
	size_t send_len = cut >= 0 && (size_t)cut < len ? (size_t)cut : len;
	uint8_t *buf = malloc(send_len + (size_t)garbage + 1);
	if (!buf)
		return 1;
	memcpy(buf, map, send_len);
	for (long i = 0; i < garbage; i++)
		buf[send_len + (size_t)i] = (uint8_t)(0x5a ^ (i * 37));
	send_len += (size_t)garbage;
	int spread = conns > 1 && !strcmp(argv[optind + 1], "127.0.0.1");
	int *fds = calloc((size_t)conns, sizeof *fds);
	double t0 = now_s();
	for (int i = 0; i < conns; i++)
		if ((fds[i] = connect_one(argv[optind + 1], atoi(argv[optind + 2]), i, spread)) < 0)
			return 1;
	int rc = 0;
	size_t first = 0;
	for (int i = 0; i < npause && rc == 0 && conns == 1; i++) {
		if (pause_at[i] <= (long)first || (size_t)pause_at[i] >= send_len)
			continue;
		rc = send_all(fds, conns, buf + first, (size_t)pause_at[i] - first);
		wait_drained(fds[0]);
		printf("drained %ld %.3f %.2f\n", pause_at[i], now_s() - t0,
		       pid ? cpu_of(pid) : -1);
		fflush(stdout);
		first = (size_t)pause_at[i];
		for (int k = 0; hold && i == npause - 1 && k < 600000 && access(hold, F_OK); k++)
			usleep(1000);
	}
	if (rc == 0)
		rc = send_all(fds, conns, buf + first, send_len - first);
	double t = now_s() - t0;
	if (wait_close) {
		for (int i = 0; i < conns; i++)
			wait_closed(fds[i]);
		printf("closed %.3f %.2f\n", now_s() - t0, pid ? cpu_of(pid) : -1);
		fflush(stdout);
	}
	fprintf(stderr, "sent %zu bytes on %d sessions in %.3f s\n", send_len * (size_t)conns,
	        conns, t);
	if (keep) {
		char tmp[64];
		while (read(0, tmp, sizeof tmp) > 0)
			;
	}
	for (int i = 0; i < conns; i++)
		close(fds[i]);
	return rc < 0 ? 1 : 0;
}

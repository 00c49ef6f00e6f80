/* SPDX-License-Identifier: ISC */
/* monitor_input.c - the monitor's inputs alone: read a RIS Live JSON
 * file or MRT files into route events and count them, so bench/monitor.sh
 * can report messages/s of parsing apart from detection.
 * The ris-live mode reads a websocket until the server closes it normally
 * (tests/interop/monitor_ris_live.sh compares its counts with the file's).
 * usage: monitor_input ris FILE | monitor_input mrt [--rib RIB] UPDATES...
 *        monitor_input ris-live URL [SUBSCRIPTION [CA_FILE]]
 *        monitor_input state PEERS PREFIXES   (route state of a full table) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "detect/input_mrt.h"
#include "detect/input_ris.h"
#include "detect/route_state.h"
#include "ris_live.h"

static unsigned long events;
static unsigned long origins; /* keeps the loop honest */

static int count(void *arg, const struct route_event *ev, struct err *e)
{
	(void)arg;
	(void)e;
	events++;
	origins += ev->origin + ev->pfx.len;
	return 0;
}

static double clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

/* CPU seconds of this process: on a shared machine the fair rate for "one
 * core" (wall time includes waiting for the CPU and the disk). */
static double cpu(void)
{
	return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static int run_ris(const char *path)
{
	struct err e;
	struct input_ris_opts o = {.path = path};
	struct input_ris *in = input_ris_new(&o, &e);
	double t0 = now(), c0 = cpu();
	int rc = in ? input_ris_run(in, count, NULL, &e) : -1;
	double dt = now() - t0, dc = cpu() - c0;
	if (rc < 0) {
		fprintf(stderr, "monitor_input: %s\n", e.msg);
		return 1;
	}
	struct input_ris_stats st;
	input_ris_get_stats(in, &st);
	printf("ris: %lu messages, %lu events, %lu malformed in %.3f s (%.3f s CPU): %.0f "
	       "messages/s of CPU, %.0f of wall\n",
	       st.updates + st.peer_downs, events, st.malformed, dt, dc, st.messages / dc,
	       st.messages / dt);
	input_ris_free(in);
	return st.malformed ? 1 : 0;
}

static int run_mrt(int argc, char **argv)
{
	struct input_mrt_opts o = {0};
	int i = 0;
	if (argc > 1 && !strcmp(argv[0], "--rib")) {
		o.rib = argv[1];
		i = 2;
	}
	o.updates = (const char *const *)argv + i;
	o.n_updates = (size_t)(argc - i);
	struct err e;
	struct input_mrt *in = input_mrt_new(&o, &e);
	double t0 = now(), c0 = cpu();
	int rc = in ? input_mrt_run(in, count, NULL, &e) : -1;
	double dt = now() - t0, dc = cpu() - c0;
	if (rc < 0) {
		fprintf(stderr, "monitor_input: %s\n", e.msg);
		return 1;
	}
	struct input_mrt_stats st;
	input_mrt_get_stats(in, &st);
	printf("mrt: %lu records, %lu events, %lu warnings in %.3f s (%.3f s CPU): %.0f records/s "
	       "of CPU, %.0f of wall\n",
	       st.records, st.events, st.warnings, dt, dc, st.records / dc, st.records / dt);
	input_mrt_free(in);
	return st.files_failed ? 1 : 0;
}

static unsigned long ticks;
static void tick(void *arg)
{
	(void)arg;
	ticks++;
}

static int run_ris_live(const char *url, const char *sub, const char *ca)
{
	struct err e;
	struct input_ris_stats st = {0};
	struct ris_live_opts o = {.url = url,
	                          .subscription = sub,
	                          .max_failures = 5,
	                          .stop_on_close = true,
	                          .ca_file = ca,
	                          .tick = tick,
	                          .tick_ms = 100};
	if (getenv("MONITOR_INPUT_IDLE")) /* tests: a short idle timeout */
		o.idle_timeout = (unsigned)atoi(getenv("MONITOR_INPUT_IDLE"));
	double t0 = now();
	int rc = ris_live_run(&o, count, NULL, &st, &e);
	double dt = now() - t0;
	if (rc < 0) {
		fprintf(stderr, "monitor_input: %s\n", e.msg);
		return 1;
	}
	printf("ris: %lu messages, %lu events, %lu malformed in %.3f s: %.0f messages/s, %.0f "
	       "events/s\n",
	       st.updates + st.peer_downs, events, st.malformed, dt,
	       (st.updates + st.peer_downs) / dt, events / dt);
	fprintf(stderr, "monitor_input: %lu ticks\n", ticks);
	return st.malformed ? 1 : 0;
}

static double rss_mb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024;
}

/* The route state the monitor keeps (no paths: no built-in detector asks
 * for them) for npeers peers that each hold the same npfx distinct prefixes
 * (IPv4 /24s, a tenth IPv6 /48s; the length costs nothing), with a few
 * thousand origins: bytes per route as route_state_memory counts them and as the
 * process's peak RSS grew. */
static int run_state(unsigned npeers, unsigned npfx)
{
	struct route_state *rs = route_state_new(0);
	if (!rs)
		return 1;
	double rss0 = rss_mb(), c0 = cpu();
	for (unsigned p = 0; p < npeers; p++) {
		struct route_event ev = {.type = ROUTE_EV_ANNOUNCE,
		                         .time = 1700000000,
		                         .source = "rrc00",
		                         .peer_as = 64500 + p,
		                         .peer_addr = {.family = 4, .len = 32}};
		ev.peer_addr.addr[0] = 192;
		ev.peer_addr.addr[1] = 0;
		ev.peer_addr.addr[2] = 2;
		ev.peer_addr.addr[3] = (uint8_t)(p + 1);
		for (unsigned x = 0; x < npfx; x++) {
			uint32_t h = x * 2654435761u;
			memset(&ev.pfx, 0, sizeof ev.pfx);
			if (x % 10 == 9) {
				ev.pfx.family = 6;
				ev.pfx.len = 48;
				uint64_t a = ((uint64_t)0x2000 << 48) | ((uint64_t)x << 16);
				for (int i = 0; i < 8; i++)
					ev.pfx.addr[i] = (uint8_t)(a >> (56 - 8 * i));
			} else {
				ev.pfx.family = 4;
				ev.pfx.len = 24;
				uint32_t a = (1u << 24) + (x << 8);
				for (int i = 0; i < 4; i++)
					ev.pfx.addr[i] = (uint8_t)(a >> (24 - 8 * i));
			}
			ev.origin = 1 + h % 5000;
			if (route_state_apply(rs, &ev, NULL, NULL)) {
				fprintf(stderr, "monitor_input: out of memory\n");
				return 1;
			}
		}
	}
	size_t routes = route_state_routes(rs);
	printf("state: %u peers x %u prefixes = %zu routes in %.2f s CPU: %.1f B/route counted, "
	       "%.1f B/route of peak RSS (%.0f MB)\n",
	       npeers, npfx, routes, cpu() - c0, (double)route_state_memory(rs) / routes,
	       (rss_mb() - rss0) * 1048576.0 / routes, rss_mb());
	route_state_free(rs);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "state"))
		return run_state((unsigned)atoi(argv[2]), (unsigned)atoi(argv[3]));
	if (argc >= 3 && !strcmp(argv[1], "ris-live"))
		return run_ris_live(argv[2], argc > 3 && argv[3][0] ? argv[3] : NULL,
		                    argc > 4 ? argv[4] : NULL);
	if (argc >= 3 && !strcmp(argv[1], "ris"))
		return run_ris(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "mrt"))
		return run_mrt(argc - 2, argv + 2);
	fprintf(
	    stderr,
	    "usage: monitor_input ris FILE | mrt [--rib RIB] FILE... | ris-live URL [SUB [CA]] | "
	    "state PEERS PREFIXES\n");
	return 2;
}

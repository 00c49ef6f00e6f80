/* SPDX-License-Identifier: ISC */
/* monitor_kafka.c - the monitor's Kafka consumer loop and its signals. */
#include <signal.h>
#include <string.h>
#include <time.h>

#include "monitor_kafka.h"

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	(void)sig;
	stop_signal = 1;
}

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int monitor_kafka_run(const struct monitor_kafka_opts *o, struct kafka_monitor_stats *st,
                      struct err *e)
{
	memset(st, 0, sizeof *st);
	struct kafka_monitor *km = kafka_monitor_new(&o->km, e);
	if (!km)
		return -1;
	if (o->running)
		*o->running = km;
	struct sigaction sa = {.sa_handler = on_stop}, old_int, old_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	stop_signal = 0;
	int rc = 0;
	double last_msg = mono(), last_tick = mono();
	uint64_t rebalances = 0;
	while (!stop_signal) {
		long n = kafka_monitor_poll(km, 200, e);
		if (n < 0) {
			rc = -1;
			break;
		}
		double now = mono();
		kafka_monitor_stats(km, st);
		/* idle counts from the last message or partition change, and only
		 * once the group gave this instance its share */
		if (n > 0 || st->rebalances != rebalances || !rebalances)
			last_msg = now;
		rebalances = st->rebalances;
		if (o->tick && now - last_tick >= 1) {
			last_tick = now;
			o->tick(o->km.arg);
		}
		if (o->idle_exit && now - last_msg >= o->idle_exit)
			break;
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	kafka_monitor_stats(km, st);
	struct err ce;
	if (kafka_monitor_close(km, &ce) < 0 && rc == 0) {
		*e = ce;
		rc = -1;
	}
	if (o->running)
		*o->running = NULL;
	return rc;
}

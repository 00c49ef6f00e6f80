/* SPDX-License-Identifier: ISC */
/* input.c - the default warning sink and replay pacing shared by inputs. */
#include "detect/input.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>

void input_warn_stderr(void *arg, const struct err *e)
{
	(void)arg;
	fprintf(stderr, "manrs: warning: %s\n", e->msg);
}

static uint64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void replay_pace_init(struct replay_pace *rp, double speed)
{
	rp->speed = speed > 0 ? speed : 0;
	rp->started = 0;
	rp->data0_us = 0;
	rp->mono0_us = 0;
}

void replay_pace_wait(struct replay_pace *rp, uint32_t sec, uint32_t usec)
{
	if (rp->speed <= 0)
		return;
	uint64_t data_us = (uint64_t)sec * 1000000u + usec;
	if (!rp->started) {
		rp->started = 1;
		rp->data0_us = data_us;
		rp->mono0_us = mono_us();
		return;
	}
	if (data_us <= rp->data0_us)
		return;
	uint64_t due = rp->mono0_us + (uint64_t)((double)(data_us - rp->data0_us) / rp->speed);
	uint64_t now = mono_us();
	if (due <= now)
		return;
	uint64_t wait = due - now;
	struct timespec ts = {.tv_sec = (time_t)(wait / 1000000u),
	                      .tv_nsec = (long)(wait % 1000000u) * 1000};
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

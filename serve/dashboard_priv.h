/* SPDX-License-Identifier: ISC */
/* dashboard_priv.h - what the dashboard's files share. */
#ifndef MANRS_DASHBOARD_PRIV_H
#define MANRS_DASHBOARD_PRIV_H

#include <stddef.h>
#include <time.h>

#include <event2/buffer.h>

struct daemon;

/* t as RFC 3339 UTC into buf, "never" for 0. */
void dashboard_time(time_t t, char *buf, size_t n);

/* The "Incidents over time" section: alerts opened per bucket of data
 * time as an inline SVG bar chart (dashboard_svg.c). */
void dashboard_incidents(struct evbuffer *out, struct daemon *d);

#endif

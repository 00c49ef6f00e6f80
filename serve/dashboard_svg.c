/* SPDX-License-Identifier: ISC */
/* dashboard_svg.c - incidents over time as an inline SVG bar chart: every
 * alert (latest version) counted in the bucket of its first_seen, at most
 * MAX_BARS bars (api_incident_bucket picks the bucket). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "core/grow.h"
#include "daemon.h"
#include "daemon_monitor.h"
#include "dashboard.h"
#include "dashboard_priv.h"
#include "detect/alert.h"

#define MAX_BARS 48
#define W 720
#define H 160

struct times {
	uint32_t *t;
	size_t n, cap;
	uint32_t lo, hi;
};

static int add_time(void *arg, const struct alert *a, const char *json)
{
	struct times *ts = arg;
	uint32_t *v = GROW(ts->t, ts->cap, ts->n + 1);
	if (!v)
		return 1;
	ts->t = v;
	ts->t[ts->n++] = a->first_seen;
	if (!ts->lo || a->first_seen < ts->lo)
		ts->lo = a->first_seen;
	if (a->first_seen > ts->hi)
		ts->hi = a->first_seen;
	return 0;
}

static void bars(struct evbuffer *out, const struct times *ts)
{
	uint32_t bucket = api_incident_bucket(ts->lo, ts->hi, MAX_BARS);
	uint32_t start = ts->lo - ts->lo % bucket;
	size_t nb = (ts->hi - start) / bucket + 1;
	unsigned long count[MAX_BARS] = {0}, max = 1;
	for (size_t i = 0; i < ts->n; i++) {
		size_t b = (ts->t[i] - start) / bucket;
		if (++count[b] > max)
			max = count[b];
	}
	double w = (double)W / (double)nb;
	for (size_t b = 0; b < nb; b++) {
		char when[32];
		unsigned h = (unsigned)(count[b] * (H - 10) / max);
		dashboard_time((time_t)(start + b * bucket), when, sizeof when);
		evbuffer_add_printf(out,
		                    "<rect class=\"bar\" x=\"%.1f\" y=\"%u\" width=\"%.1f\" "
		                    "height=\"%u\"><title>%s: %lu alerts</title></rect>\n",
		                    b * w + 1, H - h, w > 2 ? w - 2 : 1, h, when, count[b]);
	}
	char first[32], last[32];
	dashboard_time((time_t)start, first, sizeof first);
	dashboard_time((time_t)(start + (nb - 1) * bucket), last, sizeof last);
	evbuffer_add_printf(out,
	                    "<text x=\"0\" y=\"%d\">%s</text><text x=\"%d\" y=\"%d\" "
	                    "text-anchor=\"end\">%s</text>\n",
	                    H + 14, first, W, H + 14, last);
}

void dashboard_incidents(struct evbuffer *out, struct daemon *d)
{
	evbuffer_add_printf(out, "<section><h2>Incidents over time</h2>");
	if (!daemon_monitor(d)) {
		evbuffer_add_printf(out, "<p class=\"muted\">The monitor is off.</p></section>\n");
		return;
	}
	struct times ts = {0};
	struct api_alert_filter f = {0};
	struct err e;
	long n = api_alerts_each(d, &f, add_time, &ts, &e);
	evbuffer_add_printf(out,
	                    "<p class=\"muted\">Alerts opened per bucket of data time (<span "
	                    "id=\"incident-count\">%ld</span> in all).</p>\n<svg "
	                    "id=\"incidents-chart\" xmlns=\"http://www.w3.org/2000/svg\" "
	                    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\">\n",
	                    n < 0 ? 0 : n, W, H + 20, W, H + 20);
	if (n > 0 && ts.n)
		bars(out, &ts);
	evbuffer_add_printf(out,
	                    "<line class=\"axis\" x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
	                    "</svg></section>\n",
	                    H, W, H);
	free(ts.t);
}

/* SPDX-License-Identifier: ISC */
/* detect_fake.h - what the detector unit tests need around a detector:
 * a detect_out that records hits, and a hand-built monitor_config.
 *
 * detect_emit/detect_resolve and the monitor_config lookups are weak: the
 * library's pipeline and config loader replace them once linked in, and
 * these tests never reference those objects, so the fakes are what runs.
 * Include once, from one test file. */
#ifndef MANRS_TEST_DETECT_FAKE_H
#define MANRS_TEST_DETECT_FAKE_H

#include <stdio.h>
#include <string.h>

#include "detect/detector.h"
#include "detect/monitor_config.h"

#define FAKE_MAX_HITS 32

struct fake_hit {
	char type[24], code[16], desc[256];
	enum alert_severity severity;
	struct prefix prefix;
	const struct mon_prefix *monitored;
	uint32_t affected_as, offender_as, score;
	enum alert_rpki rpki;
	enum alert_irr irr;
	bool standing; /* ev NULL */
};

struct detect_out {
	struct fake_hit hits[FAKE_MAX_HITS];
	size_t n;
	struct {
		char type[24];
		struct prefix pfx;
		uint32_t offender;
	} resolved[FAKE_MAX_HITS];
	size_t nresolved;
};

__attribute__((weak)) void detect_emit(struct detect_out *out, const struct detect_hit *hit,
                                       const struct route_event *ev)
{
	if (out->n == FAKE_MAX_HITS)
		return;
	struct fake_hit *h = &out->hits[out->n++];
	memset(h, 0, sizeof *h);
	snprintf(h->type, sizeof h->type, "%s", hit->type);
	snprintf(h->code, sizeof h->code, "%s", hit->code ? hit->code : "");
	snprintf(h->desc, sizeof h->desc, "%s", hit->description ? hit->description : "");
	h->severity = hit->severity;
	h->prefix = hit->prefix;
	h->monitored = hit->monitored;
	h->affected_as = hit->affected_as;
	h->offender_as = hit->offender_as;
	h->score = hit->score;
	h->rpki = hit->rpki;
	h->irr = hit->irr;
	h->standing = ev == NULL;
}

__attribute__((weak)) void detect_resolve(struct detect_out *out, const char *type,
                                          const struct prefix *pfx, uint32_t offender_as,
                                          uint32_t time)
{
	(void)time;
	if (out->nresolved == FAKE_MAX_HITS)
		return;
	snprintf(out->resolved[out->nresolved].type, 24, "%s", type);
	out->resolved[out->nresolved].pfx = *pfx;
	out->resolved[out->nresolved].offender = offender_as;
	out->nresolved++;
}

__attribute__((weak)) const struct mon_prefix *monitor_config_match(const struct monitor_config *c,
                                                                    const struct prefix *p)
{
	const struct mon_prefix *best = NULL;
	for (size_t i = 0; i < c->nprefixes; i++)
		if (prefix_contains(&c->prefixes[i].pfx, p) &&
		    (!best || c->prefixes[i].pfx.len > best->pfx.len))
			best = &c->prefixes[i];
	return best;
}

/* The pipeline caches this per event; here every call looks it up. */
__attribute__((weak)) const struct mon_prefix *detect_config_match(struct detect_out *out,
                                                                   const struct monitor_config *cfg,
                                                                   const struct prefix *p)
{
	(void)out;
	return monitor_config_match(cfg, p);
}

__attribute__((weak)) const struct mon_asn *monitor_config_asn(const struct monitor_config *c,
                                                               uint32_t asn)
{
	for (size_t i = 0; i < c->nasns; i++)
		if (c->asns[i].asn == asn)
			return &c->asns[i];
	return NULL;
}

__attribute__((weak)) bool mon_prefix_allows(const struct mon_prefix *e, uint32_t asn)
{
	for (size_t i = 0; i < e->nasns; i++)
		if (e->asns[i] == asn)
			return true;
	return false;
}

__attribute__((weak)) bool mon_prefix_monitored_by(const struct mon_prefix *e, const char *name)
{
	for (size_t i = 0; i < e->nexclude; i++)
		if (strcmp(e->exclude_monitors[i], name) == 0)
			return false;
	if (e->ninclude == 0)
		return true;
	for (size_t i = 0; i < e->ninclude; i++)
		if (strcmp(e->include_monitors[i], name) == 0)
			return true;
	return false;
}

/* Parameters: the test sets fake_params before creating a detector. */
static struct mon_params fake_params = {.name = "test", .enabled = true, .threshold_min_peers = 0};

__attribute__((weak)) const struct mon_params *monitor_config_params(const struct monitor_config *c,
                                                                     const char *channel)
{
	(void)c;
	(void)channel;
	return &fake_params;
}

/* An announcement of pfx through path (neighbour first) from peer 1. */
static inline struct route_event fake_announce(const char *pfx, const uint32_t *path, size_t n)
{
	struct route_event ev = {.type = ROUTE_EV_ANNOUNCE, .time = 1000, .peer_as = path[0]};
	struct err e;
	prefix_parse(pfx, &ev.pfx, &e);
	prefix_parse_host("192.0.2.1", &ev.peer_addr, &e);
	ev.path = path;
	ev.path_len = n;
	ev.origin = path[n - 1];
	return ev;
}

#endif

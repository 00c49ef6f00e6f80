/* SPDX-License-Identifier: ISC */
/* rtr_cache.c - current snapshot, serials and the delta history. */
#include "rtr/rtr_cache.h"

#include <stdlib.h>
#include <string.h>

void rtr_cache_init(struct rtr_cache *c, uint16_t session_id, size_t max_hist)
{
	memset(c, 0, sizeof *c);
	c->session_id = session_id;
	c->max_hist = max_hist;
}

static void hist_clear(struct rtr_cache *c)
{
	for (size_t i = 0; i < c->nhist; i++)
		rtr_delta_unref(c->hist[i].delta);
	c->nhist = 0;
}

void rtr_cache_free(struct rtr_cache *c)
{
	hist_clear(c);
	free(c->hist);
	rtr_snapshot_unref(c->cur);
	memset(c, 0, sizeof *c);
}

static struct rtr_snapshot *snapshot_new(struct rpki_set *set, uint32_t serial, int64_t data_time)
{
	struct rtr_snapshot *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->refs = 1;
	s->serial = serial;
	s->set = *set;
	s->data_time = data_time;
	s->installed = time(NULL);
	while (s->nv4 < s->set.nvrps && s->set.vrps[s->nv4].family == 4)
		s->nv4++;
	s->nv6 = s->set.nvrps - s->nv4;
	return s;
}

/* Fold the newest step into every history entry, then add the previous
 * serial itself; the oldest entries fall off past max_hist. */
static int hist_advance(struct rtr_cache *c, uint32_t prev_serial, struct rtr_delta *step)
{
	if (c->max_hist == 0)
		return 0;
	for (size_t i = 0; i < c->nhist; i++) {
		struct rtr_delta *d = rtr_delta_compose(c->hist[i].delta, step);
		if (!d)
			return -1;
		rtr_delta_unref(c->hist[i].delta);
		c->hist[i].delta = d;
	}
	if (c->nhist == c->max_hist) {
		rtr_delta_unref(c->hist[0].delta);
		memmove(c->hist, c->hist + 1, (c->nhist - 1) * sizeof *c->hist);
		c->nhist--;
	}
	if (!c->hist && !(c->hist = calloc(c->max_hist, sizeof *c->hist)))
		return -1;
	c->hist[c->nhist++] = (struct rtr_history){prev_serial, rtr_delta_ref(step)};
	return 0;
}

int rtr_cache_update(struct rtr_cache *c, struct rpki_set *set, int64_t data_time)
{
	rtr_set_normalize(set);
	if (!c->cur) {
		struct rtr_snapshot *s = snapshot_new(set, 0, data_time);
		if (!s) {
			rpki_set_free(set);
			return -1;
		}
		c->cur = s;
		return 1;
	}
	struct rtr_delta *step = rtr_delta_diff(&c->cur->set, set);
	if (!step) {
		rpki_set_free(set);
		return -1;
	}
	if (rtr_delta_empty(step)) {
		rtr_delta_unref(step);
		rpki_set_free(set);
		c->cur->data_time = data_time;
		return 0;
	}
	uint32_t prev = c->cur->serial;
	struct rtr_snapshot *s = snapshot_new(set, prev + 1, data_time);
	if (!s) {
		rtr_delta_unref(step);
		rpki_set_free(set);
		return -1;
	}
	/* Out of memory while composing: routers fall back to a Cache Reset. */
	if (hist_advance(c, prev, step))
		hist_clear(c);
	rtr_delta_unref(step);
	rtr_snapshot_unref(c->cur);
	c->cur = s;
	return 1;
}

enum rtr_lookup rtr_cache_lookup(const struct rtr_cache *c, uint32_t serial,
                                 struct rtr_delta **delta)
{
	if (c->cur && serial == c->cur->serial)
		return RTR_LOOKUP_CURRENT;
	for (size_t i = 0; i < c->nhist; i++) {
		if (c->hist[i].serial == serial) {
			*delta = c->hist[i].delta;
			return RTR_LOOKUP_DELTA;
		}
	}
	return RTR_LOOKUP_RESET;
}

struct rtr_snapshot *rtr_snapshot_ref(struct rtr_snapshot *s)
{
	if (s)
		s->refs++;
	return s;
}

void rtr_snapshot_unref(struct rtr_snapshot *s)
{
	if (!s || --s->refs)
		return;
	rpki_set_free(&s->set);
	free(s);
}

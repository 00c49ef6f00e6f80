/* SPDX-License-Identifier: ISC */
/* fetch_source.c - a source's life: configuration copied in, state read
 * from beside the data, freed. */
#include "fetch/fetch.h"

#include <stdlib.h>
#include <string.h>

void fetch_conf_defaults(struct fetch_conf *c)
{
	memset(c, 0, sizeof *c);
	c->kind = FETCH_VRPS;
	c->interval = FETCH_DEFAULT_INTERVAL;
	c->retry = FETCH_DEFAULT_RETRY;
	c->timeout = FETCH_DEFAULT_TIMEOUT;
	c->connect_timeout = FETCH_DEFAULT_CONNECT_TIMEOUT;
	c->min_ratio = FETCH_DEFAULT_MIN_RATIO;
}

const char *fetch_result_name(enum fetch_result r)
{
	static const char *const names[] = {"updated", "not-modified", "unchanged", "failed"};

	return r <= FETCH_FAILED ? names[r] : "?";
}

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 1;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s%s", a, b);
	return p;
}

static int dup_conf(struct fetch_conf *dst, const struct fetch_conf *src)
{
	*dst = *src;
	dst->name = strdup(src->name);
	dst->url = strdup(src->url);
	dst->out = strdup(src->out);
	dst->sha256_url = src->sha256_url ? strdup(src->sha256_url) : NULL;
	return dst->name && dst->url && dst->out && (!src->sha256_url || dst->sha256_url) ? 0 : -1;
}

struct fetch_source *fetch_source_new(const struct fetch_conf *conf, struct err *e)
{
	struct fetch_source *s;

	if (!conf->name || !conf->url || !conf->out) {
		err_set(e, "source %s: needs a name, a url and an out file",
		        conf->name ? conf->name : "(unnamed)");
		return NULL;
	}
	if (!(s = calloc(1, sizeof *s)) || dup_conf(&s->conf, conf) < 0 ||
	    !(s->state_path = join(conf->out, ".fetch.json")) ||
	    !(s->part_path = join(conf->out, ".part"))) {
		err_set(e, "source %s: out of memory", conf->name);
		fetch_source_free(s);
		return NULL;
	}
	if (fetch_state_load(&s->st, s->state_path, e) < 0) {
		fetch_source_free(s);
		return NULL;
	}
	return s;
}

void fetch_source_free(struct fetch_source *s)
{
	if (!s)
		return;
	free(s->conf.name);
	free(s->conf.url);
	free(s->conf.out);
	free(s->conf.sha256_url);
	fetch_state_clear(&s->st);
	free(s->state_path);
	free(s->part_path);
	free(s);
}

/* SPDX-License-Identifier: ISC */
/* fetch_config.c - sources from YAML (see fetch_config.h), one table row
 * per key. */
#include "fetch/fetch_config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/reader.h"

#define CONFIG_MAX (4u << 20)

long fetch_parse_duration(const char *s)
{
	char *end;
	long mult = 1;

	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || v < 0 || errno)
		return -1;
	switch (*end) {
	case '\0':
	case 's':
		break;
	case 'm':
		mult = 60;
		break;
	case 'h':
		mult = 3600;
		break;
	case 'd':
		mult = 86400;
		break;
	default:
		return -1;
	}
	if (*end && end[1])
		return -1;
	return v > LONG_MAX / mult ? -1 : v * mult;
}

void fetch_conf_free_strings(struct fetch_conf *c)
{
	free(c->name);
	free(c->url);
	free(c->out);
	free(c->sha256_url);
	c->name = c->url = c->out = c->sha256_url = NULL;
}

void fetch_config_free(struct fetch_config *cfg)
{
	for (size_t i = 0; i < cfg->n; i++)
		fetch_conf_free_strings(&cfg->src[i]);
	free(cfg->src);
	memset(cfg, 0, sizeof *cfg);
}

static int set_duration(struct mon_yaml *y, const yaml_node_t *n, const char *key, long *out)
{
	long v = fetch_parse_duration(mon_yaml_text(n));

	if (!n || n->type != YAML_SCALAR_NODE || v < 0)
		return mon_yaml_error(y, n, "%s: a duration (seconds, or 90s, 10m, 2h, 1d)", key);
	*out = v;
	return 0;
}

static int set_string(struct mon_yaml *y, const yaml_node_t *n, const char *key, char **out)
{
	free(*out);
	*out = NULL;
	if (mon_yaml_string(y, n, key, out) < 0)
		return -1;
	if (!**out)
		return mon_yaml_error(y, n, "%s: must not be empty", key);
	return 0;
}

static int set_key(struct mon_yaml *y, const char *key, const yaml_node_t *v, struct fetch_conf *c)
{
	if (!strcmp(key, "name"))
		return set_string(y, v, key, &c->name);
	if (!strcmp(key, "url"))
		return set_string(y, v, key, &c->url);
	if (!strcmp(key, "out"))
		return set_string(y, v, key, &c->out);
	if (!strcmp(key, "sha256-url"))
		return set_string(y, v, key, &c->sha256_url);
	if (!strcmp(key, "interval"))
		return set_duration(y, v, key, &c->interval);
	if (!strcmp(key, "retry"))
		return set_duration(y, v, key, &c->retry);
	if (!strcmp(key, "max-age"))
		return set_duration(y, v, key, &c->max_age);
	if (!strcmp(key, "timeout"))
		return set_duration(y, v, key, &c->timeout);
	if (!strcmp(key, "connect-timeout"))
		return set_duration(y, v, key, &c->connect_timeout);
	if (!strcmp(key, "kind")) {
		int k = fetch_kind_parse(mon_yaml_text(v));
		if (k < 0)
			return mon_yaml_error(y, v,
			                      "kind: one of vrps, irr, mrt, peeringdb, asrel");
		c->kind = (enum fetch_kind)k;
		return 0;
	}
	/* min-ratio */
	char *end;
	double r = strtod(mon_yaml_text(v), &end);
	if (end == mon_yaml_text(v) || *end || r < 0 || r > 1)
		return mon_yaml_error(y, v, "min-ratio: a number from 0 to 1");
	c->min_ratio = r;
	return 0;
}

static const char *const source_keys[] = {
    "name",    "kind",       "url",       "out",     "interval",
    "max-age", "sha256-url", "min-ratio", "timeout", "connect-timeout",
    "retry",   NULL};

static int parse_source(struct mon_yaml *y, const yaml_node_t *n, struct fetch_conf *c)
{
	if (mon_yaml_check_map(y, n, "source", source_keys) < 0)
		return -1;
	if (!mon_yaml_get(y, n, "kind"))
		return mon_yaml_error(y, n,
		                      "source: needs a kind (vrps, irr, mrt, peeringdb, asrel)");
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++)
		if (set_key(y, mon_yaml_text(mon_yaml_node(y, p->key)), mon_yaml_node(y, p->value),
		            c) < 0)
			return -1;
	if (!c->name || !c->url || !c->out)
		return mon_yaml_error(y, n, "source: needs name, url and out");
	if (strncmp(c->url, "http://", 7) && strncmp(c->url, "https://", 8))
		return mon_yaml_error(y, n, "source %s: url must be http:// or https://", c->name);
	return 0;
}

static int check_unique_names(struct mon_yaml *y, const yaml_node_t *seq,
                              const struct fetch_config *cfg)
{
	for (size_t i = 0; i < cfg->n; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(cfg->src[i].name, cfg->src[j].name) ||
			    !strcmp(cfg->src[i].out, cfg->src[j].out))
				return mon_yaml_error(y, seq, "sources %s and %s: same name or out",
				                      cfg->src[j].name, cfg->src[i].name);
	return 0;
}

int fetch_config_parse_sources(struct mon_yaml *y, const yaml_node_t *seq, struct fetch_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	if (!seq || seq->type != YAML_SEQUENCE_NODE)
		return mon_yaml_error(y, seq, "sources: a list of sources");
	size_t n = (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
	if (!(cfg->src = calloc(n ? n : 1, sizeof *cfg->src)))
		return mon_yaml_error(y, seq, "out of memory");
	for (size_t i = 0; i < n; i++) {
		fetch_conf_defaults(&cfg->src[i]);
		cfg->n++;
		yaml_node_t *item = mon_yaml_node(y, seq->data.sequence.items.start[i]);
		if (mon_yaml_visit(y, item) < 0 || parse_source(y, item, &cfg->src[i]) < 0) {
			fetch_config_free(cfg);
			return -1;
		}
	}
	if (check_unique_names(y, seq, cfg) < 0) {
		fetch_config_free(cfg);
		return -1;
	}
	return 0;
}

static int parse_root(struct mon_yaml *y, struct fetch_config *cfg)
{
	static const char *const top_keys[] = {"sources", "fetch", NULL};
	yaml_node_t *root = mon_yaml_root(y), *fetch;

	if (!root)
		return mon_yaml_error(y, NULL, "empty configuration: no sources");
	if ((fetch = mon_yaml_get(y, root, "fetch"))) {
		static const char *const fetch_keys[] = {"sources", NULL};
		if (mon_yaml_check_map(y, fetch, "fetch", fetch_keys) < 0)
			return -1;
		return fetch_config_parse_sources(y, mon_yaml_get(y, fetch, "sources"), cfg);
	}
	if (mon_yaml_check_map(y, root, "configuration", top_keys) < 0)
		return -1;
	return fetch_config_parse_sources(y, mon_yaml_get(y, root, "sources"), cfg);
}

int fetch_config_load(const char *path, struct fetch_config *cfg, struct err *e)
{
	struct mon_yaml y;
	char *buf = NULL;
	size_t n = 0;
	int rc;

	memset(cfg, 0, sizeof *cfg);
	if (!(buf = reader_slurp(path, CONFIG_MAX, &n, e)))
		return -1;
	rc = mon_yaml_load(&y, buf, n, path, e);
	if (rc == 0)
		rc = parse_root(&y, cfg);
	mon_yaml_free(&y);
	free(buf);
	return rc;
}

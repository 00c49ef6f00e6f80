/* SPDX-License-Identifier: ISC */
/* daemon_config.c - read manrs.yml (libyaml through mon_yaml, so every
 * error has a line and a column) into struct daemon_config. */
#include "daemon_config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bmp/bmp_state.h"
#include "core/grow.h"
#include "core/reader.h"
#include "detect/detector.h"
#include "detect/mon_yaml.h"

/* Parsing state: the document and the config being filled. */
struct parse {
	struct mon_yaml y;
	struct daemon_config *c;
};

/* Keep s (a copy) for the life of the config. */
static const char *keep(struct parse *p, const char *s)
{
	char **v = GROW(p->c->strings, p->c->strings_cap, p->c->nstrings + 1);
	if (!v)
		return NULL;
	p->c->strings = v;
	if (!(v[p->c->nstrings] = strdup(s)))
		return NULL;
	return v[p->c->nstrings++];
}

static int oom(struct parse *p)
{
	return err_set(p->y.e, "%s: out of memory", p->y.file);
}

/* A string value (scalars of any kind are taken as their text). */
static int get_str(struct parse *p, const yaml_node_t *n, const char *what, const char **out)
{
	if (n->type != YAML_SCALAR_NODE || mon_yaml_kind(n) == MY_NULL)
		return mon_yaml_error(&p->y, n, "%s: expected a string", what);
	if (!(*out = keep(p, mon_yaml_text(n))))
		return oom(p);
	return 0;
}

/* A string or a list of strings into out[max], *n set. */
static int get_strs(struct parse *p, const yaml_node_t *n, const char *what, const char **out,
                    size_t max, size_t *cnt)
{
	*cnt = 0;
	if (n->type == YAML_SCALAR_NODE)
		return get_str(p, n, what, &out[(*cnt)++]);
	if (n->type != YAML_SEQUENCE_NODE)
		return mon_yaml_error(&p->y, n, "%s: expected a string or a list of strings", what);
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
	     it++) {
		const yaml_node_t *v = mon_yaml_node(&p->y, *it);
		if (*cnt == max)
			return mon_yaml_error(&p->y, v, "%s: at most %zu entries", what, max);
		if (get_str(p, v, what, &out[*cnt]))
			return -1;
		(*cnt)++;
	}
	return 0;
}

/* Seconds: an integer, or a number with s, m, h or d ("15m"). */
static int get_duration(struct parse *p, const yaml_node_t *n, const char *what, unsigned long max,
                        unsigned *out)
{
	const char *s = mon_yaml_text(n);
	char *end;
	if (n->type != YAML_SCALAR_NODE || !*s || *s == '-')
		goto bad;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10), mul = 1;
	if (errno || end == s)
		goto bad;
	if (*end == 's')
		end++;
	else if (*end == 'm' && end++)
		mul = 60;
	else if (*end == 'h' && end++)
		mul = 3600;
	else if (*end == 'd' && end++)
		mul = 86400;
	if (*end || v > max / mul)
		goto bad;
	*out = (unsigned)(v * mul);
	return 0;
bad:
	return mon_yaml_error(&p->y, n, "%s: expected seconds up to %lu (300, 15m, 2h, 1d)", what,
	                      max);
}

static int get_uint(struct parse *p, const yaml_node_t *n, const char *what, uint64_t lo,
                    uint64_t max, unsigned *out)
{
	uint64_t v;
	if (mon_yaml_uint(&p->y, n, what, max, &v))
		return -1;
	if (v < lo)
		return mon_yaml_error(&p->y, n, "%s: at least %llu", what, (unsigned long long)lo);
	*out = (unsigned)v;
	return 0;
}

static int get_bool(struct parse *p, const yaml_node_t *n, const char *what, bool *out)
{
	return mon_yaml_bool(&p->y, n, what, out);
}

static int get_listen(struct parse *p, const yaml_node_t *n, const char *what,
                      struct daemon_listen *l)
{
	return get_strs(p, n, what, l->addr, DAEMON_MAX_LISTEN, &l->n);
}

/* A list of prefixes (allow lists). */
static int get_allow(struct parse *p, const yaml_node_t *n, const char *what, struct prefix *out,
                     size_t max, size_t *cnt)
{
	const char *s[64];
	size_t ns;
	if (max > 64)
		max = 64;
	if (get_strs(p, n, what, s, max, &ns))
		return -1;
	for (size_t i = 0; i < ns; i++) {
		struct err pe;
		if (prefix_parse_host(s[i], &out[i], &pe))
			return mon_yaml_error(&p->y, n, "%s: %s", what, pe.msg);
	}
	*cnt = ns;
	return 0;
}

/* Visit each key/value of mapping n after checking its keys. */
#define FOR_PAIRS(p, n, pair)                                                                      \
	for (yaml_node_pair_t *pair = (n)->data.mapping.pairs.start;                               \
	     pair < (n)->data.mapping.pairs.top; pair++)

static int check_map(struct parse *p, const yaml_node_t *n, const char *what,
                     const char *const *known)
{
	if (n->type != YAML_MAPPING_NODE)
		return mon_yaml_error(&p->y, n, "%s: expected a mapping", what);
	return mon_yaml_check_map(&p->y, n, what, known);
}

static int parse_log(struct parse *p, const yaml_node_t *n)
{
	static const char *const keys[] = {"target", "level", NULL};
	static const char *const levels[] = {"error", "warning", "info", "debug"};
	if (check_map(p, n, "log", keys))
		return -1;
	FOR_PAIRS(p, n, kv)
	{
		const char *k = mon_yaml_text(mon_yaml_node(&p->y, kv->key)), *s;
		const yaml_node_t *v = mon_yaml_node(&p->y, kv->value);
		if (get_str(p, v, k, &s))
			return -1;
		if (!strcmp(k, "target")) {
			if (!strcmp(s, "stderr"))
				p->c->log_target = DAEMON_LOG_STDERR;
			else if (!strcmp(s, "syslog"))
				p->c->log_target = DAEMON_LOG_SYSLOG;
			else if (!strcmp(s, "journald"))
				p->c->log_target = DAEMON_LOG_JOURNALD;
			else
				return mon_yaml_error(&p->y, v,
				                      "log target: '%s' is not stderr, syslog or "
				                      "journald",
				                      s);
			continue;
		}
		size_t i = 0;
		while (i < 4 && strcmp(s, levels[i]))
			i++;
		if (i == 4)
			return mon_yaml_error(
			    &p->y, v, "log level: '%s' is not error, warning, info or debug", s);
		p->c->log_level = (enum log_level)i;
	}
	return 0;
}

static int rtr_key(struct parse *p, const char *k, const yaml_node_t *v)
{
	struct rtr_server_config *r = &p->c->rtr;
	unsigned u;
	if (!strcmp(k, "listen"))
		return get_strs(p, v, "rtr listen", r->listen, RTR_MAX_LISTEN, &r->nlisten);
	if (!strcmp(k, "vrps"))
		return get_strs(p, v, "rtr vrps", r->vrp_files, RTR_MAX_FILES, &r->nvrp_files);
	if (!strcmp(k, "slurm"))
		return get_strs(p, v, "rtr slurm", r->slurm_files, RTR_MAX_FILES, &r->nslurm_files);
	if (!strcmp(k, "allow"))
		return get_allow(p, v, "rtr allow", r->allow, RTR_MAX_ALLOW, &r->nallow);
	if (!strcmp(k, "refresh"))
		return get_duration(p, v, k, 86400, &r->timers.refresh);
	if (!strcmp(k, "retry"))
		return get_duration(p, v, k, 7200, &r->timers.retry);
	if (!strcmp(k, "expire"))
		return get_duration(p, v, k, 172800, &r->timers.expire);
	if (!strcmp(k, "check_interval"))
		return get_duration(p, v, k, 86400, &r->check_interval);
	if (!strcmp(k, "timeout"))
		return get_duration(p, v, k, 3600, &r->timeout);
	if (!strcmp(k, "history"))
		return get_uint(p, v, k, 0, 10000, &r->history);
	if (!strcmp(k, "max_clients"))
		return get_uint(p, v, k, 1, 1000000, &r->max_clients);
	if (!strcmp(k, "max_per_source"))
		return get_uint(p, v, k, 1, 1000000, &r->max_per_source);
	if (!strcmp(k, "max_shrink"))
		return get_uint(p, v, k, 0, 100, &r->max_shrink);
	if (!strcmp(k, "max_age")) {
		if (get_duration(p, v, k, 100000000, &u))
			return -1;
		r->max_age = u;
		return 0;
	}
	if (!strcmp(k, "session_id")) {
		if (get_uint(p, v, k, 0, 65535, &u))
			return -1;
		r->session_id = (int)u;
		return 0;
	}
	bool b;
	if (get_bool(p, v, k, &b))
		return -1;
	if (!strcmp(k, "keepalive"))
		r->keepalive = b;
	else
		r->ignore_expires = b;
	return 0;
}

static int parse_rtr(struct parse *p, const yaml_node_t *n)
{
	static const char *const keys[] = {"listen",     "vrps",           "slurm",
	                                   "allow",      "refresh",        "retry",
	                                   "expire",     "check_interval", "timeout",
	                                   "history",    "max_clients",    "max_per_source",
	                                   "max_shrink", "max_age",        "session_id",
	                                   "keepalive",  "ignore_expires", NULL};
	if (check_map(p, n, "rtr", keys))
		return -1;
	p->c->rtr_enabled = true;
	FOR_PAIRS(p, n, kv)
	{
		if (rtr_key(p, mon_yaml_text(mon_yaml_node(&p->y, kv->key)),
		            mon_yaml_node(&p->y, kv->value)))
			return -1;
	}
	struct rtr_server_config *r = &p->c->rtr;
	if (!r->nvrp_files)
		return mon_yaml_error(&p->y, n, "rtr: give at least one file in vrps");
	if (r->timers.expire <= r->timers.refresh || r->timers.expire <= r->timers.retry)
		return mon_yaml_error(&p->y, n, "rtr: expire must exceed refresh and retry");
	if (!r->nlisten)
		r->listen[r->nlisten++] = "127.0.0.1:8282";
	return 0;
}

/* whois files: "path" or {path: P, source: NAME}. */
static int whois_files(struct parse *p, const yaml_node_t *n)
{
	static const char *const keys[] = {"path", "source", NULL};
	struct daemon_whois_config *w = &p->c->whois;
	if (n->type != YAML_SEQUENCE_NODE)
		return mon_yaml_error(&p->y, n, "whois files: expected a list");
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
	     it++) {
		const yaml_node_t *v = mon_yaml_node(&p->y, *it);
		if (w->nfiles == DAEMON_MAX_FILES)
			return mon_yaml_error(&p->y, v, "whois files: at most %d",
			                      DAEMON_MAX_FILES);
		size_t i = w->nfiles++;
		if (v->type == YAML_SCALAR_NODE) {
			if (get_str(p, v, "whois file", &w->files[i]))
				return -1;
			continue;
		}
		if (check_map(p, v, "whois file", keys))
			return -1;
		const yaml_node_t *path = mon_yaml_get(&p->y, v, "path");
		const yaml_node_t *src = mon_yaml_get(&p->y, v, "source");
		if (!path)
			return mon_yaml_error(&p->y, v, "whois file: path is required");
		if (get_str(p, path, "path", &w->files[i]) ||
		    (src && get_str(p, src, "source", &w->sources[i])))
			return -1;
	}
	return 0;
}

static int whois_key(struct parse *p, const char *k, const yaml_node_t *v)
{
	struct daemon_whois_config *w = &p->c->whois;
	unsigned u;
	if (!strcmp(k, "listen"))
		return get_listen(p, v, "whois listen", &w->listen);
	if (!strcmp(k, "files"))
		return whois_files(p, v);
	if (!strcmp(k, "check_interval"))
		return get_duration(p, v, k, 86400, &w->check_interval);
	if (!strcmp(k, "max_shrink"))
		return get_uint(p, v, k, 0, 100, &w->max_shrink);
	if (!strcmp(k, "max_clients"))
		return get_uint(p, v, k, 1, 1000000, &w->opts.max_clients);
	if (!strcmp(k, "max_pending"))
		return get_uint(p, v, k, 1, 1000000, &w->opts.max_pending);
	if (!strcmp(k, "idle_timeout"))
		return get_duration(p, v, k, 86400, &w->opts.idle_timeout);
	if (get_duration(p, v, k, 3600, &u))
		return -1;
	w->opts.query_timeout = u;
	return 0;
}

static int parse_whois(struct parse *p, const yaml_node_t *n)
{
	static const char *const keys[] = {"listen",       "files",         "check_interval",
	                                   "max_shrink",   "max_clients",   "max_pending",
	                                   "idle_timeout", "query_timeout", NULL};
	if (check_map(p, n, "whois", keys))
		return -1;
	p->c->whois.enabled = true;
	FOR_PAIRS(p, n, kv)
	{
		if (whois_key(p, mon_yaml_text(mon_yaml_node(&p->y, kv->key)),
		              mon_yaml_node(&p->y, kv->value)))
			return -1;
	}
	if (!p->c->whois.nfiles)
		return mon_yaml_error(&p->y, n, "whois: give at least one RPSL file in files");
	if (!p->c->whois.listen.n)
		p->c->whois.listen.addr[p->c->whois.listen.n++] = "127.0.0.1:43";
	return 0;
}

static int parse_bmp(struct parse *p, const yaml_node_t *n)
{
	static const char *const keys[] = {
	    "listen",         "stale_grace", "max_msg",   "max_routers",
	    "max_per_source", "allow",       "keepalive", NULL};
	struct bmp_server_config *b = &p->c->bmp;
	if (check_map(p, n, "bmp", keys))
		return -1;
	p->c->bmp_enabled = true;
	FOR_PAIRS(p, n, kv)
	{
		const char *k = mon_yaml_text(mon_yaml_node(&p->y, kv->key));
		const yaml_node_t *v = mon_yaml_node(&p->y, kv->value);
		unsigned u = 0;
		bool bv = false;
		int rc = 0;
		if (!strcmp(k, "listen"))
			rc = get_strs(p, v, "bmp listen", b->listen, BMP_MAX_LISTEN, &b->nlisten);
		else if (!strcmp(k, "stale_grace"))
			rc = get_duration(p, v, k, 30 * 86400, &b->stale_grace);
		else if (!strcmp(k, "max_msg") && !(rc = get_uint(p, v, k, 4096, 16u << 20, &u)))
			b->max_msg = u;
		else if (!strcmp(k, "max_routers"))
			rc = get_uint(p, v, k, 1, 1000000, &b->max_routers);
		else if (!strcmp(k, "max_per_source"))
			rc = get_uint(p, v, k, 1, 1000000, &b->max_per_source);
		else if (!strcmp(k, "allow"))
			rc = get_allow(p, v, "bmp allow", b->allow, BMP_MAX_ALLOW, &b->nallow);
		else if (!strcmp(k, "keepalive") && !(rc = get_bool(p, v, k, &bv)))
			b->keepalive = bv;
		if (rc)
			return -1;
	}
	if (!b->nlisten)
		b->listen[b->nlisten++] = "127.0.0.1:11019";
	return 0;
}

static int parse_kafka(struct parse *p, const yaml_node_t *n)
{
	static const char *const keys[] = {"brokers", "topic_prefix", "name",
	                                   "view",    "options",      NULL};
	struct daemon_kafka_config *k = &p->c->kafka;
	if (check_map(p, n, "kafka", keys))
		return -1;
	k->enabled = true;
	FOR_PAIRS(p, n, kv)
	{
		const char *key = mon_yaml_text(mon_yaml_node(&p->y, kv->key));
		const yaml_node_t *v = mon_yaml_node(&p->y, kv->value);
		const char *s;
		int rc = 0;
		if (!strcmp(key, "brokers"))
			rc = get_str(p, v, key, &k->brokers);
		else if (!strcmp(key, "topic_prefix"))
			rc = get_str(p, v, key, &k->topic_prefix);
		else if (!strcmp(key, "name"))
			rc = get_str(p, v, key, &k->name);
		else if (!strcmp(key, "options")) {
			rc = get_strs(p, v, "kafka options", k->options, DAEMON_MAX_KAFKA_OPTIONS,
			              &k->noptions);
			for (size_t i = 0; !rc && i < k->noptions; i++)
				if (!strchr(k->options[i], '=') || k->options[i][0] == '=')
					rc = mon_yaml_error(&p->y, v,
					                    "kafka options: '%s' is not key=value",
					                    k->options[i]);
		} else if (!(rc = get_str(p, v, key, &s)) &&
		           (k->view = bmp_state_view_parse(s)) < 0)
			rc = mon_yaml_error(&p->y, v,
			                    "kafka view: unknown '%s' (pre-policy, post-policy, "
			                    "adj-rib-out-pre, adj-rib-out-post, loc-rib)",
			                    s);
		if (rc)
			return -1;
	}
	if (!k->brokers)
		return mon_yaml_error(&p->y, n,
		                      "kafka: give the cluster in brokers (host:port,...)");
	return 0;
}

static int monitor_key(struct parse *p, const char *k, const yaml_node_t *v)
{
	struct daemon_monitor_config *m = &p->c->monitor;
	const char *s;
	size_t n;
	if (!strcmp(k, "prefixes"))
		return get_str(p, v, k, &m->prefixes);
	if (!strcmp(k, "config"))
		return get_str(p, v, k, &m->config);
	if (!strcmp(k, "vrps"))
		return get_str(p, v, k, &m->vrps);
	if (!strcmp(k, "asrel"))
		return get_str(p, v, k, &m->asrel);
	if (!strcmp(k, "store"))
		return get_str(p, v, k, &m->store);
	if (!strcmp(k, "irr"))
		return get_strs(p, v, "monitor irr", m->irr, DAEMON_MAX_FILES, &m->nirr);
	if (!strcmp(k, "bogons"))
		return get_bool(p, v, k, &m->bogons);
	if (!strcmp(k, "stale_grace"))
		return get_duration(p, v, k, 86400, &m->grace);
	if (!strcmp(k, "detectors")) {
		if (get_strs(p, v, "monitor detectors", m->detectors, DAEMON_MAX_DETECTORS, &n))
			return -1;
		for (size_t i = 0; i < n; i++)
			if (!detector_find(m->detectors[i]))
				return mon_yaml_error(&p->y, v, "monitor detectors: unknown '%s'",
				                      m->detectors[i]);
		m->detectors[n] = NULL;
		return 0;
	}
	if (get_str(p, v, k, &s))
		return -1;
	if ((m->view = bmp_state_view_parse(s)) < 0)
		return mon_yaml_error(&p->y, v,
		                      "monitor view: '%s' is not pre-policy, post-policy, "
		                      "adj-rib-out-pre, adj-rib-out-post or loc-rib",
		                      s);
	return 0;
}

static int parse_monitor(struct parse *p, const yaml_node_t *n)
{
	static const char *const keys[] = {"prefixes",  "config", "vrps",   "asrel",
	                                   "store",     "irr",    "bogons", "stale_grace",
	                                   "detectors", "view",   NULL};
	if (check_map(p, n, "monitor", keys))
		return -1;
	p->c->monitor.enabled = true;
	FOR_PAIRS(p, n, kv)
	{
		if (monitor_key(p, mon_yaml_text(mon_yaml_node(&p->y, kv->key)),
		                mon_yaml_node(&p->y, kv->value)))
			return -1;
	}
	return 0;
}

static int parse_http(struct parse *p, const yaml_node_t *n)
{
	static const char *const keys[] = {"listen", NULL};
	if (check_map(p, n, "http", keys))
		return -1;
	const yaml_node_t *l = mon_yaml_get(&p->y, n, "listen");
	if (l && get_listen(p, l, "http listen", &p->c->http))
		return -1;
	if (!p->c->http.n)
		p->c->http.addr[p->c->http.n++] = "127.0.0.1:8080";
	return 0;
}

/* min_ratio: a number from 0 to 1. */
static int get_ratio(struct parse *p, const yaml_node_t *n, const char *what, double *out)
{
	const char *s = mon_yaml_text(n);
	char *end = NULL;
	double r = n->type == YAML_SCALAR_NODE && *s ? strtod(s, &end) : -1;
	if (r < 0 || r > 1 || *end)
		return mon_yaml_error(&p->y, n, "%s: expected a number from 0 to 1", what);
	*out = r;
	return 0;
}

static int get_kind(struct parse *p, const yaml_node_t *n, enum fetch_kind *out)
{
	int k = n->type == YAML_SCALAR_NODE ? fetch_kind_parse(mon_yaml_text(n)) : -1;
	if (k < 0)
		return mon_yaml_error(&p->y, n,
		                      "kind: expected vrps, irr, mrt, peeringdb or asrel");
	*out = (enum fetch_kind)k;
	return 0;
}

/* The optional settings of a source, each checked where it is written. */
static int source_options(struct parse *p, const yaml_node_t *n, struct daemon_source *s)
{
	const yaml_node_t *v;
	if ((v = mon_yaml_get(&p->y, n, "interval")) &&
	    get_duration(p, v, "interval", 30 * 86400, &s->interval))
		return -1;
	if (s->interval < 1)
		return mon_yaml_error(&p->y, v, "source %s: interval below 1 second", s->name);
	if ((v = mon_yaml_get(&p->y, n, "max_age")) &&
	    get_duration(p, v, "max_age", 365 * 86400, &s->max_age))
		return -1;
	if ((v = mon_yaml_get(&p->y, n, "timeout")) &&
	    get_duration(p, v, "timeout", 86400, &s->timeout))
		return -1;
	if (s->timeout < 1)
		return mon_yaml_error(&p->y, v, "source %s: timeout below 1 second", s->name);
	if ((v = mon_yaml_get(&p->y, n, "min_ratio")) &&
	    get_ratio(p, v, "min_ratio", &s->min_ratio))
		return -1;
	if ((v = mon_yaml_get(&p->y, n, "sha256_url")) &&
	    get_str(p, v, "sha256_url", &s->sha256_url))
		return -1;
	return 0;
}

static bool http_url(const char *u)
{
	return !strncmp(u, "http://", 7) || !strncmp(u, "https://", 8);
}

static int parse_source(struct parse *p, const yaml_node_t *n)
{
	static const char *const keys[] = {"name",       "url",     "path",      "kind",
	                                   "interval",   "max_age", "min_ratio", "timeout",
	                                   "sha256_url", NULL};
	if (p->c->nsources == DAEMON_MAX_SOURCES)
		return mon_yaml_error(&p->y, n, "sources: at most %d", DAEMON_MAX_SOURCES);
	if (check_map(p, n, "source", keys))
		return -1;
	struct daemon_source *s = &p->c->sources[p->c->nsources];
	s->interval = FETCH_DEFAULT_INTERVAL;
	s->timeout = FETCH_DEFAULT_TIMEOUT;
	s->min_ratio = FETCH_DEFAULT_MIN_RATIO;
	s->line = (unsigned)n->start_mark.line + 1;
	const yaml_node_t *v;
	if (!(v = mon_yaml_get(&p->y, n, "name")) || get_str(p, v, "name", &s->name))
		return v ? -1 : mon_yaml_error(&p->y, n, "source: name is required");
	if (!(v = mon_yaml_get(&p->y, n, "url")) || get_str(p, v, "url", &s->url))
		return v ? -1 : mon_yaml_error(&p->y, n, "source %s: url is required", s->name);
	if (!http_url(s->url))
		return mon_yaml_error(
		    &p->y, v, "source %s: url must start with http:// or https://", s->name);
	if (!(v = mon_yaml_get(&p->y, n, "path")) || get_str(p, v, "path", &s->path))
		return v ? -1 : mon_yaml_error(&p->y, n, "source %s: path is required", s->name);
	if (!(v = mon_yaml_get(&p->y, n, "kind")) || get_kind(p, v, &s->kind))
		return v ? -1
		         : mon_yaml_error(&p->y, n,
		                          "source %s: kind is required (vrps, irr, mrt, peeringdb, "
		                          "asrel)",
		                          s->name);
	if (source_options(p, n, s))
		return -1;
	for (size_t i = 0; i < p->c->nsources; i++)
		if (!strcmp(p->c->sources[i].name, s->name))
			return mon_yaml_error(&p->y, n, "source %s: defined twice (line %u)",
			                      s->name, p->c->sources[i].line);
	p->c->nsources++;
	return 0;
}

static int parse_sources(struct parse *p, const yaml_node_t *n)
{
	if (n->type != YAML_SEQUENCE_NODE)
		return mon_yaml_error(&p->y, n, "sources: expected a list");
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
	     it++)
		if (parse_source(p, mon_yaml_node(&p->y, *it)))
			return -1;
	return 0;
}

static int top_key(struct parse *p, const char *k, const yaml_node_t *v)
{
	if (!strcmp(k, "log"))
		return parse_log(p, v);
	if (!strcmp(k, "user"))
		return get_str(p, v, k, &p->c->user);
	if (!strcmp(k, "chroot"))
		return get_str(p, v, k, &p->c->chroot_dir);
	if (!strcmp(k, "pidfile"))
		return get_str(p, v, k, &p->c->pidfile);
	if (!strcmp(k, "landlock"))
		return get_bool(p, v, k, &p->c->landlock);
	if (!strcmp(k, "rtr"))
		return parse_rtr(p, v);
	if (!strcmp(k, "whois"))
		return parse_whois(p, v);
	if (!strcmp(k, "bmp"))
		return parse_bmp(p, v);
	if (!strcmp(k, "monitor"))
		return parse_monitor(p, v);
	if (!strcmp(k, "kafka"))
		return parse_kafka(p, v);
	if (!strcmp(k, "http"))
		return parse_http(p, v);
	return parse_sources(p, v);
}

/* The defaults of every section, as `manrs rtr serve` and the others. */
static void defaults(struct daemon_config *c)
{
	c->log_target = DAEMON_LOG_STDERR;
	c->log_level = LOG_LEVEL_INFO;
	c->landlock = true;
	c->rtr.timers = (struct rtr_timers){3600, 600, 7200, RTR_ASPA_CURRENT};
	c->rtr.history = 10;
	c->rtr.check_interval = 60;
	c->rtr.timeout = 30;
	c->rtr.keepalive = 1;
	c->rtr.session_id = -1;
	c->rtr.max_shrink = 50;
	c->whois.check_interval = 10;
	c->whois.max_shrink = 50;
	c->bmp.keepalive = 1;
	c->bmp.stale_grace = 300;
	c->monitor.view = BMP_VIEW_ADJ_IN_PRE;
	c->monitor.grace = 300;
	c->kafka.view = BMP_VIEW_ADJ_IN_PRE;
}

static int check_whole(struct parse *p, const yaml_node_t *root)
{
	const struct daemon_config *c = p->c;
	if (c->monitor.enabled && !c->bmp_enabled)
		return mon_yaml_error(&p->y, root,
		                      "monitor: needs the bmp section (its routes are the "
		                      "monitor's input)");
	if (c->kafka.enabled && !c->bmp_enabled)
		return mon_yaml_error(&p->y, root,
		                      "kafka: needs the bmp section (the collector publishes)");
	if (!c->rtr_enabled && !c->whois.enabled && !c->bmp_enabled && !c->http.n)
		return mon_yaml_error(&p->y, root,
		                      "no service configured (rtr, whois, bmp, monitor or http)");
	if (c->chroot_dir && !c->user)
		return mon_yaml_error(&p->y, root, "chroot needs user");
	return 0;
}

struct daemon_config *daemon_config_parse(const char *buf, size_t n, const char *name,
                                          struct err *e)
{
	static const char *const keys[] = {"log",  "user",    "chroot", "pidfile", "landlock",
	                                   "rtr",  "whois",   "bmp",    "monitor", "kafka",
	                                   "http", "sources", NULL};
	struct parse p = {.c = calloc(1, sizeof *p.c)};
	if (!p.c) {
		err_set(e, "%s: out of memory", name);
		return NULL;
	}
	defaults(p.c);
	if (!(p.c->path = strdup(name)) || mon_yaml_load(&p.y, buf, n, name, e))
		goto fail;
	yaml_node_t *root = mon_yaml_root(&p.y);
	if (!root) {
		err_set(e, "%s: empty configuration: no service configured", name);
		goto fail;
	}
	if (check_map(&p, root, "the configuration", keys))
		goto fail;
	FOR_PAIRS(&p, root, kv)
	{
		if (top_key(&p, mon_yaml_text(mon_yaml_node(&p.y, kv->key)),
		            mon_yaml_node(&p.y, kv->value)))
			goto fail;
	}
	if (check_whole(&p, root))
		goto fail;
	mon_yaml_free(&p.y);
	return p.c;
fail:
	mon_yaml_free(&p.y);
	daemon_config_free(p.c);
	return NULL;
}

struct daemon_config *daemon_config_load(const char *path, struct err *e)
{
	size_t n;
	char *buf = reader_slurp(path, DAEMON_CONFIG_MAX_BYTES, &n, e);
	if (!buf)
		return NULL;
	struct daemon_config *c = daemon_config_parse(buf, n, path, e);
	free(buf);
	return c;
}

void daemon_config_free(struct daemon_config *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nstrings; i++)
		free(c->strings[i]);
	free(c->strings);
	free(c->path);
	free(c);
}

bool daemon_listen_equal(const struct daemon_listen *a, const struct daemon_listen *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->addr[i], b->addr[i]))
			return false;
	return true;
}

const char *daemon_log_target_name(enum daemon_log_target t)
{
	static const char *const names[] = {"stderr", "syslog", "journald"};
	return names[t];
}

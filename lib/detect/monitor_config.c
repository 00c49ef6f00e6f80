/* SPDX-License-Identifier: ISC */
/* monitor_config.c - BGPalerter's prefixes.yml, read as BGPalerter reads it
 * (its inputYml.js validation), but stricter where it is silent: unknown
 * keys, wrong types, bad prefixes, ASNs and regexes refuse the file with
 * file, line and column. The longest-match index is the core trie. */
#include "detect/monitor_config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/reader.h"
#include "core/trie.h"
#include "detect/monitor_config_priv.h"

#define MAX_CONFIG_BYTES (256u << 20) /* a 10k-prefix file is ~1 MB */
#define REGEX_MAX 1024

/* IPv4 lookups of /16 and longer first look at the route's /16: most
 * routes fall under no monitored prefix, or under one of /16 or shorter
 * with nothing more specific below, and are answered by that one read. */
#define SLOT_DEEP 0x80000000u /* entries longer than /16 below: ask the trie */
#define SLOTS (1u << 16)

struct prefix_index {
	struct trie trie; /* prefix -> index into c->prefixes */
	uint32_t *v4;     /* per /16: 1 + index of the most specific entry of /16 or
	                   * shorter covering it (0: none), | SLOT_DEEP */
};

int mon_config_note(struct monitor_config *c, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	char **v = resize(c->notes, c->nnotes + 1, sizeof *v);
	if (!v)
		return -1;
	c->notes = v;
	if (!(v[c->nnotes] = strdup(buf)))
		return -1;
	c->nnotes++;
	return 0;
}

/* ---- freeing ---- */

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void free_rule(struct mon_path_rule *r)
{
	if (r->match)
		regfree(&r->match_re);
	if (r->not_match)
		regfree(&r->not_match_re);
	free(r->match);
	free(r->not_match);
	free(r->description);
}

static void free_entry(struct mon_prefix *p)
{
	free(p->description);
	free(p->asns);
	free_strv(p->groups, p->ngroups);
	free_strv(p->include_monitors, p->ninclude);
	free_strv(p->exclude_monitors, p->nexclude);
	for (size_t i = 0; i < p->npaths; i++)
		free_rule(&p->paths[i]);
	free(p->paths);
}

void monitor_config_free(struct monitor_config *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nprefixes; i++)
		free_entry(&c->prefixes[i]);
	free(c->prefixes);
	for (size_t i = 0; i < c->nasns; i++) {
		free_strv(c->asns[i].groups, c->asns[i].ngroups);
		free(c->asns[i].upstreams);
		free(c->asns[i].downstreams);
	}
	free(c->asns);
	free(c->monitors);
	if (c->index) {
		free(c->index->v4);
		trie_free(&c->index->trie);
		free(c->index);
	}
	free(c->path);
	free(c->config_path);
	free_strv(c->notes, c->nnotes);
	free(c);
}

/* ---- value loaders ---- */

static int oom(struct mon_yaml *y, const yaml_node_t *n)
{
	return mon_yaml_error(y, n, "out of memory");
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* BGPalerter's AS model refuses a list with repeats; sorted, so long lists
 * stay cheap. The error points at the second occurrence. */
static int check_unique_asns(struct mon_yaml *y, yaml_node_t *n, const char *what,
                             const uint32_t *v, size_t count)
{
	if (count < 2)
		return 0;
	uint32_t *s = malloc(count * sizeof *s);
	if (!s)
		return oom(y, n);
	memcpy(s, v, count * sizeof *s);
	qsort(s, count, sizeof *s, u32_cmp);
	size_t d = 1;
	while (d < count && s[d] != s[d - 1])
		d++;
	if (d == count) {
		free(s);
		return 0;
	}
	uint32_t dup = s[d];
	free(s);
	size_t seen = 0, at = 0;
	for (size_t i = 0; i < count && seen < 2; i++)
		if (v[i] == dup)
			seen++, at = i;
	yaml_node_t *item = mon_yaml_node(y, n->data.sequence.items.start[at]);
	return mon_yaml_error(y, item, "%s: AS%u is listed twice", what, dup);
}

/* An AS number or a list of them (non-empty, no repeats, as BGPalerter's
 * AS model requires). allow_empty: [] and null give an empty list. */
static int load_asns(struct mon_yaml *y, yaml_node_t *n, const char *what, bool allow_empty,
                     uint32_t **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	enum mon_yaml_kind k = mon_yaml_kind(n);
	if (k == MY_NULL && allow_empty)
		return 0;
	size_t count =
	    k == MY_SEQ ? (size_t)(n->data.sequence.items.top - n->data.sequence.items.start) : 1;
	if (count == 0 && !allow_empty)
		return mon_yaml_error(y, n, "%s: the list is empty", what);
	uint32_t *v = calloc(count ? count : 1, sizeof *v);
	if (!v)
		return oom(y, n);
	*out = v;
	for (size_t i = 0; i < count; i++) {
		yaml_node_t *item =
		    k == MY_SEQ ? mon_yaml_node(y, n->data.sequence.items.start[i]) : n;
		if (mon_yaml_visit(y, item) < 0 || mon_yaml_asn(y, item, what, &v[i]) < 0)
			return -1;
		*nout = i + 1;
	}
	return check_unique_asns(y, n, what, v, count);
}

/* A list of strings; single_ok also takes one string (BGPalerter's group). */
static int load_strings(struct mon_yaml *y, yaml_node_t *n, const char *what, bool single_ok,
                        char ***out, size_t *nout)
{
	enum mon_yaml_kind k = mon_yaml_kind(n);
	if (k != MY_SEQ && !single_ok)
		return mon_yaml_error(y, n, "%s: expected a list of names, got %s", what,
		                      mon_yaml_kind_name(k));
	size_t count =
	    k == MY_SEQ ? (size_t)(n->data.sequence.items.top - n->data.sequence.items.start) : 1;
	char **v = calloc(count ? count : 1, sizeof *v);
	if (!v)
		return oom(y, n);
	*out = v;
	for (size_t i = 0; i < count; i++) {
		yaml_node_t *item =
		    k == MY_SEQ ? mon_yaml_node(y, n->data.sequence.items.start[i]) : n;
		if (mon_yaml_visit(y, item) < 0 || mon_yaml_string(y, item, what, &v[i]) < 0)
			return -1;
		*nout = i + 1;
	}
	return 0;
}

static int default_group(struct mon_yaml *y, yaml_node_t *at, char ***groups, size_t *n)
{
	if (!(*groups = calloc(1, sizeof **groups)) || !((*groups)[0] = strdup("default")))
		return oom(y, at);
	*n = 1;
	return 0;
}

/* group: a string or a list; absent or null means "default". */
static int load_group(struct mon_yaml *y, yaml_node_t *n, const char *what, char ***groups,
                      size_t *ngroups)
{
	if (!n || mon_yaml_kind(n) == MY_NULL)
		return default_group(y, n, groups, ngroups);
	if (load_strings(y, n, what, true, groups, ngroups) < 0)
		return -1;
	if (*ngroups == 0)
		return mon_yaml_error(y, n, "%s: the list is empty", what);
	return 0;
}

static int compile_regex(struct mon_yaml *y, yaml_node_t *n, const char *what, char **text,
                         regex_t *re)
{
	char posix[REGEX_MAX];
	const char *why;
	char *js;
	if (mon_yaml_string(y, n, what, &js) < 0)
		return -1;
	if (mon_regex_translate(js, posix, sizeof posix, &why) < 0) {
		mon_yaml_error(y, n, "%s: '%s': %s", what, js, why);
		free(js);
		return -1;
	}
	int rc = regcomp(re, posix, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		char msg[160];
		regerror(rc, re, msg, sizeof msg);
		mon_yaml_error(y, n, "%s: '%s' is not a valid regex: %s", what, js, msg);
		free(js);
		return -1;
	}
	*text = js;
	return 0;
}

static int load_length(struct mon_yaml *y, yaml_node_t *n, const char *what, int *out)
{
	uint64_t v;
	if (!n)
		return 0;
	if (mon_yaml_uint(y, n, what, 1000, &v) < 0)
		return -1;
	if (v < 1)
		return mon_yaml_error(y, n, "%s: must be at least 1", what);
	*out = (int)v;
	return 0;
}

static int load_rule(struct mon_yaml *y, yaml_node_t *n, const char *pfx, struct mon_path_rule *r)
{
	static const char *const keys[] = {"match",     "notMatch",  "matchDescription",
	                                   "maxLength", "minLength", NULL};
	char what[96];
	snprintf(what, sizeof what, "%s: path", pfx);
	r->max_length = r->min_length = -1;
	if (mon_yaml_visit(y, n) < 0 || mon_yaml_check_map(y, n, what, keys) < 0)
		return -1;
	yaml_node_t *v;
	char w[128];
	snprintf(w, sizeof w, "%s.match", what);
	if ((v = mon_yaml_get(y, n, "match")) && mon_yaml_kind(v) != MY_NULL &&
	    compile_regex(y, v, w, &r->match, &r->match_re) < 0)
		return -1;
	snprintf(w, sizeof w, "%s.notMatch", what);
	if ((v = mon_yaml_get(y, n, "notMatch")) && mon_yaml_kind(v) != MY_NULL &&
	    compile_regex(y, v, w, &r->not_match, &r->not_match_re) < 0)
		return -1;
	snprintf(w, sizeof w, "%s.matchDescription", what);
	if ((v = mon_yaml_get(y, n, "matchDescription")) &&
	    mon_yaml_string(y, v, w, &r->description) < 0)
		return -1;
	snprintf(w, sizeof w, "%s.maxLength", what);
	if (load_length(y, mon_yaml_get(y, n, "maxLength"), w, &r->max_length) < 0)
		return -1;
	snprintf(w, sizeof w, "%s.minLength", what);
	return load_length(y, mon_yaml_get(y, n, "minLength"), w, &r->min_length);
}

/* path: one rule (a mapping) or a list of rules, in OR. */
static int load_paths(struct mon_yaml *y, yaml_node_t *n, const char *pfx, struct mon_prefix *e)
{
	enum mon_yaml_kind k = mon_yaml_kind(n);
	if (k == MY_NULL)
		return 0;
	if (k != MY_SEQ && k != MY_MAP)
		return mon_yaml_error(y, n, "%s: path: expected a rule or a list of rules, got %s",
		                      pfx, mon_yaml_kind_name(k));
	size_t count =
	    k == MY_SEQ ? (size_t)(n->data.sequence.items.top - n->data.sequence.items.start) : 1;
	if (!(e->paths = calloc(count ? count : 1, sizeof *e->paths)))
		return oom(y, n);
	for (size_t i = 0; i < count; i++) {
		yaml_node_t *item =
		    k == MY_SEQ ? mon_yaml_node(y, n->data.sequence.items.start[i]) : n;
		e->npaths = i + 1; /* counted before loading: a half-built rule is freed */
		if (load_rule(y, item, pfx, &e->paths[i]) < 0)
			return -1;
	}
	return 0;
}

static int load_monitor_lists(struct mon_yaml *y, yaml_node_t *entry, const char *pfx,
                              struct mon_prefix *e)
{
	yaml_node_t *inc = mon_yaml_get(y, entry, "includeMonitors");
	yaml_node_t *exc = mon_yaml_get(y, entry, "excludeMonitors");
	char what[96];
	if (inc && exc)
		return mon_yaml_error(y, exc,
		                      "%s: give only one of includeMonitors and "
		                      "excludeMonitors",
		                      pfx);
	snprintf(what, sizeof what, "%s: includeMonitors", pfx);
	if (inc && load_strings(y, inc, what, false, &e->include_monitors, &e->ninclude) < 0)
		return -1;
	snprintf(what, sizeof what, "%s: excludeMonitors", pfx);
	if (exc && load_strings(y, exc, what, false, &e->exclude_monitors, &e->nexclude) < 0)
		return -1;
	return 0;
}

static int load_entry_fields(struct mon_yaml *y, yaml_node_t *v, const char *pfx,
                             struct mon_prefix *e)
{
	char what[96];
	yaml_node_t *n;
	snprintf(what, sizeof what, "%s: asn", pfx);
	if (!(n = mon_yaml_get(y, v, "asn")))
		return mon_yaml_error(y, v, "%s: 'asn' is missing", pfx);
	if (load_asns(y, n, what, false, &e->asns, &e->nasns) < 0)
		return -1;
	snprintf(what, sizeof what, "%s: description", pfx);
	if (!(n = mon_yaml_get(y, v, "description")))
		return mon_yaml_error(y, v, "%s: 'description' is missing", pfx);
	if (mon_yaml_string(y, n, what, &e->description) < 0)
		return -1;
	snprintf(what, sizeof what, "%s: ignoreMorespecifics", pfx);
	if (!(n = mon_yaml_get(y, v, "ignoreMorespecifics")))
		return mon_yaml_error(y, v, "%s: 'ignoreMorespecifics' is missing (true or false)",
		                      pfx);
	if (mon_yaml_bool(y, n, what, &e->ignore_morespecifics) < 0)
		return -1;
	snprintf(what, sizeof what, "%s: ignore", pfx);
	if ((n = mon_yaml_get(y, v, "ignore")) && mon_yaml_bool(y, n, what, &e->ignore) < 0)
		return -1;
	snprintf(what, sizeof what, "%s: group", pfx);
	if (load_group(y, mon_yaml_get(y, v, "group"), what, &e->groups, &e->ngroups) < 0)
		return -1;
	if (load_monitor_lists(y, v, pfx, e) < 0)
		return -1;
	return load_paths(y, mon_yaml_get(y, v, "path"), pfx, e);
}

static int load_entry(struct mon_yaml *y, yaml_node_t *k, yaml_node_t *v, struct mon_prefix *e)
{
	static const char *const keys[] = {"description",     "asn",   "ignoreMorespecifics",
	                                   "ignore",          "group", "includeMonitors",
	                                   "excludeMonitors", "path",  NULL};
	struct err pe;
	const char *text = mon_yaml_text(k);
	char pfx[PREFIX_STRLEN + 16];

	e->line = k->start_mark.line + 1;
	if (mon_yaml_kind(k) != MY_STR || prefix_parse(text, &e->pfx, &pe) < 0)
		return mon_yaml_error(y, k,
		                      "'%s' is not a valid prefix (e.g. 192.0.2.0/24; "
		                      "host bits must be zero)",
		                      text);
	snprintf(pfx, sizeof pfx, "prefix %s", text);
	if (mon_yaml_check_map(y, v, pfx, keys) < 0)
		return -1;
	return load_entry_fields(y, v, pfx, e);
}

static int neighbour_list(struct mon_yaml *y, yaml_node_t *n, const char *what)
{
	if (mon_yaml_kind(n) != MY_SEQ)
		return mon_yaml_error(y, n, "%s: expected a list of AS numbers, got %s", what,
		                      mon_yaml_kind_name(mon_yaml_kind(n)));
	return 0;
}

static int load_asn_entry(struct mon_yaml *y, yaml_node_t *k, yaml_node_t *v, struct mon_asn *a)
{
	static const char *const keys[] = {"group", "upstreams", "downstreams", NULL};
	char what[64], w[96];
	yaml_node_t *n;
	a->line = k->start_mark.line + 1;
	if (mon_yaml_asn(y, k, "options.monitorASns", &a->asn) < 0)
		return -1;
	snprintf(what, sizeof what, "options.monitorASns AS%u", a->asn);
	if (mon_yaml_kind(v) == MY_NULL)
		return default_group(y, v, &a->groups, &a->ngroups);
	if (mon_yaml_check_map(y, v, what, keys) < 0)
		return -1;
	snprintf(w, sizeof w, "%s: group", what);
	if (load_group(y, mon_yaml_get(y, v, "group"), w, &a->groups, &a->ngroups) < 0)
		return -1;
	/* null (what BGPalerter writes for "not given") leaves the check off;
	 * [] checks with no neighbour allowed. */
	snprintf(w, sizeof w, "%s: upstreams", what);
	if ((n = mon_yaml_get(y, v, "upstreams")) && mon_yaml_kind(n) != MY_NULL) {
		a->has_upstreams = true;
		if (neighbour_list(y, n, w) < 0 ||
		    load_asns(y, n, w, true, &a->upstreams, &a->nupstreams) < 0)
			return -1;
	}
	snprintf(w, sizeof w, "%s: downstreams", what);
	if ((n = mon_yaml_get(y, v, "downstreams")) && mon_yaml_kind(n) != MY_NULL) {
		a->has_downstreams = true;
		if (neighbour_list(y, n, w) < 0 ||
		    load_asns(y, n, w, true, &a->downstreams, &a->ndownstreams) < 0)
			return -1;
	}
	return 0;
}

static int asn_cmp(const void *a, const void *b)
{
	uint32_t x = ((const struct mon_asn *)a)->asn, y = ((const struct mon_asn *)b)->asn;
	return x < y ? -1 : x > y;
}

static int load_monitor_asns(struct monitor_config *c, struct mon_yaml *y, yaml_node_t *n)
{
	if (mon_yaml_kind(n) == MY_NULL)
		return 0;
	if (mon_yaml_check_map(y, n, "options.monitorASns", NULL) < 0)
		return -1;
	size_t count = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
	if (!(c->asns = calloc(count ? count : 1, sizeof *c->asns)))
		return oom(y, n);
	for (size_t i = 0; i < count; i++) {
		yaml_node_pair_t *p = &n->data.mapping.pairs.start[i];
		yaml_node_t *k = mon_yaml_node(y, p->key);
		c->nasns = i + 1;
		if (load_asn_entry(y, k, mon_yaml_node(y, p->value), &c->asns[i]) < 0)
			return -1;
		for (size_t j = 0; j < i; j++)
			if (c->asns[j].asn == c->asns[i].asn)
				return mon_yaml_error(
				    y, k, "duplicate entry for monitored AS%u (line %u)",
				    c->asns[i].asn, c->asns[j].line);
	}
	qsort(c->asns, c->nasns, sizeof *c->asns, asn_cmp);
	return 0;
}

static int load_options(struct monitor_config *c, struct mon_yaml *y, yaml_node_t *n)
{
	static const char *const keys[] = {"monitorASns", "generate", NULL};
	if (mon_yaml_kind(n) == MY_NULL)
		return 0;
	if (mon_yaml_check_map(y, n, "options", keys) < 0)
		return -1;
	if (mon_yaml_get(y, n, "generate") &&
	    mon_config_note(c,
	                    "%s: options.generate (BGPalerter's regeneration settings) is not "
	                    "used by manrs; ignored",
	                    y->file) < 0)
		return oom(y, n);
	yaml_node_t *asns = mon_yaml_get(y, n, "monitorASns");
	return asns ? load_monitor_asns(c, y, asns) : 0;
}

static int index_entry(struct monitor_config *c, struct mon_yaml *y, yaml_node_t *k, size_t i)
{
	uint32_t old;
	int rc = trie_insert(&c->index->trie, &c->prefixes[i].pfx, (uint32_t)i, &old);
	if (rc < 0)
		return oom(y, k);
	if (rc == 0)
		return mon_yaml_error(y, k, "duplicate entry for %s (line %u)", mon_yaml_text(k),
		                      c->prefixes[old].line);
	return 0;
}

static int load_prefixes(struct monitor_config *c, struct mon_yaml *y)
{
	yaml_node_t *root = mon_yaml_root(y);
	if (!root)
		return mon_yaml_error(y, NULL, "no prefixes to monitor (empty file)");
	if (mon_yaml_check_map(y, root, "prefixes.yml", NULL) < 0)
		return -1;
	size_t count = (size_t)(root->data.mapping.pairs.top - root->data.mapping.pairs.start);
	if (!(c->prefixes = calloc(count ? count : 1, sizeof *c->prefixes)))
		return oom(y, root);
	for (size_t i = 0; i < count; i++) {
		yaml_node_pair_t *p = &root->data.mapping.pairs.start[i];
		yaml_node_t *k = mon_yaml_node(y, p->key), *v = mon_yaml_node(y, p->value);
		if (!strcmp(mon_yaml_text(k), "options")) {
			if (load_options(c, y, v) < 0)
				return -1;
			continue;
		}
		c->nprefixes++;
		if (load_entry(y, k, v, &c->prefixes[c->nprefixes - 1]) < 0 ||
		    index_entry(c, y, k, c->nprefixes - 1) < 0)
			return -1;
	}
	return 0;
}

/* ---- construction ---- */

static struct monitor_config *config_new(struct err *e)
{
	struct monitor_config *c = calloc(1, sizeof *c);
	if (!c || !(c->index = calloc(1, sizeof *c->index))) {
		free(c);
		err_set(e, "out of memory");
		return NULL;
	}
	trie_init(&c->index->trie);
	if (mon_params_defaults(c, e) < 0) {
		monitor_config_free(c);
		return NULL;
	}
	return c;
}

struct monitor_config *monitor_config_global(struct err *e)
{
	return config_new(e);
}

static int parse_prefixes(struct monitor_config *c, const char *buf, size_t n, const char *name,
                          struct err *e)
{
	struct mon_yaml y;
	int rc = mon_yaml_load(&y, buf, n, name, e);
	if (rc == 0)
		rc = load_prefixes(c, &y);
	mon_yaml_free(&y);
	return rc;
}

static int parse_config(struct monitor_config *c, const char *buf, size_t n, const char *name,
                        struct err *e)
{
	struct mon_yaml y;
	int rc = mon_yaml_load(&y, buf, n, name, e);
	if (rc == 0)
		rc = mon_params_load(c, &y);
	mon_yaml_free(&y);
	return rc;
}

static int by_length(const void *a, const void *b, void *arg)
{
	const struct mon_prefix *v = arg;
	uint8_t x = v[*(const uint32_t *)a].pfx.len, y = v[*(const uint32_t *)b].pfx.len;
	return (x > y) - (x < y);
}

/* Fill the /16 table, shorter entries first so that more specific ones win. */
static int build_slots(struct monitor_config *c)
{
	uint32_t *order = malloc((c->nprefixes ? c->nprefixes : 1) * sizeof *order);
	uint32_t *v4 = calloc(SLOTS, sizeof *v4);
	if (!order || !v4) {
		free(order);
		free(v4);
		return -1;
	}
	for (size_t i = 0; i < c->nprefixes; i++)
		order[i] = (uint32_t)i;
	qsort_r(order, c->nprefixes, sizeof *order, by_length, c->prefixes);
	for (size_t i = 0; i < c->nprefixes; i++) {
		const struct prefix *p = &c->prefixes[order[i]].pfx;
		if (p->family != 4)
			continue;
		uint32_t first = (uint32_t)p->addr[0] << 8 | p->addr[1];
		if (p->len > 16) {
			v4[first] |= SLOT_DEEP;
			continue;
		}
		for (uint32_t s = 0; s < 1u << (16 - p->len); s++)
			v4[first + s] = (v4[first + s] & SLOT_DEEP) | (order[i] + 1);
	}
	free(order);
	c->index->v4 = v4;
	return 0;
}

struct monitor_config *monitor_config_load_buffer(const char *prefixes, size_t pn,
                                                  const char *pname, const char *config, size_t cn,
                                                  const char *cname, struct err *e)
{
	struct monitor_config *c = config_new(e);
	if (!c)
		return NULL;
	if ((pname && !(c->path = strdup(pname))) || (cname && !(c->config_path = strdup(cname)))) {
		err_set(e, "out of memory");
		goto fail;
	}
	if (prefixes && parse_prefixes(c, prefixes, pn, pname, e) < 0)
		goto fail;
	if (config && parse_config(c, config, cn, cname ? cname : "config.yml", e) < 0)
		goto fail;
	if (trie_compact(&c->index->trie) < 0 || build_slots(c) < 0) {
		err_set(e, "out of memory");
		goto fail;
	}
	return c;
fail:
	monitor_config_free(c);
	return NULL;
}

struct monitor_config *monitor_config_load(const char *prefixes_yml, const char *config_yml,
                                           struct err *e)
{
	size_t pn = 0, cn = 0;
	char *cbuf = NULL, *pbuf = NULL;
	if (prefixes_yml && !(pbuf = reader_slurp(prefixes_yml, MAX_CONFIG_BYTES, &pn, e)))
		return NULL;
	if (config_yml && !(cbuf = reader_slurp(config_yml, MAX_CONFIG_BYTES, &cn, e))) {
		free(pbuf);
		return NULL;
	}
	struct monitor_config *c =
	    monitor_config_load_buffer(pbuf, pn, prefixes_yml, cbuf, cn, config_yml, e);
	free(pbuf);
	free(cbuf);
	return c;
}

/* ---- lookups (the detectors' hot path) ---- */

const struct mon_prefix *monitor_config_match(const struct monitor_config *c,
                                              const struct prefix *p)
{
	uint32_t i;
	if (c->nprefixes == 0)
		return NULL;
	if (p->family == 4 && p->len >= 16 && c->index->v4) {
		uint32_t slot = c->index->v4[(uint32_t)p->addr[0] << 8 | p->addr[1]];
		if (!(slot & SLOT_DEEP))
			return slot ? &c->prefixes[slot - 1] : NULL;
	}
	if (!trie_longest(&c->index->trie, p, NULL, &i))
		return NULL;
	return &c->prefixes[i];
}

const struct mon_prefix *monitor_config_lookup(const struct monitor_config *c,
                                               const struct prefix *p, const char *name)
{
	const struct mon_prefix *m = monitor_config_match(c, p);
	if (!m)
		return NULL;
	if (m->ignore_morespecifics && m->pfx.len != p->len)
		return NULL;
	if (name && !mon_prefix_monitored_by(m, name))
		return NULL;
	return m;
}

const struct mon_asn *monitor_config_asn(const struct monitor_config *c, uint32_t asn)
{
	size_t lo = 0, hi = c->nasns;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->asns[mid].asn == asn)
			return &c->asns[mid];
		if (c->asns[mid].asn < asn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool mon_prefix_allows(const struct mon_prefix *e, uint32_t asn)
{
	for (size_t i = 0; i < e->nasns; i++)
		if (e->asns[i] == asn)
			return true;
	return false;
}

static bool has_name(char *const *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], name))
			return true;
	return false;
}

bool mon_prefix_monitored_by(const struct mon_prefix *e, const char *name)
{
	if (e->ninclude > 0 && !has_name(e->include_monitors, e->ninclude, name))
		return false;
	return !has_name(e->exclude_monitors, e->nexclude, name);
}

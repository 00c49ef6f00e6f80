/* SPDX-License-Identifier: ISC */
/* ixp_yaml.c - the IXP description in YAML (format in manrs-ixp(1)). Read
 * with the monitor's libyaml layer, so every error names file, line and
 * column; unknown keys are errors (a typo must not silently weaken the
 * route servers' policy). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/reader.h"
#include "detect/mon_yaml.h"
#include "ixp/ixp.h"

#define IXP_YAML_MAX (64u << 20) /* larger is not an IXP description */

typedef int (*seq_item_fn)(struct mon_yaml *y, yaml_node_t *item, void *arg, size_t i);

/* Call fn for each item of sequence n (a scalar counts as a one-item list). */
static int each_item(struct mon_yaml *y, yaml_node_t *n, const char *what, seq_item_fn fn,
                     void *arg)
{
	if (n && n->type == YAML_SCALAR_NODE)
		return fn(y, n, arg, 0);
	if (!n || n->type != YAML_SEQUENCE_NODE)
		return mon_yaml_error(y, n, "%s: expected a list", what);
	size_t i = 0;
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
	     it++, i++) {
		yaml_node_t *item = mon_yaml_node(y, *it);
		if (mon_yaml_visit(y, item) < 0 || fn(y, item, arg, i) < 0)
			return -1;
	}
	return 0;
}

static int scalar_prefix(struct mon_yaml *y, yaml_node_t *n, const char *what, bool host,
                         struct prefix *p)
{
	struct err pe;
	if (!n || n->type != YAML_SCALAR_NODE)
		return mon_yaml_error(y, n, "%s: expected %s", what,
		                      host ? "an address" : "a prefix");
	int rc =
	    host ? addr_parse(mon_yaml_text(n), p, &pe) : prefix_parse(mon_yaml_text(n), p, &pe);
	if (rc < 0)
		return mon_yaml_error(y, n, "%s: %s", what, pe.msg);
	return 0;
}

struct addr_list {
	struct ixp_addr *a;
	size_t *n;
	const char *what;
};

static int add_addr(struct mon_yaml *y, yaml_node_t *item, void *arg, size_t i)
{
	struct addr_list *l = arg;
	(void)i;
	if (*l->n == IXP_MAX_ADDRS)
		return mon_yaml_error(y, item, "%s: at most %d addresses", l->what, IXP_MAX_ADDRS);
	return scalar_prefix(y, item, l->what, true, &l->a[(*l->n)++].ip);
}

static int add_lan(struct mon_yaml *y, yaml_node_t *item, void *arg, size_t i)
{
	struct ixp *x = arg;
	(void)i;
	if (x->nlan == IXP_MAX_LANS)
		return mon_yaml_error(y, item, "peering_lan: at most %d prefixes", IXP_MAX_LANS);
	return scalar_prefix(y, item, "peering_lan", false, &x->lan[x->nlan++]);
}

static int get_uint(struct mon_yaml *y, yaml_node_t *map, const char *key, uint64_t max,
                    uint64_t *out)
{
	yaml_node_t *n = mon_yaml_get(y, map, key);
	return n ? mon_yaml_uint(y, n, key, max, out) : 0;
}

static int get_bool(struct mon_yaml *y, yaml_node_t *map, const char *key, bool *out)
{
	yaml_node_t *n = mon_yaml_get(y, map, key);
	return n ? mon_yaml_bool(y, n, key, out) : 0;
}

static int get_string(struct mon_yaml *y, yaml_node_t *map, const char *key, char **out)
{
	yaml_node_t *n = mon_yaml_get(y, map, key);
	if (!n)
		return 0;
	free(*out);
	*out = NULL;
	return mon_yaml_string(y, n, key, out);
}

static int get_action(struct mon_yaml *y, yaml_node_t *map, const char *key, enum ixp_action *a)
{
	yaml_node_t *n = mon_yaml_get(y, map, key);
	if (!n)
		return 0;
	if (n->type != YAML_SCALAR_NODE || ixp_action_parse(mon_yaml_text(n), a) < 0)
		return mon_yaml_error(y, n, "%s: expected reject, tag or off", key);
	return 0;
}

/* [min, max] prefix lengths. */
static int get_lengths(struct mon_yaml *y, yaml_node_t *map, const char *key, unsigned maxlen,
                       uint8_t *lo, uint8_t *hi)
{
	yaml_node_t *n = mon_yaml_get(y, map, key);
	if (!n)
		return 0;
	if (n->type != YAML_SEQUENCE_NODE ||
	    n->data.sequence.items.top - n->data.sequence.items.start != 2)
		return mon_yaml_error(y, n, "%s: expected [shortest, longest]", key);
	uint64_t a, b;
	if (mon_yaml_uint(y, mon_yaml_node(y, n->data.sequence.items.start[0]), key, maxlen, &a) <
	        0 ||
	    mon_yaml_uint(y, mon_yaml_node(y, n->data.sequence.items.start[1]), key, maxlen, &b) <
	        0)
		return -1;
	if (a > b)
		return mon_yaml_error(y, n, "%s: shortest %llu is longer than longest %llu", key,
		                      (unsigned long long)a, (unsigned long long)b);
	*lo = (uint8_t)a, *hi = (uint8_t)b;
	return 0;
}

static int add_transit_free(struct mon_yaml *y, yaml_node_t *item, void *arg, size_t i)
{
	struct ixp_policy *p = arg;
	return mon_yaml_asn(y, item, "transit_free", &p->transit_free[i]);
}

static int load_transit_free(struct mon_yaml *y, yaml_node_t *map, struct ixp_policy *p)
{
	yaml_node_t *n = mon_yaml_get(y, map, "transit_free");
	if (!n)
		return 0;
	size_t cnt = n->type == YAML_SEQUENCE_NODE
	                 ? (size_t)(n->data.sequence.items.top - n->data.sequence.items.start)
	                 : 1;
	uint32_t *v = calloc(cnt ? cnt : 1, sizeof *v);
	if (!v)
		return mon_yaml_error(y, n, "out of memory");
	free(p->transit_free);
	p->transit_free = v;
	p->ntransit_free = cnt;
	return each_item(y, n, "transit_free", add_transit_free, p);
}

static const char *const policy_keys[] = {"irr",
                                          "rpki",
                                          "aspa",
                                          "rpki_as_irr",
                                          "ipv4_lengths",
                                          "ipv6_lengths",
                                          "max_path_len",
                                          "transit_free",
                                          "blackhole",
                                          "blackhole_max4",
                                          "blackhole_max6",
                                          "blackhole_next_hop4",
                                          "blackhole_next_hop6",
                                          "graceful_shutdown",
                                          NULL};

static int load_policy(struct mon_yaml *y, yaml_node_t *n, struct ixp_policy *p)
{
	uint64_t v;
	if (mon_yaml_check_map(y, n, "policy", policy_keys) < 0 ||
	    get_action(y, n, "irr", &p->irr) < 0 || get_action(y, n, "rpki", &p->rpki) < 0 ||
	    get_action(y, n, "aspa", &p->aspa) < 0 ||
	    get_bool(y, n, "rpki_as_irr", &p->rpki_as_irr) < 0 ||
	    get_lengths(y, n, "ipv4_lengths", 32, &p->min_len4, &p->max_len4) < 0 ||
	    get_lengths(y, n, "ipv6_lengths", 128, &p->min_len6, &p->max_len6) < 0 ||
	    get_bool(y, n, "blackhole", &p->blackhole) < 0 ||
	    get_bool(y, n, "graceful_shutdown", &p->graceful_shutdown) < 0 ||
	    get_string(y, n, "blackhole_next_hop4", &p->blackhole_nh4) < 0 ||
	    get_string(y, n, "blackhole_next_hop6", &p->blackhole_nh6) < 0 ||
	    load_transit_free(y, n, p) < 0)
		return -1;
	v = p->max_path_len;
	if (get_uint(y, n, "max_path_len", 255, &v) < 0)
		return -1;
	p->max_path_len = (unsigned)v;
	v = p->blackhole_max4;
	if (get_uint(y, n, "blackhole_max4", 32, &v) < 0)
		return -1;
	p->blackhole_max4 = (uint8_t)v;
	v = p->blackhole_max6;
	if (get_uint(y, n, "blackhole_max6", 128, &v) < 0)
		return -1;
	p->blackhole_max6 = (uint8_t)v;
	return 0;
}

static const char *const rs_keys[] = {"name", "router_id", "addresses", "port", "passive", NULL};

static int add_rs(struct mon_yaml *y, yaml_node_t *n, void *arg, size_t i)
{
	struct ixp *x = arg;
	struct ixp_rs *rs = &x->rs[i];
	uint64_t port = 179;
	memset(rs, 0, sizeof *rs);
	x->nrs = i + 1;
	struct addr_list l = {rs->addr, &rs->naddr, "route server addresses"};
	yaml_node_t *a = mon_yaml_get(y, n, "addresses");
	if (mon_yaml_check_map(y, n, "route server", rs_keys) < 0 ||
	    get_string(y, n, "name", &rs->name) < 0 ||
	    get_string(y, n, "router_id", &rs->router_id) < 0 ||
	    get_bool(y, n, "passive", &rs->passive) < 0 || get_uint(y, n, "port", 65535, &port) < 0)
		return -1;
	if (!a)
		return mon_yaml_error(y, n, "route server: no addresses");
	if (each_item(y, a, "addresses", add_addr, &l) < 0)
		return -1;
	rs->port = (unsigned)port;
	if (!rs->router_id)
		return mon_yaml_error(y, n, "route server: no router_id");
	if (!rs->name) {
		char def[24];
		snprintf(def, sizeof def, "rs%zu", i + 1);
		if (!(rs->name = strdup(def)))
			return mon_yaml_error(y, n, "out of memory");
	}
	return 0;
}

static int load_route_servers(struct mon_yaml *y, yaml_node_t *n, struct ixp *x)
{
	if (!n || n->type != YAML_SEQUENCE_NODE ||
	    n->data.sequence.items.top == n->data.sequence.items.start)
		return mon_yaml_error(y, n, "route_servers: expected a list of route servers");
	size_t cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (!(x->rs = calloc(cnt, sizeof *x->rs)))
		return mon_yaml_error(y, n, "out of memory");
	x->rscap = cnt;
	return each_item(y, n, "route_servers", add_rs, x);
}

static const char *const member_keys[] = {
    "asn", "name", "as_set", "addresses", "port", "max_prefix4", "max_prefix6", "irr", NULL};

static int load_member_fields(struct mon_yaml *y, yaml_node_t *n, struct ixp_member *m)
{
	uint64_t port = 179, mp4 = 0, mp6 = 0;
	enum ixp_action irr = IXP_REJECT;
	yaml_node_t *asn = mon_yaml_get(y, n, "asn"), *a = mon_yaml_get(y, n, "addresses");
	struct addr_list l = {m->addr, &m->naddr, "member addresses"};
	if (!asn)
		return mon_yaml_error(y, n, "member: no asn");
	if (!a)
		return mon_yaml_error(y, n, "member: no addresses");
	if (mon_yaml_asn(y, asn, "asn", &m->asn) < 0 || get_string(y, n, "name", &m->name) < 0 ||
	    get_string(y, n, "as_set", &m->as_set) < 0 ||
	    each_item(y, a, "addresses", add_addr, &l) < 0 ||
	    get_uint(y, n, "port", 65535, &port) < 0 ||
	    get_uint(y, n, "max_prefix4", UINT32_MAX, &mp4) < 0 ||
	    get_uint(y, n, "max_prefix6", UINT32_MAX, &mp6) < 0 ||
	    get_action(y, n, "irr", &irr) < 0)
		return -1;
	if (irr == IXP_OFF)
		return mon_yaml_error(y, mon_yaml_get(y, n, "irr"),
		                      "irr: a member may be tagged, not exempted");
	m->port = (unsigned)port;
	m->max_prefix4 = (uint32_t)mp4, m->max_prefix6 = (uint32_t)mp6;
	m->irr_tag_only = irr == IXP_TAG;
	return 0;
}

static int add_member(struct mon_yaml *y, yaml_node_t *n, void *arg, size_t i)
{
	struct ixp *x = arg;
	(void)i;
	if (mon_yaml_check_map(y, n, "member", member_keys) < 0)
		return -1;
	struct ixp_member *m = ixp_member_add(x, y->e);
	return m ? load_member_fields(y, n, m) : -1;
}

static int load_rtr(struct mon_yaml *y, yaml_node_t *n, struct ixp *x)
{
	const char *s = mon_yaml_text(n);
	const char *colon = strrchr(s, ':');
	char *end;
	if (!n || n->type != YAML_SCALAR_NODE || !colon || colon == s)
		return mon_yaml_error(y, n, "rtr: expected HOST:PORT");
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (*end || port == 0 || port > 65535)
		return mon_yaml_error(y, n, "rtr: bad port in '%s'", s);
	size_t hl = (size_t)(colon - s);
	if (s[0] == '[' && hl > 2 && s[hl - 1] == ']')
		s++, hl -= 2;
	if (!(x->rtr_host = strndup(s, hl)))
		return mon_yaml_error(y, n, "out of memory");
	x->rtr_port = (unsigned)port;
	return 0;
}

static const char *const top_keys[] = {"ixp", "rs_asn", "route_servers", "peering_lan",
                                       "rtr", "policy", "members",       NULL};

static int load_doc(struct mon_yaml *y, struct ixp *x)
{
	yaml_node_t *root = mon_yaml_root(y), *n;
	if (!root)
		return mon_yaml_error(y, NULL, "empty document");
	if (mon_yaml_check_map(y, root, "IXP description", top_keys) < 0 ||
	    get_string(y, root, "ixp", &x->name) < 0)
		return -1;
	if (!(n = mon_yaml_get(y, root, "rs_asn")))
		return mon_yaml_error(y, root, "no rs_asn (the route servers' AS number)");
	if (mon_yaml_asn(y, n, "rs_asn", &x->rs_asn) < 0 ||
	    load_route_servers(y, mon_yaml_get(y, root, "route_servers"), x) < 0)
		return -1;
	if ((n = mon_yaml_get(y, root, "peering_lan")) &&
	    each_item(y, n, "peering_lan", add_lan, x) < 0)
		return -1;
	if ((n = mon_yaml_get(y, root, "rtr")) && load_rtr(y, n, x) < 0)
		return -1;
	if ((n = mon_yaml_get(y, root, "policy")) && load_policy(y, n, &x->policy) < 0)
		return -1;
	if ((n = mon_yaml_get(y, root, "members")) && n->type != YAML_SEQUENCE_NODE)
		return mon_yaml_error(y, n, "members: expected a list");
	return n ? each_item(y, n, "members", add_member, x) : 0;
}

int ixp_parse_yaml(struct ixp *x, const char *buf, size_t n, const char *name, struct err *e)
{
	struct mon_yaml y;
	int rc = mon_yaml_load(&y, buf, n, name, e);
	if (rc == 0)
		rc = load_doc(&y, x);
	mon_yaml_free(&y);
	if (rc == 0 && ixp_validate(x, e) < 0) {
		char msg[sizeof e->msg];
		snprintf(msg, sizeof msg, "%s", e->msg);
		rc = err_set(e, "%s: %s", name, msg);
	}
	return rc;
}

int ixp_load_yaml(struct ixp *x, const char *path, struct err *e)
{
	size_t n;
	char *buf = reader_slurp(path, IXP_YAML_MAX, &n, e);
	if (!buf)
		return -1;
	int rc = ixp_parse_yaml(x, buf, n, path, e);
	free(buf);
	return rc;
}

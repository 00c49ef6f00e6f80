/* SPDX-License-Identifier: ISC */
/* sav_conf.c - read sav.yml through the typed libyaml walker. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/prefix.h"
#include "core/reader.h"
#include "detect/mon_yaml.h"
#include "sav/sav_conf.h"

#define SAV_MAX_CONF_BYTES (16u << 20)

static const char *const rel_names[] = {"customer", "peer", "provider"};

const char *sav_relation_name(enum sav_relation r)
{
	return (unsigned)r < 3 ? rel_names[r] : "?";
}

static int parse_relation(struct mon_yaml *y, yaml_node_t *v, enum sav_relation *out)
{
	const char *s = mon_yaml_text(v);
	for (int i = 0; i < 3; i++)
		if (v->type == YAML_SCALAR_NODE && !strcmp(s, rel_names[i])) {
			*out = (enum sav_relation)i;
			return 0;
		}
	return mon_yaml_error(y, v, "relation must be customer, peer or provider, not '%s'", s);
}

/* "02:00:00:00:00:01" in any case; stored lower case. */
static int parse_mac(struct mon_yaml *y, yaml_node_t *v, char **out)
{
	const char *s = mon_yaml_text(v);
	bool ok = v->type == YAML_SCALAR_NODE && strlen(s) == 17;
	for (int i = 0; ok && i < 17; i++)
		ok = i % 3 == 2 ? s[i] == ':' : isxdigit((unsigned char)s[i]) != 0;
	if (!ok)
		return mon_yaml_error(y, v, "mac must look like 02:00:00:00:00:01, not '%s'", s);
	if (!(*out = strdup(s)))
		return mon_yaml_error(y, v, "out of memory");
	for (char *p = *out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return 0;
}

/* An AS number as an integer or "AS64501". */
static int parse_asn(struct mon_yaml *y, yaml_node_t *v, const char *what, uint32_t *out)
{
	struct err e;
	if (v->type != YAML_SCALAR_NODE || asn_parse(mon_yaml_text(v), out, &e) < 0)
		return mon_yaml_error(y, v, "%s: not an AS number: '%s'", what, mon_yaml_text(v));
	return 0;
}

/* Names end up inside router configs and nft rules: only characters no
 * output format has to quote or escape. */
static const char *const allowed_chars[] = {
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-",    /* name */
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:_-",    /* as_set */
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:/@-", /* interface */
};

static int optional_string(struct mon_yaml *y, yaml_node_t *m, const char *key, int kind,
                           char **out)
{
	yaml_node_t *v = mon_yaml_get(y, m, key);
	if (!v)
		return 0;
	if (mon_yaml_string(y, v, key, out) < 0)
		return -1;
	size_t n = strlen(*out);
	if (n == 0 || n > 63 || strspn(*out, allowed_chars[kind]) != n)
		return mon_yaml_error(y, v, "%s must be 1 to 63 letters, digits or %s", key,
		                      allowed_chars[kind] + 62);
	return 0;
}

static int parse_neighbor(struct mon_yaml *y, yaml_node_t *m, struct sav_neighbor *nb)
{
	static const char *const keys[] = {"name",      "asn",  "as_set", "relation",
	                                   "interface", "vlan", "mac",    NULL};
	nb->vlan = -1;
	nb->line = m->start_mark.line + 1;
	if (m->type != YAML_MAPPING_NODE)
		return mon_yaml_error(y, m, "each customer must be a mapping");
	if (mon_yaml_check_map(y, m, "customer", keys) < 0)
		return -1;
	yaml_node_t *v = mon_yaml_get(y, m, "asn");
	if (!v)
		return mon_yaml_error(y, m, "customer without asn");
	if (parse_asn(y, v, "asn", &nb->asn) < 0)
		return -1;
	if (optional_string(y, m, "name", 0, &nb->name) < 0 ||
	    optional_string(y, m, "as_set", 1, &nb->as_set) < 0 ||
	    optional_string(y, m, "interface", 2, &nb->interface) < 0)
		return -1;
	if ((v = mon_yaml_get(y, m, "relation"))) {
		if (parse_relation(y, v, &nb->rel) < 0)
			return -1;
		nb->rel_given = true;
	}
	if ((v = mon_yaml_get(y, m, "mac")) && parse_mac(y, v, &nb->mac) < 0)
		return -1;
	uint64_t vlan;
	if ((v = mon_yaml_get(y, m, "vlan"))) {
		if (mon_yaml_uint(y, v, "vlan", 4094, &vlan) < 0)
			return -1;
		if (vlan == 0)
			return mon_yaml_error(y, v, "vlan must be 1..4094");
		nb->vlan = (int)vlan;
	}
	if (!nb->name) {
		char buf[ASN_STRLEN];
		if (!(nb->name = strdup(asn_format(nb->asn, buf, sizeof buf))))
			return mon_yaml_error(y, m, "out of memory");
	}
	return 0;
}

static int check_unique(struct mon_yaml *y, yaml_node_t *seq, const struct sav_conf *c, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (!strcmp(c->nb[j].name, c->nb[i].name))
			return mon_yaml_error(y,
			                      mon_yaml_node(y, seq->data.sequence.items.start[i]),
			                      "customer name '%s' used twice (first at line %lu)",
			                      c->nb[i].name, c->nb[j].line);
	return 0;
}

static int parse_list(struct mon_yaml *y, yaml_node_t *seq, struct sav_conf *c)
{
	if (seq->type != YAML_SEQUENCE_NODE)
		return mon_yaml_error(y, seq, "customers must be a list");
	size_t n = (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
	if (n && !(c->nb = calloc(n, sizeof *c->nb)))
		return mon_yaml_error(y, seq, "out of memory");
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *m = mon_yaml_node(y, seq->data.sequence.items.start[i]);
		c->n = i + 1;
		if (mon_yaml_visit(y, m) < 0 || parse_neighbor(y, m, &c->nb[i]) < 0 ||
		    check_unique(y, seq, c, i) < 0)
			return -1;
	}
	return 0;
}

static int parse_root(struct mon_yaml *y, struct sav_conf *c)
{
	static const char *const keys[] = {"asn", "customers", "neighbors", NULL};
	yaml_node_t *root = mon_yaml_root(y);
	if (!root || root->type != YAML_MAPPING_NODE)
		return err_set(y->e, "%s: expected a mapping with asn and customers", y->file);
	if (mon_yaml_check_map(y, root, "sav.yml", keys) < 0)
		return -1;
	yaml_node_t *v = mon_yaml_get(y, root, "asn");
	if (!v)
		return mon_yaml_error(y, root, "missing asn (the operator's own AS)");
	if (parse_asn(y, v, "asn", &c->asn) < 0)
		return -1;
	yaml_node_t *a = mon_yaml_get(y, root, "customers"),
	            *b = mon_yaml_get(y, root, "neighbors");
	if (a && b)
		return mon_yaml_error(y, b, "give customers or neighbors, not both");
	if (!a && !b)
		return mon_yaml_error(y, root, "missing customers (or neighbors)");
	return parse_list(y, a ? a : b, c);
}

int sav_conf_parse(struct sav_conf *c, const char *buf, size_t n, const char *file, struct err *e)
{
	struct mon_yaml y;
	memset(c, 0, sizeof *c);
	if (!(c->file = strdup(file)))
		return err_set(e, "out of memory");
	int rc = mon_yaml_load(&y, buf, n, file, e);
	if (rc == 0)
		rc = parse_root(&y, c);
	mon_yaml_free(&y);
	if (rc < 0)
		sav_conf_free(c);
	return rc;
}

int sav_conf_load(struct sav_conf *c, const char *path, struct err *e)
{
	size_t n;
	char *buf = reader_slurp(path, SAV_MAX_CONF_BYTES, &n, e);
	if (!buf)
		return -1;
	int rc = sav_conf_parse(c, buf, n, path, e);
	free(buf);
	return rc;
}

void sav_conf_free(struct sav_conf *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->nb[i].name);
		free(c->nb[i].as_set);
		free(c->nb[i].interface);
		free(c->nb[i].mac);
	}
	free(c->nb);
	free(c->file);
	memset(c, 0, sizeof *c);
}

long sav_conf_find(const struct sav_conf *c, const char *key)
{
	uint32_t asn;
	bool is_asn = asn_parse(key, &asn, NULL) == 0;
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->nb[i].name, key) || (is_asn && c->nb[i].asn == asn))
			return (long)i;
	return -1;
}

/* SPDX-License-Identifier: ISC */
/* scan_filters.c - customers and their allowed sources from filters JSON. */
#include "sav/scan_filters.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/reader.h"

#define FILTERS_MAX_BYTES (256u << 20) /* a sanity cap, far above real filters */

long sav_filters_add(struct sav_filters *f, const char *name, struct err *e)
{
	struct sav_customer *c = GROW(f->cust, f->cap, f->n + 1);
	if (!c)
		return err_set(e, "out of memory");
	f->cust = c;
	c = &f->cust[f->n];
	memset(c, 0, sizeof *c);
	snprintf(c->name, sizeof c->name, "%s", name);
	c->vlan = SAV_NO_VLAN;
	return (long)f->n++;
}

int sav_customer_allow(struct sav_filters *f, size_t i, const struct prefix *p, struct err *e)
{
	struct sav_customer *c = &f->cust[i];
	struct prefix *v = GROW(c->pfx, c->cappfx, c->npfx + 1);
	if (!v)
		return err_set(e, "out of memory");
	c->pfx = v;
	c->pfx[c->npfx++] = *p;
	return 0;
}

long sav_filters_find(const struct sav_filters *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->cust[i].name, name))
			return (long)i;
	return -1;
}

void sav_filters_free(struct sav_filters *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->cust[i].pfx);
	free(f->cust);
	memset(f, 0, sizeof *f);
}

int sav_mac_parse(const char *s, uint64_t *mac)
{
	uint64_t v = 0;
	for (int i = 0; i < 6; i++) {
		unsigned byte = 0;
		for (int k = 0; k < 2; k++) {
			char ch = *s++;
			unsigned d = ch >= '0' && ch <= '9'   ? (unsigned)(ch - '0')
			             : ch >= 'a' && ch <= 'f' ? (unsigned)(ch - 'a' + 10)
			             : ch >= 'A' && ch <= 'F' ? (unsigned)(ch - 'A' + 10)
			                                      : 16u;
			if (d > 15)
				return -1;
			byte = byte << 4 | d;
		}
		v = v << 8 | byte;
		if (i < 5 && *s != ':' && *s != '-')
			return -1;
		if (i < 5)
			s++;
	}
	if (*s)
		return -1;
	*mac = v;
	return 0;
}

char *sav_mac_format(uint64_t mac, char *buf, size_t n)
{
	snprintf(buf, n, "%02x:%02x:%02x:%02x:%02x:%02x", (unsigned)(mac >> 40) & 255,
	         (unsigned)(mac >> 32) & 255, (unsigned)(mac >> 24) & 255,
	         (unsigned)(mac >> 16) & 255, (unsigned)(mac >> 8) & 255, (unsigned)mac & 255);
	return buf;
}

int sav_filters_load(struct sav_filters *f, const char *path, struct err *e)
{
	size_t n;
	memset(f, 0, sizeof *f);
	char *buf = reader_slurp(path, FILTERS_MAX_BYTES, &n, e); /* jansson wants a buffer */
	if (!buf)
		return -1;
	int rc = sav_filters_parse(f, buf, n, path, e);
	free(buf);
	return rc;
}

/* Optional string member key of o copied into dst; where names the object. */
static int get_str(json_t *o, const char *key, char *dst, size_t n, const char *name,
                   const char *where, struct err *e)
{
	json_t *j = json_object_get(o, key);
	if (!j || json_is_null(j))
		return 0;
	if (!json_is_string(j) || json_string_length(j) >= n || !json_string_length(j))
		return err_set(e, "%s: %s.%s: expected a string of 1 to %zu characters", name,
		               where, key, n - 1);
	memcpy(dst, json_string_value(j), json_string_length(j) + 1);
	return 0;
}

/* Optional integer member key of o in [0, max] into *v (untouched if absent). */
static int get_int(json_t *o, const char *key, json_int_t max, json_int_t *v, const char *name,
                   const char *where, struct err *e)
{
	json_t *j = json_object_get(o, key);
	if (!j || json_is_null(j))
		return 0;
	if (!json_is_integer(j) || json_integer_value(j) < 0 || json_integer_value(j) > max)
		return err_set(e, "%s: %s.%s: expected an integer from 0 to %lld", name, where, key,
		               (long long)max);
	*v = json_integer_value(j);
	return 0;
}

/* The prefix list member key ("ipv4" or "ipv6") of customer i. */
static int get_prefixes(struct sav_filters *f, size_t i, json_t *o, const char *key, int family,
                        const char *name, const char *where, struct err *e)
{
	json_t *arr = json_object_get(o, key);
	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr))
		return err_set(e, "%s: %s.%s: expected an array of prefixes", name, where, key);
	size_t k;
	json_t *v;
	json_array_foreach(arr, k, v)
	{
		struct prefix p;
		struct err pe;
		if (!json_is_string(v) || prefix_parse(json_string_value(v), &p, &pe) < 0 ||
		    p.family != family)
			return err_set(e, "%s: %s.%s[%zu]: not an IPv%d prefix%s%s", name, where,
			               key, k, family, json_is_string(v) ? ": " : "",
			               json_is_string(v) ? json_string_value(v) : "");
		if (sav_customer_allow(f, i, &p, e) < 0)
			return -1;
	}
	return 0;
}

static int get_customer(struct sav_filters *f, json_t *o, size_t idx, const char *name,
                        struct err *e)
{
	char where[48], cname[SAV_NAME_MAX] = "", mac[32] = "";
	snprintf(where, sizeof where, "customers[%zu]", idx);
	if (!json_is_object(o))
		return err_set(e, "%s: %s: expected an object", name, where);
	if (get_str(o, "name", cname, sizeof cname, name, where, e) < 0)
		return -1;
	if (!*cname)
		return err_set(e, "%s: %s: customer without a name", name, where);
	if (sav_filters_find(f, cname) >= 0)
		return err_set(e, "%s: %s: customer \"%s\" listed twice", name, where, cname);
	long i = sav_filters_add(f, cname, e);
	if (i < 0)
		return -1;
	struct sav_customer *c = &f->cust[i];
	json_int_t asn = 0, vlan = SAV_NO_VLAN;
	if (get_str(o, "interface", c->iface, sizeof c->iface, name, where, e) < 0 ||
	    get_str(o, "method", c->method, sizeof c->method, name, where, e) < 0 ||
	    get_str(o, "mac", mac, sizeof mac, name, where, e) < 0 ||
	    get_int(o, "asn", UINT32_MAX, &asn, name, where, e) < 0 ||
	    get_int(o, "vlan", 4095, &vlan, name, where, e) < 0)
		return -1;
	c->asn = (uint32_t)asn;
	c->vlan = (int)vlan;
	if (*mac) {
		if (sav_mac_parse(mac, &c->mac) < 0)
			return err_set(e, "%s: %s.mac: not a MAC address: %s", name, where, mac);
		c->has_mac = true;
	}
	return get_prefixes(f, (size_t)i, o, "ipv4", 4, name, where, e) < 0 ||
	               get_prefixes(f, (size_t)i, o, "ipv6", 6, name, where, e) < 0
	           ? -1
	           : 0;
}

int sav_filters_parse(struct sav_filters *f, const char *buf, size_t n, const char *name,
                      struct err *e)
{
	json_error_t je;
	memset(f, 0, sizeof *f);
	json_t *root = json_loadb(buf, n, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return err_at_line(e, name, (unsigned long)(je.line > 0 ? je.line : 1), "%s",
		                   je.text);
	int rc = -1;
	json_int_t asn = 0;
	json_t *cs = json_is_object(root) ? json_object_get(root, "customers") : NULL;
	if (!cs || !json_is_array(cs)) {
		err_set(e, "%s: not a SAV filters file (no \"customers\" array)", name);
		goto out;
	}
	if (get_int(root, "asn", UINT32_MAX, &asn, name, "(top)", e) < 0)
		goto out;
	f->asn = (uint32_t)asn;
	size_t k;
	json_t *c;
	json_array_foreach(cs, k, c)
	{
		if (get_customer(f, c, k, name, e) < 0)
			goto out;
	}
	rc = 0;
out:
	json_decref(root);
	if (rc < 0)
		sav_filters_free(f);
	return rc;
}

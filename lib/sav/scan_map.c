/* SPDX-License-Identifier: ISC */
/* scan_map.c - the ingress map file: which VLAN, MAC or interface is whose. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/reader.h"
#include "sav/scan_filters.h"

/* Split "KIND:KEY NAME" into b. Returns 0, or -1 with a message in why. */
static int parse_line(const struct sav_filters *f, char *line, struct sav_binding *b,
                      const char **why)
{
	char *key = line, *name = line;
	while (*name && !isspace((unsigned char)*name))
		name++;
	if (*name)
		*name++ = '\0';
	while (isspace((unsigned char)*name))
		name++;
	char *end = name + strlen(name);
	while (end > name && isspace((unsigned char)end[-1]))
		*--end = '\0';
	if (!*name || strpbrk(name, " \t")) {
		*why = "expected \"vlan:ID NAME\", \"mac:MAC NAME\" or \"if:INTERFACE NAME\"";
		return -1;
	}
	memset(b, 0, sizeof *b);
	if (!strncmp(key, "vlan:", 5)) {
		char *e;
		errno = 0;
		long v = strtol(key + 5, &e, 10);
		if (!key[5] || *e || errno || v < 0 || v > 4095) {
			*why = "VLAN id must be 0..4095";
			return -1;
		}
		b->kind = SAV_KEY_VLAN;
		b->vlan = (int)v;
	} else if (!strncmp(key, "mac:", 4)) {
		b->kind = SAV_KEY_MAC;
		if (sav_mac_parse(key + 4, &b->mac) < 0) {
			*why = "not a MAC address (02:00:00:00:00:01)";
			return -1;
		}
	} else if (!strncmp(key, "if:", 3) && key[3] && strlen(key + 3) < SAV_NAME_MAX) {
		b->kind = SAV_KEY_IF;
		memcpy(b->iface, key + 3, strlen(key + 3) + 1);
	} else {
		*why = "key must be vlan:ID, mac:MAC or if:INTERFACE";
		return -1;
	}
	long c = sav_filters_find(f, name);
	if (c < 0) {
		*why = "no customer of that name in the filters";
		return -1;
	}
	b->cust = (size_t)c;
	return 0;
}

int sav_map_load(const struct sav_filters *f, const char *path, struct sav_binding **out, size_t *n,
                 struct err *e)
{
	struct reader *r = reader_open(path, e);
	*out = NULL;
	*n = 0;
	if (!r)
		return -1;
	size_t cap = 0;
	char *line;
	size_t len;
	int rc;
	while ((rc = reader_getline(r, &line, &len, e)) == 1) {
		char *s = line;
		while (isspace((unsigned char)*s))
			s++;
		if (!*s || *s == '#')
			continue;
		struct sav_binding b;
		const char *why = "";
		if (parse_line(f, s, &b, &why) < 0) {
			rc = err_at_line(e, path, reader_lineno(r), "%s", why);
			break;
		}
		struct sav_binding *v = GROW(*out, cap, *n + 1);
		if (!v) {
			rc = err_set(e, "%s: out of memory", path);
			break;
		}
		*out = v;
		(*out)[(*n)++] = b;
	}
	reader_close(r);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

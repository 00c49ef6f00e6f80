/* SPDX-License-Identifier: ISC */
/* dialect.c - the alias table behind out_dialect_canonical. */
#include "out/dialect.h"

#include <string.h>
#include <strings.h>

static const struct {
	const char *alias, *name;
} aliases[] = {
    {"ios", "ios"},
    {"cisco", "ios"},
    {"ios-xe", "ios"},
    {"iosxe", "ios"},
    {"iosxr", "iosxr"},
    {"ios-xr", "iosxr"},
    {"cisco-xr", "iosxr"},
    {"junos", "junos"},
    {"juniper", "junos"},
    {"bird", "bird"},
    {"bird2", "bird"},
    {"openbgpd", "openbgpd"},
    {"openbgp", "openbgpd"},
    {"json", "json"},
    {"rpki-client", "json"},
    {"arista", "arista"},
    {"eos", "arista"},
    {"huawei", "huawei"},
    {"huawei-xpl", "huawei-xpl"},
    {"mikrotik", "mikrotik"},
    {"routeros", "mikrotik"},
    {"mikrotik7", "mikrotik7"},
    {"nokia", "nokia"},
    {"nokia-md", "nokia-md"},
    {"nokia-srl", "nokia-srl"},
};

const char *out_dialect_canonical(const char *name)
{
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (!strcasecmp(name, aliases[i].alias))
			return aliases[i].name;
	return name;
}

size_t out_dialect_aliases(const char *name, const char **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (!strcmp(aliases[i].name, name) && strcmp(aliases[i].alias, name) && n < max)
			out[n++] = aliases[i].alias;
	return n;
}

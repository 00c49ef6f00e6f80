/* SPDX-License-Identifier: ISC */
/* scan_filters.h - the customers 'manrs sav scan' checks packets against.
 *
 * Read from the JSON that 'manrs sav --json' writes (and the lab's
 * sav-filters.json):
 *
 *   {"asn":64500,"method":"efp-a","customers":[{"name":"cust-a","asn":64501,
 *    "interface":"eth1","vlan":101,"mac":"02:00:00:00:00:01","method":"efp-a",
 *    "ipv4":["192.0.2.0/24"],"ipv6":["2001:db8::/32"]}]}
 *
 * vlan and mac are optional. Unknown members are ignored, so the file may
 * carry more than the scan needs. A map file can then re-point ingress
 * keys (a VLAN id, a source MAC, a capture interface name) at customers. */
#ifndef MANRS_SAV_SCAN_FILTERS_H
#define MANRS_SAV_SCAN_FILTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/prefix.h"

#define SAV_NAME_MAX 64
#define SAV_NO_VLAN (-1)

/* One customer interface and the sources it may send. */
struct sav_customer {
	char name[SAV_NAME_MAX];
	char iface[SAV_NAME_MAX]; /* "" when not given */
	char method[16];          /* "" when not given */
	uint32_t asn;
	int vlan; /* 0..4095, or SAV_NO_VLAN */
	bool has_mac;
	uint64_t mac;
	struct prefix *pfx; /* allowed source prefixes, IPv4 and IPv6 */
	size_t npfx, cappfx;
};

/* All customers of the operator. */
struct sav_filters {
	uint32_t asn;
	struct sav_customer *cust;
	size_t n, cap;
};

/* The kinds of key a map line or a customer entry binds to a customer. */
enum sav_key_kind { SAV_KEY_VLAN, SAV_KEY_MAC, SAV_KEY_IF };

/* One ingress binding from a map file ("vlan:101 cust-a"). */
struct sav_binding {
	enum sav_key_kind kind;
	int vlan;
	uint64_t mac;
	char iface[SAV_NAME_MAX];
	size_t cust; /* index into sav_filters.cust */
};

/* Read the filters JSON at path (any compression the core reader knows)
 * into f, which is zeroed first. Returns 0, or -1 with e naming the file
 * and the line or the member that is wrong ("customers[2].ipv4[0]"). */
int sav_filters_load(struct sav_filters *f, const char *path, struct err *e);

/* Parse the n bytes at buf as filters JSON (name is for messages). */
int sav_filters_parse(struct sav_filters *f, const char *buf, size_t n, const char *name,
                      struct err *e);

/* Add a customer named name with no prefixes and no ingress; returns its
 * index, or -1 (out of memory). For callers that build filters in code. */
long sav_filters_add(struct sav_filters *f, const char *name, struct err *e);

/* Allow p for customer i. Returns 0 or -1 (out of memory). */
int sav_customer_allow(struct sav_filters *f, size_t i, const struct prefix *p, struct err *e);

/* Index of the customer called name, or -1. */
long sav_filters_find(const struct sav_filters *f, const char *name);

/* Free everything; f is empty afterwards. */
void sav_filters_free(struct sav_filters *f);

/* Parse a MAC "02:00:00:00:00:01" (also with '-') into a 48-bit number.
 * Returns 0 or -1. */
int sav_mac_parse(const char *s, uint64_t *mac);

/* Format a 48-bit MAC as "02:00:00:00:00:01" into buf (>= 18 bytes). */
char *sav_mac_format(uint64_t mac, char *buf, size_t n);

/* Read a map file: lines "vlan:101 NAME", "mac:02:00:00:00:00:01 NAME",
 * "if:eth1 NAME", blank lines and '#' comments. NAME must be a customer of
 * f. Fills *out (caller frees) and *n. Returns 0, or -1 with e naming file
 * and line. */
int sav_map_load(const struct sav_filters *f, const char *path, struct sav_binding **out, size_t *n,
                 struct err *e);

#endif

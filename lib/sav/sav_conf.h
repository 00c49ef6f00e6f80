/* SPDX-License-Identifier: ISC */
/* sav_conf.h - sav.yml: the operator's AS and its customers (and other
 * neighbours) with the router interface each one is behind.
 *
 *   asn: 64500
 *   customers:                 # also "neighbors:"
 *     - name: cust-a
 *       asn: 64501
 *       as_set: AS-CUSTA       # optional: method irr expands it, else the ASN
 *       relation: customer     # customer (default) | peer | provider
 *       interface: eth1
 *       vlan: 101              # optional (sav scan's ingress match)
 *       mac: "02:00:00:00:00:01"  # optional (sav scan's ingress match)
 *
 * Errors name the file, line and column. */
#ifndef MANRS_SAV_CONF_H
#define MANRS_SAV_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

enum sav_relation { SAV_REL_CUSTOMER, SAV_REL_PEER, SAV_REL_PROVIDER };

struct sav_neighbor {
	char *name;
	uint32_t asn;
	char *as_set; /* NULL when not given */
	enum sav_relation rel;
	bool rel_given;  /* relation: was in the file (else customer, or as-rel's) */
	char *interface; /* NULL when not given */
	int vlan;        /* -1 when not given */
	char *mac;       /* "02:00:00:00:00:01" lower case, NULL when not given */
	unsigned long line;
};

struct sav_conf {
	uint32_t asn;
	struct sav_neighbor *nb;
	size_t n;
	char *file; /* for messages */
};

/* Parse sav.yml text (n bytes) named file into c (initialised here).
 * Returns 0, or -1 with e set ("FILE:LINE:COL: ..."); c is then empty. */
int sav_conf_parse(struct sav_conf *c, const char *buf, size_t n, const char *file, struct err *e);

/* Read (plain or compressed, at most 16 MiB) and parse a file. Returns 0
 * or -1 with e set. */
int sav_conf_load(struct sav_conf *c, const char *path, struct err *e);

/* Release everything; c is empty afterwards. */
void sav_conf_free(struct sav_conf *c);

/* Index of the neighbour with this name or AS number text ("AS64501",
 * "64501"), or -1. */
long sav_conf_find(const struct sav_conf *c, const char *name_or_asn);

/* "customer", "peer", "provider". */
const char *sav_relation_name(enum sav_relation r);

#endif

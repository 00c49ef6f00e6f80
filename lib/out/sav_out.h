/* SPDX-License-Identifier: ISC */
/* sav_out.h - anti-spoofing filters for routers and hosts: one writer per
 * format (lib/out/sav_FORMAT.c), in a table. Each writer gets every
 * neighbour's allowed source prefixes (aggregated) at once. */
#ifndef MANRS_OUT_SAV_OUT_H
#define MANRS_OUT_SAV_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sav/sav.h"

/* One neighbour's filter. */
struct sav_out_filter {
	const struct sav_neighbor *nb;
	struct sav_plist allowed; /* aggregated */
	bool strict_ok;           /* strict uRPF allows all of it (sav_out_urpf) */
	bool strict_known;        /* strict_ok was computed (a RIB was given) */
};

/* A whole run. */
struct sav_out_doc {
	const struct sav_conf *conf;
	enum sav_method method;
	const struct sav_out_filter *f;
	size_t n;
};

struct sav_writer {
	const char *name;
	const char *summary;
	bool needs_interface; /* every customer must name its interface */
	int (*write)(FILE *f, const struct sav_out_doc *d);
};

/* The writer called name, or NULL. */
const struct sav_writer *sav_writer_find(const char *name);

/* All writers; returns how many. */
size_t sav_writers(const struct sav_writer *const **tab);

/* True when filter i gets an ACL: customers only (RFC 8704's recommendations:
 * lateral peers and providers keep loose uRPF). */
bool sav_out_filtered(const struct sav_out_filter *f);

/* name made safe for identifiers: [A-Za-z0-9_-] kept (with '-' turned into
 * '_' when dash is false), anything else '_'; upper case when upper. */
void sav_out_ident(const char *name, char *buf, size_t n, bool dash, bool upper);

/* The header comment line's text: "manrs sav: method M for ASN, N customers". */
void sav_out_banner(FILE *f, const char *comment, const struct sav_out_doc *d);

/* The note every interface ACL output carries: the deny also hits the
 * customer's traffic to the router (its BGP session) unless the link
 * network is permitted first. */
void sav_out_acl_note(FILE *f, const char *comment);

/* Writers, one per file. */
extern const struct sav_writer sav_writer_nft, sav_writer_iptables, sav_writer_ios,
    sav_writer_iosxr, sav_writer_junos, sav_writer_arista, sav_writer_nokia, sav_writer_json,
    sav_writer_urpf_ios, sav_writer_urpf_iosxr, sav_writer_urpf_junos, sav_writer_urpf_arista,
    sav_writer_urpf_nokia;

#endif

/* SPDX-License-Identifier: ISC */
/* mrt_filter.h - which MRT route elements a command keeps: one filter and
 * one option parser shared by `manrs mrt dump/stats` and `manrs rpki
 * validate --mrt`.
 *
 *   --prefix P [--more|--less]  the prefix (and more/less specifics)
 *   --origin ASN                the path ends in ASN
 *   --peer ASN|IP               the collector peer
 *   --type T[,T]                rib, announce, withdraw, state
 *   --start T, --end T          record time within [T1, T2] (inclusive);
 *                               unix seconds or ISO 8601 UTC
 *                               ("2026-01-01", "2026-01-01T10:00[:00][Z]")
 *   --aspath REGEX              Cisco/bgpdump-style regex over the path
 *   --community C               carries C: A:B, A:B:C (large) or a name
 *
 * Every given filter must match (AND); --community may be repeated and then
 * matches a route carrying any of them. --aspath sees the effective path
 * (AS4_PATH merged, RFC 6793) as decimal ASNs separated by single spaces,
 * AS_SET members listed in order; the regex is POSIX extended (regex(7))
 * where '_' matches a space, the start or the end (as in Cisco IOS and
 * bgpdump's docs), so "_701_" is AS 701 anywhere, "^3356_" a path learned
 * from 3356 and "_64500$" origin 64500. Withdrawals and state changes carry
 * no path or communities: --aspath and --community never match them. */
#ifndef MANRS_MRT_FILTER_H
#define MANRS_MRT_FILTER_H

#include <getopt.h>
#include <regex.h>
#include <stdbool.h>
#include <stdint.h>

#include "bgp/mrt_elem.h"
#include "core/err.h"
#include "core/prefix.h"

#define MRT_FILTER_MAX_COMMUNITIES 16

/* getopt_long values of the filter options (out of the way of others). */
enum {
	MRT_FOPT_PREFIX = 0x4d00,
	MRT_FOPT_MORE,
	MRT_FOPT_LESS,
	MRT_FOPT_ORIGIN,
	MRT_FOPT_PEER,
	MRT_FOPT_TYPE,
	MRT_FOPT_START,
	MRT_FOPT_END,
	MRT_FOPT_ASPATH,
	MRT_FOPT_COMMUNITY,
};

/* The filter options, to put in a command's struct option table. */
#define MRT_FILTER_LONG_OPTIONS                                                                    \
	{"prefix", required_argument, NULL, MRT_FOPT_PREFIX},                                      \
	    {"more", no_argument, NULL, MRT_FOPT_MORE},                                            \
	    {"less", no_argument, NULL, MRT_FOPT_LESS},                                            \
	    {"origin", required_argument, NULL, MRT_FOPT_ORIGIN},                                  \
	    {"peer", required_argument, NULL, MRT_FOPT_PEER},                                      \
	    {"type", required_argument, NULL, MRT_FOPT_TYPE},                                      \
	    {"start", required_argument, NULL, MRT_FOPT_START},                                    \
	    {"end", required_argument, NULL, MRT_FOPT_END},                                        \
	    {"aspath", required_argument, NULL, MRT_FOPT_ASPATH},                                  \
	{                                                                                          \
		"community", required_argument, NULL, MRT_FOPT_COMMUNITY                           \
	}

/* Usage lines for the filter options (each line indented two spaces). */
extern const char MRT_FILTER_USAGE[];

struct mrt_filter {
	bool on_prefix, more, less;
	struct prefix prefix;
	bool on_origin;
	uint32_t origin;
	bool on_peer_as, on_peer_ip;
	uint32_t peer_as;
	struct prefix peer_ip;
	unsigned types; /* bit per enum mrt_elem_type; 0 = all */
	bool on_start, on_end;
	uint32_t start, end;
	const char *aspath_src;
	bool on_aspath;
	regex_t aspath_re;
	uint64_t aspath_id; /* attrs_id of the cached verdict */
	bool aspath_ok;
	size_t n_std, n_large;
	uint32_t std[MRT_FILTER_MAX_COMMUNITIES];
	uint32_t large[MRT_FILTER_MAX_COMMUNITIES][3];
};

/* Zero f (no filter: everything matches). */
void mrt_filter_init(struct mrt_filter *f);

/* Free f's compiled regex; f can be initialised again. */
void mrt_filter_free(struct mrt_filter *f);

/* Apply one getopt_long result: returns 1 when opt is a filter option and
 * arg is good, 0 when opt is not a filter option, -1 with e set (a usage
 * error naming the option) when arg is bad. */
int mrt_filter_option(struct mrt_filter *f, int opt, const char *arg, struct err *e);

/* After all options: check combinations (--more without --prefix, --start
 * after --end). Returns 0 or -1 with e set. */
int mrt_filter_ready(struct mrt_filter *f, struct err *e);

/* Whether any filter is set. */
bool mrt_filter_active(const struct mrt_filter *f);

/* Whether el passes every filter (f caches the --aspath verdict per
 * attribute set, hence not const). */
bool mrt_filter_match(struct mrt_filter *f, const struct mrt_elem *el);

/* Parse a time: unix seconds or ISO 8601 UTC. Returns 0 or -1 with e set. */
int mrt_filter_parse_time(const char *s, uint32_t *t, struct err *e);

/* Parse a community: "A:B" (*large false, v[0]), "A:B:C" (*large true,
 * v[0..2]) or a well-known name (no-export, no-advertise, no-export-subconfed,
 * no-peer, blackhole, graceful-shutdown, accept-own). Returns 0 or -1. */
int mrt_filter_parse_community(const char *s, bool *large, uint32_t v[3], struct err *e);

#endif

/* SPDX-License-Identifier: ISC */
/* mrt_filter.c - route element filters shared by the MRT-reading commands. */
#include "bgp/mrt_filter.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/wire.h"

#define PATH_MAX_ASNS 1024

const char MRT_FILTER_USAGE[] =
    "  --prefix P      only this prefix; with --more also more-specifics, with\n"
    "                  --less also less-specifics\n"
    "  --origin ASN    only routes whose AS path ends in ASN\n"
    "  --peer ASN|IP   only routes from this peer\n"
    "  --type T[,T]    rib, announce, withdraw, state\n"
    "  --start T       only records at or after T, --end T at or before T: unix\n"
    "                  seconds or ISO 8601 UTC (2026-01-01, 2026-01-01T10:00:00Z)\n"
    "  --aspath RE     AS path (ASNs separated by spaces) matches the POSIX extended\n"
    "                  regex RE, where _ matches a space, start or end: '_701_',\n"
    "                  '^3356_', '_64500$'\n"
    "  --community C   route carries C: A:B, A:B:C (large) or no-export,\n"
    "                  no-advertise, no-export-subconfed, no-peer, blackhole,\n"
    "                  graceful-shutdown, accept-own; repeat for any of several\n";

void mrt_filter_init(struct mrt_filter *f)
{
	memset(f, 0, sizeof *f);
}

void mrt_filter_free(struct mrt_filter *f)
{
	if (f->on_aspath)
		regfree(&f->aspath_re);
	f->on_aspath = false;
}

static int usage(struct err *e, const char *fmt, const char *arg)
{
	return err_set(e, fmt, arg);
}

static int parse_types(const char *s, unsigned *types)
{
	static const struct {
		const char *name;
		enum mrt_elem_type t;
	} names[] = {{"rib", MRT_ELEM_RIB},
	             {"announce", MRT_ELEM_ANNOUNCE},
	             {"withdraw", MRT_ELEM_WITHDRAW},
	             {"state", MRT_ELEM_STATE}};
	char buf[128];
	snprintf(buf, sizeof buf, "%s", s);
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		size_t i;
		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			if (!strcmp(tok, names[i].name))
				break;
		if (i == sizeof names / sizeof names[0])
			return -1;
		*types |= 1u << names[i].t;
	}
	return 0;
}

int mrt_filter_parse_time(const char *s, uint32_t *t, struct err *e)
{
	char *end;
	if (*s && strspn(s, "0123456789") == strlen(s)) {
		unsigned long long v = strtoull(s, &end, 10);
		if (v > UINT32_MAX)
			return usage(e, "time '%s' is past 2106", s);
		*t = (uint32_t)v;
		return 0;
	}
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
		return usage(e, "time '%s' is neither unix seconds nor ISO 8601", s);
	const char *rest = s + n;
	if (*rest == 'T' || *rest == ' ') {
		int m2 = 0;
		if (sscanf(rest + 1, "%2d:%2d%n", &h, &mi, &m2) != 2)
			return usage(e, "time '%s' is neither unix seconds nor ISO 8601", s);
		rest += 1 + m2;
		if (*rest == ':') {
			int m3 = 0;
			if (sscanf(rest + 1, "%2d%n", &sec, &m3) != 1)
				return usage(e, "time '%s': bad seconds", s);
			rest += 1 + m3;
		}
	}
	if (*rest == 'Z')
		rest++;
	if (*rest || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 ||
	    y < 1970)
		return usage(e, "time '%s' is not a UTC ISO 8601 time (no offsets)", s);
	tm.tm_year = y - 1900, tm.tm_mon = mo - 1, tm.tm_mday = d;
	tm.tm_hour = h, tm.tm_min = mi, tm.tm_sec = sec;
	time_t v = timegm(&tm);
	if (v < 0 || (unsigned long long)v > UINT32_MAX)
		return usage(e, "time '%s' out of range", s);
	*t = (uint32_t)v;
	return 0;
}

static bool parse_u32(const char *s, size_t n, uint32_t max, uint32_t *v)
{
	if (n == 0 || n > 10)
		return false;
	unsigned long long x = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		x = x * 10 + (unsigned)(s[i] - '0');
	}
	if (x > max)
		return false;
	*v = (uint32_t)x;
	return true;
}

int mrt_filter_parse_community(const char *s, bool *large, uint32_t v[3], struct err *e)
{
	static const struct {
		const char *name;
		uint32_t v;
	} wk[] = {
	    {"no-export", 0xFFFFFF01},
	    {"no-advertise", 0xFFFFFF02},
	    {"no-export-subconfed", 0xFFFFFF03},
	    {"local-as", 0xFFFFFF03},
	    {"no-peer", 0xFFFFFF04},
	    {"blackhole", 0xFFFF029A},
	    {"graceful-shutdown", 0xFFFF0000},
	    {"accept-own", 0xFFFF0001},
	};
	for (size_t i = 0; i < sizeof wk / sizeof wk[0]; i++)
		if (!strcasecmp(s, wk[i].name)) {
			*large = false;
			v[0] = wk[i].v;
			return 0;
		}
	const char *c1 = strchr(s, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	uint32_t a, b, c;
	if (c1 && !c2 && parse_u32(s, (size_t)(c1 - s), 65535, &a) &&
	    parse_u32(c1 + 1, strlen(c1 + 1), 65535, &b)) {
		*large = false;
		v[0] = a << 16 | b;
		return 0;
	}
	if (c1 && c2 && parse_u32(s, (size_t)(c1 - s), UINT32_MAX, &a) &&
	    parse_u32(c1 + 1, (size_t)(c2 - c1 - 1), UINT32_MAX, &b) &&
	    parse_u32(c2 + 1, strlen(c2 + 1), UINT32_MAX, &c)) {
		*large = true;
		v[0] = a, v[1] = b, v[2] = c;
		return 0;
	}
	return usage(e, "--community wants A:B, A:B:C or a well-known name, not '%s'", s);
}

static int add_community(struct mrt_filter *f, const char *arg, struct err *e)
{
	bool large;
	uint32_t v[3];
	if (mrt_filter_parse_community(arg, &large, v, e) < 0)
		return -1;
	if ((large ? f->n_large : f->n_std) == MRT_FILTER_MAX_COMMUNITIES)
		return usage(e, "too many --community (at most 16 of a kind): '%s'", arg);
	if (large)
		memcpy(f->large[f->n_large++], v, sizeof f->large[0]);
	else
		f->std[f->n_std++] = v[0];
	return 0;
}

static int peer_option(struct mrt_filter *f, const char *arg, struct err *e)
{
	if (addr_parse(arg, &f->peer_ip, e) == 0) {
		f->on_peer_ip = true;
		return 0;
	}
	if (asn_parse(arg, &f->peer_as, e) == 0) {
		f->on_peer_as = true;
		return 0;
	}
	return usage(e, "--peer wants an ASN or an IP address, not '%s'", arg);
}

/* Rewrite the Cisco '_' into an ERE alternative; other text is kept. */
static int compile_aspath(struct mrt_filter *f, struct err *e)
{
	size_t n = strlen(f->aspath_src);
	char *re = malloc(n * 8 + 1);
	if (!re)
		return err_set(e, "out of memory");
	char *o = re;
	for (const char *p = f->aspath_src; *p; p++) {
		if (*p == '_') {
			memcpy(o, "(^| |$)", 7);
			o += 7;
		} else {
			*o++ = *p;
		}
	}
	*o = 0;
	int rc = regcomp(&f->aspath_re, re, REG_EXTENDED | REG_NOSUB);
	free(re);
	if (rc) {
		char msg[128];
		regerror(rc, &f->aspath_re, msg, sizeof msg);
		return err_set(e, "--aspath '%s': %s", f->aspath_src, msg);
	}
	f->on_aspath = true;
	f->aspath_id = UINT64_MAX;
	return 0;
}

int mrt_filter_option(struct mrt_filter *f, int opt, const char *arg, struct err *e)
{
	int rc = 0;
	switch (opt) {
	case MRT_FOPT_PREFIX:
		rc = prefix_parse(arg, &f->prefix, e);
		f->on_prefix = true;
		break;
	case MRT_FOPT_MORE:
		f->more = true;
		break;
	case MRT_FOPT_LESS:
		f->less = true;
		break;
	case MRT_FOPT_ORIGIN:
		rc = asn_parse(arg, &f->origin, e);
		f->on_origin = true;
		break;
	case MRT_FOPT_PEER:
		rc = peer_option(f, arg, e);
		break;
	case MRT_FOPT_TYPE:
		if (parse_types(arg, &f->types) < 0)
			rc = usage(e, "--type takes rib, announce, withdraw or state, not '%s'",
			           arg);
		break;
	case MRT_FOPT_START:
		rc = mrt_filter_parse_time(arg, &f->start, e);
		f->on_start = true;
		break;
	case MRT_FOPT_END:
		rc = mrt_filter_parse_time(arg, &f->end, e);
		f->on_end = true;
		break;
	case MRT_FOPT_ASPATH:
		mrt_filter_free(f);
		f->aspath_src = arg;
		rc = compile_aspath(f, e);
		break;
	case MRT_FOPT_COMMUNITY:
		rc = add_community(f, arg, e);
		break;
	default:
		return 0;
	}
	return rc < 0 ? -1 : 1;
}

int mrt_filter_ready(struct mrt_filter *f, struct err *e)
{
	if ((f->more || f->less) && !f->on_prefix)
		return err_set(e, "--more and --less need --prefix");
	if (f->on_start && f->on_end && f->start > f->end)
		return err_set(e, "--start is after --end");
	return 0;
}

bool mrt_filter_active(const struct mrt_filter *f)
{
	return f->on_prefix || f->on_origin || f->on_peer_as || f->on_peer_ip || f->types ||
	       f->on_start || f->on_end || f->on_aspath || f->n_std || f->n_large;
}

static bool aspath_match(struct mrt_filter *f, const struct mrt_elem *el)
{
	if (el->attrs_id == f->aspath_id)
		return f->aspath_ok;
	uint32_t asns[PATH_MAX_ASNS];
	char text[PATH_MAX_ASNS * 11 + 1];
	int n = bgp_attrs_path(el->attrs, asns, PATH_MAX_ASNS);
	bool ok = false;
	if (n >= 0 && n <= PATH_MAX_ASNS) {
		size_t k = 0;
		for (int i = 0; i < n; i++)
			k += (size_t)snprintf(text + k, sizeof text - k, i ? " %u" : "%u", asns[i]);
		text[k] = 0;
		ok = regexec(&f->aspath_re, text, 0, NULL, 0) == 0;
	}
	f->aspath_id = el->attrs_id;
	f->aspath_ok = ok;
	return ok;
}

static bool community_match(const struct mrt_filter *f, const struct bgp_attrs *a)
{
	struct wire_cur c = wire_cur_make(a->communities, 4 * a->n_communities);
	uint32_t v[3];
	while (wire_get_u32(&c, &v[0]))
		for (size_t k = 0; k < f->n_std; k++)
			if (v[0] == f->std[k])
				return true;
	c = wire_cur_make(a->large_communities, 12 * a->n_large_communities);
	while (wire_get_u32(&c, &v[0]) && wire_get_u32(&c, &v[1]) && wire_get_u32(&c, &v[2]))
		for (size_t k = 0; k < f->n_large; k++)
			if (v[0] == f->large[k][0] && v[1] == f->large[k][1] &&
			    v[2] == f->large[k][2])
				return true;
	return false;
}

static bool prefix_match(const struct mrt_filter *f, const struct mrt_elem *el)
{
	struct prefix p;
	mrt_elem_prefix(el, &p);
	return prefix_equal(&p, &f->prefix) || (f->more && prefix_contains(&f->prefix, &p)) ||
	       (f->less && prefix_contains(&p, &f->prefix));
}

bool mrt_filter_match(struct mrt_filter *f, const struct mrt_elem *el)
{
	if (f->types && !(f->types & (1u << el->type)))
		return false;
	if ((f->on_start && el->rec->time < f->start) || (f->on_end && el->rec->time > f->end))
		return false;
	if (f->on_peer_as && el->peer_as != f->peer_as)
		return false;
	if (f->on_peer_ip) {
		size_t n = f->peer_ip.family == 6 ? 16 : 4;
		if (el->peer_family != f->peer_ip.family ||
		    memcmp(el->peer_addr, f->peer_ip.addr, n))
			return false;
	}
	bool route_filter = f->on_prefix || f->on_origin || f->on_aspath || f->n_std || f->n_large;
	if (!route_filter)
		return true;
	if (el->type == MRT_ELEM_STATE)
		return false;
	if (f->on_prefix && !prefix_match(f, el))
		return false;
	bool has_path = el->type != MRT_ELEM_WITHDRAW && el->attrs;
	if (f->on_origin && (!has_path || bgp_attrs_origin_as(el->attrs) != f->origin))
		return false;
	if (f->on_aspath && (!has_path || !aspath_match(f, el)))
		return false;
	if ((f->n_std || f->n_large) && (!has_path || !community_match(f, el->attrs)))
		return false;
	return true;
}

/* SPDX-License-Identifier: ISC */
/* rpki_json.c - VRP/ASPA JSON in every dialect we know, in one pass:
 *   rpki-client  {"metadata":{"buildtime":..},"roas":[{"asn":N,"prefix","maxLength","ta",
 *                 "expires"}],"aspas":[{"customer_asid":N,"providers":[N|{"asid":N,..}]}]}
 *   Routinator   json ("asn":"AS1") and jsonext ("source":[{"tal":..}]),
 *                "metadata":{"generated":N}
 *   StayRTR/GoRTR "roas" plus "provider_authorizations":{"ipv4":[{"customer_asid",
 *                "provider_asids"}],"ipv6":[..]}
 *   SLURM        RFC 8416 members (see rpki_slurm.c)
 * Unknown members are skipped, so newer versions with extra fields still load. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/grow.h"
#include "rpki/rpki_load.h"

/* "2025-07-20T09:31:33Z" -> unix time; 0 when not in that shape. */
static int64_t parse_iso_time(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end)
		return 0;
	return (int64_t)timegm(&tm);
}

static int parse_metadata(struct jlex *lx, int64_t *generated)
{
	int first = 1, r;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		int is_build =
		    strcmp(lx->tok, "buildtime") == 0 || strcmp(lx->tok, "generatedTime") == 0;
		int is_gen = strcmp(lx->tok, "generated") == 0;
		enum jtok t = jlex_next(lx);
		if (is_build && t == JT_STRING) {
			int64_t g = parse_iso_time(lx->tok);
			if (g && !*generated)
				*generated = g;
		} else if (is_gen && t == JT_NUMBER) {
			uint64_t v;
			if (jlex_uint(lx, t, INT64_MAX, &v, "metadata.generated") < 0)
				return -1;
			*generated = (int64_t)v;
		} else if (jlex_skip(lx, t) < 0) {
			return -1;
		}
	}
	return r;
}

/* Routinator jsonext: "source":[{"type":"roa","tal":"apnic",..}]; first tal wins. */
static int parse_source(struct rpki_set *s, struct jlex *lx, enum jtok t, uint8_t *ta)
{
	if (t != JT_LBRACK)
		return jlex_skip(lx, t);
	int first = 1, r;
	enum jtok et;
	while ((r = jlex_arr_next(lx, &first, &et)) == 1) {
		if (et != JT_LBRACE) {
			if (jlex_skip(lx, et) < 0)
				return -1;
			continue;
		}
		int ofirst = 1, or_;
		while ((or_ = jlex_obj_next(lx, &ofirst)) == 1) {
			int is_tal = strcmp(lx->tok, "tal") == 0;
			enum jtok vt = jlex_next(lx);
			if (is_tal && vt == JT_STRING && !*ta)
				*ta = rpki_set_ta(s, lx->tok);
			else if (jlex_skip(lx, vt) < 0)
				return -1;
		}
		if (or_ < 0)
			return -1;
	}
	return r;
}

enum roa_key { RK_OTHER, RK_ASN, RK_PREFIX, RK_MAXLEN, RK_TA, RK_SOURCE, RK_EXPIRES };

static const struct {
	const char *name;
	enum roa_key key;
} roa_keys[] = {
    {"asn", RK_ASN},
    {"prefix", RK_PREFIX},
    {"maxLength", RK_MAXLEN},
    {"maxPrefixLength", RK_MAXLEN}, /* SLURM */
    {"max_length", RK_MAXLEN},
    {"ta", RK_TA},
    {"tal", RK_TA},
    {"source", RK_SOURCE},
    {"expires", RK_EXPIRES},
};

/* Called for every member of ~800k objects: test the first byte before strcmp. */
static enum roa_key roa_key(const char *k)
{
	for (size_t i = 0; i < sizeof roa_keys / sizeof roa_keys[0]; i++)
		if (k[0] == roa_keys[i].name[0] && strcmp(k, roa_keys[i].name) == 0)
			return roa_keys[i].key;
	return RK_OTHER;
}

int rpki_json_roa(struct rpki_set *s, struct jlex *lx)
{
	struct prefix p;
	uint32_t asn = 0;
	uint64_t maxlen = 0;
	uint8_t ta = 0;
	uint64_t expires = 0;
	int have_prefix = 0, have_asn = 0, have_max = 0;
	unsigned long line = lx->line;
	char bad[160] = ""; /* first bad value: the entry is skipped, not the file */
	int first = 1, r;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		enum roa_key k = roa_key(lx->tok);
		enum jtok t = jlex_next(lx);
		if ((k == RK_ASN || k == RK_PREFIX || k == RK_MAXLEN) &&
		    (t == JT_LBRACE || t == JT_LBRACK)) {
			if (jlex_skip(lx, t) < 0)
				return -1;
			if (!bad[0])
				snprintf(bad, sizeof bad, "\"%s\" is not a scalar",
				         roa_keys[k == RK_ASN      ? 0
				                  : k == RK_PREFIX ? 1
				                                   : 2]
				             .name);
			continue;
		}
		switch (k) {
		case RK_ASN:
			if (jlex_asn(lx, t, &asn, "asn") == 0)
				have_asn = 1;
			else if (t == JT_ERROR)
				return -1;
			else
				snprintf(bad, sizeof bad, "bad asn '%.40s'", lx->tok);
			break;
		case RK_PREFIX:
			if (t == JT_STRING && rpki_parse_prefix(lx->tok, &p) == 0)
				have_prefix = 1;
			else if (t == JT_STRING || t == JT_NULL || t == JT_NUMBER)
				snprintf(bad, sizeof bad, "bad prefix '%.60s'",
				         t == JT_NULL ? "null" : lx->tok);
			else
				return jlex_fail(lx, "bad prefix");
			break;
		case RK_MAXLEN:
			if (jlex_uint(lx, t, 128, &maxlen, "maxLength") == 0)
				have_max = 1;
			else if (t == JT_ERROR)
				return -1;
			else
				snprintf(bad, sizeof bad, "bad maxLength '%.20s'", lx->tok);
			break;
		case RK_TA:
			if (t == JT_STRING)
				ta = rpki_set_ta(s, lx->tok);
			else if (jlex_skip(lx, t) < 0)
				return -1;
			break;
		case RK_SOURCE:
			if (parse_source(s, lx, t, &ta) < 0)
				return -1;
			break;
		case RK_EXPIRES:
			/* Unix time (rpki-client, StayRTR); null or absent = unknown. */
			if (t == JT_NULL)
				break;
			if (jlex_uint(lx, t, INT64_MAX, &expires, "expires") < 0) {
				if (t == JT_ERROR)
					return -1;
				snprintf(bad, sizeof bad, "bad expires '%.20s'", lx->tok);
			}
			break;
		default:
			if (jlex_skip(lx, t) < 0)
				return -1;
		}
		/* jlex_uint/jlex_asn record a failure; a bad value is not a broken file. */
		if (lx->failed && !lx->strict && bad[0] && t != JT_ERROR) {
			lx->failed = 0;
			err_clear(lx->e);
		}
		if (lx->failed)
			return -1;
	}
	if (r < 0)
		return -1;
	if (!bad[0] && (!have_prefix || !have_asn))
		snprintf(bad, sizeof bad, "ROA entry without %s", have_prefix ? "asn" : "prefix");
	if (!bad[0] && !have_max)
		maxlen = p.len;
	if (!bad[0] && (maxlen < p.len || maxlen > prefix_maxlen(p.family))) {
		char buf[PREFIX_STRLEN];
		snprintf(bad, sizeof bad, "maxLength %u invalid for %s", (unsigned)maxlen,
		         prefix_format(&p, buf, sizeof buf));
	}
	if (bad[0])
		return rpki_reject(s, lx, line, "%s", bad);
	/* twin of the VRP fill in rpki_csv.c: one struct vrp per row or object */
	struct vrp v;
	memcpy(v.addr, p.addr, 16);
	v.family = p.family;
	v.len = p.len;
	v.maxlen = (uint8_t)maxlen;
	v.ta = ta;
	v.asn = asn;
	if (rpki_set_add_vrp_expires(s, &v, (int64_t)expires) < 0)
		return jlex_fail(lx, "out of memory");
	return 0;
}

struct u32buf {
	uint32_t *v;
	size_t n, cap;
};

static int u32buf_push(struct u32buf *b, uint32_t x)
{
	if (b->n >= RPKI_MAX_ASPA_PROVIDERS)
		return -2; /* the input's fault, not memory's */
	uint32_t *v = GROW(b->v, b->cap, b->n + 1);
	if (!v)
		return -1;
	b->v = v;
	b->v[b->n++] = x;
	return 0;
}

static int is_one_of(const char *k, const char *const *names)
{
	for (; *names; names++)
		if (strcmp(k, *names) == 0)
			return 1;
	return 0;
}

static const char *const customer_keys[] = {"customer_asid", "customer", "customerAsid",
                                            "customer_asn", NULL};
static const char *const providers_keys[] = {"providers",    "provider_asids", "providerSet",
                                             "provider_set", "providerAsids",  NULL};
static const char *const provider_obj_keys[] = {"asid",         "provider",      "asn",
                                                "providerAsid", "provider_asid", NULL};

static int push_provider(struct jlex *lx, struct u32buf *b, uint32_t asn)
{
	int r = u32buf_push(b, asn);
	if (r == -2)
		return jlex_fail(lx, "ASPA with more than %d providers", RPKI_MAX_ASPA_PROVIDERS);
	return r < 0 ? jlex_fail(lx, "out of memory") : 0;
}

/* One provider: a number, "AS1", or an object such as {"asid":1,"afi_limit":"ipv4"}
 * (rpki-client before the AFI limit was dropped from the profile). */
static int parse_provider(struct jlex *lx, enum jtok t, struct u32buf *b)
{
	uint32_t asn;
	if (t == JT_NUMBER || t == JT_STRING) {
		if (jlex_asn(lx, t, &asn, "provider") < 0)
			return -1;
		return push_provider(lx, b, asn);
	}
	if (t != JT_LBRACE)
		return jlex_fail(lx, "provider: expected an AS number or object");
	int first = 1, r, found = 0;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		int is_asid = is_one_of(lx->tok, provider_obj_keys);
		enum jtok vt = jlex_next(lx);
		if (is_asid && !found) {
			if (jlex_asn(lx, vt, &asn, "provider") < 0)
				return -1;
			found = 1;
		} else if (jlex_skip(lx, vt) < 0) {
			return -1;
		}
	}
	if (r < 0)
		return -1;
	if (!found)
		return jlex_fail(lx, "provider object without an AS number");
	return push_provider(lx, b, asn);
}

int rpki_json_aspa(struct rpki_set *s, struct jlex *lx)
{
	struct u32buf b = {0};
	uint32_t customer = 0;
	uint64_t expires = 0;
	int have_customer = 0, have_providers = 0;
	unsigned long line = lx->line;
	int first = 1, r;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		int is_cust = is_one_of(lx->tok, customer_keys);
		int is_prov = is_one_of(lx->tok, providers_keys);
		int is_exp = strcmp(lx->tok, "expires") == 0;
		enum jtok t = jlex_next(lx);
		if (is_exp && t != JT_NULL) {
			if (jlex_uint(lx, t, INT64_MAX, &expires, "expires") < 0)
				goto fail;
		} else if (is_cust) {
			if (jlex_asn(lx, t, &customer, "customer") < 0)
				goto fail;
			have_customer = 1;
		} else if (is_prov) {
			if (t != JT_LBRACK) {
				jlex_fail(lx, "providers: expected an array");
				goto fail;
			}
			int afirst = 1, ar;
			enum jtok et;
			while ((ar = jlex_arr_next(lx, &afirst, &et)) == 1)
				if (parse_provider(lx, et, &b) < 0)
					goto fail;
			if (ar < 0)
				goto fail;
			have_providers = 1;
		} else if (jlex_skip(lx, t) < 0) {
			goto fail;
		}
	}
	if (r < 0)
		goto fail;
	if (!have_customer || !have_providers) {
		lx->line = line;
		jlex_fail(lx, "ASPA entry without %s", have_customer ? "providers" : "customer");
		goto fail;
	}
	if (rpki_set_is_expired(s, (int64_t)expires, 1)) {
		free(b.v);
		return 0;
	}
	if (rpki_set_add_aspa(s, customer, b.v, b.n) < 0) {
		jlex_fail(lx, "out of memory");
		goto fail;
	}
	s->aspas[s->naspas - 1].expires = (int64_t)expires;
	free(b.v);
	return 0;
fail:
	free(b.v);
	return -1;
}

/* An array of objects, each handed to fn. */
static int parse_array(struct rpki_set *s, struct jlex *lx, enum jtok t, const char *what,
                       int (*fn)(struct rpki_set *, struct jlex *))
{
	if (t != JT_LBRACK)
		return t == JT_ERROR ? -1 : jlex_fail(lx, "\"%s\": expected an array", what);
	int first = 1, r;
	enum jtok et;
	while ((r = jlex_arr_next(lx, &first, &et)) == 1) {
		if (et != JT_LBRACE)
			return jlex_fail(lx, "\"%s\": expected objects in the array", what);
		if (fn(s, lx) < 0)
			return -1;
	}
	return r;
}

/* StayRTR: "provider_authorizations":{"ipv4":[..],"ipv6":[..]}; the current
 * ASPA profile has no AFI, so both lists merge per customer at finish. */
static int parse_provider_auths(struct rpki_set *s, struct jlex *lx, enum jtok t)
{
	if (t != JT_LBRACE)
		return jlex_fail(lx, "\"provider_authorizations\": expected an object");
	int first = 1, r;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		char key[16];
		snprintf(key, sizeof key, "%.15s", lx->tok);
		if (parse_array(s, lx, jlex_next(lx), key, rpki_json_aspa) < 0)
			return -1;
	}
	return r;
}

enum root_key {
	RT_OTHER,
	RT_METADATA,
	RT_ROAS,
	RT_ASPAS,
	RT_PROVIDER_AUTHS,
	RT_SLURM_VERSION,
	RT_SLURM_FILTERS,
	RT_SLURM_ASSERTIONS,
};

static const struct {
	const char *name;
	enum root_key key;
} root_keys[] = {
    {"metadata", RT_METADATA},
    {"roas", RT_ROAS},
    {"aspas", RT_ASPAS},
    {"provider_authorizations", RT_PROVIDER_AUTHS},
    {"slurmVersion", RT_SLURM_VERSION},
    {"validationOutputFilters", RT_SLURM_FILTERS},
    {"locallyAddedAssertions", RT_SLURM_ASSERTIONS},
};

static enum root_key root_key(const char *k)
{
	for (size_t i = 0; i < sizeof root_keys / sizeof root_keys[0]; i++)
		if (strcmp(k, root_keys[i].name) == 0)
			return root_keys[i].key;
	return RT_OTHER;
}

/* The top-level members of a SLURM file: all three, nothing else. */
static int slurm_check_root(struct jlex *lx, const char *unknown, int version, int filters,
                            int assertions)
{
	if (unknown[0])
		return jlex_fail(lx, "SLURM $: unknown member \"%s\" (RFC 8416)", unknown);
	const char *missing = !version      ? "slurmVersion"
	                      : !filters    ? "validationOutputFilters"
	                      : !assertions ? "locallyAddedAssertions"
	                                    : NULL;
	return missing ? jlex_fail(lx, "SLURM $: missing member \"%s\" (RFC 8416)", missing) : 0;
}

int rpki_json_load(struct rpki_set *s, struct jlex *lx, int slurm_only)
{
	size_t base_v = s->nvrps, base_a = s->naspas;
	struct slurm_filters f;
	memset(&f, 0, sizeof f);
	f.stats = s->slurm_stats;
	int64_t generated = 0;
	int slurm = 0, data = 0, rc = -1;
	int seen_version = 0, seen_filters = 0, seen_assertions = 0;
	char unknown[48] = ""; /* first unknown top-level member */
	enum jtok t = jlex_next(lx);
	if (t != JT_LBRACE) {
		if (t != JT_ERROR)
			jlex_fail(lx, "expected a JSON object at top level");
		return -1;
	}
	int first = 1, r;
	while ((r = jlex_obj_next(lx, &first)) == 1) {
		enum root_key k = root_key(lx->tok);
		if (k == RT_OTHER && !unknown[0])
			snprintf(unknown, sizeof unknown, "%.40s", lx->tok);
		t = jlex_next(lx);
		switch (k) {
		case RT_METADATA:
			if (t == JT_LBRACE) {
				if (parse_metadata(lx, &generated) < 0)
					goto out;
			} else if (jlex_skip(lx, t) < 0) {
				goto out;
			}
			break;
		case RT_ROAS:
			data = 1;
			if (parse_array(s, lx, t, "roas", rpki_json_roa) < 0)
				goto out;
			break;
		case RT_ASPAS:
			data = 1;
			if (parse_array(s, lx, t, "aspas", rpki_json_aspa) < 0)
				goto out;
			break;
		case RT_PROVIDER_AUTHS:
			data = 1;
			if (parse_provider_auths(s, lx, t) < 0)
				goto out;
			break;
		case RT_SLURM_VERSION: {
			uint64_t v;
			slurm = seen_version = 1;
			if (slurm_only && t == JT_STRING) {
				jlex_fail(lx,
				          "SLURM $.slurmVersion: expected a number, got a string");
				goto out;
			}
			if (jlex_uint(lx, t, 1000, &v, "slurmVersion") < 0)
				goto out;
			/* Version 2 is the ASPA SLURM draft; it only adds members. */
			if (v != 1 && v != 2) {
				jlex_fail(lx,
				          "SLURM $.slurmVersion: unsupported version %u (1, or 2 "
				          "of the ASPA SLURM draft)",
				          (unsigned)v);
				goto out;
			}
			break;
		}
		case RT_SLURM_FILTERS:
			slurm = seen_filters = 1;
			if (t != JT_LBRACE) {
				jlex_fail(lx, "\"validationOutputFilters\": expected an object");
				goto out;
			}
			if (slurm_parse_filters(&f, lx, slurm_only) < 0)
				goto out;
			break;
		case RT_SLURM_ASSERTIONS:
			slurm = seen_assertions = 1;
			if (t != JT_LBRACE) {
				jlex_fail(lx, "\"locallyAddedAssertions\": expected an object");
				goto out;
			}
			if (slurm_parse_assertions(s, lx, slurm_only) < 0)
				goto out;
			break;
		default:
			if (jlex_skip(lx, t) < 0)
				goto out;
		}
	}
	if (r < 0)
		goto out;
	t = jlex_next(lx);
	if (t != JT_EOF) {
		if (t != JT_ERROR)
			jlex_fail(lx, "trailing data after the JSON document");
		goto out;
	}
	if (slurm_only && (!slurm || data)) {
		jlex_fail(lx, "not a SLURM file (no slurmVersion/validationOutputFilters/"
		              "locallyAddedAssertions, or it carries \"roas\")");
		goto out;
	}
	if (!slurm && !data) {
		jlex_fail(lx, "not a VRP file (tried rpki-client, Routinator and StayRTR JSON, "
		              "SLURM: no \"roas\", \"aspas\" or SLURM members)");
		goto out;
	}
	/* RFC 8416 section 3: a file given as SLURM has exactly these members. */
	if (slurm_only &&
	    slurm_check_root(lx, unknown, seen_version, seen_filters, seen_assertions) < 0)
		goto out;
	if (slurm && slurm_apply_filters(s, &f, base_v, base_a) < 0) {
		jlex_fail(lx, "out of memory applying SLURM filters");
		goto out;
	}
	if (generated > s->generated)
		s->generated = generated;
	rc = 0;
out:
	slurm_filters_free(&f);
	return rc;
}

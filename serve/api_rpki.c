/* SPDX-License-Identifier: ISC */
/* api_rpki.c - VRP lookups and route validity over the RTR cache's
 * current data, answering validity in Routinator's /api/v1/validity shape:
 *   {"validated_route": {"route": {"origin_asn": "AS65000", "prefix": P},
 *     "validity": {"state": "valid"|"invalid"|"not-found", ["reason":
 *     "as"|"length",] "description": ..., "VRPs": {"matched": [...],
 *     "unmatched_as": [...], "unmatched_length": [...]}}},
 *    "generatedTime": RFC 3339}
 * with each VRP as {"asn": "AS65000", "prefix": P, "max_length": "24"}. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "api_priv.h"
#include "daemon.h"
#include "rpki/rov.h"
#include "rtr_server.h"

#define MAX_COVERING 1024
#define MAX_VRPS_LISTED 10000

/* The index over the served set, rebuilt when the served serial changes
 * (the set it borrows from is replaced with it). One daemon per process. */
static struct {
	const struct rpki_set *set;
	const struct vrp *vrps;
	uint32_t serial;
	struct rov_index ix;
	int built;
} cache;

void api_release(void)
{
	if (cache.built)
		rov_index_free(&cache.ix);
	memset(&cache, 0, sizeof cache);
}

static const struct rov_index *current_index(struct daemon *d, struct evbuffer *out, int *status)
{
	struct rtr_server *rtr = daemon_rtr(d);
	uint32_t serial = 0;
	const struct rpki_set *set = rtr ? rtr_server_vrps(rtr, &serial) : NULL;
	if (!set) {
		*status =
		    api_error(out, 503, rtr ? "no VRPs loaded yet" : "the rtr service is off");
		return NULL;
	}
	if (cache.built && cache.set == set && cache.vrps == set->vrps && cache.serial == serial)
		return &cache.ix;
	api_release();
	struct err e;
	if (rov_index_build(&cache.ix, set, &e) < 0) {
		*status = api_error(out, 500, "%s", e.msg);
		return NULL;
	}
	cache.built = 1;
	cache.set = set;
	cache.vrps = set->vrps;
	cache.serial = serial;
	return &cache.ix;
}

static void vrp_json(struct json_writer *w, const struct vrp *v)
{
	struct prefix p;
	char buf[64], asn[16], ml[8];
	prefix_from_bytes(&p, v->family, v->addr, v->len);
	snprintf(asn, sizeof asn, "AS%u", v->asn);
	snprintf(ml, sizeof ml, "%u", v->maxlen);
	json_begin_object(w);
	api_key_str(w, "asn", asn);
	api_key_str(w, "prefix", prefix_format(&p, buf, sizeof buf));
	api_key_str(w, "max_length", ml);
	json_end_object(w);
}

/* Covering VRPs of p whose class (0 matched, 1 other AS, 2 too long) is
 * want. */
static void vrp_class(struct json_writer *w, const char *key, const struct vrp **v, size_t n,
                      const struct prefix *p, uint32_t origin, int want)
{
	json_key(w, key);
	json_begin_array(w);
	for (size_t i = 0; i < n; i++) {
		int cls = v[i]->asn != origin ? 1 : p->len > v[i]->maxlen ? 2 : 0;
		if (origin && cls == want)
			vrp_json(w, v[i]);
		else if (!origin && want == 1)
			vrp_json(w, v[i]);
	}
	json_end_array(w);
}

static const char *describe(enum rov_state st, enum rov_reason why)
{
	if (st == ROV_VALID)
		return "At least one VRP Matches the Route Prefix";
	if (st == ROV_NOT_FOUND)
		return "No VRP Covers the Route Prefix";
	if (why == ROV_WHY_MAXLEN)
		return "At least one VRP Covers the Route Prefix, but the Route Prefix length is "
		       "greater than the maximum length allowed by VRP(s) matching this route "
		       "origin ASN";
	return "At least one VRP Covers the Route Prefix, but no VRP ASN matches the route "
	       "origin ASN";
}

static int validity(struct daemon *d, const char *asn_s, const char *pfx_s, struct evbuffer *out)
{
	struct prefix p;
	uint32_t asn;
	struct err e;
	int status;
	if (asn_parse(asn_s, &asn, &e))
		return api_error(out, 400, "%s", e.msg);
	if (prefix_parse(pfx_s, &p, &e))
		return api_error(out, 400, "%s", e.msg);
	const struct rov_index *ix = current_index(d, out, &status);
	if (!ix)
		return status;
	static const struct vrp *cover[MAX_COVERING];
	size_t n = 0;
	enum rov_reason why = ROV_WHY_NONE;
	enum rov_state st = rov_validate_detail(ix, &p, asn, cover, MAX_COVERING, &n, &why);
	if (n > MAX_COVERING)
		n = MAX_COVERING;
	struct mrt_buf b = {0};
	struct json_writer w;
	char asn_txt[16], pbuf[64];
	snprintf(asn_txt, sizeof asn_txt, "AS%u", asn);
	json_writer_init_buf(&w, &b);
	json_begin_object(&w);
	json_key(&w, "validated_route");
	json_begin_object(&w);
	json_key(&w, "route");
	json_begin_object(&w);
	api_key_str(&w, "origin_asn", asn_txt);
	api_key_str(&w, "prefix", prefix_format(&p, pbuf, sizeof pbuf));
	json_end_object(&w);
	json_key(&w, "validity");
	json_begin_object(&w);
	api_key_str(&w, "state", rov_state_name(st));
	if (st == ROV_INVALID)
		api_key_str(&w, "reason", why == ROV_WHY_MAXLEN ? "length" : "as");
	api_key_str(&w, "description", describe(st, why));
	json_key(&w, "VRPs");
	json_begin_object(&w);
	vrp_class(&w, "matched", cover, n, &p, asn, 0);
	vrp_class(&w, "unmatched_as", cover, n, &p, asn, 1);
	vrp_class(&w, "unmatched_length", cover, n, &p, asn, 2);
	json_end_object(&w);
	json_end_object(&w);
	json_end_object(&w);
	const struct rpki_set *set = cache.set;
	api_key_time(&w, "generatedTime", set->generated ? (time_t)set->generated : time(NULL));
	json_end_object(&w);
	return api_finish(&w, &b, out);
}

int api_validity_path(struct daemon *d, const char *asn_prefix, struct evbuffer *out)
{
	char asn[32];
	const char *slash = strchr(asn_prefix, '/');
	if (!slash || (size_t)(slash - asn_prefix) >= sizeof asn || !slash[1])
		return api_error(out, 400, "want /api/v1/validity/ASN/PREFIX");
	memcpy(asn, asn_prefix, (size_t)(slash - asn_prefix));
	asn[slash - asn_prefix] = 0;
	return validity(d, asn, slash + 1, out);
}

int api_validity_query(struct daemon *d, const char *query, struct evbuffer *out)
{
	char asn[32], pfx[64];
	if (api_query_get(query, "asn", asn, sizeof asn) != 1 ||
	    api_query_get(query, "prefix", pfx, sizeof pfx) != 1)
		return api_error(out, 400, "want ?asn=ASN&prefix=PREFIX");
	return validity(d, asn, pfx, out);
}

int api_vrps(struct daemon *d, const char *query, struct evbuffer *out)
{
	char v[64];
	struct prefix p;
	uint32_t asn = 0;
	struct err e;
	int status, by_prefix = api_query_get(query, "prefix", v, sizeof v) == 1;
	if (!by_prefix && api_query_get(query, "asn", v, sizeof v) != 1)
		return api_error(out, 400, "give prefix=P or asn=N");
	if (by_prefix ? prefix_parse(v, &p, &e) : asn_parse(v, &asn, &e))
		return api_error(out, 400, "%s", e.msg);
	const struct rov_index *ix = current_index(d, out, &status);
	if (!ix)
		return status;
	struct mrt_buf b = {0};
	struct json_writer w;
	size_t n = 0, shown = 0;
	json_writer_init_buf(&w, &b);
	json_begin_object(&w);
	json_key(&w, "vrps");
	json_begin_array(&w);
	if (by_prefix) {
		static const struct vrp *cover[MAX_COVERING];
		enum rov_reason why;
		rov_validate_detail(ix, &p, 0, cover, MAX_COVERING, &n, &why);
		for (; shown < n && shown < MAX_COVERING; shown++)
			vrp_json(&w, cover[shown]);
	} else {
		const struct rpki_set *s = cache.set;
		for (size_t i = 0; i < s->nvrps; i++)
			if (s->vrps[i].asn == asn && n++ < MAX_VRPS_LISTED) {
				vrp_json(&w, &s->vrps[i]);
				shown++;
			}
	}
	json_end_array(&w);
	api_key_u64(&w, "total", n);
	json_key(&w, "truncated");
	json_bool(&w, shown < n);
	api_key_u64(&w, "serial", cache.serial);
	json_end_object(&w);
	return api_finish(&w, &b, out);
}

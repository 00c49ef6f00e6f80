/* SPDX-License-Identifier: ISC */
/* alert_json_read.c - an alert rebuilt from its JSON (alert_json.h's
 * format): what the store keeps as evidence and delivers again after a
 * restart. Apart from alert_json.c: jansson's json_t API and the JSON
 * writer's do not mix in one file. */
#include "detect/alert_json_read.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

struct name_value {
	const char *name;
	int value;
};

static const struct name_value states[] = {
    {"open", ALERT_OPEN},
    {"updated", ALERT_UPDATED},
    {"resolved", ALERT_RESOLVED},
    {"unknown", 0}, /* what the writer says for a state never set */
    {NULL, 0}};
static const struct name_value severities[] = {{"info", ALERT_INFO},
                                               {"warning", ALERT_WARNING},
                                               {"critical", ALERT_CRITICAL},
                                               {"unknown", 0},
                                               {NULL, 0}};
static const struct name_value rpkis[] = {{"unchecked", ALERT_RPKI_UNCHECKED},
                                          {"valid", ALERT_RPKI_VALID},
                                          {"invalid", ALERT_RPKI_INVALID},
                                          {"not-found", ALERT_RPKI_NOTFOUND},
                                          {NULL, 0}};
static const struct name_value irrs[] = {{"unchecked", ALERT_IRR_UNCHECKED},
                                         {"registered", ALERT_IRR_REGISTERED},
                                         {"unregistered", ALERT_IRR_UNREGISTERED},
                                         {NULL, 0}};

static int get_enum(json_t *o, const char *key, const struct name_value *t, int *v, struct err *e)
{
	json_t *j = json_object_get(o, key);
	if (!j)
		return 0;
	const char *s = json_string_value(j);
	for (; s && t->name; t++)
		if (!strcmp(s, t->name)) {
			*v = t->value;
			return 0;
		}
	return err_set(e, "alert JSON: bad \"%s\"", key);
}

static int get_uint(json_t *o, const char *key, uint64_t max, uint64_t *v, struct err *e)
{
	json_t *j = json_object_get(o, key);
	if (!j || json_is_null(j))
		return 0;
	if (!json_is_integer(j) || json_integer_value(j) < 0 ||
	    (uint64_t)json_integer_value(j) > max)
		return err_set(e, "alert JSON: \"%s\" is not an integer in 0..%llu", key,
		               (unsigned long long)max);
	*v = (uint64_t)json_integer_value(j);
	return 0;
}

static int get_u32(json_t *o, const char *key, uint32_t *v, struct err *e)
{
	uint64_t x = *v;
	int rc = get_uint(o, key, UINT32_MAX, &x, e);
	*v = (uint32_t)x;
	return rc;
}

static int get_text(json_t *o, const char *key, char *dst, size_t n, struct err *e)
{
	json_t *j = json_object_get(o, key);
	if (!j || json_is_null(j))
		return 0;
	if (!json_is_string(j))
		return err_set(e, "alert JSON: \"%s\" is not a string", key);
	size_t len = (size_t)snprintf(dst, n, "%s", json_string_value(j));
	if (len >= n) { /* cut: drop a character left incomplete at the end */
		size_t k = n - 1;
		while (k > 0 && ((unsigned char)dst[k - 1] & 0xc0) == 0x80)
			k--;
		if (k > 0 && (unsigned char)dst[k - 1] >= 0xc0)
			dst[k - 1] = '\0';
	}
	return 0;
}

/* A prefix, or an address when host (stored as /32 or /128). */
static int get_prefix(json_t *o, const char *key, bool host, struct prefix *p, struct err *e)
{
	json_t *j = json_object_get(o, key);
	if (!j || json_is_null(j))
		return 0;
	struct err pe;
	const char *s = json_string_value(j);
	if (!s || (host ? addr_parse(s, p, &pe) : prefix_parse(s, p, &pe)) < 0)
		return err_set(e, "alert JSON: bad \"%s\"", key);
	return 0;
}

static int get_path(json_t *o, struct alert_sample *s, struct err *e)
{
	json_t *path = json_object_get(o, "path");
	if (!path)
		return 0;
	if (!json_is_array(path))
		return err_set(e, "alert JSON: sample path is not an array");
	size_t i;
	json_t *v;
	json_array_foreach(path, i, v)
	{
		if (i >= ALERT_MAX_PATH)
			break;
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > UINT32_MAX)
			return err_set(e, "alert JSON: bad ASN in a sample path");
		s->path[i] = (uint32_t)json_integer_value(v);
		s->path_len = (uint8_t)(i + 1);
	}
	return 0;
}

static int get_samples(json_t *o, struct alert *a, struct err *e)
{
	json_t *arr = json_object_get(o, "samples");
	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return err_set(e, "alert JSON: \"samples\" is not an array");
	size_t i;
	json_t *so;
	json_array_foreach(arr, i, so)
	{
		if (i >= ALERT_MAX_SAMPLES)
			break;
		struct alert_sample *s = &a->samples[i];
		if (!json_is_object(so))
			return err_set(e, "alert JSON: a sample is not an object");
		if (get_u32(so, "peer_as", &s->peer_as, e) < 0 ||
		    get_prefix(so, "peer", true, &s->peer_addr, e) < 0 ||
		    get_u32(so, "time_unix", &s->time, e) < 0 || get_path(so, s, e) < 0)
			return -1;
		a->nsamples = (unsigned)i + 1;
	}
	return 0;
}

static int get_counts(json_t *o, struct alert *a, struct err *e)
{
	uint32_t npeers = 0, max_peers = 0;
	if (get_u32(o, "peers", &npeers, e) < 0 || get_u32(o, "max_peers", &max_peers, e) < 0 ||
	    get_u32(o, "affected_as", &a->affected_as, e) < 0 ||
	    get_u32(o, "offender_as", &a->offender_as, e) < 0 ||
	    get_u32(o, "first_seen_unix", &a->first_seen, e) < 0 ||
	    get_u32(o, "last_seen_unix", &a->last_seen, e) < 0 ||
	    get_u32(o, "resolved_at_unix", &a->resolved_at, e) < 0 ||
	    get_u32(o, "version", &a->version, e) < 0 || get_u32(o, "nth", &a->nth, e) < 0 ||
	    get_u32(o, "flaps", &a->flaps, e) < 0 ||
	    get_u32(o, "suppressed", &a->suppressed, e) < 0 ||
	    get_u32(o, "score", &a->score, e) < 0 ||
	    get_uint(o, "id", UINT64_MAX >> 1, &a->id, e) < 0)
		return -1;
	a->npeers = npeers;
	a->max_peers = max_peers;
	return 0;
}

static int get_names(json_t *o, struct alert *a, struct err *e)
{
	int state = 0, severity = 0, rpki = 0, irr = 0;
	if (get_enum(o, "state", states, &state, e) < 0 ||
	    get_enum(o, "severity", severities, &severity, e) < 0 ||
	    get_enum(o, "rpki", rpkis, &rpki, e) < 0 || get_enum(o, "irr", irrs, &irr, e) < 0)
		return -1;
	a->state = (enum alert_state)state;
	a->severity = (enum alert_severity)severity;
	a->rpki = (enum alert_rpki)rpki;
	a->irr = (enum alert_irr)irr;
	return 0;
}

static int get_strings(json_t *o, struct alert *a, struct err *e)
{
	return get_text(o, "key", a->key, sizeof a->key, e) < 0 ||
	               get_text(o, "type", a->type, sizeof a->type, e) < 0 ||
	               get_text(o, "code", a->code, sizeof a->code, e) < 0 ||
	               get_text(o, "description", a->description, sizeof a->description, e) < 0 ||
	               get_text(o, "rule", a->rule, sizeof a->rule, e) < 0 ||
	               get_prefix(o, "prefix", false, &a->prefix, e) < 0 ||
	               get_prefix(o, "monitored", false, &a->monitored, e) < 0
	           ? -1
	           : 0;
}

int alert_json_parse(const char *text, size_t n, struct alert *a, struct err *e)
{
	json_error_t je;
	memset(a, 0, sizeof *a);
	json_t *o = json_loadb(text, n, JSON_REJECT_DUPLICATES, &je);
	if (!o)
		return err_set(e, "alert JSON: line %d column %d: %s", je.line, je.column, je.text);
	int rc = -1;
	if (!json_is_object(o))
		err_set(e, "alert JSON: not an object");
	else if (get_strings(o, a, e) == 0 && get_names(o, a, e) == 0 && get_counts(o, a, e) == 0 &&
	         get_samples(o, a, e) == 0)
		rc = 0;
	a->withheld = json_is_true(json_object_get(o, "withheld"));
	json_decref(o);
	return rc;
}

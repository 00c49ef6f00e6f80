/* SPDX-License-Identifier: ISC */
/* filter_expand.c - bgpq4 1.9's expansion order over a data backend.
 *
 * Without -L, EXCEPT or SOURCE:: names every as-set is expanded by the
 * server in one go (!a4/!a6 for prefixes when the server has it, else
 * !iSET,1). Otherwise sets are walked level by level (breadth first, as
 * bgpq4's pipeline does) with an "already seen" set, the stop list and the
 * depth limit. Then route-sets, then the routes of every ASN. */
#include "irr/filter_expand.h"

#include "core/grow.h"
#include "core/prefix.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void filter_warnf(struct filter_job *j, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (j->warn)
		j->warn(msg, j->warn_ctx);
}

static int strs_add(struct filter_strs *s, const char *v, size_t n)
{
	char **nv = GROW(s->v, s->cap, s->n + 1);
	if (!nv)
		return -1;
	s->v = nv;
	char *c = strndup(v, n);
	if (!c)
		return -1;
	s->v[s->n++] = c;
	return 0;
}

static void strs_free(struct filter_strs *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static bool strs_has(const struct filter_strs *s, const char *v, size_t n)
{
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->v[i]) == n && !strncasecmp(s->v[i], v, n))
			return true;
	return false;
}

int filter_job_init(struct filter_job *j, const struct filter_req *r, filter_warn_fn warn,
                    void *warn_ctx)
{
	memset(j, 0, sizeof(*j));
	j->req = *r;
	j->warn = warn;
	j->warn_ctx = warn_ctx;
	agg_tree_init(&j->tree, r->family);
	return 0;
}

void filter_job_free(struct filter_job *j)
{
	agg_tree_free(&j->tree);
	free(j->asns);
	strs_free(&j->sets);
	strs_free(&j->rsets);
	strs_free(&j->stop);
	memset(j, 0, sizeof(*j));
}

const char *filter_split_source(const char *s, char *src, size_t srclen)
{
	const char *d = strstr(s, "::");
	if (!d) {
		if (srclen)
			src[0] = 0;
		return s;
	}
	snprintf(src, srclen, "%.*s", (int)(d - s), s);
	return d + 2;
}

static int add_asn(struct filter_job *j, uint32_t asn)
{
	uint32_t *nv = GROW(j->asns, j->asncap, j->nasns + 1);
	if (!nv)
		return -1;
	j->asns = nv;
	j->asns[j->nasns++] = asn;
	return 0;
}

/* bgpq3's checks: silent drops; without -3 an as-path list gets 23456 for
 * every 32-bit ASN; asdot "AS1.10" accepted. */
static int add_asn_bgpq3(struct filter_job *j, const char *s, size_t n)
{
	unsigned long long hi = 0, lo = 0;
	size_t i = 2;
	bool dot = false;
	for (; i < n && isdigit((unsigned char)s[i]) && hi <= 0xffffffffull; i++)
		hi = hi * 10 + (unsigned)(s[i] - '0');
	if (i < n && s[i] == '.') {
		dot = true;
		size_t k = ++i;
		for (; i < n && isdigit((unsigned char)s[i]) && lo <= 0xffffull; i++)
			lo = lo * 10 + (unsigned)(s[i] - '0');
		if (i == k)
			return 0;
	}
	if (i < n || hi > 0xffffffffull)
		return 0;
	if (dot || hi > 65535) {
		if (j->req.asn32 || j->req.prefixes) {
			unsigned long long full = dot ? (hi << 16) + lo : hi;
			if ((dot && (hi > 65535 || lo > 65535)) || full > 0xffffffffull)
				return 0;
			if (!j->req.special_asns &&
			    (full >= 4200000000ull || (full >= 64496 && full <= 65551)))
				return 0;
			return add_asn(j, (uint32_t)full) < 0 ? -1 : 1;
		}
		return add_asn(j, 23456) < 0 ? -1 : 1;
	}
	if (hi < 1 || (hi == 23456 && !j->req.allow_23456) ||
	    (!j->req.special_asns && hi >= 64496 && hi <= 65536))
		return 0;
	return add_asn(j, (uint32_t)hi) < 0 ? -1 : 1;
}

int filter_job_add_asn_text(struct filter_job *j, const char *s, size_t n)
{
	if (j->req.bgpq3)
		return add_asn_bgpq3(j, s, n);
	/* bgpq4: strtoul after the two letters "AS", any trailing byte is an error */
	unsigned long long v = 0;
	size_t i = 2;
	for (; i < n && isdigit((unsigned char)s[i]); i++) {
		v = v * 10 + (unsigned)(s[i] - '0');
		if (v > 0xffffffffull)
			v = 0xffffffffull + 1;
	}
	if (i < n || v > 0xffffffffull) {
		filter_warnf(j, "Invalid symbol in AS number: '%c' in %.*s", i < n ? s[i] : '?',
		             (int)n, s);
		return 0;
	}
	uint32_t asn = (uint32_t)v;
	if (!j->req.special_asns && (asn >= 4200000000u || (asn >= 64496 && asn <= 65551))) {
		filter_warnf(j, "Invalid AS number: %u", asn);
		return 0;
	}
	return add_asn(j, asn) < 0 ? -1 : 1;
}

/* Set names as bgpq4 recognises them on the command line. */
static bool is_set(const char *obj, const char *kind)
{
	if (!strncasecmp(obj, kind, 3))
		return true;
	const char *c;
	return !strncasecmp(obj, "AS", 2) && (c = strchr(obj, ':')) && !strncasecmp(c + 1, kind, 3);
}

/* An ASN named on the command line that bgpq4 would drop with only a
 * warning (an empty filter, exit 0): refuse it, naming the flag that keeps
 * it. Members met while expanding sets keep bgpq4's behaviour. */
static int special_asn_object(const struct filter_job *j, const char *obj, struct err *e)
{
	uint32_t asn;
	if (j->req.special_asns || j->req.bgpq3 || asn_parse(obj, &asn, NULL) < 0)
		return 0; /* --bgpq3 keeps bgpq3's own silent rules, byte for byte */
	if ((asn >= 64512 && asn <= 65534) || (asn >= 4200000000u && asn <= 4294967294u))
		return err_set(e, "%s: private ASN, add -p to keep it", obj);
	if (asn >= 4200000000u || (asn >= 64496 && asn <= 65551))
		return err_set(e, "%s: reserved ASN, add -p to keep it", obj);
	return 0;
}

int filter_job_add(struct filter_job *j, const char *arg, struct err *e)
{
	char src[128];
	const char *obj = filter_split_source(arg, src, sizeof(src));
	if (obj != arg)
		j->usesource = true;
	if (!strcmp(arg, "EXCEPT")) {
		j->except_mode = true; /* everything after goes to the stop list */
		return 0;
	}
	if (j->except_mode) {
		if (strs_add(&j->stop, arg, strlen(arg)) < 0)
			return err_set(e, "out of memory");
		return 0;
	}
	if (is_set(obj, "AS-"))
		return strs_add(&j->sets, arg, strlen(arg)) < 0 ? err_set(e, "out of memory") : 0;
	if (is_set(obj, "RS-"))
		return strs_add(&j->rsets, arg, strlen(arg)) < 0 ? err_set(e, "out of memory") : 0;
	if (!strncasecmp(obj, "AS", 2)) {
		if (strchr(obj, ':'))
			return 0; /* bgpq4 ignores other AS...:... objects */
		if (special_asn_object(j, obj, e) < 0)
			return -1;
		return filter_job_add_asn_text(j, arg, strlen(arg)) < 0
		           ? err_set(e, "out of memory")
		           : 0;
	}
	struct err pe;
	int rc = agg_add_text(&j->tree, arg, strlen(arg), j->req.maxlen, &pe);
	if (rc <= 0) {
		if (strchr(arg, '^'))
			return err_set(
			    e, "Unable to add prefix-range %s (bad range or address-family)", arg);
		return err_set(e, "Unable to add prefix %s (bad prefix or address-family)", arg);
	}
	return 0;
}

bool filter_job_static(const struct filter_job *j)
{
	return j->sets.n == 0 && j->rsets.n == 0 && (j->nasns == 0 || !j->req.prefixes);
}

/* --- the "already expanding" set: open addressing over lower-case names --- */

struct seen {
	char **slot;
	size_t cap, n;
};

static uint64_t hash_ci(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)tolower((unsigned char)s[i])) * 1099511628211ull;
	return h;
}

/* Insert; 1 when new, 0 when present, -1 on allocation failure. */
static int seen_add(struct seen *s, const char *v, size_t n)
{
	if ((s->n + 1) * 2 > s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 64;
		char **ns = calloc(ncap, sizeof(*ns));
		if (!ns)
			return -1;
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->slot[i])
				continue;
			size_t k = hash_ci(s->slot[i], strlen(s->slot[i])) & (ncap - 1);
			while (ns[k])
				k = (k + 1) & (ncap - 1);
			ns[k] = s->slot[i];
		}
		free(s->slot);
		s->slot = ns;
		s->cap = ncap;
	}
	size_t k = hash_ci(v, n) & (s->cap - 1);
	while (s->slot[k]) {
		if (strlen(s->slot[k]) == n && !strncasecmp(s->slot[k], v, n))
			return 0;
		k = (k + 1) & (s->cap - 1);
	}
	if (!(s->slot[k] = strndup(v, n)))
		return -1;
	s->n++;
	return 1;
}

static bool seen_has(const struct seen *s, const char *v, size_t n)
{
	if (!s->cap)
		return false;
	size_t k = hash_ci(v, n) & (s->cap - 1);
	while (s->slot[k]) {
		if (strlen(s->slot[k]) == n && !strncasecmp(s->slot[k], v, n))
			return true;
		k = (k + 1) & (s->cap - 1);
	}
	return false;
}

static void seen_free(struct seen *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slot[i]);
	free(s->slot);
}

/* --- expansion --- */

struct level_ctx {
	struct filter_job *j;
	struct seen *already;
	struct filter_strs *next;
	unsigned depth; /* depth of the sets being expanded now (top = 0) */
	int failed;
};

/* bgpq4's expanded_macro_limit: one member of a set at this level. */
static void limit_member(void *arg, size_t i, const char *m, size_t n)
{
	struct level_ctx *c = arg;
	struct filter_job *j = c->j;
	(void)i;
	if (c->failed)
		return;
	bool set = (n >= 3 && !strncasecmp(m, "AS-", 3)) || memchr(m, '-', n) || memchr(m, ':', n);
	if (set) {
		if (seen_has(c->already, m, n) || strs_has(&j->stop, m, n))
			return;
		if (j->req.maxdepth && c->depth + 1 >= j->req.maxdepth)
			return;
		if (seen_add(c->already, m, n) < 0 || strs_add(c->next, m, n) < 0)
			c->failed = 1;
	} else if (n >= 2 && !strncasecmp(m, "AS", 2)) {
		if (strs_has(&j->stop, m, n))
			return;
		if (filter_job_add_asn_text(j, m, n) < 0)
			c->failed = 1;
	} else if (!(n == 3 && !strncasecmp(m, "ANY", 3))) {
		filter_warnf(j, "unexpected object '%.*s' in expanded_macro_limit", (int)n, m);
	}
}

/* bgpq4's expanded_macro: every member of a recursive expansion is an ASN. */
static void plain_member(void *arg, size_t i, const char *m, size_t n)
{
	struct level_ctx *c = arg;
	(void)i;
	if (!c->failed && filter_job_add_asn_text(c->j, m, n) < 0)
		c->failed = 1;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static void sort_unique(struct filter_job *j)
{
	if (!j->nasns)
		return;
	qsort(j->asns, j->nasns, sizeof(*j->asns), cmp_u32);
	size_t w = 1;
	for (size_t i = 1; i < j->nasns; i++)
		if (j->asns[i] != j->asns[w - 1])
			j->asns[w++] = j->asns[i];
	j->nasns = w;
}

int filter_expand(struct filter_job *j, const struct filter_backend *b, struct err *e)
{
	struct seen already = {0};
	struct filter_strs level = {0}, next = {0};
	int rc = -1;
	bool limited = j->req.maxdepth || j->stop.n || j->usesource;

	for (size_t i = 0; i < j->sets.n; i++) {
		const char *set = j->sets.v[i];
		if (limited) {
			if (seen_add(&already, set, strlen(set)) < 0 ||
			    strs_add(&level, set, strlen(set)) < 0)
				goto oom;
			continue;
		}
		if (j->req.prefixes && b->set_prefixes) {
			int r = b->set_prefixes(b->ctx, j, set, e);
			if (r < 0)
				goto out;
			if (r > 0)
				continue;
		}
		struct level_ctx c = {j, &already, NULL, 0, 0};
		const char *one[1] = {set};
		if (b->members(b->ctx, j, one, 1, true, plain_member, &c, e) < 0)
			goto out;
		if (c.failed)
			goto oom;
	}

	/* breadth first, like bgpq4's pipeline: a set is expanded at the
	 * shallowest depth it is met */
	for (unsigned depth = 0; level.n; depth++) {
		struct level_ctx c = {j, &already, &next, depth, 0};
		if (b->members(b->ctx, j, (const char *const *)level.v, level.n, false,
		               limit_member, &c, e) < 0)
			goto out;
		if (c.failed)
			goto oom;
		strs_free(&level);
		level = next;
		memset(&next, 0, sizeof(next));
	}

	sort_unique(j);
	if (j->req.prefixes || j->req.validate_asns) {
		if (j->rsets.n &&
		    b->rset_prefixes(b->ctx, j, (const char *const *)j->rsets.v, j->rsets.n, e) < 0)
			goto out;
		if (j->nasns && b->asn_prefixes(b->ctx, j, e) < 0)
			goto out;
	}
	rc = 0;
	goto out;
oom:
	err_set(e, "out of memory");
out:
	seen_free(&already);
	strs_free(&level);
	strs_free(&next);
	return rc;
}

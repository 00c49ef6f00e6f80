/* SPDX-License-Identifier: ISC */
/* as_rel.c - CAIDA as-rel loader and the pair hash behind as_rel_get. */
#include "detect/as_rel.h"

#include <stdlib.h>
#include <string.h>

#include "core/reader.h"

/* Slot value: which of the pair (low AS, high AS) is the provider. */
enum { SLOT_EMPTY = 0, SLOT_PEER = 1, SLOT_LOW_PROVIDER = 2, SLOT_HIGH_PROVIDER = 3 };

struct as_rel {
	uint64_t *keys; /* low << 32 | high */
	uint8_t *vals;
	size_t cap; /* power of two */
	size_t n;
	int64_t date; /* newest "source:topology" date, 0: none seen */
};

static size_t slot_hash(uint64_t k, size_t cap)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k & (cap - 1);
}

struct as_rel *as_rel_new(struct err *e)
{
	struct as_rel *r = calloc(1, sizeof *r);
	if (!r) {
		err_set(e, "as-rel: out of memory");
		return NULL;
	}
	return r;
}

void as_rel_free(struct as_rel *r)
{
	if (!r)
		return;
	free(r->keys);
	free(r->vals);
	free(r);
}

/* Slot of key k: where it is, or the empty slot where it goes. */
static size_t slot_find(const uint64_t *keys, const uint8_t *vals, size_t cap, uint64_t k)
{
	size_t i = slot_hash(k, cap);
	while (vals[i] != SLOT_EMPTY && keys[i] != k)
		i = (i + 1) & (cap - 1);
	return i;
}

static int table_grow(struct as_rel *r)
{
	size_t cap = r->cap ? r->cap * 2 : 1024;
	uint64_t *keys = calloc(cap, sizeof *keys);
	uint8_t *vals = calloc(cap, 1);
	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -1;
	}
	for (size_t i = 0; i < r->cap; i++) {
		if (r->vals[i] == SLOT_EMPTY)
			continue;
		size_t j = slot_find(keys, vals, cap, r->keys[i]);
		keys[j] = r->keys[i];
		vals[j] = r->vals[i];
	}
	free(r->keys);
	free(r->vals);
	r->keys = keys;
	r->vals = vals;
	r->cap = cap;
	return 0;
}

int as_rel_add(struct as_rel *r, uint32_t a, uint32_t b, int rel, struct err *e)
{
	if (rel != -1 && rel != 0)
		return err_set(e, "relation %d is neither -1 (provider-customer) nor 0 (peers)",
		               rel);
	/* Keep the load factor under 1/2 so probe runs stay short. */
	if ((r->n + 1) * 2 > r->cap && table_grow(r) < 0)
		return err_set(e, "as-rel: out of memory");
	uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
	uint64_t k = (uint64_t)lo << 32 | hi;
	uint8_t v = rel == 0 ? SLOT_PEER : (a == lo ? SLOT_LOW_PROVIDER : SLOT_HIGH_PROVIDER);
	size_t i = slot_find(r->keys, r->vals, r->cap, k);
	if (r->vals[i] == SLOT_EMPTY)
		r->n++;
	r->keys[i] = k;
	r->vals[i] = v;
	return 0;
}

enum as_rel_kind as_rel_get(const struct as_rel *r, uint32_t a, uint32_t b)
{
	if (!r || r->n == 0)
		return AS_REL_NONE;
	uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
	size_t i = slot_find(r->keys, r->vals, r->cap, (uint64_t)lo << 32 | hi);
	switch (r->vals[i]) {
	case SLOT_PEER:
		return AS_REL_P2P;
	case SLOT_LOW_PROVIDER:
		return a == lo ? AS_REL_P2C : AS_REL_C2P;
	case SLOT_HIGH_PROVIDER:
		return a == hi ? AS_REL_P2C : AS_REL_C2P;
	default:
		return AS_REL_NONE;
	}
}

void as_rel_each_p2c(const struct as_rel *r,
                     void (*fn)(uint32_t provider, uint32_t customer, void *ctx), void *ctx)
{
	for (size_t i = 0; r && i < r->cap; i++) {
		uint32_t lo = (uint32_t)(r->keys[i] >> 32), hi = (uint32_t)r->keys[i];
		if (r->vals[i] == SLOT_LOW_PROVIDER)
			fn(lo, hi, ctx);
		else if (r->vals[i] == SLOT_HIGH_PROVIDER)
			fn(hi, lo, ctx);
	}
}

size_t as_rel_count(const struct as_rel *r)
{
	return r ? r->n : 0;
}

const char *as_rel_kind_name(enum as_rel_kind k)
{
	switch (k) {
	case AS_REL_P2C:
		return "provider-customer";
	case AS_REL_C2P:
		return "customer-provider";
	case AS_REL_P2P:
		return "peer-peer";
	default:
		return "none";
	}
}

/* An unsigned decimal ASN ending at '|' or the end; advances *s. */
static int parse_asn(const char **s, const char *end, uint32_t *out)
{
	const char *p = *s;
	uint64_t v = 0;
	if (p >= end || *p < '0' || *p > '9')
		return -1;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > UINT32_MAX)
			return -1;
	}
	*out = (uint32_t)v;
	*s = p;
	return 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard Hinnant's
 * days_from_civil): timegm is not C17. */
static int64_t days_from_civil(int y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* "# source:topology|BGP|20161101|ripe|rrc00": keep the newest date. */
static void parse_comment(struct as_rel *r, const char *s, const char *end)
{
	static const char tag[] = "# source:topology|BGP|";
	size_t n = sizeof tag - 1;
	if ((size_t)(end - s) < n + 8 || memcmp(s, tag, n))
		return;
	s += n;
	unsigned v = 0;
	for (int i = 0; i < 8; i++) {
		if (s[i] < '0' || s[i] > '9')
			return;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	unsigned y = v / 10000, m = v / 100 % 100, d = v % 100;
	if (y < 1990 || m < 1 || m > 12 || d < 1 || d > 31)
		return;
	int64_t t = days_from_civil((int)y, m, d) * 86400;
	if (t > r->date)
		r->date = t;
}

/* One line (no newline). Returns 1 for a link, 0 for blank/comment, -1 with
 * e set (no location: the caller adds it). */
static int parse_line(struct as_rel *r, const char *s, size_t len, struct err *e)
{
	const char *end = s + len;
	while (end > s && (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (s != end && *s == '#')
		parse_comment(r, s, end);
	if (s == end || *s == '#')
		return 0;
	uint32_t a, b;
	if (parse_asn(&s, end, &a) < 0 || s == end || *s++ != '|')
		return err_set(e, "expected \"<as>|<as>|<rel>\"");
	if (parse_asn(&s, end, &b) < 0 || s == end || *s++ != '|')
		return err_set(e, "expected \"<as>|<as>|<rel>\" (second AS)");
	int rel;
	if (end - s >= 2 && s[0] == '-' && s[1] == '1') {
		rel = -1;
		s += 2;
	} else if (end - s >= 1 && s[0] == '0') {
		rel = 0;
		s += 1;
	} else {
		return err_set(e, "relation must be -1 or 0");
	}
	/* serial-2 adds "|<source>" (e.g. "bgp", "mlp"); anything else is junk. */
	if (s != end && *s != '|')
		return err_set(e, "junk after the relation");
	if (a == b)
		return err_set(e, "AS%u related to itself", a);
	return as_rel_add(r, a, b, rel, e) < 0 ? -1 : 1;
}

long as_rel_load_buffer(struct as_rel *r, const char *buf, size_t n, const char *name,
                        struct err *e)
{
	long links = 0;
	unsigned long lineno = 0;
	const char *p = buf, *end = buf + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		lineno++;
		if (memchr(p, '\0', len))
			return err_at_line(e, name, lineno, "NUL byte in line");
		struct err le = {0};
		int rc = parse_line(r, p, len, &le);
		if (rc < 0)
			return err_at_line(e, name, lineno, "%s", le.msg);
		links += rc;
		p += len + (nl ? 1 : 0);
	}
	return links;
}

long as_rel_load(struct as_rel *r, const char *path, struct err *e)
{
	struct reader *rd = reader_open(path, e);
	if (!rd)
		return -1;
	long links = 0;
	char *line;
	size_t len;
	int got;
	while ((got = reader_getline(rd, &line, &len, e)) > 0) {
		struct err le = {0};
		int rc = memchr(line, '\0', len) ? err_set(&le, "NUL byte in line")
		                                 : parse_line(r, line, len, &le);
		if (rc < 0) {
			err_at_line(e, path, reader_lineno(rd), "%s", le.msg);
			reader_close(rd);
			return -1;
		}
		links += rc;
	}
	reader_close(rd);
	return got < 0 ? -1 : links;
}

int64_t as_rel_date(const struct as_rel *r)
{
	return r->date;
}

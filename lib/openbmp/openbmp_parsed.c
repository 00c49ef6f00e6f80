/* SPDX-License-Identifier: ISC */
/* openbmp_parsed.c - openbmp.parsed.* messages (message bus API 1.7, see
 * openbmp.h): unicast_prefix and peer rows from route events, and back. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "openbmp/openbmp.h"
#include "openbmp/openbmp_hash.h"

#define MAX_FIELDS 48

static int put_fmt(struct mrt_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int put_fmt(struct mrt_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || mrt_buf_reserve(b, (size_t)n + 1) < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void openbmp_collector_init(struct openbmp_collector *c, const char *admin_id)
{
	memset(c, 0, sizeof *c);
	snprintf(c->admin_id, sizeof c->admin_id, "%s", admin_id);
	openbmp_hash_hex(c->hash, c->admin_id, strlen(c->admin_id), NULL, 0);
}

int32_t openbmp_partition(const struct prefix *pfx, int32_t n)
{
	uint8_t key[18] = {pfx->family, pfx->len};
	size_t nb = (pfx->len + 7u) / 8u;
	memcpy(key + 2, pfx->addr, nb > 16 ? 16 : nb);
	return n > 0 ? (int32_t)(openbmp_fnv32(key, 2 + nb) % (uint32_t)n) : 0;
}

static void format_time(char out[32], uint32_t sec, uint32_t usec)
{
	time_t t = (time_t)sec;
	struct tm tm;
	gmtime_r(&t, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%06u", usec % 1000000u);
}

/* "64500 64501 {64502,64503}": the final AS_SET in braces when ev says
 * which members are its. */
static int put_path(struct mrt_buf *b, const struct route_event *ev)
{
	size_t nseq = ev->path_len;
	if (ev->origin_set && ev->origin_set_len <= ev->path_len &&
	    ev->origin_set == ev->path + ev->path_len - ev->origin_set_len)
		nseq -= ev->origin_set_len;
	for (size_t i = 0; i < nseq; i++)
		if (put_fmt(b, "%s%u", i ? " " : "", ev->path[i]) < 0)
			return -1;
	for (size_t i = nseq; i < ev->path_len; i++)
		if (put_fmt(b, "%s%u%s", i == nseq ? (nseq ? " {" : "{") : ",", ev->path[i],
		            i + 1 == ev->path_len ? "}" : "") < 0)
			return -1;
	return 0;
}

static int put_communities(struct mrt_buf *b, const struct route_event *ev)
{
	for (size_t i = 0; i < ev->n_communities; i++)
		if (put_fmt(b, "%s%u:%u", i ? " " : "", ev->communities[i] >> 16,
		            ev->communities[i] & 0xffff) < 0)
			return -1;
	return 0;
}

/* Names and hashes shared by the rows of one event. */
struct row_ids {
	const char *router;
	char router_hash[33], peer_hash[33], peer_ip[64], when[32];
};

static void row_ids(struct row_ids *ids, const struct openbmp_collector *c,
                    const struct route_event *ev)
{
	const char *r = ev->source ? ev->source : "0.0.0.0";
	ids->router = strncmp(r, "bmp:", 4) ? r : r + 4;
	openbmp_hash_hex(ids->router_hash, ids->router, strlen(ids->router), c->hash, 32);
	addr_format(&ev->peer_addr, ids->peer_ip, sizeof ids->peer_ip);
	openbmp_hash_hex(ids->peer_hash, ids->peer_ip, strlen(ids->peer_ip), ids->router_hash, 32);
	format_time(ids->when, ev->time, ev->usec);
}

static const char *origin_name(int origin)
{
	static const char *const names[] = {"igp", "egp", "incomplete"};
	return origin >= 0 && origin <= 2 ? names[origin] : "";
}

/* Fields 14-27 of an "add" row: origin to originator id. */
static int put_attrs(struct mrt_buf *b, const struct route_event *ev, const struct openbmp_attrs *a)
{
	char nh[64] = "", med[16] = "", lp[16] = "";
	if (a->next_hop.family)
		addr_format(&a->next_hop, nh, sizeof nh);
	if (a->has_med)
		snprintf(med, sizeof med, "%u", a->med);
	if (a->has_local_pref)
		snprintf(lp, sizeof lp, "%u", a->local_pref);
	if (put_fmt(b, "%s\t", origin_name(a->origin)) < 0 || put_path(b, ev) < 0 ||
	    put_fmt(b, "\t%zu\t%u\t%s\t%s\t%s\t\t", ev->path_len, ev->origin, nh, med, lp) < 0 ||
	    put_communities(b, ev) < 0)
		return -1;
	return put_fmt(b, "\t\t\t0\t%d\t", a->next_hop.family == 6 ? 0 : 1);
}

static int prefix_row(struct mrt_buf *b, struct openbmp_collector *c, const struct route_event *ev,
                      const struct openbmp_attrs *a)
{
	struct row_ids ids;
	row_ids(&ids, c, ev);
	char addr[64], pfx_hash[33], attr_hash[33] = "";
	addr_format(&ev->pfx, addr, sizeof addr);
	uint8_t key[18] = {ev->pfx.family, ev->pfx.len};
	memcpy(key + 2, ev->pfx.addr, 16);
	openbmp_hash_hex(pfx_hash, key, sizeof key, ids.peer_hash, 32);
	bool add = ev->type == ROUTE_EV_ANNOUNCE;
	if (add)
		openbmp_hash_hex(attr_hash, ev->path, ev->path_len * sizeof *ev->path,
		                 ids.peer_hash, 32);
	if (put_fmt(b, "%s\t%llu\t%s\t%s\t%s\t%s\t%s\t%s\t%u\t%s\t%s\t%u\t%d\t",
	            add ? "add" : "del", (unsigned long long)c->seq++, pfx_hash, ids.router_hash,
	            ids.router, attr_hash, ids.peer_hash, ids.peer_ip, ev->peer_as, ids.when, addr,
	            ev->pfx.len, ev->pfx.family == 4) < 0)
		return -1;
	if (add ? put_attrs(b, ev, a) < 0 : put_fmt(b, "\t\t\t\t\t\t\t\t\t\t\t\t\t") < 0)
		return -1;
	return put_fmt(b, "\t0\t\t%d\t%d\t\n", !a->post_policy, !a->adj_out);
}

static int peer_row(struct mrt_buf *b, struct openbmp_collector *c, const struct route_event *ev,
                    const struct openbmp_attrs *a)
{
	struct row_ids ids;
	row_ids(&ids, c, ev);
	return put_fmt(
	    b,
	    "down\t%llu\t%s\t%s\t\t\t%s\t%s\t%u\t%s\t0:0\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t0\t%d\t%"
	    "d\t0\t0\t\n",
	    (unsigned long long)c->seq++, ids.peer_hash, ids.router_hash, ids.router, ids.when,
	    ev->peer_as, ids.peer_ip, !a->post_policy, ev->peer_addr.family == 4);
}

int openbmp_parsed_encode(struct mrt_buf *b, struct openbmp_collector *c,
                          const struct route_event *ev, const struct openbmp_attrs *attrs,
                          const char **type, struct err *e)
{
	static const struct openbmp_attrs none = {.origin = -1};
	struct mrt_buf row = {0};
	bool peer = ev->type == ROUTE_EV_PEER_DOWN;
	*type = peer ? "peer" : "unicast_prefix";
	int rc = peer ? peer_row(&row, c, ev, attrs ? attrs : &none)
	              : prefix_row(&row, c, ev, attrs ? attrs : &none);
	if (rc == 0)
		rc = put_fmt(b, "V: 1.7\nC_HASH_ID: %s\nT: %s\nL: %zu\nR: 1\n\n", c->hash, *type,
		             row.len);
	if (rc == 0 && mrt_buf_reserve(b, row.len) == 0)
		mrt_buf_put(b, row.p, row.len);
	else
		rc = -1;
	mrt_buf_free(&row);
	return rc < 0 ? err_set(e, "out of memory") : 0;
}

/* ---- reading ---- */

struct span {
	const char *p;
	size_t n;
};

struct reader {
	struct openbmp_decoder *d;
	const char *base; /* the message, for offsets */
	unsigned long row;
	struct span f[MAX_FIELDS];
	size_t nf;
	struct err *e;
};

static int bad(struct reader *r, size_t field, const char *what)
{
	const struct span *s = field < r->nf ? &r->f[field] : &r->f[r->nf - 1];
	return err_at_offset(r->e, "openbmp", (uint64_t)(s->p - r->base),
	                     "row %lu field %zu: %s '%.*s'", r->row, field + 1, what,
	                     (int)(s->n > 60 ? 60 : s->n), s->p);
}

static bool span_is(const struct span *s, const char *lit)
{
	return s->n == strlen(lit) && !memcmp(s->p, lit, s->n);
}

static bool span_u32(const struct span *s, uint32_t *v)
{
	uint64_t x = 0;
	if (!s->n || s->n > 10)
		return false;
	for (size_t i = 0; i < s->n; i++) {
		if (s->p[i] < '0' || s->p[i] > '9')
			return false;
		x = x * 10 + (uint64_t)(s->p[i] - '0');
	}
	if (x > UINT32_MAX)
		return false;
	*v = (uint32_t)x;
	return true;
}

static bool span_cstr(const struct span *s, char *out, size_t cap)
{
	if (s->n >= cap)
		return false;
	memcpy(out, s->p, s->n);
	out[s->n] = '\0';
	return true;
}

/* "YYYY-MM-DD HH:MM:SS[.ffffff]" UTC. */
static bool span_time(const struct span *s, uint32_t *sec, uint32_t *usec)
{
	char buf[40];
	int y, mo, d, h, mi, se, used = 0;
	if (!span_cstr(s, buf, sizeof buf) ||
	    sscanf(buf, "%4d-%2d-%2d %2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &se, &used) != 6)
		return false;
	if (y < 1970 || y > 2105 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    se > 60 || h < 0 || mi < 0 || se < 0)
		return false;
	uint32_t frac = 0, digits = 0;
	const char *p = buf + used;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9' && digits < 6; p++, digits++)
			frac = frac * 10 + (uint32_t)(*p - '0');
	if (*p)
		return false;
	for (; digits < 6; digits++)
		frac *= 10;
	struct tm tm = {.tm_year = y - 1900,
	                .tm_mon = mo - 1,
	                .tm_mday = d,
	                .tm_hour = h,
	                .tm_min = mi,
	                .tm_sec = se};
	time_t t = timegm(&tm);
	if (t < 0 || (uint64_t)t > UINT32_MAX)
		return false;
	*sec = (uint32_t)t;
	*usec = frac;
	return true;
}

/* The AS path text into d->path; a final {set} also into origin_set. */
static bool parse_path(struct reader *r, const struct span *s, struct route_event *ev)
{
	size_t n = 0, set_start = SIZE_MAX;
	const char *p = s->p, *end = s->p + s->n;
	while (p < end) {
		if (*p == ' ' || *p == ',' || *p == '(' || *p == ')' || *p == '}') {
			p++;
			continue;
		}
		if (*p == '{') {
			set_start = n;
			p++;
			continue;
		}
		const char *q = p;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		struct span a = {p, (size_t)(q - p)};
		if (n == OPENBMP_MAX_PATH || !span_u32(&a, &r->d->path[n]))
			return false;
		n++;
		p = q;
	}
	ev->path = r->d->path;
	ev->path_len = n;
	if (set_start < n) {
		ev->origin_set = r->d->path + set_start;
		ev->origin_set_len = n - set_start;
	}
	return true;
}

static bool parse_communities(struct reader *r, const struct span *s, struct route_event *ev)
{
	size_t n = 0;
	const char *p = s->p, *end = s->p + s->n;
	while (p < end) {
		if (*p == ' ') {
			p++;
			continue;
		}
		const char *colon = memchr(p, ':', (size_t)(end - p));
		const char *q = colon;
		while (q && q + 1 < end && q[1] >= '0' && q[1] <= '9')
			q++;
		uint32_t hi, lo;
		struct span a = {p, colon ? (size_t)(colon - p) : 0};
		struct span b = {colon ? colon + 1 : p, colon ? (size_t)(q - colon) : 0};
		if (!colon || n == OPENBMP_MAX_COMM || !span_u32(&a, &hi) || !span_u32(&b, &lo) ||
		    hi > 0xffff || lo > 0xffff)
			return false;
		r->d->comm[n++] = hi << 16 | lo;
		p = q + 1;
	}
	ev->communities = r->d->comm;
	ev->n_communities = n;
	return true;
}

/* A name of 1 to 60 visible ASCII characters (the router's address). */
static bool printable(const struct span *s)
{
	if (!s->n || s->n > 60)
		return false;
	for (size_t i = 0; i < s->n; i++)
		if (s->p[i] <= ' ' || s->p[i] > '~')
			return false;
	return true;
}

/* Fields common to both rows: source from the router IP, peer, time. */
static int row_peer(struct reader *r, size_t router, size_t ip, size_t asn, size_t when,
                    struct route_event *ev)
{
	char buf[64];
	struct err ignored;
	if (!printable(&r->f[router]))
		return bad(r, router, "bad router address");
	snprintf(r->d->source, sizeof r->d->source, "bmp:%.*s", (int)r->f[router].n,
	         r->f[router].p);
	ev->source = r->d->source;
	if (!span_cstr(&r->f[ip], buf, sizeof buf) || addr_parse(buf, &ev->peer_addr, &ignored))
		return bad(r, ip, "bad peer address");
	if (!span_u32(&r->f[asn], &ev->peer_as))
		return bad(r, asn, "bad peer ASN");
	if (!span_time(&r->f[when], &ev->time, &ev->usec))
		return bad(r, when, "bad timestamp");
	return 0;
}

static int prefix_event(struct reader *r, struct route_event *ev)
{
	if (r->nf < 17)
		return bad(r, r->nf - 1, "a unicast_prefix row needs 17 or more fields, last");
	bool add = span_is(&r->f[0], "add");
	if (!add && !span_is(&r->f[0], "del"))
		return bad(r, 0, "unknown action");
	ev->type = add ? ROUTE_EV_ANNOUNCE : ROUTE_EV_WITHDRAW;
	if (row_peer(r, 4, 7, 8, 9, ev))
		return -1;
	char buf[80];
	struct err ignored;
	uint32_t len;
	if (!span_u32(&r->f[11], &len) || len > 128)
		return bad(r, 11, "bad prefix length");
	if (r->f[10].n > 60 || !span_cstr(&r->f[10], buf, 64))
		return bad(r, 10, "bad prefix");
	snprintf(buf + r->f[10].n, sizeof buf - r->f[10].n, "/%u", len);
	if (prefix_parse(buf, &ev->pfx, &ignored))
		return bad(r, 10, "bad prefix");
	if (!add)
		return 0;
	if (!parse_path(r, &r->f[14], ev))
		return bad(r, 14, "bad AS path");
	if (r->f[16].n && !span_u32(&r->f[16], &ev->origin))
		return bad(r, 16, "bad origin AS");
	if (ev->origin_set)
		ev->origin = 0;
	if (r->nf > 21 && !parse_communities(r, &r->f[21], ev))
		return bad(r, 21, "bad communities");
	return 0;
}

static int peer_event(struct reader *r, struct route_event *ev)
{
	if (r->nf < 10)
		return bad(r, r->nf - 1, "a peer row needs 10 or more fields, last");
	if (!span_is(&r->f[0], "down"))
		return 1; /* up, first: nothing for the monitor */
	ev->type = ROUTE_EV_PEER_DOWN;
	return row_peer(r, 6, 9, 8, 7, ev);
}

static void split(struct reader *r, const char *p, size_t n)
{
	r->nf = 0;
	const char *end = p + n;
	while (r->nf < MAX_FIELDS) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));
		r->f[r->nf++] = (struct span){p, tab ? (size_t)(tab - p) : (size_t)(end - p)};
		if (!tab)
			break;
		p = tab + 1;
	}
}

/* Headers up to the blank line: T into type, L into *len (SIZE_MAX when
 * absent). Returns the offset of the data or -1. */
static long read_headers(const char *p, size_t n, char type[32], size_t *len, struct err *e)
{
	size_t off = 0;
	bool version = false;
	*len = SIZE_MAX;
	snprintf(type, 32, "unicast_prefix"); /* before 1.6 there was no T */
	while (off < n) {
		const char *nl = memchr(p + off, '\n', n - off);
		if (!nl)
			break;
		size_t ll = (size_t)(nl - (p + off));
		if (!ll) {
			if (!version)
				return err_at_offset(e, "openbmp", 0, "no 'V:' header"), -1;
			return (long)(off + 1);
		}
		const char *line = p + off, *colon = memchr(line, ':', ll);
		if (!colon)
			return err_at_offset(e, "openbmp", off, "header line without ':'"), -1;
		size_t nl_len = (size_t)(colon - line);
		const char *v = colon + 1;
		while (v < nl && *v == ' ')
			v++;
		struct span val = {v, (size_t)(nl - v)};
		uint32_t x;
		if (nl_len == 1 && (*line == 'V' || *line == 'v')) {
			if (!val.n || val.p[0] != '1')
				return err_at_offset(e, "openbmp", off, "unsupported version"), -1;
			version = true;
		} else if (nl_len == 1 && (*line == 'T' || *line == 't')) {
			if (!span_cstr(&val, type, 32))
				return err_at_offset(e, "openbmp", off, "object type too long"), -1;
		} else if (nl_len == 1 && (*line == 'L' || *line == 'l')) {
			if (!span_u32(&val, &x))
				return err_at_offset(e, "openbmp", off, "bad data length"), -1;
			*len = x;
		}
		off += ll + 1;
	}
	return err_at_offset(e, "openbmp", off, "headers not ended by a blank line"), -1;
}

int openbmp_parsed_decode(struct openbmp_decoder *d, const char *p, size_t n, route_event_fn fn,
                          void *arg, struct err *e)
{
	char type[32];
	size_t len;
	long data = read_headers(p, n, type, &len, e);
	if (data < 0)
		return -1;
	bool prefix = !strcmp(type, "unicast_prefix"), peer = !strcmp(type, "peer");
	if (!prefix && !peer) {
		d->skipped++;
		return 0;
	}
	size_t off = (size_t)data, end = n;
	if (len != SIZE_MAX && len > n - off)
		return err_at_offset(e, "openbmp", off, "L: %zu, but %zu bytes follow", len,
		                     n - off);
	if (len != SIZE_MAX)
		end = off + len;
	struct reader r = {.d = d, .base = p, .e = e};
	while (off < end && r.row < OPENBMP_MAX_ROWS) {
		const char *nl = memchr(p + off, '\n', end - off);
		size_t ll = nl ? (size_t)(nl - (p + off)) : end - off;
		if (ll) {
			r.row++;
			split(&r, p + off, ll);
			struct route_event ev = {0};
			int rc = prefix ? prefix_event(&r, &ev) : peer_event(&r, &ev);
			if (rc < 0)
				return -1;
			if (rc == 0) {
				d->rows++;
				if ((rc = fn(arg, &ev, e)) != 0)
					return rc;
			}
		}
		off += ll + 1;
	}
	return 0;
}

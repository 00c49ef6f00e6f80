/* SPDX-License-Identifier: ISC */
/* prefix.c - parsing, formatting and comparing prefixes and ASNs. */
#include "core/prefix.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mrt_buf.h"

void prefix_mask(struct prefix *p)
{
	unsigned max = prefix_maxlen(p->family) / 8;
	for (unsigned i = 0; i < 16; i++) {
		unsigned bit = i * 8;
		if (i >= max || bit >= p->len) {
			p->addr[i] = 0;
		} else if (bit + 8 > p->len) {
			p->addr[i] &= (uint8_t)(0xff << (8 - (p->len - bit)));
		}
	}
}

static int parse_addr_part(const char *s, size_t n, struct prefix *p)
{
	char buf[INET6_ADDRSTRLEN + 1];
	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = 0;
	memset(p, 0, sizeof *p);
	if (memchr(buf, ':', n)) {
		if (inet_pton(AF_INET6, buf, p->addr) != 1)
			return -1;
		p->family = 6;
		p->len = 128;
	} else {
		if (inet_pton(AF_INET, buf, p->addr) != 1)
			return -1;
		p->family = 4;
		p->len = 32;
	}
	return 0;
}

static int parse(const char *s, struct prefix *p, struct err *e, bool allow_host)
{
	if (!s)
		return err_set(e, "missing prefix");
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	if (parse_addr_part(s, alen, p) < 0)
		return err_set(e, "invalid prefix '%s': bad address", s);
	if (!slash) {
		if (!allow_host)
			return err_set(e, "invalid prefix '%s': missing /length", s);
		return 0;
	}
	const char *l = slash + 1;
	/* "/024" is rejected: a leading zero is a typo more often than not. */
	if (!isdigit((unsigned char)l[0]) || strlen(l) > 3 || (l[0] == '0' && l[1]))
		return err_set(e, "invalid prefix '%s': bad length", s);
	for (const char *c = l; *c; c++)
		if (!isdigit((unsigned char)*c))
			return err_set(e, "invalid prefix '%s': bad length", s);
	unsigned len = (unsigned)atoi(l);
	if (len > prefix_maxlen(p->family))
		return err_set(e, "invalid prefix '%s': length %u exceeds %u", s, len,
		               prefix_maxlen(p->family));
	p->len = (uint8_t)len;
	struct prefix m = *p;
	prefix_mask(&m);
	if (memcmp(m.addr, p->addr, 16) != 0) {
		char buf[PREFIX_STRLEN];
		return err_set(e, "invalid prefix '%s': host bits set (did you mean %s?)", s,
		               prefix_format(&m, buf, sizeof buf));
	}
	return 0;
}

int prefix_parse(const char *s, struct prefix *p, struct err *e)
{
	return parse(s, p, e, false);
}

int prefix_parse_host(const char *s, struct prefix *p, struct err *e)
{
	return parse(s, p, e, true);
}

int addr_parse(const char *s, struct prefix *p, struct err *e)
{
	if (!s || parse_addr_part(s, strlen(s), p) < 0)
		return err_set(e, "invalid address '%s'", s ? s : "");
	return 0;
}

int prefix_from_bytes(struct prefix *p, int family, const uint8_t *addr, unsigned len)
{
	if ((family != 4 && family != 6) || len > prefix_maxlen(family))
		return -1;
	memset(p, 0, sizeof *p);
	p->family = (uint8_t)family;
	p->len = (uint8_t)len;
	memcpy(p->addr, addr, (len + 7) / 8);
	prefix_mask(p);
	return 0;
}

char *addr_format(const struct prefix *p, char *buf, size_t n)
{
	/* IPv4 by hand: alerts and dumps format millions of them. glibc's
	 * inet_ntop follows RFC 5952 (lower case, longest zero run, no "::"
	 * for a single group), and matches bgpdump's output. */
	if (p->family == 4 && n >= 16)
		*mrt_fmt_ipv4(buf, p->addr) = '\0'; /* writes at most 16 bytes */
	else if (!inet_ntop(p->family == 4 ? AF_INET : AF_INET6, p->addr, buf, (socklen_t)n))
		snprintf(buf, n, "?");
	return buf;
}

char *prefix_format(const struct prefix *p, char *buf, size_t n)
{
	addr_format(p, buf, n);
	size_t l = strlen(buf);
	if (n - l >= 5) { /* "/128" and its NUL; callers give PREFIX_STRLEN */
		buf[l] = '/';
		*mrt_fmt_u32(buf + l + 1, p->len) = '\0';
	}
	return buf;
}

int prefix_cmp(const struct prefix *a, const struct prefix *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	int c = memcmp(a->addr, b->addr, a->family == 4 ? 4 : 16);
	if (c)
		return c < 0 ? -1 : 1;
	return a->len < b->len ? -1 : a->len > b->len;
}

bool prefix_contains(const struct prefix *outer, const struct prefix *inner)
{
	if (outer->family != inner->family || outer->len > inner->len)
		return false;
	unsigned full = outer->len / 8, rest = outer->len % 8;
	if (memcmp(outer->addr, inner->addr, full) != 0)
		return false;
	if (!rest)
		return true;
	uint8_t m = (uint8_t)(0xff << (8 - rest));
	return (outer->addr[full] & m) == (inner->addr[full] & m);
}

static int parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v > max || end - s > 10)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int asn_parse(const char *s, uint32_t *asn, struct err *e)
{
	if (!s)
		return err_set(e, "missing AS number");
	const char *p = s;
	if ((p[0] == 'A' || p[0] == 'a') && (p[1] == 'S' || p[1] == 's'))
		p += 2;
	const char *dot = strchr(p, '.');
	if (dot) {
		char hi[8];
		uint32_t h, l;
		size_t hl = (size_t)(dot - p);
		if (hl == 0 || hl >= sizeof hi)
			return err_set(e, "invalid AS number '%s'", s);
		memcpy(hi, p, hl);
		hi[hl] = 0;
		if (parse_u32(hi, 65535, &h) < 0 || parse_u32(dot + 1, 65535, &l) < 0)
			return err_set(e, "invalid AS number '%s': asdot halves must be 0-65535",
			               s);
		*asn = h << 16 | l;
		return 0;
	}
	if (parse_u32(p, UINT32_MAX, asn) < 0)
		return err_set(e, "invalid AS number '%s'", s);
	return 0;
}

char *asn_format(uint32_t asn, char *buf, size_t n)
{
	snprintf(buf, n, "AS%u", asn);
	return buf;
}

char *asn_format_asdot(uint32_t asn, char *buf, size_t n)
{
	if (asn < 65536)
		snprintf(buf, n, "%u", asn);
	else
		snprintf(buf, n, "%u.%u", asn >> 16, asn & 0xffff);
	return buf;
}

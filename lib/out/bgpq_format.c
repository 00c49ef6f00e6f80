/* SPDX-License-Identifier: ISC */
/* bgpq_format.c - user format strings (-F): %n address, %l length, %a/%A
 * allowed length range, %N list name, %m netmask, %i inverse mask, %%, and
 * the escapes \n \t \\. An unknown % sequence ends that entry, like bgpq4. */
#include <arpa/inet.h>
#include <string.h>

#include "out/bgpq_out.h"

struct fmt_ctx {
	FILE *f;
	const struct bgpq_out *o;
};

static void print_mask(FILE *f, const struct prefix *p, bool inverse)
{
	struct prefix q = {.family = p->family, .len = p->len};
	unsigned bytes = p->family == 4 ? 4 : 16;
	for (unsigned i = 0; i < bytes; i++) {
		unsigned bits = p->len > i * 8 ? p->len - i * 8 : 0;
		uint8_t m = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));
		q.addr[i] = inverse ? (uint8_t)~m : m;
	}
	char a[INET6_ADDRSTRLEN];
	if (inet_ntop(p->family == 4 ? AF_INET : AF_INET6, q.addr, a, sizeof(a)))
		fputs(a, f);
}

static void fmt_entry(const struct agg_entry *e, void *arg)
{
	struct fmt_ctx *c = arg;
	unsigned lo = e->p->len, hi = e->p->len;
	if (e->aggregate) {
		lo = e->lo > e->p->len ? e->lo : e->p->len;
		hi = e->hi;
	}
	char a[INET6_ADDRSTRLEN];
	for (const char *s = c->o->format; *s;) {
		if (s[0] == '%') {
			switch (s[1]) {
			case 'n':
				if (inet_ntop(e->p->family == 4 ? AF_INET : AF_INET6, e->p->addr, a,
				              sizeof(a)))
					fputs(a, c->f);
				break;
			case 'l':
				fprintf(c->f, "%u", e->p->len);
				break;
			case 'a':
				fprintf(c->f, "%u", lo);
				break;
			case 'A':
				fprintf(c->f, "%u", hi);
				break;
			case 'N':
				fputs(c->o->name, c->f);
				break;
			case 'm':
				print_mask(c->f, e->p, false);
				break;
			case 'i':
				print_mask(c->f, e->p, true);
				break;
			case '%':
				fputc('%', c->f);
				break;
			default:
				fprintf(stderr, "ERROR:Unknown format char '%c'\n", s[1]);
				return;
			}
			s += 2;
		} else if (s[0] == '\\' && s[1]) {
			fputc(s[1] == 'n' ? '\n' : s[1] == 't' ? '\t' : s[1], c->f);
			s += 2;
		} else {
			fputc(*s++, c->f);
		}
	}
}

static int fmt_prefixlist(FILE *f, const struct bgpq_out *o)
{
	struct fmt_ctx c = {f, o};
	const char *fm = o->format ? o->format : "%n/%l";
	struct bgpq_out copy = *o;
	copy.format = fm;
	c.o = &copy;
	agg_foreach(o->tree, true, fmt_entry, &c);
	size_t len = strlen(fm);
	if (len < 2 || !(fm[len - 2] == '\\' && fm[len - 1] == 'n'))
		fputc('\n', f);
	return 0;
}

const struct bgpq_printer bgpq_printer_format = {
    .vendor = BGPQ_V_FORMAT,
    .name = "user format",
    .prefixlist = fmt_prefixlist,
};

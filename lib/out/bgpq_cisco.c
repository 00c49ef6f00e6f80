/* SPDX-License-Identifier: ISC */
/* bgpq_cisco.c - Cisco IOS prefix-lists, extended access-lists and as-path
 * access-lists, as bgpq4 1.9 prints them (the default output). */
/* Deliberately alike the other lib/out/bgpq_*.c printers: each reproduces one
 * vendor's bgpq4 output byte for byte, so their loops stay apart. */
#include <string.h>

#include "out/bgpq_out.h"
#include "core/wire.h"

struct cisco_ctx {
	FILE *f;
	const struct bgpq_out *o;
	int seq;
};

static void cisco_prefix(const struct agg_entry *e, void *arg)
{
	struct cisco_ctx *c = arg;
	char pfx[80], seqno[24] = "";
	bgpq_prefix_str(e->p, "/", pfx, sizeof(pfx));
	if (c->seq)
		snprintf(seqno, sizeof(seqno), " seq %i", c->seq++);
	const char *ip = bgpq_ipword(e->p->family);
	if (!e->aggregate)
		fprintf(c->f, "%s prefix-list %s%s permit %s\n", ip, c->o->name, seqno, pfx);
	else if (e->lo > e->p->len)
		fprintf(c->f, "%s prefix-list %s%s permit %s ge %u le %u\n", ip, c->o->name, seqno,
		        pfx, e->lo, e->hi);
	else
		fprintf(c->f, "%s prefix-list %s%s permit %s le %u\n", ip, c->o->name, seqno, pfx,
		        e->hi);
}

static int cisco_prefixlist(FILE *f, const struct bgpq_out *o)
{
	struct cisco_ctx c = {f, o, o->sequence ? 1 : 0};
	const char *ip = bgpq_ipword(o->family);
	fprintf(f, "no %s prefix-list %s\n", ip, o->name);
	if (!agg_tree_empty(o->tree)) {
		agg_foreach(o->tree, true, cisco_prefix, &c);
	} else {
		fprintf(f, "! generated prefix-list %s is empty\n", o->name);
		fprintf(f, "%s prefix-list %s%s deny %s\n", ip, o->name,
		        o->sequence ? " seq 1" : "", o->family == 4 ? "0.0.0.0/0" : "::/0");
	}
	return 0;
}

static const char *dotted(uint32_t v, char *buf)
{
	snprintf(buf, 16, "%u.%u.%u.%u", v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255);
	return buf;
}

static uint32_t shr(uint32_t v, unsigned n)
{
	return n >= 32 ? 0 : v >> n;
}

/* "permit ip ADDR WILDCARD MASK WILDCARD": the address part matches the
 * network, the mask part matches the allowed prefix lengths. */
static void cisco_eacl_entry(const struct agg_entry *e, void *arg)
{
	FILE *f = arg;
	char a[16], b[16];
	uint32_t addr = wire_load_u32(e->p->addr);
	if (!e->aggregate) {
		/* bgpq4 prints a /32's mask as 0.0.0.0 */
		uint32_t mask =
		    e->p->len == 0 || e->p->len == 32 ? 0 : 0xffffffffu << (32 - e->p->len);
		fprintf(f, " permit ip host %s host %s\n", dotted(addr, a), dotted(mask, b));
		return;
	}
	uint32_t wild2 = e->hi == 32 ? 0 : shr(0xffffffffu, e->hi);
	uint32_t wildaddr = shr(0xffffffffu, e->p->len) & ~wild2;
	uint32_t mask = e->lo == 32 ? 0xffffffffu : (e->lo == 0 ? 0 : 0xffffffffu << (32 - e->lo));
	uint32_t wildmask = shr(0xffffffffu, e->lo) & ~wild2;
	if (wildaddr)
		fprintf(f, " permit ip %s %s ", dotted(addr, a), dotted(wildaddr, b));
	else
		fprintf(f, " permit ip host %s ", dotted(addr, a));
	if (wildmask)
		fprintf(f, "%s %s\n", dotted(mask, a), dotted(wildmask, b));
	else
		fprintf(f, "host %s\n", dotted(mask, a));
}

int bgpq_cisco_eacl(FILE *f, const struct bgpq_out *o)
{
	fprintf(f, "no ip access-list extended %s\n", o->name);
	if (!agg_tree_empty(o->tree)) {
		fprintf(f, "ip access-list extended %s\n", o->name);
		agg_foreach(o->tree, true, cisco_eacl_entry, f);
	} else {
		fprintf(f, "! generated access-list %s is empty\n", o->name);
		fprintf(f, "ip access-list extended %s deny any any\n", o->name);
	}
	return 0;
}

/* twin of bgpq_cisco_oaspath: bgpq4's -f and -G differ in the own-AS line only */
int bgpq_cisco_aspath(FILE *f, const struct bgpq_out *o)
{
	fprintf(f, "no ip as-path access-list %s\n", o->name);
	if (o->nasns == 0) {
		fprintf(f, "ip as-path access-list %s deny .*\n", o->name);
		return 0;
	}
	bool own = bgpq_has_asn(o, o->asnumber);
	if (own)
		fprintf(f, "ip as-path access-list %s permit ^%u(_%u)*$\n", o->name, o->asnumber,
		        o->asnumber);
	bgpq_aspath_regex_lines(f, o, "ip as-path access-list", own, false);
	return 0;
}

/* twin of bgpq_cisco_aspath: the own AS may only be prepended here */
int bgpq_cisco_oaspath(FILE *f, const struct bgpq_out *o)
{
	fprintf(f, "no ip as-path access-list %s\n", o->name);
	if (o->nasns == 0) {
		fprintf(f, "ip as-path access-list %s deny .*\n", o->name);
		return 0;
	}
	bool own = bgpq_has_asn(o, o->asnumber);
	if (own)
		fprintf(f, "ip as-path access-list %s permit ^(_%u)*$\n", o->name, o->asnumber);
	bgpq_aspath_regex_lines(f, o, "ip as-path access-list", own, true);
	return 0;
}

const struct bgpq_printer bgpq_printer_cisco = {
    .vendor = BGPQ_V_CISCO,
    .name = "Cisco IOS",
    .prefixlist = cisco_prefixlist,
    .eacl = bgpq_cisco_eacl,
    .aspath = bgpq_cisco_aspath,
    .oaspath = bgpq_cisco_oaspath,
};

/* SPDX-License-Identifier: ISC */
/* lab_addr.c - address space per AS and the prefixes each one announces.
 *
 * Every AS owns one IPv4 /16 from 20.0.0.0/6 onwards and (most) one IPv6 /32
 * from 2a10::/12: ordinary, globally routed-looking space, so the bogon
 * checks see the lab's routes as normal and only the planted bogons stand
 * out. Stubs announce a /22 (sometimes plus /24s), transit the /16. */
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "lab/lab.h"

void lab_block4(size_t i, struct prefix *p)
{
	memset(p, 0, sizeof *p);
	p->family = 4;
	p->len = 16;
	p->addr[0] = (uint8_t)(20 + (i >> 8));
	p->addr[1] = (uint8_t)(i & 0xff);
}

void lab_block6(size_t i, struct prefix *p)
{
	memset(p, 0, sizeof *p);
	p->family = 6;
	p->len = 32;
	p->addr[0] = 0x2a;
	p->addr[1] = 0x10;
	p->addr[2] = (uint8_t)((i + 1) >> 8);
	p->addr[3] = (uint8_t)((i + 1) & 0xff);
}

long lab_route_add(struct lab *lab, const struct prefix *p, int origin, struct err *e)
{
	struct lab_route *r = GROW(lab->routes, lab->caproutes, lab->nroutes + 1);
	if (!r)
		return err_set(e, "lab: out of memory");
	lab->routes = r;
	lab->routes[lab->nroutes] = (struct lab_route){.pfx = *p, .origin = origin, .irr = true};
	return (long)lab->nroutes++;
}

/* A more-specific of base: length len, third address byte (IPv4) or third
 * hextet (IPv6) set to sub. */
static struct prefix sub4(const struct prefix *base, unsigned len, uint8_t third)
{
	struct prefix p = *base;
	p.len = (uint8_t)len;
	p.addr[2] = third;
	return p;
}

static int add(struct lab *lab, const struct prefix *p, int origin, struct err *e)
{
	return lab_route_add(lab, p, origin, e) < 0 ? -1 : 0;
}

int lab_addr_build(struct lab *lab, struct err *e)
{
	for (size_t i = 0; i < lab->nas; i++) {
		struct lab_as *a = &lab->as[i];
		struct prefix b4, b6, p;
		lab_block4(i, &b4);
		lab_block6(i, &b6);
		int o = (int)i;
		a->v6 = lab_rand_pct(&lab->rng, a->tier == LAB_TIER1     ? 100
		                                : a->tier == LAB_TRANSIT ? 85
		                                                         : 60);
		if (a->tier != LAB_STUB) {
			if (add(lab, &b4, o, e))
				return -1;
			if (lab_rand_pct(&lab->rng, 40)) {
				p = sub4(&b4, 20, 240);
				if (add(lab, &p, o, e))
					return -1;
			}
			if (a->v6 && add(lab, &b6, o, e))
				return -1;
			continue;
		}
		p = sub4(&b4, 22, 0);
		if (add(lab, &p, o, e))
			return -1;
		if (lab_rand_pct(&lab->rng, 30)) {
			p = sub4(&b4, 24, 4);
			if (add(lab, &p, o, e))
				return -1;
		}
		if (lab_rand_pct(&lab->rng, 25)) {
			p = sub4(&b4, 24, 1); /* traffic engineering more-specific */
			if (add(lab, &p, o, e))
				return -1;
		}
		if (a->v6) {
			p = b6;
			p.len = 48;
			if (add(lab, &p, o, e))
				return -1;
		}
	}
	/* Most, not all, routes are registered in the IRR (as in real life). */
	for (size_t r = 0; r < lab->nroutes; r++)
		lab->routes[r].irr = lab_rand_pct(&lab->rng, 93);
	return 0;
}

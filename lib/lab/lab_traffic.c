/* SPDX-License-Identifier: ISC */
/* lab_traffic.c - which packets the lab's customers send, and which are
 * spoofed. The verdicts are decided here by construction and checked by
 * brute force over the prefix lists, independently of lib/sav. */
#include "lab/lab_traffic.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "lab/lab_sav.h"

#define LEGIT_PER_CUST 40
#define ARP_FRAMES 5
#define SEED_SALT 0x5a5ca11edull /* a stream of its own: other files unchanged */

const char *lab_spoof_name(uint8_t s)
{
	static const char *const names[] = {"none", "foreign", "other-customer", "bogon",
	                                    "martian"};
	return s < sizeof names / sizeof names[0] ? names[s] : "?";
}

/* The operator of the lab's sav.yml (so both describe the same edge), when
 * it has the two customers the capture needs. */
static int pick_operator(const struct lab *lab)
{
	int op = lab_sav_operator(lab);
	return op >= 0 && lab->as[op].cust.n >= 2 ? op : -1;
}

/* Mark as and its customers, recursively (providers have lower indices,
 * so the walk ends). */
static void mark_cone(const struct lab *lab, int as, bool *in)
{
	if (in[as])
		return;
	in[as] = true;
	for (size_t k = 0; k < lab->as[as].cust.n; k++)
		mark_cone(lab, lab->as[as].cust.v[k], in);
}

static int by_prefix(const void *a, const void *b)
{
	return prefix_cmp(a, b);
}

/* The prefixes of the cone of AS as, sorted. */
static int cone_prefixes(const struct lab *lab, struct lab_traffic_cust *c, struct err *e)
{
	bool *in = calloc(lab->nas, sizeof *in);
	c->pfx = malloc((lab->nroutes + 1) * sizeof *c->pfx);
	if (!in || !c->pfx) {
		free(in);
		return err_set(e, "lab: out of memory");
	}
	mark_cone(lab, c->as, in);
	for (size_t r = 0; r < lab->nroutes; r++)
		if (in[lab->routes[r].origin])
			c->pfx[c->npfx++] = lab->routes[r].pfx;
	free(in);
	qsort(c->pfx, c->npfx, sizeof *c->pfx, by_prefix);
	return 0;
}

static bool in_list(const struct prefix *v, size_t n, const struct prefix *host)
{
	for (size_t i = 0; i < n; i++)
		if (prefix_contains(&v[i], host))
			return true;
	return false;
}

static bool allowed_anywhere(const struct lab_traffic *t, const struct prefix *host)
{
	for (size_t i = 0; i < t->ncust; i++)
		if (in_list(t->cust[i].pfx, t->cust[i].npfx, host))
			return true;
	return false;
}

/* A random host address inside p. */
static struct prefix host_in(struct lab_rand *r, const struct prefix *p)
{
	struct prefix h = *p;
	unsigned max = prefix_maxlen(p->family);
	h.len = (uint8_t)max;
	for (unsigned bit = p->len; bit < max; bit++)
		if (lab_rand_next(r) & 1)
			h.addr[bit / 8] |= (uint8_t)(0x80 >> (bit % 8));
	if (p->family == 4 && p->len < 32)
		h.addr[3] |= 1; /* never the network address itself */
	return h;
}

static int add(struct lab_traffic *t, int cust, const struct prefix *src, uint8_t spoof,
               struct err *e)
{
	struct lab_packet *v = GROW(t->pkt, t->cap, t->npkt + 1);
	if (!v)
		return err_set(e, "lab: out of memory");
	t->pkt = v;
	struct lab_packet *p = &v[t->npkt++];
	memset(p, 0, sizeof *p);
	p->cust = cust;
	p->spoof = spoof;
	if (src) {
		p->family = src->family;
		memcpy(p->src, src->addr, 16);
	} else {
		p->arp = true;
	}
	return 0;
}

/* A random prefix of customer c in family fam, or NULL when it has none. */
static const struct prefix *pick_prefix(struct lab_rand *r, const struct lab_traffic_cust *c,
                                        int fam)
{
	size_t n = 0;
	for (size_t i = 0; i < c->npfx; i++)
		n += c->pfx[i].family == fam;
	if (!n)
		return NULL;
	size_t k = lab_rand_below(r, (uint32_t)n);
	for (size_t i = 0; i < c->npfx; i++)
		if (c->pfx[i].family == fam && k-- == 0)
			return &c->pfx[i];
	return NULL;
}

static int legit(const struct lab *lab, struct lab_traffic *t, struct lab_rand *r, struct err *e)
{
	for (size_t c = 0; c < t->ncust; c++)
		for (int k = 0; k < LEGIT_PER_CUST; k++) {
			int fam = k % 4 == 3 ? 6 : 4;
			const struct prefix *p = pick_prefix(r, &t->cust[c], fam);
			if (!p)
				p = pick_prefix(r, &t->cust[c], 4);
			struct prefix h = host_in(r, p);
			if (add(t, (int)c, &h, LAB_SPOOF_NONE, e))
				return -1;
		}
	for (int k = 0; k < ARP_FRAMES; k++)
		if (add(t, (int)lab_rand_below(r, (uint32_t)t->ncust), NULL, LAB_SPOOF_NONE, e))
			return -1;
	return 0;
}

/* Another customer's address that customer c may not send. */
static int other_customer(struct lab_traffic *t, struct lab_rand *r, size_t c, int fam,
                          struct err *e)
{
	for (int tries = 0; tries < 50; tries++) {
		size_t d = lab_rand_below(r, (uint32_t)t->ncust);
		const struct prefix *p = pick_prefix(r, &t->cust[d], fam);
		if (d == c || !p)
			continue;
		struct prefix h = host_in(r, p);
		if (!in_list(t->cust[c].pfx, t->cust[c].npfx, &h))
			return add(t, (int)c, &h, LAB_SPOOF_OTHER_CUSTOMER, e);
	}
	return 0;
}

/* Routed space of an AS outside every customer's cone. */
static int foreign(const struct lab *lab, struct lab_traffic *t, struct lab_rand *r, size_t c,
                   int fam, struct err *e)
{
	for (int tries = 0; tries < 200; tries++) {
		const struct lab_route *rt =
		    &lab->routes[lab_rand_below(r, (uint32_t)lab->nroutes)];
		if (rt->pfx.family != fam)
			continue;
		struct prefix h = host_in(r, &rt->pfx);
		if (!allowed_anywhere(t, &h))
			return add(t, (int)c, &h, LAB_SPOOF_FOREIGN, e);
	}
	return 0;
}

static int fixed(struct lab_traffic *t, int c, const char *addr, uint8_t why, struct err *e)
{
	struct prefix h;
	if (addr_parse(addr, &h, e) < 0)
		return -1;
	return add(t, c, &h, why, e);
}

static int planted(const struct lab *lab, struct lab_traffic *t, struct lab_rand *r, struct err *e)
{
	static const char *const bogons[] = {"10.1.2.3",    "192.168.7.9", "100.64.3.4",
	                                     "198.18.0.77", "fd00:1::5",   "2001:db8:99::1"};
	static const char *const martians[] = {"127.0.0.1", "224.0.0.5", "0.1.2.3",
	                                       "240.7.7.7", "::1",       "ff02::1"};
	for (size_t c = 0; c < t->ncust; c++) {
		for (int fam = 4; fam <= 6; fam += 2)
			if (other_customer(t, r, c, fam, e) || foreign(lab, t, r, c, fam, e))
				return -1;
		if (fixed(t, (int)c, bogons[c % 6], LAB_SPOOF_BOGON, e) ||
		    fixed(t, (int)c, martians[c % 6], LAB_SPOOF_MARTIAN, e))
			return -1;
	}
	/* A MAC of nobody: its bogon and martian sources still count. */
	struct prefix legit_src = host_in(r, &t->cust[0].pfx[0]);
	if (add(t, -1, &legit_src, LAB_SPOOF_NONE, e) ||
	    fixed(t, -1, "172.16.9.9", LAB_SPOOF_BOGON, e) ||
	    fixed(t, -1, "::ffff:192.0.2.1", LAB_SPOOF_MARTIAN, e))
		return -1;
	return 0;
}

static void shuffle(struct lab_traffic *t, struct lab_rand *r)
{
	for (size_t i = t->npkt; i > 1; i--) {
		size_t j = lab_rand_below(r, (uint32_t)i);
		struct lab_packet x = t->pkt[i - 1];
		t->pkt[i - 1] = t->pkt[j];
		t->pkt[j] = x;
	}
}

static int customers(const struct lab *lab, struct lab_traffic *t, struct err *e)
{
	t->op = pick_operator(lab);
	if (t->op < 0)
		return err_set(e, "lab: no AS with two customers for the SAV traffic");
	const struct lab_as *op = &lab->as[t->op];
	for (size_t k = 0; k < op->cust.n && t->ncust < LAB_TRAFFIC_MAX_CUST; k++) {
		struct lab_traffic_cust *c = &t->cust[t->ncust];
		c->as = op->cust.v[k];
		snprintf(c->name, sizeof c->name, "as%u", lab->as[c->as].asn);
		snprintf(c->iface, sizeof c->iface, "eth%zu", t->ncust + 1);
		c->mac = 0x020000000000ull | (t->ncust + 1);
		c->vlan = t->ncust % 2 ? -1 : (int)(101 + t->ncust);
		c->qinq = t->ncust == 2;
		t->ncust++;
		if (cone_prefixes(lab, c, e))
			return -1;
		if (!c->npfx)
			return err_set(e, "lab: customer AS%u has no prefixes", lab->as[c->as].asn);
	}
	return 0;
}

int lab_traffic_build(const struct lab *lab, struct lab_traffic *t, struct err *e)
{
	struct lab_rand r;
	memset(t, 0, sizeof *t);
	lab_rand_seed(&r, lab->opts.seed ^ SEED_SALT);
	if (customers(lab, t, e) || legit(lab, t, &r, e) || planted(lab, t, &r, e))
		return -1;
	shuffle(t, &r);
	return 0;
}

void lab_traffic_free(struct lab_traffic *t)
{
	for (size_t i = 0; i < t->ncust; i++)
		free(t->cust[i].pfx);
	free(t->pkt);
	memset(t, 0, sizeof *t);
}

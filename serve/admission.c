/* SPDX-License-Identifier: ISC */
/* admission.c - allow list, total and per-source limits. */
#include "admission.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "addr_counts.h"

struct admission {
	struct admission_limits lim;
	struct prefix *allow; /* lim.allow points here */
	struct addr_counts *per_source;
	unsigned total;
};

/* The prefix of one host address; IPv4 on a dual-stack socket (v4-mapped)
 * is IPv4, so it matches IPv4 allow entries. */
static int host_of(const struct sockaddr *sa, struct prefix *p)
{
	memset(p, 0, sizeof *p);
	if (sa->sa_family == AF_INET) {
		p->family = 4;
		p->len = 32;
		memcpy(p->addr, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a6 = &((const struct sockaddr_in6 *)sa)->sin6_addr;
		if (IN6_IS_ADDR_V4MAPPED(a6)) {
			p->family = 4;
			p->len = 32;
			memcpy(p->addr, a6->s6_addr + 12, 4);
		} else {
			p->family = 6;
			p->len = 128;
			memcpy(p->addr, a6->s6_addr, 16);
		}
		return 0;
	}
	return -1;
}

int admission_set_limits(struct admission *a, const struct admission_limits *lim)
{
	struct prefix *allow = NULL;
	if (lim->nallow) {
		allow = malloc(lim->nallow * sizeof *allow);
		if (!allow)
			return -1;
		memcpy(allow, lim->allow, lim->nallow * sizeof *allow);
	}
	free(a->allow);
	a->allow = allow;
	a->lim = *lim;
	a->lim.allow = allow;
	return 0;
}

struct admission *admission_new(const struct admission_limits *lim)
{
	struct admission *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->per_source = addr_counts_new();
	if (!a->per_source || admission_set_limits(a, lim)) {
		admission_free(a);
		return NULL;
	}
	return a;
}

const struct admission_limits *admission_limits(const struct admission *a)
{
	return &a->lim;
}

static int allowed(const struct admission *a, const struct prefix *who)
{
	if (!a->lim.nallow)
		return 1;
	for (size_t i = 0; i < a->lim.nallow; i++)
		if (prefix_contains(&a->lim.allow[i], who))
			return 1;
	return 0;
}

enum admission_verdict admission_check(const struct admission *a, const struct sockaddr *sa)
{
	struct prefix who;
	if (host_of(sa, &who))
		return ADMIT_BAD_FAMILY;
	if (!allowed(a, &who))
		return ADMIT_NOT_ALLOWED;
	if (a->lim.max_total && a->total >= a->lim.max_total)
		return ADMIT_TOO_MANY;
	if (a->lim.max_per_source && admission_source_count(a, sa) >= a->lim.max_per_source)
		return ADMIT_TOO_MANY_FROM_SOURCE;
	return ADMIT_OK;
}

void admission_hold_total(struct admission *a, int delta)
{
	a->total = (unsigned)((int)a->total + delta);
}

int admission_hold_source(struct admission *a, const struct sockaddr *sa)
{
	struct addr_key k;
	addr_key_of(sa, &k);
	return addr_counts_inc(a->per_source, &k);
}

void admission_release_source(struct admission *a, const struct sockaddr *sa)
{
	struct addr_key k;
	addr_key_of(sa, &k);
	addr_counts_dec(a->per_source, &k);
}

unsigned admission_total(const struct admission *a)
{
	return a->total;
}

unsigned admission_source_count(const struct admission *a, const struct sockaddr *sa)
{
	struct addr_key k;
	addr_key_of(sa, &k);
	return addr_counts_count(a->per_source, &k);
}

void admission_free(struct admission *a)
{
	if (!a)
		return;
	addr_counts_free(a->per_source);
	free(a->allow);
	free(a);
}

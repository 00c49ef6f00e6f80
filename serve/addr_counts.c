/* SPDX-License-Identifier: ISC */
/* addr_counts.c - a chained hash table of per-address counters. The hash
 * is seeded per process so that a client cannot aim at one chain. */
#include "addr_counts.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <netinet/in.h>

#define NBUCKETS 1024

struct node {
	struct addr_key k;
	unsigned count;
	struct node *next;
};

struct addr_counts {
	struct node *bucket[NBUCKETS];
	uint64_t seed;
};

struct addr_counts *addr_counts_new(void)
{
	struct addr_counts *t = calloc(1, sizeof *t);
	struct timespec ts;

	if (!t)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t->seed = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ ((uint64_t)getpid() << 40) ^
	          (uint64_t)(uintptr_t)t;
	return t;
}

void addr_counts_free(struct addr_counts *t)
{
	if (!t)
		return;
	for (int i = 0; i < NBUCKETS; i++)
		while (t->bucket[i]) {
			struct node *n = t->bucket[i];

			t->bucket[i] = n->next;
			free(n);
		}
	free(t);
}

void addr_key_of(const struct sockaddr *sa, struct addr_key *k)
{
	memset(k, 0, sizeof *k);
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;

		k->b[10] = k->b[11] = 0xff;
		memcpy(k->b + 12, &s4->sin_addr, 4);
	} else if (sa->sa_family == AF_INET6) {
		memcpy(k->b, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
	}
}

/* FNV-1a over the key, mixed with the seed. */
static unsigned slot(const struct addr_counts *t, const struct addr_key *k)
{
	uint64_t h = 1469598103934665603ull ^ t->seed;

	for (int i = 0; i < 16; i++) {
		h ^= k->b[i];
		h *= 1099511628211ull;
	}
	return (unsigned)((h ^ (h >> 32)) % NBUCKETS);
}

static struct node **find(struct addr_counts *t, const struct addr_key *k)
{
	struct node **p = &t->bucket[slot(t, k)];

	while (*p && memcmp(&(*p)->k, k, sizeof *k) != 0)
		p = &(*p)->next;
	return p;
}

unsigned addr_counts_count(const struct addr_counts *t, const struct addr_key *k)
{
	struct node **p = find((struct addr_counts *)t, k);

	return *p ? (*p)->count : 0;
}

int addr_counts_inc(struct addr_counts *t, const struct addr_key *k)
{
	struct node **p = find(t, k);

	if (!*p) {
		*p = calloc(1, sizeof **p);
		if (!*p)
			return -1;
		(*p)->k = *k;
	}
	(*p)->count++;
	return 0;
}

void addr_counts_dec(struct addr_counts *t, const struct addr_key *k)
{
	struct node **p = find(t, k);
	struct node *n = *p;

	if (!n)
		return;
	if (--n->count == 0) {
		*p = n->next;
		free(n);
	}
}

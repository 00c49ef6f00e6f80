/* SPDX-License-Identifier: ISC */
/* bench/trie.c - micro-benchmark of lib/core/trie: inserts/s, exact and
 * longest-match lookups/s, bytes per entry for a full table.
 *
 * usage: trie [-4 N] [-6 N] [FILE...]
 * FILEs hold "prefix<TAB|space>anything" lines (pyasn ipasn dumps, one prefix
 * per line lists; compressed is fine); real prefixes are used first and the
 * rest up to N per family are made as more-specifics of them (/24 and /48
 * heavy, as in a real table), or generated from scratch without files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/reader.h"
#include "core/trie.h"

static uint64_t rng = 0x853c49e6748fea9bull;

static uint64_t rnd(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return rng;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct list {
	struct prefix *p;
	size_t n, cap;
};

static void push(struct list *l, const struct prefix *p)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 1 << 16;
		l->p = realloc(l->p, l->cap * sizeof *l->p);
		if (!l->p) {
			perror("realloc");
			exit(1);
		}
	}
	l->p[l->n++] = *p;
}

static void load(const char *path, struct list *v4, struct list *v6)
{
	struct err e;
	struct reader *r = reader_open(path, &e);
	if (!r) {
		fprintf(stderr, "trie: %s\n", e.msg);
		exit(1);
	}
	char *line;
	size_t len;
	while (reader_getline(r, &line, &len, &e) == 1) {
		line[strcspn(line, " \t,;#")] = 0;
		struct prefix p;
		if (!*line || prefix_parse(line, &p, NULL) < 0)
			continue;
		push(p.family == 4 ? v4 : v6, &p);
	}
	reader_close(r);
}

/* A more-specific of a random existing prefix, or a fresh clustered one. */
static void synth(struct prefix *p, const struct list *from, int family)
{
	memset(p, 0, sizeof *p);
	p->family = (uint8_t)family;
	unsigned max = family == 4 ? 32 : 128, common = family == 4 ? 24 : 48;
	if (from->n) {
		*p = from->p[rnd() % from->n];
	} else {
		/* Clustered: a few hundred /12 (IPv4) or /29 (IPv6) blocks. */
		p->addr[0] = (uint8_t)(family == 4 ? 1 + rnd() % 223 : 0x20 + rnd() % 12);
		p->addr[1] = (uint8_t)(rnd() & (family == 4 ? 0xf0 : 0xff));
		p->len = family == 4 ? 12 : 29;
	}
	unsigned r = (unsigned)(rnd() % 100), len;
	if (p->len >= common) /* already long: one bit more, if room */
		len = p->len < max ? p->len + 1u : max;
	else if (r < 60)
		len = common;
	else
		len = p->len + (unsigned)(rnd() % (common - p->len + 1));
	for (unsigned i = p->len; i < len; i++)
		if (rnd() & 1)
			p->addr[i / 8] |= (uint8_t)(0x80 >> (i % 8));
	p->len = (uint8_t)len;
	prefix_mask(p);
}

static void shuffle(struct prefix *p, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = rnd() % i;
		struct prefix t = p[i - 1];
		p[i - 1] = p[j];
		p[j] = t;
	}
}

int main(int argc, char **argv)
{
	size_t want4 = 1000000, want6 = 200000;
	struct list v4 = {0}, v6 = {0}, all = {0};
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-4") && i + 1 < argc)
			want4 = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "-6") && i + 1 < argc)
			want6 = strtoul(argv[++i], NULL, 10);
		else
			load(argv[i], &v4, &v6);
	}
	/* Dedupe and top up through a scratch trie. */
	struct trie seen;
	trie_init(&seen);
	struct list *fam[2] = {&v4, &v6};
	size_t want[2] = {want4, want6}, real[2] = {0, 0}, made[2] = {0, 0};
	for (int f = 0; f < 2; f++) {
		size_t kept = 0;
		for (size_t i = 0; i < fam[f]->n && kept < want[f]; i++)
			if (trie_insert(&seen, &fam[f]->p[i], 0, NULL) == 1)
				push(&all, &fam[f]->p[i]), kept++;
		real[f] = kept;
		struct list base = *fam[f];
		for (size_t tries = 0; kept < want[f] && tries < want[f] * 20; tries++) {
			struct prefix p;
			synth(&p, &base, f ? 6 : 4);
			if (trie_insert(&seen, &p, 0, NULL) == 1)
				push(&all, &p), kept++;
		}
		made[f] = kept - real[f];
	}
	trie_free(&seen);
	shuffle(all.p, all.n);
	size_t n = all.n;
	printf("entries: %zu = IPv4 %zu real + %zu synthesized, IPv6 %zu real + %zu synthesized\n",
	       n, real[0], made[0], real[1], made[1]);

	struct trie t;
	trie_init(&t);
	double t0 = now();
	for (size_t i = 0; i < n; i++)
		if (trie_insert(&t, &all.p[i], (uint32_t)i, NULL) != 1) {
			fprintf(stderr, "trie: insert failed\n");
			return 1;
		}
	double t_ins = now() - t0;
	size_t mem_before = trie_memory(&t);
	t0 = now();
	if (getenv("NO_COMPACT") == NULL && trie_compact(&t) < 0) {
		fprintf(stderr, "trie: compact failed\n");
		return 1;
	}
	double t_compact = now() - t0;

	shuffle(all.p, n);
	uint64_t sum = 0;
	t0 = now();
	for (size_t i = 0; i < n; i++) {
		uint32_t v;
		if (!trie_get(&t, &all.p[i], &v)) {
			fprintf(stderr, "trie: entry lost\n");
			return 1;
		}
		sum += v;
	}
	double t_get = now() - t0;

	/* Longest match for host addresses inside the table's space. */
	struct prefix *hosts = malloc(n * sizeof *hosts);
	if (!hosts)
		return 1;
	for (size_t i = 0; i < n; i++) {
		hosts[i] = all.p[rnd() % n];
		unsigned max = prefix_maxlen(hosts[i].family);
		for (unsigned b = hosts[i].len; b < max; b++)
			if (rnd() & 1)
				hosts[i].addr[b / 8] |= (uint8_t)(0x80 >> (b % 8));
		hosts[i].len = (uint8_t)max;
	}
	size_t hits = 0;
	t0 = now();
	for (size_t i = 0; i < n; i++) {
		uint32_t v;
		if (trie_longest(&t, &hosts[i], NULL, &v))
			hits++, sum += v;
	}
	double t_lpm = now() - t0;

	size_t nodes = 0;
	for (uint32_t i = 1; i < t.used; i++)
		nodes++;
	printf("insert:        %8.2f M/s  (%.3f s; then trie_compact %.3f s)\n", n / t_ins / 1e6,
	       t_ins, t_compact);
	printf("exact lookup:  %8.2f M/s  (%.3f s)\n", n / t_get / 1e6, t_get);
	printf("longest match: %8.2f M/s  (%.3f s, %zu of %zu hit)\n", n / t_lpm / 1e6, t_lpm, hits,
	       n);
	printf("memory:        %8.1f bytes/entry allocated, %.1f in use (%zu nodes of %zu bytes,"
	       " %.2f nodes/entry)\n",
	       (double)trie_memory(&t) / n, (double)nodes * sizeof(struct trie_node) / n, nodes,
	       sizeof(struct trie_node), (double)nodes / n);
	printf("memory after inserts (before compaction): %.1f bytes/entry allocated\n",
	       (double)mem_before / n);
	printf("(checksum %llu)\n", (unsigned long long)sum);
	trie_free(&t);
	free(hosts);
	free(all.p);
	free(v4.p);
	free(v6.p);
	return 0;
}

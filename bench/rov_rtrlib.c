/* SPDX-License-Identifier: ISC */
/* rov_rtrlib.c - the rtrlib side of bench/rov.sh: load VRPs from CSV
 * ("ASN,IP Prefix,Max Length,..." as 'manrs rpki export --format csv'
 * writes) into rtrlib's pfx_table, read "PREFIX ASN" routes, then time only
 * pfx_table_validate over all routes, ROUNDS times. Prints the same line
 * format as 'manrs rpki validate --bench'. Built by bench/rov.sh (-lrtr). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rtrlib/rtrlib.h>

struct route {
	struct lrtr_ip_addr addr;
	uint32_t asn;
	uint8_t len;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "192.0.2.0/24" -> addr, len. */
static int parse_prefix(char *s, struct lrtr_ip_addr *a, uint8_t *len)
{
	char *slash = strchr(s, '/');
	if (!slash)
		return -1;
	*slash = 0;
	if (lrtr_ip_str_to_addr(s, a) != 0)
		return -1;
	*len = (uint8_t)atoi(slash + 1);
	return 0;
}

static int load_vrps(struct pfx_table *t, const char *path, size_t *n)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char line[512];
	*n = 0;
	while (fgets(line, sizeof line, f)) {
		char *asn = strtok(line, ","), *pfx = strtok(NULL, ","), *max = strtok(NULL, ",\n");
		if (!asn || !pfx || !max || strncmp(asn, "AS", 2) != 0)
			continue; /* header */
		struct pfx_record r;
		memset(&r, 0, sizeof r);
		r.asn = (uint32_t)strtoul(asn + 2, NULL, 10);
		if (parse_prefix(pfx, &r.prefix, &r.min_len) < 0)
			continue;
		r.max_len = (uint8_t)atoi(max);
		r.socket = NULL;
		if (pfx_table_add(t, &r) == PFX_SUCCESS)
			(*n)++;
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: rov_rtrlib VRPS.csv ROUTES.txt ROUNDS\n");
		return 2;
	}
	int rounds = atoi(argv[3]);
	struct pfx_table t;
	pfx_table_init(&t, NULL);
	double t0 = now_s();
	size_t nv;
	if (load_vrps(&t, argv[1], &nv) < 0) {
		perror(argv[1]);
		return 1;
	}
	double tload = now_s() - t0;
	FILE *f = fopen(argv[2], "r");
	if (!f) {
		perror(argv[2]);
		return 1;
	}
	size_t n = 0, cap = 1 << 20;
	struct route *rs = malloc(cap * sizeof *rs);
	char line[512];
	while (rs && fgets(line, sizeof line, f)) {
		if (line[0] == '#' || line[0] == ';')
			continue;
		char *pfx = strtok(line, " \t,\n"), *asn = strtok(NULL, " \t,\n");
		if (!pfx || !asn)
			continue;
		if (n == cap) {
			cap *= 2;
			struct route *r2 = realloc(rs, cap * sizeof *rs);
			if (!r2)
				return 1;
			rs = r2;
		}
		if (parse_prefix(pfx, &rs[n].addr, &rs[n].len) < 0)
			continue;
		if (strncmp(asn, "AS", 2) == 0)
			asn += 2;
		rs[n++].asn = (uint32_t)strtoul(asn, NULL, 10);
	}
	fclose(f);
	unsigned long cnt[3] = {0, 0, 0};
	t0 = now_s();
	for (int k = 0; k < rounds; k++)
		for (size_t i = 0; i < n; i++) {
			enum pfxv_state st;
			pfx_table_validate(&t, rs[i].asn, &rs[i].addr, rs[i].len, &st);
			cnt[st]++;
		}
	double dt = now_s() - t0;
	fprintf(stderr, "rtrlib: loaded %zu VRPs in %.3f s\n", nv, tload);
	printf("routes %zu rounds %d valid %lu invalid %lu not-found %lu seconds %.6f "
	       "routes_per_s %.0f\n",
	       n, rounds, cnt[BGP_PFXV_STATE_VALID] / rounds, cnt[BGP_PFXV_STATE_INVALID] / rounds,
	       cnt[BGP_PFXV_STATE_NOT_FOUND] / rounds, dt, dt > 0 ? (double)n * rounds / dt : 0.0);
	free(rs);
	pfx_table_free(&t);
	return 0;
}

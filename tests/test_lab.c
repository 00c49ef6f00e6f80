/* SPDX-License-Identifier: ISC */
/* test_lab.c - the lab generator: topology shape, valley-free paths, planted
 * incidents and their verdicts, determinism, and that every file it writes
 * parses (JSON with jansson, MRT with our reader, RPSL structurally). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bgp/mrt.h"
#include "bgp/mrt_elem.h"
#include "bmp/bmp.h"
#include "bmp/bmp_elem.h"
#include "lab/lab.h"
#include "lab/lab_rand.h"
#include "lab/lab_route.h"
#include "lab/lab_truth.h"
#include "lab/lab_write.h"

static const char *files[] = {"as-rel.txt",
                              "vrps.json",
                              "irr.db",
                              "rib.mrt",
                              "updates.mrt",
                              "incidents.json",
                              "updates-addpath.mrt",
                              "stream.bmp",
                              "prefixes.yml",
                              "config.yml",
                              "README",
                              "sav.yml",
                              "sav-rib.mrt",
                              "ixp-rs-rib.mrt"};
#define NFILES (sizeof files / sizeof files[0])

static void build(struct lab *lab, uint64_t seed, unsigned nases)
{
	struct lab_opts o;
	struct err e;
	lab_opts_default(&o);
	o.seed = seed;
	o.nases = nases;
	if (lab_build(lab, &o, &e)) {
		fprintf(stderr, "seed %llu ases %u: %s\n", (unsigned long long)seed, nases, e.msg);
		fail();
	}
}

static char *tmpdir(void)
{
	char *d = strdup("/tmp/manrs-test-lab-XXXXXX");
	assert_non_null(d);
	assert_non_null(mkdtemp(d));
	return d;
}

static void rmdir_all(const char *d)
{
	char p[512];
	for (size_t i = 0; i < NFILES; i++) {
		snprintf(p, sizeof p, "%s/%s", d, files[i]);
		unlink(p);
	}
	rmdir(d);
}

static char *slurp(const char *dir, const char *name, size_t *n)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = 0;
	fclose(f);
	*n = (size_t)len;
	return buf;
}

static void test_rand(void **state)
{
	struct lab_rand a, b;
	lab_rand_seed(&a, 42);
	lab_rand_seed(&b, 42);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(lab_rand_next(&a), lab_rand_next(&b));
	lab_rand_seed(&b, 43);
	assert_int_not_equal(lab_rand_next(&a), lab_rand_next(&b));
	unsigned hist[7] = {0};
	for (int i = 0; i < 7000; i++) {
		uint32_t v = lab_rand_range(&a, 3, 9);
		assert_in_range(v, 3, 9);
		hist[v - 3]++;
	}
	for (int i = 0; i < 7; i++)
		assert_in_range(hist[i], 800, 1200); /* roughly uniform */
	assert_int_equal(lab_rand_below(&a, 0), 0);
}

static int rel(const struct lab *lab, int a, int b)
{
	if (lab_ivec_has(&lab->as[a].cust, b))
		return -1; /* a provider of b */
	if (lab_ivec_has(&lab->as[a].prov, b))
		return 1;
	if (lab_ivec_has(&lab->as[a].peer, b))
		return 0;
	return 9;
}

static void test_topology(void **state)
{
	struct lab lab;
	build(&lab, 1, 300);
	assert_int_equal(lab.nas, 300);
	assert_true(lab.ntier1 >= 3);
	for (size_t i = 0; i < lab.nas; i++) {
		const struct lab_as *a = &lab.as[i];
		assert_int_equal(lab_find_as(&lab, a->asn), (int)i);
		if (a->tier == LAB_TIER1) {
			assert_int_equal(a->prov.n, 0);
			assert_int_equal(a->peer.n >= lab.ntier1 - 1, 1);
			for (size_t j = 0; j < lab.ntier1; j++)
				if (j != i)
					assert_int_equal(rel(&lab, (int)i, (int)j), 0);
		} else {
			assert_true(a->prov.n >= 1);
			for (size_t k = 0; k < a->prov.n; k++)
				assert_true((size_t)a->prov.v[k] < i); /* acyclic by order */
		}
		if (a->tier == LAB_STUB)
			assert_int_equal(a->cust.n, 0);
	}
	/* as-rel links and neighbour lists agree. */
	for (size_t i = 0; i < lab.nlinks; i++) {
		const struct lab_link *l = &lab.links[i];
		assert_int_equal(rel(&lab, l->a, l->b), l->rel);
	}
	assert_int_equal(lab_find_as(&lab, 64512), -1);
	assert_int_equal(lab_find_as(&lab, 1005), -1);
	lab_free(&lab);
}

/* Every RIB path: starts at its peer, ends at the origin, has no loop, is
 * valley-free (up*, at most one peer hop, down*) and ASPA never calls it
 * invalid (the ASPAs are correct, so a valley-free path cannot be). */
static void test_rib_valley_free(void **state)
{
	struct lab lab;
	build(&lab, 7, 300);
	size_t checked = 0, prepended = 0;
	for (size_t r = 0; r < lab.nroutes; r++)
		for (size_t k = 0; k < lab.npeers; k++) {
			const struct lab_path *raw = &lab.rib[r * lab.npeers + k];
			assert_true(raw->len > 0);                   /* the graph is connected */
			struct lab_path col = {.len = 0}, *p = &col; /* prepends collapsed */
			for (size_t i = 0; i < raw->len; i++)
				if (!col.len || col.as[col.len - 1] != raw->as[i])
					col.as[col.len++] = raw->as[i];
			prepended += col.len != raw->len;
			assert_int_equal(p->as[0], lab.as[lab.peers[k].as].asn);
			assert_int_equal(p->as[p->len - 1], lab.as[lab.routes[r].origin].asn);
			for (size_t i = 0; i < p->len; i++)
				for (size_t j = i + 1; j < p->len; j++)
					assert_int_not_equal(p->as[i], p->as[j]);
			/* Walk from the origin: phase 0 climbing, 1 after peer/down. */
			int phase = 0;
			for (size_t i = p->len - 1; i > 0; i--) {
				int a = lab_find_as(&lab, p->as[i]),
				    b = lab_find_as(&lab, p->as[i - 1]);
				int x = rel(&lab, a, b);
				assert_int_not_equal(x, 9);
				if (phase == 1)
					assert_int_equal(x, -1); /* only down after the top */
				if (x != 1)
					phase = 1;
			}
			assert_int_not_equal(lab_truth_aspa(&lab, raw), LAB_ASPA_INVALID);
			checked++;
		}
	assert_true(checked > 1000);
	assert_true(prepended > 0); /* some origins prepend */
	lab_free(&lab);
}

/* The computed routes are a Gao-Rexford stable state: every AS holds the best
 * route (class, then length, then lowest neighbour AS) among what its
 * neighbours export to it, never one through itself, and has a route exactly
 * when some neighbour offers one. Checked for single origins, two competing
 * origins (a hijack) and with a link cut. */
static bool path_has(const struct lab *lab, const struct lab_rt *rt, const struct lab_seed *seeds,
                     int from, uint32_t asn)
{
	struct lab_path p;
	assert_true(lab_route_path(lab, rt, seeds, from, &p));
	for (size_t i = 0; i < p.len; i++)
		if (p.as[i] == asn)
			return true;
	return false;
}

static void check_stable(const struct lab *lab, const struct lab_rt *rt,
                         const struct lab_seed *seeds, size_t nseeds, int cut_a, int cut_b)
{
	for (size_t v = 0; v < lab->nas; v++) {
		bool is_seed = false;
		for (size_t s = 0; s < nseeds; s++)
			is_seed |= seeds[s].as == (int)v;
		if (is_seed)
			continue;
		uint8_t best_cls = LAB_CLS_NONE, best_len = 0;
		uint32_t best_nh = 0;
		const struct lab_as *a = &lab->as[v];
		const struct lab_ivec *lists[3] = {&a->cust, &a->peer, &a->prov};
		const uint8_t cls_of[3] = {LAB_CLS_CUSTOMER, LAB_CLS_PEER, LAB_CLS_PROVIDER};
		for (int l = 0; l < 3; l++)
			for (size_t k = 0; k < lists[l]->n; k++) {
				int u = lists[l]->v[k];
				if ((u == cut_a && (int)v == cut_b) ||
				    (u == cut_b && (int)v == cut_a))
					continue;
				if (rt[u].cls == LAB_CLS_NONE)
					continue;
				/* u exports customer/own routes to all, others only to
				 * its customers (v is u's customer when l == 2). */
				if (rt[u].cls < LAB_CLS_CUSTOMER && l != 2)
					continue;
				if (path_has(lab, rt, seeds, u, a->asn) ||
				    rt[u].len + 1 > LAB_MAXPATH)
					continue;
				uint8_t c = cls_of[l], len = (uint8_t)(rt[u].len + 1);
				uint32_t nh = lab->as[u].asn;
				if (c > best_cls ||
				    (c == best_cls &&
				     (len < best_len || (len == best_len && nh < best_nh)))) {
					best_cls = c;
					best_len = len;
					best_nh = nh;
				}
			}
		assert_int_equal(rt[v].cls, best_cls);
		if (best_cls != LAB_CLS_NONE) {
			assert_int_equal(rt[v].len, best_len);
			assert_int_equal(lab->as[rt[v].nh].asn, best_nh);
			assert_false(path_has(lab, rt, seeds, rt[v].nh, a->asn));
		}
	}
}

static void test_route_stable(void **state)
{
	for (uint64_t seed = 1; seed <= 4; seed++) {
		struct lab lab;
		build(&lab, seed, 150);
		struct lab_rt *rt = malloc(lab.nas * sizeof *rt);
		assert_non_null(rt);
		struct lab_rand r;
		lab_rand_seed(&r, seed);
		for (int t = 0; t < 40; t++) {
			int o1 = (int)lab_rand_below(&r, (uint32_t)lab.nas);
			int o2 = (int)lab_rand_below(&r, (uint32_t)lab.nas);
			struct lab_seed seeds[2] = {{.as = o1, .cls = LAB_CLS_ORIGIN},
			                            {.as = o2, .cls = LAB_CLS_ORIGIN}};
			size_t n = o1 == o2 ? 1 : 2;
			lab_route_compute(&lab, seeds, n, -1, -1, rt);
			check_stable(&lab, rt, seeds, n, -1, -1);
			/* Cut one of o1's links. */
			const struct lab_as *a = &lab.as[o1];
			int other = a->prov.n ? a->prov.v[0] : a->cust.n ? a->cust.v[0] : -1;
			if (other >= 0) {
				lab_route_compute(&lab, seeds, 1, o1, other, rt);
				check_stable(&lab, rt, seeds, 1, o1, other);
			}
		}
		free(rt);
		lab_free(&lab);
	}
}

/* ASPA verification on hand-made paths over a real lab. */
static void test_truth_aspa(void **state)
{
	struct lab lab;
	build(&lab, 1, 300);
	/* Find a stub with two providers and make everybody involved attest. */
	int c = -1;
	for (size_t i = lab.ntier1 + lab.ntransit; i < lab.nas && c < 0; i++)
		if (lab.as[i].prov.n >= 2)
			c = (int)i;
	assert_true(c >= 0);
	int p1 = lab.as[c].prov.v[0], p2 = lab.as[c].prov.v[1];
	lab.as[c].aspa = lab.as[p1].aspa = lab.as[p2].aspa = true;
	uint32_t C = lab.as[c].asn, P1 = lab.as[p1].asn, P2 = lab.as[p2].asn;
	struct lab_path p = {.as = {P1, C}, .len = 2};
	assert_int_equal(lab_truth_aspa(&lab, &p), LAB_ASPA_VALID); /* n <= 2 */
	p = (struct lab_path){.as = {P2, C, P1}, .len = 3};         /* a valley */
	assert_int_equal(lab_truth_aspa(&lab, &p), LAB_ASPA_INVALID);
	p = (struct lab_path){.as = {P1, C, C, C}, .len = 4}; /* prepends */
	assert_int_equal(lab_truth_aspa(&lab, &p), LAB_ASPA_VALID);
	p = (struct lab_path){.as = {64999, 65000, C}, .len = 3}; /* strangers */
	assert_int_not_equal(lab_truth_aspa(&lab, &p), LAB_ASPA_INVALID);
	p.len = 0;
	assert_int_equal(lab_truth_aspa(&lab, &p), LAB_ASPA_INVALID);
	lab_free(&lab);
}

static const struct lab_incident *find_inc(const struct lab *lab, enum lab_kind k)
{
	for (size_t i = 0; i < lab->ninc; i++)
		if (lab->inc[i].kind == k)
			return &lab->inc[i];
	return NULL;
}

static void check_incidents(const struct lab *lab)
{
	const struct lab_incident *in;
	in = find_inc(lab, LAB_ORIGIN_HIJACK);
	assert_non_null(in);
	assert_int_equal(in->rov, LAB_ROV_INVALID);
	assert_int_not_equal(in->victim, in->origin);
	assert_false(in->irr);
	assert_true(in->nseen >= 1);
	for (size_t k = 0; k < in->nseen; k++)
		assert_int_equal(in->seen[k].path.as[in->seen[k].path.len - 1], in->origin);

	in = find_inc(lab, LAB_SUBPREFIX_HIJACK);
	assert_non_null(in);
	assert_int_equal(in->rov, LAB_ROV_INVALID);
	assert_int_equal(in->pfx.len, 24);
	assert_int_equal(in->nseen, lab->npeers); /* longest match wins everywhere */

	in = find_inc(lab, LAB_ROUTE_LEAK);
	assert_non_null(in);
	assert_int_equal(in->aspa, LAB_ASPA_INVALID);
	assert_int_not_equal(in->rov, LAB_ROV_INVALID);
	for (size_t k = 0; k < in->nseen; k++) {
		bool has_actor = false;
		for (size_t i = 0; i < in->seen[k].path.len; i++)
			has_actor |= in->seen[k].path.as[i] == in->actor;
		assert_true(has_actor);
	}

	in = find_inc(lab, LAB_BOGON_PREFIX);
	assert_non_null(in);
	assert_true(in->bogon);
	assert_int_equal(in->rov, LAB_ROV_NOTFOUND);

	in = find_inc(lab, LAB_BOGON_ASN);
	assert_non_null(in);
	assert_true(in->bogon);
	assert_in_range(in->origin, 64512, 65534);
	assert_int_equal(in->end, 0);

	in = find_inc(lab, LAB_ROA_MISCONFIG);
	if (in) { /* present whenever some AS has a TE /24 and ROAs */
		assert_int_equal(in->rov, LAB_ROV_INVALID);
		assert_int_equal(in->origin, in->victim);
		assert_true(in->irr);
	}
}

/* The incidents planted for the monitor (lab_incident_more.c). */
static void check_monitor_incidents(const struct lab *lab)
{
	const struct lab_incident *in = find_inc(lab, LAB_SQUAT);
	assert_non_null(in);
	assert_int_not_equal(in->victim, in->origin);
	for (size_t r = 0; r < lab->nroutes; r++)
		assert_false(prefix_contains(&lab->routes[r].pfx, &in->pfx));

	in = find_inc(lab, LAB_PATH_ANOMALY);
	assert_non_null(in);
	assert_int_equal(in->nseen, lab->npeers);
	for (size_t k = 0; k < in->nseen; k++)
		assert_true(in->seen[k].path.len > in->rule_maxlen);
	for (size_t r = 0; r < lab->nroutes; r++)
		for (size_t k = 0; prefix_equal(&lab->routes[r].pfx, &in->pfx) && k < lab->npeers;
		     k++)
			assert_true(lab->rib[r * lab->npeers + k].len <= in->rule_maxlen);

	in = find_inc(lab, LAB_VISIBILITY_LOSS);
	assert_non_null(in);
	size_t withdrawn = 0;
	for (size_t k = 0; k < lab->nev; k++)
		withdrawn +=
		    lab->ev[k].type == LAB_EV_WITHDRAW && prefix_equal(&lab->ev[k].pfx, &in->pfx);
	assert_int_equal(withdrawn, lab->npeers);

	in = find_inc(lab, LAB_OTC_LEAK);
	assert_non_null(in);
	assert_int_not_equal(in->otc, 0);
	assert_int_not_equal(in->actor, in->otc);
	size_t marked = 0;
	for (size_t k = 0; k < lab->nev; k++)
		marked += lab->ev[k].otc == in->otc && prefix_equal(&lab->ev[k].pfx, &in->pfx);
	assert_int_equal(marked, in->nseen);

	in = find_inc(lab, LAB_ASPA_LEAK);
	assert_non_null(in);
	assert_int_equal(in->aspa, LAB_ASPA_INVALID);
	assert_int_not_equal(in->actor, in->origin);
}

static void test_incidents(void **state)
{
	struct lab lab;
	build(&lab, 1, 300);
	check_incidents(&lab);
	assert_non_null(find_inc(&lab, LAB_ROA_MISCONFIG));
	/* Every update-file incident shows up as events tagged with it. */
	for (size_t i = 0; i < lab.ninc; i++) {
		size_t n = 0;
		for (size_t k = 0; k < lab.nev; k++)
			n += lab.ev[k].incident == (int)i && lab.ev[k].type == LAB_EV_ANNOUNCE &&
			     prefix_equal(&lab.ev[k].pfx, &lab.inc[i].pfx) &&
			     lab.ev[k].time >= lab.inc[i].start;
		if (lab.inc[i].kind != LAB_ROA_MISCONFIG)
			assert_true(n >= lab.inc[i].nseen);
	}
	/* Events are in time order. */
	for (size_t k = 1; k < lab.nev; k++)
		assert_true(lab.ev[k - 1].time <= lab.ev[k].time);
	check_monitor_incidents(&lab);
	lab_free(&lab);
}

/* Many seeds and sizes, down to the minimum: always builds, always plants. */
static void test_many_seeds(void **state)
{
	static const unsigned sizes[] = {LAB_MIN_ASES, 40, 100, 300};
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
		for (uint64_t seed = 1; seed <= 25; seed++) {
			struct lab lab;
			build(&lab, seed * 7919, sizes[s]);
			check_incidents(&lab);
			lab_free(&lab);
		}
}

static void test_large_fast(void **state)
{
	struct lab lab;
	clock_t t0 = clock();
	build(&lab, 3, LAB_MAX_ASES);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	check_incidents(&lab);
	assert_true(lab.nroutes > 3000);
	lab_free(&lab);
	(void)secs; /* timing is reported by bench, never asserted */
}

static void test_bad_options(void **state)
{
	struct lab lab;
	struct lab_opts o;
	struct err e;
	lab_opts_default(&o);
	o.nases = LAB_MIN_ASES - 1;
	assert_int_equal(lab_build(&lab, &o, &e), -1);
	assert_non_null(strstr(e.msg, "--ases"));
	lab_free(&lab);
	o.nases = LAB_MAX_ASES + 1;
	assert_int_equal(lab_build(&lab, &o, &e), -1);
	lab_free(&lab);
	o.nases = 30;
	assert_int_equal(lab_build(&lab, &o, &e), 0);
	/* A regular file where the directory should be. */
	assert_int_equal(lab_write_dir(&lab, "/dev/null", &e), -1);
	assert_non_null(strstr(e.msg, "/dev/null"));
	assert_int_equal(lab_write_dir(&lab, "/nonexistent-dir/x/y", &e), -1);
	lab_free(&lab);
}

static void write_lab(uint64_t seed, unsigned nases, const char *dir)
{
	struct lab lab;
	struct err e;
	build(&lab, seed, nases);
	if (lab_write_dir(&lab, dir, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		fail();
	}
	lab_free(&lab);
}

static void test_deterministic(void **state)
{
	char *a = tmpdir(), *b = tmpdir(), *c = tmpdir();
	write_lab(5, 200, a);
	write_lab(5, 200, b);
	write_lab(6, 200, c);
	size_t differ = 0;
	for (size_t i = 0; i < NFILES; i++) {
		size_t na, nb, nc;
		char *x = slurp(a, files[i], &na), *y = slurp(b, files[i], &nb);
		char *z = slurp(c, files[i], &nc);
		assert_true(na > 0);
		assert_int_equal(na, nb);
		assert_memory_equal(x, y, na);
		differ += na != nc || memcmp(x, z, na) != 0;
		free(x);
		free(y);
		free(z);
	}
	assert_int_equal(differ, NFILES); /* another seed: every file differs */
	rmdir_all(a);
	rmdir_all(b);
	rmdir_all(c);
	free(a);
	free(b);
	free(c);
}

static size_t count_records(const char *dir, const char *name)
{
	char p[512];
	struct err e;
	struct mrt_record rec;
	snprintf(p, sizeof p, "%s/%s", dir, name);
	struct mrt_reader *r = mrt_reader_open(p, &e);
	assert_non_null(r);
	size_t n = 0;
	int rc;
	while ((rc = mrt_reader_next(r, &rec, &e)) == 1)
		n++;
	assert_int_equal(rc, 0);
	assert_int_equal(mrt_reader_warnings(r), 0);
	mrt_reader_close(r);
	return n;
}

/* Routes (elements) in an MRT file, by our reader, which must not warn. */
static size_t count_elems(const char *dir, const char *name)
{
	char p[512];
	struct err e;
	const struct mrt_elem *el;
	snprintf(p, sizeof p, "%s/%s", dir, name);
	struct mrt_reader *r = mrt_reader_open(p, &e);
	assert_non_null(r);
	struct mrt_elems *it = mrt_elems_new(r, &e);
	assert_non_null(it);
	size_t n = 0;
	int rc;
	while ((rc = mrt_elems_next(it, &el, &e)) == 1)
		n++;
	assert_int_equal(rc, 0);
	assert_int_equal(mrt_reader_warnings(r), 0);
	mrt_elems_free(it);
	mrt_reader_close(r);
	return n;
}

static void test_files_parse(void **state)
{
	char *d = tmpdir();
	struct lab lab;
	struct err e;
	struct lab_stats st;
	build(&lab, 1, 300);
	assert_int_equal(lab_write_dir(&lab, d, &e), 0);
	lab_stats(&lab, &st);

	json_error_t je;
	char p[512];
	snprintf(p, sizeof p, "%s/vrps.json", d);
	json_t *v = json_load_file(p, 0, &je);
	assert_non_null(v);
	assert_int_equal(json_array_size(json_object_get(v, "roas")), lab.nroas);
	assert_int_equal(json_array_size(json_object_get(v, "aspas")), st.aspas);
	json_t *roa0 = json_array_get(json_object_get(v, "roas"), 0);
	assert_string_equal(json_string_value(json_object_get(roa0, "ta")), "lab");
	assert_true(json_is_integer(json_object_get(roa0, "maxLength")));
	json_decref(v);

	snprintf(p, sizeof p, "%s/incidents.json", d);
	v = json_load_file(p, 0, &je);
	assert_non_null(v);
	json_t *inc = json_object_get(v, "incidents");
	assert_int_equal(json_array_size(inc), lab.ninc);
	size_t i;
	json_t *it;
	json_array_foreach(inc, i, it)
	{
		assert_string_equal(json_string_value(json_object_get(it, "type")),
		                    lab_kind_name(lab.inc[i].kind));
		json_t *x = json_object_get(it, "expected");
		assert_string_equal(json_string_value(json_object_get(x, "rov")),
		                    lab_rov_name(lab.inc[i].rov));
		assert_int_equal(json_array_size(json_object_get(it, "seen")), lab.inc[i].nseen);
	}
	json_decref(v);

	/* MRT: one record per prefix plus the peer index, one route per RIB
	 * entry; one route per event, packed into fewer UPDATE records. */
	size_t prefixes = 0;
	for (size_t r = 0; r < lab.nroutes; r++)
		prefixes += lab.rib[r * lab.npeers].len > 0;
	assert_int_equal(count_records(d, "rib.mrt"), prefixes + 1);
	assert_int_equal(count_elems(d, "rib.mrt"), st.rib_entries);
	size_t records = count_records(d, "updates.mrt");
	assert_true(records < lab.nev);
	assert_true(records > lab.nev / 4);
	assert_int_equal(count_elems(d, "updates.mrt"), lab.nev);

	/* RPSL: objects are blank-line separated, each ends with source: LAB,
	 * and there is one route/route6 per IRR-registered route. */
	size_t n;
	char *db = slurp(d, "irr.db", &n);
	size_t routes = 0, objects = 0;
	for (char *line = strtok(db, "\n"); line; line = strtok(NULL, "\n")) {
		routes += !strncmp(line, "route:", 6) || !strncmp(line, "route6:", 7);
		objects += !strncmp(line, "source:", 7);
		if (!strncmp(line, "source:", 7))
			assert_non_null(strstr(line, "LAB"));
	}
	assert_int_equal(routes, st.irr_routes);
	assert_true(objects > lab.nas * 2);
	free(db);

	char *asrel = slurp(d, "as-rel.txt", &n);
	size_t lines = 0;
	for (char *line = strtok(asrel, "\n"); line; line = strtok(NULL, "\n"))
		lines += line[0] != '#';
	assert_int_equal(lines, lab.nlinks);
	free(asrel);

	lab_free(&lab);
	rmdir_all(d);
	free(d);
}

/* What our BMP decoder finds in stream.bmp. */
struct bmp_counts {
	size_t by_type[8];
	size_t announce, withdraw, eor;
	uint8_t first, last; /* message types */
};

static void count_bmp(const char *dir, struct bmp_counts *c)
{
	size_t n, used = 0, len;
	char *buf = slurp(dir, "stream.bmp", &n);
	const uint8_t *p = (const uint8_t *)buf;
	struct bmp_session session = {0};
	struct bmp_elems it;
	struct bmp_msg m;
	struct err e;
	memset(c, 0, sizeof *c);
	bmp_elems_init(&it, false);
	while (used < n) {
		assert_int_equal(bmp_frame(p + used, n - used, 0, &len, &e), 1);
		assert_int_equal(bmp_decode(p + used, len, &m, &e), 0);
		c->first = used ? c->first : m.type;
		c->last = m.type;
		c->by_type[m.type & 7]++;
		uint16_t afi;
		uint8_t safi;
		if (m.type == BMP_PEER_UP) {
			assert_true(m.u.up.session.as4);
			session = m.u.up.session;
		} else if (m.type == BMP_ROUTE_MONITORING) {
			assert_int_equal(m.peer.flags, 0); /* pre-policy Adj-RIB-In, IPv4 peer */
			c->eor += bmp_update_is_eor(&m, &afi, &safi);
			assert_int_equal(bmp_elems_start(&it, &m, &session, &e), 0);
			const struct mrt_elem *el;
			while (bmp_elems_next(&it, &el) == 1) {
				c->announce += el->type == MRT_ELEM_ANNOUNCE;
				c->withdraw += el->type == MRT_ELEM_WITHDRAW;
			}
		}
		used += len;
	}
	free(buf);
}

/* stream.bmp holds the RIB and every event, framed as a router sends them. */
static void test_bmp_stream(void **state)
{
	char *d = tmpdir();
	struct lab lab;
	struct err e;
	struct lab_stats st;
	struct bmp_counts c;
	build(&lab, 1, 300);
	assert_int_equal(lab_write_dir(&lab, d, &e), 0);
	lab_stats(&lab, &st);
	count_bmp(d, &c);
	assert_int_equal(c.first, BMP_INITIATION);
	assert_int_equal(c.last, BMP_TERMINATION);
	assert_int_equal(c.by_type[BMP_INITIATION], 1);
	assert_int_equal(c.by_type[BMP_TERMINATION], 1);
	/* One reset in the churn: a Peer Down and a Peer Up beyond the first. */
	assert_int_equal(c.by_type[BMP_PEER_UP], lab.npeers + 1);
	assert_int_equal(c.by_type[BMP_PEER_DOWN], 1);
	assert_int_equal(c.eor, 2 * lab.npeers);
	assert_int_equal(c.announce, st.rib_entries + st.updates);
	assert_int_equal(c.withdraw, st.withdrawals);
	/* Some UPDATEs carry more than one prefix (the RIB is dumped in prefix
	 * order, so few neighbours there share a path). */
	assert_true(c.by_type[BMP_ROUTE_MONITORING] < c.announce + c.withdraw);
	lab_free(&lab);
	rmdir_all(d);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rand),          cmocka_unit_test(test_bmp_stream),
	    cmocka_unit_test(test_topology),      cmocka_unit_test(test_rib_valley_free),
	    cmocka_unit_test(test_route_stable),  cmocka_unit_test(test_truth_aspa),
	    cmocka_unit_test(test_incidents),     cmocka_unit_test(test_many_seeds),
	    cmocka_unit_test(test_large_fast),    cmocka_unit_test(test_bad_options),
	    cmocka_unit_test(test_deterministic), cmocka_unit_test(test_files_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: ISC */
/* rpki_validate.c - 'manrs rpki validate': one route (ROV and/or ASPA) or
 * bulk routes from text lines, bgpdump -m output or MRT files. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/mrt.h"
#include "bgp/mrt_elem.h"
#include "bgp/mrt_filter.h"
#include "cmd.h"
#include "core/grow.h"
#include "core/json_writer.h"
#include "core/reader.h"
#include "core/wire.h"
#include "out/rpki_out.h"
#include "rpki/aspa.h"
#include "rpki/rov.h"
#include "rpki_cmds.h"

/* "rov":{"state":..,"reason":..,"vrps":[..]} with the covering VRPs m. */
static void print_rov_state_json(struct json_writer *w, const struct rpki_set *s, enum rov_state st,
                                 enum rov_reason why, const struct vrp *const *m, size_t nm)
{
	json_key(w, "rov");
	json_begin_object(w);
	json_key(w, "state");
	json_string_plain(w, rov_state_name(st));
	if (st == ROV_INVALID) {
		json_key(w, "reason");
		json_string_plain(w, rov_reason_name(why));
	}
	json_key(w, "vrps");
	json_begin_array(w);
	for (size_t i = 0; i < nm && i < 64; i++)
		rpki_vrp_json(w, s, m[i]);
	json_end_array(w);
	json_end_object(w);
}

static void print_path_json(struct json_writer *w, const uint32_t *path, int npath)
{
	json_key(w, "path");
	json_begin_array(w);
	for (int i = 0; i < npath; i++)
		json_u32(w, path[i]);
	json_end_array(w);
}

static const char *dir_name(enum aspa_dir d)
{
	return d == ASPA_UPSTREAM ? "upstream" : "downstream";
}

/* "key":n for each of n counters. */
static void counts_json(struct json_writer *w, const char *const *keys, const size_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_key(w, keys[i]);
		json_u64(w, v[i]);
	}
}

static void print_vrps_text(const struct rpki_set *s, const struct vrp *const *m, size_t nm)
{
	char buf[PREFIX_STRLEN], as[ASN_STRLEN];
	for (size_t i = 0; i < nm && i < 64; i++) {
		const char *ta = rpki_out_ta(s, m[i]);
		printf("  VRP %s max %u %s", rpki_out_prefix(m[i], buf, sizeof buf), m[i]->maxlen,
		       asn_format(m[i]->asn, as, sizeof as));
		if (*ta) {
			printf(" (");
			rpki_out_text(stdout, ta);
			putchar(')');
		}
		putchar('\n');
	}
	if (nm > 64)
		printf("  ... and %zu more VRPs\n", nm - 64);
}

struct single {
	int have_prefix;
	struct prefix prefix;
	uint32_t origin;
	int have_path;
	uint32_t path[RPKI_MAX_PATH];
	int npath, has_set;
	enum aspa_dir dir;
	struct aspa_neighbor nb; /* --neighbor, --route-server */
};

/* "aspa" of a single route: the verdict and how it was reached. */
static void single_aspa_json(struct json_writer *w, const struct single *q,
                             const struct aspa_result *ar)
{
	json_key(w, "aspa");
	json_begin_object(w);
	json_key(w, "direction");
	json_string_plain(w, dir_name(q->dir));
	json_key(w, "state");
	json_string_plain(w, aspa_state_name(ar->state));
	print_path_json(w, q->path, q->npath);
	if (q->nb.asn) {
		json_key(w, "neighbor");
		json_u32(w, q->nb.asn);
		json_key(w, "route_server");
		json_bool(w, q->nb.route_server);
	}
	static const char *const keys[] = {"unique_ases", "max_up_ramp", "min_up_ramp",
	                                   "max_down_ramp", "min_down_ramp"};
	const size_t v[] = {ar->n, ar->max_up, ar->min_up, ar->max_down, ar->min_down};
	counts_json(w, keys, v, 5);
	json_key(w, "reason");
	json_str(w, ar->why);
	if (ar->bad_customer || ar->bad_provider) {
		json_key(w, "customer");
		json_u32(w, ar->bad_customer);
		json_key(w, "not_provider");
		json_u32(w, ar->bad_provider);
	}
	json_end_object(w);
}

static int single_json(const struct rpki_set *s, const struct single *q, enum rov_state st,
                       enum rov_reason why, const struct vrp *const *m, size_t nm,
                       const struct aspa_result *ar)
{
	char buf[PREFIX_STRLEN];
	struct json_writer w;
	json_writer_init_file(&w, stdout);
	json_begin_object(&w);
	if (q->have_prefix) {
		json_key(&w, "prefix");
		json_string_plain(&w, prefix_format(&q->prefix, buf, sizeof buf));
		json_key(&w, "origin");
		json_u32(&w, q->origin);
		print_rov_state_json(&w, s, st, why, m, nm);
	}
	if (q->have_path)
		single_aspa_json(&w, q, ar);
	json_end_object(&w);
	json_ws(&w, "\n");
	return json_writer_finish(&w);
}

static int validate_single(const struct rpki_opts *o, const struct rpki_set *s,
                           const struct single *q)
{
	int rc = EXIT_OK;
	char buf[PREFIX_STRLEN], as[ASN_STRLEN];
	const struct vrp *m[64];
	size_t nm = 0;
	enum rov_reason why = ROV_WHY_NONE;
	enum rov_state st = ROV_NOT_FOUND;
	if (q->have_prefix) {
		struct rov_index ix;
		struct err e;
		if (rov_index_build(&ix, s, &e) < 0) {
			fprintf(stderr, "manrs rpki: %s\n", e.msg);
			return EXIT_FINDINGS;
		}
		st = rov_validate_detail(&ix, &q->prefix, q->origin, m, 64, &nm, &why);
		rov_index_free(&ix);
		if (st == ROV_INVALID)
			rc = EXIT_FINDINGS;
	}
	struct aspa_result ar;
	if (q->have_path) {
		aspa_verify_neighbor(s, q->path, (size_t)q->npath, q->has_set, q->dir, &q->nb, &ar);
		if (ar.state == ASPA_INVALID)
			rc = EXIT_FINDINGS;
	}
	if (o->json)
		return single_json(s, q, st, why, m, nm, &ar) < 0 ? EXIT_FINDINGS : rc;
	if (q->have_prefix) {
		printf("%s %s: %s", prefix_format(&q->prefix, buf, sizeof buf),
		       q->origin ? asn_format(q->origin, as, sizeof as) : "NONE",
		       rov_state_name(st));
		if (st == ROV_INVALID)
			printf(" (%s)", why == ROV_WHY_MAXLEN ? "longer than maxLength"
			                                      : "origin AS not authorised");
		putchar('\n');
		print_vrps_text(s, m, nm);
	}
	if (q->have_path) {
		printf("path");
		for (int i = 0; i < q->npath; i++)
			printf(" %u", q->path[i]);
		printf(" (%s): ASPA %s: %s\n", q->dir == ASPA_UPSTREAM ? "upstream" : "downstream",
		       aspa_state_name(ar.state), ar.why);
		if (ar.bad_customer || ar.bad_provider)
			printf("  AS%u does not list AS%u as a provider\n", ar.bad_customer,
			       ar.bad_provider);
	}
	return rc;
}

/* ---- bulk validation --------------------------------------------------- */

struct bulk {
	const struct rpki_opts *o;
	const struct rpki_set *s;
	struct rov_index ix;
	int aspa;
	enum aspa_dir dir;
	unsigned print;             /* bit per rov_state to list */
	unsigned print_aspa;        /* bit per aspa_state to list */
	int summary_stdout;         /* --summary, or nothing listed */
	struct rpki_unique *unique; /* --unique: listed routes grouped, printed at the end */
	int have_origin, have_peer_asn, have_peer_addr; /* --origin, --peer filters */
	uint32_t origin;
	uint32_t peer_asn;
	struct prefix peer_addr;
	unsigned long routes, rov[3], why[3], fam[2], aspa_st[3], skipped, filtered;
	unsigned long printed;
	unsigned long bad_lines_shown;
	int oom;
	struct json_writer w; /* with --json */
};

/* --origin and --peer: a route without peer information never matches --peer. */
static int bulk_wanted(const struct bulk *b, uint32_t origin, const struct route_peer *peer)
{
	if (b->have_origin && origin != b->origin)
		return 0;
	if (b->have_peer_asn && (!peer || peer->asn != b->peer_asn))
		return 0;
	if (b->have_peer_addr &&
	    (!peer || peer->family != b->peer_addr.family ||
	     memcmp(peer->addr, b->peer_addr.addr, peer->family == 4 ? 4 : 16) != 0))
		return 0;
	return 1;
}

/* The "rov" object as single mode prints it: state, reason, covering VRPs. */
static void print_rov_json(struct bulk *b, const struct prefix *p, uint32_t origin)
{
	const struct vrp *m[64];
	size_t nm = 0;
	enum rov_reason why = ROV_WHY_NONE;
	enum rov_state st = rov_validate_detail(&b->ix, p, origin, m, 64, &nm, &why);
	print_rov_state_json(&b->w, b->s, st, why, m, nm);
}
/* path NULL: the caller printed it beside the object (--unique). */
static void print_aspa_json(struct bulk *b, enum aspa_state as, const uint32_t *path, int npath)
{
	json_key(&b->w, "aspa");
	json_begin_object(&b->w);
	json_key(&b->w, "direction");
	json_string_plain(&b->w, dir_name(b->dir));
	json_key(&b->w, "state");
	json_string_plain(&b->w, aspa_state_name(as));
	if (path)
		print_path_json(&b->w, path, npath);
	json_end_object(&b->w);
}
/* Open a listed route's object with its prefix and origin. */
static struct json_writer *route_json_open(struct bulk *b, const char *prefix, uint32_t origin)
{
	struct json_writer *w = &b->w;
	json_sep(w, "\n    ");
	json_begin_object(w);
	json_key(w, "prefix");
	json_string_plain(w, prefix);
	json_key(w, "origin");
	json_u32(w, origin);
	return w;
}

/* "peer":{"address":..,"asn":..} */
static void print_peer_json(struct json_writer *w, const struct route_peer *peer)
{
	struct prefix pa = {.family = peer->family, .len = peer->family == 4 ? 32 : 128};
	memcpy(pa.addr, peer->addr, 16);
	char ab[PREFIX_STRLEN];
	prefix_format(&pa, ab, sizeof ab);
	*strchr(ab, '/') = 0;
	json_key(w, "peer");
	json_begin_object(w);
	json_key(w, "address");
	json_string_plain(w, ab);
	json_key(w, "asn");
	json_u32(w, peer->asn);
	json_end_object(w);
}

static void print_route(struct bulk *b, const struct prefix *p, uint32_t origin,
                        const struct route_peer *peer, enum rov_state st, enum rov_reason why,
                        const uint32_t *path, int npath, enum aspa_state as)
{
	char buf[PREFIX_STRLEN];
	prefix_format(p, buf, sizeof buf);
	if (b->o->json) {
		struct json_writer *w = route_json_open(b, buf, origin);
		if (peer)
			print_peer_json(w, peer);
		print_rov_json(b, p, origin);
		if (b->aspa && path)
			print_aspa_json(b, as, path, npath);
		json_end_object(w);
	} else {
		printf("%s AS%u %s", buf, origin, rov_state_name(st));
		if (st == ROV_INVALID)
			printf(" %s", rov_reason_name(why));
		if (b->aspa && path)
			printf(" aspa-%s", aspa_state_name(as));
		putchar('\n');
	}
	b->printed++;
}

static void bulk_route(struct bulk *b, const struct prefix *p, uint32_t origin,
                       const struct route_peer *peer, const uint32_t *path, int npath, int has_set)
{
	if (!bulk_wanted(b, origin, peer)) {
		b->filtered++;
		return;
	}
	enum rov_reason why = ROV_WHY_NONE;
	enum rov_state st = rov_validate(&b->ix, p, origin);
	/* Only invalid routes need the slower walk that finds the reason. */
	if (st == ROV_INVALID) {
		rov_validate_detail(&b->ix, p, origin, NULL, 0, NULL, &why);
		b->why[why]++;
	}
	b->routes++;
	b->rov[st]++;
	b->fam[p->family == 6]++;
	enum aspa_state as = ASPA_UNKNOWN;
	int checked = b->aspa && path;
	if (checked) {
		as = aspa_verify(b->s, path, (size_t)npath, has_set, b->dir, NULL);
		b->aspa_st[as]++;
	}
	if (!(b->print >> st & 1) && !(checked && b->print_aspa >> as & 1))
		return;
	if (b->unique) {
		if (rpki_unique_add(b->unique, p, origin, peer, path, npath, checked, as) < 0)
			b->oom = 1;
		return;
	}
	print_route(b, p, origin, peer, st, why, path, npath, as);
}

static void print_group(struct bulk *b, const struct unique_group *g)
{
	char buf[PREFIX_STRLEN], as[ASN_STRLEN];
	const struct vrp *m[64];
	size_t nm = 0;
	enum rov_reason why = ROV_WHY_NONE;
	enum rov_state st = rov_validate_detail(&b->ix, &g->prefix, g->origin, m, 64, &nm, &why);
	prefix_format(&g->prefix, buf, sizeof buf);
	if (b->o->json) {
		struct json_writer *w = route_json_open(b, buf, g->origin);
		json_key(w, "routes");
		json_u64(w, g->routes);
		json_key(w, "peers");
		json_u64(w, g->peers);
		if (g->npath >= 0)
			print_path_json(w, g->path, g->npath);
		print_rov_json(b, &g->prefix, g->origin);
		if (g->aspa_checked)
			print_aspa_json(b, g->aspa, NULL, 0);
		json_end_object(w);
	} else {
		printf("%s %s: %s", buf, g->origin ? asn_format(g->origin, as, sizeof as) : "NONE",
		       rov_state_name(st));
		if (st == ROV_INVALID)
			printf(" (%s)", why == ROV_WHY_MAXLEN ? "longer than maxLength"
			                                      : "origin AS not authorised");
		printf("; %lu peer%s, %lu route%s", g->peers, g->peers == 1 ? "" : "s", g->routes,
		       g->routes == 1 ? "" : "s");
		if (g->npath >= 0) {
			printf("; path");
			for (int i = 0; i < g->npath; i++)
				printf(" %u", g->path[i]);
		}
		if (g->aspa_checked)
			printf(" (ASPA %s)", aspa_state_name(g->aspa));
		putchar('\n');
		print_vrps_text(b->s, m, nm);
	}
	b->printed++;
}

static void bulk_print_unique(struct bulk *b)
{
	const struct unique_group *g;
	size_t n = rpki_unique_groups(b->unique, &g);
	for (size_t i = 0; i < n; i++)
		print_group(b, &g[i]);
}

static void bad_line(struct bulk *b, const char *name, unsigned long line, const char *what)
{
	b->skipped++;
	if (b->bad_lines_shown++ < 5 && !b->o->quiet)
		fprintf(stderr, "manrs rpki: %s:%lu: %s (line skipped)\n", name, line, what);
}

/* One text line: "PREFIX ASN", "PREFIX A B C", pyasn "PREFIX\tASN", or a
 * bgpdump -m line ("TABLE_DUMP2|t|B|peer|peeras|PREFIX|PATH|..."). */
static void bulk_line(struct bulk *b, char *line, const char *name, unsigned long lineno)
{
	while (*line == ' ' || *line == '\t')
		line++;
	if (!*line || *line == '#' || *line == ';')
		return;
	char *pfx, *rest;
	int bgpdump = 0;
	struct route_peer peer, *pp = NULL;
	if (strchr(line, '|')) {
		bgpdump = 1;
		char *f[9];
		int n = 0;
		for (char *p = line; n < 9;) {
			f[n++] = p;
			char *bar = strchr(p, '|');
			if (!bar)
				break;
			*bar = 0;
			p = bar + 1;
		}
		/* ADD-PATH types ("TABLE_DUMP2_AP", "BGP4MP_AP") carry a path id first. */
		size_t l0 = strlen(f[0]);
		int ap = l0 > 3 && strcmp(f[0] + l0 - 3, "_AP") == 0;
		if (n < 7 + ap || (strcmp(f[2], "A") && strcmp(f[2], "B")))
			return; /* withdrawals, state changes: no origin to validate */
		pfx = f[5];
		rest = f[6 + ap];
		struct prefix pa;
		if (addr_parse(f[3], &pa, NULL) == 0 && asn_parse(f[4], &peer.asn, NULL) == 0) {
			peer.family = pa.family;
			memcpy(peer.addr, pa.addr, 16);
			pp = &peer;
		}
	} else {
		pfx = line;
		rest = line + strcspn(line, " \t,");
		if (*rest)
			*rest++ = 0;
	}
	struct prefix p;
	if (rpki_route_prefix(pfx, &p) < 0)
		return bad_line(b, name, lineno, "bad prefix");
	uint32_t path[RPKI_MAX_PATH];
	int has_set = 0;
	int n = rpki_parse_path(rest, path, RPKI_MAX_PATH, &has_set);
	/* An empty AS_PATH (locally originated, as in MRT) is fine from bgpdump. */
	if (n < 0 || (n == 0 && !bgpdump))
		return bad_line(b, name, lineno, n == 0 ? "no origin AS" : "bad AS path");
	bulk_route(b, &p, rpki_path_origin(rest, path, n), pp, path, n, has_set);
}

static int bulk_text(struct bulk *b, const char *path)
{
	struct err e;
	struct reader *r = reader_open(path, &e);
	if (!r) {
		fprintf(stderr, "manrs rpki: %s\n", e.msg);
		return -1;
	}
	char *line;
	size_t len;
	int rc;
	while ((rc = reader_getline(r, &line, &len, &e)) == 1)
		bulk_line(b, line, reader_name(r), reader_lineno(r));
	if (rc < 0)
		fprintf(stderr, "manrs rpki: %s\n", e.msg);
	reader_close(r);
	return rc < 0 ? -1 : 0;
}

/* True when a raw AS_PATH (segments of type, count, ASNs) holds an AS_SET. */
static int raw_has_set(const uint8_t *p, size_t len, int asn_len)
{
	struct wire_cur c = wire_cur_make(p, len);
	uint8_t type, n;
	while (wire_get_u8(&c, &type) && wire_get_u8(&c, &n)) {
		if (type == 1 || type == 4) /* AS_SET, AS_CONFED_SET */
			return 1;
		if (!wire_skip(&c, (size_t)n * (size_t)asn_len))
			break;
	}
	return 0;
}

/* The filters of --mrt input (mrt_filter.h), as in `manrs mrt dump`. */
static struct mrt_filter mrt_filt;

static int bulk_mrt(struct bulk *b, const char *path)
{
	struct err e;
	struct mrt_reader *r = mrt_reader_open(path, &e);
	if (!r) {
		fprintf(stderr, "manrs rpki: %s\n", e.msg);
		return -1;
	}
	struct mrt_elems *it = mrt_elems_new(r, &e);
	if (!it) {
		fprintf(stderr, "manrs rpki: %s\n", e.msg);
		mrt_reader_close(r);
		return -1;
	}
	const struct mrt_elem *el;
	int rc;
	static uint32_t asp[RPKI_MAX_PATH];
	bool filtering = mrt_filter_active(&mrt_filt);
	while ((rc = mrt_elems_next(it, &el, &e)) == 1) {
		if ((el->type != MRT_ELEM_RIB && el->type != MRT_ELEM_ANNOUNCE) || !el->attrs)
			continue;
		if (filtering && !mrt_filter_match(&mrt_filt, el))
			continue;
		struct prefix p;
		mrt_elem_prefix(el, &p);
		uint32_t origin = bgp_attrs_origin_as(el->attrs);
		int n = 0, has_set = 0;
		int want_path = b->aspa || b->unique;
		if (want_path) {
			n = bgp_attrs_path(el->attrs, asp, RPKI_MAX_PATH);
			if (n < 0 || n > RPKI_MAX_PATH) {
				b->skipped++;
				continue;
			}
			has_set = raw_has_set(el->attrs->as_path, el->attrs->as_path_len,
			                      el->attrs->asn_len) ||
			          raw_has_set(el->attrs->as4_path, el->attrs->as4_path_len, 4);
		}
		struct route_peer peer = {.family = el->peer_family, .asn = el->peer_as};
		memcpy(peer.addr, el->peer_addr, 16);
		bulk_route(b, &p, origin, &peer, want_path ? asp : NULL, n, has_set);
	}
	if (rc < 0)
		fprintf(stderr, "manrs rpki: %s\n", e.msg);
	mrt_elems_free(it);
	mrt_reader_close(r);
	return rc < 0 ? -1 : 0;
}

static void summary_text(FILE *f, const struct bulk *b)
{
	double r = b->routes ? 100.0 / (double)b->routes : 0;
	fprintf(f, "routes     %lu (IPv4 %lu, IPv6 %lu)\n", b->routes, b->fam[0], b->fam[1]);
	fprintf(f, "valid      %lu (%.1f%%)\n", b->rov[ROV_VALID], r * (double)b->rov[ROV_VALID]);
	fprintf(f, "invalid    %lu (%.1f%%: origin %lu, longer than maxLength %lu)\n",
	        b->rov[ROV_INVALID], r * (double)b->rov[ROV_INVALID], b->why[ROV_WHY_ORIGIN],
	        b->why[ROV_WHY_MAXLEN]);
	fprintf(f, "not-found  %lu (%.1f%%)\n", b->rov[ROV_NOT_FOUND],
	        r * (double)b->rov[ROV_NOT_FOUND]);
	if (b->aspa)
		fprintf(f, "aspa %s: valid %lu, invalid %lu, unknown %lu\n",
		        b->dir == ASPA_UPSTREAM ? "upstream" : "downstream", b->aspa_st[ASPA_VALID],
		        b->aspa_st[ASPA_INVALID], b->aspa_st[ASPA_UNKNOWN]);
	if (b->filtered)
		fprintf(f, "filtered   %lu routes (--origin/--peer)\n", b->filtered);
	if (b->skipped)
		fprintf(f, "skipped    %lu malformed lines\n", b->skipped);
}

/* The summary object, after the routes' array when routes were listed;
 * this ends the JSON document. */
static void summary_json(struct bulk *b, int listed)
{
	struct json_writer *w = &b->w;
	if (listed) {
		json_ws(w, "\n  ");
		json_end_array(w);
		json_sep(w, "\n  ");
		json_spaced_colon(w, true);
		json_key(w, "summary");
		json_spaced_colon(w, false);
	}
	static const char *const keys[] = {
	    "routes", "valid", "invalid",  "not_found",    "invalid_origin", "invalid_maxlength",
	    "ipv4",   "ipv6",  "filtered", "skipped_lines"};
	const size_t v[] = {b->routes,
	                    b->rov[ROV_VALID],
	                    b->rov[ROV_INVALID],
	                    b->rov[ROV_NOT_FOUND],
	                    b->why[ROV_WHY_ORIGIN],
	                    b->why[ROV_WHY_MAXLEN],
	                    b->fam[0],
	                    b->fam[1],
	                    b->filtered,
	                    b->skipped};
	json_begin_object(w);
	counts_json(w, keys, v, sizeof v / sizeof v[0]);
	if (b->aspa) {
		static const char *const akeys[] = {"valid", "invalid", "unknown"};
		const size_t av[] = {b->aspa_st[ASPA_VALID], b->aspa_st[ASPA_INVALID],
		                     b->aspa_st[ASPA_UNKNOWN]};
		json_key(w, "aspa");
		json_begin_object(w);
		json_key(w, "direction");
		json_string_plain(w, dir_name(b->dir));
		counts_json(w, akeys, av, 3);
		json_end_object(w);
	}
	json_end_object(w);
	if (listed) {
		json_ws(w, "\n");
		json_end_object(w);
	}
	json_ws(w, "\n");
	json_writer_finish(w); /* a failed write shows in fflush/ferror below */
}

/* JSON: one document (routes and summary are both data). Text: the summary
 * is the output unless routes are listed; then it goes to stderr, so stdout
 * holds only routes (--summary puts it after them). */
static void bulk_summary(struct bulk *b, double secs)
{
	int listed = b->print || b->print_aspa;
	if (b->o->json) {
		summary_json(b, listed);
	} else if (!listed || b->summary_stdout) {
		summary_text(stdout, b);
	} else if (!b->o->quiet) {
		fflush(stdout);
		summary_text(stderr, b);
	}
	if (b->o->verbose)
		fprintf(stderr, "manrs rpki: validated %lu routes in %.3f s (%.0f routes/s)\n",
		        b->routes, secs, secs > 0 ? (double)b->routes / secs : 0.0);
}

/* Input that held no route (a wrong file, a filter matching nothing) must
 * not look like a clean result. Returns 1 when nothing was validated. */
static int bulk_nothing(const struct bulk *b)
{
	if (b->skipped && !b->o->quiet)
		fprintf(stderr, "manrs rpki: skipped %lu line%s that %s not a route%s\n",
		        b->skipped, b->skipped == 1 ? "" : "s", b->skipped == 1 ? "is" : "are",
		        b->bad_lines_shown ? " (the first ones above)" : "");
	if (b->routes)
		return 0;
	if (b->filtered)
		fprintf(stderr,
		        "manrs rpki: no route validated: none of %lu matched --origin/--peer\n",
		        b->filtered);
	else
		fprintf(stderr,
		        "manrs rpki: no route validated: %lu line%s skipped as not routes%s\n",
		        b->skipped, b->skipped == 1 ? "" : "s",
		        b->skipped ? "" : " (the input held no announcements)");
	return 1;
}

/* --bench: read all routes first, then time only the validation loop, so the
 * figure compares with other validators' lookup speed (bench/rov.sh). */
static int bulk_bench(struct bulk *b, const char *path, int rounds)
{
	struct err e;
	struct reader *r = reader_open(path, &e);
	if (!r) {
		fprintf(stderr, "manrs rpki: %s\n", e.msg);
		return -1;
	}
	size_t n = 0, cap = 1 << 20;
	struct prefix *ps = malloc(cap * sizeof *ps);
	uint32_t *os = malloc(cap * sizeof *os);
	char *line;
	size_t len;
	int rc = 0;
	while (ps && os && (rc = reader_getline(r, &line, &len, &e)) == 1) {
		char *sp = line + strcspn(line, " \t,");
		if (!*sp || *line == '#' || *line == ';')
			continue;
		*sp++ = 0;
		uint32_t path1[RPKI_MAX_PATH];
		int has_set, k = rpki_parse_path(sp, path1, RPKI_MAX_PATH, &has_set);
		if (n == cap) {
			size_t pcap = cap, ocap = cap; /* both arrays share cap */
			struct prefix *p2 = GROW(ps, pcap, n + 1);
			uint32_t *o2 = p2 ? GROW(os, ocap, n + 1) : NULL;
			if (p2)
				ps = p2;
			if (!o2) {
				rc = -1;
				break;
			}
			os = o2;
			cap = pcap;
		}
		if (k <= 0 || rpki_route_prefix(line, &ps[n]) < 0)
			continue;
		os[n++] = rpki_path_origin(sp, path1, k);
	}
	reader_close(r);
	if (!ps || !os || rc < 0) {
		free(ps);
		free(os);
		fprintf(stderr, "manrs rpki: %s\n", rc < 0 ? e.msg : "out of memory");
		return -1;
	}
	double t0 = rpki_now();
	unsigned long cnt[3] = {0, 0, 0};
	for (int k = 0; k < rounds; k++)
		for (size_t i = 0; i < n; i++)
			cnt[rov_validate(&b->ix, &ps[i], os[i])]++;
	double dt = rpki_now() - t0;
	printf("routes %zu rounds %d valid %lu invalid %lu not-found %lu seconds %.6f "
	       "routes_per_s %.0f\n",
	       n, rounds, cnt[ROV_VALID] / (unsigned long)rounds,
	       cnt[ROV_INVALID] / (unsigned long)rounds, cnt[ROV_NOT_FOUND] / (unsigned long)rounds,
	       dt, dt > 0 ? (double)n * rounds / dt : 0.0);
	free(ps);
	free(os);
	return 0;
}

static void validate_usage(FILE *f)
{
	fputs(
	    "usage: manrs rpki validate [--vrps FILE]... [--slurm FILE]... [--json] PREFIX ASN\n"
	    "       manrs rpki validate [...] --path \"NEIGHBOR ... ORIGIN\" "
	    "[--upstream|--downstream]\n"
	    "                           [--neighbor ASN [--route-server]] [PREFIX]\n"
	    "       manrs rpki validate [...] [--print STATES] [--unique] [--origin ASN]\n"
	    "                           [--peer ASN|ADDR] [--summary] [--upstream|--downstream]\n"
	    "                           (--input FILE|- | --mrt FILE)...\n"
	    "  --vrps FILE      VRP/ASPA source (rpki-client, Routinator, StayRTR JSON, CSV,\n"
	    "                   SLURM); repeatable; default $MANRS_VRPS, ./vrps.json,\n"
	    "                   /var/lib/rpki-client/json\n"
	    "  --slurm FILE     RFC 8416 SLURM applied on top; repeatable\n"
	    "  --ignore-expires keep VRPs/ASPAs past their \"expires\" (default: drop them)\n"
	    "  --path PATH      AS path, neighbor first: ASPA verification (with PREFIX also ROV\n"
	    "                   of the path's origin)\n"
	    "  --neighbor ASN   with --path: the AS the route came from; a path not starting\n"
	    "                   with it is ASPA invalid (the draft's neighbor check)\n"
	    "  --route-server   the neighbor is a transparent route server: no neighbor check\n"
	    "  --upstream       route from a customer or peer (default); --downstream: from a\n"
	    "                   provider. In bulk mode either enables ASPA for every route\n"
	    "  --input FILE     lines \"PREFIX ASN\", \"PREFIX AS_PATH\" or bgpdump -m ('-' "
	    "stdin)\n"
	    "  --mrt FILE       every RIB entry and announcement of an MRT file, or only\n"
	    "                   those passing the filters of 'manrs mrt dump': --start,\n"
	    "                   --end, --aspath, --community, --prefix [--more|--less],\n"
	    "                   --type (see manrs-mrt(1))\n"
	    "  --print STATES   bulk: list routes in these states: valid, invalid, not-found,\n"
	    "                   all, aspa-valid, aspa-invalid, aspa-unknown (comma-separated;\n"
	    "                   an aspa- state turns ASPA on, upstream unless --downstream)\n"
	    "  --unique         bulk: one entry per (prefix, origin) with its peer count, first\n"
	    "                   AS path and covering VRPs (all routes unless --print)\n"
	    "  --origin ASN     bulk: only routes from this origin AS\n"
	    "  --peer ASN|ADDR  bulk: only routes from this BGP peer (bgpdump -m lines, MRT)\n"
	    "  --summary        bulk: the text summary on stdout after listed routes (default:\n"
	    "                   on stderr when routes are listed, so stdout is only routes)\n"
	    "  --json           JSON output;  -v timing to stderr;  -q no warnings\n"
	    "Exit: 0 no invalid route; 1 an invalid route, no route validated or a failure;\n"
	    "2 usage.\n",
	    f);
}

/* --print: ROV states into *rov, ASPA states ("aspa-invalid") into *aspa. */
static int parse_print(const char *s, unsigned *rov, unsigned *aspa)
{
	static const struct {
		const char *name;
		unsigned rov, aspa;
	} names[] = {
	    {"valid", 1u << ROV_VALID, 0},           {"invalid", 1u << ROV_INVALID, 0},
	    {"not-found", 1u << ROV_NOT_FOUND, 0},   {"notfound", 1u << ROV_NOT_FOUND, 0},
	    {"aspa-valid", 0, 1u << ASPA_VALID},     {"aspa-invalid", 0, 1u << ASPA_INVALID},
	    {"aspa-unknown", 0, 1u << ASPA_UNKNOWN}, {"all", 7u, 0},
	};
	char buf[256];
	if (snprintf(buf, sizeof buf, "%s", s) >= (int)sizeof buf)
		return -1;
	*rov = *aspa = 0;
	for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		size_t i;
		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			if (strcmp(t, names[i].name) == 0)
				break;
		if (i == sizeof names / sizeof names[0])
			return -1;
		*rov |= names[i].rov;
		*aspa |= names[i].aspa;
	}
	return *rov || *aspa ? 0 : -1;
}

/* --peer ASN or --peer ADDRESS. */
static int parse_peer(const char *arg, struct bulk *b)
{
	if (strchr(arg, '.') || strchr(arg, ':')) {
		if (addr_parse(arg, &b->peer_addr, NULL) < 0)
			return -1;
		b->have_peer_addr = 1;
		return 0;
	}
	if (asn_parse(arg, &b->peer_asn, NULL) < 0)
		return -1;
	b->have_peer_asn = 1;
	return 0;
}

int rpki_validate_main(int argc, char **argv)
{
	enum {
		OPT_PATH = 2000,
		OPT_UP,
		OPT_DOWN,
		OPT_INPUT,
		OPT_MRT,
		OPT_PRINT,
		OPT_BENCH,
		OPT_NEIGHBOR,
		OPT_RS,
		OPT_UNIQUE,
		OPT_ORIGIN,
		OPT_PEER,
		OPT_SUMMARY
	};
	/* twin of rpki export's table: the shared options come from the RPKI_* macros */
	static const struct option lo[] = {
	    RPKI_VRPS_LONG_OPTION,
	    RPKI_COMMON_LONG_OPTIONS,
	    {"path", required_argument, NULL, OPT_PATH},
	    {"upstream", no_argument, NULL, OPT_UP},
	    {"downstream", no_argument, NULL, OPT_DOWN},
	    {"neighbor", required_argument, NULL, OPT_NEIGHBOR},
	    {"neighbour", required_argument, NULL, OPT_NEIGHBOR},
	    {"route-server", no_argument, NULL, OPT_RS},
	    {"input", required_argument, NULL, OPT_INPUT},
	    {"mrt", required_argument, NULL, OPT_MRT},
	    {"print", required_argument, NULL, OPT_PRINT},
	    {"unique", no_argument, NULL, OPT_UNIQUE},
	    {"origin", required_argument, NULL, OPT_ORIGIN},
	    {"peer", required_argument, NULL, OPT_PEER},
	    {"summary", no_argument, NULL, OPT_SUMMARY},
	    {"bench", required_argument, NULL, OPT_BENCH},
	    MRT_FILTER_LONG_OPTIONS,
	    {NULL, 0, NULL, 0},
	};
	struct rpki_opts o;
	static struct single q;
	memset(&q, 0, sizeof q);
	const char *inputs[RPKI_MAX_SOURCES], *mrts[RPKI_MAX_SOURCES], *path_str = NULL;
	int ninputs = 0, nmrts = 0, dir_given = 0, bench = 0;
	static struct bulk b;
	memset(&b, 0, sizeof b);
	int unique = 0, bulk_opts = 0;
	int c, usage_rc;
	mrt_filter_free(&mrt_filt);
	mrt_filter_init(&mrt_filt);
	rpki_opts_start(&o);
	while ((c = rpki_next_opt(&o, argc, argv, "vqh", lo, "validate", &usage_rc)) != -1) {
		if (c == RPKI_OPT_FAILED)
			return usage_rc;
		switch (c) {
		case OPT_PATH:
			path_str = optarg;
			break;
		case OPT_NEIGHBOR: {
			struct err e;
			if (asn_parse(optarg, &q.nb.asn, &e) < 0 || q.nb.asn == 0)
				return cmd_usage_error("rpki", "validate: bad --neighbor '%s'",
				                       optarg);
			break;
		}
		case OPT_RS:
			q.nb.route_server = 1;
			break;
		case OPT_UP:
		case OPT_DOWN:
			q.dir = c == OPT_UP ? ASPA_UPSTREAM : ASPA_DOWNSTREAM;
			dir_given = 1;
			break;
		case OPT_INPUT:
		case OPT_MRT:
			if ((c == OPT_INPUT ? ninputs : nmrts) == RPKI_MAX_SOURCES)
				return cmd_usage_error("rpki", "validate: too many inputs");
			if (c == OPT_INPUT)
				inputs[ninputs++] = optarg;
			else
				mrts[nmrts++] = optarg;
			break;
		case OPT_PRINT:
			if (parse_print(optarg, &b.print, &b.print_aspa) < 0)
				return cmd_usage_error(
				    "rpki",
				    "validate: bad --print '%s' (valid, invalid, not-found, all, "
				    "aspa-valid, aspa-invalid, aspa-unknown; comma-separated)",
				    optarg);
			bulk_opts = 1;
			break;
		case OPT_UNIQUE:
			unique = bulk_opts = 1;
			break;
		case OPT_SUMMARY:
			b.summary_stdout = bulk_opts = 1;
			break;
		case OPT_ORIGIN:
			if (asn_parse(optarg, &b.origin, NULL) < 0)
				return cmd_usage_error("rpki", "validate: bad --origin '%s'",
				                       optarg);
			b.have_origin = bulk_opts = 1;
			break;
		case OPT_PEER:
			if (parse_peer(optarg, &b) < 0)
				return cmd_usage_error(
				    "rpki", "validate: bad --peer '%s' (ASN or address)", optarg);
			bulk_opts = 1;
			break;
		case OPT_BENCH:
			bench = atoi(optarg);
			if (bench < 1 || bench > 1000)
				return cmd_usage_error("rpki",
				                       "validate: --bench ROUNDS (1..1000)");
			break;
		case 'h':
			validate_usage(stdout);
			return EXIT_OK;
		default: {
			struct err e;
			int f = mrt_filter_option(&mrt_filt, c, optarg, &e);
			if (f < 0)
				return cmd_usage_error("rpki", "validate: %s", e.msg);
			if (f > 0)
				break;
			validate_usage(stderr);
			return EXIT_USAGE;
		}
		}
	}
	{
		struct err e;
		if (mrt_filter_ready(&mrt_filt, &e) < 0)
			return cmd_usage_error("rpki", "validate: %s", e.msg);
		if (mrt_filter_active(&mrt_filt) && !nmrts)
			return cmd_usage_error("rpki",
			                       "validate: the route filters apply to --mrt input");
	}
	int npos = argc - optind;
	int bulk = ninputs || nmrts;
	if (bulk && (npos || path_str))
		return cmd_usage_error("rpki", "validate: bulk input takes no PREFIX/ASN/--path");
	if ((q.nb.asn || q.nb.route_server) && !path_str)
		return cmd_usage_error("rpki", "validate: --neighbor/--route-server need --path");
	if (bulk_opts && !bulk)
		return cmd_usage_error("rpki",
		                       "validate: --print, --unique, --summary, --origin and "
		                       "--peer need --input or --mrt");
	if (bench && ninputs != 1)
		return cmd_usage_error("rpki", "validate: --bench needs one --input");
	if (!bulk) {
		if (path_str) {
			q.have_path = 1;
			q.npath = rpki_parse_path(path_str, q.path, RPKI_MAX_PATH, &q.has_set);
			if (q.npath < 0)
				return cmd_usage_error("rpki", "validate: bad AS path '%s'",
				                       path_str);
			if (npos > 1)
				return cmd_usage_error("rpki",
				                       "validate: with --path give at most PREFIX");
		} else if (npos != 2) {
			return cmd_usage_error("rpki",
			                       "validate: need PREFIX ASN, --path or --input");
		}
		if (npos >= 1) {
			struct err e;
			if (prefix_parse(argv[optind], &q.prefix, &e) < 0)
				return cmd_usage_error("rpki", "validate: %s", e.msg);
			q.have_prefix = 1;
			if (npos == 2 && asn_parse(argv[optind + 1], &q.origin, &e) < 0)
				return cmd_usage_error("rpki", "validate: %s", e.msg);
			if (npos == 1)
				q.origin = rpki_path_origin(path_str, q.path, q.npath);
		}
	}
	struct rpki_set s;
	if (rpki_load_set(&o, &s) < 0)
		return EXIT_FINDINGS;
	int rc;
	if (!bulk) {
		rc = validate_single(&o, &s, &q);
		rpki_set_free(&s);
		return rc;
	}
	b.o = &o;
	b.s = &s;
	/* Listing ASPA states needs them checked: upstream unless --downstream. */
	b.aspa = dir_given || b.print_aspa;
	b.dir = q.dir;
	if (unique && !b.print && !b.print_aspa)
		b.print = 7u; /* --unique alone lists every route */
	struct err e;
	if (rov_index_build(&b.ix, &s, &e) < 0) {
		fprintf(stderr, "manrs rpki: %s\n", e.msg);
		rpki_set_free(&s);
		return EXIT_FINDINGS;
	}
	if (bench) {
		rc = bulk_bench(&b, inputs[0], bench) < 0 ? EXIT_FINDINGS : EXIT_OK;
		rov_index_free(&b.ix);
		rpki_set_free(&s);
		return rc;
	}
	if (unique && !(b.unique = rpki_unique_new())) {
		fprintf(stderr, "manrs rpki: out of memory\n");
		rov_index_free(&b.ix);
		rpki_set_free(&s);
		return EXIT_FINDINGS;
	}
	if (o.json)
		json_writer_init_file(&b.w, stdout);
	if (o.json && (b.print || b.print_aspa)) {
		json_begin_object(&b.w);
		json_ws(&b.w, "\n  ");
		json_spaced_colon(&b.w, true);
		json_key(&b.w, "routes");
		json_spaced_colon(&b.w, false);
		json_begin_array(&b.w);
	}
	double t0 = rpki_now();
	int fail = 0;
	for (int i = 0; i < ninputs && !fail; i++)
		fail = bulk_text(&b, inputs[i]) < 0;
	for (int i = 0; i < nmrts && !fail; i++)
		fail = bulk_mrt(&b, mrts[i]) < 0;
	if (b.oom) {
		fprintf(stderr, "manrs rpki: out of memory grouping routes for --unique\n");
		fail = 1;
	}
	if (b.unique)
		bulk_print_unique(&b);
	bulk_summary(&b, rpki_now() - t0);
	fail |= bulk_nothing(&b);
	rpki_unique_free(b.unique);
	rov_index_free(&b.ix);
	rpki_set_free(&s);
	if (fflush(stdout) != 0)
		return EXIT_FINDINGS;
	return fail || b.rov[ROV_INVALID] || b.aspa_st[ASPA_INVALID] ? EXIT_FINDINGS : EXIT_OK;
}

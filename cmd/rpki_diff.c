/* SPDX-License-Identifier: ISC */
/* rpki_diff.c - 'manrs rpki diff OLD NEW': VRPs and ASPAs added, removed and
 * changed between two sources (e.g. two rpki-client runs). Exit status as
 * diff(1): 0 same, 1 different. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "core/json_writer.h"
#include "out/rpki_out.h"
#include "rpki/rpki_diff.h"
#include "rpki_cmds.h"

struct diff_out {
	const struct rpki_set *old, *cur;
	struct json_writer *w; /* for --json */
};

static void vrp_text(const struct vrp *v, int added, void *ctx)
{
	(void)ctx;
	char buf[PREFIX_STRLEN];
	printf("%c %s max %u AS%u\n", added ? '+' : '-', rpki_out_prefix(v, buf, sizeof buf),
	       v->maxlen, v->asn);
}

static void providers(const struct aspa *a, const char *sep)
{
	for (uint32_t i = 0; i < a->nproviders; i++)
		printf("%s%u", i ? sep : "", a->providers[i]);
}

static void aspa_text(const struct aspa *old, const struct aspa *cur, void *ctx)
{
	(void)ctx;
	const struct aspa *a = cur ? cur : old;
	printf("ASPA %c AS%u: ", !old ? '+' : !cur ? '-' : '~', a->customer);
	if (old && cur) {
		providers(old, " ");
		printf(" -> ");
	}
	providers(a, " ");
	putchar('\n');
}

/* JSON: one pass per array, filtering the callbacks by kind. */
struct json_pass {
	struct diff_out *o;
	int want; /* VRPs: 1 added, 0 removed; ASPAs: 0 added, 1 removed, 2 changed */
};

static void vrp_json(const struct vrp *v, int added, void *ctx)
{
	struct json_pass *p = ctx;
	if (added != p->want)
		return;
	rpki_vrp_json(p->o->w, added ? p->o->cur : p->o->old, v);
}

static void providers_json(struct json_writer *w, const char *key, const struct aspa *a)
{
	json_key(w, key);
	json_begin_array(w);
	for (uint32_t i = 0; i < a->nproviders; i++)
		json_u32(w, a->providers[i]);
	json_end_array(w);
}

static void aspa_json(const struct aspa *old, const struct aspa *cur, void *ctx)
{
	struct json_pass *p = ctx;
	int kind = !old ? 0 : !cur ? 1 : 2;
	if (kind != p->want)
		return;
	struct json_writer *w = p->o->w;
	const struct aspa *a = cur ? cur : old;
	json_begin_object(w);
	json_key(w, "customer_asid");
	json_u32(w, a->customer);
	if (kind == 2)
		providers_json(w, "old_providers", old);
	providers_json(w, "providers", a);
	json_end_object(w);
}

static void summary_json(struct json_writer *w, const struct rpki_diff_counts *n)
{
	static const char *const keys[] = {"vrps_added", "vrps_removed", "aspas_added",
	                                   "aspas_removed", "aspas_changed"};
	const size_t v[] = {n->vrps_added, n->vrps_removed, n->aspas_added, n->aspas_removed,
	                    n->aspas_changed};
	json_key(w, "summary");
	json_begin_object(w);
	for (size_t i = 0; i < 5; i++) {
		json_key(w, keys[i]);
		json_u64(w, v[i]);
	}
	json_end_object(w);
}

/* {"vrps":{"removed":[..],"added":[..]},"aspas":{..},"summary":{..}} */
static int diff_json(struct diff_out *out, struct rpki_diff_counts *n)
{
	static const char *const vkeys[] = {"removed", "added"};
	static const char *const akeys[] = {"added", "removed", "changed"};
	struct json_writer w;
	json_writer_init_file(&w, stdout);
	out->w = &w;
	json_begin_object(&w);
	json_key(&w, "vrps");
	json_begin_object(&w);
	for (int k = 0; k < 2; k++) {
		struct json_pass p = {out, k == 0 ? 1 : 0};
		json_key(&w, vkeys[p.want]);
		json_begin_array(&w);
		rpki_diff(out->old, out->cur, vrp_json, NULL, &p, n);
		json_end_array(&w);
	}
	json_end_object(&w);
	json_key(&w, "aspas");
	json_begin_object(&w);
	for (int k = 0; k < 3; k++) {
		struct json_pass p = {out, k};
		json_key(&w, akeys[k]);
		json_begin_array(&w);
		rpki_diff(out->old, out->cur, NULL, aspa_json, &p, n);
		json_end_array(&w);
	}
	json_end_object(&w);
	summary_json(&w, n);
	json_end_object(&w);
	json_ws(&w, "\n");
	return json_writer_finish(&w);
}

static int load_one(const char *path, const struct rpki_opts *common, struct rpki_set *s)
{
	struct rpki_opts o = *common;
	o.vrps[0] = path;
	o.nvrps = 1;
	return rpki_load_set(&o, s);
}

int rpki_diff_main(int argc, char **argv)
{
	static const struct option lo[] = {
	    RPKI_COMMON_LONG_OPTIONS,
	    {NULL, 0, NULL, 0},
	};
	struct rpki_opts o;
	int c, usage_rc;
	rpki_opts_start(&o);
	while ((c = rpki_next_opt(&o, argc, argv, "vqh", lo, "diff", &usage_rc)) != -1) {
		if (c == RPKI_OPT_FAILED)
			return usage_rc;
		if (c == 'h') {
			printf(
			    "usage: manrs rpki diff [--slurm FILE]... [--ignore-expires] [--json] "
			    "OLD NEW\n"
			    "  VRPs and ASPAs added (+), removed (-) and changed (~) from OLD to\n"
			    "  NEW (any format 'manrs rpki' reads); --slurm applies to both.\n"
			    "  A source that expiry emptied is an error (--ignore-expires keeps\n"
			    "  its entries), not an empty side of the difference.\n"
			    "Exit: 0 no difference, 1 differences (or failure), 2 usage.\n");
			return EXIT_OK;
		}
		return cmd_usage_error("rpki", "diff: unknown option");
	}
	if (argc - optind != 2)
		return cmd_usage_error("rpki", "diff: need OLD and NEW");
	struct rpki_set old, cur;
	if (load_one(argv[optind], &o, &old) < 0)
		return EXIT_FINDINGS;
	if (load_one(argv[optind + 1], &o, &cur) < 0) {
		rpki_set_free(&old);
		return EXIT_FINDINGS;
	}
	struct rpki_diff_counts n;
	struct diff_out out = {&old, &cur, NULL};
	int failed = 0;
	if (!o.json) {
		rpki_diff(&old, &cur, vrp_text, aspa_text, &out, &n);
		printf("VRPs +%zu -%zu, ASPAs +%zu -%zu ~%zu\n", n.vrps_added, n.vrps_removed,
		       n.aspas_added, n.aspas_removed, n.aspas_changed);
	} else {
		failed = diff_json(&out, &n) < 0;
	}
	rpki_set_free(&old);
	rpki_set_free(&cur);
	if (failed || fflush(stdout) != 0)
		return EXIT_FINDINGS;
	return n.vrps_added || n.vrps_removed || n.aspas_added || n.aspas_removed || n.aspas_changed
	           ? EXIT_FINDINGS
	           : EXIT_OK;
}

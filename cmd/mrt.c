/* SPDX-License-Identifier: ISC */
/* mrt.c - 'manrs mrt': read MRT files (bgpdump-compatible dump, JSON, stats). */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/mrt.h"
#include "bgp/mrt_bgpdump.h"
#include "bgp/mrt_elem.h"
#include "bgp/mrt_filter.h"
#include "bgp/mrt_json.h"
#include "bgp/mrt_stats.h"
#include "cmd.h"
#include "core/json_writer.h"
#include "core/prefix.h"

#define MAX_WARNINGS_SHOWN 20

static const char USAGE[] =
    "usage: manrs mrt dump [-m | -M | --json | --count] [-t dump|change] [filters] FILE...\n"
    "       manrs mrt stats [--json] [filters] FILE...\n"
    "\n"
    "Read MRT files (RFC 6396: TABLE_DUMP, TABLE_DUMP_V2, BGP4MP, BGP4MP_ET; plain,\n"
    "gzip, bzip2, xz or zstd; '-' is stdin).\n"
    "\n"
    "dump output:\n"
    "  -m              one line per route, bgpdump -m format (the default)\n"
    "  -M              bgpdump -M format (human-readable time, fewer fields)\n"
    "  --json          one JSON object per route (JSON lines)\n"
    "  --count, -q     print only the number of routes (measures parsing)\n"
    "  -t dump|change  RIB lines carry the dump time (default) or when the route\n"
    "                  was learned\n"
    "filters (all given must match):\n"
    "%s"
    "\n"
    "Problems in the input (truncated files, lying lengths, malformed attributes)\n"
    "are reported on stderr with the file name and byte offset; the record is\n"
    "skipped and reading goes on when the framing allows.\n"
    "Exit: 0 ok, 1 input had problems or could not be read, 2 usage.\n";

static void print_usage(FILE *f)
{
	fprintf(f, USAGE, MRT_FILTER_USAGE);
}

struct warn_ctx {
	unsigned long shown;
	unsigned long total;
};

static void on_warn(void *ctx, const struct err *e)
{
	struct warn_ctx *w = ctx;
	w->total++;
	if (w->shown++ < MAX_WARNINGS_SHOWN)
		fprintf(stderr, "manrs mrt: warning: %s\n", e->msg);
}

enum out_kind { OUT_M, OUT_MH, OUT_JSON, OUT_COUNT, OUT_STATS };

struct run {
	enum out_kind out;
	bool time_change;
	struct mrt_filter filter;
	struct mrt_bgpdump bd;
	struct mrt_buf buf;
	unsigned long count;
	struct mrt_stats stats;
	bool json_stats;
};

/* Read one file, emitting or counting its elements. Returns 0, or 1 when
 * the input had problems. */
static int run_file(struct run *r, const char *path)
{
	struct err e;
	struct mrt_reader *rd = mrt_reader_open(path, &e);
	if (!rd) {
		fprintf(stderr, "manrs mrt: %s\n", e.msg);
		return 1;
	}
	struct warn_ctx wc = {0, 0};
	mrt_reader_set_warn(rd, on_warn, &wc);
	struct mrt_elems *it = mrt_elems_new(rd, &e);
	if (!it) {
		fprintf(stderr, "manrs mrt: %s\n", e.msg);
		mrt_reader_close(rd);
		return 1;
	}
	int status = 0;
	const struct mrt_elem *el;
	int rc;
	bool filtering = mrt_filter_active(&r->filter);
	while ((rc = mrt_elems_next(it, &el, &e)) > 0) {
		if (filtering && !mrt_filter_match(&r->filter, el))
			continue;
		int frc = 0;
		switch (r->out) {
		case OUT_M:
		case OUT_MH:
			frc = mrt_bgpdump_format(&r->bd, el, &r->buf);
			break;
		case OUT_JSON:
			frc = mrt_json_format(el, &r->buf);
			break;
		case OUT_COUNT:
			r->count++;
			break;
		case OUT_STATS:
			frc = mrt_stats_add(&r->stats, el);
			break;
		}
		if (frc < 0) {
			fprintf(stderr, "manrs mrt: out of memory\n");
			status = 1;
			break;
		}
		if (r->buf.len >= (1u << 16) && mrt_buf_flush(&r->buf, stdout) < 0) {
			cmd_stdout_failed("mrt");
			status = 1;
			break;
		}
	}
	if (rc < 0) {
		fprintf(stderr, "manrs mrt: %s\n", e.msg);
		status = 1;
	}
	if (r->out == OUT_STATS) {
		const unsigned long *c = mrt_elems_record_counts(it);
		for (int i = 0; i < 64; i++)
			r->stats.records[i] += c[i];
		r->stats.warnings += wc.total;
		r->stats.updates_dropped += mrt_elems_dropped_updates(it);
	}
	if (wc.total > MAX_WARNINGS_SHOWN)
		fprintf(stderr, "manrs mrt: %s: %lu warnings (%d shown)\n", mrt_reader_name(rd),
		        wc.total, MAX_WARNINGS_SHOWN);
	if (wc.total)
		status = 1;
	mrt_elems_free(it);
	mrt_reader_close(rd);
	return status;
}

/* A member per counter: "key":n. */
static void json_count(struct json_writer *w, const char *key, unsigned long n)
{
	json_key(w, key);
	json_u64(w, n);
}

static void print_stats_json(const struct mrt_stats *s, const char *const *en)
{
	struct json_writer w;
	json_writer_init_file(&w, stdout);
	json_begin_object(&w);
	json_key(&w, "records");
	json_begin_object(&w);
	for (int i = 0; i < 64; i++) {
		const char *n = mrt_type_name((uint16_t)i);
		if (s->records[i])
			json_count(&w, n ? n : "other", s->records[i]);
	}
	json_end_object(&w);
	json_key(&w, "elements");
	json_begin_object(&w);
	for (int i = 1; i <= 4; i++)
		json_count(&w, en[i], s->elems[i]);
	json_end_object(&w);
	json_count(&w, "peers", s->peers);
	json_count(&w, "prefixes", s->prefixes);
	json_count(&w, "origins", s->origins);
	json_count(&w, "warnings", s->warnings);
	json_count(&w, "updates_dropped", s->updates_dropped);
	json_end_object(&w);
	json_ws(&w, "\n");
	json_writer_finish(&w); /* a failed write shows in ferror(stdout) */
}

static void print_stats(const struct mrt_stats *s, bool json)
{
	static const char *en[] = {NULL, "rib", "announce", "withdraw", "state"};
	if (json) {
		print_stats_json(s, en);
		return;
	}
	printf("records:\n");
	for (int i = 0; i < 64; i++) {
		if (!s->records[i])
			continue;
		const char *n = mrt_type_name((uint16_t)i);
		printf("  %-14s %lu\n", n ? n : "other", s->records[i]);
	}
	printf("elements:\n");
	for (int i = 1; i <= 4; i++)
		printf("  %-14s %lu\n", en[i], s->elems[i]);
	printf("peers            %lu\nprefixes         %lu\nunique origins   %lu\nwarnings         "
	       "%lu\n"
	       "updates dropped  %lu\n",
	       s->peers, s->prefixes, s->origins, s->warnings, s->updates_dropped);
}

enum { OPT_JSON = 256, OPT_COUNT };

static int run_sub(bool stats, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, OPT_JSON},
	    {"count", no_argument, NULL, OPT_COUNT},
	    MRT_FILTER_LONG_OPTIONS,
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct run r;
	memset(&r, 0, sizeof r);
	r.out = stats ? OUT_STATS : OUT_M;
	struct err e;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "mMt:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			r.out = OUT_M;
			break;
		case 'M':
			r.out = OUT_MH;
			break;
		case OPT_JSON:
			if (stats)
				r.json_stats = true;
			else
				r.out = OUT_JSON;
			break;
		case 'q':
		case OPT_COUNT:
			r.out = OUT_COUNT;
			break;
		case 't':
			if (!strcmp(optarg, "dump"))
				r.time_change = false;
			else if (!strcmp(optarg, "change"))
				r.time_change = true;
			else
				return cmd_usage_error("mrt", "-t takes dump or change, not '%s'",
				                       optarg);
			break;
		case 'h':
			print_usage(stdout);
			return EXIT_OK;
		default: {
			int f = mrt_filter_option(&r.filter, c, optarg, &e);
			if (f < 0)
				return cmd_usage_error("mrt", "%s", e.msg);
			if (f == 0)
				return cmd_usage_error("mrt", "unknown option");
		}
		}
	}
	if (stats && r.out != OUT_STATS)
		return cmd_usage_error("mrt", "stats takes only --json and filters");
	if (mrt_filter_ready(&r.filter, &e) < 0)
		return cmd_usage_error("mrt", "%s", e.msg);
	if (optind >= argc)
		return cmd_usage_error("mrt", "no input file");
	mrt_bgpdump_init(&r.bd, r.out == OUT_MH ? MRT_BGPDUMP_M_HUMAN : MRT_BGPDUMP_M,
	                 r.time_change);
	mrt_stats_init(&r.stats);
	int status = EXIT_OK;
	for (int i = optind; i < argc; i++)
		if (run_file(&r, argv[i]))
			status = EXIT_FINDINGS;
	if (mrt_buf_flush(&r.buf, stdout) < 0 || fflush(stdout) != 0) {
		cmd_stdout_failed("mrt");
		status = EXIT_FINDINGS;
	}
	if (r.out == OUT_COUNT)
		printf("%lu\n", r.count);
	if (r.out == OUT_STATS)
		print_stats(&r.stats, r.json_stats);
	mrt_buf_free(&r.buf);
	mrt_bgpdump_free(&r.bd);
	mrt_stats_free(&r.stats);
	mrt_filter_free(&r.filter);
	return status;
}

static int sub_dump(int argc, char **argv)
{
	return run_sub(false, argc, argv);
}

static int sub_stats(int argc, char **argv)
{
	return run_sub(true, argc, argv);
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} subs[] = {
    {"dump", sub_dump},
    {"stats", sub_stats},
};

int cmd_mrt(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		print_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].run(argc - 1, argv + 1);
	return cmd_usage_error("mrt", "unknown subcommand '%s' (dump, stats)", argv[1]);
}

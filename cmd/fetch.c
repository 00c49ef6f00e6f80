/* SPDX-License-Identifier: ISC */
/* fetch.c - 'manrs fetch': keep data files fresh from their URLs (one
 * source from flags, or every source of a config file, once or on their
 * intervals), with the checks of lib/fetch. */
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "core/atomic_file.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "fetch/fetch.h"
#include "fetch/fetch_config.h"
#include "fetch_cmds.h"

static const char usage_text[] =
    "usage: manrs fetch --url URL --out FILE --kind KIND [options]\n"
    "       manrs fetch --config FILE [--once] [--source NAME] [options]\n"
    "       manrs fetch nrtm HOST:PORT SOURCE --db FILE [options]   (see manrs fetch nrtm -h)\n"
    "\n"
    "Download a data file when it changed (conditional GET), resume a broken-off\n"
    "transfer, check it (checksum, parses as KIND, did not shrink suspiciously) and\n"
    "replace FILE atomically; on any failure FILE is kept. State: FILE.fetch.json.\n"
    "\n"
    "  --url URL              http:// or https:// source\n"
    "  --out FILE             local copy kept fresh\n"
    "  --kind KIND            vrps, irr, mrt, peeringdb or asrel (how FILE is checked)\n"
    "  --name NAME            name in messages and metrics (default: FILE's base name)\n"
    "  --sha256-url URL       check the download against this .sha256 / SHA256SUMS\n"
    "  --min-ratio R          refuse a file under R of the last good size or object\n"
    "                         count (default 0.5; 0 = off)\n"
    "  --force                accept a file the shrink guard would refuse (this run)\n"
    "  --max-age DURATION     report the source stale when its content is older\n"
    "  --timeout DURATION     whole transfer (default 10m); --connect-timeout (30s)\n"
    "  --config FILE          sources from YAML (see manrs-fetch(1)); without --once,\n"
    "                         run each source on its interval until SIGTERM/SIGINT\n"
    "  --once                 run every configured source once, then exit\n"
    "  --source NAME          only this configured source\n"
    "  --metrics-file FILE    write Prometheus text after each round (node_exporter)\n"
    "  --json                 one JSON object per run on stdout\n"
    "  -q, --quiet            no line per run on stdout\n"
    "Durations: seconds, or 90s, 10m, 2h, 1d.\n"
    "Exit: 0 every source current, 1 a source failed or is stale, 2 usage error.\n";

enum {
	OPT_URL = 256,
	OPT_OUT,
	OPT_KIND,
	OPT_NAME,
	OPT_SHA,
	OPT_RATIO,
	OPT_FORCE,
	OPT_MAXAGE,
	OPT_TIMEOUT,
	OPT_CTIMEOUT,
	OPT_CONFIG,
	OPT_ONCE,
	OPT_SOURCE,
	OPT_METRICS,
	OPT_JSON,
};

struct fetch_opts {
	struct fetch_conf one;
	const char *config, *only, *metrics_file;
	bool once, force, json, quiet;
};

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int set_duration(const char *opt, const char *v, long *out)
{
	long d = fetch_parse_duration(v);

	if (d < 0)
		return cmd_usage_error("fetch", "%s: a duration (seconds, 90s, 10m, 2h, 1d): '%s'",
		                       opt, v);
	*out = d;
	return 0;
}

static int parse_option(int c, struct fetch_opts *o)
{
	struct fetch_conf *one = &o->one;
	char *end;

	switch (c) {
	case OPT_URL:
		one->url = optarg;
		return 0;
	case OPT_OUT:
		one->out = optarg;
		return 0;
	case OPT_NAME:
		one->name = optarg;
		return 0;
	case OPT_SHA:
		one->sha256_url = optarg;
		return 0;
	case OPT_CONFIG:
		o->config = optarg;
		return 0;
	case OPT_SOURCE:
		o->only = optarg;
		return 0;
	case OPT_METRICS:
		o->metrics_file = optarg;
		return 0;
	case OPT_ONCE:
		o->once = true;
		return 0;
	case OPT_FORCE:
		o->force = true;
		return 0;
	case OPT_JSON:
		o->json = true;
		return 0;
	case 'q':
		o->quiet = true;
		return 0;
	case OPT_MAXAGE:
		return set_duration("--max-age", optarg, &one->max_age);
	case OPT_TIMEOUT:
		return set_duration("--timeout", optarg, &one->timeout);
	case OPT_CTIMEOUT:
		return set_duration("--connect-timeout", optarg, &one->connect_timeout);
	case OPT_KIND: {
		int k = fetch_kind_parse(optarg);
		if (k < 0)
			return cmd_usage_error("fetch",
			                       "--kind: vrps, irr, mrt, peeringdb or asrel");
		one->kind = (enum fetch_kind)k;
		return 0;
	}
	case OPT_RATIO:
		one->min_ratio = strtod(optarg, &end);
		if (end == optarg || *end || one->min_ratio < 0 || one->min_ratio > 1)
			return cmd_usage_error("fetch", "--min-ratio: a number from 0 to 1");
		return 0;
	default:
		return EXIT_USAGE;
	}
}

static int parse_args(int argc, char **argv, struct fetch_opts *o, bool *kind_given)
{
	static const struct option lopts[] = {
	    {"url", required_argument, NULL, OPT_URL},
	    {"out", required_argument, NULL, OPT_OUT},
	    {"kind", required_argument, NULL, OPT_KIND},
	    {"name", required_argument, NULL, OPT_NAME},
	    {"sha256-url", required_argument, NULL, OPT_SHA},
	    {"min-ratio", required_argument, NULL, OPT_RATIO},
	    {"force", no_argument, NULL, OPT_FORCE},
	    {"max-age", required_argument, NULL, OPT_MAXAGE},
	    {"timeout", required_argument, NULL, OPT_TIMEOUT},
	    {"connect-timeout", required_argument, NULL, OPT_CTIMEOUT},
	    {"config", required_argument, NULL, OPT_CONFIG},
	    {"once", no_argument, NULL, OPT_ONCE},
	    {"source", required_argument, NULL, OPT_SOURCE},
	    {"metrics-file", required_argument, NULL, OPT_METRICS},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"quiet", no_argument, NULL, 'q'},
	    {NULL, 0, NULL, 0}};
	int c;

	memset(o, 0, sizeof *o);
	fetch_conf_defaults(&o->one);
	optind = 1;
	while ((c = getopt_long(argc, argv, "q", lopts, NULL)) != -1) {
		*kind_given |= c == OPT_KIND;
		if (c == '?' || parse_option(c, o) != 0)
			return EXIT_USAGE;
	}
	if (optind < argc)
		return cmd_usage_error("fetch", "unexpected argument '%s'", argv[optind]);
	if (o->config && (o->one.url || o->one.out))
		return cmd_usage_error("fetch", "--config or --url/--out, not both");
	if (!o->config && (!o->one.url || !o->one.out || !*kind_given))
		return cmd_usage_error("fetch", "need --url, --out and --kind (or --config)");
	if (o->one.url && strncmp(o->one.url, "http://", 7) && strncmp(o->one.url, "https://", 8))
		return cmd_usage_error("fetch", "--url must be http:// or https://");
	return 0;
}

static void print_json(const struct fetch_source *s, const struct fetch_outcome *r)
{
	struct json_writer w;

	json_writer_init_file(&w, stdout);
	json_begin_object(&w);
	json_key_string(&w, "source");
	json_str(&w, s->conf.name);
	json_key_string(&w, "url");
	json_str(&w, s->conf.url);
	json_key_string(&w, "out");
	json_str(&w, s->conf.out);
	json_key_string(&w, "kind");
	json_str(&w, fetch_kind_name(s->conf.kind));
	json_key_string(&w, "result");
	json_str(&w, fetch_result_name(r->result));
	json_key_string(&w, "http_status");
	json_i64(&w, r->http_status);
	json_key_string(&w, "bytes_received");
	json_u64(&w, r->bytes);
	json_key_string(&w, "resumed");
	json_bool(&w, r->resumed);
	json_key_string(&w, "size");
	json_u64(&w, s->st.size);
	json_key_string(&w, "objects");
	json_u64(&w, s->st.objects);
	json_key_string(&w, "age");
	json_i64(&w, r->age);
	json_key_string(&w, "stale");
	json_bool(&w, r->stale);
	json_key_string(&w, "error");
	if (r->result == FETCH_FAILED)
		json_str(&w, r->e.msg);
	else
		json_null_value(&w);
	json_end_object(&w);
	json_writer_finish(&w);
	fputc('\n', stdout);
	fflush(stdout);
}

static void report(const struct fetch_source *s, const struct fetch_outcome *r,
                   const struct fetch_opts *o)
{
	if (r->result == FETCH_FAILED)
		fprintf(stderr, "manrs fetch: %s; %s\n", r->e.msg,
		        access(s->conf.out, F_OK) == 0 ? "keeping the last good copy"
		                                       : "no copy yet");
	if (o->json) {
		print_json(s, r);
		return;
	}
	if (o->quiet || r->result == FETCH_FAILED)
		return;
	printf("%s: %s (HTTP %ld, %llu bytes received%s), %s: %llu bytes, %llu objects\n",
	       s->conf.name, fetch_result_name(r->result), r->http_status,
	       (unsigned long long)r->bytes, r->resumed ? ", resumed" : "", s->conf.out,
	       (unsigned long long)s->st.size, (unsigned long long)s->st.objects);
	fflush(stdout);
}

static int write_metrics(const struct fetch_opts *o, struct fetch_source **srcs, size_t n)
{
	struct atomic_file af;
	struct err e;

	if (!o->metrics_file)
		return 0;
	if (atomic_file_open(&af, o->metrics_file, &e) < 0 ||
	    (fetch_metrics_write(srcs, n, time(NULL), af.f) < 0 && (atomic_file_abort(&af), 1)) ||
	    atomic_file_commit(&af, &e) < 0) {
		fprintf(stderr, "manrs fetch: %s\n", e.msg[0] ? e.msg : "metrics write failed");
		return -1;
	}
	return 0;
}

/* Run source i; returns 1 when it failed or is stale. */
static int run_source(struct fetch_source *s, const struct fetch_opts *o)
{
	struct fetch_outcome r;

	s->force = o->force;
	fetch_run_one(s, time(NULL), &r);
	report(s, &r, o);
	return r.result == FETCH_FAILED || r.stale;
}

static int run_all_once(struct fetch_source **srcs, size_t n, const struct fetch_opts *o)
{
	int bad = 0;

	for (size_t i = 0; i < n && !stop_requested; i++)
		bad |= run_source(srcs[i], o);
	if (write_metrics(o, srcs, n) < 0)
		bad = 1;
	return bad ? EXIT_FINDINGS : EXIT_OK;
}

/* Until a signal: run what is due, sleep until the next one is. */
static int run_forever(struct fetch_source **srcs, size_t n, const struct fetch_opts *o)
{
	struct sigaction sa = {.sa_handler = on_stop};

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	while (!stop_requested) {
		int64_t now = time(NULL);
		long i = fetch_due(srcs, n, now);
		if (i >= 0) {
			run_source(srcs[i], o);
			write_metrics(o, srcs, n);
			continue;
		}
		int64_t wait = fetch_next_wakeup(srcs, n) - now;
		sleep((unsigned)(wait > 60 ? 60 : wait < 1 ? 1 : wait));
	}
	return EXIT_OK;
}

static char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return strdup(b ? b + 1 : path);
}

/* The sources to run, from --config or the flags. Returns 0 or an exit code. */
static int make_sources(struct fetch_opts *o, struct fetch_source ***srcs, size_t *n)
{
	struct fetch_config cfg = {.src = NULL, .n = 0};
	char *name = NULL;
	struct err e;

	if (o->config) {
		if (fetch_config_load(o->config, &cfg, &e) < 0) {
			fprintf(stderr, "manrs fetch: %s\n", e.msg);
			return EXIT_USAGE;
		}
	} else {
		if (!o->one.name)
			o->one.name = name = base_name(o->one.out);
		cfg.src = &o->one;
		cfg.n = 1;
	}
	*srcs = calloc(cfg.n ? cfg.n : 1, sizeof **srcs);
	*n = 0;
	int rc = *srcs ? EXIT_OK : EXIT_FINDINGS;
	for (size_t i = 0; rc == EXIT_OK && i < cfg.n; i++) {
		if (o->only && strcmp(o->only, cfg.src[i].name))
			continue;
		if (!((*srcs)[*n] = fetch_source_new(&cfg.src[i], &e))) {
			fprintf(stderr, "manrs fetch: %s\n", e.msg);
			rc = EXIT_FINDINGS;
			break;
		}
		(*n)++;
	}
	if (rc == EXIT_OK && *n == 0)
		rc = cmd_usage_error("fetch", "no source named '%s' in %s", o->only, o->config);
	if (o->config)
		fetch_config_free(&cfg);
	free(name);
	o->one.name = NULL;
	return rc;
}

int cmd_fetch(int argc, char **argv)
{
	struct fetch_opts o;
	struct fetch_source **srcs = NULL;
	bool kind_given = false;
	size_t n = 0;
	int rc;

	if (argc >= 2 && !strcmp(argv[1], "nrtm"))
		return fetch_nrtm_main(argc - 1, argv + 1);
	if (cmd_wants_help(argc, argv)) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	if ((rc = parse_args(argc, argv, &o, &kind_given)) != 0)
		return rc;
	if ((rc = make_sources(&o, &srcs, &n)) == EXIT_OK)
		rc = o.config && !o.once ? run_forever(srcs, n, &o) : run_all_once(srcs, n, &o);
	for (size_t i = 0; i < n; i++)
		fetch_source_free(srcs[i]);
	free(srcs);
	return rc;
}

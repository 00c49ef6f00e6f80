/* SPDX-License-Identifier: ISC */
/* bmp_serve.c - 'manrs bmp serve': the BMP collector. Options, the event
 * loop and signals, and the route output (JSON lines or bgpdump -m lines);
 * the collector itself is serve/bmp_server.c. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "bgp/mrt_bgpdump.h"
#include "bgp/mrt_json.h"
#include "bmp_cmds.h"
#include "bmp_server.h"
#include "cmd.h"
#include "core/log.h"
#include "core/mrt_buf.h"
#include "stop_signals.h"
#include "kafka_bmp.h"
#include "privdrop.h"

#define NAME "bmp serve"

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: manrs bmp serve --listen ADDR:PORT [options]\n"
	        "\n"
	        "Collect BMP (RFC 7854) from routers: per router, peer and RIB view a route\n"
	        "table; route elements as JSON lines or bgpdump -m lines; MRT archives.\n"
	        "\n"
	        "  --listen ADDR:PORT     where routers connect (repeatable; [::1]:11019)\n"
	        "  --json                 print every route element as a JSON line\n"
	        "  -m                     print them as bgpdump -m lines\n"
	        "  -o, --output FILE      print to FILE instead of standard output\n"
	        "  --view VIEW            print only elements of VIEW: pre-policy,\n"
	        "                         post-policy, adj-rib-out-pre, adj-rib-out-post, loc-rib\n"
	        "  --archive DIR          write MRT archives into DIR\n"
	        "  --rotate-updates DUR   one BGP4MP update file per DUR (15m)\n"
	        "  --rib-interval DUR     a TABLE_DUMP_V2 snapshot every DUR (2h; 0 = none)\n"
	        "  --archive-view VIEW    the view archived (pre-policy)\n"
	        "  --stale-grace DUR      keep a gone router's routes this long (300s)\n"
	        "  --max-msg BYTES        largest BMP message accepted (1048576)\n"
	        "  --max-routers N        router sessions at once (default: from the fd limit)\n"
	        "  --max-per-source N     sessions per source address (unlimited)\n"
	        "  --allow PREFIX         accept routers only from these prefixes (repeatable)\n"
	        "  --no-keepalive         no TCP keepalive on router sessions\n"
	        "  --kafka BROKERS        publish to Kafka (host:port,...) in OpenBMP's formats:\n"
	        "                         PREFIX.bmp_raw (every BMP message, keyed by router)\n"
	        "                         and PREFIX.parsed.unicast_prefix (one row per route\n"
	        "                         change, partitioned by prefix)\n"
	        "  --kafka-topic-prefix P topic prefix (openbmp)\n"
	        "  --kafka-view VIEW      the view published as parsed rows (pre-policy)\n"
	        "  --kafka-name NAME      the collector's name in the feed (the host name)\n"
	        "  --kafka-option K=V     a librdkafka setting (repeatable)\n"
	        "  --http ADDR:PORT       serve /status (JSON) and /metrics (Prometheus)\n"
	        "  --ready-file FILE      create FILE once listening\n"
	        "  --user USER            drop root after binding\n"
	        "  --chroot DIR           chroot (with --user); paths then relative to DIR\n"
	        "  --no-landlock          do not restrict file access with Landlock\n"
	        "  --syslog               log to syslog\n"
	        "  -v, --verbose          log sessions and snapshots;  -q, --quiet  errors only\n"
	        "\n"
	        "DUR is a number with s, m, h or d (seconds when bare). SIGUSR1 writes a RIB\n"
	        "snapshot now; SIGINT/SIGTERM stop (the open update file is closed into place).\n");
}

enum {
	O_LISTEN = 256,
	O_JSON,
	O_VIEW,
	O_ARCHIVE,
	O_ROTATE,
	O_RIBINT,
	O_AVIEW,
	O_GRACE,
	O_MAXMSG,
	O_MAXROUTERS,
	O_MAXPER,
	O_ALLOW,
	O_NOKEEPALIVE,
	O_HTTP,
	O_READY,
	O_USER,
	O_CHROOT,
	O_NOLANDLOCK,
	O_SYSLOG,
	O_KAFKA,
	O_KPREFIX,
	O_KVIEW,
	O_KNAME,
	O_KOPT,
};

static const struct option opts[] = {
    {"listen", required_argument, NULL, O_LISTEN},
    {"json", no_argument, NULL, O_JSON},
    {"output", required_argument, NULL, 'o'},
    {"view", required_argument, NULL, O_VIEW},
    {"archive", required_argument, NULL, O_ARCHIVE},
    {"rotate-updates", required_argument, NULL, O_ROTATE},
    {"rib-interval", required_argument, NULL, O_RIBINT},
    {"archive-view", required_argument, NULL, O_AVIEW},
    {"stale-grace", required_argument, NULL, O_GRACE},
    {"max-msg", required_argument, NULL, O_MAXMSG},
    {"max-routers", required_argument, NULL, O_MAXROUTERS},
    {"max-per-source", required_argument, NULL, O_MAXPER},
    {"allow", required_argument, NULL, O_ALLOW},
    {"no-keepalive", no_argument, NULL, O_NOKEEPALIVE},
    {"http", required_argument, NULL, O_HTTP},
    {"ready-file", required_argument, NULL, O_READY},
    {"user", required_argument, NULL, O_USER},
    {"chroot", required_argument, NULL, O_CHROOT},
    {"no-landlock", no_argument, NULL, O_NOLANDLOCK},
    {"syslog", no_argument, NULL, O_SYSLOG},
    {"kafka", required_argument, NULL, O_KAFKA},
    {"kafka-topic-prefix", required_argument, NULL, O_KPREFIX},
    {"kafka-view", required_argument, NULL, O_KVIEW},
    {"kafka-name", required_argument, NULL, O_KNAME},
    {"kafka-option", required_argument, NULL, O_KOPT},
    {"verbose", no_argument, NULL, 'v'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Route output: elements formatted into a buffer, flushed when it fills
 * and on a short timer, so lines appear promptly without a write each. */
struct output {
	FILE *f;
	int format; /* 0 none, 'j' JSON, 'm' bgpdump -m */
	int view;   /* -1 = every view */
	struct mrt_buf buf;
	struct mrt_bgpdump bd;
	int failed;
};

static void out_flush(struct output *o)
{
	if (!o->buf.len || o->failed)
		return;
	if (mrt_buf_flush(&o->buf, o->f) < 0 || fflush(o->f) != 0) {
		log_err("bmp: cannot write the route output: %m");
		o->failed = 1;
	}
}

/* JSON: the element's object with the router and view in front. */
static int out_json(struct output *o, const struct bmp_route_event *ev)
{
	size_t start = o->buf.len;
	if (mrt_json_format(ev->el, &o->buf) < 0)
		return -1;
	const char *view = bmp_view_name(ev->view);
	size_t extra = strlen(ev->router) + strlen(view) + 32;
	if (mrt_buf_reserve(&o->buf, extra) < 0)
		return -1;
	char head[160];
	int n =
	    snprintf(head, sizeof head, "{\"router\":\"%s\",\"view\":\"%s\",", ev->router, view);
	if (n < 0 || (size_t)n >= sizeof head)
		return -1;
	char *p = o->buf.p + start;
	memmove(p + n, p + 1, o->buf.len - start - 1);
	memcpy(p, head, (size_t)n);
	o->buf.len += (size_t)n - 1;
	return 0;
}

static void on_event(void *arg, const struct bmp_route_event *ev)
{
	struct output *o = arg;
	if (o->failed || (o->view >= 0 && (int)ev->view != o->view))
		return;
	int rc = o->format == 'j' ? out_json(o, ev) : mrt_bgpdump_format(&o->bd, ev->el, &o->buf);
	if (rc < 0) {
		log_err("bmp: out of memory formatting a route");
		o->failed = 1;
		return;
	}
	if (o->buf.len > (64u << 10))
		out_flush(o);
}

struct loop {
	struct event_base *base;
	struct bmp_server *srv;
	struct output *out;
	struct kafka_bmp *kafka;
	uint32_t grace;
	unsigned ticks;
};

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct loop *l = arg;
	struct err e;
	if (sig == SIGUSR1) {
		if (bmp_server_snapshot(l->srv, &e) < 0)
			log_err("bmp: snapshot: %s", e.msg);
		return;
	}
	log_info("bmp: %s: shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
	event_base_loopbreak(l->base);
}

static void on_flush(evutil_socket_t fd, short what, void *arg)
{
	struct loop *l = arg;
	out_flush(l->out);
	if (l->kafka && ++l->ticks % 5 == 0)
		kafka_bmp_tick(l->kafka, (uint32_t)time(NULL), l->grace);
	if (l->out->failed)
		event_base_loopbreak(l->base);
}

static int run(struct bmp_server_config *cfg, struct output *out, struct kafka_bmp *kafka,
               struct err *e)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGUSR1};
	struct event *ev[4] = {NULL, NULL, NULL, NULL};
	struct loop l = {.out = out, .kafka = kafka, .grace = cfg->stale_grace};
	int rc = -1;
	signal(SIGPIPE, SIG_IGN);
	if (!(l.base = event_base_new()))
		return err_set(e, "cannot create the event loop");
	if (!(l.srv = bmp_server_new(l.base, cfg, e)))
		goto done;
	if (kafka && kafka_bmp_producer(kafka) && bmp_server_metrics(l.srv) &&
	    kafka_producer_register_metrics(kafka_bmp_producer(kafka), bmp_server_metrics(l.srv))) {
		err_set(e, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < 3; i++)
		if (!(ev[i] = evsignal_new(l.base, sigs[i], on_signal, &l)) ||
		    evsignal_add(ev[i], NULL) < 0) {
			err_set(e, "cannot set up signal handling");
			goto done;
		}
	struct timeval tv = {0, 200000};
	if (!(ev[3] = event_new(l.base, -1, EV_PERSIST, on_flush, &l)) || event_add(ev[3], &tv)) {
		err_set(e, "cannot start the output timer");
		goto done;
	}
	if (event_base_dispatch(l.base) < 0) {
		err_set(e, "event loop failed");
		goto done;
	}
	rc = 0;
done:
	stop_signals_free(ev, 3); /* the Kafka flush after run() must not be cut short */
	if (ev[3])
		event_free(ev[3]);
	bmp_server_free(l.srv);
	event_base_free(l.base);
	return rc;
}

/* "300", "300s", "15m", "2h", "1d" -> seconds. */
static int duration_arg(const char *opt, const char *s, unsigned long max, uint32_t *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	unsigned long mul = 1;
	if (end == s || *s == '-')
		goto bad;
	if (*end == 's')
		end++;
	else if (*end == 'm' && end++)
		mul = 60;
	else if (*end == 'h' && end++)
		mul = 3600;
	else if (*end == 'd' && end++)
		mul = 86400;
	if (*end || v > max / mul)
		goto bad;
	*out = (uint32_t)(v * mul);
	return 0;
bad:
	cmd_usage_error(NAME, "%s: bad duration '%s' (want e.g. 300s, 15m, 2h)", opt, s);
	return -1;
}

static int num_arg(const char *opt, const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	*out = strtoul(s, &end, 10);
	if (end == s || *end || *s == '-' || *out > max) {
		cmd_usage_error(NAME, "%s: bad number '%s'", opt, s);
		return -1;
	}
	return 0;
}

static int view_arg(const char *opt, const char *s, int *out)
{
	*out = bmp_state_view_parse(s);
	if (*out < 0) {
		cmd_usage_error(NAME,
		                "%s: unknown view '%s' (pre-policy, post-policy, adj-rib-out-pre, "
		                "adj-rib-out-post, loc-rib)",
		                opt, s);
		return -1;
	}
	return 0;
}

struct args {
	struct kafka_bmp_opts kafka;
	struct kafka_bmp *kb;
	struct bmp_server_config cfg;
	struct output out;
	const char *output;
	struct privdrop_opts *pd;
	enum log_level level;
	int use_syslog;
};

/* Before the first router: drop privileges, then start the Kafka
 * producer's threads (Landlock applies to the thread that asks, so none
 * may run before). */
static int start_hook(void *arg, struct err *e)
{
	struct args *a = arg;
	if (privdrop_apply(a->pd, e))
		return -1;
	return a->kb ? kafka_bmp_start(a->kb, e) : 0;
}

static int parse_one(struct args *a, int c)
{
	unsigned long v;
	struct err e;
	int view;
	switch (c) {
	case O_LISTEN:
		if (a->cfg.nlisten == BMP_MAX_LISTEN)
			return cmd_usage_error(NAME, "at most %d --listen addresses",
			                       BMP_MAX_LISTEN);
		a->cfg.listen[a->cfg.nlisten++] = optarg;
		return 0;
	case O_JSON:
	case 'm':
		if (a->out.format && a->out.format != (c == 'm' ? 'm' : 'j'))
			return cmd_usage_error(NAME, "--json and -m exclude each other");
		a->out.format = c == 'm' ? 'm' : 'j';
		return 0;
	case 'o':
		a->output = optarg;
		return 0;
	case O_VIEW:
		return view_arg("--view", optarg, &a->out.view) ? EXIT_USAGE : 0;
	case O_ARCHIVE:
		a->cfg.archive.dir = optarg;
		return 0;
	case O_ROTATE:
		return duration_arg("--rotate-updates", optarg, 86400, &a->cfg.archive.rotate)
		           ? EXIT_USAGE
		           : 0;
	case O_RIBINT:
		return duration_arg("--rib-interval", optarg, 7 * 86400,
		                    &a->cfg.archive.rib_interval)
		           ? EXIT_USAGE
		           : 0;
	case O_AVIEW:
		if (view_arg("--archive-view", optarg, &view))
			return EXIT_USAGE;
		a->cfg.archive.view = (enum bmp_rib_view)view;
		return 0;
	case O_GRACE:
		return duration_arg("--stale-grace", optarg, 30 * 86400, &a->cfg.stale_grace)
		           ? EXIT_USAGE
		           : 0;
	case O_MAXMSG:
		if (num_arg("--max-msg", optarg, 16u << 20, &v))
			return EXIT_USAGE;
		if (v < 4096)
			return cmd_usage_error(NAME, "--max-msg: at least 4096 bytes");
		a->cfg.max_msg = v;
		return 0;
	case O_MAXROUTERS:
	case O_MAXPER:
		if (num_arg(c == O_MAXPER ? "--max-per-source" : "--max-routers", optarg, 1000000,
		            &v))
			return EXIT_USAGE;
		*(c == O_MAXPER ? &a->cfg.max_per_source : &a->cfg.max_routers) = (unsigned)v;
		return 0;
	case O_ALLOW:
		if (a->cfg.nallow == BMP_MAX_ALLOW)
			return cmd_usage_error(NAME, "at most %d --allow prefixes", BMP_MAX_ALLOW);
		if (prefix_parse_host(optarg, &a->cfg.allow[a->cfg.nallow], &e))
			return cmd_usage_error(NAME, "--allow: %s", e.msg);
		a->cfg.nallow++;
		return 0;
	case O_NOKEEPALIVE:
		a->cfg.keepalive = 0;
		return 0;
	case O_HTTP:
		a->cfg.http = optarg;
		return 0;
	case O_READY:
		a->cfg.ready_file = optarg;
		return 0;
	case O_USER:
		a->pd->user = optarg;
		return 0;
	case O_CHROOT:
		a->pd->chroot_dir = optarg;
		return 0;
	case O_NOLANDLOCK:
		a->pd->no_landlock = 1;
		return 0;
	case O_SYSLOG:
		a->use_syslog = 1;
		return 0;
	case O_KAFKA:
		a->kafka.kafka.brokers = optarg;
		return 0;
	case O_KPREFIX:
		a->kafka.topic_prefix = optarg;
		return 0;
	case O_KNAME:
		a->kafka.admin_id = optarg;
		return 0;
	case O_KVIEW:
		if (view_arg("--kafka-view", optarg, &view))
			return EXIT_USAGE;
		a->kafka.view = (enum bmp_rib_view)view;
		return 0;
	case O_KOPT:
		if (kafka_opts_add(&a->kafka.kafka, optarg, &e))
			return cmd_usage_error(NAME, "--kafka-option: %s", e.msg);
		return 0;
	case 'v':
		a->level = LOG_LEVEL_INFO;
		return 0;
	case 'q':
		a->level = LOG_LEVEL_ERR;
		return 0;
	default:
		return -1;
	}
}

/* The files the collector writes after the privilege drop. */
static int privdrop_paths(struct args *a, struct err *e)
{
	if (a->cfg.archive.dir && privdrop_add_path(a->pd, a->cfg.archive.dir, 1, e))
		return -1;
	if (a->cfg.ready_file && privdrop_add_path(a->pd, a->cfg.ready_file, 1, e))
		return -1;
	/* the resolver's files, for broker names */
	if (a->kafka.kafka.brokers && privdrop_add_path(a->pd, "/etc/hosts", 0, e))
		return -1;
	return 0;
}

static int check_args(struct args *a)
{
	if (!a->cfg.nlisten)
		return cmd_usage_error(NAME, "--listen ADDR:PORT is required");
	if (!a->cfg.archive.dir &&
	    (a->cfg.archive.rib_interval != 7200 || a->cfg.archive.rotate != 900 ||
	     a->cfg.archive.view != BMP_VIEW_ADJ_IN_PRE))
		return cmd_usage_error(NAME, "--rotate-updates, --rib-interval and --archive-view "
		                             "need --archive DIR");
	if (!a->cfg.archive.rotate)
		return cmd_usage_error(NAME, "--rotate-updates must be more than 0");
	if (a->output && !a->out.format)
		return cmd_usage_error(NAME, "--output needs --json or -m");
	if (!a->kafka.kafka.brokers &&
	    (a->kafka.topic_prefix || a->kafka.admin_id || a->kafka.kafka.noptions ||
	     a->kafka.view != BMP_VIEW_ADJ_IN_PRE))
		return cmd_usage_error(NAME, "--kafka-topic-prefix, --kafka-view, --kafka-name and "
		                             "--kafka-option need --kafka BROKERS");
	return 0;
}

static int open_output(struct args *a)
{
	a->out.f = stdout;
	if (!a->out.format || !a->output || !strcmp(a->output, "-"))
		return 0;
	a->out.f = fopen(a->output, "a");
	if (!a->out.f) {
		fprintf(stderr, "manrs %s: %s: %m\n", NAME, a->output);
		return -1;
	}
	return 0;
}

int bmp_serve_main(int argc, char **argv)
{
	static struct privdrop_opts pd;
	static struct args a;
	memset(&a, 0, sizeof a);
	privdrop_init(&pd);
	a.pd = &pd;
	a.cfg.keepalive = 1;
	a.cfg.stale_grace = 300;
	a.cfg.archive.rotate = 900;
	a.cfg.archive.rib_interval = 7200;
	a.cfg.archive.view = BMP_VIEW_ADJ_IN_PRE;
	a.out.view = -1;
	a.kafka.view = BMP_VIEW_ADJ_IN_PRE;
	a.level = LOG_LEVEL_WARN;
	int c, rc;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "mo:vqh", opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return EXIT_OK;
		}
		if (c == '?')
			return cmd_usage_error(NAME,
			                       "unknown option or missing value: '%s' (see "
			                       "--help)",
			                       argv[optind - 1]);
		if ((rc = parse_one(&a, c)) != 0)
			return EXIT_USAGE;
	}
	if (optind < argc)
		return cmd_usage_error(NAME, "unexpected argument '%s'", argv[optind]);
	if (check_args(&a))
		return EXIT_USAGE;
	log_init("manrs", a.level, a.use_syslog);
	struct err e;
	if (privdrop_paths(&a, &e) || privdrop_prepare(&pd, &e)) {
		fprintf(stderr, "manrs %s: %s\n", NAME, e.msg);
		return EXIT_USAGE;
	}
	a.cfg.before_serve = start_hook;
	a.cfg.before_serve_arg = &a;
	if (open_output(&a) < 0)
		return EXIT_FINDINGS;
	if (a.out.format) {
		mrt_bgpdump_init(&a.out.bd, MRT_BGPDUMP_M, false);
		a.cfg.on_event = on_event;
		a.cfg.event_arg = &a.out;
	}
	struct kafka_bmp *kafka = NULL;
	if (a.kafka.kafka.brokers) {
		a.kafka.next = a.cfg.on_event;
		a.kafka.next_arg = a.cfg.event_arg;
		if (!(kafka = kafka_bmp_new(&a.kafka, &e))) {
			fprintf(stderr, "manrs %s: %s\n", NAME, e.msg);
			return EXIT_FINDINGS;
		}
		a.kb = kafka;
		a.cfg.on_event = kafka_bmp_element;
		a.cfg.event_arg = kafka;
		a.cfg.on_message = kafka_bmp_message;
		a.cfg.message_arg = kafka;
		a.cfg.on_router_down = kafka_bmp_router_down;
	}
	rc = run(&a.cfg, &a.out, kafka, &e);
	int kafka_failed = 0;
	if (kafka) {
		struct kafka_bmp_stats ks;
		struct err ke;
		if (kafka_bmp_producer(kafka) &&
		    kafka_producer_flush(kafka_bmp_producer(kafka), 10000, &ke) < 0) {
			fprintf(stderr, "manrs %s: %s\n", NAME, ke.msg);
			kafka_failed = 1;
		}
		kafka_bmp_stats(kafka, &ks);
		kafka_bmp_free(kafka, 0, &ke);
		fprintf(stderr,
		        "manrs %s: kafka: %lu raw messages, %lu rows, %lu peer-down messages; "
		        "%llu delivered, %llu failed, %lu errors\n",
		        NAME, ks.raw, ks.rows, ks.peer_downs,
		        (unsigned long long)ks.producer.delivered,
		        (unsigned long long)ks.producer.failed, ks.errors);
		kafka_failed |= ks.errors > 0 || ks.producer.failed > 0;
	}
	out_flush(&a.out);
	mrt_buf_free(&a.out.buf);
	mrt_bgpdump_free(&a.out.bd);
	if (a.out.f && a.out.f != stdout && fclose(a.out.f) != 0 && !a.out.failed) {
		fprintf(stderr, "manrs %s: %s: %m\n", NAME, a.output);
		a.out.failed = 1;
	}
	if (rc < 0) {
		fprintf(stderr, "manrs %s: %s\n", NAME, e.msg);
		return EXIT_FINDINGS;
	}
	return a.out.failed || kafka_failed ? EXIT_FINDINGS : EXIT_OK;
}

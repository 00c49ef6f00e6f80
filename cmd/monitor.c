/* SPDX-License-Identifier: ISC */
/* monitor.c - 'manrs monitor': BGPalerter-compatible route monitoring.
 *
 * Inputs (MRT RIB + update files, RIS Live JSON lines, the RIS Live
 * websocket, BMP from routers: monitor_bmp.c) feed the pipeline
 * (route state -> detectors -> alerts); alerts go through the dispatcher
 * to the store (--store) and the sinks (stdout as text or JSON lines,
 * --out, --syslog). Also dispatches 'monitor generate' and 'monitor
 * alerts'. */
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "detect/alert_json.h"
#include "detect/dispatch.h"
#include "detect/input_mrt.h"
#include "detect/input_ris.h"
#include "detect/monitor_data.h"
#include "detect/pipeline.h"
#include "monitor_bmp.h"
#include "monitor_cmds.h"
#include "monitor_http.h"
#include "monitor_kafka.h"
#include "ris_live.h"
#include "sink_kafka.h"
#include "sink_webhook.h"

#define MAX_FILES 256
#define MAX_DETECTORS 32

struct monitor_opts {
	const char *prefixes, *config, *vrps, *asrel, *mrt_rib, *ris, *ris_live;
	const char *out, *store, *webhook, *webhook_format, *source, *syslog_facility;
	const char *ris_subscribe, *vrps_next;
	const char *bmp[BMP_MAX_LISTEN], *bmp_view, *ready_file, *metrics;
	size_t nbmp;
	uint32_t bmp_grace; /* 0: the default */
	const char *irr[16];
	int nirr;
	const char *kafka, *kafka_group, *kafka_topic, *kafka_alerts;
	struct kafka_opts kafka_opts; /* the extra --kafka-option settings */
	unsigned kafka_idle_exit;
	bool bogons, json, syslog, fail_on_alert;
	double speed;
	char *detector_list; /* strdup of --detectors, split in place */
	const char *detectors[MAX_DETECTORS + 1];
	const char *updates[MAX_FILES];
	int nupdates;
};

/* What the run loaded; everything freed by world_free. */
/* Event-to-alert latency: from the event entering the pipeline to the alert
 * handed to every sink, in power-of-two microsecond buckets. */
#define LAT_BUCKETS 32

struct world {
	double feed_t0; /* when the current event entered the pipeline */
	unsigned long lat[LAT_BUCKETS], nlat;
	struct monitor_data data; /* what the detectors read */
	struct alert_store *store;
	struct dispatch *dispatch;
	struct pipeline *pipeline;
	unsigned long since_poll;
	uint32_t last_data; /* data time of the last event */
	double last_poll;
	double last_flush;
	bool flush_failed;    /* a buffering sink could not write */
	double started, cpu0; /* when input began: clock and CPU */
	const struct monitor_opts *opts;
	struct kafka_monitor *kafka;        /* while consuming from Kafka */
	struct kafka_producer *alerts_prod; /* --kafka-alerts */
	struct pipeline_stats before_reset; /* counts of pipelines a rebalance replaced */
	unsigned long muted;                /* alerts of partitions being rebuilt */
	bool reset_failed;
};

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: manrs monitor [OPTIONS] [MRT-UPDATES...]\n"
	    "       manrs monitor generate [ARGS]   write a prefixes.yml (see --help)\n"
	    "       manrs monitor alerts [ARGS]     list stored alerts (see --help)\n"
	    "\n"
	    "Watch BGP data for hijacks, new more-specifics, visibility loss, unexpected\n"
	    "origins of your ASes, path rules, RPKI-invalid routes, leaks, bogons and\n"
	    "MOAS, with BGPalerter's prefixes.yml and config.yml. Without --prefixes\n"
	    "it watches everything (global mode: rpki, leak, bogon, moas).\n"
	    "\n"
	    "configuration:\n"
	    "  --prefixes F      BGPalerter prefixes.yml (monitored prefixes and ASes)\n"
	    "  --config F        BGPalerter config.yml (notificationIntervalSeconds,\n"
	    "                    alertOnlyOnce, monitors: params); global mode too\n"
	    "  --detectors a,b   run only these: hijack newprefix visibility misconfiguration\n"
	    "                    path path-neighbors rpki leak bogon moas (default: all that\n"
	    "                    the data given supports)\n"
	    "  --vrps F          VRPs (rpki-client JSON/CSV...): RPKI state, rpki detector\n"
	    "  --vrps-next F     later VRPs: at the end of a replay, roa alerts for ROAs gone\n"
	    "                    and VRPs expiring within roaExpirationAlertHours\n"
	    "  --bogons          the built-in bogon prefixes and ASNs (bogon detector)\n"
	    "  --asrel F         CAIDA AS relationships (leak detector)\n"
	    "  --irr DB          RPSL dump (repeatable): IRR state of offending routes\n"
	    "input:\n"
	    "  MRT-UPDATES...    MRT update files (BGP4MP), read in order\n"
	    "  --mrt-rib F       an MRT RIB dump read first, as the starting state\n"
	    "  --source NAME     collector name for MRT input (\"rrc00\")\n"
	    "  --ris F|-         RIS Live JSON lines (ris_message) from a file or stdin\n"
	    "  --ris-live URL    the RIS Live websocket (ws:// or wss://; reconnects; stops\n"
	    "                    on SIGINT/SIGTERM), e.g. " RIS_LIVE_URL "\n"
	    "  --ris-subscribe J ris_subscribe data, a JSON object (default {}: everything)\n"
	    "  --bmp ADDR:PORT   collect BMP from routers here (repeatable; stops on\n"
	    "                    SIGINT/SIGTERM), e.g. 127.0.0.1:11019 or [::1]:11019\n"
	    "  --bmp-view VIEW   the BMP view monitored: pre-policy (default), post-policy,\n"
	    "                    adj-rib-out-pre, adj-rib-out-post, loc-rib\n"
	    "  --bmp-stale-grace N\n"
	    "                    seconds a router whose BMP session ended keeps its\n"
	    "                    peers' routes before they count as down (default 300)\n"
	    "  --ready-file F    with --bmp: create F once listening\n"
	    "  --speed N         replay N times real time by data time (default 0: at once)\n"
	    "  --kafka BROKERS   a Kafka cluster (host:port,...) for --kafka-group and\n"
	    "                    --kafka-alerts\n"
	    "  --kafka-group G   consume the parsed OpenBMP feed as a member of consumer\n"
	    "                    group G: each instance holds the routes of its partitions\n"
	    "  --kafka-topic T   the feed's topic (openbmp.parsed.unicast_prefix)\n"
	    "  --kafka-idle-exit N  stop after N seconds without a message (batch runs)\n"
	    "  --kafka-option K=V   a librdkafka setting (repeatable)\n"
	    "output:\n"
	    "  --json            alerts as JSON lines on stdout (default: one line of text)\n"
	    "  --out F           alerts as JSON lines appended to F instead of stdout\n"
	    "  --store F         keep alerts in SQLite file F (see 'monitor alerts');\n"
	    "                    deliveries left pending by a crash go out first\n"
	    "  --syslog[=FAC]    also to syslog (facility daemon, user, local0..7)\n"
	    "  --webhook URL     also POST each alert to URL (http/https; retried with backoff)\n"
	    "  --webhook-format F  json (default), slack or mattermost body\n"
	    "  --kafka-alerts T  also to Kafka topic T in BGPalerter's reportKafka format\n"
	    "  --fail-on-alert   exit 1 when any alert opened\n"
	    "  --metrics ADDR:PORT  with --ris-live or --bmp: Prometheus /metrics (alerts by\n"
	    "                    type and state, deliveries, store errors, queue)\n"
	    "\n"
	    "Exit: 0 all input read (alerts or not), 1 input errors (each reported with\n"
	    "file and line or offset, skipped), undelivered alerts, or alerts with\n"
	    "--fail-on-alert, or configuration/data that cannot be loaded; 2 usage.\n"
	    "See manrs-monitor(1).\n");
}

static double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* --detectors a,b,c into o->detectors (NULL-terminated). */
static int split_detectors(struct monitor_opts *o, const char *arg)
{
	free(o->detector_list);
	o->detector_list = strdup(arg);
	if (!o->detector_list)
		return cmd_usage_error("monitor", "out of memory");
	int n = 0;
	for (char *save = NULL, *t = strtok_r(o->detector_list, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		if (n == MAX_DETECTORS)
			return cmd_usage_error("monitor", "--detectors: too many names");
		if (!detector_find(t))
			return cmd_usage_error("monitor", "--detectors: unknown detector '%s'", t);
		o->detectors[n++] = t;
	}
	if (!n)
		return cmd_usage_error("monitor", "--detectors: no detector named");
	o->detectors[n] = NULL;
	return 0;
}

/* The value of option argv[*i] (given as "--opt V" or "--opt=V"). */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (*i + 1 >= argc) {
		cmd_usage_error("monitor", "%s needs a value", name);
		return NULL;
	}
	return argv[++*i];
}

static bool is_opt(const char *arg, const char *name)
{
	size_t n = strlen(name);
	return !strncmp(arg, name, n) && (arg[n] == '\0' || arg[n] == '=');
}

static int parse_speed(const char *v, double *speed)
{
	char *end;
	errno = 0;
	double s = strtod(v, &end);
	if (errno || *end || s < 0 || s > 1e6)
		return cmd_usage_error("monitor", "--speed: '%s' is not a number from 0 to 1000000",
		                       v);
	*speed = s;
	return 0;
}

static int parse_grace(const char *v, uint32_t *grace)
{
	char *end;
	errno = 0;
	unsigned long g = strtoul(v, &end, 10);
	if (errno || end == v || *end || *v == '-' || g < 1 || g > 86400)
		return cmd_usage_error("monitor",
		                       "--bmp-stale-grace: '%s' is not a number of seconds from 1 "
		                       "to 86400",
		                       v);
	*grace = (uint32_t)g;
	return 0;
}

/* A string option: which field of o it fills. */
static const char **string_option(struct monitor_opts *o, const char *arg)
{
	static const struct {
		const char *name;
		size_t off;
	} tab[] = {
	    {"--prefixes", offsetof(struct monitor_opts, prefixes)},
	    {"--config", offsetof(struct monitor_opts, config)},
	    {"--vrps-next", offsetof(struct monitor_opts, vrps_next)},
	    {"--vrps", offsetof(struct monitor_opts, vrps)},
	    {"--asrel", offsetof(struct monitor_opts, asrel)},
	    {"--mrt-rib", offsetof(struct monitor_opts, mrt_rib)},
	    {"--ris-live", offsetof(struct monitor_opts, ris_live)},
	    {"--ris", offsetof(struct monitor_opts, ris)},
	    {"--out", offsetof(struct monitor_opts, out)},
	    {"--store", offsetof(struct monitor_opts, store)},
	    {"--webhook-format", offsetof(struct monitor_opts, webhook_format)},
	    {"--webhook", offsetof(struct monitor_opts, webhook)},
	    {"--ris-subscribe", offsetof(struct monitor_opts, ris_subscribe)},
	    {"--source", offsetof(struct monitor_opts, source)},
	    {"--bmp-view", offsetof(struct monitor_opts, bmp_view)},
	    {"--ready-file", offsetof(struct monitor_opts, ready_file)},
	    {"--metrics", offsetof(struct monitor_opts, metrics)},
	    {"--kafka-group", offsetof(struct monitor_opts, kafka_group)},
	    {"--kafka-topic", offsetof(struct monitor_opts, kafka_topic)},
	    {"--kafka-alerts", offsetof(struct monitor_opts, kafka_alerts)},
	    {"--kafka", offsetof(struct monitor_opts, kafka)},
	};
	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (is_opt(arg, tab[i].name))
			return (const char **)((char *)o + tab[i].off);
	return NULL;
}

static int parse_one(struct monitor_opts *o, int argc, char **argv, int *i)
{
	const char *a = argv[*i], *v, **field;
	if ((field = string_option(o, a))) {
		size_t n = strcspn(a, "=");
		char name[32];
		snprintf(name, sizeof name, "%.*s", (int)n, a);
		if (!(v = option_value(argc, argv, i, name)))
			return EXIT_USAGE;
		*field = v;
	} else if (is_opt(a, "--irr")) {
		if (!(v = option_value(argc, argv, i, "--irr")))
			return EXIT_USAGE;
		if (o->nirr == 16)
			return cmd_usage_error("monitor", "--irr: at most 16 files");
		o->irr[o->nirr++] = v;
	} else if (is_opt(a, "--bmp")) {
		if (!(v = option_value(argc, argv, i, "--bmp")))
			return EXIT_USAGE;
		if (o->nbmp == BMP_MAX_LISTEN)
			return cmd_usage_error("monitor", "--bmp: at most %d addresses",
			                       BMP_MAX_LISTEN);
		o->bmp[o->nbmp++] = v;
	} else if (is_opt(a, "--bmp-stale-grace")) {
		if (!(v = option_value(argc, argv, i, "--bmp-stale-grace")) ||
		    parse_grace(v, &o->bmp_grace))
			return EXIT_USAGE;
	} else if (is_opt(a, "--kafka-option")) {
		struct err e;
		if (!(v = option_value(argc, argv, i, "--kafka-option")))
			return EXIT_USAGE;
		if (kafka_opts_add(&o->kafka_opts, v, &e))
			return cmd_usage_error("monitor", "--kafka-option: %s", e.msg);
	} else if (is_opt(a, "--kafka-idle-exit")) {
		char *end;
		if (!(v = option_value(argc, argv, i, "--kafka-idle-exit")))
			return EXIT_USAGE;
		unsigned long n = strtoul(v, &end, 10);
		if (end == v || *end || *v == '-' || n < 1 || n > 86400)
			return cmd_usage_error("monitor",
			                       "--kafka-idle-exit: '%s' is not a number of seconds "
			                       "from 1 to 86400",
			                       v);
		o->kafka_idle_exit = (unsigned)n;
	} else if (is_opt(a, "--speed")) {
		if (!(v = option_value(argc, argv, i, "--speed")) || parse_speed(v, &o->speed))
			return EXIT_USAGE;
	} else if (is_opt(a, "--detectors")) {
		if (!(v = option_value(argc, argv, i, "--detectors")) || split_detectors(o, v))
			return EXIT_USAGE;
	} else if (!strcmp(a, "--syslog") || !strncmp(a, "--syslog=", 9)) {
		o->syslog = true;
		o->syslog_facility = a[8] == '=' ? a + 9 : NULL;
	} else if (!strcmp(a, "--bogons")) {
		o->bogons = true;
	} else if (!strcmp(a, "--json")) {
		o->json = true;
	} else if (!strcmp(a, "--fail-on-alert")) {
		o->fail_on_alert = true;
	} else if (a[0] == '-' && a[1]) {
		return cmd_usage_error("monitor", "unknown option '%s' (see --help)", a);
	} else {
		if (o->nupdates == MAX_FILES)
			return cmd_usage_error("monitor", "at most %d MRT files", MAX_FILES);
		o->updates[o->nupdates++] = a;
	}
	return 0;
}

/* --bmp is a live input of its own: files would end before it starts, and
 * a second live stream would need a second loop. */
static int check_bmp_args(const struct monitor_opts *o)
{
	if (o->nbmp && (o->nupdates || o->mrt_rib || o->ris || o->ris_live))
		return cmd_usage_error("monitor", "--bmp cannot be combined with MRT files, --ris "
		                                  "or --ris-live");
	if (!o->nbmp && (o->bmp_view || o->ready_file || o->bmp_grace))
		return cmd_usage_error("monitor", "%s needs --bmp",
		                       o->bmp_view     ? "--bmp-view"
		                       : o->ready_file ? "--ready-file"
		                                       : "--bmp-stale-grace");
	if (o->bmp_view && bmp_state_view_parse(o->bmp_view) < 0)
		return cmd_usage_error("monitor",
		                       "--bmp-view: unknown view '%s' (pre-policy, post-policy, "
		                       "adj-rib-out-pre, adj-rib-out-post, loc-rib)",
		                       o->bmp_view);
	return 0;
}

/* --kafka-group is a live input of its own, like --bmp. */
static int check_kafka_args(const struct monitor_opts *o)
{
	if (!o->kafka && (o->kafka_group || o->kafka_alerts || o->kafka_topic ||
	                  o->kafka_opts.noptions || o->kafka_idle_exit))
		return cmd_usage_error("monitor", "--kafka-group, --kafka-alerts, --kafka-topic, "
		                                  "--kafka-option and --kafka-idle-exit need "
		                                  "--kafka BROKERS");
	if (o->kafka && !o->kafka_group && !o->kafka_alerts)
		return cmd_usage_error("monitor", "--kafka needs --kafka-group (input) or "
		                                  "--kafka-alerts (output)");
	if (!o->kafka_group && (o->kafka_topic || o->kafka_idle_exit))
		return cmd_usage_error("monitor", "--kafka-topic and --kafka-idle-exit need "
		                                  "--kafka-group");
	if (o->kafka_group && (o->nupdates || o->mrt_rib || o->ris || o->ris_live || o->nbmp))
		return cmd_usage_error("monitor", "--kafka-group cannot be combined with MRT "
		                                  "files, --ris, --ris-live or --bmp");
	if (o->kafka_group && o->metrics)
		return cmd_usage_error("monitor", "--metrics is not available with --kafka-group");
	return 0;
}

static int parse_args(struct monitor_opts *o, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			for (i++; i < argc; i++) {
				if (o->nupdates == MAX_FILES)
					return cmd_usage_error("monitor", "at most %d MRT files",
					                       MAX_FILES);
				o->updates[o->nupdates++] = argv[i];
			}
			break;
		}
		int rc = parse_one(o, argc, argv, &i);
		if (rc)
			return rc;
	}
	if (!o->nupdates && !o->mrt_rib && !o->ris && !o->ris_live && !o->nbmp && !o->kafka_group)
		return cmd_usage_error("monitor",
		                       "no input: give MRT files, --mrt-rib, --ris, "
		                       "--ris-live, --bmp or --kafka-group (see --help)");
	if (check_bmp_args(o) || check_kafka_args(o))
		return EXIT_USAGE;
	if (o->syslog_facility && strcmp(o->syslog_facility, "daemon") &&
	    strcmp(o->syslog_facility, "user") &&
	    !(strlen(o->syslog_facility) == 6 && !strncmp(o->syslog_facility, "local", 5) &&
	      o->syslog_facility[5] >= '0' && o->syslog_facility[5] <= '7'))
		return cmd_usage_error("monitor",
		                       "--syslog: facility '%s' is not daemon, user or "
		                       "local0..local7",
		                       o->syslog_facility);
	enum webhook_format wf;
	if (o->webhook_format && webhook_format_parse(o->webhook_format, &wf))
		return cmd_usage_error("monitor",
		                       "--webhook-format: '%s' is not json, slack or "
		                       "mattermost",
		                       o->webhook_format);
	if (o->webhook_format && !o->webhook)
		return cmd_usage_error("monitor", "--webhook-format needs --webhook");
	if (o->vrps_next && (!o->vrps || o->ris_live || o->nbmp))
		return cmd_usage_error("monitor", "--vrps-next needs --vrps and replayed files");
	if (o->ris_subscribe && !o->ris_live)
		return cmd_usage_error("monitor", "--ris-subscribe needs --ris-live");
	if (o->metrics && !o->ris_live && !o->nbmp)
		return cmd_usage_error("monitor", "--metrics needs --ris-live or --bmp (a replay "
		                                  "prints its counts when it ends)");
	return 0;
}

/* Text sink: one line per alert change on stdout (alert_summary). */
static int text_deliver(void *self, const struct alert *a, struct err *e)
{
	char line[1024];
	alert_summary(a, ALERT_MARKUP_PLAIN, line, sizeof line);
	if (printf("%s\n", line) < 0 || fflush(stdout))
		return err_set(e, "standard output: %s", strerror(errno));
	return 0;
}

static const struct alert_sink_ops text_ops = {.kind = "text", .deliver = text_deliver};

/* The --kafka cluster with the --kafka-option settings. */
static struct kafka_opts kafka_opts_of(const struct monitor_opts *o)
{
	struct kafka_opts k = o->kafka_opts;
	k.brokers = o->kafka;
	return k;
}

static int make_sinks(const struct monitor_opts *o, struct alert_sink **sinks, size_t *n,
                      struct kafka_producer **kprod, struct err *e)
{
	*n = 0;
	struct alert_sink *s;
	/* A replay of files without a store writes a buffer at a time (flushed
	 * at least every 50 ms and at the end); live input (stdin may be a
	 * stream that pauses; Kafka commits offsets once alerts are out), or a store that needs
	 * each delivery confirmed, flushes every alert. */
	bool replay = !o->ris_live && !o->nbmp && !o->kafka_group && !o->store &&
	              (!o->ris || strcmp(o->ris, "-")) && (!o->mrt_rib || strcmp(o->mrt_rib, "-"));
	for (int i = 0; i < o->nupdates; i++)
		replay = replay && strcmp(o->updates[i], "-");
	if ((o->out || o->json) && replay)
		s = sink_jsonl_new_buffered(o->out, 50, e);
	else if (o->out || o->json)
		s = sink_jsonl_new(o->out, e);
	else
		s = alert_sink_new(&text_ops, NULL, "-", e);
	if (!s)
		return -1;
	sinks[(*n)++] = s;
	if (o->syslog) {
		if (!(s = sink_syslog_new(o->syslog_facility, e)))
			return -1;
		sinks[(*n)++] = s;
	}
	if (o->webhook) {
		enum webhook_format f = WEBHOOK_JSON;
		if (o->webhook_format)
			webhook_format_parse(o->webhook_format, &f);
		if (!(s = sink_webhook_new(o->webhook, f, 0, e)))
			return -1;
		sinks[(*n)++] = s;
	}
	if (o->kafka_alerts) {
		struct kafka_opts k = kafka_opts_of(o);
		if (!(s = sink_kafka_new(&k, o->kafka_alerts, kprod, e)))
			return -1;
		sinks[(*n)++] = s;
	}
	return 0;
}

/* monitor_data's notes and warnings, on stderr. */
static void note(void *arg, bool warning, const char *text)
{
	(void)arg;
	(void)warning; /* the text says which */
	fprintf(stderr, "manrs monitor: %s\n", text);
}

/* Everything the detectors read. Returns 0 or -1 with e set. */
static int load_world(struct world *w, const struct monitor_opts *o, struct err *e)
{
	struct monitor_data_opts mo = {.prefixes = o->prefixes,
	                               .config = o->config,
	                               .vrps = o->vrps,
	                               .asrel = o->asrel,
	                               .irr = o->irr,
	                               .nirr = (size_t)o->nirr,
	                               .bogons = o->bogons,
	                               .live = o->ris_live || o->nbmp,
	                               .note = note};
	return monitor_data_load(&w->data, &mo, e);
}

static int start_delivery(struct world *w, const struct monitor_opts *o, struct err *e)
{
	struct alert_sink *sinks[DISPATCH_MAX_SINKS];
	size_t n = 0;
	if (make_sinks(o, sinks, &n, &w->alerts_prod, e)) {
		for (size_t i = 0; i < n; i++)
			alert_sink_free(sinks[i]);
		return -1;
	}
	if (o->store && !(w->store = alert_store_open(o->store, false, e))) {
		for (size_t i = 0; i < n; i++)
			alert_sink_free(sinks[i]);
		return -1;
	}
	w->dispatch = dispatch_new(w->store, sinks, n, NULL, mono_now(), e);
	return w->dispatch ? 0 : -1;
}

/* pipeline_alert_fn: deliver through the dispatcher, and time it. */
static void on_alert(void *arg, const struct alert *a)
{
	struct world *w = arg;
	if (w->kafka && kafka_monitor_mutes(w->kafka, &a->prefix)) {
		w->muted++; /* its partition is being rebuilt: the previous owner raised it */
		return;
	}
	dispatch_alert(w->dispatch, a);
	double us = (mono_now() - w->feed_t0) * 1e6;
	unsigned b = 0;
	while (b < LAT_BUCKETS - 1 && us >= (double)(1u << b))
		b++;
	w->lat[b]++;
	w->nlat++;
}

/* The bucket bound (µs) under which fraction q of the latencies fall. */
static unsigned latency_quantile(const struct world *w, double q)
{
	unsigned long need = (unsigned long)(q * (double)w->nlat + 0.999999), seen = 0;
	for (unsigned b = 0; b < LAT_BUCKETS; b++)
		if ((seen += w->lat[b]) >= need)
			return 1u << b;
	return 1u << (LAT_BUCKETS - 1);
}

static int start_pipeline(struct world *w, const struct monitor_opts *o, struct err *e)
{
	struct detect_ctx ctx = monitor_data_ctx(&w->data);
	w->pipeline = pipeline_new(&ctx, o->detectors[0] ? o->detectors : NULL, on_alert, w, e);
	return w->pipeline ? 0 : -1;
}

static void world_free(struct world *w)
{
	pipeline_free(w->pipeline);
	dispatch_free(w->dispatch);
	alert_store_close(w->store);
	monitor_data_free(&w->data);
}

/* route_event_fn: one event into the pipeline; poll the dispatcher now and
 * then so retries happen during long inputs. */
static int on_event(void *arg, const struct route_event *ev, struct err *e)
{
	struct world *w = arg;
	if (w->reset_failed)
		return err_set(e, "the pipeline could not be rebuilt after a rebalance");
	w->feed_t0 = mono_now();
	w->last_data = ev->time;
	if (pipeline_feed(w->pipeline, ev, e))
		return -1;
	if (++w->since_poll >= 4096) {
		w->since_poll = 0;
		double now = mono_now();
		if (now >= w->last_flush + 0.05) { /* a buffering sink holds lines at most ~50 ms */
			w->last_flush = now;
			w->flush_failed |= dispatch_flush(w->dispatch) < 0;
		}
		if (now >= w->last_poll + 1) {
			w->last_poll = now;
			dispatch_poll(w->dispatch, now);
		}
	}
	return 0;
}

struct input_totals {
	unsigned long problems; /* malformed records/lines, unreadable files */
};

/* input_idle_fn: no more input ready; push buffered alerts out. */
static void on_idle(void *arg)
{
	struct world *w = arg;
	w->last_flush = mono_now();
	w->flush_failed |= dispatch_flush(w->dispatch) < 0;
}

/* input_prefetch_fn: the input read ahead; warm the route state for it. */
static void on_prefetch(void *arg, const struct prefix *pfx, int step)
{
	pipeline_prefetch(((struct world *)arg)->pipeline, pfx, step);
}

static int run_mrt(struct world *w, const struct monitor_opts *o, struct input_totals *t,
                   struct err *e)
{
	struct input_mrt_opts mo = {.rib = o->mrt_rib,
	                            .updates = o->updates,
	                            .n_updates = (size_t)o->nupdates,
	                            .speed = o->speed,
	                            .source = o->source,
	                            .idle = on_idle,
	                            .prefetch = on_prefetch};
	struct input_mrt *in = input_mrt_new(&mo, e);
	if (!in)
		return -1;
	int rc = input_mrt_run(in, on_event, w, e);
	struct input_mrt_stats st;
	input_mrt_get_stats(in, &st);
	t->problems += st.files_failed + st.warnings;
	input_mrt_free(in);
	return rc < 0 ? -1 : 0;
}

static int run_ris(struct world *w, const struct monitor_opts *o, struct input_totals *t,
                   struct err *e)
{
	struct input_ris_opts ro = {
	    .path = o->ris, .speed = o->speed, .idle = on_idle, .prefetch = on_prefetch};
	struct input_ris *in = input_ris_new(&ro, e);
	if (!in)
		return -1;
	int rc = input_ris_run(in, on_event, w, e);
	struct input_ris_stats st;
	input_ris_get_stats(in, &st);
	t->problems += st.malformed + st.overlong + st.bad_prefixes;
	input_ris_free(in);
	return rc < 0 ? -1 : 0;
}

/* Once a second of wall time on a live stream, also without data: retry
 * deliveries, and let data time follow the clock while the stream is quiet
 * (so visibility's fadeOffSeconds runs out), but only for a stream whose
 * data is recent - a server replaying old messages keeps its own time. */
static void on_live_tick(void *arg)
{
	struct world *w = arg;
	dispatch_poll(w->dispatch, mono_now());
	time_t now = time(NULL);
	if (w->last_data && now > (time_t)w->last_data && now - (time_t)w->last_data < 3600) {
		w->feed_t0 = mono_now();
		pipeline_tick(w->pipeline, (uint32_t)now);
	}
}

static int run_ris_live(struct world *w, const struct monitor_opts *o, struct input_totals *t,
                        struct err *e)
{
	struct monitor_http http = {
	    .addr = o->metrics, .disp = w->dispatch, .pipeline = &w->pipeline};
	struct ris_live_opts lo = {.url = o->ris_live,
	                           .subscription = o->ris_subscribe,
	                           .tick = on_live_tick,
	                           .on_base = o->metrics ? monitor_http_attach : NULL,
	                           .on_base_arg = &http};
	struct input_ris_stats st = {0};
	int rc = ris_live_run(&lo, on_event, w, &st, e);
	monitor_http_free(&http);
	t->problems += st.malformed + st.overlong + st.bad_prefixes;
	return rc < 0 ? -1 : 0;
}

static int run_bmp(struct world *w, const struct monitor_opts *o, struct input_totals *t,
                   struct err *e)
{
	struct monitor_http http = {
	    .addr = o->metrics, .disp = w->dispatch, .pipeline = &w->pipeline};
	struct monitor_bmp_opts bo = {.nlisten = o->nbmp,
	                              .view = BMP_VIEW_ADJ_IN_PRE,
	                              .ready_file = o->ready_file,
	                              .grace = o->bmp_grace,
	                              .tick = on_live_tick,
	                              .on_base = o->metrics ? monitor_http_attach : NULL,
	                              .on_base_arg = &http};
	memcpy(bo.listen, o->bmp, sizeof bo.listen);
	if (o->bmp_view)
		bo.view = (enum bmp_rib_view)bmp_state_view_parse(o->bmp_view);
	struct monitor_bmp_stats st;
	int rc = monitor_bmp_run(&bo, on_event, w, &st, e);
	monitor_http_free(&http);
	t->problems += st.problems;
	return rc < 0 ? -1 : 0;
}

/* kafka_monitor on_reset: partitions moved; a new, empty pipeline. */
static void kafka_reset(void *arg)
{
	struct world *w = arg;
	struct pipeline_stats s;
	struct err e;
	pipeline_get_stats(w->pipeline, &s);
	w->before_reset.events += s.events;
	w->before_reset.announces += s.announces;
	w->before_reset.withdraws += s.withdraws;
	w->before_reset.peer_downs += s.peer_downs;
	w->before_reset.opened += s.opened;
	w->before_reset.updated += s.updated;
	w->before_reset.resolved += s.resolved;
	pipeline_free(w->pipeline);
	w->pipeline = NULL;
	if (start_pipeline(w, w->opts, &e)) {
		fprintf(stderr, "manrs monitor: %s\n", e.msg);
		w->reset_failed = true;
	}
}

/* kafka_monitor before_commit: every alert so far is with every sink, and
 * Kafka acknowledged those of --kafka-alerts. */
static int kafka_before_commit(void *arg, struct err *e)
{
	struct world *w = arg;
	dispatch_settle(w->dispatch, 0.2); /* webhook POSTs in flight, if quick */
	size_t pending = dispatch_pending(w->dispatch);
	if (pending)
		return err_set(e, "%zu alert deliveries pending", pending);
	return w->alerts_prod ? kafka_producer_flush(w->alerts_prod, 2000, e) : 0;
}

static int run_kafka(struct world *w, const struct monitor_opts *o, struct input_totals *t,
                     struct err *e)
{
	struct monitor_kafka_opts ko = {.km = {.kafka = kafka_opts_of(o),
	                                       .group = o->kafka_group,
	                                       .topic = o->kafka_topic,
	                                       .on_event = on_event,
	                                       .arg = w,
	                                       .on_reset = kafka_reset,
	                                       .before_commit = kafka_before_commit},
	                                .idle_exit = o->kafka_idle_exit,
	                                .tick = on_live_tick,
	                                .running = &w->kafka};
	struct kafka_monitor_stats st;
	int rc = monitor_kafka_run(&ko, &st, e);
	t->problems += st.bad_messages;
	fprintf(stderr,
	        "manrs monitor: kafka: %llu messages (%llu read again to rebuild route state), "
	        "%llu events, %llu bad messages, %llu commits (%llu failed), %llu rebalances, "
	        "%lu alerts muted while rebuilding; read from %.3f to %.3f (monotonic clock)\n",
	        (unsigned long long)st.messages, (unsigned long long)st.replayed,
	        (unsigned long long)st.events, (unsigned long long)st.bad_messages,
	        (unsigned long long)st.commits, (unsigned long long)st.commit_errors,
	        (unsigned long long)st.rebalances, w->muted, st.first, st.last);
	return rc < 0 ? -1 : 0;
}

/* Deliver what is still pending: wait while deliveries make progress. */
static size_t drain(struct dispatch *d)
{
	/* A slow sink that still makes progress (a webhook posting from its
	 * thread) is waited for; one that made none for 5 s is given up. */
	double now = mono_now(), end = now + 5, said = now;
	dispatch_poll(d, now);
	size_t left = dispatch_pending(d);
	while (left && (now = mono_now()) < end) {
		struct timespec ts = {0, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
		dispatch_poll(d, mono_now());
		size_t n = dispatch_pending(d);
		if (n < left)
			end = mono_now() + 5;
		left = n;
		if (left && now - said >= 10) {
			fprintf(stderr, "manrs monitor: waiting for %zu alert deliveries\n", left);
			said = now;
		}
	}
	return left;
}

static void summary(const struct world *w, unsigned long problems, size_t undelivered)
{
	struct pipeline_stats s;
	pipeline_get_stats(w->pipeline, &s);
	s.events += w->before_reset.events;
	s.announces += w->before_reset.announces;
	s.withdraws += w->before_reset.withdraws;
	s.peer_downs += w->before_reset.peer_downs;
	s.opened += w->before_reset.opened;
	s.updated += w->before_reset.updated;
	s.resolved += w->before_reset.resolved;
	const struct route_state *rs = pipeline_state(w->pipeline);
	double secs = mono_now() - w->started;
	double cpu = (double)clock() / CLOCKS_PER_SEC - w->cpu0;
	size_t routes = route_state_routes(rs);
	fprintf(stderr,
	        "manrs monitor: %lu events (%lu announce, %lu withdraw, %lu peer-down) in %.2f s, "
	        "%.2f s CPU (%.0f/s of CPU); %zu routes from %zu peers, %zu B/route; alerts: %lu "
	        "opened, %lu "
	        "updated, %lu resolved, %lu withheld; %lu input problems; %zu deliveries pending",
	        s.events, s.announces, s.withdraws, s.peer_downs, secs, cpu,
	        cpu > 0 ? s.events / cpu : 0.0, routes, route_state_npeers(rs),
	        routes ? route_state_memory(rs) / routes : 0, s.opened, s.updated, s.resolved,
	        s.withheld, problems, undelivered);
	if (w->nlat)
		fprintf(stderr, "; event to alert p50 < %u us, p99 < %u us",
		        latency_quantile(w, 0.5), latency_quantile(w, 0.99));
	fputc('\n', stderr);
}

static int run(struct monitor_opts *o)
{
	struct world w = {.opts = o};
	struct err e;
	err_clear(&e);
	int rc = EXIT_OK;
#ifdef __GLIBC__
	/* The route state frees small blocks all the time (a prefix's route
	 * array outgrown or emptied); in glibc's fastbins they pile up until a
	 * larger request (an alert's JSON) consolidates them all at once, tens
	 * of microseconds in the middle of an alert. Without fastbins small
	 * blocks are merged as they are freed. */
	mallopt(M_MXFAST, 0);
#endif
	if (load_world(&w, o, &e) || start_delivery(&w, o, &e) || start_pipeline(&w, o, &e)) {
		fprintf(stderr, "manrs monitor: %s\n", e.msg);
		world_free(&w);
		return EXIT_FINDINGS;
	}
	struct input_totals t = {0};
	w.started = mono_now(); /* rates count input and detection, not loading */
	w.cpu0 = (double)clock() / CLOCKS_PER_SEC;
	if ((o->mrt_rib || o->nupdates) && run_mrt(&w, o, &t, &e))
		rc = EXIT_FINDINGS;
	if (rc == EXIT_OK && o->ris && run_ris(&w, o, &t, &e))
		rc = EXIT_FINDINGS;
	if (rc == EXIT_OK && o->vrps_next &&
	    monitor_roa_replay(w.data.cfg, &w.data.vrps, o->vrps_next, w.pipeline, w.last_data,
	                       &w.feed_t0, &e))
		rc = EXIT_FINDINGS;
	bool live = o->ris_live || o->nbmp || o->kafka_group;
	if (rc == EXIT_OK && !live) {
		w.feed_t0 = mono_now();
		pipeline_finish(w.pipeline); /* the files ended: no alert left waiting */
	}
	if (rc == EXIT_OK && o->ris_live && run_ris_live(&w, o, &t, &e))
		rc = EXIT_FINDINGS;
	if (rc == EXIT_OK && o->nbmp && run_bmp(&w, o, &t, &e))
		rc = EXIT_FINDINGS;
	if (rc == EXIT_OK && o->kafka_group && run_kafka(&w, o, &t, &e))
		rc = EXIT_FINDINGS;
	if (rc != EXIT_OK)
		fprintf(stderr, "manrs monitor: %s\n", e.msg);
	if (live)
		pipeline_flush(w.pipeline); /* the last state of what was withheld */
	size_t undelivered = drain(w.dispatch);
	summary(&w, t.problems, undelivered);
	struct pipeline_stats s;
	pipeline_get_stats(w.pipeline, &s);
	s.opened += w.before_reset.opened;
	if (t.problems || undelivered || w.flush_failed || (o->fail_on_alert && s.opened))
		rc = EXIT_FINDINGS;
	world_free(&w);
	return rc;
}

int monitor_main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "generate"))
		return monitor_generate_main(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "alerts"))
		return monitor_alerts_main(argc - 1, argv + 1);
	if (cmd_wants_help(argc, argv)) {
		usage(stdout);
		return EXIT_OK;
	}
	struct monitor_opts o = {0};
	int rc = parse_args(&o, argc, argv);
	if (rc == EXIT_OK)
		rc = run(&o);
	free(o.detector_list);
	return rc;
}

/* SPDX-License-Identifier: ISC */
/* rtr.c - 'manrs rtr': the RTR cache server (serve) and a small RTR client
 * (dump) for checking a cache and measuring it. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "cmd.h"
#include "core/log.h"
#include "stop_signals.h"
#include "privdrop.h"
#include "rtr/rtr_print.h"
#include "rtr_server.h"
#include "rtr_sync.h"

static int rtr_serve(int argc, char **argv);
static int rtr_dump(int argc, char **argv);

static const struct command rtr_commands[] = {
    {"serve", rtr_serve, "serve VRPs and ASPAs to routers over RTR (v0, v1, v2)"},
    {"dump", rtr_dump, "fetch a cache's full data set over RTR and print it (or time it)"},
};
#define NRTR (sizeof rtr_commands / sizeof rtr_commands[0])

static void usage(FILE *f)
{
	fprintf(f, "usage: manrs rtr COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < NRTR; i++)
		fprintf(f, "  %-6s %s\n", rtr_commands[i].name, rtr_commands[i].summary);
	fprintf(f, "\n'manrs rtr COMMAND --help' for options; man manrs-rtr(1).\n");
}

int cmd_rtr(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	for (size_t i = 0; i < NRTR; i++)
		if (!strcmp(argv[1], rtr_commands[i].name))
			return rtr_commands[i].run(argc - 1, argv + 1);
	return cmd_usage_error("rtr", "unknown command '%s'", argv[1]);
}

static const char serve_help[] =
    "usage: manrs rtr serve --vrps FILE [options]\n"
    "\n"
    "Serve validated RPKI data (VRPs, ASPAs) to routers: RFC 6810 (v0), RFC 8210 (v1)\n"
    "and draft-ietf-sidrops-8210bis-26 (v2, ASPA) with version negotiation, deltas\n"
    "from a serial history, Serial Notify on change, and Error Reports for bad PDUs.\n"
    "\n"
    "data:\n"
    "  --vrps FILE            rpki-client/Routinator/StayRTR JSON or CSV (repeatable)\n"
    "  --slurm FILE           RFC 8416 SLURM file applied on top (repeatable)\n"
    "  --check-interval SEC   poll the files for changes every SEC seconds (60; 0 off)\n"
    "  --max-age SEC          answer No Data Available when the data is older (off)\n"
    "  --ignore-expires       serve VRPs/ASPAs past their \"expires\" too (default: drop\n"
    "                         them, also while running; env MANRS_IGNORE_EXPIRES=1)\n"
    "  --history N            past serials answered with a delta (10)\n"
    "  --max-shrink PCT       refuse a reload that drops more than PCT% of the served\n"
    "                         VRPs+ASPAs, keep serving the old data (50; 100 = off)\n"
    "protocol:\n"
    "  --refresh SEC          End of Data refresh interval (3600)\n"
    "  --retry SEC            End of Data retry interval (600)\n"
    "  --expire SEC           End of Data expire interval (7200)\n"
    "  --session-id N         fixed session id (default random per start)\n"
    "  --aspa-pdu LAYOUT      v2 ASPA PDU layout: current (8210bis-26; rtrlib, FORT,\n"
    "                         Routinator) or draft-10 (StayRTR-era clients)\n"
    "network:\n"
    "  --listen ADDR:PORT     listen address, repeatable (127.0.0.1:8282); [::1]:8282\n"
    "  --max-clients N        refuse connections beyond N routers (default: the open\n"
    "                         file limit, ulimit -n, minus 64 kept for reloads)\n"
    "  --max-per-source N     refuse more than N connections from one address\n"
    "  --allow PREFIX         accept only routers inside PREFIX (repeatable)\n"
    "  --timeout SEC          first query / half PDU deadline; 4x for stalled writes (30)\n"
    "  --no-keepalive         do not enable TCP keepalive on router sockets\n"
    "  --http ADDR:PORT       serve /metrics (Prometheus) and /status (JSON)\n"
    "privileges (applied once bound and loaded, before any router is read):\n"
    "  --user NAME            switch to user NAME and its groups (start as root to\n"
    "                         bind port 323; the files must be readable by NAME)\n"
    "  --chroot DIR           chroot to DIR (needs --user); file paths must then be\n"
    "                         relative to DIR\n"
    "  --no-landlock          do not restrict file access with Landlock (default:\n"
    "                         read only the data files' folders, write only the\n"
    "                         --ready-file folder)\n"
    "other:\n"
    "  --ready-file FILE      write the PID to FILE once serving (for scripts)\n"
    "  -v, --verbose          log connections and reloads;  -q, --quiet  errors only\n"
    "  --syslog               log to syslog instead of stderr\n"
    "  -h, --help             this help\n"
    "\n"
    "Signals: SIGHUP reloads the files, SIGINT/SIGTERM shut down cleanly.\n"
    "Exit: 0 clean shutdown, 1 failure (bad data at start, address in use), 2 usage.\n";

/* Parse an unsigned number within [lo, hi] or fail with a usage error. */
static int num_arg(const char *opt, const char *s, unsigned long lo, unsigned long hi,
                   unsigned long *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (!*s || *end || s[0] == '-' || v < lo || v > hi)
		return cmd_usage_error("rtr serve", "%s: '%s' is not a number in %lu..%lu", opt, s,
		                       lo, hi);
	*out = v;
	return 0;
}

enum {
	O_VRPS = 256,
	O_SLURM,
	O_CHECK,
	O_MAXAGE,
	O_HISTORY,
	O_REFRESH,
	O_RETRY,
	O_EXPIRE,
	O_SESSION,
	O_LISTEN,
	O_MAXCLIENTS,
	O_MAXPER,
	O_ALLOW,
	O_TIMEOUT,
	O_NOKEEPALIVE,
	O_HTTP,
	O_READY,
	O_SYSLOG,
	O_IGNORE_EXPIRES,
	O_ASPA_PDU,
	O_MAXSHRINK,
	O_USER,
	O_CHROOT,
	O_NOLANDLOCK,
};

/* twin of irr serve's lopts (irr_serve.c): daemon options keep the same names in both */
static const struct option serve_opts[] = {
    {"vrps", required_argument, NULL, O_VRPS},
    {"slurm", required_argument, NULL, O_SLURM},
    {"check-interval", required_argument, NULL, O_CHECK},
    {"max-age", required_argument, NULL, O_MAXAGE},
    {"history", required_argument, NULL, O_HISTORY},
    {"refresh", required_argument, NULL, O_REFRESH},
    {"retry", required_argument, NULL, O_RETRY},
    {"expire", required_argument, NULL, O_EXPIRE},
    {"session-id", required_argument, NULL, O_SESSION},
    {"listen", required_argument, NULL, O_LISTEN},
    {"max-clients", required_argument, NULL, O_MAXCLIENTS},
    {"max-per-source", required_argument, NULL, O_MAXPER},
    {"allow", required_argument, NULL, O_ALLOW},
    {"timeout", required_argument, NULL, O_TIMEOUT},
    {"no-keepalive", no_argument, NULL, O_NOKEEPALIVE},
    {"http", required_argument, NULL, O_HTTP},
    {"ready-file", required_argument, NULL, O_READY},
    {"syslog", no_argument, NULL, O_SYSLOG},
    {"ignore-expires", no_argument, NULL, O_IGNORE_EXPIRES},
    {"aspa-pdu", required_argument, NULL, O_ASPA_PDU},
    {"max-shrink", required_argument, NULL, O_MAXSHRINK},
    {"user", required_argument, NULL, O_USER},
    {"chroot", required_argument, NULL, O_CHROOT},
    {"no-landlock", no_argument, NULL, O_NOLANDLOCK},
    {"verbose", no_argument, NULL, 'v'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* The loop and the signals belong to the command; the server lives on it. */
struct serve_loop {
	struct event_base *base;
	struct rtr_server *srv;
};

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	struct serve_loop *sl = arg;
	if (sig == SIGHUP) {
		rtr_server_reload(sl->srv, "SIGHUP");
		return;
	}
	log_info("rtr: %s: shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
	event_base_loopbreak(sl->base);
}

/* Serve until SIGINT or SIGTERM; SIGHUP reloads. Returns 0 on a clean
 * shutdown, -1 with e filled otherwise. */
static int run_server(const struct rtr_server_config *cfg, struct err *e)
{
	static const int sigs[] = {SIGHUP, SIGINT, SIGTERM};
	struct event *ev[3] = {NULL, NULL, NULL};
	struct serve_loop sl = {NULL, NULL};
	int rc = -1;
	/* A router closing mid-write must not kill the daemon. */
	signal(SIGPIPE, SIG_IGN);
	if (!(sl.base = event_base_new())) {
		err_set(e, "cannot create the event loop");
		return -1;
	}
	if (!(sl.srv = rtr_server_new(sl.base, cfg, e)))
		goto out;
	for (size_t i = 0; i < 3; i++)
		if (!(ev[i] = evsignal_new(sl.base, sigs[i], on_signal, &sl)) ||
		    evsignal_add(ev[i], NULL) < 0) {
			err_set(e, "cannot set up signal handling");
			goto out;
		}
	if (event_base_dispatch(sl.base) < 0) {
		err_set(e, "event loop failed");
		goto out;
	}
	rc = 0;
out:
	stop_signals_free(ev, 3);
	rtr_server_free(sl.srv);
	event_base_free(sl.base);
	return rc;
}

/* The files the server reads and writes after the privilege drop. */
static int privdrop_paths(struct privdrop_opts *pd, const struct rtr_server_config *cfg,
                          struct err *e)
{
	for (size_t i = 0; i < cfg->nvrp_files; i++)
		if (privdrop_add_path(pd, cfg->vrp_files[i], 0, e))
			return -1;
	for (size_t i = 0; i < cfg->nslurm_files; i++)
		if (privdrop_add_path(pd, cfg->slurm_files[i], 0, e))
			return -1;
	if (cfg->ready_file && privdrop_add_path(pd, cfg->ready_file, 1, e))
		return -1;
	return 0;
}

static int privdrop_hook(void *arg, struct err *e)
{
	return privdrop_apply(arg, e);
}

static int rtr_serve(int argc, char **argv)
{
	static struct privdrop_opts pd;
	privdrop_init(&pd);
	struct rtr_server_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.timers = (struct rtr_timers){3600, 600, 7200, RTR_ASPA_CURRENT};
	cfg.history = 10;
	cfg.check_interval = 60;
	const char *ie = getenv("MANRS_IGNORE_EXPIRES"); /* as 'manrs rpki' */
	cfg.ignore_expires = ie && *ie && strcmp(ie, "0") != 0;
	cfg.timeout = 30;
	cfg.keepalive = 1;
	cfg.session_id = -1;
	cfg.max_shrink = 50;
	enum log_level level = LOG_LEVEL_WARN;
	int use_syslog = 0, c;
	unsigned long v;
	struct err e;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "vqh", serve_opts, NULL)) != -1) {
		switch (c) {
		case O_VRPS:
		case O_SLURM: {
			const char **list = c == O_VRPS ? cfg.vrp_files : cfg.slurm_files;
			size_t *n = c == O_VRPS ? &cfg.nvrp_files : &cfg.nslurm_files;
			if (*n == RTR_MAX_FILES)
				return cmd_usage_error("rtr serve", "at most %d files per option",
				                       RTR_MAX_FILES);
			list[(*n)++] = optarg;
			break;
		}
		case O_LISTEN:
			if (cfg.nlisten == RTR_MAX_LISTEN)
				return cmd_usage_error("rtr serve", "at most %d --listen addresses",
				                       RTR_MAX_LISTEN);
			cfg.listen[cfg.nlisten++] = optarg;
			break;
		case O_ALLOW:
			if (cfg.nallow == RTR_MAX_ALLOW)
				return cmd_usage_error("rtr serve", "at most %d --allow prefixes",
				                       RTR_MAX_ALLOW);
			if (prefix_parse_host(optarg, &cfg.allow[cfg.nallow], &e))
				return cmd_usage_error("rtr serve", "--allow: %s", e.msg);
			cfg.nallow++;
			break;
		case O_CHECK:
			if (num_arg("--check-interval", optarg, 0, 86400, &v))
				return EXIT_USAGE;
			cfg.check_interval = (unsigned)v;
			break;
		case O_IGNORE_EXPIRES:
			cfg.ignore_expires = 1;
			break;
		case O_ASPA_PDU:
			if (!strcmp(optarg, "current") || !strcmp(optarg, "draft-26"))
				cfg.timers.aspa_layout = RTR_ASPA_CURRENT;
			else if (!strcmp(optarg, "draft-10"))
				cfg.timers.aspa_layout = RTR_ASPA_DRAFT10;
			else
				return cmd_usage_error(
				    "rtr serve", "--aspa-pdu: '%s' is not current or draft-10",
				    optarg);
			break;
		case O_MAXSHRINK:
			if (num_arg("--max-shrink", optarg, 0, 100, &v))
				return EXIT_USAGE;
			cfg.max_shrink = (unsigned)v;
			break;
		case O_MAXAGE:
			if (num_arg("--max-age", optarg, 1, 100000000, &v))
				return EXIT_USAGE;
			cfg.max_age = (long)v;
			break;
		case O_HISTORY:
			if (num_arg("--history", optarg, 0, 10000, &v))
				return EXIT_USAGE;
			cfg.history = (unsigned)v;
			break;
		/* Ranges from RFC 8210 section 6. */
		case O_REFRESH:
			if (num_arg("--refresh", optarg, 1, 86400, &v))
				return EXIT_USAGE;
			cfg.timers.refresh = (uint32_t)v;
			break;
		case O_RETRY:
			if (num_arg("--retry", optarg, 1, 7200, &v))
				return EXIT_USAGE;
			cfg.timers.retry = (uint32_t)v;
			break;
		case O_EXPIRE:
			if (num_arg("--expire", optarg, 600, 172800, &v))
				return EXIT_USAGE;
			cfg.timers.expire = (uint32_t)v;
			break;
		case O_SESSION:
			if (num_arg("--session-id", optarg, 0, 65535, &v))
				return EXIT_USAGE;
			cfg.session_id = (int)v;
			break;
		case O_MAXCLIENTS:
			if (num_arg("--max-clients", optarg, 1, 1000000, &v))
				return EXIT_USAGE;
			cfg.max_clients = (unsigned)v;
			break;
		case O_MAXPER:
			if (num_arg("--max-per-source", optarg, 1, 1000000, &v))
				return EXIT_USAGE;
			cfg.max_per_source = (unsigned)v;
			break;
		case O_TIMEOUT:
			if (num_arg("--timeout", optarg, 1, 3600, &v))
				return EXIT_USAGE;
			cfg.timeout = (unsigned)v;
			break;
		case O_NOKEEPALIVE:
			cfg.keepalive = 0;
			break;
		case O_HTTP:
			cfg.http = optarg;
			break;
		case O_READY:
			cfg.ready_file = optarg;
			break;
		case O_SYSLOG:
			use_syslog = 1;
			break;
		case O_USER:
			pd.user = optarg;
			break;
		case O_CHROOT:
			pd.chroot_dir = optarg;
			break;
		case O_NOLANDLOCK:
			pd.no_landlock = 1;
			break;
		case 'v':
			level = level == LOG_LEVEL_INFO ? LOG_LEVEL_DEBUG : LOG_LEVEL_INFO;
			break;
		case 'q':
			level = LOG_LEVEL_ERR;
			break;
		case 'h':
			fputs(serve_help, stdout);
			return EXIT_OK;
		default:
			return cmd_usage_error("rtr serve", "unknown option or missing value: '%s'",
			                       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cmd_usage_error("rtr serve", "unexpected argument '%s'", argv[optind]);
	if (!cfg.nvrp_files)
		return cmd_usage_error("rtr serve", "give at least one --vrps FILE");
	if (cfg.timers.expire <= cfg.timers.refresh || cfg.timers.expire <= cfg.timers.retry)
		return cmd_usage_error("rtr serve", "--expire must exceed --refresh and --retry");
	if (!cfg.nlisten)
		cfg.listen[cfg.nlisten++] = "127.0.0.1:8282";
	log_init("manrs rtr", level, use_syslog);
	if (privdrop_paths(&pd, &cfg, &e) || privdrop_prepare(&pd, &e)) {
		log_err("%s", e.msg);
		return EXIT_FINDINGS;
	}
	cfg.before_serve = privdrop_hook;
	cfg.before_serve_arg = &pd;
	if (run_server(&cfg, &e)) {
		log_err("%s", e.msg);
		return EXIT_FINDINGS;
	}
	return EXIT_OK;
}

static const char dump_help[] =
    "usage: manrs rtr dump [options] HOST:PORT\n"
    "\n"
    "Connect to an RTR cache, send a Reset Query and print what it serves:\n"
    "VRPs as CSV (ASN,IP Prefix,Max Length) sorted, then ASPAs (v2) after an empty\n"
    "line as 'Customer ASN,Provider ASNs'; or JSON with --json. ASPA PDUs are read\n"
    "in either layout (8210bis-26 or draft-10), told apart per PDU; --count shows\n"
    "which one the cache used (aspa_layout=).\n"
    "\n"
    "  -V, --rtr-version N  protocol version to open with (0, 1, 2; default 1); one\n"
    "                       lower when the cache answers Unsupported Version\n"
    "  --json               rpki-client style JSON ({\"roas\":[...],\"aspas\":[...]})\n"
    "  --count              print only counts and timings\n"
    "  --clients N          run N syncs in parallel (implies --count): a load test\n"
    "  --timeout SEC        give up after SEC seconds (60)\n"
    "  -h, --help           this help\n"
    "\n"
    "Exit: 0 every sync reached End of Data, 1 failure, 2 usage.\n";

static const struct option dump_opts[] = {
    {"rtr-version", required_argument, NULL, 'V'},
    {"json", no_argument, NULL, 'j'},
    {"count", no_argument, NULL, 'c'},
    {"clients", required_argument, NULL, 'n'},
    {"timeout", required_argument, NULL, 't'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int rtr_dump(int argc, char **argv)
{
	unsigned long version = 1, clients = 1, timeout = 60;
	int json = 0, count = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "V:h", dump_opts, NULL)) != -1) {
		switch (c) {
		case 'V':
			if (num_arg("--rtr-version", optarg, 0, RTR_VERSION_MAX, &version))
				return EXIT_USAGE;
			break;
		case 'j':
			json = 1;
			break;
		case 'c':
			count = 1;
			break;
		case 'n':
			if (num_arg("--clients", optarg, 1, 10000, &clients))
				return EXIT_USAGE;
			count = 1;
			break;
		case 't':
			if (num_arg("--timeout", optarg, 1, 3600, &timeout))
				return EXIT_USAGE;
			break;
		case 'h':
			fputs(dump_help, stdout);
			return EXIT_OK;
		default:
			return cmd_usage_error("rtr dump", "unknown option or missing value: '%s'",
			                       argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cmd_usage_error("rtr dump", "give exactly one HOST:PORT");
	struct rtr_sync_opts o = {argv[optind], (int)version, (unsigned)clients, (unsigned)timeout};
	struct rtr_client_report rep;
	struct rpki_set set;
	struct err e;
	rpki_set_init(&set);
	int rc = rtr_sync_run(&o, count ? NULL : &set, &rep, &e);
	if (rc == 0 && !count) {
		if (rtr_client_print(stdout, &set, json))
			rc = err_set(&e, "writing the output: %s", strerror(errno));
	} else if (count) {
		if (json)
			(void)rtr_client_report_json(stdout, &rep);
		else
			rtr_client_report_text(stdout, &rep);
	}
	rpki_set_free(&set);
	if (rc) {
		fprintf(stderr, "manrs rtr dump: %s\n", e.msg);
		return EXIT_FINDINGS;
	}
	return EXIT_OK;
}

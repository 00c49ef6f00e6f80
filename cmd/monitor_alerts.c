/* SPDX-License-Identifier: ISC */
/* monitor_alerts.c - 'manrs monitor alerts': list the alerts the monitor
 * stored (--store), as a table for people or JSON lines for scripts. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "detect/alert_json.h"
#include "detect/alert_json_read.h"
#include "detect/alert_store.h"
#include "monitor_cmds.h"

#define NAME "monitor alerts"

struct opts {
	const char *db;
	struct alert_query q;
	int json;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: manrs monitor alerts [--db FILE] [--since TIME] [--type TYPE]\n"
	           "                            [--state STATE] [--latest] [--limit N] [--json]\n\n"
	           "List the alerts 'manrs monitor --store FILE' kept, every version (open,\n"
	           "updated, resolved) in order of id.\n\n"
	           "  --db FILE      the alert store (default " ALERT_STORE_DEFAULT_PATH ")\n"
	           "  --since TIME   alerts last seen at or after TIME (data time): unix seconds,\n"
	           "                 2024-01-02, 2024-01-02T03:04:05Z, or 30m, 6h, 7d ago\n"
	           "  --type TYPE    one channel: hijack, newprefix, visibility, path, ...\n"
	           "  --state STATE  open, updated or resolved\n"
	           "  --latest       only the latest version of each alert\n"
	           "  --limit N      at most N rows\n"
	           "  --json         one JSON object a line (the alert as every sink sends it)\n"
	           "Exit: 0 listed (even none), 1 the store cannot be read, 2 usage.\n"
	           "See manrs-monitor(1).\n");
}

/* "30m", "6h", "7d", "90s" ago; returns 0 or -1. */
static int parse_ago(const char *s, time_t now, uint32_t *t)
{
	char *end;
	errno = 0;
	unsigned long n = strtoul(s, &end, 10);
	static const struct {
		char unit;
		unsigned long secs;
	} units[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 604800}};
	if (end == s || errno || end[0] == '\0' || end[1] != '\0')
		return -1;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (*end == units[i].unit) {
			unsigned long secs = n * units[i].secs;
			if (n > 100000 * 365UL || (time_t)secs > now)
				return -1;
			*t = (uint32_t)(now - (time_t)secs);
			return 0;
		}
	return -1;
}

/* A time as TIME above; returns 0 or -1. */
static int parse_time(const char *s, uint32_t *t)
{
	static const char *const formats[] = {"%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S",
	                                      "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"};
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (*s >= '0' && *s <= '9' && *end == '\0' && !errno && v <= UINT32_MAX) {
		*t = (uint32_t)v;
		return 0;
	}
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		struct tm tm = {0};
		const char *rest = strptime(s, formats[i], &tm);
		if (rest && *rest == '\0') {
			time_t u = timegm(&tm);
			if (u < 0 || u > (time_t)UINT32_MAX)
				return -1;
			*t = (uint32_t)u;
			return 0;
		}
	}
	return parse_ago(s, time(NULL), t);
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lopts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"since", required_argument, NULL, 's'},
	    {"type", required_argument, NULL, 't'},
	    {"state", required_argument, NULL, 'S'},
	    {"latest", no_argument, NULL, 'L'},
	    {"limit", required_argument, NULL, 'n'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int c;
	char *end;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+hj", lopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->db = optarg;
			break;
		case 's':
			if (parse_time(optarg, &o->q.since) < 0)
				return cmd_usage_error(NAME, "--since: bad time '%s'", optarg);
			break;
		case 't':
			o->q.type = optarg;
			break;
		case 'S':
			if (strcmp(optarg, "open") && strcmp(optarg, "updated") &&
			    strcmp(optarg, "resolved"))
				return cmd_usage_error(
				    NAME, "--state: '%s' is not open, updated or resolved", optarg);
			o->q.state = optarg;
			break;
		case 'L':
			o->q.latest = true;
			break;
		case 'n':
			o->q.limit = strtoul(optarg, &end, 10);
			if (end == optarg || *end || !o->q.limit)
				return cmd_usage_error(
				    NAME, "--limit: '%s' is not a positive number", optarg);
			break;
		case 'j':
			o->json = 1;
			break;
		default:
			return cmd_usage_error(NAME, "bad option");
		}
	}
	if (optind < argc)
		return cmd_usage_error(NAME, "unexpected argument '%s'", argv[optind]);
	return 0;
}

struct lister {
	const char *db;
	long bad; /* rows whose JSON did not read back */
};

static int print_json(void *arg, const char *json)
{
	(void)arg;
	return puts(json) == EOF;
}

static int print_row(void *arg, const char *json)
{
	struct lister *l = arg;
	struct alert a;
	struct err e;
	char pfx[PREFIX_STRLEN] = "-", when[32], offender[ASN_STRLEN] = "-";
	if (alert_json_parse(json, strlen(json), &a, &e) < 0) {
		fprintf(stderr, "manrs %s: %s: a stored alert does not read back: %s\n", NAME,
		        l->db, e.msg);
		l->bad++;
		return 0;
	}
	if (a.prefix.family)
		prefix_format(&a.prefix, pfx, sizeof pfx);
	if (a.offender_as)
		asn_format(a.offender_as, offender, sizeof offender);
	return printf("%-6llu %-3u %-8s %-16s %-8s %-20s %-12s %5u %-20s %s\n",
	              (unsigned long long)a.id, (unsigned)a.version, alert_state_name(a.state),
	              a.type, alert_severity_name(a.severity), pfx, offender, a.npeers,
	              alert_time_format(a.last_seen, when, sizeof when), a.description) < 0;
}

int monitor_alerts_main(int argc, char **argv)
{
	struct opts o = {.db = ALERT_STORE_DEFAULT_PATH};
	struct err e;
	if (cmd_wants_help(argc, argv)) {
		usage(stdout);
		return EXIT_OK;
	}
	if (parse_opts(argc, argv, &o) != 0)
		return EXIT_USAGE;
	struct alert_store *st = alert_store_open(o.db, true, &e);
	if (!st) {
		fprintf(stderr, "manrs %s: %s\n", NAME, e.msg);
		return EXIT_FINDINGS;
	}
	struct lister l = {o.db, 0};
	if (!o.json)
		printf("%-6s %-3s %-8s %-16s %-8s %-20s %-12s %5s %-20s %s\n", "ID", "VER", "STATE",
		       "TYPE", "SEVERITY", "PREFIX", "OFFENDER", "PEERS", "LAST_SEEN",
		       "DESCRIPTION");
	long n = alert_store_query(st, &o.q, o.json ? print_json : print_row, &l, &e);
	alert_store_close(st);
	if (n < 0) {
		fprintf(stderr, "manrs %s: %s\n", NAME, e.msg);
		return EXIT_FINDINGS;
	}
	if (ferror(stdout))
		return cmd_stdout_failed(NAME);
	return l.bad ? EXIT_FINDINGS : EXIT_OK;
}

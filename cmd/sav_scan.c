/* SPDX-License-Identifier: ISC */
/* sav_scan.c - 'manrs sav scan': spoofed sources in a packet capture. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sav/scan.h"
#include "sav/scan_report.h"
#include "sav_cmds.h"

static const char USAGE[] =
    "usage: manrs sav scan [--filters FILE] [--map FILE] [--interface NAME] [--list]\n"
    "                      [--top N] [--json] FILE\n"
    "\n"
    "Count the packets of a capture (pcap or pcapng; plain, gzip, bzip2, xz or\n"
    "zstd; '-' is stdin) whose source address their ingress may not send.\n"
    "\n"
    "  --filters FILE    the customers and their allowed sources, as written by\n"
    "                    'manrs sav --json' (without it only martian and bogon\n"
    "                    sources are found and every packet is unmapped)\n"
    "  --map FILE        ingress bindings over the filters' own: lines\n"
    "                    'vlan:101 NAME', 'mac:02:00:00:00:00:01 NAME',\n"
    "                    'if:eth1 NAME' ('#' starts a comment)\n"
    "  --interface NAME  the capture interface every frame came in on (a pcapng\n"
    "                    with one interface names it itself)\n"
    "  --list            also print every spoofed packet: frame number, ingress,\n"
    "                    source and reason\n"
    "  --top N           offenders to show (default 10)\n"
    "  --json            one JSON object instead of the table\n"
    "\n"
    "A frame's ingress is the customer bound to its outermost VLAN id, else to\n"
    "its source MAC, else to the capture interface. Its source is martian\n"
    "(loopback, multicast, 0/8, ...; never valid), allowed (in that customer's\n"
    "filter), bogon (IANA special-purpose, not routed), other-customer (another\n"
    "customer's space) or foreign (anything else), the first that applies.\n"
    "Frames of no customer are counted as unmapped; only their martian and\n"
    "bogon sources can be judged.\n"
    "\n"
    "Exit: 0 no spoofed source, 1 spoofed sources found or the capture could not\n"
    "be read to its end (the counts so far are printed, marked partial), 2 usage.\n";

struct opts {
	const char *filters, *map, *iface, *file;
	bool json, list;
	size_t top;
};

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option lopts[] = {
	    {"filters", required_argument, NULL, 'f'},
	    {"map", required_argument, NULL, 'm'},
	    {"interface", required_argument, NULL, 'i'},
	    {"list", no_argument, NULL, 'l'},
	    {"top", required_argument, NULL, 't'},
	    {"json", no_argument, NULL, 'j'},
	    {NULL, 0, NULL, 0},
	};
	int c;
	char *end;
	o->top = 10;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			o->filters = optarg;
			break;
		case 'm':
			o->map = optarg;
			break;
		case 'i':
			o->iface = optarg;
			break;
		case 'l':
			o->list = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 't':
			errno = 0;
			o->top = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || *optarg == '-')
				return cmd_usage_error("sav scan", "--top: not a count: %s",
				                       optarg);
			break;
		default:
			fputs(USAGE, stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cmd_usage_error("sav scan", "expected one capture file (see --help)");
	if (o->map && !o->filters)
		return cmd_usage_error("sav scan", "--map needs --filters (it names customers)");
	o->file = argv[optind];
	return EXIT_OK;
}

/* Say on stderr what the counts leave out, so nothing goes unnoticed. */
static void warn_gaps(const struct sav_scan *s, const char *note)
{
	const struct sav_counts *u = &s->counts[s->unmapped];
	if (*note)
		fprintf(stderr, "manrs sav scan: %s\n", note);
	if (u->packets)
		fprintf(stderr,
		        "manrs sav scan: %llu of %llu packets came in on no known customer "
		        "(unmapped: only martian and bogon sources judged)\n",
		        (unsigned long long)u->packets, (unsigned long long)s->frames);
	if (s->off_full || s->list_full)
		fprintf(stderr, "manrs sav scan: out of memory: offenders or the packet list are "
		                "incomplete (the counts are not)\n");
}

static int scan(const struct opts *o, struct sav_filters *f)
{
	struct err e = {0};
	struct sav_binding *map = NULL;
	size_t nmap = 0;
	struct sav_scan s;
	int rc = EXIT_FINDINGS;
	if (o->map && sav_map_load(f, o->map, &map, &nmap, &e) < 0) {
		fprintf(stderr, "manrs sav scan: %s\n", e.msg);
		return EXIT_FINDINGS;
	}
	if (sav_scan_init(&s, f, map, nmap, o->list, &e) < 0) {
		fprintf(stderr, "manrs sav scan: %s\n", e.msg);
		goto out;
	}
	char note[256];
	int read_rc = sav_scan_file(&s, o->file, o->iface, note, &e);
	if (read_rc < 0 && !s.partial) { /* nothing was read */
		fprintf(stderr, "manrs sav scan: %s\n", e.msg);
		goto out;
	}
	if (read_rc < 0)
		fprintf(stderr, "manrs sav scan: %s\n", e.msg);
	warn_gaps(&s, note);
	struct sav_report_opts ro = {o->file, read_rc < 0 ? e.msg : NULL, o->top};
	if (o->json)
		sav_report_json(stdout, &s, &ro);
	else
		sav_report_text(stdout, &s, &ro);
	struct sav_counts t = sav_scan_total(&s);
	rc = read_rc < 0 || sav_report_spoofed(&t) ? EXIT_FINDINGS : EXIT_OK;
out:
	sav_scan_free(&s);
	free(map);
	return rc;
}

int sav_scan_main(int argc, char **argv)
{
	if (cmd_wants_help(argc, argv)) {
		fputs(USAGE, stdout);
		return EXIT_OK;
	}
	struct opts o = {0};
	int rc = parse_args(argc, argv, &o);
	if (rc != EXIT_OK)
		return rc;
	struct sav_filters f = {0};
	struct err e = {0};
	if (o.filters && sav_filters_load(&f, o.filters, &e) < 0) {
		fprintf(stderr, "manrs sav scan: %s\n", e.msg);
		return EXIT_FINDINGS;
	}
	rc = scan(&o, &f);
	sav_filters_free(&f);
	return rc;
}

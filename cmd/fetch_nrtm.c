/* SPDX-License-Identifier: ISC */
/* fetch_nrtm.c - 'manrs fetch nrtm': one NRTM v3 mirroring round of an IRR
 * source into an RPSL file (lib/fetch/nrtm.h). */
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/json_writer.h"
#include "fetch/fetch_config.h"
#include "fetch/nrtm.h"
#include "fetch_cmds.h"

static const char nrtm_usage[] =
    "usage: manrs fetch nrtm HOST:PORT SOURCE --db FILE [options]\n"
    "\n"
    "Mirror IRR source SOURCE from an NRTM v3 server (IRRd, RIPE) into the RPSL\n"
    "file FILE: ask for the journal after the last serial applied (kept in\n"
    "FILE.nrtm.json), apply its ADD/DEL operations, rewrite FILE atomically. When\n"
    "the server no longer has that range (%ERROR:401) or no serial is known, reload\n"
    "the whole source from --full-url and its --serial-url (CURRENTSERIAL).\n"
    "\n"
    "  --db FILE             the mirror (RPSL; read by manrs irr and the whois server)\n"
    "  --serial N            FILE already holds the source up to serial N (first run)\n"
    "  --full-url URL        dump for a full reload (plain or compressed RPSL)\n"
    "  --serial-url URL      the dump's serial (CURRENTSERIAL)\n"
    "  --timeout DURATION    per network step (default 5m)\n"
    "  --json                one JSON object on stdout\n"
    "Exit: 0 mirrored, 1 failed (FILE and its serial unchanged), 2 usage error.\n";

enum { OPT_DB = 256, OPT_SERIAL, OPT_FULL, OPT_SERIALURL, OPT_TIMEOUT, OPT_JSON };

static void print_json(const struct nrtm_mirror *m, const struct nrtm_result *r)
{
	struct json_writer w;

	json_writer_init_file(&w, stdout);
	json_begin_object(&w);
	json_key_string(&w, "source");
	json_str(&w, m->source);
	json_key_string(&w, "server");
	json_str(&w, m->hostport);
	json_key_string(&w, "db");
	json_str(&w, m->db);
	json_key_string(&w, "serial_before");
	json_u64(&w, r->serial_before);
	json_key_string(&w, "serial");
	json_u64(&w, r->serial_after);
	json_key_string(&w, "adds");
	json_u64(&w, r->adds);
	json_key_string(&w, "dels");
	json_u64(&w, r->dels);
	json_key_string(&w, "replaced");
	json_u64(&w, r->replaced);
	json_key_string(&w, "missing_dels");
	json_u64(&w, r->missing_del);
	json_key_string(&w, "objects");
	json_u64(&w, r->objects);
	json_key_string(&w, "full_reload");
	json_bool(&w, r->full_reload);
	json_key_string(&w, "reload_reason");
	if (r->full_reload)
		json_str(&w, r->reload_reason);
	else
		json_null_value(&w);
	json_end_object(&w);
	json_writer_finish(&w);
	fputc('\n', stdout);
}

static void print_text(const struct nrtm_mirror *m, const struct nrtm_result *r)
{
	printf("%s: serial %" PRIu64 " -> %" PRIu64 ": %zu adds, %zu dels, %zu objects in %s",
	       m->source, r->serial_before, r->serial_after, r->adds, r->dels, r->objects, m->db);
	if (r->full_reload)
		printf(" (full reload: %s)", r->reload_reason);
	putchar('\n');
}

static int parse_nrtm_args(int argc, char **argv, struct nrtm_mirror *m, bool *json)
{
	static const struct option lopts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"serial", required_argument, NULL, OPT_SERIAL},
	    {"full-url", required_argument, NULL, OPT_FULL},
	    {"serial-url", required_argument, NULL, OPT_SERIALURL},
	    {"timeout", required_argument, NULL, OPT_TIMEOUT},
	    {"json", no_argument, NULL, OPT_JSON},
	    {NULL, 0, NULL, 0}};
	char *end;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
		switch (c) {
		case OPT_DB:
			m->db = optarg;
			break;
		case OPT_FULL:
			m->full_url = optarg;
			break;
		case OPT_SERIALURL:
			m->serial_url = optarg;
			break;
		case OPT_JSON:
			*json = true;
			break;
		case OPT_SERIAL:
			m->start_serial = strtoull(optarg, &end, 10);
			if (end == optarg || *end || optarg[0] == '-')
				return cmd_usage_error("fetch nrtm", "--serial: a number");
			break;
		case OPT_TIMEOUT:
			if ((m->timeout = fetch_parse_duration(optarg)) <= 0)
				return cmd_usage_error("fetch nrtm", "--timeout: a duration");
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 2 || !m->db)
		return cmd_usage_error("fetch nrtm", "need HOST:PORT, SOURCE and --db FILE");
	if (!m->full_url != !m->serial_url)
		return cmd_usage_error("fetch nrtm", "--full-url and --serial-url go together");
	m->hostport = argv[optind];
	m->source = argv[optind + 1];
	return 0;
}

int fetch_nrtm_main(int argc, char **argv)
{
	struct nrtm_mirror m = {.timeout = 300};
	struct nrtm_result r;
	bool json = false;
	struct err e;
	int rc;

	if (cmd_wants_help(argc, argv)) {
		fputs(nrtm_usage, stdout);
		return EXIT_OK;
	}
	if ((rc = parse_nrtm_args(argc, argv, &m, &json)) != 0)
		return rc;
	if (nrtm_mirror_run(&m, &r, &e) < 0) {
		fprintf(stderr, "manrs fetch nrtm: %s %s: %s; %s unchanged\n", m.hostport, m.source,
		        e.msg, m.db);
		return EXIT_FINDINGS;
	}
	if (json)
		print_json(&m, &r);
	else
		print_text(&m, &r);
	return EXIT_OK;
}

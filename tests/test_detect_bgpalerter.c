/* SPDX-License-Identifier: ISC */
/* test_detect_bgpalerter.c - the alerts BGPalerter's monitorHijack,
 * monitorNewPrefix, monitorVisibility and monitorAS raise for the same
 * prefixes.yml, config.yml and RIS messages: peer thresholds,
 * ignoreMorespecifics, ignore, includeMonitors/excludeMonitors, AS_SET
 * origins, RPKI-valid announcements, fade-off and resolution.
 *
 * The configuration is the YAML below. While the config loader is not
 * linked in (h/mconf not merged: monitor_config_load is a stub) the test
 * builds the same configuration by hand; the expectations are the same. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "detect/pipeline.h"
#include "irr/irr_db.h"
#include "rpki/rov.h"
#include "rpki/rpki_set.h"

static const char prefixes_yml[] = "192.0.2.0/24:\n"
                                   "  description: web\n"
                                   "  asn: 64496\n"
                                   "  ignoreMorespecifics: false\n"
                                   "198.51.100.0/22:\n"
                                   "  description: aggregated\n"
                                   "  asn: 64497\n"
                                   "  ignoreMorespecifics: true\n"
                                   "203.0.113.0/24:\n"
                                   "  description: not ours any more\n"
                                   "  asn: 64498\n"
                                   "  ignoreMorespecifics: false\n"
                                   "  ignore: true\n"
                                   "10.0.0.0/8:\n"
                                   "  description: only newprefix\n"
                                   "  asn: 64499\n"
                                   "  ignoreMorespecifics: false\n"
                                   "  includeMonitors:\n"
                                   "    - prefix-detection\n"
                                   "172.16.0.0/12:\n"
                                   "  description: no hijack\n"
                                   "  asn: 64501\n"
                                   "  ignoreMorespecifics: false\n"
                                   "  excludeMonitors:\n"
                                   "    - basic-hijack-detection\n"
                                   "2001:db8::/32:\n"
                                   "  description: v6\n"
                                   "  asn:\n"
                                   "    - 64496\n"
                                   "    - 64497\n"
                                   "  ignoreMorespecifics: false\n"
                                   "options:\n"
                                   "  monitorASns:\n"
                                   "    '64496':\n"
                                   "      group: default\n";

static const char config_yml[] = "fadeOffSeconds: 60\n"
                                 "monitors:\n"
                                 "  - file: monitorHijack\n"
                                 "    channel: hijack\n"
                                 "    name: basic-hijack-detection\n"
                                 "    params:\n"
                                 "      thresholdMinPeers: 2\n"
                                 "  - file: monitorNewPrefix\n"
                                 "    channel: newprefix\n"
                                 "    name: prefix-detection\n"
                                 "    params:\n"
                                 "      thresholdMinPeers: 2\n"
                                 "  - file: monitorVisibility\n"
                                 "    channel: visibility\n"
                                 "    name: withdrawal-detection\n"
                                 "    params:\n"
                                 "      thresholdMinPeers: 3\n"
                                 "  - file: monitorAS\n"
                                 "    channel: misconfiguration\n"
                                 "    name: asn-monitor\n"
                                 "    params:\n"
                                 "      thresholdMinPeers: 3\n";

static struct prefix P(const char *s) {
	struct prefix p;
	struct err e;
	if (prefix_parse_host(s, &p, &e) != 0)
		fail_msg("%s", e.msg);
	return p;
}

/* The hand-built equivalent of the YAML above. */
struct handmade {
	struct monitor_config cfg;
	struct mon_prefix prefixes[6];
	struct mon_asn asns[1];
	struct mon_params monitors[4];
	uint32_t asn[7];
	char *include[1], *exclude[1];
};

static struct monitor_config *handmade_config(void)
{
	struct handmade *h = calloc(1, sizeof *h);
	uint32_t asn[7] = {64496, 64497, 64498, 64499, 64501, 64496, 64497};
	memcpy(h->asn, asn, sizeof asn);
	const char *pfx[6] = {"192.0.2.0/24", "198.51.100.0/22", "203.0.113.0/24",
	                      "10.0.0.0/8",   "172.16.0.0/12",   "2001:db8::/32"};
	const char *desc[6] = {"web",       "aggregated", "not ours any more", "only newprefix",
	                       "no hijack", "v6"};
	for (int i = 0; i < 6; i++) {
		h->prefixes[i].pfx = P(pfx[i]);
		h->prefixes[i].description = (char *)desc[i];
		h->prefixes[i].asns = &h->asn[i];
		h->prefixes[i].nasns = i == 5 ? 2 : 1;
	}
	h->prefixes[1].ignore_morespecifics = true;
	h->prefixes[2].ignore = true;
	h->include[0] = "prefix-detection";
	h->prefixes[3].include_monitors = h->include;
	h->prefixes[3].ninclude = 1;
	h->exclude[0] = "basic-hijack-detection";
	h->prefixes[4].exclude_monitors = h->exclude;
	h->prefixes[4].nexclude = 1;
	h->asns[0].asn = 64496;
	const char *names[4] = {"basic-hijack-detection", "prefix-detection",
	                        "withdrawal-detection", "asn-monitor"};
	const char *channels[4] = {"hijack", "newprefix", "visibility", "misconfiguration"};
	unsigned peers[4] = {2, 2, 3, 3};
	for (int i = 0; i < 4; i++) {
		struct mon_params *m = &h->monitors[i];
		snprintf(m->name, sizeof m->name, "%s", names[i]);
		snprintf(m->channel, sizeof m->channel, "%s", channels[i]);
		m->enabled = true;
		m->threshold_min_peers = peers[i];
		m->max_data_samples = 1000;
		m->fade_off_seconds = i == 2 ? 60 : 0;
		m->skip_valid = i == 0;
	}
	h->cfg.prefixes = h->prefixes;
	h->cfg.nprefixes = 6;
	h->cfg.asns = h->asns;
	h->cfg.nasns = 1;
	h->cfg.monitors = h->monitors;
	h->cfg.nmonitors = 4;
	return &h->cfg;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

#define MAXSEEN 128
struct world {
	struct monitor_config *cfg;
	bool handmade;
	struct rpki_set vrps;
	struct rov_index rov;
	struct irr_db *irr;
	struct pipeline *p;
	struct alert seen[MAXSEEN];
	size_t n;
};

static void record(void *arg, const struct alert *a)
{
	struct world *w = arg;
	assert_true(w->n < MAXSEEN);
	w->seen[w->n++] = *a;
}

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof *w);
	char dir[] = "/tmp/test_detect_XXXXXX", pyml[64], cyml[64];
	assert_non_null(mkdtemp(dir));
	snprintf(pyml, sizeof pyml, "%s/prefixes.yml", dir);
	snprintf(cyml, sizeof cyml, "%s/config.yml", dir);
	write_file(pyml, prefixes_yml);
	write_file(cyml, config_yml);
	struct err e;
	w->cfg = monitor_config_load(pyml, cyml, &e);
	if (!w->cfg) {
		if (!strstr(e.msg, "not built into"))
			fail_msg("%s", e.msg);
		w->cfg = handmade_config();
		w->handmade = true;
	}
	unlink(pyml);
	unlink(cyml);
	rmdir(dir);

	/* A ROA lets AS 64666 originate 192.0.2.0/24 (a DDoS scrubber). */
	rpki_set_init(&w->vrps);
	struct prefix p = P("192.0.2.0/24");
	struct vrp v = {.family = 4, .len = 24, .maxlen = 24, .asn = 64666};
	memcpy(v.addr, p.addr, 16);
	assert_int_equal(rpki_set_add_vrp(&w->vrps, &v), 0);
	rpki_set_finish(&w->vrps);
	assert_int_equal(rov_index_build(&w->rov, &w->vrps, &e), 0);

	/* The IRR has a stale route object for the hijacker's exact prefix. */
	static const char rpsl[] = "route: 192.0.2.0/24\norigin: AS64511\nsource: TEST\n";
	w->irr = irr_db_new();
	assert_non_null(w->irr);
	assert_int_equal(irr_db_load_buffer(w->irr, rpsl, sizeof rpsl - 1, "test", "TEST", &e), 0);
	assert_int_equal(irr_db_finish(w->irr, &e), 0);

	struct detect_ctx ctx = {.cfg = w->cfg, .rov = &w->rov, .irr = w->irr};
	const char *mine[] = {"hijack", "newprefix", "visibility", "misconfiguration", NULL};
	w->p = pipeline_new(&ctx, mine, record, w, &e);
	if (!w->p)
		fail_msg("%s", e.msg);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;
	pipeline_free(w->p);
	rov_index_free(&w->rov);
	irr_db_free(w->irr);
	rpki_set_free(&w->vrps);
	if (w->handmade)
		free(w->cfg); /* the config is the first member of struct handmade */
	else
		monitor_config_free(w->cfg);
	free(w);
	return 0;
}

/* A RIS Live announcement: peer 192.0.2.N / 2001:db8:ffff::N with AS
 * 65000+N, path "peer 3356 origin" (origin_set: a final AS_SET). */
static void announce_set(struct world *w, int n, const char *pfx, uint32_t origin,
                         const uint32_t *set, size_t nset, uint32_t time)
{
	char addr[64];
	snprintf(addr, sizeof addr, "100.127.0.%d", n);
	uint32_t path[8] = {65000u + n, 3356};
	size_t len = 2;
	if (origin)
		path[len++] = origin;
	for (size_t i = 0; i < nset; i++)
		path[len++] = set[i];
	struct route_event ev = {.type = ROUTE_EV_ANNOUNCE,
	                         .time = time,
	                         .source = "rrc00",
	                         .peer_as = 65000u + n,
	                         .peer_addr = P(addr),
	                         .pfx = P(pfx),
	                         .path = path,
	                         .path_len = len,
	                         .origin = origin,
	                         .origin_set = nset ? set : NULL,
	                         .origin_set_len = nset};
	struct err e;
	assert_int_equal(pipeline_feed(w->p, &ev, &e), 0);
}

static void announce(struct world *w, int n, const char *pfx, uint32_t origin, uint32_t time)
{
	announce_set(w, n, pfx, origin, NULL, 0, time);
}

static void withdraw(struct world *w, int n, const char *pfx, uint32_t time)
{
	char addr[64];
	snprintf(addr, sizeof addr, "100.127.0.%d", n);
	struct route_event ev = {.type = pfx ? ROUTE_EV_WITHDRAW : ROUTE_EV_PEER_DOWN,
	                         .time = time,
	                         .source = "rrc00",
	                         .peer_as = 65000u + n,
	                         .peer_addr = P(addr)};
	if (pfx)
		ev.pfx = P(pfx);
	struct err e;
	assert_int_equal(pipeline_feed(w->p, &ev, &e), 0);
}

static void peer_down(struct world *w, int n, uint32_t time)
{
	withdraw(w, n, NULL, time);
}

static const struct alert *last(struct world *w)
{
	assert_true(w->n > 0);
	return &w->seen[w->n - 1];
}

static void test_hijack_exact_needs_two_peers(void **state)
{
	struct world *w = *state;
	announce(w, 1, "192.0.2.0/24", 64511, 100);
	assert_int_equal(w->n, 0);
	announce(w, 2, "192.0.2.0/24", 64511, 101);
	assert_int_equal(w->n, 1);
	const struct alert *a = last(w);
	assert_string_equal(a->type, "hijack");
	assert_string_equal(a->code, "E|0|-|-");
	assert_string_equal(a->key, "hijack|192.0.2.0/24|64511");
	assert_int_equal(a->state, ALERT_OPEN);
	assert_int_equal(a->affected_as, 64496);
	assert_int_equal(a->offender_as, 64511);
	assert_int_equal(a->severity, ALERT_CRITICAL);
	assert_int_equal(a->rpki, ALERT_RPKI_INVALID);
	assert_int_equal(a->irr, ALERT_IRR_REGISTERED);
	assert_int_equal(a->npeers, 2);
	assert_string_equal(a->rule, "web");
	struct prefix mon = P("192.0.2.0/24");
	assert_true(prefix_equal(&a->monitored, &mon));
	assert_string_equal(
	    a->description,
	    "The prefix 192.0.2.0/24 (web) is announced by AS64511 instead of AS64496");
	/* Both peers go back to the right origin: resolved. */
	announce(w, 1, "192.0.2.0/24", 64496, 110);
	assert_int_equal(w->n, 1);
	announce(w, 2, "192.0.2.0/24", 64496, 111);
	assert_int_equal(w->n, 2);
	assert_int_equal(last(w)->state, ALERT_RESOLVED);
	assert_int_equal(last(w)->version, 2);
}

static void test_hijack_more_specific(void **state)
{
	struct world *w = *state;
	announce(w, 1, "192.0.2.128/25", 64511, 100);
	announce(w, 2, "192.0.2.128/25", 64511, 100);
	assert_int_equal(w->n, 1);
	assert_string_equal(last(w)->code, "S|0|-|-");
	assert_string_equal(last(w)->key, "hijack|192.0.2.128/25|64511");
	assert_int_equal(last(w)->irr, ALERT_IRR_UNREGISTERED);
	assert_string_equal(
	    last(w)->description,
	    "A new prefix 192.0.2.128/25 is announced by AS64511. It should be instead "
	    "192.0.2.0/24 (web) announced by AS64496");
}

static void test_hijack_ignore_rules(void **state)
{
	struct world *w = *state;
	for (int n = 1; n <= 4; n++) {
		announce(w, n, "198.51.100.0/24", 64511, 100); /* ignoreMorespecifics */
		announce(w, n, "203.0.113.0/24", 64511, 100);  /* ignore */
		announce(w, n, "203.0.113.0/25", 64511, 100);  /* under ignore */
		announce(w, n, "10.0.0.0/8", 64511, 100);      /* includeMonitors: newprefix only */
		announce(w, n, "172.16.0.0/12", 64511, 100);   /* excludeMonitors: hijack */
		announce(w, n, "2001:db8::/32", 64497, 100);   /* an allowed origin */
	}
	assert_int_equal(w->n, 0);
	/* The exact prefix under ignoreMorespecifics is still watched. */
	announce(w, 1, "198.51.100.0/22", 64511, 101);
	announce(w, 2, "198.51.100.0/22", 64511, 101);
	assert_int_equal(w->n, 1);
	assert_string_equal(last(w)->key, "hijack|198.51.100.0/22|64511");
}

static void test_hijack_as_set_origin(void **state)
{
	struct world *w = *state;
	uint32_t ok[] = {64496, 64497}, bad[] = {64496, 64511};
	announce_set(w, 1, "2001:db8::/48", 0, ok, 2, 100);
	announce_set(w, 2, "2001:db8::/48", 0, ok, 2, 100);
	/* all members allowed: no hijack (newprefix needs a plain origin) */
	assert_int_equal(w->n, 0);
	announce_set(w, 1, "2001:db8::/32", 0, bad, 2, 101);
	announce_set(w, 2, "2001:db8::/32", 0, bad, 2, 101);
	assert_int_equal(w->n, 1);
	assert_string_equal(last(w)->key, "hijack|2001:db8::/32|64511");
	assert_string_equal(last(w)->code, "E|0|-|-");
}

static void test_hijack_rpki_valid_is_skipped(void **state)
{
	struct world *w = *state;
	for (int n = 1; n <= 3; n++)
		announce(w, n, "192.0.2.0/24", 64666, 100); /* a ROA authorises 64666 */
	assert_int_equal(w->n, 0);
}

static void test_newprefix(void **state)
{
	struct world *w = *state;
	announce(w, 1, "192.0.2.0/25", 64496, 100);
	assert_int_equal(w->n, 0);
	announce(w, 2, "192.0.2.0/25", 64496, 100);
	assert_int_equal(w->n, 1);
	const struct alert *a = last(w);
	assert_string_equal(a->type, "newprefix");
	assert_string_equal(a->key, "newprefix|192.0.2.0/25|64496");
	assert_string_equal(
	    a->description,
	    "Possible change of configuration. A new prefix 192.0.2.0/25 is announced "
	    "by AS64496. It is a more specific of 192.0.2.0/24 (web).");
	/* Not under ignoreMorespecifics, not the exact prefix; includeMonitors
	 * lets newprefix see 10.0.0.0/8. */
	for (int n = 1; n <= 3; n++) {
		announce(w, n, "198.51.100.0/24", 64497, 101);
		announce(w, n, "192.0.2.0/24", 64496, 101);
	}
	assert_int_equal(w->n, 1);
	announce(w, 1, "10.1.0.0/16", 64499, 102);
	announce(w, 2, "10.1.0.0/16", 64499, 102);
	assert_int_equal(w->n, 2);
	assert_string_equal(last(w)->key, "newprefix|10.1.0.0/16|64499");
}

static void test_visibility_fade_off(void **state)
{
	struct world *w = *state;
	for (int n = 1; n <= 4; n++)
		announce(w, n, "192.0.2.0/24", 64496, 0);
	withdraw(w, 1, "192.0.2.0/24", 10);
	withdraw(w, 2, "192.0.2.0/24", 10);
	withdraw(w, 3, "192.0.2.0/24", 11);
	assert_int_equal(w->n, 0); /* three peers: threshold met, fade-off running */
	pipeline_tick(w->p, 70);
	assert_int_equal(w->n, 0);
	pipeline_tick(w->p, 71);
	assert_int_equal(w->n, 1);
	const struct alert *a = last(w);
	assert_string_equal(a->type, "visibility");
	assert_string_equal(a->key, "visibility|192.0.2.0/24|0");
	assert_int_equal(a->npeers, 3);
	assert_int_equal(a->offender_as, 0);
	assert_int_equal(a->affected_as, 64496);
	/* Visible again everywhere: resolved. */
	announce(w, 1, "192.0.2.0/24", 64496, 80);
	announce(w, 2, "192.0.2.0/24", 64496, 80);
	assert_int_equal(w->n, 1);
	announce(w, 3, "192.0.2.0/24", 64496, 81);
	assert_int_equal(w->n, 2);
	assert_int_equal(last(w)->state, ALERT_RESOLVED);

	/* Withdrawn and back within fadeOffSeconds: no alert. */
	withdraw(w, 1, "192.0.2.0/24", 100);
	withdraw(w, 2, "192.0.2.0/24", 100);
	withdraw(w, 3, "192.0.2.0/24", 100);
	announce(w, 3, "192.0.2.0/24", 64496, 130);
	pipeline_tick(w->p, 400);
	assert_int_equal(w->n, 2);
}

static void test_visibility_exact_only_and_peer_down(void **state)
{
	struct world *w = *state;
	for (int n = 1; n <= 4; n++) {
		announce(w, n, "192.0.2.0/25", 64496, 0);
		announce(w, n, "203.0.113.0/24", 64498, 0);
		announce(w, n, "2001:db8::/32", 64497, 0);
	}
	for (int n = 1; n <= 4; n++) {
		withdraw(w, n, "192.0.2.0/25", 10);   /* a more specific */
		withdraw(w, n, "203.0.113.0/24", 10); /* ignored */
	}
	pipeline_tick(w->p, 1000);
	/* two newprefix alerts for 192.0.2.0/25 opened and resolved, nothing else */
	for (size_t i = 0; i < w->n; i++)
		assert_string_equal(w->seen[i].type, "newprefix");
	size_t before = w->n;
	/* Three peers' sessions drop: they no longer see 2001:db8::/32. */
	peer_down(w, 1, 1001);
	peer_down(w, 2, 1001);
	peer_down(w, 3, 1001);
	pipeline_tick(w->p, 1061);
	assert_int_equal(w->n, before + 1);
	assert_string_equal(last(w)->key, "visibility|2001:db8::/32|0");
}

static void test_misconfiguration(void **state)
{
	struct world *w = *state;
	announce(w, 1, "100.64.0.0/24", 64496, 100);
	announce(w, 2, "100.64.0.0/24", 64496, 100);
	assert_int_equal(w->n, 0); /* thresholdMinPeers 3 */
	announce(w, 3, "100.64.0.0/24", 64496, 100);
	assert_int_equal(w->n, 1);
	const struct alert *a = last(w);
	assert_string_equal(a->type, "misconfiguration");
	assert_string_equal(a->key, "misconfiguration|100.64.0.0/24|64496");
	assert_string_equal(a->description,
	                    "AS64496 is announcing 100.64.0.0/24 but this prefix is "
	                    "not in the configured list of announced prefixes");
	/* Configured prefixes (also under ignoreMorespecifics and ignore), and
	 * ASes not in monitorASns, do not alert. */
	for (int n = 1; n <= 4; n++) {
		announce(w, n, "192.0.2.0/24", 64496, 101);
		announce(w, n, "198.51.100.0/24", 64496, 101);
		announce(w, n, "203.0.113.0/24", 64496, 101);
		announce(w, n, "100.64.1.0/24", 64497, 101);
	}
	for (size_t i = 1; i < w->n; i++)
		assert_string_not_equal(w->seen[i].type, "misconfiguration");
}

/* A config.yml that lists only monitorHijack: newprefix raises nothing, as
 * in BGPalerter, whether all detectors run or it is named. */
static void test_unlisted_monitor_does_not_run(void **state)
{
	static const char only_hijack[] = "monitors:\n"
	                                  "  - file: monitorHijack\n"
	                                  "    channel: hijack\n"
	                                  "    name: basic-hijack-detection\n"
	                                  "    params:\n"
	                                  "      thresholdMinPeers: 1\n";
	struct err e;
	struct monitor_config *cfg =
	    monitor_config_load_buffer(prefixes_yml, sizeof prefixes_yml - 1, "prefixes.yml",
	                               only_hijack, sizeof only_hijack - 1, "config.yml", &e);
	if (!cfg)
		fail_msg("%s", e.msg);
	struct world w = {.cfg = cfg};
	struct detect_ctx ctx = {.cfg = cfg};
	const char *named[] = {"newprefix", NULL};
	for (int pass = 0; pass < 2; pass++) {
		w.n = 0;
		w.p = pipeline_new(&ctx, pass ? named : NULL, record, &w, &e);
		if (!w.p)
			fail_msg("%s", e.msg);
		for (int n = 1; n <= 3; n++)
			announce(&w, n, "192.0.2.0/25", 64496, 100);
		assert_int_equal(w.n, 0);
		pipeline_free(w.p);
	}
	monitor_config_free(cfg);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_hijack_exact_needs_two_peers),
	    T(test_hijack_more_specific),
	    T(test_hijack_ignore_rules),
	    T(test_hijack_as_set_origin),
	    T(test_hijack_rpki_valid_is_skipped),
	    T(test_newprefix),
	    T(test_visibility_fade_off),
	    T(test_visibility_exact_only_and_peer_down),
	    T(test_misconfiguration),
	    cmocka_unit_test(test_unlisted_monitor_does_not_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

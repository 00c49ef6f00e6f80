/* SPDX-License-Identifier: ISC */
/* test_monitor_config.c - BGPalerter's prefixes.yml and config.yml as the
 * monitor reads them: every key of real-looking files, BGPalerter's
 * defaults, the longest-match lookups, path rules, and every error with
 * its file, line and column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "detect/monitor_config.h"

#define DATA "tests/data/monitor/"

static struct monitor_config *load_files(void)
{
	struct err e;
	struct monitor_config *c = monitor_config_load(DATA "prefixes.yml", DATA "config.yml", &e);
	if (!c)
		fail_msg("%s", e.msg);
	return c;
}

static struct prefix pfx(const char *s)
{
	struct prefix p;
	struct err e;
	if (prefix_parse(s, &p, &e) < 0)
		fail_msg("%s", e.msg);
	return p;
}

static const struct mon_prefix *entry(const struct monitor_config *c, const char *s)
{
	struct prefix p = pfx(s);
	const struct mon_prefix *m = monitor_config_match(c, &p);
	assert_non_null(m);
	assert_true(prefix_equal(&m->pfx, &p));
	return m;
}

static void test_prefix_entry_every_key(void **state)
{
	(void)state;
	struct monitor_config *c = load_files();
	assert_int_equal(c->nprefixes, 5);
	const struct mon_prefix *m = entry(c, "192.0.2.0/24");
	assert_string_equal(m->description, "Amsterdam PoP");
	assert_int_equal(m->nasns, 1);
	assert_int_equal(m->asns[0], 64496);
	assert_false(m->ignore_morespecifics);
	assert_false(m->ignore);
	assert_int_equal(m->ngroups, 1);
	assert_string_equal(m->groups[0], "noc");
	assert_int_equal(m->nexclude, 1);
	assert_string_equal(m->exclude_monitors[0], "withdrawal-detection");
	assert_int_equal(m->ninclude, 0);
	assert_int_equal(m->npaths, 1);
	assert_string_equal(m->paths[0].match, ".*64511,64496$");
	assert_string_equal(m->paths[0].not_match, ".*65551.*");
	assert_string_equal(m->paths[0].description, "detected scrubbing center");
	assert_int_equal(m->paths[0].max_length, 128);
	assert_int_equal(m->paths[0].min_length, 2);
	assert_int_equal(m->line, 3);
	monitor_config_free(c);
}

static void test_asn_lists_groups_and_defaults(void **state)
{
	(void)state;
	struct monitor_config *c = load_files();
	const struct mon_prefix *m = entry(c, "192.0.2.128/25");
	assert_int_equal(m->nasns, 2);
	assert_true(mon_prefix_allows(m, 64497));
	assert_true(mon_prefix_allows(m, 64498));
	assert_false(mon_prefix_allows(m, 64496));
	assert_true(m->ignore_morespecifics);
	assert_true(m->ignore);
	assert_string_equal(m->groups[0], "default"); /* absent: BGPalerter's default */

	m = entry(c, "198.51.100.0/24");
	assert_string_equal(m->description, "42"); /* a number is a description too */
	assert_int_equal(m->asns[0], 64496);       /* "64496" as a string */
	assert_int_equal(m->ngroups, 2);
	assert_string_equal(m->groups[1], "peering");
	assert_int_equal(m->ninclude, 2);
	assert_int_equal(m->npaths, 2);
	assert_int_equal(m->paths[0].max_length, -1);
	assert_int_equal(m->paths[1].max_length, 6);

	m = entry(c, "2001:db8::/32");
	assert_string_equal(m->groups[0], "default"); /* group: null */
	m = entry(c, "2001:db8:1000::/36");
	assert_string_equal(m->description, "No description provided (valid ROA available)");
	monitor_config_free(c);
}

static void test_monitor_asns(void **state)
{
	(void)state;
	struct monitor_config *c = load_files();
	assert_int_equal(c->nasns, 3);
	const struct mon_asn *a = monitor_config_asn(c, 64496);
	assert_non_null(a);
	assert_string_equal(a->groups[0], "noc");
	assert_true(a->has_upstreams);
	assert_int_equal(a->nupstreams, 2);
	assert_int_equal(a->upstreams[1], 64510);
	assert_true(a->has_downstreams); /* [] : a stub, every downstream alerts */
	assert_int_equal(a->ndownstreams, 0);
	a = monitor_config_asn(c, 64497);
	assert_non_null(a);
	assert_int_equal(a->ngroups, 2);
	assert_false(a->has_upstreams); /* null, as BGPalerter writes "not given" */
	assert_false(a->has_downstreams);
	a = monitor_config_asn(c, 64498); /* "64498:" with nothing under it */
	assert_non_null(a);
	assert_string_equal(a->groups[0], "default");
	assert_null(monitor_config_asn(c, 64499));
	monitor_config_free(c);
}

static void test_config_yml_monitors(void **state)
{
	(void)state;
	struct monitor_config *c = load_files();
	const struct mon_params *p = monitor_config_params(c, "hijack");
	assert_non_null(p);
	assert_true(p->enabled);
	assert_string_equal(p->name, "basic-hijack-detection");
	assert_int_equal(p->threshold_min_peers, 2);
	assert_int_equal(p->max_data_samples, 50);
	assert_int_equal(p->fade_off_seconds, 600); /* config.yml's global */
	assert_true(p->skip_valid);
	p = monitor_config_params(c, "newprefix");
	assert_true(p->enabled);
	assert_int_equal(p->threshold_min_peers, 5);
	assert_int_equal(p->max_data_samples, 1000);
	p = monitor_config_params(c, "visibility");
	assert_int_equal(p->threshold_min_peers, 10);
	p = monitor_config_params(c, "rpki");
	assert_true(p->check_uncovered);
	assert_true(p->check_disappearing);
	p = monitor_config_params(c, "roa");
	assert_true(p->enable_diff_alerts);
	assert_false(p->enable_expiration_alerts);
	assert_int_equal(p->roa_expiration_alert_hours, 4);
	assert_false(p->check_only_asns);
	p = monitor_config_params(c, "path-neighbors");
	assert_int_equal(p->threshold_min_peers, 4);
	p = monitor_config_params(c, "misconfiguration"); /* monitorAS not listed: off */
	assert_false(p->enabled);
	assert_int_equal(p->threshold_min_peers, 3);
	assert_true(monitor_config_params(c, "leak")->enabled); /* manrs-only: stays on */
	assert_int_equal(c->notification_interval_seconds, 3600);
	assert_false(c->alert_only_once);
	monitor_config_free(c);
}

static bool has_note(const struct monitor_config *c, const char *a, const char *b)
{
	for (size_t i = 0; i < c->nnotes; i++)
		if (strstr(c->notes[i], a) && (!b || strstr(c->notes[i], b)))
			return true;
	return false;
}

static void test_unused_sections_are_noted_once(void **state)
{
	(void)state;
	struct monitor_config *c = load_files();
	assert_true(has_note(c, "not used by manrs, ignored: connectors, reports", "logging"));
	assert_true(has_note(c, "monitorSwUpdates", "config.yml:"));
	assert_true(has_note(c, "vrpProvider", NULL));
	assert_true(has_note(c, "enableExpirationCheckTA", NULL));
	size_t sections = 0;
	for (size_t i = 0; i < c->nnotes; i++)
		sections += strstr(c->notes[i], "not used by manrs") != NULL;
	assert_int_equal(sections, 1);
	monitor_config_free(c);
}

static void test_defaults_without_config_yml(void **state)
{
	(void)state;
	struct err e;
	struct monitor_config *c = monitor_config_load(DATA "prefixes.yml", NULL, &e);
	assert_non_null(c);
	/* BGPalerter's config.yml.example */
	assert_int_equal(monitor_config_params(c, "hijack")->threshold_min_peers, 3);
	assert_int_equal(monitor_config_params(c, "path")->threshold_min_peers, 1);
	assert_int_equal(monitor_config_params(c, "visibility")->threshold_min_peers, 40);
	assert_int_equal(monitor_config_params(c, "misconfiguration")->threshold_min_peers, 3);
	assert_int_equal(monitor_config_params(c, "rpki")->threshold_min_peers, 3);
	assert_false(monitor_config_params(c, "rpki")->check_uncovered);
	assert_false(monitor_config_params(c, "rpki")->check_disappearing);
	assert_int_equal(monitor_config_params(c, "path-neighbors")->threshold_min_peers, 3);
	assert_false(monitor_config_params(c, "newprefix")->enabled); /* commented out there */
	assert_true(monitor_config_params(c, "misconfiguration")->enabled);
	assert_int_equal(monitor_config_params(c, "visibility")->fade_off_seconds, 360);
	assert_int_equal(monitor_config_params(c, "hijack")->max_data_samples, 1000);
	assert_string_equal(monitor_config_params(c, "visibility")->name, "withdrawal-detection");
	assert_null(monitor_config_params(c, "no-such-channel"));
	monitor_config_free(c);
}

static void test_global_mode(void **state)
{
	(void)state;
	struct err e;
	struct monitor_config *c = monitor_config_global(&e);
	assert_non_null(c);
	assert_int_equal(c->nprefixes, 0);
	assert_int_equal(c->nasns, 0);
	struct prefix p = pfx("192.0.2.0/24");
	assert_null(monitor_config_match(c, &p));
	assert_null(monitor_config_asn(c, 64496));
	assert_true(monitor_config_params(c, "moas")->enabled);
	assert_int_equal(monitor_config_params(c, "hijack")->threshold_min_peers, 3);
	monitor_config_free(c);
	monitor_config_free(NULL);
}

/* Global mode takes config.yml's parameters too: no prefixes.yml. */
static void test_global_mode_with_config(void **state)
{
	(void)state;
	static const char config[] = "notificationIntervalSeconds: 60\n"
	                             "alertOnlyOnce: true\n";
	struct err e;
	struct monitor_config *c =
	    monitor_config_load_buffer(NULL, 0, NULL, config, sizeof config - 1, "g.yml", &e);
	if (!c)
		fail_msg("%s", e.msg);
	assert_int_equal(c->nprefixes, 0);
	assert_int_equal(c->notification_interval_seconds, 60);
	assert_true(c->alert_only_once);
	assert_true(monitor_config_params(c, "moas")->enabled);
	struct prefix p = pfx("192.0.2.0/24");
	assert_null(monitor_config_match(c, &p));
	monitor_config_free(c);
	static const char bad[] = "notificationIntervalSeconds: soon\n";
	assert_null(monitor_config_load_buffer(NULL, 0, NULL, bad, sizeof bad - 1, "g.yml", &e));
	assert_non_null(strstr(e.msg, "g.yml:1"));
}

static void test_longest_match_and_lookup(void **state)
{
	(void)state;
	struct monitor_config *c = load_files();
	struct prefix p = pfx("192.0.2.64/26");
	const struct mon_prefix *m = monitor_config_match(c, &p);
	assert_non_null(m);
	assert_string_equal(m->description, "Amsterdam PoP");
	p = pfx("192.0.2.192/27"); /* under the ignored /25 */
	m = monitor_config_match(c, &p);
	assert_true(m->ignore);
	assert_null(monitor_config_lookup(c, &p, NULL)); /* ignoreMorespecifics */
	p = pfx("192.0.2.128/25");
	assert_non_null(monitor_config_lookup(c, &p, NULL)); /* the entry itself */
	p = pfx("192.0.2.0/24");
	assert_null(monitor_config_lookup(c, &p, "withdrawal-detection")); /* excluded */
	assert_non_null(monitor_config_lookup(c, &p, "basic-hijack-detection"));
	p = pfx("198.51.100.0/25");
	assert_non_null(monitor_config_lookup(c, &p, "path-matching")); /* included */
	assert_null(monitor_config_lookup(c, &p, "withdrawal-detection"));
	p = pfx("2001:db8:8234::/48");
	assert_string_equal(monitor_config_match(c, &p)->description, "IPv6 aggregate");
	p = pfx("2001:db8:1000:1::/64");
	assert_int_equal(monitor_config_match(c, &p)->pfx.len, 36);
	p = pfx("203.0.113.0/24");
	assert_null(monitor_config_match(c, &p));
	p = pfx("192.0.0.0/16"); /* a less-specific is not covered */
	assert_null(monitor_config_match(c, &p));
	monitor_config_free(c);
}

static void test_lookup_table_and_trie_agree(void **state)
{
	(void)state;
	static const char doc[] =
	    "10.0.0.0/8: {description: a, asn: 1, ignoreMorespecifics: false}\n"
	    "10.1.0.0/16: {description: b, asn: 2, ignoreMorespecifics: false}\n"
	    "10.1.2.0/24: {description: c, asn: 3, ignoreMorespecifics: false}\n"
	    "10.2.0.0/15: {description: d, asn: 4, ignoreMorespecifics: false}\n"
	    "0.0.0.0/0: {description: e, asn: 5, ignoreMorespecifics: true}\n";
	static const struct {
		const char *route, *want;
	} cases[] = {
	    {"10.0.5.0/24", "a"}, {"10.1.5.0/24", "b"},  {"10.1.2.128/25", "c"},
	    {"10.3.0.0/16", "d"}, {"10.0.0.0/12", "a"},  {"10.1.0.0/16", "b"},
	    {"11.0.0.0/16", "e"}, {"9.255.0.0/16", "e"}, {"10.2.255.255/32", "d"},
	    {"10.1.2.0/23", "b"},
	};
	struct err e;
	struct monitor_config *c =
	    monitor_config_load_buffer(doc, strlen(doc), "t.yml", NULL, 0, NULL, &e);
	if (!c)
		fail_msg("%s", e.msg);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct prefix p = pfx(cases[i].route);
		const struct mon_prefix *m = monitor_config_match(c, &p);
		if (!m || strcmp(m->description, cases[i].want))
			fail_msg("%s: got %s, want %s", cases[i].route, m ? m->description : "none",
			         cases[i].want);
	}
	struct prefix p = pfx("11.0.0.0/16");
	assert_null(monitor_config_lookup(c, &p, NULL)); /* under 0/0's ignoreMorespecifics */
	monitor_config_free(c);
}

static void test_path_rules(void **state)
{
	(void)state;
	struct monitor_config *c = load_files();
	const struct mon_path_rule *r = &entry(c, "192.0.2.0/24")->paths[0];
	uint32_t hit[] = {64500, 64511, 64496};
	uint32_t avoided[] = {65551, 64511, 64496};
	uint32_t other[] = {64500, 64496};
	assert_false(mon_path_rule_matches(r, hit, 3)); /* matches, but the lengths hold */
	assert_false(mon_path_rule_matches(r, avoided, 3));
	const struct mon_prefix *m = entry(c, "198.51.100.0/24");
	assert_true(mon_path_rule_matches(&m->paths[0], hit, 3)); /* "(,|^)64500(,|$)" */
	assert_false(mon_path_rule_matches(&m->paths[0], other + 1, 1));
	uint32_t via[] = {64501, 64500, 64496};
	uint32_t near[] = {64501, 645000, 64496};
	assert_true(mon_path_rule_matches(&m->paths[0], via, 3));
	assert_false(mon_path_rule_matches(&m->paths[0], near, 3));
	/* '\d+,64499$' with notMatch '^(?:64501|64502),' and maxLength 6 */
	uint32_t long_path[] = {64503, 1, 2, 3, 4, 5, 64499};
	uint32_t short_path[] = {64503, 64499};
	uint32_t excluded[] = {64501, 1, 2, 3, 4, 5, 64499};
	assert_true(mon_path_rule_matches(&m->paths[1], long_path, 7));
	assert_false(mon_path_rule_matches(&m->paths[1], short_path, 2));
	assert_false(mon_path_rule_matches(&m->paths[1], excluded, 7));
	monitor_config_free(c);
}

static void test_path_rule_lengths_and_regexes(void **state)
{
	(void)state;
	static const char doc[] = "192.0.2.0/24:\n"
	                          "  description: x\n"
	                          "  asn: 64496\n"
	                          "  ignoreMorespecifics: false\n"
	                          "  path:\n"
	                          "    - match: \"64511,64496$\"\n"
	                          "      matchDescription: upstream 64511\n"
	                          "    - notMatch: \"^64500,\"\n"
	                          "      matchDescription: not via 64500\n"
	                          "    - minLength: 3\n"
	                          "      matchDescription: too short\n";
	struct err e;
	struct monitor_config *c =
	    monitor_config_load_buffer(doc, strlen(doc), "p.yml", NULL, 0, NULL, &e);
	if (!c)
		fail_msg("%s", e.msg);
	const struct mon_prefix *m = entry(c, "192.0.2.0/24");
	uint32_t a[] = {64500, 64511, 64496}, b[] = {64499, 64496}, d[] = {64511, 64496};
	assert_true(mon_path_rule_matches(&m->paths[0], a, 3));
	assert_true(mon_path_rule_matches(&m->paths[0], d, 2));
	assert_false(mon_path_rule_matches(&m->paths[0], b, 2));
	assert_false(mon_path_rule_matches(&m->paths[1], a, 3));
	assert_true(mon_path_rule_matches(&m->paths[1], b, 2));
	assert_true(mon_path_rule_matches(&m->paths[2], b, 2)); /* minLength alone */
	assert_false(mon_path_rule_matches(&m->paths[2], a, 3));
	monitor_config_free(c);
}

static void test_regex_translation(void **state)
{
	(void)state;
	char out[128];
	const char *why;
	assert_int_equal(mon_regex_translate("\\d+,64496$", out, sizeof out, &why), 0);
	assert_string_equal(out, "[0-9]+,64496$");
	assert_int_equal(mon_regex_translate("^(?:1|2),[\\d,]+", out, sizeof out, &why), 0);
	assert_string_equal(out, "^(1|2),[0-9,]+");
	assert_int_equal(mon_regex_translate(".*?64496$", out, sizeof out, &why), 0);
	assert_string_equal(out, ".*64496$");
	assert_int_equal(mon_regex_translate("\\[789,101112\\]", out, sizeof out, &why), 0);
	assert_string_equal(out, "\\[789,101112\\]");
	assert_int_equal(mon_regex_translate("(?=.*1)(?=.*2)", out, sizeof out, &why), -1);
	assert_non_null(strstr(why, "lookaround"));
	assert_int_equal(mon_regex_translate("\\u0041", out, sizeof out, &why), -1);
	assert_int_equal(mon_regex_translate("[12", out, sizeof out, &why), -1);
	assert_int_equal(mon_regex_translate("abc\\", out, sizeof out, &why), -1);
	assert_int_equal(mon_regex_translate("a++", out, sizeof out, &why), -1);
	assert_non_null(strstr(why, "nothing to repeat"));
	assert_int_equal(mon_regex_translate("1{2}{3}", out, sizeof out, &why), -1);
	assert_int_equal(mon_regex_translate("((1{20}){20}){20}", out, sizeof out, &why), -1);
	assert_non_null(strstr(why, "1000"));
	assert_int_equal(
	    mon_regex_translate("((((((((((1)+)+)+)+)+)+)+)+)+)+", out, sizeof out, &why), -1);
	assert_int_equal(mon_regex_translate("^(\\d+,){2,5}?64496$", out, sizeof out, &why), 0);
	assert_string_equal(out, "^([0-9]+,){2,5}64496$");
	assert_int_equal(mon_regex_translate("a{b", out, sizeof out, &why), 0);
	assert_string_equal(out, "a\\{b");
	/* a class closes at its first ] as in JavaScript: what follows is
	 * outside it (found by fuzz_monitor_yaml: "[] x [] a+++" was read as one
	 * class and glibc compiled the stacked + into gigabytes) */
	assert_int_equal(mon_regex_translate("[] x [] a+++", out, sizeof out, &why), -1);
	assert_non_null(strstr(why, "empty class"));
	assert_int_equal(mon_regex_translate("[^]", out, sizeof out, &why), -1);
	assert_int_equal(mon_regex_translate("[1[]+", out, sizeof out, &why), 0);
	assert_string_equal(out, "[1[]+");
	assert_int_equal(mon_regex_translate("[1[]++", out, sizeof out, &why), -1);
	assert_int_equal(mon_regex_translate("[[:digit:]]", out, sizeof out, &why), -1);
	assert_int_equal(mon_regex_translate("^(1,2", out, sizeof out, &why), -1);
	assert_non_null(strstr(why, "unmatched ("));
	char small[4];
	assert_int_equal(mon_regex_translate("12345", small, sizeof small, &why), -1);
}

static void test_path_format(void **state)
{
	(void)state;
	uint32_t path[] = {1, 4294967295u, 64496};
	char buf[64], tiny[5];
	assert_int_equal(mon_path_format(path, 3, buf, sizeof buf), strlen("1,4294967295,64496"));
	assert_string_equal(buf, "1,4294967295,64496");
	assert_int_equal(mon_path_format(path, 3, tiny, sizeof tiny), 18);
	assert_string_equal(tiny, "1");
	assert_int_equal(mon_path_format(path, 0, buf, sizeof buf), 0);
	assert_string_equal(buf, "");
}

/* doc must be refused with "name:line:col: " and a message holding needle. */
static void reject(const char *doc, const char *cfg, const char *where, const char *needle)
{
	struct err e;
	struct monitor_config *c = monitor_config_load_buffer(
	    doc, strlen(doc), "prefixes.yml", cfg, cfg ? strlen(cfg) : 0, "config.yml", &e);
	if (c) {
		monitor_config_free(c);
		fail_msg("accepted, expected '%s' at %s", needle, where);
	}
	if (strncmp(e.msg, where, strlen(where)) != 0 || !strstr(e.msg, needle))
		fail_msg("message '%s' lacks '%s' or '%s'", e.msg, where, needle);
}

#define ENTRY(extra)                                                                               \
	"192.0.2.0/24:\n  description: x\n  asn: 64496\n  ignoreMorespecifics: false\n" extra

static const char ok_prefixes[] = ENTRY("");

static void test_prefix_errors(void **state)
{
	(void)state;
	reject("", NULL, "prefixes.yml:1:1: ", "no prefixes");
	reject("- a\n- b\n", NULL, "prefixes.yml:1:1: ", "expected a mapping");
	reject("192.0.2.0/24: [\n", NULL, "prefixes.yml:2:1: ", "YAML syntax error");
	reject("a: 1\n---\nb: 2\n", NULL, "prefixes.yml:2:1: ", "second YAML document");
	reject(ENTRY("  ignoreMoreSpecifics: true\n"), NULL,
	       "prefixes.yml:5:3: ", "unknown key 'ignoreMoreSpecifics'");
	reject(ENTRY("  asn: 1\n"), NULL, "prefixes.yml:5:3: ", "duplicate key 'asn'");
	reject("192.0.2.1/24:\n  description: x\n", NULL,
	       "prefixes.yml:1:1: ", "'192.0.2.1/24' is not a valid prefix");
	reject("192.0.2.0/33:\n  description: x\n", NULL,
	       "prefixes.yml:1:1: ", "not a valid prefix");
	reject("192.0.2.0/24:\n  description: x\n  ignoreMorespecifics: false\n", NULL,
	       "prefixes.yml:2:3: ", "'asn' is missing");
	reject("192.0.2.0/24:\n  asn: 1\n  ignoreMorespecifics: false\n", NULL,
	       "prefixes.yml:2:3: ", "'description' is missing");
	reject("192.0.2.0/24:\n  asn: 1\n  description: x\n", NULL,
	       "prefixes.yml:2:3: ", "'ignoreMorespecifics' is missing");
	reject("192.0.2.0/24:\n  description: x\n  asn: AS64496\n  ignoreMorespecifics: false\n",
	       NULL, "prefixes.yml:3:8: ", "'AS64496' is not an AS number");
	reject("192.0.2.0/24:\n  description: x\n  asn: 4294967296\n  ignoreMorespecifics: false\n",
	       NULL, "prefixes.yml:3:8: ", "not an AS number");
	reject("192.0.2.0/24:\n  description: x\n  asn: [1, 2, 1]\n  ignoreMorespecifics: false\n",
	       NULL, "prefixes.yml:3:15: ", "AS1 is listed twice");
	reject("192.0.2.0/24:\n  description: x\n  asn: []\n  ignoreMorespecifics: false\n", NULL,
	       "prefixes.yml:3:8: ", "the list is empty");
	reject("192.0.2.0/24:\n  description: x\n  asn: 1\n  ignoreMorespecifics: \"false\"\n",
	       NULL, "prefixes.yml:4:24: ", "expected true or false, got string 'false'");
	reject("192.0.2.0/24:\n  description: true\n  asn: 1\n  ignoreMorespecifics: false\n", NULL,
	       "prefixes.yml:2:16: ", "description: expected a string, got boolean");
	reject(ENTRY("  ignore: 1\n"), NULL, "prefixes.yml:5:11: ", "expected true or false");
	reject(ENTRY("  group: {a: 1}\n"), NULL, "prefixes.yml:5:10: ", "expected a string");
	reject(ENTRY("  includeMonitors: [a]\n  excludeMonitors: [b]\n"), NULL,
	       "prefixes.yml:6:20: ", "only one of includeMonitors and excludeMonitors");
	reject(ENTRY("  excludeMonitors: path-matching\n"), NULL,
	       "prefixes.yml:5:20: ", "expected a list of names");
	reject(ENTRY("  path: 12\n"), NULL, "prefixes.yml:5:9: ", "expected a rule or a list");
	reject(ENTRY("  path:\n    match: \"(?=64496)\"\n"), NULL,
	       "prefixes.yml:6:12: ", "lookarounds");
	reject(ENTRY("  path:\n    - match: \"(64496\"\n"), NULL,
	       "prefixes.yml:6:14: ", "unmatched (");
	reject(ENTRY("  path:\n    - match: \"64496[\"\n"), NULL,
	       "prefixes.yml:6:14: ", "unterminated");
	reject(ENTRY("  path:\n    notMatch: \"64496)\"\n"), NULL,
	       "prefixes.yml:6:15: ", "unmatched )");
	reject(ENTRY("  path:\n    notMatch: \"a{2,1}\"\n"), NULL,
	       "prefixes.yml:6:15: ", "not a valid regex");
	reject(ENTRY("  path:\n    maxLength: 0\n"), NULL, "prefixes.yml:6:16: ", "at least 1");
	reject(ENTRY("  path:\n    minLength: two\n"), NULL,
	       "prefixes.yml:6:16: ", "expected a whole number");
	reject(ENTRY("  path:\n    matchDescrption: x\n"), NULL,
	       "prefixes.yml:6:5: ", "unknown key 'matchDescrption'");
	reject(
	    ENTRY(
	        "") "'192.0.2.00/24':\n  description: y\n  asn: 1\n  ignoreMorespecifics: false\n",
	    NULL, "prefixes.yml:5:1: ", "not a valid prefix");
	reject(ENTRY("") "192.000.2.0/24: {}\n", NULL, "prefixes.yml:5:1: ", "not a valid prefix");
}

static void test_duplicate_prefix_by_value(void **state)
{
	(void)state;
	reject(
	    ENTRY("") "2001:db8::/32:\n  description: y\n  asn: 1\n  ignoreMorespecifics: false\n"
	              "2001:0db8::/32:\n  description: z\n  asn: 1\n  ignoreMorespecifics: false\n",
	    NULL, "prefixes.yml:9:1: ", "duplicate entry for 2001:0db8::/32 (line 5)");
}

static void test_options_errors(void **state)
{
	(void)state;
	reject(ENTRY("") "options:\n  monitorAsns: {}\n", NULL,
	       "prefixes.yml:6:3: ", "unknown key 'monitorAsns'");
	reject(ENTRY("") "options:\n  monitorASns:\n    AS64496: {}\n", NULL,
	       "prefixes.yml:7:5: ", "'AS64496' is not an AS number");
	reject(ENTRY("") "options:\n  monitorASns:\n    64496:\n      upstream: [1]\n", NULL,
	       "prefixes.yml:8:7: ", "unknown key 'upstream'");
	reject(ENTRY("") "options:\n  monitorASns:\n    64496:\n      upstreams: [1, x]\n", NULL,
	       "prefixes.yml:8:22: ", "'x' is not an AS number");
	reject(ENTRY("") "options:\n  monitorASns:\n    64496:\n      downstreams: 5\n", NULL,
	       "prefixes.yml:8:20: ", "downstreams: expected a list of AS numbers");
	reject(ENTRY("") "options:\n  monitorASns:\n    64496: {}\n    '64496': {}\n", NULL,
	       "prefixes.yml:8:5: ", "duplicate");
	reject(ENTRY("") "options:\n  monitorASns: [64496]\n", NULL,
	       "prefixes.yml:6:16: ", "expected a mapping");
}

static void test_config_errors(void **state)
{
	(void)state;
	reject(ok_prefixes, "monitors:\n  - file: monitorHijak\n    name: h\n",
	       "config.yml:2:11: ", "unknown monitor file 'monitorHijak'");
	reject(ok_prefixes, "monitors:\n  - file: monitorHijack\n    name: h\n    parms: {}\n",
	       "config.yml:4:5: ", "unknown key 'parms'");
	reject(ok_prefixes,
	       "monitors:\n  - file: monitorHijack\n    name: h\n    params:\n"
	       "      thresholdMinPeer: 2\n",
	       "config.yml:5:7: ", "unknown parameter 'thresholdMinPeer' for monitorHijack");
	reject(ok_prefixes,
	       "monitors:\n  - file: monitorHijack\n    name: h\n    params:\n"
	       "      thresholdMinPeers: -1\n",
	       "config.yml:5:26: ", "out of range");
	reject(ok_prefixes,
	       "monitors:\n  - file: monitorRPKI\n    name: r\n    params:\n"
	       "      checkUncovered: yes\n",
	       "config.yml:5:23: ", "expected true or false, got string 'yes'");
	reject(ok_prefixes, "monitors:\n  - file: monitorHijack\n",
	       "config.yml:2:5: ", "'name' is missing");
	reject(ok_prefixes, "monitors:\n  - name: x\n", "config.yml:2:5: ", "'file' is missing");
	reject(ok_prefixes,
	       "monitors:\n  - file: monitorHijack\n    name: a\n  - file: monitorHijack\n"
	       "    name: b\n",
	       "config.yml:4:11: ", "listed twice");
	reject(ok_prefixes,
	       "monitors:\n  - file: monitorHijack\n    name: a\n  - file: monitorPath\n"
	       "    name: a\n",
	       "config.yml:5:11: ", "used twice");
	reject(ok_prefixes, "monitors: monitorHijack\n", "config.yml:1:11: ", "expected a list");
	reject(ok_prefixes, "fadeOffSeconds: soon\n", "config.yml:1:17: ", "whole number");
	reject(ok_prefixes, "alertOnlyOnce: 1\n", "config.yml:1:16: ", "true or false");
	reject(ok_prefixes, "", "config.yml:1:1: ", "empty file");
	reject(ok_prefixes, "monitors:\n  - file: [x]\n    name: a\n",
	       "config.yml:2:11: ", "expected a string");
}

static void test_alias_bomb_is_refused(void **state)
{
	(void)state;
	/* One anchored list of 2,000 upstreams, referenced by 1,000 more ASes:
	 * a few kB of text that would expand to two million visits. */
	size_t cap = 64 * 1024, n = 0;
	char *doc = malloc(cap);
	assert_non_null(doc);
	n += (size_t)snprintf(doc + n, cap - n,
	                      "%soptions:\n  monitorASns:\n    1: &e\n"
	                      "      upstreams: [",
	                      ok_prefixes);
	for (int i = 0; i < 2000; i++)
		n += (size_t)snprintf(doc + n, cap - n, "%s%d", i ? "," : "", 100000 + i);
	n += (size_t)snprintf(doc + n, cap - n, "]\n");
	for (int i = 0; i < 1000; i++)
		n += (size_t)snprintf(doc + n, cap - n, "    %d: *e\n", 2 + i);
	struct err e;
	struct monitor_config *c =
	    monitor_config_load_buffer(doc, n, "bomb.yml", NULL, 0, NULL, &e);
	free(doc);
	assert_null(c);
	assert_non_null(strstr(e.msg, "too many aliases"));
	assert_int_equal(strncmp(e.msg, "bomb.yml:", 9), 0);
}

static void test_aliases_within_reason(void **state)
{
	(void)state;
	static const char doc[] = "192.0.2.0/24: &entry\n"
	                          "  description: shared\n"
	                          "  asn: 64496\n"
	                          "  ignoreMorespecifics: false\n"
	                          "198.51.100.0/24: *entry\n";
	struct err e;
	struct monitor_config *c =
	    monitor_config_load_buffer(doc, strlen(doc), "alias.yml", NULL, 0, NULL, &e);
	if (!c)
		fail_msg("%s", e.msg);
	assert_string_equal(entry(c, "198.51.100.0/24")->description, "shared");
	monitor_config_free(c);
}

static void test_missing_file(void **state)
{
	(void)state;
	struct err e;
	assert_null(monitor_config_load(DATA "no-such.yml", NULL, &e));
	assert_non_null(strstr(e.msg, "no-such.yml"));
	assert_null(monitor_config_load(DATA "prefixes.yml", DATA "no-config.yml", &e));
	assert_non_null(strstr(e.msg, "no-config.yml"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_prefix_entry_every_key),
	    cmocka_unit_test(test_asn_lists_groups_and_defaults),
	    cmocka_unit_test(test_monitor_asns),
	    cmocka_unit_test(test_config_yml_monitors),
	    cmocka_unit_test(test_unused_sections_are_noted_once),
	    cmocka_unit_test(test_defaults_without_config_yml),
	    cmocka_unit_test(test_global_mode),
	    cmocka_unit_test(test_global_mode_with_config),
	    cmocka_unit_test(test_longest_match_and_lookup),
	    cmocka_unit_test(test_lookup_table_and_trie_agree),
	    cmocka_unit_test(test_path_rules),
	    cmocka_unit_test(test_path_rule_lengths_and_regexes),
	    cmocka_unit_test(test_regex_translation),
	    cmocka_unit_test(test_path_format),
	    cmocka_unit_test(test_prefix_errors),
	    cmocka_unit_test(test_duplicate_prefix_by_value),
	    cmocka_unit_test(test_options_errors),
	    cmocka_unit_test(test_config_errors),
	    cmocka_unit_test(test_alias_bomb_is_refused),
	    cmocka_unit_test(test_aliases_within_reason),
	    cmocka_unit_test(test_missing_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

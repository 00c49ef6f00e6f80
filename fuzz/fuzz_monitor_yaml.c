/* SPDX-License-Identifier: ISC */
/* fuzz_monitor_yaml.c - libFuzzer target for the monitor's configuration:
 * prefixes.yml, and after a NUL byte BGPalerter's config.yml; then the
 * whole input as a config.yml alone (global mode). What loads
 * must hold together: every entry is found by its own prefix, path rules
 * and lookups run, and everything frees cleanly. */
#include <stdint.h>
#include <string.h>

#include "detect/monitor_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void exercise(const struct monitor_config *c)
{
	static const uint32_t path[] = {64511, 64500, 64500, 64496};
	static const char *const channels[] = {"hijack",
	                                       "newprefix",
	                                       "visibility",
	                                       "path",
	                                       "path-neighbors",
	                                       "misconfiguration",
	                                       "rpki",
	                                       "roa",
	                                       "leak",
	                                       "bogon",
	                                       "moas"};
	for (size_t i = 0; i < c->nprefixes; i++) {
		const struct mon_prefix *m = &c->prefixes[i];
		const struct mon_prefix *found = monitor_config_match(c, &m->pfx);
		if (!found || !prefix_equal(&found->pfx, &m->pfx))
			__builtin_trap();
		(void)monitor_config_lookup(c, &m->pfx, "basic-hijack-detection");
		for (size_t j = 0; j < m->npaths; j++)
			(void)mon_path_rule_matches(&m->paths[j], path, 4);
		if (m->nasns == 0 || m->ngroups == 0)
			__builtin_trap();
	}
	for (size_t i = 0; i < c->nasns; i++)
		if (monitor_config_asn(c, c->asns[i].asn) != &c->asns[i])
			__builtin_trap();
	for (size_t i = 0; i < sizeof channels / sizeof channels[0]; i++)
		if (!monitor_config_params(c, channels[i]))
			__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t pn = nul ? (size_t)(nul - text) : size;
	struct err e;
	struct monitor_config *c =
	    monitor_config_load_buffer(text, pn, "prefixes.yml", nul ? nul + 1 : NULL,
	                               nul ? size - pn - 1 : 0, "config.yml", &e);
	if (c)
		exercise(c);
	else if (!e.msg[0])
		__builtin_trap(); /* every refusal names where */
	monitor_config_free(c);
	/* The whole input as config.yml alone: global mode. */
	c = monitor_config_load_buffer(NULL, 0, NULL, text, size, "config.yml", &e);
	if (c && c->nprefixes)
		__builtin_trap();
	if (c)
		exercise(c);
	else if (!e.msg[0])
		__builtin_trap();
	monitor_config_free(c);
	return 0;
}

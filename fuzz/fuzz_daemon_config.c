/* SPDX-License-Identifier: ISC */
/* fuzz_daemon_config.c - manrs.yml (serve/daemon_config.c): any input is
 * either a configuration with at least one service or an error naming the
 * file; a config that parses is freed whole. Also the API's query-string
 * decoder over the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "daemon_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e = {0};
	struct daemon_config *c = daemon_config_parse((const char *)data, size, "fuzz.yml", &e);
	if (!c && strncmp(e.msg, "fuzz.yml", 8) != 0)
		abort();
	if (c && !c->rtr_enabled && !c->whois.enabled && !c->bmp_enabled && !c->http.n)
		abort();
	daemon_config_free(c);
	char q[256], v[64];
	size_t n = size < sizeof q - 1 ? size : sizeof q - 1;
	memcpy(q, data, n);
	q[n] = 0;
	if (api_query_get(q, "a", v, sizeof v) == 1 && strlen(v) >= sizeof v)
		abort();
	return 0;
}

/* SPDX-License-Identifier: ISC */
/* fuzz_alert_json.c - libFuzzer target: an alert read back from the
 * store's JSON (alert_json_read), then written again and re-read, which
 * must succeed: whatever the reader accepts, the writer can represent, and
 * the fields the store's identity rests on (id, version, first_seen, nth)
 * come back the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "detect/alert_json.h"
#include "detect/alert_json_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct alert a, b;
	struct err e;
	char line[1024];
	if (alert_json_parse((const char *)data, size, &a, &e) < 0)
		return 0;
	alert_summary(&a, ALERT_MARKUP_SLACK, line, sizeof line);
	char *s = alert_json_string(&a);
	if (!s)
		return 0;
	if (alert_json_parse(s, strlen(s), &b, &e) < 0)
		abort();
	/* what the store knows an alert by survives the round trip */
	if (a.id != b.id || a.version != b.version || a.first_seen != b.first_seen ||
	    a.nth != b.nth)
		abort();
	free(s);
	return 0;
}

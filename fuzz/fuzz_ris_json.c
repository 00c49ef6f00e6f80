/* SPDX-License-Identifier: ISC */
/* fuzz_ris_json.c - libFuzzer target for the RIS Live JSON reader: every
 * line of the input is one message; every event handed on must be
 * consistent (a real prefix and peer address, an AS_SET tail inside the
 * path, readable path and communities), and a malformed line must yield no
 * event at all. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/input_ris.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long sum;

static void check_prefix(const struct prefix *p)
{
	if (p->family != 4 && p->family != 6)
		__builtin_trap();
	if (p->len > (p->family == 4 ? 32 : 128))
		__builtin_trap();
}

static int check_event(void *arg, const struct route_event *ev, struct err *e)
{
	(void)e;
	unsigned long *events = arg;
	(*events)++;
	check_prefix(&ev->peer_addr);
	if (ev->type == ROUTE_EV_PEER_DOWN)
		return 0;
	check_prefix(&ev->pfx);
	for (size_t i = 0; i < ev->path_len; i++)
		sum += ev->path[i];
	for (size_t i = 0; i < ev->n_communities; i++)
		sum += ev->communities[i];
	if (ev->origin_set) {
		if (ev->origin_set < ev->path ||
		    ev->origin_set + ev->origin_set_len != ev->path + ev->path_len || ev->origin)
			__builtin_trap();
	} else if (ev->type == ROUTE_EV_ANNOUNCE && ev->origin != 0 &&
	           ev->origin != ev->path[ev->path_len - 1]) {
		__builtin_trap();
	}
	if (ev->source)
		sum += strlen(ev->source);
	return 0;
}

static void quiet(void *arg, const struct err *e)
{
	(void)arg;
	(void)e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ris_json *rj = ris_json_new();
	if (!rj)
		return 0;
	struct input_ris_stats st;
	memset(&st, 0, sizeof(st));
	const char *p = (const char *)data, *end = p + size;
	unsigned long line = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		/* Copy so that reads past the line are caught by ASan. */
		char *msg = malloc(len ? len : 1);
		if (!msg)
			break;
		memcpy(msg, p, len);
		unsigned long before = st.events, malformed = st.malformed;
		struct err e;
		input_ris_message(rj, msg, len, "fuzz", ++line, &st, quiet, NULL, check_event,
		                  &(unsigned long){0}, &e);
		if (st.malformed != malformed && st.events != before)
			__builtin_trap();
		free(msg);
		p += len + (nl ? 1 : 0);
	}
	ris_json_free(rj);
	return 0;
}

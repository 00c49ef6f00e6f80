/* SPDX-License-Identifier: ISC */
/* fuzz_openbmp.c - libFuzzer target for the OpenBMP readers: the input is
 * tried as a parsed message (headers and TSV rows) and as a bmp_raw binary
 * header. Every event handed on must be consistent (a real prefix and
 * peer address, an AS_SET tail inside the path); a re-encoded event must
 * read back to the same prefix; a raw header's BMP bytes lie inside the
 * input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "openbmp/openbmp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long sum;

static void check_prefix(const struct prefix *p)
{
	if ((p->family != 4 && p->family != 6) || p->len > (p->family == 4 ? 32 : 128))
		__builtin_trap();
}

static int same_prefix(void *arg, const struct route_event *ev, struct err *e)
{
	(void)e;
	const struct route_event *want = arg;
	if (ev->type != want->type || ev->peer_as != want->peer_as ||
	    (ev->type != ROUTE_EV_PEER_DOWN && !prefix_equal(&ev->pfx, &want->pfx)))
		__builtin_trap();
	return 0;
}

static int check_event(void *arg, const struct route_event *ev, struct err *e)
{
	(void)arg;
	check_prefix(&ev->peer_addr);
	if (ev->type != ROUTE_EV_PEER_DOWN)
		check_prefix(&ev->pfx);
	for (size_t i = 0; i < ev->path_len; i++)
		sum += ev->path[i];
	if (ev->origin_set && (ev->origin_set < ev->path ||
	                       ev->origin_set + ev->origin_set_len != ev->path + ev->path_len))
		__builtin_trap();
	struct openbmp_collector c;
	openbmp_collector_init(&c, "fuzz");
	struct mrt_buf b = {0};
	const char *type;
	if (openbmp_parsed_encode(&b, &c, ev, NULL, &type, e) == 0) {
		struct openbmp_decoder *d = calloc(1, sizeof *d);
		if (d && openbmp_parsed_decode(d, b.p, b.len, same_prefix, (void *)ev, e) != 0)
			__builtin_trap();
		free(d);
	}
	mrt_buf_free(&b);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct openbmp_decoder d;
	struct err e;
	openbmp_parsed_decode(&d, (const char *)data, size, check_event, NULL, &e);
	struct openbmp_raw_info info;
	if (openbmp_raw_decode(data, size, &info, &e) == 0 &&
	    (info.bmp < data || info.bmp + info.bmp_len != data + size))
		__builtin_trap();
	return 0;
}

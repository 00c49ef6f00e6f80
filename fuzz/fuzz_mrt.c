/* SPDX-License-Identifier: ISC */
/* fuzz_mrt.c - libFuzzer target: MRT reader, element decoder and both text
 * formatters and the route filters over arbitrary bytes (ADD-PATH under
 * plain BGP4MP subtypes included: seeds addpath_plain_*). */
#include <stddef.h>
#include <stdint.h>

#include "bgp/mrt.h"
#include "bgp/mrt_bgpdump.h"
#include "bgp/mrt_elem.h"
#include "bgp/mrt_filter.h"
#include "bgp/mrt_json.h"
#include "bgp/mrt_stats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e;
	struct mrt_reader *r = mrt_reader_open_mem(data, size, "fuzz", &e);
	if (!r)
		return 0;
	struct mrt_elems *it = mrt_elems_new(r, &e);
	struct mrt_bgpdump m, mh;
	mrt_bgpdump_init(&m, MRT_BGPDUMP_M, false);
	mrt_bgpdump_init(&mh, MRT_BGPDUMP_M_HUMAN, true);
	struct mrt_buf b = {0};
	struct mrt_stats s;
	mrt_stats_init(&s);
	struct mrt_filter f;
	mrt_filter_init(&f);
	mrt_filter_option(&f, MRT_FOPT_ASPATH, "_(1|2)[0-9]*_", &e);
	mrt_filter_option(&f, MRT_FOPT_COMMUNITY, "no-export", &e);
	mrt_filter_option(&f, MRT_FOPT_COMMUNITY, "1:2:3", &e);
	const struct mrt_elem *el;
	while (it && mrt_elems_next(it, &el, &e) > 0) {
		mrt_filter_match(&f, el);
		mrt_bgpdump_format(&m, el, &b);
		mrt_bgpdump_format(&mh, el, &b);
		mrt_json_format(el, &b);
		mrt_stats_add(&s, el);
		struct prefix nh;
		mrt_elem_next_hop(el, &nh);
		mrt_elem_origin_as(el);
		b.len = 0;
	}
	mrt_filter_free(&f);
	mrt_stats_free(&s);
	mrt_buf_free(&b);
	mrt_bgpdump_free(&m);
	mrt_bgpdump_free(&mh);
	mrt_elems_free(it);
	mrt_reader_close(r);
	return 0;
}

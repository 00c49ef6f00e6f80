/* SPDX-License-Identifier: ISC */
/* bmp_elem.c - route elements from BMP messages (stub, filled next). */
#include "bmp/bmp_elem.h"

#include <string.h>

void bmp_elems_init(struct bmp_elems *it, bool et)
{
	memset(it, 0, sizeof *it);
	it->et = et;
}

int bmp_elems_start(struct bmp_elems *it, const struct bmp_msg *m,
                    const struct bmp_session *session, struct err *e)
{
	it->nblocks = it->cur = 0;
	it->pending_state = false;
	return 0;
}

int bmp_elems_next(struct bmp_elems *it, const struct mrt_elem **out)
{
	return 0;
}

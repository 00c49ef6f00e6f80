/* SPDX-License-Identifier: ISC */
/* rs_openbgpd.c - placeholder, replaced below. */
#include "out/rs_out.h"

static int write_openbgpd(FILE *f, const struct rs_out *o, struct err *e)
{
	(void)f, (void)o;
	return err_set(e, "openbgpd: not yet");
}

const struct rs_writer rs_writer_openbgpd = {"openbgpd", "OpenBGPD route server", write_openbgpd};

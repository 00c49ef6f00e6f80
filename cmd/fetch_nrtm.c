/* SPDX-License-Identifier: ISC */
/* fetch_nrtm.c - placeholder until the NRTM client lands. */
#include "cmd.h"
#include "fetch_cmds.h"

int fetch_nrtm_main(int argc, char **argv)
{
	return cmd_usage_error("fetch nrtm", "not built yet");
}

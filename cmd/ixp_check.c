/* SPDX-License-Identifier: ISC */
/* ixp_check.c - placeholder */
#include "cmd.h"
#include "ixp_cmds.h"
int ixp_check_main(int argc, char **argv)
{
	(void)argc, (void)argv;
	return cmd_usage_error("ixp", "check: not implemented");
}

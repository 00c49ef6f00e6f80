/* SPDX-License-Identifier: ISC */
/* ixp_import.c - placeholder */
#include "cmd.h"
#include "ixp_cmds.h"
int ixp_import_main(int argc, char **argv)
{
	(void)argc, (void)argv;
	return cmd_usage_error("ixp", "import: not implemented");
}

/* SPDX-License-Identifier: ISC */
/* ixp_import.c - 'manrs ixp import': an IXP description (YAML) from
 * PeeringDB API objects in a folder (or files), checked by reading it back. */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "core/atomic_file.h"
#include "ixp/ixp_peeringdb.h"
#include "ixp_cmds.h"

/* Load a file, or every *.json of a folder; adds the objects read to *objects. */
static int load_path(struct pdb *db, const char *path, long *objects, struct err *e)
{
	struct stat st;
	long got;
	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
		if ((got = pdb_load_file(db, path, e)) < 0)
			return -1;
		*objects += got;
		return 0;
	}
	struct dirent **names;
	int n = scandir(path, &names, NULL, alphasort), rc = 0;
	if (n < 0)
		return err_set(e, "%s: cannot read the folder", path);
	for (int i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;
		size_t len = strlen(nm);
		if (rc == 0 && len > 5 && strstr(nm, ".json")) {
			char full[4096];
			snprintf(full, sizeof full, "%s/%s", path, nm);
			if ((got = pdb_load_file(db, full, e)) < 0)
				rc = -1;
			else
				*objects += got;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

/* Route servers PeeringDB does not list, one with all given addresses. */
static int add_rs_addresses(struct ixp *x, const char *const *addr, int n, struct err *e)
{
	if (n == 0)
		return 0;
	if (!(x->rs = calloc(1, sizeof *x->rs)))
		return err_set(e, "out of memory");
	struct ixp_rs *rs = &x->rs[0];
	x->nrs = 1;
	rs->port = 179;
	for (int i = 0; i < n; i++)
		if (addr_parse(addr[i], &rs->addr[rs->naddr++].ip, e) < 0)
			return -1;
	rs->name = strdup("rs1");
	rs->router_id = strdup(addr[0]);
	return rs->name && rs->router_id ? 0 : err_set(e, "out of memory");
}

/* The YAML must read back as a valid description. */
static int write_checked(const struct ixp *x, const char *out, struct err *e)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *mf = open_memstream(&buf, &n);
	if (!mf || ixp_write_yaml(mf, x) < 0 || fclose(mf) != 0)
		return free(buf), err_set(e, "out of memory");
	struct ixp back;
	int rc = ixp_init(&back, e) < 0 ? -1 : ixp_parse_yaml(&back, buf, n, "imported", e);
	ixp_free(&back);
	struct atomic_file af;
	if (rc == 0 && (rc = atomic_file_open(&af, out ? out : "-", e)) == 0) {
		fwrite(buf, 1, n, af.f);
		rc = atomic_file_commit(&af, e);
	}
	free(buf);
	return rc;
}

int ixp_import_main(int argc, char **argv)
{
	static const struct option lo[] = {
	    {"peeringdb", required_argument, NULL, 'p'},
	    {"ixlan", required_argument, NULL, 'l'},
	    {"rs-asn", required_argument, NULL, 'a'},
	    {"output", required_argument, NULL, 'o'},
	    {"rs-address", required_argument, NULL, 'r'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *paths[IXP_MAX_FILES], *out = NULL, *rs_addr[IXP_MAX_ADDRS];
	int npaths = 0, nrs_addr = 0, c;
	uint32_t ixlan = 0, rs_asn = 0;
	struct err e = {0};
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", lo, NULL)) != -1) {
		if (c == 'p' && npaths < IXP_MAX_FILES)
			paths[npaths++] = optarg;
		else if (c == 'l')
			ixlan = (uint32_t)strtoul(optarg, NULL, 10);
		else if (c == 'a' && asn_parse(optarg, &rs_asn, &e) < 0)
			return cmd_usage_error("ixp", "import: %s", e.msg);
		else if (c == 'o')
			out = optarg;
		else if (c == 'r' && nrs_addr < IXP_MAX_ADDRS)
			rs_addr[nrs_addr++] = optarg;
		else if (c == 'h') {
			puts("usage: manrs ixp import --peeringdb DIR|FILE... --ixlan ID [--rs-asn "
			     "ASN]\n"
			     "                        [--rs-address ADDR]... [-o IXP.yml]\n"
			     "--rs-address adds a route server PeeringDB does not list. See "
			     "manrs-ixp(1).");
			return EXIT_OK;
		} else if (c != 'a' && c != 'r')
			return cmd_usage_error("ixp", "import: bad option (see --help)");
	}
	if (!npaths || !ixlan || optind != argc)
		return cmd_usage_error("ixp", "import: give --peeringdb DIR and --ixlan ID");
	struct pdb *db = pdb_new();
	struct ixp x;
	long members = -1, objects = 0;
	if (!db)
		err_set(&e, "out of memory");
	if (db && ixp_init(&x, &e) == 0) {
		int rc = add_rs_addresses(&x, rs_addr, nrs_addr, &e);
		for (int i = 0; rc == 0 && i < npaths; i++)
			rc = load_path(db, paths[i], &objects, &e);
		if (rc == 0)
			pdb_finish(db);
		if (rc == 0 && (members = ixp_from_peeringdb(&x, db, ixlan, rs_asn, &e)) >= 0 &&
		    write_checked(&x, out, &e) < 0)
			members = -1;
	}
	if (members < 0)
		fprintf(stderr, "manrs ixp: import: %s\n", e.msg);
	else
		fprintf(stderr,
		        "manrs ixp: import: ixlan %u: %zu route servers, %ld members from %ld "
		        "objects in %zu files\n",
		        ixlan, x.nrs, members, objects, db->files);
	if (db)
		ixp_free(&x);
	pdb_free(db);
	return members < 0 ? EXIT_FINDINGS : EXIT_OK;
}

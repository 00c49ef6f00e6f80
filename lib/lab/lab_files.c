/* SPDX-License-Identifier: ISC */
/* lab_files.c - write every lab file into a directory, each atomically. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/atomic_file.h"
#include "lab/lab_sav.h"
#include "lab/lab_traffic.h"
#include "lab/lab_contacts.h"
#include "lab/lab_write.h"

/* The files, in the order they are written. Text files go through stdio,
 * MRT and BMP files through writers that open the path themselves. */
static const struct {
	const char *name;
	int (*text)(const struct lab *, FILE *, struct err *);
	int (*binary)(const struct lab *, const char *, struct err *);
} files[] = {
    {"as-rel.txt", lab_write_asrel, NULL},
    {"vrps.json", lab_write_vrps, NULL},
    {"irr.db", lab_write_rpsl, NULL},
    {"rib.mrt", NULL, lab_write_rib_mrt},
    {"updates.mrt", NULL, lab_write_updates_mrt},
    {"updates-addpath.mrt", NULL, lab_write_updates_addpath_mrt},
    {"stream.bmp", NULL, lab_write_bmp},
    {"incidents.json", lab_write_incidents, NULL},
    {"prefixes.yml", lab_write_prefixes_yml, NULL},
    {"config.yml", lab_write_config_yml, NULL},
    {"ixp.yml", lab_write_ixp_yml, NULL},
    {"ixp-rs-rib.mrt", NULL, lab_write_ixp_rib_mrt},
    {"README", lab_write_readme, NULL},
    {"sav.yml", lab_write_sav_yml, NULL},
    {"sav-rib.mrt", NULL, lab_write_sav_rib_mrt},
    {"traffic.pcap", lab_write_traffic_pcap, NULL},
    {"sav-filters.json", lab_write_sav_filters, NULL},
    {"spoofed.json", lab_write_spoofed, NULL},
    {"sav-map.txt", lab_write_sav_map, NULL},
    {"irr-contacts.db", lab_write_irr_contacts, NULL},
    {"peeringdb.json", lab_write_peeringdb, NULL},
    {"spoofer.csv", lab_write_spoofer, NULL},
};

/* One file through atomic_file: text writers get its stream, binary ones
 * reopen its write name themselves (and their messages are rewritten to
 * name the real path). */
static int write_one(const struct lab *lab, const char *path, size_t i, struct err *e)
{
	struct atomic_file af;
	int rc;

	if (atomic_file_open(&af, path, e) < 0)
		return -1;
	if (files[i].text) {
		rc = files[i].text(lab, af.f, e);
	} else {
		rc = atomic_file_release_stream(&af, e);
		if (rc == 0)
			rc = files[i].binary(lab, atomic_file_write_name(&af), e);
		atomic_file_fix_err(&af, e);
	}
	if (rc) {
		atomic_file_abort(&af);
		return -1;
	}
	return atomic_file_commit(&af, e);
}

int lab_write_dir(const struct lab *lab, const char *dir, struct err *e)
{
	if (mkdir(dir, 0777) && errno != EEXIST)
		return err_set(e, "%s: cannot create directory: %s", dir, strerror(errno));
	struct stat st;
	if (stat(dir, &st) || !S_ISDIR(st.st_mode))
		return err_set(e, "%s: not a directory", dir);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char path[4096];
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, files[i].name) >= sizeof path)
			return err_set(e, "%s: path too long", dir);
		if (write_one(lab, path, i, e) < 0)
			return -1;
	}
	return 0;
}

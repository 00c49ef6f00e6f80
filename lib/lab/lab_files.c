/* lab_files.c - write every lab file into a directory, each atomically. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lab/lab_write.h"

/* The files, in the order they are written. Text files go through stdio,
 * MRT files through lib/bgp's writer, which opens the path itself. */
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
	{"incidents.json", lab_write_incidents, NULL},
	{"README", lab_write_readme, NULL},
};

static int write_text(const struct lab *lab, const char *tmp, const char *path,
		      int (*fn)(const struct lab *, FILE *, struct err *), struct err *e)
{
	FILE *f = fopen(tmp, "w");
	if (!f)
		return err_set(e, "%s: %s", tmp, strerror(errno));
	int rc = fn(lab, f, e);
	bool bad = ferror(f);
	if (fclose(f) || bad) {
		if (!rc)
			err_set(e, "%s: write failed: %s", path, strerror(errno ? errno : EIO));
		rc = -1;
	}
	return rc;
}

int lab_write_dir(const struct lab *lab, const char *dir, struct err *e)
{
	if (mkdir(dir, 0777) && errno != EEXIST)
		return err_set(e, "%s: cannot create directory: %s", dir, strerror(errno));
	struct stat st;
	if (stat(dir, &st) || !S_ISDIR(st.st_mode))
		return err_set(e, "%s: not a directory", dir);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char path[4096], tmp[4200];
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, files[i].name) >= sizeof path)
			return err_set(e, "%s: path too long", dir);
		snprintf(tmp, sizeof tmp, "%s.tmp", path);
		int rc = files[i].text ? write_text(lab, tmp, path, files[i].text, e)
				       : files[i].binary(lab, tmp, e);
		if (rc == 0 && rename(tmp, path))
			rc = err_set(e, "%s: %s", path, strerror(errno));
		if (rc) {
			remove(tmp);
			return -1;
		}
	}
	return 0;
}

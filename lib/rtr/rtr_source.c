/* SPDX-License-Identifier: ISC */
/* rtr_source.c - load the served files into one set. */
#include "rtr/rtr_source.h"

#include <sys/stat.h>

/* The newest mtime of the files, the data time when the data has none. */
static int64_t newest_mtime(const struct rtr_source *src)
{
	int64_t newest = 0;
	for (size_t i = 0; i < src->nvrp + src->nslurm; i++) {
		const char *path =
		    i < src->nvrp ? src->vrp_files[i] : src->slurm_files[i - src->nvrp];
		struct stat st;
		if (stat(path, &st) == 0 && st.st_mtim.tv_sec > newest)
			newest = st.st_mtim.tv_sec;
	}
	return newest;
}

int rtr_source_load(const struct rtr_source *src, struct rpki_set *out, int64_t *data_time,
                    struct err *e)
{
	int64_t mtime = newest_mtime(src);
	rpki_set_init(out);
	out->ignore_expires = src->ignore_expires;
	for (size_t i = 0; i < src->nvrp; i++)
		if (rpki_set_load_file(out, src->vrp_files[i], e))
			goto fail;
	for (size_t i = 0; i < src->nslurm; i++)
		if (rpki_set_apply_slurm(out, src->slurm_files[i], e))
			goto fail;
	rpki_set_finish(out);
	*data_time = out->generated ? out->generated : mtime;
	return 0;
fail:
	rpki_set_free(out);
	return -1;
}

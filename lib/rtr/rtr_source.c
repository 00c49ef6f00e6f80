/* rtr_source.c - load the served files and watch their stamps. */
#include "rtr/rtr_source.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int rtr_source_init(struct rtr_source *src, const char *const *vrp_files, size_t nvrp,
		    const char *const *slurm_files, size_t nslurm, struct err *e)
{
	memset(src, 0, sizeof *src);
	src->vrp_files = vrp_files;
	src->nvrp = nvrp;
	src->slurm_files = slurm_files;
	src->nslurm = nslurm;
	if (!(src->stamps = calloc(nvrp + nslurm + 1, sizeof *src->stamps)))
		return err_set(e, "out of memory");
	return 0;
}

void rtr_source_free(struct rtr_source *src)
{
	free(src->stamps);
	src->stamps = NULL;
}

static const char *file_at(const struct rtr_source *src, size_t i)
{
	return i < src->nvrp ? src->vrp_files[i] : src->slurm_files[i - src->nvrp];
}

static struct rtr_file_stamp stamp_of(const char *path)
{
	struct rtr_file_stamp s;
	struct stat st;
	memset(&s, 0, sizeof s);
	if (stat(path, &st) == 0) {
		s.exists = 1;
		s.dev = st.st_dev;
		s.ino = st.st_ino;
		s.size = st.st_size;
		s.mtime = st.st_mtim;
	}
	return s;
}

static int stamp_equal(const struct rtr_file_stamp *a, const struct rtr_file_stamp *b)
{
	return a->exists == b->exists && a->dev == b->dev && a->ino == b->ino &&
	       a->size == b->size && a->mtime.tv_sec == b->mtime.tv_sec &&
	       a->mtime.tv_nsec == b->mtime.tv_nsec;
}

int rtr_source_changed(const struct rtr_source *src)
{
	for (size_t i = 0; i < src->nvrp + src->nslurm; i++) {
		struct rtr_file_stamp s = stamp_of(file_at(src, i));
		if (!stamp_equal(&s, &src->stamps[i]))
			return 1;
	}
	return 0;
}

int rtr_source_load(struct rtr_source *src, struct rpki_set *out, int64_t *data_time,
		    struct err *e)
{
	int64_t newest_mtime = 0;
	/* Stamps first: a file rewritten while we read it changes again. */
	for (size_t i = 0; i < src->nvrp + src->nslurm; i++) {
		src->stamps[i] = stamp_of(file_at(src, i));
		if (src->stamps[i].mtime.tv_sec > newest_mtime)
			newest_mtime = src->stamps[i].mtime.tv_sec;
	}
	rpki_set_init(out);
	out->ignore_expires = src->ignore_expires;
	for (size_t i = 0; i < src->nvrp; i++)
		if (rpki_set_load_file(out, src->vrp_files[i], e))
			goto fail;
	for (size_t i = 0; i < src->nslurm; i++)
		if (rpki_set_apply_slurm(out, src->slurm_files[i], e))
			goto fail;
	rpki_set_finish(out);
	*data_time = out->generated ? out->generated : newest_mtime;
	return 0;
fail:
	rpki_set_free(out);
	return -1;
}

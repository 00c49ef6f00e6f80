/* SPDX-License-Identifier: ISC */
/* bmp_archive.c - update files: naming, rotation, atomic placement. */
#include "bmp/bmp_archive.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

char *bmp_archive_name(char *buf, size_t n, const char *dir, const char *kind, uint32_t t,
                       uint32_t interval)
{
	time_t start = interval ? (time_t)(t - t % interval) : (time_t)t;
	struct tm tm;
	if (!gmtime_r(&start, &tm))
		return NULL;
	int k = snprintf(buf, n, "%s/%s.%04d%02d%02d.%02d%02d.mrt", dir, kind, tm.tm_year + 1900,
	                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
	return k > 0 && (size_t)k < n ? buf : NULL;
}

int bmp_archive_init(struct bmp_archive *a, const struct bmp_archive_config *cfg, struct err *e)
{
	memset(a, 0, sizeof *a);
	struct stat sb;
	if (stat(cfg->dir, &sb) != 0)
		return err_set(e, "%s: %s", cfg->dir, strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return err_set(e, "%s: not a folder", cfg->dir);
	if (access(cfg->dir, W_OK) != 0)
		return err_set(e, "%s: not writable: %s", cfg->dir, strerror(errno));
	if (!cfg->rotate)
		return err_set(e, "the update rotation interval must be more than 0 seconds");
	if (86400 % cfg->rotate && cfg->rotate % 86400)
		return err_set(e, "the update rotation interval (%u s) must divide a day",
		               cfg->rotate);
	a->cfg = *cfg;
	return 0;
}

int bmp_archive_close(struct bmp_archive *a, struct err *e)
{
	if (!a->w)
		return 0;
	int rc = mrt_writer_close(a->w, e);
	a->w = NULL;
	if (rc < 0) {
		atomic_file_fix_err(&a->af, e);
		atomic_file_abort(&a->af);
		a->errors++;
		return -1;
	}
	if (atomic_file_commit(&a->af, e) < 0) {
		a->errors++;
		return -1;
	}
	a->files++;
	return 0;
}

static int open_period(struct bmp_archive *a, uint32_t now, struct err *e)
{
	char path[4096];
	if (!bmp_archive_name(path, sizeof path, a->cfg.dir, "updates", now, a->cfg.rotate))
		return err_set(e, "%s: archive path too long", a->cfg.dir);
	if (atomic_file_open(&a->af, path, e) < 0)
		return -1;
	if (atomic_file_release_stream(&a->af, e) < 0) {
		atomic_file_abort(&a->af);
		return -1;
	}
	a->w = mrt_writer_open(atomic_file_write_name(&a->af), e);
	if (!a->w) {
		atomic_file_fix_err(&a->af, e);
		atomic_file_abort(&a->af);
		return -1;
	}
	a->period = now - now % a->cfg.rotate;
	return 0;
}

int bmp_archive_tick(struct bmp_archive *a, uint32_t now, struct err *e)
{
	if (a->w && now - a->period >= a->cfg.rotate)
		return bmp_archive_close(a, e);
	return 0;
}

/* The file for now: rotate, then open when none is. */
static int ready(struct bmp_archive *a, uint32_t now, struct err *e)
{
	if (bmp_archive_tick(a, now, e) < 0)
		return -1;
	if (!a->w && open_period(a, now, e) < 0) {
		a->errors++;
		return -1;
	}
	return 0;
}

int bmp_archive_message(struct bmp_archive *a, uint32_t now, uint32_t t,
                        const struct mrt_session *s, uint16_t subtype, const uint8_t *msg,
                        size_t len, struct err *e)
{
	if (ready(a, now, e) < 0)
		return -1;
	if (mrt_write_bgp4mp_raw(a->w, t, s, subtype, msg, len, e) < 0) {
		atomic_file_fix_err(&a->af, e);
		a->errors++;
		return -1;
	}
	a->records++;
	return 0;
}

int bmp_archive_state(struct bmp_archive *a, uint32_t now, uint32_t t, const struct mrt_session *s,
                      uint16_t old_state, uint16_t new_state, struct err *e)
{
	if (ready(a, now, e) < 0)
		return -1;
	if (mrt_write_state(a->w, t, s, old_state, new_state, e) < 0) {
		atomic_file_fix_err(&a->af, e);
		a->errors++;
		return -1;
	}
	a->records++;
	return 0;
}

bool bmp_archive_rib_due(struct bmp_archive *a, uint32_t now)
{
	if (!a->cfg.rib_interval)
		return false;
	if (!a->next_rib) /* the first one at the next boundary */
		a->next_rib = now - now % a->cfg.rib_interval + a->cfg.rib_interval;
	if (now < a->next_rib)
		return false;
	a->next_rib = now - now % a->cfg.rib_interval + a->cfg.rib_interval;
	return true;
}

/* SPDX-License-Identifier: ISC */
/* fetch_run.c - one run of a source: transfer, checks, atomic replace, and
 * the state that remembers it (see fetch.h for the order of the steps). */
#include "fetch/fetch.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomic_file.h"
#include "core/log.h"
#include "fetch/fetch_internal.h"

#define CHECKSUM_DOC_MAX (1u << 20)

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = v ? strdup(v) : NULL;
}

static void forget_part(struct fetch_source *s)
{
	unlink(s->part_path);
	set_str(&s->st.part_url, NULL);
	set_str(&s->st.part_etag, NULL);
	set_str(&s->st.part_last_modified, NULL);
}

static uint64_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

/* A weak ETag names a meaning, not bytes: useless for If-Range. */
static const char *if_range_validator(const struct fetch_state *st)
{
	if (st->part_etag && strncmp(st->part_etag, "W/", 2) != 0)
		return st->part_etag;
	return st->part_last_modified;
}

static void plan_request(struct fetch_source *s, struct fetch_http_req *req)
{
	const struct fetch_state *st = &s->st;
	bool have_out = access(s->conf.out, F_OK) == 0;
	bool same_url = st->url && !strcmp(st->url, s->conf.url);
	uint64_t part = file_size(s->part_path);

	memset(req, 0, sizeof *req);
	req->url = s->conf.url;
	req->path = s->part_path;
	req->timeout = s->conf.timeout;
	req->connect_timeout = s->conf.connect_timeout;
	if (part > 0 && st->part_url && !strcmp(st->part_url, s->conf.url) &&
	    if_range_validator(st)) {
		req->resume_from = part;
		req->if_range = if_range_validator(st);
		return;
	}
	forget_part(s);
	if (have_out && same_url) {
		req->etag = st->etag;
		req->last_modified = st->last_modified;
	}
}

/* After a broken-off transfer: keep what arrived when the server named
 * the version (so the next run can ask for the rest of that version). */
static void remember_part(struct fetch_source *s, const struct fetch_http_resp *resp)
{
	const char *etag = resp->etag, *lm = resp->last_modified;

	if (resp->bytes == 0) /* nothing new arrived (an error status): keep what was there */
		return;
	if (resp->appended && !etag && !lm) {
		etag = s->st.part_etag; /* a 206 may omit them: same version as asked */
		lm = s->st.part_last_modified;
	}
	if (file_size(s->part_path) == 0 || (!etag && !lm)) {
		forget_part(s);
		return;
	}
	char *e2 = etag ? strdup(etag) : NULL, *lm2 = lm ? strdup(lm) : NULL;
	set_str(&s->st.part_url, s->conf.url);
	free(s->st.part_etag);
	free(s->st.part_last_modified);
	s->st.part_etag = e2;
	s->st.part_last_modified = lm2;
}

/* Last path segment of a URL (no query), for finding it in SHA256SUMS. */
static void url_base(const char *url, char *out, size_t cap)
{
	size_t n = strcspn(url, "?#");
	const char *b = url;

	for (size_t i = 0; i < n; i++)
		if (url[i] == '/')
			b = url + i + 1;
	n -= (size_t)(b - url);
	snprintf(out, cap, "%.*s", (int)n, b);
}

static int verify_checksum(const struct fetch_source *s, const char *hex, struct err *e)
{
	char base[256], want[65], *doc = NULL;
	size_t n;

	if (fetch_http_get_mem(s->conf.sha256_url, s->conf.timeout, CHECKSUM_DOC_MAX, &doc, &n, e) <
	    0)
		return -1;
	url_base(s->conf.url, base, sizeof base);
	if (fetch_sha256_find(doc, base, want) < 0) {
		free(doc);
		return err_set(e, "%s names no SHA-256 for %s", s->conf.sha256_url, base);
	}
	free(doc);
	if (strcmp(want, hex) != 0)
		return err_set(e, "checksum mismatch: the download's SHA-256 is %s, %s says %s",
		               hex, s->conf.sha256_url, want);
	return 0;
}

static int shrink_guard(struct fetch_source *s, uint64_t size, uint64_t objects, struct err *e)
{
	const struct fetch_state *st = &s->st;
	double r = s->conf.min_ratio;

	if (s->force || r <= 0 || st->size == 0 || access(s->conf.out, F_OK) != 0)
		return 0;
	if ((double)size >= r * (double)st->size && (double)objects >= r * (double)st->objects)
		return 0;
	s->n.refused_shrink++;
	return err_set(e,
	               "shrank suspiciously: %" PRIu64 " bytes, %" PRIu64
	               " objects against %" PRIu64 " bytes, %" PRIu64
	               " objects last time (below %.0f%%); keeping the last "
	               "good copy (--force to accept)",
	               size, objects, st->size, st->objects, r * 100);
}

/* Copy src into f (for targets written in place: FIFOs, devices). */
static int copy_into(const char *src, FILE *f, struct err *e)
{
	char buf[1 << 16];
	FILE *in = fopen(src, "rb");
	size_t n;

	if (!in)
		return err_set(e, "%s: %s", src, strerror(errno));
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, f) != n)
			break;
	int bad = ferror(in) || !feof(in);
	fclose(in);
	return bad ? err_set(e, "%s: copy failed", src) : 0;
}

/* Move the checked download over OUT atomically, keeping OUT's mode. */
static int replace_out(const struct fetch_source *s, struct err *e)
{
	struct atomic_file af;
	struct stat tst, pst;

	if (atomic_file_open(&af, s->conf.out, e) < 0)
		return -1;
	/* in place (FIFO, device), or OUT a symlink to another file system:
	 * the download cannot be renamed there, so it is copied */
	if (!af.tmp || fstat(fileno(af.f), &tst) != 0 || stat(s->part_path, &pst) != 0 ||
	    tst.st_dev != pst.st_dev) {
		if (copy_into(s->part_path, af.f, e) < 0) {
			atomic_file_abort(&af);
			return -1;
		}
		return atomic_file_commit(&af, e);
	}
	if (atomic_file_release_stream(&af, e) < 0 ||
	    chmod(s->part_path, tst.st_mode & 07777) != 0 || rename(s->part_path, af.tmp) != 0) {
		if (!e->msg[0])
			err_set(e, "%s: cannot replace: %s", s->conf.out, strerror(errno));
		atomic_file_abort(&af);
		return -1;
	}
	return atomic_file_commit(&af, e);
}

static void keep_validators(struct fetch_source *s, const struct fetch_http_resp *resp)
{
	set_str(&s->st.url, s->conf.url);
	set_str(&s->st.etag, resp->etag);
	set_str(&s->st.last_modified, resp->last_modified);
}

/* A complete body is in OUT.part: check it and put it in place. */
static int use_download(struct fetch_source *s, const struct fetch_http_resp *resp, int64_t now,
                        struct fetch_outcome *out, struct err *e)
{
	uint64_t size = file_size(s->part_path), objects = 0;
	char hex[65];

	if (access(s->part_path, F_OK) != 0)
		return err_set(e, "the server sent an empty body");
	if (fetch_sha256_file(s->part_path, hex, e) < 0)
		return -1;
	if (s->conf.sha256_url && verify_checksum(s, hex, e) < 0)
		return -1;
	if (s->st.sha256 && !strcmp(s->st.sha256, hex) && access(s->conf.out, F_OK) == 0) {
		unlink(s->part_path);
		keep_validators(s, resp);
		out->result = FETCH_UNCHANGED;
		s->n.unchanged++;
		return 0;
	}
	if (fetch_validate_file(s->conf.kind, s->part_path, &objects, e) < 0 ||
	    shrink_guard(s, size, objects, e) < 0 || replace_out(s, e) < 0)
		return -1;
	keep_validators(s, resp);
	set_str(&s->st.sha256, hex);
	s->st.size = size;
	s->st.objects = objects;
	s->st.last_change = now;
	s->force = false;
	out->result = FETCH_UPDATED;
	s->n.updated++;
	return 0;
}

static int transfer(struct fetch_source *s, int64_t now, struct fetch_outcome *out, struct err *e)
{
	struct fetch_http_req req;
	struct fetch_http_resp resp;
	int rc;

	plan_request(s, &req);
	rc = fetch_http_get(&req, &resp, e);
	if (rc < 0 && resp.status == 416 && req.resume_from > 0) {
		/* the partial file is no prefix of what the server has: start over */
		fetch_http_resp_clear(&resp);
		forget_part(s);
		plan_request(s, &req);
		rc = fetch_http_get(&req, &resp, e);
	}
	out->http_status = resp.status;
	out->bytes = resp.bytes;
	out->resumed = resp.appended;
	s->n.bytes += resp.bytes;
	s->n.resumed += resp.appended;
	if (rc < 0) {
		remember_part(s, &resp);
		fetch_http_resp_clear(&resp);
		return -1;
	}
	set_str(&s->st.part_url, NULL); /* complete now, or not needed */
	if (resp.status == 304) {
		forget_part(s);
		out->result = FETCH_NOT_MODIFIED;
		s->n.not_modified++;
		fetch_http_resp_clear(&resp);
		return 0;
	}
	rc = use_download(s, &resp, now, out, e);
	forget_part(s); /* complete: used, or bad and fetched whole next time */
	fetch_http_resp_clear(&resp);
	return rc;
}

static void note_result(struct fetch_source *s, int rc, int64_t now, struct fetch_outcome *out)
{
	if (rc == 0) {
		s->st.failures = 0;
		s->st.last_success = now;
		set_str(&s->st.last_error, NULL);
		return;
	}
	out->result = FETCH_FAILED;
	s->st.failures++;
	s->n.failed++;
	set_str(&s->st.last_error, out->e.msg);
}

static void report_staleness(struct fetch_source *s, int64_t now, struct fetch_outcome *out)
{
	out->age = fetch_source_age(s, now);
	out->stale = fetch_source_stale(s, now);
	if (!out->stale)
		return;
	if (out->age < 0)
		log_warn("fetch: %s (%s): stale: no good copy yet (max-age %ld s)", s->conf.name,
		         s->conf.url, s->conf.max_age);
	else
		log_warn("fetch: %s (%s): stale: content last changed %" PRId64
		         " s ago (max-age %ld s)",
		         s->conf.name, s->conf.url, out->age, s->conf.max_age);
}

int fetch_run_one(struct fetch_source *s, int64_t now, struct fetch_outcome *out)
{
	struct err e;
	int rc;

	memset(out, 0, sizeof *out);
	err_clear(&e);
	s->n.runs++;
	s->st.last_attempt = now;
	rc = transfer(s, now, out, &e);
	if (rc < 0)
		err_set(&out->e, "%s (%s): %s", s->conf.name, s->conf.url, e.msg);
	note_result(s, rc, now, out);
	if (fetch_state_save(&s->st, s->state_path, &e) < 0 && rc == 0) {
		err_set(&out->e, "%s (%s): %s", s->conf.name, s->conf.url, e.msg);
		out->result = FETCH_FAILED;
		rc = -1;
	}
	report_staleness(s, now, out);
	return rc;
}

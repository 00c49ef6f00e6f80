/* SPDX-License-Identifier: ISC */
/* fetch_http.c - one HTTP(S) GET with libcurl into a file: conditional
 * headers, Range with If-Range for resuming, the validators of the answer.
 * The file is opened only once the status is known, so an error page or a
 * 304 never touches what a broken-off transfer left. */
#include "fetch/fetch_internal.h"

#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/grow.h"

#ifndef MANRS_VERSION
#define MANRS_VERSION "0"
#endif

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_init_once(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct transfer {
	const struct fetch_http_req *req;
	struct fetch_http_resp *resp;
	CURL *c;
	FILE *f;
	int64_t range_start; /* from Content-Range, -1 none */
	char why[200];       /* our own reason for aborting the transfer */
};

void fetch_http_resp_clear(struct fetch_http_resp *resp)
{
	free(resp->etag);
	free(resp->last_modified);
	memset(resp, 0, sizeof *resp);
}

/* Value of header line "Name: value\r\n" when it is name, trimmed; else NULL. */
static char *header_value(const char *line, size_t n, const char *name)
{
	size_t nl = strlen(name);

	if (n <= nl + 1 || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return NULL;
	const char *v = line + nl + 1, *end = line + n;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
		end--;
	return strndup(v, (size_t)(end - v));
}

static void set_owned(char **dst, char *v)
{
	free(*dst);
	*dst = v;
}

static size_t on_header(char *buf, size_t size, size_t nitems, void *ctx)
{
	struct transfer *t = ctx;
	size_t n = size * nitems;
	char *v;

	if (n >= 5 && !strncmp(buf, "HTTP/", 5)) { /* a new response (redirect, 100) */
		set_owned(&t->resp->etag, NULL);
		set_owned(&t->resp->last_modified, NULL);
		t->range_start = -1;
	} else if ((v = header_value(buf, n, "ETag"))) {
		set_owned(&t->resp->etag, v);
	} else if ((v = header_value(buf, n, "Last-Modified"))) {
		set_owned(&t->resp->last_modified, v);
	} else if ((v = header_value(buf, n, "Content-Range"))) {
		unsigned long long start;
		if (sscanf(v, "bytes %llu-", &start) == 1)
			t->range_start = (int64_t)start;
		free(v);
	}
	return n;
}

/* Open the file for the body once the status is known. Returns 0 or -1. */
static int open_body(struct transfer *t)
{
	long status = 0;

	curl_easy_getinfo(t->c, CURLINFO_RESPONSE_CODE, &status);
	if (status == 206) {
		if (t->range_start != (int64_t)t->req->resume_from) {
			snprintf(t->why, sizeof t->why,
			         "server resumed at byte %" PRId64 ", not %" PRIu64, t->range_start,
			         t->req->resume_from);
			return -1;
		}
		t->resp->appended = true;
		t->f = fopen(t->req->path, "ab");
	} else {
		t->f = fopen(t->req->path, "wb");
	}
	if (!t->f)
		snprintf(t->why, sizeof t->why, "%s: %s", t->req->path, strerror(errno));
	return t->f ? 0 : -1;
}

static size_t on_body(char *buf, size_t size, size_t nmemb, void *ctx)
{
	struct transfer *t = ctx;
	size_t n = size * nmemb;

	if (!t->f && open_body(t) < 0)
		return 0;
	if (fwrite(buf, 1, n, t->f) != n) {
		snprintf(t->why, sizeof t->why, "%s: write failed: %s", t->req->path,
		         strerror(errno));
		return 0;
	}
	t->resp->bytes += n;
	return n;
}

static struct curl_slist *request_headers(const struct fetch_http_req *req)
{
	struct curl_slist *h = NULL, *next;
	char line[1024];

	if (req->resume_from > 0 && req->if_range) {
		snprintf(line, sizeof line, "If-Range: %s", req->if_range);
		if ((next = curl_slist_append(h, line)))
			h = next;
	} else {
		if (req->etag) {
			snprintf(line, sizeof line, "If-None-Match: %s", req->etag);
			if ((next = curl_slist_append(h, line)))
				h = next;
		}
		if (req->last_modified) {
			snprintf(line, sizeof line, "If-Modified-Since: %s", req->last_modified);
			if ((next = curl_slist_append(h, line)))
				h = next;
		}
	}
	return h;
}

static void set_options(struct transfer *t, struct curl_slist *hdrs, char *range, char *errbuf)
{
	const struct fetch_http_req *req = t->req;
	CURL *c = t->c;

	curl_easy_setopt(c, CURLOPT_URL, req->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "manrs-fetch/" MANRS_VERSION);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, req->timeout);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, req->connect_timeout);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, t);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, t);
	if (hdrs)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	/* CURLOPT_RANGE, not RESUME_FROM: a 200 (If-Range did not match) is
	 * then a whole new body rather than a curl error */
	if (range)
		curl_easy_setopt(c, CURLOPT_RANGE, range);
}

/* The reason a transfer failed, for the user. */
static int transfer_error(struct transfer *t, CURLcode rc, const char *errbuf, struct err *e)
{
	if (t->why[0])
		return err_set(e, "%s", t->why);
	switch (rc) {
	case CURLE_HTTP_RETURNED_ERROR:
		return err_set(e, "HTTP status %ld", t->resp->status);
	case CURLE_PARTIAL_FILE:
		return err_set(e, "transfer cut short after %" PRIu64 " bytes (%s)", t->resp->bytes,
		               errbuf[0] ? errbuf : curl_easy_strerror(rc));
	case CURLE_OPERATION_TIMEDOUT:
		return err_set(e, "timed out (%s)", errbuf[0] ? errbuf : curl_easy_strerror(rc));
	default:
		return err_set(e, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
	}
}

/* Flush and sync the body file; a fetch is only as good as what is on disk. */
static int close_body(struct transfer *t, struct err *e)
{
	int rc = 0;

	if (!t->f)
		return 0;
	if (fflush(t->f) != 0 || fsync(fileno(t->f)) != 0)
		rc = err_set(e, "%s: write failed: %s", t->req->path, strerror(errno));
	if (fclose(t->f) != 0 && rc == 0)
		rc = err_set(e, "%s: write failed: %s", t->req->path, strerror(errno));
	t->f = NULL;
	return rc;
}

int fetch_http_get(const struct fetch_http_req *req, struct fetch_http_resp *resp, struct err *e)
{
	struct transfer t = {.req = req, .resp = resp, .range_start = -1};
	char errbuf[CURL_ERROR_SIZE] = "", range[32];
	struct curl_slist *hdrs;
	CURLcode rc;

	memset(resp, 0, sizeof *resp);
	pthread_once(&curl_once, curl_init_once);
	if (!(t.c = curl_easy_init()))
		return err_set(e, "cannot start libcurl");
	snprintf(range, sizeof range, "%" PRIu64 "-", req->resume_from);
	hdrs = request_headers(req);
	set_options(&t, hdrs, req->resume_from > 0 ? range : NULL, errbuf);
	rc = curl_easy_perform(t.c);
	curl_easy_getinfo(t.c, CURLINFO_RESPONSE_CODE, &resp->status);
	curl_easy_cleanup(t.c);
	curl_slist_free_all(hdrs);
	if (close_body(&t, e) < 0)
		return -1;
	if (rc != CURLE_OK)
		return transfer_error(&t, rc, errbuf, e);
	if (resp->status == 304 || (resp->status >= 200 && resp->status < 300))
		return 0;
	return err_set(e, "unexpected HTTP status %ld", resp->status);
}

struct membuf {
	char *p;
	size_t n, cap, max;
};

static size_t on_mem(char *buf, size_t size, size_t nmemb, void *ctx)
{
	struct membuf *m = ctx;
	size_t n = size * nmemb;
	char *p;

	if (m->n + n > m->max || !(p = GROW(m->p, m->cap, m->n + n + 1)))
		return 0;
	memcpy(p + m->n, buf, n);
	m->p = p;
	m->n += n;
	m->p[m->n] = '\0';
	return n;
}

int fetch_http_get_mem(const char *url, long timeout, size_t max, char **buf, size_t *n,
                       struct err *e)
{
	struct membuf m = {.p = calloc(1, 1), .n = 0, .cap = 1, .max = max};
	char errbuf[CURL_ERROR_SIZE] = "";
	long status = 0;
	CURL *c;
	CURLcode rc;

	pthread_once(&curl_once, curl_init_once);
	if (!m.p || !(c = curl_easy_init())) {
		free(m.p);
		return err_set(e, "%s: out of memory", url);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_mem);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &m);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK) {
		free(m.p);
		if (rc == CURLE_HTTP_RETURNED_ERROR)
			return err_set(e, "%s: HTTP status %ld", url, status);
		if (rc == CURLE_WRITE_ERROR)
			return err_set(e, "%s: larger than %zu bytes", url, max);
		return err_set(e, "%s: %s", url, errbuf[0] ? errbuf : curl_easy_strerror(rc));
	}
	*buf = m.p;
	*n = m.n;
	return 0;
}

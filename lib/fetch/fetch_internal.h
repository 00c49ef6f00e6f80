/* SPDX-License-Identifier: ISC */
/* fetch_internal.h - the pieces of a fetch run, shared inside lib/fetch. */
#ifndef MANRS_FETCH_INTERNAL_H
#define MANRS_FETCH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* One GET into a file. */
struct fetch_http_req {
	const char *url;
	const char *path;                 /* body goes here (created, truncated or appended) */
	const char *etag, *last_modified; /* conditional GET validators, NULL none */
	uint64_t resume_from;             /* > 0: ask for the bytes from here on ... */
	const char *if_range;             /* ... of this version (ETag or date) only */
	long timeout, connect_timeout;    /* seconds */
};

struct fetch_http_resp {
	long status;                /* last response's status, 0 when none arrived */
	uint64_t bytes;             /* body bytes written this time */
	bool appended;              /* 206: bytes were appended to the file */
	char *etag, *last_modified; /* of the last response, owned, NULL none */
};

/* Run req. Returns 0 when a complete response arrived (2xx or 304; see
 * resp->status), -1 with e set otherwise (the file then holds what
 * arrived: the caller may resume from it). Free resp with
 * fetch_http_resp_clear. */
int fetch_http_get(const struct fetch_http_req *req, struct fetch_http_resp *resp, struct err *e);

/* GET a small document (at most max bytes) into a NUL-terminated heap
 * buffer. Returns 0 or -1 with e set. */
int fetch_http_get_mem(const char *url, long timeout, size_t max, char **buf, size_t *n,
                       struct err *e);

void fetch_http_resp_clear(struct fetch_http_resp *resp);

/* SHA-256 of a file as 64 lower-case hex digits into hex[65]. Returns 0 or
 * -1 with e set. */
int fetch_sha256_file(const char *path, char hex[65], struct err *e);

/* Find the checksum of file name base in a checksum document (sha256sum
 * output "HEX  NAME" / "HEX *NAME" lines, BSD "SHA256 (NAME) = HEX", or a
 * lone HEX). Returns 0 with hex[65] filled, -1 when absent. */
int fetch_sha256_find(const char *doc, const char *base, char hex[65]);

#endif

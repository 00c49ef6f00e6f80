/* SPDX-License-Identifier: ISC */
/* http_request.h - parse the head of an HTTP/1.x request (request line and
 * headers) for the small metrics endpoint: method, path, and whether a body
 * follows. Nothing is allocated; bodies are never accepted. */
#ifndef MANRS_HTTP_REQUEST_H
#define MANRS_HTTP_REQUEST_H

#include <stddef.h>

#define HTTP_MAX_PATH 256

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_OTHER };

struct http_request {
	enum http_method method;
	char path[HTTP_MAX_PATH];  /* without the query string */
	char query[HTTP_MAX_PATH]; /* after the '?', "" for none */
	int minor;                 /* the 1 of HTTP/1.1 */
	int has_body;              /* Content-Length > 0 or any Transfer-Encoding */
};

/* Length of the request head at the start of buf[0..n), through the empty
 * line that ends it ("\r\n\r\n" or "\n\n"); 0 while it is incomplete. */
size_t http_request_head_len(const char *buf, size_t n);

/* Parse a complete head buf[0..n) into req. Returns 0, or the HTTP status
 * to answer with: 400 (malformed), 414 (path or query too long), 505 (not HTTP/1.x). */
int http_request_parse(const char *buf, size_t n, struct http_request *req);

#endif

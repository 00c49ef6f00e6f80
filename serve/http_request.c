/* SPDX-License-Identifier: ISC */
/* http_request.c - HTTP/1.x request heads: request line, and the two
 * headers that announce a body. */
#include "http_request.h"

#include <string.h>
#include <strings.h>

size_t http_request_head_len(const char *buf, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if (buf[i] != '\n')
			continue;
		if (buf[i + 1] == '\n')
			return i + 2;
		if (i + 2 < n && buf[i + 1] == '\r' && buf[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* The next line of buf[*pos..n) without its "\r\n"; NULL at the end. */
static const char *next_line(const char *buf, size_t n, size_t *pos, size_t *len)
{
	if (*pos >= n)
		return NULL;
	const char *start = buf + *pos;
	const char *nl = memchr(start, '\n', n - *pos);
	size_t l = nl ? (size_t)(nl - start) : n - *pos;
	*pos += l + (nl ? 1 : 0);
	if (l && start[l - 1] == '\r')
		l--;
	*len = l;
	return start;
}

static enum http_method method_of(const char *s, size_t n)
{
	if (n == 3 && !memcmp(s, "GET", 3))
		return HTTP_GET;
	if (n == 4 && !memcmp(s, "HEAD", 4))
		return HTTP_HEAD;
	return HTTP_OTHER;
}

static int parse_request_line(const char *s, size_t n, struct http_request *req)
{
	const char *sp1 = memchr(s, ' ', n);
	if (!sp1 || sp1 == s)
		return 400;
	const char *target = sp1 + 1;
	const char *sp2 = memchr(target, ' ', n - (size_t)(target - s));
	if (!sp2 || sp2 == target)
		return 400;
	const char *ver = sp2 + 1;
	size_t vlen = n - (size_t)(ver - s);
	if (vlen != 8 || memcmp(ver, "HTTP/1.", 7) || ver[7] < '0' || ver[7] > '9')
		return 505;
	req->minor = ver[7] - '0';
	req->method = method_of(s, (size_t)(sp1 - s));
	size_t plen = (size_t)(sp2 - target);
	const char *q = memchr(target, '?', plen);
	req->query[0] = 0;
	if (q) {
		size_t qlen = plen - (size_t)(q - target) - 1;
		if (qlen >= sizeof req->query)
			return 414;
		memcpy(req->query, q + 1, qlen);
		req->query[qlen] = 0;
		plen = (size_t)(q - target);
	}
	if (plen >= sizeof req->path)
		return 414;
	for (size_t i = 0; i < plen; i++)
		if ((unsigned char)target[i] <= ' ' || target[i] == 0x7f)
			return 400;
	memcpy(req->path, target, plen);
	req->path[plen] = 0;
	return 0;
}

/* Header line name: value; note a body announced by it. */
static int parse_header(const char *s, size_t n, struct http_request *req)
{
	const char *colon = memchr(s, ':', n);
	if (!colon || colon == s)
		return 400;
	size_t nlen = (size_t)(colon - s);
	const char *v = colon + 1;
	size_t vlen = n - nlen - 1;
	while (vlen && (*v == ' ' || *v == '\t'))
		v++, vlen--;
	if (nlen == 17 && !strncasecmp(s, "Transfer-Encoding", 17))
		req->has_body = 1;
	if (nlen == 14 && !strncasecmp(s, "Content-Length", 14)) {
		if (!vlen)
			return 400;
		for (size_t i = 0; i < vlen; i++) {
			if (v[i] == ' ' || v[i] == '\t')
				break;
			if (v[i] < '0' || v[i] > '9')
				return 400;
			if (v[i] != '0')
				req->has_body = 1;
		}
	}
	return 0;
}

int http_request_parse(const char *buf, size_t n, struct http_request *req)
{
	memset(req, 0, sizeof *req);
	size_t pos = 0, len;
	const char *line = next_line(buf, n, &pos, &len);
	if (!line || !len)
		return 400;
	int st = parse_request_line(line, len, req);
	if (st)
		return st;
	while ((line = next_line(buf, n, &pos, &len)) && len)
		if ((st = parse_header(line, len, req)))
			return st;
	return 0;
}

/* SPDX-License-Identifier: ISC */
/* whois_client.c - IRRd query client: reply parser, buffering, pipelining,
 * over a stream the transport provides. */
#include "whois/whois_client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

ssize_t whois_reply_parse(const char *buf, size_t len, struct whois_reply *r, struct err *e)
{
	memset(r, 0, sizeof(*r));
	if (len == 0)
		return 0;
	const char *nl = memchr(buf, '\n', len);
	if (!nl) {
		if (len > 4096)
			return err_set(e, "offset 0: reply line longer than 4096 bytes");
		return 0;
	}
	size_t line = (size_t)(nl - buf);
	if (line == 0)
		return err_set(e, "offset 0: empty reply line");
	r->kind = buf[0];
	switch (buf[0]) {
	case 'C':
	case 'D':
	case 'E':
		return (ssize_t)line + 1;
	case 'F':
		r->msg = buf + 1;
		r->msglen = line - 1;
		while (r->msglen && (*r->msg == ' ')) {
			r->msg++;
			r->msglen--;
		}
		if (r->msglen && r->msg[r->msglen - 1] == '\r')
			r->msglen--;
		return (ssize_t)line + 1;
	case 'A':
		break;
	default:
		return err_set(e, "offset 0: unexpected reply '%.*s'", (int)(line > 40 ? 40 : line),
		               buf);
	}
	/* A<len>\n<data>C\n: the length counts the data bytes exactly */
	size_t n = 0, i = 1;
	for (; i < line && buf[i] >= '0' && buf[i] <= '9'; i++) {
		n = n * 10 + (size_t)(buf[i] - '0');
		if (n > WHOIS_MAX_REPLY)
			return err_set(e, "offset %zu: A reply of more than %u bytes", i,
			               WHOIS_MAX_REPLY);
	}
	if (i == 1 || (i != line && !(i + 1 == line && buf[i] == '\r')))
		return err_set(e, "offset %zu: bad A reply length", i);
	size_t start = line + 1;
	if (len - start < n)
		return 0;
	const char *end = buf + start + n;
	const char *nl2 = memchr(end, '\n', len - start - n);
	if (!nl2) {
		if (len - start - n > 4096)
			return err_set(e, "offset %zu: no end line after A data", start + n);
		return 0;
	}
	if (nl2 == end || (end[0] != 'C' && end[0] != 'D' && end[0] != 'E' && end[0] != 'F'))
		return err_set(e, "offset %zu: A data not followed by a status line", start + n);
	r->data = buf + start;
	r->len = n;
	return (ssize_t)(nl2 - buf) + 1;
}

void whois_client_init(struct whois_client *c, const struct whois_stream *io, const char *hostport)
{
	memset(c, 0, sizeof(*c));
	c->io = *io;
	snprintf(c->host, sizeof(c->host), "%s", hostport);
}

int whois_send(struct whois_client *c, const char *s, size_t n, struct err *e)
{
	while (n) {
		ssize_t w = c->io.write(c->io.ctx, s, n, e);
		if (w < 0)
			return -1;
		if (w > 0) {
			s += w;
			n -= (size_t)w;
			continue;
		}
		if (c->io.wait(c->io.ctx, 1, e) < 0)
			return -1;
	}
	return 0;
}

/* Read what is available into the buffer; 1 read, 0 EOF, -1 error, 2 would block. */
static int fill(struct whois_client *c, struct err *e)
{
	if (c->off && c->off == c->len)
		c->off = c->len = 0;
	if (c->cap - c->len < 65536) {
		if (c->off) {
			memmove(c->buf, c->buf + c->off, c->len - c->off);
			c->len -= c->off;
			c->off = 0;
		}
		if (c->cap - c->len < 65536) {
			size_t ncap = c->cap ? c->cap * 2 : 262144;
			if (ncap > WHOIS_MAX_REPLY + 65536u)
				return err_set(e, "%s: reply too large", c->host);
			char *nb = resize(c->buf, ncap, 1);
			if (!nb)
				return err_set(e, "out of memory");
			c->buf = nb;
			c->cap = ncap;
		}
	}
	ssize_t r = c->io.read(c->io.ctx, c->buf + c->len, c->cap - c->len, e);
	if (r > 0) {
		c->len += (size_t)r;
		return 1;
	}
	if (r == 0)
		return 0;
	return r == -2 ? 2 : -1;
}

/* Take one complete reply from the buffer if there is one: 1 yes, 0 no. */
static int take(struct whois_client *c, struct whois_reply *r, struct err *e)
{
	if (c->off == c->len)
		return 0; /* nothing buffered (buf may still be NULL) */
	ssize_t n = whois_reply_parse(c->buf + c->off, c->len - c->off, r, e);
	if (n < 0) {
		char msg[sizeof(e->msg)];
		snprintf(msg, sizeof(msg), "%s", e ? e->msg : "");
		return err_set(e, "%s: %s", c->host, msg);
	}
	if (n == 0)
		return 0;
	c->off += (size_t)n;
	return 1;
}

int whois_query(struct whois_client *c, const char *q, struct whois_reply *r, struct err *e)
{
	size_t len = strlen(q);
	char *line = malloc(len + 2);
	if (!line)
		return err_set(e, "out of memory");
	memcpy(line, q, len);
	line[len] = '\n';
	int rc = whois_send(c, line, len + 1, e);
	free(line);
	if (rc < 0)
		return -1;
	for (;;) {
		int t = take(c, r, e);
		if (t)
			return t < 0 ? -1 : 0;
		int f = fill(c, e);
		if (f < 0)
			return -1;
		if (f == 0)
			return err_set(e, "%s: connection closed by the server", c->host);
		if (f == 2 && c->io.wait(c->io.ctx, 0, e) < 0)
			return -1;
	}
}

int whois_pipeline(struct whois_client *c, const char *const *queries, size_t n, size_t window,
                   whois_reply_fn fn, void *ctx, struct err *e)
{
	size_t queued = 0, done = 0; /* queries put in the out buffer / answered */
	char *ob = NULL;             /* bytes to write: ob[ooff..olen) */
	size_t ooff = 0, olen = 0, ocap = 0;
	int rc = -1;
	if (window == 0)
		window = 1;
	while (done < n) {
		/* queue queries while the window allows, a bounded chunk at a time */
		while (queued < n && queued - done < window && olen - ooff < 65536) {
			size_t ql = strlen(queries[queued]);
			if (olen + ql + 1 > ocap) {
				if (ooff) {
					memmove(ob, ob + ooff, olen - ooff);
					olen -= ooff;
					ooff = 0;
				}
				size_t need = olen + ql + 1;
				char *nb = grow(ob, &ocap, need > 65536 ? need : 65536, 1);
				if (!nb) {
					err_set(e, "out of memory");
					goto out;
				}
				ob = nb;
			}
			memcpy(ob + olen, queries[queued], ql);
			ob[olen + ql] = '\n';
			olen += ql + 1;
			queued++;
		}
		if (ooff < olen) {
			ssize_t w = c->io.write(c->io.ctx, ob + ooff, olen - ooff, e);
			if (w < 0)
				goto out;
			ooff += (size_t)w;
		}
		/* hand over every complete reply */
		struct whois_reply r;
		int t;
		size_t before = done;
		while (done < queued && (t = take(c, &r, e)) != 0) {
			if (t < 0 || fn(ctx, done, &r, e))
				goto out;
			done++;
		}
		if (done == n)
			break;
		/* answers opened the window: send more before waiting */
		if (done > before && queued < n)
			continue;
		int f = fill(c, e);
		if (f < 0)
			goto out;
		if (f == 0) {
			err_set(e, "%s: connection closed by the server", c->host);
			goto out;
		}
		if (f == 2 && c->io.wait(c->io.ctx, ooff < olen, e) < 0)
			goto out;
	}
	rc = 0;
out:
	free(ob);
	return rc;
}

void whois_close(struct whois_client *c)
{
	if (c->io.ctx) {
		struct err ignored;
		(void)whois_send(c, "!q\n", 3, &ignored);
		c->io.close(c->io.ctx);
		c->io.ctx = NULL;
	}
	free(c->buf);
	c->buf = NULL;
	c->off = c->len = c->cap = 0;
}

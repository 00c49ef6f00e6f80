/* SPDX-License-Identifier: ISC */
/* ws_handshake.c - WebSocket client handshake: URL, request, answer check. */
#include "core/ws_handshake.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include <openssl/evp.h>
#include <openssl/sha.h>

static const char ws_guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

int ws_url_parse(const char *url, struct ws_url *u, struct err *e)
{
	memset(u, 0, sizeof(*u));
	const char *p;
	if (!strncasecmp(url, "ws://", 5)) {
		p = url + 5;
		u->port = 80;
	} else if (!strncasecmp(url, "wss://", 6)) {
		p = url + 6;
		u->tls = true;
		u->port = 443;
	} else {
		return err_set(e, "\"%s\": not a ws:// or wss:// URL", url);
	}
	const char *host = p, *host_end;
	if (*p == '[') {
		host = ++p;
		host_end = strchr(p, ']');
		if (!host_end)
			return err_set(e, "\"%s\": unterminated [IPv6] host", url);
		p = host_end + 1;
		u->host_is_v6 = true;
	} else {
		p += strcspn(p, ":/?#");
		host_end = p;
	}
	size_t hl = (size_t)(host_end - host);
	if (hl == 0 || hl >= sizeof(u->host))
		return err_set(e, "\"%s\": %s host", url, hl ? "overlong" : "empty");
	memcpy(u->host, host, hl);
	for (const char *c = u->host; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr(u->host_is_v6 ? ":.%" : ".-_", *c))
			return err_set(e, "\"%s\": bad character in the host", url);
	if (*p == ':') {
		char *end;
		unsigned long port = strtoul(p + 1, &end, 10);
		if (end == p + 1 || port == 0 || port > 65535)
			return err_set(e, "\"%s\": bad port", url);
		u->port = (unsigned)port;
		p = end;
	}
	if (*p && *p != '/' && *p != '?')
		return err_set(e, "\"%s\": unexpected \"%c\" after the host", url, *p);
	size_t pl = strcspn(p, "#");
	if (pl + 2 >= sizeof(u->path))
		return err_set(e, "\"%s\": overlong path", url);
	if (*p != '/')
		u->path[0] = '/';
	strncat(u->path, p, pl);
	for (const char *c = u->path; *c; c++)
		if ((unsigned char)*c <= ' ' || *c == 0x7f)
			return err_set(e, "\"%s\": space or control character in the path", url);
	return 0;
}

static void base64(const uint8_t *in, size_t n, char *out)
{
	EVP_EncodeBlock((unsigned char *)out, in, (int)n);
}

int ws_key_new(char key[WS_KEY_LEN + 1], struct err *e)
{
	uint8_t raw[16];
	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
		return err_set(e, "websocket: no random bytes for the key");
	base64(raw, sizeof(raw), key);
	return 0;
}

void ws_accept_for(const char *key, char accept[WS_ACCEPT_LEN + 1])
{
	char buf[128];
	int n = snprintf(buf, sizeof(buf), "%s%s", key, ws_guid);
	uint8_t md[SHA_DIGEST_LENGTH];
	SHA1((const unsigned char *)buf, (size_t)n, md);
	base64(md, sizeof(md), accept);
}

size_t ws_request(char *buf, size_t n, const struct ws_url *u, const char *key)
{
	bool default_port = u->port == (u->tls ? 443u : 80u);
	char port[8] = "";
	if (!default_port)
		snprintf(port, sizeof(port), ":%u", u->port);
	int len = snprintf(buf, n,
	                   "GET %s HTTP/1.1\r\nHost: %s%s%s%s\r\nUpgrade: websocket\r\n"
	                   "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
	                   "Sec-WebSocket-Version: 13\r\nUser-Agent: manrs\r\n\r\n",
	                   u->path, u->host_is_v6 ? "[" : "", u->host, u->host_is_v6 ? "]" : "",
	                   port, key);
	return len > 0 && (size_t)len < n ? (size_t)len : 0;
}

size_t ws_response_head_len(const char *buf, size_t n)
{
	for (size_t i = 3; i < n; i++)
		if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' &&
		    buf[i - 3] == '\r')
			return i + 1;
	return 0;
}

/* True when the comma-separated list v (length n) holds token tok. */
static bool has_token(const char *v, size_t n, const char *tok)
{
	size_t tl = strlen(tok);
	const char *end = v + n;
	while (v < end) {
		while (v < end && (*v == ' ' || *v == '\t' || *v == ','))
			v++;
		const char *s = v;
		while (v < end && *v != ',')
			v++;
		const char *t = v;
		while (t > s && (t[-1] == ' ' || t[-1] == '\t'))
			t--;
		if ((size_t)(t - s) == tl && !strncasecmp(s, tok, tl))
			return true;
	}
	return false;
}

int ws_response_check(const char *head, size_t len, const char *key, struct err *e)
{
	const char *end = head + len, *eol = memchr(head, '\n', len);
	if (!eol || len < 12 || strncmp(head, "HTTP/1.1 ", 9))
		return err_set(e, "websocket: not an HTTP/1.1 response");
	if (strncmp(head + 9, "101", 3)) {
		size_t sl = (size_t)(eol - head);
		while (sl > 0 && (head[sl - 1] == '\r'))
			sl--;
		return err_set(e, "websocket: server answered \"%.*s\" instead of 101",
		               (int)(sl > 120 ? 120 : sl), head);
	}
	bool upgrade = false, connection = false, accepted = false;
	char want[WS_ACCEPT_LEN + 1];
	ws_accept_for(key, want);
	for (const char *p = eol + 1; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if (le > p && le[-1] == '\r')
			le--;
		const char *colon = memchr(p, ':', (size_t)(le - p));
		if (colon) {
			size_t nlen = (size_t)(colon - p);
			const char *v = colon + 1;
			while (v < le && (*v == ' ' || *v == '\t'))
				v++;
			size_t vlen = (size_t)(le - v);
			while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
				vlen--;
			if (nlen == 7 && !strncasecmp(p, "Upgrade", 7))
				upgrade = has_token(v, vlen, "websocket");
			else if (nlen == 10 && !strncasecmp(p, "Connection", 10))
				connection = has_token(v, vlen, "upgrade");
			else if (nlen == 20 && !strncasecmp(p, "Sec-WebSocket-Accept", 20))
				accepted = vlen == WS_ACCEPT_LEN && !memcmp(v, want, WS_ACCEPT_LEN);
			else if (nlen == 24 && !strncasecmp(p, "Sec-WebSocket-Extensions", 24))
				return err_set(
				    e, "websocket: server chose an extension we did not offer");
			else if (nlen == 22 && !strncasecmp(p, "Sec-WebSocket-Protocol", 22))
				return err_set(
				    e, "websocket: server chose a subprotocol we did not offer");
		}
		p = nl ? nl + 1 : end;
	}
	if (!upgrade || !connection)
		return err_set(e, "websocket: response lacks \"%s\"",
		               !upgrade ? "Upgrade: websocket" : "Connection: Upgrade");
	if (!accepted)
		return err_set(e, "websocket: wrong or missing Sec-WebSocket-Accept");
	return 0;
}

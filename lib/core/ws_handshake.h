/* SPDX-License-Identifier: ISC */
/* ws_handshake.h - the client side of the WebSocket opening handshake
 * (RFC 6455 section 4): ws:// and wss:// URLs, the upgrade request, and the
 * check of the server's answer including Sec-WebSocket-Accept (SHA-1 and
 * base64 from OpenSSL's libcrypto). No I/O. */
#ifndef MANRS_WS_HANDSHAKE_H
#define MANRS_WS_HANDSHAKE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct ws_url {
	bool tls;        /* wss:// */
	char host[256];  /* without brackets for an IPv6 literal */
	unsigned port;   /* 80 / 443 unless given */
	char path[1024]; /* path and query, "/" when empty */
	bool host_is_v6; /* bracketed literal: the Host header needs brackets */
};

/* Parse "ws://host[:port][/path][?query]" or "wss://...". Returns 0 or -1
 * with e quoting the URL. */
int ws_url_parse(const char *url, struct ws_url *u, struct err *e);

#define WS_KEY_LEN 24    /* base64 of 16 random bytes */
#define WS_ACCEPT_LEN 28 /* base64 of a SHA-1 */

/* A fresh Sec-WebSocket-Key (NUL-terminated). Returns 0 or -1 with e set. */
int ws_key_new(char key[WS_KEY_LEN + 1], struct err *e);

/* The Sec-WebSocket-Accept a server must answer for key. */
void ws_accept_for(const char *key, char accept[WS_ACCEPT_LEN + 1]);

/* Write the upgrade request for u and key into buf. Returns its length, or
 * 0 when it does not fit. */
size_t ws_request(char *buf, size_t n, const struct ws_url *u, const char *key);

/* Check a complete response head (status line and headers, up to and
 * including the empty line): 101, Upgrade: websocket, Connection: Upgrade,
 * the right Sec-WebSocket-Accept, no extension or subprotocol we did not
 * ask for. Returns 0 or -1 with e saying what was wrong. */
int ws_response_check(const char *head, size_t len, const char *key, struct err *e);

/* Length of the response head in buf (through "\r\n\r\n"), or 0 when it
 * is not complete yet. */
size_t ws_response_head_len(const char *buf, size_t n);

#endif

/* SPDX-License-Identifier: ISC */
/* fetch_sha256.c - SHA-256 of a downloaded file, and finding the published
 * checksum of a file in a .sha256 or SHA256SUMS document. */
#include "fetch/fetch_internal.h"

#include <ctype.h>
#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

int fetch_sha256_file(const char *path, char hex[65], struct err *e)
{
	unsigned char buf[1 << 16], md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	FILE *f = fopen(path, "rb");
	EVP_MD_CTX *ctx;
	size_t n;
	int rc = 0;

	if (!f)
		return err_set(e, "%s: %s", path, strerror(errno));
	if (!(ctx = EVP_MD_CTX_new()) || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(ctx);
		fclose(f);
		return err_set(e, "%s: cannot start SHA-256", path);
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (EVP_DigestUpdate(ctx, buf, n) != 1)
			break;
	if (ferror(f) || !feof(f) || EVP_DigestFinal_ex(ctx, md, &mdlen) != 1)
		rc = err_set(e, "%s: read failed while hashing", path);
	EVP_MD_CTX_free(ctx);
	fclose(f);
	for (unsigned i = 0; rc == 0 && i < mdlen && i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return rc;
}

/* True when p starts with exactly 64 hex digits (then a space, '*', '\n' or end). */
static int is_hex64(const char *p)
{
	for (int i = 0; i < 64; i++)
		if (!isxdigit((unsigned char)p[i]))
			return 0;
	return p[64] == '\0' || isspace((unsigned char)p[64]) || p[64] == '*';
}

static void copy_hex(const char *p, char hex[65])
{
	for (int i = 0; i < 64; i++)
		hex[i] = (char)tolower((unsigned char)p[i]);
	hex[64] = '\0';
}

/* The file name a line names: after "HEX  " or "HEX *", to the line end. */
static int line_names(const char *name, size_t n, const char *base)
{
	const char *slash;

	while (n > 0 && (name[n - 1] == '\r' || name[n - 1] == ' '))
		n--;
	/* "./dir/file" or "dir/file" names file too */
	for (slash = memchr(name, '/', n); slash; slash = memchr(name, '/', n)) {
		n -= (size_t)(slash + 1 - name);
		name = slash + 1;
	}
	return strlen(base) == n && !memcmp(name, base, n);
}

static int match_line(const char *line, size_t n, const char *base, char hex[65], int *lone)
{
	const char *bsd = "SHA256 (";
	size_t bl = strlen(bsd);

	if (n >= 64 && is_hex64(line)) {
		const char *name = line + 64;
		while (name < line + n && (*name == ' ' || *name == '\t' || *name == '*'))
			name++;
		if (name >= line + n || *name == '\r') {
			copy_hex(line, hex); /* a lone checksum: the document is about one file */
			*lone = 1;
			return 0;
		}
		if (line_names(name, (size_t)(line + n - name), base)) {
			copy_hex(line, hex);
			return 1;
		}
		return 0;
	}
	if (n > bl + 68 && !memcmp(line, bsd, bl)) {
		const char *close = memchr(line + bl, ')', n - bl);
		if (close && line + n - close >= 68 && !memcmp(close, ") = ", 4) &&
		    is_hex64(close + 4) &&
		    line_names(line + bl, (size_t)(close - line - bl), base)) {
			copy_hex(close + 4, hex);
			return 1;
		}
	}
	return 0;
}

int fetch_sha256_find(const char *doc, const char *base, char hex[65])
{
	char lone_hex[65] = "";
	int lone = 0, nlines = 0;

	for (const char *p = doc; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		int one = 0;
		if (n > 0)
			nlines++;
		if (match_line(p, n, base, lone_hex, &one) == 1) {
			memcpy(hex, lone_hex, 65);
			return 0;
		}
		lone |= one;
		p += n + (nl != NULL);
	}
	if (lone && nlines == 1) {
		memcpy(hex, lone_hex, 65);
		return 0;
	}
	return -1;
}

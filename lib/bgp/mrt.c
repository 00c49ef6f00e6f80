/* SPDX-License-Identifier: ISC */
/* mrt.c - MRT record framing over lib/core/reader. */
#include "bgp/mrt.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/wire.h"
#include "core/reader.h"

struct mrt_reader {
	struct reader *in; /* NULL when reading from memory */
	const uint8_t *mem;
	size_t mem_len;
	uint64_t off;   /* decoded offset of the next record */
	size_t pending; /* bytes of the last record still to consume */
	bool done;
	bool framed; /* a record was framed: the input is MRT */
	unsigned long warnings;
	mrt_warn_fn warn;
	void *warn_ctx;
	char name[256];
};

static struct mrt_reader *alloc_reader(const char *name, struct err *e)
{
	struct mrt_reader *r = calloc(1, sizeof *r);
	if (!r) {
		err_set(e, "%s: out of memory", name);
		return NULL;
	}
	snprintf(r->name, sizeof r->name, "%s", name);
	return r;
}

struct mrt_reader *mrt_reader_open(const char *path, struct err *e)
{
	struct mrt_reader *r = alloc_reader(path, e);
	if (!r)
		return NULL;
	r->in = reader_open(path, e);
	if (!r->in) {
		free(r);
		return NULL;
	}
	snprintf(r->name, sizeof r->name, "%s", reader_name(r->in));
	return r;
}

struct mrt_reader *mrt_reader_open_mem(const uint8_t *data, size_t n, const char *name,
                                       struct err *e)
{
	struct mrt_reader *r = alloc_reader(name, e);
	if (!r)
		return NULL;
	r->mem = data;
	r->mem_len = n;
	return r;
}

void mrt_reader_close(struct mrt_reader *r)
{
	if (!r)
		return;
	reader_close(r->in);
	free(r);
}

void mrt_reader_set_warn(struct mrt_reader *r, mrt_warn_fn fn, void *ctx)
{
	r->warn = fn;
	r->warn_ctx = ctx;
}

void mrt_reader_warn(struct mrt_reader *r, uint64_t offset, const char *fmt, ...)
{
	r->warnings++;
	if (!r->warn)
		return;
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	struct err e;
	err_at_offset(&e, r->name, offset, "%s", msg);
	r->warn(r->warn_ctx, &e);
}

unsigned long mrt_reader_warnings(const struct mrt_reader *r)
{
	return r->warnings;
}

const char *mrt_reader_name(const struct mrt_reader *r)
{
	return r->name;
}

uint64_t mrt_reader_offset(const struct mrt_reader *r)
{
	return r->off;
}

/* True when the n bytes look like text (a config file, RPSL, /etc/passwd)
 * rather than an MRT header, whose time and length hold binary bytes. */
static bool looks_like_text(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isprint(p[i]) && !isspace(p[i]))
			return false;
	return true;
}

/* The first header does not frame an MRT record: say what was seen at
 * offset 0 instead of a record-length error. */
static int not_mrt(struct mrt_reader *r, const uint8_t *h, size_t n, struct err *e)
{
	char seen[3 * MRT_HEADER_LEN + 1];
	size_t k = 0;
	bool text = looks_like_text(h, n);
	for (size_t i = 0; i < n && i < MRT_HEADER_LEN; i++)
		k += (size_t)snprintf(seen + k, sizeof seen - k, text ? "%c" : "%02x",
		                      text ? (isprint(h[i]) ? h[i] : ' ') : h[i]);
	r->done = true;
	err_set(e, "%s: not an MRT file: offset 0 holds %s \"%s\", not an MRT record header",
	        r->name, text ? "text" : "bytes", seen);
	return -1;
}

/* Make n bytes at the current position available. */
static const uint8_t *peek(struct mrt_reader *r, size_t n, size_t *avail, struct err *e)
{
	if (!r->in) {
		size_t left = r->mem_len - (size_t)r->off;
		*avail = left < n ? left : n;
		return r->mem + r->off;
	}
	return reader_peek(r->in, n, avail, e);
}

static void consume(struct mrt_reader *r, size_t n)
{
	if (r->in)
		reader_consume(r->in, n);
	r->off += n;
}

/* The fixed 12-byte MRT header (RFC 6396 section 2). */
struct mrt_header {
	uint32_t time;
	uint16_t type, subtype;
	uint32_t len;
};

/* Decode the header at h, which holds at least MRT_HEADER_LEN bytes. */
static void parse_header(const uint8_t *h, struct mrt_header *hd)
{
	struct wire_cur c = wire_cur_make(h, MRT_HEADER_LEN);
	wire_get_u32(&c, &hd->time);
	wire_get_u16(&c, &hd->type);
	wire_get_u16(&c, &hd->subtype);
	wire_get_u32(&c, &hd->len);
}

int mrt_reader_next(struct mrt_reader *r, struct mrt_record *rec, struct err *e)
{
	if (r->pending) {
		consume(r, r->pending);
		r->pending = 0;
	}
	if (r->done)
		return 0;
	size_t avail;
	const uint8_t *h = peek(r, MRT_HEADER_LEN, &avail, e);
	if (!h)
		return -1;
	if (avail == 0) {
		r->done = true;
		return 0;
	}
	if (avail < MRT_HEADER_LEN) {
		mrt_reader_warn(r, r->off, "truncated MRT header (%zu of 12 bytes)", avail);
		r->done = true;
		return 0;
	}
	struct mrt_header hd;
	parse_header(h, &hd);
	uint32_t len = hd.len;
	bool first_unknown = !r->framed && !mrt_type_name(hd.type);
	if (first_unknown && looks_like_text(h, MRT_HEADER_LEN))
		return not_mrt(r, h, MRT_HEADER_LEN, e);
	if (len > MRT_MAX_RECORD && first_unknown)
		return not_mrt(r, h, MRT_HEADER_LEN, e);
	if (len > MRT_MAX_RECORD) {
		mrt_reader_warn(r, r->off, "MRT record length %u is implausible; stopping", len);
		r->done = true;
		return 0;
	}
	size_t total = MRT_HEADER_LEN + (size_t)len;
	const uint8_t *p = peek(r, total, &avail, e);
	if (!p)
		return -1;
	if (avail < total && first_unknown)
		return not_mrt(r, p, MRT_HEADER_LEN, e);
	if (avail < total) {
		mrt_reader_warn(r, r->off,
		                "truncated MRT record: length %u but only %zu bytes left", len,
		                avail - MRT_HEADER_LEN);
		r->done = true;
		return 0;
	}
	struct wire_cur body = wire_cur_make(p + MRT_HEADER_LEN, len);
	rec->time = hd.time;
	rec->type = hd.type;
	rec->subtype = hd.subtype;
	rec->offset = r->off;
	rec->body = body.p;
	rec->len = len;
	rec->usec = 0;
	rec->et = false;
	if (rec->type == MRT_BGP4MP_ET) {
		rec->et = true;
		if (wire_get_u32(&body, &rec->usec)) {
			rec->body = body.p;
			rec->len -= 4;
		} else {
			mrt_reader_warn(r, r->off, "BGP4MP_ET record too short (%u bytes)", len);
			rec->len = 0;
		}
	}
	r->pending = total;
	r->framed = true;
	return 1;
}

const char *mrt_type_name(uint16_t type)
{
	static const struct {
		uint16_t type;
		const char *name;
	} names[] = {
	    {5, "BGP"},
	    {11, "OSPFv2"},
	    {MRT_TABLE_DUMP, "TABLE_DUMP"},
	    {MRT_TABLE_DUMP_V2, "TABLE_DUMP_V2"},
	    {MRT_BGP4MP, "BGP4MP"},
	    {MRT_BGP4MP_ET, "BGP4MP_ET"},
	    {32, "ISIS"},
	    {33, "ISIS_ET"},
	    {48, "OSPFv3"},
	    {49, "OSPFv3_ET"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].type == type)
			return names[i].name;
	return NULL;
}

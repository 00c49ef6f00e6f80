/* SPDX-License-Identifier: ISC */
/* rpki_load.c - open a source, detect its format from content, load it into
 * a set atomically (a failed load leaves the set as it was). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/grow.h"
#include "rpki/rpki_load.h"

/* IPv4 is most of every VRP file; parse it by hand rather than through
 * inet_pton and a copy. IPv6 goes through the core parser. */
static int parse_v4(const char *s, struct prefix *p)
{
	uint32_t a = 0;
	for (int i = 0; i < 4; i++) {
		unsigned v = 0, nd = 0;
		while (*s >= '0' && *s <= '9' && nd < 4) {
			v = v * 10 + (unsigned)(*s++ - '0');
			nd++;
		}
		if (nd == 0 || nd > 3 || v > 255)
			return -1;
		a = a << 8 | v;
		if (i < 3 && *s++ != '.')
			return -1;
	}
	if (*s++ != '/')
		return -1;
	unsigned len = 0, nd = 0;
	while (*s >= '0' && *s <= '9' && nd < 3) {
		len = len * 10 + (unsigned)(*s++ - '0');
		nd++;
	}
	if (*s || nd == 0 || len > 32)
		return -1;
	if (len < 32 && (a & (0xffffffffu >> len)))
		return -1; /* host bits set */
	memset(p, 0, sizeof *p);
	p->family = 4;
	p->len = (uint8_t)len;
	p->addr[0] = (uint8_t)(a >> 24);
	p->addr[1] = (uint8_t)(a >> 16);
	p->addr[2] = (uint8_t)(a >> 8);
	p->addr[3] = (uint8_t)a;
	return 0;
}

int rpki_parse_prefix(const char *str, struct prefix *p)
{
	if (!strchr(str, ':'))
		return parse_v4(str, p);
	return prefix_parse(str, p, NULL);
}

int rpki_lines_next(struct rpki_lines *ls, char **line, struct err *e)
{
	if (ls->r) {
		size_t len;
		int r = reader_getline(ls->r, line, &len, e);
		ls->lineno = reader_lineno(ls->r);
		return r;
	}
	if (ls->p >= ls->end)
		return 0;
	const char *nl = memchr(ls->p, '\n', (size_t)(ls->end - ls->p));
	size_t n = nl ? (size_t)(nl - ls->p) : (size_t)(ls->end - ls->p);
	char *b = grow(ls->line, &ls->cap, n + 1, 1);
	if (!b)
		return err_set(e, "%s: out of memory", ls->name);
	ls->line = b;
	memcpy(ls->line, ls->p, n);
	if (n && ls->line[n - 1] == '\r')
		n--;
	ls->line[n] = 0;
	ls->p = nl ? nl + 1 : ls->end;
	ls->lineno++;
	*line = ls->line;
	return 1;
}

/* JSON when the first non-blank byte (after a UTF-8 BOM) is '{'; router
 * configuration when it starts with a BIRD/OpenBGPD keyword; CSV otherwise. */
static enum rpki_format detect(const uint8_t *b, size_t n)
{
	size_t i = 0;
	if (n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf)
		i = 3;
	if (rpki_conf_detect(b + i, n - i))
		return RPKI_FMT_CONF;
	while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
		i++;
	return i < n && b[i] == '{' ? RPKI_FMT_JSON : RPKI_FMT_CSV;
}

static size_t skip_bom(const uint8_t *b, size_t n)
{
	return n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf ? 3 : 0;
}

/* Run one loader; on failure roll back to the state before. */
static int load(struct rpki_set *s, struct reader *r, const void *buf, size_t n, const char *name,
                enum rpki_format fmt, struct err *e)
{
	size_t nv = s->nvrps, na = s->naspas;
	int64_t gen = s->generated;
	size_t nrej = s->nrejected;
	size_t nexp_v = s->nexpired_vrps, nexp_a = s->nexpired_aspas;
	int64_t now = s->now;
	int rc;
	if (fmt == RPKI_FMT_AUTO) {
		if (r) {
			size_t avail = 0;
			const uint8_t *p = reader_peek(r, 4096, &avail, e);
			if (!p)
				return -1;
			fmt = detect(p, avail);
		} else {
			fmt = buf ? detect(buf, n) : RPKI_FMT_JSON;
		}
	}
	if (r) {
		size_t avail = 0;
		const uint8_t *p = reader_peek(r, 3, &avail, e);
		if (!p)
			return -1;
		reader_consume(r, skip_bom(p, avail));
	} else {
		size_t k = buf ? skip_bom(buf, n) : 0;
		if (k) {
			buf = (const uint8_t *)buf + k;
			n -= k;
		}
	}
	/* One clock reading per file: every entry is judged at the same time. */
	if (!s->now)
		s->now = (int64_t)time(NULL);
	if (fmt == RPKI_FMT_CSV || fmt == RPKI_FMT_CONF) {
		struct rpki_lines ls = {
		    .r = r, .p = buf, .end = buf ? (const char *)buf + n : NULL, .name = name};
		rc = fmt == RPKI_FMT_CSV ? rpki_csv_load(s, &ls, e) : rpki_conf_load(s, &ls, e);
		free(ls.line);
	} else {
		struct jlex *lx = malloc(sizeof *lx);
		if (!lx)
			return err_set(e, "%s: out of memory", name);
		if (r)
			jlex_init_reader(lx, r, name, e);
		else
			jlex_init_buffer(lx, buf, n, name, e);
		rc = rpki_json_load(s, lx, fmt == RPKI_FMT_SLURM);
		free(lx);
	}
	s->now = now;
	if (rc < 0) {
		rpki_set_truncate(s, nv, na);
		s->nexpired_vrps = nexp_v;
		s->nexpired_aspas = nexp_a;
		s->generated = gen;
		s->nrejected = nrej;
		if (!nrej)
			s->reject_msg[0] = 0;
		return -1;
	}
	s->nsources++;
	return 0;
}

int rpki_set_load_buffer(struct rpki_set *s, const void *buf, size_t n, const char *name,
                         enum rpki_format fmt, struct err *e)
{
	return load(s, NULL, buf, n, name ? name : "buffer", fmt, e);
}

int rpki_set_load_file_format(struct rpki_set *s, const char *path, enum rpki_format fmt,
                              struct err *e)
{
	struct reader *r = reader_open(path, e);
	if (!r)
		return -1;
	int rc = load(s, r, NULL, 0, reader_name(r), fmt, e);
	reader_close(r);
	return rc;
}

int rpki_set_load_file(struct rpki_set *s, const char *path, struct err *e)
{
	return rpki_set_load_file_format(s, path, RPKI_FMT_AUTO, e);
}

int rpki_set_apply_slurm(struct rpki_set *s, const char *path, struct err *e)
{
	return rpki_set_load_file_format(s, path, RPKI_FMT_SLURM, e);
}

int rpki_reject(struct rpki_set *s, struct jlex *lx, unsigned long line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (lx->strict) {
		lx->line = line;
		return jlex_fail(lx, "%s", msg);
	}
	rpki_note_reject(s, lx->name, line, msg);
	return 0;
}

void rpki_note_reject(struct rpki_set *s, const char *name, unsigned long line, const char *msg)
{
	if (s->nrejected++ == 0)
		snprintf(s->reject_msg, sizeof s->reject_msg, "%.200s:%lu: %.250s", name, line,
		         msg);
}

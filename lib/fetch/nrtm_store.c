/* SPDX-License-Identifier: ISC */
/* nrtm_store.c - the mirrored objects of an NRTM source: RPSL text by
 * primary key (an open-addressing hash to an object slot), so journal
 * operations apply in constant time; written back in first-seen order. */
#include "fetch/nrtm.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/atomic_file.h"
#include "core/reader.h"
#include "irr/irr_db.h"

#define KEY_MAX 512

struct nrtm_obj {
	char *text; /* NULL once deleted (the slot is reused by a later ADD) */
	size_t len;
	char *key;
};

struct nrtm_store {
	struct nrtm_obj *obj;
	size_t nobj, cap, live;
	size_t *slot; /* hash: object index + 1, 0 = empty */
	size_t nslot;
};

struct nrtm_store *nrtm_store_new(void)
{
	return calloc(1, sizeof(struct nrtm_store));
}

void nrtm_store_free(struct nrtm_store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nobj; i++) {
		free(s->obj[i].text);
		free(s->obj[i].key);
	}
	free(s->obj);
	free(s->slot);
	free(s);
}

size_t nrtm_store_count(const struct nrtm_store *s)
{
	return s->live;
}

/* Value of attribute name in obj, whitespace and comments removed, upper case. */
static int attr_value(const char *obj, size_t len, const char *name, char *out, size_t cap)
{
	size_t nl = strlen(name);

	for (const char *p = obj, *end = obj + len; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
		if (n > nl && p[nl] == ':' && !strncasecmp(p, name, nl)) {
			size_t o = 0;
			for (size_t i = nl + 1; i < n && p[i] != '#'; i++)
				if (!isspace((unsigned char)p[i]) && o + 1 < cap)
					out[o++] = (char)toupper((unsigned char)p[i]);
			out[o] = '\0';
			return o > 0 ? 0 : -1;
		}
		p += n + 1;
	}
	return -1;
}

int nrtm_object_key(const char *obj, size_t len, char *key, size_t cap)
{
	const char *colon = memchr(obj, ':', len);
	char cls[64], v[KEY_MAX], extra[KEY_MAX] = "";
	size_t cl = colon ? (size_t)(colon - obj) : 0;

	if (cl == 0 || cl >= sizeof cls)
		return -1;
	for (size_t i = 0; i < cl; i++)
		cls[i] = (char)tolower((unsigned char)obj[i]);
	cls[cl] = '\0';
	if (strpbrk(cls, " \t\n") || attr_value(obj, len, cls, v, sizeof v) < 0)
		return -1;
	/* route objects are keyed by prefix and origin; persons and roles by nic-hdl */
	if (!strcmp(cls, "route") || !strcmp(cls, "route6")) {
		if (attr_value(obj, len, "origin", extra, sizeof extra) < 0)
			return -1;
	} else if (!strcmp(cls, "person") || !strcmp(cls, "role")) {
		if (attr_value(obj, len, "nic-hdl", v, sizeof v) < 0)
			return -1;
	}
	int n = snprintf(key, cap, "%s %s%s%s", cls, v, extra[0] ? " " : "", extra);
	return n > 0 && (size_t)n < cap ? 0 : -1;
}

static uint64_t hash_key(const char *k)
{
	uint64_t h = 1469598103934665603ull;

	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ull;
	return h;
}

/* The hash slot of key: its object's, or the empty one it would take. */
static size_t *find_slot(const struct nrtm_store *s, const char *key)
{
	size_t mask = s->nslot - 1;

	for (size_t i = hash_key(key) & mask;; i = (i + 1) & mask) {
		size_t *sl = &s->slot[i];
		if (*sl == 0 || !strcmp(s->obj[*sl - 1].key, key))
			return sl;
	}
}

static int grow_hash(struct nrtm_store *s)
{
	size_t n = s->nslot ? s->nslot * 2 : 1024;
	size_t *old = s->slot, oldn = s->nslot;

	if (!(s->slot = calloc(n, sizeof *s->slot))) {
		s->slot = old;
		return -1;
	}
	s->nslot = n;
	for (size_t i = 0; i < oldn; i++)
		if (old[i])
			*find_slot(s, s->obj[old[i] - 1].key) = old[i];
	free(old);
	return 0;
}

static int put(struct nrtm_store *s, const char *key, const char *text, size_t len, bool *existed)
{
	if ((s->nobj + 1) * 2 > s->nslot && grow_hash(s) < 0)
		return -1;
	size_t *sl = find_slot(s, key);
	char *copy = strndup(text, len);
	if (!copy)
		return -1;
	if (*sl) {
		struct nrtm_obj *o = &s->obj[*sl - 1];
		*existed = o->text != NULL;
		s->live += !*existed;
		free(o->text);
		o->text = copy;
		o->len = len;
		return 0;
	}
	if (s->nobj == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 256;
		struct nrtm_obj *p = reallocarray(s->obj, ncap, sizeof *p);
		if (!p) {
			free(copy);
			return -1;
		}
		s->obj = p;
		s->cap = ncap;
	}
	struct nrtm_obj *o = &s->obj[s->nobj];
	if (!(o->key = strdup(key))) {
		free(copy);
		return -1;
	}
	o->text = copy;
	o->len = len;
	*sl = ++s->nobj;
	s->live++;
	*existed = false;
	return 0;
}

static bool del(struct nrtm_store *s, const char *key)
{
	if (s->nslot == 0)
		return false;
	size_t *sl = find_slot(s, key);
	if (!*sl || !s->obj[*sl - 1].text)
		return false;
	free(s->obj[*sl - 1].text);
	s->obj[*sl - 1].text = NULL;
	s->live--;
	return true;
}

int nrtm_store_apply(struct nrtm_store *s, const struct nrtm_op *ops, size_t n,
                     unsigned long *missing_del, unsigned long *replaced, struct err *e)
{
	char key[KEY_MAX];
	bool existed;

	for (size_t i = 0; i < n; i++) {
		if (nrtm_object_key(ops[i].obj, ops[i].len, key, sizeof key) < 0)
			return err_set(e, "serial %llu: object without a primary key",
			               (unsigned long long)ops[i].serial);
		if (!ops[i].add) {
			if (!del(s, key) && missing_del)
				(*missing_del)++;
			continue;
		}
		if (put(s, key, ops[i].obj, ops[i].len, &existed) < 0)
			return err_set(e, "serial %llu: out of memory",
			               (unsigned long long)ops[i].serial);
		if (existed && replaced)
			(*replaced)++;
	}
	return 0;
}

/* Split RPSL text into objects (blank-line separated; comment lines outside
 * objects skipped) and add each. */
static long add_text(struct nrtm_store *s, const char *buf, size_t n, const char *path,
                     struct err *e)
{
	const char *p = buf, *end = buf + n;
	long count = 0;
	char key[KEY_MAX];
	bool existed;

	while (p < end) {
		while (p < end && (*p == '\n' || *p == '\r' || *p == '%' || *p == '#')) {
			if (*p == '%' || *p == '#')
				p = memchr(p, '\n', (size_t)(end - p)) ?: end;
			else
				p++;
		}
		if (p >= end)
			break;
		const char *start = p, *stop = end;
		for (const char *q = p; q < end; q++)
			if (*q == '\n' && (q + 1 == end || q[1] == '\n' ||
			                   (q[1] == '\r' && q + 2 < end && q[2] == '\n'))) {
				stop = q;
				break;
			}
		p = stop;
		if (nrtm_object_key(start, (size_t)(stop - start), key, sizeof key) < 0)
			continue; /* not an object with a key: lib/irr warns about such when loading
			           */
		if (put(s, key, start, (size_t)(stop - start), &existed) < 0)
			return err_set(e, "%s: out of memory", path);
		count++;
	}
	return count;
}

long nrtm_store_load(struct nrtm_store *s, const char *path, struct err *e)
{
	size_t n;
	char *buf = reader_slurp(path, SIZE_MAX, &n, e); /* a mirror has no size cap */
	if (!buf)
		return -1;
	long rc = add_text(s, buf, n, path, e);
	free(buf);
	return rc;
}

static int write_objects(const struct nrtm_store *s, FILE *f)
{
	bool first = true;

	for (size_t i = 0; i < s->nobj; i++) {
		if (!s->obj[i].text)
			continue;
		if ((!first && fputc('\n', f) == EOF) ||
		    fwrite(s->obj[i].text, 1, s->obj[i].len, f) != s->obj[i].len ||
		    fputc('\n', f) == EOF)
			return -1;
		first = false;
	}
	return 0;
}

int nrtm_store_write(const struct nrtm_store *s, const char *path, struct err *e)
{
	struct atomic_file af;

	if (atomic_file_open(&af, path, e) < 0)
		return -1;
	if (write_objects(s, af.f) < 0) {
		atomic_file_abort(&af);
		return err_set(e, "%s: write failed", path);
	}
	return atomic_file_commit(&af, e);
}

int nrtm_store_build_db(const struct nrtm_store *s, const char *source, struct irr_db **db,
                        struct err *e)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	int rc;

	*db = NULL;
	if (!f)
		return err_set(e, "out of memory");
	rc = write_objects(s, f);
	if (fclose(f) != 0 || rc < 0) {
		free(buf);
		return err_set(e, "out of memory");
	}
	if (!(*db = irr_db_new())) {
		free(buf);
		return err_set(e, "out of memory");
	}
	rc = irr_db_load_buffer(*db, buf, n, source, source, e);
	if (rc == 0)
		rc = irr_db_finish(*db, e);
	free(buf);
	if (rc < 0) {
		irr_db_free(*db);
		*db = NULL;
	}
	return rc;
}

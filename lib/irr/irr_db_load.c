/* SPDX-License-Identifier: ISC */
/* irr_db_load.c - loading RPSL objects (files, directories, buffers) into
 * the IRR database. */
#include "irr/irr_db.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/grow.h"
#include "core/reader.h"
#include "irr/irr_internal.h"
#include "irr/rpsl.h"

/* DB_GROWER(arr, n, cap) defines db_grow_arr(db): room in db->arr for one
 * more element, first capacity 1024 (irr_db_memory() reports capacities).
 * Returns 0, or -1 (memory) with the array untouched. */
#define DB_GROWER(arr, n, cap)                                                                     \
	static int db_grow_##arr(struct irr_db *db)                                                \
	{                                                                                          \
		void *v =                                                                          \
		    grow(db->arr, &db->cap, db->n + 1 > 1024 ? db->n + 1 : 1024, sizeof *db->arr); \
		if (!v)                                                                            \
			return -1;                                                                 \
		db->arr = v;                                                                       \
		return 0;                                                                          \
	}

DB_GROWER(routes, nroutes, route_cap)
DB_GROWER(objs, nobjs, obj_cap)
DB_GROWER(sets, nsets, set_cap)
DB_GROWER(members, nmembers, member_cap)
DB_GROWER(ranges, nranges, range_cap)
DB_GROWER(u32, nu32, u32_cap)
DB_GROWER(mo, nmo, mo_cap)
DB_GROWER(mo_routes, nmo_routes, mo_route_cap)

/* --- loading --- */

struct load_ctx {
	struct irr_db *db;
	const char *dflt; /* default source name, */
	size_t dflt_len;  /* registered only when an object needs it */
	struct err *e;
	int failed;
};

static void db_warn(struct irr_db *db, const char *file, unsigned long line, const char *fmt,
                    const char *arg)
{
	struct err w;

	db->stats.warnings++;
	if (!db->warn)
		return;
	err_clear(&w);
	err_at_line(&w, file, line, fmt, arg);
	db->warn(&w, db->warn_ctx);
}

static void parser_warn(const struct err *w, void *ctx)
{
	struct load_ctx *lc = ctx;

	lc->db->stats.warnings++;
	if (lc->db->warn)
		lc->db->warn(w, lc->db->warn_ctx);
}

static int object_source(struct load_ctx *lc, const struct rpsl_object *o)
{
	const char *s = rpsl_object_get(o, "source");
	int id;

	if (!s || !*s) {
		s = lc->dflt;
		id = irr_db_source_add(lc->db, s, lc->dflt_len);
	} else {
		id = irr_db_source_add(lc->db, s, strcspn(s, " \t"));
	}
	if (id < 0)
		db_warn(lc->db, o->file, o->line,
		        "too many sources (max 64), object of source %s skipped", s);
	return id;
}

/* Collect the name ids of every value of attribute key into db->u32. */
struct list_ctx {
	struct irr_db *db;
	int failed;
};

static int push_name(const char *item, size_t len, void *ctx)
{
	struct list_ctx *c = ctx;
	uint32_t id;

	if (len >= IRR_NAME_MAX)
		return 0;
	id = irr_names_intern(&c->db->names, item, len);
	if (!id || db_grow_u32(c->db) < 0) {
		c->failed = 1;
		return 1;
	}
	c->db->u32[c->db->nu32++] = id;
	return 0;
}

static int collect_names(struct irr_db *db, const struct rpsl_object *o, const char *key,
                         uint32_t *off, uint32_t *n)
{
	struct list_ctx c = {db, 0};

	*off = (uint32_t)db->nu32;
	for (size_t i = 0; i < o->nattrs; i++)
		if (!strcmp(o->attrs[i].key, key))
			rpsl_split_list(o->attrs[i].value, push_name, &c);
	*n = (uint32_t)(db->nu32 - *off);
	return c.failed ? -1 : 0;
}

static int load_route(struct load_ctx *lc, const struct rpsl_object *o, int cls, int src)
{
	struct irr_db *db = lc->db;
	const char *origin = rpsl_object_get(o, "origin");
	struct irr_route r;
	struct prefix p;
	struct err pe;
	uint32_t asn, mo_off, mo_n, mnt_off, mnt_n;

	if (prefix_parse(o->key, &p, &pe) < 0) {
		db->stats.rejected++;
		db_warn(db, o->file, o->line, "%s", pe.msg);
		return 0;
	}
	if (p.family != (cls == IRR_ROUTE ? 4 : 6)) {
		db->stats.rejected++;
		db_warn(db, o->file, o->line, "%s: prefix of the wrong address family", o->cls);
		return 0;
	}
	if (!origin || asn_parse(origin, &asn, &pe) < 0) {
		db->stats.rejected++;
		db_warn(db, o->file, o->line, "%s: missing or bad origin", o->key);
		return 0;
	}
	memset(&r, 0, sizeof r);
	memcpy(r.addr, p.addr, 16);
	r.origin = asn;
	r.family = p.family;
	r.len = p.len;
	r.source = (uint8_t)src;
	if (collect_names(db, o, "mnt-by", &mnt_off, &mnt_n) < 0)
		return -1;
	r.mnt = mnt_n ? db->u32[mnt_off] : 0;
	if (collect_names(db, o, "member-of", &mo_off, &mo_n) < 0)
		return -1;
	if (mo_n) {
		r.flags |= IRR_ROUTE_MEMBER_OF;
		if (db_grow_mo_routes(db) < 0)
			return -1;
		db->mo_routes[db->nmo_routes] = r;
		for (uint32_t i = 0; i < mo_n; i++) {
			if (db_grow_mo(db) < 0)
				return -1;
			db->mo[db->nmo++] = (struct irr_memberof){.set = db->u32[mo_off + i],
			                                          .mnt_off = mnt_off,
			                                          .nmnt = mnt_n,
			                                          .asn = asn,
			                                          .route = (uint32_t)db->nmo_routes,
			                                          .source = r.source};
		}
		db->nmo_routes++;
	} else {
		db->nu32 = mnt_off; /* the maintainer list is only needed for member-of */
	}
	if (db_grow_routes(db) < 0)
		return -1;
	db->routes[db->nroutes++] = r;
	db->stats.kept[cls]++;
	return 0;
}

int irr_db_add_route(struct irr_db *db, const struct prefix *p, uint32_t origin, unsigned source)
{
	struct irr_route r;

	memset(&r, 0, sizeof r);
	memcpy(r.addr, p->addr, 16);
	r.origin = origin;
	r.family = p->family;
	r.len = p->len;
	r.source = (uint8_t)source;
	if (db_grow_routes(db) < 0)
		return -1;
	db->routes[db->nroutes++] = r;
	db->stats.kept[p->family == 4 ? IRR_ROUTE : IRR_ROUTE6]++;
	return 0;
}

static int parse_range_digits(const char **s, const char *end, unsigned *v)
{
	unsigned x = 0;
	const char *p = *s;

	if (p >= end || !isdigit((unsigned char)*p))
		return -1;
	while (p < end && isdigit((unsigned char)*p) && x < 1000)
		x = x * 10 + (unsigned)(*p++ - '0');
	*s = p;
	*v = x;
	return 0;
}

int irr_parse_range_op(const char *s, size_t n, unsigned len, int fam, uint8_t *lo, uint8_t *hi)
{
	const char *end = s + n;
	unsigned max = prefix_maxlen(fam), a, b;

	if (n < 2 || s[0] != '^')
		return -1;
	s++;
	if (*s == '-' && n == 2) {
		if (len >= max)
			return -1;
		*lo = (uint8_t)(len + 1);
		*hi = (uint8_t)max;
		return 0;
	}
	if (*s == '+' && n == 2) {
		*lo = (uint8_t)len;
		*hi = (uint8_t)max;
		return 0;
	}
	if (parse_range_digits(&s, end, &a) < 0)
		return -1;
	b = a;
	if (s < end && *s == '-') {
		s++;
		if (parse_range_digits(&s, end, &b) < 0)
			return -1;
	}
	if (s != end || a < len || a > b || b > max)
		return -1;
	*lo = (uint8_t)a;
	*hi = (uint8_t)b;
	return 0;
}

struct member_ctx {
	struct irr_db *db;
	const struct rpsl_object *o;
	int route_set;
	int failed;
};

static int add_member(struct irr_db *db, struct irr_member m)
{
	if (db_grow_members(db) < 0)
		return -1;
	db->members[db->nmembers++] = m;
	return 0;
}

static int push_member(const char *item, size_t len, void *ctx)
{
	struct member_ctx *c = ctx;
	struct irr_db *db = c->db;
	struct irr_member m = {0};
	char buf[IRR_NAME_MAX];
	const char *caret;
	size_t base;
	struct err pe;
	uint32_t asn;

	if (len >= sizeof buf) {
		db_warn(db, c->o->file, c->o->line, "member name too long in %s", c->o->key);
		return 0;
	}
	memcpy(buf, item, len);
	buf[len] = '\0';
	caret = c->route_set ? strchr(buf, '^') : NULL;
	base = caret ? (size_t)(caret - buf) : len;
	if (c->route_set && memchr(buf, '/', base)) {
		struct irr_range r;

		buf[base] = '\0';
		if (prefix_parse(buf, &r.p, &pe) < 0) {
			db_warn(db, c->o->file, c->o->line, "route-set member: %s", pe.msg);
			return 0;
		}
		r.lo = r.hi = r.p.len;
		if (caret && irr_parse_range_op(item + base, len - base, r.p.len, r.p.family, &r.lo,
		                                &r.hi) < 0) {
			db_warn(db, c->o->file, c->o->line, "bad range operator in member %s",
			        item);
			return 0;
		}
		if (db_grow_ranges(db) < 0)
			goto oom;
		db->ranges[db->nranges] = r;
		m.kind = MEM_RANGE;
		m.val = (uint32_t)db->nranges++;
		return add_member(db, m) < 0 ? (c->failed = 1) : 0;
	}
	if (caret) {
		/* a set or AS with a range operator: keep the operator as ^lo-hi
		 * relative lengths are resolved per prefix when expanding */
		const char *op = item + base;

		m.op = 1;
		if (op[1] == '-')
			m.lo = 255, m.hi = 255;
		else if (op[1] == '+')
			m.lo = 254, m.hi = 254;
		else {
			unsigned a, b;
			const char *s = op + 1, *end = item + len;

			if (parse_range_digits(&s, end, &a) < 0)
				goto bad_op;
			b = a;
			if (s < end && *s == '-') {
				s++;
				if (parse_range_digits(&s, end, &b) < 0)
					goto bad_op;
			}
			if (s != end || a > b || b > 128)
				goto bad_op;
			m.lo = (uint8_t)a;
			m.hi = (uint8_t)b;
		}
		buf[base] = '\0';
		len = base;
	}
	if (!irr_is_set_name(buf) && asn_parse(buf, &asn, &pe) == 0) {
		m.kind = MEM_ASN;
		m.val = asn;
	} else {
		if (!irr_is_set_name(buf) && strcasecmp(buf, "ANY") != 0)
			db_warn(db, c->o->file, c->o->line, "member is neither an AS nor a set: %s",
			        buf);
		m.kind = MEM_SET;
		m.val = irr_names_intern(&db->names, buf, len);
		if (!m.val)
			goto oom;
	}
	return add_member(db, m) < 0 ? (c->failed = 1) : 0;
bad_op:
	db_warn(db, c->o->file, c->o->line, "bad range operator in member %s", buf);
	return 0;
oom:
	c->failed = 1;
	return 1;
}

static int load_set(struct load_ctx *lc, const struct rpsl_object *o, int cls, struct irr_obj *ob)
{
	struct irr_db *db = lc->db;
	struct member_ctx mc = {db, o, cls == IRR_ROUTE_SET, 0};
	struct irr_set s = {0};

	s.obj = (uint32_t)db->nobjs;
	s.mem_off = (uint32_t)db->nmembers;
	for (size_t i = 0; i < o->nattrs && !mc.failed; i++)
		if (!strcmp(o->attrs[i].key, "members") || !strcmp(o->attrs[i].key, "mp-members"))
			rpsl_split_list(o->attrs[i].value, push_member, &mc);
	if (mc.failed)
		return -1;
	s.nmem = (uint32_t)(db->nmembers - s.mem_off);
	if (collect_names(db, o, "mbrs-by-ref", &s.mbr_off, &s.nmbr) < 0)
		return -1;
	for (uint32_t i = 0; i < s.nmbr; i++)
		if (!strcmp(irr_names_str(&db->names, db->u32[s.mbr_off + i]), "ANY"))
			s.mbr_any = 1;
	if (db_grow_sets(db) < 0)
		return -1;
	ob->set = (uint32_t)db->nsets;
	db->sets[db->nsets++] = s;
	return 0;
}

static int load_autnum_memberof(struct load_ctx *lc, const struct rpsl_object *o,
                                struct irr_obj *ob, int src)
{
	struct irr_db *db = lc->db;
	uint32_t asn, off, n;
	struct err pe;

	if (asn_parse(o->key, &asn, &pe) < 0) {
		db_warn(db, o->file, o->line, "aut-num: %s", pe.msg);
		return 1; /* keep the text, no membership */
	}
	if (collect_names(db, o, "member-of", &off, &n) < 0)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		if (db_grow_mo(db) < 0)
			return -1;
		db->mo[db->nmo++] = (struct irr_memberof){.set = db->u32[off + i],
		                                          .mnt_off = ob->mnt_off,
		                                          .nmnt = ob->nmnt,
		                                          .asn = asn,
		                                          .route = UINT32_MAX,
		                                          .source = (uint8_t)src};
	}
	return 0;
}

/* Primary key of an object: nic-hdl for persons and roles (what whois
 * clients look them up by), else the first attribute's value. */
static const char *object_key(const struct rpsl_object *o, int cls)
{
	const char *k = NULL;

	if (cls == IRR_PERSON || cls == IRR_ROLE)
		k = rpsl_object_get(o, "nic-hdl");
	return k && *k ? k : o->key;
}

static int load_object(struct load_ctx *lc, const struct rpsl_object *o, int cls, int src)
{
	struct irr_db *db = lc->db;
	struct irr_obj ob = {0};
	const char *key = object_key(o, cls);
	size_t klen = strlen(key);

	if (!klen || klen >= IRR_NAME_MAX) {
		db->stats.rejected++;
		db_warn(db, o->file, o->line, "%s object with an empty or overlong key", o->cls);
		return 0;
	}
	ob.key = irr_names_intern(&db->names, key, klen);
	if (!ob.key)
		return -1;
	ob.cls = (uint8_t)cls;
	ob.source = (uint8_t)src;
	ob.set = UINT32_MAX;
	if (collect_names(db, o, "mnt-by", &ob.mnt_off, &ob.nmnt) < 0)
		return -1;
	if ((cls == IRR_AS_SET || cls == IRR_ROUTE_SET) && load_set(lc, o, cls, &ob) < 0)
		return -1;
	if (cls == IRR_AUT_NUM && load_autnum_memberof(lc, o, &ob, src) < 0)
		return -1;
	size_t need = db->text_len + o->text_len; /* first 1 MiB, then doubling */
	char *t = grow(db->text, &db->text_cap, need > 1 << 20 ? need : 1 << 20, 1);

	if (!t)
		return -1;
	db->text = t;
	memcpy(db->text + db->text_len, o->text, o->text_len);
	ob.text_off = db->text_len;
	ob.text_len = (uint32_t)o->text_len;
	db->text_len += o->text_len;
	if (db_grow_objs(db) < 0)
		return -1;
	db->objs[db->nobjs++] = ob;
	db->stats.kept[cls]++;
	return 0;
}

static int on_object(const struct rpsl_object *o, void *ctx)
{
	struct load_ctx *lc = ctx;
	int cls = irr_class_parse(o->cls), src, rc;

	lc->db->stats.objects++;
	if (cls < 0) {
		lc->db->stats.other++;
		return 0;
	}
	src = object_source(lc, o);
	if (src < 0) {
		lc->db->stats.rejected++;
		return 0;
	}
	if (cls == IRR_ROUTE || cls == IRR_ROUTE6)
		rc = load_route(lc, o, cls, src);
	else
		rc = load_object(lc, o, cls, src);
	if (rc < 0) {
		err_at_line(lc->e, o->file, o->line, "out of memory");
		lc->failed = 1;
		return 1;
	}
	return 0;
}

/* The default source for a file: given, else the base name up to the first '.'. */
static void default_source(struct load_ctx *lc, const char *path, const char *given)
{
	const char *b = strrchr(path, '/');

	if (given) {
		lc->dflt = given;
		lc->dflt_len = strlen(given);
		return;
	}
	b = b ? b + 1 : path;
	lc->dflt = b;
	lc->dflt_len = strcspn(b, ".") ? strcspn(b, ".") : strlen(b);
}

/* ARIN's OriginAS export is JSON: RPSL never starts with '{'. */
static int looks_like_json(struct reader *r)
{
	size_t avail = 0;
	const uint8_t *p = reader_peek(r, 64, &avail, NULL);

	for (size_t i = 0; p && i < avail; i++) {
		if (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')
			continue;
		return p[i] == '{';
	}
	return 0;
}

static int load_one_file(struct irr_db *db, const char *path, const char *source, struct err *e);

/* A registry checked out as a tree (DN42: data/route/..., one object per
 * file): load every regular file below dir, in name order, skipping dot
 * files. Depth is bounded against symlink loops. */
static int load_dir(struct irr_db *db, const char *dir, const char *source, int depth,
                    struct err *e)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort), rc = 0;

	if (n < 0)
		return err_set(e, "%s: cannot read directory: %s", dir, strerror(errno));
	for (int i = 0; i < n; i++) {
		char path[4096];
		struct stat st;

		if (rc == 0 && ents[i]->d_name[0] != '.' &&
		    (size_t)snprintf(path, sizeof path, "%s/%s", dir, ents[i]->d_name) <
		        sizeof path &&
		    stat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode) && depth < 16)
				rc = load_dir(db, path, source, depth + 1, e);
			else if (S_ISREG(st.st_mode))
				rc = load_one_file(db, path, source, e);
		}
		free(ents[i]);
	}
	free(ents);
	return rc;
}

int irr_db_load_file(struct irr_db *db, const char *path, const char *source, struct err *e)
{
	struct stat st;

	if (db->finished)
		return err_set(e, "%s: database already finished", path);
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return load_dir(db, path, source, 0, e);
	return load_one_file(db, path, source, e);
}

static int load_one_file(struct irr_db *db, const char *path, const char *source, struct err *e)
{
	struct load_ctx lc = {db, NULL, 0, e, 0};
	struct reader *r;
	int rc;

	default_source(&lc, path, source);
	r = reader_open(path, e);
	if (!r)
		return -1;
	if (looks_like_json(r)) {
		rc = irr_db_load_originas(db, r, NULL, 0, reader_name(r), source, e);
		reader_close(r);
		return rc;
	}
	rc = rpsl_parse_reader(r, on_object, parser_warn, &lc, e);
	reader_close(r);
	return rc < 0 || lc.failed ? -1 : 0;
}

int irr_db_load_buffer(struct irr_db *db, const char *buf, size_t len, const char *name,
                       const char *source, struct err *e)
{
	struct load_ctx lc = {db, NULL, 0, e, 0};
	int rc;

	default_source(&lc, name ? name : "input", source);
	{
		size_t i = 0;

		while (i < len &&
		       (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
			i++;
		if (i < len && buf[i] == '{')
			return irr_db_load_originas(db, NULL, buf, len, name ? name : "input",
			                            source, e);
	}
	if (db->finished)
		return err_set(e, "%s: database already finished", name);
	rc = rpsl_parse_buffer(buf, len, name, on_object, parser_warn, &lc, e);
	return rc < 0 || lc.failed ? -1 : 0;
}

/* SPDX-License-Identifier: ISC */
/* irr_expand.c - as-set and route-set expansion: nested and hierarchical
 * sets, mbrs-by-ref/member-of, loop detection and an optional depth limit.
 *
 * As-sets are walked depth-first with an explicit stack (real registries
 * nest deep and a long chain must not exhaust the C stack); a per-name state
 * byte tells "being expanded" (a reference to it is a loop) from "done" (a
 * diamond: nothing new to add). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "irr/irr_db.h"
#include "irr/irr_internal.h"

enum { ST_NONE, ST_ACTIVE, ST_DONE };

struct frame {
	const struct irr_set *s;
	uint32_t name;
	uint32_t pos;
	unsigned depth;
};

struct walk {
	const struct irr_db *db;
	const struct irr_expand_opts *o;
	struct irr_expand_info *info;
	uint8_t *state; /* per name id */
};

static void note_missing(struct walk *w, uint32_t name)
{
	w->info->missing++;
	if (!w->info->first_missing[0])
		snprintf(w->info->first_missing, sizeof w->info->first_missing, "%s",
		         irr_names_str(&w->db->names, name));
}

static const struct irr_sources *sel_of(const struct walk *w)
{
	return w->o ? w->o->sources : NULL;
}

/* ASNs of aut-nums that joined set s (named name) by member-of. */
static int add_mbrs_asns(struct walk *w, const struct irr_set *s, uint32_t name,
                         struct irr_asns *out)
{
	size_t first, last;

	if ((w->o && w->o->no_mbrs_by_ref) || s->nmbr == 0)
		return 0;
	irr_db_memberof_range(w->db, name, &first, &last);
	for (size_t i = first; i < last; i++) {
		const struct irr_memberof *m = &w->db->mo[i];

		if (m->route != UINT32_MAX || !irr_sources_has(sel_of(w), m->source))
			continue;
		if (irr_db_mbrs_allowed(w->db, s, m->mnt_off, m->nmnt) &&
		    irr_asns_add(out, m->asn) < 0)
			return -1;
	}
	return 0;
}

static int push(struct frame **stack, size_t *n, size_t *cap, struct frame f)
{
	struct frame *ns = grow(*stack, cap, *n + 1, sizeof *ns);

	if (!ns)
		return -1;
	*stack = ns;
	(*stack)[(*n)++] = f;
	return 0;
}

static int walk_as_set(struct walk *w, const struct irr_set *top, uint32_t top_name,
                       struct irr_asns *out)
{
	const struct irr_db *db = w->db;
	unsigned max_depth = w->o ? w->o->max_depth : 0;
	struct frame *stack = NULL;
	size_t n = 0, cap = 0;
	int rc = -1;

	w->state[top_name] = ST_ACTIVE;
	w->info->sets++;
	if (add_mbrs_asns(w, top, top_name, out) < 0 ||
	    push(&stack, &n, &cap, (struct frame){top, top_name, 0, 1}) < 0)
		goto done;
	while (n) {
		struct frame *f = &stack[n - 1];
		const struct irr_member *m;
		const struct irr_set *ns;
		unsigned depth = f->depth;

		if (f->pos == f->s->nmem) {
			w->state[f->name] = ST_DONE;
			n--;
			continue;
		}
		m = &db->members[f->s->mem_off + f->pos++];
		if (m->kind == MEM_ASN) {
			if (irr_asns_add(out, m->val) < 0)
				goto done;
			continue;
		}
		if (m->kind != MEM_SET)
			continue;
		if (w->state[m->val] == ST_ACTIVE) {
			w->info->loops++;
			continue;
		}
		if (w->state[m->val] == ST_DONE)
			continue;
		ns = irr_db_find_set(db, m->val, IRR_AS_SET, sel_of(w));
		if (!ns) {
			note_missing(w, m->val);
			w->state[m->val] = ST_DONE;
			continue;
		}
		if (max_depth && depth >= max_depth) {
			w->info->depth_cut++;
			continue;
		}
		w->state[m->val] = ST_ACTIVE;
		w->info->sets++;
		if (add_mbrs_asns(w, ns, m->val, out) < 0 ||
		    push(&stack, &n, &cap, (struct frame){ns, m->val, 0, depth + 1}) < 0)
			goto done;
	}
	rc = 0;
done:
	free(stack);
	return rc;
}

int irr_expand_as_set(const struct irr_db *db, const char *name, const struct irr_expand_opts *o,
                      struct irr_asns *out, struct irr_expand_info *info)
{
	struct irr_expand_info scratch;
	struct walk w = {db, o, info ? info : &scratch, NULL};
	const struct irr_set *s;
	uint32_t asn, id;
	int rc;

	memset(w.info, 0, sizeof *w.info);
	if (!irr_is_set_name(name) && asn_parse(name, &asn, NULL) == 0)
		return irr_asns_add(out, asn) < 0 ? -1 : 1;
	id = irr_names_find(&db->names, name, strlen(name));
	s = id ? irr_db_find_set(db, id, IRR_AS_SET, o ? o->sources : NULL) : NULL;
	if (!s)
		return 0;
	w.state = calloc(db->names.n, 1);
	if (!w.state)
		return -1;
	rc = walk_as_set(&w, s, id, out);
	free(w.state);
	if (rc < 0)
		return -1;
	irr_asns_sort_unique(out);
	return 1;
}

/* --- route-sets --- */

/* A range operator carried down from a member like "RS-FOO^+". */
struct op {
	int has;
	uint8_t lo, hi; /* 255 = ^-, 254 = ^+, else ^lo-hi */
};

/* Apply op to range r; returns 0 when the range became empty. */
static int apply_op(struct irr_range *r, struct op op)
{
	unsigned max = prefix_maxlen(r->p.family), len = r->p.len;

	if (!op.has)
		return 1;
	if (op.lo == 255) {
		if (len >= max)
			return 0;
		r->lo = (uint8_t)(len + 1);
		r->hi = (uint8_t)max;
	} else if (op.lo == 254) {
		r->lo = (uint8_t)len;
		r->hi = (uint8_t)max;
	} else {
		unsigned lo = op.lo < len ? len : op.lo, hi = op.hi > max ? max : op.hi;

		if (lo > hi)
			return 0;
		r->lo = (uint8_t)lo;
		r->hi = (uint8_t)hi;
	}
	return 1;
}

struct rs_walk {
	struct walk w;
	int family;
	struct irr_ranges *out;
};

static int add_range(struct rs_walk *rw, struct irr_range r, struct op op)
{
	if (rw->family && r.p.family != rw->family)
		return 0;
	if (!apply_op(&r, op))
		return 0;
	return irr_ranges_add(rw->out, &r);
}

static int add_asn_routes(struct rs_walk *rw, uint32_t asn, struct op op)
{
	size_t k;
	const struct irr_route *r = irr_db_routes_by_origin(rw->w.db, asn, rw->family, &k);

	for (size_t i = 0; i < k; i++) {
		struct irr_range x;

		if (!irr_sources_has(sel_of(&rw->w), r[i].source))
			continue;
		irr_route_prefix(&r[i], &x.p);
		x.lo = x.hi = x.p.len;
		if (add_range(rw, x, op) < 0)
			return -1;
	}
	return 0;
}

static int add_as_set_routes(struct rs_walk *rw, uint32_t name, struct op op)
{
	struct irr_asns asns = {0};
	struct irr_expand_info sub;
	int rc = irr_expand_as_set(rw->w.db, irr_names_str(&rw->w.db->names, name), rw->w.o, &asns,
	                           &sub);

	if (rc == 0)
		note_missing(&rw->w, name);
	rw->w.info->loops += sub.loops;
	rw->w.info->missing += sub.missing;
	rw->w.info->sets += sub.sets;
	rw->w.info->depth_cut += sub.depth_cut;
	rw->w.info->limit_cut += sub.limit_cut;
	for (size_t i = 0; rc > 0 && i < asns.n; i++)
		if (add_asn_routes(rw, asns.v[i], op) < 0)
			rc = -1;
	irr_asns_free(&asns);
	return rc < 0 ? -1 : 0;
}

/* Routes that joined route-set s (named name) by member-of. */
static int add_mbrs_routes(struct rs_walk *rw, const struct irr_set *s, uint32_t name, struct op op)
{
	const struct irr_db *db = rw->w.db;
	size_t first, last;

	if ((rw->w.o && rw->w.o->no_mbrs_by_ref) || s->nmbr == 0)
		return 0;
	irr_db_memberof_range(db, name, &first, &last);
	for (size_t i = first; i < last; i++) {
		const struct irr_memberof *m = &db->mo[i];
		struct irr_range x;

		if (m->route == UINT32_MAX || !irr_sources_has(sel_of(&rw->w), m->source) ||
		    !irr_db_mbrs_allowed(db, s, m->mnt_off, m->nmnt))
			continue;
		irr_route_prefix(&db->mo_routes[m->route], &x.p);
		x.lo = x.hi = x.p.len;
		if (add_range(rw, x, op) < 0)
			return -1;
	}
	return 0;
}

/* Route-sets nest shallowly in practice; recursion is capped anyway (at
 * IRR_EXPAND_MAX_NESTING), and a cut is counted apart from a requested
 * max_depth so that callers can report the result as incomplete. */
static int walk_route_set(struct rs_walk *rw, const struct irr_set *s, uint32_t name,
                          unsigned depth, struct op op)
{
	const struct irr_db *db = rw->w.db;
	unsigned max_depth = rw->w.o ? rw->w.o->max_depth : 0;

	rw->w.state[name] = ST_ACTIVE;
	rw->w.info->sets++;
	if (add_mbrs_routes(rw, s, name, op) < 0)
		return -1;
	for (uint32_t i = 0; i < s->nmem; i++) {
		const struct irr_member *m = &db->members[s->mem_off + i];
		/* RFC 2622: an operator applied to a set overrides the ones inside */
		struct op mop = op.has ? op : m->op ? (struct op){1, m->lo, m->hi} : op;
		const struct irr_set *ns;

		if (m->kind == MEM_RANGE) {
			if (add_range(rw, db->ranges[m->val], op) < 0)
				return -1;
			continue;
		}
		if (m->kind == MEM_ASN) {
			if (add_asn_routes(rw, m->val, mop) < 0)
				return -1;
			continue;
		}
		if (rw->w.state[m->val] == ST_ACTIVE) {
			rw->w.info->loops++;
			continue;
		}
		if (rw->w.state[m->val] == ST_DONE)
			continue;
		ns = irr_db_find_set(db, m->val, -1, sel_of(&rw->w));
		if (!ns) {
			note_missing(&rw->w, m->val);
			rw->w.state[m->val] = ST_DONE;
			continue;
		}
		if (max_depth && depth >= max_depth) {
			rw->w.info->depth_cut++;
			continue;
		}
		if (depth >= IRR_EXPAND_MAX_NESTING) {
			rw->w.info->limit_cut++;
			continue;
		}
		if (db->objs[ns->obj].cls == IRR_AS_SET) {
			rw->w.state[m->val] = ST_DONE;
			if (add_as_set_routes(rw, m->val, mop) < 0)
				return -1;
			continue;
		}
		if (walk_route_set(rw, ns, m->val, depth + 1, mop) < 0)
			return -1;
	}
	rw->w.state[name] = ST_DONE;
	return 0;
}

int irr_expand_route_set(const struct irr_db *db, const char *name, const struct irr_expand_opts *o,
                         int family, struct irr_ranges *out, struct irr_expand_info *info)
{
	struct irr_expand_info scratch;
	struct rs_walk rw = {{db, o, info ? info : &scratch, NULL}, family, out};
	const struct irr_set *s;
	uint32_t id;
	int rc;

	memset(rw.w.info, 0, sizeof *rw.w.info);
	id = irr_names_find(&db->names, name, strlen(name));
	s = id ? irr_db_find_set(db, id, IRR_ROUTE_SET, o ? o->sources : NULL) : NULL;
	if (!s)
		return 0;
	rw.w.state = calloc(db->names.n, 1);
	if (!rw.w.state)
		return -1;
	rc = walk_route_set(&rw, s, id, 1, (struct op){0, 0, 0});
	free(rw.w.state);
	if (rc < 0)
		return -1;
	irr_ranges_sort_unique(out);
	return 1;
}

/* --- direct members --- */

/* Member strings in first-seen order, with a hash index so that sets with
 * tens of thousands of direct members stay linear. */
struct strlist {
	char **v;
	size_t n, cap;
	uint32_t *slot; /* 1 + index into v, 0 = empty */
	size_t nslots;  /* power of two, kept at least twice n */
};

static uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

static int strlist_rehash(struct strlist *l, size_t nslots)
{
	uint32_t *slot = calloc(nslots, sizeof *slot);

	if (!slot)
		return -1;
	for (size_t i = 0; i < l->n; i++) {
		size_t k = str_hash(l->v[i]) & (nslots - 1);

		while (slot[k])
			k = (k + 1) & (nslots - 1);
		slot[k] = (uint32_t)(i + 1);
	}
	free(l->slot);
	l->slot = slot;
	l->nslots = nslots;
	return 0;
}

static int strlist_add(struct strlist *l, const char *s)
{
	size_t k;
	char *d;

	if ((l->n + 1) * 2 > l->nslots && strlist_rehash(l, l->nslots ? l->nslots * 2 : 64) < 0)
		return -1;
	for (k = str_hash(s) & (l->nslots - 1); l->slot[k]; k = (k + 1) & (l->nslots - 1))
		if (!strcmp(l->v[l->slot[k] - 1], s))
			return 0;
	char **nv = GROW(l->v, l->cap, l->n + 1);

	if (!nv)
		return -1;
	l->v = nv;
	d = strdup(s);
	if (!d)
		return -1;
	l->v[l->n++] = d;
	l->slot[k] = (uint32_t)l->n;
	return 0;
}

static int collect_direct(const struct irr_db *db, const struct irr_set *s, uint32_t name,
                          const struct irr_sources *sel, struct strlist *l)
{
	char buf[IRR_NAME_MAX + 16];
	size_t first, last;

	for (uint32_t i = 0; i < s->nmem; i++) {
		const struct irr_member *m = &db->members[s->mem_off + i];

		if (m->kind == MEM_ASN)
			snprintf(buf, sizeof buf, "AS%u", m->val);
		else if (m->kind == MEM_RANGE)
			irr_range_format(&db->ranges[m->val], buf, sizeof buf);
		else if (!m->op)
			snprintf(buf, sizeof buf, "%s", irr_names_str(&db->names, m->val));
		else if (m->lo == 255 || m->lo == 254)
			snprintf(buf, sizeof buf, "%s^%c", irr_names_str(&db->names, m->val),
			         m->lo == 255 ? '-' : '+');
		else if (m->lo == m->hi)
			snprintf(buf, sizeof buf, "%s^%u", irr_names_str(&db->names, m->val),
			         m->lo);
		else
			snprintf(buf, sizeof buf, "%s^%u-%u", irr_names_str(&db->names, m->val),
			         m->lo, m->hi);
		if (strlist_add(l, buf) < 0)
			return -1;
	}
	if (s->nmbr == 0)
		return 0;
	irr_db_memberof_range(db, name, &first, &last);
	for (size_t i = first; i < last; i++) {
		const struct irr_memberof *m = &db->mo[i];

		if (!irr_sources_has(sel, m->source) ||
		    !irr_db_mbrs_allowed(db, s, m->mnt_off, m->nmnt))
			continue;
		if (m->route == UINT32_MAX) {
			snprintf(buf, sizeof buf, "AS%u", m->asn);
		} else {
			struct prefix p;

			irr_route_prefix(&db->mo_routes[m->route], &p);
			prefix_format(&p, buf, sizeof buf);
		}
		if (strlist_add(l, buf) < 0)
			return -1;
	}
	return 0;
}

int irr_set_members(const struct irr_db *db, const char *name, const struct irr_sources *sel,
                    int (*fn)(const char *member, void *ctx), void *ctx)
{
	uint32_t id = irr_names_find(&db->names, name, strlen(name));
	const struct irr_set *s = id ? irr_db_find_set(db, id, -1, sel) : NULL;
	struct strlist l = {0};
	int rc = 1;

	if (!s)
		return 0;
	if (collect_direct(db, s, id, sel, &l) < 0)
		rc = -1;
	for (size_t i = 0; i < l.n; i++) {
		if (rc == 1 && fn(l.v[i], ctx))
			rc = 2;
		free(l.v[i]);
	}
	free(l.v);
	free(l.slot);
	return rc < 0 ? -1 : 1;
}

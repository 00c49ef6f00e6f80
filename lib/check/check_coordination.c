/* SPDX-License-Identifier: ISC */
/* check_coordination.c - Action 3 (coordination), metric M6: contact
 * information that others can use, in the IRR/RIR database and PeeringDB.
 *
 * IRR: the AS's aut-num objects (every source, merged) name admin-c,
 * tech-c and abuse-c handles; each handle must resolve to a role or person
 * object whose e-mail (e-mail:, or abuse-mailbox:) is syntactically valid.
 * PeeringDB: a net record for the AS and its poc records (role, e-mail,
 * phone, visibility); a public poc with a valid e-mail and phone is a
 * usable contact. The aut-num's import/export lines are read here too, for
 * M8 (check_global.c). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check/check_internal.h"
#include "peeringdb/peeringdb.h"
#include "core/grow.h"
#include "irr/irr_db.h"

bool check_email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254 || at - s > 64)
		return false;
	static const char atext[] = "!#$%&'*+-/=?^_`{|}~.";
	for (const char *p = s; p < at; p++)
		if (!isalnum((unsigned char)*p) && !strchr(atext, *p))
			return false;
	if (s[0] == '.' || at[-1] == '.' || strstr(s, ".."))
		return false;
	const char *d = at + 1;
	size_t label = 0;
	bool dot = false;
	for (const char *p = d; *p; p++) {
		if (*p == '.') {
			if (!label || p[-1] == '-')
				return false;
			dot = true;
			label = 0;
		} else if (isalnum((unsigned char)*p) || (*p == '-' && label)) {
			if (++label > 63)
				return false;
		} else {
			return false;
		}
	}
	return dot && label >= 2;
}

bool check_phone_valid(const char *s)
{
	size_t digits = 0;
	for (const char *p = s; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr("+ -().", *p) && !(*p == 'x' || *p == 'X'))
			return false;
	}
	return digits >= 6 && digits <= 20;
}

/* The value of an RPSL line "attr: value" when line starts with attr. */
static const char *attr_value(const char *line, size_t len, const char *attr, char *buf, size_t n)
{
	size_t al = strlen(attr);
	if (len <= al || strncasecmp(line, attr, al) || line[al] != ':')
		return NULL;
	const char *v = line + al + 1, *end = line + len;
	while (v < end && isspace((unsigned char)*v))
		v++;
	while (end > v && isspace((unsigned char)end[-1]))
		end--;
	const char *hash = memchr(v, '#', (size_t)(end - v));
	if (hash)
		for (end = hash; end > v && isspace((unsigned char)end[-1]);)
			end--;
	snprintf(buf, n, "%.*s", (int)(end - v), v);
	return buf;
}

struct autnum_scan {
	struct check_as *a;
	uint32_t *peers; /* ASes named in import/export */
	size_t npeers, cap;
	bool failed; /* out of memory */
};

static void add_contact(struct check_as *a, const char *attr, const char *handle)
{
	for (unsigned i = 0; i < a->ncontacts; i++)
		if (!strcasecmp(a->contacts[i].handle, handle) &&
		    !strcmp(a->contacts[i].attr, attr))
			return;
	if (a->ncontacts == CK_MAX_CONTACTS || !*handle)
		return;
	struct check_contact *c = &a->contacts[a->ncontacts++];
	memset(c, 0, sizeof *c);
	ck_copy(c->attr, sizeof c->attr, attr);
	ck_copy(c->handle, sizeof c->handle, handle);
}

/* "from AS1 accept ..." / "to AS2 announce ...": the AS numbers named as
 * peers (words right after from/to, and after "afi x" for mp-). */
static void add_peers(struct autnum_scan *s, const char *v)
{
	char word[64];
	bool want = false;
	for (const char *p = v; *p;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		size_t n = 0;
		while (p[n] && !isspace((unsigned char)p[n]))
			n++;
		if (!n)
			break;
		snprintf(word, sizeof word, "%.*s", (int)n, p);
		p += n;
		uint32_t asn;
		struct err e;
		if (want && !strncasecmp(word, "AS", 2) && asn_parse(word, &asn, &e) == 0) {
			uint32_t *g = GROW(s->peers, s->cap, s->npeers + 1);
			if (!g) {
				s->failed = true;
				return;
			}
			s->peers = g;
			s->peers[s->npeers++] = asn;
		}
		want = !strcasecmp(word, "from") || !strcasecmp(word, "to");
	}
}

/* The record's age: "last-modified:" (RIPE, IRRd 4), else the date of the
 * last "changed:" (older RPSL: "changed: who@x 20230101"). */
static void record_age(const char *line, size_t len, char *out, size_t n)
{
	char v[256];
	if (attr_value(line, len, "last-modified", v, sizeof v)) {
		ck_copy(out, n, v);
	} else if (attr_value(line, len, "changed", v, sizeof v) && !strchr(out, '-')) {
		const char *d = strrchr(v, ' ');
		ck_copy(out, n, d ? d + 1 : v);
	}
}

static int scan_autnum(const struct irr_object_view *o, void *ctx)
{
	struct autnum_scan *s = ctx;
	s->a->autnum = true;
	static const char *cattrs[] = {"admin-c", "tech-c", "abuse-c"};
	static const char *pattrs[] = {"import", "export", "mp-import", "mp-export"};
	const char *p = o->text, *end = o->text + o->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char v[512];
		for (size_t i = 0; i < 3; i++)
			if (attr_value(p, len, cattrs[i], v, sizeof v))
				add_contact(s->a, cattrs[i], v);
		record_age(p, len, s->a->autnum_updated, sizeof s->a->autnum_updated);
		for (size_t i = 0; i < 4; i++)
			if (attr_value(p, len, pattrs[i], v, sizeof v)) {
				s->a->policy = true;
				add_peers(s, v);
			}
		p += len + 1;
	}
	return 0;
}

/* Fill c from the role/person object found. */
static int scan_contact(const struct irr_object_view *o, void *ctx)
{
	struct check_contact *c = ctx;
	c->found = true;
	const char *p = o->text, *end = o->text + o->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char v[256];
		if (!c->email[0] && (attr_value(p, len, "e-mail", v, sizeof v) ||
		                     attr_value(p, len, "abuse-mailbox", v, sizeof v)))
			ck_copy(c->email, sizeof c->email, v);
		record_age(p, len, c->updated, sizeof c->updated);
		p += len + 1;
	}
	c->email_ok = c->email[0] && check_email_valid(c->email);
	return 1; /* the first object of that handle decides */
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static bool has(const uint32_t *v, size_t n, uint32_t x)
{
	return n && bsearch(&x, v, n, sizeof *v, cmp_u32);
}

static int irr_contacts(const struct check_world *w, struct check_as *a)
{
	char key[ASN_STRLEN];
	struct autnum_scan s = {.a = a};
	irr_db_lookup(w->irr, IRR_AUT_NUM, asn_format(a->asn, key, sizeof key), NULL, scan_autnum,
	              &s);
	for (unsigned i = 0; i < a->ncontacts; i++) {
		struct check_contact *c = &a->contacts[i];
		if (!irr_db_lookup(w->irr, IRR_ROLE, c->handle, NULL, scan_contact, c))
			irr_db_lookup(w->irr, IRR_PERSON, c->handle, NULL, scan_contact, c);
		a->irr_contact_ok |= c->found && c->email_ok;
	}
	if (s.npeers)
		qsort(s.peers, s.npeers, sizeof *s.peers, cmp_u32);
	a->undocumented = malloc((a->nneighbours ? a->nneighbours : 1) * sizeof *a->undocumented);
	for (size_t i = 0; i < a->nneighbours; i++) {
		bool named = has(s.peers, s.npeers, a->neighbours[i]);
		a->documented += named;
		if (!named && a->undocumented)
			a->undocumented[a->nundocumented++] = a->neighbours[i];
	}
	free(s.peers);
	return s.failed || !a->undocumented ? -1 : 0;
}

static void pdb_contacts(const struct check_world *w, struct check_as *a)
{
	a->pdb_loaded = true;
	const struct pdb_net *net = pdb_net_by_asn(w->pdb, a->asn);
	if (!net)
		return;
	a->pdb_net = true;
	ck_copy(a->pdb_net_name, sizeof a->pdb_net_name, net->name);
	ck_copy(a->pdb_updated, sizeof a->pdb_updated, net->updated);
	size_t n;
	const struct pdb_poc *poc = pdb_pocs_of(w->pdb, net->id, &n);
	for (size_t i = 0; i < n && a->npocs < CK_MAX_POCS; i++) {
		struct check_poc *c = &a->pocs[a->npocs++];
		ck_copy(c->role, sizeof c->role, poc[i].role);
		ck_copy(c->visible, sizeof c->visible, poc[i].visible);
		ck_copy(c->email, sizeof c->email, poc[i].email);
		ck_copy(c->phone, sizeof c->phone, poc[i].phone);
		ck_copy(c->updated, sizeof c->updated, poc[i].updated);
		c->email_ok = check_email_valid(c->email);
		c->phone_ok = check_phone_valid(c->phone);
		bool pub = !strcasecmp(c->visible, "Public") || !strcasecmp(c->visible, "Users");
		a->pdb_contact_ok |= pub && c->email_ok && c->phone_ok;
	}
}

int ck_coordination(const struct check_world *w, struct check_as *a, struct err *e)
{
	if (w->irr && irr_contacts(w, a) < 0)
		return err_set(e, "out of memory");
	if (w->pdb)
		pdb_contacts(w, a);
	return 0;
}

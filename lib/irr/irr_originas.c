/* SPDX-License-Identifier: ISC */
/* irr_originas.c - ARIN's OriginAS export (JSON) as route objects: ARIN
 * keeps origin ASes on its network records rather than in route objects,
 * and publishes them as {"source": ..., "whois_records": {"v4": [{"prefix",
 * "originas"}...], "v6": [...]}}. Loading them lets ARIN-registered space
 * be matched like any IRR source. Streamed with the pull tokenizer (no
 * DOM): the export is tens of MB of JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/reader.h"
#include "irr/irr_internal.h"
#include "core/jlex.h"

struct oa {
	struct irr_db *db;
	struct jlex lx;
	const char *given;         /* --source, or NULL */
	char source[IRR_NAME_MAX]; /* the file's "source", "" until seen */
	int src;                   /* source id, -1 until the first record */
};

static void warn_record(struct oa *oa, const char *what, const char *val)
{
	struct err w;

	oa->db->stats.warnings++;
	oa->db->stats.rejected++;
	if (!oa->db->warn)
		return;
	err_clear(&w);
	err_at_line(&w, oa->lx.name, oa->lx.line, "%s '%.80s'", what,
	            val && *val ? val : "(missing)");
	oa->db->warn(&w, oa->db->warn_ctx);
}

/* The source id, fixed at the first record: --source, else the file's
 * "source" (ARIN puts it before the records), else ARIN-WHOIS. */
static int source_id(struct oa *oa)
{
	const char *s = oa->given ? oa->given : oa->source[0] ? oa->source : "ARIN-WHOIS";

	if (oa->src < 0)
		oa->src = irr_db_source_add(oa->db, s, strlen(s));
	return oa->src;
}

/* Add one record's routes: originas may list several ASes. */
static int add_record(struct oa *oa, const char *pfx, const char *org, int family)
{
	struct prefix p;

	oa->db->stats.objects++;
	if (!pfx[0] || prefix_parse(pfx, &p, NULL) < 0 || p.family != family) {
		warn_record(oa, "bad prefix", pfx);
		return 0;
	}
	if (!org[0]) {
		warn_record(oa, "no originas for", pfx);
		return 0;
	}
	if (source_id(oa) < 0)
		return jlex_fail(&oa->lx, "too many sources");
	for (const char *s = org; *s;) {
		char as[32];
		size_t n;
		uint32_t asn;

		s += strspn(s, " ,\t");
		n = strcspn(s, " ,\t");
		if (!n)
			break;
		if (n >= sizeof as) {
			warn_record(oa, "bad originas", org);
			break;
		}
		memcpy(as, s, n);
		as[n] = '\0';
		s += n;
		if (asn_parse(as, &asn, NULL) < 0) {
			warn_record(oa, "bad originas", org);
			continue;
		}
		if (irr_db_add_route(oa->db, &p, asn, (unsigned)oa->src) < 0)
			return jlex_fail(&oa->lx, "out of memory");
	}
	return 0;
}

/* One {"prefix": ..., "originas": ...} whose '{' was read. */
static int record(struct oa *oa, int family)
{
	char pfx[PREFIX_STRLEN + 8] = "", org[256] = "";
	int first = 1, rc;

	while ((rc = jlex_obj_next(&oa->lx, &first)) == 1) {
		char *dst = !strcmp(oa->lx.tok, "prefix")     ? pfx
		            : !strcmp(oa->lx.tok, "originas") ? org
		                                              : NULL;
		size_t cap = dst == pfx ? sizeof pfx : sizeof org;
		enum jtok t = jlex_next(&oa->lx);

		if (dst && t == JT_STRING) {
			snprintf(dst, cap, "%.*s", (int)cap - 1, oa->lx.tok);
		} else if (jlex_skip(&oa->lx, t) < 0) {
			return -1;
		}
	}
	if (rc < 0)
		return -1;
	return add_record(oa, pfx, org, family);
}

static int records(struct oa *oa, int family)
{
	enum jtok t = jlex_next(&oa->lx);
	int first = 1, rc;

	if (t != JT_LBRACK)
		return jlex_skip(&oa->lx, t);
	while ((rc = jlex_arr_next(&oa->lx, &first, &t)) == 1) {
		if (t != JT_LBRACE) {
			if (jlex_skip(&oa->lx, t) < 0)
				return -1;
			warn_record(oa, "record is not an object", "");
			continue;
		}
		if (record(oa, family) < 0)
			return -1;
	}
	return rc;
}

static int whois_records(struct oa *oa)
{
	enum jtok t = jlex_next(&oa->lx);
	int first = 1, rc;

	if (t != JT_LBRACE)
		return jlex_fail(&oa->lx, "\"whois_records\" is not an object");
	while ((rc = jlex_obj_next(&oa->lx, &first)) == 1) {
		if (!strcmp(oa->lx.tok, "v4") || !strcmp(oa->lx.tok, "v6")) {
			if (records(oa, oa->lx.tok[1] - '0') < 0)
				return -1;
		} else if (jlex_skip(&oa->lx, jlex_next(&oa->lx)) < 0) {
			return -1;
		}
	}
	return rc;
}

int irr_db_load_originas(struct irr_db *db, struct reader *r, const void *buf, size_t len,
                         const char *name, const char *source, struct err *e)
{
	struct oa oa = {.db = db, .given = source, .src = -1};
	int first = 1, rc, seen = 0;

	if (r)
		jlex_init_reader(&oa.lx, r, name, e);
	else
		jlex_init_buffer(&oa.lx, buf, len, name, e);
	if (jlex_next(&oa.lx) != JT_LBRACE)
		return oa.lx.failed ? -1 : jlex_fail(&oa.lx, "not a JSON object");
	while ((rc = jlex_obj_next(&oa.lx, &first)) == 1) {
		if (!strcmp(oa.lx.tok, "source")) {
			enum jtok t = jlex_next(&oa.lx);

			if (t == JT_STRING)
				snprintf(oa.source, sizeof oa.source, "%.*s",
				         (int)sizeof oa.source - 1, oa.lx.tok);
			else if (jlex_skip(&oa.lx, t) < 0)
				return -1;
		} else if (!strcmp(oa.lx.tok, "whois_records")) {
			seen = 1;
			if (whois_records(&oa) < 0)
				return -1;
		} else if (jlex_skip(&oa.lx, jlex_next(&oa.lx)) < 0) {
			return -1;
		}
	}
	if (rc < 0)
		return -1;
	if (!seen)
		return err_set(e, "%s: not an OriginAS export (no \"whois_records\")", name);
	return 0;
}

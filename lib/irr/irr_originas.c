/* irr_originas.c - ARIN's OriginAS export (JSON) as route objects: ARIN
 * keeps origin ASes on its network records rather than in route objects,
 * and publishes them as {"source": ..., "whois_records": {"v4": [{"prefix",
 * "originas"}...], "v6": [...]}}. Loading them lets ARIN-registered space
 * be matched like any IRR source. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/reader.h"
#include "irr/irr_internal.h"

#define ORIGINAS_MAX (1u << 30) /* refuse inputs beyond 1 GiB decoded */

static void warn_record(struct irr_db *db, const char *file, size_t idx, const char *what,
			const char *val)
{
	struct err w;

	db->stats.warnings++;
	db->stats.rejected++;
	if (!db->warn)
		return;
	err_clear(&w);
	err_set(&w, "%s: record %zu: %s '%.80s'", file, idx, what, val ? val : "(missing)");
	db->warn(&w, db->warn_ctx);
}

/* Read all of r into a malloc'd buffer. */
static char *slurp(struct reader *r, size_t *len, struct err *e)
{
	size_t cap = 1 << 20, n = 0;
	char *buf = malloc(cap);

	if (!buf) {
		err_set(e, "%s: out of memory", reader_name(r));
		return NULL;
	}
	for (;;) {
		ssize_t got;

		if (n == cap) {
			char *nb = cap >= ORIGINAS_MAX ? NULL : realloc(buf, cap * 2);

			if (!nb) {
				err_set(e, "%s: too large or out of memory", reader_name(r));
				free(buf);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
		got = reader_read(r, buf + n, cap - n, e);
		if (got < 0) {
			free(buf);
			return NULL;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	*len = n;
	return buf;
}

static int load_records(struct irr_db *db, const char *file, json_t *arr, int family,
			unsigned src)
{
	size_t i;
	json_t *rec;

	if (!json_is_array(arr))
		return 0;
	json_array_foreach(arr, i, rec) {
		const char *pfx = json_string_value(json_object_get(rec, "prefix"));
		const char *org = json_string_value(json_object_get(rec, "originas"));
		struct prefix p;

		db->stats.objects++;
		if (!pfx || prefix_parse(pfx, &p, NULL) < 0 || p.family != family) {
			warn_record(db, file, i, "bad prefix", pfx);
			continue;
		}
		if (!org) {
			warn_record(db, file, i, "no originas for", pfx);
			continue;
		}
		/* originas may list several ASes separated by blanks or commas */
		for (const char *s = org; *s;) {
			char as[32];
			size_t n;
			uint32_t asn;

			s += strspn(s, " ,\t");
			n = strcspn(s, " ,\t");
			if (!n)
				break;
			if (n >= sizeof as) {
				warn_record(db, file, i, "bad originas", org);
				break;
			}
			memcpy(as, s, n);
			as[n] = '\0';
			s += n;
			if (asn_parse(as, &asn, NULL) < 0) {
				warn_record(db, file, i, "bad originas", org);
				continue;
			}
			if (irr_db_add_route(db, &p, asn, src) < 0)
				return -1;
		}
	}
	return 0;
}

int irr_db_load_originas(struct irr_db *db, struct reader *r, const char *source,
			 struct err *e)
{
	const char *file = reader_name(r);
	json_error_t je;
	json_t *root, *recs;
	size_t len;
	char *buf = slurp(r, &len, e);
	const char *src;
	int id, rc = 0;

	if (!buf)
		return -1;
	root = json_loadb(buf, len, 0, &je);
	free(buf);
	if (!root)
		return err_at_line(e, file, (unsigned long)je.line, "JSON: %s", je.text);
	recs = json_object_get(root, "whois_records");
	if (!json_is_object(recs)) {
		json_decref(root);
		return err_set(e, "%s: not an OriginAS export (no \"whois_records\")", file);
	}
	src = source ? source : json_string_value(json_object_get(root, "source"));
	if (!src || !*src)
		src = "ARIN-WHOIS";
	id = irr_db_source_add(db, src, strlen(src));
	if (id < 0) {
		json_decref(root);
		return err_set(e, "%s: too many sources", file);
	}
	if (load_records(db, file, json_object_get(recs, "v4"), 4, (unsigned)id) < 0 ||
	    load_records(db, file, json_object_get(recs, "v6"), 6, (unsigned)id) < 0)
		rc = err_set(e, "%s: out of memory", file);
	json_decref(root);
	return rc;
}

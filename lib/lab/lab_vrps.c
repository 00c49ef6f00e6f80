/* SPDX-License-Identifier: ISC */
/* lab_vrps.c - vrps.json: ROAs and ASPAs as rpki-client writes them. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/json_writer.h"
#include "lab/lab_write.h"

/* ROAs stay valid for ten years after the lab's time, so loaders that drop
 * expired objects keep them whatever day the demo runs. */
#define EXPIRY (10u * 365 * 86400)

char *lab_iso_time(uint32_t t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

static int roa_cmp(const void *x, const void *y)
{
	const struct lab_roa *a = x, *b = y;
	int c = prefix_cmp(&a->pfx, &b->pfx);
	if (c)
		return c;
	if (a->maxlen != b->maxlen)
		return a->maxlen < b->maxlen ? -1 : 1;
	return a->asn < b->asn ? -1 : a->asn > b->asn;
}

static size_t count_aspas(const struct lab *lab)
{
	size_t n = 0;
	for (size_t i = 0; i < lab->nas; i++)
		n += lab->as[i].aspa;
	return n;
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return a < b ? -1 : a > b;
}

/* ", "key": n" (or its first member with no comma). */
static void member_u64(struct json_writer *w, const char *ws, const char *key, uint64_t n)
{
	json_sep(w, ws);
	json_key(w, key);
	json_u64(w, n);
}

static void metadata_json(const struct lab *lab, struct json_writer *w, size_t naspa)
{
	char when[32];
	json_sep(w, "\n\t");
	json_key(w, "metadata");
	json_begin_object(w);
	json_sep(w, "\n\t\t");
	json_key(w, "buildmachine");
	json_string_plain(w, "manrs-lab");
	json_sep(w, "\n\t\t");
	json_key(w, "buildtime");
	json_string_plain(w, lab_iso_time(lab->opts.time, when, sizeof when));
	member_u64(w, "\n\t\t", "roas", lab->nroas);
	member_u64(w, "\n\t\t", "aspas", naspa);
	member_u64(w, "\n\t\t", "vrps", lab->nroas);
	member_u64(w, "\n\t\t", "uniquevrps", lab->nroas);
	member_u64(w, "\n\t\t", "vaps", naspa);
	json_sep(w, "\n\t\t");
	json_key(w, "talfiles");
	json_begin_array(w);
	json_sep(w, " ");
	json_string_plain(w, "lab.tal");
	json_ws(w, " ");
	json_end_array(w);
	json_ws(w, "\n\t");
	json_end_object(w);
}

static void roa_json(struct json_writer *w, const struct lab_roa *r, uint32_t expires)
{
	char buf[PREFIX_STRLEN];
	json_sep(w, "\n\t\t");
	json_begin_object(w);
	member_u64(w, " ", "asn", r->asn);
	json_sep(w, " ");
	json_key(w, "prefix");
	json_string_plain(w, prefix_format(&r->pfx, buf, sizeof buf));
	member_u64(w, " ", "maxLength", r->maxlen);
	json_sep(w, " ");
	json_key(w, "ta");
	json_string_plain(w, "lab");
	member_u64(w, " ", "expires", expires);
	json_ws(w, " ");
	json_end_object(w);
}

static void aspa_json(const struct lab *lab, struct json_writer *w, const struct lab_as *a,
                      uint32_t expires)
{
	uint32_t prov[64];
	size_t np = 0;
	for (size_t k = 0; k < a->prov.n && np < 64; k++)
		prov[np++] = lab->as[a->prov.v[k]].asn;
	if (np == 0)
		prov[np++] = 0; /* "I have no providers" (tier 1) */
	qsort(prov, np, sizeof prov[0], cmp_u32);
	json_sep(w, "\n\t\t");
	json_begin_object(w);
	member_u64(w, " ", "customer_asid", a->asn);
	member_u64(w, " ", "expires", expires);
	json_sep(w, " ");
	json_key(w, "providers");
	json_begin_array(w);
	for (size_t k = 0; k < np; k++) {
		json_sep(w, " ");
		json_u32(w, prov[k]);
	}
	json_ws(w, " ");
	json_end_array(w);
	json_ws(w, " ");
	json_end_object(w);
}

int lab_write_vrps(const struct lab *lab, FILE *f, struct err *e)
{
	struct lab_roa *roas = malloc((lab->nroas + 1) * sizeof *roas);
	if (!roas)
		return err_set(e, "lab: out of memory");
	memcpy(roas, lab->roas, lab->nroas * sizeof *roas);
	qsort(roas, lab->nroas, sizeof *roas, roa_cmp);
	uint32_t expires = lab->opts.time + EXPIRY;
	struct json_writer w;
	json_writer_init_file(&w, f);
	json_spaced_colon(&w, true);
	json_begin_object(&w);
	metadata_json(lab, &w, count_aspas(lab));
	json_sep(&w, "\n\t");
	json_key(&w, "roas");
	json_begin_array(&w);
	for (size_t i = 0; i < lab->nroas; i++)
		roa_json(&w, &roas[i], expires);
	free(roas);
	json_ws(&w, "\n\t");
	json_end_array(&w);
	json_sep(&w, "\n\t");
	json_key(&w, "aspas");
	json_begin_array(&w);
	for (size_t i = 0; i < lab->nas; i++)
		if (lab->as[i].aspa)
			aspa_json(lab, &w, &lab->as[i], expires);
	json_ws(&w, "\n\t");
	json_end_array(&w);
	json_ws(&w, "\n");
	json_end_object(&w);
	json_ws(&w, "\n");
	if (json_writer_finish(&w) < 0)
		return err_set(e, "lab: writing vrps.json: %s", strerror(errno));
	return 0;
}

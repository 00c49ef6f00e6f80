/* lab_vrps.c - vrps.json: ROAs and ASPAs as rpki-client writes them. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

int lab_write_vrps(const struct lab *lab, FILE *f, struct err *e)
{
	struct lab_roa *roas = malloc((lab->nroas + 1) * sizeof *roas);
	if (!roas)
		return err_set(e, "lab: out of memory");
	memcpy(roas, lab->roas, lab->nroas * sizeof *roas);
	qsort(roas, lab->nroas, sizeof *roas, roa_cmp);
	char when[32], buf[PREFIX_STRLEN];
	uint32_t expires = lab->opts.time + EXPIRY;
	size_t naspa = count_aspas(lab);
	fprintf(f, "{\n\t\"metadata\": {\n\t\t\"buildmachine\": \"manrs-lab\",\n"
		   "\t\t\"buildtime\": \"%s\",\n\t\t\"roas\": %zu,\n\t\t\"aspas\": %zu,\n"
		   "\t\t\"vrps\": %zu,\n\t\t\"uniquevrps\": %zu,\n\t\t\"vaps\": %zu,\n"
		   "\t\t\"talfiles\": [ \"lab.tal\" ]\n\t},\n\t\"roas\": [\n",
		lab_iso_time(lab->opts.time, when, sizeof when), lab->nroas, naspa, lab->nroas,
		lab->nroas, naspa);
	for (size_t i = 0; i < lab->nroas; i++)
		fprintf(f, "\t\t{ \"asn\": %u, \"prefix\": \"%s\", \"maxLength\": %u, "
			   "\"ta\": \"lab\", \"expires\": %u }%s\n",
			roas[i].asn, prefix_format(&roas[i].pfx, buf, sizeof buf), roas[i].maxlen,
			expires, i + 1 < lab->nroas ? "," : "");
	free(roas);
	fputs("\t],\n\t\"aspas\": [\n", f);
	size_t done = 0;
	for (size_t i = 0; i < lab->nas; i++) {
		const struct lab_as *a = &lab->as[i];
		if (!a->aspa)
			continue;
		uint32_t prov[64];
		size_t np = 0;
		for (size_t k = 0; k < a->prov.n && np < 64; k++)
			prov[np++] = lab->as[a->prov.v[k]].asn;
		if (np == 0)
			prov[np++] = 0; /* "I have no providers" (tier 1) */
		qsort(prov, np, sizeof prov[0], cmp_u32);
		fprintf(f, "\t\t{ \"customer_asid\": %u, \"expires\": %u, \"providers\": [ ", a->asn,
			expires);
		for (size_t k = 0; k < np; k++)
			fprintf(f, "%s%u", k ? ", " : "", prov[k]);
		fprintf(f, " ] }%s\n", ++done < naspa ? "," : "");
	}
	fputs("\t]\n}\n", f);
	return 0;
}

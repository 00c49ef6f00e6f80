/* rpki_out_json.c - rpki-client compatible JSON ("metadata", "roas",
 * "aspas"), which rpki-client consumers such as StayRTR and manrs read. */
#include <time.h>

#include "out/json.h"
#include "out/rpki_out.h"

static int write_json(FILE *f, const struct rpki_set *s, const struct rpki_out_opts *o)
{
	char buf[PREFIX_STRLEN], when[32] = "";
	time_t t = (time_t)(s->generated ? s->generated : o->now);
	struct tm tm;
	if (gmtime_r(&t, &tm))
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	size_t n = 0;
	for (size_t i = 0; i < s->nvrps; i++)
		n += rpki_out_want(o, &s->vrps[i]);
	fprintf(f, "{\n\t\"metadata\": {\n\t\t\"buildmachine\": \"manrs\",\n"
		   "\t\t\"buildtime\": \"%s\",\n\t\t\"vrps\": %zu,\n\t\t\"uniquevrps\": %zu,\n"
		   "\t\t\"aspas\": %zu\n\t},\n\t\"roas\": [\n",
		when, n, n, o->family ? (size_t)0 : s->naspas);
	size_t k = 0;
	for (size_t i = 0; i < s->nvrps; i++) {
		const struct vrp *v = &s->vrps[i];
		if (!rpki_out_want(o, v))
			continue;
		fprintf(f, "\t\t{ \"asn\": %u, \"prefix\": \"%s\", \"maxLength\": %u, \"ta\": ", v->asn,
			rpki_out_prefix(v, buf, sizeof buf), v->maxlen);
		json_write_string(f, rpki_out_ta(s, v));
		/* Keep the expiry the source gave, so consumers can honour it too. */
		if (rpki_set_vrp_expires(s, i))
			fprintf(f, ", \"expires\": %lld", (long long)rpki_set_vrp_expires(s, i));
		fputs(++k < n ? " },\n" : " }\n", f);
	}
	fputs("\t],\n\t\"aspas\": [\n", f);
	for (size_t i = 0; o->family == 0 && i < s->naspas; i++) {
		const struct aspa *a = &s->aspas[i];
		fprintf(f, "\t\t{ \"customer_asid\": %u, ", a->customer);
		if (a->expires)
			fprintf(f, "\"expires\": %lld, ", (long long)a->expires);
		fputs("\"providers\": [", f);
		for (uint32_t j = 0; j < a->nproviders; j++)
			fprintf(f, "%s%u", j ? ", " : " ", a->providers[j]);
		fputs(i + 1 < s->naspas ? " ] },\n" : " ] }\n", f);
	}
	fputs("\t]\n}\n", f);
	return ferror(f) ? -1 : 0;
}

const struct rpki_writer rpki_writer_json = { "json", "rpki-client compatible JSON", write_json };

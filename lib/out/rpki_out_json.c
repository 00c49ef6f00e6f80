/* SPDX-License-Identifier: ISC */
/* rpki_out_json.c - rpki-client compatible JSON ("metadata", "roas",
 * "aspas"), which rpki-client consumers such as StayRTR and manrs read. */
/* Deliberately alike the other lib/out/rpki_out_*.c writers: each is one
 * consumer's exact format, so their loops stay apart. */
#include <time.h>

#include "core/json_writer.h"
#include "out/rpki_out.h"

/* "key": n on a line of its own inside "metadata". */
static void meta_count(struct json_writer *w, const char *key, size_t n)
{
	json_sep(w, "\n\t\t");
	json_key(w, key);
	json_u64(w, n);
}

static void write_metadata(struct json_writer *w, const struct rpki_set *s,
                           const struct rpki_out_opts *o, size_t nvrps)
{
	char when[32] = "";
	time_t t = (time_t)(s->generated ? s->generated : o->now);
	struct tm tm;
	if (gmtime_r(&t, &tm))
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_sep(w, "\n\t");
	json_key(w, "metadata");
	json_begin_object(w);
	json_sep(w, "\n\t\t");
	json_key(w, "buildmachine");
	json_string_plain(w, "manrs");
	json_sep(w, "\n\t\t");
	json_key(w, "buildtime");
	json_string_plain(w, when);
	meta_count(w, "vrps", nvrps);
	meta_count(w, "uniquevrps", nvrps);
	meta_count(w, "aspas", o->family ? 0 : s->naspas);
	json_ws(w, "\n\t");
	json_end_object(w);
}

/* One ROA as { "asn": .., "prefix": .., "maxLength": .., "ta": .. }. */
static void write_roa(struct json_writer *w, const struct rpki_set *s, size_t i)
{
	const struct vrp *v = &s->vrps[i];
	char buf[PREFIX_STRLEN];
	json_sep(w, "\n\t\t");
	json_begin_object(w);
	json_sep(w, " ");
	json_key(w, "asn");
	json_u32(w, v->asn);
	json_sep(w, " ");
	json_key(w, "prefix");
	json_string_plain(w, rpki_out_prefix(v, buf, sizeof buf));
	json_sep(w, " ");
	json_key(w, "maxLength");
	json_u32(w, v->maxlen);
	json_sep(w, " ");
	json_key(w, "ta");
	json_str(w, rpki_out_ta(s, v));
	/* Keep the expiry the source gave, so consumers can honour it too. */
	if (rpki_set_vrp_expires(s, i)) {
		json_sep(w, " ");
		json_key(w, "expires");
		json_i64(w, (int64_t)rpki_set_vrp_expires(s, i));
	}
	json_ws(w, " ");
	json_end_object(w);
}

static void write_aspa(struct json_writer *w, const struct aspa *a)
{
	json_sep(w, "\n\t\t");
	json_begin_object(w);
	json_sep(w, " ");
	json_key(w, "customer_asid");
	json_u32(w, a->customer);
	if (a->expires) {
		json_sep(w, " ");
		json_key(w, "expires");
		json_i64(w, (int64_t)a->expires);
	}
	json_sep(w, " ");
	json_key(w, "providers");
	json_begin_array(w);
	for (uint32_t j = 0; j < a->nproviders; j++) {
		json_sep(w, " ");
		json_u32(w, a->providers[j]);
	}
	json_ws(w, " ");
	json_end_array(w);
	json_ws(w, " ");
	json_end_object(w);
}

static int write_json(FILE *f, const struct rpki_set *s, const struct rpki_out_opts *o)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nvrps; i++)
		n += rpki_out_want(o, &s->vrps[i]);
	struct json_writer w;
	json_writer_init_file(&w, f);
	json_spaced_colon(&w, true);
	json_begin_object(&w);
	write_metadata(&w, s, o, n);
	json_sep(&w, "\n\t");
	json_key(&w, "roas");
	json_begin_array(&w);
	for (size_t i = 0; i < s->nvrps; i++)
		if (rpki_out_want(o, &s->vrps[i]))
			write_roa(&w, s, i);
	json_ws(&w, "\n\t");
	json_end_array(&w);
	json_sep(&w, "\n\t");
	json_key(&w, "aspas");
	json_begin_array(&w);
	for (size_t i = 0; o->family == 0 && i < s->naspas; i++)
		write_aspa(&w, &s->aspas[i]);
	json_ws(&w, "\n\t");
	json_end_array(&w);
	json_ws(&w, "\n");
	json_end_object(&w);
	json_ws(&w, "\n");
	return json_writer_finish(&w) < 0 || ferror(f) ? -1 : 0;
}

const struct rpki_writer rpki_writer_json = {"json", "rpki-client compatible JSON", write_json};

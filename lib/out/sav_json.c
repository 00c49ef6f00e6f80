/* SPDX-License-Identifier: ISC */
/* sav_json.c - the filters as JSON, the form `manrs sav scan --filters`
 * reads: {"asn":N,"method":M,"customers":[{"name","asn","interface",
 * "vlan","mac","method","ipv4":[...],"ipv6":[...]}]} with vlan and mac only
 * when configured and interface only when given. */
#include "core/json_writer.h"
#include "out/sav_out.h"

static void prefixes(struct json_writer *w, const char *key, int family, const struct sav_plist *l)
{
	char buf[PREFIX_STRLEN];
	json_key(w, key);
	json_begin_array(w);
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].family == family)
			json_string_plain(w, prefix_format(&l->v[i], buf, sizeof buf));
	json_end_array(w);
}

static void customer(struct json_writer *w, const struct sav_out_filter *x, enum sav_method m)
{
	const struct sav_neighbor *nb = x->nb;
	json_begin_object(w);
	json_key(w, "name");
	json_str(w, nb->name);
	json_key(w, "asn");
	json_u32(w, nb->asn);
	if (nb->interface) {
		json_key(w, "interface");
		json_str(w, nb->interface);
	}
	if (nb->vlan >= 0) {
		json_key(w, "vlan");
		json_u32(w, (uint32_t)nb->vlan);
	}
	if (nb->mac) {
		json_key(w, "mac");
		json_str(w, nb->mac);
	}
	json_key(w, "method");
	json_string_plain(w, sav_method_name(m));
	prefixes(w, "ipv4", 4, &x->allowed);
	prefixes(w, "ipv6", 6, &x->allowed);
	json_end_object(w);
}

static int write_json(FILE *f, const struct sav_out_doc *d)
{
	struct json_writer w;
	json_writer_init_file(&w, f);
	json_begin_object(&w);
	json_key(&w, "asn");
	json_u32(&w, d->conf->asn);
	json_key(&w, "method");
	json_string_plain(&w, sav_method_name(d->method));
	json_key(&w, "customers");
	json_begin_array(&w);
	for (size_t i = 0; i < d->n; i++)
		if (sav_out_filtered(&d->f[i]))
			customer(&w, &d->f[i], d->method);
	json_end_array(&w);
	json_end_object(&w);
	json_ws(&w, "\n");
	return json_writer_finish(&w);
}

const struct sav_writer sav_writer_json = {"json", "JSON (what sav scan --filters reads)", false,
                                           write_json};

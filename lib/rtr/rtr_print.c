/* SPDX-License-Identifier: ISC */
/* rtr_print.c - the output of 'manrs rtr dump'. */
#include "rtr/rtr_print.h"

#include <string.h>

#include "core/json_writer.h"
#include "core/prefix.h"
#include "rtr/rtr_delta.h"
#include "rtr/rtr_pdu.h"

/* ASPAs after the VRPs, as a second CSV block (only when there are any, so
 * a v0/v1 dump stays plain VRP CSV). */
static void print_aspa_csv(FILE *f, const struct rpki_set *set)
{
	if (!set->naspas)
		return;
	fputs("\nCustomer ASN,Provider ASNs\n", f);
	for (size_t i = 0; i < set->naspas; i++) {
		const struct aspa *a = &set->aspas[i];
		fprintf(f, "AS%u,", a->customer);
		for (uint32_t j = 0; j < a->nproviders; j++)
			fprintf(f, "%sAS%u", j ? " " : "", a->providers[j]);
		fputc('\n', f);
	}
}

static void vrp_text(const struct vrp *v, char *out, size_t cap)
{
	struct prefix p;
	memset(&p, 0, sizeof p);
	p.family = v->family;
	p.len = v->len;
	memcpy(p.addr, v->addr, 16);
	prefix_format(&p, out, cap);
}

static int print_csv(FILE *f, const struct rpki_set *set)
{
	char pfx[PREFIX_STRLEN];
	fputs("ASN,IP Prefix,Max Length\n", f);
	for (size_t i = 0; i < set->nvrps; i++) {
		const struct vrp *v = &set->vrps[i];
		vrp_text(v, pfx, sizeof pfx);
		fprintf(f, "AS%u,%s,%u\n", v->asn, pfx, v->maxlen);
	}
	print_aspa_csv(f, set);
	return ferror(f) ? -1 : 0;
}

/* {"roas":[ one object a line ],\n"aspas":[ one object a line ]} */
static int print_json(FILE *f, const struct rpki_set *set)
{
	char pfx[PREFIX_STRLEN];
	struct json_writer w;
	json_writer_init_file(&w, f);
	json_begin_object(&w);
	json_key(&w, "roas");
	json_begin_array(&w);
	for (size_t i = 0; i < set->nvrps; i++) {
		const struct vrp *v = &set->vrps[i];
		vrp_text(v, pfx, sizeof pfx);
		json_sep(&w, "\n");
		json_begin_object(&w);
		json_key(&w, "asn");
		json_u32(&w, v->asn);
		json_key(&w, "prefix");
		json_string_plain(&w, pfx);
		json_key(&w, "maxLength");
		json_u32(&w, v->maxlen);
		json_end_object(&w);
	}
	json_end_array(&w);
	json_sep(&w, "\n");
	json_key(&w, "aspas");
	json_begin_array(&w);
	for (size_t i = 0; i < set->naspas; i++) {
		const struct aspa *a = &set->aspas[i];
		json_sep(&w, "\n");
		json_begin_object(&w);
		json_key(&w, "customer_asid");
		json_u32(&w, a->customer);
		json_key(&w, "providers");
		json_begin_array(&w);
		for (uint32_t j = 0; j < a->nproviders; j++)
			json_u32(&w, a->providers[j]);
		json_end_array(&w);
		json_end_object(&w);
	}
	json_end_array(&w);
	json_end_object(&w);
	json_ws(&w, "\n");
	return json_writer_finish(&w);
}

int rtr_client_print(FILE *f, struct rpki_set *set, int json)
{
	rtr_set_normalize(set);
	return json ? print_json(f, set) : print_csv(f, set);
}

/* "current", "draft-10", "mixed" or "none": the ASPA layouts a sync saw. */
static const char *layout_name(int layouts)
{
	switch (layouts) {
	case 0:
		return "none";
	case 1 << RTR_ASPA_CURRENT:
		return "current";
	case 1 << RTR_ASPA_DRAFT10:
		return "draft-10";
	default:
		return "mixed";
	}
}

/* twin of rtr_client_report_json: the same fields as key=value, 4 decimals */
void rtr_client_report_text(FILE *f, const struct rtr_client_report *r)
{
	fprintf(f,
	        "clients=%u completed=%u version=%d session=%u serial=%u vrps4=%llu vrps6=%llu "
	        "aspa_pdus=%llu aspa_layout=%s pdus=%llu bytes=%llu eod_min=%.4f eod_mean=%.4f "
	        "eod_max=%.4f total=%.4f\n",
	        r->clients, r->completed, r->version, r->session, r->serial,
	        (unsigned long long)r->vrps4, (unsigned long long)r->vrps6,
	        (unsigned long long)r->aspa_pdus, layout_name(r->aspa_layouts),
	        (unsigned long long)r->pdus, (unsigned long long)r->bytes, r->eod_min, r->eod_mean,
	        r->eod_max, r->total);
}

/* twin of rtr_client_report_text: the same fields as JSON, 6 decimals */
int rtr_client_report_json(FILE *f, const struct rtr_client_report *r)
{
	struct json_writer w;
	json_writer_init_file(&w, f);
	json_begin_object(&w);
	json_key(&w, "clients");
	json_u32(&w, r->clients);
	json_key(&w, "completed");
	json_u32(&w, r->completed);
	json_key(&w, "version");
	json_i64(&w, r->version);
	json_key(&w, "session");
	json_u32(&w, r->session);
	json_key(&w, "serial");
	json_u32(&w, r->serial);
	json_key(&w, "vrps4");
	json_u64(&w, r->vrps4);
	json_key(&w, "vrps6");
	json_u64(&w, r->vrps6);
	json_key(&w, "aspa_pdus");
	json_u64(&w, r->aspa_pdus);
	json_key(&w, "aspa_layout");
	json_string_plain(&w, layout_name(r->aspa_layouts));
	json_key(&w, "pdus");
	json_u64(&w, r->pdus);
	json_key(&w, "bytes");
	json_u64(&w, r->bytes);
	json_key(&w, "eod_min");
	json_fixed(&w, r->eod_min, 6);
	json_key(&w, "eod_mean");
	json_fixed(&w, r->eod_mean, 6);
	json_key(&w, "eod_max");
	json_fixed(&w, r->eod_max, 6);
	json_key(&w, "total");
	json_fixed(&w, r->total, 6);
	json_end_object(&w);
	json_ws(&w, "\n");
	return json_writer_finish(&w);
}

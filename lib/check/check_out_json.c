/* SPDX-License-Identifier: ISC */
/* check_out_json.c - the report as one JSON document (json_writer). */
#include <string.h>

#include "check/check_out.h"
#include "core/json_writer.h"

static void score(struct json_writer *j, const char *k, double s)
{
	json_key(j, k);
	if (s < 0)
		json_null_value(j);
	else
		json_fixed(j, s, 1);
}

static void inputs(struct json_writer *j, const struct check_have *h)
{
	json_key(j, "inputs");
	json_begin_object(j);
	const struct {
		const char *k;
		bool v;
	} in[] = {{"mrt", h->mrt},      {"vrps", h->vrps},     {"irr", h->irr},
	          {"asrel", h->asrel},  {"peeringdb", h->pdb}, {"spoofer", h->spoofer},
	          {"bogons", h->bogons}};
	for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
		json_key(j, in[i].k);
		json_bool(j, in[i].v);
	}
	json_key(j, "mrt_problems");
	json_u64(j, h->mrt_problems);
	char t[32];
	json_key(j, "data_start");
	json_str(j, ck_time(h->data_start, t, sizeof t));
	json_key(j, "data_end");
	json_str(j, ck_time(h->data_end, t, sizeof t));
	json_end_object(j);
}

static void incidents(struct json_writer *j, const struct check_filter *f)
{
	json_key(j, "incidents");
	json_begin_array(j);
	for (unsigned i = 0; i < f->nincidents; i++) {
		char t[32];
		json_begin_object(j);
		json_key(j, "start");
		json_str(j, ck_time(f->inc[i].start, t, sizeof t));
		json_key(j, "end");
		json_str(j, ck_time(f->inc[i].end, t, sizeof t));
		json_key(j, "seconds");
		json_u32(j, f->inc[i].end - f->inc[i].start);
		json_key(j, "events");
		json_u32(j, f->inc[i].events);
		json_key(j, "weight");
		json_fixed(j, f->inc[i].weight, 1);
		json_key(j, "first_event");
		json_str(j, f->inc[i].what);
		json_end_object(j);
	}
	json_end_array(j);
}

static void metric_detail(struct json_writer *j, const struct check_as *a, int m)
{
	if (m <= CKM_M4C) {
		json_key(j, "events");
		json_u32(j, a->filt[m].events);
		json_key(j, "weight");
		json_fixed(j, a->filt[m].weight, 1);
		incidents(j, &a->filt[m]);
	} else if (m == CKM_M5 || m == CKM_M5C) {
		json_key(j, "tests");
		json_u32(j, m == CKM_M5 ? a->spoof_tests : a->spoof_cust_tests);
		json_key(j, "spoofable_prefixes");
		json_u32(j, m == CKM_M5 ? a->spoof_prefixes_spoofable : a->spoof_cust_spoofable);
	} else if (m == CKM_M7IRR) {
		json_key(j, "routes");
		json_u64(j, a->nroutes);
		json_key(j, "registered");
		json_u32(j, a->irr_registered);
	} else if (m == CKM_M7RPKI) {
		const char *k[3] = {"not_found", "valid", "invalid"};
		json_key(j, "routes");
		json_u64(j, a->nroutes);
		for (int i = 0; i < 3; i++) {
			json_key(j, k[i]);
			json_u32(j, a->rov[i]);
		}
	} else if (m == CKM_M8) {
		json_key(j, "neighbours");
		json_u64(j, a->nneighbours);
		json_key(j, "documented");
		json_u32(j, a->documented);
	}
}

static void contacts(struct json_writer *j, const struct check_as *a)
{
	json_key(j, "contacts");
	json_begin_object(j);
	json_key(j, "aut_num");
	json_bool(j, a->autnum);
	json_key(j, "aut_num_updated");
	json_str(j, a->autnum_updated);
	json_key(j, "irr");
	json_begin_array(j);
	for (unsigned i = 0; i < a->ncontacts; i++) {
		const struct check_contact *c = &a->contacts[i];
		json_begin_object(j);
		json_key(j, "attr");
		json_str(j, c->attr);
		json_key(j, "handle");
		json_str(j, c->handle);
		json_key(j, "found");
		json_bool(j, c->found);
		json_key(j, "email");
		json_str(j, c->email);
		json_key(j, "email_valid");
		json_bool(j, c->email_ok);
		json_key(j, "updated");
		json_str(j, c->updated);
		json_end_object(j);
	}
	json_end_array(j);
	json_key(j, "peeringdb_net");
	json_bool(j, a->pdb_net);
	json_key(j, "peeringdb_updated");
	json_str(j, a->pdb_updated);
	json_key(j, "peeringdb_pocs");
	json_begin_array(j);
	for (unsigned i = 0; i < a->npocs; i++) {
		const struct check_poc *p = &a->pocs[i];
		json_begin_object(j);
		json_key(j, "role");
		json_str(j, p->role);
		json_key(j, "visible");
		json_str(j, p->visible);
		json_key(j, "email");
		json_str(j, p->email);
		json_key(j, "email_valid");
		json_bool(j, p->email_ok);
		json_key(j, "phone");
		json_str(j, p->phone);
		json_key(j, "phone_valid");
		json_bool(j, p->phone_ok);
		json_key(j, "updated");
		json_str(j, p->updated);
		json_end_object(j);
	}
	json_end_array(j);
	json_end_object(j);
}

static void metrics(struct json_writer *j, const struct check_report *r, const struct check_as *a)
{
	json_key(j, "metrics");
	json_begin_object(j);
	for (int m = 0; m < CKM_N; m++) {
		json_key(j, check_metric_name((enum check_metric_id)m));
		json_begin_object(j);
		score(j, "score", a->m[m]);
		json_key(j, "action");
		json_str(j, check_action_name(check_metric_action((enum check_metric_id)m)));
		if (a->m[m] < 0) {
			json_key(j, "missing");
			json_str(j, ck_metric_missing((enum check_metric_id)m, r->have));
		} else {
			metric_detail(j, a, m);
		}
		json_end_object(j);
	}
	json_end_object(j);
}

static void fixes(struct json_writer *j, const struct check_fixes *x)
{
	json_key(j, "fixes");
	json_begin_array(j);
	for (size_t i = 0; i < x->n; i++) {
		const struct check_fix *f = &x->v[i];
		char buf[512];
		json_begin_object(j);
		json_key(j, "kind");
		json_str(j, check_fix_kind_name(f->kind));
		json_key(j, "impact");
		json_u32(j, (uint32_t)f->impact);
		json_key(j, "text");
		json_str(j, f->text);
		if (f->pfx.family) {
			char p[PREFIX_STRLEN];
			json_key(j, "prefix");
			json_str(j, prefix_format(&f->pfx, p, sizeof p));
		}
		if (f->kind == CK_FIX_ROA || f->kind == CK_FIX_ROA_INVALID) {
			json_key(j, "asn");
			json_u32(j, f->asn);
			json_key(j, "maxLength");
			json_u32(j, f->maxlen);
			check_fix_portal_csv(f, buf, sizeof buf);
			json_key(j, "portal_csv");
			json_str(j, buf);
		}
		if (f->kind == CK_FIX_ROUTE_OBJ) {
			check_fix_rpsl(f, buf, sizeof buf);
			json_key(j, "rpsl");
			json_str(j, buf);
		}
		json_end_object(j);
	}
	json_end_array(j);
}

static void one_as(struct json_writer *j, const struct check_report *r, size_t i)
{
	const struct check_as *a = &r->as[i];
	json_sep(j, "\n"); /* one AS a line */
	json_begin_object(j);
	json_key(j, "asn");
	json_u32(j, a->asn);
	json_key(j, "actions");
	json_begin_object(j);
	for (int k = 0; k < CK_NACTIONS; k++) {
		json_key(j, check_action_name((enum check_action)k));
		json_begin_object(j);
		score(j, "score", a->action_score[k]);
		json_key(j, "status");
		json_str(j, check_status_name(a->status[k]));
		json_end_object(j);
	}
	json_end_object(j);
	metrics(j, r, a);
	contacts(j, a);
	fixes(j, &r->fixes[i]);
	json_end_object(j);
}

int check_out_json(FILE *f, const struct check_report *r)
{
	struct json_writer j;
	json_writer_init_file(&j, f);
	json_spaced_colon(&j, true);
	json_begin_object(&j);
	inputs(&j, r->have);
	json_key(&j, "cutoffs");
	json_begin_object(&j);
	for (int k = 0; k < CK_NACTIONS; k++) {
		json_key(&j, check_action_name((enum check_action)k));
		json_begin_object(&j);
		json_key(&j, "ready");
		json_fixed(&j, r->cut->ready[k], 1);
		json_key(&j, "aspiring");
		json_fixed(&j, r->cut->aspiring[k], 1);
		json_end_object(&j);
	}
	json_end_object(&j);
	json_key(&j, "ases");
	json_begin_array(&j);
	for (size_t i = 0; i < r->n; i++)
		one_as(&j, r, i);
	json_end_array(&j);
	json_end_object(&j);
	json_ws(&j, "\n");
	return json_writer_finish(&j) < 0 || ferror(f) ? -1 : 0;
}

int check_out_rank_json(FILE *f, const struct check_rank *v, size_t n)
{
	struct json_writer j;
	json_writer_init_file(&j, f);
	json_spaced_colon(&j, true);
	json_begin_array(&j);
	for (size_t i = 0; i < n; i++) {
		json_sep(&j, "\n"); /* one AS a line */
		json_begin_object(&j);
		json_key(&j, "rank");
		json_u64(&j, i + 1);
		json_key(&j, "asn");
		json_u32(&j, v[i].asn);
		score(&j, "total", v[i].total);
		for (int k = 0; k < CK_NACTIONS; k++) {
			json_key(&j, check_action_name((enum check_action)k));
			json_begin_object(&j);
			score(&j, "score", v[i].action_score[k]);
			json_key(&j, "status");
			json_str(&j, check_status_name(v[i].status[k]));
			json_end_object(&j);
		}
		json_key(&j, "routes");
		json_u64(&j, v[i].nroutes);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_ws(&j, "\n");
	return json_writer_finish(&j) < 0 || ferror(f) ? -1 : 0;
}

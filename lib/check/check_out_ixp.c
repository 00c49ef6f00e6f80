/* SPDX-License-Identifier: ISC */
/* check_out_ixp.c - the IXP report as text and JSON. */
#include <string.h>

#include "check/check_out.h"
#include "core/json_writer.h"

static const char *rs_names[CK_RS_NKINDS] = {"rpki_invalid", "bogon", "irr_unregistered"};

int check_out_ixp_text(FILE *f, const struct check_ixp *x)
{
	fprintf(f, "MANRS readiness of IXP %u (%s)\n\n", x->ix_id, x->name[0] ? x->name : "?");
	fprintf(f, "  Action 1, route-server filtering: ");
	if (!x->have_rs)
		fprintf(f, "no data (give the route server's MRT dump with --rs-mrt)\n");
	else {
		fprintf(f, "%.1f %s: %zu of %zu routes should have been filtered; by filter:\n",
		        x->score[0], check_status_name(x->status[0]), x->rs_should_drop,
		        x->rs_routes);
		for (int k = 0; k < CK_RS_NKINDS; k++)
			fprintf(f, "    %-17s %zu%s%s\n", rs_names[k], x->rs_bad[k],
			        x->example[k][0] ? ", first: " : "", x->example[k]);
	}
	fprintf(f, "  Action 4, members' contacts in PeeringDB: ");
	if (x->score[1] < 0)
		fprintf(f, "no data (no members)\n");
	else
		fprintf(f,
		        "%.1f %s: %zu of %zu members have a public poc with a valid e-mail and "
		        "phone\n",
		        x->score[1], check_status_name(x->status[1]), x->contact_ok, x->nmembers);
	if (x->nno_contact) {
		fprintf(f, "\nmembers to ask for a contact (%zu):", x->nno_contact);
		for (size_t i = 0; i < x->nno_contact; i++)
			fprintf(f, "%s AS%u", i % 10 ? "" : "\n ", x->no_contact[i]);
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

int check_out_ixp_json(FILE *f, const struct check_ixp *x)
{
	struct json_writer j;
	json_writer_init_file(&j, f);
	json_spaced_colon(&j, true);
	json_begin_object(&j);
	json_key(&j, "ix_id");
	json_u32(&j, x->ix_id);
	json_key(&j, "name");
	json_str(&j, x->name);
	json_key(&j, "route_server_filtering");
	json_begin_object(&j);
	json_key(&j, "score");
	if (x->score[0] < 0)
		json_null_value(&j);
	else
		json_fixed(&j, x->score[0], 1);
	json_key(&j, "status");
	json_str(&j, check_status_name(x->status[0]));
	if (x->have_rs) {
		json_key(&j, "routes");
		json_u64(&j, x->rs_routes);
		json_key(&j, "should_drop");
		json_u64(&j, x->rs_should_drop);
		for (int k = 0; k < CK_RS_NKINDS; k++) {
			json_key(&j, rs_names[k]);
			json_u64(&j, x->rs_bad[k]);
		}
	}
	json_end_object(&j);
	json_key(&j, "member_contacts");
	json_begin_object(&j);
	json_key(&j, "score");
	if (x->score[1] < 0)
		json_null_value(&j);
	else
		json_fixed(&j, x->score[1], 1);
	json_key(&j, "status");
	json_str(&j, check_status_name(x->status[1]));
	json_key(&j, "members");
	json_u64(&j, x->nmembers);
	json_key(&j, "with_contact");
	json_u64(&j, x->contact_ok);
	json_key(&j, "without_contact");
	json_begin_array(&j);
	for (size_t i = 0; i < x->nno_contact; i++)
		json_u32(&j, x->no_contact[i]);
	json_end_array(&j);
	json_end_object(&j);
	json_end_object(&j);
	json_ws(&j, "\n");
	return json_writer_finish(&j) < 0 || ferror(f) ? -1 : 0;
}

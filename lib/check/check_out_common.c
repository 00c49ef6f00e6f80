/* SPDX-License-Identifier: ISC */
/* check_out_common.c - the words every report uses: what each metric
 * measures, and which input a metric without data lacked. */
#include <string.h>
#include <time.h>

#include "check/check_out.h"

const char *ck_metric_title(enum check_metric_id m)
{
	static const char *t[CKM_N] = {"route leaks by the AS",
	                               "route leaks by its customers",
	                               "possible hijacks by the AS",
	                               "possible hijacks by its customers",
	                               "bogon prefixes by the AS",
	                               "bogon prefixes by its customers",
	                               "bogon ASNs by the AS",
	                               "bogon ASNs by its customers",
	                               "spoofable client prefixes (CAIDA Spoofer)",
	                               "spoofable prefixes of its customers",
	                               "contact information (IRR, PeeringDB)",
	                               "announced routes with an IRR route object",
	                               "announced routes RPKI-valid (minus 10x invalid)",
	                               "routing policy in the aut-num"};
	return m < CKM_N ? t[m] : "?";
}

const char *ck_metric_missing(enum check_metric_id m, const struct check_have *h)
{
	if (m <= CKM_M4C && !h->mrt)
		return "no MRT data (--rib / --updates)";
	if ((m == CKM_M1 || m == CKM_M1C) && !h->asrel)
		return "no AS relationships (--asrel)";
	if (m <= CKM_M4C && (m & 1) && !h->asrel)
		return "no AS relationships (--asrel): customers unknown";
	if ((m == CKM_M3 || m == CKM_M3C || m == CKM_M4 || m == CKM_M4C) && !h->bogons)
		return "bogon lists off (--no-bogons)";
	if ((m == CKM_M5 || m == CKM_M5C) && !h->spoofer)
		return "no CAIDA Spoofer CSV (--spoofer)";
	if (m == CKM_M5 || m == CKM_M5C)
		return "no Spoofer test from this AS (or its customers) in the CSV";
	if (m == CKM_M6)
		return "no IRR (--irr) and no PeeringDB (--peeringdb)";
	if (m == CKM_M7IRR && !h->irr)
		return "no IRR dump (--irr)";
	if (m == CKM_M7RPKI && !h->vrps)
		return "no VRPs (--vrps)";
	if (m == CKM_M8)
		return "no IRR dump (--irr)";
	return "no announced routes in the MRT data";
}

char *ck_time(uint32_t t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!t || !gmtime_r(&tt, &tm) || !strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
		ck_copy(buf, n, "-");
	return buf;
}

void ck_evidence(const struct check_as *a, enum check_metric_id m, char *buf, size_t n)
{
	if (m <= CKM_M4C) {
		const struct check_filter *f = &a->filt[m];
		snprintf(buf, n, "%u incident%s (%u event%s), weight %g", f->nincidents,
		         f->nincidents == 1 ? "" : "s", f->events, f->events == 1 ? "" : "s",
		         f->weight);
	} else if (m == CKM_M5) {
		snprintf(buf, n, "%u tests, %u spoofable prefixes", a->spoof_tests,
		         a->spoof_prefixes_spoofable);
	} else if (m == CKM_M5C) {
		snprintf(buf, n, "%u tests, %u spoofable prefixes", a->spoof_cust_tests,
		         a->spoof_cust_spoofable);
	} else if (m == CKM_M6) {
		unsigned ok = 0;
		for (unsigned i = 0; i < a->ncontacts; i++)
			ok += a->contacts[i].found && a->contacts[i].email_ok;
		snprintf(buf, n, "IRR: %s, %u of %u handles usable; PeeringDB: %s, %u pocs%s",
		         a->autnum ? "aut-num" : "no aut-num", ok, a->ncontacts,
		         !a->pdb_loaded ? "not given"
		         : a->pdb_net   ? "net"
		                        : "no net",
		         a->npocs, a->pdb_contact_ok ? ", public NOC contact" : "");
	} else if (m == CKM_M7IRR) {
		snprintf(buf, n, "%u of %zu routes registered", a->irr_registered, a->nroutes);
	} else if (m == CKM_M7RPKI) {
		snprintf(buf, n, "%zu routes: %u valid, %u invalid, %u not found", a->nroutes,
		         a->rov[1], a->rov[2], a->rov[0]);
	} else {
		snprintf(buf, n, "%u of %zu neighbours documented%s", a->documented, a->nneighbours,
		         a->autnum ? "" : " (no aut-num)");
	}
}

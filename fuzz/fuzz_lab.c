/* SPDX-License-Identifier: ISC */
/* fuzz_lab.c - the lab generator has no parser, so this is property fuzzing:
 * the input picks a seed and a size, and whatever lab gets built must keep
 * its promises - every RIB path valley-free, loop-free and never
 * ASPA-invalid, the hijacks ROV-invalid, the leaks ASPA-invalid (the OTC
 * leak marked by another AS than the leaker), the path anomaly past its
 * rule, events in time order. The rest of the input becomes arbitrary AS paths and prefixes
 * for the truth checks, which must not crash on ASNs outside the lab. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lab/lab.h"
#include "lab/lab_truth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		abort();
}

static int rel(const struct lab *lab, int a, int b)
{
	if (lab_ivec_has(&lab->as[a].cust, b))
		return -1;
	if (lab_ivec_has(&lab->as[a].prov, b))
		return 1;
	return lab_ivec_has(&lab->as[a].peer, b) ? 0 : 9;
}

static void check_rib(const struct lab *lab)
{
	for (size_t r = 0; r < lab->nroutes; r++)
		for (size_t k = 0; k < lab->npeers; k++) {
			const struct lab_path *p = &lab->rib[r * lab->npeers + k];
			check(p->len > 0);
			check(p->as[p->len - 1] == lab->as[lab->routes[r].origin].asn);
			int phase = 0;
			for (size_t i = p->len - 1; i > 0; i--) {
				int a = lab_find_as(lab, p->as[i]),
				    b = lab_find_as(lab, p->as[i - 1]);
				check(a >= 0 && b >= 0);
				if (a == b) /* a prepend: only at the origin end */
					check(p->as[i] == p->as[p->len - 1] && phase == 0);
				if (a == b)
					continue;
				int x = rel(lab, a, b);
				check(x != 9 && (phase == 0 || x == -1));
				if (x != 1)
					phase = 1;
			}
			check(lab_truth_aspa(lab, p) != LAB_ASPA_INVALID);
		}
}

static void check_incidents(const struct lab *lab)
{
	for (size_t i = 0; i < lab->ninc; i++) {
		const struct lab_incident *in = &lab->inc[i];
		switch (in->kind) {
		case LAB_ORIGIN_HIJACK:
		case LAB_SUBPREFIX_HIJACK:
		case LAB_ROA_MISCONFIG:
			check(in->rov == LAB_ROV_INVALID);
			break;
		case LAB_ROUTE_LEAK:
		case LAB_ASPA_LEAK:
			check(in->aspa == LAB_ASPA_INVALID);
			break;
		case LAB_PATH_ANOMALY:
			for (size_t k = 0; k < in->nseen; k++)
				check(in->seen[k].path.len > in->rule_maxlen);
			break;
		case LAB_OTC_LEAK:
			check(in->otc != 0 && in->otc != in->actor);
			break;
		case LAB_SQUAT:
		case LAB_VISIBILITY_LOSS:
			check(!in->bogon);
			break;
		default:
			check(in->bogon);
		}
		check(in->nseen > 0);
	}
	for (size_t k = 1; k < lab->nev; k++)
		check(lab->ev[k - 1].time <= lab->ev[k].time);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 10)
		return 0;
	struct lab_opts o;
	lab_opts_default(&o);
	memcpy(&o.seed, data, 8);
	o.nases = LAB_MIN_ASES + (unsigned)(data[8] | data[9] << 8) % 101;
	data += 10;
	size -= 10;
	struct lab lab;
	struct err e;
	if (lab_build(&lab, &o, &e) == 0) {
		check(lab.ninc >= 5);
		check_rib(&lab);
		check_incidents(&lab);
		/* Arbitrary paths: two bytes pick a lab AS, or with the top bit
		 * set, a raw ASN, so paths mix real hops and strangers. */
		struct lab_path p = {.len = 0};
		for (size_t i = 0; i + 1 < size && p.len < LAB_MAXPATH; i += 2) {
			unsigned v = data[i] | data[i + 1] << 8;
			p.as[p.len++] =
			    v & 0x8000 ? (v & 0x7fff) * 40503u : lab.as[v % lab.nas].asn;
		}
		uint8_t a = lab_truth_aspa(&lab, &p);
		check(a <= LAB_ASPA_INVALID);
		struct prefix q;
		if (size >= 6 && prefix_from_bytes(&q, 4, data, data[4] % 33) == 0)
			check(lab_truth_rov(&lab, &q, p.len ? p.as[p.len - 1] : 0) <=
			      LAB_ROV_INVALID);
	}
	lab_free(&lab);
	return 0;
}

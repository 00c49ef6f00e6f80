/* SPDX-License-Identifier: ISC */
/* bmp_session.c - what a Peer Up's two OPENs negotiated. */
#include "bmp/bmp.h"

#include <string.h>

/* The ADD-PATH value (1 receive, 2 send, 3 both) an OPEN announces for
 * (afi, safi), 0 when none. */
static uint8_t addpath_of(const struct bgp_open *o, uint16_t afi, uint8_t safi)
{
	for (size_t i = 0; i < o->n_afs && i < BGP_OPEN_MAX_AFS; i++)
		if (o->afs[i].afi == afi && o->afs[i].safi == safi)
			return o->afs[i].addpath;
	return 0;
}

void bmp_session_from_opens(const struct bgp_open *sent, const struct bgp_open *recv,
                            struct bmp_session *s)
{
	memset(s, 0, sizeof *s);
	s->as4 = sent->as4 && recv->as4;
	/* RFC 7911 4: path identifiers flow from a side that may send to one
	 * that may receive. Every AFI/SAFI either side names is listed. */
	const struct bgp_open *both[2] = {sent, recv};
	for (int k = 0; k < 2; k++) {
		const struct bgp_open *o = both[k];
		for (size_t i = 0; i < o->n_afs && i < BGP_OPEN_MAX_AFS; i++) {
			uint16_t afi = o->afs[i].afi;
			uint8_t safi = o->afs[i].safi;
			size_t j;
			for (j = 0; j < s->n_afs; j++)
				if (s->afs[j].afi == afi && s->afs[j].safi == safi)
					break;
			if (j < s->n_afs || s->n_afs == BMP_SESSION_MAX_AFS)
				continue;
			uint8_t local = addpath_of(sent, afi, safi);
			uint8_t peer = addpath_of(recv, afi, safi);
			s->afs[j].afi = afi;
			s->afs[j].safi = safi;
			s->afs[j].rx = (peer & 2) && (local & 1);
			s->afs[j].tx = (local & 2) && (peer & 1);
			s->n_afs++;
		}
	}
}

bool bmp_session_addpath(const struct bmp_session *s, enum bmp_rib_view view, uint16_t afi,
                         uint8_t safi)
{
	if (!s || view == BMP_VIEW_LOC_RIB)
		return false;
	bool out = view == BMP_VIEW_ADJ_OUT_PRE || view == BMP_VIEW_ADJ_OUT_POST;
	for (size_t i = 0; i < s->n_afs; i++)
		if (s->afs[i].afi == afi && s->afs[i].safi == safi)
			return out ? s->afs[i].tx : s->afs[i].rx;
	return false;
}

void bmp_session_without_path_ids(struct bmp_session *s)
{
	for (size_t i = 0; i < s->n_afs; i++)
		s->afs[i].rx = s->afs[i].tx = false;
}

bool bmp_exporter_omits_path_ids(const struct bmp_msg *m)
{
	static const char frr[] = "FRRouting";
	struct bmp_tlv t;
	if (m->type != BMP_INITIATION ||
	    !bmp_tlv_find(m->u.tlv.tlvs, m->u.tlv.tlvs_len, BMP_INFO_SYS_DESCR, &t))
		return false;
	return t.len >= sizeof frr - 1 && !memcmp(t.value, frr, sizeof frr - 1);
}

/* SPDX-License-Identifier: ISC */
/* bgp_nlri_label.c - labelled unicast and VPN NLRI. */
#include "bgp/bgp_nlri_label.h"

#include <string.h>

#include "bgp/bgp_types.h"

bool bgp_nlri_label_supported(uint16_t afi, uint8_t safi)
{
	return (afi == BGP_AFI_IPV4 || afi == BGP_AFI_IPV6) &&
	       (safi == BGP_SAFI_LABELED || safi == BGP_SAFI_VPN);
}

int bgp_nlri_label_next(struct wire_cur *c, uint16_t afi, uint8_t safi, bool addpath, bool withdraw,
                        struct bgp_nlri_label *n, struct err *e)
{
	if (wire_left(c) == 0)
		return 0;
	size_t start = wire_offset(c);
	memset(n, 0, sizeof *n);
	uint8_t bits;
	if ((addpath && !wire_get_u32(c, &n->path_id)) || !wire_get_u8(c, &bits))
		return wire_err_at(start, e, "labelled NLRI truncated");
	unsigned left = bits;
	for (;;) {
		const uint8_t *l;
		if (left < 24 || !wire_get_bytes(c, 3, &l))
			return wire_err_at(start, e,
			                   "labelled NLRI: label stack overruns the prefix");
		left -= 24;
		if (n->n_labels == BGP_NLRI_MAX_LABELS)
			return wire_err_at(start, e, "labelled NLRI: more than %d labels",
			                   BGP_NLRI_MAX_LABELS);
		n->labels[n->n_labels++] = (uint32_t)l[0] << 12 | (uint32_t)l[1] << 4 | l[2] >> 4;
		if (withdraw || (l[2] & 1))
			break;
	}
	if (safi == BGP_SAFI_VPN) {
		if (left < 64 || !wire_get_u64(c, &n->rd))
			return wire_err_at(start, e,
			                   "VPN NLRI: route distinguisher overruns the prefix");
		n->has_rd = true;
		left -= 64;
	}
	int family = afi == BGP_AFI_IPV6 ? 6 : 4;
	const uint8_t *addr;
	if (left > prefix_maxlen(family))
		return wire_err_at(start, e, "labelled NLRI: prefix length %u too long", left);
	if (!wire_get_bytes(c, (left + 7) / 8, &addr))
		return wire_err_at(start, e, "labelled NLRI: prefix truncated");
	prefix_from_bytes(&n->pfx, family, addr, left);
	return 1;
}

/* SPDX-License-Identifier: ISC */
/* ixp_reason.c - the reason table (documented in manrs-ixp(1)). */
#include "ixp/ixp_reason.h"

static const struct ixp_reason_info reasons[] = {
    {IXP_R_PATH_LEN, "path-too-long", "AS_PATH is longer than the policy allows"},
    {IXP_R_BOGON_PREFIX, "bogon-prefix", "prefix is a bogon"},
    {IXP_R_NEXT_HOP, "next-hop", "NEXT_HOP is not the member's own address"},
    {IXP_R_FIRST_AS, "first-as", "left-most AS is not the member's"},
    {IXP_R_BOGON_ASN, "bogon-asn", "a bogon ASN is in the AS_PATH"},
    {IXP_R_TRANSIT_FREE, "transit-free", "a transit-free network is in the AS_PATH"},
    {IXP_R_IRR_ORIGIN, "irr-origin", "origin ASN is not in the member's AS-SET"},
    {IXP_R_IRR_PREFIX, "irr-prefix", "prefix is not a route object of the member's AS-SET"},
    {IXP_R_PREFIX_LEN, "prefix-length", "prefix is too long or too short"},
    {IXP_R_RPKI_INVALID, "rpki-invalid", "RPKI route origin validation: Invalid"},
    {IXP_R_ASPA_INVALID, "aspa-invalid", "ASPA upstream path verification: Invalid"},
    {IXP_R_BLACKHOLE, "blackhole", "blackhole route outside the member's space or too long"},
    {IXP_R_OTC_LEAK, "otc-leak", "OTC attribute set on a route from an RS client (RFC 9234)"},
};

size_t ixp_reasons(const struct ixp_reason_info **tab)
{
	*tab = reasons;
	return sizeof reasons / sizeof reasons[0];
}

const struct ixp_reason_info *ixp_reason_find(unsigned code)
{
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		if ((unsigned)reasons[i].code == code)
			return &reasons[i];
	return NULL;
}

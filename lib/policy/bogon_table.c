/* SPDX-License-Identifier: ISC */
/* bogon_table.c - the built-in bogon data: IANA IPv4/IPv6 special-purpose
 * address registries (names as IANA writes them), the blocks operators add
 * (multicast, 6bone, site-local, space outside 2000::/3) and the reserved ASN
 * ranges. Rows marked false are special-purpose but globally reachable per
 * IANA: they punch holes in the bogon ranges around them. */
#include "policy/bogon.h"

static const struct bogon_builtin prefixes[] = {
    {"0.0.0.0/8", "\"This network\"", "RFC 791", true},
    {"0.0.0.0/32", "\"This host on this network\"", "RFC 1122", true},
    {"10.0.0.0/8", "Private-Use", "RFC 1918", true},
    {"100.64.0.0/10", "Shared Address Space", "RFC 6598", true},
    {"127.0.0.0/8", "Loopback", "RFC 1122", true},
    {"169.254.0.0/16", "Link Local", "RFC 3927", true},
    {"172.16.0.0/12", "Private-Use", "RFC 1918", true},
    {"192.0.0.0/24", "IETF Protocol Assignments", "RFC 6890", true},
    {"192.0.0.0/29", "IPv4 Service Continuity Prefix", "RFC 7335", true},
    {"192.0.0.8/32", "IPv4 dummy address", "RFC 7600", true},
    {"192.0.0.9/32", "Port Control Protocol Anycast", "RFC 7723", false},
    {"192.0.0.10/32", "Traversal Using Relays around NAT Anycast", "RFC 8155", false},
    {"192.0.0.170/32", "NAT64/DNS64 Discovery", "RFC 8880, RFC 7050", true},
    {"192.0.0.171/32", "NAT64/DNS64 Discovery", "RFC 8880, RFC 7050", true},
    {"192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737", true},
    {"192.31.196.0/24", "AS112-v4", "RFC 7535", false},
    {"192.52.193.0/24", "AMT", "RFC 7450", false},
    {"192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "RFC 7526", true},
    {"192.168.0.0/16", "Private-Use", "RFC 1918", true},
    {"192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534", false},
    {"198.18.0.0/15", "Benchmarking", "RFC 2544", true},
    {"198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737", true},
    {"203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737", true},
    /* Not in the special-purpose registry, but never unicast-routed. */
    {"224.0.0.0/4", "Multicast", "RFC 5771", true},
    {"240.0.0.0/4", "Reserved", "RFC 1112", true},
    {"255.255.255.255/32", "Limited Broadcast", "RFC 8190, RFC 919", true},

    /* IANA allocates unicast only from 2000::/3; the rest is not routable
     * today. The most specific entry wins, so 2000::/3 lifts this. */
    {"::/0", "Outside 2000::/3 (not IANA global unicast space)", "RFC 4291", true},
    {"::/128", "Unspecified Address", "RFC 4291", true},
    {"::1/128", "Loopback Address", "RFC 4291", true},
    {"::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291", true},
    /* IANA marks the NAT64 well-known prefix globally reachable, but it is
     * used inside networks and never announced between them. */
    {"64:ff9b::/96", "IPv4-IPv6 Translation (NAT64 well-known prefix)", "RFC 6052", true},
    {"64:ff9b:1::/48", "IPv4-IPv6 Translation (local use)", "RFC 8215", true},
    {"100::/64", "Discard-Only Address Block", "RFC 6666", true},
    {"2000::/3", "Global Unicast", "RFC 4291", false},
    {"2001::/23", "IETF Protocol Assignments", "RFC 2928", true},
    {"2001::/32", "TEREDO", "RFC 4380, RFC 8190", false},
    {"2001:1::1/128", "Port Control Protocol Anycast", "RFC 7723", false},
    {"2001:1::2/128", "Traversal Using Relays around NAT Anycast", "RFC 8155", false},
    {"2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", "RFC 9665", false},
    {"2001:2::/48", "Benchmarking", "RFC 5180", true},
    {"2001:3::/32", "AMT", "RFC 7450", false},
    {"2001:4:112::/48", "AS112-v6", "RFC 7535", false},
    {"2001:10::/28", "Deprecated (previously ORCHID)", "RFC 4843", true},
    {"2001:20::/28", "ORCHIDv2", "RFC 7343", false},
    {"2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "RFC 9374", false},
    {"2001:db8::/32", "Documentation", "RFC 3849", true},
    {"2002::/16", "6to4", "RFC 3056", false},
    {"2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534", false},
    {"3ffe::/16", "Former 6bone (returned to IANA)", "RFC 3701", true},
    {"3fff::/20", "Documentation", "RFC 9637", true},
    {"5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602", true},
    {"fc00::/7", "Unique-Local", "RFC 4193, RFC 8190", true},
    {"fe80::/10", "Link-Local Unicast", "RFC 4291", true},
    {"fec0::/10", "Site-Local (deprecated)", "RFC 3879", true},
    {"ff00::/8", "Multicast", "RFC 4291", true},
};

/* Sorted by lo, not overlapping: bogon_check_asn stops at the first range above. */
static const struct bogon_asn_range asns[] = {
    {0, 0, "Reserved AS 0", "RFC 7607"},
    {23456, 23456, "AS_TRANS", "RFC 6793"},
    {64496, 64511, "Reserved for documentation", "RFC 5398"},
    {64512, 65534, "Reserved for private use", "RFC 6996"},
    {65535, 65535, "Reserved (last 16-bit ASN)", "RFC 7300"},
    {65536, 65551, "Reserved for documentation", "RFC 5398"},
    {65552, 131071, "Reserved by IANA", "IANA ASN registry"},
    {4200000000u, 4294967294u, "Reserved for private use", "RFC 6996"},
    {4294967295u, 4294967295u, "Reserved (last 32-bit ASN)", "RFC 7300"},
};

size_t bogon_builtin_prefixes(const struct bogon_builtin **tab)
{
	*tab = prefixes;
	return sizeof prefixes / sizeof prefixes[0];
}

size_t bogon_builtin_asns(const struct bogon_asn_range **tab)
{
	*tab = asns;
	return sizeof asns / sizeof asns[0];
}

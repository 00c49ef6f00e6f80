/* SPDX-License-Identifier: ISC */
/* bmp_json.h - a decoded BMP message as JSON members.
 *
 * Members (absent ones are omitted): "bmp_type" ("route_monitoring",
 * "stats", "peer_down", "peer_up", "initiation", "termination",
 * "route_mirroring"); for messages with a per-peer header: "peer_type"
 * (bmp_peer_type_name), "peer_distinguisher" (RD text for RD peers, the
 * number otherwise, only when not 0), "peer_ip", "peer_as", "peer_bgp_id",
 * "rib" (bmp_view_name), "flags", "timestamp", "usec", "filtered" (Loc-RIB
 * F flag), "as_path_2byte" (A flag). Then per type:
 *   initiation, termination, peer_up, route_mirroring: "info" - the TLVs as
 *     [{"type", "name", "value"}] (value as a string);
 *   initiation: "sys_name", "sys_descr"; termination: "reason", "reason_name";
 *   peer_up: "local_ip", "local_port", "remote_port", "local_as",
 *     "local_bgp_id", "remote_as", "remote_bgp_id", "hold_time" (the
 *     smaller), "as4", "addpath" [{"afi", "safi", "rx", "tx"}] (where either
 *     is true), "table_name";
 *   peer_down: "reason", "reason_name", "notification" {"code", "subcode"},
 *     "fsm_event";
 *   stats: "counters" [{"type", "name", "value" or "raw" (hex), "afi",
 *     "safi"}];
 *   route_monitoring: "bgp_length";
 *   route_mirroring: "mirror_info" (the information code), "bgp_type". */
#ifndef MANRS_BMP_JSON_H
#define MANRS_BMP_JSON_H

#include "bmp/bmp.h"
#include "core/json_writer.h"

/* Write m's members into the object w has open. */
void bmp_json_members(struct json_writer *w, const struct bmp_msg *m);

/* A route distinguisher (RFC 4364) as text: "ASN:N" (types 0 and 2) or
 * "IP:N" (type 1); other types as the 64-bit number. buf holds >= 32. */
char *bmp_rd_format(uint64_t rd, char *buf, size_t n);

#endif

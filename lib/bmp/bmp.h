/* SPDX-License-Identifier: ISC */
/* bmp.h - BGP Monitoring Protocol (RFC 7854) messages: framing and decoding.
 *
 * Covers BMP version 3 with RFC 8671 (Adj-RIB-Out: the O flag, statistics
 * types 14-17), RFC 9069 (Loc-RIB: peer type 3, the F flag, the VRF/table
 * name TLV, peer down reason 6) and the IANA registries of statistics,
 * peer down reasons and TLV types. Versions 1 and 2 (pre-RFC drafts) are
 * refused with a clear error.
 *
 * Decoding is zero-copy and strict: a struct bmp_msg points into the input
 * buffer, every read goes through core/wire.h, and any length that disagrees
 * with the content (a TLV running past its message, a BGP PDU whose own
 * length differs from the space BMP gives it, bytes left over) is an error
 * whose e->offset (has_offset set) names the byte, counted from the start of
 * the BMP message. Nothing is ever read past the given length.
 *
 * TLV extensions (draft-ietf-grow-bmp-tlv, as routers send them in
 * version 3, e.g. Huawei with enterprise-bit types): bytes after the BGP
 * PDU of a Route Monitoring message, or after the data of a Peer Down
 * reason 1-5, are accepted when they form a whole run of TLVs (2-byte
 * type, 2-byte length, value) and kept in tlvs/tlvs_len; anything else
 * there is a length error. Version 4 of that draft (TLVs with an index,
 * the BGP PDU itself in a TLV) is not supported: its messages are refused
 * by version like 1 and 2.
 *
 * Turning Route Monitoring messages into route elements is bmp_elem.h's
 * job; building messages (for tests and the replay tool) is bmp_enc.h's. */
#ifndef MANRS_BMP_H
#define MANRS_BMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/bgp_msg.h"
#include "core/err.h"

#define BMP_VERSION 3
#define BMP_COMMON_HDR_LEN 6 /* version, length, type */
#define BMP_PEER_HDR_LEN 42  /* RFC 7854 4.2 */
/* Default largest message accepted by bmp_frame: a Peer Up with two OPENs
 * of 64 KiB (RFC 8654) and its TLVs fits with room to spare. */
#define BMP_MAX_MSG_DEFAULT (1u << 20)

enum bmp_msg_type {
	BMP_ROUTE_MONITORING = 0,
	BMP_STATS_REPORT = 1,
	BMP_PEER_DOWN = 2,
	BMP_PEER_UP = 3,
	BMP_INITIATION = 4,
	BMP_TERMINATION = 5,
	BMP_ROUTE_MIRRORING = 6,
};

enum bmp_peer_type {
	BMP_PEER_GLOBAL = 0,  /* Global Instance Peer */
	BMP_PEER_RD = 1,      /* RD Instance Peer (L3VPN) */
	BMP_PEER_LOCAL = 2,   /* Local Instance Peer */
	BMP_PEER_LOC_RIB = 3, /* Loc-RIB Instance Peer (RFC 9069) */
};

/* Per-peer header flags (RFC 7854 4.2, RFC 8671, RFC 9069). */
enum bmp_peer_flag {
	BMP_PEER_FLAG_V = 0x80, /* peer address is IPv6 (peer types 0-2) */
	BMP_PEER_FLAG_L = 0x40, /* post-policy (peer types 0-2) */
	BMP_PEER_FLAG_A = 0x20, /* AS_PATH in the legacy 2-byte format */
	BMP_PEER_FLAG_O = 0x10, /* Adj-RIB-Out (RFC 8671) */
	BMP_PEER_FLAG_F = 0x80, /* Loc-RIB only: filtered (RFC 9069) */
};

/* Which RIB a per-peer header speaks about. */
enum bmp_rib_view {
	BMP_VIEW_ADJ_IN_PRE = 0,   /* Adj-RIB-In, pre-policy */
	BMP_VIEW_ADJ_IN_POST = 1,  /* Adj-RIB-In, post-policy */
	BMP_VIEW_ADJ_OUT_PRE = 2,  /* Adj-RIB-Out, pre-policy (RFC 8671) */
	BMP_VIEW_ADJ_OUT_POST = 3, /* Adj-RIB-Out, post-policy (RFC 8671) */
	BMP_VIEW_LOC_RIB = 4,      /* Loc-RIB (RFC 9069) */
};
#define BMP_VIEW_COUNT 5

/* The per-peer header. */
struct bmp_peer_hdr {
	uint8_t type;           /* enum bmp_peer_type, or any other value as sent */
	uint8_t flags;          /* enum bmp_peer_flag bits */
	uint64_t distinguisher; /* RD (type 1) or instance id (types 2, 3) */
	uint8_t family;         /* 4 or 6 (from the V flag; 4 for Loc-RIB) */
	uint8_t addr[16];       /* IPv4 in the first 4 bytes, rest zero */
	uint32_t as;
	uint32_t bgp_id; /* host order */
	uint32_t ts_sec, ts_usec;
};

/* Initiation and Peer Up information TLV types (IANA "BMP Initiation and
 * Peer Up Information TLVs"). */
enum bmp_info_tlv {
	BMP_INFO_STRING = 0,
	BMP_INFO_SYS_DESCR = 1,
	BMP_INFO_SYS_NAME = 2,
	BMP_INFO_VRF_TABLE_NAME = 3, /* RFC 9069 */
	BMP_INFO_ADMIN_LABEL = 4,    /* RFC 9736 */
};

/* Termination TLV types and reasons (RFC 7854 4.5). */
enum bmp_term_tlv { BMP_TERM_STRING = 0, BMP_TERM_REASON = 1 };
enum bmp_term_reason {
	BMP_TERM_ADMIN_CLOSE = 0,
	BMP_TERM_UNSPECIFIED = 1,
	BMP_TERM_OUT_OF_RESOURCES = 2,
	BMP_TERM_REDUNDANT = 3,
	BMP_TERM_PERM_ADMIN_CLOSE = 4,
};

/* Route Mirroring TLV types and information codes (RFC 7854 4.7). */
enum bmp_mirror_tlv { BMP_MIRROR_BGP_MSG = 0, BMP_MIRROR_INFO = 1 };
enum bmp_mirror_info { BMP_MIRROR_ERRORED_PDU = 0, BMP_MIRROR_MSGS_LOST = 1 };

/* Peer Down reasons (RFC 7854 4.9, RFC 9069). */
enum bmp_down_reason {
	BMP_DOWN_LOCAL_NOTIFY = 1,  /* local close, NOTIFICATION PDU follows */
	BMP_DOWN_LOCAL_FSM = 2,     /* local close, 2-byte FSM event follows */
	BMP_DOWN_REMOTE_NOTIFY = 3, /* remote close, NOTIFICATION PDU follows */
	BMP_DOWN_REMOTE_NODATA = 4, /* remote close, no data */
	BMP_DOWN_DECONFIGURED = 5,  /* no longer monitored (configuration) */
	BMP_DOWN_LOCAL_TLV = 6,     /* Loc-RIB: local system closed, TLVs */
};

/* Statistics types (IANA "BMP Statistics Types"). */
enum bmp_stat_type {
	BMP_STAT_REJECTED = 0,         /* prefixes rejected by inbound policy */
	BMP_STAT_DUP_PREFIX = 1,       /* duplicate prefix advertisements */
	BMP_STAT_DUP_WITHDRAW = 2,     /* duplicate withdraws */
	BMP_STAT_CLUSTER_LOOP = 3,     /* updates invalidated: CLUSTER_LIST loop */
	BMP_STAT_AS_PATH_LOOP = 4,     /* updates invalidated: AS_PATH loop */
	BMP_STAT_ORIGINATOR_LOOP = 5,  /* updates invalidated: ORIGINATOR_ID */
	BMP_STAT_CONFED_LOOP = 6,      /* updates invalidated: AS_CONFED loop */
	BMP_STAT_ADJ_RIB_IN = 7,       /* routes in Adj-RIBs-In (gauge) */
	BMP_STAT_LOC_RIB = 8,          /* routes in Loc-RIB (gauge) */
	BMP_STAT_AF_ADJ_RIB_IN = 9,    /* per-AFI/SAFI Adj-RIB-In (gauge) */
	BMP_STAT_AF_LOC_RIB = 10,      /* per-AFI/SAFI Loc-RIB (gauge) */
	BMP_STAT_TAW_UPDATES = 11,     /* updates treated as withdraw */
	BMP_STAT_TAW_PREFIXES = 12,    /* prefixes treated as withdraw */
	BMP_STAT_DUP_UPDATES = 13,     /* duplicate update messages */
	BMP_STAT_ADJ_OUT_PRE = 14,     /* routes in pre-policy Adj-RIB-Out */
	BMP_STAT_ADJ_OUT_POST = 15,    /* routes in post-policy Adj-RIB-Out */
	BMP_STAT_AF_ADJ_OUT_PRE = 16,  /* per-AFI/SAFI pre-policy Adj-RIB-Out */
	BMP_STAT_AF_ADJ_OUT_POST = 17, /* per-AFI/SAFI post-policy Adj-RIB-Out */
};

/* How a statistics value is laid out on the wire. */
enum bmp_stat_shape {
	BMP_STAT_SHAPE_COUNTER32 = 1,  /* 4-byte counter */
	BMP_STAT_SHAPE_GAUGE64 = 2,    /* 8-byte gauge */
	BMP_STAT_SHAPE_AF_GAUGE64 = 3, /* AFI (2), SAFI (1), 8-byte gauge */
	BMP_STAT_SHAPE_OTHER = 4,      /* unknown type of another length: raw */
};

/* One TLV; value points into the message. */
struct bmp_tlv {
	uint16_t type;
	uint16_t len;
	const uint8_t *value;
};

/* Iterates over a run of TLVs that bmp_decode has already validated. */
struct bmp_tlv_iter {
	struct wire_cur c;
};

/* One statistics counter. */
struct bmp_stat {
	uint16_t type;
	uint16_t len;
	enum bmp_stat_shape shape;
	uint16_t afi; /* AF shapes only */
	uint8_t safi;
	uint64_t value;     /* counters and gauges */
	const uint8_t *raw; /* the value bytes as sent */
};

/* Iterates over a Statistics Report's counters (validated by bmp_decode). */
struct bmp_stat_iter {
	struct wire_cur c;
};

/* A BGP PDU carried inside BMP, with its framed header fields. */
struct bmp_bgp_pdu {
	const uint8_t *data; /* the whole PDU, 19-byte header included */
	size_t len;
	struct bgp_msg msg; /* type, length, body */
};

/* What the two OPENs of a Peer Up negotiated, as seen from the monitored
 * router ("local"): what its Route Monitoring messages will carry. */
#define BMP_SESSION_MAX_AFS BGP_OPEN_MAX_AFS
struct bmp_session {
	bool as4; /* both OPENs carry the 4-byte ASN capability (RFC 6793) */
	size_t n_afs;
	struct {
		uint16_t afi;
		uint8_t safi;
		bool rx; /* ADD-PATH on messages the peer sends (Adj-RIB-In) */
		bool tx; /* ADD-PATH on messages the router sends (Adj-RIB-Out) */
	} afs[BMP_SESSION_MAX_AFS];
};

/* A decoded BMP message. Pointers refer to the input buffer. */
struct bmp_msg {
	uint8_t version;
	uint32_t len;  /* total length from the common header */
	uint8_t type;  /* enum bmp_msg_type */
	bool has_peer; /* types 0-3 and 6 carry a per-peer header */
	struct bmp_peer_hdr peer;
	union {
		struct {
			struct bmp_bgp_pdu update; /* a BGP UPDATE */
			const uint8_t *tlvs;       /* BMP TLVs after the PDU (see */
			size_t tlvs_len;           /* "TLV extensions" above) */
		} rm;
		struct {
			uint32_t count;
			const uint8_t *data; /* the counters, validated */
			size_t len;
		} stats;
		struct {
			uint8_t reason; /* enum bmp_down_reason, or any value sent */
			struct bmp_bgp_pdu notification; /* reasons 1 and 3 */
			struct bgp_notification notify;  /* its code and subcode */
			uint16_t fsm_event;              /* reason 2 */
			const uint8_t *data;             /* reason 6 TLVs, or the
			                                  * raw data of reasons > 6 */
			size_t data_len;
			const uint8_t *tlvs; /* TLVs after the data of reasons */
			size_t tlvs_len;     /* 1-5 (TLV extensions) */
		} down;
		struct {
			uint8_t local_family; /* 4 or 6, from the peer's V flag */
			uint8_t local_addr[16];
			uint16_t local_port, remote_port;
			struct bmp_bgp_pdu sent_open, recv_open;
			struct bgp_open sent, recv; /* the parsed OPENs */
			struct bmp_session session;
			const uint8_t *tlvs; /* information TLVs, validated */
			size_t tlvs_len;
		} up;
		struct {
			const uint8_t *tlvs; /* Initiation, Termination, Route
			                      * Mirroring: the validated TLVs */
			size_t tlvs_len;
		} tlv;
	} u;
};

/* Frame the next message of a stream: p holds n bytes (n may be short).
 * Returns 1 with *msg_len the length of a complete message at p; 0 when
 * more bytes are needed (*msg_len is the full length once the common header
 * is in, 0 before); -1 with e set when the header cannot start a message:
 * a version other than 3, a length below the smallest message of its type
 * or above max_len (0 means BMP_MAX_MSG_DEFAULT). */
int bmp_frame(const uint8_t *p, size_t n, size_t max_len, size_t *msg_len, struct err *e);

/* Decode exactly one message of n bytes at p (its length field must equal
 * n). Returns 0 with m filled, or -1 with e set (e->offset the byte,
 * counted from p, has_offset set). */
int bmp_decode(const uint8_t *p, size_t n, struct bmp_msg *m, struct err *e);

/* Decode the per-peer header at the cursor (42 bytes). Returns true, or
 * false with the failure recorded in c when fewer bytes are left. Exposed
 * for callers that only need the peer (e.g. a stream router keyed by
 * peer). */
bool bmp_peer_hdr_decode(struct wire_cur *c, struct bmp_peer_hdr *h);

/* The RIB view a per-peer header is about (from its type and flags). */
enum bmp_rib_view bmp_peer_view(const struct bmp_peer_hdr *h);

/* Iterate over validated TLVs (p, n as stored in a struct bmp_msg). */
void bmp_tlv_iter_init(struct bmp_tlv_iter *it, const uint8_t *p, size_t n);

/* Next TLV: true with t filled, false at the end. */
bool bmp_tlv_next(struct bmp_tlv_iter *it, struct bmp_tlv *t);

/* The first TLV of type in (p, n): true with t filled, false when absent. */
bool bmp_tlv_find(const uint8_t *p, size_t n, uint16_t type, struct bmp_tlv *t);

/* Iterate over a Statistics Report's counters. */
void bmp_stat_iter_init(struct bmp_stat_iter *it, const struct bmp_msg *m);

/* Next counter: true with s filled, false at the end. */
bool bmp_stat_next(struct bmp_stat_iter *it, struct bmp_stat *s);

/* The session's 4-byte ASN and ADD-PATH from a Peer Up's two OPENs: sent
 * is the monitored router's OPEN, recv the peer's. */
void bmp_session_from_opens(const struct bgp_open *sent, const struct bgp_open *recv,
                            struct bmp_session *s);

/* Whether NLRI of (afi, safi) carry path identifiers in a message of the
 * given view: rx for Adj-RIB-In views, tx for Adj-RIB-Out ones, never for
 * Loc-RIB. s may be NULL (no Peer Up seen): false. */
bool bmp_session_addpath(const struct bmp_session *s, enum bmp_rib_view view, uint16_t afi,
                         uint8_t safi);

/* Forget the ADD-PATH a session negotiated: for exporters that never put
 * path identifiers in Route Monitoring messages whatever the OPENs say. */
void bmp_session_without_path_ids(struct bmp_session *s);

/* True when an Initiation message names an exporter known to leave out
 * negotiated path identifiers: FRR ("the add-path ID is never included in
 * route monitoring messages", its BMP documentation; seen with FRR 8.4).
 * Callers then apply bmp_session_without_path_ids to that router's
 * sessions. False for other messages. */
bool bmp_exporter_omits_path_ids(const struct bmp_msg *initiation);

/* Names for messages and logs; each returns a fixed string, "UNKNOWN" (or
 * "unknown") for values no registry defines. */
const char *bmp_msg_type_name(uint8_t type);       /* "ROUTE_MONITORING" */
const char *bmp_peer_type_name(uint8_t type);      /* "global", "rd", "local", "loc-rib" */
const char *bmp_view_name(enum bmp_rib_view view); /* "pre-policy", "post-policy",
                                                    * "adj-rib-out-pre",
                                                    * "adj-rib-out-post", "loc-rib" */
const char *bmp_down_reason_name(uint8_t reason);  /* "local-notification", ... */
const char *bmp_stat_type_name(uint16_t type);     /* "rejected-prefixes", ... */
const char *bmp_term_reason_name(uint16_t reason); /* "admin-close", ... */
const char *bmp_info_tlv_name(uint16_t type);      /* "string", "sysDescr", ... */

#endif

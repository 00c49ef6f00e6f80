/* SPDX-License-Identifier: ISC */
/* bmp_enc.h - build BMP v3 messages (for tests, fuzz seeds and the replay
 * tool). Each encoder writes one whole message, common header included,
 * into a struct wire_buf (core/wire.h) and returns 0, or -1 when the buffer
 * overflowed or a length would not fit its field. Encoders write what they
 * are given: they do not check that a PDU is a valid BGP message, so tests
 * can build malformed input on purpose. */
#ifndef MANRS_BMP_ENC_H
#define MANRS_BMP_ENC_H

#include <stddef.h>
#include <stdint.h>

#include "bmp/bmp.h"
#include "core/wire.h"

/* Initiation (type 4) with the given TLVs (n may be 0). */
int bmp_encode_initiation(struct wire_buf *w, const struct bmp_tlv *tlvs, size_t n);

/* Termination (type 5) with the given TLVs. */
int bmp_encode_termination(struct wire_buf *w, const struct bmp_tlv *tlvs, size_t n);

/* Route Monitoring (type 0): per-peer header h, then the n-byte BGP PDU
 * (header included) at pdu. */
int bmp_encode_route_monitoring(struct wire_buf *w, const struct bmp_peer_hdr *h,
                                const uint8_t *pdu, size_t n);

/* Route Mirroring (type 6): per-peer header and TLVs. */
int bmp_encode_route_mirroring(struct wire_buf *w, const struct bmp_peer_hdr *h,
                               const struct bmp_tlv *tlvs, size_t n);

/* Statistics Report (type 1): n counters, each written in its shape
 * (COUNTER32: 4 bytes; GAUGE64: 8; AF_GAUGE64: AFI, SAFI, 8; OTHER: len raw
 * bytes). */
int bmp_encode_stats(struct wire_buf *w, const struct bmp_peer_hdr *h, const struct bmp_stat *s,
                     size_t n);

/* Peer Down (type 2): reason, then n bytes of data as given (a NOTIFICATION
 * PDU, a 2-byte FSM event, TLVs, or nothing). */
int bmp_encode_peer_down(struct wire_buf *w, const struct bmp_peer_hdr *h, uint8_t reason,
                         const uint8_t *data, size_t n);

/* The body of a Peer Up beyond the per-peer header. */
struct bmp_peer_up_enc {
	uint8_t local_addr[16]; /* IPv4 in the first 4 bytes when h is IPv4 */
	uint16_t local_port, remote_port;
	const uint8_t *sent_open; /* whole BGP OPEN PDUs, header included */
	size_t sent_len;
	const uint8_t *recv_open;
	size_t recv_len;
	const struct bmp_tlv *tlvs; /* information TLVs */
	size_t n_tlvs;
};

/* Peer Up (type 3). */
int bmp_encode_peer_up(struct wire_buf *w, const struct bmp_peer_hdr *h,
                       const struct bmp_peer_up_enc *u);

/* Append just the 42-byte per-peer header (for hand-built messages). */
void bmp_put_peer_hdr(struct wire_buf *w, const struct bmp_peer_hdr *h);

/* Append TLVs (type, length, value). */
void bmp_put_tlvs(struct wire_buf *w, const struct bmp_tlv *tlvs, size_t n);

#endif

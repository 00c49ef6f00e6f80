/* SPDX-License-Identifier: ISC */
/* pcap_tcp.h - the TCP byte streams of a packet capture, reassembled.
 *
 * Frames come from libpcap (pcap and pcapng files; Ethernet with VLAN
 * tags, Linux cooked v1/v2, raw IP and BSD loopback link types). Each TCP
 * direction is one flow; its payload is put in order by sequence number,
 * with retransmitted and overlapping segments used once and out-of-order
 * ones put in place. A hole (bytes never captured) ends the usable stream:
 * data stops there and the flow records where and how much came after, so
 * a caller never frames messages across missing bytes. Meant for test and
 * forensic captures: the whole capture is held in memory. */
#ifndef MANRS_PCAP_TCP_H
#define MANRS_PCAP_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* One direction of a TCP connection. */
struct pcap_tcp_flow {
	uint8_t family; /* 4 or 6 */
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
	uint32_t first_sec, first_usec; /* capture time of its first segment */
	uint8_t *data;                  /* the reassembled payload, in order */
	size_t len;
	bool hole;                 /* bytes missing at offset len */
	uint64_t bytes_after_hole; /* captured payload beyond the hole, unused */
	/* private: segments while reading */
	struct pcap_tcp_seg *segs;
	size_t nsegs, segs_cap;
	bool syn;
	uint32_t isn;
	size_t syn_seg;   /* index of the SYN's segment when it carried data */
	uint32_t syn_len; /* bytes of data on the SYN */
};

/* Every flow of a capture, in the order their first segment appeared. */
struct pcap_tcp {
	struct pcap_tcp_flow *flows;
	size_t n, cap;
	unsigned long frames;  /* frames read */
	unsigned long skipped; /* frames that are not TCP over IPv4/IPv6 or are
	                        * IP fragments or cut short by the snap length */
};

/* True when the first n bytes of a file look like pcap or pcapng. */
bool pcap_tcp_is_capture(const uint8_t *head, size_t n);

/* Read path and reassemble its TCP flows into t (zeroed first). Returns
 * 0, or -1 with e set ("FILE: ...") when the file cannot be read or its
 * link type is not one of the above; t is then empty. */
int pcap_tcp_read(const char *path, struct pcap_tcp *t, struct err *e);

/* Free what pcap_tcp_read allocated. */
void pcap_tcp_free(struct pcap_tcp *t);

#endif

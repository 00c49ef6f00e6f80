/* SPDX-License-Identifier: ISC */
/* pcap_tcp.c - reassemble the TCP streams of a capture read with libpcap. */
#include "core/pcap_tcp.h"

#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/wire.h"

/* One captured segment's payload, kept until the flow is put in order. */
struct pcap_tcp_seg {
	uint32_t seq;
	uint32_t len;
	uint8_t *data;
};

bool pcap_tcp_is_capture(const uint8_t *h, size_t n)
{
	if (n < 4)
		return false;
	uint32_t be = wire_load_u32(h);
	uint32_t le = (uint32_t)h[3] << 24 | (uint32_t)h[2] << 16 | (uint32_t)h[1] << 8 | h[0];
	return be == 0xa1b2c3d4 || le == 0xa1b2c3d4 || be == 0xa1b23c4d || le == 0xa1b23c4d ||
	       be == 0x0a0d0d0a;
}

/* The IP packet inside a frame of link type dlt: *ethertype is 0x0800 or
 * 0x86dd. Returns the offset of the IP header, or -1. */
static long link_payload(int dlt, const uint8_t *p, size_t n, uint16_t *ethertype)
{
	struct wire_cur c = wire_cur_make(p, n);
	uint16_t et = 0;
	uint32_t af;
	switch (dlt) {
	case DLT_EN10MB:
		if (!wire_skip(&c, 12) || !wire_get_u16(&c, &et))
			return -1;
		while ((et == 0x8100 || et == 0x88a8) && wire_skip(&c, 2))
			if (!wire_get_u16(&c, &et))
				return -1;
		break;
	case DLT_LINUX_SLL:
		if (!wire_skip(&c, 14) || !wire_get_u16(&c, &et))
			return -1;
		break;
	case DLT_LINUX_SLL2:
		if (!wire_get_u16(&c, &et) || !wire_skip(&c, 18))
			return -1;
		break;
	case DLT_NULL:
	case DLT_LOOP:
		if (n < 4)
			return -1;
		/* DLT_NULL is in the capturing host's order, DLT_LOOP in network order. */
		af = p[0] | p[3];
		et = af == 2 ? 0x0800 : (af == 24 || af == 28 || af == 30) ? 0x86dd : 0;
		wire_skip(&c, 4);
		break;
	case DLT_RAW:
		if (n < 1)
			return -1;
		et = (p[0] >> 4) == 6 ? 0x86dd : 0x0800;
		break;
	default:
		return -1;
	}
	*ethertype = et;
	return wire_ok(&c) ? (long)wire_offset(&c) : -1;
}

static struct pcap_tcp_flow *flow_of(struct pcap_tcp *t, uint8_t family, const uint8_t *src,
                                     const uint8_t *dst, uint16_t sport, uint16_t dport)
{
	for (size_t i = t->n; i-- > 0;) {
		struct pcap_tcp_flow *f = &t->flows[i];
		if (f->family == family && f->sport == sport && f->dport == dport &&
		    !memcmp(f->src, src, 16) && !memcmp(f->dst, dst, 16))
			return f;
	}
	struct pcap_tcp_flow *v = GROW(t->flows, t->cap, t->n + 1);
	if (!v)
		return NULL;
	t->flows = v;
	struct pcap_tcp_flow *f = &t->flows[t->n++];
	memset(f, 0, sizeof *f);
	f->family = family;
	memcpy(f->src, src, 16);
	memcpy(f->dst, dst, 16);
	f->sport = sport;
	f->dport = dport;
	return f;
}

static int add_seg(struct pcap_tcp_flow *f, uint32_t seq, const uint8_t *p, size_t n)
{
	struct pcap_tcp_seg *v = GROW(f->segs, f->segs_cap, f->nsegs + 1);
	if (!v)
		return -1;
	f->segs = v;
	uint8_t *copy = malloc(n);
	if (!copy)
		return -1;
	memcpy(copy, p, n);
	f->segs[f->nsegs++] = (struct pcap_tcp_seg){seq, (uint32_t)n, copy};
	return 0;
}

/* One TCP segment at p (n bytes, IP payload). Returns 0, 1 when skipped,
 * -1 out of memory. */
static int tcp(struct pcap_tcp *t, const struct pcap_pkthdr *h, uint8_t family, const uint8_t *src,
               const uint8_t *dst, const uint8_t *p, size_t n)
{
	struct wire_cur c = wire_cur_make(p, n);
	uint16_t sport, dport;
	uint32_t seq;
	uint8_t off, flags;
	if (!wire_get_u16(&c, &sport) || !wire_get_u16(&c, &dport) || !wire_get_u32(&c, &seq) ||
	    !wire_skip(&c, 4) || !wire_get_u8(&c, &off) || !wire_get_u8(&c, &flags))
		return 1;
	size_t hlen = (size_t)(off >> 4) * 4;
	if (hlen < 20 || hlen > n)
		return 1;
	struct pcap_tcp_flow *f = flow_of(t, family, src, dst, sport, dport);
	if (!f)
		return -1;
	if (f->nsegs == 0 && !f->syn) {
		f->first_sec = (uint32_t)h->ts.tv_sec;
		f->first_usec = (uint32_t)h->ts.tv_usec;
	}
	if (flags & 0x02) {
		f->syn = true;
		f->isn = seq;
		f->syn_seg = f->nsegs;
		f->syn_len = (uint32_t)(n - hlen);
	}
	if (n == hlen)
		return 0;
	/* A SYN's data is placed by assemble(), which knows the next segment. */
	return add_seg(f, seq, p + hlen, n - hlen);
}

static int frame(struct pcap_tcp *t, int dlt, const struct pcap_pkthdr *h, const uint8_t *p)
{
	if (h->caplen < h->len)
		return 1;
	uint16_t et;
	long at = link_payload(dlt, p, h->caplen, &et);
	if (at < 0)
		return 1;
	struct wire_cur c = wire_cur_make(p + at, h->caplen - (size_t)at);
	uint8_t src[16] = {0}, dst[16] = {0};
	uint8_t vhl, proto;
	uint16_t total, frag;
	if (et == 0x0800) {
		if (!wire_get_u8(&c, &vhl) || !wire_skip(&c, 1) || !wire_get_u16(&c, &total) ||
		    !wire_skip(&c, 2) || !wire_get_u16(&c, &frag) || !wire_skip(&c, 1) ||
		    !wire_get_u8(&c, &proto) || !wire_skip(&c, 2) || !wire_get_copy(&c, src, 4) ||
		    !wire_get_copy(&c, dst, 4))
			return 1;
		size_t ihl = (size_t)(vhl & 15) * 4;
		/* Fragments (more-fragments flag or an offset) are not reassembled. */
		if ((vhl >> 4) != 4 || proto != 6 || (frag & 0x3fff) || ihl < 20 || total < ihl ||
		    total > h->caplen - (size_t)at)
			return 1;
		/* total trims the Ethernet padding of short frames. */
		return tcp(t, h, 4, src, dst, p + at + ihl, total - ihl);
	}
	if (et == 0x86dd) {
		uint16_t plen;
		if (!wire_skip(&c, 4) || !wire_get_u16(&c, &plen) || !wire_get_u8(&c, &proto) ||
		    !wire_skip(&c, 1) || !wire_get_copy(&c, src, 16) || !wire_get_copy(&c, dst, 16))
			return 1;
		if (proto != 6 || plen > wire_left(&c))
			return 1;
		return tcp(t, h, 6, src, dst, c.p, plen);
	}
	return 1;
}

static uint32_t g_base; /* qsort has no context: the flow being sorted */

static int seg_cmp(const void *a, const void *b)
{
	uint32_t x = ((const struct pcap_tcp_seg *)a)->seq - g_base;
	uint32_t y = ((const struct pcap_tcp_seg *)b)->seq - g_base;
	return x < y ? -1 : x > y;
}

/* Put a flow's segments in order and join them up to the first hole. */
static int assemble(struct pcap_tcp_flow *f)
{
	if (f->nsegs == 0)
		return 0;
	uint32_t base = f->syn ? f->isn + 1 : f->segs[0].seq;
	if (f->syn && f->syn_len) {
		/* Data on a SYN starts at ISN + 1; captures rewritten by replay
		 * tools put it at the ISN and go on from there: follow the
		 * segment after it. */
		bool at_isn = false;
		for (size_t i = 0; i < f->nsegs; i++)
			at_isn |= i != f->syn_seg && f->segs[i].seq == f->isn + f->syn_len;
		if (at_isn)
			base = f->isn;
		else
			f->segs[f->syn_seg].seq = f->isn + 1;
	}
	if (!f->syn) /* no SYN captured: start at the lowest sequence seen */
		for (size_t i = 1; i < f->nsegs; i++)
			if ((int32_t)(f->segs[i].seq - base) < 0)
				base = f->segs[i].seq;
	g_base = base;
	qsort(f->segs, f->nsegs, sizeof *f->segs, seg_cmp);
	size_t total = 0;
	for (size_t i = 0; i < f->nsegs; i++)
		total += f->segs[i].len;
	f->data = malloc(total ? total : 1);
	if (!f->data)
		return -1;
	uint64_t next = 0;
	for (size_t i = 0; i < f->nsegs; i++) {
		const struct pcap_tcp_seg *s = &f->segs[i];
		uint64_t rel = (uint32_t)(s->seq - base);
		if (f->hole) {
			f->bytes_after_hole += s->len;
			continue;
		}
		if (rel > next) {
			f->hole = true;
			f->bytes_after_hole += s->len;
			continue;
		}
		if (rel + s->len <= next)
			continue; /* a retransmission of bytes we have */
		size_t skip = (size_t)(next - rel);
		memcpy(f->data + f->len, s->data + skip, s->len - skip);
		f->len += s->len - skip;
		next = rel + s->len;
	}
	return 0;
}

static void free_segs(struct pcap_tcp_flow *f)
{
	for (size_t i = 0; i < f->nsegs; i++)
		free(f->segs[i].data);
	free(f->segs);
	f->segs = NULL;
	f->nsegs = f->segs_cap = 0;
}

int pcap_tcp_read(const char *path, struct pcap_tcp *t, struct err *e)
{
	memset(t, 0, sizeof *t);
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *pc = pcap_open_offline(path, ebuf);
	if (!pc)
		return err_set(e, "%s: %s", path, ebuf);
	int dlt = pcap_datalink(pc);
	long probe;
	uint16_t et;
	static const uint8_t zero[64];
	probe = link_payload(dlt, zero, sizeof zero, &et);
	if (probe < 0) {
		pcap_close(pc);
		return err_set(e, "%s: link type %d (%s) not supported", path, dlt,
		               pcap_datalink_val_to_name(dlt) ? pcap_datalink_val_to_name(dlt)
		                                              : "?");
	}
	struct pcap_pkthdr *h;
	const u_char *p;
	int rc;
	while ((rc = pcap_next_ex(pc, &h, &p)) == 1) {
		t->frames++;
		int r = frame(t, dlt, h, p);
		if (r < 0) {
			pcap_close(pc);
			pcap_tcp_free(t);
			return err_set(e, "%s: out of memory", path);
		}
		t->skipped += r == 1;
	}
	if (rc == PCAP_ERROR) {
		err_set(e, "%s: %s", path, pcap_geterr(pc));
		pcap_close(pc);
		pcap_tcp_free(t);
		return -1;
	}
	pcap_close(pc);
	for (size_t i = 0; i < t->n; i++) {
		if (assemble(&t->flows[i]) < 0) {
			pcap_tcp_free(t);
			return err_set(e, "%s: out of memory", path);
		}
		free_segs(&t->flows[i]);
	}
	return 0;
}

void pcap_tcp_free(struct pcap_tcp *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free_segs(&t->flows[i]);
		free(t->flows[i].data);
	}
	free(t->flows);
	memset(t, 0, sizeof *t);
}

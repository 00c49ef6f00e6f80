/* SPDX-License-Identifier: ISC */
/* lab_pcap.c - traffic.pcap, sav-filters.json and spoofed.json: the lab's
 * customer traffic (lab_traffic.c) as a capture on the operator's edge, the
 * filters each customer deserves, and the planted spoofed packets. */
#include <string.h>

#include "core/json_writer.h"
#include "core/wire.h"
#include "lab/lab_traffic.h"

#define ROUTER_MAC 0x02000000fffeull
#define QINQ_INNER_VLAN 10

static void put_mac(struct wire_buf *w, uint64_t mac)
{
	wire_put_u16(w, (uint16_t)(mac >> 32));
	wire_put_u32(w, (uint32_t)mac);
}

/* The one's complement sum of an IPv4 header. */
static uint16_t ip_checksum(const uint8_t *p, size_t n)
{
	uint32_t sum = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += wire_load_u16(p + i);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put_udp(struct wire_buf *w, size_t i)
{
	wire_put_u16(w, (uint16_t)(40000 + i % 20000));
	wire_put_u16(w, 53);
	wire_put_u16(w, 8 + 18);
	wire_put_u16(w, 0);
	wire_put_zero(w, 18);
}

static void put_ip(struct wire_buf *w, const struct lab_packet *p, size_t i)
{
	if (p->family == 4) {
		size_t at = w->len;
		static const uint8_t dst[4] = {20, 0, 0, 1};
		wire_put_u8(w, 0x45);
		wire_put_u8(w, 0);
		wire_put_u16(w, 20 + 8 + 18);
		wire_put_u16(w, (uint16_t)i);
		wire_put_u16(w, 0);
		wire_put_u8(w, 64);
		wire_put_u8(w, 17);
		wire_put_u16(w, 0);
		wire_put_bytes(w, p->src, 4);
		wire_put_bytes(w, dst, 4);
		if (wire_buf_ok(w))
			wire_store_u16(w->buf + at + 10, ip_checksum(w->buf + at, 20));
	} else {
		static const uint8_t dst[16] = {0x2a, 0x10, 0, 1, [15] = 1};
		wire_put_u32(w, 0x60000000);
		wire_put_u16(w, 8 + 18);
		wire_put_u8(w, 17);
		wire_put_u8(w, 64);
		wire_put_bytes(w, p->src, 16);
		wire_put_bytes(w, dst, 16);
	}
	put_udp(w, i);
}

static void put_arp(struct wire_buf *w, uint64_t mac)
{
	static const uint8_t who[4] = {20, 0, 0, 1};
	wire_put_u16(w, 1);      /* Ethernet */
	wire_put_u16(w, 0x0800); /* IPv4 */
	wire_put_u8(w, 6);
	wire_put_u8(w, 4);
	wire_put_u16(w, 1); /* request */
	put_mac(w, mac);
	wire_put_zero(w, 4);
	wire_put_zero(w, 6);
	wire_put_bytes(w, who, 4);
}

/* One Ethernet frame: tags for a VLAN customer (S-tag + C-tag for QinQ). */
static size_t frame(const struct lab_traffic *t, const struct lab_packet *p, size_t i, uint8_t *buf,
                    size_t cap)
{
	struct wire_buf w = wire_buf_make(buf, cap);
	const struct lab_traffic_cust *c = p->cust >= 0 ? &t->cust[p->cust] : NULL;
	uint64_t mac = c ? c->mac : LAB_TRAFFIC_UNMAPPED_MAC;
	put_mac(&w, ROUTER_MAC);
	put_mac(&w, mac);
	if (c && c->vlan >= 0) {
		wire_put_u16(&w, c->qinq ? 0x88a8 : 0x8100);
		wire_put_u16(&w, (uint16_t)c->vlan);
		if (c->qinq) {
			wire_put_u16(&w, 0x8100);
			wire_put_u16(&w, QINQ_INNER_VLAN);
		}
	}
	wire_put_u16(&w, p->arp ? 0x0806 : p->family == 4 ? 0x0800 : 0x86dd);
	if (p->arp)
		put_arp(&w, mac);
	else
		put_ip(&w, p, i);
	return wire_buf_ok(&w) ? w.len : 0;
}

static void le32(uint8_t *o, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		o[i] = (uint8_t)(v >> (8 * i));
}

int lab_write_traffic_pcap(const struct lab *lab, FILE *f, struct err *e)
{
	struct lab_traffic t;
	int rc = lab_traffic_build(lab, &t, e);
	if (rc == 0) {
		/* pcap 2.4, microseconds, little endian, Ethernet */
		uint8_t h[24] = {0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0};
		le32(h + 16, 65535);
		le32(h + 20, 1);
		fwrite(h, 1, sizeof h, f);
		for (size_t i = 0; i < t.npkt; i++) {
			uint8_t buf[128], rec[16];
			size_t n = frame(&t, &t.pkt[i], i, buf, sizeof buf);
			le32(rec, lab->opts.time + (uint32_t)(i / 1000));
			le32(rec + 4, (uint32_t)(i % 1000) * 1000);
			le32(rec + 8, (uint32_t)n);
			le32(rec + 12, (uint32_t)n);
			fwrite(rec, 1, sizeof rec, f);
			fwrite(buf, 1, n, f);
		}
	}
	lab_traffic_free(&t);
	return rc;
}

static void prefixes_json(struct json_writer *w, const struct lab_traffic_cust *c, int fam)
{
	char buf[PREFIX_STRLEN];
	json_key(w, fam == 4 ? "ipv4" : "ipv6");
	json_begin_array(w);
	for (size_t i = 0; i < c->npfx; i++)
		if (c->pfx[i].family == fam)
			json_string_plain(w, prefix_format(&c->pfx[i], buf, sizeof buf));
	json_end_array(w);
}

static void customer_json(struct json_writer *w, const struct lab *lab,
                          const struct lab_traffic_cust *c)
{
	char mac[18];
	uint64_t m = c->mac;
	snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", (unsigned)(m >> 40) & 255,
	         (unsigned)(m >> 32) & 255, (unsigned)(m >> 24) & 255, (unsigned)(m >> 16) & 255,
	         (unsigned)(m >> 8) & 255, (unsigned)m & 255);
	json_sep(w, "\n  ");
	json_begin_object(w);
	json_key(w, "name");
	json_string_plain(w, c->name);
	json_key(w, "asn");
	json_u32(w, lab->as[c->as].asn);
	json_key(w, "interface");
	json_string_plain(w, c->iface);
	if (c->vlan >= 0) {
		json_key(w, "vlan");
		json_u32(w, (uint32_t)c->vlan);
	}
	json_key(w, "mac");
	json_string_plain(w, mac);
	json_key(w, "method");
	json_string_plain(w, "lab-cone");
	prefixes_json(w, c, 4);
	prefixes_json(w, c, 6);
	json_end_object(w);
}

int lab_write_sav_filters(const struct lab *lab, FILE *f, struct err *e)
{
	struct lab_traffic t;
	int rc = lab_traffic_build(lab, &t, e);
	if (rc == 0) {
		struct json_writer w;
		json_writer_init_file(&w, f);
		json_begin_object(&w);
		json_key(&w, "asn");
		json_u32(&w, lab->as[t.op].asn);
		json_key(&w, "method");
		json_string_plain(&w, "lab-cone");
		json_key(&w, "customers");
		json_begin_array(&w);
		for (size_t i = 0; i < t.ncust; i++)
			customer_json(&w, lab, &t.cust[i]);
		json_end_array(&w);
		json_end_object(&w);
		json_ws(&w, "\n");
		if (json_writer_finish(&w) < 0)
			rc = err_set(e, "lab: sav-filters.json: write failed");
	}
	lab_traffic_free(&t);
	return rc;
}

static void spoofed_json(struct json_writer *w, const struct lab_traffic *t)
{
	json_key(w, "spoofed");
	json_begin_array(w);
	for (size_t i = 0; i < t->npkt; i++) {
		const struct lab_packet *p = &t->pkt[i];
		if (!p->spoof)
			continue;
		char src[PREFIX_STRLEN];
		struct prefix h = {.family = p->family, .len = p->family == 4 ? 32 : 128};
		memcpy(h.addr, p->src, 16);
		json_sep(w, "\n  ");
		json_begin_object(w);
		json_key(w, "index");
		json_u64(w, i + 1);
		json_key(w, "ingress");
		json_string_plain(w, p->cust >= 0 ? t->cust[p->cust].name : "unmapped");
		json_key(w, "source");
		json_string_plain(w, addr_format(&h, src, sizeof src));
		json_key(w, "reason");
		json_string_plain(w, lab_spoof_name(p->spoof));
		json_end_object(w);
	}
	json_end_array(w);
}

int lab_write_spoofed(const struct lab *lab, FILE *f, struct err *e)
{
	struct lab_traffic t;
	int rc = lab_traffic_build(lab, &t, e);
	if (rc == 0) {
		struct json_writer w;
		size_t n = 0, unmapped = 0;
		for (size_t i = 0; i < t.npkt; i++) {
			n += t.pkt[i].spoof != LAB_SPOOF_NONE;
			unmapped += t.pkt[i].cust < 0;
		}
		json_writer_init_file(&w, f);
		json_begin_object(&w);
		json_key(&w, "file");
		json_string_plain(&w, "traffic.pcap");
		json_key(&w, "operator");
		json_u32(&w, lab->as[t.op].asn);
		json_key(&w, "packets");
		json_u64(&w, t.npkt);
		json_key(&w, "unmapped_packets");
		json_u64(&w, unmapped);
		json_key(&w, "spoofed_packets");
		json_u64(&w, n);
		spoofed_json(&w, &t);
		json_end_object(&w);
		json_ws(&w, "\n");
		if (json_writer_finish(&w) < 0)
			rc = err_set(e, "lab: spoofed.json: write failed");
	}
	lab_traffic_free(&t);
	return rc;
}

int lab_write_sav_map(const struct lab *lab, FILE *f, struct err *e)
{
	struct lab_traffic t;
	int rc = lab_traffic_build(lab, &t, e);
	if (rc == 0) {
		fprintf(f,
		        "# manrs sav scan --map: the ingress of traffic.pcap, for filters that do\n"
		        "# not carry VLANs and MACs (manrs sav --config sav.yml --json)\n");
		for (size_t i = 0; i < t.ncust; i++) {
			const struct lab_traffic_cust *c = &t.cust[i];
			if (c->vlan >= 0)
				fprintf(f, "vlan:%d %s\n", c->vlan, c->name);
			fprintf(f, "mac:02:00:00:%02x:%02x:%02x %s\n",
			        (unsigned)(c->mac >> 16) & 255, (unsigned)(c->mac >> 8) & 255,
			        (unsigned)c->mac & 255, c->name);
		}
	}
	lab_traffic_free(&t);
	return rc;
}

/* SPDX-License-Identifier: ISC */
/* scan_report.c - the scan's counters for people and for programs. */
#include "sav/scan_report.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_writer.h"
#include "core/prefix.h"

uint64_t sav_report_spoofed(const struct sav_counts *c)
{
	uint64_t n = 0;
	for (int r = 0; r < SAV_NREASONS; r++)
		n += sav_reason_spoofed((enum sav_reason)r) ? c->reason[r] : 0;
	return n;
}

static void offender_prefix(const struct sav_offender *o, char *buf, size_t n)
{
	struct prefix p = {.family = o->family, .len = o->family == 4 ? 24 : 48};
	memcpy(p.addr, o->addr, 16);
	prefix_format(&p, buf, n);
}

static void spoofed_source(const struct sav_spoofed *x, char *buf, size_t n)
{
	struct prefix p = {.family = x->family, .len = x->family == 4 ? 32 : 128};
	memcpy(p.addr, x->src, 16);
	addr_format(&p, buf, n);
}

/* "cust-a (vlan 101)": the name and the keys configured for it. */
static void ingress_label(const struct sav_scan *s, size_t i, char *buf, size_t n)
{
	if (i >= s->f->n) {
		snprintf(buf, n, "unmapped");
		return;
	}
	const struct sav_customer *c = &s->f->cust[i];
	char mac[18];
	if (c->vlan != SAV_NO_VLAN)
		snprintf(buf, n, "%s (vlan %d)", c->name, c->vlan);
	else if (c->has_mac)
		snprintf(buf, n, "%s (%s)", c->name, sav_mac_format(c->mac, mac, sizeof mac));
	else if (*c->iface)
		snprintf(buf, n, "%s (%s)", c->name, c->iface);
	else
		snprintf(buf, n, "%s", c->name);
}

static void row(FILE *out, const char *label, const struct sav_counts *c)
{
	fprintf(out,
	        "%-32s %10" PRIu64 " %13" PRIu64 " %10" PRIu64 " %10" PRIu64 " %8" PRIu64
	        " %8" PRIu64 " %8" PRIu64 " %9" PRIu64 "\n",
	        label, c->packets, c->bytes, c->reason[SAV_FOREIGN] + c->reason[SAV_OTHER_CUSTOMER],
	        c->reason[SAV_OTHER_CUSTOMER], c->reason[SAV_BOGON], c->reason[SAV_MARTIAN],
	        c->nonip, c->malformed);
}

static void list_text(FILE *out, const struct sav_scan *s)
{
	for (size_t i = 0; i < s->nspoofed; i++) {
		const struct sav_spoofed *x = &s->spoofed[i];
		char src[PREFIX_STRLEN];
		spoofed_source(x, src, sizeof src);
		fprintf(out, "spoofed packet %" PRIu64 " ingress %s source %s %s\n", x->index,
		        sav_scan_slot_name(s, x->slot), src, sav_reason_name(x->reason));
	}
	if (s->nspoofed)
		fprintf(out, "\n");
}

static void offenders_text(FILE *out, const struct sav_scan *s, size_t top)
{
	size_t n;
	struct sav_offender *v = sav_scan_offenders(s, &n);
	if (!v)
		return;
	fprintf(out, "\ntop offenders (source /24 or /48, ingress, reason):\n");
	for (size_t i = 0; i < n && i < top; i++) {
		char p[PREFIX_STRLEN];
		offender_prefix(&v[i], p, sizeof p);
		fprintf(out,
		        "  %-22s %-16s %-15s %8" PRIu64 " packets %10" PRIu64
		        " bytes  first packet %" PRIu64 "\n",
		        p, sav_scan_slot_name(s, v[i].slot), sav_reason_name(v[i].reason),
		        v[i].packets, v[i].bytes, v[i].first);
	}
	if (n > top)
		fprintf(out, "  ... %zu more (--top N)\n", n - top);
	free(v);
}

void sav_report_text(FILE *out, const struct sav_scan *s, const struct sav_report_opts *o)
{
	struct sav_counts t = sav_scan_total(s);
	if (s->list)
		list_text(out, s);
	fprintf(out,
	        "%s: %" PRIu64 " packets%s, %" PRIu64 " IPv4, %" PRIu64 " IPv6, %" PRIu64
	        " non-IP, %" PRIu64 " malformed\n\n",
	        o->file, t.packets, o->error ? " (PARTIAL: reading stopped early)" : "", t.ipv4,
	        t.ipv6, t.nonip, t.malformed);
	fprintf(out, "%-32s %10s %13s %10s %10s %8s %8s %8s %9s\n", "ingress", "packets", "bytes",
	        "outside", "other-cust", "bogon", "martian", "non-IP", "malformed");
	for (size_t i = 0; i < s->nslots; i++) {
		char label[160];
		if (i == s->unmapped && !s->counts[i].packets)
			continue;
		ingress_label(s, i, label, sizeof label);
		row(out, label, &s->counts[i]);
	}
	row(out, "total", &t);
	fprintf(out, "(outside: sources outside the customer's filter; other-cust: of those, in\n"
	             "another customer's)\n");
	offenders_text(out, s, o->top);
	fprintf(out,
	        "\n%" PRIu64 " packets with a spoofed source: %" PRIu64 " foreign, %" PRIu64
	        " other customers', %" PRIu64 " bogon, %" PRIu64 " martian\n",
	        sav_report_spoofed(&t), t.reason[SAV_FOREIGN], t.reason[SAV_OTHER_CUSTOMER],
	        t.reason[SAV_BOGON], t.reason[SAV_MARTIAN]);
}

static void counts_json(struct json_writer *w, const struct sav_counts *c)
{
	json_key(w, "packets");
	json_u64(w, c->packets);
	json_key(w, "bytes");
	json_u64(w, c->bytes);
	json_key(w, "ipv4");
	json_u64(w, c->ipv4);
	json_key(w, "ipv6");
	json_u64(w, c->ipv6);
	json_key(w, "non_ip");
	json_u64(w, c->nonip);
	json_key(w, "malformed");
	json_u64(w, c->malformed);
	json_key(w, "allowed");
	json_u64(w, c->reason[SAV_ALLOWED]);
	json_key(w, "unjudged");
	json_u64(w, c->reason[SAV_UNJUDGED]);
	json_key(w, "spoofed");
	json_u64(w, sav_report_spoofed(c));
	json_key(w, "outside_allowed");
	json_u64(w, c->reason[SAV_FOREIGN] + c->reason[SAV_OTHER_CUSTOMER]);
	json_key(w, "foreign");
	json_u64(w, c->reason[SAV_FOREIGN]);
	json_key(w, "other_customer");
	json_u64(w, c->reason[SAV_OTHER_CUSTOMER]);
	json_key(w, "bogon");
	json_u64(w, c->reason[SAV_BOGON]);
	json_key(w, "martian");
	json_u64(w, c->reason[SAV_MARTIAN]);
}

static void ingress_json(struct json_writer *w, const struct sav_scan *s)
{
	json_key(w, "ingress");
	json_begin_array(w);
	for (size_t i = 0; i < s->f->n; i++) {
		const struct sav_customer *c = &s->f->cust[i];
		json_begin_object(w);
		json_key(w, "name");
		json_str(w, c->name);
		json_key(w, "asn");
		json_u32(w, c->asn);
		counts_json(w, &s->counts[i]);
		json_end_object(w);
	}
	json_end_array(w);
	json_key(w, "unmapped");
	json_begin_object(w);
	counts_json(w, &s->counts[s->unmapped]);
	json_end_object(w);
}

static void offenders_json(struct json_writer *w, const struct sav_scan *s, size_t top)
{
	size_t n;
	struct sav_offender *v = sav_scan_offenders(s, &n);
	json_key(w, "top_offenders");
	json_begin_array(w);
	for (size_t i = 0; i < n && i < top; i++) {
		char p[PREFIX_STRLEN];
		offender_prefix(&v[i], p, sizeof p);
		json_begin_object(w);
		json_key(w, "prefix");
		json_str(w, p);
		json_key(w, "ingress");
		json_str(w, sav_scan_slot_name(s, v[i].slot));
		json_key(w, "reason");
		json_str(w, sav_reason_name(v[i].reason));
		json_key(w, "packets");
		json_u64(w, v[i].packets);
		json_key(w, "bytes");
		json_u64(w, v[i].bytes);
		json_key(w, "first_packet");
		json_u64(w, v[i].first);
		json_end_object(w);
	}
	json_end_array(w);
	json_key(w, "offenders");
	json_u64(w, n);
	free(v);
}

static void list_json(struct json_writer *w, const struct sav_scan *s)
{
	json_key(w, "spoofed_packets");
	json_begin_array(w);
	for (size_t i = 0; i < s->nspoofed; i++) {
		const struct sav_spoofed *x = &s->spoofed[i];
		char src[PREFIX_STRLEN];
		spoofed_source(x, src, sizeof src);
		json_begin_object(w);
		json_key(w, "index");
		json_u64(w, x->index);
		json_key(w, "ingress");
		json_str(w, sav_scan_slot_name(s, x->slot));
		json_key(w, "source");
		json_str(w, src);
		json_key(w, "reason");
		json_str(w, sav_reason_name(x->reason));
		json_end_object(w);
	}
	json_end_array(w);
}

int sav_report_json(FILE *out, const struct sav_scan *s, const struct sav_report_opts *o)
{
	struct json_writer w;
	struct sav_counts t = sav_scan_total(s);
	json_writer_init_file(&w, out);
	json_begin_object(&w);
	json_key(&w, "file");
	json_str(&w, o->file);
	json_key(&w, "partial");
	json_bool(&w, o->error != NULL);
	json_key(&w, "error");
	if (o->error)
		json_str(&w, o->error);
	else
		json_null_value(&w);
	json_key(&w, "total");
	json_begin_object(&w);
	counts_json(&w, &t);
	json_end_object(&w);
	ingress_json(&w, s);
	offenders_json(&w, s, o->top);
	if (s->list)
		list_json(&w, s);
	json_key(&w, "offenders_incomplete");
	json_bool(&w, s->off_full || s->list_full);
	json_end_object(&w);
	json_ws(&w, "\n");
	return json_writer_finish(&w);
}

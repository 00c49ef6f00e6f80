/* SPDX-License-Identifier: ISC */
/* scan.c - ingress lookup, source verdicts and counters for each frame. */
#include "sav/scan.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

const char *sav_reason_name(enum sav_reason r)
{
	static const char *const names[SAV_NREASONS] = {
	    "allowed", "unjudged", "foreign", "other-customer", "bogon", "martian",
	};
	return (unsigned)r < SAV_NREASONS ? names[r] : "?";
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return x;
}

static void mac_bind(struct sav_scan *s, uint64_t mac, int32_t cust)
{
	uint64_t key = mac | 1ull << 63;
	size_t i = mix(mac) & s->mac_mask;
	while (s->mac_key[i] && s->mac_key[i] != key)
		i = (i + 1) & s->mac_mask;
	s->mac_key[i] = key;
	s->mac_cust[i] = cust;
}

static int32_t mac_find(const struct sav_scan *s, uint64_t mac)
{
	uint64_t key = mac | 1ull << 63;
	for (size_t i = mix(mac) & s->mac_mask; s->mac_key[i]; i = (i + 1) & s->mac_mask)
		if (s->mac_key[i] == key)
			return s->mac_cust[i];
	return -1;
}

/* The VLAN and MAC keys: the customers' own, then the map's over them. */
static int bind_keys(struct sav_scan *s, const struct sav_binding *map, size_t nmap, struct err *e)
{
	const struct sav_filters *f = s->f;
	size_t nmac = 0;
	for (size_t i = 0; i < 4096; i++)
		s->vlan_cust[i] = -1;
	for (size_t i = 0; i < f->n; i++)
		nmac += f->cust[i].has_mac;
	for (size_t i = 0; i < nmap; i++)
		nmac += map[i].kind == SAV_KEY_MAC;
	if (nmac) {
		size_t cap = 16;
		while (cap < 2 * nmac)
			cap *= 2;
		s->mac_key = calloc(cap, sizeof *s->mac_key);
		s->mac_cust = calloc(cap, sizeof *s->mac_cust);
		if (!s->mac_key || !s->mac_cust)
			return err_set(e, "out of memory");
		s->mac_mask = cap - 1;
	}
	for (size_t i = 0; i < f->n; i++) {
		if (f->cust[i].vlan != SAV_NO_VLAN)
			s->vlan_cust[f->cust[i].vlan] = (int32_t)i;
		if (f->cust[i].has_mac)
			mac_bind(s, f->cust[i].mac, (int32_t)i);
	}
	for (size_t i = 0; i < nmap; i++) {
		if (map[i].kind == SAV_KEY_VLAN)
			s->vlan_cust[map[i].vlan] = (int32_t)map[i].cust;
		else if (map[i].kind == SAV_KEY_MAC)
			mac_bind(s, map[i].mac, (int32_t)map[i].cust);
	}
	return 0;
}

int sav_scan_init(struct sav_scan *s, const struct sav_filters *f, const struct sav_binding *map,
                  size_t nmap, bool list, struct err *e)
{
	memset(s, 0, sizeof *s);
	s->f = f;
	s->list = list;
	s->ifmap = map;
	s->nifmap = nmap;
	s->file_cust = -1;
	s->unmapped = f->n;
	s->nslots = f->n + 1;
	s->counts = calloc(s->nslots, sizeof *s->counts);
	if (!s->counts)
		return err_set(e, "out of memory");
	if (bind_keys(s, map, nmap, e) < 0)
		return -1;
	return sav_table_build(&s->table, f, true, e);
}

void sav_scan_free(struct sav_scan *s)
{
	sav_table_free(&s->table);
	free(s->mac_key);
	free(s->mac_cust);
	free(s->counts);
	free(s->off);
	free(s->spoofed);
	memset(s, 0, sizeof *s);
}

long sav_scan_set_interface(struct sav_scan *s, const char *name)
{
	s->file_cust = -1;
	if (!name)
		return -1;
	for (size_t i = 0; i < s->f->n; i++)
		if (!strcmp(s->f->cust[i].iface, name))
			s->file_cust = (int32_t)i;
	for (size_t i = 0; i < s->nifmap; i++)
		if (s->ifmap[i].kind == SAV_KEY_IF && !strcmp(s->ifmap[i].iface, name))
			s->file_cust = (int32_t)s->ifmap[i].cust;
	return s->file_cust;
}

static int32_t ingress(const struct sav_scan *s, const struct sav_pkt *k)
{
	if (k->ntags && s->vlan_cust[k->vlan] >= 0)
		return s->vlan_cust[k->vlan];
	if (k->has_mac && s->mac_mask) {
		int32_t c = mac_find(s, k->mac);
		if (c >= 0)
			return c;
	}
	return s->file_cust;
}

static enum sav_reason judge(const struct sav_table *t, uint32_t cls, int32_t cust)
{
	unsigned fl = sav_class_flags(t, cls);
	if (fl & SAV_CLS_MARTIAN)
		return SAV_MARTIAN;
	if (cust >= 0 && (fl & SAV_CLS_CUSTOMER) && sav_class_allows(t, cls, (size_t)cust))
		return SAV_ALLOWED;
	if (fl & SAV_CLS_BOGON)
		return SAV_BOGON;
	if (cust < 0)
		return SAV_UNJUDGED;
	return fl & SAV_CLS_CUSTOMER ? SAV_OTHER_CUSTOMER : SAV_FOREIGN;
}

static void source_bytes(enum sav_frame fr, const struct sav_pkt *k, uint8_t out[16])
{
	memset(out, 0, 16);
	if (fr == SAV_FRAME_IPV4) {
		for (int i = 0; i < 4; i++)
			out[i] = (uint8_t)(k->src4 >> (24 - 8 * i));
		return;
	}
	for (int i = 0; i < 8; i++) {
		out[i] = (uint8_t)(k->src6[0] >> (56 - 8 * i));
		out[8 + i] = (uint8_t)(k->src6[1] >> (56 - 8 * i));
	}
}

static bool offender_same(const struct sav_offender *o, const struct sav_offender *k)
{
	return o->slot == k->slot && o->reason == k->reason && o->family == k->family &&
	       !memcmp(o->addr, k->addr, 16);
}

static size_t offender_hash(const struct sav_offender *k, size_t mask)
{
	uint64_t a, b;
	memcpy(&a, k->addr, 8);
	memcpy(&b, k->addr + 8, 8);
	return mix(a ^ mix(b ^ ((uint64_t)k->slot << 16 | k->reason << 8 | k->family))) & mask;
}

static bool offenders_grow(struct sav_scan *s)
{
	size_t cap = s->off_cap ? s->off_cap * 2 : 1024;
	struct sav_offender *n = calloc(cap, sizeof *n);
	if (!n)
		return false;
	for (size_t i = 0; i < s->off_cap; i++) {
		if (!s->off[i].packets)
			continue;
		size_t j = offender_hash(&s->off[i], cap - 1);
		while (n[j].packets)
			j = (j + 1) & (cap - 1);
		n[j] = s->off[i];
	}
	free(s->off);
	s->off = n;
	s->off_cap = cap;
	return true;
}

static void offender_count(struct sav_scan *s, const struct sav_offender *k, uint32_t wirelen)
{
	if (s->off_full)
		return;
	if ((s->noff + 1) * 2 > s->off_cap && !offenders_grow(s)) {
		s->off_full = true;
		return;
	}
	size_t mask = s->off_cap - 1, i = offender_hash(k, mask);
	while (s->off[i].packets && !offender_same(&s->off[i], k))
		i = (i + 1) & mask;
	if (!s->off[i].packets) {
		s->off[i] = *k;
		s->noff++;
	}
	s->off[i].packets++;
	s->off[i].bytes += wirelen;
}

static void spoofed_keep(struct sav_scan *s, size_t slot, enum sav_reason r, enum sav_frame fr,
                         const uint8_t src[16])
{
	struct sav_spoofed *v = GROW(s->spoofed, s->capspoofed, s->nspoofed + 1);
	if (!v) {
		s->list_full = true;
		return;
	}
	s->spoofed = v;
	struct sav_spoofed *x = &v[s->nspoofed++];
	x->index = s->frames;
	x->slot = (uint32_t)slot;
	x->reason = (uint8_t)r;
	x->family = fr == SAV_FRAME_IPV4 ? 4 : 6;
	memcpy(x->src, src, 16);
}

/* The rare path: a spoofed source, counted per offender (and listed). */
static void spoofed(struct sav_scan *s, size_t slot, enum sav_reason r, enum sav_frame fr,
                    const struct sav_pkt *k, uint32_t wirelen)
{
	struct sav_offender key = {.slot = (uint32_t)slot, .reason = (uint8_t)r};
	key.family = fr == SAV_FRAME_IPV4 ? 4 : 6;
	key.first = s->frames;
	uint8_t src[16];
	source_bytes(fr, k, src);
	memcpy(key.addr, src, key.family == 4 ? 3 : 6); /* the /24 or /48 */
	offender_count(s, &key, wirelen);
	if (s->list && !s->list_full)
		spoofed_keep(s, slot, r, fr, src);
}

void sav_scan_frame(struct sav_scan *s, int dlt, const uint8_t *p, size_t caplen, uint32_t wirelen)
{
	struct sav_pkt k;
	s->frames++;
	enum sav_frame fr = sav_decode_frame(dlt, p, caplen, &k);
	int32_t cust = ingress(s, &k);
	size_t slot = cust < 0 ? s->unmapped : (size_t)cust;
	struct sav_counts *n = &s->counts[slot];
	n->packets++;
	n->bytes += wirelen;
	uint32_t cls;
	if (fr == SAV_FRAME_IPV4) {
		n->ipv4++;
		cls = sav_table_find4(&s->table, k.src4);
	} else if (fr == SAV_FRAME_IPV6) {
		n->ipv6++;
		cls = sav_table_find6(&s->table, k.src6[0], k.src6[1]);
	} else {
		n->nonip += fr == SAV_FRAME_NONIP;
		n->malformed += fr == SAV_FRAME_MALFORMED;
		return;
	}
	enum sav_reason r = judge(&s->table, cls, cust);
	n->reason[r]++;
	if (sav_reason_spoofed(r))
		spoofed(s, slot, r, fr, &k, wirelen);
}

struct sav_counts sav_scan_total(const struct sav_scan *s)
{
	struct sav_counts t = {0};
	for (size_t i = 0; i < s->nslots; i++) {
		const struct sav_counts *c = &s->counts[i];
		t.packets += c->packets;
		t.bytes += c->bytes;
		t.ipv4 += c->ipv4;
		t.ipv6 += c->ipv6;
		t.nonip += c->nonip;
		t.malformed += c->malformed;
		for (int r = 0; r < SAV_NREASONS; r++)
			t.reason[r] += c->reason[r];
	}
	return t;
}

static int by_packets(const void *a, const void *b)
{
	const struct sav_offender *x = a, *y = b;
	if (x->packets != y->packets)
		return x->packets > y->packets ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first;
}

struct sav_offender *sav_scan_offenders(const struct sav_scan *s, size_t *n)
{
	*n = 0;
	if (!s->noff)
		return NULL;
	struct sav_offender *v = malloc(s->noff * sizeof *v);
	if (!v)
		return NULL;
	for (size_t i = 0; i < s->off_cap; i++)
		if (s->off[i].packets)
			v[(*n)++] = s->off[i];
	qsort(v, *n, sizeof *v, by_packets);
	return v;
}

const char *sav_scan_slot_name(const struct sav_scan *s, size_t i)
{
	return i < s->f->n ? s->f->cust[i].name : "unmapped";
}

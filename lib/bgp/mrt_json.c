/* SPDX-License-Identifier: ISC */
/* mrt_json.c - JSON lines for route elements.
 *
 * RFC 7606 verdicts: an element whose attributes are malformed carries
 * "rfc7606" (attribute-discard, treat-as-withdraw, session-reset) and
 * "rfc7606_attr" (the type code to blame, when there is one); an
 * announcement or RIB entry under treat-as-withdraw or session-reset is
 * printed as "type":"withdraw" without attributes, and discarded attributes
 * are left out. */
#include "bgp/mrt_json.h"

#include <stdlib.h>

#include "core/json_writer.h"
#include "core/wire.h"

static const char *elem_type_name(enum mrt_elem_type t)
{
	static const char *names[] = {"?", "rib", "announce", "withdraw", "state"};
	return (unsigned)t < 5 ? names[t] : "?";
}

static void kv_u32(struct json_writer *w, const char *k, uint32_t v)
{
	json_key(w, k);
	json_u32(w, v);
}

/* A string member whose value needs no escaping (names from tables). */
static void kv_name(struct json_writer *w, const char *k, const char *v)
{
	json_key(w, k);
	json_string_plain(w, v);
}

static void kv_ip(struct json_writer *w, const char *k, int family, const uint8_t *a)
{
	json_key(w, k);
	struct mrt_buf *b = json_value_buf(w, 47);
	if (!b)
		return;
	mrt_buf_putc(b, '"');
	if (family == 6)
		mrt_buf_ipv6(b, a);
	else
		mrt_buf_ipv4(b, a);
	mrt_buf_putc(b, '"');
}

static const char hexd[] = "0123456789abcdef";

static void put_hex(struct mrt_buf *b, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		mrt_buf_putc(b, hexd[p[i] >> 4]);
		mrt_buf_putc(b, hexd[p[i] & 15]);
	}
}

static void as_path_json(struct json_writer *w, const struct bgp_attrs *a, const uint32_t *path,
                         int n)
{
	json_key(w, "as_path");
	json_begin_array(w);
	for (int i = 0; i < n; i++)
		json_u32(w, path[i]);
	json_end_array(w);
	kv_u32(w, "origin_as", bgp_attrs_origin_as(a));
	if (n < 0) {
		json_key(w, "as_path_malformed");
		json_bool(w, true);
	}
}

/* as_path and origin_as, with a heap copy of the path when it is long. */
static int path_json(struct json_writer *w, const struct bgp_attrs *a)
{
	uint32_t small[256];
	int n = bgp_attrs_path(a, small, 256);
	if (n <= 256) {
		as_path_json(w, a, small, n);
		return 0;
	}
	uint32_t *path = malloc((size_t)n * sizeof *path);
	if (!path)
		return -1;
	n = bgp_attrs_path(a, path, (size_t)n);
	as_path_json(w, a, path, n);
	free(path);
	return 0;
}

static void communities_json(struct json_writer *w, const struct bgp_attrs *a)
{
	json_key(w, "communities");
	json_begin_array(w);
	for (size_t i = 0; i < a->n_communities; i++) {
		uint32_t c = wire_load_u32(a->communities + 4 * i);
		struct mrt_buf *b = json_value_buf(w, 13);
		if (!b)
			return;
		mrt_buf_putc(b, '"');
		mrt_buf_u32(b, c >> 16);
		mrt_buf_putc(b, ':');
		mrt_buf_u32(b, c & 0xffff);
		mrt_buf_putc(b, '"');
	}
	json_end_array(w);
}

static void large_communities_json(struct json_writer *w, const struct bgp_attrs *a)
{
	json_key(w, "large_communities");
	json_begin_array(w);
	for (size_t i = 0; i < a->n_large_communities; i++) {
		const uint8_t *p = a->large_communities + 12 * i;
		struct mrt_buf *b = json_value_buf(w, 34);
		if (!b)
			return;
		mrt_buf_putc(b, '"');
		mrt_buf_u32(b, wire_load_u32(p));
		mrt_buf_putc(b, ':');
		mrt_buf_u32(b, wire_load_u32(p + 4));
		mrt_buf_putc(b, ':');
		mrt_buf_u32(b, wire_load_u32(p + 8));
		mrt_buf_putc(b, '"');
	}
	json_end_array(w);
}

static void ext_communities_json(struct json_writer *w, const struct bgp_attrs *a)
{
	json_key(w, "ext_communities");
	json_begin_array(w);
	for (size_t i = 0; i < a->n_ext_communities; i++) {
		struct mrt_buf *b = json_value_buf(w, 18);
		if (!b)
			return;
		mrt_buf_putc(b, '"');
		put_hex(b, a->ext_communities + 8 * i, 8);
		mrt_buf_putc(b, '"');
	}
	json_end_array(w);
}

static void aggregator_json(struct json_writer *w, const struct bgp_attrs *a)
{
	bool as4 = a->asn_len == 2 && BGP_ATTR_USABLE(a, BGP_ATTR_AS4_AGGREGATOR) &&
	           a->aggregator_as == 23456;
	json_key(w, "aggregator");
	json_begin_object(w);
	kv_u32(w, "as", as4 ? a->as4_aggregator_as : a->aggregator_as);
	kv_ip(w, "id", 4, as4 ? a->as4_aggregator_id : a->aggregator_id);
	json_end_object(w);
}

static void cluster_list_json(struct json_writer *w, const struct bgp_attrs *a)
{
	json_key(w, "cluster_list");
	json_begin_array(w);
	for (size_t i = 0; i < a->n_cluster_list; i++) {
		struct mrt_buf *b = json_value_buf(w, 17);
		if (!b)
			return;
		mrt_buf_putc(b, '"');
		mrt_buf_ipv4(b, a->cluster_list + 4 * i);
		mrt_buf_putc(b, '"');
	}
	json_end_array(w);
}

static void unknown_json(struct json_writer *w, const struct bgp_attrs *a)
{
	json_key(w, "unknown_attrs");
	json_begin_array(w);
	for (size_t i = 0; i < a->n_unknown && i < BGP_ATTR_MAX_UNKNOWN; i++) {
		const struct bgp_attr_raw *u = &a->unknown[i];
		json_begin_object(w);
		kv_u32(w, "type", u->type);
		kv_u32(w, "flags", u->flags);
		json_key(w, "value");
		struct mrt_buf *b = json_value_buf(w, 2 * (size_t)u->len + 2);
		if (!b)
			return;
		mrt_buf_putc(b, '"');
		put_hex(b, u->data, u->len);
		mrt_buf_putc(b, '"');
		json_end_object(w);
	}
	json_end_array(w);
}

static int attrs_json(const struct mrt_elem *el, struct json_writer *w)
{
	const struct bgp_attrs *a = el->attrs;
	if (BGP_ATTR_USABLE(a, BGP_ATTR_AS_PATH) && path_json(w, a) < 0)
		return -1;
	if (BGP_ATTR_USABLE(a, BGP_ATTR_ORIGIN))
		kv_name(w, "origin", bgp_origin_name(a->origin));
	struct prefix nh;
	if (mrt_elem_next_hop(el, &nh) == 0)
		kv_ip(w, "next_hop", nh.family, nh.addr);
	if (BGP_ATTR_USABLE(a, BGP_ATTR_LOCAL_PREF))
		kv_u32(w, "local_pref", a->local_pref);
	if (BGP_ATTR_USABLE(a, BGP_ATTR_MED))
		kv_u32(w, "med", a->med);
	if (BGP_ATTR_USABLE(a, BGP_ATTR_COMMUNITIES))
		communities_json(w, a);
	if (BGP_ATTR_USABLE(a, BGP_ATTR_LARGE_COMMUNITIES))
		large_communities_json(w, a);
	if (BGP_ATTR_USABLE(a, BGP_ATTR_EXT_COMMUNITIES))
		ext_communities_json(w, a);
	if (BGP_ATTR_USABLE(a, BGP_ATTR_ATOMIC_AGGREGATE)) {
		json_key(w, "atomic_aggregate");
		json_bool(w, true);
	}
	if (BGP_ATTR_USABLE(a, BGP_ATTR_AGGREGATOR))
		aggregator_json(w, a);
	if (BGP_ATTR_USABLE(a, BGP_ATTR_ORIGINATOR_ID))
		kv_ip(w, "originator_id", 4, a->originator_id);
	if (BGP_ATTR_USABLE(a, BGP_ATTR_CLUSTER_LIST))
		cluster_list_json(w, a);
	if (BGP_ATTR_USABLE(a, BGP_ATTR_OTC))
		kv_u32(w, "otc", a->otc);
	if (a->n_unknown)
		unknown_json(w, a);
	return 0;
}

/* The members every element has, up to peer_as. */
/* The RFC 7606 action for el's attributes (none for state changes). */
static enum bgp_attr_action verdict(const struct mrt_elem *el)
{
	if (!el->attrs || el->type == MRT_ELEM_STATE)
		return BGP_ACTION_NONE;
	return el->attrs->action;
}

/* Under RFC 7606 a route announced with attributes that call for
 * treat-as-withdraw (or worse) is a withdrawal; -m keeps bgpdump's view. */
static bool withdrawn(const struct mrt_elem *el)
{
	return verdict(el) >= BGP_ACTION_WITHDRAW && el->type != MRT_ELEM_WITHDRAW;
}

static void header_json(const struct mrt_elem *el, struct json_writer *w)
{
	const char *tn = mrt_type_name(el->rec->type);
	kv_name(w, "type", elem_type_name(withdrawn(el) ? MRT_ELEM_WITHDRAW : el->type));
	kv_name(w, "mrt_type", tn ? tn : "?");
	kv_u32(w, "time", el->rec->time);
	if (el->rec->et)
		kv_u32(w, "usec", el->rec->usec);
	kv_ip(w, "peer_ip", el->peer_family, el->peer_addr);
	kv_u32(w, "peer_as", el->peer_as);
}

static int route_json(const struct mrt_elem *el, struct json_writer *w)
{
	struct prefix p;
	char ps[PREFIX_STRLEN];
	mrt_elem_prefix(el, &p);
	kv_name(w, "prefix", prefix_format(&p, ps, sizeof ps));
	if (el->safi != BGP_SAFI_UNICAST)
		kv_u32(w, "safi", el->safi);
	if (el->addpath) {
		static const char *how[] = {"none", "subtype", "open", "detected"};
		kv_u32(w, "path_id", el->path_id);
		kv_name(w, "addpath", how[el->addpath_src & 3]);
	}
	if (el->type == MRT_ELEM_RIB)
		kv_u32(w, "originated", el->originated);
	if (verdict(el) != BGP_ACTION_NONE) {
		kv_name(w, "rfc7606", bgp_attr_action_name(el->attrs->action));
		if (el->attrs->action_type)
			kv_u32(w, "rfc7606_attr", el->attrs->action_type);
	}
	if (el->type != MRT_ELEM_WITHDRAW && !withdrawn(el) && el->attrs)
		return attrs_json(el, w);
	return 0;
}

int mrt_json_format(const struct mrt_elem *el, struct mrt_buf *b)
{
	struct json_writer w;
	json_writer_init_buf(&w, b);
	json_begin_object(&w);
	header_json(el, &w);
	if (el->type == MRT_ELEM_STATE) {
		kv_u32(&w, "old_state", el->old_state);
		kv_u32(&w, "new_state", el->new_state);
	} else if (route_json(el, &w) < 0) {
		return -1;
	}
	json_end_object(&w);
	json_ws(&w, "\n");
	return json_writer_finish(&w);
}

/* mrt_json.c - JSON lines for route elements. */
#include "bgp/mrt_json.h"

#include <stdlib.h>

#include "core/wire.h"

static const char *elem_type_name(enum mrt_elem_type t)
{
	static const char *names[] = {"?", "rib", "announce", "withdraw", "state"};
	return (unsigned)t < 5 ? names[t] : "?";
}

static void key(struct mrt_buf *b, const char *k)
{
	mrt_buf_putc(b, ',');
	mrt_buf_putc(b, '"');
	mrt_buf_puts(b, k);
	mrt_buf_put(b, "\":", 2);
}

static void kv_u32(struct mrt_buf *b, const char *k, uint32_t v)
{
	key(b, k);
	mrt_buf_u32(b, v);
}

static void kv_ip(struct mrt_buf *b, const char *k, int family, const uint8_t *a)
{
	key(b, k);
	mrt_buf_putc(b, '"');
	if (family == 6)
		mrt_buf_ipv6(b, a);
	else
		mrt_buf_ipv4(b, a);
	mrt_buf_putc(b, '"');
}

static const char hexd[] = "0123456789abcdef";

static int attrs_json(const struct mrt_elem *el, struct mrt_buf *b)
{
	const struct bgp_attrs *a = el->attrs;
	uint32_t small[256];
	int n = bgp_attrs_path(a, small, 256);
	uint32_t *path = small;
	if (n > 256) {
		path = malloc((size_t)n * sizeof *path);
		if (!path)
			return -1;
		n = bgp_attrs_path(a, path, (size_t)n);
	}
	size_t need = (size_t)(n > 0 ? n : 0) * 11 + a->n_communities * 12 +
		      a->n_large_communities * 33 + a->n_ext_communities * 19 +
		      a->n_cluster_list * 18 + 1024;
	for (size_t i = 0; i < a->n_unknown && i < BGP_ATTR_MAX_UNKNOWN; i++)
		need += 2 * (size_t)a->unknown[i].len + 64;
	if (mrt_buf_reserve(b, need) < 0) {
		if (path != small)
			free(path);
		return -1;
	}
	if (BGP_ATTR_HAS(a, BGP_ATTR_AS_PATH)) {
		key(b, "as_path");
		mrt_buf_putc(b, '[');
		for (int i = 0; i < n; i++) {
			if (i)
				mrt_buf_putc(b, ',');
			mrt_buf_u32(b, path[i]);
		}
		mrt_buf_putc(b, ']');
		kv_u32(b, "origin_as", bgp_attrs_origin_as(a));
		if (n < 0) {
			key(b, "as_path_malformed");
			mrt_buf_puts(b, "true");
		}
	}
	if (path != small)
		free(path);
	if (BGP_ATTR_HAS(a, BGP_ATTR_ORIGIN)) {
		key(b, "origin");
		mrt_buf_putc(b, '"');
		mrt_buf_puts(b, bgp_origin_name(a->origin));
		mrt_buf_putc(b, '"');
	}
	struct prefix nh;
	if (mrt_elem_next_hop(el, &nh) == 0)
		kv_ip(b, "next_hop", nh.family, nh.addr);
	if (BGP_ATTR_HAS(a, BGP_ATTR_LOCAL_PREF))
		kv_u32(b, "local_pref", a->local_pref);
	if (BGP_ATTR_HAS(a, BGP_ATTR_MED))
		kv_u32(b, "med", a->med);
	if (BGP_ATTR_HAS(a, BGP_ATTR_COMMUNITIES)) {
		key(b, "communities");
		mrt_buf_putc(b, '[');
		struct wire_cur cur = wire_cur_make(a->communities, 4 * a->n_communities);
		for (size_t i = 0; i < a->n_communities; i++) {
			uint32_t c = 0;
			wire_get_u32(&cur, &c);
			mrt_buf_put(b, i ? ",\"" : "\"", i ? 2 : 1);
			mrt_buf_u32(b, c >> 16);
			mrt_buf_putc(b, ':');
			mrt_buf_u32(b, c & 0xffff);
			mrt_buf_putc(b, '"');
		}
		mrt_buf_putc(b, ']');
	}
	if (BGP_ATTR_HAS(a, BGP_ATTR_LARGE_COMMUNITIES)) {
		key(b, "large_communities");
		mrt_buf_putc(b, '[');
		struct wire_cur cur = wire_cur_make(a->large_communities, 12 * a->n_large_communities);
		for (size_t i = 0; i < a->n_large_communities; i++) {
			uint32_t g[3] = {0, 0, 0};
			wire_get_u32(&cur, &g[0]);
			wire_get_u32(&cur, &g[1]);
			wire_get_u32(&cur, &g[2]);
			mrt_buf_put(b, i ? ",\"" : "\"", i ? 2 : 1);
			mrt_buf_u32(b, g[0]);
			mrt_buf_putc(b, ':');
			mrt_buf_u32(b, g[1]);
			mrt_buf_putc(b, ':');
			mrt_buf_u32(b, g[2]);
			mrt_buf_putc(b, '"');
		}
		mrt_buf_putc(b, ']');
	}
	if (BGP_ATTR_HAS(a, BGP_ATTR_EXT_COMMUNITIES)) {
		key(b, "ext_communities");
		mrt_buf_putc(b, '[');
		for (size_t i = 0; i < a->n_ext_communities; i++) {
			mrt_buf_put(b, i ? ",\"" : "\"", i ? 2 : 1);
			for (int j = 0; j < 8; j++) {
				uint8_t v = a->ext_communities[8 * i + (size_t)j];
				mrt_buf_putc(b, hexd[v >> 4]);
				mrt_buf_putc(b, hexd[v & 15]);
			}
			mrt_buf_putc(b, '"');
		}
		mrt_buf_putc(b, ']');
	}
	if (BGP_ATTR_HAS(a, BGP_ATTR_ATOMIC_AGGREGATE)) {
		key(b, "atomic_aggregate");
		mrt_buf_puts(b, "true");
	}
	if (BGP_ATTR_HAS(a, BGP_ATTR_AGGREGATOR)) {
		bool as4 = a->asn_len == 2 && BGP_ATTR_HAS(a, BGP_ATTR_AS4_AGGREGATOR) &&
			   a->aggregator_as == 23456;
		key(b, "aggregator");
		mrt_buf_put(b, "{\"as\":", 6);
		mrt_buf_u32(b, as4 ? a->as4_aggregator_as : a->aggregator_as);
		kv_ip(b, "id", 4, as4 ? a->as4_aggregator_id : a->aggregator_id);
		mrt_buf_putc(b, '}');
	}
	if (BGP_ATTR_HAS(a, BGP_ATTR_ORIGINATOR_ID))
		kv_ip(b, "originator_id", 4, a->originator_id);
	if (BGP_ATTR_HAS(a, BGP_ATTR_CLUSTER_LIST)) {
		key(b, "cluster_list");
		mrt_buf_putc(b, '[');
		for (size_t i = 0; i < a->n_cluster_list; i++) {
			mrt_buf_put(b, i ? ",\"" : "\"", i ? 2 : 1);
			mrt_buf_ipv4(b, a->cluster_list + 4 * i);
			mrt_buf_putc(b, '"');
		}
		mrt_buf_putc(b, ']');
	}
	if (BGP_ATTR_HAS(a, BGP_ATTR_OTC))
		kv_u32(b, "otc", a->otc);
	if (a->n_unknown) {
		key(b, "unknown_attrs");
		mrt_buf_putc(b, '[');
		for (size_t i = 0; i < a->n_unknown && i < BGP_ATTR_MAX_UNKNOWN; i++) {
			const struct bgp_attr_raw *u = &a->unknown[i];
			if (i)
				mrt_buf_putc(b, ',');
			mrt_buf_put(b, "{\"type\":", 8);
			mrt_buf_u32(b, u->type);
			kv_u32(b, "flags", u->flags);
			key(b, "value");
			mrt_buf_putc(b, '"');
			for (size_t j = 0; j < u->len; j++) {
				mrt_buf_putc(b, hexd[u->data[j] >> 4]);
				mrt_buf_putc(b, hexd[u->data[j] & 15]);
			}
			mrt_buf_put(b, "\"}", 2);
		}
		mrt_buf_putc(b, ']');
	}
	return 0;
}

int mrt_json_format(const struct mrt_elem *el, struct mrt_buf *b)
{
	if (mrt_buf_reserve(b, 512) < 0)
		return -1;
	mrt_buf_put(b, "{\"type\":\"", 9);
	mrt_buf_puts(b, elem_type_name(el->type));
	mrt_buf_putc(b, '"');
	const char *tn = mrt_type_name(el->rec->type);
	key(b, "mrt_type");
	mrt_buf_putc(b, '"');
	mrt_buf_puts(b, tn ? tn : "?");
	mrt_buf_putc(b, '"');
	kv_u32(b, "time", el->rec->time);
	if (el->rec->et)
		kv_u32(b, "usec", el->rec->usec);
	kv_ip(b, "peer_ip", el->peer_family, el->peer_addr);
	kv_u32(b, "peer_as", el->peer_as);
	if (el->type == MRT_ELEM_STATE) {
		kv_u32(b, "old_state", el->old_state);
		kv_u32(b, "new_state", el->new_state);
		mrt_buf_put(b, "}\n", 2);
		return 0;
	}
	struct prefix p;
	char ps[PREFIX_STRLEN];
	mrt_elem_prefix(el, &p);
	key(b, "prefix");
	mrt_buf_putc(b, '"');
	mrt_buf_puts(b, prefix_format(&p, ps, sizeof ps));
	mrt_buf_putc(b, '"');
	if (el->safi != BGP_SAFI_UNICAST)
		kv_u32(b, "safi", el->safi);
	if (el->addpath) {
		static const char *how[] = {"none", "subtype", "open", "detected"};
		kv_u32(b, "path_id", el->path_id);
		key(b, "addpath");
		mrt_buf_putc(b, '"');
		mrt_buf_puts(b, how[el->addpath_src & 3]);
		mrt_buf_putc(b, '"');
	}
	if (el->type == MRT_ELEM_RIB)
		kv_u32(b, "originated", el->originated);
	if (el->type != MRT_ELEM_WITHDRAW && el->attrs && attrs_json(el, b) < 0)
		return -1;
	if (mrt_buf_reserve(b, 2) < 0)
		return -1;
	mrt_buf_put(b, "}\n", 2);
	return 0;
}

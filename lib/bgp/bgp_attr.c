/* SPDX-License-Identifier: ISC */
/* bgp_attr.c - path attribute decoder: one table row per attribute type,
 * RFC 7606 error handling. */
#include "bgp/bgp_attr.h"

#include <stdio.h>
#include <string.h>

#include "core/wire.h"

/* How an attribute's length is checked before its value is decoded. */
enum len_rule {
	LEN_ANY,        /* the decoder checks the value */
	LEN_EXACT,      /* exactly len bytes */
	LEN_MULTIPLE,   /* a non-zero multiple of len bytes */
	LEN_AGGREGATOR, /* the session's AS size + 4 */
};

struct decode_ctx {
	int asn_len;
	bool in_rib;
	const uint8_t *base; /* the attribute field, for error offsets */
};

/* Decode the value in v into a. Returns false when the value is malformed
 * beyond what the length rule catches (it is still stored as far as it goes). */
typedef bool decode_fn(struct bgp_attrs *a, struct wire_cur *v, int asn_len);

struct attr_rule {
	const char *name;
	uint8_t flags; /* the Optional and Transitive bits it must have */
	uint8_t len_rule;
	uint8_t len;
	uint8_t on_error; /* action for a malformed value or a wrong length */
	uint8_t on_flags; /* action for wrong flags (RFC 7606 section 3 c) */
	decode_fn *decode;
};

/* Read up to n bytes of v into out, zero-filling what the value lacks, so a
 * short attribute decodes to a defined value (the one bgpdump shows). */
static inline void take(struct wire_cur *v, uint8_t *out, size_t n)
{
	size_t k = wire_left(v);
	if (k >= n) {
		wire_get_copy(v, out, n); /* the usual case */
		return;
	}
	memset(out + k, 0, n - k);
	wire_get_copy(v, out, k);
}

static uint32_t take_u32(struct wire_cur *v)
{
	uint8_t b[4];
	take(v, b, 4);
	return wire_load_u32(b);
}

static uint32_t take_u16(struct wire_cur *v)
{
	uint8_t b[2];
	take(v, b, 2);
	return wire_load_u16(b);
}

/* Borrow the whole value. */
static const uint8_t *rest(struct wire_cur *v, size_t *n)
{
	const uint8_t *p = v->p;
	*n = wire_left(v);
	wire_skip(v, *n);
	return p;
}

/* RFC 7606 section 7.2 (and RFC 6793 section 6 for AS4_PATH): every
 * segment has a known type, at least one AS, and fits. */
static bool segments_ok(const uint8_t *p, size_t n, int asn_len)
{
	/* The span is bounds-checked already; walk it by offsets, as path_count
	 * below does (this runs for every AS_PATH, so it stays lean). */
	size_t off = 0;
	while (off < n) {
		if (n - off < 2)
			return false;
		uint8_t type = p[off], count = p[off + 1];
		off += 2;
		if (type < BGP_AS_SET || type > BGP_AS_CONFED_SET || count == 0 ||
		    (size_t)count * (size_t)asn_len > n - off)
			return false;
		off += (size_t)count * (size_t)asn_len;
	}
	return true;
}

/* The decoders below are the table's value readers: one per attribute type,
 * alike in shape on purpose (each fills its own fields of struct bgp_attrs;
 * flags, length and RFC 7606 actions live in the table, not here). */
static bool dec_origin(struct bgp_attrs *a, struct wire_cur *v, int asn_len)
{
	(void)asn_len;
	uint8_t o = 0;
	wire_peek_u8(v, 0, &o);
	a->origin = o;
	return o <= 2; /* RFC 7606 section 7.1: an undefined value */
}

static bool dec_as_path(struct bgp_attrs *a, struct wire_cur *v, int asn_len)
{
	a->as_path = rest(v, &a->as_path_len);
	return segments_ok(a->as_path, a->as_path_len, asn_len);
}

static bool dec_as4_path(struct bgp_attrs *a, struct wire_cur *v, int asn_len)
{
	(void)asn_len;
	a->as4_path = rest(v, &a->as4_path_len);
	return segments_ok(a->as4_path, a->as4_path_len, 4);
}

static bool dec_next_hop(struct bgp_attrs *a, struct wire_cur *v, int asn_len)
{
	(void)asn_len;
	take(v, a->next_hop, 4);
	return true;
}

static bool dec_med(struct bgp_attrs *a, struct wire_cur *v, int asn_len)
{
	(void)asn_len;
	a->med = take_u32(v);
	return true;
}

static bool dec_local_pref(struct bgp_attrs *a, struct wire_cur *v, int asn_len)
{
	(void)asn_len;
	a->local_pref = take_u32(v);
	return true;
}

static bool dec_nothing(struct bgp_attrs *a, struct wire_cur *v, int asn_len)
{
	(void)a, (void)v, (void)asn_len;
	return true;
}

static bool dec_aggregator(struct bgp_attrs *a, struct wire_cur *v, int asn_len)
{
	a->aggregator_as = asn_len == 4 ? take_u32(v) : take_u16(v);
	take(v, a->aggregator_id, 4);
	return true;
}

static bool dec_as4_aggregator(struct bgp_attrs *a, struct wire_cur *v, int asn_len)
{
	(void)asn_len;
	a->as4_aggregator_as = take_u32(v);
	take(v, a->as4_aggregator_id, 4);
	return true;
}

static bool dec_communities(struct bgp_attrs *a, struct wire_cur *v, int asn_len)
{
	(void)asn_len;
	size_t n;
	a->communities = rest(v, &n);
	a->n_communities = n / 4;
	return true;
}

static bool dec_ext_communities(struct bgp_attrs *a, struct wire_cur *v, int asn_len)
{
	(void)asn_len;
	size_t n;
	a->ext_communities = rest(v, &n);
	a->n_ext_communities = n / 8;
	return true;
}

static bool dec_large_communities(struct bgp_attrs *a, struct wire_cur *v, int asn_len)
{
	(void)asn_len;
	size_t n;
	a->large_communities = rest(v, &n);
	a->n_large_communities = n / 12;
	return true;
}

static bool dec_originator_id(struct bgp_attrs *a, struct wire_cur *v, int asn_len)
{
	(void)asn_len;
	take(v, a->originator_id, 4);
	return true;
}

static bool dec_cluster_list(struct bgp_attrs *a, struct wire_cur *v, int asn_len)
{
	(void)asn_len;
	size_t n;
	a->cluster_list = rest(v, &n);
	a->n_cluster_list = n / 4;
	return true;
}

static bool dec_otc(struct bgp_attrs *a, struct wire_cur *v, int asn_len)
{
	(void)asn_len;
	a->otc = take_u32(v);
	return true;
}

/* RFC 7606 section 7.11: a next hop length the family cannot have makes
 * the NLRI after it unlocatable. Families we do not model are not judged. */
static bool nh_len_ok(uint16_t afi, uint8_t safi, uint8_t len)
{
	if (safi != BGP_SAFI_UNICAST && safi != BGP_SAFI_MULTICAST)
		return true;
	if (afi == BGP_AFI_IPV4)
		return len == 4 || len == 16 || len == 32; /* RFC 8950 IPv6 next hops */
	if (afi == BGP_AFI_IPV6)
		return len == 16 || len == 32;
	return true;
}

/* The RFC 6396 4.3.4 form in RIB entries: next hop length and next hop. */
static bool dec_mp_reach_abbreviated(struct bgp_mp_reach *m, struct wire_cur *v)
{
	m->abbreviated = true;
	wire_get_u8(v, &m->nh_len);
	m->nh = v->p;
	if (m->nh_len > wire_left(v)) {
		m->nh_len = (uint8_t)wire_left(v);
		return false;
	}
	wire_skip(v, m->nh_len);
	return wire_left(v) == 0;
}

static bool dec_mp_reach(struct bgp_attrs *a, struct wire_cur *v, int asn_len)
{
	(void)asn_len; /* the abbreviated form is recognised by content */
	struct bgp_mp_reach *m = &a->mp_reach;
	memset(m, 0, sizeof *m);
	uint8_t first;
	/* An MP_REACH_NLRI always starts with a zero AFI byte; a nonzero first
	 * byte is the next hop length of the RFC 6396 abbreviated form. */
	if (wire_peek_u8(v, 0, &first) && first != 0)
		return dec_mp_reach_abbreviated(m, v);
	if (wire_left(v) < 5)
		return false;
	wire_get_u16(v, &m->afi);
	wire_get_u8(v, &m->safi);
	wire_get_u8(v, &m->nh_len);
	m->nh = v->p;
	if (m->nh_len > wire_left(v)) {
		m->nh_len = (uint8_t)wire_left(v);
		return false;
	}
	wire_skip(v, m->nh_len);
	bool ok = nh_len_ok(m->afi, m->safi, m->nh_len);
	/* Reserved (formerly SNPA count); skip any SNPAs as bgpdump does. */
	uint8_t snpa;
	if (!wire_get_u8(v, &snpa))
		return false;
	while (snpa-- > 0 && wire_left(v) > 0) {
		uint8_t l = 0;
		wire_get_u8(v, &l);
		if (!wire_skip(v, l))
			ok = false;
	}
	m->nlri = rest(v, &m->nlri_len);
	return ok;
}

static bool dec_mp_unreach(struct bgp_attrs *a, struct wire_cur *v, int asn_len)
{
	(void)asn_len;
	struct bgp_mp_unreach *m = &a->mp_unreach;
	memset(m, 0, sizeof *m);
	if (wire_left(v) < 3)
		return false;
	wire_get_u16(v, &m->afi);
	wire_get_u8(v, &m->safi);
	m->nlri = rest(v, &m->nlri_len);
	return true;
}

enum {
	WK = BGP_ATTR_FLAG_TRANSITIVE,                             /* well-known */
	OPT = BGP_ATTR_FLAG_OPTIONAL,                              /* optional non-transitive */
	OPT_T = BGP_ATTR_FLAG_OPTIONAL | BGP_ATTR_FLAG_TRANSITIVE, /* optional transitive */
	DISCARD = BGP_ACTION_DISCARD,
	WITHDRAW = BGP_ACTION_WITHDRAW,
	RESET = BGP_ACTION_RESET,
};

/* The attributes we know, with their RFC 7606 section 7 actions (RFC 6793
 * section 6 for AS4_*, RFC 8092 for LARGE_COMMUNITY, RFC 9234 for OTC).
 * LOCAL_PREF is treat-as-withdraw as from an internal peer: MRT does not
 * say which kind of peer sent it. Wrong flags cost what a wrong value does,
 * except for MP_*, whose NLRI stay locatable (treat-as-withdraw). */
static const struct attr_rule rules[256] = {
    [BGP_ATTR_ORIGIN] = {"ORIGIN", WK, LEN_EXACT, 1, WITHDRAW, WITHDRAW, dec_origin},
    [BGP_ATTR_AS_PATH] = {"AS_PATH", WK, LEN_ANY, 0, WITHDRAW, WITHDRAW, dec_as_path},
    [BGP_ATTR_NEXT_HOP] = {"NEXT_HOP", WK, LEN_EXACT, 4, WITHDRAW, WITHDRAW, dec_next_hop},
    [BGP_ATTR_MED] = {"MULTI_EXIT_DISC", OPT, LEN_EXACT, 4, WITHDRAW, WITHDRAW, dec_med},
    [BGP_ATTR_LOCAL_PREF] = {"LOCAL_PREF", WK, LEN_EXACT, 4, WITHDRAW, WITHDRAW, dec_local_pref},
    [BGP_ATTR_ATOMIC_AGGREGATE] = {"ATOMIC_AGGREGATE", WK, LEN_EXACT, 0, DISCARD, DISCARD,
                                   dec_nothing},
    [BGP_ATTR_AGGREGATOR] = {"AGGREGATOR", OPT_T, LEN_AGGREGATOR, 0, DISCARD, DISCARD,
                             dec_aggregator},
    [BGP_ATTR_COMMUNITIES] = {"COMMUNITIES", OPT_T, LEN_MULTIPLE, 4, WITHDRAW, WITHDRAW,
                              dec_communities},
    [BGP_ATTR_ORIGINATOR_ID] = {"ORIGINATOR_ID", OPT, LEN_EXACT, 4, WITHDRAW, WITHDRAW,
                                dec_originator_id},
    [BGP_ATTR_CLUSTER_LIST] = {"CLUSTER_LIST", OPT, LEN_MULTIPLE, 4, WITHDRAW, WITHDRAW,
                               dec_cluster_list},
    [BGP_ATTR_MP_REACH_NLRI] = {"MP_REACH_NLRI", OPT, LEN_ANY, 0, RESET, WITHDRAW, dec_mp_reach},
    [BGP_ATTR_MP_UNREACH_NLRI] = {"MP_UNREACH_NLRI", OPT, LEN_ANY, 0, RESET, WITHDRAW,
                                  dec_mp_unreach},
    [BGP_ATTR_EXT_COMMUNITIES] = {"EXTENDED_COMMUNITIES", OPT_T, LEN_MULTIPLE, 8, WITHDRAW,
                                  WITHDRAW, dec_ext_communities},
    [BGP_ATTR_AS4_PATH] = {"AS4_PATH", OPT_T, LEN_ANY, 0, DISCARD, DISCARD, dec_as4_path},
    [BGP_ATTR_AS4_AGGREGATOR] = {"AS4_AGGREGATOR", OPT_T, LEN_EXACT, 8, DISCARD, DISCARD,
                                 dec_as4_aggregator},
    [BGP_ATTR_LARGE_COMMUNITIES] = {"LARGE_COMMUNITY", OPT_T, LEN_MULTIPLE, 12, WITHDRAW, WITHDRAW,
                                    dec_large_communities},
    [BGP_ATTR_OTC] = {"ONLY_TO_CUSTOMER", OPT_T, LEN_EXACT, 4, WITHDRAW, WITHDRAW, dec_otc},
};

/* Types without a row have a NULL name (the table covers all 256). */
static inline const struct attr_rule *rule_of(uint8_t type)
{
	return rules[type].decode ? &rules[type] : NULL;
}

const char *bgp_attr_name(uint8_t type)
{
	const struct attr_rule *r = rule_of(type);
	return r ? r->name : NULL;
}

const char *bgp_attr_action_name(enum bgp_attr_action act)
{
	static const char *names[] = {"none", "attribute-discard", "treat-as-withdraw",
	                              "session-reset"};
	return (unsigned)act < 4 ? names[act] : "none";
}

void bgp_attrs_raise(struct bgp_attrs *a, enum bgp_attr_action act, uint8_t type, size_t off)
{
	a->malformed = true;
	if (act <= a->action)
		return;
	a->action = act;
	a->action_type = type;
	a->action_offset = off;
}

/* Length rule check; want is set to the expected length for the message. */
static bool length_ok(const struct attr_rule *r, size_t alen, int asn_len, size_t *want)
{
	/* Most common first: this runs for every attribute. */
	*want = r->len;
	if (r->len_rule == LEN_EXACT)
		return alen == r->len;
	if (r->len_rule == LEN_ANY)
		return true;
	if (r->len_rule == LEN_MULTIPLE)
		return alen > 0 && alen % r->len == 0;
	*want = (size_t)asn_len + 4; /* LEN_AGGREGATOR */
	return alen == *want;
}

/* Record an error: raise the action, report the first one in e as
 * "attribute T (NAME) WHAT at byte N: ACTION". */
__attribute__((cold)) static void fail(struct bgp_attrs *a, enum bgp_attr_action act, uint8_t type,
                                       size_t start, int *rc, struct err *e, const char *what)
{
	bgp_attrs_raise(a, act, type, start);
	if (*rc < 0)
		return;
	const char *name = bgp_attr_name(type);
	*rc = err_set(e, "attribute %u%s%s%s %s at byte %zu: %s", type, name ? " (" : "",
	              name ? name : "", name ? ")" : "", what, start, bgp_attr_action_name(act));
	if (e) {
		e->offset = start;
		e->has_offset = 1;
	}
}

static void keep_unknown(struct bgp_attrs *a, uint8_t flags, uint8_t type, struct wire_cur *v)
{
	if (a->n_unknown < BGP_ATTR_MAX_UNKNOWN) {
		size_t n;
		const uint8_t *p = rest(v, &n);
		a->unknown[a->n_unknown] = (struct bgp_attr_raw){flags, type, (uint16_t)n, p};
	}
	a->n_unknown++;
}

/* Types above 64 have no present bit: look among the kept unknowns. */
static bool unknown_seen(const struct bgp_attrs *a, uint8_t type)
{
	for (size_t i = 0; i < a->n_unknown && i < BGP_ATTR_MAX_UNKNOWN; i++)
		if (a->unknown[i].type == type)
			return true;
	return false;
}

/* One attribute as framed: where it starts and what its header says. */
struct attr_hdr {
	uint8_t flags;
	uint8_t type;
	size_t len;        /* value length */
	const uint8_t *at; /* the attribute's first byte */
};

/* The slow path: say what is wrong with an attribute and apply its action. */
__attribute__((cold)) static void reject(struct bgp_attrs *a, const struct attr_rule *r,
                                         const struct attr_hdr *h, size_t start, int asn_len,
                                         bool value_ok, int *rc, struct err *e)
{
	size_t want;
	bool len_ok = length_ok(r, h->len, asn_len, &want);
	char what[80];
	if (!len_ok && r->len_rule == LEN_MULTIPLE)
		snprintf(what, sizeof what, "has length %zu, want a non-zero multiple of %zu",
		         h->len, want);
	else if (!len_ok)
		snprintf(what, sizeof what, "has length %zu, want %zu,", h->len, want);
	else if (!value_ok)
		snprintf(what, sizeof what, "is malformed");
	else
		snprintf(what, sizeof what, "has flags 0x%02x, want 0x%02x,", h->flags & 0xc0,
		         r->flags);
	enum bgp_attr_action act = len_ok && value_ok ? r->on_flags : r->on_error;
	fail(a, act, h->type, start, rc, e, what);
	if (act == BGP_ACTION_DISCARD)
		a->discarded |= (uint64_t)1 << (h->type - 1); /* all known types are <= 64 */
}

/* Apply the table to one attribute whose value is v. */
static inline void decode_one(struct bgp_attrs *a, const struct attr_hdr *h, struct wire_cur *v,
                              const struct decode_ctx *ctx, int *rc, struct err *e)
{
	uint8_t type = h->type;
	uint64_t bit = (unsigned)type - 1 < 64 ? (uint64_t)1 << (type - 1) : 0;
	if ((a->present & bit) || (!bit && unknown_seen(a, type))) {
		/* RFC 7606 section 3 g: keep the first; MP_* twice is fatal. */
		bool mp = type == BGP_ATTR_MP_REACH_NLRI || type == BGP_ATTR_MP_UNREACH_NLRI;
		fail(a, mp ? BGP_ACTION_RESET : BGP_ACTION_DISCARD, type,
		     (size_t)(h->at - ctx->base), rc, e, "is repeated");
		return;
	}
	a->present |= bit;
	const struct attr_rule *r = rule_of(type);
	if (!r) {
		keep_unknown(a, h->flags, type, v);
		return;
	}
	size_t want;
	bool value_ok = r->decode(a, v, ctx->asn_len);
	if (!value_ok || !length_ok(r, h->len, ctx->asn_len, &want) ||
	    ((h->flags ^ r->flags) & (BGP_ATTR_FLAG_OPTIONAL | BGP_ATTR_FLAG_TRANSITIVE)))
		reject(a, r, h, (size_t)(h->at - ctx->base), ctx->asn_len, value_ok, rc, e);
}
/* Clear a for a new set; fields past mp_reach are reset one by one, the
 * big ones being valid only when present says so. */
static void attrs_reset(struct bgp_attrs *a, int asn_len)
{
	memset(a, 0, offsetof(struct bgp_attrs, mp_reach));
	a->mp_reach.nlri_len = 0;
	a->mp_reach.abbreviated = false;
	a->mp_unreach.nlri_len = 0;
	a->n_unknown = 0;
	a->discarded = 0;
	a->action = BGP_ACTION_NONE;
	a->action_type = 0;
	a->action_offset = 0;
	a->malformed = false;
	a->asn_len = (uint8_t)asn_len;
}

/* Read one attribute header into ah and split off its value. False when
 * the header is truncated or the length overruns the field (RFC 7606
 * section 4: treat-as-withdraw), with e set. */
static bool next_attr(struct wire_cur *c, struct bgp_attrs *a, struct attr_hdr *ah,
                      struct wire_cur *v, struct err *e)
{
	size_t left = wire_left(c);
	const uint8_t *h, *ext;
	ah->at = c->p;
	ah->flags = 0;
	ah->type = 0;
	if (left < 4)
		wire_peek_u8(c, 1, &ah->type); /* for the message when the header is short */
	/* Flags, type and a one-byte length; the Extended Length bit adds the
	 * byte that follows (contiguous, so h + 2 holds the 16-bit length). */
	bool framed = wire_get_bytes(c, 3, &h) &&
	              (!(h[0] & BGP_ATTR_FLAG_EXTLEN) || wire_get_bytes(c, 1, &ext));
	if (framed) {
		ah->flags = h[0];
		ah->type = h[1];
		ah->len = (h[0] & BGP_ATTR_FLAG_EXTLEN) ? wire_load_u16(h + 2) : h[2];
		if (wire_sub(c, ah->len, v))
			return true;
	}
	size_t start = (size_t)(ah->at - c->base);
	if (framed)
		err_set(e, "attribute %u of %zu bytes overruns the %zu left at byte %zu: %s",
		        ah->type, ah->len, left - ((ah->flags & BGP_ATTR_FLAG_EXTLEN) ? 4 : 3),
		        start, bgp_attr_action_name(BGP_ACTION_WITHDRAW));
	else
		err_set(e, "attribute header truncated at byte %zu (%zu bytes left): %s", start,
		        left, bgp_attr_action_name(BGP_ACTION_WITHDRAW));
	bgp_attrs_raise(a, BGP_ACTION_WITHDRAW, ah->type, start);
	if (e) {
		e->offset = start;
		e->has_offset = 1;
	}
	return false;
}

/* The common case of segments_ok: one AS_SEQUENCE holding the whole path. */
static inline bool path_ok(const uint8_t *p, size_t n, int asn_len)
{
	if (n >= 2 && p[0] == BGP_AS_SEQUENCE && p[1] != 0 &&
	    2 + (size_t)p[1] * (size_t)asn_len == n)
		return true;
	return segments_ok(p, n, asn_len);
}

/* True when flags carry exactly the Optional and Transitive bits want. */
static inline bool flags_are(uint8_t flags, uint8_t want)
{
	return ((flags ^ want) & (BGP_ATTR_FLAG_OPTIONAL | BGP_ATTR_FLAG_TRANSITIVE)) == 0;
}

/* Bit of attribute type t (1..64) in present. */
#define ATTR_BIT(t) ((uint64_t)1 << ((t)-1))

/* Claim type t's present bit; false when it is already set (a repeat). */
static inline bool first_of(struct bgp_attrs *a, uint64_t bit)
{
	if (a->present & bit)
		return false;
	a->present |= bit;
	return true;
}

/* The fast path for the attributes nearly every route carries: decode the
 * value of type at p and return true when it is the first of its type and
 * flags, length and value are all right. False leaves present as it was and
 * the attribute to decode_one, which decodes it again (writing the same
 * fields) and says what is wrong. */
static inline bool decode_fast(struct bgp_attrs *a, uint8_t flags, uint8_t type, const uint8_t *p,
                               size_t alen, const uint8_t *base, int asn_len)
{
	switch (type) {
	case BGP_ATTR_ORIGIN:
		if (!flags_are(flags, WK) || alen != 1 || p[0] > 2 ||
		    !first_of(a, ATTR_BIT(BGP_ATTR_ORIGIN)))
			return false;
		a->origin = p[0];
		return true;
	case BGP_ATTR_AS_PATH:
		if (!flags_are(flags, WK) || !path_ok(p, alen, asn_len) ||
		    !first_of(a, ATTR_BIT(BGP_ATTR_AS_PATH)))
			return false;
		a->as_path = p;
		a->as_path_len = alen;
		return true;
	case BGP_ATTR_NEXT_HOP:
		if (!flags_are(flags, WK) || alen != 4 || !first_of(a, ATTR_BIT(BGP_ATTR_NEXT_HOP)))
			return false;
		memcpy(a->next_hop, p, 4);
		return true;
	case BGP_ATTR_MED:
		if (!flags_are(flags, OPT) || alen != 4 || !first_of(a, ATTR_BIT(BGP_ATTR_MED)))
			return false;
		a->med = wire_load_u32(p);
		return true;
	case BGP_ATTR_LOCAL_PREF:
		if (!flags_are(flags, WK) || alen != 4 ||
		    !first_of(a, ATTR_BIT(BGP_ATTR_LOCAL_PREF)))
			return false;
		a->local_pref = wire_load_u32(p);
		return true;
	case BGP_ATTR_COMMUNITIES:
		if (!flags_are(flags, OPT_T) || alen == 0 || alen % 4 != 0 ||
		    !first_of(a, ATTR_BIT(BGP_ATTR_COMMUNITIES)))
			return false;
		a->communities = p;
		a->n_communities = alen / 4;
		return true;
	case BGP_ATTR_MP_REACH_NLRI: {
		if (!flags_are(flags, OPT) || (a->present & ATTR_BIT(BGP_ATTR_MP_REACH_NLRI)))
			return false;
		struct wire_cur v = {p, p + alen, base, WIRE_NO_FAIL};
		if (!dec_mp_reach(a, &v, asn_len))
			return false;
		a->present |= ATTR_BIT(BGP_ATTR_MP_REACH_NLRI);
		return true;
	}
	default:
		return false;
	}
}

/* Say why the attribute header at off cannot be framed (never inlined:
 * it runs once per broken attribute field). */
__attribute__((cold, noinline)) static void frame_error(const uint8_t *data, size_t len, size_t off,
                                                        struct bgp_attrs *a, struct err *e)
{
	struct wire_cur c = wire_cur_make(data, len);
	struct attr_hdr h;
	struct wire_cur v;
	wire_skip(&c, off);
	next_attr(&c, a, &h, &v, e);
}

/* The general path: repeats, unknown types, the rarer known ones and any
 * attribute the fast path found fault with. */
__attribute__((noinline)) static void decode_general(struct bgp_attrs *a, const struct attr_hdr *h,
                                                     const struct decode_ctx *ctx, int *rc,
                                                     struct err *e)
{
	size_t hl = (h->flags & BGP_ATTR_FLAG_EXTLEN) ? 4 : 3;
	struct wire_cur v = {h->at + hl, h->at + hl + h->len, ctx->base, WIRE_NO_FAIL};
	decode_one(a, h, &v, ctx, rc, e);
}

int bgp_attrs_decode(const uint8_t *data, size_t len, int asn_len, bool in_rib, struct bgp_attrs *a,
                     struct err *e)
{
	attrs_reset(a, asn_len);
	const struct decode_ctx ctx = {asn_len, in_rib, data};
	int rc = 0;
	size_t off = 0;
	/* Framing by offsets (the same checks next_attr makes, which reports
	 * the failures); the bounds hold, so the values are read directly. */
	while (off < len) {
		const uint8_t *at = data + off;
		size_t left = len - off;
		if (left < 3) {
			frame_error(data, len, off, a, rc < 0 ? NULL : e);
			return -1;
		}
		uint8_t flags = at[0], type = at[1];
		size_t hl = 3, alen = at[2];
		if (flags & BGP_ATTR_FLAG_EXTLEN) {
			if (left < 4) {
				frame_error(data, len, off, a, rc < 0 ? NULL : e);
				return -1;
			}
			hl = 4;
			alen = wire_load_u16(at + 2);
		}
		if (alen > left - hl) {
			frame_error(data, len, off, a, rc < 0 ? NULL : e);
			return -1;
		}
		off += hl + alen;
		if (decode_fast(a, flags, type, at + hl, alen, data, asn_len))
			continue;
		struct attr_hdr h = {flags, type, alen, at};
		decode_general(a, &h, &ctx, &rc, e);
	}
	return rc;
}

int bgp_attrs_check_mandatory(struct bgp_attrs *a, bool classic_nlri)
{
	bool mp_nlri = BGP_ATTR_HAS(a, BGP_ATTR_MP_REACH_NLRI) && !a->mp_reach.abbreviated &&
	               a->mp_reach.nlri_len > 0;
	if (!classic_nlri && !mp_nlri)
		return 0;
	int missing = 0;
	if (!BGP_ATTR_HAS(a, BGP_ATTR_ORIGIN))
		missing = BGP_ATTR_ORIGIN;
	else if (!BGP_ATTR_HAS(a, BGP_ATTR_AS_PATH))
		missing = BGP_ATTR_AS_PATH;
	else if (classic_nlri && !BGP_ATTR_HAS(a, BGP_ATTR_NEXT_HOP))
		missing = BGP_ATTR_NEXT_HOP;
	if (missing)
		bgp_attrs_raise(a, BGP_ACTION_WITHDRAW, (uint8_t)missing, 0);
	return missing;
}

/* Count an AS path the way RFC 4271 9.1.2.2 does (a set counts one),
 * ignoring confederation segments. -1 when malformed. */
static int path_count(const uint8_t *p, size_t n, int asn_len)
{
	int count = 0;
	size_t off = 0;
	while (off < n) {
		if (n - off < 2)
			return -1;
		uint8_t t = p[off], l = p[off + 1];
		off += 2;
		if ((size_t)l * (size_t)asn_len > n - off)
			return -1;
		off += (size_t)l * (size_t)asn_len;
		if (t == BGP_AS_SEQUENCE)
			count += l;
		else if (t == BGP_AS_SET)
			count += 1;
		else if (t != BGP_AS_CONFED_SEQUENCE && t != BGP_AS_CONFED_SET)
			return -1;
	}
	return count;
}

/* Append the ASNs of segments to path, stopping after limit counted hops
 * (limit < 0: no limit). Returns the new total. */
static size_t path_append(const uint8_t *p, size_t n, int asn_len, int limit, uint32_t *path,
                          size_t max, size_t k)
{
	size_t off = 0;
	int counted = 0;
	while (off + 2 <= n && (limit < 0 || counted < limit)) {
		uint8_t t = p[off], l = p[off + 1];
		off += 2;
		if (t == BGP_AS_CONFED_SEQUENCE || t == BGP_AS_CONFED_SET) {
			off += (size_t)l * (size_t)asn_len;
			continue;
		}
		for (uint8_t i = 0; i < l && off + (size_t)asn_len <= n; i++) {
			if (t == BGP_AS_SEQUENCE && limit >= 0 && counted >= limit)
				break;
			uint32_t asn =
			    asn_len == 4 ? wire_load_u32(p + off) : wire_load_u16(p + off);
			off += (size_t)asn_len;
			if (k < max)
				path[k] = asn;
			k++;
			if (t == BGP_AS_SEQUENCE)
				counted++;
		}
		if (t == BGP_AS_SET)
			counted++;
	}
	return k;
}

int bgp_attrs_path(const struct bgp_attrs *a, uint32_t *path, size_t max)
{
	if (!BGP_ATTR_HAS(a, BGP_ATTR_AS_PATH))
		return 0;
	int n = path_count(a->as_path, a->as_path_len, a->asn_len);
	if (n < 0)
		return -1;
	if (a->asn_len == 2 && BGP_ATTR_USABLE(a, BGP_ATTR_AS4_PATH)) {
		int n4 = path_count(a->as4_path, a->as4_path_len, 4);
		/* RFC 6793 4.2.3: an AS4_PATH longer than AS_PATH is ignored. */
		if (n4 >= 0 && n4 <= n) {
			size_t k = path_append(a->as_path, a->as_path_len, 2, n - n4, path, max, 0);
			k = path_append(a->as4_path, a->as4_path_len, 4, -1, path, max, k);
			return (int)k;
		}
	}
	return (int)path_append(a->as_path, a->as_path_len, a->asn_len, -1, path, max, 0);
}

uint32_t bgp_attrs_origin_as(const struct bgp_attrs *a)
{
	const uint8_t *p = a->as_path;
	size_t n = a->as_path_len;
	int asn_len = a->asn_len;
	if (a->asn_len == 2 && BGP_ATTR_USABLE(a, BGP_ATTR_AS4_PATH)) {
		int c = path_count(a->as_path, a->as_path_len, 2);
		int c4 = path_count(a->as4_path, a->as4_path_len, 4);
		if (c >= 0 && c4 > 0 && c4 <= c) {
			p = a->as4_path;
			n = a->as4_path_len;
			asn_len = 4;
		}
	}
	if (!BGP_ATTR_HAS(a, BGP_ATTR_AS_PATH) || path_count(p, n, asn_len) < 0)
		return 0;
	uint32_t origin = 0;
	size_t off = 0;
	while (off + 2 <= n) {
		uint8_t t = p[off], l = p[off + 1];
		off += 2;
		if (t == BGP_AS_SEQUENCE && l > 0)
			origin = asn_len == 4 ? wire_load_u32(p + off + (size_t)(l - 1) * 4)
			                      : wire_load_u16(p + off + (size_t)(l - 1) * 2);
		else if (t == BGP_AS_SET)
			origin = 0;
		off += (size_t)l * (size_t)asn_len;
	}
	return origin;
}

const char *bgp_origin_name(uint8_t origin)
{
	static const char *names[] = {"IGP", "EGP", "INCOMPLETE"};
	return origin < 3 ? names[origin] : "INCOMPLETE";
}

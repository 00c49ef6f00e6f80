/* SPDX-License-Identifier: ISC */
/* bmp_decode.c - 'manrs bmp decode': BMP messages from a packet capture
 * (each TCP stream reassembled) or a raw BMP byte stream, as bgpdump -m
 * lines or JSON. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_attr.h"
#include "bgp/bgp_nlri_label.h"
#include "bgp/mrt_bgpdump.h"
#include "bgp/mrt_json.h"
#include "bmp/bmp.h"
#include "bmp/bmp_elem.h"
#include "bmp/bmp_json.h"
#include "bmp_cmds.h"
#include "cmd.h"
#include "core/grow.h"
#include "core/json_writer.h"
#include "core/pcap_tcp.h"
#include "core/prefix.h"

#define MAX_ERRORS_SHOWN 20

static const char USAGE[] =
    "usage: manrs bmp decode [--json] [--max-size BYTES] FILE...\n"
    "\n"
    "Decode BMP (RFC 7854, 8671, 9069) messages from packet captures (pcap or\n"
    "pcapng: every TCP stream is reassembled by sequence number and decoded as\n"
    "BMP) or from files holding a raw BMP byte stream ('-' is stdin).\n"
    "\n"
    "output:\n"
    "  (default)          routes and peer up/down as bgpdump -m lines (BGP4MP,\n"
    "                     time from the per-peer header); other messages as\n"
    "                     BMP|time|TYPE|peer|AS|... lines\n"
    "  --json             one JSON object per BMP message (JSON lines); Route\n"
    "                     Monitoring messages carry their routes in \"elements\",\n"
    "                     the objects of 'manrs mrt dump --json'\n"
    "  --max-size BYTES   largest BMP message accepted (default 1048576)\n"
    "\n"
    "4-byte ASNs and ADD-PATH follow each peer's Peer Up OPENs. Problems (a\n"
    "message that does not decode, a stream cut mid-message, bytes missing from\n"
    "a capture) are reported on stderr with the file, stream and byte offset;\n"
    "decoding goes on with the next message when the framing allows.\n"
    "Exit: 0 ok, 1 input had problems or could not be read, 2 usage.\n";

/* A peer's Peer Up negotiation, found again by its per-peer header. */
struct peer_session {
	uint8_t type, family;
	uint64_t distinguisher;
	uint8_t addr[16];
	struct bmp_session s;
};

struct decoder {
	bool json;
	size_t max_size;
	const char *file;
	char stream[80]; /* "router 192.0.2.1:4711" or "" for raw files */
	char router[64];
	uint16_t router_port;
	struct peer_session *peers;
	size_t npeers, peers_cap;
	struct bmp_elems elems;
	struct mrt_bgpdump bd;
	struct mrt_buf out;
	struct mrt_buf tmp;
	unsigned long messages, errors, shown;
	bool out_failed;
};

static void problem(struct decoder *d, uint64_t offset, const char *msg)
{
	d->errors++;
	if (d->shown++ < MAX_ERRORS_SHOWN)
		fprintf(stderr, "manrs bmp decode: %s: %s%soffset %llu: %s\n", d->file, d->stream,
		        *d->stream ? ": " : "", (unsigned long long)offset, msg);
}

static struct peer_session *peer_find(struct decoder *d, const struct bmp_peer_hdr *h, bool add)
{
	for (size_t i = 0; i < d->npeers; i++) {
		struct peer_session *p = &d->peers[i];
		if (p->type == h->type && p->family == h->family &&
		    p->distinguisher == h->distinguisher && !memcmp(p->addr, h->addr, 16))
			return p;
	}
	if (!add)
		return NULL;
	struct peer_session *v = GROW(d->peers, d->peers_cap, d->npeers + 1);
	if (!v)
		return NULL;
	d->peers = v;
	struct peer_session *p = &d->peers[d->npeers++];
	memset(p, 0, sizeof *p);
	p->type = h->type;
	p->family = h->family;
	p->distinguisher = h->distinguisher;
	memcpy(p->addr, h->addr, 16);
	return p;
}

static void flush(struct decoder *d)
{
	if (!d->out_failed && mrt_buf_flush(&d->out, stdout) < 0) {
		cmd_stdout_failed("bmp decode");
		d->out_failed = true;
	}
	d->out.len = 0;
}

/* Append n bytes of text to the output (dropped, with one message, when
 * memory runs out). */
static void out(struct decoder *d, const char *s, size_t n)
{
	if (mrt_buf_reserve(&d->out, n) < 0) {
		problem(d, 0, "out of memory");
		return;
	}
	mrt_buf_put(&d->out, s, n);
}

static void out_str(struct decoder *d, const char *s)
{
	out(d, s, strlen(s));
}

/* "BMP|time|TYPE|peer|AS" for messages that are not routes. */
static void text_head(struct decoder *d, const struct bmp_msg *m)
{
	char ip[64] = "", line[160];
	struct prefix p;
	if (m->has_peer) {
		prefix_from_bytes(&p, m->peer.family, m->peer.addr, m->peer.family == 6 ? 128 : 32);
		addr_format(&p, ip, sizeof ip);
	}
	snprintf(line, sizeof line, "BMP|%u|%s|%s|%u", m->has_peer ? m->peer.ts_sec : 0,
	         bmp_msg_type_name(m->type), m->has_peer ? ip : d->router,
	         m->has_peer ? m->peer.as : 0);
	out_str(d, line);
}

/* "|value" of a TLV, kept on one line. */
static void text_tlv(struct decoder *d, const uint8_t *p, size_t n, uint16_t type)
{
	struct bmp_tlv t;
	out_str(d, "|");
	if (!bmp_tlv_find(p, n, type, &t))
		return;
	for (size_t i = 0; i < t.len; i++) {
		char ch = t.value[i] == '\n' || t.value[i] == '|' ? ' ' : (char)t.value[i];
		out(d, &ch, 1);
	}
}

static void text_other(struct decoder *d, const struct bmp_msg *m)
{
	char v[160];
	struct bmp_stat_iter it;
	struct bmp_stat s;
	struct bmp_tlv t;
	switch (m->type) {
	case BMP_STATS_REPORT:
		bmp_stat_iter_init(&it, m);
		while (bmp_stat_next(&it, &s)) {
			text_head(d, m);
			snprintf(v, sizeof v, "|%u|%s|%llu\n", s.type, bmp_stat_type_name(s.type),
			         (unsigned long long)s.value);
			out_str(d, v);
		}
		return;
	case BMP_INITIATION:
		text_head(d, m);
		text_tlv(d, m->u.tlv.tlvs, m->u.tlv.tlvs_len, BMP_INFO_SYS_NAME);
		text_tlv(d, m->u.tlv.tlvs, m->u.tlv.tlvs_len, BMP_INFO_SYS_DESCR);
		break;
	case BMP_TERMINATION:
		text_head(d, m);
		if (bmp_tlv_find(m->u.tlv.tlvs, m->u.tlv.tlvs_len, BMP_TERM_REASON, &t)) {
			snprintf(v, sizeof v, "|%s", bmp_term_reason_name(wire_load_u16(t.value)));
			out_str(d, v);
		}
		break;
	case BMP_ROUTE_MIRRORING:
		text_head(d, m);
		break;
	default:
		return;
	}
	out_str(d, "\n");
}

/* The route elements of m: bgpdump lines, or a JSON array member. */
static void elements(struct decoder *d, const struct bmp_msg *m, struct json_writer *w,
                     uint64_t offset)
{
	struct err e;
	const struct peer_session *ps = m->has_peer ? peer_find(d, &m->peer, false) : NULL;
	if (bmp_elems_start(&d->elems, m, ps ? &ps->s : NULL, &e) < 0) {
		problem(d, offset + e.offset, e.msg);
		return;
	}
	const struct mrt_elem *el;
	if (w && m->type == BMP_ROUTE_MONITORING) {
		json_key(w, "elements");
		json_begin_array(w);
	}
	while (bmp_elems_next(&d->elems, &el) == 1) {
		if (!w) {
			mrt_bgpdump_format(&d->bd, el, &d->out);
			continue;
		}
		if (m->type != BMP_ROUTE_MONITORING)
			continue;
		d->tmp.len = 0;
		if (mrt_json_format(el, &d->tmp) < 0 || d->tmp.len == 0)
			continue;
		d->tmp.p[d->tmp.len - 1] = '\0'; /* the object without its newline */
		json_verbatim(w, d->tmp.p);
	}
	if (w && m->type == BMP_ROUTE_MONITORING)
		json_end_array(w);
}

/* One run of labelled or VPN NLRI as JSON objects. */
static void labelled_run(struct decoder *d, struct json_writer *w, const uint8_t *p, size_t n,
                         uint16_t afi, uint8_t safi, bool addpath, bool withdraw, uint64_t at)
{
	struct wire_cur c = wire_cur_make(p, n);
	struct bgp_nlri_label l;
	struct err e;
	int rc;
	char text[64];
	while ((rc = bgp_nlri_label_next(&c, afi, safi, addpath, withdraw, &l, &e)) == 1) {
		json_begin_object(w);
		json_key(w, "type");
		json_string_plain(w, withdraw ? "withdraw" : "announce");
		json_key(w, "afi");
		json_u32(w, afi);
		json_key(w, "safi");
		json_u32(w, safi);
		json_key(w, "prefix");
		json_str(w, prefix_format(&l.pfx, text, sizeof text));
		if (l.has_rd) {
			json_key(w, "rd");
			json_str(w, bmp_rd_format(l.rd, text, sizeof text));
		}
		if (addpath) {
			json_key(w, "path_id");
			json_u32(w, l.path_id);
		}
		json_key(w, "labels");
		json_begin_array(w);
		for (size_t i = 0; i < l.n_labels; i++)
			json_u32(w, l.labels[i]);
		json_end_array(w);
		json_end_object(w);
	}
	if (rc < 0)
		problem(d, at + e.offset, e.msg);
}

/* Labelled unicast and VPN routes of a Route Monitoring message, which the
 * route elements do not model: "labelled_routes". */
static void labelled(struct decoder *d, const struct bmp_msg *m, struct json_writer *w,
                     uint64_t offset)
{
	const struct bgp_msg *u = &m->u.rm.update.msg;
	struct bgp_update up;
	struct bgp_attrs a;
	struct err e;
	if (bgp_update_parse(u->body, u->body_len, &up, &e) < 0)
		return;
	bgp_attrs_decode(up.attrs, up.attrs_len, 4, false, &a, &e);
	bool reach = BGP_ATTR_HAS(&a, BGP_ATTR_MP_REACH_NLRI) && !a.mp_reach.abbreviated &&
	             a.mp_reach.nlri_len &&
	             bgp_nlri_label_supported(a.mp_reach.afi, a.mp_reach.safi);
	bool unreach = BGP_ATTR_HAS(&a, BGP_ATTR_MP_UNREACH_NLRI) && a.mp_unreach.nlri_len &&
	               bgp_nlri_label_supported(a.mp_unreach.afi, a.mp_unreach.safi);
	if (!reach && !unreach)
		return;
	const struct peer_session *ps = peer_find(d, &m->peer, false);
	enum bmp_rib_view view = bmp_peer_view(&m->peer);
	const uint8_t *base = m->u.rm.update.data - BMP_COMMON_HDR_LEN - BMP_PEER_HDR_LEN;
	json_key(w, "labelled_routes");
	json_begin_array(w);
	if (unreach)
		labelled_run(d, w, a.mp_unreach.nlri, a.mp_unreach.nlri_len, a.mp_unreach.afi,
		             a.mp_unreach.safi,
		             bmp_session_addpath(ps ? &ps->s : NULL, view, a.mp_unreach.afi,
		                                 a.mp_unreach.safi),
		             true, offset + (uint64_t)(a.mp_unreach.nlri - base));
	if (reach)
		labelled_run(
		    d, w, a.mp_reach.nlri, a.mp_reach.nlri_len, a.mp_reach.afi, a.mp_reach.safi,
		    bmp_session_addpath(ps ? &ps->s : NULL, view, a.mp_reach.afi, a.mp_reach.safi),
		    false, offset + (uint64_t)(a.mp_reach.nlri - base));
	json_end_array(w);
}

static void emit(struct decoder *d, const struct bmp_msg *m, uint64_t offset)
{
	if (!d->json) {
		if (m->type == BMP_ROUTE_MONITORING || m->type == BMP_PEER_UP ||
		    m->type == BMP_PEER_DOWN)
			elements(d, m, NULL, offset);
		else
			text_other(d, m);
		return;
	}
	struct json_writer w;
	json_writer_init_buf(&w, &d->out);
	json_begin_object(&w);
	if (*d->router) {
		json_key(&w, "router");
		json_str(&w, d->router);
		json_key(&w, "router_port");
		json_u32(&w, d->router_port);
	}
	json_key(&w, "offset");
	json_u64(&w, offset);
	bmp_json_members(&w, m);
	uint16_t afi;
	uint8_t safi;
	if (bmp_update_is_eor(m, &afi, &safi)) {
		json_key(&w, "end_of_rib");
		json_begin_object(&w);
		json_key(&w, "afi");
		json_u32(&w, afi);
		json_key(&w, "safi");
		json_u32(&w, safi);
		json_end_object(&w);
	}
	if (m->type == BMP_ROUTE_MONITORING) {
		elements(d, m, &w, offset);
		labelled(d, m, &w, offset);
		if (d->elems.nlri_skipped) {
			json_key(&w, "nlri_not_decoded");
			json_u32(&w, (uint32_t)d->elems.nlri_skipped);
		}
	}
	json_end_object(&w);
	json_ws(&w, "\n");
}

/* Decode every message of one stream. */
static void decode_stream(struct decoder *d, const uint8_t *p, size_t n)
{
	size_t at = 0;
	struct err e;
	bool omits_ids = false;
	d->npeers = 0;
	while (at < n) {
		size_t len;
		int rc = bmp_frame(p + at, n - at, d->max_size, &len, &e);
		if (rc < 0) {
			problem(d, at + e.offset, e.msg);
			return; /* no length to resync on */
		}
		if (rc == 0) {
			char msg[160];
			snprintf(msg, sizeof msg, "stream ends inside a message (%zu of %zu bytes)",
			         n - at, len ? len : (size_t)BMP_COMMON_HDR_LEN);
			problem(d, at, msg);
			return;
		}
		struct bmp_msg m;
		d->messages++;
		if (bmp_decode(p + at, len, &m, &e) < 0) {
			problem(d, at + e.offset, e.msg);
		} else {
			if (m.type == BMP_INITIATION)
				omits_ids = bmp_exporter_omits_path_ids(&m);
			if (m.type == BMP_PEER_UP) {
				struct peer_session *ps = peer_find(d, &m.peer, true);
				if (ps) {
					ps->s = m.u.up.session;
					if (omits_ids)
						bmp_session_without_path_ids(&ps->s);
				}
			}
			emit(d, &m, at);
		}
		at += len;
		if (d->out.len >= (1u << 16))
			flush(d);
	}
}

static int read_all(const char *path, uint8_t **out, size_t *n)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f)
		return -1;
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		uint8_t *v = GROW(buf, cap, len + 65536);
		if (!v) {
			free(buf);
			errno = ENOMEM;
			return -1;
		}
		buf = v;
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	int bad = ferror(f);
	if (f != stdin)
		fclose(f);
	if (bad) {
		free(buf);
		return -1;
	}
	*out = buf;
	*n = len;
	return 0;
}

static void decode_capture(struct decoder *d, const char *path)
{
	struct pcap_tcp t;
	struct err e;
	if (pcap_tcp_read(path, &t, &e) < 0) {
		fprintf(stderr, "manrs bmp decode: %s\n", e.msg);
		d->errors++;
		return;
	}
	for (size_t i = 0; i < t.n; i++) {
		const struct pcap_tcp_flow *f = &t.flows[i];
		if (f->len == 0 && !f->hole)
			continue; /* the collector's side, or a bare handshake */
		struct prefix a;
		prefix_from_bytes(&a, f->family, f->src, f->family == 6 ? 128 : 32);
		addr_format(&a, d->router, sizeof d->router);
		d->router_port = f->sport;
		snprintf(d->stream, sizeof d->stream, "stream %s:%u", d->router, f->sport);
		decode_stream(d, f->data, f->len);
		if (f->hole) {
			char msg[160];
			snprintf(msg, sizeof msg,
			         "bytes missing from the capture; %llu captured bytes after them "
			         "not decoded",
			         (unsigned long long)f->bytes_after_hole);
			problem(d, f->len, msg);
		}
	}
	pcap_tcp_free(&t);
	d->stream[0] = '\0';
	d->router[0] = '\0';
	d->router_port = 0;
}

static void decode_file(struct decoder *d, const char *path)
{
	uint8_t *data;
	size_t n;
	d->file = strcmp(path, "-") ? path : "(stdin)";
	if (read_all(path, &data, &n) < 0) {
		fprintf(stderr, "manrs bmp decode: %s: %s\n", path, strerror(errno));
		d->errors++;
		return;
	}
	if (strcmp(path, "-") && pcap_tcp_is_capture(data, n)) {
		free(data);
		decode_capture(d, path);
		return;
	}
	decode_stream(d, data, n);
	free(data);
}

int bmp_decode_main(int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
	                                     {"max-size", required_argument, NULL, 's'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	struct decoder d;
	memset(&d, 0, sizeof d);
	d.max_size = BMP_MAX_MSG_DEFAULT;
	optind = 1;
	opterr = 0; /* one message, ours */
	int c;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'j':
			d.json = true;
			break;
		case 's':
			errno = 0;
			d.max_size = strtoul(optarg, &end, 10);
			if (errno || *end || d.max_size < 64)
				return cmd_usage_error(
				    "bmp decode",
				    "--max-size wants a byte count of 64 or more, "
				    "not '%s'",
				    optarg);
			break;
		case 'h':
			fputs(USAGE, stdout);
			return EXIT_OK;
		case ':':
			return cmd_usage_error("bmp decode", "option '%s' needs a value",
			                       argv[optind - 1]);
		default:
			return cmd_usage_error("bmp decode", "unknown option '%s'",
			                       argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cmd_usage_error("bmp decode", "no FILE given");
	bmp_elems_init(&d.elems, d.json);
	mrt_bgpdump_init(&d.bd, MRT_BGPDUMP_M, false);
	for (int i = optind; i < argc; i++)
		decode_file(&d, argv[i]);
	flush(&d);
	mrt_bgpdump_free(&d.bd);
	mrt_buf_free(&d.out);
	mrt_buf_free(&d.tmp);
	free(d.peers);
	if (d.shown > MAX_ERRORS_SHOWN)
		fprintf(stderr, "manrs bmp decode: %lu problems (%d shown)\n", d.errors,
		        MAX_ERRORS_SHOWN);
	if (d.errors)
		fprintf(stderr, "manrs bmp decode: %lu messages, %lu problems\n", d.messages,
		        d.errors);
	return d.errors || d.out_failed ? EXIT_FINDINGS : EXIT_OK;
}

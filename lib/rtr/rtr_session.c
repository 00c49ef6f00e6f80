/* SPDX-License-Identifier: ISC */
/* rtr_session.c - the RTR state machine for one router. */
#include "rtr/rtr_session.h"

#include <stdio.h>
#include <string.h>

#include "core/wire.h"

/* Encapsulate at most this much of an offending PDU: enough to identify it,
 * small enough that garbage never costs memory. */
#define ERR_PDU_COPY_MAX 1024

enum { PH_RESPONSE, PH_VRPS, PH_ASPAS, PH_EOD, PH_DONE };

void rtr_session_init(struct rtr_session *s, struct rtr_cache *cache,
                      const struct rtr_timers *timers)
{
	memset(s, 0, sizeof *s);
	s->cache = cache;
	s->timers = timers;
	s->version = -1;
}

static void stream_end(struct rtr_session *s)
{
	rtr_snapshot_unref(s->snap);
	rtr_delta_unref(s->delta);
	s->snap = NULL;
	s->delta = NULL;
	s->stream = RTR_STREAM_IDLE;
}

void rtr_session_free(struct rtr_session *s)
{
	stream_end(s);
}

static void ctl_append(struct rtr_session *s, const uint8_t *p, size_t n)
{
	/* The queue holds a few PDUs at most; a router that makes us queue
	 * more than that is not reading, and gets closed by the transport. */
	if (n > sizeof s->ctl - s->nctl) {
		s->closing = 1;
		snprintf(s->why, sizeof s->why, "control queue overflow");
		return;
	}
	memcpy(s->ctl + s->nctl, p, n);
	s->nctl += n;
	s->pdus_out++;
}

static void send_error(struct rtr_session *s, uint8_t ver, enum rtr_error_code code,
                       const uint8_t *pdu, uint32_t pdu_len, const char *text)
{
	uint8_t buf[sizeof s->ctl];
	if (pdu_len > ERR_PDU_COPY_MAX)
		pdu_len = ERR_PDU_COPY_MAX;
	size_t n = rtr_put_error(buf, sizeof buf, ver, (uint16_t)code, pdu, pdu_len, text);
	if (n)
		ctl_append(s, buf, n);
	s->errors_out++;
	if (code != RTR_ERR_NO_DATA) {
		s->closing = 1;
		snprintf(s->why, sizeof s->why, "sent Error Report %d (%s): %s", code,
		         rtr_error_name(code), text);
	}
}

static void start_stream(struct rtr_session *s, enum rtr_stream kind, struct rtr_delta *d)
{
	s->stream = kind;
	s->phase = PH_RESPONSE;
	s->pos = 0;
	s->afi = 0;
	s->snap = rtr_snapshot_ref(s->cache->cur);
	s->delta = rtr_delta_ref(d);
	s->eod_serial = s->snap->serial;
}

static void handle_serial_query(struct rtr_session *s, const struct rtr_pdu *p)
{
	uint8_t buf[RTR_FIXED_PDU_MAX];
	struct rtr_delta *d = NULL;
	s->serials++;
	/* A different session id means the router's data is from another cache
	 * run: it must start over (RFC 8210 5.3, 5.4). */
	if (p->session != s->cache->session_id) {
		ctl_append(s, buf, rtr_put_cache_reset(buf, (uint8_t)s->version));
		return;
	}
	switch (rtr_cache_lookup(s->cache, p->u.serial, &d)) {
	case RTR_LOOKUP_CURRENT:
		start_stream(s, RTR_STREAM_DELTA, NULL);
		break;
	case RTR_LOOKUP_DELTA:
		start_stream(s, RTR_STREAM_DELTA, d);
		break;
	case RTR_LOOKUP_RESET:
		ctl_append(s, buf, rtr_put_cache_reset(buf, (uint8_t)s->version));
		break;
	}
}

static void handle_pdu(struct rtr_session *s, const struct rtr_pdu *p, const uint8_t *raw)
{
	char text[96];
	/* Never answer an Error Report with one (RFC 8210 5.11), whatever its
	 * version: so the type is checked before the version. */
	if (p->type == RTR_ERROR_REPORT) {
		s->closing = 1;
		snprintf(s->why, sizeof s->why, "router sent Error Report %u (%s): %.*s",
		         p->session, rtr_error_name(p->session),
		         (int)(p->u.error.text_len > 100 ? 100 : p->u.error.text_len),
		         (const char *)p->u.error.text);
		return;
	}
	if (s->version < 0) {
		s->version = p->version;
	} else if (p->version != s->version) {
		snprintf(text, sizeof text, "version %u PDU in a version %d session", p->version,
		         s->version);
		/* Code 8 exists from RFC 8210 on; RFC 6810 only has code 4. */
		send_error(s, (uint8_t)s->version,
		           s->version >= 1 ? RTR_ERR_UNEXPECTED_VERSION
		                           : RTR_ERR_UNSUPPORTED_VERSION,
		           raw, p->length, text);
		return;
	}
	switch (p->type) {
	case RTR_RESET_QUERY:
	case RTR_SERIAL_QUERY:
		if (!rtr_cache_ready(s->cache)) {
			send_error(s, (uint8_t)s->version, RTR_ERR_NO_DATA, raw, p->length,
			           s->cache->cur ? "data too old" : "no data loaded yet");
			return;
		}
		if (p->type == RTR_SERIAL_QUERY) {
			handle_serial_query(s, p);
		} else {
			s->resets++;
			start_stream(s, RTR_STREAM_FULL, NULL);
		}
		return;
	default:
		snprintf(text, sizeof text, "a router may not send %s PDUs",
		         rtr_pdu_type_name(p->type));
		send_error(s, (uint8_t)s->version, RTR_ERR_INVALID_REQUEST, raw, p->length, text);
		return;
	}
}

size_t rtr_session_input(struct rtr_session *s, const uint8_t *buf, size_t len)
{
	size_t used = 0;
	while (!s->closing && s->stream == RTR_STREAM_IDLE && used < len) {
		struct rtr_pdu p;
		struct rtr_pdu_error pe;
		long n = rtr_pdu_decode(buf + used, len - used, &p, &pe);
		if (n == 0)
			break;
		if (n < 0) {
			const uint8_t *raw = buf + used;
			struct wire_cur hdr = wire_cur_make(raw, len - used);
			uint8_t raw_ver = 0, raw_type = 0;
			wire_peek_u8(&hdr, 0, &raw_ver);
			wire_peek_u8(&hdr, 1, &raw_type);
			used = len; /* nothing after a broken PDU can be trusted */
			if (raw_type == RTR_ERROR_REPORT) {
				s->closing = 1;
				snprintf(s->why, sizeof s->why,
				         "malformed Error Report from router");
				break;
			}
			uint8_t ver = raw_ver <= RTR_VERSION_MAX ? raw_ver : RTR_VERSION_MAX;
			enum rtr_error_code code = pe.code;
			if (s->version >= 0 && raw_ver != s->version) {
				ver = (uint8_t)s->version;
				code = s->version >= 1 ? RTR_ERR_UNEXPECTED_VERSION
				                       : RTR_ERR_UNSUPPORTED_VERSION;
			} else if (s->version >= 0) {
				ver = (uint8_t)s->version;
			}
			send_error(s, ver, code, raw, pe.pdu_len, pe.msg);
			break;
		}
		s->pdus_in++;
		handle_pdu(s, &p, buf + used);
		used += (size_t)n;
	}
	return used;
}

static size_t stream_full_vrp(struct rtr_session *s, uint8_t *out)
{
	return rtr_put_prefix(out, (uint8_t)s->version, RTR_FLAG_ANNOUNCE,
	                      &s->snap->set.vrps[s->pos++]);
}

/* The ASPA record at s->pos of the stream: its customer, the providers to
 * announce (*has = 1) or none (*has = 0: withdrawn, or gone from the full
 * set), and whether the router holds it from before (*had). Returns 0 at
 * the end of the records. */
static int aspa_at(const struct rtr_session *s, uint32_t *customer, const uint32_t **prov,
                   uint32_t *np, int *has, int *had)
{
	if (s->stream == RTR_STREAM_FULL) {
		if (s->pos >= s->snap->set.naspas)
			return 0;
		const struct aspa *a = &s->snap->set.aspas[s->pos];
		*customer = a->customer;
		*prov = a->providers;
		*np = a->nproviders;
		*has = 1;
		*had = 0;
		return 1;
	}
	if (!s->delta || s->pos >= s->delta->naspas)
		return 0;
	const struct rtr_aspa_change *c = &s->delta->aspas[s->pos];
	*customer = c->customer;
	*prov = c->new_;
	*np = c->nnew;
	*has = c->has_new;
	*had = c->has_old;
	return 1;
}

/* Current layout: one PDU per record, or none. Returns the bytes written,
 * (size_t)-1 when out has no room yet (nothing consumed). */
/* twin of put_aspa_draft10: the PDU layouts differ in what an empty list means */
static size_t put_aspa_current(struct rtr_session *s, uint8_t *out, size_t room, size_t cap)
{
	uint32_t customer, np;
	const uint32_t *prov;
	int has, had;
	if (!aspa_at(s, &customer, &prov, &np, &has, &had)) {
		s->phase = PH_EOD;
		return 0;
	}
	int announce = has && np > 0;
	/* An empty list cannot be announced: the router holds the record only
	 * when it was announced before with providers. */
	int withdraw = !announce && had && s->delta && s->delta->aspas[s->pos].nold > 0;
	if (has && np == 0 && s->stream == RTR_STREAM_FULL)
		s->aspa_skipped++;
	if (!announce && !withdraw) {
		s->pos++;
		return 0;
	}
	size_t len = rtr_aspa_len(RTR_ASPA_CURRENT, announce ? np : 0);
	if (len > cap || len > RTR_PDU_MAX) {
		s->pos++; /* can never be sent; skip rather than stall */
		s->aspa_skipped++;
		return 0;
	}
	if (len > room)
		return (size_t)-1;
	s->pos++;
	s->pdus_out++;
	return rtr_put_aspa(out, announce ? RTR_FLAG_ANNOUNCE : 0, customer, prov,
	                    announce ? np : 0);
}

/* draft-10 layout: each record once per AFI, empty lists allowed. */
/* twin of put_aspa_current: the PDU layouts differ in what an empty list means */
static size_t put_aspa_draft10(struct rtr_session *s, uint8_t *out, size_t room, size_t cap)
{
	uint32_t customer, np;
	const uint32_t *prov;
	int has, had;
	if (!aspa_at(s, &customer, &prov, &np, &has, &had)) {
		s->phase = PH_EOD;
		return 0;
	}
	if (!has)
		np = 0;
	size_t len = rtr_aspa_len(RTR_ASPA_DRAFT10, np);
	if (np > UINT16_MAX || len > cap) {
		s->pos++;
		s->aspa_skipped++;
		return 0;
	}
	if (len > room)
		return (size_t)-1;
	size_t k = rtr_put_aspa_draft10(out, has ? RTR_FLAG_ANNOUNCE : 0, (uint8_t)s->afi, customer,
	                                prov, (uint16_t)np);
	s->pdus_out++;
	if (++s->afi == 2) {
		s->afi = 0;
		s->pos++;
	}
	return k;
}

/* Fill from the stream; returns bytes written. */
static size_t stream_fill(struct rtr_session *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	uint8_t ver = (uint8_t)s->version;
	while (s->stream != RTR_STREAM_IDLE) {
		size_t room = cap - n;
		if (room < RTR_FIXED_PDU_MAX)
			return n;
		switch (s->phase) {
		case PH_RESPONSE:
			n += rtr_put_cache_response(out + n, ver, s->cache->session_id);
			s->pdus_out++;
			s->phase = PH_VRPS;
			break;
		case PH_VRPS:
			if (s->stream == RTR_STREAM_FULL) {
				/* The hot loop of a full sync: fixed-size PDUs. */
				size_t end = s->snap->set.nvrps;
				while (s->pos < end && cap - n >= RTR_FIXED_PDU_MAX) {
					n += stream_full_vrp(s, out + n);
					s->pdus_out++;
				}
				if (s->pos < end)
					return n;
			} else if (s->delta) {
				while (s->pos < s->delta->nvrps && cap - n >= RTR_FIXED_PDU_MAX) {
					const struct rtr_vrp_change *c = &s->delta->vrps[s->pos++];
					n += rtr_put_prefix(out + n, ver,
					                    c->announce ? RTR_FLAG_ANNOUNCE : 0,
					                    &c->vrp);
					s->pdus_out++;
				}
				if (s->pos < s->delta->nvrps)
					return n;
			}
			s->phase = ver >= 2 ? PH_ASPAS : PH_EOD;
			s->pos = 0;
			s->afi = 0;
			break;
		case PH_ASPAS: {
			size_t k = s->timers->aspa_layout == RTR_ASPA_DRAFT10
			               ? put_aspa_draft10(s, out + n, room, cap)
			               : put_aspa_current(s, out + n, room, cap);
			if (k == (size_t)-1)
				return n;
			n += k;
			break;
		}
		case PH_EOD: {
			const struct rtr_timers *t = s->timers;
			n += rtr_put_eod(out + n, ver, s->cache->session_id, s->eod_serial,
			                 t->refresh, t->retry, t->expire);
			s->pdus_out++;
			s->last_serial = s->eod_serial;
			s->synced = 1;
			stream_end(s);
			int want = s->notify_pending && s->cache->cur &&
			           s->cache->cur->serial != s->last_serial;
			s->notify_pending = 0;
			if (want)
				rtr_session_notify(s);
			break;
		}
		}
	}
	return n;
}

size_t rtr_session_output(struct rtr_session *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	/* A closing session only flushes what it queued (its Error Report). */
	if (s->closing && s->stream != RTR_STREAM_IDLE)
		stream_end(s);
	if (s->nctl) {
		n = s->nctl < cap ? s->nctl : cap;
		memcpy(out, s->ctl, n);
		memmove(s->ctl, s->ctl + n, s->nctl - n);
		s->nctl -= n;
		if (s->nctl)
			return n;
	}
	n += stream_fill(s, out + n, cap - n);
	/* A notify queued while the stream ended goes out in the same write. */
	if (s->nctl && cap - n >= s->nctl) {
		memcpy(out + n, s->ctl, s->nctl);
		n += s->nctl;
		s->nctl = 0;
	}
	return n;
}

int rtr_session_has_output(const struct rtr_session *s)
{
	return s->nctl || s->stream != RTR_STREAM_IDLE;
}

void rtr_session_notify(struct rtr_session *s)
{
	uint8_t buf[RTR_FIXED_PDU_MAX];
	if (s->version < 0 || s->closing || !s->cache->cur)
		return;
	if (s->stream != RTR_STREAM_IDLE) {
		s->notify_pending = 1;
		return;
	}
	ctl_append(s, buf,
	           rtr_put_serial_notify(buf, (uint8_t)s->version, s->cache->session_id,
	                                 s->cache->cur->serial));
}

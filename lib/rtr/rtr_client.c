/* SPDX-License-Identifier: ISC */
/* rtr_client.c - the RTR router state machine: PDUs in, queries out,
 * timers by the caller's clock. */
#include "rtr/rtr_client.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/wire.h"
#include "rtr/rtr_delta.h"
#include "rtr/rtr_pdu.h"

/* Bytes of an offending PDU copied into our Error Report. */
#define ERROR_PDU_MAX 256

void rtr_client_init(struct rtr_client *c, int version, int keep)
{
	memset(c, 0, sizeof *c);
	c->state = RTR_CLIENT_IDLE;
	c->version = version;
	c->keep = keep;
	c->refresh = RTR_DEFAULT_REFRESH;
	c->retry = RTR_DEFAULT_RETRY;
	c->expire = RTR_DEFAULT_EXPIRE;
	c->n.version = -1;
	rpki_set_init(&c->data);
	rpki_set_init(&c->next);
	rpki_set_init(&c->add);
	rpki_set_init(&c->del);
}

static void drop_pending(struct rtr_client *c)
{
	rpki_set_free(&c->next);
	rpki_set_free(&c->add);
	rpki_set_free(&c->del);
	rpki_set_init(&c->next);
	rpki_set_init(&c->add);
	rpki_set_init(&c->del);
}

static void drop_data(struct rtr_client *c)
{
	rpki_set_free(&c->data);
	rpki_set_init(&c->data);
	c->have_data = 0;
	c->have_session = 0;
	c->expire_at = 0;
}

void rtr_client_free(struct rtr_client *c)
{
	drop_pending(c);
	drop_data(c);
}

int rtr_client_wants_connect(const struct rtr_client *c)
{
	return c->state == RTR_CLIENT_IDLE;
}

void rtr_client_connecting(struct rtr_client *c)
{
	c->state = RTR_CLIENT_CONNECTING;
	c->err[0] = 0;
}

/* Queue a PDU; the queue only ever holds a query and an Error Report. */
static void queue(struct rtr_client *c, const uint8_t *pdu, size_t n)
{
	if (n <= sizeof c->out - c->nout) {
		memcpy(c->out + c->nout, pdu, n);
		c->nout += n;
	}
}

static void send_reset_query(struct rtr_client *c)
{
	uint8_t q[RTR_FIXED_PDU_MAX];
	queue(c, q, rtr_put_reset_query(q, (uint8_t)c->version));
	drop_pending(c);
	c->state = RTR_CLIENT_RESET_SENT;
}

static void send_serial_query(struct rtr_client *c)
{
	uint8_t q[RTR_FIXED_PDU_MAX];
	queue(c, q, rtr_put_serial_query(q, (uint8_t)c->version, c->session, c->serial));
	drop_pending(c);
	c->state = RTR_CLIENT_SERIAL_SENT;
	c->refresh_at = 0;
}

void rtr_client_connected(struct rtr_client *c, double now)
{
	(void)now;
	memset(&c->n, 0, sizeof c->n);
	c->n.version = -1;
	c->negotiated = 0;
	c->nout = 0;
	if (c->have_data && c->have_session)
		send_serial_query(c);
	else
		send_reset_query(c);
}

/* End the connection with an error; the Retry timer starts once closed. */
static int fail(struct rtr_client *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct rtr_client *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->err, sizeof c->err, fmt, ap);
	va_end(ap);
	c->state = RTR_CLIENT_CLOSING;
	drop_pending(c);
	return -1;
}

/* Tell the cache what was wrong with its PDU, then close. */
static int report(struct rtr_client *c, uint16_t code, const uint8_t *pdu, size_t pdu_len,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int report(struct rtr_client *c, uint16_t code, const uint8_t *pdu, size_t pdu_len,
                  const char *fmt, ...)
{
	char msg[sizeof c->err];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	uint8_t r[RTR_HDR_LEN + 4 + ERROR_PDU_MAX + 4 + 128];
	size_t n = rtr_put_error(r, sizeof r, (uint8_t)c->version, code, pdu,
	                         (uint32_t)(pdu_len < ERROR_PDU_MAX ? pdu_len : ERROR_PDU_MAX), "");
	queue(c, r, n);
	return fail(c, "%s", msg);
}

/* Timers from End of Data, or the defaults when v0 or out of range. */
static void take_timers(struct rtr_client *c, const struct rtr_pdu *p)
{
	int ok = p->version >= 1 && p->u.eod.refresh >= 1 && p->u.eod.refresh <= 86400 &&
	         p->u.eod.retry >= 1 && p->u.eod.retry <= 7200 && p->u.eod.expire >= 600 &&
	         p->u.eod.expire <= 172800;
	c->refresh = ok ? p->u.eod.refresh : RTR_DEFAULT_REFRESH;
	c->retry = ok ? p->u.eod.retry : RTR_DEFAULT_RETRY;
	c->expire = ok ? p->u.eod.expire : RTR_DEFAULT_EXPIRE;
}

static int vrp_in(const struct vrp *v, const struct rpki_set *s, size_t *j)
{
	while (*j < s->nvrps && rtr_vrp_key_cmp(&s->vrps[*j], v) < 0)
		(*j)++;
	return *j < s->nvrps && rtr_vrp_key_cmp(&s->vrps[*j], v) == 0;
}

static int customer_in(uint32_t customer, const struct rpki_set *s, size_t *j)
{
	while (*j < s->naspas && s->aspas[*j].customer < customer)
		(*j)++;
	return *j < s->naspas && s->aspas[*j].customer == customer;
}

/* held - del + add into *out; both normalized. A record both announced and
 * withdrawn in one response counts as announced. */
static int merge(const struct rpki_set *held, const struct rpki_set *del,
                 const struct rpki_set *add, struct rpki_set *out)
{
	size_t j = 0, k = 0;
	for (size_t i = 0; i < held->nvrps; i++)
		if (!vrp_in(&held->vrps[i], del, &j) && rpki_set_add_vrp(out, &held->vrps[i]))
			return -1;
	for (size_t i = 0; i < add->nvrps; i++)
		if (rpki_set_add_vrp(out, &add->vrps[i]))
			return -1;
	j = 0;
	for (size_t i = 0; i < held->naspas; i++) {
		const struct aspa *a = &held->aspas[i];
		if (customer_in(a->customer, del, &j) || customer_in(a->customer, add, &k))
			continue;
		if (rpki_set_add_aspa(out, a->customer, a->providers, a->nproviders))
			return -1;
	}
	for (size_t i = 0; i < add->naspas; i++) {
		const struct aspa *a = &add->aspas[i];
		if (rpki_set_add_aspa(out, a->customer, a->providers, a->nproviders))
			return -1;
	}
	rtr_set_normalize(out);
	return 0;
}

/* Install what the response brought: the new set, or the held one with the
 * changes applied. */
static int install(struct rtr_client *c, int full)
{
	if (!c->keep)
		return 0;
	struct rpki_set merged;
	rpki_set_init(&merged);
	if (full) {
		merged = c->next;
		rpki_set_init(&c->next);
		rtr_set_normalize(&merged);
	} else {
		rtr_set_normalize(&c->del);
		rtr_set_normalize(&c->add);
		if (merge(&c->data, &c->del, &c->add, &merged)) {
			rpki_set_free(&merged);
			return -1;
		}
	}
	rpki_set_free(&c->data);
	c->data = merged;
	drop_pending(c);
	return 0;
}

static int on_eod(struct rtr_client *c, const struct rtr_pdu *p, double now, int full)
{
	if (p->session != c->session)
		return report(c, RTR_ERR_CORRUPT_DATA, NULL, 0,
		              "End of Data for session %u in session %u", p->session, c->session);
	if (!full && !c->have_data) {
		/* The data expired during this delta: nothing to apply it to. */
		send_reset_query(c);
		return 0;
	}
	if (install(c, full))
		return fail(c, "out of memory");
	take_timers(c, p);
	c->serial = p->u.eod.serial;
	c->have_session = 1;
	c->have_data = 1;
	c->syncs++;
	c->refresh_at = now + c->refresh;
	c->expire_at = now + c->expire;
	c->state = RTR_CLIENT_UP_TO_DATE;
	if (c->notify_queued) {
		c->notify_queued = 0;
		send_serial_query(c);
	}
	return 0;
}

/* Add the record of an ASPA announcement to s; -1 when out of memory. */
static int keep_aspa(struct rpki_set *s, const struct rtr_pdu *p)
{
	uint32_t n = p->u.aspa.nproviders;
	uint32_t *prov = malloc(((size_t)n + 1) * sizeof *prov);
	if (!prov)
		return -1;
	struct wire_cur w = wire_cur_make(p->u.aspa.providers, 4 * (size_t)n);
	for (uint32_t i = 0; i < n; i++)
		wire_get_u32(&w, &prov[i]);
	int r = rpki_set_add_aspa(s, p->u.aspa.customer, prov, n);
	free(prov);
	return r;
}

/* A payload PDU of the response being received. */
static int on_payload(struct rtr_client *c, const struct rtr_pdu *p, int full)
{
	int announce;
	if (p->type == RTR_ASPA) {
		c->n.aspa_pdus++;
		c->n.aspa_layouts |= 1 << p->u.aspa.layout;
		announce = p->u.aspa.flags & RTR_FLAG_ANNOUNCE;
		/* draft-10 sends each record once per AFI: keep the IPv4 copy. */
		if (!c->keep || p->u.aspa.afi != 0)
			return 0;
		if (full)
			return announce ? keep_aspa(&c->next, p) : 0;
		return announce ? keep_aspa(&c->add, p)
		                : rpki_set_add_aspa(&c->del, p->u.aspa.customer, NULL, 0);
	}
	if (p->type == RTR_IPV4_PREFIX)
		c->n.vrps4++;
	else
		c->n.vrps6++;
	if (!c->keep)
		return 0;
	announce = p->u.prefix.flags & RTR_FLAG_ANNOUNCE;
	if (full)
		return announce ? rpki_set_add_vrp(&c->next, &p->u.prefix.vrp) : 0;
	return rpki_set_add_vrp(announce ? &c->add : &c->del, &p->u.prefix.vrp);
}

/* An Error Report from the cache: downgrade on Unsupported Protocol
 * Version to our first query, else end the connection. */
static int on_error_report(struct rtr_client *c, const struct rtr_pdu *p)
{
	int first = c->state == RTR_CLIENT_RESET_SENT || c->state == RTR_CLIENT_SERIAL_SENT;
	if (p->session == RTR_ERR_UNSUPPORTED_VERSION && first && c->version > 0 &&
	    c->n.pdus == 1) {
		int to = p->version < c->version ? p->version : c->version - 1;
		fail(c, "cache does not support version %d: retrying with version %d", c->version,
		     to);
		c->version = to;
		c->downgrades++;
		c->reconnect_now = 1;
		return -1;
	}
	return fail(c, "cache sent Error Report %u (%s): %.*s", p->session,
	            rtr_error_name(p->session), (int)p->u.error.text_len,
	            (const char *)p->u.error.text);
}

/* The version of the cache's PDU: the first one fixes it (lower than ours
 * is followed), a different one later is an error. 0 when acceptable. */
static int check_version(struct rtr_client *c, const struct rtr_pdu *p, const uint8_t *raw)
{
	if (c->n.version < 0)
		c->n.version = p->version;
	if (!c->negotiated && p->type != RTR_ERROR_REPORT) {
		if (p->version > c->version)
			return report(c, RTR_ERR_UNEXPECTED_VERSION, raw, p->length,
			              "cache answered version %d with version %u", c->version,
			              p->version);
		c->version = p->version;
		c->negotiated = 1;
		return 0;
	}
	if (p->version != c->version && p->type != RTR_ERROR_REPORT)
		return report(c, RTR_ERR_UNEXPECTED_VERSION, raw, p->length,
		              "cache switched from version %d to %u", c->version, p->version);
	return 0;
}

/* One PDU in the current state. 0, or -1 when the connection ends (state
 * CLOSING, err set). */
static int on_pdu(struct rtr_client *c, const struct rtr_pdu *p, const uint8_t *raw, double now)
{
	if (check_version(c, p, raw))
		return -1;
	int full = c->full;
	switch (p->type) {
	case RTR_CACHE_RESPONSE:
		if (c->state != RTR_CLIENT_RESET_SENT && c->state != RTR_CLIENT_SERIAL_SENT)
			return report(c, RTR_ERR_CORRUPT_DATA, raw, p->length,
			              "unexpected Cache Response (%s)",
			              rtr_client_state_name(c->state));
		if (c->state == RTR_CLIENT_SERIAL_SENT && p->session != c->session)
			return report(c, RTR_ERR_CORRUPT_DATA, raw, p->length,
			              "cache changed session %u to %u without a Cache Reset",
			              c->session, p->session);
		c->full = c->state == RTR_CLIENT_RESET_SENT;
		c->session = p->session;
		c->state = RTR_CLIENT_SYNCING;
		return 0;
	case RTR_IPV4_PREFIX:
	case RTR_IPV6_PREFIX:
	case RTR_ASPA:
		if (c->state != RTR_CLIENT_SYNCING)
			return report(c, RTR_ERR_CORRUPT_DATA, raw, p->length,
			              "%s outside a response", rtr_pdu_type_name(p->type));
		if (on_payload(c, p, full)) {
			fail(c, "out of memory");
			return -1;
		}
		return 0;
	case RTR_END_OF_DATA:
		if (c->state != RTR_CLIENT_SYNCING)
			return report(c, RTR_ERR_CORRUPT_DATA, raw, p->length,
			              "End of Data outside a response");
		return on_eod(c, p, now, full);
	case RTR_CACHE_RESET:
		if (c->state == RTR_CLIENT_RESET_SENT || c->state == RTR_CLIENT_SYNCING)
			return fail(c, "cache sent Cache Reset to a Reset Query");
		c->resets++;
		c->have_session = 0;
		send_reset_query(c);
		return 0;
	case RTR_SERIAL_NOTIFY:
		c->notifies++;
		if (c->state == RTR_CLIENT_UP_TO_DATE)
			send_serial_query(c);
		else
			c->notify_queued = 1;
		return 0;
	case RTR_ERROR_REPORT:
		return on_error_report(c, p);
	default:
		return 0; /* Router Key: nothing to keep */
	}
}

size_t rtr_client_input(struct rtr_client *c, const uint8_t *buf, size_t len, double now,
                        int stop_at_eod)
{
	size_t off = 0;
	while (c->state >= RTR_CLIENT_RESET_SENT && c->state <= RTR_CLIENT_UP_TO_DATE) {
		struct rtr_pdu p;
		struct rtr_pdu_error pe;
		long n = rtr_pdu_decode_layout(buf + off, len - off, RTR_ASPA_AUTO, &p, &pe);
		if (n == 0)
			break;
		if (n < 0) {
			int is_report = len - off >= 2 && buf[off + 1] == RTR_ERROR_REPORT;
			if (is_report)
				fail(c, "bad PDU from the cache: %s", pe.msg);
			else
				report(c, (uint16_t)pe.code, buf + off, pe.pdu_len,
				       "bad PDU from the cache: %s", pe.msg);
			break;
		}
		const uint8_t *raw = buf + off;
		off += (size_t)n;
		c->n.pdus++;
		int eod = p.type == RTR_END_OF_DATA;
		if (on_pdu(c, &p, raw, now) < 0)
			break;
		if (eod && stop_at_eod)
			break;
	}
	return off;
}

const uint8_t *rtr_client_pending(const struct rtr_client *c, size_t *n)
{
	*n = c->nout;
	return c->nout ? c->out : NULL;
}

void rtr_client_sent(struct rtr_client *c, size_t n)
{
	if (n > c->nout)
		n = c->nout;
	memmove(c->out, c->out + n, c->nout - n);
	c->nout -= n;
}

void rtr_client_closed(struct rtr_client *c, double now, const char *why)
{
	if (why && !c->err[0])
		snprintf(c->err, sizeof c->err, "%s", why);
	drop_pending(c);
	c->nout = 0;
	c->refresh_at = 0;
	c->notify_queued = 0;
	if (c->reconnect_now) {
		c->reconnect_now = 0;
		c->state = RTR_CLIENT_IDLE;
		return;
	}
	c->state = RTR_CLIENT_BACKOFF;
	c->retry_at = now + c->retry;
}

void rtr_client_tick(struct rtr_client *c, double now)
{
	if (c->expire_at && now >= c->expire_at) {
		drop_data(c);
		c->expiries++;
	}
	if (c->state == RTR_CLIENT_BACKOFF && now >= c->retry_at) {
		c->retry_at = 0;
		c->state = RTR_CLIENT_IDLE;
	}
	if (c->state == RTR_CLIENT_UP_TO_DATE && c->refresh_at && now >= c->refresh_at) {
		if (c->have_session)
			send_serial_query(c);
		else
			send_reset_query(c); /* the data expired meanwhile */
	}
}

static double earliest(double a, double b)
{
	return !a || (b && b < a) ? b : a;
}

double rtr_client_deadline(const struct rtr_client *c)
{
	double t = c->expire_at;
	if (c->state == RTR_CLIENT_BACKOFF)
		t = earliest(t, c->retry_at);
	if (c->state == RTR_CLIENT_UP_TO_DATE)
		t = earliest(t, c->refresh_at);
	return t;
}

const char *rtr_client_state_name(enum rtr_client_state s)
{
	static const char *const names[] = {
	    "idle",    "connecting", "reset-sent", "serial-sent",
	    "syncing", "up-to-date", "closing",    "backoff",
	};
	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}

/* SPDX-License-Identifier: ISC */
/* rtr_client.c - poll()-driven RTR full syncs, one or many at once. */
#include "rtr/rtr_client.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/util.h>

#include "core/net_addr.h"
#include "core/prefix.h"
#include "core/wire.h"
#include "rtr/rtr_delta.h"
#include "rtr/rtr_pdu.h"

#define CLIENT_BUF (256 * 1024)

struct client {
	int fd;
	int state; /* 0 connecting, 1 reading, 2 done, 3 failed */
	uint8_t *buf;
	size_t len;
	double t_start, t_eod;
	uint64_t vrps4, vrps6, aspa_pdus, pdus, bytes;
	int version;
	int aspa_layouts; /* bit per enum rtr_aspa_layout seen */
	uint16_t session;
	uint32_t serial;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int client_connect(struct client *c, const struct sockaddr *sa, int salen, struct err *e)
{
	c->fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return err_set(e, "socket: %s", strerror(errno));
	c->t_start = now();
	if (connect(c->fd, sa, (socklen_t)salen) < 0 && errno != EINPROGRESS)
		return err_set(e, "connect: %s", strerror(errno));
	return 0;
}

/* Add the record of an ASPA announcement to out; -1 when out of memory. */
static int keep_aspa(struct rpki_set *out, uint32_t customer, const uint8_t *providers, uint32_t n)
{
	uint32_t *prov = malloc(((size_t)n + 1) * sizeof *prov);
	if (!prov)
		return -1;
	struct wire_cur c = wire_cur_make(providers, 4 * (size_t)n);
	for (uint32_t i = 0; i < n; i++)
		wire_get_u32(&c, &prov[i]);
	int r = rpki_set_add_aspa(out, customer, prov, n);
	free(prov);
	return r;
}

/* Handle the PDUs buffered for c. Returns -1 with e set on a failure. */
static int client_parse(struct client *c, struct rpki_set *out, struct err *e)
{
	size_t off = 0;
	while (c->state == 1) {
		struct rtr_pdu p;
		struct rtr_pdu_error pe;
		long n = rtr_pdu_decode_layout(c->buf + off, c->len - off, RTR_ASPA_AUTO, &p, &pe);
		if (n == 0)
			break;
		if (n < 0)
			return err_set(e, "bad PDU from the cache: %s", pe.msg);
		off += (size_t)n;
		c->pdus++;
		if (c->pdus == 1)
			c->version = p.version;
		switch (p.type) {
		case RTR_CACHE_RESPONSE:
			c->session = p.session;
			break;
		case RTR_IPV4_PREFIX:
		case RTR_IPV6_PREFIX:
			if (p.type == RTR_IPV4_PREFIX)
				c->vrps4++;
			else
				c->vrps6++;
			if (out && rpki_set_add_vrp(out, &p.u.prefix.vrp))
				return err_set(e, "out of memory");
			break;
		case RTR_ASPA:
			c->aspa_pdus++;
			c->aspa_layouts |= 1 << p.u.aspa.layout;
			/* draft-10 sends each record once per AFI: keep the IPv4 copy. */
			if (out && p.u.aspa.afi == 0 && (p.u.aspa.flags & RTR_FLAG_ANNOUNCE) &&
			    keep_aspa(out, p.u.aspa.customer, p.u.aspa.providers,
			              p.u.aspa.nproviders))
				return err_set(e, "out of memory");
			break;
		case RTR_END_OF_DATA:
			c->serial = p.u.eod.serial;
			c->t_eod = now();
			c->state = 2;
			break;
		case RTR_ERROR_REPORT:
			return err_set(e, "cache sent Error Report %u (%s): %.*s", p.session,
			               rtr_error_name(p.session), (int)p.u.error.text_len,
			               (const char *)p.u.error.text);
		case RTR_CACHE_RESET:
			return err_set(e, "cache sent Cache Reset to a Reset Query");
		default:
			break; /* Serial Notify, Router Key: nothing to keep */
		}
	}
	memmove(c->buf, c->buf + off, c->len - off);
	c->len -= off;
	return 0;
}

/* Summarize: data counts from client 0, timings over completed clients. */
static void fill_report(struct rtr_client_report *r, const struct client *cl, unsigned n,
                        double total)
{
	r->total = total;
	r->clients = n;
	r->version = cl[0].version;
	r->session = cl[0].session;
	r->serial = cl[0].serial;
	r->vrps4 = cl[0].vrps4;
	r->vrps6 = cl[0].vrps6;
	r->aspa_pdus = cl[0].aspa_pdus;
	r->aspa_layouts = cl[0].aspa_layouts;
	r->pdus = cl[0].pdus;
	r->bytes = cl[0].bytes;
	r->eod_min = 0;
	for (unsigned i = 0; i < n; i++) {
		if (cl[i].state != 2)
			continue;
		double t = cl[i].t_eod - cl[i].t_start;
		r->eod_min = !r->completed || t < r->eod_min ? t : r->eod_min;
		r->eod_max = t > r->eod_max ? t : r->eod_max;
		r->eod_mean += t;
		r->completed++;
	}
	if (r->completed)
		r->eod_mean /= r->completed;
}

int rtr_client_run(const struct rtr_client_opts *o, struct rpki_set *out,
                   struct rtr_client_report *r, struct err *e)
{
	struct sockaddr_storage ss;
	int salen = sizeof ss;
	memset(r, 0, sizeof *r);
	if (net_addr_parse(o->addr, (struct sockaddr *)&ss, &salen) < 0)
		return err_set(e, "%s: expected HOST:PORT (IPv4 or [IPv6])", o->addr);
	unsigned n = o->clients ? o->clients : 1;
	double t0 = now(), deadline = t0 + o->timeout;
	struct client *cl = calloc(n, sizeof *cl);
	struct pollfd *pfd = calloc(n, sizeof *pfd);
	int rc = -1;
	if (!cl || !pfd) {
		err_set(e, "out of memory");
		goto out;
	}
	for (unsigned i = 0; i < n; i++)
		cl[i].fd = -1;
	for (unsigned i = 0; i < n; i++) {
		if (!(cl[i].buf = malloc(CLIENT_BUF))) {
			err_set(e, "out of memory");
			goto out;
		}
		if (client_connect(&cl[i], (struct sockaddr *)&ss, salen, e))
			goto out;
	}
	unsigned active = n;
	while (active) {
		for (unsigned i = 0; i < n; i++) {
			pfd[i].fd = cl[i].state < 2 ? cl[i].fd : -1;
			pfd[i].events = cl[i].state == 0 ? POLLOUT : POLLIN;
		}
		int left = (int)((deadline - now()) * 1000);
		if (left <= 0) {
			err_set(e, "timeout: %u of %u syncs unfinished after %us", active, n,
			        o->timeout);
			goto out;
		}
		int k = poll(pfd, n, left);
		if (k < 0 && errno != EINTR) {
			err_set(e, "poll: %s", strerror(errno));
			goto out;
		}
		for (unsigned i = 0; i < n && k > 0; i++) {
			struct client *c = &cl[i];
			if (!pfd[i].revents)
				continue;
			if (c->state == 0) {
				int soerr = 0;
				socklen_t sl = sizeof soerr;
				getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soerr, &sl);
				if (soerr) {
					err_set(e, "connect %s: %s", o->addr, strerror(soerr));
					goto out;
				}
				uint8_t q[RTR_FIXED_PDU_MAX];
				size_t qn = rtr_put_reset_query(q, (uint8_t)o->version);
				if (write(c->fd, q, qn) != (ssize_t)qn) {
					err_set(e, "send Reset Query: %s", strerror(errno));
					goto out;
				}
				c->state = 1;
				continue;
			}
			ssize_t got = read(c->fd, c->buf + c->len, CLIENT_BUF - c->len);
			if (got < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
			if (got <= 0) {
				err_set(e, "cache closed the connection before End of Data%s",
				        got < 0 ? strerror(errno) : "");
				goto out;
			}
			c->len += (size_t)got;
			c->bytes += (uint64_t)got;
			if (client_parse(c, i == 0 ? out : NULL, e))
				goto out;
			if (c->state == 2) {
				active--;
				close(c->fd);
				c->fd = -1;
			}
		}
	}
	rc = 0;
out:
	if (cl)
		fill_report(r, cl, n, now() - t0);
	for (unsigned i = 0; cl && i < n; i++) {
		if (cl[i].fd >= 0)
			close(cl[i].fd);
		free(cl[i].buf);
	}
	free(cl);
	free(pfd);
	return rc;
}

/* ASPAs after the VRPs, as a second CSV block (only when there are any, so
 * a v0/v1 dump stays plain VRP CSV). */
static void print_aspa_csv(FILE *f, const struct rpki_set *set)
{
	if (!set->naspas)
		return;
	fputs("\nCustomer ASN,Provider ASNs\n", f);
	for (size_t i = 0; i < set->naspas; i++) {
		const struct aspa *a = &set->aspas[i];
		fprintf(f, "AS%u,", a->customer);
		for (uint32_t j = 0; j < a->nproviders; j++)
			fprintf(f, "%sAS%u", j ? " " : "", a->providers[j]);
		fputc('\n', f);
	}
}

/* "current", "draft-10", "mixed" or "none": the ASPA layouts a sync saw. */
static const char *layout_name(int layouts)
{
	switch (layouts) {
	case 0:
		return "none";
	case 1 << RTR_ASPA_CURRENT:
		return "current";
	case 1 << RTR_ASPA_DRAFT10:
		return "draft-10";
	default:
		return "mixed";
	}
}

void rtr_client_print(FILE *f, struct rpki_set *set, int json)
{
	char pfx[PREFIX_STRLEN];
	rtr_set_normalize(set);
	if (json)
		fputs("{\"roas\":[", f);
	else
		fputs("ASN,IP Prefix,Max Length\n", f);
	for (size_t i = 0; i < set->nvrps; i++) {
		const struct vrp *v = &set->vrps[i];
		struct prefix p;
		memset(&p, 0, sizeof p);
		p.family = v->family;
		p.len = v->len;
		memcpy(p.addr, v->addr, 16);
		prefix_format(&p, pfx, sizeof pfx);
		if (json)
			fprintf(f, "%s\n{\"asn\":%u,\"prefix\":\"%s\",\"maxLength\":%u}",
			        i ? "," : "", v->asn, pfx, v->maxlen);
		else
			fprintf(f, "AS%u,%s,%u\n", v->asn, pfx, v->maxlen);
	}
	if (!json) {
		print_aspa_csv(f, set);
		return;
	}
	fputs("],\n\"aspas\":[", f);
	for (size_t i = 0; i < set->naspas; i++) {
		const struct aspa *a = &set->aspas[i];
		fprintf(f, "%s\n{\"customer_asid\":%u,\"providers\":[", i ? "," : "", a->customer);
		for (uint32_t j = 0; j < a->nproviders; j++)
			fprintf(f, "%s%u", j ? "," : "", a->providers[j]);
		fputs("]}", f);
	}
	fputs("]}\n", f);
}

/* twin of rtr_client_report_json: the same fields as key=value, 4 decimals */
void rtr_client_report_text(FILE *f, const struct rtr_client_report *r)
{
	fprintf(f,
	        "clients=%u completed=%u version=%d session=%u serial=%u vrps4=%llu vrps6=%llu "
	        "aspa_pdus=%llu aspa_layout=%s pdus=%llu bytes=%llu eod_min=%.4f eod_mean=%.4f "
	        "eod_max=%.4f total=%.4f\n",
	        r->clients, r->completed, r->version, r->session, r->serial,
	        (unsigned long long)r->vrps4, (unsigned long long)r->vrps6,
	        (unsigned long long)r->aspa_pdus, layout_name(r->aspa_layouts),
	        (unsigned long long)r->pdus, (unsigned long long)r->bytes, r->eod_min, r->eod_mean,
	        r->eod_max, r->total);
}

/* twin of rtr_client_report_text: the same fields as JSON, 6 decimals */
void rtr_client_report_json(FILE *f, const struct rtr_client_report *r)
{
	fprintf(f,
	        "{\"clients\":%u,\"completed\":%u,\"version\":%d,\"session\":%u,\"serial\":%u,"
	        "\"vrps4\":%llu,\"vrps6\":%llu,\"aspa_pdus\":%llu,\"aspa_layout\":\"%s\","
	        "\"pdus\":%llu,\"bytes\":%llu,"
	        "\"eod_min\":%.6f,\"eod_mean\":%.6f,\"eod_max\":%.6f,\"total\":%.6f}\n",
	        r->clients, r->completed, r->version, r->session, r->serial,
	        (unsigned long long)r->vrps4, (unsigned long long)r->vrps6,
	        (unsigned long long)r->aspa_pdus, layout_name(r->aspa_layouts),
	        (unsigned long long)r->pdus, (unsigned long long)r->bytes, r->eod_min, r->eod_mean,
	        r->eod_max, r->total);
}

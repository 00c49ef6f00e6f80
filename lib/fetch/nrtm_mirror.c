/* SPDX-License-Identifier: ISC */
/* nrtm_mirror.c - one mirroring round for an NRTM source: ask for the
 * journal after the last serial applied, apply it, or reload the whole
 * source from its dump when the journal no longer reaches back; write the
 * file and then the serial (a crash between the two re-applies operations
 * on the next round, which is harmless: ADD replaces, DEL of a missing
 * object is counted). */
#include "fetch/nrtm.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/atomic_file.h"
#include "fetch/fetch_internal.h"
#include "irr/irr_db.h"

#define NRTM_MAX_ANSWER (1024ul << 20)
#define NRTM_MIN_RATIO 0.5 /* a full reload under half the objects held is refused */

static char *path_with(const char *db, const char *suffix)
{
	size_t n = strlen(db) + strlen(suffix) + 1;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s%s", db, suffix);
	return p;
}

/* The serial applied last, from DB.nrtm.json (0 when none). */
static int load_serial(const char *path, const char *source, uint64_t *serial, struct err *e)
{
	json_error_t je;
	json_t *o;

	*serial = 0;
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return 0;
	if (!(o = json_load_file(path, 0, &je)))
		return err_at_line(e, path, (unsigned long)je.line, "bad state file: %s", je.text);
	json_t *s = json_object_get(o, "serial"), *src = json_object_get(o, "source");
	int ok = json_is_integer(s) && json_integer_value(s) >= 0 && json_is_string(src);
	if (ok && strcasecmp(json_string_value(src), source) != 0) {
		json_decref(o);
		return err_set(e, "%s: state of source %s, not %s", path, json_string_value(src),
		               source);
	}
	if (ok)
		*serial = (uint64_t)json_integer_value(s);
	json_decref(o);
	return ok ? 0 : err_set(e, "%s: bad state file: no serial", path);
}

static int save_serial(const char *path, const char *source, uint64_t serial, struct err *e)
{
	struct atomic_file af;

	if (atomic_file_open(&af, path, e) < 0)
		return -1;
	fprintf(af.f, "{\"source\": \"%s\", \"serial\": %" PRIu64 "}\n", source, serial);
	return atomic_file_commit(&af, e);
}

static int current_serial(const struct nrtm_mirror *m, uint64_t *serial, struct err *e)
{
	char *doc = NULL, *end;
	size_t n;

	if (fetch_http_get_mem(m->serial_url, m->timeout, 4096, &doc, &n, e) < 0)
		return -1;
	errno = 0;
	*serial = strtoull(doc, &end, 10);
	while (*end == '\n' || *end == '\r' || *end == ' ')
		end++;
	int bad = end == doc || *end || errno || *serial == 0;
	free(doc);
	return bad ? err_set(e, "%s: not a serial number", m->serial_url) : 0;
}

/* Replace *store by the source's dump; *serial becomes its CURRENTSERIAL. */
static int full_reload(const struct nrtm_mirror *m, struct nrtm_store **store, uint64_t *serial,
                       struct err *e)
{
	struct fetch_http_req req = {
	    .url = m->full_url, .timeout = m->timeout, .connect_timeout = m->timeout};
	struct fetch_http_resp resp;
	struct nrtm_store *fresh;
	char *tmp;
	long n;

	if (!m->full_url || !m->serial_url)
		return err_set(e, "a full reload needs --full-url and --serial-url");
	if (current_serial(m, serial, e) < 0 || !(tmp = path_with(m->db, ".full")))
		return -1;
	req.path = tmp;
	int rc = fetch_http_get(&req, &resp, e);
	fetch_http_resp_clear(&resp);
	if (rc < 0 || !(fresh = nrtm_store_new())) {
		char why[sizeof e->msg];
		snprintf(why, sizeof why, "%s", rc < 0 ? e->msg : "out of memory");
		unlink(tmp);
		free(tmp);
		return err_set(e, "%s: %s", m->full_url, why);
	}
	n = nrtm_store_load(fresh, tmp, e);
	unlink(tmp);
	free(tmp);
	if (n <= 0 || (double)n < NRTM_MIN_RATIO * (double)nrtm_store_count(*store)) {
		if (n >= 0)
			err_set(e,
			        "%s: %ld objects against %zu held: refused (shrank suspiciously)",
			        m->full_url, n, nrtm_store_count(*store));
		nrtm_store_free(fresh);
		return -1;
	}
	nrtm_store_free(*store);
	*store = fresh;
	return 0;
}

/* Is this server error "the range you asked for is not available"? */
static bool range_unavailable(const struct nrtm_answer *a)
{
	return a->error_code == 401 || strcasestr(a->error, "serial") ||
	       strcasestr(a->error, "range");
}

/* Ask for the journal after *serial and apply it. Returns 0, 1 when the
 * journal does not reach back (reason set), -1 on error. */
static int journal_round(const struct nrtm_mirror *m, struct nrtm_store *store, uint64_t *serial,
                         struct nrtm_result *r, struct err *e)
{
	struct nrtm_answer a;
	char *buf, name[300];
	size_t n;

	if (nrtm_query(m->hostport, m->source, *serial + 1, 0, m->timeout, NRTM_MAX_ANSWER, &buf,
	               &n, e) < 0)
		return -1;
	snprintf(name, sizeof name, "%s answer", m->hostport);
	int rc = nrtm_parse(buf, n, m->source, name, &a, e);
	if (rc == 1) {
		free(buf);
		snprintf(r->reload_reason, sizeof r->reload_reason, "%s", a.error);
		return range_unavailable(&a) ? 1 : err_set(e, "%s: %s", m->hostport, a.error);
	}
	if (rc == 0 && a.nops > 0 && a.ops[0].serial != *serial + 1) {
		snprintf(r->reload_reason, sizeof r->reload_reason,
		         "the journal starts at serial %" PRIu64 ", after %" PRIu64,
		         a.ops[0].serial, *serial);
		rc = 2;
	}
	if (rc == 0 && a.nops > 0 &&
	    (rc = nrtm_store_apply(store, a.ops, a.nops, &r->missing_del, &r->replaced, e)) == 0) {
		for (size_t i = 0; i < a.nops; i++)
			a.ops[i].add ? r->adds++ : r->dels++;
		*serial = a.ops[a.nops - 1].serial;
	}
	nrtm_answer_free(&a);
	free(buf);
	return rc == 2 ? 1 : rc;
}

static int mirror_round(const struct nrtm_mirror *m, struct nrtm_store **store, uint64_t *serial,
                        struct nrtm_result *r, struct err *e)
{
	int rc = 1;

	if (*serial == 0)
		snprintf(r->reload_reason, sizeof r->reload_reason, "no serial known yet");
	else if ((rc = journal_round(m, *store, serial, r, e)) <= 0)
		return rc;
	if (!m->full_url)
		return err_set(e, "%s: %s; a full reload needs --full-url and --serial-url",
		               m->hostport, r->reload_reason);
	r->full_reload = true;
	if (full_reload(m, store, serial, e) < 0)
		return -1;
	rc = journal_round(m, *store, serial, r, e); /* catch up after the dump */
	return rc == 1 ? err_set(e, "%s: after a full reload: %s", m->hostport, r->reload_reason)
	               : rc;
}

static int finish(const struct nrtm_mirror *m, struct nrtm_store *store, const char *state,
                  uint64_t serial, struct nrtm_result *r, struct err *e)
{
	struct irr_db *db;

	if (nrtm_store_build_db(store, m->source, &db, e) < 0)
		return -1;
	r->objects = nrtm_store_count(store);
	irr_db_free(db);
	if (nrtm_store_write(store, m->db, e) < 0 || save_serial(state, m->source, serial, e) < 0)
		return -1;
	r->serial_after = serial;
	return 0;
}

int nrtm_mirror_run(const struct nrtm_mirror *m, struct nrtm_result *r, struct err *e)
{
	char *state = path_with(m->db, ".nrtm.json");
	struct nrtm_store *store = nrtm_store_new();
	uint64_t serial = 0;
	int rc = -1;

	memset(r, 0, sizeof *r);
	if (!state || !store) {
		err_set(e, "out of memory");
		goto out;
	}
	if (load_serial(state, m->source, &serial, e) < 0)
		goto out;
	if (serial == 0)
		serial = m->start_serial;
	if (access(m->db, F_OK) != 0)
		serial = 0; /* nothing to apply a journal to */
	else if (nrtm_store_load(store, m->db, e) < 0)
		goto out;
	r->serial_before = serial;
	if (mirror_round(m, &store, &serial, r, e) == 0)
		rc = finish(m, store, state, serial, r, e);
out:
	nrtm_store_free(store);
	free(state);
	return rc;
}
